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
        let mut out = String::new();
        for line in sim.take_trace() {
            out.push_str(&line.to_string());
            out.push('\n');
        }
        assert_golden(&dir.join("expected").join("trace.jsonl"), &out);
        checked += 1;
    }
    assert!(checked >= 3, "checked {checked} fixtures");
}
