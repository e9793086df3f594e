// The mini-program framework as app code sees it: App, Page, Component, Behavior, getApp,
// getCurrentPages, and the instance methods (setData, triggerEvent, selectComponent...).
//
// It runs inside the logic layer's JS engine. The Rust side (`__native`) owns what crosses to
// the view: the data mirror the templates render from, node ids, the clock and the trace.
// This file owns the JS-visible semantics: definitions, behaviors, property coercion,
// observers, lifecycles and the event object. Everything user code calls is wrapped so that an
// exception is reported (trace + App.onError) and never unwinds into Rust.
void function (global) {
  'use strict';
  var N = global.__native;
  var defs = Object.create(null);      // module path -> { kind, def }
  var insts = Object.create(null);     // instance id -> instance
  var behaviorsSeen = [];
  var app = null;
  var appDef = null;
  var moduleCache = Object.create(null);
  var moduleStack = [];
  // Made once: boa compiles a regex literal each time it is evaluated, and these run on
  // every setData index, observer and module load.
  var DIGITS = /^\d+$/, DEEP = /\.\*\*$/, ON = /^on/, JSON_FILE = /\.json$/, JS_FILE = /\.js$/;

  // ---- helpers ----------------------------------------------------------------------------
  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function jsonClone(v) {
    if (v === undefined) return undefined;
    // A function (a property's default handler) or a symbol has no JSON: it is kept as it is.
    var s = JSON.stringify(v);
    return s === undefined ? v : JSON.parse(s);
  }
  function errText(e) { return (e && e.message !== undefined) ? String(e.message) : String(e); }
  // The stack without the framework's own frames, which mean nothing to an app developer.
  function errStack(e) {
    if (!e || !e.stack) return '';
    return String(e.stack).split('\n').filter(function (l) { return l && l.indexOf('mpsim/') < 0 && l.indexOf('(native)') < 0; }).join('\n');
  }

  // wx.onAppShow / onAppHide / onError / onUnhandledRejection listeners, beside App()'s own.
  var appListeners = { onShow: [], onHide: [], onError: [], onUnhandledRejection: [] };
  function notifyListeners(name, arg) {
    (appListeners[name] || []).slice().forEach(function (cb) {
      try { cb(arg); } catch (e) { N.error(errText(e), errStack(e), 'wx.' + name.replace(ON, 'onApp')); }
    });
  }

  function reportError(e, where) {
    N.error(errText(e), errStack(e), where || '');
    if (where !== 'App.onError') notifyListeners('onError', errText(e) + (errStack(e) ? '\n' + errStack(e) : ''));
    if (appDef && typeof appDef.onError === 'function' && where !== 'App.onError') {
      try { appDef.onError.call(app, errText(e) + (errStack(e) ? '\n' + errStack(e) : '')); }
      catch (e2) { N.error(errText(e2), errStack(e2), 'App.onError'); }
    }
  }

  // Calls user code; an exception is reported, not thrown.
  function safeCall(fn, self, args, where) {
    if (typeof fn !== 'function') return undefined;
    try { return fn.apply(self, args || []); }
    catch (e) { reportError(e, where); return undefined; }
  }

  // `a.b[1].c` -> ['a', 'b', 1, 'c'] (the setData key syntax; matches the Rust DataPath).
  function parsePath(p) {
    var segs = [], key = '', open = false, i = 0;
    for (; i < p.length; i++) {
      var c = p[i];
      if (c === '\\' && i + 1 < p.length) { key += p[++i]; open = true; }
      else if (c === '.') { if (open) segs.push(key); key = ''; open = false; }
      else if (c === '[') {
        if (open) segs.push(key);
        key = ''; open = false;
        var j = p.indexOf(']', i);
        if (j < 0) throw new Error('setData: invalid data path `' + p + '`');
        var n = p.slice(i + 1, j);
        if (!DIGITS.test(n)) throw new Error('setData: invalid data path `' + p + '`');
        // A list that long would only freeze the renderer (see MAX_INDEX in mpsim-base).
        if (Number(n) > 1000000) throw new Error('setData: invalid data path `' + p + '`: the index is over 1000000');
        segs.push(Number(n));
        i = j;
      } else { key += c; open = true; }
    }
    if (open) segs.push(key);
    if (!segs.length) throw new Error('setData: empty data path');
    return segs;
  }

  function applyPath(root, segs, value) {
    var cur = root;
    for (var i = 0; i < segs.length - 1; i++) {
      var s = segs[i], next = cur[s];
      if (next === null || typeof next !== 'object') {
        next = typeof segs[i + 1] === 'number' ? [] : {};
        cur[s] = next;
      }
      cur = next;
    }
    cur[segs[segs.length - 1]] = value;
  }

  function readPath(root, segs) {
    var cur = root;
    for (var i = 0; i < segs.length; i++) {
      if (cur === null || cur === undefined) return undefined;
      cur = cur[segs[i]];
    }
    return cur;
  }

  // ---- Modules ---------------------------------------------------------------------------------
  // CommonJS as Node does it: a module is cached before it runs, so a cycle sees the partial
  // exports of the module still running. ES module syntax is rewritten to this form on load.
  function requireFrom(from, request) {
    var path = N.resolve(from, String(request));
    var cached = moduleCache[path];
    if (cached) return cached.exports;
    if (JSON_FILE.test(path)) {
      var json = { exports: JSON.parse(N.source(path)) };
      moduleCache[path] = json;
      return json.exports;
    }
    var module = { id: path, exports: {}, loaded: false };
    moduleCache[path] = module;
    var fn = N.compile(path);
    var localRequire = function (r) { return requireFrom(path, r); };
    // `require.async` loads (sub-package) modules through a promise.
    localRequire.async = function (r) {
      return new Promise(function (resolve, reject) {
        try { resolve(requireFrom(path, r)); } catch (e) { reject({ mod: r, errMsg: errText(e) }); }
      });
    };
    moduleStack.push(path.replace(JS_FILE, ''));
    try {
      // The platform's wrapper: require, module, exports; the browser names it shadows stay
      // undefined. wx, App, Page and the rest are globals.
      fn.call(module.exports, localRequire, module, module.exports);
    } finally { moduleStack.pop(); }
    module.loaded = true;
    return module.exports;
  }

  // Runs a file as the framework does for app.js and each page or component script.
  function runModule(path) {
    try { requireFrom('', '/' + path); return true; }
    catch (e) { reportError(e, path); return false; }
  }

  function currentModule() { return moduleStack.length ? moduleStack[moduleStack.length - 1] : ''; }

  global.requirePlugin = function (name) {
    throw new Error('requirePlugin(' + JSON.stringify(name) + '): plugins are not supported by mpsim yet');
  };

  // ---- App ---------------------------------------------------------------------------------
  global.App = function (def) {
    if (app) { N.error('App() is called more than once', '', 'App'); return; }
    appDef = def || {};
    app = appDef;
    if (app.globalData === undefined) app.globalData = {};
  };
  global.getApp = function () { return app; };
  global.getCurrentPages = function () {
    return N.pageStack().map(function (id) { return insts[id]; }).filter(Boolean);
  };

  // ---- Behaviors and definitions -------------------------------------------------------------
  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  var BUILTIN_BEHAVIORS = {
    'wx://form-field': { properties: { name: { type: String, value: '' }, value: { type: null, value: null } } },
    'wx://component-export': {},
    'wx://form-field-group': {},
    'wx://form-field-button': {}
  };

  function normProp(p) {
    if (p === null || typeof p === 'function') return { type: p, value: defaultFor(p), observer: null, optionalTypes: [] };
    if (isObj(p)) {
      var type = p.type === undefined ? null : p.type;
      return {
        type: type,
        value: p.value !== undefined ? p.value : defaultFor(type),
        observer: p.observer || null,
        optionalTypes: p.optionalTypes || []
      };
    }
    return { type: null, value: null, observer: null, optionalTypes: [] };
  }

  function defaultFor(type) {
    if (type === String) return '';
    if (type === Number) return 0;
    if (type === Boolean) return false;
    if (type === Object) return null;
    if (type === Array) return [];
    return null;
  }

  // Coerces a value passed to a property the way the framework does for its declared type.
  function coerce(prop, v) {
    var t = prop.type, ok = [t].concat(prop.optionalTypes);
    function matches(tt) {
      if (tt === null || tt === undefined) return true;
      if (tt === String) return typeof v === 'string';
      if (tt === Number) return typeof v === 'number';
      if (tt === Boolean) return typeof v === 'boolean';
      if (tt === Array) return Array.isArray(v);
      if (tt === Object) return v === null || typeof v === 'object';
      return true;
    }
    for (var i = 0; i < ok.length; i++) if (matches(ok[i])) return v;
    if (v === null || v === undefined) return jsonClone(prop.value);
    if (t === String) return typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (t === Number) { var n = Number(v); return isNaN(n) ? 0 : n; }
    if (t === Boolean) return !!v;
    if (t === Array) return [];
    if (t === Object) return null;
    return v;
  }

  // Merges behaviors into a definition: behaviors first (in order, recursively), the
  // definition last, so the definition's data, properties and methods win; lifetimes of every
  // behavior run before the definition's own.
  function flatten(def, seen) {
    var out = { data: {}, properties: {}, methods: {}, lifetimes: {}, pageLifetimes: {}, observers: [], relations: {}, behaviors: [], externalClasses: [], options: {}, exportFn: null };
    (def.behaviors || []).forEach(function (b) {
      if (typeof b === 'string') { out.behaviors.push(b); b = BUILTIN_BEHAVIORS[b] || {}; }
      else if (b && b.__behavior) { out.behaviors.push(b.__behavior); b = b.__def; }
      if (seen.indexOf(b) >= 0) return;
      seen.push(b);
      mergeInto(out, flatten(b, seen));
    });
    mergeInto(out, own(def));
    return out;
  }

  function own(def) {
    var o = { data: {}, properties: {}, methods: {}, lifetimes: {}, pageLifetimes: {}, observers: [], relations: {}, externalClasses: def.externalClasses || [], options: def.options || {}, exportFn: def.export || null };
    if (isObj(def.data)) o.data = def.data;
    if (isObj(def.properties)) Object.keys(def.properties).forEach(function (k) { o.properties[k] = normProp(def.properties[k]); });
    if (isObj(def.methods)) o.methods = def.methods;
    LIFETIMES.forEach(function (l) {
      var f = (def.lifetimes && def.lifetimes[l]) || def[l];
      if (typeof f === 'function') o.lifetimes[l] = [f];
    });
    if (isObj(def.pageLifetimes)) Object.keys(def.pageLifetimes).forEach(function (k) { o.pageLifetimes[k] = [def.pageLifetimes[k]]; });
    if (isObj(def.observers)) Object.keys(def.observers).forEach(function (k) { o.observers.push({ paths: k.split(',').map(function (s) { return s.trim(); }), fn: def.observers[k] }); });
    if (isObj(def.relations)) o.relations = def.relations;
    return o;
  }

  function mergeInto(out, src) {
    // Data merges deeply for objects, as the framework does for behaviors.
    Object.keys(src.data).forEach(function (k) {
      if (isObj(out.data[k]) && isObj(src.data[k])) out.data[k] = Object.assign({}, out.data[k], src.data[k]);
      else out.data[k] = src.data[k];
    });
    Object.assign(out.properties, src.properties);
    Object.assign(out.methods, src.methods);
    Object.keys(src.lifetimes).forEach(function (k) { out.lifetimes[k] = (out.lifetimes[k] || []).concat(src.lifetimes[k]); });
    Object.keys(src.pageLifetimes).forEach(function (k) { out.pageLifetimes[k] = (out.pageLifetimes[k] || []).concat(src.pageLifetimes[k]); });
    out.observers = out.observers.concat(src.observers);
    Object.assign(out.relations, src.relations);
    out.externalClasses = out.externalClasses.concat(src.externalClasses || []);
    Object.assign(out.options, src.options || {});
    if (src.exportFn) out.exportFn = src.exportFn;
    if (src.behaviors) out.behaviors = out.behaviors.concat(src.behaviors);
  }

  // `definitionFilter(defFields, definitionFilterArr)` of each behavior a definition uses
  // runs on that definition when it is made (it may add methods, observers...), with the
  // filters of the behaviors that behavior uses itself.
  function runDefinitionFilters(def) {
    (def.behaviors || []).forEach(function (b) {
      var f = b && b.__def && b.__def.definitionFilter;
      if (typeof f !== 'function') return;
      var inner = (b.__def.behaviors || [])
        .map(function (x) { return x && x.__def && x.__def.definitionFilter; })
        .filter(function (x) { return typeof x === 'function'; });
      try { f.call(null, def, inner); } catch (e) { reportError(e, 'definitionFilter'); }
    });
  }

  var behaviorCount = 0;
  global.Behavior = function (def) {
    def = def || {};
    runDefinitionFilters(def);
    return { __behavior: 'behavior-' + (++behaviorCount), __def: def };
  };

  global.Page = function (def) {
    var path = currentModule();
    defs[path] = { kind: 'page', def: def || {} };
  };

  global.Component = function (def) {
    var path = currentModule();
    def = def || {};
    runDefinitionFilters(def);
    defs[path] = { kind: 'component', def: def, flat: flatten(def, []) };
  };

  // ---- Instances ------------------------------------------------------------------------------
  function Instance() {}
  // The renderer a page or component runs in, as the base library reports it.
  Object.defineProperty(Instance.prototype, 'renderer', {
    get: function () { return onSkyline(this) ? 'skyline' : 'webview'; },
  });

  Instance.prototype.setData = function (obj, callback) {
    setData(this, obj, callback, true);
  };

  function setData(inst, obj, callback, runObservers) {
    if (!isObj(obj)) { reportError(new Error('setData expects an object'), inst.is + '.setData'); return; }
    var payload;
    try { payload = JSON.stringify(obj); }
    catch (e) { reportError(new Error('setData: the data cannot be serialised (' + errText(e) + '); it may contain a cycle'), inst.is + '.setData'); return; }
    applyData(inst, JSON.parse(payload), payload, callback, runObservers);
  }

  // setData with the data already cloned: `clean` is nobody else's, and `payload` its JSON.
  function applyData(inst, clean, payload, callback, runObservers) {
    var keys = Object.keys(clean);
    var segsList = [];
    for (var i = 0; i < keys.length; i++) {
      var segs;
      try { segs = parsePath(keys[i]); } catch (e) { reportError(e, inst.is + '.setData'); return; }
      segsList.push(segs);
    }
    // Fields matching pureDataPattern are kept in this.data but never rendered.
    var renderPayload = payload;
    if (inst.__pure) {
      var shown = {};
      keys.forEach(function (k, i) { if (!inst.__pure.test(String(segsList[i][0]))) shown[k] = clean[k]; });
      renderPayload = Object.keys(shown).length === keys.length ? payload : JSON.stringify(shown);
      if (renderPayload.length > 1024 * 1024 || Object.keys(shown).length === 0) renderPayload = null;
    }
    if (renderPayload !== null && !N.setData(inst.__id, renderPayload)) return; // refused (too large): reported
    for (var j = 0; j < keys.length; j++) applyPath(inst.data, segsList[j], clean[keys[j]]);
    if (typeof callback === 'function') N.afterRender(inst.__id, registerCallback(inst, callback));
    if (runObservers && inst.__flat) {
      observing++;
      try { fireObservers(inst, keys, segsList); } finally { observing--; }
    }
    // Skyline pages update their template here (setData inside an observer joins the outer
    // one); WebView pages at the end of the task.
    if (observing === 0 && onSkyline(inst)) N.applyDataUpdates(inst.__id);
  }
  var observing = 0;
  var afterUpdates = [];
  // Asked once per instance (undefined while the instance is still being set up).
  function onSkyline(inst) {
    if (inst.__skyline === undefined) inst.__skyline = N.isSkyline(inst.__id);
    return inst.__skyline === true;
  }

  var callbacks = Object.create(null);
  var callbackSeq = 0;
  function registerCallback(inst, fn) {
    var id = ++callbackSeq;
    callbacks[id] = { inst: inst, fn: fn };
    return id;
  }

  // Observers fire once per setData batch, when any changed path is equal to, above or below
  // one of theirs; `a.**` matches anything under `a`, `**` anything at all.
  function fireObservers(inst, keys, segsList) {
    var flat = inst.__flat;
    flat.observers.forEach(function (ob) {
      var hit = ob.paths.some(function (p) {
        if (p === '**') return true;
        var deep = DEEP.test(p);
        var base = deep ? p.slice(0, -3) : p;
        var bsegs; try { bsegs = parsePath(base); } catch (e) { return false; }
        return segsList.some(function (s) {
          var n = Math.min(s.length, bsegs.length);
          for (var i = 0; i < n; i++) if (String(s[i]) !== String(bsegs[i])) return false;
          // Setting the observed path or a parent of it fires; a child only with `.**`.
          return deep || s.length <= bsegs.length;
        });
      });
      if (!hit) return;
      var args = ob.paths.map(function (p) {
        var base = DEEP.test(p) ? p.slice(0, -3) : p;
        if (p === '**') return inst.data;
        try { return readPath(inst.data, parsePath(base)); } catch (e) { return undefined; }
      });
      N.trace(JSON.stringify({ type: 'observer', id: inst.__id, is: inst.is, paths: ob.paths }));
      safeCall(ob.fn, inst, args, inst.is + ' observer');
    });
    // Property observers: old and new values.
    keys.forEach(function (k, i) {
      var segs = segsList[i];
      var name = segs[0];
      var prop = flat.properties[name];
      if (!prop || !prop.observer || segs.length !== 1) return;
      var fn = typeof prop.observer === 'string' ? inst[prop.observer] : prop.observer;
      var oldVal = inst.__propsOld[name];
      inst.__propsOld[name] = inst.data[name];
      safeCall(fn, inst, [inst.data[name], oldVal, [name]], inst.is + '.' + name + ' observer');
    });
  }

  Instance.prototype.triggerEvent = function (name, detail, options) {
    var o = options || {};
    N.triggerEvent(this.__id, String(name), JSON.stringify(detail === undefined ? {} : detail) || '{}', !!o.bubbles, !!o.composed, !!o.capturePhase);
  };
  Instance.prototype.selectComponent = function (sel) {
    var id = N.selectComponents(this.__id, String(sel), false)[0];
    return id === undefined ? null : exported(insts[id], this);
  };
  Instance.prototype.selectAllComponents = function (sel) {
    var self = this;
    return N.selectComponents(this.__id, String(sel), true).map(function (id) { return exported(insts[id], self); });
  };
  Instance.prototype.selectOwnerComponent = function () {
    var o = insts[this.__owner];
    return o || null;
  };
  // The API object itself, not the app's global: dialects other than WeChat have no `wx`.
  Instance.prototype.createSelectorQuery = function () { return global.__fw.wx.createSelectorQuery().in(this); };
  Instance.prototype.createIntersectionObserver = function (options) { return global.__fw.wx.createIntersectionObserver(this, options); };
  Instance.prototype.createMediaQueryObserver = function () { return global.__fw.wx.createMediaQueryObserver(); };
  // Keyframe animations need frames; a still frame shows the element as styled, and the
  // callbacks still come, after the animation's duration on the virtual clock.
  Instance.prototype.animate = function (selector, keyframes, duration, callback) {
    var cb = typeof callback === 'function' ? callback : (typeof duration === 'function' ? duration : null);
    var ms = typeof duration === 'number' ? duration : 0;
    if (cb) global.setTimeout(cb.bind(this), ms);
  };
  Instance.prototype.clearAnimation = function (selector, options, callback) {
    var cb = typeof options === 'function' ? options : callback;
    if (typeof cb === 'function') global.setTimeout(cb.bind(this), 0);
  };
  Instance.prototype.applyAnimatedStyle = function () {};
  Instance.prototype.clearAnimatedStyle = function (sel, styles, cb) { if (typeof cb === 'function') global.setTimeout(cb, 0); };
  Instance.prototype.setUpdatePerformanceListener = function () {};
  Instance.prototype.setInitialRenderingCache = function () {};
  Instance.prototype.groupSetData = function (fn) { if (typeof fn === 'function') fn.call(this); };
  Instance.prototype.getPassiveEvent = function (cb) { if (typeof cb === 'function') cb({}); };
  Instance.prototype.setPassiveEvent = function () {};
  // The page's instance of `custom-tab-bar/index`, when the app's tabBar is custom.
  Instance.prototype.getTabBar = function () {
    var id = N.selectComponents(this.__id, 'custom-tab-bar', false)[0];
    return id === undefined ? null : insts[id] || null;
  };
  Instance.prototype.getAppBar = function () { return null; };
  Instance.prototype.getPageId = function () { return 'pageId:' + (this.__pageId || this.__id); };
  Instance.prototype.getOpenerEventChannel = function () {
    if (!this.__channel) this.__channel = global.__eventChannelPair(null).opened;
    return this.__channel;
  };
  Instance.prototype.hasBehavior = function (b) {
    var name = typeof b === 'string' ? b : (b && b.__behavior);
    return !!(this.__flat && this.__flat.behaviors.indexOf(name) >= 0);
  };

  function exported(inst, caller) {
    if (!inst) return null;
    var fn = inst.__flat && inst.__flat.exportFn;
    if (fn) return safeCall(fn, inst, [caller], inst.is + '.export');
    return inst;
  }

  function trace(kind, inst, name, args) {
    N.trace(JSON.stringify({ type: 'lifecycle', target: kind, id: inst.__id, is: inst.is, name: name, args: args || [] }));
  }

  // Creates a page instance. Returns the data the template renders, as JSON.
  function createPage(id, path, query) {
    var entry = defs[path];
    var inst = new Instance();
    inst.__id = id;
    inst.is = path;
    inst.route = path;
    inst.options = query;
    // The page a navigateTo opens takes the channel its opener holds the other end of.
    inst.__channel = global.__takePendingChannel();
    if (!entry) { inst.data = {}; inst.__kind = 'page'; insts[id] = inst; return '{}'; }
    if (entry.kind === 'component') return createComponentAsPage(id, path, query, entry);
    var def = entry.def;
    Object.keys(def).forEach(function (k) {
      if (k !== 'data') inst[k] = typeof def[k] === 'function' ? def[k] : jsonCloneSafe(def[k]);
    });
    // The clone's JSON is the JSON it was made from.
    var text = JSON.stringify(def.data || {});
    inst.data = text === undefined ? {} : JSON.parse(text);
    inst.__kind = 'page';
    insts[id] = inst;
    return text === undefined ? '{}' : text;
  }

  function jsonCloneSafe(v) {
    try { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); } catch (e) { return v; }
  }

  // `Component()` used as a page: its methods are the page's handlers and its properties
  // receive the query.
  function createComponentAsPage(id, path, query, entry) {
    var dataJson = createComponent(id, path, 0, JSON.stringify(query || {}), null);
    insts[id].route = path;
    insts[id].options = query;
    insts[id].__kind = 'page-component';
    return dataJson;
  }

  function createComponent(id, path, owner, propsJson, hostJson) {
    var entry = defs[path];
    var flat = entry && entry.flat ? entry.flat : flatten({}, []);
    var inst = new Instance();
    inst.__id = id;
    inst.__owner = owner;
    inst.__flat = flat;
    inst.__kind = 'component';
    inst.is = path;
    var host = hostJson ? JSON.parse(hostJson) : {};
    inst.id = host.id || '';
    inst.dataset = host.dataset || {};
    inst.__hostEvents = host.events || [];
    inst.__propsOld = {};
    inst.__links = [];
    inst.data = jsonClone(flat.data) || {};
    Object.keys(flat.methods).forEach(function (m) { inst[m] = flat.methods[m]; });
    Object.keys(flat.properties).forEach(function (k) {
      inst.data[k] = jsonClone(flat.properties[k].value);
    });
    var props = JSON.parse(propsJson || '{}');
    Object.keys(props).forEach(function (k) {
      var prop = flat.properties[k];
      if (prop) inst.data[k] = coerce(prop, props[k]);
    });
    Object.keys(flat.properties).forEach(function (k) { inst.__propsOld[k] = inst.data[k]; });
    Object.defineProperty(inst, 'properties', { get: function () { return this.data; } });
    insts[id] = inst;
    var pure = flat.options && flat.options.pureDataPattern;
    if (pure instanceof RegExp) inst.__pure = pure;
    return JSON.stringify(renderable(inst));
  }

  // The data the template sees: everything but pure data fields.
  function renderable(inst) {
    if (!inst.__pure) return inst.data;
    var out = {};
    Object.keys(inst.data).forEach(function (k) { if (!inst.__pure.test(k)) out[k] = inst.data[k]; });
    return out;
  }

  // ---- relations ----
  // A relation links two components when both declare it (parent/child, ancestor/descendant),
  // by the other's path relative to their own, or by a shared behavior (`target`).
  function resolveRel(from, rel) {
    if (rel.charAt(0) === '/') return rel.slice(1);
    var parts = from.split('/');
    parts.pop();
    rel.split('/').forEach(function (seg) {
      if (seg === '..') parts.pop(); else if (seg !== '.' && seg !== '') parts.push(seg);
    });
    return parts.join('/');
  }
  var INVERSE = { parent: 'child', child: 'parent', ancestor: 'descendant', descendant: 'ancestor' };
  function findRelation(inst, other, type) {
    var rels = inst.__flat ? inst.__flat.relations : {};
    var keys = Object.keys(rels);
    for (var i = 0; i < keys.length; i++) {
      var r = rels[keys[i]];
      if (r.type !== type) continue;
      var target = r.target;
      var matches = target ? other.hasBehavior(target) : resolveRel(inst.is, keys[i]) === other.is;
      if (matches) return { key: keys[i], def: r };
    }
    return null;
  }
  function callRel(inst, rel, name, other) {
    if (typeof rel.def[name] === 'function') {
      N.trace(JSON.stringify({ type: 'lifecycle', target: 'component', id: inst.__id, is: inst.is, name: 'relations.' + rel.key + '.' + name, args: [other.is] }));
      safeCall(rel.def[name], inst, [other], inst.is + ' relation ' + name);
    }
  }
  function linkRelations(id, aroundJson) {
    var me = insts[id];
    if (!me || !me.__flat) return;
    JSON.parse(aroundJson).forEach(function (pair) {
      var other = insts[pair[0]], direct = pair[1];
      if (!other || !other.__flat) return;
      ['parent', 'ancestor'].forEach(function (type) {
        if (type === 'parent' && !direct) return;
        var mine = findRelation(me, other, type);
        var theirs = mine && findRelation(other, me, INVERSE[type]);
        if (!mine || !theirs) return;
        if (type === 'ancestor' && me.__links.some(function (l) { return l.rel === mine.key; })) return;
        me.__links.push({ rel: mine.key, other: other });
        other.__links.push({ rel: theirs.key, other: me });
        callRel(other, theirs, 'linked', me);
        callRel(me, mine, 'linked', other);
      });
    });
  }
  function unlinkRelations(id) {
    var me = insts[id];
    if (!me || !me.__links) return;
    me.__links.forEach(function (l) {
      var other = l.other;
      var theirs = null;
      other.__links = other.__links.filter(function (ol) { if (ol.other === me) { theirs = ol; return false; } return true; });
      var mineRel = { key: l.rel, def: me.__flat.relations[l.rel] || {} };
      if (theirs) callRel(other, { key: theirs.rel, def: other.__flat.relations[theirs.rel] || {} }, 'unlinked', me);
      callRel(me, mineRel, 'unlinked', other);
    });
    me.__links = [];
  }
  Instance.prototype.getRelationNodes = function (key) {
    return (this.__links || []).filter(function (l) { return l.rel === key; }).map(function (l) { return l.other; });
  };

  // Properties changed by the owner's template (an object made for this call): coerce,
  // apply, and run observers.
  function setProps(id, props) {
    var inst = insts[id];
    if (!inst) return;
    var changed = {}, members = [];
    Object.keys(props).forEach(function (k) {
      var prop = inst.__flat.properties[k];
      if (!prop) return;
      var v = coerce(prop, props[k]);
      var text = JSON.stringify(v);
      // A value equal to the current one changes nothing and fires no observer.
      if (text === undefined || text === JSON.stringify(inst.data[k])) return;
      changed[k] = v;
      members.push(JSON.stringify(k) + ':' + text);
    });
    // The values were parsed for this call (or are coerce's fresh defaults): they need no
    // clone, and their JSON is already written.
    if (members.length) applyData(inst, changed, '{' + members.join(',') + '}', null, true);
  }

  function lifetime(id, name, argsJson) {
    var inst = insts[id];
    if (!inst) return;
    var args = argsJson ? JSON.parse(argsJson) : [];
    if (inst.__kind === 'page') {
      trace('page', inst, name, args);
      safeCall(inst[name], inst, args, inst.is + '.' + name);
      return;
    }
    // Page lifecycles of a Component-as-page map to its methods.
    if (inst.__kind === 'page-component' && ON.test(name)) {
      trace('page', inst, name, args);
      safeCall(inst[name] || inst.__flat.methods[name], inst, args, inst.is + '.' + name);
      return;
    }
    var fns = inst.__flat.lifetimes[name];
    if (!fns) return;
    trace('component', inst, name, args);
    fns.forEach(function (f) { safeCall(f, inst, args, inst.is + '.' + name); });
  }

  function pageLifetime(id, name, argsJson) {
    var inst = insts[id];
    if (!inst || !inst.__flat) return;
    var fns = inst.__flat.pageLifetimes[name];
    if (!fns) return;
    var args = argsJson ? JSON.parse(argsJson) : [];
    trace('component', inst, 'pageLifetimes.' + name, args);
    fns.forEach(function (f) { safeCall(f, inst, args, inst.is + '.pageLifetimes.' + name); });
  }

  function appLifecycle(name, argsJson) {
    if (!appDef) return;
    var args = argsJson ? JSON.parse(argsJson) : [];
    N.trace(JSON.stringify({ type: 'lifecycle', target: 'app', name: name, args: args }));
    safeCall(appDef[name], app, args, 'App.' + name);
    if (name === 'onShow' || name === 'onHide') notifyListeners(name, args[0] || {});
  }

  function hasMethod(id, name) {
    var inst = insts[id];
    return !!(inst && typeof inst[name] === 'function');
  }

  // Calls an event handler with the event object the Rust side built.
  function dispatch(id, handler, eventJson) {
    var inst = insts[id];
    if (!inst) return;
    var fn = inst[handler];
    var e = JSON.parse(eventJson);
    if (typeof fn !== 'function') {
      N.warn('`' + handler + '` is not a method of ' + inst.is + '; the ' + e.type + ' event is not handled');
      return;
    }
    // An Alipay component calling a handler it got as a prop passes its own arguments.
    var args = e.detail && Array.isArray(e.detail.__propArgs) ? e.detail.__propArgs : [e];
    safeCall(fn, inst, args, inst.is + '.' + handler);
  }

  function runCallback(cid) {
    var c = callbacks[cid];
    if (!c) return;
    delete callbacks[cid];
    safeCall(c.fn, c.inst, [], c.inst.is + '.setData callback');
  }

  function destroy(id) { delete insts[id]; }

  function callExported(id, method, argsJson) {
    var inst = insts[id];
    if (!inst) return undefined;
    return safeCall(inst[method], inst, JSON.parse(argsJson || '[]'), inst.is + '.' + method);
  }

  global.__fw = {
    Instance: Instance,
    createPage: createPage,
    createComponent: createComponent,
    setProps: setProps,
    lifetime: lifetime,
    pageLifetime: pageLifetime,
    appLifecycle: appLifecycle,
    appListeners: appListeners,
    dispatch: dispatch,
    hasMethod: hasMethod,
    runCallback: runCallback,
    runModule: runModule,
    linkRelations: linkRelations,
    share: function (id) {
      var inst = insts[id];
      if (!inst) return null;
      trace(inst.__kind === 'page' ? 'page' : 'component', inst, 'onShareAppMessage', [{ from: 'menu' }]);
      return safeCall(inst.onShareAppMessage, inst, [{ from: 'menu' }], inst.is + '.onShareAppMessage') || null;
    },
    unhandledRejection: function (reason, promise) {
      if (appDef && typeof appDef.onUnhandledRejection === 'function') safeCall(appDef.onUnhandledRejection, app, [{ reason: reason, promise: promise }], 'App.onUnhandledRejection');
      notifyListeners('onUnhandledRejection', { reason: reason, promise: promise });
    },
    unlinkRelations: unlinkRelations,
    destroy: destroy,
    callExported: callExported,
    reportError: reportError,
    // `model:` two-way bindings: the view writes a value back without observers' old values.
    // Work that waits for the current task's template updates (selector queries).
    // Runs `fn` once this task's template updates are done (and the components they create
    // exist): selector queries and wx.nextTick. `where` names it in an error report.
    afterUpdates: function (fn, where) { afterUpdates.push([fn, where || 'selector query']); },
    runAfterUpdates: function () {
      var due = afterUpdates;
      afterUpdates = [];
      due.forEach(function (d) { try { d[0](); } catch (e) { reportError(e, d[1]); } });
      return due.length;
    },
    setDataFromView: function (id, payload) { var i = insts[id]; if (i) setData(i, JSON.parse(payload), null, true); },
    data: function (id) { var i = insts[id]; return i ? JSON.stringify(i.data) : 'null'; },
    // The instance `id` (a page or a component), for automation clients (automation.js).
    instance: function (id) { return insts[id]; },
    isComponentDef: function (path) { var d = defs[path]; return !!(d && d.kind === 'component'); },
    // What the view needs of a component's definition: its options and external classes.
    componentOptions: function (path) {
      var d = defs[path];
      var o = (d && d.flat && d.flat.options) || {};
      return JSON.stringify({
        virtualHost: !!o.virtualHost,
        styleIsolation: typeof o.styleIsolation === 'string' ? o.styleIsolation : null,
        addGlobalClass: !!o.addGlobalClass,
        externalClasses: ((d && d.flat && d.flat.externalClasses) || []).map(String)
      });
    },
    hasApp: function () { return !!appDef; }
  };
}(globalThis);
