//! Layout: the composed, styled tree becomes boxes. Block, flex and grid come from taffy;
//! runs of inline content (text, `<text>`) become paragraphs measured and wrapped with the
//! bundled font. Built-in components get the default sizes the platform gives them.

use crate::compose::Composed;
use crate::css::{self, Len};
use crate::style::PageStyles;
use crate::text::{self, Line, Run};
use crate::{IdSet, NodeMap, NodeSet};
use mpsim_wxml::NodeId;
use mpsim_wxss::ComputedStyle;
use std::rc::Rc;
use std::sync::Arc;
use taffy::prelude::*;

mod align;
mod boxes;
mod build;
mod inline;
mod kind;
mod percent;
mod taffy_style;
#[cfg(test)]
mod tests;

use align::*;
pub use boxes::*;
use build::*;
use inline::*;
use kind::box_kind;
use percent::PercentPadding;
use taffy_style::*;
pub use taffy_style::{border_width, border_widths};

enum Ctx {
    Para(Para),
}

/// The window a page is laid out in, in CSS pixels: the screen minus the status, navigation
/// and tab bars. Percentages of the page resolve against its width; `position: fixed` boxes
/// against both. `rules` are those of the renderer that draws the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: f32,
    pub height: f32,
    pub rules: Rules,
}

/// Whose layout rules a page follows. The WebView lays a page out as a browser does. Skyline,
/// WeChat's own renderer (`"renderer": "skyline"`), lays it out with float-pigment, which
/// differs from a browser in places its own test cases pin down (tests/conformance/layout):
/// implicit grid tracks take their content's size and are not stretched, an inline element
/// holding only blocks is a box of its own, as wide as its widest block, and an absolute box
/// is placed in its parent, positioned or not (a WebView places it in the nearest positioned
/// ancestor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rules {
    #[default]
    WebView,
    Skyline,
}

/// The natural size of the images the view has, for `<image mode="widthFix">` and
/// `heightFix`, whose boxes take the picture's proportions once it has loaded.
pub trait ImageSizes {
    /// The picture's size in its own pixels, by the `src` an `<image>` names; `None` while it
    /// has not arrived (the box keeps its default size until then, as on the phone).
    fn natural(&self, src: &str) -> Option<(f32, f32)>;
}

/// No pictures at all: every image box has its styled or default size.
pub struct NoImages;

impl ImageSizes for NoImages {
    fn natural(&self, _src: &str) -> Option<(f32, f32)> {
        None
    }
}

/// Lays out a composed page in `viewport`. `position: fixed` boxes become extra children of
/// the page box, marked `fixed`, positioned in viewport coordinates (they do not scroll).
pub fn layout_page(page: &Rc<Composed>, styles: &PageStyles, viewport: Viewport) -> Option<LBox> {
    layout_page_with(page, styles, viewport, text::Metrics::Font)
}

/// [`layout_page`] with a choice of text metrics.
pub fn layout_page_with(
    page: &Rc<Composed>,
    styles: &PageStyles,
    viewport: Viewport,
    metrics: text::Metrics,
) -> Option<LBox> {
    Layouter::new(metrics).layout(page, styles, viewport, None, &NoImages)
}

/// What was built for a composed node in an earlier frame.
struct Built {
    composed: Rc<Composed>,
    /// `None`: the node is hidden.
    node: Option<taffy::NodeId>,
    /// A box in the subtree was moved out of its parent (a `position: fixed` box to the
    /// viewport, an absolute box to its containing block), so the subtree is built again.
    moved_inside: bool,
    /// The node is an inline-level box (`is_inline_level_box`), kept so that a parent built
    /// again does not read the style of each of its kept children to know.
    inline_level: bool,
}

