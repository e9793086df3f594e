//! Rendered pages against checked-in PNGs, with a tolerance: antialiasing may move a little,
//! a box that moves may not. `UPDATE_GOLDEN=1` rewrites the PNGs.

use mpsim_conformance::{launch_fixture, repo_root};

/// Share of pixels whose color differs by more than `tol` in any channel.
fn diff_ratio(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap, tol: u8) -> f64 {
    if (a.width(), a.height()) != (b.width(), b.height()) {
        return 1.0;
    }
    let differing = a
        .data()
        .chunks(4)
        .zip(b.data().chunks(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > tol))
        .count();
    differing as f64 / (a.width() as f64 * a.height() as f64)
}

fn check(fixture: &str, page: Option<&str>, golden: &str) {
    check_after(fixture, page, &[], golden)
}

/// Renders `fixture` after the actions `steps` and compares with the golden PNG.
fn check_after(fixture: &str, page: Option<&str>, steps: &[serde_json::Value], golden: &str) {
    let dir = repo_root().join("fixtures").join(fixture);
    let mut sim = launch_fixture(&dir, page);
    sim.run_script(steps).expect("actions run");
    let png = sim.screenshot().expect("renders");
    let path = dir.join("expected").join(golden);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &png).expect("write golden");
        return;
    }
    let want = tiny_skia::Pixmap::load_png(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    let got = tiny_skia::Pixmap::decode_png(&png).expect("own PNG decodes");
    let ratio = diff_ratio(&want, &got, 48);
    assert!(
        ratio < 0.002,
        "{fixture} {golden}: {:.3}% of pixels differ from the golden",
        ratio * 100.0
    );
}

#[test]
fn shop_pages_match_their_pngs() {
    check("shop", None, "home.png");
    check("shop", Some("pages/cart/cart"), "cart.png");
    check("shop", Some("pages/detail/detail?id=p1"), "detail.png");
}

#[test]
fn kuaishou_twin_renders_the_same_home_page() {
    check("shop-ks", None, "home.png");
}

/// Gradients, shadows, a rotated badge, rounded clipping, a scroll-view scrolled into view and a
/// fixed bar; then the page scrolled, the bar staying where it is.
#[test]
fn effects_scrolling_and_fixed_boxes_render() {
    check("view-effects", None, "index.png");
    check_after(
        "view-effects",
        None,
        &[serde_json::json!({"scroll": "page", "top": 300})],
        "scrolled.png",
    );
}

/// Data from wx.request, an image from wx.downloadFile and a remote `<image>`, all served by
/// the fixture's mock rules once the page is idle.
#[test]
fn network_data_and_images_come_from_the_mock_rules() {
    check_after(
        "network",
        None,
        &[serde_json::json!({"waitIdle": 5000})],
        "index.png",
    );
}

/// What the phone and its user answer, from the fixture's mock rules: the login code, a
/// denied location, the network type, a cloud function, a database read, a file written and
/// read back, a photo picked from the album (drawn, and measured by getImageInfo), a
/// cancelled payment.
#[test]
fn platform_answers_come_from_the_mock_rules() {
    check_after(
        "platform",
        None,
        &[
            serde_json::json!({"waitIdle": 1000}),
            serde_json::json!({"tap": "#choose"}),
            serde_json::json!({"waitIdle": 1000}),
            serde_json::json!({"tap": "#pay"}),
            serde_json::json!({"waitIdle": 1000}),
        ],
        "index.png",
    );
}

/// An image handed to a wasm module through its memory and inverted there, its checksums, and
/// the caught errors of an endless loop (stopped by fuel) and an out-of-bounds read.
#[test]
fn a_wasm_module_inverts_an_image() {
    check_after(
        "wasm-image",
        None,
        &[
            serde_json::json!({"waitIdle": 1000}),
            serde_json::json!({"tap": "#loop"}),
            serde_json::json!({"tap": "#trap"}),
        ],
        "index.png",
    );
}

/// The built-in components in their default looks: page-meta's navigation bar and page style,
/// buttons (types, sizes, plain, disabled, loading), sliders, rich-text from HTML and from
/// nodes, movable-view, cover-view, picker, label, a video placeholder; the swiper has turned
/// once on the virtual clock.
#[test]
fn built_in_components_render() {
    check_after(
        "builtins",
        None,
        &[serde_json::json!({"advance": 3000})],
        "index.png",
    );
}

/// `tabBar.custom`: each tab page shows its own instance of custom-tab-bar/index at the bottom,
/// selected by the page's onShow; tapping it switches tabs.
#[test]
fn custom_tab_bars_render_on_tab_pages() {
    check_after(
        "custom-tabbar",
        None,
        &[serde_json::json!({"tap": "#tab-1"})],
        "mine.png",
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
    assert!(diff_ratio(&want, &moved, 48) >= 0.002);
}

/// The tabBar as the app's first page changes it: a renamed item, a badge, a red dot, new
/// colours.
#[test]
fn tab_bar_calls_are_drawn() {
    check("tabbar-api", None, "home.png");
}

/// A class change that restyles descendants and a row inserted before its siblings, drawn from
/// frames the view kept and updated.
#[test]
fn restyled_descendants_and_siblings_render() {
    check("restyle", None, "index.png");
    check_after(
        "restyle",
        None,
        &[
            serde_json::json!({"tap": "#panel"}),
            serde_json::json!({"tap": "#bar"}),
        ],
        "dark.png",
    );
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
