//! Diagnostics: the one shape every stage reports problems in, and its text rendering.

use crate::{SourceFile, Span};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A problem found in a user's file. `line` and `col` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    /// A stable kebab-case identifier (`wxml-missing-end-tag`), for filtering and tests.
    pub code: String,
    pub message: String,
    /// The source line and the width of the caret under it, when the position is known.
    #[serde(skip)]
    pub snippet: Option<(String, u32)>,
}

impl Diagnostic {
    /// A diagnostic pointing at a span of a source file.
    pub fn at(
        src: &SourceFile,
        span: Span,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = src.line_col(span.start as usize);
        let line_text = src.line_text(line).to_string();
        let width = src
            .slice(span)
            .lines()
            .next()
            .map(|s| s.chars().count())
            .unwrap_or(0)
            .max(1);
        Diagnostic {
            file: src.path().to_string(),
            line,
            col,
            severity,
            code: code.to_string(),
            message: message.into(),
            snippet: Some((line_text, width as u32)),
        }
    }

    /// A diagnostic about a whole file (a missing file, a file that cannot be read).
    pub fn file(
        file: impl Into<String>,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: 0,
            col: 0,
            severity,
            code: code.to_string(),
            message: message.into(),
            snippet: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.col)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

/// Renders diagnostics as a compiler does: the position line, then the source line with a caret.
pub fn render_text(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{d}");
        if let Some((line, width)) = &d.snippet {
            let gutter = d.line.to_string();
            let _ = writeln!(out, " {gutter} | {line}");
            let pad: String = line
                .chars()
                .take(d.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let carets = "^".repeat(*width as usize);
            let _ = writeln!(out, " {} | {pad}{carets}", " ".repeat(gutter.len()));
        }
    }
    out
}

/// (errors, warnings) in a list of diagnostics.
pub fn summary_counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_source_and_caret() {
        let src = SourceFile::new("pages/a.wxml", "<view>\n  <text>{{ a + }}</text>\n");
        let d = Diagnostic::at(
            &src,
            Span::new(18, 19),
            Severity::Error,
            "wxml-expr",
            "oops",
        );
        let text = render_text(&[d]);
        assert_eq!(
            text,
            "pages/a.wxml:2:12: error[wxml-expr]: oops\n 2 |   <text>{{ a + }}</text>\n   |            ^\n"
        );
    }
}
