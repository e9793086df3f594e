//! One canvas: a bitmap of `width` x `height` device pixels (as `canvas.width` says on the
//! phone) and the HTML canvas 2D context that draws on it. The JS side calls [`Canvas::call`]
//! with the method's name and arguments; pixels go in and out through
//! [`Canvas::image_data`], [`Canvas::put_image_data`] and [`Canvas::encode`].

mod effects;
mod path;
mod state;
mod text;

pub use state::{Font, State, Style};

use path::Path;
use serde_json::Value;
use std::sync::Arc;
use tiny_skia::{
    BlendMode, FillRule, FilterQuality, Mask, Paint, Pixmap, PixmapPaint, Shader, SpreadMode,
    Stroke, StrokeDash, Transform,
};

/// The largest canvas, in pixels, mpsim allocates (the phone refuses much smaller ones; a
/// typo such as `canvas.width = 1e6` must not take the machine's memory).
pub const MAX_PIXELS: u64 = 4096 * 4096;

/// Images a canvas draws (`drawImage`, `createPattern`), by the key the logic side gave them:
/// a package path, a temp file, a URL, or another canvas.
pub trait Images {
    fn image(&self, key: &str) -> Option<Arc<Pixmap>>;
}

pub struct Canvas {
    pixmap: Pixmap,
    state: State,
    saved: Vec<State>,
    path: Path,
    /// The current path, put aside while a Path2D is used (`fill(path)` and friends leave
    /// the current path as it was).
    stashed: Option<Path>,
    changed: bool,
}

/// `width` x `height` clamped to what can be allocated: at least 1 x 1, at most
/// [`MAX_PIXELS`].
fn bitmap(width: u32, height: u32) -> Pixmap {
    let (mut w, mut h) = (width.max(1) as u64, height.max(1) as u64);
    while w * h > MAX_PIXELS {
        w = (w / 2).max(1);
        h = (h / 2).max(1);
    }
    Pixmap::new(w as u32, h as u32).unwrap_or_else(|| {
        Pixmap::new(1, 1).unwrap_or_else(|| unreachable!("a 1x1 pixmap always allocates"))
    })
}

