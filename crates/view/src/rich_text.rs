//! `<rich-text nodes>`: an HTML string or a node array becomes composed children of the
//! rich-text element, in its style scope, so they are styled, laid out and painted like any
//! other node. Tags outside the platform's list are dropped (their text stays; script and
//! style go whole); `img` becomes an image.

use crate::compose::Composed;
use mpsim_wxml::NodeId;
use mpsim_wxml::program::AttrKey;
use serde_json::{Value, json};

/// The tags rich-text renders.
const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "label",
    "legend",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rt",
    "ruby",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
];

/// An element still open while parsing: its name, attributes and the children so far.
type Open = (String, Vec<(String, String)>, Vec<RNode>);

const VOID: &[&str] = &["br", "hr", "img", "col"];

/// A node of the rich-text content, from either input form.
#[derive(Debug, Clone, PartialEq)]
enum RNode {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<RNode>,
    },
    Text(String),
}

/// The composed children of a rich-text element `host` from its `nodes` value. Their ids are
/// derived from the host's so they never meet the logic side's.
pub fn children(host: &Composed, nodes: &Value) -> Vec<Composed> {
    let parsed = match nodes {
        Value::String(html) => parse_html(html),
        Value::Array(items) => items.iter().filter_map(from_json).collect(),
        _ => Vec::new(),
    };
    let mut next = 0u64;
    let mut out = Vec::new();
    for n in &parsed {
        compose(n, host, None, &mut next, &mut out);
    }
    out
}

fn from_json(v: &Value) -> Option<RNode> {
    if v["type"] == "text" {
        return Some(RNode::Text(mpsim_wxml::decode_entities(
            v["text"].as_str().unwrap_or(""),
        )));
    }
    let name = v["name"].as_str()?.to_ascii_lowercase();
    let attrs = v["attrs"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), mpsim_base::js::value_to_string(v)))
                .collect()
        })
        .unwrap_or_default();
    let children = v["children"]
        .as_array()
        .map(|c| c.iter().filter_map(from_json).collect())
        .unwrap_or_default();
    Some(RNode::Element {
        name,
        attrs,
        children,
    })
}

/// A forgiving HTML parser: unclosed elements close with their parent, stray end tags are
/// ignored, comments and doctypes are skipped.
fn parse_html(html: &str) -> Vec<RNode> {
    // The open elements, each with the children gathered so far; the bottom one is the root.
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|i| &after[i + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = rest.find('>') else {
            push_text(&mut stack, rest);
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|(n, _, _)| *n == name)
                && pos > 0
            {
                while stack.len() > pos {
                    close(&mut stack);
                }
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attr_text) = tag
            .split_once(|c: char| c.is_whitespace())
            .unwrap_or((tag, ""));
        let name = name.to_ascii_lowercase();
        let attrs = parse_attrs(attr_text);
        if self_closing || VOID.contains(&name.as_str()) {
            if let Some(top) = stack.last_mut() {
                top.2.push(RNode::Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            }
        } else {
            stack.push((name, attrs, Vec::new()));
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().map(|(_, _, c)| c).unwrap_or_default()
}

fn push_text(stack: &mut [Open], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        top.2.push(RNode::Text(mpsim_wxml::decode_entities(text)));
    }
}

fn close(stack: &mut Vec<Open>) {
    if let Some((name, attrs, children)) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        parent.2.push(RNode::Element {
            name,
            attrs,
            children,
        });
    }
}

/// `a="1" b='2' c=3 d` -> pairs (a bare name has an empty value).
fn parse_attrs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let e = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..e], &after[e..])
                }
            };
            value = mpsim_wxml::decode_entities(v);
            rest = tail.trim_start();
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

