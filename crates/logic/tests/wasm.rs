#![allow(clippy::unwrap_used)]
#![cfg(feature = "wasm")]
//! WXWebAssembly: modules from the package, numbers and memory crossing, imports that call
//! back into wasm, tables and globals, traps and endless loops as catchable RuntimeErrors.

mod support;

use mpsim_bridge::ToLogic;
use mpsim_logic::LaunchOptions;
use support::*;

/// The module most tests load as `/lib/m.wasm`.
const MODULE: &str = r#"
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (import "env" "fill" (func $fill (param i32)))
  (memory (export "memory") 1 4)
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $add $fact)
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  ;; n! computed in wasm, each step through JS's twice() halved back: wasm -> JS -> wasm.
  (func $fact (export "fact") (param $n i32) (result i32)
    (if (result i32) (i32.le_s (local.get $n) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get $n)
        (i32.shr_u (call $twice (i32.sub (local.get $n) (i32.const 1))) (i32.const 1))))))
  (func (export "big") (param i64) (result i64)
    (i64.mul (local.get 0) (i64.const 3)))
  (func (export "half") (param f64) (result f32)
    (f32.demote_f64 (f64.div (local.get 0) (f64.const 2))))
  ;; Sums n bytes from address p.
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $s))
  ;; Writes "hi" at address p and tells JS where.
  (func (export "hello") (param $p i32)
    (i32.store8 (local.get $p) (i32.const 104))
    (i32.store8 (i32.add (local.get $p) (i32.const 1)) (i32.const 105))
    (call $log (local.get $p)))
  ;; JS writes at address p inside the import; wasm reads what it wrote.
  (func (export "filled") (param $p i32) (result i32)
    (call $fill (local.get $p))
    (i32.load8_u (local.get $p)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "bump") (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (func (export "spin") (loop $l (br $l)))
  (func $deep (export "crash") (param i32) (result i32)
    (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "boom") unreachable))
"#;

/// Runs `script` (an async function body with `wasm`, the instantiate result, in scope) in a
/// page's onLoad; the console lines and errors of the run.
fn run(script: &str) -> (Vec<String>, Vec<String>) {
    let (console, errors, _) = run_traced(script);
    (console, errors)
}

fn run_traced(script: &str) -> (Vec<String>, Vec<String>, Vec<serde_json::Value>) {
    let wasm = wat::parse_str(MODULE).unwrap();
    let page = format!(
        r#"Page({{ async onLoad() {{
          const env = {{
            log: p => console.log('log', p, new Uint8Array(this.mem.buffer)[p]),
            fill: p => {{ new Uint8Array(this.mem.buffer)[p] = 77 }},
            twice: n => 2 * this.fact(n),
          }};
          const wasm = await WXWebAssembly.instantiate('/lib/m.wasm', {{ env }});
          this.fact = wasm.instance.exports.fact;
          this.mem = wasm.instance.exports.memory;
          {script}
        }} }})"#
    );
    let app_js = "App({ onError(e) { console.log('onError', String(e).split('\\n')[0]) } })";
    let files: [(&str, &[u8]); 5] = [
        ("app.json", br#"{"pages": ["p/i"]}"#),
        ("app.js", app_js.as_bytes()),
        ("p/i.wxml", b"<view/>"),
        ("p/i.js", page.as_bytes()),
        ("lib/m.wasm", &wasm),
    ];
    let mut app = launch_files(&files, LaunchOptions::default());
    settle(&mut app);
    send(&mut app, ToLogic::WaitIdle { budget: 10_000 });
    let trace = app.trace();
    (console_lines(&trace), errors(&trace), trace)
}

#[test]
fn numbers_cross_as_the_js_api_converts_them() {
    let (console, errors) = run(r#"
        const e = wasm.instance.exports;
        console.log(e.add(2, 3), e.add('4', 1.9), e.add(2147483647, 1));
        console.log(typeof e.big(5n), String(e.big(5n)), e.half(3));
        try { e.big(5) } catch (err) { console.log(err.name) }
        console.log(e.add.length, typeof wasm.module, Object.keys(e).length);
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        console,
        [
            "5 5 -2147483648",
            "bigint 15 1.5",
            "TypeError",
            "2 object 15"
        ]
    );
}

