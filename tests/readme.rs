//! The README's library examples, kept honest.

use mpsim::{LaunchOptions, Simulator};
use mpsim_conformance::repo_root;

#[test]
fn driving_the_shop_as_the_readme_shows() {
    let mut sim = Simulator::launch(&repo_root().join("fixtures/shop"), LaunchOptions::default())
        .expect("launches");
    sim.app.tap(".card").expect("tap");
    assert_eq!(sim.app.current_route(), "pages/detail/detail");
    assert_eq!(sim.app.data()["product"]["title"], "Tea");
    sim.app.advance(1_000);
    assert_eq!(sim.app.now(), 1_000);
    assert!(sim.app.take_trace().iter().all(|l| l["type"] != "error"));
}

/// The component-styles fixture through the whole pipeline: logic renders page and components,
/// the view composes them, styles cascade per scope.
#[test]
fn styles_cascade_through_the_running_app() {
    let mut sim = Simulator::launch(
        &repo_root().join("fixtures/component-styles"),
        LaunchOptions::default(),
    )
    .expect("launches");
    let tree = sim.page_tree().expect("a page is shown");
    let styles = sim.page_styles(mpsim_wxss::Screen::default());
    let mut by_text: std::collections::HashMap<String, &mpsim_wxss::ComputedStyle> =
        Default::default();
    fn walk<'a>(
        c: &'a mpsim_view::Composed,
        styles: &'a std::collections::HashMap<u64, mpsim_wxss::ComputedStyle>,
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
