//! `cargo bench -p mpsim-logic`: the module transforms on 1 MB, app startup on a 200 KB bundle, 1,000 one-item setData calls
//! on the list1000 component, a tap round trip, and how long the endless-loop guard takes to
//! stop a handler. Prints medians.

#![allow(clippy::unwrap_used)]

use mpsim_base::{MemVfs, Vfs};
use mpsim_logic::{AppService, LaunchOptions};
use mpsim_wxml::{CompileOptions, Compiler};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn launch(vfs: MemVfs) -> AppService {
    let (project, _) = mpsim_project::load(&vfs).unwrap();
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    let mut templates = BTreeMap::new();
    for path in project.components.keys() {
        let tpl = format!("{path}.wxml");
        if vfs.is_file(&tpl) {
            templates.insert(path.clone(), Arc::new(c.compile(&tpl)));
        }
    }
    AppService::launch(
        Rc::new(vfs) as Rc<dyn Vfs>,
        project,
        templates,
        LaunchOptions::default(),
    )
}

/// A utility module of about 200 KB, the size of a real app's bundle.
fn bundle() -> String {
    let mut s = String::from("var utils = {};\n");
    let mut i = 0;
    while s.len() < 200 * 1024 {
        s.push_str(&format!(
            "utils.f{i} = function (list, key) {{ var out = []; for (var j = 0; j < list.length; j++) {{ if (list[j] && list[j][key] !== undefined) out.push({{ id: list[j].id, v: String(list[j][key]) + '-{i}' }}); }} return out.length ? out : null; }};\n"
        ));
        i += 1;
    }
    s.push_str("module.exports = utils;\n");
    s
}

/// list1000 as the peer benchmark uses it: the component's own tap handler changes one item.
fn list_app() -> MemVfs {
    let wxml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/list1000/components/list1000/index.wxml"))
        .unwrap_or_else(|_| "<view class='list'><view wx:for='{{list}}' wx:key='id' class='item' data-idx='{{index}}' bindtap='onTap'>{{index}}. {{item.label}} ({{item.n}})</view></view>".into());
    MemVfs::new()
        .with("app.json", r#"{"pages": ["pages/index/index"], "usingComponents": {"list1000": "/bench/index"}}"#)
        .with("app.js", "App({})")
        .with("pages/index/index.wxml", "<list1000 list=\"{{list}}\"/>")
        .with("pages/index/index.js", "const list = []; for (let i = 0; i < 1000; i++) list.push({ id: i, label: 'Item ' + i, n: 0 });\nPage({ data: { list } })")
        .with("bench/index.json", r#"{"component": true}"#)
        .with("bench/index.wxml", format!("{wxml}<view id='burst' bindtap='burst'>burst</view>").as_str())
        .with(
            "bench/index.js",
            "Component({ properties: { list: { type: Array, value: [] } }, methods: {\n  onTap(e) { const i = e.currentTarget.dataset.idx; this.setData({ [`list[${i}].n`]: this.data.list[i].n + 1 }) },\n  burst() { for (let i = 0; i < 1000; i++) this.setData({ ['list[' + i + '].n']: i + 1 }) } } })",
        )
}

/// About 1 MB of ES module code: imports, exports, and functions that use the imports.
fn esm_bundle() -> String {
    let mut s =
        String::from("import base, { helper } from './base'\nimport * as util from './util'\n");
    let mut i = 0;
    while s.len() < 1_000_000 {
        s.push_str(&format!(
            "export const value{i} = helper({i}) + base.offset;\nexport function compute{i}(x) {{ const list = [x, {i}, util.scale]; return list.map((v) => v * 2).reduce((a, b) => a + b, 0) + value{i} }}\n"
        ));
        i += 1;
    }
    s.push_str("export default { count: 1 }\n");
    s
}

fn main() {
    // The ES module transform on a 1 MB bundle (parse, scope analysis, lowering).
    let esm = esm_bundle();
    let mut lowering = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = mpsim_logic::esm::to_commonjs(&esm).unwrap().unwrap();
        lowering.push(t.elapsed());
        assert_eq!(out.lines().count(), esm.lines().count());
    }
    println!(
        "ES module to CommonJS, 1 MB bundle: median {:.1} ms",
        median(lowering).as_secs_f64() * 1e3
    );

    // The nested-arrow `this` rewrite (a workaround for boa) on 1 MB of methods whose arrows
    // inside arrows use `this`: parse and one walk.
    let mut arrows_src = String::new();
    let mut i = 0;
    while arrows_src.len() < 1_000_000 {
        arrows_src.push_str(&format!(
            "const o{i} = {{ n: {i}, m() {{ return [1, 2].map((a) => [a].map((b) => b + this.n)[0]); }} }};\n"
        ));
        i += 1;
    }
    let mut rewrite = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = mpsim_logic::arrows::fix_nested_this(&arrows_src).unwrap();
        rewrite.push(t.elapsed());
        assert_eq!(out.lines().count(), arrows_src.lines().count());
    }
    println!(
        "nested-arrow this rewrite, 1 MB: median {:.1} ms",
        median(rewrite).as_secs_f64() * 1e3
    );

    // Startup: launch with a 200 KB bundle required by app.js.
    let mut startup = Vec::new();
    for _ in 0..5 {
        let vfs = MemVfs::new()
            .with("app.json", r#"{"pages": ["p/i"]}"#)
            .with("app.js", "const u = require('./utils/bundle'); App({ globalData: { n: Object.keys(u).length } })")
            .with("utils/bundle.js", bundle().as_str())
            .with("p/i.wxml", "<view>{{n}}</view>")
            .with("p/i.js", "Page({ data: { n: 1 } })");
        let t = Instant::now();
        let app = launch(vfs);
        startup.push(t.elapsed());
        assert!(app.trace().iter().all(|l| l["type"] != "error"));
    }
    println!(
        "startup with a 200 KB bundle (launch to first page ready): median {:.1} ms",
        median(startup).as_secs_f64() * 1e3
    );

    // A tap round trip: event -> handler -> setData of one item -> tree operations.
    let mut app = launch(list_app());
    let mut per_tap = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        app.tap(".item").unwrap();
        per_tap.push(t.elapsed());
        app.take_trace();
        app.take_messages();
    }
    println!(
        "tap round trip on list1000 (event -> handler -> setData one item -> tree ops): median {:.3} ms",
        median(per_tap).as_secs_f64() * 1e3
    );

    // setData: 1,000 calls, each changing one item of list1000, from the component's handler.
    let mut bursts = Vec::new();
    for _ in 0..5 {
        app.take_trace();
        app.take_messages();
        let t = Instant::now();
        app.tap("#burst").unwrap();
        bursts.push(t.elapsed());
    }
    let per_call = median(bursts).as_secs_f64() * 1e3 / 1000.0;
    println!(
        "setData one item of list1000, 1,000 calls in a handler: median {per_call:.4} ms per call"
    );

    // The endless-loop guard.
    let mut app = launch(
        MemVfs::new()
            .with("app.json", r#"{"pages": ["p/i"]}"#)
            .with("app.js", "App({})")
            .with("p/i.wxml", "<view id='x' bindtap='spin'/>")
            .with(
                "p/i.js",
                "Page({ spin() { let i = 0; while (true) { i++ } } })",
            ),
    );
    let t = Instant::now();
    app.tap("#x").unwrap();
    println!(
        "endless loop in a handler stopped after {:.0} ms ({} iterations)",
        t.elapsed().as_secs_f64() * 1e3,
        mpsim_logic::LOOP_LIMIT
    );
}
