//! Values crossing between JS and wasm, as the WebAssembly JS API converts them: i32 through
//! ToInt32, i64 as BigInt (a Number is a TypeError), f32 and f64 through ToNumber, funcref as
//! null or an exported wasm function. v128 cannot cross (a TypeError, as in browsers); this
//! build has no externref (wasmtime's GC support is left out), so such signatures are refused.

use boa_engine::{Context, JsBigInt, JsResult, JsString, JsValue};
use wasmtime::{Func, HeapType, RefType, Val, ValType};

use crate::js::type_error;

/// The property that marks an exported wasm function's JS wrapper with its function number.
pub const FUNC_ID: &str = "__wasmFuncId";

/// Finds the function a wrapper number stands for.
pub type Lookup<'a> = &'a dyn Fn(usize) -> Option<Func>;

/// A JS value as a wasm value of type `ty`; `funcs` maps wrapper numbers to functions.
pub fn to_val(v: &JsValue, ty: &ValType, funcs: Lookup<'_>, ctx: &mut Context) -> JsResult<Val> {
    Ok(match ty {
        ValType::I32 => Val::I32(v.to_i32(ctx)?),
        ValType::I64 => {
            if v.is_number() {
                return Err(type_error("Cannot convert a Number to a BigInt for an i64"));
            }
            Val::I64(v.to_big_int64(ctx)?)
        }
        ValType::F32 => Val::F32(v.to_f32(ctx)?.to_bits()),
        ValType::F64 => Val::F64(v.to_number(ctx)?.to_bits()),
        ValType::V128 => {
            return Err(type_error(
                "type incompatibility when transforming from/to JS: v128",
            ));
        }
        ValType::Ref(r) => Val::FuncRef(func_ref(v, r, funcs, ctx)?),
    })
}

fn func_ref(
    v: &JsValue,
    r: &RefType,
    funcs: Lookup<'_>,
    ctx: &mut Context,
) -> JsResult<Option<Func>> {
    if !matches!(r.heap_type(), HeapType::Func | HeapType::ConcreteFunc(_)) {
        return Err(type_error(format!(
            "{r} values cannot cross to JS in mpsim (no GC references)"
        )));
    }
    if v.is_null() && r.is_nullable() {
        return Ok(None);
    }
    match func_id(v, ctx)? {
        Some(id) => Ok(funcs(id)),
        None => Err(type_error(
            "a funcref must be null or an exported WebAssembly function",
        )),
    }
}

/// The function number of an exported wasm function's wrapper, if `v` is one.
pub fn func_id(v: &JsValue, ctx: &mut Context) -> JsResult<Option<usize>> {
    let Some(obj) = v.as_object() else {
        return Ok(None);
    };
    let id = obj.get(JsString::from(FUNC_ID), ctx)?;
    Ok(id.as_number().map(|n| n as usize))
}

/// A wasm value as JS; funcrefs come back through `wrap` (their number to their wrapper).
pub fn to_js(
    v: &Val,
    ctx: &mut Context,
    wrap: &mut dyn FnMut(Func, &mut Context) -> JsResult<JsValue>,
) -> JsResult<JsValue> {
    Ok(match v {
        Val::I32(i) => JsValue::from(*i),
        Val::I64(i) => JsValue::from(JsBigInt::from(*i)),
        Val::F32(bits) => JsValue::from(f64::from(f32::from_bits(*bits))),
        Val::F64(bits) => JsValue::from(f64::from_bits(*bits)),
        Val::FuncRef(None) => JsValue::null(),
        Val::FuncRef(Some(f)) => wrap(*f, ctx)?,
        Val::V128(_) => {
            return Err(type_error(
                "type incompatibility when transforming from/to JS: v128",
            ));
        }
        _ => {
            return Err(type_error(
                "this reference type cannot cross to JS in mpsim",
            ));
        }
    })
}

/// The JS API's name of a value type (`i32`, `anyfunc`...).
pub fn type_name(ty: &ValType) -> String {
    match ty {
        ValType::I32 => "i32".into(),
        ValType::I64 => "i64".into(),
        ValType::F32 => "f32".into(),
        ValType::F64 => "f64".into(),
        ValType::V128 => "v128".into(),
        ValType::Ref(r) if matches!(r.heap_type(), HeapType::Func) => "anyfunc".into(),
        ValType::Ref(r) => r.to_string(),
    }
}

/// A value type from its JS API name.
pub fn parse_type(name: &str) -> Option<ValType> {
    Some(match name {
        "i32" => ValType::I32,
        "i64" => ValType::I64,
        "f32" => ValType::F32,
        "f64" => ValType::F64,
        "anyfunc" | "funcref" => ValType::FUNCREF,
        _ => return None,
    })
}

/// The zero of a type (the default of a new Global or a Table's empty slots).
pub fn zero(ty: &ValType) -> Val {
    match ty {
        ValType::I64 => Val::I64(0),
        ValType::F32 => Val::F32(0),
        ValType::F64 => Val::F64(0),
        ValType::Ref(_) => Val::FuncRef(None),
        _ => Val::I32(0),
    }
}
