//! Paint: laid-out boxes become a display list, and the display list becomes pixels.
//! The list keeps the rasterizer replaceable (tiny-skia here; vello_cpu or the GPU later).

use crate::css::{self, Color};
use crate::layout::{LBox, border_width};
use crate::text::{self, Line};
use ab_glyph::{Font, PxScale, point};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

/// One drawing command, in CSS pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
        radius: f32,
    },
    /// A box outline `width` wide, inside the box.
    Border {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
        color: Color,
        radius: f32,
    },
    Text {
        x: f32,
        y: f32,
        w: f32,
        lines: Vec<Line>,
        align: String,
    },
    /// What an image or not-yet-built native component would show: a labelled box.
    Placeholder {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        label: String,
    },
    /// An `<image>`: `src` as written and the component's `mode`.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        src: String,
        mode: String,
    },
}

/// Decoded images by source; `None` when the source cannot be read or decoded (the image then
/// shows as a placeholder).
pub trait Images {
    fn get(&self, src: &str) -> Option<std::sync::Arc<Pixmap>>;
}

/// No images at all.
pub struct NoImages;

impl Images for NoImages {
    fn get(&self, _: &str) -> Option<std::sync::Arc<Pixmap>> {
        None
    }
}

/// Decodes PNG, JPEG, GIF (first frame) and WebP into a pixmap.
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

fn radius(b: &LBox) -> f32 {
    b.style
        .get("border-radius")
        .and_then(|v| {
            v.split_whitespace()
                .next()
                .and_then(|t| css::length(t, 16.0))
        })
        .map(|l| match l {
            css::Len::Px(p) => p,
            css::Len::Percent(p) => p * b.w.min(b.h),
            css::Len::Auto => 0.0,
        })
        .unwrap_or(0.0)
}

fn with_opacity(mut c: Color, opacity: f32) -> Color {
    c[3] = (c[3] as f32 * opacity).round() as u8;
    c
}

/// The display list of a laid-out tree, offset by (`dx`, `dy`).
pub fn display_list(root: &LBox, dx: f32, dy: f32, out: &mut Vec<Item>) {
    paint_box(root, dx, dy, 1.0, out);
}

fn paint_box(b: &LBox, dx: f32, dy: f32, parent_opacity: f32, out: &mut Vec<Item>) {
    let opacity = parent_opacity
        * b.style
            .get("opacity")
            .and_then(|o| o.parse::<f32>().ok())
            .unwrap_or(1.0);
    let (x, y) = (b.x + dx, b.y + dy);
    if b.style.contains_key("#paragraph") {
        let mut lines = b.lines.clone();
        for l in &mut lines {
            for g in &mut l.glyphs {
                g.color = with_opacity(g.color, opacity);
            }
        }
        out.push(Item::Text {
            x,
            y,
            w: b.w,
            lines,
            align: b.text_align.clone(),
        });
        return;
    }
    let r = radius(b);
    let bg = b
        .style
        .get("background-color")
        .and_then(|v| css::color(v))
        .or_else(|| b.style.get("background").and_then(|v| css::first_color(v)));
    if let Some(c) = bg.filter(|c| c[3] > 0) {
        out.push(Item::Rect {
            x,
            y,
            w: b.w,
            h: b.h,
            color: with_opacity(c, opacity),
            radius: r,
        });
    }
    let bw = border_width(&b.style, 16.0);
    if bw > 0.0 {
        let color = b
            .style
            .get("border-color")
            .and_then(|v| css::color(v))
            .or_else(|| b.style.get("border").and_then(|v| css::first_color(v)))
            .unwrap_or([0, 0, 0, 255]);
        out.push(Item::Border {
            x,
            y,
            w: b.w,
            h: b.h,
            width: bw,
            color: with_opacity(color, opacity),
            radius: r,
        });
    }
    match b.tag.as_str() {
        "image" => {
            let src = b.style.get("#src").cloned().unwrap_or_default();
            let mode = b
                .style
                .get("#mode")
                .cloned()
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "scaleToFill".into());
            out.push(Item::Image {
                x,
                y,
                w: b.w,
                h: b.h,
                src,
                mode,
            });
        }
        "switch" | "checkbox" | "radio" | "icon" | "progress" => control(b, x, y, out),
        "swiper" => {
            if let Some(n) = b
                .style
                .get("#dots")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n > 0)
            {
                let current = b
                    .style
                    .get("#current")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(0);
                let on = b
                    .style
                    .get("#dot-active")
                    .and_then(|c| css::color(c))
                    .unwrap_or([0, 0, 0, 255]);
                let off = b
                    .style
                    .get("#dot-color")
                    .and_then(|c| css::color(c))
                    .unwrap_or([0, 0, 0, 77]);
                let total = n as f32 * 8.0 + (n as f32 - 1.0) * 6.0;
                for i in 0..n {
                    let dx = x + (b.w - total) / 2.0 + i as f32 * 14.0;
                    out.push(Item::Rect {
                        x: dx,
                        y: y + b.h - 18.0,
                        w: 8.0,
                        h: 8.0,
                        color: if i == current { on } else { off },
                        radius: 4.0,
                    });
                }
                // The dots go on top of the current item: draw them after the children.
                let dots: Vec<Item> = out.drain(out.len() - n..).collect();
                for c in &b.children {
                    paint_box(c, dx, dy, opacity, out);
                }
                out.extend(dots);
                return;
            }
        }
        "video" | "map" | "canvas" | "camera" | "live-player" | "live-pusher" | "web-view" => {
            out.push(Item::Placeholder {
                x,
                y,
                w: b.w,
                h: b.h,
                label: b.tag.clone(),
            });
        }
        _ => {}
    }
    for c in &b.children {
        paint_box(c, dx, dy, opacity, out);
    }
}

