//! Fuzzing the runtime, not the parsers: fixtures/fuzz-target is driven with random steps (wx
//! API calls with random arguments, navigation of every method to URLs with non-ASCII text and
//! broken `%` escapes, setData paths and payloads, selectors for createSelectorQuery and
//! selectComponent, storage keys and values near the limits, timers, taps, scrolls, frames),
//! and the mock rules and actions-script parsers get mutated input. Nothing may panic or hang;
//! what the app's JS throws is the app's business.
//!
//! The test runs a bounded number of steps; `cargo run --release -p mpsim-conformance
//! --example runtime_fuzz -- SECONDS [SEED]` runs the same loop for longer.

use mpsim_conformance::mutate::{Rng, mutate};
use mpsim_conformance::repo_root;
use serde_json::{Map, Value, json};

const URL_PARTS: &[&str] = &[
    "/",
    "pages/a/a",
    "pages/b/b",
    "pages/c/c",
    "/pages/c/c",
    "../c/c",
    "./c",
    "?",
    "&",
    "=",
    "%",
    "%2",
    "%E4",
    "%E4%B8%AD",
    "%zz",
    "%%",
    "中",
    "🙂",
    "#",
    "..",
    "//",
    " ",
    "x",
    "1",
    "\0",
    "\\",
    "+",
    ";",
    "pages/none/none",
    "?a=1&a=2",
    "&=&",
    "?%",
];
const PATH_PARTS: &[&str] = &[
    "list",
    "[",
    "]",
    "0",
    "1",
    "99999",
    "4294967296",
    ".",
    "name",
    "extra",
    "title",
    "tick",
    "hideCard",
    "中",
    "-1",
    "[-1]",
    "..",
    "'",
    "\"",
    " ",
    "__proto__",
    "constructor",
    "[1e3]",
];
const SELECTOR_PARTS: &[&str] = &[
    "#f",
    ".row",
    "card",
    ">>>",
    ">",
    " ",
    ",",
    ".title",
    "[data-id]",
    "[data-id=1]",
    "#",
    ".",
    ":",
    "*",
    "view",
    "text",
    "::",
    "(",
    ")",
    "中",
    "%",
    "\\",
    "+",
    "~",
    "#f .row",
    ".page >>> .card",
];
const KEYS: &[&str] = &[
    "title",
    "url",
    "duration",
    "scrollTop",
    "selector",
    "icon",
    "count",
    "index",
    "text",
    "filePath",
    "src",
    "delta",
    "key",
    "data",
    "content",
    "itemList",
    "urls",
    "current",
    "phoneNumber",
    "header",
    "method",
    "name",
    "badge",
    "fontSize",
    "mask",
];
const APIS: &[&str] = &[
    "showToast",
    "showModal",
    "showLoading",
    "hideLoading",
    "hideToast",
    "request",
    "downloadFile",
    "uploadFile",
    "getSystemInfo",
    "setClipboardData",
    "getClipboardData",
    "pageScrollTo",
    "setNavigationBarTitle",
    "setNavigationBarColor",
    "setTabBarBadge",
    "removeTabBarBadge",
    "setTabBarItem",
    "showTabBar",
    "hideTabBar",
    "getImageInfo",
    "previewImage",
    "chooseImage",
    "chooseMedia",
    "getLocation",
    "login",
    "getSetting",
    "makePhoneCall",
    "vibrateShort",
    "setStorage",
    "getStorage",
    "removeStorage",
    "requestPayment",
    "showActionSheet",
    "navigateToMiniProgram",
    "openLocation",
    "scanCode",
    "connectSocket",
    "loadFontFace",
    "startPullDownRefresh",
    "stopPullDownRefresh",
    "canvasToTempFilePath",
    "saveImageToPhotosAlbum",
    "getNetworkType",
    "authorize",
    "requestSubscribeMessage",
    "openDocument",
    "getFileInfo",
    "compressImage",
    "notAnApi",
];
const FS_OPS: &[&str] = &[
    "access",
    "readFile",
    "writeFile",
    "appendFile",
    "unlink",
    "mkdir",
    "rmdir",
    "readdir",
    "rename",
    "copyFile",
    "stat",
    "getFileInfo",
    "saveFile",
    "getSavedFileList",
    "removeSavedFile",
];
/// File paths: the app's folders, the package, escapes of every kind.
const FILE_PARTS: &[&str] = &[
    "wxfile://usr/",
    "wxfile://tmp/",
    "wxfile://store/",
    "wxfile://",
    "/",
    "../",
    "..",
    "./",
    "a",
    "b.txt",
    "/etc/passwd",
    "%2e%2e/",
    "\\",
    "中文",
    "\u{0}",
    "https://a.com/x.png",
];
const NAV: &[&str] = &[
    "navigateTo",
    "redirectTo",
    "switchTab",
    "reLaunch",
    "navigateBack",
];

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len())]
}

/// A string of `parts`, sometimes a long one.
fn text(rng: &mut Rng, parts: &[&str]) -> String {
    let n = match rng.below(20) {
        0 => 200 + rng.below(2000),
        _ => rng.below(6),
    };
    (0..n).map(|_| pick(rng, parts)).collect()
}

