//! Laid-out boxes and what is read from them: the box tree, typed data paint needs, hit
//! testing, scroll offsets.

use super::*;

/// A laid-out box, in CSS pixels relative to the page's top-left corner.
#[derive(Debug, Clone)]
pub struct LBox {
    pub id: NodeId,
    pub tag: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub style: ComputedStyle,
    /// Lines of a paragraph box.
    pub lines: Vec<Line>,
    /// For a paragraph: the inline elements (`<text>`, `<span>`...) whose text it holds.
    /// They have no box of their own; selector queries answer the paragraph's for them.
    pub inline: Vec<NodeId>,
    pub text_align: String,
    pub children: Vec<LBox>,
}

/// The node under viewport point (`x`, `y`) of a page scrolled by `scroll`: the innermost box
/// containing it, fixed boxes and later siblings first (they paint on top). A text paragraph
/// answers with the element that holds it.
pub fn hit_test(root: &LBox, x: f32, y: f32, scroll: f32) -> Option<NodeId> {
    fn visit(b: &LBox, x: f32, y: f32) -> Option<NodeId> {
        if x < b.x || y < b.y || x >= b.x + b.w || y >= b.y + b.h {
            return None;
        }
        for c in b.children.iter().rev() {
            if c.style.contains_key("#paragraph") || c.style.contains_key("#fixed") {
                continue;
            }
            let (cx, cy) = scrolled_point(b, x, y);
            if let Some(hit) = visit(c, cx, cy) {
                return Some(hit);
            }
        }
        Some(b.id)
    }
    root.children
        .iter()
        .rev()
        .filter(|c| c.style.contains_key("#fixed"))
        .find_map(|c| visit(c, x, y))
        .or_else(|| visit(root, x, y + scroll))
}

/// A point in `b`'s box as its children see it: moved by `b`'s own scroll offset (a
/// scroll-view's `scroll-top` / `scroll-left`).
pub fn scrolled_point(b: &LBox, x: f32, y: f32) -> (f32, f32) {
    let (sx, sy) = scroll_offset(b);
    (x + sx, y + sy)
}

/// How far a box's content is scrolled: set for scroll-views only.
pub fn scroll_offset(b: &LBox) -> (f32, f32) {
    let get = |k: &str| {
        b.style
            .get(k)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    (get("#scroll-left"), get("#scroll-top"))
}

/// A scroll-view's offsets made real: `scroll-into-view` brings its target to the top (or
/// left), and both offsets stay within the content. The content size goes with them, for
/// `scrollOffset` and `fields({scrollOffset})`.
pub(super) fn settle_scroll(b: &mut LBox) {
    let (content_w, content_h) = b.children.iter().fold((0.0_f32, 0.0_f32), |(w, h), c| {
        (w.max(c.x + c.w - b.x), h.max(c.y + c.h - b.y))
    });
    let target = b
        .style
        .get("#into-view")
        .and_then(|t| t.parse::<NodeId>().ok())
        .and_then(|t| find_box(b, t).map(|t| (t.x - b.x, t.y - b.y)));
    for (key, extent, size, into) in [
        ("#scroll-top", content_h, b.h, target.map(|t| t.1)),
        ("#scroll-left", content_w, b.w, target.map(|t| t.0)),
    ] {
        let Some(v) = b.style.get(key) else { continue };
        let wanted = into.unwrap_or_else(|| v.trim().parse::<f32>().unwrap_or(0.0));
        let offset = wanted.clamp(0.0, (extent - size).max(0.0));
        b.style.insert(key.into(), offset.to_string());
    }
    b.style
        .insert("#scroll-width".into(), content_w.max(b.w).to_string());
    b.style
        .insert("#scroll-height".into(), content_h.max(b.h).to_string());
}

/// The box of node `id`, if it is laid out.
pub fn find_box(root: &LBox, id: NodeId) -> Option<&LBox> {
    if root.id == id && !root.style.contains_key("#paragraph") {
        return Some(root);
    }
    root.children.iter().find_map(|c| find_box(c, id))
}
