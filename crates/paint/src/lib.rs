//! Drawing that needs no layout, shared by the view and the logic side: the bundled fonts,
//! CSS colors, and the canvas 2D rasterizer behind `<canvas type="2d">` and
//! `wx.createCanvasContext` (the logic side owns canvases, as the phone's JS thread does, so
//! `getImageData` answers synchronously; the view shows their pixels).

pub mod canvas;
pub mod color;
pub mod fonts;

use tiny_skia::Pixmap;

/// Encodes pixels as a PNG (straight alpha, as PNG wants). Every `mpsim render` encodes a
/// screenshot, so this takes the fast way: no copy of an opaque picture, the `Sub` filter and
/// the fast deflate setting.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let data = pixmap.data();
    // An opaque picture (a screenshot) is the same premultiplied or not.
    let straight: std::borrow::Cow<[u8]> = if data.chunks_exact(4).all(|p| p[3] == 255) {
        data.into()
    } else {
        pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect::<Vec<u8>>()
            .into()
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(
            &straight,
            pixmap.width(),
            pixmap.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Decodes a PNG, JPEG, GIF, WebP or SVG into premultiplied pixels; `None` for anything
/// else. An SVG is drawn at its own size (`width`/`height`, else its `viewBox`), which is the
/// size an `<image>` sees, as for any other picture.
pub fn decode_image(bytes: &[u8]) -> Option<Pixmap> {
    if looks_like_svg(bytes) {
        return decode_svg(bytes);
    }
    let img = image::load_from_memory(bytes).ok()?.to_rgba8();
    let (w, h) = img.dimensions();
    let mut pm = Pixmap::new(w, h)?;
    for (dst, src) in pm.pixels_mut().iter_mut().zip(img.pixels()) {
        let [r, g, b, a] = src.0;
        *dst = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
    }
    Some(pm)
}

/// [`decode_image`] for an `<image>`, which is always drawn scaled into its box, so that only
/// its aspect ratio counts: an SVG is drawn at 4x its size (at most 2048 px a side), sharp on
/// any screen.
pub fn decode_picture(bytes: &[u8]) -> Option<Pixmap> {
    if !looks_like_svg(bytes) {
        return decode_image(bytes);
    }
    let tree = svg_tree(bytes)?;
    let size = tree.size();
    let scale = (2048.0 / size.width().max(size.height()).max(1.0)).min(4.0);
    let w = (size.width() * scale).ceil().max(1.0) as u32;
    let h = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pm = Pixmap::new(w, h)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pm.as_mut(),
    );
    Some(pm)
}

/// SVG is text: an XML declaration, a comment or doctype, or the `<svg` tag comes first.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<svg")
        || ((head.starts_with("<?xml") || head.starts_with("<!")) && head.contains("<svg"))
}

/// SVGs larger than this on a side are refused (a malformed size would allocate without end).
const MAX_SVG_SIDE: f32 = 4096.0;

/// The size an SVG is drawn at, when `bytes` are an SVG that parses.
pub fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let tree = svg_tree(bytes)?;
    let size = tree.size();
    Some((size.width().ceil() as u32, size.height().ceil() as u32))
}

fn svg_tree(bytes: &[u8]) -> Option<resvg::usvg::Tree> {
    if !looks_like_svg(bytes) {
        return None;
    }
    let tree = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default()).ok()?;
    let size = tree.size();
    (size.width() <= MAX_SVG_SIDE && size.height() <= MAX_SVG_SIDE).then_some(tree)
}

fn decode_svg(bytes: &[u8]) -> Option<Pixmap> {
    let tree = svg_tree(bytes)?;
    let size = tree.size();
    let mut pm = Pixmap::new(size.width().ceil() as u32, size.height().ceil() as u32)?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pm.as_mut());
    Some(pm)
}

#[cfg(test)]
mod svg_tests {
    use super::*;

    #[test]
    fn svg_icons_decode_at_their_own_size() {
        let svg = br##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16" viewBox="0 0 12 8"><rect x="6" width="6" height="8" fill="#ff0000"/></svg>"##;
        let pm = decode_image(svg).expect("decodes");
        assert_eq!((pm.width(), pm.height()), (24, 16));
        assert_eq!(svg_size(svg), Some((24, 16)));
        let sharp = decode_picture(svg).expect("decodes");
        assert_eq!((sharp.width(), sharp.height()), (96, 64));
        let right = pm.pixel(20, 8).unwrap().demultiply();
        assert_eq!((right.red(), right.green(), right.alpha()), (255, 0, 255));
        assert_eq!(pm.pixel(2, 8).unwrap().alpha(), 0);
        assert!(decode_image(b"<svg oops").is_none());
        assert!(
            decode_image(br#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="1"/>"#)
                .is_none()
        );
    }
}

#[cfg(test)]
mod png_tests {
    use super::*;

    /// Opaque and translucent pixels come back as they went, and the bytes are the ones
    /// tiny-skia's own encoder writes (goldens do not move).
    #[test]
    fn pngs_round_trip_opaque_and_translucent_pixels() {
        let mut pm = Pixmap::new(3, 2).expect("pixmap");
        let colors = [
            (255, 0, 0, 255),
            (0, 128, 255, 255),
            (10, 20, 30, 255),
            (255, 255, 255, 128),
            (0, 200, 0, 64),
            (0, 0, 0, 0),
        ];
        for (px, (r, g, b, a)) in pm.pixels_mut().iter_mut().zip(colors) {
            *px = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
        }
        let png = encode_png(&pm).expect("encodes");
        assert_eq!(png, pm.encode_png().expect("tiny-skia encodes"));
        let back = Pixmap::decode_png(&png).expect("decodes");
        assert_eq!(back.data(), pm.data());
        let mut opaque = Pixmap::new(4, 4).expect("pixmap");
        opaque.fill(tiny_skia::Color::from_rgba8(1, 2, 3, 255));
        let png = encode_png(&opaque).expect("encodes");
        assert_eq!(png, opaque.encode_png().expect("tiny-skia encodes"));
    }
}
