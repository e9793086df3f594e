//! The README's library examples, kept honest.

use mpsim::{LaunchOptions, Simulator};
use mpsim_conformance::{launch_fixture, repo_root};

#[test]
fn driving_the_shop_as_the_readme_shows() {
    let mut sim = Simulator::launch(&repo_root().join("fixtures/shop"), LaunchOptions::default())
        .expect("launches");
    sim.tap(".card").expect("tap");
    assert_eq!(sim.current_route(), "pages/detail/detail");
    assert_eq!(sim.data()["product"]["title"], "Tea");
    sim.advance(1_000);
    assert_eq!(sim.now(), 1_000);
    assert!(sim.take_trace().iter().all(|l| l["type"] != "error"));
}

/// The component-styles fixture through the whole pipeline: logic renders page and components,
/// the view composes them, styles cascade per scope.
#[test]
fn styles_cascade_through_the_running_app() {
    let mut sim = launch_fixture(&repo_root().join("fixtures/component-styles"), None);
    let tree = sim.page_tree().expect("a page is shown");
    let styles = sim.page_styles();
    let mut by_text: std::collections::HashMap<String, &mpsim_wxss::ComputedStyle> =
        Default::default();
    fn walk<'a>(
        c: &'a mpsim_view::Composed,
        styles: &'a mpsim_view::style::PageStyles,
        out: &mut std::collections::HashMap<String, &'a mpsim_wxss::ComputedStyle>,
    ) {
        if c.text.is_none() {
            let text: String = c.children.iter().filter_map(|k| k.text.clone()).collect();
            if !text.is_empty()
                && let Some(s) = styles.get(&c.id)
            {
                out.insert(text, s);
            }
        }
        for k in &c.children {
            walk(k, styles, out);
        }
    }
    walk(&tree, &styles, &mut by_text);
    // Page class: app.wxss `.title` is red.
    assert_eq!(by_text["Page title"]["color"], "red");
    // Isolated component: app `.title` does not reach in; its own bold does; color inherits.
    assert_eq!(by_text["Isolated"]["color"], "#333");
    assert_eq!(by_text["Isolated"]["font-weight"], "bold");
    // `~shared ~accent` are page classes: margin 4rpx = 2px, var(--accent) resolved.
    assert_eq!(by_text["page classes by prefix"]["margin"], "2px");
    assert_eq!(by_text["page classes by prefix"]["color"], "#ff5000");
    // apply-shared: app `.title` applies, and the component's own font-size.
    assert_eq!(by_text["Apply-shared"]["color"], "red");
    assert_eq!(by_text["Apply-shared"]["font-size"], "20px");
}

