//! Reading JSON config files with positioned diagnostics.

use mpsim_base::{Diagnostic, Severity, SourceFile, Span, Vfs};
use serde_json::{Map, Value};

/// Reads and parses a JSON object file. A syntax error gives a diagnostic at its line:col;
/// a missing file gives `None` with no diagnostic (the caller decides whether that matters).
pub fn read_object(
    vfs: &dyn Vfs,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(SourceFile, Map<String, Value>)> {
    let text = match vfs.read_text(path) {
        Ok(t) => t,
        Err(mpsim_base::VfsError::NotFound(_)) => return None,
        Err(e) => {
            diags.push(Diagnostic::file(
                path,
                Severity::Error,
                "json-unreadable",
                e.to_string(),
            ));
            return None;
        }
    };
    let src = SourceFile::new(path, text);
    match serde_json::from_str::<Value>(src.text()) {
        Ok(Value::Object(map)) => Some((src, map)),
        Ok(_) => {
            diags.push(Diagnostic::at(
                &src,
                Span::at(0),
                Severity::Error,
                "json-not-object",
                "the file must hold a JSON object `{ ... }`",
            ));
            None
        }
        Err(e) => {
            let mut d = Diagnostic::file(
                path,
                Severity::Error,
                "json-syntax",
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            );
            d.line = e.line() as u32;
            d.col = e.column() as u32;
            d.snippet = Some((src.line_text(d.line).to_string(), 1));
            diags.push(d);
            None
        }
    }
}

fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map(|i| &msg[..i]).unwrap_or(msg)
}

/// Where a string value appears in a JSON file (for diagnostics about that value).
pub fn value_span(src: &SourceFile, value: &str) -> Span {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    match src.text().find(&quoted) {
        Some(i) => Span::new(i, i + quoted.len()),
        None => Span::at(0),
    }
}

/// Where a key appears in a JSON file.
pub fn key_span(src: &SourceFile, key: &str) -> Span {
    value_span(src, key)
}

pub fn str_field<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_base::MemVfs;

    #[test]
    fn syntax_errors_have_positions() {
        let vfs = MemVfs::new().with("a.json", "{\n  \"pages\": [\n    \"x\",\n  ]\n}");
        let mut d = Vec::new();
        assert!(read_object(&vfs, "a.json", &mut d).is_none());
        assert_eq!((d[0].line, d[0].col), (4, 3));
        assert_eq!(d[0].code, "json-syntax");
        assert!(read_object(&vfs, "missing.json", &mut d).is_none());
        assert_eq!(d.len(), 1);
    }
}
