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
    /// The computed style, shared with every node that computed the same one.
    pub style: Arc<ComputedStyle>,
    /// What the box is beyond its style: what paint, hit testing and queries read.
    pub kind: BoxKind,
    /// `position: fixed`: placed against the viewport, a child of the page box, unscrolled.
    pub fixed: bool,
    /// Lines of a paragraph box.
    pub lines: Arc<Vec<Line>>,
    /// For a paragraph: the inline elements (`<text>`, `<span>`...) whose text it holds,
    /// with where their text is (they have no box in the tree; queries and hit tests read
    /// these).
    pub inline: Vec<InlineBox>,
    pub text_align: String,
    /// Where the box and its subtree may draw, in page coordinates (`[x0, y0, x1, y1]`): see
    /// [`LBox::ink_of`]. Paint skips a subtree whose ink is off the screen.
    pub ink: [f32; 4],
    /// Shared with the frames before when the subtree did not change.
    pub children: Vec<Arc<LBox>>,
}

/// Where an inline element's text is in its paragraph, relative to the paragraph's box: its
/// glyphs' content area over all its lines, with its own padding and border.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InlineBox {
    pub id: NodeId,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl LBox {
    /// The innermost inline element of this paragraph under page point (`x`, `y`).
    pub fn inline_at(&self, x: f32, y: f32) -> Option<NodeId> {
        let (x, y) = (x - self.x, y - self.y);
        // Elements come before those inside them: the last that holds the point is innermost.
        self.inline
            .iter()
            .rev()
            .find(|b| x >= b.x && y >= b.y && x < b.x + b.w && y < b.y + b.h)
            .map(|b| b.id)
    }

    /// A box of `kind` with no style, lines or children, for tests and synthetic boxes.
    pub fn new(id: NodeId, tag: &str, kind: BoxKind, [x, y, w, h]: [f32; 4]) -> LBox {
        LBox {
            id,
            tag: tag.to_string(),
            x,
            y,
            w,
            h,
            style: Arc::default(),
            kind,
            fixed: false,
            lines: Arc::default(),
            inline: Vec::new(),
            text_align: String::new(),
            ink: [x, y, x + w, y + h],
            children: Vec::new(),
        }
    }

    /// Where the box and everything under it may draw: its box grown by its shadow and by
    /// lines wider than it, and its children's ink unless it clips them. Unbounded when it
    /// is transformed.
    pub fn ink_of(&self) -> [f32; 4] {
        let (x, y, w, h) = (self.x, self.y, self.w, self.h);
        let mut ink = [x, y, x + w, y + h];
        if self.style.contains_key("transform") {
            return [
                f32::NEG_INFINITY,
                f32::NEG_INFINITY,
                f32::INFINITY,
                f32::INFINITY,
            ];
        }
        let mut grow = |r: [f32; 4]| {
            ink = [
                ink[0].min(r[0]),
                ink[1].min(r[1]),
                ink[2].max(r[2]),
                ink[3].max(r[3]),
            ];
        };
        if let Some(s) = self
            .style
            .get("box-shadow")
            .and_then(|v| crate::effects::box_shadow(v))
        {
            let g = s.spread.max(0.0) + 2.0 * s.blur;
            grow([
                x + s.dx - g,
                y + s.dy - g,
                x + w + s.dx + g,
                y + h + s.dy + g,
            ]);
        }
        if !self.lines.is_empty() {
            let wide = self.lines.iter().map(|l| l.width).fold(0.0, f32::max);
            let tall: f32 = self.lines.iter().map(|l| l.height).sum();
            let over = (wide - w).max(0.0);
            grow([x - over, y, x + w + over, y + tall]);
        }
        if !self.clips() {
            for c in &self.children {
                grow(c.ink);
            }
        }
        ink
    }

    /// Whether the box clips what overflows it.
    pub fn clips(&self) -> bool {
        matches!(self.tag.as_str(), "scroll-view" | "swiper")
            || ["overflow", "overflow-x", "overflow-y"].iter().any(|k| {
                self.style
                    .get(*k)
                    .is_some_and(|v| matches!(v.as_str(), "hidden" | "clip" | "scroll" | "auto"))
            })
    }

    /// The same box and subtree moved by (`dx`, `dy`).
    pub fn shifted(&self, dx: f32, dy: f32) -> LBox {
        let [x0, y0, x1, y1] = self.ink;
        LBox {
            x: self.x + dx,
            y: self.y + dy,
            ink: [x0 + dx, y0 + dy, x1 + dx, y1 + dy],
            children: self
                .children
                .iter()
                .map(|c| Arc::new(c.shifted(dx, dy)))
                .collect(),
            ..self.clone()
        }
    }

    /// A run of inline content laid out as lines (its `id` is the element holding it).
    pub fn is_paragraph(&self) -> bool {
        self.kind == BoxKind::Paragraph
    }

    /// The scroll-view data of a scroll-view box.
    pub fn scroller(&self) -> Option<&Scroller> {
        match &self.kind {
            BoxKind::ScrollView(s) => Some(s),
            _ => None,
        }
    }

    /// An attribute of a built-in control (`checked`, `activeColor`...), as text.
    pub fn control_attr(&self, name: &str) -> Option<&str> {
        match &self.kind {
            BoxKind::Control(attrs) => attrs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// The data a box carries for paint and input besides its style. Built-in components keep
/// here what their attributes say, read once when the box is built.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum BoxKind {
    /// An element box that only its style draws.
    #[default]
    Element,
    /// A run of inline content: text and inline elements, as lines.
    Paragraph,
    /// `<image>`, `<cover-image>`: the source and the `mode` (empty: `scaleToFill`).
    Image { src: String, mode: String },
    /// A `<swiper>` with `indicator-dots`: how many, which is current, and their colours.
    Dots {
        count: usize,
        current: String,
        color: String,
        active: String,
    },
    /// A `<scroll-view>`.
    ScrollView(Scroller),
    /// A switch, checkbox, radio, icon, progress, slider or button: the attributes that set
    /// how it looks, under their camelCase names, `false` and null ones left out.
    Control(Vec<(&'static str, String)>),
    /// A `<canvas>` the logic side draws into (2D, or the first canvas API): its pixels come
    /// as the resource `canvas://ID`. A WebGL canvas stays a placeholder.
    Canvas { webgl: bool },
}

/// Where a scroll-view is scrolled and how big its content is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scroller {
    /// `scroll-y`: the offset (clamped to the content once laid out).
    pub top: Option<f32>,
    /// `scroll-x`: the offset.
    pub left: Option<f32>,
    /// `scroll-into-view`: the node brought to the top or left.
    pub into_view: Option<NodeId>,
    /// The content's size, at least the box's (`scrollWidth`, `scrollHeight`).
    pub width: f32,
    pub height: f32,
}

/// The node under viewport point (`x`, `y`) of a page scrolled by `scroll`: the innermost box
/// containing it, fixed boxes and later siblings first (they paint on top). Over text, the
/// inline element that holds it (a `<text bindtap>` in a paragraph), else the block around.
pub fn hit_test(root: &LBox, x: f32, y: f32, scroll: f32) -> Option<NodeId> {
    fn visit(b: &LBox, x: f32, y: f32) -> Option<NodeId> {
        if x < b.x || y < b.y || x >= b.x + b.w || y >= b.y + b.h {
            return None;
        }
        for c in b.children.iter().rev() {
            if c.fixed {
                continue;
            }
            let (cx, cy) = scrolled_point(b, x, y);
            if c.is_paragraph() {
                // An inline element is hit where its text is.
                if let Some(hit) = c.inline_at(cx, cy) {
                    return Some(hit);
                }
                continue;
            }
            if let Some(hit) = visit(c, cx, cy) {
                return Some(hit);
            }
        }
        Some(b.id)
    }
    root.children
        .iter()
        .rev()
        .filter(|c| c.fixed)
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
    b.scroller()
        .map(|s| (s.left.unwrap_or(0.0), s.top.unwrap_or(0.0)))
        .unwrap_or((0.0, 0.0))
}

/// A scroll-view's offsets made real: `scroll-into-view` brings its target to the top (or
/// left), and both offsets stay within the content. The content size goes with them, for
/// `scrollOffset` and `fields({scrollOffset})`.
pub(super) fn settle_scroll(b: &mut LBox) {
    let (content_w, content_h) = b.children.iter().fold((0.0_f32, 0.0_f32), |(w, h), c| {
        (w.max(c.x + c.w - b.x), h.max(c.y + c.h - b.y))
    });
    let Some(into_view) = b.scroller().map(|s| s.into_view) else {
        return;
    };
    let target = into_view.and_then(|t| find_box(b, t).map(|t| (t.x - b.x, t.y - b.y)));
    let (w, h) = (b.w, b.h);
    let BoxKind::ScrollView(s) = &mut b.kind else {
        return;
    };
    for (offset, extent, size, into) in [
        (&mut s.top, content_h, h, target.map(|t| t.1)),
        (&mut s.left, content_w, w, target.map(|t| t.0)),
    ] {
        if let Some(v) = offset {
            *v = into.unwrap_or(*v).clamp(0.0, (extent - size).max(0.0));
        }
    }
    s.width = content_w.max(w);
    s.height = content_h.max(h);
}

/// The box of node `id`, if it is laid out.
pub fn find_box(root: &LBox, id: NodeId) -> Option<&LBox> {
    if root.id == id && !root.is_paragraph() {
        return Some(root);
    }
    root.children.iter().find_map(|c| find_box(c, id))
}
