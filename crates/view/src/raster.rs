//! Display list to pixels with tiny-skia. Clipped and transformed groups are drawn into
//! layers of their own (sized to the clip when there is one) and composited back, so text,
//! images and shapes are all clipped and transformed the same way.

use crate::css::Color;
use crate::effects::{Gradient, Matrix};
use crate::paint::{Images, Item, NoImages};
use crate::text::{self, Deco, Line};
use ab_glyph::{Font, ScaleFont, point};
use std::sync::Arc;
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

/// Draws a display list onto a pixmap whose pixels are `scale` per CSS pixel.
pub fn rasterize(items: &[Item], pixmap: &mut Pixmap, scale: f32) {
    rasterize_with(items, pixmap, scale, &NoImages)
}

/// [`rasterize`] with images.
pub fn rasterize_with(items: &[Item], pixmap: &mut Pixmap, scale: f32, images: &dyn Images) {
    let (w, h) = (pixmap.width(), pixmap.height());
    let base = std::mem::replace(pixmap, Pixmap::new(1, 1).unwrap_or_else(|| unreachable!()));
    let mut r = Raster {
        scale,
        images,
        frame: (w, h),
        stack: vec![Layer {
            pixmap: base,
            ox: 0.0,
            oy: 0.0,
            clip: None,
            transform: None,
        }],
    };
    for item in items {
        r.draw(item);
    }
    while r.stack.len() > 1 {
        r.pop();
    }
    if let Some(l) = r.stack.pop() {
        *pixmap = l.pixmap;
    }
}

/// A surface being drawn on: its pixels, where its top-left corner is in page CSS pixels,
/// and how it goes back onto the layer under it.
struct Layer {
    pixmap: Pixmap,
    ox: f32,
    oy: f32,
    clip: Option<[f32; 5]>,
    transform: Option<Matrix>,
}

struct Raster<'a> {
    scale: f32,
    images: &'a dyn Images,
    frame: (u32, u32),
    stack: Vec<Layer>,
}

