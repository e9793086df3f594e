//! Template syntax of the other dialects, rewritten in place to the WeChat form the compiler
//! reads, so that one compiler serves all six. Run on each parsed file before it is compiled;
//! spans stay those of the source, so every later diagnostic points into the file as written.
//!
//! - Alipay binds events with `onTap` / `catchTap` (camel-cased; longpress is `onLongTap`), and
//!   declares script modules with `<import-sjs name from>`.
//! - Baidu writes directive values without braces (`s-if="a > b"`), loops as
//!   `s-for="item, index in list trackBy item.id"`, two-way bindings as `value="{= name =}"`,
//!   and script modules with `<import-sjs>` or `<filter>`.
//! - Another dialect's directive (`a:if` in a WeChat app) or, in an Alipay app, a WeChat
//!   event binding (`bindtap`) is what the phone ignores: a warning here, and dropped.

use crate::ast::{Attr, AttrValue, Document, Element, Interp, Node, Part};
use crate::expr::{ExprMode, parse_expr};
use crate::issue::Issue;
use mpsim_base::Span;

/// The directive names every dialect shares after its prefix.
const DIRECTIVES: [&str; 8] = [
    "if",
    "elif",
    "else",
    "for",
    "for-item",
    "for-index",
    "for-items",
    "key",
];

/// What the rewrite needs to know of the app's dialect.
#[derive(Debug, Clone)]
pub struct TemplateDialect {
    /// Its name, for messages ("WeChat").
    pub name: String,
    /// Its directive prefix (`wx:`, `a:`, `s-`...).
    pub prefix: String,
    /// Alipay's `onTap` / `catchTap` events instead of `bindtap`.
    pub on_events: bool,
    /// Baidu's directive values without braces.
    pub bare_directives: bool,
    /// Tags declaring script modules that become the compiler's script tag, with the
    /// attributes that give the module's name and file.
    pub script_tags: Vec<String>,
    pub script_name_attr: String,
    pub script_src_attr: String,
    /// The compiler's script tag (`wxs`, `sjs`, `qs`).
    pub script_tag: String,
    /// Other dialects' directive prefixes and names, for the misuse warning. Prefixes this
    /// dialect also accepts are not listed.
    pub foreign: Vec<(String, String)>,
}

impl Default for TemplateDialect {
    fn default() -> TemplateDialect {
        TemplateDialect {
            name: "WeChat".into(),
            prefix: "wx:".into(),
            on_events: false,
            bare_directives: false,
            script_tags: Vec::new(),
            script_name_attr: "module".into(),
            script_src_attr: "src".into(),
            script_tag: "wxs".into(),
            foreign: Vec::new(),
        }
    }
}

/// Rewrites `doc` (parsed from `src`) to WeChat syntax, reporting misused syntax to `issues`.
pub fn normalize(doc: &mut Document, src: &str, d: &TemplateDialect, issues: &mut Vec<Issue>) {
    for node in &mut doc.nodes {
        if let Node::Element(el) = node {
            element(el, src, d, issues);
        }
    }
}

fn element(el: &mut Element, src: &str, d: &TemplateDialect, issues: &mut Vec<Issue>) {
    if d.script_tags.contains(&el.name) {
        el.name = d.script_tag.clone();
        for a in &mut el.attrs {
            if a.name == d.script_name_attr {
                a.name = "module".into();
            } else if a.name == d.script_src_attr {
                a.name = "src".into();
            }
        }
    }
    let attrs = std::mem::take(&mut el.attrs);
    for a in attrs {
        if let Some(a) = attribute(a, src, d, issues) {
            el.attrs.extend(a);
        }
    }
    for child in &mut el.children {
        if let Node::Element(c) = child {
            element(c, src, d, issues);
        }
    }
}

