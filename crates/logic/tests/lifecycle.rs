#![allow(clippy::unwrap_used)]
//! Lifecycle order, setData, events and navigation on small in-memory apps.

mod support;

use mpsim_bridge::{ToLogic, ToView};
use mpsim_wxml::TreeOp;
use serde_json::{Value, json};
use support::*;

const LIFETIMES: &str = "created() { console.log('created') }, attached() {}, ready() {}, detached() {}, pageLifetimes: { show() {}, hide() {} }";

fn app_files() -> Vec<(&'static str, String)> {
    vec![
        ("app.json", r#"{"pages": ["pages/a/a", "pages/b/b"], "usingComponents": {"outer": "/comp/outer", "inner": "/comp/inner"}}"#.into()),
        ("app.js", "App({ onLaunch(o) {}, onShow() {}, onHide() {}, onError(e) { console.log('onError', e.split('\\n')[0]) }, globalData: { n: 1 } })".into()),
        ("pages/a/a.wxml", "<outer id='o'/><view id='go' bindtap='go'>{{n}}</view><inner wx:if='{{extra}}'/>".into()),
        ("pages/a/a.js", "Page({ data: { n: 0, extra: false }, onLoad(q) {}, onShow() {}, onReady() {}, onHide() {}, onUnload() {}, go() { wx.navigateTo({ url: '/pages/b/b?x=1' }) } })".into()),
        ("pages/b/b.wxml", "<view>b</view>".into()),
        ("pages/b/b.js", "Page({ onLoad(q) { console.log('query', q.x) }, onShow() {}, onReady() {}, onHide() {}, onUnload() {} })".into()),
        ("comp/outer.json", r#"{"component": true}"#.into()),
        ("comp/outer.wxml", "<inner/>".into()),
        ("comp/outer.js", format!("Component({{ {LIFETIMES} }})")),
        ("comp/inner.json", r#"{"component": true}"#.into()),
        ("comp/inner.wxml", "<view>inner</view>".into()),
        ("comp/inner.js", format!("Component({{ {LIFETIMES} }})")),
    ]
}

fn files_ref<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(p, c)| (*p, c.as_str())).collect()
}

#[test]
fn opening_a_page_follows_the_documented_order() {
    let files = app_files();
    let app = launch(&files_ref(&files), None);
    assert_eq!(errors(&app.trace()), Vec::<String>::new());
    assert_eq!(
        lifecycles(&app.trace()),
        [
            "App.onLaunch",
            "App.onShow",
            "inner.created",
            "outer.created",
            "outer.attached",
            "inner.attached",
            "a.onLoad",
            "outer.pageLifetimes.show",
            "inner.pageLifetimes.show",
            "a.onShow",
            "inner.ready",
            "outer.ready",
            "a.onReady",
        ]
    );
}

#[test]
fn navigation_follows_the_routing_table() {
    let files = app_files();
    let mut app = launch(&files_ref(&files), None);
    app.take_trace();
    tap(&mut app, "#go");
    assert_eq!(
        lifecycles(&app.take_trace()),
        [
            "a.onHide",
            "outer.pageLifetimes.hide",
            "inner.pageLifetimes.hide",
            "b.onLoad",
            "b.onShow",
            "b.onReady"
        ]
    );
    assert_eq!(app.page_stack(), ["pages/a/a", "pages/b/b"]);
    send(&mut app, ToLogic::Back);
    assert_eq!(
        lifecycles(&app.take_trace()),
        [
            "b.onUnload",
            "outer.pageLifetimes.show",
            "inner.pageLifetimes.show",
            "a.onShow"
        ]
    );
    send(&mut app, nav("redirectTo", "/pages/b/b"));
    assert_eq!(
        lifecycles(&app.take_trace()),
        [
            "a.onUnload",
            "inner.detached",
            "outer.detached",
            "b.onLoad",
            "b.onShow",
            "b.onReady"
        ]
    );
    send(&mut app, ToLogic::Hide);
    send(&mut app, ToLogic::Show);
    assert_eq!(
        lifecycles(&app.take_trace()),
        ["b.onHide", "App.onHide", "App.onShow", "b.onShow"]
    );
}

#[test]
fn components_added_later_get_created_attached_and_ready() {
    let files = app_files();
    let mut app = launch(&files_ref(&files), None);
    app.take_trace();
    // Simulate the page's own setData through an event handler-free path: evaluate in the app.
    let files2: Vec<(&str, String)> = files
        .iter()
        .map(|(p, c)| if *p == "pages/a/a.js" { (*p, "Page({ data: { n: 0, extra: false }, go() { this.setData({ extra: true }) } })".to_string()) } else { (*p, c.clone()) })
        .collect();
    let mut app = launch(&files_ref(&files2), None);
    app.take_trace();
    tap(&mut app, "#go");
    assert_eq!(
        lifecycles(&app.take_trace()),
        ["inner.created", "inner.attached", "inner.ready"]
    );
    drop(app);
}

#[test]
fn set_data_paths_callbacks_and_rendering() {
    let app_js = "App({})";
    let page_js = r#"Page({
        data: { list: [{ n: 1 }, { n: 2 }], obj: {} },
        onLoad() {
            this.setData({ 'list[1].n': 5, 'obj.deep.x': 'y', fn: function () {}, u: undefined }, () => console.log('after', this.data.list[1].n));
            console.log('sync', this.data.list[1].n, JSON.stringify(this.data.obj));
        }
    })"#;
    let (mut app, ops) = launch_ops(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", app_js),
            (
                "p/i.wxml",
                "<view wx:for='{{list}}'>{{item.n}}</view><text>{{obj.deep.x}}</text>",
            ),
            ("p/i.js", page_js),
        ],
        None,
    );
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    let console: Vec<_> = trace
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].clone())
        .collect();
    assert_eq!(
        console,
        [
            json!(["sync", "5", "{\"deep\":{\"x\":\"y\"}}"]),
            json!(["after", "5"])
        ]
    );
    let sd = trace.iter().find(|l| l["type"] == "setData").unwrap();
    assert_eq!(sd["paths"], json!(["list[1].n", "obj.deep.x"]));
    assert_eq!(app.data()["list"][1]["n"], 5);
    assert!(app.data().get("fn").is_none());
    let mut tree = mpsim_wxml::DomTree::new();
    // Page roots are not in the op stream; give the tree one to hang the page on.
    let root = ops
        .iter()
        .find_map(|o| match o {
            mpsim_wxml::TreeOp::CreateElement { parent, .. } => Some(*parent),
            _ => None,
        })
        .unwrap();
    let mut fixed = Vec::new();
    for op in ops {
        fixed.push(match op {
            mpsim_wxml::TreeOp::CreateElement {
                id,
                parent,
                before,
                tag,
                attrs,
            } if parent == root => mpsim_wxml::TreeOp::CreateElement {
                id,
                parent: 0,
                before,
                tag,
                attrs,
            },
            mpsim_wxml::TreeOp::CreateText {
                id,
                parent,
                before,
                text,
            } if parent == root => mpsim_wxml::TreeOp::CreateText {
                id,
                parent: 0,
                before,
                text,
            },
            other => other,
        });
    }
    tree.apply(&fixed).unwrap();
    assert_eq!(
        tree.to_markup(),
        "<view>1</view><view>5</view><text>y</text>"
    );
}