impl Raster<'_> {
    fn top(&mut self) -> &mut Layer {
        let n = self.stack.len() - 1;
        &mut self.stack[n]
    }

    /// CSS pixels of the page to this layer's device pixels.
    fn transform(&self) -> Transform {
        let l = &self.stack[self.stack.len() - 1];
        let s = self.scale;
        Transform::from_row(s, 0.0, 0.0, s, -l.ox * s, -l.oy * s)
    }

    fn fill(&mut self, path: Option<tiny_skia::Path>, paint: &Paint) {
        let t = self.transform();
        if let Some(p) = path {
            self.top()
                .pixmap
                .fill_path(&p, paint, FillRule::Winding, t, None);
        }
    }

    fn draw(&mut self, item: &Item) {
        let (ox, oy) = (self.top().ox, self.top().oy);
        let scale = self.scale;
        match item {
            Item::PushLayer { clip, transform } => self.push(*clip, *transform),
            Item::PopLayer => self.pop(),
            Item::Image {
                x,
                y,
                w,
                h,
                src,
                mode,
            } => match self.images.get(src) {
                Some(img) => draw_image(
                    &mut self.top().pixmap,
                    &img,
                    [x - ox, y - oy, *w, *h],
                    mode,
                    scale,
                ),
                // A canvas nothing has drawn on is transparent.
                None if src.starts_with("canvas://") => {}
                None => self.draw(&Item::Placeholder {
                    x: *x,
                    y: *y,
                    w: *w,
                    h: *h,
                    label: "image".into(),
                }),
            },
            Item::Rect {
                x,
                y,
                w,
                h,
                color,
                radius,
            } => self.fill(rounded(*x, *y, *w, *h, *radius), &paint_of(*color)),
            Item::Gradient {
                x,
                y,
                w,
                h,
                radius,
                gradient,
            } => {
                if let Some(shader) = gradient_shader(gradient, [*x, *y, *w, *h]) {
                    let paint = Paint {
                        shader,
                        anti_alias: true,
                        ..Default::default()
                    };
                    self.fill(rounded(*x, *y, *w, *h, *radius), &paint);
                }
            }
            Item::Shadow {
                x,
                y,
                w,
                h,
                radius,
                blur,
                color,
            } => {
                // A blur approximated by rings fading outwards.
                let steps = (blur.ceil() as usize).clamp(1, 8);
                let mut c = *color;
                c[3] = (color[3] as f32 / steps as f32).ceil() as u8;
                for i in 0..steps {
                    let grow = blur * ((i as f32 + 0.5) / steps as f32 - 0.5);
                    self.fill(
                        rounded(
                            x - grow,
                            y - grow,
                            w + 2.0 * grow,
                            h + 2.0 * grow,
                            radius + grow.max(0.0),
                        ),
                        &paint_of(c),
                    );
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
                    let t = self.transform();
                    self.top()
                        .pixmap
                        .stroke_path(&path, &paint_of(*color), &stroke, t, None);
                }
            }
            Item::Placeholder { x, y, w, h, label } => {
                self.fill(
                    rounded(*x, *y, *w, *h, 0.0),
                    &paint_of([238, 238, 238, 255]),
                );
                self.draw(&Item::Border {
                    x: *x,
                    y: *y,
                    w: *w,
                    h: *h,
                    width: 1.0,
                    color: [204, 204, 204, 255],
                    radius: 0.0,
                });
                let size = 12.0_f32.min(h * 0.8).max(6.0);
                let lines = text::lay_out(
                    &[text::Run {
                        text: label.clone(),
                        size,
                        color: [153, 153, 153, 255],
                        bold: false,
                        letter_spacing: 0.0,
                        deco: None,
                    }],
                    None,
                    None,
                    true,
                );
                let lw = lines.first().map(|l| l.width).unwrap_or(0.0);
                let lh = lines.first().map(|l| l.height).unwrap_or(0.0);
                draw_lines(
                    &mut self.top().pixmap,
                    &lines,
                    x - ox + (w - lw) / 2.0,
                    y - oy + (h - lh) / 2.0,
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
            } => draw_lines(
                &mut self.top().pixmap,
                lines,
                x - ox,
                y - oy,
                *w,
                align,
                scale,
            ),
        }
    }

    /// Starts a layer: the size of the clip (whole device pixels, inside the frame), or the
    /// whole frame for a transform without a clip.
    fn push(&mut self, clip: Option<[f32; 5]>, transform: Option<Matrix>) {
        let s = self.scale;
        let (fw, fh) = self.frame;
        let (px, py, pw, ph) = match (clip, transform) {
            (Some([x, y, w, h, _]), None) => {
                let x0 = (x * s).floor().max(0.0);
                let y0 = (y * s).floor().max(0.0);
                let x1 = ((x + w) * s).ceil().min(fw as f32);
                let y1 = ((y + h) * s).ceil().min(fh as f32);
                (x0, y0, (x1 - x0).max(1.0), (y1 - y0).max(1.0))
            }
            _ => (0.0, 0.0, fw as f32, fh as f32),
        };
        let pixmap = Pixmap::new(pw as u32, ph as u32)
            .or_else(|| Pixmap::new(1, 1))
            .unwrap_or_else(|| unreachable!("a 1x1 pixmap always allocates"));
        self.stack.push(Layer {
            pixmap,
            ox: px / s,
            oy: py / s,
            clip,
            transform,
        });
    }

    /// Ends the top layer: clips it, then composites it onto the one below.
    fn pop(&mut self) {
        if self.stack.len() < 2 {
            return;
        }
        let Some(mut layer) = self.stack.pop() else {
            return;
        };
        let s = self.scale;
        if let Some([x, y, w, h, r]) = layer.clip
            && let Some(mut mask) =
                tiny_skia::Mask::new(layer.pixmap.width(), layer.pixmap.height())
            && let Some(path) = rounded(x, y, w, h, r)
        {
            let t = Transform::from_row(s, 0.0, 0.0, s, -layer.ox * s, -layer.oy * s);
            mask.fill_path(&path, FillRule::Winding, true, t);
            layer.pixmap.apply_mask(&mask);
        }
        let below = self.top();
        let (dx, dy) = ((layer.ox - below.ox) * s, (layer.oy - below.oy) * s);
        // Device pixels of the layer -> page CSS pixels -> transformed -> the lower layer.
        let mut t = Transform::from_translate(layer.ox * s, layer.oy * s);
        let mut quality = tiny_skia::FilterQuality::Nearest;
        if let Some(m) = layer.transform {
            let css = Transform::from_row(m[0], m[1], m[2], m[3], m[4], m[5]);
            t = t
                .post_scale(1.0 / s, 1.0 / s)
                .post_concat(css)
                .post_scale(s, s);
            quality = tiny_skia::FilterQuality::Bilinear;
        }
        let t = t.post_translate(-below.ox * s, -below.oy * s);
        let paint = tiny_skia::PixmapPaint {
            quality,
            ..Default::default()
        };
        if layer.transform.is_none() {
            below.pixmap.draw_pixmap(
                dx.round() as i32,
                dy.round() as i32,
                layer.pixmap.as_ref(),
                &paint,
                Transform::identity(),
                None,
            );
        } else {
            below
                .pixmap
                .draw_pixmap(0, 0, layer.pixmap.as_ref(), &paint, t, None);
        }
    }
}

