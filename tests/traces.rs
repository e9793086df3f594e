//! Conformance traces: every fixture with `expected/actions.json` is launched, the actions run,
//! and the whole trace (JSON lines) is compared with `expected/trace.jsonl`.

use mpsim_conformance::{assert_golden, fixture_dirs, launch_fixture};

#[test]
fn traces_match_goldens() {
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
        let trace = sim.take_trace();
        shown_and_hidden_alternate(&dir, &trace);
        let mut out = String::new();
        for line in trace {
            out.push_str(&line.to_string());
            out.push('\n');
        }
        assert_golden(&dir.join("expected").join("trace.jsonl"), &out);
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
