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
    for (unit, scale) in [
        ("px", 1.0),
        ("rem", 16.0),
        ("em", font_size),
        ("vw", 3.75),
        ("vh", 6.67),
    ] {
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

/// RGBA, 0-255.
pub type Color = [u8; 4];

fn named(name: &str) -> Option<Color> {
    Some(match name {
        "transparent" => [0, 0, 0, 0],
        "black" => [0, 0, 0, 255],
        "white" => [255, 255, 255, 255],
        "red" => [255, 0, 0, 255],
        "green" => [0, 128, 0, 255],
        "blue" => [0, 0, 255, 255],
        "gray" | "grey" => [128, 128, 128, 255],
        "silver" => [192, 192, 192, 255],
        "orange" => [255, 165, 0, 255],
        "yellow" => [255, 255, 0, 255],
        "purple" => [128, 0, 128, 255],
        "pink" => [255, 192, 203, 255],
        "lightgray" | "lightgrey" => [211, 211, 211, 255],
        "darkgray" | "darkgrey" => [169, 169, 169, 255],
        "whitesmoke" => [245, 245, 245, 255],
        "gold" => [255, 215, 0, 255],
        "navy" => [0, 0, 128, 255],
        "teal" => [0, 128, 128, 255],
        "brown" => [165, 42, 42, 255],
        "cyan" | "aqua" => [0, 255, 255, 255],
        "magenta" | "fuchsia" => [255, 0, 255, 255],
        "lime" => [0, 255, 0, 255],
        _ => return None,
    })
}

/// Parses a color: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()`, names.
pub fn color(v: &str) -> Option<Color> {
    let v = v.trim().to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let d = |s: &str| u8::from_str_radix(s, 16).ok();
        let digits: Vec<char> = hex.chars().collect();
        return match digits.len() {
            3 | 4 => {
                let mut c = [255u8; 4];
                for (i, ch) in digits.iter().enumerate() {
                    c[i] = d(&format!("{ch}{ch}"))?;
                }
                Some(c)
            }
            6 | 8 => {
                let mut c = [255u8; 4];
                for i in 0..digits.len() / 2 {
                    c[i] = d(&hex[i * 2..i * 2 + 2])?;
                }
                Some(c)
            }
            _ => None,
        };
    }
    if let Some(inner) = v.strip_prefix("rgba(").or_else(|| v.strip_prefix("rgb(")) {
        let nums: Vec<f32> = inner
            .trim_end_matches(')')
            .split([',', ' ', '/'])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.trim().trim_end_matches('%').parse().ok())
            .collect();
        if nums.len() >= 3 {
            let a = nums
                .get(3)
                .map(|a| if *a <= 1.0 { a * 255.0 } else { *a })
                .unwrap_or(255.0);
            return Some([
                nums[0] as u8,
                nums[1] as u8,
                nums[2] as u8,
                a.clamp(0.0, 255.0) as u8,
            ]);
        }
        return None;
    }
    named(&v)
}

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