#[test]
fn events_bubble_catch_capture_and_mut_bind() {
    let page_wxml = r#"<view id="outer" capture-bind:tap="capOuter" bindtap="bubOuter" mark:m="outer" data-level="1">
  <view id="mid" catchtap="catchMid" mut-bind:tap="mutMid">
    <view id="inner" bindtap="bubInner" mut-bind:tap="mutInner" mark:m="inner" data-element-type="leaf">tap</view>
  </view>
</view>"#;
    let page_js = r#"
      function log(name) { return function (e) { console.log(name, e.type, e.target.id, e.currentTarget.id, JSON.stringify(e.mark), JSON.stringify(e.target.dataset)) } }
      Page({ capOuter: log('capOuter'), bubOuter: log('bubOuter'), catchMid: log('catchMid'), mutMid: log('mutMid'), bubInner: log('bubInner'), mutInner: log('mutInner') })"#;
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", page_wxml),
            ("p/i.js", page_js),
        ],
        None,
    );
    app.take_trace();
    tap(&mut app, "#inner");
    let log = console_lines(&app.take_trace());
    assert_eq!(
        log,
        [
            r#"capOuter tap inner outer {"m":"inner"} {"elementType":"leaf"}"#,
            r#"bubInner tap inner inner {"m":"inner"} {"elementType":"leaf"}"#,
            r#"mutInner tap inner inner {"m":"inner"} {"elementType":"leaf"}"#,
            r#"catchMid tap inner mid {"m":"inner"} {"elementType":"leaf"}"#,
        ]
    );
}

#[test]
fn trigger_event_reaches_the_owner_and_errors_reach_on_error() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"child": "/c/child"}}"#,
        ),
        (
            "app.js",
            "App({ onError(msg) { console.log('onError:', msg.split('\\n')[0]) } })",
        ),
        ("p/i.wxml", "<child id='c' bind:ping='onPing'/>"),
        (
            "p/i.js",
            "Page({ onPing(e) { console.log('ping', e.detail.v, e.target.id); this.boom() } })",
        ),
        ("c/child.json", r#"{"component": true}"#),
        ("c/child.wxml", "<view id='btn' bindtap='go'>go</view>"),
        (
            "c/child.js",
            "Component({ methods: { go() { this.triggerEvent('ping', { v: 7 }) } } })",
        ),
    ];
    let mut app = launch(&files, None);
    app.take_trace();
    tap(&mut app, "#btn");
    let trace = app.take_trace();
    let log: Vec<String> = console_lines(&trace);
    assert_eq!(log[0], "ping 7 c");
    assert!(log[1].starts_with("onError: "), "{log:?}");
    assert_eq!(errors(&trace).len(), 1);
}

#[test]
fn endless_loops_are_stopped_and_reported() {
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view id='x' bindtap='spin'>x</view>"),
            ("p/i.js", "Page({ spin() { while (true) {} } })"),
        ],
        None,
    );
    app.take_trace();
    tap(&mut app, "#x");
    let errs = errors(&app.take_trace());
    assert_eq!(errs.len(), 1, "{errs:?}");
    // The app keeps working after it.
    tap(&mut app, "#x");
}

#[test]
fn endless_promise_chains_are_stopped_and_reported() {
    // An async retry loop whose answer never changes: no loop for the loop guard to count.
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view id='x' bindtap='spin'>{{n}}</view>"),
            (
                "p/i.js",
                "Page({ data: { n: 0 }, async spin() { let again = true; while (again) { again = await Promise.resolve(true); } }, onShow() { this.setData({ n: 1 }) } })",
            ),
        ],
        None,
    );
    app.take_trace();
    tap(&mut app, "#x");
    let errs = errors(&app.take_trace());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("endless promise chain"), "{errs:?}");
    // The app keeps working after it.
    send(&mut app, ToLogic::Hide);
    send(&mut app, ToLogic::Show);
    assert_eq!(errors(&app.take_trace()), Vec::<String>::new());
}

