//! Paint: laid-out boxes become a display list, which [`crate::raster`] turns into pixels.
//! The list keeps the rasterizer replaceable (tiny-skia here; vello_cpu or the GPU later).

use crate::css::{self, Color};
use crate::effects::{self, Gradient, Matrix};
use crate::layout::{BoxKind, LBox, border_width, scroll_offset};
use crate::text::Line;
use tiny_skia::Pixmap;

pub use crate::raster::{draw_lines, rasterize, rasterize_with};

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
    /// A box filled with a `linear-gradient()`.
    Gradient {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        radius: f32,
        gradient: Gradient,
    },
    /// An outer `box-shadow`, already offset and spread; `blur` softens its edge.
    Shadow {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        radius: f32,
        blur: f32,
        color: Color,
    },
    /// What follows, up to the matching [`Item::PopLayer`], is clipped to the rounded box
    /// `[x, y, w, h, radius]` and/or transformed by the matrix (page CSS pixels).
    PushLayer {
        clip: Option<[f32; 5]>,
        transform: Option<Matrix>,
    },
    PopLayer,
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

/// How far outside the screen a box may be and still be painted: glyphs may reach a little
/// beyond their lines.
const CULL_MARGIN: f32 = 64.0;

/// The display list of a laid-out page, offset by (`dx`, `dy`) and scrolled up by `scroll`.
/// The page's `position: fixed` boxes do not scroll. With `visible` (a screen rectangle
/// `[x0, y0, x1, y1]`), subtrees whose ink lies outside it are left out.
pub fn display_list(
    root: &LBox,
    dx: f32,
    dy: f32,
    scroll: f32,
    visible: Option<[f32; 4]>,
    out: &mut Vec<Item>,
) {
    let cull = visible.map(|[x0, y0, x1, y1]| {
        [
            x0 - CULL_MARGIN,
            y0 - CULL_MARGIN,
            x1 + CULL_MARGIN,
            y1 + CULL_MARGIN,
        ]
    });
    let at = At {
        dx,
        dy: dy - scroll,
        opacity: 1.0,
        cull,
    };
    paint_box(root, at, out);
    for c in root.children.iter().filter(|c| c.fixed) {
        paint_box(c, At { dy, ..at }, out);
    }
}

/// Where a box paints: how its page coordinates move on screen (its ancestors' scroll
/// included), the opacity its ancestors give it, and the screen area (grown by the margin)
/// outside which nothing is painted.
#[derive(Clone, Copy)]
struct At {
    dx: f32,
    dy: f32,
    opacity: f32,
    cull: Option<[f32; 4]>,
}

/// Whether ink `[x0, y0, x1, y1]`, moved by (`dx`, `dy`), meets `area`.
fn meets(ink: [f32; 4], dx: f32, dy: f32, area: [f32; 4]) -> bool {
    ink[0] + dx < area[2] && ink[2] + dx > area[0] && ink[1] + dy < area[3] && ink[3] + dy > area[1]
}

