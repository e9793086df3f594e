//! `WXWebAssembly`: mini-programs that ship `.wasm` modules run them through wasmtime, or in
//! the browser build through the browser's own WebAssembly (`browser/`).
//!
//! `js/wasm.js` gives apps the JS API (instantiate, Module, Instance, Memory, Table, Global,
//! validate and the error classes) over the natives in `natives.rs` (wasmtime) or `browser/`,
//! which take the same calls; without the `wasm` feature it is still there, and says why it
//! cannot run anything.

#[cfg(all(feature = "wasm", target_arch = "wasm32"))]
mod browser;
#[cfg(feature = "wasm")]
mod errors;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod exec;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod host;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod module;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod natives;
#[cfg(feature = "wasm")]
mod package;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod traps;
#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
mod values;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_string};

/// The natives `wasm.js` calls, with their lengths: both backends (`natives.rs` over
/// wasmtime, `browser/` over the browser's WebAssembly) define a function of each name.
#[cfg(feature = "wasm")]
macro_rules! natives_table {
    () => {
        &[
            ("load", load as crate::js::Native, 1),
            ("imports", imports, 1),
            ("exports", exports, 1),
            ("instantiate", instantiate, 2),
            ("call", call, 1),
            ("funcLength", func_length, 1),
            ("memoryNew", memory_new, 2),
            ("memoryBuffer", memory_buffer, 1),
            ("memoryGrow", memory_grow, 2),
            ("tableNew", table_new, 3),
            ("tableLength", table_length, 1),
            ("tableGet", table_get, 2),
            ("tableSet", table_set, 3),
            ("tableGrow", table_grow, 3),
            ("globalNew", global_new, 3),
            ("globalGet", global_get, 1),
            ("globalSet", global_set, 2),
            ("globalType", global_type, 1),
            ("validate", validate, 1),
            ("setHelpers", set_helpers, 1),
        ]
    };
}
#[cfg(feature = "wasm")]
use natives_table;

const WASM_JS: &str = include_str!("../js/wasm.js");

#[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
pub use host::{FUEL, MEMORY_LIMIT};

/// Gives a WeChat app the `WXWebAssembly` global, as a getter that sets it up on first use:
/// the engine, the natives (`__wasm`, over wasmtime or the browser's WebAssembly) and
/// `wasm.js`, whose object then replaces the getter. Most apps never touch it, and setting it
/// up cost every launch about a millisecond. Other dialects document no such object.
pub fn install(ctx: &mut Context) -> JsResult<()> {
    let getter = FunctionObjectBuilder::new(ctx.realm(), NativeFunction::from_fn_ptr(set_up))
        .name(js_string!("get WXWebAssembly"))
        .build();
    let global = ctx.global_object();
    global.define_property_or_throw(
        js_string!("WXWebAssembly"),
        PropertyDescriptor::builder()
            .get(getter)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;
    Ok(())
}

/// The getter's work: sets `WXWebAssembly` up and answers with it.
fn set_up(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    #[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
    install_natives(ctx)?;
    #[cfg(all(feature = "wasm", target_arch = "wasm32"))]
    browser::install(ctx)?;
    crate::js::eval(ctx, WASM_JS, "mpsim/wasm.js")?;
    let global = ctx.global_object();
    global.get(js_string!("WXWebAssembly"), ctx)
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
/// compile it: `Err` says why it would fail. Always `Ok` in a build without the `wasm` feature.
pub fn check_module(bytes: Vec<u8>, path: &str) -> Result<(), String> {
    #[cfg(all(feature = "wasm", not(target_arch = "wasm32")))]
    {
        let bytes = package::module_bytes(bytes, path)?;
        module::validate(&bytes)
    }
    #[cfg(all(feature = "wasm", target_arch = "wasm32"))]
    {
        let bytes = package::module_bytes(bytes, path)?;
        browser::check(&bytes)
    }
    #[cfg(not(feature = "wasm"))]
    {
        let _ = (bytes, path);
        Ok(())
    }
}