#[test]
fn timers_and_promises_run_on_virtual_time() {
    let page_js = r#"Page({ onLoad() {
        setTimeout(() => console.log('t100'), 100);
        const id = setInterval(() => { console.log('tick'); }, 40);
        setTimeout(() => clearInterval(id), 130);
        Promise.resolve().then(() => console.log('micro'));
        console.log('sync');
    } })"#;
    let mut app = launch_page(page_js);
    let log = |t: &[Value]| {
        t.iter()
            .filter(|l| l["type"] == "console")
            .map(|l| l["args"][0].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(log(&app.take_trace()), ["sync", "micro"]);
    send(&mut app, ToLogic::Advance { ms: 99 });
    assert_eq!(log(&app.take_trace()), ["tick", "tick"]);
    send(&mut app, ToLogic::Advance { ms: 1000 });
    assert_eq!(log(&app.take_trace()), ["t100", "tick"]);
    assert_eq!(app.now(), 1099);
}

#[test]
fn modules_commonjs_esm_json_and_cycles() {
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        ("app.js", "App({})"),
        ("p/i.wxml", "<view/>"),
        (
            "p/i.js",
            "import fmt, { twice } from '../utils/fmt'\nconst cfg = require('/utils/config.json')\nconst a = require('../utils/a')\nPage({ onLoad() { console.log(fmt(2), twice(3), cfg.name, a.fromB, a.b.seenA) } })",
        ),
        (
            "utils/fmt.js",
            "export default function fmt(x) { return 'n=' + x }\nexport const twice = (x) => x * 2\n",
        ),
        ("utils/config.json", r#"{"name": "shop"}"#),
        (
            "utils/a.js",
            "exports.early = 'early'\nconst b = require('./b')\nexports.fromB = b.value\nexports.b = b",
        ),
        (
            "utils/b.js",
            "const a = require('./a')\nexports.value = 'b'\nexports.seenA = a.early",
        ),
    ];
    let app = launch(&files, None);
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    let line = trace.iter().find(|l| l["type"] == "console").unwrap();
    assert_eq!(line["args"], json!(["n=2", "6", "shop", "b", "early"]));
}

#[test]
fn a_typescript_module_is_named_when_required() {
    let app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view/>"),
            ("p/i.js", "require('../util/helper')"),
            ("util/helper.ts", "export const n: number = 1"),
        ],
        None,
    );
    let errs = errors(&app.trace());
    assert!(
        errs.iter()
            .any(|e| e.contains("util/helper.ts is TypeScript, which mpsim does not compile yet")),
        "{errs:?}"
    );
}

#[test]
fn wxs_modules_render_through_their_own_realm() {
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<wxs module='m' src='./fmt.wxs'/><wxs module='inline'>module.exports = { up: function (s) { return s.toUpperCase() }, hasWx: typeof wx }</wxs><view id='v'>{{m.price(cents)}} {{inline.up(name)}} {{inline.hasWx}}</view>",
        ),
        (
            "p/i.js",
            "Page({ data: { cents: 1290, name: 'tea' }, onLoad() { this.setData({ cents: 4500 }) } })",
        ),
        (
            "p/fmt.wxs",
            "var util = require('./util.wxs');\nmodule.exports = { price: function (c) { return util.sym + (c / 100).toFixed(2) } };",
        ),
        ("p/util.wxs", "module.exports = { sym: '¥' };"),
    ];
    let (app, ops) = launch_ops(&files, None);
    assert_eq!(errors(&app.trace()), Vec::<String>::new());
    let texts: Vec<String> = ops
        .iter()
        .filter_map(|o| match o {
            mpsim_wxml::TreeOp::CreateText { text, .. }
            | mpsim_wxml::TreeOp::SetText { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["¥12.90 TEA undefined", "¥45.00 TEA undefined"]);
}

#[test]
fn every_wx_api_exists_and_unsupported_ones_fail_cleanly() {
    let page_js = r#"Page({ onLoad() {
        const info = wx.getSystemInfoSync();
        console.log(info.windowWidth, info.pixelRatio, typeof wx.openBluetoothAdapter, wx.canIUse('openBluetoothAdapter'), wx.canIUse('getSystemInfoSync'));
        wx.openBluetoothAdapter({ fail: (e) => console.log('fail', e.errMsg), complete: () => console.log('complete') });
        wx.openBluetoothAdapter().catch((e) => console.log('rejected', e.errMsg));
        wx.setStorageSync('k', { a: 1 });
        console.log(JSON.stringify(wx.getStorageSync('k')), wx.getStorageSync('missing') === '');
        wx.showToast({ title: 'hi' });
        wx.onNetworkStatusChange(() => {});
    } })"#;
    let app = launch_page(page_js);
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    let log: Vec<String> = console_lines(&trace);
    assert_eq!(
        log,
        [
            "375 2 function false true",
            r#"{"a":1} true"#,
            "fail openBluetoothAdapter:fail not supported by mpsim yet",
            "complete",
            "rejected openBluetoothAdapter:fail not supported by mpsim yet",
        ]
    );
    assert!(
        trace
            .iter()
            .any(|l| l["type"] == "ui" && l["api"] == "showToast")
    );
}

/// platform.js, media.js, canvas.js and automation.js run on first use: until then their names
/// are stubs that run the file and call what it serves, a stub kept by the app still works,
/// and `wx.cloud` is a getter. Each file serves exactly what lazy_names.txt lists (a mismatch
/// is an error in the trace).
#[test]
fn lazy_api_files_run_on_first_use_and_serve_what_they_list() {
    let page_js = r#"Page({ onLoad() {
        const stub = wx.getSetting;
        console.log('cloud getter', typeof Object.getOwnPropertyDescriptor(wx, 'cloud').get);
        stub({ success: (r) => console.log('setting', r.authSetting['scope.userLocation']) });
        console.log('stub replaced', stub !== wx.getSetting, typeof wx.getSetting);
        console.log('cloud', typeof wx.cloud.init, typeof Object.getOwnPropertyDescriptor(wx, 'cloud').get);
        const a = wx.createAnimation({ duration: 100 });
        console.log('animation', typeof a.translateX(10).step);
        const c = wx.createOffscreenCanvas({ type: '2d', width: 4, height: 4 });
        console.log('canvas', c.width, typeof c.getContext('2d').fillRect);
        const q = wx.createSelectorQuery;
        console.log('queries', typeof wx.createMediaQueryObserver().observe, typeof q().select);
    } })"#;
    let mut app = launch_page(page_js);
    app.handle(ToLogic::Automation {
        token: 7,
        method: "App.callWxMethod".into(),
        params: json!({"method": "getSystemInfoSync", "args": []}),
    });
    settle(&mut app);
    let answers = app.take_automation_answers();
    assert!(
        answers
            .iter()
            .any(|a| a.token == 7 && a.result.as_ref().is_ok_and(|v| v["pixelRatio"] == 2)),
        "{answers:?}"
    );
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    assert_eq!(
        console_lines(&trace),
        [
            "cloud getter function",
            "stub replaced true function",
            "cloud function undefined",
            "animation function",
            "canvas 4 function",
            "queries function function",
            "setting true",
        ]
    );
}

