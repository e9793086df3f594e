//! Conversion of computed styles to taffy styles: lengths, flex, grid tracks, borders, and
//! the default sizes of built-in components.

use super::*;
use std::collections::HashMap;
use taffy::style::{GridTemplateRepetition, Overflow};

pub(super) fn len_dim(l: Len) -> Dimension {
    match l {
        Len::Px(p) => Dimension::length(p),
        Len::Percent(p) => Dimension::percent(p),
        Len::Auto => Dimension::auto(),
    }
}

pub(super) fn len_lpa(l: Len) -> LengthPercentageAuto {
    match l {
        Len::Px(p) => LengthPercentageAuto::length(p),
        Len::Percent(p) => LengthPercentageAuto::percent(p),
        Len::Auto => LengthPercentageAuto::auto(),
    }
}

pub(super) fn len_lp(l: Len) -> LengthPercentage {
    match l {
        Len::Px(p) => LengthPercentage::length(p),
        Len::Percent(p) => LengthPercentage::percent(p),
        Len::Auto => LengthPercentage::length(0.0),
    }
}

pub(super) fn get_len(s: &ComputedStyle, name: &str, fs: f32) -> Option<Len> {
    s.get(name).and_then(|v| css::length(v, fs))
}

/// The default look of built-in components, where the app's style says nothing.
pub(super) fn builtin_size(tag: &str, c: &Composed) -> Option<(f32, f32)> {
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

/// `<image mode="widthFix">` keeps its width and takes its height from the picture's
/// proportions; `heightFix` keeps its height and takes its width. Whatever height (or
/// width) the style gives is overruled, as the phone's image component sets it itself.
/// Until the picture has arrived the box keeps its size.
pub(super) fn fit_to_picture(st: &mut Style, c: &Composed, images: &dyn ImageSizes) {
    let mode = c.attr_text("mode");
    let fix_width = match mode.as_str() {
        "widthFix" => true,
        "heightFix" => false,
        _ => return,
    };
    let Some((w, h)) = images.natural(&c.attr_text("src")) else {
        return;
    };
    if !(w > 0.0 && h > 0.0) {
        return;
    }
    st.aspect_ratio = Some(w / h);
    if fix_width {
        st.size.height = Dimension::auto();
        st.min_size.height = Dimension::auto();
        st.max_size.height = Dimension::auto();
    } else {
        st.size.width = Dimension::auto();
        st.min_size.width = Dimension::auto();
        st.max_size.width = Dimension::auto();
    }
}

/// One grid track: `50px`, `20%`, `1fr`, `auto`, `min-content`, `max-content`,
/// `minmax(a, b)`.
pub(super) fn track(t: &str, fs: f32) -> Option<TrackSizingFunction> {
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
pub(super) fn tokens(v: &str) -> Vec<&str> {
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
pub(super) fn template(v: &str, fs: f32) -> Vec<GridTemplateComponent<String>> {
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

/// float-pigment shares the free space among `fr` tracks by their share of the factors even
/// when the factors sum to less than 1, where CSS gives each only its factor's part of the
/// space (`0.25fr 0.25fr`: half each, not a quarter each).
fn whole_fractions(tracks: &mut [GridTemplateComponent<String>]) {
    let fr_of = |t: &GridTemplateComponent<String>| match t {
        GridTemplateComponent::Single(f) if f.max.is_fr() => Some(f.max.into_raw().value()),
        _ => None,
    };
    let sum: f32 = tracks.iter().filter_map(fr_of).sum();
    if sum <= 0.0 || sum >= 1.0 {
        return;
    }
    for t in tracks.iter_mut() {
        if let Some(f) = fr_of(t) {
            *t = GridTemplateComponent::Single(fr(f / sum));
        }
    }
}

/// The taffy styles (and percentage padding) made during one layout, by computed style: the
/// styler shares one computed style among nodes that match alike (the items of a list), and
/// reading one means parsing its strings again (about 30,000 instructions a node). Only
/// for nodes whose taffy style depends on their style, tag and being text alone (no
/// built-in size, which reads attributes). Each entry holds its computed style, so the
/// address that keys it cannot be reused during the layout.
/// A computed style's address, the node's tag and whether it is text.
type ConvertedKey = (usize, String, bool);

#[derive(Default)]
pub(super) struct Converted {
    pub(super) made: HashMap<ConvertedKey, (Arc<ComputedStyle>, Style, Option<PercentPadding>)>,
}

impl Converted {
    /// `to_taffy` and `PercentPadding::of` of the node, made once per computed style.
    pub(super) fn of(
        &mut self,
        c: &Composed,
        s: &Arc<ComputedStyle>,
        rules: Rules,
    ) -> (Style, Option<PercentPadding>) {
        let make = || {
            let style = to_taffy(c, s, rules);
            let percents = PercentPadding::of(s, style.position == Position::Absolute, rules);
            (style, percents)
        };
        if builtin_size(&c.tag, c).is_some() {
            return make();
        }
        let key = (Arc::as_ptr(s) as usize, c.tag.clone(), c.text.is_some());
        let (_, style, percents) = self.made.entry(key).or_insert_with(|| {
            let (style, percents) = make();
            (s.clone(), style, percents)
        });
        (style.clone(), *percents)
    }
}

pub(super) fn to_taffy(c: &Composed, s: &ComputedStyle, rules: Rules) -> Style {
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
    // A browser has no percentage border widths; float-pigment resolves them against the
    // containing block's width, as padding.
    let border = |l: Len| match l {
        Len::Percent(p) if rules == Rules::Skyline => LengthPercentage::percent(p),
        Len::Px(p) => LengthPercentage::length(p),
        _ => LengthPercentage::length(0.0),
    };
    let [bt, br, bb, bl] = border_lengths(s, fs);
    st.border = Rect {
        top: border(bt),
        right: border(br),
        bottom: border(bb),
        left: border(bl),
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
    // `display: flow-root` starts a block formatting context: its margins and its children's
    // do not collapse together. taffy knows that of scroll containers only.
    if display == "flow-root" && st.overflow.y == Overflow::Visible {
        st.overflow.y = Overflow::Hidden;
    }
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
        st.flex_wrap = match w.as_str() {
            "wrap" => FlexWrap::Wrap,
            "wrap-reverse" => FlexWrap::WrapReverse,
            _ => FlexWrap::NoWrap,
        };
    }
    let align = |v: &str| -> Option<AlignItems> {
        Some(match v {
            "center" => AlignItems::Center,
            "flex-start" | "start" | "self-start" => AlignItems::FlexStart,
            "flex-end" | "end" | "self-end" => AlignItems::FlexEnd,
            "stretch" => AlignItems::Stretch,
            "baseline" => AlignItems::Baseline,
            _ => return None,
        })
    };
    st.align_items = s.get("align-items").and_then(|v| align(v));
    st.align_self = s.get("align-self").and_then(|v| align(v));
    // Grid items along the row. `left` and `right` are physical: under `direction: rtl` the
    // row is laid out left to right and mirrored afterwards (see `mirror_rtl`), so they swap.
    let rtl = s.get("direction").is_some_and(|d| d == "rtl");
    let justify = |v: &str| -> Option<AlignItems> {
        Some(match (v, rtl) {
            ("left", false) | ("right", true) => AlignItems::Start,
            ("right", false) | ("left", true) => AlignItems::End,
            ("start" | "flex-start" | "self-start", _) => AlignItems::Start,
            ("end" | "flex-end" | "self-end", _) => AlignItems::End,
            _ => align(v)?,
        })
    };
    st.justify_items = s.get("justify-items").and_then(|v| justify(v));
    st.justify_self = s.get("justify-self").and_then(|v| justify(v));
    st.justify_content = s.get("justify-content").and_then(|v| {
        Some(match v.as_str() {
            "center" => JustifyContent::Center,
            "flex-start" | "start" => JustifyContent::FlexStart,
            "flex-end" | "end" => JustifyContent::FlexEnd,
            "left" if !rtl => JustifyContent::Start,
            "right" if !rtl => JustifyContent::End,
            "left" => JustifyContent::End,
            "right" => JustifyContent::Start,
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
    if rules == Rules::Skyline {
        whole_fractions(&mut st.grid_template_columns);
        whole_fractions(&mut st.grid_template_rows);
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
    } else if rules == Rules::Skyline {
        // float-pigment sizes implicit columns to their content and does not stretch them
        // over the free space, as a browser does with `auto` tracks.
        st.grid_auto_columns = vec![max_content()];
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
    // `gap: ROW COLUMN`, or one value for both.
    if let Some(v) = s.get("gap") {
        let parts: Vec<LengthPercentage> = v
            .split_whitespace()
            .filter_map(|t| css::length(t, fs))
            .map(len_lp)
            .collect();
        if let [row, rest @ ..] = parts.as_slice() {
            st.gap = Size {
                width: rest.first().copied().unwrap_or(*row),
                height: *row,
            };
        }
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
/// per-side shorthands and longhands, in pixels (a percentage is none: CSS has none).
pub fn border_widths(s: &ComputedStyle, fs: f32) -> [f32; 4] {
    border_lengths(s, fs).map(|l| match l {
        Len::Px(p) => p,
        _ => 0.0,
    })
}

/// The four border widths as written: pixels, or percentages of the containing block's width,
/// which only float-pigment (Skyline) takes.
pub(super) fn border_lengths(s: &ComputedStyle, fs: f32) -> [Len; 4] {
    let all = border_length(s, fs);
    let mut out = [all; 4];
    if let Some(v) = s.get("border-width") {
        let parts: Vec<Len> = v
            .split_whitespace()
            .filter_map(|t| width_token(t, fs))
            .collect();
        out = match parts.as_slice() {
            [a] => [*a; 4],
            [a, b] => [*a, *b, *a, *b],
            [a, b, c] => [*a, *b, *c, *b],
            [a, b, c, d, ..] => [*a, *b, *c, *d],
            [] => out,
        };
    }
    let first = |v: &str| v.split_whitespace().find_map(|t| width_token(t, fs));
    for (i, side) in ["top", "right", "bottom", "left"].iter().enumerate() {
        if let Some(v) = s.get(&format!("border-{side}")) {
            out[i] = if v.split_whitespace().any(|t| t == "none" || t == "hidden") {
                Len::Px(0.0)
            } else {
                first(v).unwrap_or(Len::Px(3.0))
            };
        }
        if let Some(w) = s
            .get(&format!("border-{side}-width"))
            .and_then(|v| first(v))
        {
            out[i] = w;
        }
        if s.get(&format!("border-{side}-style"))
            .is_some_and(|v| v == "none")
        {
            out[i] = Len::Px(0.0);
        }
    }
    out
}

/// One border width token: a keyword, a length or a percentage.
fn width_token(t: &str, fs: f32) -> Option<Len> {
    match t {
        "thin" => Some(Len::Px(1.0)),
        "medium" => Some(Len::Px(3.0)),
        "thick" => Some(Len::Px(5.0)),
        _ => css::length(t, fs).filter(|l| *l != Len::Auto),
    }
}

/// The width `border` or `border-width` gives all four sides, in pixels.
pub fn border_width(s: &ComputedStyle, fs: f32) -> f32 {
    match border_length(s, fs) {
        Len::Px(p) => p,
        _ => 0.0,
    }
}

/// The width `border` or `border-width` gives all four sides, as written.
fn border_length(s: &ComputedStyle, fs: f32) -> Len {
    let from = |v: &str| {
        v.split_whitespace()
            .find_map(|t| css::length(t, fs).filter(|l| *l != Len::Auto))
    };
    if s.get("border-style").is_some_and(|b| b == "none")
        || s.get("border").is_some_and(|b| b.trim() == "none")
    {
        return Len::Px(0.0);
    }
    s.get("border-width")
        .and_then(|v| from(v))
        .or_else(|| s.get("border").and_then(|v| from(v)))
        .unwrap_or(Len::Px(0.0))
}
