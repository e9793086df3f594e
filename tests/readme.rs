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