/// Objects and arrays a component gets as properties, and those in `data-*` attributes, stay
/// on the logic side: the view is told only that the attribute is there. The component still
/// gets its property, and a handler its dataset.
#[test]
fn object_properties_and_datasets_are_not_copied_to_the_view() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"my-list": "/c/list"}}"#,
        ),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<my-list id='l' list='{{list}}' title='{{title}}'/><view id='v' data-item='{{list[0]}}' data-n='{{2}}' bindtap='hit'>tap</view>",
        ),
        (
            "p/i.js",
            "Page({ data: { list: [{ a: 1 }, { a: 2 }], title: 'T' }, hit(e) { console.log('dataset', e.currentTarget.dataset.item.a, e.currentTarget.dataset.n); this.setData({ list: [{ a: 3 }] }) } })",
        ),
        ("c/list.json", r#"{"component": true}"#),
        ("c/list.wxml", "<view wx:for='{{list}}'>{{item.a}}</view>"),
        (
            "c/list.js",
            "Component({ properties: { list: Array, title: String }, observers: { list(l) { console.log('list', l.length, this.data.title) } } })",
        ),
    ];
    let (mut app, ops) = launch_ops(&files, None);
    let attrs_of = |ops: &[TreeOp], tag: &str| -> Vec<(String, Value)> {
        ops.iter()
            .filter_map(|op| match op {
                TreeOp::CreateElement { tag: t, attrs, .. } if t == tag => Some(
                    attrs
                        .iter()
                        .map(|(k, v)| (format!("{k:?}"), v.clone()))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .next()
            .unwrap_or_default()
    };
    let host = attrs_of(&ops, "my-list");
    assert!(
        host.contains(&(r#"Attr("list")"#.into(), Value::Null)),
        "{host:?}"
    );
    assert!(
        host.contains(&(r#"Attr("title")"#.into(), json!("T"))),
        "{host:?}"
    );
    let view = attrs_of(&ops, "view");
    assert!(
        view.contains(&(r#"Data("item")"#.into(), Value::Null)),
        "{view:?}"
    );
    assert!(
        view.contains(&(r#"Data("n")"#.into(), json!(2))),
        "{view:?}"
    );
    app.tap("#v").unwrap();
    let ops = settle(&mut app);
    let set: Vec<&TreeOp> = ops
        .iter()
        .filter(|op| matches!(op, TreeOp::SetAttr { .. }))
        .collect();
    assert_eq!(
        set.len(),
        2,
        "the host's list and the view's data-item: {set:?}"
    );
    assert!(
        set.iter().all(|op| matches!(
            op,
            TreeOp::SetAttr {
                value: Some(Value::Null),
                ..
            }
        )),
        "{set:?}"
    );
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    assert_eq!(
        console_lines(&trace),
        ["list 2 T", "dataset 1 2", "list 1 T"]
    );
}

/// `WXWebAssembly` is set up on first use: a getter until then, the object after.
#[test]
fn wx_web_assembly_is_set_up_when_first_read() {
    let page_js = r#"Page({ onLoad() {
        const before = Object.getOwnPropertyDescriptor(globalThis, 'WXWebAssembly');
        console.log('before', typeof before.get, before.enumerable);
        console.log('api', typeof WXWebAssembly.instantiate, typeof WXWebAssembly.Memory);
        const after = Object.getOwnPropertyDescriptor(globalThis, 'WXWebAssembly');
        console.log('after', typeof after.value, after.get === undefined, WXWebAssembly === WXWebAssembly);
    } })"#;
    let app = launch_page(page_js);
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    assert_eq!(
        console_lines(&trace),
        [
            "before function false",
            "api function function",
            "after object true true"
        ]
    );
}

#[test]
fn relations_link_and_unlink_both_sides() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"my-list": "/c/list", "my-item": "/c/item"}}"#,
        ),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<my-list id='l'><my-item wx:for='{{items}}' wx:key='*this' label='{{item}}'/></my-list><view id='drop' bindtap='drop'>drop</view>",
        ),
        (
            "p/i.js",
            "Page({ data: { items: ['a', 'b'] }, drop() { this.setData({ items: ['a'] }) } })",
        ),
        ("c/list.json", r#"{"component": true}"#),
        ("c/list.wxml", "<slot/>"),
        (
            "c/list.js",
            "Component({ relations: { './item': { type: 'child', linked(t) { console.log('list linked', t.data.label, this.getRelationNodes('./item').length) }, unlinked(t) { console.log('list unlinked', t.data.label) } } } })",
        ),
        ("c/item.json", r#"{"component": true}"#),
        ("c/item.wxml", "<text>{{label}}</text>"),
        (
            "c/item.js",
            "Component({ properties: { label: String }, relations: { './list': { type: 'parent', linked(p) { console.log('item linked to', p.id) } } } })",
        ),
    ];
    let mut app = launch(&files, None);
    assert_eq!(errors(&app.trace()), Vec::<String>::new());
    assert_eq!(
        console_lines(&app.take_trace()),
        [
            "list linked a 1",
            "item linked to l",
            "list linked b 2",
            "item linked to l"
        ]
    );
    tap(&mut app, "#drop");
    assert_eq!(console_lines(&app.take_trace()), ["list unlinked b"]);
}

#[test]
fn pure_data_is_kept_but_not_rendered_and_big_payloads_are_refused() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"c": "/c/c"}}"#,
        ),
        ("app.js", "App({})"),
        ("p/i.wxml", "<c/>"),
        (
            "p/i.js",
            "Page({ onLoad() { this.setData({ big: 'x'.repeat(1100 * 1024) }); console.log('big set?', this.data.big === undefined) } })",
        ),
        ("c/c.json", r#"{"component": true}"#),
        ("c/c.wxml", "<text>{{a}}|{{_b}}</text>"),
        (
            "c/c.js",
            "Component({ options: { pureDataPattern: /^_/ }, data: { a: 1, _b: 2 }, attached() { this.setData({ _b: 3, a: 4 }); console.log('pure', this.data._b) } })",
        ),
    ];
    let (app, ops) = launch_ops(&files, None);
    let trace = app.trace();
    let texts: Vec<String> = ops
        .iter()
        .filter_map(|o| match o {
            mpsim_wxml::TreeOp::CreateText { text, .. }
            | mpsim_wxml::TreeOp::SetText { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["1|", "4|"]);
    let errs = errors(&trace);
    assert!(
        errs.iter()
            .any(|e| e.contains("1100 KB, over the 1024 KB limit")),
        "{errs:?}"
    );
    let log: Vec<_> = trace
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].clone())
        .collect();
    assert_eq!(log, [json!(["pure", "3"]), json!(["big set?", "true"])]);
}

