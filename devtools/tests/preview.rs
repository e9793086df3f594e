//! `mpsim preview` in a real window under Xvfb: the window shows the same pixels as
//! `mpsim render`, a click taps the page, and editing a file reloads it. Skipped (with a
//! message, counted by `.ci/run`) where Xvfb or xdotool is missing; `.ci/run` installs both.
#![cfg(all(feature = "preview", target_os = "linux"))]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Kills the child when the test ends, however it ends.
struct Guard(Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn write_app(dir: &Path, label: &str, color: &str) {
    let page = dir.join("pages/index");
    std::fs::create_dir_all(&page).expect("mkdir");
    std::fs::write(
        dir.join("app.json"),
        r#"{"pages": ["pages/index/index"], "window": {"navigationBarTitleText": "Preview test"}}"#,
    )
    .expect("write");
    std::fs::write(dir.join("app.js"), "App({})").expect("write");
    std::fs::write(
        page.join("index.js"),
        "Page({ data: { n: 0 }, inc() { this.setData({ n: this.data.n + 1 }) } })",
    )
    .expect("write");
    std::fs::write(
        page.join("index.wxml"),
        format!("<view id=\"btn\" class=\"btn\" bindtap=\"inc\">count {{{{n}}}}</view>\n<view class=\"label\">{label}</view>\n"),
    )
    .expect("write");
    std::fs::write(
        page.join("index.wxss"),
        format!(".btn {{ height: 200px; background: {color}; color: #fff; font-size: 40px; }}\n.label {{ font-size: 30px; padding: 20px; }}\n"),
    )
    .expect("write");
}

fn load(path: &Path) -> tiny_skia::Pixmap {
    tiny_skia::Pixmap::load_png(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Share of pixels that differ by more than a little.
fn diff(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap) -> f64 {
    if (a.width(), a.height()) != (b.width(), b.height()) {
        return 1.0;
    }
    let n = a
        .data()
        .chunks(4)
        .zip(b.data().chunks(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 8))
        .count();
    n as f64 / (a.width() * a.height()) as f64
}

fn render(dir: &Path, out: &Path) {
    let ok = Command::new(env!("CARGO_BIN_EXE_mpsim"))
        .args(["render"])
        .arg(dir)
        .args(["--device", "375x667@1", "--out"])
        .arg(out)
        .status()
        .expect("mpsim render runs")
        .success();
    assert!(ok, "mpsim render failed");
}

/// Says that this test could not run: on stderr, and in the file `MPSIM_SKIP_LOG` names,
/// which `.ci/run` counts and prints (so a skip is never silent).
fn skip(reason: &str) {
    eprintln!("skipped: {reason}");
    if let Some(path) = std::env::var_os("MPSIM_SKIP_LOG") {
        use std::io::Write;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path);
        if let Ok(mut f) = file {
            let _ = writeln!(f, "{reason}");
        }
    }
}

#[test]
fn preview_window_matches_render_taps_and_reloads() {
    if !have("Xvfb") || !have("xdotool") {
        skip(
            "preview window: Xvfb and xdotool are needed (apt-get install xvfb xdotool mesa-vulkan-drivers)",
        );
        return;
    }
    let work = std::env::temp_dir().join(format!("mpsim-preview-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let app = work.join("app");
    write_app(&app, "v1", "#ff5000");
    let display = format!(":{}", 90 + std::process::id() % 100);
    let _xvfb = Guard(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "800x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts"),
    );
    std::thread::sleep(Duration::from_millis(800));
    let shot = |name: &str| work.join(name);
    let mut preview = Guard(
        Command::new(env!("CARGO_BIN_EXE_mpsim"))
            .env("DISPLAY", &display)
            .args(["preview"])
            .arg(&app)
            .args(["--device", "375x667@1"])
            .args(["--screenshot-after", "4000"])
            .arg(shot("first.png"))
            .args(["--screenshot-after", "8000"])
            .arg(shot("tapped.png"))
            .args(["--screenshot-after", "13000"])
            .arg(shot("reloaded.png"))
            .args(["--exit-after", "14000"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("mpsim preview starts"),
    );
    let started = Instant::now();
    let at = |ms: u64| {
        let t = Duration::from_millis(ms);
        if let Some(wait) = t.checked_sub(started.elapsed()) {
            std::thread::sleep(wait);
        }
    };
    // Click the orange button (y = 64 px of bars + 100).
    at(5000);
    let xdo = |args: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("xdotool {args}"))
            .env("DISPLAY", &display)
            .output()
            .expect("xdotool runs")
    };
    let found = xdo("search --name 'mpsim preview'");
    let window = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        !window.is_empty(),
        "the preview window is not on the display"
    );
    xdo(&format!("mousemove --window {window} 180 164 click 1"));
    // Edit the page: a new label and colour.
    at(9000);
    write_app(&app, "v2", "#0050ff");
    let status = loop {
        if let Some(s) = preview.0.try_wait().expect("wait") {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "preview did not exit"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "preview exited with {status}");
    // Logic, view and window each on a thread of their own, named.
    let mut said = String::new();
    if let Some(out) = preview.0.stdout.as_mut() {
        std::io::Read::read_to_string(out, &mut said).expect("preview output");
    }
    for line in [
        "view on thread `mpsim-view`",
        "logic on thread `mpsim-logic`",
        "window on thread `main`",
    ] {
        assert!(
            said.contains(line),
            "the preview did not say {line:?}: {said}"
        );
    }

    let first = load(&shot("first.png"));
    let tapped = load(&shot("tapped.png"));
    let reloaded = load(&shot("reloaded.png"));
    let expected: PathBuf = work.join("render-v2.png");
    // The window shows what `mpsim render` draws, pixel for pixel (within rounding).
    let v1 = work.join("render-v1.png");
    write_app(&work.join("v1"), "v1", "#ff5000");
    render(&work.join("v1"), &v1);
    assert!(
        diff(&first, &load(&v1)) < 0.001,
        "the window differs from mpsim render"
    );
    // The tap changed the count.
    let changed = diff(&first, &tapped);
    assert!(
        changed > 0.0005 && changed < 0.2,
        "the tap did not change the page ({changed})"
    );
    // The edit reloaded the page: it now looks like the edited app rendered.
    render(&app, &expected);
    assert!(
        diff(&reloaded, &load(&expected)) < 0.001,
        "the edit did not reload the page"
    );
    let _ = std::fs::remove_dir_all(&work);
}