/// A tiny-skia shader for a CSS gradient over box `bx`: the gradient line goes through the
/// centre at the CSS angle, as long as the box's extent along it.
fn gradient_shader(g: &Gradient, bx: [f32; 4]) -> Option<tiny_skia::Shader<'static>> {
    let [x, y, w, h] = bx;
    let a = g.angle.to_radians();
    let (dx, dy) = (a.sin(), -a.cos());
    let half = ((w * dx).abs() + (h * dy).abs()) / 2.0;
    let (cx, cy) = (x + w / 2.0, y + h / 2.0);
    let stops = g
        .stops
        .iter()
        .map(|(p, c)| {
            tiny_skia::GradientStop::new(*p, tiny_skia::Color::from_rgba8(c[0], c[1], c[2], c[3]))
        })
        .collect();
    if g.stops.len() == 1 {
        let c = g.stops[0].1;
        return Some(tiny_skia::Shader::SolidColor(tiny_skia::Color::from_rgba8(
            c[0], c[1], c[2], c[3],
        )));
    }
    tiny_skia::LinearGradient::new(
        point_of(cx - dx * half, cy - dy * half),
        point_of(cx + dx * half, cy + dy * half),
        stops,
        tiny_skia::SpreadMode::Pad,
        Transform::identity(),
    )
}

fn point_of(x: f32, y: f32) -> tiny_skia::Point {
    tiny_skia::Point::from_xy(x, y)
}

