//! Every fixture under fixtures/ against the goldens in its `expected/` folder:
//! - `check.json`: what `mpsim check` reports;
//! - `<route>.data.json` -> `<route>.tree.json`: the page template rendered with that data;
//! - `<route>.steps.json` -> `<route>.steps.tree.json`: setData-style steps applied one by one
//!   (each key a data path), with the tree and the kinds of operations after each step;
//! - `styles.json`: computed styles of the first page with its components expanded.

#![allow(clippy::unwrap_used)]

use mpsim::CompiledProject;
use mpsim_base::{DataPath, DiskVfs};
use mpsim_conformance::{assert_golden, repo_root};
use mpsim_wxml::{DomTree, OpBuffer, TemplateInstance, TreeOp, expr::eval::NoWxs};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn fixture_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(repo_root().join("fixtures"))
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

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

/// Builds the style tree of a page: its rendered template, and for each element naming a
/// component, that component's template rendered below it (properties from the attributes)
/// in a style scope of its own.
struct StyleBuild<'a> {
    compiled: &'a CompiledProject,
    tree: mpsim_wxss::StyleTree,
    sheets: Vec<(u32, String)>,
    labels: Vec<String>,
}

impl StyleBuild<'_> {
    fn add(&mut self, nodes: &Value, parent: usize, scope: u32, owner: &str, label: &str) {
        let using = &self.compiled.project.components[owner].using;
        for n in nodes.as_array().into_iter().flatten() {
            let Some(tag) = n["tag"].as_str() else {
                continue;
            };
            let attrs = n["attrs"].as_object().cloned().unwrap_or_default();
            let class = attrs.get("class").and_then(Value::as_str).unwrap_or("");
            let mut node = mpsim_wxss::StyleNode {
                tag: tag.to_string(),
                classes: mpsim_wxss::tree::scoped_classes(class, scope, &[]),
                style: attrs
                    .get("style")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                scope,
                ..Default::default()
            };
            let component = using
                .iter()
                .find(|u| u.tag == tag)
                .and_then(|u| u.target.clone());
            let child_scope = self.sheets.len() as u32;
            if component.is_some() {
                node.host_of = Some(child_scope);
            }
            let me = self.tree.push(Some(parent), node);
            let my_label = format!(
                "{label} > {tag}{}",
                class
                    .split_whitespace()
                    .map(|c| format!(".{c}"))
                    .collect::<String>()
            );
            self.labels.push(my_label.clone());
            if let Some(path) = component {
                let cfg = &self.compiled.project.components[&path];
                self.tree.set_isolation(
                    child_scope,
                    mpsim_wxss::Isolation::from_config(
                        cfg.style_isolation.as_deref(),
                        cfg.add_global_class,
                    ),
                );
                self.sheets.push((child_scope, path.clone()));
                let mut inst = TemplateInstance::new(self.compiled.templates[&path].clone(), 0);
                let mut sink = OpBuffer::starting_at(1);
                inst.render(&Value::Object(attrs), &NoWxs, &mut sink);
                let mut t = DomTree::new();
                t.apply(&sink.ops).expect("ops");
                self.add(&t.to_json(), me, child_scope, &path, &my_label);
            } else if let Some(children) = n.get("children") {
                self.add(children, me, scope, owner, &my_label);
            }
        }
    }
}

#[test]
fn computed_styles_match_goldens() {
    let mut checked = 0;
    for dir in fixture_dirs() {
        let golden = dir.join("expected").join("styles.json");
        if !golden.exists() && !dir.ends_with("component-styles") {
            continue;
        }
        let compiled = mpsim::compile_project(&DiskVfs::new(&dir)).expect("compiles");
        let route = compiled
            .project
            .entry_page()
            .expect("entry page")
            .to_string();
        let mut inst = TemplateInstance::new(compiled.templates[&route].clone(), 0);
        let mut sink = OpBuffer::starting_at(1);
        inst.render(&json!({}), &NoWxs, &mut sink);
        let mut page_tree = DomTree::new();
        page_tree.apply(&sink.ops).expect("ops");
        let mut b = StyleBuild {
            compiled: &compiled,
            tree: mpsim_wxss::StyleTree::new(),
            sheets: vec![(0, route.clone())],
            labels: vec!["page".into()],
        };
        let root = b.tree.push(
            None,
            mpsim_wxss::StyleNode {
                tag: "page".into(),
                ..Default::default()
            },
        );
        b.add(&page_tree.to_json(), root, 0, &route, "page");
        let mut sheets = Vec::new();
        if let Some(app) = compiled.styles.get("app") {
            sheets.push(mpsim_wxss::ScopedSheet {
                scope: 0,
                sheet: app,
            });
        }
        for (scope, path) in &b.sheets {
            if let Some(s) = compiled.styles.get(path) {
                sheets.push(mpsim_wxss::ScopedSheet {
                    scope: *scope,
                    sheet: s,
                });
            }
        }
        let screen = mpsim_wxss::Screen {
            width: 375.0,
            dpr: 2.0,
            ios: true,
        };
        let styles = mpsim_wxss::compute(&b.tree, &sheets, screen);
        let out: Vec<Value> = b
            .labels
            .iter()
            .zip(&styles)
            .map(|(l, s)| json!({ "node": l, "style": s }))
            .collect();
        assert_golden(&golden, &pretty(&Value::Array(out)));
        checked += 1;
    }
    assert!(checked >= 1);
}
