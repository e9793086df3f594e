//! The CSS values behind the effects paint draws: `linear-gradient()` backgrounds,
//! `box-shadow` and `transform`. Values arrive as lightningcss prints them.

use crate::css::{self, Color};

/// A `linear-gradient()`: the angle of the gradient line (CSS convention: 0deg points up,
/// 90deg right) and its colour stops at positions 0..=1.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient {
    pub angle: f32,
    pub stops: Vec<(f32, Color)>,
}

/// An outer `box-shadow`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shadow {
    pub dx: f32,
    pub dy: f32,
    pub blur: f32,
    pub spread: f32,
    pub color: Color,
}

/// Splits `a, b(c, d), e` at the commas outside brackets.
fn split_top(v: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in v.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(v[start..i].trim());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(v[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

fn angle(v: &str) -> Option<f32> {
    let v = v.trim();
    let num = |s: &str| s.trim().parse::<f32>().ok();
    if let Some(d) = v.strip_suffix("deg") {
        return num(d);
    }
    if let Some(t) = v.strip_suffix("turn") {
        return num(t).map(|t| t * 360.0);
    }
    if let Some(r) = v.strip_suffix("rad") {
        return num(r).map(f32::to_degrees);
    }
    let to = v.strip_prefix("to ")?;
    let has = |w: &str| to.split_whitespace().any(|x| x == w);
    let (h, vert) = (
        if has("left") {
            -1.0
        } else if has("right") {
            1.0
        } else {
            0.0
        },
        if has("top") {
            -1.0
        } else if has("bottom") {
            1.0
        } else {
            0.0
        },
    );
    // Corners are taken as 45-degree diagonals (exact for square boxes).
    Some(f32::atan2(h, -vert).to_degrees())
}

/// The first `linear-gradient(...)` in a background value.
pub fn linear_gradient(v: &str) -> Option<Gradient> {
    let start = v.find("linear-gradient(")? + "linear-gradient(".len();
    let mut depth = 1;
    let mut end = None;
    for (i, ch) in v[start..].char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(start + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let args = split_top(&v[start..end?], ',');
    let (angle, stops_src) = match args.first().and_then(|a| angle(a)) {
        Some(a) => (a, &args[1..]),
        None => (180.0, &args[..]),
    };
    let mut stops: Vec<(Option<f32>, Color)> = Vec::new();
    for s in stops_src {
        let parts = split_top(s, ' ');
        let Some(c) = parts.first().and_then(|c| css::color(c)) else {
            continue;
        };
        let pos = parts
            .get(1)
            .and_then(|p| p.strip_suffix('%'))
            .and_then(|p| p.parse::<f32>().ok())
            .map(|p| p / 100.0);
        stops.push((pos, c));
    }
    if stops.is_empty() {
        return None;
    }
    // Stops without a position spread evenly between their neighbours.
    let n = stops.len();
    let mut out: Vec<(f32, Color)> = Vec::with_capacity(n);
    for (i, (p, c)) in stops.iter().enumerate() {
        let default = if n == 1 {
            0.0
        } else {
            i as f32 / (n - 1) as f32
        };
        let prev = out.last().map(|s| s.0).unwrap_or(0.0);
        out.push((p.unwrap_or(default).max(prev).clamp(0.0, 1.0), *c));
    }
    Some(Gradient { angle, stops: out })
}

/// The first outer shadow of a `box-shadow` value (`inset` shadows are not drawn).
pub fn box_shadow(v: &str) -> Option<Shadow> {
    let first = split_top(v, ',')
        .into_iter()
        .find(|s| !s.split_whitespace().any(|w| w == "inset"))?;
    let mut lengths = Vec::new();
    let mut color = [0, 0, 0, 255];
    for part in split_top(first, ' ') {
        if let Some(c) = css::color(part) {
            color = c;
        } else if let Some(css::Len::Px(px)) = css::length(part, 16.0) {
            lengths.push(px);
        }
    }
    if lengths.len() < 2 || color[3] == 0 {
        return None;
    }
    Some(Shadow {
        dx: lengths[0],
        dy: lengths[1],
        blur: lengths.get(2).copied().unwrap_or(0.0).max(0.0),
        spread: lengths.get(3).copied().unwrap_or(0.0),
        color,
    })
}

/// A 2D affine matrix `[a, b, c, d, e, f]` (x' = a x + c y + e, y' = b x + d y + f).
pub type Matrix = [f32; 6];

fn multiply(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[2] * n[1],
        m[1] * n[0] + m[3] * n[1],
        m[0] * n[2] + m[2] * n[3],
        m[1] * n[2] + m[3] * n[3],
        m[0] * n[4] + m[2] * n[5] + m[4],
        m[1] * n[4] + m[3] * n[5] + m[5],
    ]
}

/// A `transform` value for a `w` x `h` box at (`x`, `y`), about its centre (the default
/// `transform-origin`), as a matrix in page coordinates. `None` for `none` and the identity;
/// 3D functions keep their 2D part (`translate3d`, `scale3d`).
pub fn transform(v: &str, x: f32, y: f32, w: f32, h: f32) -> Option<Matrix> {
    let mut m: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut rest = v.trim();
    while let Some(open) = rest.find('(') {
        let name = rest[..open].trim();
        let close = open + rest[open..].find(')')?;
        let args: Vec<&str> = split_top(&rest[open + 1..close], ',')
            .into_iter()
            .flat_map(|a| a.split_whitespace())
            .collect();
        rest = &rest[close + 1..];
        let len = |i: usize, base: f32| match args.get(i).and_then(|a| css::length(a, 16.0)) {
            Some(css::Len::Px(p)) => p,
            Some(css::Len::Percent(p)) => p * base,
            _ => 0.0,
        };
        let num = |i: usize, or: f32| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(or);
        let f: Matrix = match name {
            "translate" | "translate3d" => [1.0, 0.0, 0.0, 1.0, len(0, w), len(1, h)],
            "translateX" => [1.0, 0.0, 0.0, 1.0, len(0, w), 0.0],
            "translateY" => [1.0, 0.0, 0.0, 1.0, 0.0, len(0, h)],
            "scale" | "scale3d" => {
                let sx = num(0, 1.0);
                [sx, 0.0, 0.0, num(1, sx), 0.0, 0.0]
            }
            "scaleX" => [num(0, 1.0), 0.0, 0.0, 1.0, 0.0, 0.0],
            "scaleY" => [1.0, 0.0, 0.0, num(0, 1.0), 0.0, 0.0],
            "rotate" | "rotateZ" => {
                let a = args
                    .first()
                    .and_then(|a| angle(a))
                    .unwrap_or(0.0)
                    .to_radians();
                [a.cos(), a.sin(), -a.sin(), a.cos(), 0.0, 0.0]
            }
            "matrix" if args.len() == 6 => {
                let n: Vec<f32> = args.iter().filter_map(|a| a.parse().ok()).collect();
                if n.len() != 6 {
                    continue;
                }
                [n[0], n[1], n[2], n[3], n[4], n[5]]
            }
            _ => continue,
        };
        m = multiply(m, f);
    }
    if m == [1.0, 0.0, 0.0, 1.0, 0.0, 0.0] {
        return None;
    }
    let (cx, cy) = (x + w / 2.0, y + h / 2.0);
    let to_origin = [1.0, 0.0, 0.0, 1.0, -cx, -cy];
    let back = [1.0, 0.0, 0.0, 1.0, cx, cy];
    Some(multiply(back, multiply(m, to_origin)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_read_angles_directions_and_stops() {
        let g = linear_gradient("linear-gradient(90deg, #ff5000, #ff8f00)").unwrap();
        assert_eq!(g.angle, 90.0);
        assert_eq!(
            g.stops,
            vec![(0.0, [255, 80, 0, 255]), (1.0, [255, 143, 0, 255])]
        );
        let g = linear_gradient("linear-gradient(to right, red 20%, rgba(0, 0, 255, .5))").unwrap();
        assert_eq!(g.angle, 90.0);
        assert_eq!(g.stops[0].0, 0.2);
        assert_eq!(g.stops[1].1, [0, 0, 255, 127]);
        assert_eq!(
            linear_gradient("linear-gradient(#fff, #000)")
                .unwrap()
                .angle,
            180.0
        );
        assert_eq!(
            linear_gradient("linear-gradient(to top left, #fff, #000)")
                .unwrap()
                .angle,
            -45.0
        );
        assert_eq!(linear_gradient("#fff"), None);
        assert_eq!(linear_gradient("linear-gradient(90deg"), None);
    }

    #[test]
    fn shadows_take_the_first_outer_one() {
        let s = box_shadow("inset 0 0 1px red, 0 2px 8px rgba(0, 0, 0, .1)").unwrap();
        assert_eq!((s.dx, s.dy, s.blur, s.spread), (0.0, 2.0, 8.0, 0.0));
        assert_eq!(s.color, [0, 0, 0, 25]);
        assert_eq!(box_shadow("none"), None);
    }

    #[test]
    fn transforms_turn_about_the_centre() {
        let m = transform("translate(10px, 50%)", 0.0, 0.0, 100.0, 40.0).unwrap();
        assert_eq!((m[4], m[5]), (10.0, 20.0));
        let m = transform("rotate(90deg)", 0.0, 0.0, 100.0, 100.0).unwrap();
        // The top-left corner goes to the top-right.
        let (px, py) = (
            m[0] * 0.0 + m[2] * 0.0 + m[4],
            m[1] * 0.0 + m[3] * 0.0 + m[5],
        );
        assert!((px - 100.0).abs() < 1e-3 && py.abs() < 1e-3, "{px},{py}");
        let m = transform("scale(2)", 0.0, 0.0, 10.0, 10.0).unwrap();
        assert_eq!((m[0], m[4]), (2.0, -5.0));
        assert_eq!(transform("none", 0.0, 0.0, 1.0, 1.0), None);
        assert_eq!(transform("translateY(0)", 0.0, 0.0, 1.0, 1.0), None);
    }
}