#[test]
fn unhandled_rejections_reach_the_app() {
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        (
            "app.js",
            "App({ onUnhandledRejection(r) { console.log('unhandled', r.reason.message) } })",
        ),
        ("p/i.wxml", "<view/>"),
        (
            "p/i.js",
            "Page({ onLoad() { Promise.reject(new Error('nope')); Promise.reject(new Error('caught')).catch(() => {}) } })",
        ),
    ];
    let app = launch(&files, None);
    let trace = app.trace();
    assert_eq!(errors(&trace), ["unhandled promise rejection: nope"]);
    assert!(
        trace
            .iter()
            .any(|l| l["type"] == "console" && l["args"] == json!(["unhandled", "nope"]))
    );
}

/// A page whose script is missing (or TypeScript the IDE would compile) still renders and
/// goes through its lifecycles without errors; the trace says why it has no behaviour.
#[test]
fn pages_without_a_script_render_quietly() {
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["pages/a/a", "pages/b/b"]}"#),
            ("pages/a/a.wxml", "<view>a</view>"),
            ("pages/a/a.ts", "Page({ data: { n: 1 as number } })"),
            ("pages/b/b.wxml", "<view>b</view>"),
        ],
        None,
    );
    send(&mut app, nav("navigateTo", "/pages/b/b"));
    send(&mut app, ToLogic::Back);
    send(&mut app, ToLogic::Hide);
    let trace = app.take_trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    let warnings: Vec<&str> = trace
        .iter()
        .filter(|l| l["type"] == "warning")
        .filter_map(|l| l["message"].as_str())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("pages/a/a.ts` is TypeScript")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("pages/b/b.js` does not exist")),
        "{warnings:?}"
    );
}

/// navigateTo's event channel: the opener's `events` hear the opened page, the opened page
/// hears what the opener emits from `success`, whichever runs first. Date follows the
/// virtual clock from a fixed launch time.
#[test]
fn event_channels_and_virtual_dates() {
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["pages/a/a", "pages/b/b"]}"#),
            ("pages/a/a.wxml", "<view id='go' bindtap='go'>a</view>"),
            (
                "pages/a/a.js",
                "Page({ go() { wx.navigateTo({ url: '/pages/b/b', events: { fromB(d) { console.log('a heard', d) } }, success(res) { res.eventChannel.emit('toB', 5) } }) } })",
            ),
            ("pages/b/b.wxml", "<view>b</view>"),
            (
                "pages/b/b.js",
                "Page({ onLoad() { const ch = this.getOpenerEventChannel(); ch.on('toB', v => console.log('b heard', v)); ch.emit('fromB', 'hi') } })",
            ),
            (
                "app.js",
                "App({ onLaunch() { console.log('now', Date.now(), new Date().toISOString()); setTimeout(() => console.log('later', Date.now() - 1704067200000, new Date() instanceof Date), 1500) } })",
            ),
        ],
        None,
    );
    let launch_lines = console_lines(&app.take_trace());
    assert_eq!(
        launch_lines,
        vec!["now 1704067200000 2024-01-01T00:00:00.000Z".to_string()]
    );
    tap(&mut app, "#go");
    let mut lines = console_lines(&app.take_trace());
    lines.sort();
    assert_eq!(
        lines,
        vec!["a heard hi".to_string(), "b heard 5".to_string()]
    );
    send(&mut app, ToLogic::Advance { ms: 2000 });
    let lines = console_lines(&app.take_trace());
    assert_eq!(lines, vec!["later 1500 true".to_string()]);
}

