//! Shadows (the drawing's alpha, tinted and blurred) and JPEG export.

use super::state::Shadow;
use tiny_skia::{ColorU8, Pixmap};

/// The shadow of `layer`: its alpha times the shadow color's, blurred with a Gaussian of
/// standard deviation `blur / 2` (the spec's), approximated by three box blurs.
pub fn shadow(layer: &Pixmap, s: &Shadow) -> Option<Pixmap> {
    let (w, h) = (layer.width() as usize, layer.height() as usize);
    let mut alpha: Vec<f32> = layer
        .pixels()
        .iter()
        .map(|p| p.alpha() as f32 * s.color[3] as f32 / 255.0)
        .collect();
    let sigma = s.blur / 2.0;
    if sigma > 0.0 {
        // Box widths whose three passes match the Gaussian's variance.
        let r = ((sigma * sigma * 4.0 + 1.0).sqrt() / 2.0).floor().max(1.0) as usize;
        let mut tmp = vec![0.0; alpha.len()];
        for _ in 0..3 {
            box_blur(&alpha, &mut tmp, w, h, r, true);
            box_blur(&tmp, &mut alpha, w, h, r, false);
        }
    }
    let mut out = Pixmap::new(w as u32, h as u32)?;
    for (dst, a) in out.pixels_mut().iter_mut().zip(&alpha) {
        let a = a.round().clamp(0.0, 255.0) as u8;
        *dst = ColorU8::from_rgba(s.color[0], s.color[1], s.color[2], a).premultiply();
    }
    Some(out)
}

/// One pass of a box blur of radius `r` along rows (`horizontal`) or columns, with a running
/// sum so that the cost does not grow with the radius.
fn box_blur(src: &[f32], dst: &mut [f32], w: usize, h: usize, r: usize, horizontal: bool) {
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let at = |line: usize, i: usize| {
        if horizontal {
            line * w + i
        } else {
            i * w + line
        }
    };
    let span = (2 * r + 1) as f32;
    for line in 0..lines {
        let mut sum = 0.0;
        for i in 0..=r.min(len.saturating_sub(1)) {
            sum += src[at(line, i)];
        }
        for i in 0..len {
            dst[at(line, i)] = sum / span;
            if i + r + 1 < len {
                sum += src[at(line, i + r + 1)];
            }
            if i >= r {
                sum -= src[at(line, i - r)];
            }
        }
    }
}

/// A JPEG of `pixmap` over black (JPEG has no alpha), at `quality` 0..1.
pub fn encode_jpeg(pixmap: &Pixmap, quality: f32) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| [p.red(), p.green(), p.blue()])
        .collect();
    let mut out = Vec::new();
    let q = (quality.clamp(0.0, 1.0) * 100.0).round().max(1.0) as u8;
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
    image::ImageEncoder::write_image(
        encoder,
        &rgb,
        pixmap.width(),
        pixmap.height(),
        image::ExtendedColorType::Rgb8,
    )
    .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blurred_shadow_spreads_and_keeps_its_weight() {
        let mut layer = Pixmap::new(41, 41).expect("allocates");
        layer.pixels_mut()[20 * 41 + 20] = ColorU8::from_rgba(0, 0, 0, 255).premultiply();
        let s = Shadow {
            color: [255, 0, 0, 255],
            blur: 8.0,
            dx: 0.0,
            dy: 0.0,
        };
        let out = shadow(&layer, &s).expect("a shadow");
        let total: u32 = out.pixels().iter().map(|p| p.alpha() as u32).sum();
        assert!(out.pixels()[20 * 41 + 24].alpha() > 0, "spread sideways");
        assert!((150..=330).contains(&total), "weight kept: {total}");
        assert!(out.pixels().iter().all(|p| p.green() == 0));
    }
}
