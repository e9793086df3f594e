//! Layout: the composed, styled tree becomes boxes. Block, flex and grid come from taffy;
//! runs of inline content (text, `<text>`) become paragraphs measured and wrapped with the
//! bundled font. Built-in components get the default sizes the platform gives them.

use crate::compose::Composed;
use crate::css::{self, Len};
use crate::text::{self, Line, Run};
use mpsim_wxml::NodeId;
use mpsim_wxss::ComputedStyle;
use std::collections::HashMap;
use taffy::prelude::*;
use taffy::style::{GridTemplateRepetition, Overflow};

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

#[derive(Debug, Clone)]
struct Para {
    runs: Vec<Run>,
    line_height: Option<f32>,
    nowrap: bool,
    /// `-webkit-line-clamp`: at most this many lines.
    clamp: Option<usize>,
    /// `text-overflow: ellipsis`: a cut line ends with "…".
    ellipsis: bool,
}

/// Cuts lines to `clamp` and, when asked, ends the last visible line with an ellipsis so that
/// it fits `width`.
fn clamp_lines(mut lines: Vec<Line>, p: &Para, width: f32) -> Vec<Line> {
    let cut = p.clamp.is_some_and(|n| lines.len() > n);
    if let Some(n) = p.clamp {
        lines.truncate(n.max(1));
    }
    let overflowing = lines.last().is_some_and(|l| l.width > width + 0.5);
    if (p.ellipsis || p.clamp.is_some())
        && (cut || overflowing)
        && let Some(last) = lines.last_mut()
    {
        let (size, color, bold) = last
            .glyphs
            .last()
            .map(|g| (g.size, g.color, g.bold))
            .unwrap_or((16.0, [0, 0, 0, 255], false));
        let dots = text::advance('…', size, bold);
        while last.glyphs.last().is_some_and(|g| g.x + dots > width)
            || (cut && last.width + dots > width && !last.glyphs.is_empty())
        {
            last.glyphs.pop();
            last.width = last
                .glyphs
                .last()
                .map(|g| g.x + text::advance(g.ch, g.size, g.bold))
                .unwrap_or(0.0);
            if last.width + dots <= width {
                break;
            }
        }
        let x = last.width;
        last.glyphs.push(text::Placed {
            ch: '…',
            x,
            size,
            color,
            bold,
        });
        last.width = x + dots;
    }
    lines
}

enum Ctx {
    Para(Para),
}

const INLINE_TAGS: &[&str] = &["text", "span", "label", "b", "i", "em", "strong", "a"];

fn font_size(s: &ComputedStyle) -> f32 {
    s.get("font-size")
        .and_then(|v| css::length(v, 16.0))
        .and_then(|l| if let Len::Px(p) = l { Some(p) } else { None })
        .unwrap_or(16.0)
}

fn display_of(c: &Composed, s: &ComputedStyle) -> String {
    if let Some(d) = s.get("display") {
        return d.clone();
    }
    if c.text.is_some() || INLINE_TAGS.contains(&c.tag.as_str()) {
        return "inline".into();
    }
    match c.tag.as_str() {
        "image" | "icon" | "switch" | "checkbox" | "radio" => "inline-block".into(),
        _ => "block".into(),
    }
}

fn is_hidden(c: &Composed, s: &ComputedStyle) -> bool {
    let hidden_attr = c.attrs.iter().any(|(k, v)| {
        matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == "hidden")
            && mpsim_base::js::truthy(v)
    });
    hidden_attr || s.get("display").is_some_and(|d| d == "none")
}

/// Whether a block's content is a row of inline boxes: inline-blocks (images, icons,
/// `display: inline-block` elements), maybe with text, and nothing block-level. `Some(true)`
/// when there is text among them.
fn inline_row(
    c: &Composed,
    s: &ComputedStyle,
    styles: &HashMap<NodeId, ComputedStyle>,
) -> Option<bool> {
    if c.tag == "swiper" || s.get("white-space").is_some_and(|w| w == "pre") {
        return None;
    }
    let empty = ComputedStyle::new();
    let (mut text, mut boxes) = (false, false);
    for k in &c.children {
        let ks = styles.get(&k.id).unwrap_or(&empty);
        if is_hidden(k, ks)
            || ks
                .get("position")
                .is_some_and(|p| p == "absolute" || p == "fixed")
        {
            continue;
        }
        if is_inline(k, styles) {
            text |= k.text.as_ref().is_none_or(|t| !t.trim().is_empty());
        } else if matches!(display_of(k, ks).as_str(), "inline-block" | "inline-flex") {
            boxes = true;
        } else {
            return None;
        }
    }
    boxes.then_some(text)
}

