//! wasmtime's errors as the JS errors a browser engine throws: a trap is a `RuntimeError` with
//! V8's message (Android's WeChat runs V8) and the wasm backtrace as its stack; running out of
//! fuel is a trap too, so a caller can catch it.

use super::errors::Kind;
use wasmtime::{Trap, WasmBacktrace};

/// A trap, ready to throw.
pub struct TrapInfo {
    pub kind: Kind,
    pub message: String,
    /// `    at name (wasm://wasm/module:wasm-function[i]:0xoffset)` lines, innermost first.
    pub frames: Vec<String>,
    pub out_of_fuel: bool,
}

/// The trap inside `e`, if it is one.
pub fn trap(e: &wasmtime::Error, fuel: u64) -> Option<TrapInfo> {
    let code = e.downcast_ref::<Trap>()?;
    let out_of_fuel = *code == Trap::OutOfFuel;
    let (kind, message) = match code {
        Trap::StackOverflow => (Kind::Range, "Maximum call stack size exceeded".to_string()),
        Trap::OutOfFuel => (
            Kind::Runtime,
            format!(
                "wasm ran {fuel} instructions in one call and mpsim stopped it (an endless loop?)"
            ),
        ),
        other => (Kind::Runtime, v8_message(other).to_string()),
    };
    let frames = e
        .downcast_ref::<WasmBacktrace>()
        .map(|bt| {
            bt.frames()
                .iter()
                .map(|f| {
                    let module = f.module().name().unwrap_or("module");
                    let name = f
                        .func_name()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("${}", f.func_index()));
                    let offset = f.module_offset().unwrap_or(0);
                    format!(
                        "    at {name} (wasm://wasm/{module}:wasm-function[{}]:0x{offset:x})",
                        f.func_index()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Some(TrapInfo {
        kind,
        message,
        frames,
        out_of_fuel,
    })
}

fn v8_message(t: &Trap) -> &'static str {
    match t {
        Trap::UnreachableCodeReached => "unreachable",
        Trap::MemoryOutOfBounds => "memory access out of bounds",
        Trap::HeapMisaligned => "operation does not support unaligned accesses",
        Trap::TableOutOfBounds => "table index is out of bounds",
        Trap::IndirectCallToNull | Trap::BadSignature => {
            "null function or function signature mismatch"
        }
        Trap::IntegerOverflow => "divide result unrepresentable",
        Trap::IntegerDivisionByZero => "divide by zero",
        Trap::BadConversionToInteger => "float unrepresentable in integer range",
        Trap::NullReference => "dereferencing a null pointer",
        _ => "wasm trap",
    }
}

/// A non-trap error's text: wasmtime's message chain on one line.
pub fn message(e: &wasmtime::Error) -> String {
    let mut parts: Vec<String> = e.chain().map(|c| c.to_string()).collect();
    parts.dedup();
    parts.join(": ")
}
