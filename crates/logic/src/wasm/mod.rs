//! `WXWebAssembly`: mini-programs that ship `.wasm` modules run them through wasmtime.
//!
//! `js/wasm.js` gives apps the JS API (instantiate, Module, Instance, Memory, Table, Global,
//! validate and the error classes) over the natives in [`natives`]; without the `wasm` feature
//! (and in the browser build) it is still there, and says why it cannot run anything.

#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod exec;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod host;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod module;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod natives;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod traps;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod values;

use boa_engine::{Context, JsResult};

const WASM_JS: &str = include_str!("../js/wasm.js");

#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
pub use host::{FUEL, MEMORY_LIMIT};

/// Installs `__wasm` (the natives, when this build has wasmtime) and the `WXWebAssembly` global.
pub fn install(ctx: &mut Context) -> JsResult<()> {
    #[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
    install_natives(ctx)?;
    crate::js::eval(ctx, WASM_JS, "mpsim/wasm.js").map(|_| ())
}

#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
fn install_natives(ctx: &mut Context) -> JsResult<()> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let engine = module::engine().map_err(crate::js::plain_error)?;
    let limits = wasmtime::StoreLimitsBuilder::new()
        .memory_size(host::MEMORY_LIMIT)
        .table_elements(host::TABLE_LIMIT)
        .instances(host::INSTANCE_LIMIT)
        .memories(host::INSTANCE_LIMIT)
        .tables(host::INSTANCE_LIMIT)
        .build();
    let shared: host::Shared = Rc::new(RefCell::new(host::Host::new(exec::Exec::new(
        engine, limits,
    ))));
    ctx.insert_data(shared);
    let natives = natives::natives(ctx);
    crate::js::set_global(ctx, "__wasm", natives.into())
}

/// Checks a package's `.wasm` or `.wasm.br` file as `WXWebAssembly.instantiate` would
/// compile it: `Err` says why it would fail. Always `Ok` in a build without wasmtime.
pub fn check_module(bytes: Vec<u8>, path: &str) -> Result<(), String> {
    #[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
    {
        let bytes = module::module_bytes(bytes, path)?;
        module::validate(&bytes)
    }
    #[cfg(not(all(feature = "wasm", not(target_arch = "wasm32"))))]
    {
        let _ = (bytes, path);
        Ok(())
    }
}
