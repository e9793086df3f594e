//! Mutation fuzzing of the WXML parser and compiler, the expression parser and evaluator, and
//! the WXSS compiler: none may panic on any input. The corpus is the fixtures' own files plus
//! hand-picked fragments; each round splices, duplicates, deletes and inserts bytes and tokens.
//!
//! The test runs a bounded number of rounds; `cargo run --release -p mpsim-conformance
//! --example fuzz -- SECONDS` runs the same loop for longer.

use mpsim_base::MemVfs;
use mpsim_wxml::expr::eval::{Env, NoWxs, eval};
use mpsim_wxml::expr::{ExprMode, parse_expr};
use mpsim_wxml::{CompileOptions, Compiler, OpBuffer, TemplateInstance};
use std::sync::Arc;

pub use mpsim_conformance::mutate::{Rng, mutate};

/// Runs every parser on one input; a panic here is the bug being hunted.
pub fn exercise(input: &str) {
    let vfs = MemVfs::new()
        .with("index.wxml", input)
        .with("a.wxss", input)
        .with("b.wxml", input);
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    let program = Arc::new(c.compile("index.wxml"));
    let _ = c.take_diagnostics();
    let mut inst = TemplateInstance::new(program, 0);
    let mut sink = OpBuffer::starting_at(1);
    let data = serde_json::json!({"a": [1, {"b": "x"}], "list": [{"id": 1}, {"id": 1}], "n": 3, "s": "str"});
    inst.render(&data, &NoWxs, &mut sink);
    let data2 = serde_json::json!({"a": null, "list": [{"id": 2}, 5, "x"], "n": -1});
    let paths: Vec<_> = ["a", "list", "n", "s"]
        .iter()
        .filter_map(|p| mpsim_base::DataPath::parse(p).ok())
        .collect();
    inst.update(&data2, &paths, &NoWxs, &mut sink);
    let ops = sink.take();
    for mode in [ExprMode::Text, ExprMode::Attr] {
        if let Ok(e) = parse_expr(input, 0, input.len(), mode) {
            let env = Env {
                data: &data,
                scopes: &[],
                wxs: &NoWxs,
            };
            let _ = eval(&e, &env).to_display().into_owned();
        }
    }
    let mut d = Vec::new();
    let sheet = mpsim_wxss::compile_file(&vfs, "a.wxss", "wxss", true, &mut d);
    let mut tree = mpsim_wxss::StyleTree::new();
    let root = tree.push(
        None,
        mpsim_wxss::StyleNode {
            tag: "page".into(),
            style: Some(input.chars().take(200).collect()),
            ..Default::default()
        },
    );
    tree.push(
        Some(root),
        mpsim_wxss::StyleNode {
            tag: "view".into(),
            classes: vec![("a".into(), 0)],
            ..Default::default()
        },
    );
    let _ = mpsim_wxss::compute(
        &tree,
        &[mpsim_wxss::ScopedSheet {
            scope: 0,
            sheet: &sheet,
        }],
        mpsim_wxss::Screen::default(),
    );
    let _ = mpsim_base::DataPath::parse(input);
    exercise_view(ops, Arc::new(sheet), input);
    let _ = mpsim_view::effects::linear_gradient(input);
    let _ = mpsim_view::effects::box_shadow(input);
    let _ = mpsim_view::effects::transform(input, 0.0, 0.0, 10.0, 10.0);
    let _ = mpsim::MockNetwork::parse(input, "mock.json", std::rc::Rc::new(mpsim::MemVfs::new()));
}

/// The view on what the template made: composed (with the input as rich-text HTML too),
/// styled with the input as a stylesheet, laid out and painted.
fn exercise_view(ops: Vec<mpsim_wxml::TreeOp>, sheet: Arc<mpsim_wxss::StyleSheet>, input: &str) {
    use mpsim_bridge::ToView;
    use mpsim_wxml::program::AttrKey;
    let mut view = mpsim_view::ViewTree::new();
    view.apply(&ToView::PageCreated {
        page: 1,
        root: 0,
        route: "p".into(),
        window: Default::default(),
        skyline: None,
    });
    view.apply(&ToView::Batch { id: 1, ops });
    view.apply(&ToView::Batch {
        id: 2,
        ops: vec![mpsim_wxml::TreeOp::CreateElement {
            id: 1 << 40,
            parent: 0,
            before: None,
            tag: "rich-text".into(),
            attrs: vec![(AttrKey::Attr("nodes".into()), serde_json::json!(input))],
        }],
    });
    let Some(page) = mpsim_view::compose_page(&view, 1) else {
        return;
    };
    let mut styles = mpsim_view::Styles::default();
    styles.sheets.insert("p".into(), sheet);
    let styles = mpsim_view::compute_page_styles(
        &page,
        "p",
        &styles,
        &|_| None,
        mpsim_view::Media::default(),
    );
    let viewport = mpsim_view::layout::Viewport {
        width: 120.0,
        height: 200.0,
        rules: mpsim_view::layout::Rules::WebView,
    };
    if let Some(layout) = mpsim_view::layout::layout_page(&page, &styles, viewport) {
        let mut items = Vec::new();
        mpsim_view::paint::display_list(&layout, 0.0, 0.0, 10.0, None, &mut items);
        if let Some(mut pixmap) = tiny_skia::Pixmap::new(120, 200) {
            mpsim_view::paint::rasterize(&items, &mut pixmap, 1.0);
        }
        let _ = mpsim_view::layout::hit_test(&layout, 10.0, 10.0, 0.0);
    }
}

/// The starting corpus: every text file of the fixtures, and fragments that hit edge cases.
pub fn corpus() -> Vec<String> {
    let mut out: Vec<String> = [
        "<view wx:for='{{list}}' wx:key='id'>{{index}}: {{item.id}}</view>",
        "<template name='t'><text>{{a}}</text></template><template is='{{n > 1 ? \"t\" : \"u\"}}' data='{{...a, n}}'/>",
        "{{ a ? b : c }} {{ [1, 'x', {a: 1}] }} {{ a.b[0].c }}",
        "<wxs module='m'>var x = 1 < 2; module.exports = {x: x}</wxs><view>{{m.x}}</view>",
        ".a { margin: 10rpx calc(100% - 2rpx) } @media (min-width: 100px) { .b:nth-child(2n+1) { color: var(--x, red) } } :host { top: 0 }",
        "<view wx:if='{{a}}'/><view wx:elif='{{b}}'/><view wx:else/>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let root = mpsim_conformance::repo_root().join("fixtures");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p)
                && text.len() < 20_000
            {
                out.push(text);
            }
        }
    }
    out
}
