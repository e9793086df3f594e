//! Selectors of real mini-program styles, their specificity, and matching over a [`StyleTree`].
//!
//! Selectors arrive as lightningcss prints them (normalised), so this parser only needs the
//! canonical forms: `.a.b > view + #x ~ [data-k="v"]:not(.c):nth-child(2n+1)::before`, `:host`.

use crate::tree::{NodeRef, ScopeId, StyleTree};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Combinator {
    Descendant,
    Child,
    Next,
    Subsequent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AttrOp {
    Exists,
    Equals(String),
    Includes(String),
    DashMatch(String),
    Prefix(String),
    Suffix(String),
    Substring(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Pseudo {
    FirstChild,
    LastChild,
    OnlyChild,
    Empty,
    NthChild(i32, i32),
    NthLastChild(i32, i32),
    Not(Vec<Selector>),
    /// A state we never have in a static render (`:active`, `:hover`, `:focus`...).
    Never,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Compound {
    pub tag: Option<String>,
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub attrs: Vec<(String, AttrOp)>,
    pub pseudos: Vec<Pseudo>,
    pub host: bool,
}

/// A complex selector, rightmost compound first (the order matching walks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selector {
    pub parts: Vec<(Compound, Option<Combinator>)>,
    pub pseudo_element: Option<String>,
    pub specificity: (u32, u32, u32),
}

/// Parses a selector list; `Err` names the part that is not understood.
pub fn parse_list(text: &str) -> Result<Vec<Selector>, String> {
    split_top(text, ',')
        .into_iter()
        .map(|s| parse_one(s.trim()))
        .collect()
}

fn split_top(text: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut quote) = (0i32, 0usize, None::<char>);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

fn ident_end(s: &str) -> usize {
    s.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '\\' || !c.is_ascii()))
        .unwrap_or(s.len())
}

fn parse_one(text: &str) -> Result<Selector, String> {
    let mut parts: Vec<(Compound, Option<Combinator>)> = Vec::new();
    let mut cur = Compound::default();
    let mut pending: Option<Combinator> = None;
    let mut pseudo_element = None;
    let mut spec = (0, 0, 0);
    let mut s = text;
    let mut started = false;
    while !s.is_empty() {
        let c = s.chars().next().unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '>' | '+' | '~') {
            let trimmed = s.trim_start();
            let comb = match trimmed.chars().next() {
                Some('>') => Some(Combinator::Child),
                Some('+') => Some(Combinator::Next),
                Some('~') => Some(Combinator::Subsequent),
                _ => None,
            };
            s = if comb.is_some() {
                trimmed[1..].trim_start()
            } else {
                trimmed
            };
            if started {
                parts.push((std::mem::take(&mut cur), pending));
                pending = Some(comb.unwrap_or(Combinator::Descendant));
                started = false;
            }
            continue;
        }
        started = true;
        match c {
            '*' => s = &s[1..],
            '.' => {
                let e = ident_end(&s[1..]) + 1;
                cur.classes.push(s[1..e].replace('\\', ""));
                spec.1 += 1;
                s = &s[e..];
            }
            '#' => {
                let e = ident_end(&s[1..]) + 1;
                cur.id = Some(s[1..e].to_string());
                spec.0 += 1;
                s = &s[e..];
            }
            '[' => {
                let end = s.find(']').ok_or("unclosed `[`")?;
                cur.attrs.push(parse_attr(&s[1..end])?);
                spec.1 += 1;
                s = &s[end + 1..];
            }
            ':' => {
                if let Some(rest) = s.strip_prefix("::") {
                    let e = ident_end(rest);
                    pseudo_element = Some(rest[..e].to_string());
                    spec.2 += 1;
                    s = &rest[e..];
                    continue;
                }
                let rest = &s[1..];
                let e = ident_end(rest);
                let name = rest[..e].to_ascii_lowercase();
                let mut after = &rest[e..];
                let mut arg = None;
                if after.starts_with('(') {
                    let close = matching_paren(after).ok_or("unclosed `(`")?;
                    arg = Some(&after[1..close]);
                    after = &after[close + 1..];
                }
                match (name.as_str(), arg) {
                    ("before" | "after", None) => {
                        pseudo_element = Some(name.clone());
                        spec.2 += 1;
                    }
                    ("host", None) => {
                        cur.host = true;
                        spec.1 += 1;
                    }
                    ("first-child", None) => cur.pseudos.push(Pseudo::FirstChild),
                    ("last-child", None) => cur.pseudos.push(Pseudo::LastChild),
                    ("only-child", None) => cur.pseudos.push(Pseudo::OnlyChild),
                    ("empty", None) => cur.pseudos.push(Pseudo::Empty),
                    ("nth-child", Some(a)) => {
                        let (x, y) = parse_nth(a)?;
                        cur.pseudos.push(Pseudo::NthChild(x, y));
                    }
                    ("nth-last-child", Some(a)) => {
                        let (x, y) = parse_nth(a)?;
                        cur.pseudos.push(Pseudo::NthLastChild(x, y));
                    }
                    ("not", Some(a)) => {
                        let inner = parse_list(a)?;
                        let max = inner
                            .iter()
                            .map(|s| s.specificity)
                            .max()
                            .unwrap_or((0, 0, 0));
                        spec = (spec.0 + max.0, spec.1 + max.1, spec.2 + max.2);
                        cur.pseudos.push(Pseudo::Not(inner));
                        s = after;
                        continue;
                    }
                    _ => cur.pseudos.push(Pseudo::Never),
                }
                if name != "before" && name != "after" && name != "host" {
                    spec.1 += 1;
                }
                s = after;
            }
            c if c.is_alphabetic() || c == '-' || c == '_' || !c.is_ascii() => {
                let e = ident_end(s);
                cur.tag = Some(s[..e].to_string());
                spec.2 += 1;
                s = &s[e..];
            }
            other => return Err(format!("unexpected `{other}` in selector `{text}`")),
        }
    }
    if started {
        parts.push((cur, pending));
    }
    if parts.is_empty() {
        return Err(format!("empty selector `{text}`"));
    }
    // Store rightmost first; each entry's combinator links it to the entry after it.
    let mut rev: Vec<(Compound, Option<Combinator>)> = Vec::with_capacity(parts.len());
    let combs: Vec<Option<Combinator>> = parts.iter().map(|p| p.1).collect();
    for (i, (comp, _)) in parts.into_iter().enumerate().rev() {
        rev.push((comp, combs[i]));
    }
    Ok(Selector {
        parts: rev,
        pseudo_element,
        specificity: spec,
    })
}

fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn parse_attr(inner: &str) -> Result<(String, AttrOp), String> {
    let ops = ["~=", "|=", "^=", "$=", "*=", "="];
    for op in ops {
        if let Some(i) = inner.find(op) {
            let name = inner[..i].trim().to_string();
            let v = inner[i + op.len()..]
                .trim()
                .trim_end_matches(" i")
                .trim_matches(['"', '\''])
                .to_string();
            let op = match op {
                "~=" => AttrOp::Includes(v),
                "|=" => AttrOp::DashMatch(v),
                "^=" => AttrOp::Prefix(v),
                "$=" => AttrOp::Suffix(v),
                "*=" => AttrOp::Substring(v),
                _ => AttrOp::Equals(v),
            };
            return Ok((name, op));
        }
    }
    Ok((inner.trim().to_string(), AttrOp::Exists))
}

fn parse_nth(arg: &str) -> Result<(i32, i32), String> {
    let a = arg.trim().to_ascii_lowercase().replace(' ', "");
    match a.as_str() {
        "odd" => return Ok((2, 1)),
        "even" => return Ok((2, 0)),
        _ => {}
    }
    let bad = || format!("cannot read `:nth-child({arg})`");
    match a.find('n') {
        None => Ok((0, a.parse().map_err(|_| bad())?)),
        Some(i) => {
            let coef = match &a[..i] {
                "" | "+" => 1,
                "-" => -1,
                c => c.parse().map_err(|_| bad())?,
            };
            let off = if a[i + 1..].is_empty() {
                0
            } else {
                a[i + 1..]
                    .trim_start_matches('+')
                    .parse()
                    .map_err(|_| bad())?
            };
            Ok((coef, off))
        }
    }
}

