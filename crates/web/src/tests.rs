//! The two sides as the browser runs them, joined here on one thread the way the worker and
//! the page join them: the screen must show what `mpsim render` shows.

use super::*;
use mpsim_bridge::{ToLogic, ToView};
use std::path::Path;

fn pack(fixture: &str, page: Option<&str>) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(fixture);
    let launch = mpsim::pack::Launch {
        page: page.map(str::to_string),
        device: "iphone6".into(),
        mock_rules: None,
    };
    mpsim::pack::Pack::from_folder(&dir, None, launch)
        .expect("packs")
        .to_bytes()
}

/// Passes messages through their JSON form both ways until both sides are quiet.
fn pump(logic: &mut Logic, screen: &mut Screen) {
    for _ in 0..200 {
        let to_view: Vec<ToView> = decode(&encode(&logic.take_messages())).expect("json");
        screen.apply(&to_view);
        let to_logic: Vec<ToLogic> = decode(&encode(&screen.take_outbox())).expect("json");
        if to_view.is_empty() && to_logic.is_empty() {
            return;
        }
        for m in to_logic {
            logic.handle(m);
        }
    }
}

fn settled_frame(logic: &mut Logic, screen: &mut Screen) -> Pixels {
    let mut last = None;
    for _ in 0..10 {
        pump(logic, screen);
        match screen.frame() {
            Some(f) => last = Some(f),
            None if last.is_some() => break,
            None => {}
        }
        // The frame may have asked for images.
        pump(logic, screen);
    }
    last.expect("a frame")
}

#[test]
fn the_screen_shows_what_render_shows_and_a_tab_tap_changes_it() {
    let bytes = pack("shop", None);
    let (appid, device) = pack_info(&bytes).expect("info");
    assert_eq!(device, "iphone6");
    assert!(!appid.is_empty());
    let mut logic = Logic::start(&bytes, None).expect("starts");
    assert!(logic.diagnostics().is_empty(), "{:?}", logic.diagnostics());
    let mut screen = Screen::new(&device).expect("device");
    let got = settled_frame(&mut logic, &mut screen);

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/shop");
    let mut sim = mpsim::Simulator::launch(&dir, Default::default()).expect("launches");
    let want = sim.render().expect("renders");
    assert_eq!((got.width, got.height), (want.width(), want.height()));
    let differing = got
        .rgba
        .chunks(4)
        .zip(want.pixels())
        .filter(|(g, w)| {
            let w = w.demultiply();
            [w.red(), w.green(), w.blue()]
                .iter()
                .zip(g.iter())
                .any(|(a, b)| a.abs_diff(*b) > 16)
        })
        .count();
    assert_eq!(differing, 0, "pixels differ from mpsim render");

    // The tabBar's last item, clicked as the page does (CSS pixels).
    let (w, h) = (screen.device().width, screen.device().height);
    screen.pointer_down(w * 0.9, h - 20.0, 0);
    screen.pointer_up(w * 0.9, h - 20.0);
    pump(&mut logic, &mut screen);
    assert_ne!(logic.current_route(), "pages/index/index");
    let after = settled_frame(&mut logic, &mut screen);
    assert_ne!(after.rgba, got.rgba);
}

fn storage_pack(page: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/storage-crash");
    let launch = mpsim::pack::Launch {
        page: Some(page.into()),
        device: "iphone6".into(),
        mock_rules: None,
    };
    mpsim::pack::Pack::from_folder(&dir, None, launch)
        .expect("packs")
        .to_bytes()
}

fn console(logic: &mut Logic) -> Vec<String> {
    logic
        .take_trace()
        .into_iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].to_string())
        .collect()
}

/// What the app stores goes to the page (which keeps it under the app id) and comes back
/// with the next launch.
#[test]
fn storage_goes_back_to_the_page_and_comes_again() {
    let writer = storage_pack("pages/write/write");
    assert_eq!(pack_info(&writer).expect("info").0, "wxstoragecrash01");
    let mut logic = Logic::start(&writer, None).expect("starts");
    let saved = logic.take_storage().expect("the app saved");
    assert_eq!(logic.take_storage(), None);
    let mut reader = Logic::start(&storage_pack("pages/read/read"), Some(saved)).expect("starts");
    assert_eq!(console(&mut reader), [r#"["state","1000","whole","kept"]"#]);
    let mut fresh = Logic::start(&storage_pack("pages/read/read"), None).expect("starts");
    assert_eq!(console(&mut fresh), [r#"["state","0","whole","none"]"#]);
}

#[test]
fn bad_packs_and_messages_are_errors() {
    assert!(Logic::start(b"nope", None).is_err());
    assert!(Screen::new("a-phone-that-is-not").is_err());
    assert!(decode::<ToLogic>("[{\"Nope\":1}]").is_err());
}
