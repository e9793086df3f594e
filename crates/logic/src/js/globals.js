// Platform globals besides the framework: console, timers on the virtual clock, and the `wx`
// (or `ks`) API object with the calls the logic layer serves itself. Calls reach Rust through
// `__native`; callbacks stay here, keyed by number, so nothing GC-managed is held outside JS.
void function (global) {
  'use strict';
  var N = global.__native;

  function show(v) {
    if (typeof v === 'string') return v;
    if (v === undefined) return 'undefined';
    if (typeof v === 'function') return '[Function' + (v.name ? ': ' + v.name : '') + ']';
    if (v instanceof Error) return String(v);
    if (v !== null && typeof v === 'object') { try { return JSON.stringify(v); } catch (e) { return String(v); } }
    return String(v);
  }
  var consoleObj = {};
  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    consoleObj[level] = function () {
      N.console(level, Array.prototype.map.call(arguments, show));
    };
  });
  consoleObj.trace = consoleObj.debug;
  consoleObj.table = consoleObj.log;
  consoleObj.group = consoleObj.groupEnd = consoleObj.time = consoleObj.timeEnd = function () {};
  global.console = consoleObj;

  // The legacy RegExp statics (RegExp.$1-$9, lastMatch, leftContext...), which the phone's
  // engines have and the date-format helpers of many apps read after test() or replace().
  // boa has none: every match goes through exec (test, match and replace call it), so the
  // last successful one is kept here.
  var nativeExec = RegExp.prototype.exec;
  var lastMatch = null;
  Object.defineProperty(RegExp.prototype, 'exec', {
    value: function exec(s) {
      var m = nativeExec.call(this, s);
      if (m) lastMatch = m;
      return m;
    },
    writable: true,
    configurable: true
  });
  function legacy(names, get) {
    names.forEach(function (n) {
      Object.defineProperty(RegExp, n, { get: function () { return lastMatch ? get(lastMatch) : ''; }, configurable: true });
    });
  }
  [1, 2, 3, 4, 5, 6, 7, 8, 9].forEach(function (i) { legacy(['$' + i], function (m) { return m[i] === undefined ? '' : m[i]; }); });
  legacy(['lastMatch', '$&'], function (m) { return m[0]; });
  legacy(['input', '$_'], function (m) { return m.input; });
  legacy(['leftContext', '$`'], function (m) { return m.input.slice(0, m.index); });
  legacy(['rightContext', "$'"], function (m) { return m.input.slice(m.index + m[0].length); });
  legacy(['lastParen', '$+'], function (m) { return m.length > 1 && m[m.length - 1] !== undefined ? m[m.length - 1] : ''; });

  var timers = Object.create(null);
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval expects a function');
    var id = N.setTimer(Number(ms) || 0, repeat);
    timers[id] = { fn: fn, args: args };
    return id;
  }
  global.setTimeout = function (fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), false); };
  global.setInterval = function (fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), true); };
  global.clearTimeout = global.clearInterval = function (id) {
    if (timers[id]) { delete timers[id]; N.clearTimer(Number(id)); }
  };
  global.__fireTimer = function (id, last) {
    var t = timers[id];
    if (!t) return;
    if (last) delete timers[id];
    try { t.fn.apply(global, t.args); } catch (e) { global.__fw.reportError(e, 'timer'); }
  };
  global.global = global;

  // What ES modules lowered to CommonJS call (see esm.rs): interop with CommonJS modules,
  // live exports, `export *`, `import()`.
  var namespaces = new WeakMap();
  global.__mpsimEsm = {
    importDefault: function (m) { return m && m.__esModule ? m['default'] : m; },
    get: function (m, name) { return m[name]; },
    importStar: function (m) {
      if (m && m.__esModule) return m;
      if (m === null || (typeof m !== 'object' && typeof m !== 'function')) return { 'default': m };
      var ns = namespaces.get(m);
      if (!ns) {
        ns = {};
        Object.keys(m).forEach(function (k) { ns[k] = m[k]; });
        ns['default'] = m;
        namespaces.set(m, ns);
      }
      return ns;
    },
    defineExports: function (exports, getters) {
      Object.keys(getters).forEach(function (k) {
        Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: getters[k] });
      });
    },
    exportStar: function (exports, m) {
      if (!m) return;
      Object.keys(m).forEach(function (k) {
        if (k === 'default' || k === '__esModule' || Object.prototype.hasOwnProperty.call(exports, k)) return;
        Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: function () { return m[k]; } });
      });
    },
    dynamicImport: function (require) {
      return function (src) {
        return Promise.resolve().then(function () { return global.__mpsimEsm.importStar(require(src)); });
      };
    }
  };

  // ---- the API object ----
  // Calls with success/fail/complete callbacks also return a promise when no callback is given,
  // as the base library does.
  function asyncApi(name, run) {
    return function (opts) {
      var o = opts || {};
      var hasCb = typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function';
      var settle = function (ok, res) {
        if (ok) { if (typeof o.success === 'function') o.success(res); }
        else if (typeof o.fail === 'function') o.fail(res);
        if (typeof o.complete === 'function') o.complete(res);
      };
      var p = new Promise(function (resolve, reject) {
        var r = run(o);
        var ok = !r || !r.fail;
        var res = Object.assign({ errMsg: name + ':' + (ok ? 'ok' : 'fail' + (r.msg ? ' ' + r.msg : '')) }, r && r.data);
        // Callbacks run as a later job, never inside the call, as on the phone.
        Promise.resolve().then(function () {
          try { settle(ok, res); } catch (e) { global.__fw.reportError(e, name + ' callback'); }
          if (ok) resolve(res); else if (!hasCb) reject(res); else resolve(res);
        });
      });
      return hasCb ? undefined : p;
    };
  }

  // Event channels between an opener and the page navigateTo opens: what one end emits, the
  // other end's listeners get. Events emitted before anyone listens wait for a listener, so
  // the order in which the two pages run does not lose them.
  function Endpoint() { this.__listeners = {}; this.__queued = []; this.__peer = null; }
  Endpoint.prototype.on = function (name, fn, once) {
    (this.__listeners[name] = this.__listeners[name] || []).push({ fn: fn, once: !!once });
    var waiting = this.__queued.filter(function (q) { return q.name === name; });
    this.__queued = this.__queued.filter(function (q) { return q.name !== name; });
    var self = this;
    waiting.forEach(function (q) { self.__deliver(q.name, q.args); });
  };
  Endpoint.prototype.once = function (name, fn) { this.on(name, fn, true); };
  Endpoint.prototype.off = function (name, fn) {
    this.__listeners[name] = (this.__listeners[name] || []).filter(function (l) { return fn && l.fn !== fn; });
  };
  Endpoint.prototype.emit = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (this.__peer) this.__peer.__deliver(name, args);
  };
  Endpoint.prototype.__deliver = function (name, args) {
    var ls = this.__listeners[name] || [];
    if (!ls.length) { this.__queued.push({ name: name, args: args }); return; }
    this.__listeners[name] = ls.filter(function (l) { return !l.once; });
    ls.forEach(function (l) {
      try { l.fn.apply(null, args); } catch (e) { global.__fw.reportError(e, 'EventChannel ' + name); }
    });
  };
  // Date follows the virtual clock from a fixed launch time, so traces and renders repeat.
  var RealDate = global.Date;
  // Date strings the phone's engines read besides ISO and toString's forms, which boa does
  // not: `2020/05/19`, `2020/05/19 12:30[:45[.123]]` (what apps write because iOS refuses
  // `2020-05-19 12:30`, which stays refused here too), `05/19/2020`, `May 19, 2020`.
  var MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  var TIME = '(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,3}))?)?)?\\s*$';
  // Compiled on first use: compiling them costs a launch milliseconds most apps never spend.
  var forms = null;
  function dateForms() {
    return forms || (forms = {
      slashed: new RegExp('^\\s*(\\d{4})/(\\d{1,2})/(\\d{1,2})' + TIME),
      us: new RegExp('^\\s*(\\d{1,2})/(\\d{1,2})/(\\d{4})' + TIME),
      named: new RegExp('^\\s*([A-Za-z]{3})[a-z]*\\.? (\\d{1,2}),? (\\d{4})' + TIME),
    });
  }
  function parseDate(text) {
    var t = RealDate.parse(text);
    if (t === t) return t;
    var m, y, mo, d, f = dateForms();
    if ((m = f.slashed.exec(text))) { y = m[1]; mo = m[2]; d = m[3]; }
    else if ((m = f.us.exec(text))) { y = m[3]; mo = m[1]; d = m[2]; }
    else if ((m = f.named.exec(text)) && MONTHS.indexOf(m[1].toLowerCase()) >= 0) { y = m[3]; mo = MONTHS.indexOf(m[1].toLowerCase()) + 1; d = m[2]; }
    else return NaN;
    var ms = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
    var date = new RealDate(Number(y), Number(mo) - 1, Number(d), Number(m[4] || 0), Number(m[5] || 0), Number(m[6] || 0), ms);
    return Number(mo) >= 1 && Number(mo) <= 12 && date.getDate() === Number(d) ? date.getTime() : NaN;
  }
  function VirtualDate() {
    if (!(this instanceof VirtualDate)) return new RealDate(N.now()).toString();
    if (arguments.length === 0) return new RealDate(N.now());
    if (arguments.length === 1 && typeof arguments[0] === 'string') return new RealDate(parseDate(arguments[0]));
    var args = [null].concat(Array.prototype.slice.call(arguments));
    return new (Function.prototype.bind.apply(RealDate, args))();
  }
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = function () { return N.now(); };
  VirtualDate.parse = function (text) { return parseDate(String(text)); };
  VirtualDate.UTC = RealDate.UTC;
  global.Date = VirtualDate;

  var pendingChannel = null;
  global.__eventChannelPair = function (events) {
    var opener = new Endpoint(), opened = new Endpoint();
    opener.__peer = opened;
    opened.__peer = opener;
    Object.keys(events || {}).forEach(function (k) { if (typeof events[k] === 'function') opener.on(k, events[k]); });
    return { opener: opener, opened: opened };
  };
  global.__takePendingChannel = function () { var c = pendingChannel; pendingChannel = null; return c; };

  function navigate(method) {
    return asyncApi(method, function (o) {
      var err = N.navigate(method, method === 'navigateBack' ? String(o.delta || 1) : String(o.url || ''));
      if (err) return { fail: true, msg: err };
      if (method !== 'navigateTo') return null;
      var pair = global.__eventChannelPair(o.events);
      pendingChannel = pair.opened;
      return { data: { eventChannel: pair.opener } };
    });
  }

  var api = {
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    navigateBack: navigate('navigateBack'),
    switchTab: navigate('switchTab'),
    reLaunch: navigate('reLaunch'),
    // The next time slice: after this task's setData calls have reached the component tree,
    // so that components their templates create can be selected (vant's pickers rely on it).
    nextTick: function (fn) { if (typeof fn === 'function') global.__fw.afterUpdates(fn, 'wx.nextTick callback'); },
    canIUse: function () { return true; },
    getExtConfigSync: function () { return JSON.parse(N.extConfig()); },
    getExtConfig: asyncApi('getExtConfig', function () { return { data: { extConfig: JSON.parse(N.extConfig()) } }; })
  };
  // The app's namespace (`wx`, `my`, `tt`...) is made from this object by dialects.js.
  global.wx = api;
  global.__fw.wx = api;
}(globalThis);
