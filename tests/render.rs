//! Rendered pages against checked-in PNGs, with `mpsim test`'s tolerance: antialiasing may
//! move a little, a box that moves may not. `UPDATE_GOLDEN=1` rewrites the PNGs.
//!
//! Screens a fixture's own actions reach are checkpoints in its `expected/actions.json`,
//! compared by `mpsim test fixtures` (devtools/tests/suite.rs). What is here needs another
//! first page or another sequence of steps than the fixture's trace has.

use mpsim::suite::compare::pixel_diff;
use mpsim_conformance::{assert_png_golden, launch_fixture, repo_root};

fn check(fixture: &str, page: Option<&str>, golden: &str) {
    check_after(fixture, page, &[], golden)
}

/// Renders `fixture` after the actions `steps` and compares with the golden PNG.
fn check_after(fixture: &str, page: Option<&str>, steps: &[serde_json::Value], golden: &str) {
    let dir = repo_root().join("fixtures").join(fixture);
    let mut sim = launch_fixture(&dir, page);
    sim.run_script(steps).expect("actions run");
    let png = sim.screenshot().expect("renders");
    assert_png_golden(&dir.join("expected").join(golden), &png);
}

/// The cart and the detail page opened as the first page (the shop's home page is a
/// checkpoint of its actions).
#[test]
fn shop_pages_match_their_pngs() {
    check("shop", Some("pages/cart/cart"), "cart.png");
    check("shop", Some("pages/detail/detail?id=p1"), "detail.png");
}

/// WXWebAssembly's crossings page (traps, exceptions through wasm, growth, tables, globals):
/// the browser suite compares its canvas with this page too.
#[test]
fn wasm_crossings_page_matches_its_png() {
    check(
        "wasm-image",
        Some("pages/crossings/crossings"),
        "crossings.png",
    );
}

/// Gradients, shadows, a rotated badge, rounded clipping, a scroll-view scrolled into view and a
/// fixed bar (the case's index.png); then the page scrolled, the bar staying where it is.
#[test]
fn effects_scrolling_and_fixed_boxes_render() {
    check_after(
        "view-effects",
        None,
        &[serde_json::json!({"scroll": "page", "top": 300})],
        "scrolled.png",
    );
}

#[test]
fn a_moved_box_is_caught() {
    let dir = repo_root().join("fixtures/shop");
    let want = tiny_skia::Pixmap::load_png(dir.join("expected/home.png")).expect("golden");
    let mut moved = want.clone();
    // Shift the band holding the first product card down by 8 pixels: what the card moving by
    // 4 CSS pixels looks like.
    let w = moved.width() as usize * 4;
    let band: Vec<u8> = want.data()[560 * w..780 * w].to_vec();
    moved.data_mut()[568 * w..788 * w].copy_from_slice(&band);
    assert!(!pixel_diff(&want, &moved).expect("same size").passes());
}

/// The peer benchmark's 1,000-item list: mounted, then after two taps on the first item and
/// a scroll to the middle of the list (frames kept between updates must paint what a fresh
/// one would).
#[test]
fn the_thousand_item_list_renders_and_updates() {
    check("list1000", None, "list.png");
    check_after(
        "list1000",
        None,
        &[
            serde_json::json!({"tap": ".item"}),
            serde_json::json!({"tap": ".item"}),
        ],
        "tapped.png",
    );
    check_after(
        "list1000",
        None,
        &[
            serde_json::json!({"tap": ".item"}),
            serde_json::json!({"scroll": "page", "top": 12000}),
        ],
        "scrolled.png",
    );
}

/// On every preset the capsule is drawn exactly where `wx.getMenuButtonBoundingClientRect`
/// says it is: inside its left and right ends the pixels are the capsule's, just outside them
/// the navigation bar's.
#[test]
fn the_capsule_is_where_the_api_reports_it_on_every_preset() {
    let dir = repo_root().join("fixtures/shop");
    for preset in ["iphone6", "iphonex", "iphone7plus", "android"] {
        let device = mpsim_view::render::Device::parse(preset).expect("preset");
        let options = mpsim::LaunchOptions {
            device: Some(mpsim::device_info(&device)),
            ..Default::default()
        };
        let sim = mpsim::Simulator::launch(&dir, options).expect("launches");
        let mut session = mpsim::automation::Session::new(sim);
        let call = serde_json::json!({"method": "getMenuButtonBoundingClientRect", "args": []});
        let answer = session.request("App.callWxMethod", &call).expect("answers");
        let rect = &answer["result"];
        let at = |k: &str| rect[k].as_f64().expect("a number") as f32;
        let png = session.simulator().render().expect("renders");
        let pixel = |x: f32, y: f32| {
            let p = png
                .pixel((x * device.dpr) as u32, (y * device.dpr) as u32)
                .expect("on screen");
            (p.red(), p.green(), p.blue())
        };
        let mid = at("top") + at("height") / 2.0;
        let bar = pixel(at("left") - 3.0, mid);
        assert_eq!(bar, pixel(at("right") + 3.0, mid), "{preset}");
        assert_eq!(
            bar,
            pixel(at("left") + at("width") / 2.0, at("top") - 2.0),
            "{preset}"
        );
        for x in [at("left") + 3.0, at("right") - 3.0] {
            assert_ne!(pixel(x, mid), bar, "{preset}: no capsule at x {x}");
        }
        assert_eq!(at("right") - at("left"), 87.0);
    }
}

