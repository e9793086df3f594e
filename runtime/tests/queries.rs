#![allow(clippy::unwrap_used)]
//! Selector queries are answered after the task's template updates, as on the phone: a
//! query made right after a setData sees what that setData renders.

use mpsim::{LaunchOptions, Simulator};

#[test]
fn a_query_after_set_data_sees_the_update() {
    let dir = std::env::temp_dir().join(format!("mpsim-query-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(
        dir.join("p/i.wxml"),
        "<view class='{{cls}}' style='height: 40px'>x</view>",
    )
    .unwrap();
    std::fs::write(
        dir.join("p/i.js"),
        "Page({ data: { cls: '' }, onLoad() { this.setData({ cls: 'box' }); wx.createSelectorQuery().select('.box').boundingClientRect((r) => console.log('found', String(!!r), r ? String(r.height) : '')).exec() } })",
    )
    .unwrap();
    let mut sim = Simulator::launch(&dir, LaunchOptions::default()).unwrap();
    let said: Vec<String> = sim
        .take_trace()
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].to_string())
        .collect();
    assert_eq!(said, [r#"["found","true","40"]"#]);
    let _ = std::fs::remove_dir_all(&dir);
}
