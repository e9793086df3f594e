//! Every fixture under fixtures/ against the goldens in its `expected/` folder:
//! - `check.json`: what `mpsim check` reports;
//! - `<route>.data.json` -> `<route>.tree.json`: the page template rendered with that data;
//! - `<route>.steps.json` -> `<route>.steps.tree.json`: setData-style steps applied one by one
//!   (each key a data path), with the tree and the kinds of operations after each step;
//! - `styles.json`: computed styles of the first page with its components expanded.

#![allow(clippy::unwrap_used)]

use mpsim_base::{DataPath, DiskVfs};
use mpsim_conformance::{assert_golden, fixture_dirs};
use mpsim_wxml::{DomTree, OpBuffer, TemplateInstance, TreeOp, expr::eval::NoWxs};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("json") + "\n"
}

#[test]
fn check_reports_match_goldens() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 6);
    for dir in dirs {
        let report = mpsim::check_path(&dir).expect("fixture is a mini-program");
        let expected = dir.join("expected");
        std::fs::create_dir_all(&expected).expect("expected/");
        assert_golden(&expected.join("check.json"), &pretty(&report.to_json()));
    }
}

fn op_kinds(ops: &[TreeOp]) -> Value {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for op in ops {
        let k = match op {
            TreeOp::CreateElement { .. } => "createElement",
            TreeOp::CreateText { .. } => "createText",
            TreeOp::Remove { .. } => "remove",
            TreeOp::Move { .. } => "move",
            TreeOp::SetAttr { .. } => "setAttr",
            TreeOp::SetText { .. } => "setText",
        };
        *counts.entry(k).or_default() += 1;
    }
    json!(counts)
}

#[test]
fn rendered_trees_and_update_steps_match_goldens() {
    let mut rendered = 0;
    for dir in fixture_dirs() {
        let compiled = mpsim::compile_project(&DiskVfs::new(&dir)).expect("compiles");
        let Ok(entries) = std::fs::read_dir(dir.join("expected")) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".data.json") else {
                continue;
            };
            let route = stem.replace('_', "/");
            let mut data = read_json(&e.path());
            let program = compiled
                .templates
                .get(&route)
                .unwrap_or_else(|| panic!("{route} compiled"))
                .clone();
            let mut inst = TemplateInstance::new(program, 0);
            let mut sink = OpBuffer::starting_at(1);
            let warnings = inst.render(&data, &NoWxs, &mut sink);
            assert!(
                warnings
                    .iter()
                    .all(|w| w.message.contains("WXS") || w.message.contains("not found")),
                "{warnings:?}"
            );
            let mut tree = DomTree::new();
            tree.apply(&sink.take()).expect("ops apply");
            assert_golden(
                &dir.join("expected").join(format!("{stem}.tree.json")),
                &pretty(&tree.to_json()),
            );
            rendered += 1;

            let steps_path = dir.join("expected").join(format!("{stem}.steps.json"));
            if let Ok(text) = std::fs::read_to_string(&steps_path) {
                let steps: Vec<Value> = serde_json::from_str(&text).expect("steps json");
                let mut out = Vec::new();
                for (i, step) in steps.iter().enumerate() {
                    let mut paths = Vec::new();
                    for (k, v) in step.as_object().expect("a step is an object") {
                        let p = DataPath::parse(k).expect("data path");
                        mpsim_base::set_path(&mut data, p.segs(), v.clone());
                        paths.push(p);
                    }
                    inst.update(&data, &paths, &NoWxs, &mut sink);
                    let ops = sink.take();
                    tree.apply(&ops).expect("ops apply");
                    out.push(json!({ "step": i + 1, "set": step, "ops": op_kinds(&ops), "tree": tree.to_json() }));
                }
                assert_golden(
                    &dir.join("expected").join(format!("{stem}.steps.tree.json")),
                    &pretty(&Value::Array(out)),
                );
            }
        }
    }
    assert!(rendered >= 6, "rendered {rendered} pages");
}

