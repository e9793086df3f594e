// The objects apps create: audio, video, camera, map and live contexts,
// animations, the file system manager, sockets and ads. Each has the documented methods and
// events; what a still simulator cannot do is said per object (audio makes no sound and its
// time does not move). Canvases are in canvas.js.
0, function (global, kit, N) {
  'use strict';
  var served = kit.served, asyncApi = kit.asyncApi, record = kit.record;
  var mocks = JSON.parse(N.mocks());
  var granted = function (scope) { return mocks.permissions[scope] !== false; };

  // Calls a documented callback option, reporting what it throws.
  function callback(o, key, res, where) {
    if (o && typeof o[key] === 'function') {
      try { o[key](res); } catch (e) { global.__fw.reportError(e, where); }
    }
  }
  // `onX(cb)` / `offX(cb)` pairs for the given event names; `emit(name, arg)` calls them.
  function events(target, names, where) {
    var lists = Object.create(null);
    names.forEach(function (n) {
      lists[n] = [];
      target['on' + n] = function (cb) { if (typeof cb === 'function') lists[n].push(cb); };
      target['off' + n] = function (cb) { lists[n] = cb ? lists[n].filter(function (f) { return f !== cb; }) : []; };
    });
    return function emit(n, arg) {
      (lists[n] || []).slice().forEach(function (cb) {
        try { cb(arg); } catch (e) { global.__fw.reportError(e, where + '.on' + n); }
      });
    };
  }
  var soon = function (f) { global.setTimeout(f, 0); };
  // Methods that succeed with an empty answer, recorded in the trace under `kind.method`.
  function succeeding(target, kind, id, names) {
    names.forEach(function (m) {
      target[m] = function (o) {
        record(kind + '.' + m, { id: id });
        var res = { errMsg: m + ':ok' };
        soon(function () { callback(o, 'success', res, kind + '.' + m); callback(o, 'complete', res, kind + '.' + m); });
      };
    });
    return target;
  }

  // Audio: the context keeps its state and fires its events; no sound plays and the
  // position stays where play() or seek() left it.
  var AUDIO_EVENTS = ['Canplay', 'Play', 'Pause', 'Stop', 'Ended', 'TimeUpdate', 'Error', 'Waiting', 'Seeking', 'Seeked'];
  function audio(kind, startsOnSrc) {
    var a = { startTime: 0, autoplay: false, loop: false, obeyMuteSwitch: true, volume: 1, playbackRate: 1, duration: 0, currentTime: 0, paused: true, buffered: 0 };
    var emit = events(a, AUDIO_EVENTS.concat(kind === 'BackgroundAudioManager' ? ['Prev', 'Next'] : []), kind);
    var src = '';
    Object.defineProperty(a, 'src', {
      get: function () { return src; },
      set: function (v) {
        src = String(v || '');
        soon(function () { emit('Canplay', {}); });
        if (startsOnSrc || a.autoplay) a.play();
      }
    });
    a.play = function () { if (!src) return; a.paused = false; record(kind + '.play', { src: src }); soon(function () { emit('Play', {}); }); };
    a.pause = function () { a.paused = true; soon(function () { emit('Pause', {}); }); };
    a.stop = function () { a.paused = true; a.currentTime = 0; soon(function () { emit('Stop', {}); }); };
    a.seek = function (t) { a.currentTime = Number(t) || 0; soon(function () { emit('Seeking', {}); emit('Seeked', {}); }); };
    a.destroy = function () { a.paused = true; };
    return a;
  }
  served.createInnerAudioContext = function () { return audio('InnerAudioContext', false); };
  var background = null;
  served.getBackgroundAudioManager = function () {
    if (!background) {
      background = audio('BackgroundAudioManager', true);
      ['title', 'epname', 'singer', 'coverImgUrl', 'webUrl', 'protocol'].forEach(function (k) { background[k] = ''; });
    }
    return background;
  };
  served.createAudioContext = function (id) { return succeeding({}, 'AudioContext', id, ['setSrc', 'play', 'pause', 'seek']); };
  var recorder = null;
  served.getRecorderManager = function () {
    if (recorder) return recorder;
    recorder = {};
    var emit = events(recorder, ['Start', 'Stop', 'Pause', 'Resume', 'FrameRecorded', 'Error', 'InterruptionBegin', 'InterruptionEnd'], 'RecorderManager');
    var started = 0;
    recorder.start = function (o) {
      if (!granted('scope.record')) { soon(function () { emit('Error', { errMsg: 'operateRecorder:fail auth deny' }); }); return; }
      started = N.now();
      record('RecorderManager.start', { format: (o && o.format) || 'aac' });
      soon(function () { emit('Start', {}); });
    };
    recorder.pause = function () { soon(function () { emit('Pause', {}); }); };
    recorder.resume = function () { soon(function () { emit('Resume', {}); }); };
    recorder.stop = function () {
      var duration = started ? N.now() - started : 0;
      started = 0;
      soon(function () { emit('Stop', { tempFilePath: 'wxfile://tmp/recording.aac', duration: duration, fileSize: 0 }); });
    };
    return recorder;
  };

  // Contexts of components on the page: their calls succeed and are recorded.
  served.createVideoContext = function (id) {
    return succeeding({}, 'VideoContext', id, ['play', 'pause', 'stop', 'seek', 'sendDanmu', 'playbackRate', 'requestFullScreen', 'exitFullScreen', 'showStatusBar', 'hideStatusBar', 'exitPictureInPicture', 'requestBackgroundPlayback', 'exitBackgroundPlayback']);
  };
  served.createLivePlayerContext = function (id) {
    return succeeding({}, 'LivePlayerContext', id, ['play', 'stop', 'mute', 'pause', 'resume', 'requestFullScreen', 'exitFullScreen', 'snapshot', 'exitPictureInPicture', 'requestPictureInPicture']);
  };
  served.createLivePusherContext = function () {
    return succeeding({}, 'LivePusherContext', '', ['start', 'stop', 'pause', 'resume', 'switchCamera', 'snapshot', 'toggleTorch', 'playBGM', 'stopBGM', 'pauseBGM', 'resumeBGM', 'setBGMVolume', 'setMICVolume', 'startPreview', 'stopPreview', 'sendMessage']);
  };
  served.createCameraContext = function () {
    var c = succeeding({}, 'CameraContext', '', ['setZoom', 'startRecord']);
    var photo = mocks.album.filter(function (f) { return f.type === 'image'; })[0];
    c.takePhoto = function (o) {
      var ok = granted('scope.camera') && photo;
      var res = ok ? { errMsg: 'takePhoto:ok', tempImagePath: N.albumFile(photo.name) } : { errMsg: 'takePhoto:fail ' + (photo ? 'auth deny' : 'camera has no picture: put one in the album of the --mock file') };
      record('CameraContext.takePhoto', {});
      soon(function () { callback(o, ok ? 'success' : 'fail', res, 'takePhoto'); callback(o, 'complete', res, 'takePhoto'); });
    };
    c.stopRecord = function (o) {
      var res = { errMsg: 'stopRecord:ok', tempVideoPath: '', tempThumbPath: '' };
      soon(function () { callback(o, 'success', res, 'stopRecord'); callback(o, 'complete', res, 'stopRecord'); });
    };
    c.onCameraFrame = function () { return { start: function () {}, stop: function () {} }; };
    return c;
  };
  served.createMapContext = function (id) {
    var m = succeeding({}, 'MapContext', id, ['moveToLocation', 'includePoints', 'translateMarker', 'moveAlong', 'addMarkers', 'removeMarkers', 'addCustomLayer', 'removeCustomLayer', 'addGroundOverlay', 'removeGroundOverlay', 'updateGroundOverlay', 'setCenterOffset', 'setBoundary', 'initMarkerCluster', 'addVisualLayer', 'removeVisualLayer', 'addArc', 'removeArc', 'openMapApp', 'on']);
    var loc = mocks.location;
    var answer = function (name, res) {
      return function (o) { res.errMsg = name + ':ok'; soon(function () { callback(o, 'success', res, 'MapContext.' + name); callback(o, 'complete', res, 'MapContext.' + name); }); };
    };
    m.getCenterLocation = answer('getCenterLocation', { latitude: loc.latitude, longitude: loc.longitude });
    m.getRegion = answer('getRegion', { southwest: { latitude: loc.latitude - 0.01, longitude: loc.longitude - 0.01 }, northeast: { latitude: loc.latitude + 0.01, longitude: loc.longitude + 0.01 } });
    m.getScale = answer('getScale', { scale: 16 });
    m.getRotate = answer('getRotate', { rotate: 0 });
    m.getSkew = answer('getSkew', { skew: 0 });
    m.fromScreenLocation = answer('fromScreenLocation', { latitude: loc.latitude, longitude: loc.longitude });
    m.toScreenLocation = answer('toScreenLocation', { x: 0, y: 0 });
    return m;
  };

  // Animations: the steps export in the base library's shape, for the `animation` attribute.
  served.createAnimation = function (options) {
    var defaults = Object.assign({ duration: 400, timingFunction: 'linear', delay: 0, transformOrigin: '50% 50% 0' }, options || {});
    var actions = [], current = [];
    var anim = {};
    ['matrix', 'matrix3d', 'rotate', 'rotate3d', 'rotateX', 'rotateY', 'rotateZ', 'scale', 'scale3d', 'scaleX', 'scaleY', 'scaleZ', 'skew', 'skewX', 'skewY', 'translate', 'translate3d', 'translateX', 'translateY', 'translateZ'].forEach(function (t) {
      anim[t] = function () { current.push({ type: t, args: Array.prototype.slice.call(arguments) }); return anim; };
    });
    ['opacity', 'backgroundColor', 'width', 'height', 'left', 'right', 'top', 'bottom'].forEach(function (s) {
      anim[s] = function (v) { current.push({ type: 'style', args: [s.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), v] }); return anim; };
    });
    anim.step = function (o) {
      var opt = Object.assign({}, defaults, o || {});
      actions.push({ animates: current, option: { transformOrigin: opt.transformOrigin, transition: { duration: opt.duration, timingFunction: opt.timingFunction, delay: opt.delay } } });
      current = [];
      return anim;
    };
    anim.export = function () {
      if (current.length) anim.step();
      var out = { actions: actions };
      actions = [];
      return out;
    };
    return anim;
  };

  // The file system: wxfile:// files live for the run (mpsim keeps their bytes, so <image>
  // shows them); package files can be read. Folders are the prefixes of files, plus those
  // made with mkdir.
  function utf8(text) {
    var out = [];
    var s = String(text);
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out).buffer;
  }
  function fromUtf8(buffer) {
    var b = new Uint8Array(buffer), out = '';
    for (var i = 0; i < b.length;) {
      var c = b[i++];
      if (c >= 0xf0) c = ((c & 7) << 18) | ((b[i++] & 63) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
      else if (c >= 0xe0) c = ((c & 15) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
      else if (c >= 0xc0) c = ((c & 31) << 6) | (b[i++] & 63);
      out += String.fromCodePoint(c);
    }
    return out;
  }
  // Every operation is one native call: files.rs checks the paths and keeps the files.
  // `tail` is what the platform's errMsg adds after the reason (usually the path).
  function run(op, nativeOp, args, tail) {
    var r = JSON.parse(N.file(nativeOp, JSON.stringify(args)));
    if (r.err === undefined) return r.ok;
    throw fsError(op, r.err === 'directory not empty' ? r.err : r.err + tail);
  }
  function readBytes(op, p, tail) { return kit.fromBase64(run(op, 'read', { path: String(p) }, tail)); }
  function write(op, p, bytes, append) {
    p = String(p);
    run(op, 'write', { path: p, data: kit.toBase64(bytes), append: append }, ', open ' + p);
  }
  function bytesOf(data, encoding) {
    if (typeof data !== 'string') return data && data.byteLength !== undefined ? (data.buffer || data) : utf8(String(data));
    if (encoding === 'base64') return kit.fromBase64(data);
    if (encoding === 'binary' || encoding === 'latin1') { var b = new Uint8Array(data.length); for (var i = 0; i < data.length; i++) b[i] = data.charCodeAt(i) & 255; return b.buffer; }
    return utf8(data);
  }
  function decode(buffer, encoding) {
    if (!encoding) return buffer;
    if (encoding === 'base64') return kit.toBase64(buffer);
    if (encoding === 'binary' || encoding === 'latin1') return String.fromCharCode.apply(null, new Uint8Array(buffer));
    return fromUtf8(buffer);
  }
  function fsError(op, msg) { var e = new Error(op + ':fail ' + msg); e.errMsg = e.message; return e; }
  function stats(st) {
    var t = st.modified === null ? Math.floor(N.now() / 1000) : st.modified;
    return { mode: st.dir ? 16877 : 33188, size: st.size, lastAccessedTime: t, lastModifiedTime: t, isDirectory: function () { return st.dir; }, isFile: function () { return !st.dir; } };
  }
  function statOf(op, p) { return run(op, 'stat', { path: p }, ' ' + p); }
  var fsOps = {
    access: function (o) { statOf('access', String(o.path)); },
    readFile: function (o) {
      var p = String(o.filePath), b = readBytes('readFile', p, ', open ' + p);
      if (o.position !== undefined || o.length !== undefined) b = b.slice(o.position || 0, (o.position || 0) + (o.length === undefined ? b.byteLength : o.length));
      return { data: decode(b, o.encoding) };
    },
    writeFile: function (o) { write('writeFile', o.filePath, bytesOf(o.data, o.encoding), false); },
    appendFile: function (o) { write('appendFile', o.filePath, bytesOf(o.data, o.encoding), true); },
    unlink: function (o) { var p = String(o.filePath); run('unlink', 'unlink', { path: p }, ' ' + p); },
    mkdir: function (o) { var p = String(o.dirPath); run('mkdir', 'mkdir', { path: p, recursive: !!o.recursive }, ' ' + p); },
    rmdir: function (o) { var p = String(o.dirPath); run('rmdir', 'rmdir', { path: p, recursive: !!o.recursive }, ' ' + p); },
    readdir: function (o) { var p = String(o.dirPath); return { files: run('readdir', 'readdir', { path: p }, ' ' + p) }; },
    rename: function (o) {
      var a = String(o.oldPath), b = String(o.newPath);
      run('rename', 'rename', { path: a, to: b }, ', rename ' + a + ' -> ' + b);
    },
    copyFile: function (o) {
      var a = String(o.srcPath), b = String(o.destPath), tail = ', copyFile ' + a + ' -> ' + b;
      var bytes = readBytes('copyFile', a, tail);
      run('copyFile', 'write', { path: b, data: kit.toBase64(bytes) }, tail);
    },
    stat: function (o) {
      var p = String(o.path).replace(/\/+$/, ''), st = statOf('stat', p);
      if (!o.recursive || !st.dir) return { stats: stats(st) };
      // Recursive: the folder and everything below it, each with its path inside the folder.
      var out = [];
      (function walk(rel, s) {
        out.push({ path: rel || '/', stats: stats(s) });
        if (!s.dir) return;
        run('stat', 'readdir', { path: p + rel }, ' ' + p + rel).forEach(function (name) {
          walk(rel + '/' + name, statOf('stat', p + rel + '/' + name));
        });
      })('', st);
      return { stats: out };
    },
    getFileInfo: function (o) {
      var p = String(o.filePath), st;
      try { st = statOf('getFileInfo', p); } catch (e) { throw fsError('getFileInfo', 'file not exist'); }
      return { size: st.size, digest: '' };
    },
    saveFile: function (o) {
      var src = String(o.tempFilePath), bytes = readBytes('saveFile', src, ' ' + src);
      var dest = o.filePath ? String(o.filePath) : 'wxfile://store/' + src.replace(/^.*\//, '');
      write('saveFile', dest, bytes, false);
      return { savedFilePath: dest };
    },
    getSavedFileList: function () {
      return { fileList: run('getSavedFileList', 'list', { path: 'wxfile://store' }, '').map(function (f) { var st = statOf('getSavedFileList', f); return { filePath: f, size: st.size, createTime: stats(st).lastModifiedTime }; }) };
    },
    removeSavedFile: function (o) { fsOps.unlink({ filePath: o.filePath }); },
    unzip: function () { throw fsError('unzip', 'not supported by mpsim yet'); }
  };
  // Positional arguments of the Sync forms, by method.
  var syncArgs = {
    access: ['path'], readFile: ['filePath', 'encoding', 'position', 'length'], writeFile: ['filePath', 'data', 'encoding'],
    appendFile: ['filePath', 'data', 'encoding'], unlink: ['filePath'], mkdir: ['dirPath', 'recursive'], rmdir: ['dirPath', 'recursive'],
    readdir: ['dirPath'], rename: ['oldPath', 'newPath'], copyFile: ['srcPath', 'destPath'], stat: ['path', 'recursive'],
    saveFile: ['tempFilePath', 'filePath'], getFileInfo: ['filePath'], unzip: ['zipFilePath', 'targetPath']
  };
  var syncResult = { readFile: 'data', readdir: 'files', stat: 'stats', saveFile: 'savedFilePath' };
  var fsManager = null;
  served.getFileSystemManager = function () {
    if (fsManager) return fsManager;
    fsManager = {};
    Object.keys(fsOps).forEach(function (name) {
      fsManager[name] = asyncApi(name, function (o) {
        try { return { data: fsOps[name](o) || {} }; } catch (e) { return { fail: true, msg: e.message.replace(/^\w+:fail /, '') }; }
      });
      if (syncArgs[name]) {
        fsManager[name + 'Sync'] = function () {
          var o = {}, args = arguments;
          syncArgs[name].forEach(function (k, i) { if (args[i] !== undefined) o[k] = args[i]; });
          var r = fsOps[name](o) || {};
          return syncResult[name] ? r[syncResult[name]] : undefined;
        };
      }
    });
    return fsManager;
  };
  ['saveFile', 'getSavedFileList', 'removeSavedFile', 'getFileInfo'].forEach(function (name) {
    served[name] = function (o) { return served.getFileSystemManager()[name](o); };
  });

  // Sockets connect to the servers the mock rules script (`sockets`); any other URL fails to
  // connect the way it does offline (onError, then onClose with 1006). A scripted server
  // opens, sends its messages on the virtual clock, answers what the app sends, and may
  // close. The legacy wx.onSocket* listeners follow the last socket.
  var legacy = {};
  var legacyEmit = events(legacy, ['SocketOpen', 'SocketError', 'SocketMessage', 'SocketClose'], 'wx');
  var lastSocket = null;
  function wildcard(pattern, url) {
    var parts = String(pattern).split('*').map(function (p) { return p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'); });
    return new RegExp('^' + parts.join('.*') + '$').test(url);
  }
  // A real connection (`--network live`): what it receives arrives through __socketEvent
  // when virtual time moves.
  var liveTasks = Object.create(null);
  global.__socketEvent = function (id, kind, payload) {
    var t = liveTasks[id];
    if (t) t(kind, JSON.parse(payload));
  };
  function liveSocket(task, emit, opts, id) {
    var both = function (name, arg) {
      emit(name, arg);
      if (lastSocket === task) legacyEmit('Socket' + name, arg);
    };
    liveTasks[id] = function (kind, p) {
      if (kind === 'open') { task.readyState = 1; both('Open', { header: {}, profile: {} }); }
      if (kind === 'message') both('Message', { data: p.data });
      if (kind === 'error') both('Error', { errMsg: p.errMsg });
      if (kind === 'close') { task.readyState = 3; delete liveTasks[id]; both('Close', { code: p.code, reason: p.reason }); }
    };
    task.send = function (so) {
      var s = so || {};
      var err = task.readyState === 1 ? N.socketSend(id, String(s.data === undefined ? '' : s.data)) : 'socket is not connected';
      var r = { errMsg: 'sendSocketMessage:' + (err ? 'fail ' + err : 'ok') };
      soon(function () { callback(s, err ? 'fail' : 'success', r, 'SocketTask.send'); callback(s, 'complete', r, 'SocketTask.send'); });
    };
    task.close = function (co) {
      var c = co || {};
      N.socketClose(id, c.code || 1000, String(c.reason || ''));
      var r = { errMsg: 'closeSocket:ok' };
      soon(function () { callback(c, 'success', r, 'SocketTask.close'); callback(c, 'complete', r, 'SocketTask.close'); });
    };
    lastSocket = task;
    var res = { errMsg: 'connectSocket:ok' };
    soon(function () { callback(opts, 'success', res, 'connectSocket'); callback(opts, 'complete', res, 'connectSocket'); });
    return task;
  }
  // A URL the platform's checks refuse: the call fails, and so does the socket.
  function refusedSocket(task, emit, opts, why) {
    var res = { errMsg: 'connectSocket:fail ' + why };
    task.readyState = 3;
    task.send = function (so) { var f = { errMsg: 'sendSocketMessage:fail socket is not connected' }; soon(function () { callback(so || {}, 'fail', f, 'SocketTask.send'); }); };
    task.close = function () {};
    soon(function () {
      callback(opts, 'fail', res, 'connectSocket');
      callback(opts, 'complete', res, 'connectSocket');
      emit('Error', { errMsg: res.errMsg });
    });
    return task;
  }
  served.connectSocket = function (o) {
    var opts = o || {};
    var task = { readyState: 0, CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };
    var emit = events(task, ['Open', 'Error', 'Message', 'Close'], 'SocketTask');
    var url = String(opts.url || '');
    var script = (mocks.sockets || []).filter(function (sc) { return wildcard(sc.url, url); })[0];
    if (!script) {
      var live = N.socketConnect(url);
      if (typeof live === 'string') return refusedSocket(task, emit, opts, live);
      if (live >= 0) return liveSocket(task, emit, opts, live);
    }
    record('connectSocket', { url: url });
    var both = function (name, arg) {
      emit(name, arg);
      if (lastSocket === task) legacyEmit('Socket' + name, arg);
    };
    var closeWith = function (code, reason) {
      if (task.readyState === 3) return;
      task.readyState = 3;
      both('Close', { code: code, reason: reason });
    };
    var receive = function (data, delay) {
      global.setTimeout(function () { if (task.readyState === 1) both('Message', { data: data }); }, delay || 0);
    };
    task.send = function (so) {
      var s = so || {};
      if (task.readyState !== 1) {
        var f = { errMsg: 'sendSocketMessage:fail socket is not connected' };
        soon(function () { callback(s, 'fail', f, 'SocketTask.send'); callback(s, 'complete', f, 'SocketTask.send'); });
        return;
      }
      var data = String(s.data === undefined ? '' : s.data);
      record('sendSocketMessage', { url: url, data: data });
      var r = { errMsg: 'sendSocketMessage:ok' };
      soon(function () { callback(s, 'success', r, 'SocketTask.send'); callback(s, 'complete', r, 'SocketTask.send'); });
      var reply = script.replies.filter(function (rp) { return rp.when === data || rp.when === '*'; })[0];
      if (reply) receive(reply.data, reply.delay);
      else if (script.echo) receive(data, 0);
    };
    task.close = function (co) {
      var r = { errMsg: 'closeSocket:ok' };
      var c = co || {};
      soon(function () {
        callback(c, 'success', r, 'SocketTask.close');
        callback(c, 'complete', r, 'SocketTask.close');
        closeWith(c.code || 1000, c.reason || '');
      });
    };
    lastSocket = task;
    var res = { errMsg: 'connectSocket:ok' };
    soon(function () {
      callback(opts, 'success', res, 'connectSocket');
      callback(opts, 'complete', res, 'connectSocket');
      global.setTimeout(function () {
        if (!script) {
          var err = { errMsg: 'no socket server in the mock rules matches ' + url };
          task.readyState = 3;
          both('Error', err);
          both('Close', { code: 1006, reason: 'abnormal closure' });
          return;
        }
        task.readyState = 1;
        both('Open', { header: {}, profile: {} });
        var at = 0;
        script.messages.forEach(function (m) { at += m.delay || 0; receive(m.data, at); });
        if (script.closeAfter !== null && script.closeAfter !== undefined) {
          global.setTimeout(function () { closeWith(1000, 'closed by the server'); }, script.closeAfter);
        }
      }, 0);
    });
    return task;
  };
  Object.keys(legacy).forEach(function (k) { served[k] = legacy[k]; });
  served.sendSocketMessage = function (o) { (lastSocket ? lastSocket.send : function (so) { callback(so, 'fail', { errMsg: 'sendSocketMessage:fail socket is not connected' }, 'sendSocketMessage'); })(o); };
  served.closeSocket = function (o) { if (lastSocket) lastSocket.close(o); };

  // Ads: a new app has no ad inventory, so ads never load: onError with errCode 1004 (no
  // suitable ad), and load()/show() reject with it.
  function ad(kind, id) {
    var a = {};
    var emit = events(a, ['Load', 'Error', 'Close'], kind);
    var noFill = function () { return { errMsg: 'no advertisement', errCode: 1004 }; };
    var failing = function () { var e = noFill(); soon(function () { emit('Error', e); }); return Promise.reject(e); };
    record('create' + kind, { adUnitId: id });
    a.load = failing;
    a.show = failing;
    a.destroy = function () {};
    a.onResize = a.offResize = function () {};
    a.style = {};
    global.setTimeout(function () { emit('Error', noFill()); }, 0);
    return a;
  }
  served.createInterstitialAd = function (o) { return ad('InterstitialAd', (o && o.adUnitId) || ''); };
  served.createRewardedVideoAd = function (o) { return ad('RewardedVideoAd', (o && o.adUnitId) || ''); };
}
