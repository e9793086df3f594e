//! A frame: the page's boxes inside the phone's chrome (status bar, navigation bar, tabBar),
//! painted at the device pixel ratio.

use crate::css::Color;
use crate::layout::LBox;
use crate::paint::{Item, display_list, draw_lines, rasterize};
use crate::text::{self, Run};
use tiny_skia::Pixmap;

/// A phone to render for. Sizes in CSS pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub name: String,
    pub width: f32,
    pub height: f32,
    pub dpr: f32,
    pub status_bar: f32,
    pub ios: bool,
}

impl Device {
    /// The presets: `iphone6` (375x667@2, the default), `iphonex` (375x812@3), `iphone7plus`
    /// (414x736@3), `android` (360x780@3), or `WxH@DPR`.
    pub fn parse(name: &str) -> Option<Device> {
        let d = |n: &str, w, h, dpr, sb, ios| Device {
            name: n.into(),
            width: w,
            height: h,
            dpr,
            status_bar: sb,
            ios,
        };
        Some(
            match name
                .to_ascii_lowercase()
                .replace([' ', '-', '_', '/'], "")
                .as_str()
            {
                "iphone6" | "iphone678" | "iphone" | "default" => {
                    d("iPhone 6/7/8", 375.0, 667.0, 2.0, 20.0, true)
                }
                "iphonex" => d("iPhone X", 375.0, 812.0, 3.0, 44.0, true),
                "iphone7plus" | "iphone8plus" | "iphoneplus" => {
                    d("iPhone 7 Plus", 414.0, 736.0, 3.0, 20.0, true)
                }
                "android" => d("Android", 360.0, 780.0, 3.0, 24.0, false),
                other => {
                    let (size, dpr) = other.split_once('@').unwrap_or((other, "2"));
                    let (w, h) = size.split_once('x')?;
                    d(
                        other,
                        w.parse().ok()?,
                        h.parse().ok()?,
                        dpr.parse().ok()?,
                        20.0,
                        true,
                    )
                }
            },
        )
    }
}

/// The native parts around the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Chrome {
    pub title: String,
    pub nav_background: Color,
    pub nav_text: Color,
    /// `navigationStyle: custom`: the page draws its own bar.
    pub custom_nav: bool,
    pub page_background: Color,
    pub tab_bar: Option<TabBar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TabBar {
    pub items: Vec<String>,
    pub selected: Option<usize>,
    pub color: Color,
    pub selected_color: Color,
    pub background: Color,
}

pub const NAV_BAR_HEIGHT: f32 = 44.0;
pub const TAB_BAR_HEIGHT: f32 = 50.0;

/// Where the page's content starts, below the status and navigation bars.
pub fn content_top(chrome: &Chrome, device: &Device) -> f32 {
    if chrome.custom_nav {
        0.0
    } else {
        device.status_bar + NAV_BAR_HEIGHT
    }
}

#[allow(clippy::too_many_arguments)]
fn centered(
    pixmap: &mut Pixmap,
    label: &str,
    size: f32,
    color: Color,
    bold: bool,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    scale: f32,
) {
    let lines = text::lay_out(
        &[Run {
            text: label.into(),
            size,
            color,
            bold,
        }],
        None,
        None,
        true,
    );
    let Some(line) = lines.first() else { return };
    draw_lines(
        pixmap,
        &lines,
        x + (w - line.width) / 2.0,
        y + (h - line.height) / 2.0,
        line.width,
        "left",
        scale,
    );
}

/// Paints a frame: page background, the page's boxes, then the chrome over them.
pub fn render_frame(page: Option<&LBox>, chrome: &Chrome, device: &Device) -> Option<Pixmap> {
    let scale = device.dpr;
    let mut pixmap = Pixmap::new(
        (device.width * scale).round() as u32,
        (device.height * scale).round() as u32,
    )?;
    let mut items = vec![Item::Rect {
        x: 0.0,
        y: 0.0,
        w: device.width,
        h: device.height,
        color: chrome.page_background,
        radius: 0.0,
    }];
    let top = content_top(chrome, device);
    if let Some(p) = page {
        display_list(p, 0.0, top, &mut items);
    }
    if !chrome.custom_nav {
        items.push(Item::Rect {
            x: 0.0,
            y: 0.0,
            w: device.width,
            h: top,
            color: chrome.nav_background,
            radius: 0.0,
        });
    }
    if let Some(tb) = &chrome.tab_bar {
        let y = device.height - TAB_BAR_HEIGHT;
        items.push(Item::Rect {
            x: 0.0,
            y,
            w: device.width,
            h: TAB_BAR_HEIGHT,
            color: tb.background,
            radius: 0.0,
        });
        items.push(Item::Rect {
            x: 0.0,
            y,
            w: device.width,
            h: 0.5,
            color: [0, 0, 0, 84],
            radius: 0.0,
        });
    }
    rasterize(&items, &mut pixmap, scale);
    if !chrome.custom_nav {
        centered(
            &mut pixmap,
            &chrome.title,
            17.0,
            chrome.nav_text,
            true,
            0.0,
            device.status_bar,
            device.width,
            NAV_BAR_HEIGHT,
            scale,
        );
    }
    if let Some(tb) = &chrome.tab_bar {
        let n = tb.items.len().max(1) as f32;
        let w = device.width / n;
        let y = device.height - TAB_BAR_HEIGHT;
        for (i, label) in tb.items.iter().enumerate() {
            let color = if tb.selected == Some(i) {
                tb.selected_color
            } else {
                tb.color
            };
            // The icon's place (icons load with images), then the label under it.
            let icon = [color[0], color[1], color[2], 60];
            rasterize(
                &[Item::Rect {
                    x: w * i as f32 + w / 2.0 - 12.0,
                    y: y + 5.0,
                    w: 24.0,
                    h: 24.0,
                    color: icon,
                    radius: 6.0,
                }],
                &mut pixmap,
                scale,
            );
            centered(
                &mut pixmap,
                label,
                10.0,
                color,
                false,
                w * i as f32,
                y + 31.0,
                w,
                14.0,
                scale,
            );
        }
    }
    Some(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_presets_and_custom_sizes() {
        assert_eq!(Device::parse("iPhone 6").unwrap().width, 375.0);
        assert_eq!(Device::parse("iphonex").unwrap().dpr, 3.0);
        let d = Device::parse("400x800@1.5").unwrap();
        assert_eq!((d.width, d.height, d.dpr), (400.0, 800.0, 1.5));
        assert!(Device::parse("nope").is_none());
    }

    #[test]
    fn frames_have_the_device_size_and_chrome() {
        let chrome = Chrome {
            title: "Shop".into(),
            nav_background: [255, 80, 0, 255],
            nav_text: [255, 255, 255, 255],
            custom_nav: false,
            page_background: [245, 245, 245, 255],
            tab_bar: None,
        };
        let d = Device::parse("iphone6").unwrap();
        let p = render_frame(None, &chrome, &d).unwrap();
        assert_eq!((p.width(), p.height()), (750, 1334));
        let px = p.pixel(10, 10).unwrap();
        assert_eq!((px.red(), px.green(), px.blue()), (255, 80, 0));
        let px = p.pixel(10, 1000).unwrap();
        assert_eq!((px.red(), px.green(), px.blue()), (245, 245, 245));
    }
}
