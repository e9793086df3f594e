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

#[test]
fn page_scroll_to_a_selector_scrolls_the_view_and_fires_on_page_scroll() {
    let dir = std::env::temp_dir().join(format!("mpsim-scroll-to-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(
        dir.join("p/i.wxml"),
        "<view style='height: 500px'>a</view><view id='b' style='height: 2000px'>b</view>",
    )
    .unwrap();
    std::fs::write(
        dir.join("p/i.js"),
        "Page({ onReady() { wx.pageScrollTo({ selector: '#b', offsetTop: -20 }).then((r) => console.log(r.errMsg)) }, onPageScroll(e) { console.log('scrolled', String(e.scrollTop)) } })",
    )
    .unwrap();
    let mut sim = Simulator::launch(&dir, LaunchOptions::default()).unwrap();
    sim.wait_idle(1000);
    let said: Vec<String> = sim
        .take_trace()
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].to_string())
        .collect();
    assert_eq!(said, [r#"["pageScrollTo:ok"]"#, r#"["scrolled","480"]"#]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inline_text_elements_answer_with_the_box_of_their_text() {
    let dir = std::env::temp_dir().join(format!("mpsim-inline-query-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(
        dir.join("p/i.wxml"),
        "<view style='height: 30px'>top</view><view><text class='t' style='font-size: 20px'>hello</text></view>",
    )
    .unwrap();
    std::fs::write(
        dir.join("p/i.js"),
        "Page({ onReady() { wx.createSelectorQuery().select('.t').boundingClientRect((r) => console.log(String(!!r), r ? String(r.top) : '', r ? String(r.height > 0) : '')).exec() } })",
    )
    .unwrap();
    let mut sim = Simulator::launch(&dir, LaunchOptions::default()).unwrap();
    sim.wait_idle(100);
    let said: Vec<String> = sim
        .take_trace()
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].to_string())
        .collect();
    assert_eq!(said, [r#"["true","30","true"]"#]);
    let _ = std::fs::remove_dir_all(&dir);
}
