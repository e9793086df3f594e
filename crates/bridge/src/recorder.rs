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

/// One message of a recording, with the side that sent it.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    ToView(crate::ToView),
    ToLogic(crate::ToLogic),
}

/// Reads a recording written by [`Recorder::to_jsonl`]: every line a message, in the order
/// sent. A line that is not a message is an error naming its line number.
pub fn read_recording(text: &str) -> Result<Vec<Recorded>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |e: String| format!("line {}: {e}", i + 1);
        let mut v: Value = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let from = v.get("from").and_then(Value::as_str).map(str::to_string);
        if let Value::Object(obj) = &mut v {
            obj.remove("seq");
            obj.remove("from");
        }
        let m = match from.as_deref() {
            Some("logic") => {
                Recorded::ToView(serde_json::from_value(v).map_err(|e| err(e.to_string()))?)
            }
            Some("view") => {
                Recorded::ToLogic(serde_json::from_value(v).map_err(|e| err(e.to_string()))?)
            }
            _ => return Err(err("`from` must be \"logic\" or \"view\"".into())),
        };
        out.push(m);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ToLogic, ToView};

    #[test]
    fn a_recording_reads_back_in_order() {
        let mut r = Recorder::in_memory();
        r.record(Side::Logic, &ToView::Clock { now: 5 });
        r.record(Side::View, &ToLogic::FirstRender { page: 1 });
        let back = read_recording(&r.to_jsonl()).unwrap();
        assert_eq!(
            back,
            vec![
                Recorded::ToView(ToView::Clock { now: 5 }),
                Recorded::ToLogic(ToLogic::FirstRender { page: 1 })
            ]
        );
        let bad = read_recording("{\"msg\":\"clock\",\"now\":1,\"from\":\"logic\"}\nnope\n");
        assert!(bad.unwrap_err().starts_with("line 2:"));
    }
}