/// The taffy tree, box data and boxes of the page on screen, kept between frames.
pub(super) struct Kept {
    taffy: TaffyTree<Ctx>,
    /// taffy node -> what the box read back from it is, besides its place.
    info: NodeMap<taffy::NodeId, BoxInfo>,
    built: NodeMap<NodeId, Built>,
    /// The layout and box each taffy node had when last read.
    boxes: NodeMap<taffy::NodeId, KeptBox>,
    /// Boxes with percentage padding, resolved after each pass (see `percent.rs`).
    percents: NodeMap<taffy::NodeId, PercentPadding>,
    /// Inline-level boxes taken out of the flow onto paragraphs' lines.
    atoms: IdSet<taffy::NodeId>,
}

/// A box as last read: its unrounded layout and place in the page, and the box.
pub(super) struct KeptBox {
    layout: Layout,
    origin: (f32, f32),
    boxed: Arc<LBox>,
}

impl Default for Kept {
    fn default() -> Kept {
        // Boxes are rounded as they are read (see `Builder::read`): rounding in taffy walks
        // the whole tree every frame.
        let mut taffy = TaffyTree::new();
        taffy.disable_rounding();
        Kept {
            taffy,
            info: NodeMap::default(),
            built: NodeMap::default(),
            boxes: NodeMap::default(),
            percents: NodeMap::default(),
            atoms: IdSet::default(),
        }
    }
}

/// Lays out the page on screen frame after frame. A subtree whose composition and styles did
/// not change keeps its taffy nodes, so taffy's own cache skips it; its boxes are reused as
/// they are, or moved, when its size did not change.
pub struct Layouter {
    metrics: text::Metrics,
    /// What the kept tree was built for: the page's root and the viewport.
    key: Option<(NodeId, Viewport)>,
    kept: Kept,
    /// Nodes in the taffy tree after the last full build: once there are many more, most are
    /// left from rebuilt parts and the next frame starts again from nothing.
    live: usize,
    reused: usize,
}

impl Layouter {
    pub fn new(metrics: text::Metrics) -> Layouter {
        Layouter {
            metrics,
            key: None,
            kept: Kept::default(),
            live: 0,
            reused: 0,
        }
    }

    /// Forgets everything: the next frame is laid out from nothing.
    pub fn reset(&mut self) {
        self.key = None;
        self.kept = Kept::default();
    }

    /// Drops what was built for nodes that left the tree.
    pub fn forget(&mut self, gone: &[NodeId]) {
        for id in gone {
            self.kept.built.remove(id);
        }
    }

    /// How many subtrees the last frame took from the frame before.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Lays out `page`. `changed` names the nodes whose style, or a descendant's, changed since
    /// the last call (see [`crate::style::Styler::changed`]); `None` means anything may have.
    /// A picture that arrived since the last call changes nothing here: call with `None`.
    pub fn layout(
        &mut self,
        page: &Rc<Composed>,
        styles: &PageStyles,
        viewport: Viewport,
        changed: Option<&NodeSet>,
        images: &dyn ImageSizes,
    ) -> Option<LBox> {
        let key = Some((page.id, viewport));
        let garbage = self.kept.taffy.total_node_count() > 2 * self.live + 4096;
        if changed.is_none() || self.key != key || garbage {
            self.reset();
            self.key = key;
        }
        let full = self.kept.built.is_empty();
        let none = NodeSet::default();
        let out = lay_out(
            &mut self.kept,
            self.metrics,
            page,
            styles,
            viewport,
            changed.unwrap_or(&none),
            images,
        );
        match &out {
            Some((_, reused)) => self.reused = *reused,
            // Whatever was half built is not to be trusted.
            None => self.reset(),
        }
        if full {
            self.live = self.kept.taffy.total_node_count();
        }
        out.map(|(b, _)| b)
    }
}

