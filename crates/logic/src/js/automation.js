// What an automation client (miniprogram-automator, through `mpsim auto`) asks of the app
// service that only JS can do: calling and mocking wx methods, running a function the client
// sent as text, exposing a client function to the app, and reaching into page and component
// instances. Each request has a token; its answer goes to `__native.automationAnswer` when it
// is known, which for a wx call with callbacks or a returned promise is tasks later.
0, function (global, kit, N) {
  'use strict';
  var api = kit.api;
  var evalGlobal = global.eval;
  // wx methods replaced by mockWxMethod, with what was there before.
  var originals = {};
  var SYNC = /Sync$/;
  // Calls that answer at once rather than through success/fail callbacks.
  var PLAIN = /^(create|on|off|canIUse|nextTick|getUpdateManager|getRecorderManager|getBackgroundAudioManager|getLogManager|getRealtimeLogManager|getFileSystemManager|getAccountInfoSync|getMenuButtonBoundingClientRect|reportMonitor|reportAnalytics|arrayBufferToBase64|base64ToArrayBuffer|getPerformance)/;
  function plain(method) { return SYNC.test(method) || PLAIN.test(method); }

  function errText(e) {
    if (e && e.errMsg !== undefined) return String(e.errMsg);
    return (e && e.message !== undefined) ? String(e.message) : String(e);
  }
  function answer(token, ok, value) {
    var text;
    try { text = JSON.stringify(value === undefined ? null : value); } catch (e) { ok = false; text = JSON.stringify('the result cannot be sent as JSON: ' + errText(e)); }
    N.automationAnswer(token, ok, text === undefined ? 'null' : text);
  }
  function fail(token, e) { answer(token, false, errText(e)); }
  // A value, or a promise of one: answered when it settles.
  function settle(token, v) {
    if (v && typeof v.then === 'function') v.then(function (r) { answer(token, true, r); }, function (e) { fail(token, e); });
    else answer(token, true, v);
  }
  function compile(decl) {
    var f = evalGlobal('(' + decl + ')');
    if (typeof f !== 'function') throw new Error('functionDeclaration is not a function: ' + decl);
    return f;
  }
  function instance(id, what) {
    var inst = global.__fw.instance(id);
    if (!inst) throw new Error(what + ' ' + id + ' does not exist (it was unloaded or destroyed)');
    return inst;
  }

  // wx[method](...args): a plain call answers with its return value, a callback-style call
  // with what success gets (fail answers with an error).
  function callWx(token, p) {
    var fn = api[p.method];
    if (typeof fn !== 'function') throw new Error('wx.' + p.method + ' is not a function');
    var args = Array.isArray(p.args) ? p.args : [];
    if (plain(p.method)) return settle(token, fn.apply(api, args));
    var o = Object.assign({}, args[0] && typeof args[0] === 'object' ? args[0] : {});
    o.success = function (res) { answer(token, true, res); };
    o.fail = function (res) { fail(token, res || (p.method + ':fail')); };
    delete o.complete;
    fn.apply(api, [o].concat(args.slice(1)));
  }

  // mockWxMethod: a fixed result, or a function (`this.origin` is the real method) called with
  // the call's arguments and then the mock's; with neither, the real method comes back.
  function mockWx(p) {
    var m = p.method;
    var has = function (k) { return Object.prototype.hasOwnProperty.call(p, k); };
    if (!has('result') && !has('functionDeclaration')) {
      if (Object.prototype.hasOwnProperty.call(originals, m)) { api[m] = originals[m]; delete originals[m]; }
      return null;
    }
    if (!Object.prototype.hasOwnProperty.call(originals, m)) originals[m] = api[m];
    var real = originals[m];
    var origin = typeof real === 'function' ? function () { return real.apply(api, arguments); } : undefined;
    var produce;
    if (has('functionDeclaration')) {
      var f = compile(p.functionDeclaration);
      var extra = Array.isArray(p.args) ? p.args : [];
      produce = function (args) { return f.apply({ origin: origin }, args.concat(extra)); };
    } else {
      var text = JSON.stringify(p.result === undefined ? null : p.result);
      produce = function () { return JSON.parse(text); };
    }
    if (plain(m)) {
      api[m] = function () { return produce(Array.prototype.slice.call(arguments)); };
      return null;
    }
    api[m] = function (opts) {
      var o = opts || {};
      var args = Array.prototype.slice.call(arguments);
      var hasCb = typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function';
      var p2 = new Promise(function (resolve) { resolve(produce(args)); }).then(function (res) {
        if (typeof o.success === 'function') o.success(res);
        if (typeof o.complete === 'function') o.complete(res);
        return res;
      }, function (e) {
        var res = { errMsg: m + ':fail ' + errText(e) };
        if (typeof o.fail === 'function') o.fail(res);
        if (typeof o.complete === 'function') o.complete(res);
        throw res;
      });
      if (hasCb) { p2.catch(function () {}); return undefined; }
      return p2;
    };
    return null;
  }

  // The public properties of component `inst` (`__propPublic`) or their values.
  function properties(inst, names) {
    var props = (inst.__flat && inst.__flat.properties) || {};
    return names.map(function (n) {
      if (n === '__propPublic') {
        var pub = {};
        Object.keys(props).forEach(function (k) { pub[k] = true; });
        return pub;
      }
      return inst.data[n];
    });
  }

  function call(token, method, paramsJson) {
    try {
      var p = JSON.parse(paramsJson);
      switch (method) {
        case 'App.callWxMethod': return callWx(token, p);
        case 'App.mockWxMethod': return answer(token, true, mockWx(p));
        case 'App.callFunction':
          return settle(token, compile(p.functionDeclaration).apply(null, Array.isArray(p.args) ? p.args : []));
        case 'App.addBinding':
          global[p.name] = function () {
            N.automationEvent('App.bindingCalled', JSON.stringify({ name: p.name, args: Array.prototype.slice.call(arguments) }));
          };
          return answer(token, true, null);
        case 'Page.setData':
          instance(p.pageId, 'page').setData(p.data || {});
          return answer(token, true, null);
        case 'Element.setData':
          instance(p.nodeId, 'component').setData(p.data || {});
          return answer(token, true, null);
        case 'Page.callMethod':
        case 'Element.callMethod': {
          var inst = method === 'Page.callMethod' ? instance(p.pageId, 'page') : instance(p.nodeId, 'component');
          var fn = inst[p.method];
          if (typeof fn !== 'function') throw new Error(inst.is + '.' + p.method + ' is not a function');
          return settle(token, fn.apply(inst, Array.isArray(p.args) ? p.args : []));
        }
        case 'Element.getProperties':
          return answer(token, true, properties(instance(p.nodeId, 'component'), p.names || []));
        case 'Element.callContextMethod': {
          var ctx = api.createVideoContext(p.id);
          if (!ctx || typeof ctx[p.method] !== 'function') throw new Error('VideoContext.' + p.method + ' is not a function');
          return settle(token, ctx[p.method].apply(ctx, Array.isArray(p.args) ? p.args : []));
        }
        default: throw new Error('unknown automation method ' + method);
      }
    } catch (e) { fail(token, e); }
  }

  kit.automationCall = call;
}