#[test]
fn js_and_wasm_share_memory_both_ways() {
    let (console, errors) = run(r#"
        const e = wasm.instance.exports;
        const bytes = new Uint8Array(e.memory.buffer);
        bytes.set([1, 2, 3, 4], 100);
        console.log('sum', e.sum(100, 4));
        e.hello(200);
        console.log(String.fromCharCode(bytes[200], bytes[201]), e.filled(300), bytes[300]);
        console.log(e.memory.buffer === e.memory.buffer, e.memory instanceof WXWebAssembly.Memory);
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(console, ["sum 10", "log 200 104", "hi 77 77", "true true"]);
}

#[test]
fn growing_memory_detaches_the_old_buffer() {
    let (console, errors) = run(r#"
        const e = wasm.instance.exports;
        const before = e.memory.buffer;
        new Uint8Array(before)[10] = 42;
        console.log(e.memory.grow(1), before.byteLength, e.memory.buffer.byteLength);
        console.log(new Uint8Array(e.memory.buffer)[10]);
        const b2 = e.memory.buffer;
        console.log(e.grow(), b2.byteLength, e.memory.buffer.byteLength);
        try { e.memory.grow(10) } catch (err) { console.log(err.name) }
        const own = new WXWebAssembly.Memory({ initial: 1, maximum: 2 });
        console.log(own.buffer.byteLength, own.grow(1), own.buffer.byteLength);
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        console,
        [
            "1 0 131072",
            "42",
            "2 0 196608",
            "RangeError",
            "65536 1 131072"
        ]
    );
}

#[test]
fn imports_call_back_into_wasm() {
    // fact(5) = 5 * fact(4) * 2 / 2 ..., each level crossing wasm -> JS -> wasm.
    let (console, errors) = run(r#"
        console.log(wasm.instance.exports.fact(5), wasm.instance.exports.fact(10));
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(console, ["120 3628800"]);
}

#[test]
fn tables_and_globals_are_shared_objects() {
    let (console, errors) = run(r#"
        const e = wasm.instance.exports;
        console.log(e.table.length, e.table.get(0)(20, 22), e.table.get(1)(4));
        e.table.set(1, e.add);
        console.log(e.table.get(1)(1, 1), e.table.grow(1), e.table.length, e.table.get(2));
        console.log(e.counter.value, (e.bump(), e.counter.value));
        e.counter.value = 100; e.bump();
        console.log(e.counter.value, e.counter.type().value);
        const g = new WXWebAssembly.Global({ value: 'i64', mutable: false }, 9n);
        try { g.value = 1n } catch (err) { console.log(err.name, String(g.value)) }
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        console,
        ["2 42 24", "2 2 3 null", "7 8", "101 i32", "TypeError 9"]
    );
}

#[test]
fn an_endless_loop_is_a_catchable_runtime_error_and_the_instance_goes_on() {
    let (console, errors, trace) = run_traced(
        r#"
        const e = wasm.instance.exports;
        try { e.spin() } catch (err) {
          console.log(err instanceof WXWebAssembly.RuntimeError, err.name, /endless loop/.test(err.message));
        }
        console.log('after', e.add(1, 1));
        setTimeout(() => e.spin(), 0);
    "#,
    );
    assert_eq!(console[..2], ["true RuntimeError true", "after 2"]);
    // Uncaught, it reaches App.onError like any error.
    assert_eq!(
        console[2],
        "onError wasm ran 1000000000 instructions in one call and mpsim stopped it (an endless loop?)"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    let traps: Vec<_> = trace
        .iter()
        .filter(|l| l["type"] == "wasm" && l["event"] == "trap")
        .collect();
    assert_eq!(traps.len(), 2);
    assert_eq!(traps[0]["fuel"], true);
}

#[test]
fn traps_carry_the_wasm_backtrace_and_js_exceptions_pass_through_unchanged() {
    let (console, errors) = run(r#"
        const e = wasm.instance.exports;
        for (const f of [() => e.crash(0), () => e.boom()]) {
          try { f() } catch (err) { console.log(err.name, err.message, /wasm-function\[\d+\]/.test(err.stack)) }
        }
        const thrown = new Error('from js');
        const w2 = await WXWebAssembly.instantiate('/lib/m.wasm', { env: { log() { throw thrown }, twice: x => x, fill() {} } });
        try { w2.instance.exports.hello(0) } catch (err) { console.log(err === thrown) }
        console.log(w2.instance.exports.fact(3));
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        console,
        [
            "RuntimeError divide by zero true",
            "RuntimeError unreachable true",
            "true",
            "3"
        ]
    );
}

#[test]
fn only_package_paths_are_accepted_as_on_the_platform() {
    let (console, errors) = run(r#"
        for (const src of [new Uint8Array([0, 97, 115, 109]), 'wxfile://usr/m.wasm', '/lib/none.wasm', '/p/i.js']) {
          try { await WXWebAssembly.instantiate(src, {}) } catch (err) { console.log(err.name, err.message.split(':')[0]) }
        }
        try { await WXWebAssembly.instantiate('/lib/m.wasm', { env: 1 }) } catch (err) { console.log(err.name) }
        try { await WXWebAssembly.instantiate('/lib/m.wasm', { env: { log: 1, twice: 2, fill: 3 } }) } catch (err) { console.log(err.name) }
        console.log(WXWebAssembly.validate('/lib/m.wasm'), WXWebAssembly.validate(new Uint8Array([0, 97, 115, 109, 9])));
        const again = await WXWebAssembly.instantiate(wasm.module, { env: { log() {}, twice: x => x, fill() {} } });
        console.log(again instanceof WXWebAssembly.Instance, WXWebAssembly.Module.exports(wasm.module).length);
    "#);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        console,
        [
            "TypeError WXWebAssembly.instantiate()",
            "Error WXWebAssembly.instantiate",
            "Error WXWebAssembly.instantiate",
            "Error WXWebAssembly.instantiate",
            "TypeError",
            "LinkError",
            "true false",
            "true 15",
        ]
    );
}