/// One frame's layout onto the kept tree. Returns the page box and how many subtrees were
/// reused.
fn lay_out(
    kept: &mut Kept,
    metrics: text::Metrics,
    page: &Rc<Composed>,
    styles: &PageStyles,
    viewport: Viewport,
    changed: &NodeSet,
    images: &dyn ImageSizes,
) -> Option<(LBox, usize)> {
    let width = viewport.width;
    let mut b = Builder {
        metrics,
        rules: viewport.rules,
        kept,
        styles,
        changed,
        images,
        fixed: Vec::new(),
        absolute: Vec::new(),
        ancestors: Vec::new(),
        fresh: IdSet::default(),
        reused: 0,
        with_atoms: Vec::new(),
        placed: NodeMap::default(),
        converted: Converted::default(),
    };
    let page_node = b.build(page)?;
    let mut root_style = b.kept.taffy.style(page_node).ok()?.clone();
    root_style.size.width = Dimension::length(width);
    b.kept.taffy.set_style(page_node, root_style).ok()?;
    // The viewport box holds the page. It is a flex container so that the page's margins stay
    // inside the page, as the root's do. Fixed boxes move into it after a first pass.
    let root = b
        .kept
        .taffy
        .new_with_children(
            Style {
                display: Display::Flex,
                flex_direction: FlexDirection::Column,
                align_items: Some(AlignItems::FlexStart),
                position: Position::Relative,
                size: Size {
                    width: Dimension::length(width),
                    height: Dimension::length(viewport.height),
                },
                ..Default::default()
            },
            &[page_node],
        )
        .ok()?;
    b.fresh.insert(root);
    let measure = |known: Size<Option<f32>>,
                   avail: Size<AvailableSpace>,
                   _id: taffy::NodeId,
                   ctx: Option<&mut Ctx>,
                   _s: &Style|
     -> Size<f32> {
        let Some(Ctx::Para(p)) = ctx else {
            return Size::ZERO;
        };
        let max = known.width.or(match avail.width {
            AvailableSpace::Definite(w) => Some(w),
            AvailableSpace::MinContent => Some(0.0),
            AvailableSpace::MaxContent => None,
        });
        let laid = p.lines(max, metrics);
        let clamped;
        let lines: &[Line] = if p.clamp.is_some() {
            clamped = clamp_lines(laid.as_ref().clone(), p, max.unwrap_or(f32::MAX));
            &clamped
        } else {
            &laid
        };
        let w = lines.iter().map(|l| l.width).fold(0.0, f32::max);
        let h: f32 = lines.iter().map(|l| l.height).sum();
        Size {
            width: known.width.unwrap_or(w.ceil()),
            height: known.height.unwrap_or(h),
        }
    };
    let space = Size {
        width: AvailableSpace::Definite(width),
        height: AvailableSpace::MaxContent,
    };
    for para in std::mem::take(&mut b.with_atoms) {
        size_atoms(b.kept, para, metrics, &measure);
    }
    compute(b.kept, root, space, &measure)?;
    // Absolute boxes whose parent is not positioned were laid out in it, where taffy puts
    // them, to learn their static position; now they move into their containing block.
    if !b.absolute.is_empty() {
        to_containing_blocks(&mut b, page_node)?;
        if b.fixed.is_empty() {
            compute(b.kept, root, space, &measure)?;
        }
    }
    // `position: fixed` boxes were laid out in place (as absolute boxes) to learn their static
    // position; now they move into the viewport, an axis with no inset keeping that position.
    if !b.fixed.is_empty() {
        let statics: Vec<(f32, f32)> = (b.fixed.iter())
            .map(|f| static_position(&b.kept.taffy, *f, page_node))
            .collect();
        for (f, (sx, sy)) in b.fixed.clone().into_iter().zip(statics) {
            let taffy = &mut b.kept.taffy;
            let mut st = taffy.style(f).ok()?.clone();
            if st.inset.left.is_auto() && st.inset.right.is_auto() {
                st.inset.left = LengthPercentageAuto::length(sx);
            }
            if st.inset.top.is_auto() && st.inset.bottom.is_auto() {
                st.inset.top = LengthPercentageAuto::length(sy);
            }
            if let Some(parent) = taffy.parent(f) {
                taffy.remove_child(parent, f).ok()?;
            }
            taffy.set_style(f, st).ok()?;
            taffy.add_child(root, f).ok()?;
        }
        compute(b.kept, root, space, &measure)?;
    }
    let mut page_box = LBox::clone(&*b.read(page_node, 0.0, 0.0, (0.0, 0.0))?);
    for f in b.fixed.clone() {
        page_box.children.extend(b.read(f, 0.0, 0.0, (0.0, 0.0)));
    }
    Some((page_box, b.reused))
}