/// The WebView renderer's timing: `this.data` changes inside setData, the tree (and the
/// components it creates) updates when the handler's task ends, callbacks wait for the view
/// to apply the batch, and onReady waits for the view's first frame.
#[test]
fn tree_updates_run_when_the_task_ends_and_wait_for_the_view() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"c": "/c/c"}}"#,
        ),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<view id='go' bindtap='go'/><c wx:if='{{on}}'/>",
        ),
        (
            "p/i.js",
            "Page({ data: { on: false }, onReady() { console.log('ready') }, go() { this.setData({ on: true }, () => console.log('callback')); console.log('after setData', this.data.on); Promise.resolve().then(() => console.log('microtask')) } })",
        ),
        ("c/c.json", r#"{"component": true}"#),
        ("c/c.wxml", "<view>c</view>"),
        (
            "c/c.js",
            "Component({ lifetimes: { created() { console.log('created') } } })",
        ),
    ];
    let mut app = launch_unsettled(&files, None);
    // No view has said it drew the page: no onReady yet.
    let msgs = app.take_messages();
    assert!(console_lines(&app.trace()).is_empty());
    let page = msgs
        .iter()
        .find_map(|m| match m {
            ToView::PageCreated { page, .. } => Some(*page),
            _ => None,
        })
        .unwrap();
    app.handle(ToLogic::FirstRender { page });
    assert_eq!(console_lines(&app.take_trace()), ["ready"]);
    app.take_messages();

    app.tap("#go").unwrap();
    // created comes after the handler and its microtasks; the callback waits for the view.
    assert_eq!(
        console_lines(&app.take_trace()),
        ["after setData true", "microtask", "created"]
    );
    let msgs = app.take_messages();
    let batches: Vec<u64> = msgs
        .iter()
        .filter_map(|m| match m {
            ToView::Batch { id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(batches.len(), 1, "one batch for the task: {msgs:?}");
    assert_ne!(batches[0], 0, "the batch asks to be acknowledged");
    app.handle(ToLogic::Applied { id: batches[0] });
    assert_eq!(console_lines(&app.take_trace()), ["callback"]);
}

/// No page gets a second onHide while hidden, or a second onShow while shown, whatever the
/// routing: switchTab from non-tab pages over a tab page unloads them and shows the target
/// without hiding the bottom page again.
#[test]
fn switch_tab_over_hidden_pages_hides_nothing_twice() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["t/a", "t/b", "p/x"], "tabBar": {"list": [{"pagePath": "t/a", "text": "A"}, {"pagePath": "t/b", "text": "B"}]}}"#,
        ),
        ("app.js", "App({})"),
        ("t/a.wxml", "<view/>"),
        (
            "t/a.js",
            "Page({ onShow() {}, onHide() {}, onUnload() {} })",
        ),
        ("t/b.wxml", "<view/>"),
        (
            "t/b.js",
            "Page({ onShow() {}, onHide() {}, onUnload() {} })",
        ),
        ("p/x.wxml", "<view/>"),
        (
            "p/x.js",
            "Page({ onShow() {}, onHide() {}, onUnload() {} })",
        ),
    ];
    let mut app = launch(&files, None);
    send(&mut app, nav("navigateTo", "/p/x"));
    send(&mut app, nav("navigateTo", "/p/x"));
    app.take_trace();
    send(&mut app, nav("switchTab", "/t/b"));
    let lines: Vec<String> = lifecycles(&app.take_trace())
        .into_iter()
        .filter(|l| !l.ends_with("onLoad") && !l.ends_with("onReady"))
        .collect();
    assert_eq!(lines, ["x.onUnload", "x.onUnload", "b.onShow"]);
    send(&mut app, nav("navigateTo", "/p/x"));
    app.take_trace();
    send(&mut app, nav("switchTab", "/t/a"));
    assert_eq!(
        lifecycles(&app.take_trace()),
        ["x.onUnload", "a.onShow"],
        "b was hidden under x: it is not hidden again"
    );
}

/// Selectors in the logic side are the style engine's: combinators, `:not()`, attributes.
#[test]
fn selectors_match_as_in_stylesheets() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"c": "/c/c"}}"#,
        ),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<view class='a'><view class='b' id='one'/></view><view class='b' id='two' data-k='v'/><view class='c'><view class='d'><view class='b' id='three'/></view></view><c class='x'/><c class='x y' id='cy'/>",
        ),
        (
            "p/i.js",
            "Page({ onReady() { const c = this.selectComponent('.x:not(.y)'); const all = this.selectAllComponents('c.x'); console.log('components', c.id === '' ? 'first' : c.id, all.length, this.selectComponent('#cy').id) } })",
        ),
        ("c/c.json", r#"{"component": true}"#),
        ("c/c.wxml", "<view class='inner'/>"),
        ("c/c.js", "Component({})"),
    ];
    let app = launch(&files, None);
    let id = |sel: &str| app.find(sel).unwrap();
    assert_eq!(id(".a > .b"), id("#one"));
    assert_eq!(id(".a>.b"), id("#one"));
    assert_eq!(id(".b:not(#one)"), id("#two"));
    assert_eq!(id("[data-k=\"v\"]"), id("#two"));
    assert_eq!(id(".c .b"), id("#three"));
    assert_eq!(id(".d > .b:first-child"), id("#three"));
    assert!(app.find(".c > .b").is_err());
    assert_eq!(console_lines(&app.trace()), ["components first 2 cy"]);
}

/// `model:value` writes back to the binding of the input typed into, not the first input.
#[test]
fn model_value_writes_back_to_the_input_that_fired() {
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<input id='first' model:value='{{name}}'/><input id='second' model:value='{{form.city}}'/>",
        ),
        (
            "p/i.js",
            "Page({ data: { name: 'a', form: { city: 'b' } } })",
        ),
    ];
    let mut app = launch(&files, None);
    let second = app.find("#second").unwrap();
    send(
        &mut app,
        ToLogic::Input {
            node: second,
            value: "Paris".into(),
        },
    );
    assert_eq!(app.data()["form"]["city"], "Paris");
    assert_eq!(app.data()["name"], "a");
    let first = app.find("#first").unwrap();
    send(
        &mut app,
        ToLogic::Input {
            node: first,
            value: "Ann".into(),
        },
    );
    assert_eq!(app.data()["name"], "Ann");
    assert_eq!(app.data()["form"]["city"], "Paris");
}

