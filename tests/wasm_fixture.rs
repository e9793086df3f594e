//! fixtures/wasm-image: its module is its source compiled, the .wasm.br is the .wasm, and the
//! page's endless-loop and out-of-bounds buttons end in caught RuntimeErrors that the trace
//! records. (The trace and PNG goldens are checked by traces.rs and render.rs.)

use mpsim_conformance::{launch_fixture, repo_root};
use std::io::Read;

fn dir() -> std::path::PathBuf {
    repo_root().join("fixtures/wasm-image")
}

#[test]
fn the_shipped_module_is_its_source_compiled() {
    let wasm_dir = dir().join("wasm");
    let built = wat::parse_file(wasm_dir.join("image.wat")).expect("image.wat parses");
    let path = wasm_dir.join("image.wasm");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &built).expect("write image.wasm");
    }
    let shipped = std::fs::read(&path).expect("image.wasm");
    assert!(
        shipped == built,
        "image.wasm is not image.wat compiled: run with UPDATE_GOLDEN=1"
    );
    let compressed = std::fs::read(wasm_dir.join("image.wasm.br")).expect("image.wasm.br");
    let mut unpacked = Vec::new();
    brotli_decompressor::Decompressor::new(compressed.as_slice(), 4096)
        .read_to_end(&mut unpacked)
        .expect("brotli");
    assert!(
        unpacked == shipped,
        "image.wasm.br is stale: rebuild it with the command in image.wat"
    );
}

#[test]
fn the_endless_loop_and_the_trap_are_caught_by_the_page() {
    let mut sim = launch_fixture(&dir(), None);
    sim.wait_idle(1000);
    sim.tap("#loop").expect("tap loop");
    sim.tap("#trap").expect("tap trap");
    let data = sim.data();
    assert_eq!(data["sumBefore"], "8149a9c5", "{data}");
    assert_eq!(data["sumAfter"], "aeb68cc5");
    assert_eq!(data["sumAfter"], data["sumBr"]);
    assert_eq!(data["after"][0], "rgb(255,255,95)");
    let loop_msg = data["loop"].as_str().unwrap_or_default();
    assert!(
        loop_msg.starts_with("RuntimeError: wasm ran 1000000000 instructions"),
        "{loop_msg}"
    );
    assert_eq!(data["trap"], "RuntimeError: memory access out of bounds");
    let trace = sim.trace();
    let traps: Vec<_> = trace
        .iter()
        .filter(|l| l["type"] == "wasm" && l["event"] == "trap")
        .collect();
    assert_eq!(traps.len(), 2, "{traps:?}");
    assert_eq!(traps[0]["fuel"], true);
    assert!(
        traps[1]["stack"]
            .as_str()
            .unwrap_or_default()
            .contains("wasm-function[")
    );
    assert!(
        !trace.iter().any(|l| l["type"] == "error"),
        "nothing escaped"
    );
}

/// The crossings page: what passes between JS and wasm besides numbers. The browser suite
/// (tests/web) checks that the browser's own WebAssembly shows and logs these same lines.
#[test]
fn the_crossings_page_shows_what_passes_between_js_and_wasm() {
    let mut sim = launch_fixture(&dir(), Some("pages/crossings/crossings"));
    sim.wait_idle(1000);
    let data = sim.data();
    let lines: Vec<&str> = data["lines"]
        .as_array()
        .map(|l| l.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        lines,
        [
            "trap: RuntimeError: memory access out of bounds",
            "trap is a RuntimeError with wasm frames: true",
            "thrown through wasm comes out as itself: true",
            "seen inside the import: 254,253,252,4",
            "checksum called from the import: 2a416274",
            "grow: 1 pages; old buffer 0 bytes, new 131072",
            "table: holds the export true, grew from 1 to 3",
            "globals: 42, bigint 5, setting a constant: TypeError",
            "link: LinkError: WXWebAssembly.instantiate(): Import #0 \"env\" \"progress\": function import requires a callable",
            "validate: true",
        ]
    );
    assert!(
        !sim.trace().iter().any(|l| l["type"] == "error"),
        "nothing escaped"
    );
}
