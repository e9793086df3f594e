#![allow(clippy::unwrap_used)]
//! The repo's own conformance cases through the command users run: `mpsim test fixtures`,
//! with its JUnit report. Every fixture with `expected/actions.json` is a case; its trace,
//! the screenshots and trees its actions name are compared with the goldens beside it.
//! `mpsim test fixtures --update` rewrites them.

use std::path::Path;
use std::process::Command;

#[test]
fn the_fixtures_pass_as_a_suite_with_a_junit_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cases = std::fs::read_dir(root.join("fixtures"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("expected/actions.json").is_file())
        .count();
    assert!(cases >= 15, "{cases} cases");
    let junit = std::env::temp_dir().join(format!("mpsim-suite-{}.xml", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_mpsim"))
        .arg("test")
        .arg(root.join("fixtures"))
        .arg("--junit")
        .arg(&junit)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("{cases} cases: {cases} passed, 0 failed")),
        "{stdout}"
    );
    // The screenshots the actions name were compared, not skipped.
    assert!(
        stdout.contains("PASS restyle (index.png, dark.png, trace.jsonl;"),
        "{stdout}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    let _ = std::fs::remove_file(&junit);
    assert!(
        xml.contains(&format!("tests=\"{cases}\" failures=\"0\"")),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), cases, "{xml}");
}

#[test]
fn a_missing_path_or_an_empty_filter_is_a_usage_error() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mpsim"))
            .arg("test")
            .args(args)
            .output()
            .unwrap()
    };
    let missing = run(&["no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/folder: no such folder"));
    let none = run(&[
        fixtures.to_str().unwrap(),
        "--filter",
        "no-case-is-named-this",
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no case found"));
}