fn nth_matches(a: i32, b: i32, pos: i32) -> bool {
    if a == 0 {
        return pos == b;
    }
    let d = pos - b;
    d % a == 0 && d / a >= 0
}

/// A tree selectors match over: the style tree of the cascade, and the logic side's node
/// mirror for selector queries and `selectComponent` (one matcher for both).
pub trait SelectorTree {
    type Node: Copy;
    fn parent(&self, n: Self::Node) -> Option<Self::Node>;
    /// Element siblings (text nodes are not counted).
    fn prev_sibling(&self, n: Self::Node) -> Option<Self::Node>;
    fn next_sibling(&self, n: Self::Node) -> Option<Self::Node>;
    /// Position among the parent's elements, from 0.
    fn index_in_parent(&self, n: Self::Node) -> usize;
    /// How many elements the parent has.
    fn sibling_count(&self, n: Self::Node) -> usize;
    /// No children and no text (`:empty`).
    fn is_empty(&self, n: Self::Node) -> bool;
    fn tag(&self, n: Self::Node) -> &str;
    fn attr(&self, n: Self::Node, name: &str) -> Option<Cow<'_, str>>;
    /// Whether the node has class `name` as a sheet of scope `sheet` sees it.
    fn has_class(&self, n: Self::Node, name: &str, sheet: ScopeId) -> bool;
    /// Whether the node hosts the component whose sheet has scope `sheet` (`:host`).
    fn hosts(&self, n: Self::Node, sheet: ScopeId) -> bool;
}

impl SelectorTree for StyleTree {
    type Node = NodeRef;

    fn parent(&self, n: NodeRef) -> Option<NodeRef> {
        StyleTree::parent(self, n)
    }

    fn prev_sibling(&self, n: NodeRef) -> Option<NodeRef> {
        StyleTree::prev_sibling(self, n)
    }

    fn next_sibling(&self, n: NodeRef) -> Option<NodeRef> {
        StyleTree::next_sibling(self, n)
    }

    fn index_in_parent(&self, n: NodeRef) -> usize {
        StyleTree::index_in_parent(self, n)
    }

    fn sibling_count(&self, n: NodeRef) -> usize {
        StyleTree::sibling_count(self, n)
    }

    fn is_empty(&self, n: NodeRef) -> bool {
        self.children(n).is_empty() && self.node(n).text.as_deref().unwrap_or("").is_empty()
    }

    fn tag(&self, n: NodeRef) -> &str {
        &self.node(n).tag
    }

    fn attr(&self, n: NodeRef, name: &str) -> Option<Cow<'_, str>> {
        let node = self.node(n);
        if name == "id" {
            return node.id.as_deref().map(Cow::Borrowed);
        }
        node.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Cow::Borrowed(v.as_str()))
    }

    fn has_class(&self, n: NodeRef, name: &str, sheet: ScopeId) -> bool {
        StyleTree::has_class(self, n, name, sheet)
    }

    fn hosts(&self, n: NodeRef, sheet: ScopeId) -> bool {
        self.node(n).host_of == Some(sheet)
    }
}

/// Whether `sel` (from a stylesheet of scope `sheet`) matches `node`.
pub fn matches<T: SelectorTree>(sel: &Selector, tree: &T, node: T::Node, sheet: ScopeId) -> bool {
    match_from(sel, 0, tree, node, sheet)
}