/// One window-height rule for system info and the layout: tab pages leave out the tabBar,
/// custom navigation bars give the whole screen.
#[test]
fn window_height_follows_the_bars_of_the_page() {
    let page = "Page({ onLoad() { console.log(String(wx.getSystemInfoSync().windowHeight), String(wx.getWindowInfo().windowHeight)) } })";
    let files = [
        (
            "app.json",
            r#"{"pages": ["t/a", "p/x", "p/c"], "tabBar": {"list": [{"pagePath": "t/a", "text": "A"}, {"pagePath": "p/x", "text": "X"}]}}"#,
        ),
        ("app.js", "App({})"),
        ("t/a.wxml", "<view/>"),
        ("t/a.js", page),
        ("p/x.wxml", "<view/>"),
        ("p/x.js", page),
        ("p/c.json", r#"{"navigationStyle": "custom"}"#),
        ("p/c.wxml", "<view/>"),
        ("p/c.js", page),
    ];
    let app = launch(&files, None);
    assert_eq!(console_lines(&app.trace()), ["553 553"]);
    let mut app = launch(&files, Some("p/c"));
    assert_eq!(console_lines(&app.take_trace()), ["667 667"]);
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| {
            if *p == "app.json" {
                (*p, r#"{"pages": ["t/a", "p/x"]}"#)
            } else {
                (*p, *c)
            }
        })
        .filter(|(p, _)| !p.starts_with("p/c"))
        .collect();
    let app = launch(&files, Some("p/x"));
    assert_eq!(console_lines(&app.trace()), ["603 603"]);
}

/// `require` honours app.json's `resolveAlias`, as `usingComponents` does, and finds packages
/// in `miniprogram_npm`.
#[test]
fn require_follows_resolve_alias_and_npm() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "resolveAlias": {"@util/*": "/lib/util/*", "cfg": "/lib/config"}}"#,
        ),
        ("app.js", "App({})"),
        ("lib/util/fmt.js", "module.exports = (n) => '#' + n"),
        ("lib/config.js", "module.exports = { name: 'shop' }"),
        ("miniprogram_npm/tiny/index.js", "module.exports = 'tiny'"),
        ("p/i.wxml", "<view/>"),
        (
            "p/i.js",
            "const fmt = require('@util/fmt'); const cfg = require('cfg'); Page({ onLoad() { console.log(fmt(3), cfg.name, require('tiny')) } })",
        ),
    ];
    let app = launch(&files, None);
    assert_eq!(errors(&app.trace()), Vec::<String>::new());
    assert_eq!(console_lines(&app.trace()), ["#3 shop tiny"]);
}

/// Under Skyline (`"renderer": "skyline"`), glass-easel updates the template inside setData:
/// a component that appears is created before setData returns.
#[test]
fn skyline_pages_update_the_template_inside_set_data() {
    let page_js = "Page({ data: { on: false }, go() { this.setData({ on: true }); console.log('after setData') } })";
    let files = |renderer: &'static str| {
        vec![
            (
                "app.json",
                r#"{"pages": ["p/i"], "usingComponents": {"c": "/c/c"}}"#,
            ),
            ("app.js", "App({})"),
            ("p/i.json", renderer),
            (
                "p/i.wxml",
                "<view id='go' bindtap='go'/><c wx:if='{{on}}'/>",
            ),
            ("p/i.js", page_js),
            ("c/c.json", r#"{"component": true}"#),
            ("c/c.wxml", "<view>c</view>"),
            (
                "c/c.js",
                "Component({ lifetimes: { created() { console.log('created') } } })",
            ),
        ]
    };
    let mut skyline = launch(&files(r#"{"renderer": "skyline"}"#), None);
    tap(&mut skyline, "#go");
    assert_eq!(
        console_lines(&skyline.trace()),
        ["created", "after setData"]
    );
    let mut webview = launch(&files(r#"{"renderer": "webview"}"#), None);
    tap(&mut webview, "#go");
    assert_eq!(
        console_lines(&webview.trace()),
        ["after setData", "created"]
    );
}

/// A page tells the view which renderer draws it, with app.json's `rendererOptions.skyline`
/// (a page json's own winning), and reports it as `this.renderer`.
#[test]
fn pages_tell_the_view_and_themselves_which_renderer_draws_them() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/a", "p/b", "p/c"], "renderer": "skyline",
                "rendererOptions": {"skyline": {"defaultDisplayBlock": true}}}"#,
        ),
        ("app.js", "App({})"),
        ("p/a.json", "{}"),
        ("p/a.wxml", "<view/>"),
        (
            "p/a.js",
            "Page({ onLoad() { console.log(this.renderer) } })",
        ),
        (
            "p/b.json",
            r#"{"rendererOptions": {"skyline": {"defaultContentBox": true}}}"#,
        ),
        ("p/b.wxml", "<view/>"),
        (
            "p/b.js",
            "Page({ onLoad() { console.log(this.renderer) } })",
        ),
        ("p/c.json", r#"{"renderer": "webview"}"#),
        ("p/c.wxml", "<view/>"),
        (
            "p/c.js",
            "Page({ onLoad() { console.log(this.renderer) } })",
        ),
    ];
    let created = |page: &str| {
        let mut app = launch_unsettled(&files, Some(page));
        let skyline = app.take_messages().into_iter().find_map(|m| match m {
            ToView::PageCreated { skyline, .. } => Some(skyline),
            _ => None,
        });
        (skyline.flatten(), console_lines(&app.trace()))
    };
    let block = mpsim_bridge::Skyline {
        default_display_block: true,
        default_content_box: false,
    };
    assert_eq!(created("p/a"), (Some(block), vec!["skyline".to_string()]));
    let content_box = mpsim_bridge::Skyline {
        default_display_block: false,
        default_content_box: true,
    };
    assert_eq!(
        created("p/b"),
        (Some(content_box), vec!["skyline".to_string()])
    );
    assert_eq!(created("p/c"), (None, vec!["webview".to_string()]));
}

/// Many setData calls in one task land as one update, whatever their number: every item
/// changed shows, and nothing else is touched.
#[test]
fn a_burst_of_set_data_calls_updates_every_item_once() {
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        ("app.js", "App({})"),
        (
            "p/i.wxml",
            "<view id='go' bindtap='go'/><view wx:for='{{list}}' wx:key='id'>{{item.n}}</view><text>{{title}}</text>",
        ),
        (
            "p/i.js",
            "const list = []; for (let i = 0; i < 100; i++) list.push({ id: i, n: 0 });\nPage({ data: { list, title: 't' }, go() { for (let i = 0; i < 100; i += 2) this.setData({ ['list[' + i + '].n']: i + 1 }) } })",
        ),
    ];
    let mut app = launch(&files, None);
    app.tap("#go").unwrap();
    let texts: Vec<String> = settle(&mut app)
        .into_iter()
        .filter_map(|op| match op {
            TreeOp::SetText { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    let want: Vec<String> = (0..100).step_by(2).map(|i| (i + 1).to_string()).collect();
    let mut got = texts.clone();
    got.sort_by_key(|t| t.parse::<u32>().unwrap_or(0));
    assert_eq!(got, want);
}

/// ES modules as the official toolchain lowers them: a default import of a CommonJS module
/// takes `module.exports`, named and namespace imports, re-exports, live bindings through a
/// cycle; a module may declare the platform's global names at its top level.
#[test]
fn es_modules_run_as_the_toolchain_lowers_them() {
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        (
            "app.js",
            "const App = global.App;\nApp({ globalData: { n: 1 } })",
        ),
        (
            "helpers/classNames.js",
            "module.exports = function () { return Array.prototype.slice.call(arguments).filter(Boolean).join(' ') }",
        ),
        (
            "lib/esm.js",
            "export default function hello(n) { return 'hi ' + n }\nexport const twice = (n) => n * 2\nexport * from './more'\nexport { counter, bump } from './cycle-a'",
        ),
        ("lib/more.js", "export const more = 'more'"),
        (
            "lib/cycle-a.js",
            "import { fromB } from './cycle-b'\nexport let counter = 0\nexport function bump() { counter += 1; return fromB() }",
        ),
        (
            "lib/cycle-b.js",
            "import { counter } from './cycle-a'\nexport function fromB() { return 'b sees ' + counter }",
        ),
        ("p/i.wxml", "<view/>"),
        (
            "p/i.js",
            "import classNames from '../helpers/classNames'\nimport hello, { twice, more, bump } from '../lib/esm'\nimport * as lib from '../lib/esm'\nconst wx = global.wx\nPage({ onLoad() { console.log(classNames('a', '', 'b'), hello(twice(2)), more, bump(), lib.counter, typeof lib.default) } })",
        ),
    ];
    let app = launch(&files, None);
    assert_eq!(errors(&app.trace()), Vec::<String>::new());
    assert_eq!(
        console_lines(&app.trace()),
        ["a b hi 4 more b sees 1 1 function"]
    );
}

/// A behavior's `definitionFilter` runs on the definition that uses it (component libraries
/// add methods and observers this way), with the filters of the behaviors it uses.
#[test]
fn definition_filters_extend_the_definitions_that_use_them() {
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"c": "/c/c"}}"#,
        ),
        ("app.js", "App({})"),
        ("p/i.wxml", "<c/>"),
        ("p/i.js", "Page({})"),
        (
            "b/inner.js",
            "module.exports = Behavior({ definitionFilter(def) { def.methods = Object.assign(def.methods || {}, { innerAdded() { return 'inner' } }) } })",
        ),
        (
            "b/outer.js",
            "const inner = require('./inner');\nmodule.exports = Behavior({ behaviors: [inner], lifetimes: { attached() { console.log(this.added(), this.innerAdded ? 'has inner' : 'no inner') } }, definitionFilter(def, filters) { def.methods = Object.assign(def.methods || {}, { added() { return 'added' } }); filters.forEach((f) => f(def)) } })",
        ),
        ("c/c.json", r#"{"component": true}"#),
        ("c/c.wxml", "<view/>"),
        (
            "c/c.js",
            "Component({ behaviors: [require('../b/outer')] })",
        ),
    ];
    let app = launch(&files, None);
    assert_eq!(errors(&app.trace()), Vec::<String>::new());
    assert_eq!(console_lines(&app.trace()), ["added has inner"]);
}

