//! What every conformance trace must hold whatever its golden says. (The goldens themselves,
//! `expected/trace.jsonl`, are compared by `mpsim test fixtures`: devtools/tests/suite.rs.)

use mpsim_conformance::{fixture_dirs, launch_fixture};

/// Every fixture with `expected/actions.json` is launched and its actions run; its page
/// lifecycles must alternate.
#[test]
fn page_lifecycles_alternate_in_every_trace() {
    let mut checked = 0;
    for dir in fixture_dirs() {
        let actions = dir.join("expected").join("actions.json");
        let Ok(text) = std::fs::read_to_string(&actions) else {
            continue;
        };
        let steps = mpsim::script::parse(&text).expect("actions parse");
        let mut sim = launch_fixture(&dir, None);
        sim.run_script(&steps)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        shown_and_hidden_alternate(&dir, &sim.take_trace());
        checked += 1;
    }
    assert!(checked >= 3, "checked {checked} fixtures");
}

/// No page gets a second onShow while shown or a second onHide while hidden (a page starts
/// hidden; onUnload ends it).
fn shown_and_hidden_alternate(dir: &std::path::Path, trace: &[serde_json::Value]) {
    let mut shown = std::collections::HashMap::new();
    for l in trace
        .iter()
        .filter(|l| l["type"] == "lifecycle" && l["target"] == "page")
    {
        let page = l["id"].as_u64().unwrap_or(0);
        match l["name"].as_str() {
            Some("onShow") => assert!(
                !shown.insert(page, true).unwrap_or(false),
                "{}: page {page} shown twice: {l}",
                dir.display()
            ),
            Some("onHide") => assert!(
                shown.insert(page, false).unwrap_or(false),
                "{}: page {page} hidden while not shown: {l}",
                dir.display()
            ),
            Some("onUnload") => {
                shown.remove(&page);
            }
            _ => {}
        }
    }
}
