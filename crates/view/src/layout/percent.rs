//! Percentage padding. CSS resolves it, on all four sides, against the width of the
//! containing block (CSS 2 §8.4): `padding-top: 56.25%` is the usual way to give a banner a
//! 16:9 box. taffy's block layout resolves a box's vertical padding against heights, and in
//! places against the box's own width, so mpsim resolves percentages itself: after a pass,
//! each such box gets its padding in pixels from its containing block's laid-out width, and
//! the page is laid out again while that changes anything. Skyline's percentage border
//! widths (float-pigment has them; CSS does not) resolve the same way.

use super::*;

/// A box's padding and border widths as styled, where at least one side is a percentage.
#[derive(Clone, Copy)]
pub(super) struct PercentPadding {
    /// Top, right, bottom, left.
    sides: [Len; 4],
    /// The border widths, when they are taken as percentages (Skyline only).
    border: Option<[Len; 4]>,
    /// An absolutely positioned box's containing block is its parent's padding box, not its
    /// content box.
    absolute: bool,
}

impl PercentPadding {
    /// `Some` when `style` has a percentage on a side of its padding, or of its border under
    /// Skyline's rules.
    pub(super) fn of(s: &ComputedStyle, absolute: bool, rules: Rules) -> Option<PercentPadding> {
        let fs = font_size(s);
        let percent = |sides: &[Len; 4]| sides.iter().any(|l| matches!(l, Len::Percent(_)));
        let sides = css::sides(s, "padding", fs);
        let border = Some(border_lengths(s, fs)).filter(|b| rules == Rules::Skyline && percent(b));
        (percent(&sides) || border.is_some()).then_some(PercentPadding {
            sides,
            border,
            absolute,
        })
    }
}

/// Gives every box in `percents` its padding in pixels of its containing block's width as
/// last laid out. Returns whether any box's padding changed (then lay out again).
pub(super) fn resolve(
    taffy: &mut TaffyTree<Ctx>,
    percents: &NodeMap<taffy::NodeId, PercentPadding>,
) -> bool {
    let mut changed = false;
    for (&node, p) in percents {
        // Boxes left from rebuilt parts of the page have no parent and count for nothing.
        let Some(parent) = taffy.parent(node) else {
            continue;
        };
        let Ok(cb) = taffy.layout(parent) else {
            continue;
        };
        let mut width = cb.size.width - cb.border.left - cb.border.right;
        if !p.absolute {
            width -= cb.padding.left + cb.padding.right;
        }
        let px = |l: Len| match l {
            Len::Percent(f) => LengthPercentage::length(f * width.max(0.0)),
            other => len_lp(other),
        };
        let rect = |sides: [Len; 4]| Rect {
            top: px(sides[0]),
            right: px(sides[1]),
            bottom: px(sides[2]),
            left: px(sides[3]),
        };
        let padding = rect(p.sides);
        let Ok(style) = taffy.style(node) else {
            continue;
        };
        let border = p.border.map(rect).unwrap_or(style.border);
        if style.padding == padding && style.border == border {
            continue;
        }
        let mut style = style.clone();
        style.padding = padding;
        style.border = border;
        changed |= taffy.set_style(node, style).is_ok();
    }
    changed
}
