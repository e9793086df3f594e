//! Problems found while parsing or compiling one file, before they get a file name and
//! line:col (see [`Issue::to_diagnostic`]).

use mpsim_base::{Diagnostic, Severity, SourceFile, Span};

#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub span: Span,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl Issue {
    pub fn error(span: Span, code: &'static str, message: impl Into<String>) -> Issue {
        Issue {
            span,
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }

    pub fn warning(span: Span, code: &'static str, message: impl Into<String>) -> Issue {
        Issue {
            span,
            severity: Severity::Warning,
            code,
            message: message.into(),
        }
    }

    pub fn to_diagnostic(&self, src: &SourceFile) -> Diagnostic {
        Diagnostic::at(
            src,
            self.span,
            self.severity,
            self.code,
            self.message.clone(),
        )
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
