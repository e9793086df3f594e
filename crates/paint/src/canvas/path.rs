//! The current path. Points are transformed when they are added, as the canvas spec says, so
//! a path built across `translate`/`rotate` calls keeps each piece where it was drawn; curves
//! stay curves because the transforms are affine.

use std::f32::consts::{PI, TAU};
use tiny_skia::{PathBuilder, Transform};

#[derive(Default)]
pub struct Path {
    builder: PathBuilder,
    /// The current point, in canvas pixels.
    last: Option<(f32, f32)>,
    /// Where the current subpath started (closePath goes back there).
    start: Option<(f32, f32)>,
}

fn map(t: &Transform, x: f32, y: f32) -> (f32, f32) {
    (t.sx * x + t.kx * y + t.tx, t.ky * x + t.sy * y + t.ty)
}

fn finite(values: &[f32]) -> bool {
    values.iter().all(|v| v.is_finite())
}

impl Path {
    /// The path so far, in canvas pixels; `None` when it is empty.
    pub fn build(&self) -> Option<tiny_skia::Path> {
        self.builder.clone().finish()
    }

    pub fn move_to(&mut self, t: &Transform, x: f32, y: f32) {
        if !finite(&[x, y]) {
            return;
        }
        let p = map(t, x, y);
        self.builder.move_to(p.0, p.1);
        self.last = Some(p);
        self.start = Some(p);
    }

    pub fn line_to(&mut self, t: &Transform, x: f32, y: f32) {
        if !finite(&[x, y]) {
            return;
        }
        if self.last.is_none() {
            return self.move_to(t, x, y);
        }
        let p = map(t, x, y);
        self.builder.line_to(p.0, p.1);
        self.last = Some(p);
    }

    pub fn quad_to(&mut self, t: &Transform, c: [f32; 4]) {
        if !finite(&c) {
            return;
        }
        if self.last.is_none() {
            self.move_to(t, c[0], c[1]);
        }
        let (a, b) = (map(t, c[0], c[1]), map(t, c[2], c[3]));
        self.builder.quad_to(a.0, a.1, b.0, b.1);
        self.last = Some(b);
    }

    pub fn cubic_to(&mut self, t: &Transform, c: [f32; 6]) {
        if !finite(&c) {
            return;
        }
        if self.last.is_none() {
            self.move_to(t, c[0], c[1]);
        }
        let (a, b, e) = (map(t, c[0], c[1]), map(t, c[2], c[3]), map(t, c[4], c[5]));
        self.builder.cubic_to(a.0, a.1, b.0, b.1, e.0, e.1);
        self.last = Some(e);
    }

    pub fn close(&mut self) {
        if self.last.is_some() {
            self.builder.close();
            self.last = self.start;
        }
    }

    pub fn rect(&mut self, t: &Transform, x: f32, y: f32, w: f32, h: f32) {
        self.move_to(t, x, y);
        self.line_to(t, x + w, y);
        self.line_to(t, x + w, y + h);
        self.line_to(t, x, y + h);
        self.close();
    }

    /// `roundRect(x, y, w, h, r)` with one radius for every corner.
    pub fn round_rect(&mut self, t: &Transform, x: f32, y: f32, w: f32, h: f32, r: f32) {
        let r = r.max(0.0).min(w.abs() / 2.0).min(h.abs() / 2.0);
        self.move_to(t, x + r, y);
        self.arc_to(t, [x + w, y, x + w, y + h], r);
        self.arc_to(t, [x + w, y + h, x, y + h], r);
        self.arc_to(t, [x, y + h, x, y], r);
        self.arc_to(t, [x, y, x + w, y], r);
        self.close();
    }

    /// `ellipse()` (and `arc()`, with equal radii): a line from the current point to the
    /// start, then the curve, drawn as cubic pieces of at most a quarter turn.
    #[allow(clippy::too_many_arguments)]
    pub fn ellipse(
        &mut self,
        t: &Transform,
        center: (f32, f32),
        radii: (f32, f32),
        rotation: f32,
        start: f32,
        end: f32,
        anticlockwise: bool,
    ) -> Result<(), String> {
        let (cx, cy) = center;
        let (rx, ry) = radii;
        if !finite(&[cx, cy, rx, ry, rotation, start, end]) {
            return Ok(());
        }
        if rx < 0.0 || ry < 0.0 {
            return Err("IndexSizeError: the radius is negative".into());
        }
        let sweep = sweep(start, end, anticlockwise);
        let (sin_r, cos_r) = rotation.sin_cos();
        let point = |a: f32| {
            let (x, y) = (rx * a.cos(), ry * a.sin());
            (cx + x * cos_r - y * sin_r, cy + x * sin_r + y * cos_r)
        };
        let p0 = point(start);
        self.line_to(t, p0.0, p0.1);
        let pieces = (sweep.abs() / (PI / 2.0)).ceil().max(1.0) as usize;
        let step = sweep / pieces as f32;
        // The control points of a cubic approximating an arc of `step` radians.
        let k = 4.0 / 3.0 * (step / 4.0).tan();
        let mut a = start;
        for _ in 0..pieces {
            let b = a + step;
            let d = |a: f32, s: f32| {
                let (x, y) = (-rx * a.sin() * s, ry * a.cos() * s);
                (x * cos_r - y * sin_r, x * sin_r + y * cos_r)
            };
            let (pa, pb) = (point(a), point(b));
            let (da, db) = (d(a, k), d(b, k));
            self.cubic_to(
                t,
                [
                    pa.0 + da.0,
                    pa.1 + da.1,
                    pb.0 - db.0,
                    pb.1 - db.1,
                    pb.0,
                    pb.1,
                ],
            );
            a = b;
        }
        Ok(())
    }

