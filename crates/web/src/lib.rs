//! mpsim in the browser. The platform's shape, in a web page: the logic side ([`Logic`]: the
//! JS engine, the app's data and templates) runs in a Web Worker, the view side ([`Screen`]:
//! tree, styles, layout, paint, input) on the page's main thread drawing into a `<canvas>`,
//! and the two exchange the bridge's messages (`ToView`, `ToLogic`) as JSON through
//! `postMessage`. `mpsim web DIR --out SITE/` writes a static site around this crate's
//! `.wasm` (see `site/` for the page and worker scripts).
//!
//! Both sides are plain Rust and are tested natively; `bindings` (wasm32 only) is the thin
//! wasm-bindgen surface the scripts call.

#[cfg(target_arch = "wasm32")]
mod bindings;
mod logic;
mod screen;

pub use logic::{Logic, pack_info};
pub use screen::{Pixels, Screen};

/// Messages as they cross `postMessage`: a JSON array.
pub fn encode<T: serde::Serialize>(msgs: &[T]) -> String {
    serde_json::to_string(msgs).unwrap_or_else(|_| "[]".into())
}

/// The messages in a JSON array; an error names what could not be read.
pub fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<Vec<T>, String> {
    serde_json::from_str(json).map_err(|e| format!("a bridge message could not be read: {e}"))
}

#[cfg(test)]
mod tests;
