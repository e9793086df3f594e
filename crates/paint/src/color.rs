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
