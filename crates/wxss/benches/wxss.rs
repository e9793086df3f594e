//! `cargo bench -p mpsim-wxss`: WXSS compile throughput on a generated stylesheet.

#![allow(clippy::unwrap_used)]

use mpsim_base::MemVfs;
use std::time::{Duration, Instant};

fn main() {
    let mut css = String::new();
    let mut i = 0;
    while css.len() < 150_000 {
        css.push_str(&format!(".c{i} .item > .t{i}:first-child {{ margin: {i}rpx 20rpx; padding: 10rpx; color: #3{i}a; font-size: 28rpx; border-radius: 8rpx; display: flex; }}\n@media (min-width: 400px) {{ .w{i} {{ width: calc(100% - {i}rpx); }} }}\n"));
        i += 1;
    }
    let vfs = MemVfs::new().with("a.wxss", css.as_str());
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let mut d = Vec::new();
        let s = mpsim_wxss::compile_file(&vfs, "a.wxss", "wxss", false, &mut d);
        std::hint::black_box(&s);
        times.push(t.elapsed());
    }
    times.sort();
    let m = times[times.len() / 2];
    println!(
        "wxss compile: {} KB, {} rules: median {:.2} ms = {:.1} MB/s",
        css.len() / 1024,
        i * 2,
        m.as_secs_f64() * 1e3,
        css.len() as f64 / m.as_secs_f64() / 1e6
    );
}