/// How a paragraph leaf is measured: taffy's measure function, given the leaf's context.
type Measure<'a> = dyn Fn(
        Size<Option<f32>>,
        Size<AvailableSpace>,
        taffy::NodeId,
        Option<&mut Ctx>,
        &Style,
    ) -> Size<f32>
    + 'a;

/// Lays out each inline-level box of paragraph `para` on its own, at its max-content size, and
/// tells the paragraph how big each is on its lines: the margin box, standing on the
/// baseline or moved by `vertical-align` (a length raises it, `middle` centres it on the
/// middle of the parent's lower-case letters, `top` and `bottom` meet the strut's).
fn size_atoms(kept: &mut Kept, para: taffy::NodeId, metrics: text::Metrics, measure: &Measure) {
    let Some(Ctx::Para(p)) = kept.taffy.get_node_context(para) else {
        return;
    };
    let strut = p.runs.first().map_or(16.0, |r| r.size);
    let nodes: Vec<taffy::NodeId> = p.atoms.iter().map(|a| a.node).collect();
    let mut sized = Vec::with_capacity(nodes.len());
    for node in nodes {
        let _ = kept
            .taffy
            .compute_layout_with_measure(node, Size::MAX_CONTENT, |k, a, n, c, s| {
                measure(k, a, n, c, s)
            });
        let Ok(l) = kept.taffy.layout(node) else {
            sized.push((text::Atom::default(), (0.0, 0.0)));
            continue;
        };
        let w = l.size.width + l.margin.left + l.margin.right;
        let h = l.size.height + l.margin.top + l.margin.bottom;
        let style = kept
            .info
            .get(&node)
            .map(|i| i.style.clone())
            .unwrap_or_default();
        let va = style.get("vertical-align").cloned();
        // Its baseline: its last line's, else (no text, or clipped) its bottom margin edge.
        let clipped = style.get("overflow").is_some_and(|o| o != "visible");
        let own = last_baseline(&kept.taffy, node, metrics).filter(|_| !clipped);
        let above = own.map_or(h, |b| l.margin.top + b);
        // The strut: how far the paragraph's own line reaches above and below its baseline.
        let (line, base) = text::line_box(strut, None, metrics);
        let raise = match va.as_deref() {
            Some("middle") => {
                let x_height = text::content_area(strut, metrics).0 * 0.5;
                x_height / 2.0 - h / 2.0
            }
            // Its top at the line's top, or its bottom at the line's bottom (where the strut
            // sets them).
            Some("top" | "text-top") => base - h,
            Some("bottom" | "text-bottom") => base - line,
            Some(v) => match css::length(v, strut) {
                Some(Len::Px(px)) => px + above - h,
                _ => above - h,
            },
            None => above - h,
        };
        let atom = text::Atom {
            w,
            ascent: h + raise,
            descent: -raise,
        };
        sized.push((atom, (l.margin.left, l.margin.top)));
    }
    if let Some(Ctx::Para(p)) = kept.taffy.get_node_context_mut(para) {
        for (a, (size, margin)) in p.atoms.iter_mut().zip(sized) {
            a.size = size;
            a.margin = margin;
        }
        p.laid.borrow_mut().clear();
    }
    let _ = kept.taffy.mark_dirty(para);
}

/// How far below the top of `node`'s box its last line's baseline is, after a layout pass;
/// `None` when no line is in its flow.
fn last_baseline(
    taffy: &TaffyTree<Ctx>,
    node: taffy::NodeId,
    metrics: text::Metrics,
) -> Option<f32> {
    if let Some(Ctx::Para(p)) = taffy.get_node_context(node) {
        let width = taffy.layout(node).ok()?.size.width;
        let lines = p.lines(Some(width.max(1.0) + 0.5), metrics);
        let (last, before) = lines.split_last()?;
        return Some(before.iter().map(|l| l.height).sum::<f32>() + last.baseline);
    }
    let mut found = None;
    for k in taffy.children(node).ok()? {
        if taffy
            .style(k)
            .is_ok_and(|s| s.position == Position::Absolute)
        {
            continue;
        }
        if let (Some(b), Ok(l)) = (last_baseline(taffy, k, metrics), taffy.layout(k)) {
            found = Some(l.location.y + b);
        }
    }
    found
}

