#![allow(clippy::unwrap_used)]
//! What crosses the bridge, and what the two threads buy:
//! - messages and bytes for one tap whose handler sets one item of a 1,000-item list;
//! - in the live (two-thread) session, input-to-frame latency of a scroll while a tap
//!   handler is busy in JS for about 200 ms, against the same with the logic side idle.

#[path = "../tests/support/busy.rs"]
mod busy;

use busy::{BLOCK, GREEN, RED, block, next};
use mpsim::live::Command;
use mpsim_bridge::{Recorded, ToView, read_recording};
use mpsim_view::Input;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn list_app(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(dir.join("p/i.wxml"), "<view class='list'><view wx:for='{{list}}' wx:key='id' class='item' data-idx='{{index}}' bindtap='onTap'>{{index}}. {{item.label}} ({{item.n}})</view></view>").unwrap();
    std::fs::write(dir.join("p/i.js"), "const list = []; for (let i = 0; i < 1000; i++) list.push({ id: i, label: 'Item ' + i, n: 0 });\nPage({ data: { list }, onTap(e) { const i = e.currentTarget.dataset.idx; this.setData({ [`list[${i}].n`]: this.data.list[i].n + 1 }) } })").unwrap();
}

fn traffic() {
    let dir = std::env::temp_dir().join(format!("mpsim-bench-bridge-{}", std::process::id()));
    list_app(&dir);
    let mut sim =
        mpsim::Simulator::launch_recorded(&dir, mpsim::LaunchOptions::default(), None).unwrap();
    sim.tap(".item").unwrap();
    let before = sim.bridge_recording().unwrap().lines().count();
    sim.tap(".item").unwrap();
    let recording = sim.bridge_recording().unwrap();
    let lines: Vec<&str> = recording.lines().skip(before).collect();
    let msgs = read_recording(&lines.join("\n")).unwrap();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let to_view = msgs
        .iter()
        .filter(|m| matches!(m, Recorded::ToView(_)))
        .count();
    let batch = lines
        .iter()
        .zip(&msgs)
        .find(|(_, m)| matches!(m, Recorded::ToView(ToView::Batch { .. })))
        .map(|(l, _)| l.len() + 1)
        .unwrap_or(0);
    println!(
        "one tap with a one-item setData on list1000: {} messages ({} to the logic side, {to_view} to the view), {bytes} bytes; the setData's batch alone: 1 message, {batch} bytes",
        msgs.len(),
        msgs.len() - to_view,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Loop turns that keep the handler busy for about 200 ms here, measured on the
/// deterministic simulator.
fn calibrate() -> (u64, Duration) {
    let dir = std::env::temp_dir().join(format!("mpsim-bench-busy-cal-{}", std::process::id()));
    let probe = 2_000_000;
    busy::write_app(&dir, probe);
    let mut sim = mpsim::Simulator::launch(&dir, mpsim::LaunchOptions::default()).unwrap();
    let t = Instant::now();
    sim.tap(".block").unwrap();
    let took = t.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    let iterations = (probe as f64 * 0.2 / took.as_secs_f64()) as u64;
    (iterations.clamp(1, mpsim::LOOP_LIMIT - 1), took)
}

/// (scroll input -> scrolled frame, tap -> the handler's change on screen), medians of 7.
fn latency(iterations: u64, busy: bool) -> (Duration, Duration) {
    let dir = std::env::temp_dir().join(format!("mpsim-bench-busy-{}-{busy}", std::process::id()));
    busy::write_app(&dir, iterations);
    let (commands, frames, view) = busy::start(&dir, 2);
    let mut f = next(&frames);
    while block(&f, 2) != RED {
        f = next(&frames);
    }
    let (mut scrolls, mut changes) = (Vec::new(), Vec::new());
    let mut colour = block(&f, 2);
    let mut scroll = 0.0;
    for round in 0..7 {
        let tapped = Instant::now();
        if busy {
            commands
                .send(Command::Input(Input::Tap {
                    x: BLOCK.0,
                    y: BLOCK.1,
                }))
                .unwrap();
        }
        let dy = if round % 2 == 0 { 300.0 } else { -300.0 };
        let wheel = Instant::now();
        commands
            .send(Command::Input(Input::Wheel {
                x: 300.0,
                y: 400.0,
                dy,
            }))
            .unwrap();
        scroll += dy;
        let mut f = next(&frames);
        while f.page_scroll != scroll {
            f = next(&frames);
        }
        scrolls.push(wheel.elapsed());
        if busy {
            while block(&f, 2) == colour {
                f = next(&frames);
            }
            changes.push(tapped.elapsed());
            colour = block(&f, 2);
            assert!(
                round > 0 || colour == GREEN,
                "the first tap turns the block green"
            );
        }
    }
    commands.send(Command::Quit).unwrap();
    view.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let change = if changes.is_empty() {
        Duration::ZERO
    } else {
        median(changes)
    };
    (median(scrolls), change)
}

fn main() {
    traffic();
    let (iterations, probe) = calibrate();
    println!(
        "busy handler: {iterations} loop turns for ~200 ms (2,000,000 took {:.0} ms)",
        probe.as_secs_f64() * 1e3
    );
    let (idle_scroll, _) = latency(iterations, false);
    let (busy_scroll, handled) = latency(iterations, true);
    println!(
        "live session, scroll input to scrolled frame: median {:.1} ms with the logic idle, {:.1} ms while a tap handler is busy (~200 ms); the tap's own change reached the screen after {:.0} ms",
        idle_scroll.as_secs_f64() * 1e3,
        busy_scroll.as_secs_f64() * 1e3,
        handled.as_secs_f64() * 1e3
    );
}
