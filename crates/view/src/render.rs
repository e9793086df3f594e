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
    /// The strip at the bottom kept clear for the home indicator (34 on iPhone X-class
    /// phones, 0 on phones with a home button).
    pub safe_bottom: f32,
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
            // Phones with a notch-high status bar have a home indicator instead of a button.
            safe_bottom: if ios && sb >= 40.0 { 34.0 } else { 0.0 },
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
    /// The bar shows a back button (a page is under this one).
    pub back: bool,
    pub page_background: Color,
    pub tab_bar: Option<TabBar>,
    /// A toast, loading indicator, modal or action sheet on top of everything.
    pub overlay: Option<Overlay>,
    /// The status bar's time ([`crate::status_bar::clock_text`]).
    pub clock: String,
}

/// Native UI drawn over the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// `icon`: success (default), error, loading or none (text only).
    Toast {
        title: String,
        icon: String,
    },
    Loading {
        title: String,
    },
    /// `cancel` is `None` when `showCancel` is false.
    Modal {
        title: String,
        content: String,
        cancel: Option<String>,
        confirm: String,
    },
    ActionSheet {
        items: Vec<String>,
    },
}

/// What a tap on an overlay hit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OverlayHit {
    ModalCancel,
    ModalConfirm,
    SheetItem(usize),
    SheetCancel,
    /// Outside the buttons, on the mask that blocks the page.
    Mask,
}

/// The modal's box on a screen `w` x `h`, and the height of its button row.
fn modal_box(w: f32, h: f32) -> (f32, f32, f32, f32) {
    let (bw, bh) = (w - 64.0, 176.0);
    (32.0, (h - bh) / 2.0, bw, bh)
}
const MODAL_BUTTONS: f32 = 56.0;
const SHEET_ROW: f32 = 56.0;

impl Overlay {
    /// What a tap at screen point (`x`, `y`) does on this overlay; `None` for toasts, which
    /// let taps through.
    pub fn hit(&self, device: &Device, x: f32, y: f32) -> Option<OverlayHit> {
        let (w, h) = (device.width, device.height);
        match self {
            Overlay::Modal { cancel, .. } => {
                let (bx, by, bw, bh) = modal_box(w, h);
                let in_row = x >= bx && x < bx + bw && y >= by + bh - MODAL_BUTTONS && y < by + bh;
                Some(match (in_row, cancel) {
                    (false, _) => OverlayHit::Mask,
                    (true, Some(_)) if x < bx + bw / 2.0 => OverlayHit::ModalCancel,
                    (true, _) => OverlayHit::ModalConfirm,
                })
            }
            Overlay::ActionSheet { items } => {
                let top = h - SHEET_ROW * (items.len() as f32 + 1.0) - 8.0;
                Some(if y >= h - SHEET_ROW {
                    OverlayHit::SheetCancel
                } else if y >= top {
                    let i = ((y - top) / SHEET_ROW) as usize;
                    if i < items.len() {
                        OverlayHit::SheetItem(i)
                    } else {
                        OverlayHit::Mask
                    }
                } else {
                    OverlayHit::SheetCancel
                })
            }
            _ => None,
        }
    }
}

impl Overlay {
    /// The overlay left on screen at virtual time `now` by a sequence of UI requests
    /// (`showToast`, `hideToast`...), each with the time it was made (`t`). A toast goes after
    /// its `duration` (1500 ms by default).
    pub fn from_requests<'a>(
        requests: impl IntoIterator<Item = (&'a str, &'a serde_json::Value)>,
        now: u64,
    ) -> Option<Overlay> {
        let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
        let mut current = None;
        for (api, args) in requests {
            current = match api {
                "showToast" => {
                    let t = args["t"].as_u64().unwrap_or(0);
                    let duration = args["duration"].as_u64().unwrap_or(1500);
                    (now < t + duration).then(|| Overlay::Toast {
                        title: text(args, "title"),
                        icon: Some(text(args, "icon"))
                            .filter(|i| !i.is_empty())
                            .unwrap_or_else(|| "success".into()),
                    })
                }
                "showLoading" => Some(Overlay::Loading {
                    title: text(args, "title"),
                }),
                "showModal" => Some(Overlay::Modal {
                    title: text(args, "title"),
                    content: text(args, "content"),
                    cancel: (args["showCancel"] != false).then(|| {
                        Some(text(args, "cancelText"))
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| "取消".into())
                    }),
                    confirm: Some(text(args, "confirmText"))
                        .filter(|t| !t.is_empty())
                        .unwrap_or_else(|| "确定".into()),
                }),
                "showActionSheet" => Some(Overlay::ActionSheet {
                    items: args["itemList"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .map(|i| i.as_str().unwrap_or_default().to_string())
                                .collect()
                        })
                        .unwrap_or_default(),
                }),
                "hideToast" | "hideLoading" | "hideModal" | "hideActionSheet" => None,
                _ => current,
            };
        }
        current
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TabBar {
    pub items: Vec<String>,
    /// Each item's icon and selected icon (image sources from app.json), when given.
    pub icons: Vec<(Option<String>, Option<String>)>,
    pub selected: Option<usize>,
    pub color: Color,
    pub selected_color: Color,
    pub background: Color,
    /// `wx.setTabBarBadge` text per item.
    pub badges: Vec<Option<String>>,
    /// `wx.showTabBarRedDot` per item.
    pub red_dots: Vec<bool>,
}

