// The end of the wx object: every name the typings list exists. What mpsim does not serve
// fails the documented way (fail + complete callbacks, or a rejected promise) with "not
// supported by mpsim yet", never "undefined is not a function"; listeners register and stay
// quiet; factories return objects that do nothing. Also wx.env, wx.router, wx.worklet and
// canIUse, which answers for what is served.
void function (global, kit, names) {
  'use strict';
  var N = global.__native;
  var api = kit.api, served = kit.served, inert = kit.inert, unsupported = kit.unsupported;
  Object.keys(served).forEach(function (k) { if (!api[k]) api[k] = served[k]; });
  var unsupportedNames = Object.create(null);
  var objects = { cloud: true, env: true, router: true, worklet: true };
  // What the API files that run on first use serve (see `need` in api.js): a stub each until
  // then. An object (wx.cloud) is a getter that runs its file when read.
  var lazy = kit.lazyNames = Object.create(null);
  N.lazyNames().forEach(function (pair) {
    var file = pair[0];
    var listed = lazy[file] = Object.create(null);
    pair[1].forEach(function (name) {
      listed[name] = true;
      if (api[name]) return;
      if (objects[name]) {
        var stub = kit.stubs[name] = {
          getter: function () { kit.need(file); return served[name]; }
        };
        Object.defineProperty(api, name, {
          get: stub.getter,
          set: function (v) { Object.defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true }); },
          enumerable: true,
          configurable: true
        });
        return;
      }
      api[name] = (kit.stubs[name] = {
        value: function () {
          kit.need(file);
          return (served[name] || unsupported(name)).apply(this, arguments);
        }
      }).value;
    });
  });
  // Each name comes after the kind of stub it gets (sorted in api_files.rs).
  names.forEach(function (line) {
    var space = line.indexOf(' '), kind = line.slice(0, space), name = line.slice(space + 1);
    if (objects[name] || api[name]) return;
    unsupportedNames[name] = true;
    if (kind === 'listener') { api[name] = function () {}; return; }
    if (kind === 'sync') { api[name] = function () { throw new Error('wx.' + name + ' is not supported by mpsim yet'); }; return; }
    if (kind === 'object') {
      api[name] = function () {
        N.warn('wx.' + name + ' is not supported by mpsim yet; its object does nothing');
        return inert;
      };
      return;
    }
    api[name] = unsupported(name);
  });
  api.env = { USER_DATA_PATH: 'wxfile://usr' };
  // Skyline's custom routes: builders register; a page opened by a plain route has no route context.
  api.router = { addRouteBuilder: function () {}, removeRouteBuilder: function () {}, getRouteContext: function () { return null; } };
  api.worklet = worklet();
  // wx.worklet: Skyline's UI-thread animation API. A still frame has no animation time, so
  // animations land on their final value at once; shared and derived values behave as on
  // the phone, and Easing gives real curves (for code that samples them).
  function worklet() {
    function bezier(x1, y1, x2, y2) {
      // Solves x(t) = x by bisection, then returns y(t): the CSS cubic-bezier timing function.
      function at(a, b, t) { return 3 * a * t * (1 - t) * (1 - t) + 3 * b * t * t * (1 - t) + t * t * t; }
      var f = function (x) {
        if (x <= 0 || x >= 1) return x;
        var lo = 0, hi = 1, t = x;
        for (var i = 0; i < 30; i++) { t = (lo + hi) / 2; if (at(x1, x2, t) < x) lo = t; else hi = t; }
        return at(y1, y2, t);
      };
      return { factory: function () { return f; } };
    }
    var Easing = {
      linear: function (t) { return t; },
      ease: bezier(0.42, 0, 1, 1).factory(),
      quad: function (t) { return t * t; },
      cubic: function (t) { return t * t * t; },
      poly: function (n) { return function (t) { return Math.pow(t, n); }; },
      sin: function (t) { return 1 - Math.cos((t * Math.PI) / 2); },
      circle: function (t) { return 1 - Math.sqrt(1 - t * t); },
      exp: function (t) { return Math.pow(2, 10 * (t - 1)); },
      bezier: bezier,
      cubicBezier: function (x1, y1, x2, y2) { return bezier(x1, y1, x2, y2).factory(); },
      elastic: function (b) { var k = b === undefined ? 1 : b; return function (t) { return 1 - Math.pow(Math.cos((t * Math.PI) / 2), 3) * Math.cos(t * k * Math.PI); }; },
      back: function (s) { var k = s === undefined ? 1.70158 : s; return function (t) { return t * t * ((k + 1) * t - k); }; },
      bounce: function (t) {
        if (t < 1 / 2.75) return 7.5625 * t * t;
        if (t < 2 / 2.75) { t -= 1.5 / 2.75; return 7.5625 * t * t + 0.75; }
        if (t < 2.5 / 2.75) { t -= 2.25 / 2.75; return 7.5625 * t * t + 0.9375; }
        t -= 2.625 / 2.75;
        return 7.5625 * t * t + 0.984375;
      },
      in: function (f) { return f; },
      out: function (f) { return function (t) { return 1 - f(1 - t); }; },
      inOut: function (f) { return function (t) { return t < 0.5 ? f(t * 2) / 2 : 1 - f((1 - t) * 2) / 2; }; }
    };
    var done = function (to, cb) { if (typeof cb === 'function') Promise.resolve().then(function () { cb(true); }); return to; };
    return {
      shared: function (v) { return { value: v }; },
      derived: function (fn) { return { get value() { return fn(); } }; },
      timing: function (to, opts, cb) { return done(to, typeof opts === 'function' ? opts : cb); },
      spring: function (to, opts, cb) { return done(to, typeof opts === 'function' ? opts : cb); },
      decay: function (opts, cb) { return done(0, cb); },
      sequence: function () { return arguments.length ? arguments[arguments.length - 1] : undefined; },
      repeat: function (a) { return a; },
      delay: function (ms, a) { return a; },
      cancelAnimation: function () {},
      runOnUI: function (f) { return f; },
      runOnJS: function (f) { return f; },
      Easing: Easing
    };
  }
  // canIUse answers for what mpsim serves: an API it cannot serve yet is "not available",
  // so apps take their fallback paths. Component and attribute schemas are all "available".
  api.canIUse = function (schema) {
    var first = String(schema || '').split('.')[0];
    return !unsupportedNames[first];
  };

  delete global.__apiKit;
}(globalThis, globalThis.__apiKit, __apiNames);
