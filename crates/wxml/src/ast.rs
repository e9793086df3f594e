//! The syntax tree of a WXML file, with spans for every part a diagnostic may point at.

use crate::expr::Expr;
use mpsim_base::Span;

/// Text with `{{ }}` bindings: `a {{b}} c` is `[Lit("a "), Expr(b), Lit(" c")]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit(String),
    Expr(Expr, Span),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Interp {
    pub parts: Vec<Part>,
}

impl Interp {
    /// `"{{expr}}"` with nothing around it: the attribute keeps the value's type.
    pub fn single_expr(&self) -> Option<&Expr> {
        match self.parts.as_slice() {
            [Part::Expr(e, _)] => Some(e),
            _ => None,
        }
    }

    /// The literal text, when there are no bindings.
    pub fn as_static(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::Expr(..) => return None,
            }
        }
        Some(s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub name: String,
    pub name_span: Span,
    /// `None` for a boolean attribute written without a value (`<scroll-view scroll-y>`).
    pub value: Option<AttrValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttrValue {
    /// The text between the quotes, undecoded.
    pub raw: String,
    /// The span of `raw`.
    pub span: Span,
    pub interp: Interp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub name_span: Span,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    /// From `<` of the start tag to `>` of the end tag (or of the start tag if self-closed).
    pub span: Span,
    /// For raw-text elements (`<wxs>`): the body as written.
    pub raw_body: Option<(String, Span)>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// Where a diagnostic about attribute `name` should point: its value, else its name, else
    /// the tag name.
    pub fn attr_span(&self, name: &str) -> Span {
        match self.attr(name) {
            Some(Attr { value: Some(v), .. }) => v.span,
            Some(a) => a.name_span,
            None => self.name_span,
        }
    }
}

/// Whether `name` can be a JS variable (loop variables, WXS module names).
pub fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub interp: Interp,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(Text),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub nodes: Vec<Node>,
}
