//! `cargo bench -p mpsim-logic --bench wasm`: WXWebAssembly's costs. A JS-to-wasm call of an
//! `(i32, i32) -> i32` export, the same call once JS holds a 16 MB memory's buffer (which is
//! copied at each crossing), fib(30) in wasm against the same code in JS on boa, compiling
//! and instantiating a 1 MB module (compiled, then from wasmtime's disk cache in a new process,
//! then from the process's own module cache), and how long fuel metering takes to stop an
//! endless loop. Prints medians.

#![allow(clippy::unwrap_used)]

use mpsim_base::{MemVfs, Vfs};
use mpsim_logic::{AppService, LaunchOptions};
use mpsim_wxml::{CompileOptions, Compiler};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

const MODULE: &str = r#"
(module
  (memory (export "memory") 256)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "spin") (loop $l (br $l))))
"#;

const CALLS: u32 = 100_000;

const PAGE_JS: &str = r#"
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
Page({
  async onLoad() {
    const r = await WXWebAssembly.instantiate('/m.wasm', {});
    this.e = r.instance.exports;
  },
  calls() { const add = this.e.add; let s = 0; for (let i = 0; i < CALLS; i++) s = add(s, 1); },
  loop() { let s = 0; const add = (a, b) => a + b; for (let i = 0; i < CALLS; i++) s = add(s, 1); },
  holdBuffer() { this.view = new Uint8Array(this.e.memory.buffer); },
  few() { const add = this.e.add; for (let i = 0; i < 100; i++) add(i, 1); },
  wasmFib() { this.e.fib(30); },
  jsFib() { fib(30); },
  spin() { try { this.e.spin(); } catch (e) {} },
  async big() { await WXWebAssembly.instantiate('/big.wasm', {}); },
})
"#;

fn launch(vfs: MemVfs) -> AppService {
    let (project, _) = mpsim_project::load(&vfs).unwrap();
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    let mut templates = BTreeMap::new();
    for path in project.components.keys() {
        let tpl = format!("{path}.wxml");
        if vfs.is_file(&tpl) {
            templates.insert(path.clone(), Arc::new(c.compile(&tpl)));
        }
    }
    let mut app = AppService::launch(
        Rc::new(vfs) as Rc<dyn Vfs>,
        project,
        templates,
        LaunchOptions::default(),
    );
    settle(&mut app);
    app
}

fn settle(app: &mut AppService) {
    for _ in 0..100 {
        let msgs = app.take_messages();
        if msgs.is_empty() {
            break;
        }
        for m in msgs {
            match m {
                mpsim_bridge::ToView::PageCreated { page, .. } => {
                    app.handle(mpsim_bridge::ToLogic::FirstRender { page })
                }
                mpsim_bridge::ToView::Batch { id, .. } if id != 0 => {
                    app.handle(mpsim_bridge::ToLogic::Applied { id })
                }
                _ => {}
            }
        }
    }
}

/// A module of about 1 MB: many functions of arithmetic on their parameters. `seed` goes into
/// its code, so each run compiles a module no cache has seen.
fn big_module(seed: u64) -> Vec<u8> {
    let mut wat = format!("(module (func (export \"seed\") (result i64) (i64.const {seed}))\n");
    let mut i = 0;
    loop {
        wat.push_str(&format!(
            "(func (export \"f{i}\") (param i32 i32) (result i32) (local i32)\n"
        ));
        for k in 0..60 {
            wat.push_str(&format!(
                "(local.set 2 (i32.xor (i32.add (local.get 0) (i32.const {})) (i32.mul (local.get 1) (local.get 2))))\n",
                k * 7 + i
            ));
        }
        wat.push_str("(local.get 2))\n");
        i += 1;
        if i % 100 == 0 && wat::parse_str(format!("{wat})")).unwrap().len() > 1 << 20 {
            break;
        }
    }
    wat.push(')');
    wat::parse_str(&wat).unwrap()
}

fn time(app: &mut AppService, selector: &str) -> Duration {
    let t = Instant::now();
    app.tap(selector).unwrap();
    settle(app);
    t.elapsed()
}

fn median_of(app: &mut AppService, selector: &str, runs: usize) -> Duration {
    let mut v: Vec<Duration> = (0..runs).map(|_| time(app, selector)).collect();
    v.sort();
    v[v.len() / 2]
}