/// The attribute in WeChat form: dropped (`None`), kept, or split into several (a Baidu loop).
fn attribute(
    mut a: Attr,
    src: &str,
    d: &TemplateDialect,
    issues: &mut Vec<Issue>,
) -> Option<Vec<Attr>> {
    if let Some((prefix, dialect)) = d.foreign.iter().find(|(p, _)| {
        a.name
            .strip_prefix(p.as_str())
            .is_some_and(|rest| DIRECTIVES.contains(&rest))
    }) {
        let rest = &a.name[prefix.len()..];
        issues.push(Issue::warning(
            a.name_span,
            "wxml-foreign-directive",
            format!(
                "`{}` is {dialect} syntax; this {} app writes `{}{rest}`, so the phone ignores it",
                a.name, d.name, d.prefix
            ),
        ));
        return None;
    }
    if d.on_events {
        if let Some(event) = wechat_event(&a.name) {
            issues.push(Issue::warning(
                a.name_span,
                "wxml-foreign-event",
                format!(
                    "`{}` is WeChat syntax; {} binds events as `{}`, so the phone ignores it",
                    a.name,
                    d.name,
                    on_event_name(&a.name, event)
                ),
            ));
            return None;
        }
        if let Some(name) = alipay_event(&a.name) {
            a.name = name;
            return Some(vec![a]);
        }
    }
    if d.bare_directives {
        let directive = a.name.strip_prefix(d.prefix.as_str()).map(str::to_string);
        let Some(v) = &mut a.value else {
            return Some(vec![a]);
        };
        let bare = !v.raw.contains("{{");
        match directive.as_deref() {
            Some("if" | "elif") if bare => v.interp = bare_expr(src, v, issues),
            Some("for" | "for-items") if bare => return Some(baidu_for(a, src, d, issues)),
            Some(_) => {}
            None => {
                if let Some((start, end)) = two_way(&v.raw) {
                    let offset = v.span.start as usize;
                    let span = Span::new(offset + start, offset + end);
                    v.interp = Interp {
                        parts: vec![Part::Expr(expr_at(src, span, issues), span)],
                    };
                    a.name = format!("model:{}", a.name);
                }
            }
        }
    }
    Some(vec![a])
}

/// `bindtap`, `catch:tap`, `capture-bind:touchstart`: the event name of a WeChat binding.
fn wechat_event(name: &str) -> Option<&str> {
    ["capture-bind", "capture-catch", "bind", "catch"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .map(|rest| rest.strip_prefix(':').unwrap_or(rest))
        .filter(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase()))
}

/// How Alipay writes the WeChat binding `name` of `event`: `bindtap` → `onTap`.
fn on_event_name(name: &str, event: &str) -> String {
    let prefix = if name.starts_with("catch") || name.starts_with("capture-catch") {
        "catch"
    } else {
        "on"
    };
    let camel = match event {
        "longpress" | "longtap" => "LongTap".to_string(),
        "touchstart" => "TouchStart".into(),
        "touchmove" => "TouchMove".into(),
        "touchend" => "TouchEnd".into(),
        "touchcancel" => "TouchCancel".into(),
        e => {
            let mut c = e.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        }
    };
    format!("{prefix}{camel}")
}

/// Alipay's `onTap` / `catchTouchStart` as the WeChat binding `bindtap` / `catchtouchstart`.
/// Event names are lower-cased (`onScrollToLower` is `scrolltolower`); `onLongTap` is the
/// longpress, which, as in WeChat, keeps the tap from firing after it.
fn alipay_event(name: &str) -> Option<String> {
    let (kind, rest) = if let Some(r) = name.strip_prefix("catch") {
        ("catch", r)
    } else {
        ("bind", name.strip_prefix("on")?)
    };
    if !rest.starts_with(|c: char| c.is_ascii_uppercase())
        || !rest.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let event = match rest.to_ascii_lowercase().as_str() {
        "longtap" => "longpress".to_string(),
        e => e.to_string(),
    };
    Some(format!("{kind}:{event}"))
}

/// The whole value, as one expression.
fn bare_expr(src: &str, v: &AttrValue, issues: &mut Vec<Issue>) -> Interp {
    let expr = expr_at(src, v.span, issues);
    Interp {
        parts: vec![Part::Expr(expr, v.span)],
    }
}

fn expr_at(src: &str, span: Span, issues: &mut Vec<Issue>) -> crate::expr::Expr {
    match parse_expr(src, span.start as usize, span.end as usize, ExprMode::Attr) {
        Ok(e) => e,
        Err(e) => {
            issues.push(Issue::error(e.span, e.code, e.message));
            crate::expr::Expr::Undefined
        }
    }
}