fn compose(
    n: &RNode,
    host: &Composed,
    list: Option<(&str, usize)>,
    next: &mut u64,
    out: &mut Vec<Composed>,
) {
    *next += 1;
    let id: NodeId = (1 << 48) | (host.id << 20) | (*next & 0xF_FFFF);
    match n {
        RNode::Text(t) => out.push(Composed {
            id,
            tag: String::new(),
            attrs: Default::default(),
            text: Some(t.clone()),
            scope: host.scope,
            host_of: None,
            children: Vec::new(),
        }),
        RNode::Element { name, .. } if matches!(name.as_str(), "script" | "style") => {}
        RNode::Element {
            name,
            attrs,
            children,
        } => {
            let mut kids = Vec::new();
            if name == "li"
                && let Some((kind, index)) = list
            {
                let marker = if kind == "ol" {
                    format!("{}. ", index + 1)
                } else {
                    "• ".to_string()
                };
                compose(&RNode::Text(marker), host, None, next, &mut kids);
            }
            let mut items = 0;
            for c in children {
                let list = if matches!(name.as_str(), "ul" | "ol") {
                    let is_li = matches!(c, RNode::Element { name, .. } if name == "li");
                    let here = Some((name.as_str(), items));
                    if is_li {
                        items += 1;
                    }
                    here
                } else {
                    None
                };
                compose(c, host, list, next, &mut kids);
            }
            if !ALLOWED.contains(&name.as_str()) {
                out.extend(kids);
                return;
            }
            let mut a: Vec<(AttrKey, Value)> = attrs
                .iter()
                .filter(|(k, _)| {
                    matches!(
                        k.as_str(),
                        "class" | "style" | "src" | "width" | "height" | "alt"
                    )
                })
                .map(|(k, v)| (AttrKey::Attr(k.clone()), json!(v)))
                .collect();
            let tag = if name == "img" {
                // An image sized by its attributes, else by the width of the line.
                let size = |k: &str| {
                    attrs
                        .iter()
                        .find(|(n, _)| n == k)
                        .map(|(_, v)| v.trim_end_matches("px").to_string())
                };
                let mut style = String::new();
                if let Some(w) = size("width") {
                    style.push_str(&format!("width: {w}px;"));
                }
                if let Some(h) = size("height") {
                    style.push_str(&format!("height: {h}px;"));
                }
                let own = attrs
                    .iter()
                    .find(|(n, _)| n == "style")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                a.retain(|(k, _)| !matches!(k, AttrKey::Attr(n) if n == "style"));
                a.push((
                    AttrKey::Attr("style".into()),
                    json!(format!("{style}{own}")),
                ));
                if size("width").is_none() {
                    a.push((AttrKey::Attr("mode".into()), json!("widthFix")));
                }
                "image".to_string()
            } else {
                name.clone()
            };
            out.push(Composed {
                id,
                tag,
                attrs: std::rc::Rc::new(a),
                text: None,
                scope: host.scope,
                host_of: None,
                children: kids.into_iter().map(std::rc::Rc::new).collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> Composed {
        Composed {
            id: 7,
            tag: "rich-text".into(),
            attrs: Default::default(),
            text: None,
            scope: 3,
            host_of: None,
            children: Vec::new(),
        }
    }

    fn markup<C: std::borrow::Borrow<Composed>>(c: &[C]) -> String {
        c.iter()
            .map(|n| n.borrow())
            .map(|n| match &n.text {
                Some(t) => t.clone(),
                None => format!("<{}>{}</{}>", n.tag, markup(&n.children), n.tag),
            })
            .collect()
    }

    #[test]
    fn html_strings_parse_forgivingly() {
        let kids = children(
            &host(),
            &json!(
                "<p class='lead'>Tea &amp; <b>cake</b><br>now<p>next<script>x</script><!-- c --></div>"
            ),
        );
        assert_eq!(
            markup(&kids),
            "<p>Tea & <b>cake</b><br></br>now<p>next</p></p>"
        );
        assert_eq!(kids[0].attr_text("class"), "lead");
        assert!(kids.iter().all(|k| k.scope == 3 && k.id > 1 << 48));
    }

    #[test]
    fn node_arrays_lists_and_images() {
        let kids = children(
            &host(),
            &json!([
                {"name": "ol", "children": [
                    {"name": "li", "children": [{"type": "text", "text": "one"}]},
                    {"name": "li", "children": [{"type": "text", "text": "two"}]}
                ]},
                {"name": "img", "attrs": {"src": "/a.png", "width": "40"}},
                {"name": "marquee", "children": [{"type": "text", "text": "kept"}]}
            ]),
        );
        assert_eq!(
            markup(&kids),
            "<ol><li>1. one</li><li>2. two</li></ol><image></image>kept"
        );
        assert_eq!(kids[1].attr_text("style"), "width: 40px;");
    }
}