/// A JSON value of depth at most `depth`: numbers at the edges, strings of all sorts.
fn value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 6 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(
            [
                0.0,
                -0.0,
                1e308,
                -1e-308,
                4294967296.0,
                9007199254740993.0,
                -1.5
            ][rng.below(7)]
        ),
        3 => json!(rng.below(100)),
        4 => json!(text(rng, URL_PARTS)),
        5 => match rng.below(40) {
            // Over the 1 MB a storage key may hold, now and then.
            0 => json!("x".repeat(1_100_000)),
            _ => json!(text(rng, PATH_PARTS)),
        },
        6 | 7 => {
            let mut m = Map::new();
            for _ in 0..rng.below(5) {
                m.insert(pick(rng, KEYS).to_string(), value(rng, depth - 1));
            }
            Value::Object(m)
        }
        _ => Value::Array((0..rng.below(5)).map(|_| value(rng, depth - 1)).collect()),
    }
}

/// One fuzz event for the page's driver (fixtures/fuzz-target/common/driver.js).
fn step(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 | 1 => json!({"op": "api", "name": pick(rng, APIS), "args": value(rng, 2)}),
        8 => json!({
            "op": "fs",
            "name": pick(rng, FS_OPS),
            "path": text(rng, FILE_PARTS),
            "to": text(rng, FILE_PARTS),
            "recursive": rng.below(2) == 0,
            "args": value(rng, 1),
        }),
        2 => {
            let mut url = text(rng, URL_PARTS);
            if rng.below(3) > 0 {
                url = format!(
                    "/pages/{}/{}?{url}",
                    ["a", "b", "c"][rng.below(3)],
                    ["a", "b", "c"][rng.below(3)]
                );
            }
            json!({"op": "nav", "method": pick(rng, NAV), "args": url, "delta": rng.below(5)})
        }
        3 => json!({"op": "setData", "path": text(rng, PATH_PARTS), "args": value(rng, 3)}),
        4 => json!({"op": "query", "args": text(rng, SELECTOR_PARTS), "inPage": rng.below(2) == 0}),
        5 => json!({"op": "component", "args": text(rng, SELECTOR_PARTS)}),
        6 => {
            json!({"op": "storage", "key": text(rng, PATH_PARTS), "args": value(rng, 2), "remove": rng.below(2) == 0})
        }
        7 => {
            json!({"op": "timer", "path": text(rng, PATH_PARTS), "args": value(rng, 1), "delay": rng.below(3000)})
        }
        _ => json!({"op": "nextTick", "args": value(rng, 1)}),
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Stats {
    pub steps: u64,
    pub events: u64,
    pub frames: u64,
    pub texts: u64,
}

/// Runs `steps` random steps against a fresh launch of the fuzz target (and as many mutated
/// mock-rules and actions texts); panics are the bugs being hunted. Its files are real ones,
/// in a data folder of its own; after the run nothing may exist beside the app's folder.
pub fn run(seed: u64, steps: u64) -> Stats {
    let dir = repo_root().join("fixtures/fuzz-target");
    let sandbox =
        std::env::temp_dir().join(format!("mpsim-runtime-fuzz-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sandbox);
    let data = sandbox.join("data");
    let mut sim =
        mpsim::Simulator::launch_with_data(&dir, mpsim::LaunchOptions::default(), Some(&data))
            .expect("the fuzz target launches");
    let mut rng = Rng(seed | 1);
    let mut stats = Stats::default();
    let texts = corpus();
    for _ in 0..steps {
        stats.steps += 1;
        match rng.below(12) {
            0 => sim.advance(rng.below(5000) as u64),
            1 => {
                sim.wait_idle(10_000);
            }
            2 => sim.back(),
            3 => {
                let _ = sim.tap_at(rng.below(400) as f32, rng.below(800) as f32);
            }
            4 => sim.scroll_page(rng.below(3000) as f32 - 500.0),
            5 => {
                let _ = sim.render();
                stats.frames += 1;
            }
            6 => {
                // The mock rules and actions scripts, mutated.
                let input = mutate(&mut rng, &texts);
                let _ = mpsim::MockNetwork::parse(
                    &input,
                    "rules.json",
                    std::rc::Rc::new(mpsim::DiskVfs::new(&dir)),
                );
                if let Ok(steps) = mpsim::script::parse(&input) {
                    let _ = sim.run_script(&steps[..steps.len().min(3)]);
                }
                stats.texts += 1;
            }
            _ => {
                if sim.fire("#f", "fuzz", step(&mut rng)).is_ok() {
                    stats.events += 1;
                }
            }
        }
    }
    // Still alive: the page answers and draws.
    sim.wait_idle(10_000);
    sim.render().expect("the fuzzed app still renders");
    let beside: Vec<_> = std::fs::read_dir(&sandbox)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        beside.iter().all(|n| n == "data"),
        "files escaped the data folder: {beside:?}"
    );
    let apps: Vec<_> = std::fs::read_dir(&data)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        apps.len() <= 1,
        "more than the app's folder in the data folder: {apps:?}"
    );
    let _ = std::fs::remove_dir_all(&sandbox);
    stats
}

/// Valid mock rules and actions scripts, the seeds the mutations start from.
fn corpus() -> Vec<String> {
    vec![
        r#"{"rules": [{"url": "https://api.example.com/*", "method": "GET", "status": 200, "data": {"ok": true}, "delay": 100}, {"url": "*", "fail": "timeout"}], "login": {"code": "c"}, "location": {"latitude": 1, "longitude": 2}, "permissions": {"scope.userLocation": false}}"#.to_string(),
        r##"[{"waitIdle": 1000}, {"tap": "#f"}, {"advance": 300}, {"scroll": "page", "top": 200}, {"navigate": "navigateTo", "url": "/pages/c/c?x=%E4%B8%AD"}, {"back": true}, {"input": "#f", "value": "中"}]"##.to_string(),
    ]
}
