//! Drawing that needs no layout, shared by the view and the logic side: the bundled fonts,
//! CSS colors, and the canvas 2D rasterizer behind `<canvas type="2d">` and
//! `wx.createCanvasContext` (the logic side owns canvases, as the phone's JS thread does, so
//! `getImageData` answers synchronously; the view shows their pixels).

pub mod canvas;
pub mod color;
pub mod fonts;

use tiny_skia::Pixmap;

/// Decodes a PNG, JPEG, GIF or WebP into premultiplied pixels; `None` for anything else.
pub fn decode_image(bytes: &[u8]) -> Option<Pixmap> {
    let img = image::load_from_memory(bytes).ok()?.to_rgba8();
    let (w, h) = img.dimensions();
    let mut pm = Pixmap::new(w, h)?;
    for (dst, src) in pm.pixels_mut().iter_mut().zip(img.pixels()) {
        let [r, g, b, a] = src.0;
        *dst = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
    }
    Some(pm)
}