impl TabBar {
    /// The source of item `i`'s icon as shown now (its selected icon when it is selected),
    /// as a package path.
    fn icon(&self, i: usize) -> Option<String> {
        let (plain, chosen) = self.icons.get(i)?;
        let src = if self.selected == Some(i) {
            chosen.as_ref().or(plain.as_ref())
        } else {
            plain.as_ref()
        }?;
        Some(format!("/{}", src.trim_start_matches('/')))
    }
}

/// The image sources a frame of `items` and `chrome` draws.
pub fn images_of<'a>(items: &'a [Item], chrome: &Chrome) -> Vec<std::borrow::Cow<'a, str>> {
    let page = items.iter().filter_map(|item| match item {
        Item::Image { src, .. } => Some(std::borrow::Cow::Borrowed(src.as_str())),
        _ => None,
    });
    let tabs = chrome
        .tab_bar
        .iter()
        .flat_map(|tb| (0..tb.items.len()).filter_map(|i| tb.icon(i).map(std::borrow::Cow::Owned)));
    page.chain(tabs).collect()
}

pub const NAV_BAR_HEIGHT: f32 = mpsim_bridge::screen::NAV_BAR_HEIGHT as f32;
pub const TAB_BAR_HEIGHT: f32 = mpsim_bridge::screen::TAB_BAR_HEIGHT as f32;

/// Where the native tabBar starts: above the home indicator's strip.
pub fn tab_bar_top(device: &Device) -> f32 {
    device.height - device.safe_bottom - TAB_BAR_HEIGHT
}

