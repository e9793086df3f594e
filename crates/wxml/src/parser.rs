//! The WXML parser. Real WXML is not XML: text holds `{{ a < b }}`, `<wxs>` holds raw script,
//! attributes go without values, and files have several roots. This is a hand-written tokenizer
//! that treats `{{ }}` spans as opaque, so a `<` inside a binding never starts a tag, and that
//! recovers from every error with a positioned [`Issue`].

use crate::ast::{Attr, AttrValue, Document, Element, Interp, Node, Part, Text};
use crate::entities;
use crate::expr::{ExprMode, parse_expr};
use crate::issue::Issue;
use mpsim_base::Span;

/// Dialect-dependent parsing choices.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Elements whose body is raw script (`wxs`; `sjs`, `qs`, `import-sjs` in other dialects).
    pub raw_text_tags: Vec<String>,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            raw_text_tags: vec!["wxs".into()],
        }
    }
}

pub struct Parsed {
    pub doc: Document,
    pub issues: Vec<Issue>,
}

/// Parses a WXML file. Never fails: problems are issues, and the tree holds what could be read.
pub fn parse(src: &str, opts: &ParseOptions) -> Parsed {
    let mut p = Parser {
        src,
        pos: 0,
        issues: Vec::new(),
        opts,
    };
    let nodes = p.nodes_until_eof();
    Parsed {
        doc: Document { nodes },
        issues: p.issues,
    }
}

/// Parses a text run with `{{ }}` bindings (used for attribute values and text nodes).
pub fn parse_interp(
    src: &str,
    start: usize,
    end: usize,
    mode: ExprMode,
    issues: &mut Vec<Issue>,
) -> Interp {
    let mut parts = Vec::new();
    let mut lit_start = start;
    let mut i = start;
    while let Some(off) = src[i..end].find("{{") {
        let open = i + off;
        let Some(close) = find_expr_end(src, open + 2, end) else {
            issues.push(Issue::error(
                Span::new(open, open + 2),
                "wxml-unclosed-binding",
                "`{{` is never closed by `}}`",
            ));
            break;
        };
        push_literal(src, lit_start, open, &mut parts, issues);
        match parse_expr(src, open + 2, close, mode) {
            Ok(e) => parts.push(Part::Expr(e, Span::new(open, close + 2))),
            Err(e) => {
                issues.push(Issue::error(e.span, e.code, e.message));
                parts.push(Part::Expr(
                    crate::expr::Expr::Undefined,
                    Span::new(open, close + 2),
                ));
            }
        }
        i = close + 2;
        lit_start = i;
    }
    push_literal(src, lit_start, end, &mut parts, issues);
    Interp { parts }
}

fn push_literal(
    src: &str,
    start: usize,
    end: usize,
    parts: &mut Vec<Part>,
    issues: &mut Vec<Issue>,
) {
    if start >= end {
        return;
    }
    let mut bad = Vec::new();
    let text = entities::decode(&src[start..end], &mut bad);
    for b in bad {
        issues.push(Issue::warning(
            Span::new(start + b.start, start + b.end),
            "wxml-bad-entity",
            "malformed character reference; it is kept as written (write `&amp;` for a literal `&`)",
        ));
    }
    if let Some(Part::Lit(prev)) = parts.last_mut() {
        prev.push_str(&text);
    } else {
        parts.push(Part::Lit(text));
    }
}

/// Finds the `}}` closing a binding whose content starts at `from`, skipping string literals and
/// balanced braces, so `{{ {a: {b: 1}} }}` and `{{ '}}' }}` close at the right place.
fn find_expr_end(src: &str, from: usize, end: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < end {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < end && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= end {
                    // An unclosed string: fall back to the first `}}` so the error is local.
                    return src[from..end].find("}}").map(|o| from + o);
                }
            }
            b'{' => depth += 1,
            b'}' => {
                if depth == 0 && i + 1 < end && bytes[i + 1] == b'}' {
                    return Some(i);
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.') || !c.is_ascii()
}

fn is_attr_name_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '=' | '>' | '/' | '"' | '\'' | '<'))
}

/// Deeper element nesting than this is refused: no real page comes close, and every later
/// stage walks the tree recursively.
const MAX_ELEMENT_DEPTH: usize = 128;