    /// `arcTo(x1, y1, x2, y2, r)`: a line towards (x1, y1), rounded into the line towards
    /// (x2, y2) with radius `r`.
    pub fn arc_to(&mut self, t: &Transform, c: [f32; 4], r: f32) {
        if !finite(&c) || !r.is_finite() || r < 0.0 {
            return;
        }
        let [x1, y1, x2, y2] = c;
        // The current point in user space.
        let Some(p0) = self
            .last
            .and_then(|(x, y)| t.invert().map(|inv| map(&inv, x, y)))
        else {
            return self.move_to(t, x1, y1);
        };
        let (v1, v2) = ((p0.0 - x1, p0.1 - y1), (x2 - x1, y2 - y1));
        let (l1, l2) = (v1.0.hypot(v1.1), v2.0.hypot(v2.1));
        let cross = v1.0 * v2.1 - v1.1 * v2.0;
        if l1 == 0.0 || l2 == 0.0 || r == 0.0 || cross.abs() < 1e-6 {
            return self.line_to(t, x1, y1);
        }
        let cos = ((v1.0 * v2.0 + v1.1 * v2.1) / (l1 * l2)).clamp(-1.0, 1.0);
        let angle = cos.acos();
        let dist = r / (angle / 2.0).tan();
        let t1 = (x1 + v1.0 / l1 * dist, y1 + v1.1 / l1 * dist);
        let t2 = (x1 + v2.0 / l2 * dist, y1 + v2.1 / l2 * dist);
        // The centre lies along the bisector, `r` from both tangent points.
        let bis = (v1.0 / l1 + v2.0 / l2, v1.1 / l1 + v2.1 / l2);
        let bl = bis.0.hypot(bis.1);
        let h = r / (angle / 2.0).sin();
        let centre = (x1 + bis.0 / bl * h, y1 + bis.1 / bl * h);
        let a0 = (t1.1 - centre.1).atan2(t1.0 - centre.0);
        let a1 = (t2.1 - centre.1).atan2(t2.0 - centre.0);
        // Turning right (cross < 0 in screen coordinates, y down) draws clockwise.
        let _ = self.ellipse(t, centre, (r, r), 0.0, a0, a1, cross > 0.0);
    }
}

/// The signed angle an arc from `start` to `end` sweeps: a full turn at most, clockwise
/// positive.
fn sweep(start: f32, end: f32, anticlockwise: bool) -> f32 {
    let d = end - start;
    if anticlockwise {
        if d <= -TAU {
            -TAU
        } else {
            let s = d.rem_euclid(TAU);
            if s == 0.0 && d != 0.0 { -TAU } else { s - TAU }.min(0.0)
        }
    } else if d >= TAU {
        TAU
    } else {
        let s = d.rem_euclid(TAU);
        if s == 0.0 && d != 0.0 { TAU } else { s }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_follow_the_direction() {
        assert!((sweep(0.0, PI, false) - PI).abs() < 1e-5);
        assert!((sweep(0.0, PI, true) + PI).abs() < 1e-5);
        assert!((sweep(0.0, 3.0 * TAU, false) - TAU).abs() < 1e-5);
        assert!((sweep(0.0, -PI / 2.0, false) - 1.5 * PI).abs() < 1e-5);
        assert_eq!(sweep(1.0, 1.0, false), 0.0);
    }

    #[test]
    fn a_circle_fits_its_box() {
        let mut p = Path::default();
        let t = Transform::from_translate(10.0, 0.0);
        p.ellipse(&t, (50.0, 50.0), (20.0, 20.0), 0.0, 0.0, TAU, false)
            .expect("a positive radius");
        let b = p.build().expect("a path").bounds();
        assert!((b.left() - 40.0).abs() < 0.5 && (b.right() - 80.0).abs() < 0.5);
        assert!((b.top() - 30.0).abs() < 0.5 && (b.bottom() - 70.0).abs() < 0.5);
        assert!(
            p.ellipse(&t, (0.0, 0.0), (-1.0, 1.0), 0.0, 0.0, 1.0, false)
                .is_err()
        );
    }
}