/// Where the page's content starts, below the status and navigation bars.
pub fn content_top(chrome: &Chrome, device: &Device) -> f32 {
    if chrome.custom_nav {
        0.0
    } else {
        device.status_bar + NAV_BAR_HEIGHT
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn centered(
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
            letter_spacing: 0.0,
            deco: None,
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

/// The dimmed screen behind a modal or action sheet.
fn mask(w: f32, h: f32) -> Item {
    Item::Rect {
        x: 0.0,
        y: 0.0,
        w,
        h,
        color: [0, 0, 0, 153],
        radius: 0.0,
    }
}

/// Where the navigation bar's back button takes taps: its left end, this wide.
pub const BACK_BUTTON_WIDTH: f32 = 44.0;

/// The back chevron at the left of the navigation bar.
fn back_arrow(pixmap: &mut Pixmap, color: Color, device: &Device) {
    let mid = device.status_bar + NAV_BAR_HEIGHT / 2.0;
    let mut pb = tiny_skia::PathBuilder::new();
    pb.move_to(20.0, mid - 9.0);
    pb.line_to(11.0, mid);
    pb.line_to(20.0, mid + 9.0);
    let Some(path) = pb.finish() else { return };
    let mut paint = tiny_skia::Paint::default();
    paint.set_color_rgba8(color[0], color[1], color[2], color[3]);
    paint.anti_alias = true;
    let stroke = tiny_skia::Stroke {
        width: 2.0,
        line_cap: tiny_skia::LineCap::Round,
        line_join: tiny_skia::LineJoin::Round,
        ..Default::default()
    };
    let t = tiny_skia::Transform::from_scale(device.dpr, device.dpr);
    pixmap.stroke_path(&path, &paint, &stroke, t, None);
}

/// A tab's badge (red pill with its text) or red dot, at the top right of its icon.
fn tab_mark(pixmap: &mut Pixmap, tb: &TabBar, i: usize, x: f32, y: f32, scale: f32) {
    const RED: Color = [250, 81, 81, 255];
    if let Some(text) = tb.badges.get(i).cloned().flatten() {
        let w = (8.0 + 7.0 * text.chars().count() as f32).max(16.0);
        let (left, top) = (x - 6.0, y - 4.0);
        let pill = Item::Rect {
            x: left,
            y: top,
            w,
            h: 16.0,
            color: RED,
            radius: 8.0,
        };
        rasterize(&[pill], pixmap, scale);
        centered(
            pixmap,
            &text,
            11.0,
            [255, 255, 255, 255],
            false,
            left,
            top,
            w,
            16.0,
            scale,
        );
    } else if tb.red_dots.get(i).copied().unwrap_or(false) {
        let dot = Item::Rect {
            x: x - 2.0,
            y: y - 2.0,
            w: 8.0,
            h: 8.0,
            color: RED,
            radius: 4.0,
        };
        rasterize(&[dot], pixmap, scale);
    }
}

/// Paints a frame: page background, the page's boxes, then the chrome over them.
pub fn render_frame(page: Option<&LBox>, chrome: &Chrome, device: &Device) -> Option<Pixmap> {
    render_frame_with(page, 0.0, chrome, device, &crate::paint::NoImages)
}

/// [`render_frame`] for a page scrolled by `scroll` CSS pixels, drawing `<image>`s from
/// `images`.
pub fn render_frame_with(
    page: Option<&LBox>,
    scroll: f32,
    chrome: &Chrome,
    device: &Device,
    images: &dyn crate::paint::Images,
) -> Option<Pixmap> {
    paint_frame(
        &frame_items(page, scroll, chrome, device),
        chrome,
        device,
        images,
    )
}

/// The display list of a frame: the page background, the page's boxes on screen (scrolled
/// by `scroll`), and the bars of the chrome. Two frames with the same list (and chrome, and
/// images) have the same pixels.
pub fn frame_items(
    page: Option<&LBox>,
    scroll: f32,
    chrome: &Chrome,
    device: &Device,
) -> Vec<Item> {
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
        let screen = [0.0, top, device.width, device.height];
        display_list(p, 0.0, top, scroll, Some(screen), &mut items);
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
    crate::status_bar::items(chrome, device, &mut items);
    if let Some(tb) = &chrome.tab_bar {
        let y = tab_bar_top(device);
        // The bar's background runs on under the home indicator.
        items.push(Item::Rect {
            x: 0.0,
            y,
            w: device.width,
            h: TAB_BAR_HEIGHT + device.safe_bottom,
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
    items
}

/// Paints a frame from its display list ([`frame_items`]), then the chrome's text, icons and
/// overlays over it.
pub fn paint_frame(
    items: &[Item],
    chrome: &Chrome,
    device: &Device,
    images: &dyn crate::paint::Images,
) -> Option<Pixmap> {
    let scale = device.dpr;
    let mut pixmap = Pixmap::new(
        (device.width * scale).round() as u32,
        (device.height * scale).round() as u32,
    )?;
    crate::paint::rasterize_with(items, &mut pixmap, scale, images);
    if !chrome.custom_nav && chrome.back {
        back_arrow(&mut pixmap, chrome.nav_text, device);
    }
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
    crate::status_bar::paint(&mut pixmap, chrome, device);
    if let Some(tb) = &chrome.tab_bar {
        let n = tb.items.len().max(1) as f32;
        let w = device.width / n;
        let y = tab_bar_top(device);
        for (i, label) in tb.items.iter().enumerate() {
            let color = if tb.selected == Some(i) {
                tb.selected_color
            } else {
                tb.color
            };
            // The icon (from app.json, else a tinted placeholder), then the label under it.
            let (x_icon, y_icon) = (w * i as f32 + w / 2.0 - 12.0, y + 5.0);
            let item = match tb.icon(i) {
                Some(src) => Item::Image {
                    x: x_icon,
                    y: y_icon,
                    w: 24.0,
                    h: 24.0,
                    src,
                    mode: "aspectFit".into(),
                },
                None => Item::Rect {
                    x: x_icon,
                    y: y_icon,
                    w: 24.0,
                    h: 24.0,
                    color: [color[0], color[1], color[2], 60],
                    radius: 6.0,
                },
            };
            crate::paint::rasterize_with(&[item], &mut pixmap, scale, images);
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
            tab_mark(&mut pixmap, tb, i, x_icon + 24.0, y_icon, scale);
        }
    }
    if let Some(o) = &chrome.overlay {
        draw_overlay(&mut pixmap, o, device);
    }
    crate::status_bar::home_indicator(&mut pixmap, chrome, device);
    Some(pixmap)
}

/// What a toast with an icon shows of its title: as much as seven CJK characters' width
/// holds, the rest cut (the documented limit; only a toast without an icon takes two lines).
fn toast_title(title: &str) -> String {
    const SIZE: f32 = 16.0;
    let room = 7.0 * SIZE;
    let mut used = 0.0;
    title
        .chars()
        .take_while(|&ch| {
            used += text::advance(ch, SIZE, false);
            used <= room + 0.01
        })
        .collect()
}

fn draw_overlay(pixmap: &mut Pixmap, overlay: &Overlay, device: &Device) {
    let scale = device.dpr;
    let (w, h) = (device.width, device.height);
    match overlay {
        Overlay::Toast { title, icon } if icon == "none" => {
            // Text only: a box as wide as the text, up to two lines.
            let lines = text::lay_out(
                &[Run {
                    text: title.clone(),
                    size: 16.0,
                    color: [255, 255, 255, 255],
                    bold: false,
                    letter_spacing: 0.0,
                    deco: None,
                }],
                Some(w - 112.0),
                None,
                false,
            );
            let lines: Vec<_> = lines.into_iter().take(2).collect();
            let tw = lines.iter().map(|l| l.width).fold(0.0, f32::max);
            let th: f32 = lines.iter().map(|l| l.height).sum();
            let (bw, bh) = (tw + 40.0, th + 24.0);
            let (x, y) = ((w - bw) / 2.0, (h - bh) / 2.0);
            rasterize(
                &[Item::Rect {
                    x,
                    y,
                    w: bw,
                    h: bh,
                    color: [17, 17, 17, 179],
                    radius: 8.0,
                }],
                pixmap,
                scale,
            );
            draw_lines(pixmap, &lines, x + 20.0, y + 12.0, tw, "center", scale);
        }
        Overlay::Toast { title, .. } | Overlay::Loading { title } => {
            let (bw, bh) = (136.0, 136.0);
            let (x, y) = ((w - bw) / 2.0, (h - bh) / 2.0);
            rasterize(
                &[Item::Rect {
                    x,
                    y,
                    w: bw,
                    h: bh,
                    color: [17, 17, 17, 179],
                    radius: 12.0,
                }],
                pixmap,
                scale,
            );
            let mark = match overlay {
                Overlay::Toast { icon, .. } if icon == "error" => "✕",
                Overlay::Toast { icon, .. } if icon != "loading" => "✓",
                _ => "…",
            };
            centered(
                pixmap,
                mark,
                40.0,
                [255, 255, 255, 255],
                false,
                x,
                y + 20.0,
                bw,
                56.0,
                scale,
            );
            centered(
                pixmap,
                &toast_title(title),
                16.0,
                [255, 255, 255, 255],
                false,
                x,
                y + 84.0,
                bw,
                30.0,
                scale,
            );
        }
        Overlay::Modal {
            title,
            content,
            cancel,
            confirm,
        } => {
            let (x, y, bw, bh) = modal_box(w, h);
            rasterize(
                &[
                    mask(w, h),
                    Item::Rect {
                        x,
                        y,
                        w: bw,
                        h: bh,
                        color: [255, 255, 255, 255],
                        radius: 12.0,
                    },
                    Item::Rect {
                        x,
                        y: y + bh - 56.0,
                        w: bw,
                        h: 0.5,
                        color: [0, 0, 0, 26],
                        radius: 0.0,
                    },
                    Item::Rect {
                        x: x + bw / 2.0,
                        y: y + bh - MODAL_BUTTONS,
                        w: if cancel.is_some() { 0.5 } else { 0.0 },
                        h: MODAL_BUTTONS,
                        color: [0, 0, 0, 26],
                        radius: 0.0,
                    },
                ],
                pixmap,
                scale,
            );
            centered(
                pixmap,
                title,
                17.0,
                [0, 0, 0, 230],
                true,
                x,
                y + 24.0,
                bw,
                28.0,
                scale,
            );
            let lines = text::lay_out(
                &[Run {
                    text: content.clone(),
                    size: 15.0,
                    color: [0, 0, 0, 140],
                    bold: false,
                    letter_spacing: 0.0,
                    deco: None,
                }],
                Some(bw - 48.0),
                None,
                false,
            );
            draw_lines(
                pixmap,
                &lines,
                x + 24.0,
                y + 60.0,
                bw - 48.0,
                "center",
                scale,
            );
            let (confirm_x, confirm_w) = match cancel {
                Some(c) => {
                    centered(
                        pixmap,
                        c,
                        17.0,
                        [0, 0, 0, 230],
                        true,
                        x,
                        y + bh - MODAL_BUTTONS,
                        bw / 2.0,
                        MODAL_BUTTONS,
                        scale,
                    );
                    (x + bw / 2.0, bw / 2.0)
                }
                None => (x, bw),
            };
            centered(
                pixmap,
                confirm,
                17.0,
                [87, 107, 149, 255],
                true,
                confirm_x,
                y + bh - MODAL_BUTTONS,
                confirm_w,
                MODAL_BUTTONS,
                scale,
            );
        }
        Overlay::ActionSheet { items } => {
            let row = SHEET_ROW;
            let sheet_h = row * (items.len() as f32 + 1.0) + 8.0;
            let y0 = h - sheet_h;
            let mut rects = vec![
                mask(w, h),
                Item::Rect {
                    x: 0.0,
                    y: y0,
                    w,
                    h: sheet_h,
                    color: [247, 247, 247, 255],
                    radius: 12.0,
                },
            ];
            for i in 0..items.len() {
                rects.push(Item::Rect {
                    x: 0.0,
                    y: y0 + row * i as f32,
                    w,
                    h: row - 0.5,
                    color: [255, 255, 255, 255],
                    radius: 0.0,
                });
            }
            rects.push(Item::Rect {
                x: 0.0,
                y: h - row,
                w,
                h: row,
                color: [255, 255, 255, 255],
                radius: 0.0,
            });
            rasterize(&rects, pixmap, scale);
            for (i, item) in items.iter().enumerate() {
                centered(
                    pixmap,
                    item,
                    17.0,
                    [0, 0, 0, 230],
                    false,
                    0.0,
                    y0 + row * i as f32,
                    w,
                    row,
                    scale,
                );
            }
            centered(
                pixmap,
                "取消",
                17.0,
                [0, 0, 0, 230],
                false,
                0.0,
                h - row,
                w,
                row,
                scale,
            );
        }
    }
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
            back: false,
            page_background: [245, 245, 245, 255],
            tab_bar: None,
            overlay: None,
            clock: "9:41".into(),
        };
        let d = Device::parse("iphone6").unwrap();
        let p = render_frame(None, &chrome, &d).unwrap();
        assert_eq!((p.width(), p.height()), (750, 1334));
        let px = p.pixel(10, 10).unwrap();
        assert_eq!((px.red(), px.green(), px.blue()), (255, 80, 0));
        let px = p.pixel(10, 1000).unwrap();
        assert_eq!((px.red(), px.green(), px.blue()), (245, 245, 245));
    }

    #[test]
    fn a_toast_with_an_icon_shows_seven_characters_of_its_title() {
        assert_eq!(toast_title("已加入购物车"), "已加入购物车");
        assert_eq!(toast_title("商品已经成功加入购物车了"), "商品已经成功加");
        let latin = toast_title("Added to your shopping cart");
        assert!(latin.len() > 7 && latin.len() < 27, "{latin}");
        assert!("Added to your shopping cart".starts_with(&latin));
    }

    #[test]
    fn the_last_request_decides_the_overlay() {
        let toast = serde_json::json!({"title": "Saved", "t": 100});
        let none = serde_json::json!({});
        assert_eq!(
            Overlay::from_requests([("showToast", &toast)], 1000),
            Some(Overlay::Toast {
                title: "Saved".into(),
                icon: "success".into()
            })
        );
        // Gone after its 1500 ms.
        assert_eq!(Overlay::from_requests([("showToast", &toast)], 1600), None);
        assert_eq!(
            Overlay::from_requests([("showToast", &toast), ("hideToast", &none)], 200),
            None
        );
        assert_eq!(
            Overlay::from_requests([("setNavigationBarTitle", &toast)], 200),
            None
        );
    }
}
