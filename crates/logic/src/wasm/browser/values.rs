//! Values crossing between the app's JS (boa) and the browser's: numbers, BigInts (i64),
//! exported functions (funcref) and arrays (multi-value results). The browser's WebAssembly
//! applies the JS API's conversions itself (ToInt32, BigInt for i64, TypeErrors), so a value
//! only has to arrive as the same JS value on the other side.

use super::{Shared, Web};
use crate::js::array_of;
use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::value::Numeric;
use boa_engine::{Context, JsBigInt, JsResult, JsString, JsValue};
use js_sys::{Array, Function};
use wasm_bindgen::JsCast;

/// The property that marks an exported function's wrapper with its number (as natively).
const FUNC_ID: &str = "__wasmFuncId";

/// A boa value as the browser's: an exported function's wrapper as that function, any other
/// object through ToNumeric (its `valueOf`), as the JS API would convert it.
pub fn to_web(v: &JsValue, h: &Shared, ctx: &mut Context) -> JsResult<Web> {
    if v.is_undefined() {
        return Ok(Web::UNDEFINED);
    }
    if v.is_null() {
        return Ok(Web::NULL);
    }
    if let Some(b) = v.as_boolean() {
        return Ok(Web::from_bool(b));
    }
    if let Some(n) = v.as_number() {
        return Ok(Web::from_f64(n));
    }
    if let Some(b) = v.as_bigint() {
        return Ok(bigint_to_web(&b));
    }
    if let Some(s) = v.as_string() {
        return Ok(Web::from_str(&s.to_std_string_escaped()));
    }
    if let Some(f) = exported(v, h, ctx)? {
        return Ok(f.into());
    }
    Ok(match v.to_numeric(ctx)? {
        Numeric::Number(n) => Web::from_f64(n),
        Numeric::BigInt(b) => bigint_to_web(&b),
    })
}

/// What a JS import returns, for the browser: several results come as an array.
pub fn result_to_web(v: &JsValue, h: &Shared, ctx: &mut Context) -> JsResult<Web> {
    let Some(list) = v
        .as_object()
        .and_then(|o| JsArray::from_object(o.clone()).ok())
    else {
        return to_web(v, h, ctx);
    };
    let out = Array::new();
    for i in 0..list.length(ctx)? {
        out.push(&to_web(&list.get(i, ctx)?, h, ctx)?);
    }
    Ok(out.into())
}

fn bigint_to_web(b: &JsBigInt) -> Web {
    js_sys::BigInt::new(&Web::from_str(&b.to_string()))
        .map(Into::into)
        .unwrap_or(Web::UNDEFINED)
}

/// The browser function an exported function's wrapper stands for, if `v` is one.
pub fn exported(v: &JsValue, h: &Shared, ctx: &mut Context) -> JsResult<Option<Function>> {
    let Some(obj) = v.as_object() else {
        return Ok(None);
    };
    let id = obj.get(JsString::from(FUNC_ID), ctx)?;
    Ok(super::nth(&h.borrow().funcs, &id))
}

/// A browser value as boa's: wasm functions as their wrappers, arrays element by element.
pub fn to_boa(v: Web, h: &Shared, ctx: &mut Context) -> JsResult<JsValue> {
    if v.is_undefined() {
        return Ok(JsValue::undefined());
    }
    if v.is_null() {
        return Ok(JsValue::null());
    }
    if let Some(n) = v.as_f64() {
        return Ok(JsValue::from(n));
    }
    if let Some(b) = v.as_bool() {
        return Ok(JsValue::from(b));
    }
    if v.is_bigint() {
        let text = v
            .dyn_ref::<js_sys::BigInt>()
            .and_then(|b| b.to_string(10).ok())
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        return Ok(JsBigInt::from_string(&text)
            .map(JsValue::from)
            .unwrap_or_default());
    }
    if Array::is_array(&v) {
        let list: Array = v.unchecked_into();
        let mut out = Vec::with_capacity(list.length() as usize);
        for item in list.iter() {
            out.push(to_boa(item, h, ctx)?);
        }
        return Ok(array_of(out, ctx));
    }
    if v.is_function() {
        let id = func_id(h, v.unchecked_into());
        return wrap(id, h, ctx);
    }
    Ok(v.as_string()
        .map(|s| crate::js::str_value(&s))
        .unwrap_or_default())
}

/// A wasm function's number, registering it the first time it is seen.
pub fn func_id(h: &Shared, f: Function) -> usize {
    let hb = &mut *h.borrow_mut();
    super::number_of(&mut hb.funcs, &hb.func_ids, f)
}

/// The JS wrapper of function number `id` (`wasm.js` makes one per number).
fn wrap(id: usize, h: &Shared, ctx: &mut Context) -> JsResult<JsValue> {
    let helpers = h.borrow().helpers.clone();
    let not_set_up = || crate::js::plain_error("WXWebAssembly is not set up");
    let helpers = helpers.ok_or_else(not_set_up)?;
    let wrap = helpers.get(JsString::from("wrapFunc"), ctx)?;
    let wrap = wrap.as_callable().ok_or_else(not_set_up)?;
    wrap.call(&JsValue::undefined(), &[JsValue::from(id as u32)], ctx)
}

/// The bytes of a boa Uint8Array, if `v` is one.
pub fn uint8_array(v: &JsValue, ctx: &mut Context) -> JsResult<Option<Vec<u8>>> {
    let Some(arr) = v
        .as_object()
        .and_then(|o| JsUint8Array::from_object(o.clone()).ok())
    else {
        return Ok(None);
    };
    let n = arr.length(ctx)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(arr.get(i, ctx)?.to_u32(ctx)? as u8);
    }
    Ok(Some(out))
}
