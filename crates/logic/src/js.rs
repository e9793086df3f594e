//! The seam between the logic layer and its JS engine: evaluating scripts, calling functions,
//! and moving values across as JSON. Everything engine-specific goes through here, so another
//! engine could take boa's place without touching the framework code.

use boa_engine::object::builtins::JsArray;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsString, JsValue, Source};
use serde_json::Value;

/// A JS exception as text: the message plus the stack when the engine has one.
pub fn error_text(e: &JsError, ctx: &mut Context) -> String {
    match e.try_native(ctx) {
        Ok(native) => native.to_string(),
        Err(_) => e.to_string(),
    }
}

pub fn str_value(s: &str) -> JsValue {
    JsValue::from(JsString::from(s))
}

/// A JS value as a Rust string (`String(v)`), or "" when conversion throws.
pub fn to_string(v: &JsValue, ctx: &mut Context) -> String {
    v.to_string(ctx)
        .map(|s| s.to_std_string_escaped())
        .unwrap_or_default()
}

pub fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_default()
}

pub fn arg_string(args: &[JsValue], i: usize, ctx: &mut Context) -> String {
    to_string(&arg(args, i), ctx)
}

pub fn arg_u32(args: &[JsValue], i: usize, ctx: &mut Context) -> u32 {
    arg(args, i).to_u32(ctx).unwrap_or(0)
}

pub fn type_error(msg: impl Into<String>) -> JsError {
    JsNativeError::typ().with_message(msg.into()).into()
}

pub fn plain_error(msg: impl Into<String>) -> JsError {
    JsNativeError::error().with_message(msg.into()).into()
}

pub fn array_of(values: impl IntoIterator<Item = JsValue>, ctx: &mut Context) -> JsValue {
    JsArray::from_iter(values, ctx).into()
}

/// Evaluates a script; `path` names it in stack traces.
pub fn eval(ctx: &mut Context, code: &str, path: &str) -> JsResult<JsValue> {
    let source = Source::from_bytes(code.as_bytes()).with_path(std::path::Path::new(path));
    ctx.eval(source)
}

/// Calls `globalThis[object][method](...args)`.
pub fn call_global(
    ctx: &mut Context,
    object: &str,
    method: &str,
    args: &[JsValue],
) -> JsResult<JsValue> {
    let global = ctx.global_object();
    let obj = global.get(JsString::from(object), ctx)?;
    let obj = obj
        .as_object()
        .ok_or_else(|| type_error(format!("{object} is not set up")))?;
    let f = obj.get(JsString::from(method), ctx)?;
    let f = f
        .as_callable()
        .ok_or_else(|| type_error(format!("{object}.{method} is not a function")))?;
    f.call(&JsValue::from(obj.clone()), args, ctx)
}

/// JSON text for a Rust value, as a JS string argument.
pub fn json_arg(v: &Value) -> JsValue {
    str_value(&v.to_string())
}

/// A native function as boa calls it.
pub type Native = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// An object holding native functions, by name and `length`.
pub fn natives_object(ctx: &mut Context, fns: &[(&str, Native, usize)]) -> boa_engine::JsObject {
    let mut init = boa_engine::object::ObjectInitializer::new(ctx);
    for (name, f, len) in fns {
        init.function(
            boa_engine::NativeFunction::from_fn_ptr(*f),
            JsString::from(*name),
            *len,
        );
    }
    init.build()
}

/// Sets a global property.
pub fn set_global(ctx: &mut Context, name: &str, value: JsValue) -> JsResult<()> {
    ctx.register_global_property(JsString::from(name), value, Attribute::all())
}

/// Calls a global function by name.
pub fn call_global_fn(ctx: &mut Context, name: &str, args: &[JsValue]) -> JsResult<JsValue> {
    let f = ctx.global_object().get(JsString::from(name), ctx)?;
    let f = f
        .as_callable()
        .ok_or_else(|| type_error(format!("{name} is not a function")))?;
    f.call(&JsValue::undefined(), args, ctx)
}
