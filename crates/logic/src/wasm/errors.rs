//! The JS errors wasm failures become: the classes of `WXWebAssembly` (made by `wasm.js`) or
//! the global RangeError and TypeError, as a browser engine throws them.

use boa_engine::{Context, JsError, JsObject, JsResult, JsString, JsValue};

/// Which JS error class a failure becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Compile,
    Link,
    Runtime,
    Range,
    Type,
}

impl Kind {
    /// The constructor's name under `WXWebAssembly` (or the global for RangeError/TypeError).
    pub fn class(self) -> &'static str {
        match self {
            Kind::Compile => "CompileError",
            Kind::Link => "LinkError",
            Kind::Runtime => "RuntimeError",
            Kind::Range => "RangeError",
            Kind::Type => "TypeError",
        }
    }
}

/// A new `WXWebAssembly.<Kind>` (or RangeError/TypeError) with `message` and a wasm stack;
/// `helpers` is what `wasm.js` handed over (its error classes).
pub fn make_error(
    ctx: &mut Context,
    helpers: Option<JsObject>,
    kind: Kind,
    message: &str,
    stack: Option<&str>,
) -> JsError {
    let built = (|| -> JsResult<JsValue> {
        let ctor = match (kind, helpers) {
            (Kind::Range | Kind::Type, _) | (_, None) => {
                ctx.global_object().get(JsString::from(kind.class()), ctx)?
            }
            (_, Some(js)) => js.get(JsString::from(kind.class()), ctx)?,
        };
        let Some(ctor) = ctor.as_constructor() else {
            return Err(crate::js::plain_error(message.to_string()));
        };
        let err = ctor.construct(&[crate::js::str_value(message)], None, ctx)?;
        if let Some(stack) = stack.filter(|s| !s.is_empty()) {
            let text = format!("{}: {message}\n{stack}", kind.class());
            err.set(
                JsString::from("stack"),
                crate::js::str_value(&text),
                false,
                ctx,
            )?;
        }
        Ok(err.into())
    })();
    match built {
        Ok(v) => JsError::from_opaque(v),
        Err(e) => e,
    }
}