/// One layout pass of the kept tree, then again while percentage padding resolves to new
/// lengths (twice at most: a shrink-to-fit box can widen with its children's padding).
fn compute(
    kept: &mut Kept,
    root: taffy::NodeId,
    space: Size<AvailableSpace>,
    measure: &Measure<'_>,
) -> Option<()> {
    for pass in 0..3 {
        kept.taffy
            .compute_layout_with_measure(root, space, |k, a, n, c, s| measure(k, a, n, c, s))
            .ok()?;
        if pass == 2 || !percent::resolve(&mut kept.taffy, &kept.percents) {
            break;
        }
    }
    Some(())
}

/// Where `node` sits in page coordinates after a layout pass: its place in each box up to and
/// including the page's, its margins left out (the inset puts the margin box there).
/// Moves each absolute box the builder found under a parent that is not positioned into its
/// containing block, the nearest positioned ancestor's padding box (the page's, when there is
/// none), as CSS places it; an axis with no inset keeps the box where it was laid out.
fn to_containing_blocks(b: &mut Builder, page: taffy::NodeId) -> Option<()> {
    let moves: Vec<(taffy::NodeId, taffy::NodeId)> = (b.absolute.iter())
        .filter_map(|&(node, block)| {
            let block = match block {
                Some(id) => b.kept.built.get(&id)?.node?,
                None => page,
            };
            Some((node, block))
        })
        .collect();
    let places: Vec<(f32, f32)> = (moves.iter())
        .map(|&(node, block)| {
            let (x, y) = static_position(&b.kept.taffy, node, page);
            let (bx, by) = origin(&b.kept.taffy, block, page);
            let border = b
                .kept
                .taffy
                .layout(block)
                .map(|l| l.border)
                .unwrap_or_default();
            (x - bx - border.left, y - by - border.top)
        })
        .collect();
    let taffy = &mut b.kept.taffy;
    for ((node, block), (x, y)) in moves.into_iter().zip(places) {
        let mut st = taffy.style(node).ok()?.clone();
        if st.inset.left.is_auto() && st.inset.right.is_auto() {
            st.inset.left = LengthPercentageAuto::length(x);
        }
        if st.inset.top.is_auto() && st.inset.bottom.is_auto() {
            st.inset.top = LengthPercentageAuto::length(y);
        }
        if let Some(parent) = taffy.parent(node) {
            taffy.remove_child(parent, node).ok()?;
        }
        taffy.set_style(node, st).ok()?;
        taffy.add_child(block, node).ok()?;
    }
    Some(())
}

/// Where `node`'s border box is in the page.
fn origin(taffy: &TaffyTree<Ctx>, node: taffy::NodeId, page: taffy::NodeId) -> (f32, f32) {
    let (mut x, mut y) = (0.0, 0.0);
    let mut cur = Some(node);
    while let Some(n) = cur {
        if n == page {
            break;
        }
        if let Ok(l) = taffy.layout(n) {
            x += l.location.x;
            y += l.location.y;
        }
        cur = taffy.parent(n);
    }
    (x, y)
}

fn static_position(taffy: &TaffyTree<Ctx>, node: taffy::NodeId, page: taffy::NodeId) -> (f32, f32) {
    let Ok(own) = taffy.layout(node) else {
        return (0.0, 0.0);
    };
    let (mut x, mut y) = (-own.margin.left, -own.margin.top);
    let mut cur = Some(node);
    while let Some(n) = cur {
        if let Ok(l) = taffy.layout(n) {
            x += l.location.x;
            y += l.location.y;
        }
        cur = if n == page { None } else { taffy.parent(n) };
    }
    (x, y)
}
