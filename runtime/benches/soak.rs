#![allow(clippy::unwrap_used)]
//! Soak: nothing grows. The shop (`fixtures/shop`) goes through 1,000 navigations
//! (navigateTo and back, redirectTo, switchTab, reLaunch) and then 100,000 setData calls
//! (taps on the cart's stepper, two setData each), on the whole simulator (logic and view).
//!
//! Memory is the live heap, counted by this binary's allocator and measured after a full
//! collection of boa's garbage (what is left is what something still holds); its peak is
//! sampled after every navigation and every 100 taps, and the process's resident size is
//! printed beside it. The final heap must be within 10% of the heap after
//! the first 100 navigations; the run exits with an error otherwise. A second run opens and
//! closes a page 1,000 times with an event channel each way, an interval and an app
//! listener (`fixtures/soak-channels`), under the same 10% rule.

use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes the program holds now.
fn live() -> usize {
    let s = ALLOCATOR.stats();
    // Growing and shrinking reallocations are already counted in these two.
    s.bytes_allocated.saturating_sub(s.bytes_deallocated)
}

/// Resident and peak resident size in KiB, where /proc tells them.
fn resident() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The live heap once boa's unreachable objects are collected.
fn settled_heap() -> usize {
    boa_gc::force_collect();
    live()
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// One round of ten navigations, each of a different kind, ending on the home tab.
const ROUND: [(&str, &str); 10] = [
    ("navigateTo", "/pages/detail/detail?id=p1"),
    ("back", ""),
    ("redirectTo", "/pages/detail/detail?id=p2"),
    ("switchTab", "/pages/cart/cart"),
    ("switchTab", "/pages/category/category"),
    ("reLaunch", "/pages/index/index"),
    ("navigateTo", "/pages/detail/detail?id=p1"),
    ("navigateTo", "/pages/detail/detail?id=p2"),
    ("back", ""),
    ("switchTab", "/pages/index/index"),
];

/// Opens and closes `fixtures/soak-channels`' second page `rounds` times (an event channel
/// each way, an interval and an app listener each time) and returns the settled heap after
/// `mark` rounds and at the end, with the acknowledgements counted.
fn channels(rounds: usize, mark: usize) -> (usize, usize, u64) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/soak-channels");
    let mut sim = mpsim::Simulator::launch(&dir, mpsim::LaunchOptions::default()).unwrap();
    sim.wait_idle(1_000);
    let mut at_mark = 0;
    for n in 0..rounds {
        sim.tap("#open").unwrap();
        sim.advance(300);
        sim.back();
        sim.wait_idle(1_000);
        sim.take_trace();
        if n + 1 == mark {
            at_mark = settled_heap();
        }
    }
    let acks = sim.data()["acks"].as_u64().unwrap_or(0);
    (at_mark, settled_heap(), acks)
}

fn main() {
    let shop = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/shop");
    let mut sim = mpsim::Simulator::launch(&shop, mpsim::LaunchOptions::default()).unwrap();
    sim.wait_idle(5_000);
    let start = Instant::now();
    let mut baseline = 0;
    let mut peak = 0;
    let (mut loaded, mut unloaded, mut errors) = (0, 0, 0);
    for n in 0..1_000 {
        let (method, url) = ROUND[n % ROUND.len()];
        if method == "back" {
            sim.back();
        } else {
            sim.navigate(method, url);
        }
        sim.wait_idle(2_000);
        // The trace is the embedder's to drain; a long run keeps only what it reads.
        for line in sim.take_trace() {
            match (line["type"].as_str(), line["name"].as_str()) {
                (Some("lifecycle"), Some("onLoad")) if line["target"] == "page" => loaded += 1,
                (Some("lifecycle"), Some("onUnload")) => unloaded += 1,
                (Some("error"), _) => errors += 1,
                _ => {}
            }
        }
        peak = peak.max(live());
        if n + 1 == 100 {
            baseline = settled_heap();
        }
    }
    let stack = sim.page_stack_urls();
    // A navigation that silently did nothing would make the run prove nothing.
    assert!(
        loaded >= 600 && unloaded >= 500 && errors == 0,
        "{loaded} pages loaded, {unloaded} unloaded, {errors} errors"
    );
    let after_navigations = settled_heap();
    let navigations_took = start.elapsed();

    let start = Instant::now();
    sim.navigate("switchTab", "/pages/cart/cart");
    sim.wait_idle(2_000);
    // The stepper's "+" and "-", in turn, so the quantity goes up and down.
    let buttons = [".stepper button:last-child", ".stepper button:first-child"];
    let mut set_data = 0;
    let mut count = |trace: Vec<serde_json::Value>| {
        set_data += trace.iter().filter(|l| l["type"] == "setData").count();
    };
    for i in 0..50_000 {
        sim.fire(buttons[i % 2], "tap", serde_json::json!({"x": 0, "y": 0}))
            .unwrap();
        if i % 100 == 0 {
            count(sim.take_trace());
            peak = peak.max(live());
        }
    }
    sim.wait_idle(2_000);
    let set_data_took = start.elapsed();
    count(sim.take_trace());
    assert!(set_data >= 100_000, "only {set_data} setData calls ran");
    let last = settled_heap();
    let (rss, hwm) = resident();
    println!(
        "soak on fixtures/shop: 1,000 navigations in {:.1} s ({loaded} pages loaded, {unloaded} unloaded, stack at the end {stack:?}), {set_data} setData in {:.1} s",
        navigations_took.as_secs_f64(),
        set_data_took.as_secs_f64()
    );
    println!(
        "live heap after 100 navigations {:.2} MiB, after 1,000 {:.2} MiB, after the setData calls {:.2} MiB; peak {:.2} MiB; resident {} KiB (peak {} KiB)",
        mib(baseline),
        mib(after_navigations),
        mib(last),
        mib(peak),
        rss,
        hwm
    );
    // The shop is done with: the second run's heap is its own.
    drop(sim);
    let (mark, end, acks) = channels(1_000, 100);
    assert_eq!(acks, 1_000, "every opened page answered on its channel");
    println!(
        "event channels, intervals and app listeners: 1,000 pages opened and closed; live heap after 100 {:.2} MiB, after 1,000 {:.2} MiB ({:+.1}%)",
        mib(mark),
        mib(end),
        (end as f64 / mark as f64 - 1.0) * 100.0
    );
    let growth = last as f64 / baseline as f64 - 1.0;
    println!(
        "final against after 100 navigations: {:+.1}% (limit +10%)",
        growth * 100.0
    );
    let channel_growth = end as f64 / mark as f64 - 1.0;
    if growth > 0.10 || channel_growth > 0.10 {
        eprintln!(
            "soak: memory grew by {:.1}% (shop) and {:.1}% (channels)",
            growth * 100.0,
            channel_growth * 100.0
        );
        std::process::exit(1);
    }
}