/// A check, cross or other mark drawn as text in the box.
fn mark(out: &mut Vec<Item>, ch: char, x: f32, y: f32, w: f32, h: f32, color: Color) {
    let size = h * 0.7;
    let lines = text::lay_out(
        &[text::Run {
            text: ch.to_string(),
            size,
            color,
            bold: true,
        }],
        None,
        None,
        true,
    );
    let (lw, lh) = lines
        .first()
        .map(|l| (l.width, l.height))
        .unwrap_or((0.0, 0.0));
    out.push(Item::Text {
        x: x + (w - lw) / 2.0,
        y: y + (h - lh) / 2.0,
        w: lw,
        lines,
        align: "left".into(),
    });
}

/// The default look of switch, checkbox, radio, icon and progress.
fn control(b: &LBox, x: f32, y: f32, out: &mut Vec<Item>) {
    let attr = |k: &str| b.style.get(&format!("#{k}")).cloned();
    let checked = attr("checked").is_some_and(|v| v != "false");
    let accent = attr("color")
        .and_then(|c| css::color(&c))
        .unwrap_or([7, 193, 96, 255]);
    let (w, h) = (b.w, b.h);
    match b.tag.as_str() {
        "switch" => {
            let track = if checked {
                accent
            } else {
                [229, 229, 229, 255]
            };
            out.push(Item::Rect {
                x,
                y,
                w,
                h,
                color: track,
                radius: h / 2.0,
            });
            let d = h - 4.0;
            let kx = if checked { x + w - d - 2.0 } else { x + 2.0 };
            out.push(Item::Rect {
                x: kx,
                y: y + 2.0,
                w: d,
                h: d,
                color: [255, 255, 255, 255],
                radius: d / 2.0,
            });
        }
        "checkbox" | "radio" => {
            let r = if b.tag == "radio" { w / 2.0 } else { 3.0 };
            if b.tag == "radio" && checked {
                out.push(Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    color: accent,
                    radius: r,
                });
                mark(out, '✓', x, y, w, h, [255, 255, 255, 255]);
            } else {
                out.push(Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    color: [255, 255, 255, 255],
                    radius: r,
                });
                out.push(Item::Border {
                    x,
                    y,
                    w,
                    h,
                    width: 1.0,
                    color: [209, 209, 209, 255],
                    radius: r,
                });
                if checked {
                    mark(out, '✓', x, y, w, h, accent);
                }
            }
        }
        "icon" => {
            let kind = attr("type").unwrap_or_default();
            let (color, ch) = match kind.as_str() {
                "success" | "success_no_circle" => ([7, 193, 96, 255], '✓'),
                "info" => ([16, 174, 255, 255], 'i'),
                "warn" => ([247, 98, 96, 255], '!'),
                "waiting" => ([16, 174, 255, 255], '…'),
                "cancel" | "clear" => ([244, 53, 48, 255], '×'),
                "download" => ([178, 178, 178, 255], '↓'),
                "search" => ([178, 178, 178, 255], '○'),
                _ => ([178, 178, 178, 255], '?'),
            };
            let color = attr("color").and_then(|c| css::color(&c)).unwrap_or(color);
            out.push(Item::Rect {
                x,
                y,
                w,
                h,
                color,
                radius: w / 2.0,
            });
            mark(out, ch, x, y, w, h, [255, 255, 255, 255]);
        }
        _ => {
            let percent = attr("percent")
                .and_then(|p| p.parse::<f32>().ok())
                .unwrap_or(0.0)
                .clamp(0.0, 100.0);
            let back = attr("backgroundColor")
                .and_then(|c| css::color(&c))
                .unwrap_or([235, 235, 235, 255]);
            let active = attr("activeColor")
                .and_then(|c| css::color(&c))
                .unwrap_or([9, 187, 7, 255]);
            out.push(Item::Rect {
                x,
                y,
                w,
                h,
                color: back,
                radius: 0.0,
            });
            out.push(Item::Rect {
                x,
                y,
                w: w * percent / 100.0,
                h,
                color: active,
                radius: 0.0,
            });
        }
    }
}

