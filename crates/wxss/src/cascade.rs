//! The cascade: which declarations win for each node (importance, specificity, order),
//! inheritance, custom properties with `var()`, and rpx resolved for the screen.

use crate::index::{Matched, NodeKeys, RuleIndex};
use crate::rpx::{Screen, ValuePart, resolve, split_rpx};
use crate::sheet::StyleSheet;
use crate::tree::{ScopeId, StyleTree};
use std::collections::BTreeMap;

/// A stylesheet and the scope its rules belong to (app.wxss and page styles: the page scope).
#[derive(Debug, Clone, Copy)]
pub struct ScopedSheet<'a> {
    pub scope: ScopeId,
    pub sheet: &'a StyleSheet,
}

/// Computed values by property name, as CSS text with rpx and `var()` resolved.
pub type ComputedStyle = BTreeMap<String, String>;

fn parts_text(parts: &[ValuePart]) -> String {
    parts.iter().map(ValuePart::text).collect()
}

/// Parses an inline `style` attribute into (name, value, important).
pub fn parse_inline(style: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    let mut push = |decl: &str| {
        if let Some((k, v)) = decl.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            let (v, imp) = match v.strip_suffix("!important") {
                Some(rest) => (rest.trim(), true),
                None => (v, false),
            };
            if !k.is_empty() && !v.is_empty() {
                out.push((k, v.to_string(), imp));
            }
        }
    };
    for (i, c) in style.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth == 0 => {
                push(&style[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&style[start..]);
    out
}

/// Whether a media condition holds on this screen. Width conditions are evaluated; anything
/// else (print, hover...) is treated the way a phone answers it.
pub fn media_matches(cond: &str, screen: Screen) -> bool {
    let c = cond.to_ascii_lowercase();
    if c.contains("print") {
        return false;
    }
    c.split(" and ").all(|part| {
        let p = part
            .trim()
            .trim_start_matches("screen")
            .trim()
            .trim_matches(['(', ')']);
        let num = |s: &str| s.trim().trim_end_matches("px").trim().parse::<f64>().ok();
        // lightningcss prints `(min-width: 400px)` in range form: `(width >= 400px)`.
        for (op, test) in [(">=", 0), ("<=", 1), (">", 2), ("<", 3)] {
            if let Some(v) = p
                .strip_prefix("width")
                .and_then(|r| r.trim().strip_prefix(op))
                .and_then(num)
            {
                return match test {
                    0 => screen.width >= v,
                    1 => screen.width <= v,
                    2 => screen.width > v,
                    _ => screen.width < v,
                };
            }
        }
        if let Some(v) = p.strip_prefix("min-width:").and_then(num) {
            screen.width >= v
        } else if let Some(v) = p.strip_prefix("max-width:").and_then(num) {
            screen.width <= v
        } else if let Some(o) = p.strip_prefix("orientation:") {
            o.trim() == "portrait"
        } else {
            true
        }
    })
}

/// Substitutes `var(--x, fallback)` from the custom properties in `style`.
fn substitute_vars(value: &str, style: &ComputedStyle, depth: u8) -> String {
    if depth > 8 || !value.contains("var(") {
        return value.to_string();
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("var(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let mut d = 1;
        let mut end = after.len();
        for (j, c) in after.char_indices() {
            match c {
                '(' => d += 1,
                ')' => {
                    d -= 1;
                    if d == 0 {
                        end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = &after[..end];
        let (name, fallback) = match inner.split_once(',') {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (inner.trim(), None),
        };
        let replacement = style
            .get(name)
            .map(String::as_str)
            .or(fallback)
            .unwrap_or("");
        out.push_str(&substitute_vars(replacement, style, depth + 1));
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Substitutes `env(safe-area-inset-*, fallback)` (and iOS 11's `constant()` spelling) with
/// the screen's insets; another name takes its fallback, or stays as written.
fn substitute_env(value: &str, screen: Screen) -> String {
    if !value.contains("env(") && !value.contains("constant(") {
        return value.to_string();
    }
    let mut out = String::new();
    let mut rest = value;
    loop {
        let at = [rest.find("env("), rest.find("constant(")]
            .into_iter()
            .flatten()
            .min();
        let Some(i) = at else { break };
        let open = i + rest[i..].find('(').unwrap_or(0) + 1;
        let Some(len) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open..open + len];
        let (name, fallback) = match inner.split_once(',') {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (inner.trim(), None),
        };
        let inset = match name {
            "safe-area-inset-top" => Some(screen.safe_top),
            "safe-area-inset-bottom" => Some(screen.safe_bottom),
            "safe-area-inset-left" | "safe-area-inset-right" => Some(0.0),
            _ => None,
        };
        out.push_str(&rest[..i]);
        match (inset, fallback) {
            (Some(px), _) => out.push_str(&format!("{px}px")),
            (None, Some(f)) => out.push_str(f),
            (None, None) => out.push_str(&rest[i..open + len + 1]),
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Cascade order of a declaration: important, origin (0 sheet, 1 inline), specificity, sheet,
/// rule, declaration index.
type Precedence = (bool, u8, (u32, u32, u32), usize, usize, usize);

/// Computes every node's style. Nodes are visited in creation order, so parents come first.
pub fn compute(tree: &StyleTree, sheets: &[ScopedSheet], screen: Screen) -> Vec<ComputedStyle> {
    let index = RuleIndex::new(sheets, screen);
    let mut keys = NodeKeys::default();
    let mut styles: Vec<ComputedStyle> = Vec::with_capacity(tree.len());
    for node in 0..tree.len() {
        let matched = index.matching(sheets, tree, node, &mut keys);
        let parent = tree.parent(node).map(|p| &styles[p]);
        let style = cascade(
            sheets,
            &matched,
            tree.node(node).style.as_deref(),
            parent,
            screen,
        );
        styles.push(style);
    }
    styles
}

/// The style of a node from the rules that matched it (see [`RuleIndex::matching`]), its
/// inline `style` and its parent's computed style.
pub fn cascade(
    sheets: &[ScopedSheet],
    matched: &[Matched],
    inline: Option<&str>,
    parent: Option<&ComputedStyle>,
    screen: Screen,
) -> ComputedStyle {
    // (important, origin: 0 sheet / 1 inline, specificity, sheet, rule, decl index)
    let mut winners: Vec<(Precedence, &str, String)> = Vec::new();
    for m in matched {
        let rule = &sheets[m.sheet as usize].sheet.rules[m.rule as usize];
        for (di, d) in rule.declarations.iter().enumerate() {
            winners.push((
                (
                    d.important,
                    0,
                    m.specificity,
                    m.sheet as usize,
                    m.rule as usize,
                    di,
                ),
                &d.name,
                parts_text(&d.value),
            ));
        }
    }
    let inline = inline.map(parse_inline).unwrap_or_default();
    for (di, (k, v, imp)) in inline.iter().enumerate() {
        winners.push(((*imp, 1, (0, 0, 0), usize::MAX, 0, di), k, v.clone()));
    }
    winners.sort_by_key(|a| a.0);
    let mut style: ComputedStyle = BTreeMap::new();
    if let Some(p) = parent {
        for (k, v) in p {
            if k.starts_with("--") || crate::props::inherited(k) {
                style.insert(k.clone(), v.clone());
            }
        }
    }
    for (_, name, value) in winners {
        // A shorthand sets all of its longhands: those set before it lose.
        style.retain(|k, _| !covers(name, k));
        match value.trim() {
            "inherit" => match parent.and_then(|p| p.get(name)) {
                Some(v) => {
                    style.insert(name.to_string(), v.clone());
                }
                None => {
                    style.remove(name);
                }
            },
            "initial" | "unset" => {
                style.remove(name);
            }
            _ => {
                style.insert(name.to_string(), value);
            }
        }
    }
    // Custom properties keep rpx so that children resolve them in their own context.
    style
        .iter()
        .map(|(k, v)| {
            let v = if k.starts_with("--") {
                v.clone()
            } else {
                let v = substitute_env(&substitute_vars(v, &style, 0), screen);
                resolve(&split_rpx(&v), screen)
            };
            (k.clone(), v)
        })
        .collect()
}

/// Whether the shorthand `short` sets the longhand `long` (`margin` sets `margin-left`;
/// `border` sets `border-top-color` but not `border-radius`; `font` sets `line-height`).
fn covers(short: &str, long: &str) -> bool {
    let dash_child = |prefix: &str| {
        long.strip_prefix(prefix)
            .is_some_and(|r| r.len() > 1 && r.starts_with('-'))
    };
    match short {
        "margin" | "padding" | "background" | "overflow" | "transition" | "animation"
        | "outline" | "list-style" | "text-decoration" => dash_child(short),
        "flex" => matches!(long, "flex-grow" | "flex-shrink" | "flex-basis"),
        "flex-flow" => matches!(long, "flex-direction" | "flex-wrap"),
        "gap" => matches!(long, "row-gap" | "column-gap"),
        "inset" => matches!(long, "top" | "right" | "bottom" | "left"),
        "border-radius" => long.starts_with("border-") && long.ends_with("-radius"),
        "border-width" | "border-color" | "border-style" => {
            long.starts_with("border-") && long.ends_with(&short["border".len()..])
        }
        "border" | "border-top" | "border-right" | "border-bottom" | "border-left" => {
            let sides: &[&str] = match short {
                "border" => &["top", "right", "bottom", "left"],
                _ => &[&short["border-".len()..]],
            };
            let parts = ["width", "style", "color"];
            long.strip_prefix("border-").is_some_and(|rest| {
                parts.contains(&rest)
                    || sides.iter().any(|side| {
                        rest == *side
                            || rest
                                .strip_prefix(side)
                                .and_then(|r| r.strip_prefix('-'))
                                .is_some_and(|p| parts.contains(&p))
                    })
            })
        }
        "font" => matches!(
            long,
            "font-style"
                | "font-variant"
                | "font-weight"
                | "font-size"
                | "font-family"
                | "line-height"
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shorthands_cover_their_longhands_only() {
        use super::covers;
        assert!(covers("margin", "margin-left") && !covers("margin", "margin"));
        assert!(covers("flex", "flex-basis") && !covers("flex", "flex-direction"));
        assert!(covers("border", "border-top-color") && covers("border", "border-width"));
        assert!(!covers("border", "border-radius") && !covers("border", "border-top-left-radius"));
        assert!(
            covers("border-top", "border-top-width") && !covers("border-top", "border-left-width")
        );
        assert!(
            covers("border-width", "border-left-width")
                && covers("border-radius", "border-top-left-radius")
        );
        assert!(covers("font", "line-height") && !covers("font", "color"));
        assert!(!covers("color", "color-scheme"));
    }

    #[test]
    fn safe_area_insets_come_from_the_screen() {
        use super::{Screen, substitute_env};
        let x = Screen {
            safe_bottom: 34.0,
            safe_top: 44.0,
            ..Screen::default()
        };
        assert_eq!(
            substitute_env("calc(10px + env(safe-area-inset-bottom))", x),
            "calc(10px + 34px)"
        );
        assert_eq!(substitute_env("constant(safe-area-inset-top)", x), "44px");
        assert_eq!(
            substitute_env("env(safe-area-inset-left, 3px) 0", x),
            "0px 0"
        );
        assert_eq!(substitute_env("env(keyboard-inset-height, 5px)", x), "5px");
        assert_eq!(substitute_env("env(nope)", x), "env(nope)");
        assert_eq!(
            substitute_env("env(safe-area-inset-bottom", x),
            "env(safe-area-inset-bottom"
        );
    }

    use super::*;
    use crate::sheet::compile_file;
    use crate::tree::{Isolation, PAGE_SCOPE, StyleNode, scoped_classes};
    use mpsim_base::MemVfs;

    fn sheet(css: &str) -> StyleSheet {
        let vfs = MemVfs::new().with("a.wxss", css);
        let mut d = Vec::new();
        let s = compile_file(&vfs, "a.wxss", "wxss", false, &mut d);
        assert!(d.is_empty(), "{d:?}");
        s
    }

    fn el(tag: &str, class: &str, scope: ScopeId) -> StyleNode {
        StyleNode {
            tag: tag.into(),
            classes: scoped_classes(class, scope, &[]),
            scope,
            ..Default::default()
        }
    }

    #[test]
    fn specificity_order_importance_inheritance_and_vars() {
        let s = sheet(
            "page { color: #333; --gap: 20rpx; font-size: 28rpx }\n.a { color: red; margin: var(--gap) } view.a { color: blue } .b { color: green !important } .a { padding: 10rpx } .x:first-child { top: 1px } .x:last-child { top: 2px } @media (min-width: 400px) { .a { width: 1px } }",
        );
        let mut t = StyleTree::new();
        let page = t.push(None, el("page", "", PAGE_SCOPE));
        let a = t.push(Some(page), el("view", "a b x", PAGE_SCOPE));
        let mut inline = el("view", "a x", PAGE_SCOPE);
        inline.style = Some("color: pink; margin: 2px".into());
        let c = t.push(Some(page), inline);
        let styles = compute(
            &t,
            &[ScopedSheet {
                scope: PAGE_SCOPE,
                sheet: &s,
            }],
            Screen::default(),
        );
        assert_eq!(styles[page]["color"], "#333");
        assert_eq!(styles[page]["font-size"], "14px");
        assert_eq!(styles[a]["color"], "green");
        assert_eq!(styles[a]["margin"], "10px");
        assert_eq!(styles[a]["padding"], "5px");
        assert_eq!(styles[a]["font-size"], "14px");
        assert_eq!(styles[a]["top"], "1px");
        assert!(!styles[a].contains_key("width"));
        assert_eq!(styles[c]["color"], "pink");
        assert_eq!(styles[c]["margin"], "2px");
        assert_eq!(styles[c]["top"], "2px");
    }

    #[test]
    fn a_later_shorthand_overrides_earlier_longhands() {
        let s = sheet(
            ".a { margin-left: auto; padding-top: 4px } .b { margin: 8px 0 } .c { padding-top: 1px }",
        );
        let mut t = StyleTree::new();
        let page = t.push(None, el("page", "", PAGE_SCOPE));
        let a = t.push(Some(page), el("view", "a b c", PAGE_SCOPE));
        let styles = compute(
            &t,
            &[ScopedSheet {
                scope: PAGE_SCOPE,
                sheet: &s,
            }],
            Screen::default(),
        );
        assert_eq!(styles[a].get("margin-left"), None);
        assert_eq!(styles[a]["margin"], "8px 0");
        assert_eq!(styles[a]["padding-top"], "1px");
    }

    #[test]
    fn component_scopes_follow_isolation() {
        let app = sheet(".t { color: red } .g { top: 1px }");
        let comp = sheet(".t { color: blue } :host { display: flex }");
        let mut t = StyleTree::new();
        let page = t.push(None, el("page", "t", PAGE_SCOPE));
        let mut host = el("my-card", "g", PAGE_SCOPE);
        host.host_of = Some(1);
        let host = t.push(Some(page), host);
        let inner = t.push(Some(host), el("view", "t g ~g", 1));
        let sheets = [
            ScopedSheet {
                scope: PAGE_SCOPE,
                sheet: &app,
            },
            ScopedSheet {
                scope: 1,
                sheet: &comp,
            },
        ];
        let styles = compute(&t, &sheets, Screen::default());
        assert_eq!(styles[page]["color"], "red");
        assert_eq!(styles[host]["display"], "flex");
        assert_eq!(styles[inner]["color"], "#00f");
        // Isolated: the page's `.g` reaches only the explicitly page-scoped `~g`.
        assert_eq!(styles[inner]["top"], "1px");
        let mut t2 = t.clone();
        t2.set_isolation(1, Isolation::Isolated);
        let inner2 = t2.push(Some(host), el("view", "g", 1));
        assert!(!compute(&t2, &sheets, Screen::default())[inner2].contains_key("top"));
        t2.set_isolation(1, Isolation::ApplyShared);
        assert_eq!(
            compute(&t2, &sheets, Screen::default())[inner2]["top"],
            "1px"
        );
    }

    #[test]
    fn inline_style_parsing() {
        assert_eq!(
            parse_inline("a: 1; b: url(x;y) !important;; c"),
            vec![
                ("a".into(), "1".into(), false),
                ("b".into(), "url(x;y)".into(), true)
            ]
        );
    }
}
