//! Unhandled promise rejections: the engine tells us when a promise is rejected with no
//! handler and when a handler arrives later; whatever is still unhandled when the task's jobs
//! have run goes to App.onUnhandledRejection and the trace.

use crate::js;
use crate::service::{self, shared};
use boa_engine::builtins::promise::{OperationType, PromiseState};
use boa_engine::context::HostHooks;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsObject, JsValue};
use serde_json::json;

/// Rejected promises without a handler, in order.
#[derive(Default)]
pub struct Pending(pub Vec<JsObject>);

pub struct Hooks;

impl HostHooks for Hooks {
    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<boa_engine::builtins::promise::Promise>,
        operation: OperationType,
        context: &mut Context,
    ) {
        let obj = promise.clone().upcast();
        let st = shared(context);
        let mut s = st.borrow_mut();
        match operation {
            OperationType::Reject => s.rejections.0.push(obj),
            OperationType::Handle => s.rejections.0.retain(|p| !JsObject::equals(p, &obj)),
        }
    }
}

/// Reports the rejections still unhandled.
pub fn report(ctx: &mut Context) {
    let st = shared(ctx);
    let pending = std::mem::take(&mut st.borrow_mut().rejections.0);
    for p in pending {
        let reason = match JsPromise::from_object(p.clone()).map(|jp| jp.state()) {
            Ok(PromiseState::Rejected(v)) => v,
            _ => continue,
        };
        let text = reason_text(&reason, ctx);
        let stack = reason_stack(&reason, ctx);
        st.borrow_mut().record(json!({"type": "error", "message": format!("unhandled promise rejection: {text}"), "stack": stack, "where": "promise"}));
        let r = js::call_global(
            ctx,
            "__fw",
            "unhandledRejection",
            &[reason, JsValue::from(p)],
        );
        service::report(ctx, r, "App.onUnhandledRejection");
    }
}

/// Where an Error that rejected was made (without the framework's own frames), so the
/// report points at the app's code; empty for other reasons.
fn reason_stack(v: &JsValue, ctx: &mut Context) -> String {
    let Some(o) = v.as_object() else {
        return String::new();
    };
    match o.get(boa_engine::js_string!("stack"), ctx) {
        Ok(s) if s.is_string() => js::to_string(&s, ctx)
            .lines()
            .filter(|l| !l.contains("mpsim/") && !l.contains("(native)"))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn reason_text(v: &JsValue, ctx: &mut Context) -> String {
    if let Some(o) = v.as_object() {
        if let Ok(m) = o.get(boa_engine::js_string!("message"), ctx)
            && !m.is_undefined()
        {
            return js::to_string(&m, ctx);
        }
        if let Ok(Some(j)) = v.to_json(ctx) {
            return j.to_string();
        }
    }
    js::to_string(v, ctx)
}