/// A run of inline content: text nodes and inline elements holding only text.
fn is_inline(c: &Composed, styles: &HashMap<NodeId, ComputedStyle>) -> bool {
    let empty = ComputedStyle::new();
    let s = styles.get(&c.id).unwrap_or(&empty);
    c.text.is_some()
        || (display_of(c, s) == "inline" && c.children.iter().all(|k| is_inline(k, styles)))
}

fn collect_runs(
    c: &Composed,
    inherited: &ComputedStyle,
    styles: &HashMap<NodeId, ComputedStyle>,
    out: &mut Vec<Run>,
    elements: &mut Vec<NodeId>,
) {
    let empty = ComputedStyle::new();
    if let Some(t) = &c.text {
        let s = inherited;
        let bold = s
            .get("font-weight")
            .is_some_and(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
        out.push(Run {
            text: t.clone(),
            size: font_size(s),
            color: s
                .get("color")
                .and_then(|v| css::color(v))
                .unwrap_or([0, 0, 0, 255]),
            bold,
        });
        return;
    }
    let s = styles.get(&c.id).unwrap_or(&empty);
    if is_hidden(c, s) {
        return;
    }
    elements.push(c.id);
    for k in &c.children {
        collect_runs(k, s, styles, out, elements);
    }
}

fn len_dim(l: Len) -> Dimension {
    match l {
        Len::Px(p) => Dimension::length(p),
        Len::Percent(p) => Dimension::percent(p),
        Len::Auto => Dimension::auto(),
    }
}

fn len_lpa(l: Len) -> LengthPercentageAuto {
    match l {
        Len::Px(p) => LengthPercentageAuto::length(p),
        Len::Percent(p) => LengthPercentageAuto::percent(p),
        Len::Auto => LengthPercentageAuto::auto(),
    }
}

fn len_lp(l: Len) -> LengthPercentage {
    match l {
        Len::Px(p) => LengthPercentage::length(p),
        Len::Percent(p) => LengthPercentage::percent(p),
        Len::Auto => LengthPercentage::length(0.0),
    }
}

fn get_len(s: &ComputedStyle, name: &str, fs: f32) -> Option<Len> {
    s.get(name).and_then(|v| css::length(v, fs))
}

/// The default look of built-in components, where the app's style says nothing.
fn builtin_size(tag: &str, c: &Composed) -> Option<(f32, f32)> {
    Some(match tag {
        "image" => (320.0, 240.0),
        "icon" => {
            let size = c.attr_text("size").parse::<f32>().unwrap_or(23.0);
            (size, size)
        }
        "switch" => (52.0, 32.0),
        "checkbox" | "radio" => (24.0, 24.0),
        "video" => (300.0, 225.0),
        "map" | "canvas" | "camera" => (300.0, 150.0),
        "swiper" => (0.0, 150.0),
        "swiper-item" => (0.0, 0.0),
        "input" => (0.0, 22.4),
        "textarea" => (300.0, 150.0),
        "progress" => (
            0.0,
            c.attr_text("stroke-width").parse::<f32>().unwrap_or(6.0),
        ),
        "slider" => (0.0, 28.0),
        _ => return None,
    })
}

/// One grid track: `50px`, `20%`, `1fr`, `auto`, `min-content`, `max-content`,
/// `minmax(a, b)`.
fn track(t: &str, fs: f32) -> Option<TrackSizingFunction> {
    let t = t.trim();
    if let Some(inner) = t.strip_prefix("minmax(").and_then(|r| r.strip_suffix(')')) {
        let (a, b) = inner.split_once(',')?;
        let min = track(a, fs)?;
        let max = track(b, fs)?;
        return Some(minmax(min.min, max.max));
    }
    Some(match t {
        "auto" => auto(),
        "min-content" => min_content(),
        "max-content" => max_content(),
        _ => {
            if let Some(f) = t.strip_suffix("fr") {
                fr(f.trim().parse::<f32>().ok()?)
            } else {
                match css::length(t, fs)? {
                    Len::Px(p) => length(p),
                    Len::Percent(p) => percent(p),
                    Len::Auto => auto(),
                }
            }
        }
    })
}

/// Splits on spaces outside parentheses.
fn tokens(v: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, ch) in v.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ' ' if depth == 0 => {
                if i > start {
                    out.push(&v[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < v.len() {
        out.push(&v[start..]);
    }
    out
}

/// `grid-template-columns`/`-rows`: tracks and `repeat(N | auto-fill | auto-fit, tracks)`.
fn template(v: &str, fs: f32) -> Vec<GridTemplateComponent<String>> {
    let mut out = Vec::new();
    for tok in tokens(v) {
        if let Some(inner) = tok
            .strip_prefix("repeat(")
            .and_then(|r| r.strip_suffix(')'))
        {
            let Some((count, list)) = inner.split_once(',') else {
                continue;
            };
            let count = match count.trim() {
                "auto-fill" => RepetitionCount::AutoFill,
                "auto-fit" => RepetitionCount::AutoFit,
                n => match n.parse::<u16>() {
                    Ok(n) => RepetitionCount::Count(n),
                    Err(_) => continue,
                },
            };
            let tracks: Vec<TrackSizingFunction> = tokens(list.trim())
                .into_iter()
                .filter_map(|t| track(t, fs))
                .collect();
            out.push(GridTemplateComponent::Repeat(GridTemplateRepetition {
                count,
                tracks,
                line_names: Vec::new(),
            }));
        } else if let Some(t) = track(tok, fs) {
            out.push(GridTemplateComponent::Single(t));
        }
    }
    out
}

fn to_taffy(c: &Composed, s: &ComputedStyle) -> Style {
    let fs = font_size(s);
    let display = display_of(c, s);
    let mut st = Style {
        display: match display.as_str() {
            "flex" | "inline-flex" => Display::Flex,
            "grid" | "inline-grid" => Display::Grid,
            _ => Display::Block,
        },
        box_sizing: if s.get("box-sizing").is_some_and(|b| b == "border-box") {
            BoxSizing::BorderBox
        } else {
            BoxSizing::ContentBox
        },
        ..Default::default()
    };
    let sz = |n: &str| get_len(s, n, fs).map(len_dim);
    let builtin = builtin_size(&c.tag, c);
    st.size.width = sz("width").unwrap_or_else(|| match builtin {
        Some((w, _)) if w > 0.0 => Dimension::length(w),
        _ => Dimension::auto(),
    });
    if c.tag == "swiper-item" {
        st.size.height = Dimension::percent(1.0);
    }
    st.size.height = sz("height").unwrap_or_else(|| match builtin {
        _ if c.tag == "swiper-item" => Dimension::percent(1.0),
        Some((_, h)) if h > 0.0 => Dimension::length(h),
        _ => Dimension::auto(),
    });
    st.min_size = Size {
        width: sz("min-width").unwrap_or(Dimension::auto()),
        height: sz("min-height").unwrap_or(Dimension::auto()),
    };
    st.max_size = Size {
        width: sz("max-width").unwrap_or(Dimension::auto()),
        height: sz("max-height").unwrap_or(Dimension::auto()),
    };
    let m = css::sides(s, "margin", fs);
    st.margin = Rect {
        top: len_lpa(m[0]),
        right: len_lpa(m[1]),
        bottom: len_lpa(m[2]),
        left: len_lpa(m[3]),
    };
    let p = css::sides(s, "padding", fs);
    st.padding = Rect {
        top: len_lp(p[0]),
        right: len_lp(p[1]),
        bottom: len_lp(p[2]),
        left: len_lp(p[3]),
    };
    let [bt, br, bb, bl] = border_widths(s, fs);
    st.border = Rect {
        top: LengthPercentage::length(bt),
        right: LengthPercentage::length(br),
        bottom: LengthPercentage::length(bb),
        left: LengthPercentage::length(bl),
    };
    if matches!(
        s.get("position").map(String::as_str),
        Some("absolute") | Some("fixed")
    ) {
        st.position = Position::Absolute;
    }
    st.inset = Rect {
        top: get_len(s, "top", fs)
            .map(len_lpa)
            .unwrap_or(LengthPercentageAuto::auto()),
        right: get_len(s, "right", fs)
            .map(len_lpa)
            .unwrap_or(LengthPercentageAuto::auto()),
        bottom: get_len(s, "bottom", fs)
            .map(len_lpa)
            .unwrap_or(LengthPercentageAuto::auto()),
        left: get_len(s, "left", fs)
            .map(len_lpa)
            .unwrap_or(LengthPercentageAuto::auto()),
    };
    // A box that clips its content has no automatic minimum size (CSS 2 overflow rules).
    let clip = |v: Option<&String>| {
        v.map(|v| match v.as_str() {
            "hidden" | "clip" => Overflow::Hidden,
            "scroll" | "auto" => Overflow::Scroll,
            _ => Overflow::Visible,
        })
    };
    let both = clip(s.get("overflow"));
    st.overflow = taffy::Point {
        x: clip(s.get("overflow-x"))
            .or(both)
            .unwrap_or(Overflow::Visible),
        y: clip(s.get("overflow-y"))
            .or(both)
            .unwrap_or(Overflow::Visible),
    };
    if c.tag == "scroll-view" || c.tag == "swiper" {
        st.overflow = taffy::Point {
            x: Overflow::Hidden,
            y: Overflow::Hidden,
        };
    }
    if let Some(d) = s.get("flex-direction") {
        st.flex_direction = match d.as_str() {
            "column" => FlexDirection::Column,
            "row-reverse" => FlexDirection::RowReverse,
            "column-reverse" => FlexDirection::ColumnReverse,
            _ => FlexDirection::Row,
        };
    }
    if let Some(w) = s.get("flex-wrap") {
        st.flex_wrap = if w == "wrap" {
            FlexWrap::Wrap
        } else {
            FlexWrap::NoWrap
        };
    }
    let align = |v: &str| -> Option<AlignItems> {
        Some(match v {
            "center" => AlignItems::Center,
            "flex-start" | "start" => AlignItems::FlexStart,
            "flex-end" | "end" => AlignItems::FlexEnd,
            "stretch" => AlignItems::Stretch,
            "baseline" => AlignItems::Baseline,
            _ => return None,
        })
    };
    st.align_items = s.get("align-items").and_then(|v| align(v));
    st.align_self = s.get("align-self").and_then(|v| align(v));
    st.justify_content = s.get("justify-content").and_then(|v| {
        Some(match v.as_str() {
            "center" => JustifyContent::Center,
            "flex-start" | "start" => JustifyContent::FlexStart,
            "flex-end" | "end" => JustifyContent::FlexEnd,
            "space-between" => JustifyContent::SpaceBetween,
            "space-around" => JustifyContent::SpaceAround,
            "space-evenly" => JustifyContent::SpaceEvenly,
            _ => return None,
        })
    });
    if let Some(f) = s.get("flex") {
        let parts: Vec<&str> = f.split_whitespace().collect();
        match parts.as_slice() {
            ["none"] => {
                st.flex_grow = 0.0;
                st.flex_shrink = 0.0;
            }
            ["auto"] => {
                st.flex_grow = 1.0;
                st.flex_shrink = 1.0;
            }
            [g, rest @ ..] => {
                st.flex_grow = g.parse().unwrap_or(0.0);
                st.flex_shrink = rest.first().and_then(|x| x.parse().ok()).unwrap_or(1.0);
                st.flex_basis = rest
                    .get(1)
                    .and_then(|b| css::length(b, fs))
                    .map(len_dim)
                    .unwrap_or(Dimension::percent(0.0));
            }
            [] => {}
        }
    }
    if let Some(g) = s.get("flex-grow").and_then(|v| v.parse().ok()) {
        st.flex_grow = g;
    }
    if let Some(g) = s.get("flex-shrink").and_then(|v| v.parse().ok()) {
        st.flex_shrink = g;
    }
    if let Some(b) = get_len(s, "flex-basis", fs) {
        st.flex_basis = len_dim(b);
    }
    if let Some(v) = s.get("grid-template-columns") {
        st.grid_template_columns = template(v, fs);
    }
    if let Some(v) = s.get("grid-template-rows") {
        st.grid_template_rows = template(v, fs);
    }
    if let Some(v) = s.get("grid-auto-flow") {
        st.grid_auto_flow = match v.as_str() {
            "column" => GridAutoFlow::Column,
            "row dense" | "dense" => GridAutoFlow::RowDense,
            "column dense" => GridAutoFlow::ColumnDense,
            _ => GridAutoFlow::Row,
        };
    }
    if let Some(v) = s.get("grid-auto-rows") {
        st.grid_auto_rows = tokens(v).into_iter().filter_map(|t| track(t, fs)).collect();
    }
    if let Some(v) = s.get("grid-auto-columns") {
        st.grid_auto_columns = tokens(v).into_iter().filter_map(|t| track(t, fs)).collect();
    }
    st.align_content = s.get("align-content").and_then(|v| {
        Some(match v.as_str() {
            "center" => AlignContent::Center,
            "flex-start" | "start" => AlignContent::FlexStart,
            "flex-end" | "end" => AlignContent::FlexEnd,
            "space-between" => AlignContent::SpaceBetween,
            "space-around" => AlignContent::SpaceAround,
            "space-evenly" => AlignContent::SpaceEvenly,
            "stretch" => AlignContent::Stretch,
            _ => return None,
        })
    });
    if let Some(r) = s.get("aspect-ratio") {
        let ratio = match r.split_once('/') {
            Some((a, b)) => a
                .trim()
                .parse::<f32>()
                .ok()
                .zip(b.trim().parse::<f32>().ok())
                .map(|(a, b)| a / b),
            None => r.trim().parse::<f32>().ok(),
        };
        st.aspect_ratio = ratio.filter(|r| r.is_finite() && *r > 0.0);
    }
    if let Some(flow) = s.get("flex-flow") {
        for part in flow.split_whitespace() {
            match part {
                "row" => st.flex_direction = FlexDirection::Row,
                "column" => st.flex_direction = FlexDirection::Column,
                "row-reverse" => st.flex_direction = FlexDirection::RowReverse,
                "column-reverse" => st.flex_direction = FlexDirection::ColumnReverse,
                "wrap" => st.flex_wrap = FlexWrap::Wrap,
                "wrap-reverse" => st.flex_wrap = FlexWrap::WrapReverse,
                "nowrap" => st.flex_wrap = FlexWrap::NoWrap,
                _ => {}
            }
        }
    }
    let gap = |n: &str| get_len(s, n, fs).map(len_lp);
    if let Some(g) = gap("gap") {
        st.gap = Size {
            width: g,
            height: g,
        };
    }
    if let Some(g) = gap("row-gap") {
        st.gap.height = g;
    }
    if let Some(g) = gap("column-gap") {
        st.gap.width = g;
    }
    st
}

/// The four border widths (top, right, bottom, left) from `border`, `border-width` and the
/// per-side shorthands and longhands.
pub fn border_widths(s: &ComputedStyle, fs: f32) -> [f32; 4] {
    let px = |v: &str| {
        v.split_whitespace().find_map(|t| match t {
            "thin" => Some(1.0),
            "medium" => Some(3.0),
            "thick" => Some(5.0),
            _ => match css::length(t, fs) {
                Some(Len::Px(p)) => Some(p),
                _ => None,
            },
        })
    };
    let all = border_width(s, fs);
    let mut out = [all; 4];
    if let Some(v) = s.get("border-width") {
        let parts: Vec<f32> = v.split_whitespace().filter_map(px).collect();
        out = match parts.as_slice() {
            [a] => [*a; 4],
            [a, b] => [*a, *b, *a, *b],
            [a, b, c] => [*a, *b, *c, *b],
            [a, b, c, d, ..] => [*a, *b, *c, *d],
            [] => out,
        };
    }
    for (i, side) in ["top", "right", "bottom", "left"].iter().enumerate() {
        if let Some(v) = s.get(&format!("border-{side}")) {
            out[i] = if v.split_whitespace().any(|t| t == "none" || t == "hidden") {
                0.0
            } else {
                px(v).unwrap_or(3.0)
            };
        }
        if let Some(w) = s.get(&format!("border-{side}-width")).and_then(|v| px(v)) {
            out[i] = w;
        }
        if s.get(&format!("border-{side}-style"))
            .is_some_and(|v| v == "none")
        {
            out[i] = 0.0;
        }
    }
    out
}

pub fn border_width(s: &ComputedStyle, fs: f32) -> f32 {
    let from = |v: &str| {
        v.split_whitespace().find_map(|t| match css::length(t, fs) {
            Some(Len::Px(p)) => Some(p),
            _ => None,
        })
    };
    if s.get("border-style").is_some_and(|b| b == "none")
        || s.get("border").is_some_and(|b| b.trim() == "none")
    {
        return 0.0;
    }
    s.get("border-width")
        .and_then(|v| from(v))
        .or_else(|| s.get("border").and_then(|v| from(v)))
        .unwrap_or(0.0)
}

/// `activeColor` -> `active-color`: component attributes are written in kebab case.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_uppercase() {
            out.push('-');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

struct Builder<'a> {
    metrics: text::Metrics,
    taffy: TaffyTree<Ctx>,
    styles: &'a HashMap<NodeId, ComputedStyle>,
    /// taffy node -> (our node, tag, style) for the boxes we read back.
    info: HashMap<taffy::NodeId, (NodeId, String, ComputedStyle)>,
    /// `position: fixed` boxes: laid out against the viewport, not their parent.
    fixed: Vec<taffy::NodeId>,
    /// Paragraph -> the inline elements whose text it holds.
    inline: HashMap<taffy::NodeId, Vec<NodeId>>,
}

impl Builder<'_> {
    fn paragraph(
        &mut self,
        runs: Vec<Run>,
        parent_style: &ComputedStyle,
        id: NodeId,
        elements: Vec<NodeId>,
    ) -> Option<taffy::NodeId> {
        if runs.iter().all(|r| r.text.trim().is_empty())
            && !runs.iter().any(|r| r.text.contains('\u{a0}'))
        {
            return None;
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
            .taffy
            .new_leaf_with_context(
                style,
                Ctx::Para(Para {
                    runs,
                    line_height,
                    nowrap,
                    clamp,
                    ellipsis,
                }),
            )
            .ok()?;
        let mut s = parent_style.clone();
        s.insert("#paragraph".into(), "1".into());
        self.info.insert(node, (id, "#text".into(), s));
        if !elements.is_empty() {
            self.inline.insert(node, elements);
        }
        Some(node)
    }

    /// What an input or textarea shows: its value (dots for a password), else its
    /// placeholder in grey.
    fn field_text(&mut self, c: &Composed, s: &ComputedStyle) -> Option<taffy::NodeId> {
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
        };
        let mut ps = s.clone();
        if c.tag == "input" {
            ps.insert("white-space".into(), "nowrap".into());
        }
        self.paragraph(vec![run], &ps, c.id, Vec::new())
    }

    fn build(&mut self, c: &Composed) -> Option<taffy::NodeId> {
        let empty = ComputedStyle::new();
        let mut s = self.styles.get(&c.id).cloned().unwrap_or(empty);
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
                    s.insert(side.into(), format!("{v}px"));
                }
            }
        }
        let mut kids = Vec::new();
        let mut pending: Vec<Run> = Vec::new();
        let mut pending_id = c.id;
        let mut pending_elements: Vec<NodeId> = Vec::new();
        // A swiper shows one item: the current one.
        let shown: Vec<&Composed> = if c.tag == "swiper" {
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
        for k in shown {
            if is_inline(k, self.styles) {
                if pending.is_empty() {
                    pending_id = k.id;
                }
                collect_runs(k, &s, self.styles, &mut pending, &mut pending_elements);
            } else {
                if !pending.is_empty() {
                    let runs = std::mem::take(&mut pending);
                    let elements = std::mem::take(&mut pending_elements);
                    kids.extend(self.paragraph(runs, &s, pending_id, elements));
                }
                kids.extend(self.build(k));
            }
        }
        if !pending.is_empty() {
            kids.extend(self.paragraph(pending, &s, pending_id, pending_elements));
        }
        if matches!(c.tag.as_str(), "input" | "textarea") {
            kids.extend(self.field_text(c, &s));
        }
        let mut style = to_taffy(c, &s);
        if style.display == Display::Block
            && let Some(with_text) = inline_row(c, &s, self.styles)
        {
            // Inline-blocks side by side, wrapping to new lines; with text beside them (an
            // icon before a label) one line, the text shrinking to what is left. Bottoms sit
            // on the line.
            style.display = Display::Flex;
            style.flex_direction = FlexDirection::Row;
            style.flex_wrap = if with_text {
                FlexWrap::NoWrap
            } else {
                FlexWrap::Wrap
            };
            style.align_items = Some(AlignItems::FlexEnd);
            style.justify_content = match s.get("text-align").map(String::as_str) {
                Some("center") => Some(JustifyContent::Center),
                Some("right" | "end") => Some(JustifyContent::FlexEnd),
                _ => None,
            };
        }
        let node = self.taffy.new_with_children(style, &kids).ok()?;
        let fixed = s.get("position").is_some_and(|p| p == "fixed");
        // What paint needs to draw built-in components travels with the box's style, under
        // `#` names no stylesheet can set.
        match c.tag.as_str() {
            "image" | "cover-image" => {
                s.insert("#src".into(), c.attr_text("src"));
                s.insert("#mode".into(), c.attr_text("mode"));
            }
            "swiper" => {
                let dots = c.attrs.iter().any(|(k, v)| {
                    matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == "indicator-dots")
                        && mpsim_base::js::truthy(v)
                });
                if dots {
                    s.insert(
                        "#dots".into(),
                        c.children
                            .iter()
                            .filter(|k| k.tag == "swiper-item")
                            .count()
                            .to_string(),
                    );
                    s.insert("#current".into(), c.attr_text("current"));
                    s.insert("#dot-color".into(), c.attr_text("indicator-color"));
                    s.insert("#dot-active".into(), c.attr_text("indicator-active-color"));
                }
            }
            "scroll-view" => {
                let on = |name: &str| {
                    c.attrs.iter().any(|(k, v)| {
                        matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == name)
                            && mpsim_base::js::truthy(v)
                    })
                };
                if on("scroll-y") {
                    s.insert("#scroll-top".into(), c.attr_text("scroll-top"));
                }
                if on("scroll-x") {
                    s.insert("#scroll-left".into(), c.attr_text("scroll-left"));
                }
                let target = c.attr_text("scroll-into-view");
                if !target.is_empty()
                    && let Some(t) = find_by_id(c, &target)
                {
                    s.insert("#into-view".into(), t.to_string());
                }
                s.insert("overflow".into(), "hidden".into());
            }
            "switch" | "checkbox" | "radio" | "icon" | "progress" | "slider" | "button" => {
                for a in [
                    "checked",
                    "color",
                    "type",
                    "size",
                    "percent",
                    "activeColor",
                    "backgroundColor",
                    "disabled",
                    "min",
                    "max",
                    "value",
                    "selectedColor",
                    "blockSize",
                    "blockColor",
                    "showValue",
                    "loading",
                ] {
                    let v = c.attrs.iter().find(|(k, _)| matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == a || *n == kebab(a))).map(|(_, v)| v);
                    if let Some(v) = v.filter(|v| {
                        !matches!(v, serde_json::Value::Bool(false) | serde_json::Value::Null)
                    }) {
                        s.insert(format!("#{a}"), mpsim_base::js::value_to_string(v));
                    }
                }
            }
            _ => {}
        }
        if fixed {
            s.insert("#fixed".into(), "1".into());
            self.fixed.push(node);
        }
        self.info.insert(node, (c.id, c.tag.clone(), s));
        Some(node)
    }

    fn read(&self, node: taffy::NodeId, ox: f32, oy: f32) -> Option<LBox> {
        let l = self.taffy.layout(node).ok()?;
        let (id, tag, style) = self.info.get(&node)?.clone();
        let (x, y) = (ox + l.location.x, oy + l.location.y);
        let mut b = LBox {
            id,
            tag,
            x,
            y,
            w: l.size.width,
            h: l.size.height,
            text_align: style.get("text-align").cloned().unwrap_or_default(),
            style,
            lines: Vec::new(),
            inline: self.inline.get(&node).cloned().unwrap_or_default(),
            children: Vec::new(),
        };
        if let Some(Ctx::Para(p)) = self.taffy.get_node_context(node) {
            let lines = text::lay_out_with(
                &p.runs,
                Some(b.w.max(1.0) + 0.5),
                p.line_height,
                p.nowrap,
                self.metrics,
            );
            b.lines = clamp_lines(lines, p, b.w);
        }
        for child in self.taffy.children(node).ok()? {
            if let Some(cb) = self.read(child, x, y) {
                b.children.push(cb);
            }
        }
        if b.tag == "scroll-view" {
            settle_scroll(&mut b);
        }
        Some(b)
    }
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
pub fn layout_page(
    page: &Composed,
    styles: &HashMap<NodeId, ComputedStyle>,
    viewport: Viewport,
) -> Option<LBox> {
    layout_page_with(page, styles, viewport, text::Metrics::Font)
}

