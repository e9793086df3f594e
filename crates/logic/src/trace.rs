//! The trace: one JSON object per line for everything the logic layer does that a conformance
//! test may want to compare.
//!
//! Every line has `t` (virtual milliseconds since launch) and `type`:
//! - `lifecycle`: `target` (`app` | `page` | `component`), `name` (`onLaunch`, `created`,
//!   `pageLifetimes.show`...), `id` and `is` (instance number and page/component path; not for
//!   `app`), `args` (the arguments as JSON).
//! - `setData`: `id`, `is`, `paths` (the keys as given), `bytes` (size of the JSON payload);
//!   `warning` when the payload is over 256 KB.
//! - `event`: `event` (tap, custom event name...), `handler`, `id`, `is` (the instance whose
//!   method handles it), `phase` (`capture` | `target` | `bubble`), `node` (the current target).
//! - `observer`: `id`, `is`, `paths`.
//! - `console`: `level` (`log` | `info` | `warn` | `error` | `debug`), `args` (as strings).
//! - `error`: `message`, `stack`, `where` (which callback threw).
//! - `warning`: `message`.
//! - `navigate`: `method` (`navigateTo`...), `url`, and `error` when refused.
//! - `ui`: `api` (`showToast`, `showModal`, `setTabBarBadge`...) and its arguments: native UI
//!   the view draws (these also travel to the view).
//! - `api`: `api` (`requestPayment`, `cloud.callFunction`, `chooseImage`, `previewImage`,
//!   `InnerAudioContext.play`...) and its arguments: a platform call whose effect is outside
//!   the page, recorded for tests.
//! - `request`: `api`, `method`, `url`, and `statusCode` or `error`.
//! - `wasm`: `event` `instantiate` with `path` (the package file) and `exports` (their names),
//!   or `event` `trap` with `message`, `fuel` (true when the fuel limit stopped an endless
//!   loop) and `stack` (the wasm backtrace), whether or not JS caught the RuntimeError.

use serde_json::{Map, Value};

#[derive(Debug, Default)]
pub struct Trace {
    lines: Vec<Value>,
}

impl Trace {
    /// Records an event; `fields` must be a JSON object with at least `type`.
    pub fn record(&mut self, t: u64, fields: Value) {
        let mut obj = Map::new();
        obj.insert("t".into(), Value::from(t));
        if let Value::Object(f) = fields {
            obj.extend(f);
        }
        self.lines.push(Value::Object(obj));
    }

    pub fn lines(&self) -> &[Value] {
        &self.lines
    }

    pub fn take(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.lines)
    }

    /// The trace as JSON lines.
    pub fn to_jsonl(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.to_string());
            s.push('\n');
        }
        s
    }
}
