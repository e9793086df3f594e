// The wx calls the logic layer serves itself: system and device info, storage, toasts and
// modals (recorded in the trace), navigation bar and tabBar settings, network calls through
// the embedder, selector queries and observers answered by the view. Also the helpers the
// other API files (platform.js, media.js, canvas.js, surface.js, automation.js) build on, as
// `__apiKit`, and the loader that runs the lazy ones on first use.
void function (global) {
  'use strict';
  var N = global.__native;
  var api = global.wx;
  var device = JSON.parse(N.device());
  // What the base library exposes of the app's config (apps read pages, tabBar, window...).
  global.__wxConfig = JSON.parse(N.wxConfig());
  var launch = { path: '', query: {}, scene: 1001, referrerInfo: {} };

  // A call in the platform's callback-or-promise style: with success/fail/complete it calls
  // them and returns nothing, else it returns a promise. The cloud SDK's calls (`cloud`)
  // return the promise in both cases, which then does not reject when callbacks handle it.
  function asyncApi(name, run, cloud) {
    return function (opts) {
      var o = opts || {};
      var hasCb = typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function';
      var r = run(o) || {};
      var ok = !r.fail;
      var res = Object.assign({ errMsg: name + ':' + (ok ? 'ok' : 'fail ' + (r.msg || '')) }, r.data || {});
      // The answer comes after the call returns: in a microtask, or `delay` virtual ms later.
      var later = r.delay > 0 ? function (f) { global.setTimeout(f, r.delay); } : function (f) { Promise.resolve().then(f); };
      var p = new Promise(function (resolve, reject) {
        later(function () {
          try {
            if (ok && typeof o.success === 'function') o.success(res);
            if (!ok && typeof o.fail === 'function') o.fail(res);
            if (typeof o.complete === 'function') o.complete(res);
          } catch (e) { global.__fw.reportError(e, 'wx.' + name + ' callback'); }
          if (ok) resolve(res); else if (hasCb) resolve(res); else reject(res);
        });
      });
      return hasCb && !cloud ? undefined : p;
    };
  }
  // A modal or action sheet waits for the user: the view answers through __answerUi when a
  // button is tapped (or a script says which), then the callbacks run and it closes.
  var waiting = Object.create(null);
  function waitForUser(name, show) {
    return function (opts) {
      var o = opts || {};
      var hasCb = typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function';
      show(o);
      var p = new Promise(function (resolve, reject) {
        waiting[name] = function (answer) {
          var ok = !answer.fail;
          var res = Object.assign({ errMsg: name + ':' + (ok ? 'ok' : 'fail ' + answer.fail) }, ok ? answer : {});
          try {
            if (ok && typeof o.success === 'function') o.success(res);
            if (!ok && typeof o.fail === 'function') o.fail(res);
            if (typeof o.complete === 'function') o.complete(res);
          } catch (e) { global.__fw.reportError(e, 'wx.' + name + ' callback'); }
          if (ok || hasCb) resolve(res); else reject(res);
        };
      });
      return hasCb ? undefined : p;
    };
  }
  global.__answerUi = function (name, json) {
    var done = waiting[name];
    if (!done) return false;
    delete waiting[name];
    ui(name.replace(/^show/, 'hide'), {});
    done(JSON.parse(json));
    return true;
  };
  // Native UI the view draws (toasts, modals, bars): traced and sent to the view.
  function ui(name, fields) { N.trace(JSON.stringify(Object.assign({ type: 'ui', api: name }, fields))); }
  // A platform call with an effect outside the page (payment, cloud, files): traced only.
  function record(name, fields) { N.trace(JSON.stringify(Object.assign({ type: 'api', api: name }, fields))); }
  function unsupported(name) { return asyncApi(name, function () { return { fail: true, msg: 'not supported by mpsim yet' }; }); }

  function systemInfo() {
    return {
      brand: device.brand, model: device.model, pixelRatio: device.pixelRatio,
      screenWidth: device.width, screenHeight: device.height,
      windowWidth: device.width, windowHeight: N.windowHeight(),
      statusBarHeight: device.statusBarHeight, language: 'zh_CN', version: '8.0.50',
      system: device.system, platform: device.platform, fontSizeSetting: 16, SDKVersion: '3.5.0',
      benchmarkLevel: 1, theme: 'light', enableDebug: false, deviceOrientation: 'portrait',
      safeArea: device.safeArea, host: { env: 'WeChat' }
    };
  }
  // Storage: key -> JSON text, loaded once and saved after every change. Limits as on the
  // phone: 1 MB for one key, 10 MB for the app.
  var storage = Object.create(null);
  try {
    var saved = JSON.parse(N.storageLoad());
    Object.keys(saved).forEach(function (k) { if (typeof saved[k] === 'string') storage[k] = saved[k]; });
  } catch (e) { N.warn('stored data could not be read; starting empty'); }
  function persist() { N.storageSave(JSON.stringify(storage)); }
  function storageKey(k) { if (typeof k !== 'string' || !k) throw new Error('setStorageSync:fail parameter error: parameter.key should be String instead of ' + typeof k + ';'); return k; }
  function storageSet(k, v) {
    var key = storageKey(k);
    var text = JSON.stringify(v === undefined ? null : v);
    if (text.length > 1024 * 1024) throw new Error('setStorageSync:fail:entry size limit reached');
    var total = Object.keys(storage).reduce(function (n, x) { return x === key ? n : n + x.length + storage[x].length; }, key.length + text.length);
    if (total > 10 * 1024 * 1024) throw new Error('setStorageSync:fail:exceed storage max size 10Mb');
    storage[key] = text;
    persist();
  }

  var served = {
    getSystemInfoSync: systemInfo,
    getSystemInfo: asyncApi('getSystemInfo', function () { return { data: systemInfo() }; }),
    getSystemInfoAsync: asyncApi('getSystemInfoAsync', function () { return { data: systemInfo() }; }),
    getWindowInfo: function () { var s = systemInfo(); return { pixelRatio: s.pixelRatio, screenWidth: s.screenWidth, screenHeight: s.screenHeight, windowWidth: s.windowWidth, windowHeight: s.windowHeight, statusBarHeight: s.statusBarHeight, safeArea: s.safeArea, screenTop: 0 }; },
    getDeviceInfo: function () { var s = systemInfo(); return { brand: s.brand, model: s.model, system: s.system, platform: s.platform, benchmarkLevel: 1, abi: 'arm64', deviceAbi: 'arm64', cpuType: 'unknown', memorySize: 4096 }; },
    getAppBaseInfo: function () { var s = systemInfo(); return { SDKVersion: s.SDKVersion, enableDebug: false, host: s.host, language: s.language, version: s.version, theme: s.theme, fontSizeSetting: 16 }; },
    getAppAuthorizeSetting: function () { return { albumAuthorized: 'not determined', cameraAuthorized: 'not determined', locationAuthorized: 'not determined', microphoneAuthorized: 'not determined', notificationAuthorized: 'not determined' }; },
    getSystemSetting: function () { return { bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }; },
    getMenuButtonBoundingClientRect: function () { var m = device.menuButton; return { width: m.width, height: m.height, top: m.top, bottom: m.bottom, left: m.left, right: m.right }; },
    getAccountInfoSync: function () { return { miniProgram: { appId: N.appId(), envVersion: N.envVersion(), version: '' }, plugin: {} }; },
    getLaunchOptionsSync: function () { return launch; },
    getEnterOptionsSync: function () { return launch; },
    setStorageSync: storageSet,
    getStorageSync: function (k) { var v = storage[k]; return v === undefined ? '' : JSON.parse(v); },
    removeStorageSync: function (k) { delete storage[k]; persist(); },
    clearStorageSync: function () { storage = Object.create(null); persist(); },
    getStorageInfoSync: function () { var keys = Object.keys(storage); var size = keys.reduce(function (n, k) { return n + k.length + storage[k].length; }, 0); return { keys: keys, currentSize: Math.ceil(size / 1024), limitSize: 10240 }; },
    setStorage: asyncApi('setStorage', function (o) { try { storageSet(o.key, o.data); return null; } catch (e) { return { fail: true, msg: e.message.replace(/^setStorageSync:fail:?/, '') }; } }),
    getStorage: asyncApi('getStorage', function (o) { return o.key in storage ? { data: { data: JSON.parse(storage[o.key]) } } : { fail: true, msg: 'data not found' }; }),
    removeStorage: asyncApi('removeStorage', function (o) { delete storage[o.key]; persist(); return null; }),
    clearStorage: asyncApi('clearStorage', function () { storage = Object.create(null); persist(); return null; }),
    showToast: asyncApi('showToast', function (o) { ui('showToast', { title: String(o.title || ''), icon: o.icon || 'success', duration: o.duration || 1500 }); return null; }),
    hideToast: asyncApi('hideToast', function () { ui('hideToast', {}); return null; }),
    showLoading: asyncApi('showLoading', function (o) { ui('showLoading', { title: String(o.title || '') }); return null; }),
    hideLoading: asyncApi('hideLoading', function () { ui('hideLoading', {}); return null; }),
    showModal: waitForUser('showModal', function (o) {
      ui('showModal', { title: String(o.title || ''), content: String(o.content || ''), showCancel: o.showCancel !== false, cancelText: String(o.cancelText || '取消'), confirmText: String(o.confirmText || '确定') });
    }),
    showActionSheet: waitForUser('showActionSheet', function (o) { ui('showActionSheet', { itemList: (o.itemList || []).map(String) }); }),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', function (o) { ui('setNavigationBarTitle', { title: String(o.title || '') }); return null; }),
    setNavigationBarColor: asyncApi('setNavigationBarColor', function (o) { ui('setNavigationBarColor', { frontColor: o.frontColor, backgroundColor: o.backgroundColor }); return null; }),
    showNavigationBarLoading: asyncApi('showNavigationBarLoading', function () { return null; }),
    hideNavigationBarLoading: asyncApi('hideNavigationBarLoading', function () { return null; }),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', function () { ui('stopPullDownRefresh', {}); return null; }),
    reportAnalytics: function () {},
    reportEvent: function () {},
    reportMonitor: function () {},
    getLogManager: function () { var c = global.console; return { log: c.log, info: c.info, warn: c.warn, debug: c.debug }; },
    getRealtimeLogManager: function () { var c = global.console; return { info: c.info, warn: c.warn, error: c.error, setFilterMsg: function () {}, addFilterMsg: function () {} }; },
    request: function (o) { return network('request', o || {}); },
    uploadFile: function (o) { return network('uploadFile', o || {}); },
    downloadFile: function (o) { return network('downloadFile', o || {}); }
  };
  // Scrolls the page: to `scrollTop`, or to the node `selector` names (plus `offsetTop`),
  // found in the layout by a selector query. The view scrolls, and onPageScroll follows.
  served.pageScrollTo = function (opts) {
    var o = opts || {};
    var hasCb = typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function';
    var scroll = function (top) {
      return asyncApi('pageScrollTo', function () {
        if (top === null) return { fail: true, msg: 'selector not found' };
        ui('pageScrollTo', { scrollTop: top, duration: o.duration === undefined ? 300 : o.duration });
        return null;
      })(o);
    };
    if (o.selector === undefined) return scroll(Number(o.scrollTop) || 0);
    var settled = {};
    var outer = new Promise(function (resolve, reject) { settled.resolve = resolve; settled.reject = reject; });
    need('queries');
    var q = kit.selectorQuery(null);
    q.select(String(o.selector)).boundingClientRect();
    q.selectViewport().scrollOffset();
    q.exec(function (res) {
      var top = res[0] ? res[0].top + res[1].scrollTop + (Number(o.offsetTop) || 0) : null;
      var p = scroll(top);
      if (p) p.then(settled.resolve, settled.reject);
    });
    return hasCb ? undefined : outer;
  };
  // The tabBar: drawn by the view from these calls. They fail, as on the phone, on a page
  // that is not a tab page, or for an index the tabBar does not have.
  function tabBarCall(name, fields) {
    return asyncApi(name, function (o) {
      var list = (global.__wxConfig.tabBar && global.__wxConfig.tabBar.list) || [];
      var pages = global.getCurrentPages();
      var route = pages.length ? pages[pages.length - 1].route : '';
      if (!list.some(function (i) { return String(i.pagePath).replace(/^\//, '') === route; })) return { fail: true, msg: 'not TabBar page' };
      if (fields.indexOf('index') >= 0 && !(o.index >= 0 && o.index < list.length)) return { fail: true, msg: 'tabbar item not found' };
      var args = {};
      fields.forEach(function (k) { if (o[k] !== undefined) args[k] = o[k]; });
      ui(name, args);
      return null;
    });
  }
  served.setTabBarItem = tabBarCall('setTabBarItem', ['index', 'text', 'iconPath', 'selectedIconPath']);
  served.setTabBarStyle = tabBarCall('setTabBarStyle', ['color', 'selectedColor', 'backgroundColor', 'borderStyle']);
  served.setTabBarBadge = tabBarCall('setTabBarBadge', ['index', 'text']);
  served.removeTabBarBadge = tabBarCall('removeTabBarBadge', ['index']);
  served.showTabBarRedDot = tabBarCall('showTabBarRedDot', ['index']);
  served.hideTabBarRedDot = tabBarCall('hideTabBarRedDot', ['index']);
  served.showTabBar = tabBarCall('showTabBar', ['animation']);
  served.hideTabBar = tabBarCall('hideTabBar', ['animation']);
  // Sharing and the menu: recorded, nothing to draw.
  ['showShareMenu', 'hideShareMenu', 'updateShareMenu'].forEach(function (name) {
    served[name] = asyncApi(name, function (o) { ui(name, { menus: o.menus || null }); return null; });
  });
  // Network calls: answered by the embedder (mpsim's mock rules) after the rule's delay on
  // the virtual clock. They return their task object (no promise form, as on the phone);
  // abort() fails the call with "abort" if it has not completed.
  function network(api, o) {
    var method = String(o.method || (api === 'uploadFile' ? 'POST' : 'GET')).toUpperCase();
    var req = { api: api, url: String(o.url || ''), method: method, header: o.header || {}, filePath: o.filePath === undefined ? null : String(o.filePath), name: o.name === undefined ? null : String(o.name) };
    req.data = api === 'uploadFile' ? (o.formData || {}) : (o.data === undefined ? null : o.data);
    var res = JSON.parse(N.network(JSON.stringify(req)));
    var done = false;
    var headerListeners = [];
    function finish(aborted) {
      if (done) return;
      done = true;
      var ok = res.ok && !aborted;
      var r;
      if (!ok) r = { errMsg: api + ':fail ' + (aborted ? 'abort' : res.error) };
      else {
        headerListeners.forEach(function (cb) { try { cb({ header: res.header, statusCode: res.statusCode }); } catch (e) { global.__fw.reportError(e, 'wx.' + api + ' onHeadersReceived'); } });
        var data = res.data;
        if (api !== 'request' || o.dataType === 'text' || o.dataType === 'other') {
          if (typeof data !== 'string') data = JSON.stringify(data);
        } else if (typeof data === 'string') {
          try { data = JSON.parse(data); } catch (e) { /* not JSON: the text, as the platform gives it */ }
        }
        r = { errMsg: api + ':ok', statusCode: res.statusCode, header: res.header };
        if (api === 'downloadFile') r.tempFilePath = res.tempFilePath; else r.data = data;
        if (api === 'request') r.cookies = [];
      }
      try {
        if (ok && typeof o.success === 'function') o.success(r);
        if (!ok && typeof o.fail === 'function') o.fail(r);
        if (typeof o.complete === 'function') o.complete(r);
      } catch (e) { global.__fw.reportError(e, 'wx.' + api + ' callback'); }
    }
    global.setTimeout(function () { finish(false); }, res.delay || 0);
    var noop = function () {};
    return {
      abort: function () { if (!done) global.setTimeout(function () { finish(true); }, 0); },
      onHeadersReceived: function (cb) { if (typeof cb === 'function') headerListeners.push(cb); },
      offHeadersReceived: function (cb) { headerListeners = headerListeners.filter(function (f) { return f !== cb; }); },
      onProgressUpdate: noop, offProgressUpdate: noop, onChunkReceived: noop, offChunkReceived: noop
    };
  }

  // Selector queries and observers are served by queries.js, run on first use; the view's
  // answers come back here.
  global.__queryAnswered = function (id, json) {
    if (kit.queryAnswered) kit.queryAnswered(id, json);
  };
  // An object that does nothing whatever is asked of it: every property is itself, calling it
  // gives itself (so `ad.show().catch(f)` and `ctx.createLinearGradient().addColorStop()`
  // work), it is no promise, and it reads as 0.
  var inert = new Proxy(function () {}, {
    get: function (t, p) { return p === 'then' ? undefined : p === Symbol.toPrimitive ? function () { return 0; } : inert; },
    apply: function () { return inert; }
  });

  global.__setLaunchOptions = function (json) {
    launch = JSON.parse(json);
    global.__wxConfig.appLaunchInfo = { scene: launch.scene, path: launch.path, query: launch.query, referrerInfo: launch.referrerInfo };
  };
  // What the other API files build on; surface.js removes it when the wx object is complete.
  var kit = global.__apiKit = {
    api: api, served: served, device: device, asyncApi: asyncApi, waitForUser: waitForUser,
    ui: ui, record: record, unsupported: unsupported, inert: inert, systemInfo: systemInfo,
    need: need, stubs: Object.create(null)
  };

  // Five API files run on first use, not at launch: parsing them was a third of a launch.
  // surface.js puts a stub under each name they serve (lazy_names.txt); the first call of one
  // runs its file (after the files it builds on), and the stubs still on wx give way to what
  // the file served. What a file serves that the list lacks is an mpsim bug, said in the trace.
  var NEEDS = { media: ['platform'], canvas: ['platform', 'queries'] };
  var loaded = Object.create(null);
  function need(file) {
    if (loaded[file]) return;
    loaded[file] = true;
    (NEEDS[file] || []).forEach(need);
    var before = Object.create(null);
    Object.keys(served).forEach(function (k) { before[k] = served[k]; });
    N.apiFile(file)(global, kit, N);
    var listed = kit.lazyNames[file] || {};
    Object.keys(listed).forEach(function (k) {
      if (!(k in served)) N.error('lazy_names.txt lists ' + k + ' for ' + file + '.js, which does not serve it (an mpsim bug)', '', 'mpsim');
    });
    Object.keys(served).forEach(function (k) {
      if (before[k] === served[k]) return;
      if (!listed[k]) N.error(file + '.js serves ' + k + ', which lazy_names.txt does not list (an mpsim bug)', '', 'mpsim');
      var stub = kit.stubs[k];
      if (stub === undefined || api[k] === stub.value) api[k] = served[k];
      else if (stub.getter && (Object.getOwnPropertyDescriptor(api, k) || {}).get === stub.getter) {
        Object.defineProperty(api, k, { value: served[k], writable: true, enumerable: true, configurable: true });
      }
    });
  }
  // An automation client's requests (`mpsim auto`) are served by automation.js.
  global.__automation = {
    call: function (token, method, params) {
      need('automation');
      return kit.automationCall(token, method, params);
    }
  };
}(globalThis);
