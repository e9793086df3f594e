//! Reading computed CSS values (text, as the cascade produced them) into numbers and colors
//! for layout and paint.

use mpsim_wxss::ComputedStyle;

/// A length as CSS gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Len {
    Px(f32),
    Percent(f32),
    Auto,
}

/// Parses one length token: `10px`, `0`, `50%`, `auto`, `1.5em` (relative to `font_size`).
pub fn length(v: &str, font_size: f32) -> Option<Len> {
    let v = v.trim();
    if v == "auto" {
        return Some(Len::Auto);
    }
    if let Some(p) = v.strip_suffix('%') {
        return p
            .trim()
            .parse::<f32>()
            .ok()
            .map(|p| Len::Percent(p / 100.0));
    }
    // `vw` and `vh` never get here: the cascade resolves them against the window.
    for (unit, scale) in [("px", 1.0), ("rem", 16.0), ("em", font_size)] {
        if let Some(n) = v.strip_suffix(unit) {
            return n.trim().parse::<f32>().ok().map(|n| Len::Px(n * scale));
        }
    }
    v.parse::<f32>()
        .ok()
        .filter(|n| *n == 0.0)
        .map(|_| Len::Px(0.0))
}

/// The four sides of a box shorthand (`margin: 1px 2px` -> top, right, bottom, left), with
/// longhands (`margin-top`) taking precedence.
pub fn sides(style: &ComputedStyle, name: &str, font_size: f32) -> [Len; 4] {
    let zero = Len::Px(0.0);
    let mut out = [zero; 4];
    if let Some(v) = style.get(name) {
        let parts: Vec<Len> = v
            .split_whitespace()
            .filter_map(|p| length(p, font_size))
            .collect();
        out = match parts.as_slice() {
            [a] => [*a, *a, *a, *a],
            [a, b] => [*a, *b, *a, *b],
            [a, b, c] => [*a, *b, *c, *b],
            [a, b, c, d, ..] => [*a, *b, *c, *d],
            [] => out,
        };
    }
    for (i, side) in ["top", "right", "bottom", "left"].iter().enumerate() {
        if let Some(l) = style
            .get(&format!("{name}-{side}"))
            .and_then(|v| length(v, font_size))
        {
            out[i] = l;
        }
    }
    out
}

pub use mpsim_paint::color::{Color, color};

/// The first color in a value that may hold several tokens (`background: #fff url(x)`,
/// `border: 1px solid #ccc`).
pub fn first_color(v: &str) -> Option<Color> {
    if let Some(c) = color(v) {
        return Some(c);
    }
    let mut depth = 0;
    let mut start = 0;
    let bytes = v.as_bytes();
    for i in 0..=bytes.len() {
        let end = i == bytes.len();
        let c = if end { b' ' } else { bytes[i] };
        match c {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b' ' if depth == 0 => {
                if let Some(col) = color(&v[start..i]) {
                    return Some(col);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// A number with `px` or none (`line-height: 1.5` is relative, `24px` absolute).
pub fn number_or_px(v: &str) -> Option<(f32, bool)> {
    let v = v.trim();
    if let Some(n) = v.strip_suffix("px") {
        return n.trim().parse().ok().map(|n| (n, true));
    }
    v.parse().ok().map(|n| (n, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_colors_and_sides() {
        assert_eq!(length("10px", 14.0), Some(Len::Px(10.0)));
        assert_eq!(length("50%", 14.0), Some(Len::Percent(0.5)));
        assert_eq!(length("2em", 14.0), Some(Len::Px(28.0)));
        assert_eq!(length("0", 14.0), Some(Len::Px(0.0)));
        assert_eq!(color("#f50"), Some([255, 85, 0, 255]));
        assert_eq!(color("#ff500080"), Some([255, 80, 0, 128]));
        assert_eq!(color("rgba(0, 0, 0, .5)"), Some([0, 0, 0, 127]));
        assert_eq!(first_color("1px solid #ccc"), Some([204, 204, 204, 255]));
        // Found by fuzzing: a multi-byte character among the digits.
        assert_eq!(color("#ff500中文0"), None);
        let mut s = ComputedStyle::new();
        s.insert("padding".into(), "1px 2px".into());
        s.insert("padding-left".into(), "9px".into());
        assert_eq!(
            sides(&s, "padding", 14.0),
            [Len::Px(1.0), Len::Px(2.0), Len::Px(1.0), Len::Px(9.0)]
        );
    }
}
