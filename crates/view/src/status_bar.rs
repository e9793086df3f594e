//! The phone's own chrome around every frame: the status bar (the time from the virtual
//! clock, signal, wifi, battery) and WeChat's capsule (the "···" menu and close buttons at
//! the top right), both in the navigation bar's front colour, and on iPhone X-class phones
//! the home indicator at the bottom. A page with `navigationStyle: custom` keeps them all:
//! only the navigation bar goes.

use crate::css::Color;
use crate::paint::Item;
use crate::render::{Chrome, Device};
use mpsim_bridge::screen::MenuButton;
use tiny_skia::Pixmap;

/// The clock shown when virtual time starts: the time on Apple's marketing screenshots.
const START_MINUTES: u64 = 9 * 60 + 41;

/// The status bar's time at virtual time `now_ms`, as the phone writes it ("9:41").
pub fn clock_text(now_ms: u64) -> String {
    let minutes = (START_MINUTES + now_ms / 60_000) % (24 * 60);
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn with_alpha(c: Color, a: u8) -> Color {
    [c[0], c[1], c[2], a]
}

/// Whether the front colour is dark (black text on a light bar): the capsule is then light.
fn dark_front(front: Color) -> bool {
    let luma = 0.299 * front[0] as f32 + 0.587 * front[1] as f32 + 0.114 * front[2] as f32;
    luma < 128.0
}

fn dot(cx: f32, cy: f32, r: f32, color: Color) -> Item {
    Item::Rect {
        x: cx - r,
        y: cy - r,
        w: 2.0 * r,
        h: 2.0 * r,
        color,
        radius: r,
    }
}

/// The capsule's boxes: its body, outline, the three dots, the divider and the close ring.
fn capsule(front: Color, device: &Device, out: &mut Vec<Item>) {
    let m = MenuButton::on(device.width as f64, device.status_bar as f64);
    let (x, y, w, h) = (m.left as f32, m.top as f32, m.width as f32, m.height as f32);
    let light = dark_front(front);
    let (body, line) = if light {
        ([255, 255, 255, 153], [0, 0, 0, 26])
    } else {
        ([0, 0, 0, 38], [255, 255, 255, 64])
    };
    let icon = if light {
        [0, 0, 0, 255]
    } else {
        [255, 255, 255, 255]
    };
    let r = h / 2.0;
    out.push(Item::Rect {
        x,
        y,
        w,
        h,
        color: body,
        radius: r,
    });
    out.push(Item::Border {
        x,
        y,
        w,
        h,
        width: 0.5,
        color: line,
        radius: r,
    });
    let cy = y + r;
    let menu = x + w / 4.0 + 1.0;
    for (dx, size) in [(-7.0, 2.2), (0.0, 3.2), (7.0, 2.2)] {
        out.push(dot(menu + dx, cy, size, icon));
    }
    out.push(Item::Rect {
        x: x + w / 2.0 - 0.25,
        y: cy - 9.5,
        w: 0.5,
        h: 19.0,
        color: line,
        radius: 0.0,
    });
    let close = x + 3.0 * w / 4.0 - 1.0;
    out.push(Item::Border {
        x: close - 9.0,
        y: cy - 9.0,
        w: 18.0,
        h: 18.0,
        width: 2.0,
        color: icon,
        radius: 9.0,
    });
    out.push(dot(close, cy, 3.5, icon));
}

/// Where the icons at the right of the status bar end, and their vertical middle.
fn right_edge(device: &Device) -> (f32, f32) {
    let notch = device.status_bar >= 40.0;
    let margin = if notch { 16.0 } else { 6.0 };
    (
        device.width - margin,
        device.status_bar / 2.0 + if notch { 2.0 } else { 0.0 },
    )
}

/// The battery (outline, charge, tip) and the signal bars; the wifi fan is drawn by
/// [`paint`], between them.
fn icons(front: Color, device: &Device, out: &mut Vec<Item>) {
    let (right, mid) = right_edge(device);
    let (bw, bh) = (24.0, 11.5);
    let bx = right - bw - 2.0;
    out.push(Item::Border {
        x: bx,
        y: mid - bh / 2.0,
        w: bw,
        h: bh,
        width: 1.0,
        color: with_alpha(front, 110),
        radius: 3.0,
    });
    out.push(Item::Rect {
        x: bx + 2.0,
        y: mid - bh / 2.0 + 2.0,
        w: (bw - 4.0) * 0.8,
        h: bh - 4.0,
        color: front,
        radius: 1.5,
    });
    out.push(Item::Rect {
        x: bx + bw + 0.5,
        y: mid - 2.0,
        w: 1.5,
        h: 4.0,
        color: with_alpha(front, 110),
        radius: 0.75,
    });
    let signal_right = bx - 5.0 - WIFI_WIDTH - 5.0;
    for i in 0..4 {
        let h = 4.0 + 2.2 * i as f32;
        out.push(Item::Rect {
            x: signal_right - (4 - i) as f32 * 4.5,
            y: mid + 5.0 - h,
            w: 3.0,
            h,
            color: front,
            radius: 0.8,
        });
    }
}

const WIFI_WIDTH: f32 = 15.0;

/// The status bar's and the capsule's boxes, for the frame's display list.
pub fn items(chrome: &Chrome, device: &Device, out: &mut Vec<Item>) {
    icons(chrome.nav_text, device, out);
    capsule(chrome.nav_text, device, out);
}

/// What is not a box: the time and the wifi fan.
pub fn paint(pixmap: &mut Pixmap, chrome: &Chrome, device: &Device) {
    let front = chrome.nav_text;
    let sb = device.status_bar;
    let notch = sb >= 40.0;
    let (size, bold) = match (device.ios, notch) {
        (true, true) => (15.0, true),
        (true, false) => (12.0, true),
        (false, _) => (13.0, false),
    };
    // iPhones before the notch centre the time; the notch pushes it into the left ear;
    // Android writes it at the left.
    let (x, w) = match (device.ios, notch) {
        (true, false) => (0.0, device.width),
        (true, true) => (12.0, 84.0),
        (false, _) => (10.0, 44.0),
    };
    let (_, mid) = right_edge(device);
    crate::render::centered(
        pixmap,
        &chrome.clock,
        size,
        front,
        bold,
        x,
        mid - 10.0,
        w,
        20.0,
        device.dpr,
    );
    wifi(pixmap, front, device);
}

/// The home indicator: a bar centred at the bottom, dark on a light screen and light on a
/// dark one, over everything.
pub fn home_indicator(pixmap: &mut Pixmap, chrome: &Chrome, device: &Device) {
    if device.safe_bottom <= 0.0 {
        return;
    }
    let under = chrome
        .tab_bar
        .as_ref()
        .map_or(chrome.page_background, |t| t.background);
    let color = if dark_front(under) {
        [255, 255, 255, 255]
    } else {
        [0, 0, 0, 255]
    };
    let bar = Item::Rect {
        x: device.width / 2.0 - 67.0,
        y: device.height - 13.0,
        w: 134.0,
        h: 5.0,
        color,
        radius: 2.5,
    };
    crate::paint::rasterize(&[bar], pixmap, device.dpr);
}

/// Three arcs over a dot, opening upwards.
fn wifi(pixmap: &mut Pixmap, front: Color, device: &Device) {
    let (right, mid) = right_edge(device);
    let cx = right - 24.0 - 2.0 - 5.0 - WIFI_WIDTH / 2.0;
    let cy = mid + 5.0;
    let mut paint = tiny_skia::Paint::default();
    paint.set_color_rgba8(front[0], front[1], front[2], front[3]);
    paint.anti_alias = true;
    let t = tiny_skia::Transform::from_scale(device.dpr, device.dpr);
    let stroke = tiny_skia::Stroke {
        width: 1.8,
        line_cap: tiny_skia::LineCap::Round,
        ..Default::default()
    };
    for r in [4.0f32, 7.5, 11.0] {
        let mut pb = tiny_skia::PathBuilder::new();
        // From 45 degrees left of straight up to 45 degrees right, in short segments.
        for step in 0..=12 {
            let a = (-135.0 + 90.0 * step as f32 / 12.0).to_radians();
            let (px, py) = (cx + r * a.cos(), cy + r * a.sin());
            if step == 0 {
                pb.move_to(px, py);
            } else {
                pb.line_to(px, py);
            }
        }
        if let Some(path) = pb.finish() {
            pixmap.stroke_path(&path, &paint, &stroke, t, None);
        }
    }
    if let Some(dot) = tiny_skia::PathBuilder::from_circle(cx, cy - 0.5, 1.4) {
        pixmap.fill_path(&dot, &paint, tiny_skia::FillRule::Winding, t, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_starts_at_nine_forty_one_and_follows_virtual_time() {
        assert_eq!(clock_text(0), "9:41");
        assert_eq!(clock_text(59_999), "9:41");
        assert_eq!(clock_text(19 * 60_000), "10:00");
        assert_eq!(clock_text(24 * 60 * 60_000), "9:41");
    }

    #[test]
    fn the_capsule_is_light_under_black_text_and_dark_under_white() {
        let d = Device::parse("iphonex").unwrap_or_else(|| unreachable!());
        let mut light = Vec::new();
        capsule([0, 0, 0, 255], &d, &mut light);
        let mut dark = Vec::new();
        capsule([255, 255, 255, 255], &d, &mut dark);
        let body = |items: &[Item]| match &items[0] {
            Item::Rect {
                x, y, w, h, color, ..
            } => (*x, *y, *w, *h, *color),
            _ => unreachable!(),
        };
        // Exactly the rect wx.getMenuButtonBoundingClientRect reports on this device.
        let (x, y, w, h, _) = body(&light);
        assert_eq!((x, y, w, h), (281.0, 48.0, 87.0, 32.0));
        assert_eq!(body(&light).4, [255, 255, 255, 153]);
        assert_eq!(body(&dark).4, [0, 0, 0, 38]);
    }
}
