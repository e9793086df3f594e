#![allow(clippy::unwrap_used)]
//! The live session on two threads: a handler stuck in JS holds up the logic thread only,
//! so the page still scrolls and frames still come while it runs.

use mpsim::live::{Command, Frame, Setup};
use mpsim_view::Input;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// A tall page under a fixed block: red until the (slow) tap handler has finished, then green.
fn write_app(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(
        dir.join("p/i.wxml"),
        "<view class='block' style='background: {{done ? \"#00ff00\" : \"#ff0000\"}}' bindtap='busy'/><view class='tall'/>",
    )
    .unwrap();
    std::fs::write(
        dir.join("p/i.wxss"),
        ".block { position: fixed; top: 0; left: 0; width: 200px; height: 60px; } .tall { height: 3000px; }",
    )
    .unwrap();
    // About half a second of JS, then the data that turns the block green.
    std::fs::write(
        dir.join("p/i.js"),
        "Page({ data: { done: false }, busy() { let x = 0; for (let i = 0; i < 15000000; i++) { x += i % 7 } this.setData({ done: x > 0 }) } })",
    )
    .unwrap();
}

/// The colour of the block in a frame (its pixel at CSS (100, 64 + 30) on a 1x device).
fn block(f: &Frame) -> [u8; 3] {
    let i = ((94 * f.width + 100) * 4) as usize;
    [f.rgba[i], f.rgba[i + 1], f.rgba[i + 2]]
}

fn next(frames: &Receiver<Frame>) -> Frame {
    frames
        .recv_timeout(Duration::from_secs(60))
        .expect("a frame comes")
}

#[test]
fn the_page_scrolls_while_a_handler_is_busy() {
    let dir = std::env::temp_dir().join(format!("mpsim-live-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_app(&dir);
    let setup = Setup {
        dir: dir.clone(),
        page: None,
        device: mpsim_view::render::Device::parse("375x667@1").unwrap(),
        network: None,
        data_dir: None,
        echo: false,
    };
    let (commands, rx) = channel();
    let (tx, frames) = channel();
    let view = std::thread::Builder::new()
        .name(mpsim::live::VIEW_THREAD.into())
        .spawn(move || mpsim::live::run(setup, rx, move |f| tx.send(f).is_ok()))
        .unwrap();
    const RED: [u8; 3] = [255, 0, 0];
    const GREEN: [u8; 3] = [0, 255, 0];
    let mut f = next(&frames);
    while block(&f) != RED {
        f = next(&frames);
    }
    commands
        .send(Command::Input(Input::Tap { x: 100.0, y: 94.0 }))
        .unwrap();
    commands
        .send(Command::Input(Input::Wheel {
            x: 300.0,
            y: 400.0,
            dy: 300.0,
        }))
        .unwrap();
    // The scrolled frame comes while the handler still runs: the block is still red.
    let mut f = next(&frames);
    while f.page_scroll == 0.0 {
        f = next(&frames);
    }
    assert_eq!(f.page_scroll, 300.0);
    assert_eq!(block(&f), RED, "the view waited for the busy handler");
    // Then the handler finishes and its setData reaches the screen.
    while block(&f) != GREEN {
        f = next(&frames);
    }
    assert_eq!(f.page_scroll, 300.0);
    commands.send(Command::Quit).unwrap();
    view.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
