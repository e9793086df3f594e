// The app's API namespace and component model in its own dialect. mpsim's API is written once,
// in WeChat's shapes (`wx`); each other dialect is the table below: which calls it names
// differently, which option and result fields it renames, and which synchronous calls take an
// object. Alipay also writes components its own way (props, didMount...), which becomes the
// WeChat definition the framework knows.
//
// Sources: the platforms' API documentation (Alipay `my.showToast({content, type})`,
// `my.getStorageSync({key})` returning `{data}`, `my.request` with `headers` and `status`,
// `my.alert`/`my.confirm`; Douyin's `tt.showToast` icon `fail`), and the mpx compiler's
// wx-to-ali API rules, which make the same renames.
void function (global) {
  'use strict';
  var N = global.__native;
  var wx = global.__fw.wx;
  var ns = N.apiName();

  // name: { to: the wx call (default: the same name), args: {own option: wx option},
  //   values: {wx option: {own value: wx value}}, fixed: wx options always set,
  //   result: {wx result field: own field} (added beside the wx field),
  //   sync: [own option names, passed in order as the wx call's arguments], wrap: the field
  //   the sync result is returned in }
  var TABLES = {
    my: {
      alert: { to: 'showModal', args: { buttonText: 'confirmText' }, fixed: { showCancel: false } },
      confirm: { to: 'showModal', args: { confirmButtonText: 'confirmText', cancelButtonText: 'cancelText' } },
      showToast: { args: { content: 'title', type: 'icon' }, values: { icon: { fail: 'error', exception: 'error' } } },
      showLoading: { args: { content: 'title' } },
      showActionSheet: { args: { items: 'itemList', cancelButtonText: 'cancelText' }, result: { tapIndex: 'index' } },
      request: { args: { headers: 'header' }, result: { statusCode: 'status', header: 'headers' } },
      httpRequest: { to: 'request', args: { headers: 'header' }, result: { statusCode: 'status', header: 'headers' } },
      uploadFile: { args: { fileName: 'name', fileType: 'fileType' }, result: { statusCode: 'status' } },
      downloadFile: { result: { tempFilePath: 'apFilePath' } },
      getStorageSync: { sync: ['key'], wrap: 'data' },
      setStorageSync: { sync: ['key', 'data'] },
      removeStorageSync: { sync: ['key'] },
      makePhoneCall: { args: { number: 'phoneNumber' } },
      setClipboard: { to: 'setClipboardData', args: { text: 'data' } },
      getClipboard: { to: 'getClipboardData', result: { data: 'text' } },
      getAuthCode: { to: 'login', result: { code: 'authCode' } },
      tradePay: { to: 'requestPayment', args: { tradeNO: 'package' } },
      chooseImage: { result: { tempFilePaths: 'apFilePaths' } },
      setNavigationBar: { to: 'setNavigationBarTitle' }
    },
    tt: {
      showToast: { values: { icon: { fail: 'error' } } }
    },
    swan: {},
    qq: {},
    // Kuaishou's payment is `ks.pay({serviceId, orderInfo})`; the phone's cashier answers it
    // as requestPayment's.
    ks: {
      pay: { to: 'requestPayment' }
    }
  };
  // Dialects whose apps also find WeChat's `wx` (QQ and Kuaishou read WeChat code as it is).
  var KEEPS_WX = { wx: true, ks: true, qq: true };

  function renameArgs(o, spec) {
    var out = {};
    Object.keys(o).forEach(function (k) {
      var to = (spec.args && spec.args[k]) || k;
      var v = o[k];
      var values = spec.values && spec.values[to];
      if (values && typeof v === 'string' && values[v] !== undefined) v = values[v];
      out[to] = v;
    });
    Object.keys(spec.fixed || {}).forEach(function (k) { out[k] = spec.fixed[k]; });
    return out;
  }

  function addResult(res, spec) {
    if (!spec.result || !res || typeof res !== 'object') return res;
    Object.keys(spec.result).forEach(function (k) { if (res[k] !== undefined) res[spec.result[k]] = res[k]; });
    return res;
  }

  function mapped(name, spec) {
    var target = wx[spec.to || name];
    if (typeof target !== 'function') return undefined;
    if (spec.sync) {
      return function (o) {
        var opts = o || {};
        var r = target.apply(wx, spec.sync.map(function (k) { return opts[k]; }));
        if (!spec.wrap) return r;
        var out = {};
        out[spec.wrap] = r === '' ? null : r;
        return out;
      };
    }
    return function (o) {
      var opts = o && typeof o === 'object' ? o : {};
      var w = renameArgs(opts, spec);
      ['success', 'fail', 'complete'].forEach(function (cb) {
        if (typeof opts[cb] === 'function') w[cb] = function (res) { return opts[cb](addResult(res, spec)); };
      });
      if (name === 'setNavigationBar' && opts.backgroundColor) {
        wx.setNavigationBarColor({ backgroundColor: opts.backgroundColor, frontColor: opts.frontColor || '#ffffff' });
      }
      var r = target.call(wx, w);
      return r && typeof r.then === 'function' ? r.then(function (res) { return addResult(res, spec); }) : r;
    };
  }

  var table = TABLES[ns] || {};
  var api = wx;
  if (Object.keys(table).length) {
    api = {};
    // Descriptors, not values: reading wx.cloud would run its file (see surface.js).
    Object.keys(wx).forEach(function (k) { Object.defineProperty(api, k, Object.getOwnPropertyDescriptor(wx, k)); });
    Object.keys(table).forEach(function (k) {
      var f = mapped(k, table[k]);
      if (f) api[k] = f;
    });
  }
  global[ns] = api;
  if (!KEEPS_WX[ns]) delete global.wx;

  // ---- Kuaishou: methods named `_x` or `$x` are not called by the platform ------------------
  if (ns === 'ks') {
    var warnReserved = function (kind, def, methods) {
      Object.keys(methods || {}).forEach(function (k) {
        if (typeof methods[k] === 'function' && /^[_$]/.test(k) && !/^__/.test(k)) {
          N.warn(kind + ' method `' + k + '`: Kuaishou does not call methods whose names start with `_` or `$`; rename it');
        }
      });
    };
    var ksPage = global.Page, ksComponent = global.Component;
    global.Page = function (def) { warnReserved('Page', def, def); return ksPage(def); };
    global.Component = function (def) { warnReserved('Component', def, def && def.methods); return ksComponent(def); };
    return;
  }

  // ---- Baidu pages: `onInit(query)` runs first, before `onLoad` ---------------------------
  if (ns === 'swan') {
    var wxPage = global.Page;
    global.Page = function (def) {
      if (def && typeof def.onInit === 'function') {
        var onLoad = def.onLoad;
        def.onLoad = function (query) {
          def.onInit.call(this, query);
          if (typeof onLoad === 'function') return onLoad.call(this, query);
        };
      }
      return wxPage(def);
    };
    return;
  }

  // ---- Alipay components ------------------------------------------------------------------
  // `props` (defaults) become properties, `onInit`/`didMount`/`didUnmount` the created/ready/
  // detached lifetimes, `mixins` behaviors. `this.props` holds the props and, for each event
  // the host binds (`onSelect="onPick"`), a function that calls the owner's handler with its
  // own arguments. `deriveDataFromProps(nextProps)` and `didUpdate(prevProps, prevData)` run
  // when props or data change, in the same task.
  if (ns !== 'my') return;
  function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }
  function propsOf(inst, defaults) {
    var out = {};
    Object.keys(defaults).forEach(function (k) { out[k] = typeof defaults[k] === 'function' ? defaults[k] : inst.data[k]; });
    (inst.__hostEvents || []).forEach(function (event) {
      var key = 'on' + event.charAt(0).toUpperCase() + event.slice(1);
      var own = Object.keys(defaults).filter(function (k) { return k.toLowerCase() === key.toLowerCase(); })[0];
      out[own || key] = function () {
        inst.triggerEvent(event, { __propArgs: Array.prototype.slice.call(arguments) });
      };
    });
    return out;
  }
  // What a definition and its mixins share: props as properties, the mount lifetimes.
  function common(def) {
    var defaults = def.props && typeof def.props === 'object' ? def.props : {};
    var out = {};
    Object.keys(def).forEach(function (k) { out[k] = def[k]; });
    delete out.props;
    delete out.mixins;
    out.properties = {};
    Object.keys(defaults).forEach(function (k) {
      if (typeof defaults[k] !== 'function') out.properties[k] = { type: null, value: defaults[k] };
    });
    out.behaviors = (def.mixins || []).map(function (m) { return global.Behavior(common(m || {})); });
    out.lifetimes = {};
    if (typeof def.didMount === 'function') out.lifetimes.ready = def.didMount;
    if (typeof def.didUnmount === 'function') out.lifetimes.detached = def.didUnmount;
    return out;
  }
  // `this.props`, `this.$id` and `this.$page` of every component; the props' defaults come
  // from a hidden method each translated definition carries.
  var proto = global.__fw.Instance.prototype;
  Object.defineProperty(proto, 'props', { configurable: true, get: function () { return propsOf(this, typeof this.__propDefaults === 'function' ? this.__propDefaults() : {}); } });
  Object.defineProperty(proto, '$id', { configurable: true, get: function () { return this.__id; } });
  Object.defineProperty(proto, '$page', { configurable: true, get: function () { return global.getCurrentPages().slice(-1)[0]; } });
  // Lifetimes and observers are added only for what the definition uses, so that a component
  // without them traces as its WeChat twin does.
  function translate(def) {
    def = def || {};
    var defaults = def.props && typeof def.props === 'object' ? def.props : {};
    var out = common(def);
    out.methods = Object.assign({}, def.methods || {}, { __propDefaults: function () { return defaults; } });
    var derive = typeof def.deriveDataFromProps === 'function' ? def.deriveDataFromProps : null;
    var didUpdate = typeof def.didUpdate === 'function' ? def.didUpdate : null;
    // The first props have arrived: the component is initialised (component2's onInit).
    if (typeof def.onInit === 'function' || derive || didUpdate) {
      out.lifetimes.attached = function () {
        if (typeof def.onInit === 'function') def.onInit.call(this);
        if (derive) derive.call(this, this.props);
        this.__seen = { props: clone(this.props), data: clone(this.data) };
      };
    }
    if (!derive && !didUpdate) return out;
    var updating = false;
    out.observers = {
      '**': function () {
        if (updating || !this.__seen) return;
        updating = true;
        try {
          var props = this.props;
          var prev = this.__seen;
          if (derive && JSON.stringify(props) !== JSON.stringify(prev.props)) derive.call(this, props);
          this.__seen = { props: clone(props), data: clone(this.data) };
          if (didUpdate) didUpdate.call(this, prev.props, prev.data);
        } finally { updating = false; }
      }
    };
    return out;
  }
  var wxComponent = global.Component;
  global.Component = function (def) { return wxComponent(translate(def)); };
}(globalThis);
