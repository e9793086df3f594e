//! Layout: the composed, styled tree becomes boxes. Block, flex and grid come from taffy;
//! runs of inline content (text, `<text>`) become paragraphs measured and wrapped with the
//! bundled font. Built-in components get the default sizes the platform gives them.

use crate::compose::Composed;
use crate::css::{self, Len};
use crate::style::PageStyles;
use crate::text::{self, Line, Run};
use mpsim_wxml::NodeId;
use mpsim_wxss::ComputedStyle;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use taffy::prelude::*;

mod boxes;
mod build;
mod inline;
mod kind;
mod taffy_style;
#[cfg(test)]
mod tests;

pub use boxes::*;
use build::*;
use inline::*;
use kind::box_kind;
use taffy_style::*;
pub use taffy_style::{border_width, border_widths};

enum Ctx {
    Para(Para),
}

/// The window a page is laid out in, in CSS pixels: the screen minus the status, navigation
/// and tab bars. Percentages of the page resolve against its width; `position: fixed` boxes
/// against both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: f32,
    pub height: f32,
}

/// Lays out a composed page in `viewport`. `position: fixed` boxes become extra children of
/// the page box, marked `#fixed`, positioned in viewport coordinates (they do not scroll).
pub fn layout_page(page: &Composed, styles: &PageStyles, viewport: Viewport) -> Option<LBox> {
    layout_page_with(page, styles, viewport, text::Metrics::Font)
}

/// [`layout_page`] with a choice of text metrics.
pub fn layout_page_with(
    page: &Composed,
    styles: &PageStyles,
    viewport: Viewport,
    metrics: text::Metrics,
) -> Option<LBox> {
    let width = viewport.width;
    let mut b = Builder {
        metrics,
        taffy: TaffyTree::new(),
        styles,
        info: HashMap::new(),
        fixed: Vec::new(),
        inline: HashMap::new(),
    };
    let page_node = b.build(page)?;
    let mut root_style = b.taffy.style(page_node).ok()?.clone();
    root_style.size.width = Dimension::length(width);
    b.taffy.set_style(page_node, root_style).ok()?;
    // The viewport box holds the page. It is a flex container so that the page's margins stay
    // inside the page, as the root's do. Fixed boxes move into it after a first pass.
    let root = b
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
        let lines = text::lay_out_with(&p.runs, max, p.line_height, p.nowrap, metrics);
        let lines = if p.clamp.is_some() {
            clamp_lines(lines, p, max.unwrap_or(f32::MAX))
        } else {
            lines
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
    b.taffy
        .compute_layout_with_measure(root, space, measure)
        .ok()?;
    // `position: fixed` boxes were laid out in place (as absolute boxes) to learn their static
    // position; now they move into the viewport, an axis with no inset keeping that position.
    if !b.fixed.is_empty() {
        let mut statics = HashMap::new();
        static_positions(&b.taffy, page_node, 0.0, 0.0, &b.fixed, &mut statics);
        for f in b.fixed.clone() {
            let (sx, sy) = statics.get(&f).copied().unwrap_or_default();
            let mut st = b.taffy.style(f).ok()?.clone();
            if st.inset.left.is_auto() && st.inset.right.is_auto() {
                st.inset.left = LengthPercentageAuto::length(sx);
            }
            if st.inset.top.is_auto() && st.inset.bottom.is_auto() {
                st.inset.top = LengthPercentageAuto::length(sy);
            }
            if let Some(parent) = b.taffy.parent(f) {
                b.taffy.remove_child(parent, f).ok()?;
            }
            b.taffy.set_style(f, st).ok()?;
            b.taffy.add_child(root, f).ok()?;
        }
        b.taffy
            .compute_layout_with_measure(root, space, measure)
            .ok()?;
    }
    let mut page_box = b.read(page_node, 0.0, 0.0)?;
    for f in &b.fixed {
        page_box.children.extend(b.read(*f, 0.0, 0.0));
    }
    Some(page_box)
}

/// Where each of `wanted` sits in page coordinates after a layout pass.
fn static_positions(
    taffy: &TaffyTree<Ctx>,
    node: taffy::NodeId,
    ox: f32,
    oy: f32,
    wanted: &[taffy::NodeId],
    out: &mut HashMap<taffy::NodeId, (f32, f32)>,
) {
    let Ok(l) = taffy.layout(node) else { return };
    let (x, y) = (ox + l.location.x, oy + l.location.y);
    if wanted.contains(&node) {
        // The inset puts the margin box there: leave the margins out.
        out.insert(node, (x - l.margin.left, y - l.margin.top));
    }
    for c in taffy.children(node).into_iter().flatten() {
        static_positions(taffy, c, x, y, wanted, out);
    }
}
