//! Box construction: the composed, styled tree becomes a taffy tree (paragraphs for runs of
//! inline content, built-in components' data), and is read back as boxes.

use super::*;

/// A box as built, before layout gives it a place.
pub(super) struct BoxInfo {
    id: NodeId,
    tag: String,
    pub(super) style: Arc<ComputedStyle>,
    kind: BoxKind,
    fixed: bool,
}

/// A node built in an earlier frame that can be used again.
struct KeptNode {
    /// `None`: the node is hidden.
    node: Option<taffy::NodeId>,
    inline_level: bool,
}

/// One frame's box construction onto the kept tree.
pub(super) struct Builder<'a> {
    pub(super) metrics: text::Metrics,
    pub(super) rules: Rules,
    pub(super) kept: &'a mut Kept,
    pub(super) styles: &'a PageStyles,
    /// Nodes whose style or a descendant's changed since the last frame.
    pub(super) changed: &'a NodeSet,
    pub(super) images: &'a dyn ImageSizes,
    /// `position: fixed` boxes: laid out against the viewport, not their parent.
    pub(super) fixed: Vec<taffy::NodeId>,
    /// Absolute boxes whose parent is not positioned, with the node of their containing
    /// block (the nearest positioned ancestor; `None`: the page). Moved into it after a
    /// first pass.
    pub(super) absolute: Vec<(taffy::NodeId, Option<NodeId>)>,
    /// The nodes being built, outermost first, and whether each is positioned.
    pub(super) ancestors: Vec<(NodeId, bool)>,
    /// taffy nodes made this frame: their boxes are read anew.
    pub(super) fresh: IdSet<taffy::NodeId>,
    pub(super) reused: usize,
    /// Paragraphs made this frame that hold inline-level boxes: their boxes are sized before
    /// the paragraphs are measured (see `size_atoms`).
    pub(super) with_atoms: Vec<taffy::NodeId>,
    /// Where the lines put each inline-level box read so far (page coordinates).
    pub(super) placed: NodeMap<taffy::NodeId, (f32, f32)>,
    pub(super) converted: Converted,
}

