//! `cargo bench -p mpsim-devtools --bench view`: the view on the peer benchmark's list
//! (fixtures/list1000, the list miniprogram-simulate renders in `bench.js`). Prints medians:
//! - mount: whole `mpsim render` processes of the list page, above the same of an empty page;
//! - a one-item setData (from a timer) to the new frame, and to its pixels;
//! - a tap on an item, through hit testing, the handler and its setData, to the new frame;
//! - 100, 1,000 and 10,000 items, each in a process of its own: launch to first frame, a
//!   one-item update, and the process's peak memory.
//!
//! `devtools/scripts/peer-bench.sh` runs this beside the peer's benchmark, for figures from
//! one run.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("fixtures/list1000")
}

/// The component again, with a timer that changes one item every 100 ms.
const TICKING: &str = "Component({
  properties: { list: { type: Array, value: [] } },
  lifetimes: {
    attached() {
      let k = 0
      setInterval(() => {
        k = (k + 37) % this.data.list.length
        this.setData({ [`list[${k}].n`]: this.data.list[k].n + 1 })
      }, 100)
    },
  },
  methods: {
    onTap(e) {
      const i = e.currentTarget.dataset.idx
      this.setData({ [`list[${i}].n`]: this.data.list[i].n + 1 })
    },
  },
})
";

/// A copy of the fixture with `n` items whose component ticks.
fn list_app(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpsim-bench-view-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    let page = dir.join("pages/list/list.js");
    let js = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        js.replace("const N = 1000", &format!("const N = {n}")),
    )
    .unwrap();
    std::fs::write(dir.join("components/list1000/index.js"), TICKING).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Whole `mpsim render` processes: (list page, empty page), medians of interleaved runs.
fn mount() -> (Duration, Duration) {
    let out = std::env::temp_dir().join(format!("mpsim-bench-view-{}.png", std::process::id()));
    let run = |page: &str| {
        let t = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_mpsim"))
            .arg("render")
            .arg(fixture())
            .args(["--page", page, "--out"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        t.elapsed()
    };
    let (mut list, mut empty) = (Vec::new(), Vec::new());
    for _ in 0..11 {
        list.push(run("pages/list/list"));
        empty.push(run("pages/empty/empty"));
    }
    let _ = std::fs::remove_file(&out);
    (median(list), median(empty))
}

/// What one size costs, measured in this process.
struct Size {
    /// Launch (compile, run the app, the first page's data) to the first laid-out frame.
    mount: Duration,
    /// The first frame's pixels.
    paint: Duration,
    /// A one-item setData from the timer to the new laid-out frame.
    update: Duration,
    /// Painting that frame.
    update_pixels: Duration,
    /// A tap on an item to the new laid-out frame.
    tap: Duration,
}

fn measure(n: usize) -> Size {
    let dir = list_app(n);
    let t = Instant::now();
    let mut sim = mpsim::Simulator::launch(&dir, mpsim::LaunchOptions::default()).unwrap();
    let frame = sim.frame().unwrap();
    let mount = t.elapsed();
    assert!(frame.layout.is_some());
    let t = Instant::now();
    sim.render().unwrap();
    let paint = t.elapsed();
    let (mut update, mut update_pixels, mut tap) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..21 {
        let t = Instant::now();
        sim.advance(100);
        let frame = sim.frame().unwrap();
        update.push(t.elapsed());
        assert!(frame.layout.is_some());
        let t = Instant::now();
        sim.render().unwrap();
        update_pixels.push(t.elapsed());
        // The second item, under the navigation bar.
        let t = Instant::now();
        assert!(sim.tap_at(60.0, 100.0), "the tap lands on an item");
        sim.frame().unwrap();
        tap.push(t.elapsed());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Size {
        mount,
        paint,
        update: median(update),
        update_pixels: median(update_pixels),
        tap: median(tap),
    }
}

/// The process's peak resident memory, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    // A child run measures one size and prints its figures as one line.
    if let Some(n) = std::env::var("MPSIM_BENCH_VIEW_SIZE")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let s = measure(n);
        println!(
            "{} {} {} {} {} {}",
            ms(s.mount),
            ms(s.paint),
            ms(s.update),
            ms(s.update_pixels),
            ms(s.tap),
            peak_mb()
        );
        return;
    }

    let (list, empty) = mount();
    println!(
        "mount list1000 (whole `mpsim render` processes): list page {:.1} ms, empty page {:.1} ms, the list above the empty page: {:.1} ms",
        ms(list),
        ms(empty),
        ms(list.saturating_sub(empty))
    );

    let mut rows = Vec::new();
    for n in [100, 1000, 10_000] {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .env("MPSIM_BENCH_VIEW_SIZE", n.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let f: Vec<f64> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        assert_eq!(f.len(), 6);
        println!(
            "{n:>6} items: launch to first frame {:.1} ms, its paint {:.2} ms; one-item setData to the new frame {:.3} ms, to its pixels +{:.3} ms; tap to the new frame {:.3} ms; peak memory {:.0} MB",
            f[0], f[1], f[2], f[3], f[4], f[5]
        );
        rows.push(f);
    }
    println!(
        "scaling, 10,000 items against 1,000: launch to first frame {:.1}x, one-item update {:.1}x",
        rows[2][0] / rows[1][0],
        rows[2][2] / rows[1][2]
    );
}
