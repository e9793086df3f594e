//! What taffy cannot place, done on the boxes it produced: right-to-left rows and baseline
//! alignment in flex rows.

use super::*;

/// `direction: rtl`: taffy lays rows out left to right only, so the children of a
/// right-to-left box are mirrored inside its content box afterwards (the first grid column
/// or flex item ends up on the right, a narrow block against the right edge). Positioned
/// children keep their physical `left` and `right`.
pub(super) fn mirror_rtl(b: &mut LBox, l: &Layout) {
    let start = l.border.left + l.padding.left;
    let end = b.w - l.border.right - l.padding.right;
    for child in &mut b.children {
        let positioned = child
            .style
            .get("position")
            .is_some_and(|p| p == "absolute" || p == "fixed");
        if positioned {
            continue;
        }
        let rel = child.x - b.x;
        let dx = (start + end - rel - child.w).round() - rel;
        if dx != 0.0 {
            *child = Arc::new(child.shifted(dx, 0.0));
        }
    }
}

/// `align-items: baseline` / `align-self: baseline` in a flex row. taffy cannot learn a text
/// leaf's baseline, so it places those items at the top; here they move down until their
/// first baselines (margin included) meet the lowest one. The line does not grow for it.
pub(super) fn align_baselines(b: &mut LBox, l: &Layout) {
    let row = matches!(
        b.style.get("display").map(String::as_str),
        Some("flex" | "inline-flex")
    ) && !b
        .style
        .get("flex-direction")
        .is_some_and(|d| d.starts_with("column"));
    if !row {
        return;
    }
    let all = b.style.get("align-items").is_some_and(|a| a == "baseline");
    let aligned = |c: &LBox| {
        let own = c.style.get("align-self").map(String::as_str);
        let positioned = c
            .style
            .get("position")
            .is_some_and(|p| p == "absolute" || p == "fixed");
        !positioned && (own == Some("baseline") || (all && matches!(own, None | Some("auto"))))
    };
    let margin_top = |c: &LBox| match css::sides(&c.style, "margin", 16.0)[0] {
        css::Len::Px(p) => p,
        _ => 0.0,
    };
    let baselines: Vec<Option<f32>> = b
        .children
        .iter()
        .map(|c| aligned(c).then(|| margin_top(c) + first_baseline(c).unwrap_or(c.h)))
        .collect();
    let Some(lowest) = baselines.iter().flatten().copied().reduce(f32::max) else {
        return;
    };
    let top = b.y + l.border.top + l.padding.top;
    for (child, base) in b.children.iter_mut().zip(baselines) {
        let Some(base) = base else { continue };
        let dy = (top + lowest - base + margin_top(child)).round() - child.y;
        if dy != 0.0 {
            *child = Arc::new(child.shifted(0.0, dy));
        }
    }
}

/// How far below the top of `b` its first line of text sits, if it has one.
fn first_baseline(b: &LBox) -> Option<f32> {
    if let Some(line) = b.lines.first() {
        return Some(line.baseline);
    }
    b.children
        .iter()
        .find_map(|c| first_baseline(c).map(|base| c.y - b.y + base))
}
