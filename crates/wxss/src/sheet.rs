//! Compiling a WXSS file: lightningcss parses it (with error recovery), `@import`s are inlined
//! in place, and rules become selectors plus declarations whose rpx numbers are kept apart.

use crate::rpx::{ValuePart, split_rpx};
use crate::selector::{Selector, parse_list};
use lightningcss::declaration::DeclarationBlock;
use lightningcss::properties::Property;
use lightningcss::rules::{CssRule, CssRuleList};
use lightningcss::stylesheet::{ParserOptions, PrinterOptions, StyleSheet as LcSheet};
use lightningcss::traits::ToCss;
use mpsim_base::{Diagnostic, Severity, SourceFile, Span, Vfs, vpath};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    pub name: String,
    pub value: Vec<ValuePart>,
    pub important: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub selectors: Vec<Selector>,
    pub declarations: Vec<Declaration>,
    /// The `@media` condition around the rule, if any.
    pub media: Option<String>,
    /// File and 1-based line, for inspectors and messages.
    pub file: String,
    pub line: u32,
}

/// A compiled stylesheet: its rules in cascade order, `@import`ed files inlined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StyleSheet {
    pub rules: Vec<Rule>,
}

/// Compiles `path` and everything it imports. `component` enables the warnings the official
/// compiler gives for selectors that do not work in component styles.
pub fn compile_file(
    vfs: &dyn Vfs,
    path: &str,
    style_ext: &str,
    component: bool,
    diags: &mut Vec<Diagnostic>,
) -> StyleSheet {
    let mut sheet = StyleSheet::default();
    let mut stack = Vec::new();
    compile_into(
        vfs, path, style_ext, component, diags, &mut sheet, &mut stack,
    );
    sheet
}

fn compile_into(
    vfs: &dyn Vfs,
    path: &str,
    ext: &str,
    component: bool,
    diags: &mut Vec<Diagnostic>,
    out: &mut StyleSheet,
    stack: &mut Vec<String>,
) {
    let text = match vfs.read_text(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::file(
                path,
                Severity::Error,
                "wxss-unreadable",
                e.to_string(),
            ));
            return;
        }
    };
    let src = SourceFile::new(path, text);
    compile_source(vfs, &src, ext, component, diags, out, stack);
}

/// Compiles already-read source (`mpsim check` on a single file uses this too).
pub fn compile_source(
    vfs: &dyn Vfs,
    src: &SourceFile,
    ext: &str,
    component: bool,
    diags: &mut Vec<Diagnostic>,
    out: &mut StyleSheet,
    stack: &mut Vec<String>,
) {
    stack.push(src.path().to_string());
    let warnings = std::sync::Arc::new(std::sync::RwLock::new(Vec::new()));
    let opts = ParserOptions {
        filename: src.path().to_string(),
        error_recovery: true,
        warnings: Some(warnings.clone()),
        ..ParserOptions::default()
    };
    let at = |line: u32, col: u32| -> Span {
        let (l, c) = (line as usize, col.saturating_sub(1) as usize);
        let start: usize = src.text().split_inclusive('\n').take(l).map(str::len).sum();
        let line_text = src.line_text(l as u32 + 1);
        let byte = line_text
            .char_indices()
            .nth(c)
            .map(|(b, _)| b)
            .unwrap_or(line_text.len());
        Span::at(start + byte)
    };
    // The CSS parser descends recursively into blocks; refuse absurd nesting up front.
    if let Some(pos) = too_deep(src.text()) {
        diags.push(Diagnostic::at(
            src,
            Span::at(pos),
            Severity::Error,
            "wxss-too-deep",
            format!("brackets nest more than {MAX_NESTING} levels deep; the file is skipped"),
        ));
        stack.pop();
        return;
    }
    let lc_span = |loc: &Option<lightningcss::error::ErrorLocation>| {
        loc.as_ref()
            .map(|l| at(l.line, l.column))
            .unwrap_or_default()
    };
    match LcSheet::parse(src.text(), opts) {
        Ok(sheet) => {
            let mut cx = Walk {
                vfs,
                src,
                ext,
                component,
                diags,
                out,
                stack,
                at: &at,
            };
            cx.rules(&sheet.rules, None);
        }
        Err(e) => {
            let span = lc_span(&e.loc);
            diags.push(Diagnostic::at(
                src,
                span,
                Severity::Error,
                "wxss-syntax",
                e.kind.to_string(),
            ));
        }
    }
    if let Ok(ws) = warnings.read() {
        for w in ws.iter() {
            let span = lc_span(&w.loc);
            diags.push(Diagnostic::at(
                src,
                span,
                Severity::Warning,
                "wxss-ignored",
                format!("ignored: {}", w.kind),
            ));
        }
    }
    stack.pop();
}

