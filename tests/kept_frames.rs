//! Frames the view keeps and updates (composition, styles, taffy tree and boxes reused where
//! nothing changed) against the same page styled and laid out from nothing, after every step
//! of every fixture's actions, and after taps and scrolls on the 1,000-item list.

use mpsim_conformance::{fixture_dirs, launch_fixture, repo_root};
use mpsim_view::layout::LBox;

/// Every box's id, tag, place, size and line count, in tree order.
fn boxes(b: &LBox, out: &mut Vec<(u64, String, [f32; 4], usize)>) {
    out.push((b.id, b.tag.clone(), [b.x, b.y, b.w, b.h], b.lines.len()));
    for c in &b.children {
        boxes(c, out);
    }
}

/// The kept frame equals a fresh one: the same style for every node, the same boxes (to a
/// thousandth of a pixel: a moved box is its old place plus the move).
fn same_as_fresh(sim: &mut mpsim::Simulator, at: &str) {
    let kept = sim.frame().expect("a page is on screen");
    let fresh = sim.fresh_frame().expect("a page is on screen");
    for (id, style) in &fresh.styles {
        assert_eq!(kept.styles.get(id), Some(style), "{at}: style of node {id}");
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    if let (Some(k), Some(f)) = (&kept.layout, &fresh.layout) {
        boxes(k, &mut a);
        boxes(f, &mut b);
    }
    assert_eq!(a.len(), b.len(), "{at}: box count");
    for (k, f) in a.iter().zip(&b) {
        let close = k.2.iter().zip(&f.2).all(|(x, y)| (x - y).abs() < 1e-3);
        assert!(
            k.0 == f.0 && k.1 == f.1 && close && k.3 == f.3,
            "{at}: kept {k:?}, fresh {f:?}"
        );
    }
}

#[test]
fn kept_frames_equal_fresh_ones_through_every_fixtures_actions() {
    let mut steps_checked = 0;
    for dir in fixture_dirs() {
        let Ok(text) = std::fs::read_to_string(dir.join("expected/actions.json")) else {
            continue;
        };
        let steps = mpsim::script::parse(&text).expect("actions parse");
        let mut sim = launch_fixture(&dir, None);
        same_as_fresh(&mut sim, &format!("{}: launch", dir.display()));
        for (i, step) in steps.iter().enumerate() {
            sim.run_script(std::slice::from_ref(step))
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            same_as_fresh(&mut sim, &format!("{}: after step {i}", dir.display()));
            steps_checked += 1;
        }
    }
    assert!(steps_checked >= 10, "{steps_checked} steps");
}

#[test]
fn kept_frames_equal_fresh_ones_on_the_thousand_item_list() {
    let mut sim = launch_fixture(&repo_root().join("fixtures/list1000"), None);
    same_as_fresh(&mut sim, "launch");
    for (i, y) in [100.0, 140.0, 100.0, 400.0].into_iter().enumerate() {
        assert!(sim.tap_at(60.0, y), "the tap lands on an item");
        same_as_fresh(&mut sim, &format!("tap {i}"));
    }
    sim.scroll_page(5000.0);
    assert!(sim.tap_at(60.0, 300.0));
    same_as_fresh(&mut sim, "tap after scrolling");
}