/// `env(safe-area-inset-*)` on an iPhone X-class phone: a custom header starts under the
/// status bar (as `safeArea.top` says, on every phone) and a fixed footer keeps clear of the
/// home indicator, which a phone with a home button does not have.
#[test]
fn safe_area_insets_keep_content_clear_of_the_notch_and_home_indicator() {
    let dir = repo_root().join("fixtures/safe-area");
    let colors = |preset: &str| {
        let device = mpsim_view::render::Device::parse(preset).expect("preset");
        let options = mpsim::LaunchOptions {
            device: Some(mpsim::device_info(&device)),
            ..Default::default()
        };
        let mut sim = mpsim::Simulator::launch(&dir, options).expect("launches");
        sim.wait_idle(1000);
        let png = sim.render().expect("renders");
        let at = |y: f32| {
            let p = png
                .pixel((10.0 * device.dpr) as u32, (y * device.dpr) as u32)
                .expect("on screen");
            (p.red(), p.green(), p.blue())
        };
        // Just below a 40 px header and the status bar, and just above a 50 px footer.
        let below_bar = device.status_bar + 40.0;
        (
            at(below_bar - 2.0),
            at(below_bar + 2.0),
            at(device.height - 52.0),
        )
    };
    let (pink, white, blue) = ((255, 204, 204), (255, 255, 255), (204, 204, 255));
    assert_eq!(colors("iphonex"), (pink, white, blue));
    assert_eq!(colors("iphone6"), (pink, white, white));
    let device = mpsim_view::render::Device::parse("iphone6").expect("preset");
    assert_eq!(device.safe_bottom, 0.0);
}

/// The canvas fixture's poster (canvas 2D) and chart (the first canvas API), checked at
/// points whose colour the drawing code fixes.
#[test]
fn canvases_draw_what_their_code_says() {
    let dir = repo_root().join("fixtures/canvas");
    let shot = |page: &str| {
        let mut sim = launch_fixture(&dir, Some(page));
        sim.wait_idle(1000);
        sim.render().expect("renders")
    };
    let device = mpsim_view::render::Device::parse("iphone6").expect("preset");
    // The page starts under the status and navigation bars; each canvas is 10 px in.
    let top = device.status_bar + mpsim_view::render::NAV_BAR_HEIGHT + 10.0;
    let rgb = |png: &tiny_skia::Pixmap, x: f32, y: f32| {
        let p = png
            .pixel((x * device.dpr) as u32, (y * device.dpr) as u32)
            .expect("on screen")
            .demultiply();
        (p.red(), p.green(), p.blue())
    };
    let poster = shot("pages/poster/poster");
    let at = |x: f32, y: f32| rgb(&poster, 10.0 + x, top + y);
    // The gradient starts at #ff7a45.
    let (r, g, b) = at(4.0, 2.0);
    assert!(
        r == 255 && (118..=130).contains(&g) && (60..=80).contains(&b),
        "{r} {g} {b}"
    );
    assert_eq!(at(120.0, 30.0), (255, 255, 255), "the card");
    assert_eq!(
        at(100.0, 130.0),
        (0, 150, 136),
        "the cup, drawn from the package image"
    );
    assert_eq!(
        at(153.5, 285.5),
        (0, 0, 0),
        "the code's first finder square"
    );
    let red = (32..130)
        .flat_map(|x| (252..276).map(move |y| (x as f32, y as f32)))
        .filter(|(x, y)| {
            let (r, g, b) = at(*x, *y);
            r > 200 && g < 80 && b < 80
        })
        .count();
    assert!(red > 200, "the price is red: {red} pixels");
    // The exported thumbnail shows the same gradient at its top.
    let (r, g, _) = rgb(&poster, 10.0 + 240.0 + 10.0 + 40.0, top + 3.0);
    assert!(r == 255 && (110..=140).contains(&g), "thumbnail {r} {g}");

    let chart = shot("pages/chart/chart");
    let at = |x: f32, y: f32| rgb(&chart, 10.0 + x, top + y);
    assert_eq!(at(2.0, 2.0), (250, 250, 250), "the background");
    // Halfway from Monday (36, 135) to Tuesday (86, 105.25), on the 2 px line.
    let (r, g, b) = at(61.0, 120.1);
    assert!(
        r < 80 && (120..=160).contains(&g) && b > 230,
        "the line {r} {g} {b}"
    );
    // The average line is dashed: orange, then a gap, within 8 px.
    let orange: Vec<bool> = (40..48)
        .map(|x| {
            let (r, g, _) = at(x as f32 + 0.5, 93.1);
            r > 200 && g < 150
        })
        .collect();
    assert!(
        orange.contains(&true) && orange.contains(&false),
        "{orange:?}"
    );
}
