#![allow(clippy::unwrap_used)]
//! Apps written in the other dialects run with their own API shapes and component model:
//! Alipay's `my.*` arguments and results, its props and `this.props.onX()`, Baidu's loops and
//! `onInit`, Douyin's toast icons.

use mpsim::{LaunchOptions, Simulator};
use serde_json::Value;

mod support;

/// Writes the app's files to a fresh folder and launches it.
fn launch(name: &str, files: &[(&str, &str)]) -> (Simulator, std::path::PathBuf) {
    let dir = support::app_dir(&format!("dialect-{name}"), files);
    let mut sim = Simulator::launch(&dir, LaunchOptions::default()).unwrap();
    sim.wait_idle(1000);
    (sim, dir)
}

fn console(trace: &[Value]) -> Vec<String> {
    trace
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| {
            l["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().map(str::to_string).unwrap_or(a.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn errors(trace: &[Value]) -> Vec<Value> {
    trace
        .iter()
        .filter(|l| l["type"] == "error")
        .cloned()
        .collect()
}

#[test]
fn alipay_apis_take_and_give_their_own_shapes() {
    let js = r#"Page({ onLoad() {
        console.log('wx', typeof wx, 'my', typeof my);
        my.setStorageSync({ key: 'cart', data: [1, 2] });
        console.log('stored', JSON.stringify(my.getStorageSync({ key: 'cart' })));
        my.removeStorageSync({ key: 'cart' });
        console.log('removed', JSON.stringify(my.getStorageSync({ key: 'cart' })));
        my.showToast({ content: 'Saved', type: 'fail' });
        my.setClipboard({ text: 'hi' });
        my.getClipboard({ success: (r) => console.log('clipboard', r.text) });
        my.alert({ title: 'Note', content: 'Read me', buttonText: 'OK' });
    } })"#;
    let (mut sim, dir) = launch(
        "my-api",
        &[
            (
                "app.json",
                r#"{"pages": ["p/i"], "window": {"defaultTitle": "Alipay"}}"#,
            ),
            ("app.js", "App({})"),
            ("p/i.axml", "<view>hi</view>"),
            ("p/i.js", js),
        ],
    );
    let trace = sim.take_trace();
    assert!(errors(&trace).is_empty(), "{:?}", errors(&trace));
    let said = console(&trace);
    assert_eq!(
        said,
        [
            "wx undefined my object",
            r#"stored {"data":[1,2]}"#,
            r#"removed {"data":null}"#,
            "clipboard hi"
        ]
    );
    let ui: Vec<&Value> = trace.iter().filter(|l| l["type"] == "ui").collect();
    let toast = ui
        .iter()
        .find(|l| l["api"] == "showToast")
        .expect("a toast");
    assert_eq!(
        (&toast["title"], &toast["icon"]),
        (&"Saved".into(), &"error".into()),
        "{toast}"
    );
    let modal = ui
        .iter()
        .find(|l| l["api"] == "showModal")
        .expect("an alert");
    assert_eq!(modal["showCancel"], false, "{modal}");
    assert_eq!(modal["confirmText"], "OK", "{modal}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn alipay_components_get_props_and_call_their_parents_handlers() {
    let card = r#"Component({
        props: { title: 'untitled', count: 0, onPick: () => {} },
        data: { open: false },
        onInit() { console.log('init', this.props.title, this.props.count); },
        didMount() { console.log('mounted', this.$id > 0, typeof this.$page.onPicked); },
        didUpdate(prevProps, prevData) { console.log('updated', prevProps.count, '->', this.props.count); },
        methods: { tap() { this.props.onPick(this.props.title, 7); } }
    })"#;
    let page = r#"Page({
        data: { n: 1 },
        onPicked(title, n) { console.log('picked', title, n); this.setData({ n: this.data.n + 1 }); }
    })"#;
    let (mut sim, dir) = launch(
        "my-props",
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.json", r#"{"usingComponents": {"card": "/c/card"}}"#),
            (
                "p/i.axml",
                r#"<card title="Tea" count="{{n}}" onPick="onPicked"/>"#,
            ),
            ("p/i.js", page),
            ("c/card.json", r#"{"component": true}"#),
            (
                "c/card.axml",
                r#"<view class="card" onTap="tap">{{title}} x{{count}}</view>"#,
            ),
            ("c/card.js", card),
        ],
    );
    sim.tap(".card").unwrap();
    sim.wait_idle(1000);
    let trace = sim.take_trace();
    assert!(errors(&trace).is_empty(), "{:?}", errors(&trace));
    assert_eq!(
        console(&trace),
        [
            "init Tea 1",
            "mounted true function",
            "picked Tea 7",
            "updated 1 -> 2"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn baidu_pages_init_before_load_and_loop_without_braces() {
    let js = r#"Page({
        data: { list: [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], name: 'x' },
        onInit(q) { console.log('init', q.k); },
        onLoad(q) { console.log('load', q.k); }
    })"#;
    let (mut sim, dir) = launch(
        "swan",
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            (
                "p/i.swan",
                r#"<view s-for="p, i in list trackBy p.id" s-if="p.n > 1" class="row">{{i}}:{{p.id}}</view><input value="{= name =}"/>"#,
            ),
            ("p/i.js", js),
        ],
    );
    let trace = sim.take_trace();
    assert!(errors(&trace).is_empty(), "{:?}", errors(&trace));
    assert_eq!(console(&trace), ["init undefined", "load undefined"]);
    let tree = sim.page_tree_json().to_string();
    assert!(tree.contains("1:b") && !tree.contains("0:a"), "{tree}");
    sim.input("input", "typed").unwrap();
    sim.wait_idle(100);
    let data = sim.data();
    assert_eq!(data["name"], "typed", "{{= name =}} writes back: {data}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn douyin_toasts_map_their_fail_icon() {
    let (mut sim, dir) = launch(
        "tt",
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.ttml", "<view/>"),
            (
                "p/i.js",
                "Page({ onLoad() { console.log(typeof wx, typeof tt); tt.showToast({ title: 'No', icon: 'fail' }); } })",
            ),
        ],
    );
    let trace = sim.take_trace();
    assert_eq!(console(&trace), ["undefined object"]);
    let toast = trace.iter().find(|l| l["api"] == "showToast").unwrap();
    assert_eq!(toast["icon"], "error");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kuaishou_warns_of_methods_it_will_not_call() {
    let (mut sim, dir) = launch(
        "ks",
        &[
            (
                "project.config.json",
                r#"{"appid": "ks671599047965003333"}"#,
            ),
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.ksml", "<view/>"),
            (
                "p/i.js",
                "Page({ _private() {}, $helper() {}, onLoad() { ks.pay({ serviceId: '1', orderInfo: { order_no: 'o1' }, success: () => console.log('paid') }); } })",
            ),
        ],
    );
    assert!(
        sim.diagnostics()
            .iter()
            .all(|d| d.code != "project-appid-format")
    );
    let trace = sim.take_trace();
    assert_eq!(console(&trace), ["paid"]);
    let warnings: Vec<String> = trace
        .iter()
        .filter(|l| l["type"] == "warning")
        .map(|l| l["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`_private`"), "{warnings:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