/// [`layout_page`] with a choice of text metrics.
pub fn layout_page_with(
    page: &Composed,
    styles: &HashMap<NodeId, ComputedStyle>,
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
fn settle_scroll(b: &mut LBox) {
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

/// The first node under `c` whose `id` attribute is `id`.
fn find_by_id(c: &Composed, id: &str) -> Option<NodeId> {
    c.children.iter().find_map(|k| {
        if k.attr_text("id") == id {
            Some(k.id)
        } else {
            find_by_id(k, id)
        }
    })
}

/// The box of node `id`, if it is laid out.
pub fn find_box(root: &LBox, id: NodeId) -> Option<&LBox> {
    if root.id == id && !root.style.contains_key("#paragraph") {
        return Some(root);
    }
    root.children.iter().find_map(|c| find_box(c, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_wxml::program::AttrKey;
    use serde_json::json;

    const VP: Viewport = Viewport {
        width: 375.0,
        height: 603.0,
    };

    fn view(id: NodeId, children: Vec<Composed>) -> Composed {
        Composed {
            id,
            tag: "view".into(),
            attrs: Vec::new(),
            text: None,
            scope: 0,
            host_of: None,
            children,
        }
    }

    fn text(id: NodeId, t: &str) -> Composed {
        Composed {
            id,
            tag: String::new(),
            attrs: Vec::new(),
            text: Some(t.into()),
            scope: 0,
            host_of: None,
            children: Vec::new(),
        }
    }

    fn lines_of(b: &LBox) -> Vec<Vec<char>> {
        if !b.lines.is_empty() {
            return b
                .lines
                .iter()
                .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
                .collect();
        }
        b.children.iter().flat_map(lines_of).collect()
    }

    #[test]
    fn line_clamp_and_ellipsis_cut_text() {
        let page = view(1, vec![view(2, vec![text(3, &"word ".repeat(40))])]);
        let mut styles = HashMap::new();
        let mut s = ComputedStyle::new();
        s.insert("width".into(), "100px".into());
        s.insert("-webkit-line-clamp".into(), "2".into());
        styles.insert(2, s.clone());
        let b = layout_page(&page, &styles, VP).unwrap();
        let lines = lines_of(&b);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].last(), Some(&'…'));

        let mut one = ComputedStyle::new();
        one.insert("width".into(), "100px".into());
        one.insert("white-space".into(), "nowrap".into());
        one.insert("text-overflow".into(), "ellipsis".into());
        styles.insert(2, one);
        let b = layout_page(&page, &styles, VP).unwrap();
        let lines = lines_of(&b);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].last(), Some(&'…'));
    }

    #[test]
    fn inputs_show_their_value_or_placeholder() {
        let mut input = view(2, Vec::new());
        input.tag = "input".into();
        input.attrs = vec![(AttrKey::Attr("placeholder".into()), json!("Search"))];
        let page = view(1, vec![input]);
        let b = layout_page(&page, &HashMap::new(), VP).unwrap();
        assert_eq!(lines_of(&b), vec!["Search".chars().collect::<Vec<_>>()]);
    }
}