struct Open {
    el: Element,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    issues: Vec<Issue>,
    opts: &'a ParseOptions,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn nodes_until_eof(&mut self) -> Vec<Node> {
        let mut stack: Vec<Open> = Vec::new();
        let mut top: Vec<Node> = Vec::new();
        while self.pos < self.src.len() {
            let rest = self.rest();
            if rest.starts_with("<!--") {
                self.comment();
            } else if rest.starts_with("</") {
                self.end_tag(&mut stack, &mut top);
            } else if rest.starts_with("<!") {
                self.meta_tag();
            } else if rest.starts_with('<') && rest[1..].starts_with(is_name_start) {
                if let Some((el, self_closed)) = self.start_tag() {
                    if self_closed {
                        push_node(&mut stack, &mut top, Node::Element(el));
                    } else if self.opts.raw_text_tags.contains(&el.name) {
                        let el = self.raw_body(el);
                        push_node(&mut stack, &mut top, Node::Element(el));
                    } else if stack.len() >= MAX_ELEMENT_DEPTH {
                        self.issues.push(Issue::error(
                            el.name_span,
                            "wxml-too-deep",
                            format!("elements nest more than {MAX_ELEMENT_DEPTH} levels deep; `<{}>` is treated as empty", el.name),
                        ));
                        push_node(&mut stack, &mut top, Node::Element(el));
                    } else {
                        stack.push(Open { el });
                    }
                }
            } else {
                self.text(&mut stack, &mut top);
            }
        }
        while let Some(open) = stack.pop() {
            self.issues.push(Issue::error(
                open.el.name_span,
                "wxml-missing-end-tag",
                format!("`<{}>` is never closed", open.el.name),
            ));
            let mut el = open.el;
            el.span = Span::new(el.span.start as usize, self.src.len());
            push_node(&mut stack, &mut top, Node::Element(el));
        }
        top
    }

    fn comment(&mut self) {
        let start = self.pos;
        match self.rest()[4..].find("-->") {
            Some(i) => self.pos += 4 + i + 3,
            None => {
                self.issues.push(Issue::error(
                    Span::new(start, start + 4),
                    "wxml-unclosed-comment",
                    "`<!--` is never closed by `-->`",
                ));
                self.pos = self.src.len();
            }
        }
    }

    fn meta_tag(&mut self) {
        let start = self.pos;
        let end = self
            .rest()
            .find('>')
            .map(|i| self.pos + i + 1)
            .unwrap_or(self.src.len());
        self.issues.push(Issue::warning(
            Span::new(start, end),
            "wxml-unknown-meta-tag",
            "`<!...>` declarations are ignored in WXML",
        ));
        self.pos = end;
    }

    fn text(&mut self, stack: &mut [Open], top: &mut Vec<Node>) {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() {
            if bytes[i] == b'{' && bytes.get(i + 1) == Some(&b'{') {
                match find_expr_end(self.src, i + 2, self.src.len()) {
                    Some(close) => {
                        i = close + 2;
                        continue;
                    }
                    None => {
                        i = self.src.len();
                        break;
                    }
                }
            }
            if bytes[i] == b'<' {
                let after = &self.src[i + 1..];
                if after.starts_with('/')
                    || after.starts_with('!')
                    || after.starts_with(is_name_start)
                {
                    break;
                }
            }
            i += 1;
        }
        self.pos = i;
        let raw = &self.src[start..i];
        // Whitespace-only text between tags is layout of the source, not content.
        if raw.trim().is_empty() {
            return;
        }
        let interp = parse_interp(self.src, start, i, ExprMode::Text, &mut self.issues);
        let node = Node::Text(Text {
            interp,
            span: Span::new(start, i),
        });
        match stack.last_mut() {
            Some(open) => open.el.children.push(node),
            None => top.push(node),
        }
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Reads `<name attrs... >` or `/>`. Returns the element and whether it closed itself.
    fn start_tag(&mut self) -> Option<(Element, bool)> {
        let start = self.pos;
        self.pos += 1;
        let name_len = self
            .rest()
            .find(|c: char| !is_tag_char(c))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..name_len].to_string();
        let name_span = Span::new(self.pos, self.pos + name_len);
        self.pos += name_len;
        let mut el = Element {
            name,
            name_span,
            attrs: Vec::new(),
            children: Vec::new(),
            span: Span::at(start),
            raw_body: None,
        };
        loop {
            self.skip_ws();
            let rest = self.rest();
            if rest.is_empty() {
                self.issues.push(Issue::error(
                    Span::new(start, start + 1),
                    "wxml-incomplete-tag",
                    format!(
                        "the start tag `<{}` is cut off by the end of the file",
                        el.name
                    ),
                ));
                el.span = Span::new(start, self.pos);
                return Some((el, true));
            }
            if rest.starts_with("/>") {
                self.pos += 2;
                el.span = Span::new(start, self.pos);
                return Some((el, true));
            }
            if rest.starts_with('>') {
                self.pos += 1;
                el.span = Span::new(start, self.pos);
                return Some((el, false));
            }
            if rest.starts_with('<') {
                self.issues.push(Issue::error(
                    Span::new(start, start + 1),
                    "wxml-incomplete-tag",
                    format!("the start tag `<{}` has no closing `>`", el.name),
                ));
                el.span = Span::new(start, self.pos);
                return Some((el, false));
            }
            if rest.starts_with('/') {
                self.issues.push(Issue::error(
                    Span::new(self.pos, self.pos + 1),
                    "wxml-unexpected-char",
                    "unexpected `/` in a start tag (did you mean `/>`?)",
                ));
                self.pos += 1;
                continue;
            }
            self.attribute(&mut el);
        }
    }

    fn attribute(&mut self, el: &mut Element) {
        let name_start = self.pos;
        let rest = self.rest();
        let len = rest
            .find(|c: char| !is_attr_name_char(c))
            .unwrap_or(rest.len());
        if len == 0 {
            let c = rest.chars().next().map(|c| c.len_utf8()).unwrap_or(1);
            self.issues.push(Issue::error(
                Span::new(self.pos, self.pos + c),
                "wxml-bad-attribute-name",
                format!(
                    "unexpected `{}` where an attribute name should be",
                    &rest[..c]
                ),
            ));
            self.pos += c;
            return;
        }
        let name = rest[..len].to_string();
        let name_span = Span::new(name_start, name_start + len);
        self.pos += len;
        let valid = name
            .starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '@' || c == ':')
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '@'));
        if !valid {
            self.issues.push(Issue::error(
                name_span,
                "wxml-bad-attribute-name",
                format!("`{name}` is not a valid attribute name"),
            ));
        }
        // Whitespace around `=` is legal XML.
        let before_eq = self.pos;
        self.skip_ws();
        let value = if self.rest().starts_with('=') {
            self.pos += 1;
            self.skip_ws();
            self.attr_value(&name, name_span)
        } else {
            self.pos = before_eq;
            None
        };
        // The official compiler keeps the last of duplicated attributes.
        if let Some(i) = el.attrs.iter().position(|a| a.name == name) {
            self.issues.push(Issue::warning(
                name_span,
                "wxml-duplicate-attribute",
                format!("attribute `{name}` is given twice; this later one is used"),
            ));
            el.attrs.remove(i);
        }
        if valid {
            el.attrs.push(Attr {
                name,
                name_span,
                value,
            });
        }
    }

    fn attr_value(&mut self, name: &str, name_span: Span) -> Option<AttrValue> {
        let rest = self.rest();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
        let (vstart, vend, next) = match quote {
            Some(q) => {
                let start = self.pos + 1;
                // A quote inside `{{ }}` does not end the value when the binding is balanced.
                let mut i = start;
                let bytes = self.src.as_bytes();
                loop {
                    if i >= bytes.len() {
                        self.issues.push(Issue::error(
                            Span::new(self.pos, self.pos + 1),
                            "wxml-unclosed-attribute-value",
                            format!("the value of `{name}` has no closing {q}"),
                        ));
                        break (start, bytes.len(), bytes.len());
                    }
                    if bytes[i] == q as u8 {
                        break (start, i, i + 1);
                    }
                    i += 1;
                }
            }
            None => {
                let len = if rest.starts_with("{{") {
                    find_expr_end(self.src, self.pos + 2, self.src.len())
                        .map(|c| c + 2 - self.pos)
                        .unwrap_or(rest.len())
                } else {
                    rest.find(|c: char| {
                        c.is_whitespace() || c == '>' || rest[..].starts_with("/>") && c == '/'
                    })
                    .unwrap_or(rest.len())
                };
                let len = rest[..len].strip_suffix('/').map(str::len).unwrap_or(len);
                if len == 0 {
                    self.issues.push(Issue::error(
                        name_span,
                        "wxml-missing-attribute-value",
                        format!("`{name}=` has no value"),
                    ));
                    return None;
                }
                // The official compiler accepts an unquoted value that starts with a letter
                // and runs to a stray closing `"` (`src=https://x/a.jpg?t=1"`), the quote not
                // part of it; mpsim does too, warning. Any other unquoted value is an error
                // there and here.
                let stray = rest
                    .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    .then(|| rest.find(['"', '>', '<', '\n']))
                    .flatten()
                    .filter(|&q| rest.as_bytes()[q] == b'"');
                if let Some(q) = stray {
                    self.issues.push(Issue::warning(
                        Span::new(self.pos, self.pos + q + 1),
                        "wxml-unquoted-attribute-value",
                        format!(
                            "the value of `{name}` is not quoted: read as {name}=\"{}\", up to the stray quote, as the official compiler does",
                            &rest[..q]
                        ),
                    ));
                    (self.pos, self.pos + q, self.pos + q + 1)
                } else {
                    self.issues.push(Issue::error(
                        Span::new(self.pos, self.pos + len),
                        "wxml-unquoted-attribute-value",
                        format!(
                            "the value of `{name}` must be quoted: {name}=\"{}\"",
                            &rest[..len]
                        ),
                    ));
                    (self.pos, self.pos + len, self.pos + len)
                }
            }
        };
        self.pos = next;
        let interp = parse_interp(self.src, vstart, vend, ExprMode::Attr, &mut self.issues);
        Some(AttrValue {
            raw: self.src[vstart..vend].to_string(),
            span: Span::new(vstart, vend),
            interp,
        })
    }

    fn raw_body(&mut self, mut el: Element) -> Element {
        let body_start = self.pos;
        let close = format!("</{}", el.name);
        let mut search = body_start;
        let end = loop {
            match self.src[search..].find(&close) {
                Some(i) => {
                    let at = search + i;
                    let after = &self.src[at + close.len()..];
                    let trimmed = after.trim_start();
                    if trimmed.starts_with('>') {
                        break Some((at, at + close.len() + (after.len() - trimmed.len()) + 1));
                    }
                    search = at + close.len();
                }
                None => break None,
            }
        };
        let (body_end, next) = match end {
            Some(e) => e,
            None => {
                self.issues.push(Issue::error(
                    el.name_span,
                    "wxml-missing-end-tag",
                    format!("`<{}>` is never closed", el.name),
                ));
                (self.src.len(), self.src.len())
            }
        };
        el.raw_body = Some((
            self.src[body_start..body_end].to_string(),
            Span::new(body_start, body_end),
        ));
        el.span = Span::new(el.span.start as usize, next);
        self.pos = next;
        el
    }

    fn end_tag(&mut self, stack: &mut Vec<Open>, top: &mut Vec<Node>) {
        let start = self.pos;
        self.pos += 2;
        let name_len = self
            .rest()
            .find(|c: char| !is_tag_char(c))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..name_len].to_string();
        self.pos += name_len;
        let after_name = self.pos;
        self.skip_ws();
        match self.rest().find('>') {
            Some(0) => self.pos += 1,
            Some(i) => {
                self.issues.push(Issue::error(
                    Span::new(self.pos, self.pos + i),
                    "wxml-unexpected-char",
                    format!("unexpected text in the end tag `</{name}>`"),
                ));
                self.pos += i + 1;
            }
            None => {
                self.issues.push(Issue::error(
                    Span::new(start, after_name),
                    "wxml-incomplete-tag",
                    format!("the end tag `</{name}` has no closing `>`"),
                ));
                self.pos = self.src.len();
            }
        }
        let span = Span::new(start, self.pos);
        if name.is_empty() {
            self.issues.push(Issue::error(
                span,
                "wxml-bad-end-tag",
                "an end tag needs a name: `</view>`",
            ));
            return;
        }
        let Some(depth) = stack
            .iter()
            .rposition(|o| o.el.name.eq_ignore_ascii_case(&name))
        else {
            self.issues.push(Issue::error(
                span,
                "wxml-stray-end-tag",
                format!("`</{name}>` closes nothing: no `<{name}>` is open here"),
            ));
            return;
        };
        while stack.len() > depth + 1 {
            if let Some(open) = stack.pop() {
                self.issues.push(Issue::error(
                    open.el.name_span,
                    "wxml-missing-end-tag",
                    format!("`<{}>` is not closed before `</{name}>`", open.el.name),
                ));
                let mut el = open.el;
                el.span = Span::new(el.span.start as usize, start);
                push_node(stack, top, Node::Element(el));
            }
        }
        if let Some(open) = stack.pop() {
            let mut el = open.el;
            el.span = Span::new(el.span.start as usize, self.pos);
            push_node(stack, top, Node::Element(el));
        }
    }
}

