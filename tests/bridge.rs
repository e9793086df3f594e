//! The bridge as a user sees it: every fixture recorded through the recorder, every message
//! read back, and the screen rebuilt from the recorded view messages alone (no JS engine),
//! pixel for pixel what the simulator rendered. Recordings repeat exactly.

use mpsim_bridge::{Recorded, read_recording};
use mpsim_conformance::{fixture_dirs, launch_fixture_recorded};

/// Launches `dir`, runs its actions (when it has them), waits until it is idle, and returns
/// the recording and the rendered pixels.
fn record(dir: &std::path::Path) -> (String, tiny_skia::Pixmap) {
    let mut sim = launch_fixture_recorded(dir, None);
    if let Ok(text) = std::fs::read_to_string(dir.join("expected/actions.json")) {
        let steps = mpsim::script::parse(&text).expect("actions parse");
        sim.run_script(&steps)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    sim.wait_idle(10_000);
    let pixels = sim.render().expect("renders");
    (sim.bridge_recording().expect("recorded"), pixels)
}

#[test]
fn every_fixture_replays_pixel_identical_from_its_recording() {
    let mut replayed = 0;
    for dir in fixture_dirs() {
        let (recording, pixels) = record(&dir);
        let messages =
            read_recording(&recording).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        // Every line is a message, and reads back as the same JSON it was written as.
        assert_eq!(messages.len(), recording.lines().count());
        for (m, line) in messages.iter().zip(recording.lines()) {
            let mut written: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let obj = written.as_object_mut().expect("an object");
            obj.remove("seq");
            obj.remove("from");
            let again = match m {
                Recorded::ToView(v) => serde_json::to_value(v),
                Recorded::ToLogic(l) => serde_json::to_value(l),
            }
            .expect("serialises");
            assert_eq!(written, again, "{}: {line}", dir.display());
        }
        let device = mpsim_view::render::Device::parse("iphone6").expect("preset");
        let mut view = mpsim::replay::replay(&recording, device).expect("replays");
        let again = view.render().expect("the replay renders");
        assert_eq!(
            (again.width(), again.height()),
            (pixels.width(), pixels.height())
        );
        let differing = again
            .data()
            .chunks(4)
            .zip(pixels.data().chunks(4))
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(differing, 0, "{}: replay differs", dir.display());
        replayed += 1;
    }
    assert!(replayed >= 10, "replayed {replayed} fixtures");
}

#[test]
fn a_recording_is_the_same_on_every_run() {
    let dir = mpsim_conformance::repo_root().join("fixtures/shop");
    let (first, _) = record(&dir);
    let (second, _) = record(&dir);
    assert!(first.lines().count() > 20);
    assert_eq!(first, second);
}

#[test]
fn the_view_learns_images_through_the_bridge() {
    let dir = mpsim_conformance::repo_root().join("fixtures/shop");
    let (recording, _) = record(&dir);
    let resources: Vec<Recorded> = read_recording(&recording)
        .expect("reads")
        .into_iter()
        .filter(|m| matches!(m, Recorded::ToView(mpsim_bridge::ToView::Resource { .. })))
        .collect();
    assert!(
        !resources.is_empty(),
        "the shop's images come as Resource messages"
    );
    assert!(resources.iter().all(|m| matches!(
        m,
        Recorded::ToView(mpsim_bridge::ToView::Resource { data: Some(_), .. })
    )));
}
