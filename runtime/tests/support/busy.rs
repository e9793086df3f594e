//! A page for the live session's tests and benches: a fixed block, red until a slow tap
//! handler (`iterations` loop turns of JS) has run, then green (and back, on the next tap),
//! over a page tall enough to scroll.

use mpsim::live::Frame;
use std::sync::mpsc::Receiver;
use std::time::Duration;

pub const RED: [u8; 3] = [255, 0, 0];
pub const GREEN: [u8; 3] = [0, 255, 0];
/// Where to tap the block, in CSS pixels of the screen (under the 64 px of bars).
pub const BLOCK: (f32, f32) = (100.0, 94.0);

pub fn write_app(dir: &std::path::Path, iterations: u64) {
    std::fs::create_dir_all(dir.join("p")).expect("app folder");
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#.to_string()),
        ("app.js", "App({})".to_string()),
        (
            "p/i.wxml",
            "<view class='block' style='background: {{on ? \"#00ff00\" : \"#ff0000\"}}' bindtap='busy'/><view class='tall'/>".to_string(),
        ),
        (
            "p/i.wxss",
            ".block { position: fixed; top: 0; left: 0; width: 200px; height: 60px; } .tall { height: 3000px; }".to_string(),
        ),
        (
            "p/i.js",
            format!("Page({{ data: {{ on: false }}, busy() {{ let x = 0; for (let i = 0; i < {iterations}; i++) {{ x += i % 7 }} this.setData({{ on: x >= 0 && !this.data.on }}) }} }})"),
        ),
    ];
    for (path, text) in files {
        std::fs::write(dir.join(path), text).expect("app file");
    }
}

/// The colour of the block in a frame drawn at `dpr` device pixels per CSS pixel.
pub fn block(f: &Frame, dpr: u32) -> [u8; 3] {
    let (x, y) = (BLOCK.0 as u32 * dpr, BLOCK.1 as u32 * dpr);
    let i = ((y * f.width + x) * 4) as usize;
    [f.rgba[i], f.rgba[i + 1], f.rgba[i + 2]]
}

pub fn next(frames: &Receiver<Frame>) -> Frame {
    frames
        .recv_timeout(Duration::from_secs(60))
        .expect("a frame comes")
}

/// A live session of the app in `dir` on a `375x667@DPR` phone, its view on a thread named
/// as the preview names it: where to send commands, where frames come, the thread.
pub fn start(
    dir: &std::path::Path,
    dpr: u32,
) -> (
    std::sync::mpsc::Sender<mpsim::live::Command>,
    Receiver<Frame>,
    std::thread::JoinHandle<()>,
) {
    let setup = mpsim::live::Setup {
        dir: dir.to_path_buf(),
        page: None,
        device: mpsim_view::render::Device::parse(&format!("375x667@{dpr}")).expect("device"),
        network: None,
        data_dir: None,
        echo: false,
    };
    let (commands, rx) = std::sync::mpsc::channel();
    let (tx, frames) = std::sync::mpsc::channel();
    let view = std::thread::Builder::new()
        .name(mpsim::live::VIEW_THREAD.into())
        .spawn(move || mpsim::live::run(setup, rx, move |f| tx.send(f).is_ok()))
        .expect("view thread");
    (commands, frames, view)
}