/// Draws an image into its box with the `<image>` mode: `scaleToFill` stretches,
/// `aspectFit` fits inside, `aspectFill` covers and crops; the `widthFix`/`heightFix` boxes
/// behave as `scaleToFill` once laid out. The box is in the layer's CSS pixels.
fn draw_image(pixmap: &mut Pixmap, img: &Pixmap, bx: [f32; 4], mode: &str, scale: f32) {
    let [x, y, w, h] = bx;
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
    // The image's rectangle cut to the box (aspectFill overflows it), filled with the image
    // as a pattern: the pixels a full-screen clip mask gave, without making one per image.
    let (left, top) = ((x.max(dx)) * scale, (y.max(dy)) * scale);
    let (right, bottom) = ((x + w).min(dx + dw) * scale, (y + h).min(dy + dh) * scale);
    let Some(shown) = Rect::from_ltrb(left, top, right, bottom) else {
        return;
    };
    let t = Transform::from_row(sx * scale, 0.0, 0.0, sy * scale, dx * scale, dy * scale);
    let paint = Paint {
        shader: tiny_skia::Pattern::new(
            img.as_ref(),
            tiny_skia::SpreadMode::Pad,
            tiny_skia::FilterQuality::Bilinear,
            1.0,
            t,
        ),
        anti_alias: false,
        ..Default::default()
    };
    pixmap.fill_path(
        &PathBuilder::from_rect(shown),
        &paint,
        FillRule::Winding,
        Transform::identity(),
        None,
    );
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

/// The boxes inline elements draw behind their glyphs on one line (at `x`, `top`): each run
/// of glyphs of one element, padded, from the font's ascent to its descent. An element that
/// goes on from the line before (`before`, the deco that line ended in) or onto the next
/// (`after`) is sliced there: no padding on that side.
fn inline_boxes(
    pixmap: &mut Pixmap,
    line: &Line,
    at: (f32, f32),
    around: (Option<&Arc<Deco>>, Option<&Arc<Deco>>),
    scale: f32,
) {
    let (x, top) = at;
    let (before, after) = around;
    let same = |a: Option<&Arc<Deco>>, b: &Arc<Deco>| a.is_some_and(|a| Arc::ptr_eq(a, b));
    let mut i = 0;
    while i < line.glyphs.len() {
        let Some(d) = &line.glyphs[i].deco else {
            i += 1;
            continue;
        };
        let start = i;
        while i < line.glyphs.len()
            && line.glyphs[i]
                .deco
                .as_ref()
                .is_some_and(|o| Arc::ptr_eq(o, d))
        {
            i += 1;
        }
        let (first, last) = (&line.glyphs[start], &line.glyphs[i - 1]);
        let size = line.glyphs[start..i]
            .iter()
            .map(|g| g.size)
            .fold(0.0, f32::max);
        let (ascent, descent) = text::font().map_or((size * 0.8, -size * 0.2), |f| {
            let s = f.as_scaled(mpsim_paint::fonts::px_scale(f, size));
            (s.ascent(), s.descent())
        });
        let continued = start == 0 && same(before, d);
        let goes_on = i == line.glyphs.len() && same(after, d);
        let left = if continued { 0.0 } else { d.padding[3] };
        let right = if goes_on { 0.0 } else { d.padding[1] };
        let x0 = x + first.x - left;
        let x1 = x + last.x + text::advance(last.ch, last.size, last.bold) + right;
        let y0 = top + line.baseline - ascent - d.padding[0];
        let y1 = top + line.baseline - descent + d.padding[2];
        let Some(path) = rounded(
            x0 * scale,
            y0 * scale,
            (x1 - x0) * scale,
            (y1 - y0) * scale,
            d.radius * scale,
        ) else {
            continue;
        };
        if let Some(bg) = d.background {
            pixmap.fill_path(
                &path,
                &paint_of(bg),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
        if let Some((width, color)) = d.border {
            let stroke = tiny_skia::Stroke {
                width: width * scale,
                ..Default::default()
            };
            pixmap.stroke_path(
                &path,
                &paint_of(color),
                &stroke,
                Transform::identity(),
                None,
            );
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
    for (n, line) in lines.iter().enumerate() {
        let offset = text::line_offset(align, w, line.width);
        let before = n
            .checked_sub(1)
            .and_then(|p| lines[p].glyphs.last())
            .and_then(|g| g.deco.as_ref());
        let after = lines
            .get(n + 1)
            .and_then(|l| l.glyphs.first())
            .and_then(|g| g.deco.as_ref());
        inline_boxes(pixmap, line, (x + offset, top), (before, after), scale);
        for g in &line.glyphs {
            // An inline-level box draws itself.
            if g.ch.is_whitespace() || g.ch == text::OBJECT {
                continue;
            }
            let size = g.size * scale;
            let gx = (x + offset + g.x) * scale;
            let gy = (top + line.baseline) * scale;
            let Some(text::Glyph {
                face: font,
                id,
                real_bold,
            }) = text::glyph_for(g.ch, g.bold)
            else {
                continue;
            };
            // Without a bold face, bold is drawn twice, slightly offset.
            let passes: &[f32] = if g.bold && !real_bold {
                &[0.0, 0.6]
            } else {
                &[0.0]
            };
            for dx in passes {
                let glyph = id.with_scale_and_position(
                    mpsim_paint::fonts::px_scale(font, size),
                    point(gx + dx * scale, gy),
                );
                let Some(outline) = font.outline_glyph(glyph) else {
                    continue;
                };
                let bounds = outline.px_bounds();
                // Glyphs off the pixmap cost nothing; absurd sizes (a font-size of 1e9px)
                // would need a coverage buffer bigger than memory.
                if bounds.max.x < 0.0
                    || bounds.max.y < 0.0
                    || bounds.min.x >= pw as f32
                    || bounds.min.y >= ph as f32
                    || bounds.width() * bounds.height() > 4.0 * (pw as f32) * (ph as f32)
                {
                    continue;
                }
                let data = pixmap.data_mut();
                outline.draw(|px, py, cov| {
                    let ax = bounds.min.x as i32 + px as i32;
                    let ay = bounds.min.y as i32 + py as i32;
                    if ax < 0 || ay < 0 || ax >= pw || ay >= ph {
                        return;
                    }
                    let i = ((ay * pw + ax) * 4) as usize;
                    let a = cov.clamp(0.0, 1.0) * g.color[3] as f32 / 255.0;
                    // Most of a glyph's box is uncovered, and blending nothing changes nothing.
                    if a == 0.0 {
                        return;
                    }
                    for ch in 0..3 {
                        let src = g.color[ch] as f32 * a;
                        data[i + ch] =
                            round_up_half(src + data[i + ch] as f32 * (1.0 - a)).min(255.0) as u8;
                    }
                    data[i + 3] =
                        round_up_half(a * 255.0 + data[i + 3] as f32 * (1.0 - a)).min(255.0) as u8;
                });
            }
        }
        top += line.height;
    }
}

/// `x.round()` for the blend's values (zero or more): the same result without a call into
/// libm, which `round` is on x86-64 without SSE4.1, once per channel of every glyph pixel.
/// Truncating a value under 2^23 is exact, and so is taking the truncation from it.
fn round_up_half(x: f32) -> f32 {
    if !(x > 0.0 && x < 8_388_608.0) {
        return x.round();
    }
    let t = x as i32 as f32;
    if x - t >= 0.5 { t + 1.0 } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paint::{Images, Item};
    use mpsim_paint::decode_image;

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
mod text_tests {
    use super::*;

    #[test]
    fn an_inline_box_across_two_lines_is_sliced() {
        let d = Arc::new(Deco {
            background: Some([255, 0, 0, 255]),
            border: None,
            radius: 0.0,
            padding: [0.0, 4.0, 0.0, 4.0],
            margin: [0.0, 0.0],
        });
        let glyph = |ch: char, x: f32| text::Placed {
            ch,
            x,
            size: 16.0,
            color: [0, 0, 0, 255],
            bold: false,
            deco: Some(d.clone()),
            run: 0,
        };
        let line = |g| Line {
            glyphs: vec![g],
            width: 20.0,
            height: 20.0,
            baseline: 15.0,
        };
        let lines = [line(glyph('a', 4.0)), line(glyph('b', 0.0))];
        let mut pm = Pixmap::new(60, 40).expect("allocates");
        draw_lines(&mut pm, &lines, 10.0, 0.0, 50.0, "left", 1.0);
        let red = |x: u32, y: u32| {
            pm.pixel(x, y)
                .is_some_and(|p| p.red() > 200 && p.green() < 50)
        };
        assert!(red(11, 10), "the first fragment has its left padding");
        assert!(!red(8, 30), "the second starts at its glyph");
    }

    /// Found by fuzzing: a 1e9px font-size tried to allocate a glyph bigger than memory.
    #[test]
    fn giant_and_offscreen_glyphs_are_skipped() {
        let lines = text::lay_out(
            &[text::Run {
                text: "中A".into(),
                size: 1.0e9,
                color: [0, 0, 0, 255],
                bold: false,
                letter_spacing: 0.0,
                deco: None,
            }],
            None,
            None,
            true,
        );
        let mut pm = Pixmap::new(20, 20).unwrap();
        draw_lines(&mut pm, &lines, 0.0, 0.0, 20.0, "left", 1.0);
        draw_lines(&mut pm, &lines, -5.0e9, 3.0e9, 20.0, "left", 1.0);
    }

    #[test]
    fn rounding_a_blend_value_is_rounding_it() {
        let mut x = 0.0_f32;
        while x < 300.0 {
            for v in [
                x,
                x.next_up(),
                x.next_down(),
                x + 0.5,
                (x + 0.5).next_down(),
            ] {
                assert_eq!(round_up_half(v).to_bits(), v.round().to_bits(), "{v}");
            }
            x += 0.125;
        }
        for v in [f32::NAN, -0.0, -0.7, 1e9, f32::INFINITY] {
            assert_eq!(round_up_half(v).to_bits(), v.round().to_bits(), "{v}");
        }
    }
}