/// `{= expr =}`: the offsets of `expr` in `raw`.
fn two_way(raw: &str) -> Option<(usize, usize)> {
    let start = raw.find("{=")?;
    let end = raw.rfind("=}")?;
    (raw[..start].trim().is_empty() && raw[end + 2..].trim().is_empty() && end > start + 2)
        .then_some((start + 2, end))
}

/// `s-for="item, index in list trackBy item.id"` (or just `s-for="list"`) as `s-for`,
/// `s-for-item`, `s-for-index` and `s-key` attributes.
fn baidu_for(a: Attr, src: &str, d: &TemplateDialect, issues: &mut Vec<Issue>) -> Vec<Attr> {
    let Some(v) = &a.value else {
        return vec![a];
    };
    let offset = v.span.start as usize;
    let raw = v.raw.as_str();
    let (names, list_start) = match find_word(raw, "in") {
        Some(at) => (Some(&raw[..at]), at + 2),
        None => (None, 0),
    };
    let (list_end, track) = match find_word(raw, "trackBy") {
        Some(at) if at >= list_start => (at, Some(at + "trackBy".len())),
        _ => (raw.len(), None),
    };
    let span = |s: usize, e: usize| Span::new(offset + s, offset + e);
    let list_span = trimmed(raw, list_start, list_end).map_or(v.span, |(s, e)| span(s, e));
    let mut out = vec![Attr {
        name: a.name.clone(),
        name_span: a.name_span,
        value: Some(AttrValue {
            raw: raw.to_string(),
            span: v.span,
            interp: Interp {
                parts: vec![Part::Expr(expr_at(src, list_span, issues), list_span)],
            },
        }),
    }];
    let extra = |name: &str, text: String, at: Span| Attr {
        name: format!("{}{name}", d.prefix),
        name_span: a.name_span,
        value: Some(AttrValue {
            raw: text.clone(),
            span: at,
            interp: Interp {
                parts: vec![Part::Lit(text)],
            },
        }),
    };
    let mut item = "item".to_string();
    if let Some(names) = names {
        let mut parts = names.split(',').map(str::trim);
        if let Some(i) = parts.next().filter(|s| !s.is_empty()) {
            item = i.to_string();
            out.push(extra("for-item", item.clone(), v.span));
        }
        if let Some(i) = parts.next().filter(|s| !s.is_empty()) {
            out.push(extra("for-index", i.to_string(), v.span));
        }
    }
    if let Some(t) = track
        && let Some((s, e)) = trimmed(raw, t, raw.len())
    {
        let key = &raw[s..e];
        let field = if key == item {
            Some("*this".to_string())
        } else {
            key.strip_prefix(&format!("{item}."))
                .filter(|f| crate::ast::is_identifier(f))
                .map(str::to_string)
        };
        match field {
            Some(f) => out.push(extra("key", f, span(s, e))),
            None => issues.push(Issue::warning(
                span(s, e),
                "wxml-track-by",
                format!("`trackBy {key}` should name a field of `{item}` (`trackBy {item}.id`) or `{item}` itself; the list is not keyed"),
            )),
        }
    }
    out
}