impl Canvas {
    pub fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            pixmap: bitmap(width, height),
            state: State::default(),
            saved: Vec::new(),
            path: Path::default(),
            stashed: None,
            changed: false,
        }
    }

    /// Setting `canvas.width` or `height`: a new, transparent bitmap and a fresh state, even
    /// at the same size, as in a browser.
    pub fn resize(&mut self, width: u32, height: u32) {
        *self = Canvas::new(width, height);
        self.changed = true;
    }

    pub fn pixmap(&self) -> &Pixmap {
        &self.pixmap
    }

    /// Whether the pixels changed since the last call (the view is sent them then).
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// Runs one context method or property assignment (`"set"`, name, value). Returns what
    /// the method returns (`measureText`'s metrics, `isPointInPath`'s answer) or null; an
    /// error is the DOMException the browser would throw.
    pub fn call(
        &mut self,
        method: &str,
        args: &[Value],
        images: &dyn Images,
    ) -> Result<Value, String> {
        let n = |i: usize| {
            args.get(i)
                .and_then(Value::as_f64)
                .map_or(f32::NAN, |v| v as f32)
        };
        let s = |i: usize| args.get(i).and_then(Value::as_str).unwrap_or_default();
        let t = self.state.transform;
        match method {
            "set" => {
                self.state.set(s(0), args.get(1).unwrap_or(&Value::Null));
            }
            "save" => self.saved.push(self.state.clone()),
            "restore" => {
                if let Some(st) = self.saved.pop() {
                    self.state = st;
                }
            }
            "reset" => {
                let (w, h) = (self.pixmap.width(), self.pixmap.height());
                self.resize(w, h);
            }
            "setLineDash" => {
                let mut dash: Vec<f32> = args
                    .iter()
                    .filter_map(Value::as_f64)
                    .map(|v| v as f32)
                    .collect();
                if dash.iter().all(|d| d.is_finite() && *d >= 0.0) {
                    if dash.len() % 2 == 1 {
                        dash.extend(dash.clone());
                    }
                    self.state.dash = dash;
                }
            }
            "translate" => self.transform(Transform::from_translate(n(0), n(1))),
            "scale" => self.transform(Transform::from_scale(n(0), n(1))),
            "rotate" => {
                let (sin, cos) = n(0).sin_cos();
                self.transform(Transform::from_row(cos, sin, -sin, cos, 0.0, 0.0))
            }
            "transform" => self.transform(Transform::from_row(n(0), n(1), n(2), n(3), n(4), n(5))),
            "setTransform" => {
                let m = Transform::from_row(n(0), n(1), n(2), n(3), n(4), n(5));
                if [m.sx, m.ky, m.kx, m.sy, m.tx, m.ty]
                    .iter()
                    .all(|v| v.is_finite())
                {
                    self.state.transform = m;
                }
            }
            "resetTransform" => self.state.transform = Transform::identity(),
            "beginPath" => self.path = Path::default(),
            "stashPath" => self.stashed = Some(std::mem::take(&mut self.path)),
            "unstashPath" => {
                if let Some(p) = self.stashed.take() {
                    self.path = p;
                }
            }
            "isPointInPath" | "isPointInStroke" => {
                let stroke = method == "isPointInStroke";
                let hit = self
                    .path
                    .build()
                    .is_some_and(|p| self.hit(&p, n(0), n(1), fill_rule(s(2)), stroke));
                return Ok(Value::Bool(hit));
            }
            "closePath" => self.path.close(),
            "moveTo" => self.path.move_to(&t, n(0), n(1)),
            "lineTo" => self.path.line_to(&t, n(0), n(1)),
            "quadraticCurveTo" => self.path.quad_to(&t, [n(0), n(1), n(2), n(3)]),
            "bezierCurveTo" => self.path.cubic_to(&t, [n(0), n(1), n(2), n(3), n(4), n(5)]),
            "rect" => self.path.rect(&t, n(0), n(1), n(2), n(3)),
            "roundRect" => self.path.round_rect(&t, n(0), n(1), n(2), n(3), n(4)),
            "arc" => self.path.ellipse(
                &t,
                (n(0), n(1)),
                (n(2), n(2)),
                0.0,
                n(3),
                n(4),
                args.get(5).and_then(Value::as_bool).unwrap_or(false),
            )?,
            "ellipse" => self.path.ellipse(
                &t,
                (n(0), n(1)),
                (n(2), n(3)),
                n(4),
                n(5),
                n(6),
                args.get(7).and_then(Value::as_bool).unwrap_or(false),
            )?,
            "arcTo" => self.path.arc_to(&t, [n(0), n(1), n(2), n(3)], n(4)),
            "fill" => {
                if let Some(p) = self.path.build() {
                    let style = self.state.fill.clone();
                    self.fill(&p, fill_rule(s(0)), &style, images);
                }
            }
            "stroke" => {
                if let Some(p) = self.path.build() {
                    self.stroke(&p, images);
                }
            }
            "clip" => {
                if let Some(p) = self.path.build() {
                    self.clip(&p, fill_rule(s(0)));
                }
            }
            "fillRect" | "strokeRect" | "clearRect" => {
                let mut r = Path::default();
                r.rect(&t, n(0), n(1), n(2), n(3));
                if let Some(p) = r.build() {
                    match method {
                        "fillRect" => {
                            let style = self.state.fill.clone();
                            self.fill(&p, FillRule::Winding, &style, images)
                        }
                        "strokeRect" => self.stroke(&p, images),
                        _ => self.clear(&p),
                    }
                }
            }
            "fillText" | "strokeText" => {
                let max = args.get(3).and_then(Value::as_f64).map(|m| m as f32);
                if let Some(p) =
                    text::outline(&self.state, s(0), n(1), n(2), max).and_then(|p| p.transform(t))
                {
                    if method == "fillText" {
                        let style = self.state.fill.clone();
                        self.fill(&p, FillRule::Winding, &style, images);
                    } else {
                        self.stroke(&p, images);
                    }
                }
            }
            "measureText" => return Ok(text::measure(&self.state, s(0))),
            "drawImage" => self.draw_image(s(0), &args[1.min(args.len())..], images),
            _ => {
                return Err(format!(
                    "CanvasRenderingContext2D.{method} is not a function"
                ));
            }
        }
        Ok(Value::Null)
    }

    fn transform(&mut self, m: Transform) {
        let all = [m.sx, m.ky, m.kx, m.sy, m.tx, m.ty];
        if all.iter().all(|v| v.is_finite()) {
            self.state.transform = self.state.transform.pre_concat(m);
        }
    }

    /// A shader for `style` in canvas pixels: gradients and patterns are defined in the user
    /// space of the transform `t` in effect when they are used, and faded by globalAlpha.
    fn shader<'a>(&self, style: &Style, t: Transform, pattern: Option<&'a Pixmap>) -> Shader<'a> {
        let alpha = self.state.alpha;
        let tint = |c: crate::color::Color| {
            tiny_skia::Color::from_rgba8(c[0], c[1], c[2], (c[3] as f32 * alpha).round() as u8)
        };
        let stops = |list: &[(f32, crate::color::Color)]| {
            let mut sorted = list.to_vec();
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
            sorted
                .iter()
                .map(|(at, c)| tiny_skia::GradientStop::new(*at, tint(*c)))
                .collect::<Vec<_>>()
        };
        let clear = Shader::SolidColor(tiny_skia::Color::TRANSPARENT);
        let point = |x: f32, y: f32| tiny_skia::Point::from_xy(x, y);
        match style {
            Style::Color(c) => Shader::SolidColor(tint(*c)),
            Style::Linear { stops: s, .. } | Style::Radial { stops: s, .. } if s.len() == 1 => {
                Shader::SolidColor(tint(s[0].1))
            }
            Style::Linear { from, to, stops: s } => tiny_skia::LinearGradient::new(
                point(from.0, from.1),
                point(to.0, to.1),
                stops(s),
                SpreadMode::Pad,
                t,
            )
            .unwrap_or(clear),
            Style::Radial { from, to, stops: s } => {
                // tiny-skia's radial gradient starts from a point; an inner circle (r0 > 0)
                // moves the stops outwards instead.
                let inner = if to.2 > 0.0 { from.2 / to.2 } else { 0.0 };
                let moved: Vec<_> = s
                    .iter()
                    .map(|(at, c)| (inner + at * (1.0 - inner), *c))
                    .collect();
                tiny_skia::RadialGradient::new(
                    point(from.0, from.1),
                    point(to.0, to.1),
                    to.2,
                    stops(&moved),
                    SpreadMode::Pad,
                    t,
                )
                .unwrap_or(clear)
            }
            Style::Pattern {
                repeat_x, repeat_y, ..
            } => match pattern {
                Some(img) => tiny_skia::Pattern::new(
                    img.as_ref(),
                    if *repeat_x || *repeat_y {
                        SpreadMode::Repeat
                    } else {
                        SpreadMode::Pad
                    },
                    FilterQuality::Bilinear,
                    alpha,
                    t,
                ),
                None => clear,
            },
        }
    }

    fn pattern_image(style: &Style, images: &dyn Images) -> Option<Arc<Pixmap>> {
        match style {
            Style::Pattern { image, .. } => images.image(image),
            _ => None,
        }
    }

    /// Fills `path` (in canvas pixels) with `style`.
    fn fill(&mut self, path: &tiny_skia::Path, rule: FillRule, style: &Style, images: &dyn Images) {
        let img = Self::pattern_image(style, images);
        let shader = self.shader(style, self.state.transform, img.as_deref());
        self.render(&|pixmap, blend, clip| {
            let paint = painting(&shader, blend);
            pixmap.fill_path(path, &paint, rule, Transform::identity(), clip);
        });
    }

    /// Strokes `path` (in canvas pixels) with the line settings, in the user space of the
    /// current transform (a scaled context draws scaled lines).
    fn stroke(&mut self, path: &tiny_skia::Path, images: &dyn Images) {
        let t = self.state.transform;
        let Some(user) = t.invert().and_then(|inv| path.clone().transform(inv)) else {
            return;
        };
        let s = &self.state;
        let stroke = line_stroke(s);
        let style = s.stroke.clone();
        let img = Self::pattern_image(&style, images);
        let shader = self.shader(&style, Transform::identity(), img.as_deref());
        self.render(&|pixmap, blend, clip| {
            let paint = painting(&shader, blend);
            pixmap.stroke_path(&user, &paint, &stroke, t, clip);
        });
    }

    /// Whether canvas point (x, y) is inside `path` (in canvas pixels), or inside its
    /// stroke with the current line settings.
    fn hit(&self, path: &tiny_skia::Path, x: f32, y: f32, rule: FillRule, stroke: bool) -> bool {
        if !x.is_finite() || !y.is_finite() {
            return false;
        }
        let shape = if stroke {
            let t = self.state.transform;
            let line = line_stroke(&self.state);
            t.invert()
                .and_then(|inv| path.clone().transform(inv))
                .and_then(|user| user.stroke(&line, 1.0))
                .and_then(|outline| outline.transform(t))
        } else {
            Some(path.clone())
        };
        let (Some(shape), Some(mut probe)) = (shape, Mask::new(1, 1)) else {
            return false;
        };
        // The one pixel of the probe has its centre at the point.
        probe.fill_path(
            &shape,
            rule,
            false,
            Transform::from_translate(0.5 - x, 0.5 - y),
        );
        probe.data()[0] > 0
    }

    fn clear(&mut self, path: &tiny_skia::Path) {
        let paint = Paint {
            blend_mode: BlendMode::Clear,
            ..Paint::default()
        };
        let clip = self.state.clip.as_ref();
        self.pixmap
            .fill_path(path, &paint, FillRule::Winding, Transform::identity(), clip);
        self.changed = true;
    }

    fn clip(&mut self, path: &tiny_skia::Path, rule: FillRule) {
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        match &mut self.state.clip {
            Some(mask) => mask.intersect_path(path, rule, true, Transform::identity()),
            None => {
                if let Some(mut mask) = Mask::new(w, h) {
                    mask.fill_path(path, rule, true, Transform::identity());
                    self.state.clip = Some(mask);
                }
            }
        }
    }

    /// `drawImage(image, dx, dy)`, `(image, dx, dy, dw, dh)` or
    /// `(image, sx, sy, sw, sh, dx, dy, dw, dh)`. An image that has not loaded draws nothing.
    fn draw_image(&mut self, key: &str, nums: &[Value], images: &dyn Images) {
        let Some(img) = images.image(key) else {
            return;
        };
        let v: Vec<f32> = nums
            .iter()
            .filter_map(Value::as_f64)
            .map(|n| n as f32)
            .collect();
        let (iw, ih) = (img.width() as f32, img.height() as f32);
        let [sx, sy, sw, sh, dx, dy, dw, dh] = match v.len() {
            2 => [0.0, 0.0, iw, ih, v[0], v[1], iw, ih],
            4 => [0.0, 0.0, iw, ih, v[0], v[1], v[2], v[3]],
            8.. => [v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]],
            _ => return,
        };
        let all = [sx, sy, sw, sh, dx, dy, dw, dh];
        if all.iter().any(|n| !n.is_finite()) || sw == 0.0 || sh == 0.0 || dw == 0.0 || dh == 0.0 {
            return;
        }
        let (kx, ky) = (dw / sw, dh / sh);
        let t = self.state.transform;
        let place = t.pre_concat(Transform::from_row(
            kx,
            0.0,
            0.0,
            ky,
            dx - sx * kx,
            dy - sy * ky,
        ));
        let mut rect = Path::default();
        rect.rect(&t, dx, dy, dw, dh);
        let Some(rect) = rect.build() else { return };
        let quality = if self.state.smoothing {
            FilterQuality::Bilinear
        } else {
            FilterQuality::Nearest
        };
        let shader = tiny_skia::Pattern::new(
            img.as_ref().as_ref(),
            SpreadMode::Pad,
            quality,
            self.state.alpha,
            place,
        );
        self.render(&|pixmap, blend, clip| {
            let paint = painting(&shader, blend);
            pixmap.fill_path(
                &rect,
                &paint,
                FillRule::Winding,
                Transform::identity(),
                clip,
            );
        });
    }

    /// Runs `draw` onto the bitmap with the compositing and clip in effect, under a shadow
    /// when one is set (the drawing goes to a layer first; the shadow is the layer's alpha,
    /// tinted, blurred and offset).
    fn render(&mut self, draw: &dyn Fn(&mut Pixmap, BlendMode, Option<&Mask>)) {
        self.changed = true;
        let s = &self.state;
        if !s.shadow.visible() {
            draw(&mut self.pixmap, s.blend, s.clip.as_ref());
            return;
        }
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let Some(mut layer) = Pixmap::new(w, h) else {
            return;
        };
        draw(&mut layer, BlendMode::SourceOver, None);
        let paint = PixmapPaint {
            blend_mode: s.blend,
            ..PixmapPaint::default()
        };
        if let Some(shadow) = effects::shadow(&layer, &s.shadow) {
            self.pixmap.draw_pixmap(
                s.shadow.dx.round() as i32,
                s.shadow.dy.round() as i32,
                shadow.as_ref(),
                &paint,
                Transform::identity(),
                s.clip.as_ref(),
            );
        }
        self.pixmap.draw_pixmap(
            0,
            0,
            layer.as_ref(),
            &paint,
            Transform::identity(),
            s.clip.as_ref(),
        );
    }

    /// `getImageData(x, y, w, h)`: RGBA bytes, not premultiplied; pixels outside the canvas
    /// are transparent black.
    pub fn image_data(&self, x: i32, y: i32, w: u32, h: u32) -> Result<Vec<u8>, String> {
        if w == 0 || h == 0 {
            return Err("IndexSizeError: the source width or height is 0".into());
        }
        if w as u64 * h as u64 > MAX_PIXELS {
            return Err(format!("getImageData: {w}x{h} is too large"));
        }
        let mut out = vec![0u8; w as usize * h as usize * 4];
        let (cw, ch) = (self.pixmap.width() as i64, self.pixmap.height() as i64);
        for row in 0..h as i64 {
            for col in 0..w as i64 {
                let (px, py) = (x as i64 + col, y as i64 + row);
                if px < 0 || py < 0 || px >= cw || py >= ch {
                    continue;
                }
                let Some(p) = self.pixmap.pixel(px as u32, py as u32) else {
                    continue;
                };
                let c = p.demultiply();
                let at = ((row * w as i64 + col) * 4) as usize;
                out[at..at + 4].copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
            }
        }
        Ok(out)
    }

    /// `putImageData(data, dx, dy)`: the bytes replace the pixels, with no compositing,
    /// transform or clip, as the spec says.
    pub fn put_image_data(&mut self, data: &[u8], width: u32, dx: i32, dy: i32) {
        if width == 0 {
            return;
        }
        let (cw, ch) = (self.pixmap.width() as i64, self.pixmap.height() as i64);
        let pixels = self.pixmap.pixels_mut();
        for (i, rgba) in data.chunks_exact(4).enumerate() {
            let (col, row) = ((i as u32 % width) as i64, (i as u32 / width) as i64);
            let (px, py) = (dx as i64 + col, dy as i64 + row);
            if px < 0 || py < 0 || px >= cw || py >= ch {
                continue;
            }
            pixels[(py * cw + px) as usize] =
                tiny_skia::ColorU8::from_rgba(rgba[0], rgba[1], rgba[2], rgba[3]).premultiply();
        }
        self.changed = true;
    }

    /// The pixels of `region` (x, y, w, h; the whole canvas when `None`) scaled to `dest`
    /// (w, h), as a PNG, or a JPEG over black when `jpeg` is `Some(quality 0..1)`.
    pub fn encode(
        &self,
        region: Option<[f32; 4]>,
        dest: Option<(u32, u32)>,
        jpeg: Option<f32>,
    ) -> Result<Vec<u8>, String> {
        let (cw, ch) = (self.pixmap.width() as f32, self.pixmap.height() as f32);
        let [x, y, w, h] = region.unwrap_or([0.0, 0.0, cw, ch]);
        if !(w > 0.0 && h > 0.0) {
            return Err("the region to export is empty".into());
        }
        let (dw, dh) = dest.unwrap_or((w.round() as u32, h.round() as u32));
        let out_pixels = bitmap(dw, dh);
        let mut out = out_pixels;
        let t = Transform::from_row(
            out.width() as f32 / w,
            0.0,
            0.0,
            out.height() as f32 / h,
            -x * out.width() as f32 / w,
            -y * out.height() as f32 / h,
        );
        let paint = PixmapPaint {
            quality: FilterQuality::Bilinear,
            ..PixmapPaint::default()
        };
        out.draw_pixmap(0, 0, self.pixmap.as_ref(), &paint, t, None);
        match jpeg {
            None => out.encode_png().map_err(|e| e.to_string()),
            Some(quality) => effects::encode_jpeg(&out, quality),
        }
    }
}

/// A paint of `shader` composited with `blend`, antialiased.
fn painting<'a>(shader: &Shader<'a>, blend: BlendMode) -> Paint<'a> {
    Paint {
        shader: shader.clone(),
        blend_mode: blend,
        anti_alias: true,
        ..Paint::default()
    }
}

/// The line settings of `s` (`lineWidth`, caps, joins, miter limit, dashes).
fn line_stroke(s: &State) -> Stroke {
    Stroke {
        width: s.line_width,
        miter_limit: s.miter_limit,
        line_cap: s.line_cap,
        line_join: s.line_join,
        dash: StrokeDash::new(s.dash.clone(), s.dash_offset),
    }
}

fn fill_rule(v: &str) -> FillRule {
    if v == "evenodd" {
        FillRule::EvenOdd
    } else {
        FillRule::Winding
    }
}

/// No images: a canvas drawing only paths and text.
pub struct NoImages;

impl Images for NoImages {
    fn image(&self, _: &str) -> Option<Arc<Pixmap>> {
        None
    }
}

#[cfg(test)]
mod tests;