#[test]
fn what_the_view_could_not_apply_is_an_error_in_the_trace() {
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view/>"),
            ("p/i.js", "Page({})"),
        ],
        None,
    );
    let message = "tree operation Remove { id: 404 } failed: unknown node 404".to_string();
    send(
        &mut app,
        ToLogic::ViewError {
            message: message.clone(),
        },
    );
    let trace = app.trace();
    let line = trace.iter().find(|l| l["type"] == "error").unwrap();
    assert_eq!(
        (line["message"].as_str(), line["where"].as_str()),
        (Some(message.as_str()), Some("view"))
    );
}

#[test]
fn a_zero_delay_timer_chain_that_never_ends_lets_time_move_on() {
    // Nested zero-delay timers wait 4 ms from the sixth level on, as in browsers, so waiting
    // for idle ends within its budget instead of spinning at one instant.
    let mut app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view/>"),
            (
                "p/i.js",
                "let n = 0; const again = () => { n++; setTimeout(again, 0) }; Page({ onLoad() { again() }, onHide() { console.log('ran', n) } })",
            ),
        ],
        None,
    );
    send(&mut app, ToLogic::WaitIdle { budget: 1_000 });
    send(&mut app, ToLogic::Hide);
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    // 1 + 5 at no delay, then one every 4 ms for 1,000 ms.
    assert_eq!(console_lines(&trace), ["ran 256"]);
}

#[test]
fn a_set_data_path_that_would_make_a_huge_list_is_refused_and_said() {
    let app = launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view wx:for='{{list}}'>{{item}}</view>"),
            (
                "p/i.js",
                "Page({ data: { list: [] }, onLoad() { this.setData({ 'list[99999999]': 1 }); this.setData({ 'list[1]': 2 }) } })",
            ),
        ],
        None,
    );
    let trace = app.trace();
    let refused = "setData: invalid data path `list[99999999]`: the index is over 1000000";
    // Reported as the other invalid paths are; the rest of the page goes on.
    assert_eq!(errors(&trace), [refused]);
    let set: Vec<_> = trace.iter().filter(|l| l["type"] == "setData").collect();
    assert_eq!(set.len(), 1);
    assert_eq!(set[0]["paths"], json!(["list[1]"]));
}
