// The calls the phone or its user answers: the account and its permissions, where the phone
// is, the photos the user picks, payments, the update check, scanning, the device, and
// wx.cloud. Answers come from the embedder's mock rules (`N.mocks()`); without rules, the
// defaults a freshly installed app meets on a phone (every scope granted, the devtools'
// location and sample address, an empty album so pickers are cancelled).
0, function (global, kit, N) {
  'use strict';
  var served = kit.served, asyncApi = kit.asyncApi, record = kit.record;
  var mocks = JSON.parse(N.mocks());
  var fail = function (msg) { return { fail: true, msg: msg }; };

  // Account and user.
  var scopes = ['scope.userInfo', 'scope.userLocation', 'scope.userFuzzyLocation', 'scope.address', 'scope.invoiceTitle', 'scope.invoice', 'scope.werun', 'scope.record', 'scope.writePhotosAlbum', 'scope.camera', 'scope.bluetooth'];
  Object.keys(mocks.permissions).forEach(function (k) { if (scopes.indexOf(k) < 0) scopes.push(k); });
  function granted(scope) { return mocks.permissions[scope] !== false; }
  function authSetting() { var a = {}; scopes.forEach(function (k) { a[k] = granted(k); }); return a; }
  var user = Object.assign({ nickName: '微信用户', avatarUrl: '', gender: 0, country: '', province: '', city: '', language: 'zh_CN' }, mocks.user);
  var userAnswer = function () { return { data: { userInfo: user, rawData: JSON.stringify(user), signature: '', encryptedData: '', iv: '', cloudID: '' } }; };
  var loginCount = 0;
  served.login = asyncApi('login', function () {
    if (mocks.login.fail) return fail(mocks.login.fail);
    loginCount++;
    return { data: { code: mocks.login.code || 'mpsim-login-code-' + loginCount } };
  });
  served.checkSession = asyncApi('checkSession', function () { return loginCount || !mocks.login.fail ? null : fail('session expired'); });
  served.getUserProfile = asyncApi('getUserProfile', userAnswer);
  served.getUserInfo = asyncApi('getUserInfo', userAnswer);
  served.getSetting = asyncApi('getSetting', function () { return { data: { authSetting: authSetting() } }; });
  served.openSetting = asyncApi('openSetting', function () { record('openSetting', {}); return { data: { authSetting: authSetting() } }; });
  served.authorize = asyncApi('authorize', function (o) { return granted(String(o.scope)) ? null : fail('auth deny'); });
  served.getAppAuthorizeSetting = function () {
    var s = function (scope) { return granted(scope) ? 'authorized' : 'denied'; };
    return { albumAuthorized: s('scope.writePhotosAlbum'), cameraAuthorized: s('scope.camera'), locationAuthorized: s('scope.userLocation'), microphoneAuthorized: s('scope.record'), notificationAuthorized: 'authorized', bluetoothAuthorized: s('scope.bluetooth'), locationReducedAccuracy: false };
  };

  // Where the phone is.
  var loc = mocks.location;
  function located(name, scope, answer) {
    return asyncApi(name, function (o) {
      if (!granted(scope)) return fail('auth deny');
      if (loc.fail) return fail(loc.fail);
      return { data: answer(o) };
    });
  }
  served.getLocation = located('getLocation', 'scope.userLocation', function () {
    return { latitude: loc.latitude, longitude: loc.longitude, speed: loc.speed, accuracy: loc.accuracy, altitude: loc.altitude, verticalAccuracy: 0, horizontalAccuracy: loc.accuracy };
  });
  served.getFuzzyLocation = located('getFuzzyLocation', 'scope.userFuzzyLocation', function () {
    return { latitude: Math.round(loc.latitude * 100) / 100, longitude: Math.round(loc.longitude * 100) / 100 };
  });
  served.chooseLocation = located('chooseLocation', 'scope.userLocation', function () {
    return { name: loc.name, address: loc.address, latitude: loc.latitude, longitude: loc.longitude };
  });
  served.startLocationUpdate = located('startLocationUpdate', 'scope.userLocation', function () { return {}; });
  served.startLocationUpdateBackground = located('startLocationUpdateBackground', 'scope.userLocation', function () { return {}; });
  served.stopLocationUpdate = asyncApi('stopLocationUpdate', function () { return null; });
  served.openLocation = asyncApi('openLocation', function (o) { record('openLocation', { latitude: o.latitude, longitude: o.longitude, name: o.name || '', address: o.address || '' }); return null; });
  served.chooseAddress = asyncApi('chooseAddress', function () {
    if (!granted('scope.address')) return fail('auth deny');
    return { data: Object.assign({ userName: '张三', postalCode: '510000', provinceName: '广东省', cityName: '广州市', countyName: '海珠区', streetName: '', detailInfo: '新港中路397号', detailInfoNew: '新港中路397号', nationalCode: '510000', telNumber: '020-81167888' }, mocks.address) };
  });
  served.chooseInvoiceTitle = asyncApi('chooseInvoiceTitle', function () {
    return { data: { type: '0', title: '腾讯科技有限公司', taxNumber: '91440300708461136T', companyAddress: '', telephone: '', bankName: '', bankAccount: '' } };
  });

  // The album: pickers take its first files (as many as asked), or are cancelled when it
  // is empty.
  function pick(name, count, kinds) {
    var files = mocks.album.filter(function (f) { return kinds.indexOf(f.type) >= 0; }).slice(0, Math.max(1, Number(count) || 9));
    record(name, { picked: files.map(function (f) { return f.name; }) });
    return files.map(function (f) { return { file: f, path: N.albumFile(f.name) }; });
  }
  served.chooseImage = asyncApi('chooseImage', function (o) {
    var got = pick('chooseImage', o.count, ['image']);
    if (!got.length) return fail('cancel');
    return { data: { tempFilePaths: got.map(function (g) { return g.path; }), tempFiles: got.map(function (g) { return { path: g.path, size: g.file.size }; }) } };
  });
  served.chooseMedia = asyncApi('chooseMedia', function (o) {
    var types = Array.isArray(o.mediaType) ? o.mediaType : ['image', 'video'];
    var kinds = types.indexOf('mix') >= 0 ? ['image', 'video'] : types;
    var got = pick('chooseMedia', o.count, kinds);
    if (!got.length) return fail('cancel');
    var seen = got.map(function (g) { return g.file.type; });
    var type = seen.indexOf('image') >= 0 && seen.indexOf('video') >= 0 ? 'mix' : seen[0];
    return { data: { type: type, tempFiles: got.map(function (g) {
      return { tempFilePath: g.path, size: g.file.size, fileType: g.file.type, width: g.file.width, height: g.file.height, duration: 0, thumbTempFilePath: g.file.type === 'video' ? '' : g.path };
    }) } };
  });
  served.chooseVideo = asyncApi('chooseVideo', function () {
    var got = pick('chooseVideo', 1, ['video']);
    if (!got.length) return fail('cancel');
    return { data: { tempFilePath: got[0].path, duration: 0, size: got[0].file.size, width: got[0].file.width, height: got[0].file.height } };
  });
  served.chooseMessageFile = asyncApi('chooseMessageFile', function () { return fail('cancel'); });
  served.previewImage = asyncApi('previewImage', function (o) { record('previewImage', { urls: (o.urls || []).map(String), current: o.current === undefined ? '' : String(o.current) }); return null; });
  served.previewMedia = asyncApi('previewMedia', function (o) { record('previewMedia', { sources: o.sources || [], current: o.current || 0 }); return null; });
  ['saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum'].forEach(function (name) {
    served[name] = asyncApi(name, function (o) {
      if (!granted('scope.writePhotosAlbum')) return fail('auth deny');
      if (!o.filePath) return fail('invalid filePath');
      record(name, { filePath: String(o.filePath) });
      return null;
    });
  });
  // A package path relative to the page that asks, as image `src` is.
  function filePath(src) {
    src = String(src || '');
    if (/^[a-z]+:\/\//i.test(src) || src.charAt(0) === '/') return src;
    var pages = global.getCurrentPages();
    var route = pages.length ? pages[pages.length - 1].route : '';
    return route.replace(/[^/]*$/, '') + src;
  }
  kit.filePath = filePath;
  served.getImageInfo = asyncApi('getImageInfo', function (o) {
    var path = filePath(o.src);
    var info = N.imageInfo(path);
    if (info === null) return fail('file not found');
    info = JSON.parse(info);
    return { data: { width: info.width, height: info.height, type: info.type, path: o.src, orientation: 'up' } };
  });
  served.compressImage = asyncApi('compressImage', function (o) { return { data: { tempFilePath: String(o.src || '') } }; });

  // Payments go through unless the rules say the user cancelled (or another failure).
  ['requestPayment', 'requestOrderPayment'].forEach(function (name) {
    served[name] = asyncApi(name, function (o) {
      record(name, { timeStamp: o.timeStamp, nonceStr: o.nonceStr, package: o.package, signType: o.signType, paySign: o.paySign });
      return mocks.payment.fail ? fail(mocks.payment.fail) : null;
    });
  });

  // The update check the client makes at launch.
  var updateManager = null;
  served.getUpdateManager = function () {
    if (updateManager) return updateManager;
    var u = mocks.update;
    var listeners = { check: [], ready: [], failed: [] };
    function emit(kind, arg) {
      listeners[kind].forEach(function (cb) {
        try { cb(arg); } catch (e) { global.__fw.reportError(e, 'UpdateManager callback'); }
      });
    }
    global.setTimeout(function () {
      emit('check', { hasUpdate: !!u.hasUpdate });
      if (u.hasUpdate) emit(u.fail ? 'failed' : 'ready', {});
    }, 0);
    updateManager = {
      onCheckForUpdate: function (cb) { if (typeof cb === 'function') listeners.check.push(cb); },
      onUpdateReady: function (cb) { if (typeof cb === 'function') listeners.ready.push(cb); },
      onUpdateFailed: function (cb) { if (typeof cb === 'function') listeners.failed.push(cb); },
      applyUpdate: function () { record('applyUpdate', {}); }
    };
    return updateManager;
  };

  served.scanCode = asyncApi('scanCode', function (o) {
    record('scanCode', { onlyFromCamera: !!o.onlyFromCamera });
    if (!Object.keys(mocks.scan).length) return fail('cancel');
    return { data: Object.assign({ result: '', scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '' }, mocks.scan) };
  });

  // The device: a phone on wifi, fully charged; the clipboard and brightness are kept.
  var clipboard = '';
  var brightness = 0.5;
  served.vibrateShort = asyncApi('vibrateShort', function () { return null; });
  served.vibrateLong = asyncApi('vibrateLong', function () { return null; });
  var networkType = mocks.networkType || 'wifi';
  served.getNetworkType = asyncApi('getNetworkType', function () { return { data: { networkType: networkType, signalStrength: networkType === 'none' ? 0 : 100, hasSystemProxy: false } }; });
  served.setClipboardData = asyncApi('setClipboardData', function (o) { clipboard = String(o.data === undefined ? '' : o.data); record('setClipboardData', { data: clipboard }); return null; });
  served.getClipboardData = asyncApi('getClipboardData', function () { return { data: { data: clipboard } }; });
  served.getBatteryInfo = asyncApi('getBatteryInfo', function () { return { data: { level: 100, isCharging: false } }; });
  served.getBatteryInfoSync = function () { return { level: 100, isCharging: false }; };
  served.makePhoneCall = asyncApi('makePhoneCall', function (o) { record('makePhoneCall', { phoneNumber: String(o.phoneNumber || '') }); return null; });
  served.setKeepScreenOn = asyncApi('setKeepScreenOn', function () { return null; });
  served.setScreenBrightness = asyncApi('setScreenBrightness', function (o) { brightness = Math.min(1, Math.max(0, Number(o.value) || 0)); return null; });
  served.getScreenBrightness = asyncApi('getScreenBrightness', function () { return { data: { value: brightness } }; });
  served.hideKeyboard = asyncApi('hideKeyboard', function () { record('hideKeyboard', {}); return null; });
  served.loadFontFace = asyncApi('loadFontFace', function (o) {
    // The page keeps drawing with the bundled font; the family is recorded.
    record('loadFontFace', { family: String(o.family || '') });
    return { data: { status: 'loaded' } };
  });
  served.requestSubscribeMessage = asyncApi('requestSubscribeMessage', function (o) {
    var r = {}; (o.tmplIds || []).forEach(function (id) { r[id] = 'accept'; }); return { data: r };
  });
  served.hideHomeButton = asyncApi('hideHomeButton', function () { record('hideHomeButton', {}); return null; });
  // No experiment of the admin console's A/B tests runs in a simulator: no parameters.
  served.getExptInfoSync = function () { return {}; };
  served.navigateToMiniProgram = asyncApi('navigateToMiniProgram', function (o) {
    record('navigateToMiniProgram', { appId: String(o.appId || ''), path: String(o.path || ''), extraData: o.extraData || {}, envVersion: o.envVersion || 'release' });
    return null;
  });
  served.openDocument = asyncApi('openDocument', function (o) {
    if (!o.filePath) return fail('invalid filePath');
    record('openDocument', { filePath: String(o.filePath), fileType: o.fileType || '' });
    return null;
  });

  // ArrayBuffer <-> base64, as the base library converts them.
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer && buffer.buffer ? buffer.buffer : buffer || new ArrayBuffer(0));
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
    }
    return out;
  }
  function fromBase64(text) {
    var clean = String(text || '').replace(/[^A-Za-z0-9+/]/g, '');
    var bytes = new Uint8Array(Math.floor(clean.length * 3 / 4));
    var j = 0;
    for (var i = 0; i < clean.length; i += 4) {
      var n = (B64.indexOf(clean[i]) << 18) | (B64.indexOf(clean[i + 1]) << 12) | ((B64.indexOf(clean[i + 2]) & 63) << 6) | (B64.indexOf(clean[i + 3]) & 63);
      if (j < bytes.length) bytes[j++] = n >> 16;
      if (j < bytes.length) bytes[j++] = (n >> 8) & 255;
      if (j < bytes.length) bytes[j++] = n & 255;
    }
    return bytes.buffer;
  }
  served.arrayBufferToBase64 = toBase64;
  served.base64ToArrayBuffer = fromBase64;
  kit.toBase64 = toBase64;
  kit.fromBase64 = fromBase64;
  kit.filePath = filePath;

  // wx.cloud: functions answer from the rules by name; the database reads (and writes to)
  // the rules' collections, kept for the run. As in the cloud SDK, every call returns a
  // promise, also when it is given callbacks.
  var cloudApi = function (name, run) { return asyncApi(name, run, true); };
  var warned = Object.create(null);
  function callFunction(o) {
    var name = String(o.name || '');
    var f = mocks.cloud.functions[name];
    record('cloud.callFunction', { name: name, data: o.data === undefined ? null : o.data });
    if (!f) {
      if (!warned[name]) N.warn('cloud function "' + name + '" has no mock rule (add it under cloud.functions in the --mock file); the call fails');
      warned[name] = true;
      return fail('Error: errCode: -501000 | errMsg: [ResourceNotFound] FunctionName parameter could not be found.');
    }
    if (f.fail) return { fail: true, msg: f.fail, delay: f.delay };
    return { data: { result: JSON.parse(JSON.stringify(f.result)), requestID: 'mpsim-' + name }, delay: f.delay };
  }
  function cloudInstance() {
    return {
      init: function () {},
      callFunction: cloudApi('cloud.callFunction', callFunction),
      callContainer: cloudApi('cloud.callContainer', function () { return fail('no container in mpsim'); }),
      uploadFile: cloudApi('cloud.uploadFile', function (o) { return { data: { fileID: 'cloud://mpsim/' + String(o.cloudPath || ''), statusCode: 200 } }; }),
      downloadFile: cloudApi('cloud.downloadFile', function (o) { return { data: { tempFilePath: String(o.fileID || ''), statusCode: 200 } }; }),
      getTempFileURL: cloudApi('cloud.getTempFileURL', function (o) {
        return { data: { fileList: (o.fileList || []).map(function (f) { var id = typeof f === 'string' ? f : f.fileID; return { fileID: id, tempFileURL: String(id).replace(/^cloud:\/\//, 'https://'), maxAge: 86400, status: 0, errMsg: 'ok' }; }) } };
      }),
      deleteFile: cloudApi('cloud.deleteFile', function (o) { return { data: { fileList: (o.fileList || []).map(function (id) { return { fileID: id, status: 0, errMsg: 'ok' }; }) } }; }),
      CloudID: function (id) { return { cloudID: id }; },
      database: database
    };
  }
  var stores = null;
  function database() {
    if (!stores) {
      stores = Object.create(null);
      Object.keys(mocks.cloud.collections).forEach(function (name) {
        stores[name] = mocks.cloud.collections[name].map(function (d, i) { return Object.assign({ _id: 'mock-' + name + '-' + (i + 1) }, d); });
      });
    }
    var copy = function (v) { return JSON.parse(JSON.stringify(v)); };
    function op(name) { return function (v) { return { __op: name, v: v }; }; }
    var command = {};
    ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'size', 'all', 'elemMatch'].forEach(function (n) { command[n] = op(n); });
    command.and = function () { return { __op: 'and', v: Array.prototype.concat.apply([], arguments) }; };
    command.or = function () { return { __op: 'or', v: Array.prototype.concat.apply([], arguments) }; };
    ['set', 'remove', 'inc', 'mul', 'push', 'pull', 'pop', 'shift', 'unshift'].forEach(function (n) { command[n] = function (v) { return { __update: n, v: v }; }; });
    function get(doc, path) { return String(path).split('.').reduce(function (v, k) { return v === undefined || v === null ? undefined : v[k]; }, doc); }
    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
    function test(value, cond) {
      if (cond && cond.__regexp) return typeof value === 'string' && new RegExp(cond.__regexp, cond.options || '').test(value);
      if (!cond || !cond.__op) {
        if (cond && typeof cond === 'object' && !Array.isArray(cond)) return value !== null && typeof value === 'object' && matches(value, cond);
        return Array.isArray(value) && !Array.isArray(cond) ? value.some(function (x) { return same(x, cond); }) : same(value, cond);
      }
      var v = cond.v;
      switch (cond.__op) {
        case 'eq': return same(value, v);
        case 'neq': return !same(value, v);
        case 'gt': return value > v;
        case 'gte': return value >= v;
        case 'lt': return value < v;
        case 'lte': return value <= v;
        case 'in': return (v || []).some(function (x) { return same(x, value); });
        case 'nin': return !(v || []).some(function (x) { return same(x, value); });
        case 'exists': return (value !== undefined) === !!v;
        case 'size': return Array.isArray(value) && value.length === v;
        case 'all': return Array.isArray(value) && (v || []).every(function (x) { return value.some(function (y) { return same(x, y); }); });
        case 'elemMatch': return Array.isArray(value) && value.some(function (x) { return matches(x, v); });
        case 'and': return v.every(function (c) { return test(value, c); });
        case 'or': return v.some(function (c) { return test(value, c); });
      }
      return false;
    }
    function matches(doc, where) {
      if (where && where.__op === 'or') return where.v.some(function (w) { return matches(doc, w); });
      if (where && where.__op === 'and') return where.v.every(function (w) { return matches(doc, w); });
      return Object.keys(where || {}).every(function (k) { return test(get(doc, k), where[k]); });
    }
    function stamp(v) {
      if (v && v.__serverDate) return new Date(N.now() + (v.offset || 0));
      if (Array.isArray(v)) return v.map(stamp);
      if (v && typeof v === 'object' && !(v instanceof Date)) { var o = {}; Object.keys(v).forEach(function (k) { o[k] = stamp(v[k]); }); return o; }
      return v;
    }
    function applyUpdate(doc, data) {
      Object.keys(data).forEach(function (path) {
        var keys = path.split('.'), last = keys.pop(), target = doc;
        keys.forEach(function (k) { if (target[k] === null || typeof target[k] !== 'object') target[k] = {}; target = target[k]; });
        var u = data[path];
        if (!u || !u.__update) { target[last] = stamp(u); return; }
        var cur = target[last];
        switch (u.__update) {
          case 'set': target[last] = stamp(u.v); break;
          case 'remove': delete target[last]; break;
          case 'inc': target[last] = (Number(cur) || 0) + u.v; break;
          case 'mul': target[last] = (Number(cur) || 0) * u.v; break;
          case 'push': target[last] = (Array.isArray(cur) ? cur : []).concat(Array.isArray(u.v) ? u.v : (u.v && u.v.each) || [u.v]); break;
          case 'unshift': target[last] = [].concat(u.v, Array.isArray(cur) ? cur : []); break;
          case 'pull': target[last] = (cur || []).filter(function (x) { return !test(x, u.v); }); break;
          case 'pop': if (Array.isArray(cur)) cur.pop(); break;
          case 'shift': if (Array.isArray(cur)) cur.shift(); break;
        }
      });
    }
    function project(doc, fields) {
      if (!fields) return doc;
      var keep = Object.keys(fields).filter(function (k) { return fields[k]; });
      var out = { _id: doc._id };
      keep.forEach(function (k) { if (doc[k] !== undefined) out[k] = doc[k]; });
      return out;
    }
    function docs(name) { return stores[name] || (stores[name] = []); }
    function query(name, q) {
      function next(change) { return query(name, Object.assign({}, q, change)); }
      function selected() {
        var list = docs(name).filter(function (d) { return q.where.every(function (w) { return matches(d, w); }); });
        if (q.order.length) {
          list = list.slice().sort(function (a, b) {
            for (var i = 0; i < q.order.length; i++) {
              var x = get(a, q.order[i][0]), y = get(b, q.order[i][0]);
              if (x === y) continue;
              var less = x < y ? -1 : 1;
              return q.order[i][1] === 'desc' ? -less : less;
            }
            return 0;
          });
        }
        return list;
      }
      var call = function (what, run) { return cloudApi('collection.' + what, function (o) { record('cloud.database', { collection: name, op: what }); return run(o || {}); }); };
      return {
        where: function (w) { return next({ where: q.where.concat([w]) }); },
        orderBy: function (field, dir) { return next({ order: q.order.concat([[field, dir]]) }); },
        limit: function (n) { return next({ limit: Number(n) }); },
        skip: function (n) { return next({ skip: Number(n) }); },
        field: function (f) { return next({ fields: f }); },
        get: call('get', function () {
          // The client SDK returns at most 20 documents a read.
          var list = selected().slice(q.skip, q.skip + Math.min(q.limit, 20));
          return { data: { data: copy(list.map(function (d) { return project(d, q.fields); })) } };
        }),
        count: call('count', function () { return { data: { total: selected().length } }; }),
        update: call('update', function (o) {
          var list = selected();
          list.forEach(function (d) { applyUpdate(d, o.data || {}); });
          return { data: { stats: { updated: list.length } } };
        }),
        remove: call('remove', function () {
          var list = selected();
          stores[name] = docs(name).filter(function (d) { return list.indexOf(d) < 0; });
          return { data: { stats: { removed: list.length } } };
        }),
        add: call('add', function (o) {
          var doc = Object.assign({ _id: 'mpsim-' + name + '-' + (docs(name).length + 1) }, stamp(o.data || {}));
          docs(name).push(doc);
          return { data: { _id: doc._id } };
        }),
        doc: function (id) { return document(name, id); },
        watch: function (o) {
          var opts = o || {};
          global.setTimeout(function () {
            if (typeof opts.onChange === 'function') {
              try { opts.onChange({ id: 0, type: 'init', docs: copy(selected()), docChanges: [] }); } catch (e) { global.__fw.reportError(e, 'watch onChange'); }
            }
          }, 0);
          return { close: function () { return Promise.resolve(); } };
        },
        aggregate: function () { return kit.inert; }
      };
    }
    function document(name, id) {
      var find = function () { return docs(name).filter(function (d) { return d._id === id; })[0]; };
      var call = function (what, run) { return cloudApi('document.' + what, function (o) { record('cloud.database', { collection: name, op: what, doc: id }); return run(o || {}); }); };
      return {
        get: call('get', function () { var d = find(); return d ? { data: { data: copy(d) } } : fail('document with _id ' + id + ' does not exist'); }),
        update: call('update', function (o) { var d = find(); if (d) applyUpdate(d, o.data || {}); return { data: { stats: { updated: d ? 1 : 0 } } }; }),
        set: call('set', function (o) {
          var d = find(), doc = Object.assign({ _id: id }, stamp(o.data || {}));
          if (d) docs(name)[docs(name).indexOf(d)] = doc; else docs(name).push(doc);
          return { data: { _id: id, stats: { updated: d ? 1 : 0, created: d ? 0 : 1 } } };
        }),
        remove: call('remove', function () { var d = find(); if (d) stores[name] = docs(name).filter(function (x) { return x !== d; }); return { data: { stats: { removed: d ? 1 : 0 } } }; }),
        field: function () { return document(name, id); }
      };
    }
    return {
      command: command,
      collection: function (name) { return query(String(name), { where: [], order: [], limit: 20, skip: 0, fields: null }); },
      serverDate: function (o) { return { __serverDate: true, offset: (o && o.offset) || 0 }; },
      RegExp: function (o) { return { __regexp: String(o.regexp || ''), options: o.options || '' }; },
      Geo: { Point: function (lng, lat) { return { type: 'Point', coordinates: [lng, lat] }; } },
      createCollection: cloudApi('database.createCollection', function () { return null; })
    };
  }
  // App events for code outside App(): the same moments as App's own handlers.
  var appListeners = global.__fw.appListeners;
  [['onAppShow', 'onShow'], ['onAppHide', 'onHide'], ['onError', 'onError'], ['onUnhandledRejection', 'onUnhandledRejection']].forEach(function (pair) {
    var list = appListeners[pair[1]];
    served[pair[0]] = function (cb) { if (typeof cb === 'function') list.push(cb); };
    served[pair[0].replace(/^on/, 'off')] = function (cb) {
      var i = list.indexOf(cb);
      if (i >= 0) list.splice(i, 1); else if (cb === undefined) list.length = 0;
    };
  });

  // Things the phone reports that never happen in a simulator run (the network does not
  // change, nobody takes a screenshot, memory is plenty): the listeners register and wait.
  ['NetworkStatusChange', 'NetworkWeakChange', 'UserCaptureScreen', 'MemoryWarning', 'ThemeChange', 'KeyboardHeightChange', 'WindowResize', 'AudioInterruptionBegin', 'AudioInterruptionEnd'].forEach(function (n) {
    var list = [];
    served['on' + n] = function (cb) { if (typeof cb === 'function') list.push(cb); };
    served['off' + n] = function (cb) { var i = list.indexOf(cb); if (i >= 0) list.splice(i, 1); else if (cb === undefined) list.length = 0; };
  });

  served.cloud = cloudInstance();
  served.cloud.Cloud = function () { return cloudInstance(); };
}
