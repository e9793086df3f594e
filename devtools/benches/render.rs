//! `cargo bench -p mpsim-devtools`: cold start to PNG (process start to file written, release
//! build), a full-frame paint at 750x1334, relayout after a one-item setData on a
//! 1,000-item list, and the preview's hot reload. Prints medians.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let shop = root.join("fixtures/shop");
    let out = std::env::temp_dir().join(format!("mpsim-bench-{}.png", std::process::id()));

    let mut cold = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_mpsim"))
            .args(["render"])
            .arg(&shop)
            .arg("--out")
            .arg(&out)
            .status()
            .unwrap();
        cold.push(t.elapsed());
        assert!(status.success());
    }
    println!(
        "cold start to PNG, shop home page (process start to file written): median {:.1} ms",
        median(cold).as_secs_f64() * 1e3
    );

    let mut sim = mpsim::Simulator::launch(&shop, mpsim::LaunchOptions::default()).unwrap();
    let device = sim.device().clone();
    let frame = sim.frame().unwrap();
    let layout = frame.layout.as_ref();
    let chrome = sim.chrome();
    let mut paint = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let p = mpsim_view::render::render_frame(layout, &chrome, &device).unwrap();
        paint.push(t.elapsed());
        assert_eq!(p.width(), 750);
    }
    println!(
        "full-frame paint at 750x1334 (shop home): median {:.2} ms",
        median(paint).as_secs_f64() * 1e3
    );

    // A 1,000-item list: one item changes, then compose, style and lay out the page again.
    let dir = std::env::temp_dir().join(format!("mpsim-bench-list-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(dir.join("p/i.wxml"), "<view class='list'><view wx:for='{{list}}' wx:key='id' class='item' data-idx='{{index}}' bindtap='onTap'>{{index}}. {{item.label}} ({{item.n}})</view></view>").unwrap();
    std::fs::write(dir.join("p/i.wxss"), ".item { padding: 4rpx; }").unwrap();
    std::fs::write(dir.join("p/i.js"), "const list = []; for (let i = 0; i < 1000; i++) list.push({ id: i, label: 'Item ' + i, n: 0 });\nPage({ data: { list }, onTap(e) { const i = e.currentTarget.dataset.idx; this.setData({ [`list[${i}].n`]: this.data.list[i].n + 1 }) } })").unwrap();
    let mut sim = mpsim::Simulator::launch(&dir, mpsim::LaunchOptions::default()).unwrap();
    let mut relayout = Vec::new();
    for _ in 0..10 {
        sim.tap(".item").unwrap();
        let t = Instant::now();
        let frame = sim.frame();
        relayout.push(t.elapsed());
        assert!(frame.is_some_and(|f| f.layout.is_some()));
    }
    println!(
        "relayout after a one-item setData on a 1,000-item list (compose + style + layout): median {:.1} ms",
        median(relayout).as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&out);

    // What `mpsim preview` does when a file changes: compile the app (unchanged scripts come
    // from the cache), relaunch at the same page stack (home, then a product page), and draw
    // the first frame. MPSIM_RELOAD_APP=DIR measures another app the same way.
    let reload_app = std::env::var_os("MPSIM_RELOAD_APP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| shop.clone());
    let mut reload = Vec::new();
    let mut cache = mpsim::CompileCache::default();
    for _ in 0..10 {
        let t = Instant::now();
        let compiled =
            mpsim::compile_project_with(&mpsim::DiskVfs::new(&reload_app), &mut cache).unwrap();
        let options = mpsim::LaunchOptions::default();
        let mut sim = mpsim::Simulator::from_compiled(&reload_app, compiled, options, None);
        if reload_app == shop {
            sim.navigate("navigateTo", "/pages/detail/detail?id=p1");
        }
        let frame = sim.render().unwrap();
        reload.push(t.elapsed());
        assert_eq!(frame.width(), 750);
    }
    println!(
        "preview hot reload of {} (compile, relaunch, first frame): median {:.1} ms",
        reload_app.display(),
        median(reload).as_secs_f64() * 1e3
    );
}
