// Canvases: the Canvas that `SelectorQuery.node()` gives for `<canvas type="2d">`, offscreen
// canvases, their images, and the first canvas API (`wx.createCanvasContext`, `canvas-id`).
// Drawing runs in mpsim's rasterizer (`__native.canvas*`, canvas.rs) as each call is made;
// the view shows a canvas's pixels after the task that drew them, as the phone does.
0, function (global, kit, N) {
  'use strict';
  var served = kit.served, record = kit.record;
  var dpr = kit.device.pixelRatio || 1;

  var STATE = {
    fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, lineCap: 'butt', lineJoin: 'miter',
    miterLimit: 10, lineDashOffset: 0, globalAlpha: 1, globalCompositeOperation: 'source-over',
    font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic', letterSpacing: '0px',
    shadowBlur: 0, shadowColor: 'rgba(0, 0, 0, 0)', shadowOffsetX: 0, shadowOffsetY: 0,
    imageSmoothingEnabled: true, imageSmoothingQuality: 'low', direction: 'ltr', filter: 'none'
  };
  // Methods that go to the rasterizer as they are.
  var PLAIN = ['beginPath', 'closePath', 'moveTo', 'lineTo', 'bezierCurveTo', 'quadraticCurveTo', 'arc', 'arcTo',
    'ellipse', 'rect', 'fillRect', 'strokeRect', 'clearRect', 'translate', 'rotate', 'scale', 'transform', 'resetTransform'];

  // What a style assignment sends: a color as text, a gradient or pattern as its JSON.
  function encode(v) {
    if (v && typeof v === 'object' && v.__style) return JSON.stringify(v.__style);
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    return String(v);
  }
  function gradient(type, args) {
    var g = { __style: { type: type, args: args, stops: [] } };
    g.addColorStop = function (offset, color) {
      if (!(offset >= 0 && offset <= 1)) throw new Error('IndexSizeError: the offset is outside 0..1');
      g.__style.stops.push([Number(offset), String(color)]);
    };
    return g;
  }
  // The key the rasterizer knows an image source by: an Image's source, another canvas, or
  // (the first API) a path.
  function imageKey(img) {
    if (typeof img === 'string') {
      var path = kit.filePath(img);
      N.canvasImage(path);
      return path;
    }
    return img && img.__key ? img.__key : '';
  }
  // Path2D: the calls recorded, replayed into the context's path when it is used.
  function path2d(from) {
    var calls = from && from.__calls ? from.__calls.slice() : [];
    var p = { __calls: calls };
    PLAIN.slice(0, 10).concat(['roundRect']).forEach(function (m) {
      if (m === 'beginPath') return;
      p[m] = function () { calls.push([m, Array.prototype.slice.call(arguments)]); };
    });
    p.addPath = function (other) { if (other && other.__calls) calls.push.apply(calls, other.__calls); };
    return p;
  }

  // The CanvasRenderingContext2D of canvas `id`.
  function context2d(id, canvas) {
    var st = Object.assign({}, STATE), stack = [], dash = [];
    var call = function (m, a, b, c, d, e, f, g, h) { return N.canvasCall(id, m, a, b, c, d, e, f, g, h); };
    var ctx = { canvas: canvas };
    Object.keys(STATE).forEach(function (k) {
      Object.defineProperty(ctx, k, {
        enumerable: true,
        get: function () { return st[k]; },
        set: function (v) { st[k] = v; call('set', k, encode(v)); }
      });
    });
    PLAIN.forEach(function (m) { ctx[m] = function (a, b, c, d, e, f, g, h) { call(m, a, b, c, d, e, f, g, h); }; });
    ctx.roundRect = function (x, y, w, h, r) { call('roundRect', x, y, w, h, Array.isArray(r) ? r[0] : (r || 0)); };
    ctx.setTransform = function (a, b, c, d, e, f) {
      if (a && typeof a === 'object') return call('setTransform', a.a, a.b, a.c, a.d, a.e, a.f);
      if (a === undefined) return call('resetTransform');
      call('setTransform', a, b, c, d, e, f);
    };
    // A Path2D is played into the context's path while it is used; the current path is put
    // aside and comes back after, as if the Path2D had been its own.
    function withPath(path, run) {
      if (!(path && path.__calls)) return run();
      call('stashPath');
      call('beginPath');
      path.__calls.forEach(function (c) { ctx[c[0]].apply(ctx, c[1]); });
      try { return run(); } finally { call('unstashPath'); }
    }
    ctx.fill = function (path, rule) {
      if (path && path.__calls) return withPath(path, function () { call('fill', rule); });
      call('fill', path);
    };
    ctx.stroke = function (path) { withPath(path, function () { call('stroke'); }); };
    ctx.clip = function (path, rule) {
      if (path && path.__calls) return withPath(path, function () { call('clip', rule); });
      call('clip', path);
    };
    ['isPointInPath', 'isPointInStroke'].forEach(function (m) {
      ctx[m] = function (path, x, y, rule) {
        if (path && path.__calls) return withPath(path, function () { return call(m, x, y, rule) === 'true'; });
        return call(m, path, x, y) === 'true';
      };
    });
    ctx.save = function () { stack.push([Object.assign({}, st), dash.slice()]); call('save'); };
    ctx.restore = function () {
      var top = stack.pop();
      if (top) { st = top[0]; dash = top[1]; }
      call('restore');
    };
    ctx.reset = function () { st = Object.assign({}, STATE); stack = []; dash = []; call('reset'); };
    ctx.setLineDash = function (list) {
      if (!Array.isArray(list)) return;
      var ok = list.every(function (n) { return typeof n === 'number' && isFinite(n) && n >= 0; });
      if (!ok) return;
      dash = list.length % 2 ? list.concat(list) : list.slice();
      N.canvasCall.apply(null, [id, 'setLineDash'].concat(dash));
    };
    ctx.getLineDash = function () { return dash.slice(); };
    ctx.fillText = function (text, x, y, maxWidth) { call('fillText', String(text), x, y, maxWidth); };
    ctx.strokeText = function (text, x, y, maxWidth) { call('strokeText', String(text), x, y, maxWidth); };
    ctx.measureText = function (text) { return JSON.parse(call('measureText', String(text))); };
    ctx.drawImage = function (img, a, b, c, d, e, f, g, h) { call('drawImage', imageKey(img), a, b, c, d, e, f, g, h); };
    ctx.createLinearGradient = function (x0, y0, x1, y1) { return gradient('linear', [x0, y0, x1, y1]); };
    ctx.createRadialGradient = function (x0, y0, r0, x1, y1, r1) { return gradient('radial', [x0, y0, r0, x1, y1, r1]); };
    ctx.createConicGradient = function (angle, x, y) { return gradient('conic', [angle, x, y]); };
    ctx.createPattern = function (img, repetition) {
      return { __style: { type: 'pattern', image: imageKey(img), repetition: repetition === null || repetition === undefined ? 'repeat' : String(repetition) } };
    };
    ctx.createImageData = function (w, h) { return imageData(w, h); };
    ctx.getImageData = function (x, y, w, h) {
      return { width: w, height: h, colorSpace: 'srgb', data: N.canvasGetImageData(id, x, y, w, h) };
    };
    ctx.putImageData = function (d, dx, dy) {
      if (!d || !d.data) throw new TypeError("Failed to execute 'putImageData': parameter 1 is not an ImageData");
      N.canvasPutImageData(id, new Uint8Array(d.data.buffer, d.data.byteOffset, d.data.byteLength), d.width, dx, dy);
    };
    ctx.getContextAttributes = function () { return { alpha: true, desynchronized: false }; };
    ctx.__reset = function () { st = Object.assign({}, STATE); stack = []; dash = []; };
    return ctx;
  }

  function imageData(w, h) {
    if (w && typeof w === 'object') { h = w.height; w = w.width; }
    w = Math.max(0, Math.floor(w) || 0); h = Math.max(0, Math.floor(h) || 0);
    // As large as a canvas may be, and no larger.
    if (w * h > 4096 * 4096) throw new RangeError('createImageData: ' + w + 'x' + h + ' is too large');
    return { width: w, height: h, colorSpace: 'srgb', data: new Uint8ClampedArray(w * h * 4) };
  }

  // `canvas.createImage()`: `src` loads the image (package, temp file or network) and calls
  // `onload` after the current task, `onerror` when it cannot be read.
  function canvasImage() {
    var src = '';
    var img = { width: 0, height: 0, complete: false, onload: null, onerror: null, __key: '' };
    Object.defineProperty(img, 'src', {
      enumerable: true,
      get: function () { return src; },
      set: function (v) {
        src = String(v);
        var key = kit.filePath(src);
        img.__key = key;
        var info = N.canvasImage(key);
        global.setTimeout(function () {
          if (info) {
            var i = JSON.parse(info);
            img.width = i.width; img.height = i.height; img.complete = true;
            if (typeof img.onload === 'function') img.onload({ type: 'load' });
          } else if (typeof img.onerror === 'function') {
            img.onerror({ type: 'error', errMsg: 'image load failed: ' + src });
          }
        }, 0);
      }
    });
    return img;
  }

  // A Canvas object (node 0: offscreen): width and height in device pixels; setting either
  // clears it.
  function makeCanvas(node, width, height, type) {
    var id = N.canvasCreate(node, width, height);
    var ctx = null;
    var canvas = {
      _type: type, __id: id, __key: 'canvas:' + id,
      getContext: function (kind) {
        if (kind !== '2d') return null;
        return ctx || (ctx = context2d(id, canvas));
      },
      createImage: canvasImage,
      createImageData: imageData,
      createPath2D: path2d,
      requestAnimationFrame: function (cb) { return global.setTimeout(function () { cb(Date.now()); }, 16); },
      cancelAnimationFrame: function (t) { global.clearTimeout(t); },
      toDataURL: function (type, quality) {
        return N.canvasExport(id, JSON.stringify({ as: 'dataURL', fileType: type === 'image/jpeg' ? 'jpg' : 'png', quality: quality }));
      }
    };
    ['width', 'height'].forEach(function (k) {
      Object.defineProperty(canvas, k, {
        enumerable: true,
        get: function () { return k === 'width' ? width : height; },
        set: function (v) {
          var n = Math.max(0, Math.floor(Number(v) || 0));
          if (k === 'width') width = n; else height = n;
          N.canvasResize(id, width, height);
          if (ctx) ctx.__reset();
        }
      });
    });
    return canvas;
  }

  // The Canvas of a `<canvas>` node, one per node as on the phone; its bitmap starts at
  // 300 x 150, the HTML default (apps set width and height from the box and pixelRatio).
  var nodeCanvases = Object.create(null);
  kit.canvasNode = function (node, info) {
    var type = info.properties.type || '';
    if (type !== '2d' && type !== 'webgl') return null;
    if (!nodeCanvases[node]) {
      nodeCanvases[node] = type === '2d' ? makeCanvas(node, 300, 150, '2d') :
        { _type: 'webgl', width: 300, height: 150, getContext: function () { return null; }, requestAnimationFrame: function () { return 0; }, cancelAnimationFrame: function () {} };
    }
    return nodeCanvases[node];
  };
  served.createOffscreenCanvas = function (o, h) {
    var opts = typeof o === 'object' && o ? o : { width: o, height: h };
    return makeCanvas(0, Math.floor(opts.width || 300), Math.floor(opts.height || 150), '2d');
  };
  global.Path2D = function (from) { return path2d(from); };

  // The first canvas API: the context records calls; `draw()` finds the `<canvas canvas-id>`
  // in the page (or the component given) and plays them on a bitmap of its box times the
  // pixel ratio, in CSS pixels.
  var legacyCanvases = Object.create(null);
  function legacyCanvas(canvasId, scope, done) {
    var scopeId = scope && scope.__id ? scope.__id : 0;
    var node = N.queryNodes(scopeId, 'canvas', true).filter(function (n) {
      return JSON.parse(N.nodeInfo(n)).properties['canvas-id'] === canvasId;
    })[0];
    if (node === undefined) return done(null);
    kit.boxesOf([node], function (boxes) {
      var box = boxes[0];
      if (!box) return done(null);
      var w = Math.round(box.width * dpr), h = Math.round(box.height * dpr);
      var c = legacyCanvases[node];
      if (!c || c.width !== w || c.height !== h) {
        c = legacyCanvases[node] = makeCanvas(node, w, h, 'legacy');
      }
      done(c);
    });
  }
  var SETTERS = {
    setFillStyle: 'fillStyle', setStrokeStyle: 'strokeStyle', setLineWidth: 'lineWidth', setLineCap: 'lineCap',
    setLineJoin: 'lineJoin', setMiterLimit: 'miterLimit', setGlobalAlpha: 'globalAlpha', setTextAlign: 'textAlign',
    setTextBaseline: 'textBaseline'
  };
  var measurer = null;
  function legacyContext(canvasId, scope) {
    var actions = [];
    var fontSize = 10;
    var ctx = { canvasId: canvasId };
    var push = function (m) { return function () { actions.push([m, Array.prototype.slice.call(arguments)]); }; };
    PLAIN.concat(['fill', 'stroke', 'clip', 'save', 'restore', 'fillText', 'strokeText', 'drawImage', 'setLineDash', 'setTransform']).forEach(function (m) {
      ctx[m] = push(m);
    });
    Object.keys(SETTERS).forEach(function (m) { ctx[m] = push(m); });
    Object.keys(STATE).forEach(function (k) {
      var value = STATE[k];
      Object.defineProperty(ctx, k, {
        enumerable: true,
        get: function () { return value; },
        set: function (v) { value = v; actions.push(['=', [k, v]]); }
      });
    });
    ctx.setFontSize = function (n) { fontSize = Number(n) || fontSize; actions.push(['=', ['font', fontSize + 'px sans-serif']]); };
    ctx.setShadow = function (x, y, blur, color) {
      actions.push(['=', ['shadowOffsetX', x || 0]], ['=', ['shadowOffsetY', y || 0]], ['=', ['shadowBlur', blur || 0]], ['=', ['shadowColor', color || 'black']]);
    };
    ctx.createLinearGradient = function (x0, y0, x1, y1) { return gradient('linear', [x0, y0, x1, y1]); };
    ctx.createCircularGradient = function (x, y, r) { return gradient('circular', [x, y, r]); };
    ctx.createPattern = function (img, repetition) { return { __style: { type: 'pattern', image: imageKey(img), repetition: repetition || 'repeat' } }; };
    ctx.measureText = function (text) {
      measurer = measurer || makeCanvas(0, 1, 1, '2d').getContext('2d');
      measurer.font = fontSize + 'px sans-serif';
      return { width: measurer.measureText(text).width };
    };
    ctx.getActions = function () { var a = actions; actions = []; return a; };
    ctx.draw = function (reserve, cb) {
      if (typeof reserve === 'function') { cb = reserve; reserve = false; }
      var list = ctx.getActions();
      record('CanvasContext.draw', { canvasId: canvasId });
      global.__fw.afterUpdates(function () {
        legacyCanvas(canvasId, scope, function (canvas) {
          if (canvas) play(canvas, list, reserve);
          if (typeof cb === 'function') {
            try { cb(); } catch (e) { global.__fw.reportError(e, 'CanvasContext.draw callback'); }
          }
        });
      }, 'CanvasContext.draw');
    };
    return ctx;
  }
  function play(canvas, actions, reserve) {
    var c = canvas.getContext('2d');
    if (!reserve) {
      canvas.width = canvas.width;
      c.scale(dpr, dpr);
    }
    actions.forEach(function (a) {
      var m = a[0], args = a[1];
      if (m === '=') c[args[0]] = args[1];
      else if (SETTERS[m]) c[SETTERS[m]] = args[0];
      else if (m === 'setLineDash') { c.setLineDash(args[0] || []); c.lineDashOffset = args[1] || 0; }
      else if (m === 'setTransform') { c.setTransform(dpr * args[0], dpr * args[1], dpr * args[2], dpr * args[3], dpr * args[4], dpr * args[5]); }
      else c[m].apply(c, args);
    });
  }
  served.createCanvasContext = function (id, scope) { return legacyContext(String(id || ''), scope); };
  // The very first API, still in old apps: a context not bound to a canvas, and drawCanvas.
  served.createContext = function () { return legacyContext('', null); };
  served.drawCanvas = function (o) {
    var opts = o || {};
    var canvasId = String(opts.canvasId || '');
    record('CanvasContext.draw', { canvasId: canvasId });
    global.__fw.afterUpdates(function () {
      legacyCanvas(canvasId, null, function (canvas) { if (canvas) play(canvas, opts.actions || [], !!opts.reserve); });
    }, 'drawCanvas');
  };

  // Exports and pixel access, for both APIs: a Canvas given as `canvas`, or a `canvasId`
  // in the page (or component) given as the second argument.
  function targetCanvas(o, scope, done) {
    if (o.canvas && o.canvas.__id) return done(o.canvas, 1);
    legacyCanvas(String(o.canvasId || ''), scope, function (c) { done(c, dpr); });
  }
  function canvasApi(name, body) {
    served[name] = function (o, scope) {
      var opts = o || {};
      var finish = function (res) {
        var ok = !(res instanceof Error);
        var out = ok ? Object.assign({ errMsg: name + ':ok' }, res) : { errMsg: name + ':fail ' + res.message };
        global.setTimeout(function () {
          if (typeof opts[ok ? 'success' : 'fail'] === 'function') opts[ok ? 'success' : 'fail'](out);
          if (typeof opts.complete === 'function') opts.complete(out);
        }, 0);
      };
      global.__fw.afterUpdates(function () {
        targetCanvas(opts, scope, function (canvas, scale) {
          if (!canvas) return finish(new Error('canvas is empty'));
          try { finish(body(opts, canvas, scale)); } catch (e) { finish(e); }
        });
      }, name);
    };
  }
  // Regions are in the canvas's CSS pixels (its coordinate units for a 2D canvas); the
  // image defaults to the region times the pixel ratio.
  canvasApi('canvasToTempFilePath', function (o, canvas, scale) {
    var x = o.x || 0, y = o.y || 0;
    var w = o.width || canvas.width / scale - x, h = o.height || canvas.height / scale - y;
    var path = N.canvasExport(canvas.__id, JSON.stringify({
      as: 'file', x: x * scale, y: y * scale, width: w * scale, height: h * scale,
      destWidth: o.destWidth || w * scale, destHeight: o.destHeight || h * scale,
      fileType: o.fileType || 'png', quality: o.quality
    }));
    return { tempFilePath: path };
  });
  canvasApi('canvasGetImageData', function (o, canvas, scale) {
    var d = canvas.getContext('2d').getImageData((o.x || 0) * scale, (o.y || 0) * scale, o.width * scale, o.height * scale);
    return { width: d.width, height: d.height, data: d.data };
  });
  canvasApi('canvasPutImageData', function (o, canvas, scale) {
    var d = { width: o.width, height: o.height, data: o.data };
    canvas.getContext('2d').putImageData(d, (o.x || 0) * scale, (o.y || 0) * scale);
    return {};
  });
}