/// Labels each element of a composed page by its path of tags and classes, with its style.
fn label_styles(
    c: &mpsim_view::Composed,
    label: &str,
    styles: &mpsim_view::style::PageStyles,
    out: &mut Vec<Value>,
) {
    if c.text.is_some() {
        return;
    }
    let class = c.attr_text("class");
    let me = format!(
        "{label}{}{}{}",
        if label.is_empty() { "" } else { " > " },
        c.tag,
        class
            .split_whitespace()
            .map(|c| format!(".{c}"))
            .collect::<String>()
    );
    out.push(json!({ "node": me, "style": styles.get(&c.id) }));
    for k in &c.children {
        label_styles(k, &me, styles, out);
    }
}

/// Computed styles of each fixture's entry page through the running app (components, their
/// options, external classes, virtual hosts), iPhone 6 width.
#[test]
fn computed_styles_match_goldens() {
    let mut checked = 0;
    for dir in fixture_dirs() {
        let golden = dir.join("expected").join("styles.json");
        if !golden.exists() && !dir.ends_with("component-styles") {
            continue;
        }
        let mut sim = mpsim_conformance::launch_fixture(&dir, None);
        let tree = sim.page_tree().expect("a page is shown");
        let styles = sim.page_styles();
        let mut out = Vec::new();
        label_styles(&tree, "", &styles, &mut out);
        assert_golden(&golden, &pretty(&Value::Array(out)));
        checked += 1;
    }
    assert!(checked >= 1);
}

/// The shop written in each other dialect (Kuaishou, Douyin, QQ, Baidu, Alipay, each in its
/// own idioms) keeps its goldens equal to the WeChat shop's: the same home screen and the same
/// trace through the same actions, which `mpsim test` checks against each twin's own copy.
#[test]
fn dialect_twins_render_and_trace_like_the_wechat_shop() {
    let root = mpsim_conformance::repo_root().join("fixtures");
    let wechat = root.join("shop/expected");
    for twin in ["shop-ks", "shop-tt", "shop-qq", "shop-swan", "shop-my"] {
        let expected = root.join(twin).join("expected");
        for file in ["home.png", "trace.jsonl"] {
            assert!(
                std::fs::read(expected.join(file)).unwrap()
                    == std::fs::read(wechat.join(file)).unwrap(),
                "{twin}/expected/{file} is not the WeChat shop's"
            );
        }
        let report = mpsim::check_path(&root.join(twin)).unwrap();
        assert_eq!(
            report.to_json()["warnings"],
            0,
            "{twin}: {}",
            report.to_json()
        );
    }
}

/// fixtures/inline-boxes: an inline `<text>` has the box of its words, not its paragraph's
/// (the query its page logs), and a tap on those words reaches the `<text>`'s own handler.
#[test]
fn inline_text_is_measured_and_tapped_where_its_words_are() {
    let mut sim = mpsim_conformance::launch_fixture(
        &mpsim_conformance::repo_root().join("fixtures/inline-boxes"),
        None,
    );
    sim.wait_idle(1000);
    let logged = |sim: &mut mpsim::Simulator| -> Vec<String> {
        sim.take_trace()
            .iter()
            .filter(|l| l["type"] == "console")
            .map(|l| l["args"].to_string())
            .collect()
    };
    // The title paragraph is 270 wide; the badges are the size of their words and padding.
    assert_eq!(
        logged(&mut sim),
        [r#"["boxes","0 0 270 104 | 10 10 40 21 | 105 51 36 23"]"#]
    );
    // HOT's middle on the screen: below the 64 px of status and navigation bars.
    assert!(sim.tap_at(105.0 + 18.0, 64.0 + 51.0 + 11.0));
    assert_eq!(logged(&mut sim), [r#"["HOT tapped"]"#]);
    // Beside it, the tap lands on the title, which has no handler.
    assert!(sim.tap_at(200.0, 64.0 + 62.0));
    assert!(logged(&mut sim).is_empty());
}