fn rounded(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<tiny_skia::Path> {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    if r <= 0.0 {
        return Some(PathBuilder::from_rect(Rect::from_xywh(
            x,
            y,
            w.max(0.01),
            h.max(0.01),
        )?));
    }
    let k = 0.552_284_8 * r;
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.cubic_to(x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.cubic_to(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.cubic_to(x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    pb.line_to(x, y + r);
    pb.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
    pb.close();
    pb.finish()
}

fn paint_of(c: Color) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c[0], c[1], c[2], c[3]);
    p.anti_alias = true;
    p
}

/// Draws a display list onto a pixmap whose pixels are `scale` per CSS pixel.
pub fn rasterize(items: &[Item], pixmap: &mut Pixmap, scale: f32) {
    rasterize_with(items, pixmap, scale, &NoImages)
}

/// Draws an image into its box with the `<image>` mode: `scaleToFill` stretches,
/// `aspectFit` fits inside, `aspectFill` covers and crops; the `widthFix`/`heightFix` boxes
/// behave as `scaleToFill` once laid out.
#[allow(clippy::too_many_arguments)]
fn draw_image(
    pixmap: &mut Pixmap,
    img: &Pixmap,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    mode: &str,
    scale: f32,
) {
    let (iw, ih) = (img.width() as f32, img.height() as f32);
    if iw == 0.0 || ih == 0.0 || w <= 0.0 || h <= 0.0 {
        return;
    }
    let (sx, sy) = match mode {
        "aspectFit" => {
            let s = (w / iw).min(h / ih);
            (s, s)
        }
        "aspectFill" => {
            let s = (w / iw).max(h / ih);
            (s, s)
        }
        _ => (w / iw, h / ih),
    };
    let (dw, dh) = (iw * sx, ih * sy);
    let (dx, dy) = (x + (w - dw) / 2.0, y + (h - dh) / 2.0);
    let Some(clip_rect) = Rect::from_xywh(x * scale, y * scale, w * scale, h * scale) else {
        return;
    };
    let Some(mut mask) = tiny_skia::Mask::new(pixmap.width(), pixmap.height()) else {
        return;
    };
    mask.fill_path(
        &PathBuilder::from_rect(clip_rect),
        FillRule::Winding,
        false,
        Transform::identity(),
    );
    let t = Transform::from_row(sx * scale, 0.0, 0.0, sy * scale, dx * scale, dy * scale);
    let paint = tiny_skia::PixmapPaint {
        quality: tiny_skia::FilterQuality::Bilinear,
        ..Default::default()
    };
    pixmap.draw_pixmap(0, 0, img.as_ref(), &paint, t, Some(&mask));
}

/// [`rasterize`] with images.
pub fn rasterize_with(items: &[Item], pixmap: &mut Pixmap, scale: f32, images: &dyn Images) {
    let t = Transform::from_scale(scale, scale);
    for item in items {
        match item {
            Item::Image {
                x,
                y,
                w,
                h,
                src,
                mode,
            } => match images.get(src) {
                Some(img) => draw_image(pixmap, &img, *x, *y, *w, *h, mode, scale),
                None => rasterize(
                    &[Item::Placeholder {
                        x: *x,
                        y: *y,
                        w: *w,
                        h: *h,
                        label: "image".into(),
                    }],
                    pixmap,
                    scale,
                ),
            },
            Item::Rect {
                x,
                y,
                w,
                h,
                color,
                radius,
            } => {
                if let Some(path) = rounded(*x, *y, *w, *h, *radius) {
                    pixmap.fill_path(&path, &paint_of(*color), FillRule::Winding, t, None);
                }
            }
            Item::Border {
                x,
                y,
                w,
                h,
                width,
                color,
                radius,
            } => {
                if let Some(path) = rounded(
                    *x + width / 2.0,
                    *y + width / 2.0,
                    w - width,
                    h - width,
                    (radius - width / 2.0).max(0.0),
                ) {
                    let stroke = tiny_skia::Stroke {
                        width: *width,
                        ..Default::default()
                    };
                    pixmap.stroke_path(&path, &paint_of(*color), &stroke, t, None);
                }
            }
            Item::Placeholder { x, y, w, h, label } => {
                if let Some(path) = rounded(*x, *y, *w, *h, 0.0) {
                    pixmap.fill_path(
                        &path,
                        &paint_of([238, 238, 238, 255]),
                        FillRule::Winding,
                        t,
                        None,
                    );
                    let stroke = tiny_skia::Stroke {
                        width: 1.0,
                        ..Default::default()
                    };
                    pixmap.stroke_path(&path, &paint_of([204, 204, 204, 255]), &stroke, t, None);
                }
                let size = 12.0_f32.min(h * 0.8).max(6.0);
                let lines = text::lay_out(
                    &[text::Run {
                        text: label.clone(),
                        size,
                        color: [153, 153, 153, 255],
                        bold: false,
                    }],
                    None,
                    None,
                    true,
                );
                let lw = lines.first().map(|l| l.width).unwrap_or(0.0);
                let lh = lines.first().map(|l| l.height).unwrap_or(0.0);
                draw_lines(
                    pixmap,
                    &lines,
                    x + (w - lw) / 2.0,
                    y + (h - lh) / 2.0,
                    lw,
                    "left",
                    scale,
                );
            }
            Item::Text {
                x,
                y,
                w,
                lines,
                align,
            } => draw_lines(pixmap, lines, *x, *y, *w, align, scale),
        }
    }
}

/// Draws text lines with the bundled font, blending glyph coverage over the pixels.
pub fn draw_lines(
    pixmap: &mut Pixmap,
    lines: &[Line],
    x: f32,
    y: f32,
    w: f32,
    align: &str,
    scale: f32,
) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let mut top = y;
    for line in lines {
        let offset = match align {
            "center" => (w - line.width) / 2.0,
            "right" | "end" => w - line.width,
            _ => 0.0,
        };
        for g in &line.glyphs {
            if g.ch.is_whitespace() {
                continue;
            }
            let size = g.size * scale;
            let gx = (x + offset + g.x) * scale;
            let gy = (top + line.baseline) * scale;
            let Some((font, real_bold)) = text::font_for(g.ch, g.bold) else {
                continue;
            };
            // Without a bold face, bold is drawn twice, slightly offset.
            let passes: &[f32] = if g.bold && !real_bold {
                &[0.0, 0.6]
            } else {
                &[0.0]
            };
            for dx in passes {
                let glyph = font
                    .glyph_id(g.ch)
                    .with_scale_and_position(PxScale::from(size), point(gx + dx * scale, gy));
                let Some(outline) = font.outline_glyph(glyph) else {
                    continue;
                };
                let bounds = outline.px_bounds();
                let data = pixmap.data_mut();
                outline.draw(|px, py, cov| {
                    let ax = bounds.min.x as i32 + px as i32;
                    let ay = bounds.min.y as i32 + py as i32;
                    if ax < 0 || ay < 0 || ax >= pw || ay >= ph {
                        return;
                    }
                    let i = ((ay * pw + ax) * 4) as usize;
                    let a = cov.clamp(0.0, 1.0) * g.color[3] as f32 / 255.0;
                    for ch in 0..3 {
                        let src = g.color[ch] as f32 * a;
                        data[i + ch] =
                            (src + data[i + ch] as f32 * (1.0 - a)).round().min(255.0) as u8;
                    }
                    data[i + 3] = (a * 255.0 + data[i + 3] as f32 * (1.0 - a))
                        .round()
                        .min(255.0) as u8;
                });
            }
        }
        top += line.height;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct One(std::sync::Arc<Pixmap>);
    impl Images for One {
        fn get(&self, _: &str) -> Option<std::sync::Arc<Pixmap>> {
            Some(self.0.clone())
        }
    }

    fn red_2x1() -> Pixmap {
        let mut p = Pixmap::new(2, 1).unwrap();
        p.fill(tiny_skia::Color::from_rgba8(255, 0, 0, 255));
        p
    }

    #[test]
    fn image_modes_fit_fill_and_stretch() {
        let img = One(std::sync::Arc::new(red_2x1()));
        let draw = |mode: &str| {
            let mut pm = Pixmap::new(10, 10).unwrap();
            rasterize_with(
                &[Item::Image {
                    x: 0.0,
                    y: 0.0,
                    w: 10.0,
                    h: 10.0,
                    src: "x".into(),
                    mode: mode.into(),
                }],
                &mut pm,
                1.0,
                &img,
            );
            (
                pm.pixel(5, 1).unwrap().alpha(),
                pm.pixel(5, 5).unwrap().alpha(),
            )
        };
        // aspectFit: a 2:1 image in a square leaves the top empty; fill and stretch cover it.
        assert_eq!(draw("aspectFit"), (0, 255));
        assert_eq!(draw("aspectFill"), (255, 255));
        assert_eq!(draw("scaleToFill"), (255, 255));
    }

    #[test]
    fn decodes_png_and_refuses_garbage() {
        let png = red_2x1().encode_png().unwrap();
        let back = decode_image(&png).unwrap();
        assert_eq!((back.width(), back.height()), (2, 1));
        assert!(decode_image(b"not an image").is_none());
    }
}

#[cfg(test)]
mod control_tests {
    use super::*;
    use mpsim_wxss::ComputedStyle;

    fn boxed(tag: &str, attrs: &[(&str, &str)]) -> LBox {
        let mut style = ComputedStyle::new();
        for (k, v) in attrs {
            style.insert(format!("#{k}"), v.to_string());
        }
        LBox {
            id: 1,
            tag: tag.into(),
            x: 0.0,
            y: 0.0,
            w: 52.0,
            h: 32.0,
            style,
            lines: Vec::new(),
            text_align: String::new(),
            children: Vec::new(),
        }
    }

    #[test]
    fn switches_show_their_state_and_color() {
        let mut on = Vec::new();
        display_list(
            &boxed("switch", &[("checked", "true"), ("color", "#ff0000")]),
            0.0,
            0.0,
            &mut on,
        );
        assert!(matches!(
            on[0],
            Item::Rect {
                color: [255, 0, 0, 255],
                ..
            }
        ));
        let mut off = Vec::new();
        display_list(&boxed("switch", &[]), 0.0, 0.0, &mut off);
        assert!(matches!(
            off[0],
            Item::Rect {
                color: [229, 229, 229, 255],
                ..
            }
        ));
        // The knob sits at the end that shows the state.
        let knob_x = |items: &[Item]| match items[1] {
            Item::Rect { x, .. } => x,
            _ => f32::NAN,
        };
        assert!(knob_x(&on) > knob_x(&off));
    }

    #[test]
    fn progress_fills_its_percent() {
        let mut items = Vec::new();
        display_list(
            &boxed("progress", &[("percent", "25")]),
            0.0,
            0.0,
            &mut items,
        );
        assert!(matches!(items[1], Item::Rect { w, .. } if (w - 13.0).abs() < 0.01));
    }
}