impl Builder<'_> {
    /// A paragraph of the pending content and, after it, the inline-level boxes on its lines
    /// (it is read first and says where they go); nothing when it is only white space.
    fn paragraph(
        &mut self,
        pending: Pending,
        parent_style: &Arc<ComputedStyle>,
    ) -> Vec<taffy::NodeId> {
        let boxes: Vec<taffy::NodeId> = pending.atoms.iter().map(|a| a.node).collect();
        let mut out: Vec<taffy::NodeId> = self.leaf(pending, parent_style).into_iter().collect();
        out.extend(boxes);
        out
    }

    /// The paragraph's own taffy leaf.
    fn leaf(
        &mut self,
        pending: Pending,
        parent_style: &Arc<ComputedStyle>,
    ) -> Option<taffy::NodeId> {
        let Pending {
            id,
            runs,
            mut inline,
            atoms,
        } = pending;
        if runs.iter().all(|r| r.text.trim().is_empty())
            && !runs.iter().any(|r| r.text.contains('\u{a0}'))
        {
            return None;
        }
        let has_atoms = !atoms.is_empty();
        if inline.elements.is_empty() {
            // Text of the block's own: nothing to find boxes for (most paragraphs).
            inline.owners = Vec::new();
        }
        let fs = font_size(parent_style);
        let line_height = parent_style
            .get("line-height")
            .and_then(|v| css::number_or_px(v))
            .map(|(n, px)| if px { n / fs } else { n });
        let nowrap = parent_style
            .get("white-space")
            .is_some_and(|w| w == "nowrap" || w == "pre");
        let clamp = parent_style
            .get("-webkit-line-clamp")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0);
        let ellipsis = parent_style
            .get("text-overflow")
            .is_some_and(|v| v == "ellipsis");
        // A paragraph that ends with an ellipsis never makes its box wider than the box allows.
        let style = if ellipsis || clamp.is_some() {
            Style {
                size: Size {
                    width: Dimension::percent(1.0),
                    height: Dimension::auto(),
                },
                ..Default::default()
            }
        } else {
            Style::default()
        };
        let node = self
            .kept
            .taffy
            .new_leaf_with_context(
                style,
                Ctx::Para(Para {
                    runs,
                    line_height,
                    nowrap,
                    indent: parent_style
                        .get("text-indent")
                        .and_then(|v| css::length(v, fs))
                        .map_or(0.0, |l| match l {
                            Len::Px(p) => p,
                            _ => 0.0,
                        }),
                    clamp,
                    ellipsis,
                    laid: Default::default(),
                    inline,
                    atoms,
                }),
            )
            .ok()?;
        self.fresh.insert(node);
        if has_atoms {
            self.with_atoms.push(node);
        }
        self.kept.info.insert(
            node,
            BoxInfo {
                id,
                tag: "#text".into(),
                style: parent_style.clone(),
                kind: BoxKind::Paragraph,
                fixed: false,
            },
        );
        Some(node)
    }

    /// Lays a block's inline-level boxes out as lines when no words are among them (words
    /// and boxes share a paragraph's lines instead): side by side, wrapping to new lines;
    /// with only non-breaking spaces beside them, one line. Boxes stand on the baseline;
    /// `text-align` places the lines.
    fn line_style(
        &mut self,
        style: &mut Style,
        s: &ComputedStyle,
        kids: &[taffy::NodeId],
        with_text: bool,
    ) {
        style.display = Display::Flex;
        style.flex_direction = FlexDirection::Row;
        style.flex_wrap = if with_text {
            FlexWrap::NoWrap
        } else {
            FlexWrap::Wrap
        };
        style.align_items = Some(AlignItems::FlexEnd);
        // Lines stack from the top however tall the box is.
        style.align_content = Some(taffy::AlignContent::FlexStart);
        // A line of inline boxes keeps room below the baseline for the block's own
        // text (its strut): a box with no text stands on the baseline above it.
        let fs = font_size(s);
        let line_height = s
            .get("line-height")
            .and_then(|v| css::number_or_px(v))
            .map(|(n, px)| if px { n / fs } else { n });
        let (h, base) = text::line_box(fs, line_height, self.metrics);
        self.vertical_align(kids, h - base);
        // An inline-level box's `auto` margins are zero (CSS 2 §10.3.9): a mini button, whose
        // base style centres the block button with them, stays where the line puts it.
        for &k in kids {
            if let Ok(st) = self.kept.taffy.style(k)
                && (st.margin.left.is_auto() || st.margin.right.is_auto())
            {
                let mut st = st.clone();
                for side in [&mut st.margin.left, &mut st.margin.right] {
                    if side.is_auto() {
                        *side = LengthPercentageAuto::length(0.0);
                    }
                }
                let _ = self.kept.taffy.set_style(k, st);
            }
        }
        style.justify_content = match s.get("text-align").map(String::as_str) {
            Some("center") => Some(JustifyContent::Center),
            Some("right" | "end") => Some(JustifyContent::FlexEnd),
            _ => None,
        };
    }

    /// An inline element holding blocks (`<text>` or `<span>` around a view) is a box here,
    /// but its vertical margins belong to the empty line parts around the blocks, which
    /// take no room (CSS 2 §9.2.1.1): they do not push what follows away.
    fn block_in_inline(&mut self, c: &Composed, node: taffy::NodeId) {
        let empty = Arc::default();
        let s = self.styles.get(&c.id).unwrap_or(&empty);
        if display_of(c, s) != "inline" {
            return;
        }
        if let Ok(st) = self.kept.taffy.style(node) {
            let mut st = st.clone();
            st.margin.top = LengthPercentageAuto::length(0.0);
            st.margin.bottom = LengthPercentageAuto::length(0.0);
            let _ = self.kept.taffy.set_style(node, st);
        }
    }

    /// Ends the line of inline-level boxes gathered so far: text alone is a paragraph as it
    /// is; with inline-blocks on it, an anonymous box (`#line`, of the block `id`, drawing
    /// nothing) lays them out as a line.
    fn end_line(
        &mut self,
        kids: &mut Vec<taffy::NodeId>,
        line: &mut Vec<taffy::NodeId>,
        has_boxes: &mut bool,
        id: NodeId,
        s: &Arc<ComputedStyle>,
    ) {
        if !std::mem::take(has_boxes) {
            kids.append(line);
            return;
        }
        let items = std::mem::take(line);
        let with_text = items
            .iter()
            .any(|k| matches!(self.kept.taffy.get_node_context(*k), Some(Ctx::Para(_))));
        let mut style = Style::default();
        self.line_style(&mut style, s, &items, with_text);
        let Ok(node) = self.kept.taffy.new_with_children(style, &items) else {
            return;
        };
        self.fresh.insert(node);
        // What the line inherits, for its boxes' baselines; nothing of the block's own box.
        let mut inherited = ComputedStyle::new();
        for key in [
            "font-size",
            "line-height",
            "text-align",
            "direction",
            "color",
        ] {
            if let Some(v) = s.get(key) {
                inherited.insert(key.into(), v.clone());
            }
        }
        self.kept.info.insert(
            node,
            BoxInfo {
                id,
                tag: "#line".into(),
                style: Arc::new(inherited),
                kind: BoxKind::default(),
                fixed: false,
            },
        );
        kids.push(node);
    }

    /// An inline-level box taken onto its paragraph's lines as run `run`: taken out of the
    /// flow (the lines place it), sized later by `size_atoms`.
    fn atom(&mut self, node: taffy::NodeId, run: usize) -> AtomBox {
        if let Ok(st) = self.kept.taffy.style(node)
            && st.position != Position::Absolute
        {
            let mut st = st.clone();
            st.position = Position::Absolute;
            let _ = self.kept.taffy.set_style(node, st);
        }
        self.kept.atoms.insert(node);
        AtomBox {
            run,
            node,
            size: text::Atom::default(),
            margin: (0.0, 0.0),
        }
    }

    /// A box kept from a frame in which it was on a paragraph's lines, back in the flow.
    fn back_in_flow(&mut self, node: taffy::NodeId) {
        if let Ok(st) = self.kept.taffy.style(node) {
            let mut st = st.clone();
            st.position = Position::Relative;
            let _ = self.kept.taffy.set_style(node, st);
        }
    }

    /// What an input or textarea shows: its value (dots for a password), else its
    /// placeholder in grey.
    fn field_text(&mut self, c: &Composed, s: &Arc<ComputedStyle>) -> Option<taffy::NodeId> {
        let value = c.attr_text("value");
        let (text, color) = if !value.is_empty() {
            let shown = if c.attrs.iter().any(|(k, v)| {
                matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == "password")
                    && mpsim_base::js::truthy(v)
            }) {
                "•".repeat(value.chars().count())
            } else {
                value
            };
            (
                shown,
                s.get("color")
                    .and_then(|v| css::color(v))
                    .unwrap_or([0, 0, 0, 255]),
            )
        } else {
            (c.attr_text("placeholder"), [128, 128, 128, 255])
        };
        if text.is_empty() {
            return None;
        }
        let run = Run {
            text,
            size: font_size(s),
            color,
            bold: false,
            letter_spacing: 0.0,
            deco: None,
        };
        let mut ps = s.clone();
        if c.tag == "input" {
            Arc::make_mut(&mut ps).insert("white-space".into(), "nowrap".into());
        }
        let field = Pending {
            id: c.id,
            runs: vec![run],
            ..Default::default()
        };
        self.leaf(field, &ps)
    }

    /// The taffy node for `c` and its subtree: the one built before when neither the
    /// composition nor any style in it changed, else a new one.
    pub(super) fn build(&mut self, c: &Rc<Composed>) -> Option<taffy::NodeId> {
        if let Some(kept) = self.kept_node(c) {
            return kept.node;
        }
        let moved_before = self.fixed.len() + self.absolute.len();
        let node = self.build_new(c);
        self.kept.built.insert(
            c.id,
            Built {
                composed: c.clone(),
                node,
                moved_inside: self.fixed.len() + self.absolute.len() > moved_before,
                inline_level: is_inline_level_box(c, self.styles),
            },
        );
        node
    }

    /// What was built for `c` in an earlier frame, when neither its composition nor a style
    /// in it changed since.
    fn kept_node(&mut self, c: &Rc<Composed>) -> Option<KeptNode> {
        let b = self.kept.built.get(&c.id)?;
        if !Rc::ptr_eq(&b.composed, c) || b.moved_inside || self.changed.contains(&c.id) {
            return None;
        }
        self.reused += 1;
        Some(KeptNode {
            node: b.node,
            inline_level: b.inline_level,
        })
    }

    fn build_new(&mut self, c: &Composed) -> Option<taffy::NodeId> {
        let mut s = self.styles.get(&c.id).cloned().unwrap_or_default();
        if is_hidden(c, &s) {
            return None;
        }
        // A movable-view sits at its `x`/`y` in its movable-area (it cannot be dragged in a
        // still frame).
        if c.tag == "movable-view" {
            for (attr, side) in [("x", "left"), ("y", "top")] {
                if let Ok(v) = c
                    .attr_text(attr)
                    .trim()
                    .trim_end_matches("px")
                    .parse::<f32>()
                {
                    Arc::make_mut(&mut s).insert(side.into(), format!("{v}px"));
                }
            }
        }
        let mut kids = Vec::new();
        let mut pending = Pending::default();
        // A swiper shows one item: the current one.
        let shown: Vec<&Rc<Composed>> = if c.tag == "swiper" {
            let current = c.attr_text("current").parse::<usize>().unwrap_or(0);
            c.children
                .iter()
                .filter(|k| k.tag == "swiper-item")
                .nth(current)
                .into_iter()
                .collect()
        } else {
            c.children.iter().collect()
        };
        // The children of a flex or grid container are its items, inline elements too
        // (blockified); only runs of bare text become anonymous items.
        let items = matches!(
            display_of(c, &s).as_str(),
            "flex" | "inline-flex" | "grid" | "inline-grid"
        );
        // In a block with block children too, inline-blocks and the text beside them go
        // on lines of their own, in an anonymous box (CSS 2 §9.2.1.1): `line` gathers them.
        let row = if items {
            None
        } else {
            inline_row(c, &s, self.styles)
        };
        let own_line = !items && row.is_none();
        // Words and inline-level boxes in one inline formatting context: the boxes are pieces
        // of the paragraph's lines, wrapping with the words.
        let one_context = row == Some(true);
        // In a block with blocks too, each stretch of inline content between them that has
        // words is such a context of its own.
        // (Looked at only around an inline-level box: a list of blocks pays nothing.)
        let worded =
            |i: usize| one_context || (own_line && in_worded_stretch(&shown, i, self.styles));
        let mut line: Vec<taffy::NodeId> = Vec::new();
        let mut line_has_boxes = false;
        // A positioned box, or one with a transform, holds the absolute boxes below it (in a
        // WebView: float-pigment places every absolute box in its parent).
        let positioned = s
            .get("position")
            .is_some_and(|p| matches!(p.as_str(), "relative" | "absolute" | "fixed" | "sticky"))
            || s.get("transform").is_some_and(|t| t != "none");
        self.ancestors.push((c.id, positioned));
        for (i, &k) in shown.iter().enumerate() {
            // A kept block needs no look at its style to know it is one.
            let kept = self.kept_node(k);
            if kept.is_none() && is_inline(k, self.styles) && (k.text.is_some() || !items) {
                if pending.runs.is_empty() {
                    pending.id = k.id;
                }
                collect_runs(k, &s, self.styles, &mut pending.runs, &mut pending.inline);
                continue;
            }
            let level_box = kept.as_ref().map_or_else(
                || is_inline_level_box(k, self.styles),
                |kept| kept.inline_level,
            );
            let kept = kept.map(|kept| kept.node);
            if level_box && worded(i) {
                if let Some(node) = kept.unwrap_or_else(|| self.build(k)) {
                    if pending.runs.is_empty() {
                        pending.id = c.id;
                    }
                    let atom = self.atom(node, pending.runs.len());
                    pending.atoms.push(atom);
                    pending.runs.push(Run {
                        text: text::OBJECT.to_string(),
                        size: font_size(&s),
                        color: [0, 0, 0, 0],
                        bold: false,
                        letter_spacing: 0.0,
                        deco: None,
                    });
                    pending.inline.owners.push(Arc::new([]));
                }
                continue;
            }
            if !pending.runs.is_empty() {
                line.extend(self.paragraph(std::mem::take(&mut pending), &s));
            }
            let on_line = own_line && level_box;
            let fresh = kept.is_none();
            let built = kept.unwrap_or_else(|| self.build(k));
            if let Some(node) = built.filter(|n| self.kept.atoms.remove(n)) {
                self.back_in_flow(node);
            }
            if fresh
                && !items
                && let Some(node) = built
            {
                self.block_in_inline(k, node);
            }
            if on_line {
                line.extend(built);
                line_has_boxes |= built.is_some();
            } else {
                self.end_line(&mut kids, &mut line, &mut line_has_boxes, c.id, &s);
                kids.extend(built);
            }
        }
        self.ancestors.pop();
        if !pending.runs.is_empty() {
            line.extend(self.paragraph(pending, &s));
        }
        self.end_line(&mut kids, &mut line, &mut line_has_boxes, c.id, &s);
        if matches!(c.tag.as_str(), "input" | "textarea") {
            kids.extend(self.field_text(c, &s));
        }
        let (mut style, percents) = self.converted.of(c, &s, self.rules);
        if c.tag == "image" {
            fit_to_picture(&mut style, c, self.images);
        }
        // An inline element holding blocks is a box here. float-pigment makes it as wide as
        // its widest block, not as wide as its container; taffy's block layout sizes a table
        // that way, so the box is marked as one. A block sized in percentages takes them of
        // the container all the same, so a box holding one stays as wide as the container.
        // Its padding and border do not move the blocks: they belong to its line parts.
        if self.rules == Rules::Skyline && c.text.is_none() && display_of(c, &s) == "inline" {
            style.item_is_table = !self.has_percent_width(&kids);
            style.padding = Rect::zero();
            style.border = Rect::zero();
        }
        if style.display == Display::Block
            && let Some(false) = row
        {
            self.line_style(&mut style, &s, &kids, false);
        }
        if matches!(style.display, Display::Flex | Display::Grid) {
            // Flex and grid items are laid out, and painted, in `order`, then in document
            // order.
            let info = &self.kept.info;
            kids.sort_by_key(|k| {
                info.get(k)
                    .and_then(|i| i.style.get("order"))
                    .and_then(|v| v.trim().parse::<i32>().ok())
                    .unwrap_or(0)
            });
        }
        let node = self.kept.taffy.new_with_children(style, &kids).ok()?;
        self.fresh.insert(node);
        if let Some(p) = percents {
            self.kept.percents.insert(node, p);
        }
        let fixed = s.get("position").is_some_and(|p| p == "fixed");
        let kind = box_kind(c);
        if c.tag == "scroll-view" {
            Arc::make_mut(&mut s).insert("overflow".into(), "hidden".into());
        }
        if fixed {
            self.fixed.push(node);
        } else if self.rules == Rules::WebView
            && s.get("position").is_some_and(|p| p == "absolute")
            && self
                .ancestors
                .last()
                .is_some_and(|(_, positioned)| !positioned)
        {
            let block = self
                .ancestors
                .iter()
                .rev()
                .find(|(_, p)| *p)
                .map(|(id, _)| *id);
            self.absolute.push((node, block));
        }
        self.kept.info.insert(
            node,
            BoxInfo {
                id: c.id,
                tag: c.tag.clone(),
                style: s,
                kind,
                fixed,
            },
        );
        Some(node)
    }

    /// The box of `node` and its subtree. Its parent's box is at (`ox`, `oy`) in the page,
    /// rounded, and at `cumulative` unrounded. Boxes are rounded to whole pixels here as taffy
    /// rounds them: each place within its parent rounded, each size the difference of its
    /// rounded edges in the page. Only the boxes read are rounded; a kept subtree keeps its
    /// rounding.
    ///
    /// A subtree kept from the last frame whose size, padding and border are as they were
    /// lays out inside as it did: its boxes are the same, moved if it moved (by whole pixels,
    /// so that its rounding holds).
    pub(super) fn read(
        &mut self,
        node: taffy::NodeId,
        ox: f32,
        oy: f32,
        cumulative: (f32, f32),
    ) -> Option<Arc<LBox>> {
        let l = *self.kept.taffy.layout(node).ok()?;
        let (mut x, mut y) = (ox + l.location.x.round(), oy + l.location.y.round());
        let (mut cx, mut cy) = (cumulative.0 + l.location.x, cumulative.1 + l.location.y);
        // An inline-level box goes where its paragraph's lines put it.
        if let Some(&(px, py)) = self.placed.get(&node) {
            (x, y) = (px.round(), py.round());
            (cx, cy) = (px, py);
        }
        if !self.fresh.contains(&node)
            && let Some(kept) = self.kept.boxes.get(&node)
            && (Layout {
                location: kept.layout.location,
                order: kept.layout.order,
                ..l
            }) == kept.layout
            && (cx - kept.origin.0).fract() == 0.0
            && (cy - kept.origin.1).fract() == 0.0
        {
            let b = &kept.boxed;
            if (b.x, b.y) == (x, y) {
                return Some(b.clone());
            }
            let moved = Arc::new(b.shifted(x - b.x, y - b.y));
            return Some(self.keep_box(node, l, (cx, cy), moved));
        }
        let (w, h) = (
            (cx + l.size.width).round() - cx.round(),
            (cy + l.size.height).round() - cy.round(),
        );
        let info = self.kept.info.get(&node)?;
        let mut b = LBox {
            id: info.id,
            tag: info.tag.clone(),
            x,
            y,
            w,
            h,
            text_align: info.style.get("text-align").cloned().unwrap_or_default(),
            ink: [0.0; 4],
            style: info.style.clone(),
            kind: info.kind.clone(),
            fixed: info.fixed,
            lines: Arc::default(),
            inline: Vec::new(),
            children: Vec::new(),
        };
        if let Some(Ctx::Para(p)) = self.kept.taffy.get_node_context(node) {
            b.lines = p.shown(b.w, self.metrics);
            b.inline = p.inline_boxes(&b.lines, b.w, &b.text_align, self.metrics);
            for (atom, ax, ay) in p.atom_places(&b.lines, b.w, &b.text_align) {
                self.placed.insert(atom, (cx + ax, cy + ay));
            }
        }
        let children = self.kept.taffy.children(node).ok()?;
        b.children.reserve_exact(children.len());
        for child in children {
            if let Some(cb) = self.read(child, x, y, (cx, cy)) {
                b.children.push(cb);
            }
        }
        align_baselines(&mut b, &l);
        if b.style.get("direction").is_some_and(|d| d == "rtl") {
            mirror_rtl(&mut b, &l);
        }
        settle_scroll(&mut b);
        b.ink = b.ink_of();
        Some(self.keep_box(node, l, (cx, cy), Arc::new(b)))
    }

    /// Inline-blocks on a line sit on its bottom (the baseline of a box without text);
    /// `vertical-align: top` or `text-top` puts one at the top of the line, `middle` at its
    /// middle.
    fn vertical_align(&mut self, kids: &[taffy::NodeId], strut_descent: f32) {
        for &k in kids {
            let Some(info) = self.kept.info.get(&k) else {
                continue;
            };
            let va = info.style.get("vertical-align").map(String::as_str);
            let align = match va {
                Some("top" | "text-top") => Some(AlignItems::FlexStart),
                Some("middle") => Some(AlignItems::Center),
                _ => None,
            };
            // On the baseline (the default), a box without text rests on it, the strut's
            // descent below; one with text lines its text up with the line's. A length
            // raises the box by that much above the baseline (`-2px` lowers it).
            let fs = font_size(&info.style);
            let raise = match va {
                None | Some("baseline") => Some(0.0),
                Some(v) => match css::length(v, fs) {
                    Some(Len::Px(p)) => Some(p),
                    _ => None,
                },
            };
            let textless = info.kind != BoxKind::Paragraph && !self.has_text(k);
            let bottom = raise.filter(|_| textless).and_then(|raise| {
                let own = match css::sides(&info.style, "margin", fs)[2] {
                    Len::Px(p) => p,
                    _ => 0.0,
                };
                let lift = strut_descent + raise;
                (lift != 0.0).then(|| LengthPercentageAuto::length(own + lift))
            });
            if let Ok(st) = self.kept.taffy.style(k)
                && (st.align_self != align || bottom.is_some_and(|b| st.margin.bottom != b))
            {
                let mut st = st.clone();
                st.align_self = align;
                if let Some(b) = bottom {
                    st.margin.bottom = b;
                }
                let _ = self.kept.taffy.set_style(k, st);
            }
        }
    }

    /// Whether any text is laid out under `node`.
    /// Whether an in-flow box among `kids` has a percentage width.
    fn has_percent_width(&self, kids: &[taffy::NodeId]) -> bool {
        kids.iter().any(|&k| {
            self.kept.taffy.style(k).is_ok_and(|st| {
                st.position != Position::Absolute
                    && st.size.width.tag() == taffy::CompactLength::PERCENT_TAG
            })
        })
    }

    fn has_text(&self, node: taffy::NodeId) -> bool {
        matches!(self.kept.taffy.get_node_context(node), Some(Ctx::Para(_)))
            || self
                .kept
                .taffy
                .children(node)
                .is_ok_and(|kids| kids.iter().any(|k| self.has_text(*k)))
    }

    /// Keeps `boxed` as what `node` read as, with its unrounded layout and place.
    fn keep_box(
        &mut self,
        node: taffy::NodeId,
        layout: Layout,
        origin: (f32, f32),
        boxed: Arc<LBox>,
    ) -> Arc<LBox> {
        let kept = KeptBox {
            layout,
            origin,
            boxed: boxed.clone(),
        };
        self.kept.boxes.insert(node, kept);
        boxed
    }
}