/// Where `word` stands alone (space on both sides) in `raw`.
fn find_word(raw: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = raw[from..].find(word) {
        let at = from + i;
        let before = raw[..at].chars().next_back();
        let after = raw[at + word.len()..].chars().next();
        if before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

fn trimmed(raw: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let text = &raw[start..end];
    let s = start + (text.len() - text.trim_start().len());
    let e = end - (text.len() - text.trim_end().len());
    (s < e).then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::{ParseOptions, parse};

    fn rewrite(src: &str, d: &TemplateDialect) -> (Vec<(String, String)>, Vec<Issue>) {
        let mut parsed = parse(src, &ParseOptions::default());
        let mut issues = Vec::new();
        normalize(&mut parsed.doc, src, d, &mut issues);
        let Some(Node::Element(el)) = parsed.doc.nodes.first() else {
            panic!("no element");
        };
        let attrs = el
            .attrs
            .iter()
            .map(|a| {
                let v = a.value.as_ref().map(|v| match v.interp.parts.as_slice() {
                    // A bare expression shows as if it had been written with braces.
                    [Part::Expr(_, s)] => match &src[s.start as usize..s.end as usize] {
                        t if t.starts_with("{{") => t.to_string(),
                        t => format!("{{{{{t}}}}}"),
                    },
                    _ => v.interp.as_static().unwrap_or_default(),
                });
                (a.name.clone(), v.unwrap_or_default())
            })
            .collect();
        (attrs, issues)
    }

    fn baidu() -> TemplateDialect {
        TemplateDialect {
            name: "Baidu".into(),
            prefix: "s-".into(),
            bare_directives: true,
            ..Default::default()
        }
    }

    fn alipay() -> TemplateDialect {
        TemplateDialect {
            name: "Alipay".into(),
            prefix: "a:".into(),
            on_events: true,
            ..Default::default()
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn baidu_loops_name_item_index_and_key() {
        let (attrs, issues) = rewrite(
            r#"<view s-for="p, i in list trackBy p.id" s-if="p.on && i > 0"/>"#,
            &baidu(),
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(
            attrs,
            pairs(&[
                ("s-for", "{{list}}"),
                ("s-for-item", "p"),
                ("s-for-index", "i"),
                ("s-key", "id"),
                ("s-if", "{{p.on && i > 0}}"),
            ])
        );
        let (attrs, _) = rewrite(r#"<view s-for="{{list}}" s-key="id"/>"#, &baidu());
        assert_eq!(attrs, pairs(&[("s-for", "{{list}}"), ("s-key", "id")]));
        let (attrs, _) = rewrite(r#"<view s-for="n in nums trackBy n"/>"#, &baidu());
        assert_eq!(
            attrs,
            pairs(&[
                ("s-for", "{{nums}}"),
                ("s-for-item", "n"),
                ("s-key", "*this")
            ])
        );
    }

    #[test]
    fn baidu_two_way_binding_is_a_model() {
        let (attrs, _) = rewrite(r#"<input value="{= name =}"/>"#, &baidu());
        assert_eq!(attrs, pairs(&[("model:value", "{{ name }}")]));
    }

    #[test]
    fn alipay_events_become_bindings() {
        let (attrs, issues) = rewrite(
            r#"<view onTap="a" catchTouchStart="b" onLongTap="c" onScrollToLower="d" only="x"/>"#,
            &alipay(),
        );
        assert!(issues.is_empty());
        assert_eq!(
            attrs,
            pairs(&[
                ("bind:tap", "a"),
                ("catch:touchstart", "b"),
                ("bind:longpress", "c"),
                ("bind:scrolltolower", "d"),
                ("only", "x"),
            ])
        );
    }

    #[test]
    fn misused_syntax_is_reported_and_dropped() {
        let (attrs, issues) = rewrite(r#"<view bindtap="go" a:if="{{x}}"/>"#, &alipay());
        assert!(attrs.iter().any(|(n, _)| n == "a:if"));
        assert!(!attrs.iter().any(|(n, _)| n == "bindtap"));
        assert_eq!(issues[0].code, "wxml-foreign-event");
        assert!(
            issues[0].message.contains("`onTap`"),
            "{}",
            issues[0].message
        );
        let wechat = TemplateDialect {
            foreign: vec![("a:".into(), "Alipay".into())],
            ..Default::default()
        };
        let (attrs, issues) = rewrite(r#"<view a:if="{{x}}" a:custom="1"/>"#, &wechat);
        assert_eq!(attrs, pairs(&[("a:custom", "1")]));
        assert_eq!(issues[0].code, "wxml-foreign-directive");
        assert_eq!(issues[0].span, Span::new(6, 10));
        assert!(issues[0].message.contains("`wx:if`"));
    }

    #[test]
    fn alipay_script_modules_are_script_tags() {
        let d = TemplateDialect {
            script_tags: vec!["import-sjs".into()],
            script_name_attr: "name".into(),
            script_src_attr: "from".into(),
            script_tag: "sjs".into(),
            ..alipay()
        };
        let src = r#"<import-sjs name="fmt" from="./fmt.sjs"/>"#;
        let mut parsed = parse(src, &ParseOptions::default());
        normalize(&mut parsed.doc, src, &d, &mut Vec::new());
        let Some(Node::Element(el)) = parsed.doc.nodes.first() else {
            panic!()
        };
        assert_eq!(el.name, "sjs");
        assert!(el.attr("module").is_some() && el.attr("src").is_some());
    }
}
