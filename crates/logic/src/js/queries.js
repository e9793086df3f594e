// Selector queries and the observers built on them. The logic side matches the selectors,
// the view answers with boxes from its layout (through `kit.queryAnswered`); intersection
// observers ask such queries, media query observers read the window. Run on first use
// (api.js's `need`), like the other lazy API files.
0, function (global, kit, N) {
  'use strict';
  var served = kit.served, device = kit.device, need = kit.need;

  // Selector queries: the logic side matches the selectors (in the page, or in the
  // component given to `in()`), the view answers with boxes from its layout. The answer
  // arrives after the current task, as on the phone; nodes that are not laid out give null.
  var pendingQueries = Object.create(null);
  kit.queryAnswered = function (id, json) {
    var done = pendingQueries[id];
    delete pendingQueries[id];
    if (done) done(JSON.parse(json));
  };
  // The boxes of `nodes` from the view's layout, after this task's template updates.
  function boxesOf(nodes, done) {
    var id = N.query(JSON.stringify({ nodes: nodes, styles: [] }));
    pendingQueries[id] = function (answer) { done(answer.boxes); };
  }
  function selectorQuery(scope) {
    var requests = [];
    var q = {
      in: function (component) { scope = component; return q; },
      select: function (sel) { return nodesRef(String(sel), false); },
      selectAll: function (sel) { return nodesRef(String(sel), true); },
      selectViewport: function () { return nodesRef(null, false); },
      exec: function (cb) {
        // The query travels after this task's template updates, as on the phone: its
        // selectors match the tree those updates leave.
        global.__fw.afterUpdates(function () { run(cb); });
        return q;
      }
    };
    function run(cb) {
        var scopeId = scope && scope.__id ? scope.__id : 0;
        var nodes = [];
        var styles = [];
        var matched = requests.map(function (r) {
          var ids = r.sel === null ? [] : N.queryNodes(scopeId, r.sel, r.all);
          ids.forEach(function (id) { nodes.push(id); });
          if (r.kind === 'fields' && Array.isArray(r.fields.computedStyle)) styles = styles.concat(r.fields.computedStyle);
          return ids;
        });
        var id = N.query(JSON.stringify({ nodes: nodes, styles: styles }));
        pendingQueries[id] = function (answer) {
          var boxes = {};
          nodes.forEach(function (n, i) { boxes[n] = answer.boxes[i]; });
          var results = requests.map(function (r, i) {
            if (r.sel === null) return describe(r, null, answer.viewport, { id: '', dataset: {}, properties: {} });
            var found = matched[i].filter(function (n) { return boxes[n]; }).map(function (n) {
              return describe(r, n, boxes[n], JSON.parse(N.nodeInfo(n)));
            });
            return r.all ? found : (found[0] || null);
          });
          requests.forEach(function (r, i) {
            if (typeof r.cb === 'function') {
              try { r.cb(results[i]); } catch (e) { global.__fw.reportError(e, 'selector query callback'); }
            }
          });
          if (typeof cb === 'function') {
            try { cb(results); } catch (e) { global.__fw.reportError(e, 'selector query callback'); }
          }
        };
    }
    function nodesRef(sel, all) {
      var ref = {};
      ['boundingClientRect', 'scrollOffset', 'context', 'node'].forEach(function (m) {
        ref[m] = function (cb) { requests.push({ sel: sel, all: all, kind: m, cb: cb }); return q; };
      });
      ref.fields = function (fields, cb) { requests.push({ sel: sel, all: all, kind: 'fields', fields: fields || {}, cb: cb }); return q; };
      return ref;
    }
    return q;
  }
  // Intersection observers, answered from the layout through selector queries: on observe,
  // the callback runs once if the target already intersects (ratio above initialRatio), as
  // the first notification does on the phone. Nothing moves in a still frame after that.
  function intersectionObserver(scope, options) {
    var o = options || {};
    var relative = null;
    var observer = {
      relativeTo: function (sel, margins) { relative = { sel: String(sel), margins: margins || {} }; return observer; },
      relativeToViewport: function (margins) { relative = { sel: null, margins: margins || {} }; return observer; },
      observe: function (target, cb) {
        var q = selectorQuery(scope && scope.__id ? scope : null);
        (o.observeAll ? q.selectAll(target) : q.select(target)).boundingClientRect();
        if (relative && relative.sel) q.select(relative.sel).boundingClientRect(); else q.selectViewport().boundingClientRect();
        q.exec(function (res) {
          var targets = o.observeAll ? (res[0] || []) : (res[0] ? [res[0]] : []);
          var rel = res[1];
          if (!rel || typeof cb !== 'function') return;
          var m = (relative && relative.margins) || {};
          var rr = { left: rel.left - (m.left || 0), top: rel.top - (m.top || 0), right: rel.right + (m.right || 0), bottom: rel.bottom + (m.bottom || 0) };
          targets.forEach(function (t) {
            var ir = { left: Math.max(t.left, rr.left), top: Math.max(t.top, rr.top), right: Math.min(t.right, rr.right), bottom: Math.min(t.bottom, rr.bottom) };
            var w = Math.max(0, ir.right - ir.left), h = Math.max(0, ir.bottom - ir.top);
            var area = t.width * t.height;
            var ratio = area > 0 ? (w * h) / area : 0;
            if (ratio <= (o.initialRatio || 0)) return;
            ir.width = w; ir.height = h;
            cb({ id: t.id, dataset: t.dataset, intersectionRatio: ratio, intersectionRect: ir, boundingClientRect: t, relativeRect: rr, time: N.now() });
          });
        });
      },
      disconnect: function () {}
    };
    return observer;
  }
  // Media query observers: matched once against the window on observe.
  function mediaQueryObserver() {
    return {
      observe: function (d, cb) {
        var w = device.width, h = N.windowHeight();
        var ok = (d.minWidth === undefined || w >= d.minWidth) && (d.maxWidth === undefined || w <= d.maxWidth) &&
          (d.width === undefined || w === d.width) && (d.minHeight === undefined || h >= d.minHeight) &&
          (d.maxHeight === undefined || h <= d.maxHeight) && (d.height === undefined || h === d.height) &&
          (d.orientation === undefined || d.orientation === (w > h ? 'landscape' : 'portrait'));
        if (typeof cb === 'function') Promise.resolve().then(function () { cb({ matches: ok }); });
      },
      disconnect: function () {}
    };
  }
  // What `SelectorQuery.node()` gives: for a canvas, its Canvas (canvas.js); for a
  // scroll-view, its context; otherwise null.
  function nodeOf(node, info) {
    var noop = function () {};
    if (info.tag === 'canvas') { need('canvas'); return kit.canvasNode(node, info); }
    if (info.tag === 'scroll-view') {
      return { scrollTo: noop, scrollIntoView: noop, triggerRefresh: noop, closeRefresh: noop, triggerTwoLevel: noop, closeTwoLevel: noop, scrollEnabled: true, bounces: true, showScrollbar: true, pagingEnabled: false, fastDeceleration: false, decelerationDisabled: false };
    }
    return null;
  }

  // One node's result for one request, in the shape the base library gives.
  function describe(r, node, box, info) {
    var rect = { left: box.left, right: box.left + box.width, top: box.top, bottom: box.top + box.height };
    var size = { width: box.width, height: box.height };
    var scroll = { scrollLeft: box.scrollLeft, scrollTop: box.scrollTop, scrollWidth: box.scrollWidth, scrollHeight: box.scrollHeight };
    var base = { id: info.id, dataset: info.dataset };
    if (r.kind === 'boundingClientRect') return Object.assign(base, rect, size);
    if (r.kind === 'scrollOffset') return Object.assign(base, scroll);
    if (r.kind === 'node') return Object.assign(base, { node: nodeOf(node, info) });
    if (r.kind === 'context') {
      N.warn('SelectorQuery.context() is not supported by mpsim yet; it answers null');
      return null;
    }
    var f = r.fields, out = {};
    if (f.id) out.id = info.id;
    if (f.dataset) out.dataset = info.dataset;
    if (f.rect) Object.assign(out, rect);
    if (f.size) Object.assign(out, size);
    if (f.scrollOffset) Object.assign(out, scroll);
    if (f.node) out.node = nodeOf(node, info);
    if (Array.isArray(f.properties)) f.properties.forEach(function (p) {
      var kebab = p.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); });
      var v = info.properties[p] !== undefined ? info.properties[p] : info.properties[kebab];
      out[p] = v === undefined ? null : v;
    });
    if (Array.isArray(f.computedStyle)) f.computedStyle.forEach(function (p) {
      var v = box.styles[p];
      out[p] = v === undefined ? '' : v;
    });
    return out;
  }

  kit.boxesOf = boxesOf;
  kit.selectorQuery = selectorQuery;
  served.createSelectorQuery = function () { return selectorQuery(null); };
  served.createIntersectionObserver = function (component, options) { return intersectionObserver(component, options); };
  served.createMediaQueryObserver = function () { return mediaQueryObserver(); };
}
