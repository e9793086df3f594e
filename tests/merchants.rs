//! One template, three merchants (fixtures/restaurant): each renders as its profile says, the
//! gallery shows them side by side, and their domain lists hold as on the phone.
//! `UPDATE_GOLDEN=1` rewrites the merchants' PNGs.

use mpsim::merchant::Merchant;
use mpsim::{LaunchOptions, Simulator};
use mpsim_conformance::{assert_png_golden, repo_root};
use std::path::PathBuf;

fn template() -> PathBuf {
    repo_root().join("fixtures/restaurant")
}

fn merchant(name: &str) -> Merchant {
    Merchant::load(&template().join("merchants").join(format!("{name}.json"))).expect("profile")
}

fn launch(name: &str, page: &str) -> Simulator {
    let options = LaunchOptions {
        page: Some(page.into()),
        ..Default::default()
    };
    let mut sim =
        Simulator::launch_as(&template(), &merchant(name), options, None, false).expect("launch");
    sim.wait_idle(10_000);
    sim
}

/// The RGB of device pixel (`x`, `y`) of a PNG.
fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 3] {
    let p = tiny_skia::Pixmap::decode_png(png).expect("png");
    let c = p.pixel(x, y).expect("inside").demultiply();
    [c.red(), c.green(), c.blue()]
}

#[test]
fn each_merchant_renders_its_own_name_colours_menu_and_version() {
    for (name, theme, golden) in [
        ("noodle", [0xc0, 0x39, 0x2b], "noodle-menu.png"),
        ("sushi", [0x1f, 0x6f, 0x8b], "sushi-menu.png"),
        ("taco", [0x27, 0xae, 0x60], "taco-menu.png"),
    ] {
        let mut sim = launch(name, "pages/menu/menu");
        let png = sim.screenshot().expect("renders");
        // The navigation bar and the hero take the merchant's colour.
        assert_eq!(pixel(&png, 20, 100), theme, "{name}'s navigation bar");
        assert_eq!(pixel(&png, 20, 150), theme, "{name}'s hero");
        let data = sim.data();
        assert_eq!(data["env"], merchant(name).env_version);
        assert_png_golden(&template().join("expected").join(golden), &png);
    }
}

#[test]
fn the_account_and_ext_config_are_the_merchants() {
    let mut sim = launch("sushi", "pages/order/order");
    let data = sim.data();
    assert_eq!(data["name"], "Sushi Corner");
    assert_eq!(data["appId"], "wx22sushi0000002");
    // The template's own ext.json speaks for the developer's sample merchant.
    let mut own = Simulator::launch(
        &template(),
        LaunchOptions {
            page: Some("pages/order/order".into()),
            ..Default::default()
        },
    )
    .expect("launch");
    own.wait_idle(1000);
    assert_eq!(own.data()["name"], "Test Kitchen");
}

#[test]
fn requests_obey_each_merchants_domain_list() {
    let outcome = |name: &str| {
        let mut sim = launch(name, "pages/menu/menu");
        let trace = sim.take_trace();
        let req = trace
            .iter()
            .find(|l| l["type"] == "request")
            .cloned()
            .expect("a request line");
        req["error"].as_str().unwrap_or("").to_string()
    };
    // Sushi calls a host its list does not have: refused before it leaves the phone.
    assert_eq!(outcome("sushi"), "url not in domain list");
    // Noodle's host is listed: the call goes out (and finds no network in this test).
    assert!(outcome("noodle").contains("no network"));
}

#[test]
fn a_web_view_outside_the_business_domains_does_not_open() {
    let refused = |name: &str| {
        let mut sim = launch(name, "pages/about/about");
        let trace = sim.take_trace();
        let said: Vec<String> = trace
            .iter()
            .filter(|l| l["type"] == "console")
            .map(|l| l["args"].to_string())
            .collect();
        let lines = trace.iter().filter(|l| l["type"] == "webview").count();
        (lines, said)
    };
    let (lines, said) = refused("sushi");
    assert_eq!(lines, 1);
    assert_eq!(
        said,
        [r#"["web-view refused","https://sushi-corner.example.com/story"]"#]
    );
    assert_eq!(refused("noodle"), (0, vec![]));
}

#[test]
fn the_gallery_sets_every_merchant_beside_the_others_and_reports_unregistered_domains() {
    let out = std::env::temp_dir().join(format!("mpsim-gallery-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let devices = [
        (
            "iphone6".to_string(),
            mpsim_view::render::Device::parse("iphone6").unwrap(),
        ),
        (
            "iphonex".to_string(),
            mpsim_view::render::Device::parse("iphonex").unwrap(),
        ),
    ];
    let g = mpsim::gallery::make(&template(), &template().join("merchants"), &devices, &out)
        .expect("gallery");
    assert_eq!(g.shots.len(), 3 * 3 * 2);
    assert!(g.shots.iter().all(|s| s.errors.is_empty()), "{:?}", g.shots);
    let html = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert_eq!(
        html.matches("<section>").count(),
        3 + 1,
        "three pages and the problems"
    );
    assert_eq!(html.matches("<img ").count(), 18);
    for s in &g.shots {
        assert!(out.join(&s.file).is_file(), "{}", s.file);
        assert!(html.contains(&format!("href=\"{}\"", s.file)));
    }
    let menus: Vec<Vec<u8>> = ["noodle", "sushi", "taco"]
        .iter()
        .map(|m| std::fs::read(out.join(m).join("iphone6/pages_menu_menu.png")).unwrap())
        .collect();
    assert!(menus[0] != menus[1] && menus[1] != menus[2] && menus[0] != menus[2]);
    let unregistered: Vec<_> = g
        .diagnostics
        .iter()
        .filter(|d| d.code == "merchant-domain-unregistered")
        .collect();
    assert_eq!(unregistered.len(), 1, "{:?}", g.diagnostics);
    assert_eq!(
        (unregistered[0].file.as_str(), unregistered[0].line),
        ("taco.json", 28)
    );
    let _ = std::fs::remove_dir_all(&out);
}