const MAX_NESTING: usize = 64;

/// The offset where bracket nesting first exceeds [`MAX_NESTING`], ignoring strings and comments.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map(|e| i + 2 + e + 1)
                    .unwrap_or(bytes.len());
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

struct Walk<'a> {
    vfs: &'a dyn Vfs,
    src: &'a SourceFile,
    ext: &'a str,
    component: bool,
    diags: &'a mut Vec<Diagnostic>,
    out: &'a mut StyleSheet,
    stack: &'a mut Vec<String>,
    at: &'a dyn Fn(u32, u32) -> Span,
}

impl Walk<'_> {
    fn warn(&mut self, line: u32, col: u32, code: &str, msg: String) {
        let span = (self.at)(line, col);
        self.diags
            .push(Diagnostic::at(self.src, span, Severity::Warning, code, msg));
    }

    fn rules(&mut self, rules: &CssRuleList, media: Option<&str>) {
        for rule in &rules.0 {
            match rule {
                CssRule::Style(s) => {
                    let text = s
                        .selectors
                        .to_css_string(PrinterOptions::default())
                        .unwrap_or_default();
                    let selectors = match parse_list(&text) {
                        Ok(sel) => sel,
                        Err(e) => {
                            self.warn(
                                s.loc.line,
                                s.loc.column,
                                "wxss-selector-unsupported",
                                format!("{e}; the rule is skipped"),
                            );
                            continue;
                        }
                    };
                    if self.component
                        && selectors.iter().any(|sel| {
                            sel.parts.iter().any(|(c, _)| {
                                c.tag.is_some() || c.id.is_some() || !c.attrs.is_empty()
                            })
                        })
                    {
                        self.warn(s.loc.line, s.loc.column, "wxss-component-selector", format!("`{text}`: tag, id and attribute selectors should not be used in component styles"));
                    }
                    let declarations = self.declarations(&s.declarations, s.loc.line, s.loc.column);
                    self.out.rules.push(Rule {
                        selectors,
                        declarations,
                        media: media.map(str::to_string),
                        file: self.src.path().to_string(),
                        line: s.loc.line + 1,
                    });
                    if !s.rules.0.is_empty() {
                        self.warn(
                            s.loc.line,
                            s.loc.column,
                            "wxss-nesting-unsupported",
                            "nested rules are not supported in WXSS; they are ignored".into(),
                        );
                    }
                }
                CssRule::Media(m) => {
                    let q = m
                        .query
                        .to_css_string(PrinterOptions::default())
                        .unwrap_or_default();
                    let combined = match media {
                        Some(outer) => format!("{outer} and {q}"),
                        None => q,
                    };
                    self.rules(&m.rules, Some(&combined));
                }
                CssRule::Import(i) => self.import(&i.url, i.loc.line, i.loc.column),
                CssRule::Supports(s) => {
                    self.warn(s.loc.line, s.loc.column, "wxss-at-rule-unsupported", "`@supports` is not evaluated by mpsim; its rules are applied as if supported".into());
                    self.rules(&s.rules, media);
                }
                CssRule::LayerBlock(l) => {
                    self.warn(
                        l.loc.line,
                        l.loc.column,
                        "wxss-at-rule-unsupported",
                        "`@layer` is not supported; its rules are applied as ordinary rules".into(),
                    );
                    self.rules(&l.rules, media);
                }
                CssRule::LayerStatement(l) => self.warn(
                    l.loc.line,
                    l.loc.column,
                    "wxss-at-rule-unsupported",
                    "`@layer` is not supported and is ignored".into(),
                ),
                CssRule::Keyframes(_) | CssRule::FontFace(_) | CssRule::Ignored => {}
                CssRule::Unknown(u) => self.warn(
                    u.loc.line,
                    u.loc.column,
                    "wxss-at-rule-unsupported",
                    format!("unknown at-rule `@{}` is ignored", u.name),
                ),
                _ => {}
            }
        }
    }

    fn declarations(&mut self, block: &DeclarationBlock, line: u32, col: u32) -> Vec<Declaration> {
        let mut out = Vec::new();
        for (prop, important) in block.iter() {
            let name = prop.property_id().name().to_string();
            if let Property::Custom(c) = prop
                && !crate::known::is_known_property(c.name.as_ref())
            {
                self.warn(
                    line,
                    col,
                    "wxss-unknown-property",
                    format!("unknown property `{}`", c.name.as_ref()),
                );
            }
            let value = prop
                .value_to_css_string(PrinterOptions::default())
                .unwrap_or_default();
            if value.trim().is_empty() && !name.starts_with("--") {
                self.warn(
                    line,
                    col,
                    "wxss-empty-value",
                    format!("`{name}` has no value"),
                );
                continue;
            }
            out.push(Declaration {
                name,
                value: split_rpx(&value),
                important,
            });
        }
        out
    }

    fn import(&mut self, url: &str, line: u32, col: u32) {
        let Some(mut target) = vpath::resolve(self.src.path(), url) else {
            self.warn(
                line,
                col,
                "wxss-import-outside",
                format!("`@import \"{url}\"` points outside the project"),
            );
            return;
        };
        if vpath::extension(&target).is_none() {
            target = format!("{target}.{}", self.ext);
        }
        if self.stack.contains(&target) {
            let span = (self.at)(line, col);
            let chain = self.stack.join(" -> ");
            self.diags.push(Diagnostic::at(
                self.src,
                span,
                Severity::Error,
                "wxss-import-cycle",
                format!("`@import \"{url}\"` makes a cycle: {chain} -> {target}"),
            ));
            return;
        }
        if !self.vfs.is_file(&target) {
            let span = (self.at)(line, col);
            self.diags.push(Diagnostic::at(
                self.src,
                span,
                Severity::Error,
                "wxss-import-missing",
                format!("`@import \"{url}\"`: `{target}` does not exist"),
            ));
            return;
        }
        compile_into(
            self.vfs,
            &target,
            self.ext,
            self.component,
            self.diags,
            self.out,
            self.stack,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_base::MemVfs;

    #[test]
    fn imports_inline_in_order_and_cycles_are_errors() {
        let vfs = MemVfs::new()
            .with(
                "a.wxss",
                "@import \"common/b.wxss\";\n.a { margin: 10rpx; }",
            )
            .with(
                "common/b.wxss",
                "@import '../a';\n.b { color: red !important; }",
            );
        let mut d = Vec::new();
        let s = compile_file(&vfs, "a.wxss", "wxss", false, &mut d);
        assert_eq!(s.rules.len(), 2);
        assert_eq!(s.rules[0].file, "common/b.wxss");
        assert!(s.rules[0].declarations[0].important);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].code.as_str(), d[0].file.as_str(), d[0].line),
            ("wxss-import-cycle", "common/b.wxss", 1)
        );
    }

    #[test]
    fn warnings_for_unsupported_things() {
        let vfs = MemVfs::new().with("a.wxss", ".a { foo: 1; color: red }\n@supports (display: grid) { .b { top: 0 } }\n@layer x { .c { top: 1px } }\nview { top: 0 }");
        let mut d = Vec::new();
        let s = compile_file(&vfs, "a.wxss", "wxss", true, &mut d);
        let codes: Vec<_> = d.iter().map(|d| (d.code.as_str(), d.line)).collect();
        assert_eq!(
            codes,
            [
                ("wxss-unknown-property", 1),
                ("wxss-at-rule-unsupported", 2),
                ("wxss-at-rule-unsupported", 3),
                ("wxss-component-selector", 4)
            ]
        );
        assert_eq!(s.rules.len(), 4);
    }

    #[test]
    fn absurd_nesting_is_refused() {
        let css = format!(
            ".a {{ width: {}1px{} }}",
            "calc(".repeat(500),
            ")".repeat(500)
        );
        let vfs = MemVfs::new().with("a.wxss", css.as_str());
        let mut d = Vec::new();
        compile_file(&vfs, "a.wxss", "wxss", false, &mut d);
        assert_eq!(d[0].code, "wxss-too-deep");
    }

    #[test]
    fn syntax_errors_do_not_stop_the_file() {
        let vfs = MemVfs::new().with(
            "a.wxss",
            ".a { color: red; }\n.b { color: ; }\n}}} .c { top: 0 }",
        );
        let mut d = Vec::new();
        let s = compile_file(&vfs, "a.wxss", "wxss", false, &mut d);
        assert!(s.rules.len() >= 2);
        assert!(!d.is_empty());
    }
}