/// Launches an app holding big.wasm and instantiates it once.
fn instantiate_big(big: &[u8]) -> Duration {
    let vfs = MemVfs::new()
        .with("app.json", r#"{"pages": ["p/i"]}"#)
        .with("app.js", "App({})")
        .with("p/i.wxml", "<view id=\"big\" bindtap=\"big\"/>")
        .with("p/i.js", PAGE_JS.replace("CALLS", "0").as_str())
        .with("m.wasm", wat::parse_str(MODULE).unwrap())
        .with("big.wasm", big.to_vec());
    let mut app = launch(vfs);
    time(&mut app, "#big")
}

fn main() {
    // The child process of the disk-cache measurement.
    let args: Vec<String> = std::env::args().collect();
    if let Some(seed) = args
        .iter()
        .position(|a| a == "--instantiate-big")
        .and_then(|i| args.get(i + 1))
    {
        let big = big_module(seed.parse().unwrap());
        println!("{}", instantiate_big(&big).as_secs_f64() * 1e3);
        return;
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let big = big_module(seed);
    let wxml: String = [
        "calls",
        "loop",
        "holdBuffer",
        "few",
        "wasmFib",
        "jsFib",
        "spin",
        "big",
    ]
    .iter()
    .map(|h| format!("<view id=\"{h}\" bindtap=\"{h}\"/>"))
    .collect();
    let vfs = MemVfs::new()
        .with("app.json", r#"{"pages": ["p/i"]}"#)
        .with("app.js", "App({})")
        .with("p/i.wxml", wxml.as_str())
        .with(
            "p/i.js",
            PAGE_JS.replace("CALLS", &CALLS.to_string()).as_str(),
        )
        .with("m.wasm", wat::parse_str(MODULE).unwrap())
        .with("big.wasm", big.clone());
    let mut app = launch(vfs);

    let calls = median_of(&mut app, "#calls", 5);
    let js_loop = median_of(&mut app, "#loop", 5);
    let per_call = calls.saturating_sub(js_loop).as_nanos() as f64 / f64::from(CALLS);
    println!(
        "JS -> wasm add(i32, i32): {:.0} ns per call ({CALLS} calls {:.1} ms; the same loop calling a JS arrow {:.1} ms)",
        per_call,
        calls.as_secs_f64() * 1e3,
        js_loop.as_secs_f64() * 1e3
    );

    let before = median_of(&mut app, "#few", 5);
    time(&mut app, "#holdBuffer");
    let after = median_of(&mut app, "#few", 5);
    println!(
        "with a 16 MB memory whose buffer JS holds: {:.2} ms per call (100 calls {:.1} ms; {:.3} ms before JS took the buffer)",
        after.as_secs_f64() * 1e3 / 100.0,
        after.as_secs_f64() * 1e3,
        before.as_secs_f64() * 1e3 / 100.0
    );

    let wasm_fib = median_of(&mut app, "#wasmFib", 5);
    let js_fib = median_of(&mut app, "#jsFib", 3);
    println!(
        "fib(30): wasm {:.1} ms, JS on boa {:.0} ms ({:.0}x)",
        wasm_fib.as_secs_f64() * 1e3,
        js_fib.as_secs_f64() * 1e3,
        js_fib.as_secs_f64() / wasm_fib.as_secs_f64().max(1e-9)
    );

    let cold = time(&mut app, "#big");
    let next_process = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--instantiate-big", &seed.to_string()])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let cached = median_of(&mut app, "#big", 5);
    println!(
        "instantiate a {:.2} MB module: {:.0} ms compiled, {} ms in a new process (wasmtime's disk cache), {:.1} ms again in the same process",
        big.len() as f64 / (1 << 20) as f64,
        cold.as_secs_f64() * 1e3,
        next_process
            .parse::<f64>()
            .map(|ms| format!("{ms:.0}"))
            .unwrap_or(next_process),
        cached.as_secs_f64() * 1e3
    );

    let spin = median_of(&mut app, "#spin", 3);
    println!(
        "endless loop stopped by fuel ({} instructions): {:.0} ms",
        mpsim_logic::wasm::FUEL,
        spin.as_secs_f64() * 1e3
    );
}
