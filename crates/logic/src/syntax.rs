//! JS syntax checking for `mpsim check`: every script parses the way the app service will
//! load it (ES module syntax lowered first), and a syntax error gets file:line:col.

use crate::esm;
use boa_ast::scope::Scope;
use boa_interner::Interner;
use boa_parser::{Parser, Source};

/// A syntax error: 1-based line and column, and the parser's message.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// Checks scripts with boa's own parser, as `Script::parse` runs it, but with no engine
/// behind it: making an engine's realm costs more than parsing a small app's scripts.
pub struct SyntaxChecker {
    interner: Interner,
    scope: Scope,
}

impl Default for SyntaxChecker {
    fn default() -> Self {
        SyntaxChecker::new()
    }
}

impl SyntaxChecker {
    pub fn new() -> SyntaxChecker {
        SyntaxChecker {
            interner: Interner::default(),
            scope: Scope::new_global(),
        }
    }

    /// Parses `code` as a module body would be run. `None` when it parses.
    pub fn check(&mut self, code: &str) -> Option<SyntaxError> {
        let body = match esm::to_commonjs(code) {
            Ok(Some(lowered)) => lowered,
            Ok(None) => code.to_string(),
            Err(e) => {
                return Some(SyntaxError {
                    line: e.line,
                    col: e.col,
                    message: e.message,
                });
            }
        };
        // The same wrapper the loader uses, on the same line as the code.
        let wrapped = esm::wrap(&body);
        let mut parser = Parser::new(Source::from_bytes(wrapped.as_bytes()));
        let err = parser.parse_script(&self.scope, &mut self.interner).err()?;
        let message = err.to_string();
        let (line, col) = position(&message).unwrap_or((1, 1));
        Some(SyntaxError {
            line,
            col,
            message: strip_position(&message),
        })
    }
}

/// Boa reports positions as "... at line L, col C".
fn position(msg: &str) -> Option<(u32, u32)> {
    let i = msg.rfind("line ")?;
    let rest = &msg[i + 5..];
    let line: u32 = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let col = rest
        .find("col")
        .and_then(|j| {
            rest[j..]
                .split(|c: char| !c.is_ascii_digit())
                .find(|s| !s.is_empty())?
                .parse()
                .ok()
        })
        .unwrap_or(1);
    Some((line, col))
}

fn strip_position(msg: &str) -> String {
    let m = msg.trim_start_matches("SyntaxError: ");
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_position_of_syntax_errors() {
        let mut c = SyntaxChecker::new();
        assert_eq!(c.check("const a = 1\nPage({ onLoad() {} })\n"), None);
        assert_eq!(
            c.check("import x from './x'\nexport default { a: x }\n"),
            None
        );
        let e = c
            .check("const a = 1\nPage({ onLoad() { if ( } })\n")
            .unwrap();
        assert_eq!(e.line, 2, "{e:?}");
        assert!(!e.message.is_empty());
    }
}
