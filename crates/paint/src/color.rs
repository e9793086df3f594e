//! CSS colors, as the view's styles and canvas fill and stroke styles write them.

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

/// Parses a color: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()`, `hsl()`,
/// `hsla()`, names.
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
    if let Some(inner) = v.strip_prefix("hsla(").or_else(|| v.strip_prefix("hsl(")) {
        return hsl(inner.trim_end_matches(')'));
    }
    named(&v)
}

/// `hsl(H, S%, L%[, A])` (commas or spaces, `/` before alpha, `deg` allowed) as RGBA.
fn hsl(args: &str) -> Option<Color> {
    let nums: Vec<f32> = args
        .split([',', ' ', '/'])
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.trim()
                .trim_end_matches('%')
                .trim_end_matches("deg")
                .parse::<f32>()
        })
        .collect::<Result<_, _>>()
        .ok()?;
    let [h, s, l] = [*nums.first()?, *nums.get(1)? / 100.0, *nums.get(2)? / 100.0];
    let a = nums
        .get(3)
        .map_or(1.0, |a| if *a > 1.0 { a / 100.0 } else { *a });
    let (s, l) = (s.clamp(0.0, 1.0), l.clamp(0.0, 1.0));
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h.rem_euclid(360.0) / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let to = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Some([
        to(r),
        to(g),
        to(b),
        (a.clamp(0.0, 1.0) * 255.0).round() as u8,
    ])
}

#[cfg(test)]
mod tests {
    use super::color;

    #[test]
    fn hsl_colors_convert() {
        assert_eq!(color("hsl(0, 100%, 50%)"), Some([255, 0, 0, 255]));
        assert_eq!(color("hsl(120deg 100% 25%)"), Some([0, 128, 0, 255]));
        assert_eq!(color("hsla(240, 100%, 50%, 0.5)"), Some([0, 0, 255, 128]));
        assert_eq!(color("hsl(0, 0%, 100%)"), Some([255, 255, 255, 255]));
        assert_eq!(color("hsl(nope)"), None);
    }
}
