//! Records bridge messages as JSON lines: `{"seq": N, "from": "logic"|"view", ...message}`.

use crate::transport::Side;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Recorder {
    seq: u64,
    lines: Vec<String>,
}

impl Recorder {
    pub fn in_memory() -> Recorder {
        Recorder::default()
    }

    pub fn record<M: Serialize>(&mut self, from: Side, m: &M) {
        self.seq += 1;
        let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
        if let Value::Object(obj) = &mut v {
            obj.insert("seq".into(), Value::from(self.seq));
            obj.insert(
                "from".into(),
                Value::from(if from == Side::Logic { "logic" } else { "view" }),
            );
        }
        self.lines.push(v.to_string());
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The recording as JSON-lines text.
    pub fn to_jsonl(&self) -> String {
        let mut s = self.lines.join("\n");
        if !s.is_empty() {
            s.push('\n');
        }
        s
    }
}
