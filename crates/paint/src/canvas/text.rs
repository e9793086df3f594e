//! `fillText`, `strokeText` and `measureText`: one line of glyph outlines from the bundled
//! fonts, placed by `textAlign` and `textBaseline`, squeezed to `maxWidth`. Sizes follow the
//! view's text (the same faces at the same scale), so canvas text and page text match.

use super::state::{Align, Baseline, State};
use crate::fonts::{font_for, px_scale};
use ab_glyph::{Font, OutlineCurve, ScaleFont};
use serde_json::{Value, json};
use tiny_skia::PathBuilder;

/// The primary face's ascent and descent (negative) at `size`.
fn extents(state: &State) -> (f32, f32) {
    match font_for('x', state.font.bold) {
        Some((f, _)) => {
            let s = f.as_scaled(px_scale(f, state.font.size));
            (s.ascent(), s.descent())
        }
        None => (state.font.size * 0.8, -state.font.size * 0.2),
    }
}

fn advance(state: &State, ch: char) -> f32 {
    let size = state.font.size;
    let Some((f, _)) = font_for(ch, state.font.bold) else {
        return size * 0.6;
    };
    f.as_scaled(px_scale(f, size)).h_advance(f.glyph_id(ch)) + state.letter_spacing
}

fn width(state: &State, text: &str) -> f32 {
    text.chars().map(|c| advance(state, c)).sum()
}

/// How far below `y` the alphabetic baseline is, for `textBaseline`.
fn baseline_shift(state: &State) -> f32 {
    let (ascent, descent) = extents(state);
    match state.baseline {
        Baseline::Alphabetic => 0.0,
        Baseline::Top => ascent,
        Baseline::Hanging => ascent * 0.8,
        Baseline::Middle => (ascent + descent) / 2.0,
        Baseline::Ideographic | Baseline::Bottom => descent,
    }
}

/// The outline of `text` drawn at (x, y) in user space, `None` when nothing would show.
pub fn outline(
    state: &State,
    text: &str,
    x: f32,
    y: f32,
    max_width: Option<f32>,
) -> Option<tiny_skia::Path> {
    if !x.is_finite() || !y.is_finite() || text.is_empty() {
        return None;
    }
    let size = state.font.size;
    let total = width(state, text);
    let squeeze = match max_width {
        Some(m) if m <= 0.0 || !m.is_finite() => return None,
        Some(m) if total > m => m / total,
        _ => 1.0,
    };
    let shown = total * squeeze;
    let left = match state.align {
        Align::Left => x,
        Align::Center => x - shown / 2.0,
        Align::Right => x - shown,
    };
    let baseline = y + baseline_shift(state);
    // Italic without an italic face: glyphs leaned by about 12 degrees.
    let lean = if state.font.italic { 0.21 } else { 0.0 };
    let mut b = PathBuilder::new();
    let mut pen = 0.0;
    for ch in text.chars() {
        let Some((f, _)) = font_for(ch, state.font.bold) else {
            continue;
        };
        let scaled = f.as_scaled(px_scale(f, size));
        let (hs, vs) = (scaled.h_scale_factor(), scaled.v_scale_factor());
        let origin = left + pen * squeeze;
        let at = |p: ab_glyph::Point| {
            let up = p.y * vs;
            (origin + (p.x * hs + up * lean) * squeeze, baseline - up)
        };
        if let Some(o) = f.outline(f.glyph_id(ch)) {
            let mut last: Option<(f32, f32)> = None;
            for curve in &o.curves {
                let (start, end) = match curve {
                    OutlineCurve::Line(a, e) => (at(*a), at(*e)),
                    OutlineCurve::Quad(a, _, e) => (at(*a), at(*e)),
                    OutlineCurve::Cubic(a, _, _, e) => (at(*a), at(*e)),
                };
                if last != Some(start) {
                    if last.is_some() {
                        b.close();
                    }
                    b.move_to(start.0, start.1);
                }
                match curve {
                    OutlineCurve::Line(..) => b.line_to(end.0, end.1),
                    OutlineCurve::Quad(_, c, _) => {
                        let c = at(*c);
                        b.quad_to(c.0, c.1, end.0, end.1)
                    }
                    OutlineCurve::Cubic(_, c1, c2, _) => {
                        let (c1, c2) = (at(*c1), at(*c2));
                        b.cubic_to(c1.0, c1.1, c2.0, c2.1, end.0, end.1)
                    }
                }
                last = Some(end);
            }
            if last.is_some() {
                b.close();
            }
        }
        pen += advance(state, ch);
    }
    b.finish()
}

/// `measureText(text)`: the TextMetrics fields apps read.
pub fn measure(state: &State, text: &str) -> Value {
    let w = width(state, text);
    let (ascent, descent) = extents(state);
    let shift = baseline_shift(state);
    let left = match state.align {
        Align::Left => 0.0,
        Align::Center => w / 2.0,
        Align::Right => w,
    };
    json!({
        "width": w,
        "actualBoundingBoxLeft": left,
        "actualBoundingBoxRight": w - left,
        "actualBoundingBoxAscent": ascent - shift,
        "actualBoundingBoxDescent": -descent + shift,
        "fontBoundingBoxAscent": ascent - shift,
        "fontBoundingBoxDescent": -descent + shift,
    })
}
