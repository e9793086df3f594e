//! The default look of the built-in form controls: switch, checkbox, radio, icon, progress,
//! slider, button loading spinners, as display-list items.

use crate::css::{self, Color};
use crate::layout::LBox;
use crate::paint::Item;
use crate::text;

/// A slider: the track, its active part up to the value, the knob, and the value when
/// `show-value` is set.
fn slider(b: &LBox, x: f32, y: f32, out: &mut Vec<Item>) {
    let attr = |k: &str| b.control_attr(k).map(str::to_string);
    let num = |k: &str, or: f32| {
        attr(k)
            .and_then(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(or)
    };
    let (min, max) = (num("min", 0.0), num("max", 100.0));
    let value = num("value", min).clamp(min.min(max), max.max(min));
    let fraction = if max > min {
        (value - min) / (max - min)
    } else {
        0.0
    };
    let color = |k: &str, or: Color| attr(k).and_then(|c| css::color(&c)).unwrap_or(or);
    let active = color("activeColor", color("selectedColor", [26, 173, 25, 255]));
    let back = color("backgroundColor", color("color", [233, 233, 233, 255]));
    let knob_color = color("blockColor", [255, 255, 255, 255]);
    let knob = num("blockSize", 28.0).clamp(12.0, 28.0);
    let show_value = attr("showValue").is_some_and(|v| v != "false");
    let track_w = (b.w - if show_value { 40.0 } else { 0.0 }).max(knob);
    let cy = y + b.h / 2.0;
    let (left, usable) = (x + knob / 2.0, track_w - knob);
    let track = |x0: f32, w: f32, color: Color| Item::Rect {
        x: x0,
        y: cy - 1.0,
        w,
        h: 2.0,
        color,
        radius: 1.0,
    };
    out.push(track(left, usable, back));
    out.push(track(left, usable * fraction, active));
    let kx = left + usable * fraction - knob / 2.0;
    out.push(Item::Shadow {
        x: kx,
        y: cy - knob / 2.0 + 1.0,
        w: knob,
        h: knob,
        radius: knob / 2.0,
        blur: 3.0,
        color: [0, 0, 0, 60],
    });
    out.push(Item::Rect {
        x: kx,
        y: cy - knob / 2.0,
        w: knob,
        h: knob,
        color: knob_color,
        radius: knob / 2.0,
    });
    if show_value {
        let label = mpsim_base::js::number_to_string(value as f64);
        let lines = text::lay_out(
            &[text::Run {
                text: label,
                size: 14.0,
                color: [136, 136, 136, 255],
                bold: false,
                letter_spacing: 0.0,
                deco: None,
            }],
            None,
            None,
            true,
        );
        let lh = lines.first().map(|l| l.height).unwrap_or(0.0);
        out.push(Item::Text {
            x: x + track_w + 8.0,
            y: cy - lh / 2.0,
            w: 32.0,
            lines,
            align: "left".into(),
        });
    }
}

/// The loading ring of `<button loading>`, left of its label.
pub(crate) fn spinner(b: &LBox, x: f32, y: f32, out: &mut Vec<Item>) {
    let Some(label) = b.children.iter().find(|c| c.is_paragraph()) else {
        return;
    };
    let line_w = label.lines.first().map(|l| l.width).unwrap_or(0.0);
    let text_x = match label.text_align.as_str() {
        "left" | "start" => label.x,
        "right" | "end" => label.x + label.w - line_w,
        _ => label.x + (label.w - line_w) / 2.0,
    } + (x - b.x);
    let size = (b.h * 0.4).clamp(10.0, 20.0);
    let color = b
        .style
        .get("color")
        .and_then(|c| css::color(c))
        .unwrap_or([0, 0, 0, 255]);
    out.push(Item::Border {
        x: text_x - size - 6.0,
        y: y + (b.h - size) / 2.0,
        w: size,
        h: size,
        width: 2.0,
        color: [color[0], color[1], color[2], 110],
        radius: size / 2.0,
    });
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
            letter_spacing: 0.0,
            deco: None,
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
pub(crate) fn control(b: &LBox, x: f32, y: f32, out: &mut Vec<Item>) {
    let attr = |k: &str| b.control_attr(k).map(str::to_string);
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
        "slider" => slider(b, x, y, out),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::BoxKind;
    use crate::paint::display_list;

    fn boxed(tag: &str, attrs: &[(&'static str, &str)]) -> LBox {
        let attrs = attrs.iter().map(|(k, v)| (*k, v.to_string())).collect();
        LBox::new(1, tag, BoxKind::Control(attrs), [0.0, 0.0, 52.0, 32.0])
    }

    #[test]
    fn switches_show_their_state_and_color() {
        let mut on = Vec::new();
        display_list(
            &boxed("switch", &[("checked", "true"), ("color", "#ff0000")]),
            0.0,
            0.0,
            0.0,
            None,
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
        display_list(&boxed("switch", &[]), 0.0, 0.0, 0.0, None, &mut off);
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
            0.0,
            None,
            &mut items,
        );
        assert!(matches!(items[1], Item::Rect { w, .. } if (w - 13.0).abs() < 0.01));
    }
}
