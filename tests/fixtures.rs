//! Every fixture under fixtures/: `mpsim check` output and rendered page trees against the
//! goldens in its `expected/` folder.

#![allow(clippy::unwrap_used)]

use mpsim_base::DiskVfs;
use mpsim_conformance::{assert_golden, repo_root};
use mpsim_wxml::{DomTree, OpBuffer, TemplateInstance, expr::eval::NoWxs};

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

#[test]
fn check_reports_match_goldens() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 3);
    for dir in dirs {
        let report = mpsim::check_path(&dir).expect("fixture is a mini-program");
        let json = serde_json::to_string_pretty(&report.to_json()).expect("json") + "\n";
        let expected = dir.join("expected");
        std::fs::create_dir_all(&expected).expect("expected/");
        assert_golden(&expected.join("check.json"), &json);
    }
}

#[test]
fn rendered_trees_match_goldens() {
    let mut rendered = 0;
    for dir in fixture_dirs() {
        let vfs = DiskVfs::new(&dir);
        let compiled = mpsim::compile_project(&vfs).expect("compiles");
        let Ok(entries) = std::fs::read_dir(dir.join("expected")) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".data.json") else {
                continue;
            };
            let route = stem.replace('_', "/");
            let data: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(e.path()).expect("read"))
                    .expect("data json");
            let program = compiled
                .templates
                .get(&route)
                .unwrap_or_else(|| panic!("{route} compiled"))
                .clone();
            let mut inst = TemplateInstance::new(program, 0);
            let mut sink = OpBuffer::starting_at(1);
            let warnings = inst.render(&data, &NoWxs, &mut sink);
            assert!(
                warnings.iter().all(|w| w.message.contains("WXS")),
                "{warnings:?}"
            );
            let mut tree = DomTree::new();
            tree.apply(&sink.ops).expect("ops apply");
            let json = serde_json::to_string_pretty(&tree.to_json()).expect("json") + "\n";
            assert_golden(
                &dir.join("expected").join(format!("{stem}.tree.json")),
                &json,
            );
            rendered += 1;
        }
    }
    assert!(rendered >= 4, "rendered {rendered} pages");
}