/// wx storage survives a restart when a data folder is given, and the limits hold.
#[test]
fn storage_persists_per_app_between_runs() {
    let app = std::env::temp_dir().join(format!("mpsim-storage-app-{}", std::process::id()));
    let data = app.join("data");
    std::fs::create_dir_all(app.join("p")).expect("dirs");
    std::fs::write(app.join("project.config.json"), r#"{"appid": "wxstore"}"#).expect("write");
    std::fs::write(app.join("app.json"), r#"{"pages": ["p/i"]}"#).expect("write");
    std::fs::write(app.join("app.js"), "App({})").expect("write");
    std::fs::write(app.join("p/i.wxml"), "<view/>").expect("write");
    std::fs::write(
        app.join("p/i.js"),
        "Page({ onLoad() { const n = wx.getStorageSync('visits') || 0; wx.setStorageSync('visits', n + 1); console.log('visits', n + 1); try { wx.setStorageSync('big', 'x'.repeat(1100 * 1024)) } catch (e) { console.log(e.message) } } })",
    )
    .expect("write");
    let visits = |sim: &mut Simulator| {
        sim.take_trace()
            .iter()
            .filter(|l| l["type"] == "console")
            .map(|l| l["args"].clone())
            .collect::<Vec<_>>()
    };
    let mut first =
        Simulator::launch_with_data(&app, LaunchOptions::default(), Some(&data)).expect("launch");
    assert_eq!(
        visits(&mut first),
        [
            serde_json::json!(["visits", "1"]),
            serde_json::json!(["setStorageSync:fail:entry size limit reached"])
        ]
    );
    let mut second =
        Simulator::launch_with_data(&app, LaunchOptions::default(), Some(&data)).expect("launch");
    assert_eq!(visits(&mut second)[0], serde_json::json!(["visits", "2"]));
    assert!(data.join("wxstore/storage.json").is_file());
    let _ = std::fs::remove_dir_all(&app);
}

/// Taps by screen position: the view finds the node, the app reacts, the tabBar switches tabs.
#[test]
fn taps_at_screen_points_hit_the_right_nodes() {
    let mut sim = launch_fixture(&repo_root().join("fixtures/shop"), None);
    // The first product card sits at about y = 220..263 CSS px below the 64 px of bars.
    assert!(sim.tap_at(180.0, 64.0 + 241.0));
    assert_eq!(sim.current_route(), "pages/detail/detail");
    sim.back();
    // The third tab (Cart) in the tabBar.
    assert!(sim.tap_at(375.0 * 2.5 / 4.0, 667.0 - 20.0));
    assert_eq!(sim.current_route(), "pages/cart/cart");
    let taps = sim.take_trace();
    assert!(
        taps.iter()
            .any(|l| l["type"] == "event" && l["handler"] == "onTap")
    );

    // The navigation bar's back button.
    sim.tab(0).expect("home tab");
    assert!(sim.tap_at(180.0, 64.0 + 241.0));
    assert_eq!(sim.current_route(), "pages/detail/detail");
    assert!(sim.tap_at(20.0, 20.0 + 22.0));
    assert_eq!(sim.current_route(), "pages/index/index");

    // A modal's buttons, then an action sheet's cancel row.
    let mut sim = launch_fixture(&repo_root().join("fixtures/builtins"), None);
    sim.tap("#ask").expect("tap");
    sim.take_trace();
    assert!(
        !sim.tap_at(100.0, 100.0),
        "the mask takes taps outside the buttons"
    );
    assert!(sim.tap_at(280.0, 400.0), "confirm");
    assert!(sim.tap_at(180.0, 667.0 - 20.0), "the sheet's cancel");
    let said = console_args(&mut sim);
    assert_eq!(
        said,
        [
            r#"["modal","true","false"]"#,
            r#"["sheet","showActionSheet:fail cancel"]"#
        ]
    );

    // A custom tabBar is page content pinned to the bottom: taps reach its component.
    let mut sim = launch_fixture(&repo_root().join("fixtures/custom-tabbar"), None);
    assert!(sim.tap_at(375.0 * 0.75, 667.0 - 20.0));
    assert_eq!(sim.current_route(), "pages/mine/mine");
}

/// The preview's wheel: a scroll-view under the pointer scrolls (its events fire), elsewhere
/// the page does.
#[test]
fn wheel_scrolls_what_is_under_the_pointer() {
    let mut sim = launch_fixture(&repo_root().join("fixtures/view-effects"), None);
    sim.take_trace();
    // The tag list sits 184..284 px down the page, under 64 px of bars.
    sim.scroll_at(100.0, 64.0 + 230.0, -100.0);
    assert_eq!(sim.page_scroll(), 0.0);
    sim.scroll_at(100.0, 64.0 + 500.0, 120.0);
    assert_eq!(sim.page_scroll(), 120.0);
    let said = console_args(&mut sim);
    assert_eq!(said[0], r#"["tags scroll","128","100"]"#, "{said:?}");
}

/// The argument lists of the console lines the app printed since the last look, as JSON.
fn console_args(sim: &mut Simulator) -> Vec<String> {
    sim.take_trace()
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].to_string())
        .collect()
}