fn match_from<T: SelectorTree>(
    sel: &Selector,
    i: usize,
    tree: &T,
    node: T::Node,
    sheet: ScopeId,
) -> bool {
    let (comp, comb) = &sel.parts[i];
    if !compound_matches(comp, tree, node, sheet) {
        return false;
    }
    if i + 1 == sel.parts.len() {
        return true;
    }
    match comb {
        None => true,
        Some(Combinator::Child) => tree
            .parent(node)
            .is_some_and(|p| match_from(sel, i + 1, tree, p, sheet)),
        Some(Combinator::Descendant) => {
            let mut cur = tree.parent(node);
            while let Some(p) = cur {
                if match_from(sel, i + 1, tree, p, sheet) {
                    return true;
                }
                cur = tree.parent(p);
            }
            false
        }
        Some(Combinator::Next) => tree
            .prev_sibling(node)
            .is_some_and(|p| match_from(sel, i + 1, tree, p, sheet)),
        Some(Combinator::Subsequent) => {
            let mut cur = tree.prev_sibling(node);
            while let Some(p) = cur {
                if match_from(sel, i + 1, tree, p, sheet) {
                    return true;
                }
                cur = tree.prev_sibling(p);
            }
            false
        }
    }
}

fn compound_matches<T: SelectorTree>(
    c: &Compound,
    tree: &T,
    node: T::Node,
    sheet: ScopeId,
) -> bool {
    if c.host {
        return tree.hosts(node, sheet) && c.classes.is_empty() && c.tag.is_none();
    }
    if let Some(t) = &c.tag
        && !t.eq_ignore_ascii_case(tree.tag(node))
    {
        return false;
    }
    if let Some(id) = &c.id
        && tree.attr(node, "id").as_deref() != Some(id.as_str())
    {
        return false;
    }
    if !c.classes.iter().all(|cl| tree.has_class(node, cl, sheet)) {
        return false;
    }
    for (name, op) in &c.attrs {
        let Some(v) = tree.attr(node, name) else {
            return false;
        };
        let v = v.as_ref();
        let ok = match op {
            AttrOp::Exists => true,
            AttrOp::Equals(x) => v == x,
            AttrOp::Includes(x) => v.split_whitespace().any(|w| w == x),
            AttrOp::DashMatch(x) => v == x || v.starts_with(&format!("{x}-")),
            AttrOp::Prefix(x) => !x.is_empty() && v.starts_with(x.as_str()),
            AttrOp::Suffix(x) => !x.is_empty() && v.ends_with(x.as_str()),
            AttrOp::Substring(x) => !x.is_empty() && v.contains(x.as_str()),
        };
        if !ok {
            return false;
        }
    }
    c.pseudos.iter().all(|p| match p {
        Pseudo::FirstChild => tree.prev_sibling(node).is_none(),
        Pseudo::LastChild => tree.next_sibling(node).is_none(),
        Pseudo::OnlyChild => tree.prev_sibling(node).is_none() && tree.next_sibling(node).is_none(),
        Pseudo::Empty => tree.is_empty(node),
        Pseudo::NthChild(a, b) => nth_matches(*a, *b, tree.index_in_parent(node) as i32 + 1),
        Pseudo::NthLastChild(a, b) => nth_matches(
            *a,
            *b,
            (tree.sibling_count(node) - tree.index_in_parent(node)) as i32,
        ),
        Pseudo::Not(list) => !list
            .iter()
            .any(|s| s.parts.len() == 1 && compound_matches(&s.parts[0].0, tree, node, sheet)),
        Pseudo::Never => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specificity() {
        let s = |t: &str| parse_list(t).unwrap()[0].specificity;
        assert_eq!(s("view"), (0, 0, 1));
        assert_eq!(s(".a.b"), (0, 2, 0));
        assert_eq!(s("#x .a > view"), (1, 1, 1));
        assert_eq!(s(".a:not(#b)"), (1, 1, 0));
        assert_eq!(s("view::before"), (0, 0, 2));
        assert_eq!(s(".a:nth-child(2n+1)"), (0, 2, 0));
    }

    #[test]
    fn parses_canonical_forms() {
        let l = parse_list(".d:nth-child(odd) > .e ~ .f + [data-x=\"1\"]:not(.g), :host, page")
            .unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].parts.len(), 4);
        assert_eq!(
            l[0].parts[0].0.attrs[0],
            ("data-x".into(), AttrOp::Equals("1".into()))
        );
        assert!(l[1].parts[0].0.host);
        assert_eq!(parse_nth("-n+3"), Ok((-1, 3)));
        assert!(nth_matches(-1, 3, 2) && !nth_matches(-1, 3, 4));
    }
}