fn paint_box(b: &LBox, at: At, out: &mut Vec<Item>) {
    let At { dx, dy, .. } = at;
    if at.cull.is_some_and(|area| !meets(b.ink, dx, dy, area)) {
        return;
    }
    let opacity = at.opacity
        * b.style
            .get("opacity")
            .and_then(|o| o.parse::<f32>().ok())
            .unwrap_or(1.0);
    let (x, y) = (b.x + dx, b.y + dy);
    if b.is_paragraph() {
        let mut lines = b.lines.as_ref().clone();
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
    let transform = b
        .style
        .get("transform")
        .and_then(|t| effects::transform(t, x, y, b.w, b.h));
    if transform.is_some() {
        out.push(Item::PushLayer {
            clip: None,
            transform,
        });
    }
    // Under a transform the screen is somewhere else: nothing is culled there.
    let cull = at.cull.filter(|_| transform.is_none());
    paint_own(
        b,
        x,
        y,
        At {
            opacity,
            cull,
            ..at
        },
        out,
    );
    if transform.is_some() {
        out.push(Item::PopLayer);
    }
}

/// The box itself (shadow, background, border, built-in look) at (`x`, `y`) on screen, then
/// its children. `at.opacity` is the box's own.
fn paint_own(b: &LBox, x: f32, y: f32, at: At, out: &mut Vec<Item>) {
    let opacity = at.opacity;
    let r = radius(b);
    let bg = b
        .style
        .get("background-color")
        .and_then(|v| css::color(v))
        .or_else(|| b.style.get("background").and_then(|v| css::first_color(v)));
    if let Some(s) = b
        .style
        .get("box-shadow")
        .and_then(|v| effects::box_shadow(v))
    {
        out.push(Item::Shadow {
            x: x + s.dx - s.spread,
            y: y + s.dy - s.spread,
            w: b.w + 2.0 * s.spread,
            h: b.h + 2.0 * s.spread,
            radius: r + s.spread.max(0.0),
            blur: s.blur,
            color: with_opacity(s.color, opacity),
        });
    }
    let gradient = ["background-image", "background"]
        .iter()
        .find_map(|k| b.style.get(*k).and_then(|v| effects::linear_gradient(v)));
    if let Some(mut g) = gradient {
        for s in &mut g.stops {
            s.1 = with_opacity(s.1, opacity);
        }
        out.push(Item::Gradient {
            x,
            y,
            w: b.w,
            h: b.h,
            radius: r,
            gradient: g,
        });
    } else if let Some(c) = bg.filter(|c| c[3] > 0) {
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
        "image" | "cover-image" => {
            if let BoxKind::Image { src, mode } = &b.kind {
                let mode = if mode.is_empty() { "scaleToFill" } else { mode };
                out.push(Item::Image {
                    x,
                    y,
                    w: b.w,
                    h: b.h,
                    src: src.clone(),
                    mode: mode.to_string(),
                });
            }
        }
        "switch" | "checkbox" | "radio" | "icon" | "progress" | "slider" => {
            crate::controls::control(b, x, y, out)
        }
        "button" if b.control_attr("loading").is_some() => crate::controls::spinner(b, x, y, out),
        "swiper" => {
            if let BoxKind::Dots {
                count: n,
                current,
                color,
                active,
            } = &b.kind
                && *n > 0
            {
                let n = *n;
                let current = current.parse::<usize>().unwrap_or(0);
                let on = css::color(active).unwrap_or([0, 0, 0, 255]);
                let off = css::color(color).unwrap_or([0, 0, 0, 77]);
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
                paint_children(b, x, y, at, out);
                out.extend(dots);
                return;
            }
        }
        "canvas" if b.kind == (BoxKind::Canvas { webgl: false }) => out.push(Item::Image {
            x,
            y,
            w: b.w,
            h: b.h,
            src: format!("canvas://{}", b.id),
            mode: "scaleToFill".into(),
        }),
        "video" | "map" | "canvas" | "camera" | "live-player" | "live-pusher" | "web-view" => {
            out.push(Item::Placeholder {
                x,
                y,
                w: b.w,
                h: b.h,
                label: if b.tag == "canvas" {
                    "canvas webgl".into()
                } else {
                    b.tag.clone()
                },
            });
        }
        _ => {}
    }
    paint_children(b, x, y, at, out);
}

/// Whether anything under `b` (transformed boxes and shadows counted as overflowing) reaches
/// outside `outer`.
fn overflows(b: &LBox, outer: &LBox) -> bool {
    b.children.iter().any(|c| {
        c.x < outer.x
            || c.y < outer.y
            || c.x + c.w > outer.x + outer.w + 0.01
            || c.y + c.h > outer.y + outer.h + 0.01
            || c.style.contains_key("transform")
            || c.style.contains_key("box-shadow")
            || c.lines.iter().any(|l| l.width > c.w + 0.5)
            || overflows(c, outer)
    })
}

/// The children of `b` (at `x`, `y` on screen), moved by its scroll offset and clipped to it
/// when it clips.
fn paint_children(b: &LBox, x: f32, y: f32, at: At, out: &mut Vec<Item>) {
    if b.children.is_empty() {
        return;
    }
    let (sx, sy) = scroll_offset(b);
    // A layer costs an allocation; a square box whose content stays inside needs none.
    let r = radius(b);
    let clip = b.clips() && (r > 0.0 || sx != 0.0 || sy != 0.0 || overflows(b, b));
    if clip {
        out.push(Item::PushLayer {
            clip: Some([x, y, b.w, b.h, r]),
            transform: None,
        });
    }
    for c in b.children.iter().filter(|c| !c.fixed) {
        let moved = At {
            dx: at.dx - sx,
            dy: at.dy - sy,
            ..at
        };
        paint_box(c, moved, out);
    }
    if clip {
        out.push(Item::PopLayer);
    }
}