fn push_node(stack: &mut [Open], top: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(open) => open.el.children.push(node),
        None => top.push(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(src: &str) -> Document {
        let p = parse(src, &ParseOptions::default());
        assert!(p.issues.is_empty(), "{src}: {:?}", p.issues);
        p.doc
    }

    fn el(n: &Node) -> &Element {
        match n {
            Node::Element(e) => e,
            Node::Text(t) => panic!("expected element, got text {t:?}"),
        }
    }

    #[test]
    fn bindings_hide_angle_brackets() {
        let d = parse_ok("<view>{{ a < b }} and {{ c && d }}</view>");
        let v = el(&d.nodes[0]);
        assert_eq!(v.children.len(), 1);
        let Node::Text(t) = &v.children[0] else {
            panic!()
        };
        assert_eq!(t.interp.parts.len(), 3);
    }

    #[test]
    fn wxs_body_is_raw() {
        let src = "<wxs module=\"m\">var a = 1 < 2 && b; module.exports = {a: a};</wxs><view/>";
        let d = parse_ok(src);
        assert_eq!(d.nodes.len(), 2);
        let w = el(&d.nodes[0]);
        assert_eq!(
            w.raw_body.as_ref().unwrap().0,
            "var a = 1 < 2 && b; module.exports = {a: a};"
        );
    }

    #[test]
    fn boolean_attributes_entities_roots_and_self_closing() {
        let d = parse_ok(
            "<scroll-view scroll-y class='a'/><text>&lt;&nbsp;&#x41;</text><Foo-Bar/><x/>",
        );
        assert_eq!(d.nodes.len(), 4);
        let s = el(&d.nodes[0]);
        assert_eq!(s.attrs[0].name, "scroll-y");
        assert!(s.attrs[0].value.is_none());
        let Node::Text(t) = &el(&d.nodes[1]).children[0] else {
            panic!()
        };
        assert_eq!(t.interp.as_static().unwrap(), "<\u{a0}A");
        assert_eq!(el(&d.nodes[2]).name, "Foo-Bar");
    }

    #[test]
    fn whitespace_between_tags_is_dropped_but_text_kept_verbatim() {
        let d = parse_ok("<view>\n  <text> a  b </text>\n</view>");
        let v = el(&d.nodes[0]);
        assert_eq!(v.children.len(), 1);
        let Node::Text(t) = &el(&v.children[0]).children[0] else {
            panic!()
        };
        assert_eq!(t.interp.as_static().unwrap(), " a  b ");
    }

    #[test]
    fn recovers_from_unclosed_and_mismatched_tags() {
        let p = parse("<view><text>a</view><b>", &ParseOptions::default());
        let codes: Vec<_> = p.issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, vec!["wxml-missing-end-tag", "wxml-missing-end-tag"]);
        assert_eq!(p.issues[0].span, Span::new(7, 11));
        assert_eq!(p.doc.nodes.len(), 2);
        let v = el(&p.doc.nodes[0]);
        assert_eq!(el(&v.children[0]).name, "text");

        let p = parse("<view></span>x", &ParseOptions::default());
        assert_eq!(p.issues[0].code, "wxml-stray-end-tag");
        assert_eq!(p.issues[1].code, "wxml-missing-end-tag");
    }

    #[test]
    fn very_deep_nesting_is_refused_not_overflowed() {
        let src = "<view>".repeat(10_000);
        let p = parse(&src, &ParseOptions::default());
        assert!(p.issues.iter().any(|i| i.code == "wxml-too-deep"));
    }

    #[test]
    fn quotes_lone_lt_and_unclosed_bindings() {
        let p = parse("a < b", &ParseOptions::default());
        assert!(p.issues.is_empty());
        let p = parse("<view a=1>{{ x </view>", &ParseOptions::default());
        let codes: Vec<_> = p.issues.iter().map(|i| i.code).collect();
        assert!(
            codes.contains(&"wxml-unquoted-attribute-value"),
            "{codes:?}"
        );
        let d = parse_ok("<view data-x=\"{{ {a: '}}'} }}\"/>");
        assert!(
            el(&d.nodes[0]).attrs[0]
                .value
                .as_ref()
                .unwrap()
                .interp
                .single_expr()
                .is_some()
        );
    }
}
