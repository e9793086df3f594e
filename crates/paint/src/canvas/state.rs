//! The drawing state a 2D context saves and restores: styles, lines, text, shadow, compositing,
//! the transform and the clip, and how each is read from what the app assigns.

use crate::color::{Color, color};
use serde_json::Value;
use tiny_skia::{BlendMode, LineCap, LineJoin, Mask, Transform};

/// What fills or strokes: a color, a gradient, or an image pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Style {
    Color(Color),
    Linear {
        from: (f32, f32),
        to: (f32, f32),
        stops: Vec<(f32, Color)>,
    },
    Radial {
        from: (f32, f32, f32),
        to: (f32, f32, f32),
        stops: Vec<(f32, Color)>,
    },
    Pattern {
        /// The image's key (see [`super::Images`]).
        image: String,
        repeat_x: bool,
        repeat_y: bool,
    },
}

impl Style {
    /// A style as the JS side hands it over: a CSS color, or the JSON of a gradient
    /// (`{"type": "linear"|"radial", "args": [...], "stops": [[offset, color]...]}`) or of a
    /// pattern (`{"type": "pattern", "image": KEY, "repetition": "repeat"}`). `None` leaves
    /// the style as it was, as an unparsable assignment does in a browser.
    pub fn parse(v: &str) -> Option<Style> {
        if !v.trim_start().starts_with('{') {
            return color(v).map(Style::Color);
        }
        let j: Value = serde_json::from_str(v).ok()?;
        let nums: Vec<f32> = j["args"]
            .as_array()
            .map(|a| a.iter().map(|n| n.as_f64().unwrap_or(0.0) as f32).collect())
            .unwrap_or_default();
        let stops = j["stops"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|s| {
                        let at = s.get(0)?.as_f64()? as f32;
                        Some((at.clamp(0.0, 1.0), color(s.get(1)?.as_str()?)?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        match j["type"].as_str()? {
            "linear" if nums.len() >= 4 => Some(Style::Linear {
                from: (nums[0], nums[1]),
                to: (nums[2], nums[3]),
                stops,
            }),
            "radial" if nums.len() >= 6 => Some(Style::Radial {
                from: (nums[0], nums[1], nums[2]),
                to: (nums[3], nums[4], nums[5]),
                stops,
            }),
            // The first canvas API's circular gradient: one circle, from its centre.
            "circular" if nums.len() >= 3 => Some(Style::Radial {
                from: (nums[0], nums[1], 0.0),
                to: (nums[0], nums[1], nums[2]),
                stops,
            }),
            "pattern" => {
                let repetition = j["repetition"].as_str().unwrap_or("repeat");
                Some(Style::Pattern {
                    image: j["image"].as_str()?.to_string(),
                    repeat_x: matches!(repetition, "repeat" | "repeat-x" | ""),
                    repeat_y: matches!(repetition, "repeat" | "repeat-y" | ""),
                })
            }
            _ => None,
        }
    }
}

/// `ctx.font`, as far as drawing needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Font {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
}

impl Default for Font {
    fn default() -> Self {
        Font {
            size: 10.0,
            bold: false,
            italic: false,
        }
    }
}

impl Font {
    /// Reads the CSS font shorthand: `bold 16px sans-serif`, `italic 600 12px/1.5 "PingFang
    /// SC"`, `20pt serif`. The family is not looked at: mpsim draws with its bundled fonts.
    /// `None` when there is no size, which browsers ignore.
    pub fn parse(v: &str) -> Option<Font> {
        let mut font = Font::default();
        let mut size = None;
        for token in v.split_whitespace() {
            let t = token.to_ascii_lowercase();
            match t.as_str() {
                "bold" | "bolder" => font.bold = true,
                "italic" | "oblique" => font.italic = true,
                _ => {}
            }
            if let Ok(weight) = t.parse::<u32>() {
                font.bold = weight >= 600;
                continue;
            }
            if size.is_none() {
                let head = t.split('/').next().unwrap_or_default();
                size = length(head);
            }
        }
        font.size = size.filter(|s| *s > 0.0)?;
        Some(font)
    }
}

/// A font size token in pixels: `16px`, `12pt`, `1.5em` (of the 10px default), `14rpx` is
/// not a canvas unit and gives `None`.
fn length(t: &str) -> Option<f32> {
    let (num, factor) = if let Some(n) = t.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else if let Some(n) = t.strip_suffix("rem").or_else(|| t.strip_suffix("em")) {
        (n, 10.0)
    } else {
        return None;
    };
    num.parse::<f32>().ok().map(|n| n * factor)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Baseline {
    Alphabetic,
    Top,
    Hanging,
    Middle,
    Ideographic,
    Bottom,
}

/// A shadow under everything drawn: offsets in canvas pixels (not transformed, as the spec
/// says), blur as `shadowBlur`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shadow {
    pub color: Color,
    pub blur: f32,
    pub dx: f32,
    pub dy: f32,
}

impl Shadow {
    pub fn visible(&self) -> bool {
        self.color[3] > 0 && (self.blur > 0.0 || self.dx != 0.0 || self.dy != 0.0)
    }
}

#[derive(Clone)]
pub struct State {
    pub fill: Style,
    pub stroke: Style,
    pub line_width: f32,
    pub line_cap: LineCap,
    pub line_join: LineJoin,
    pub miter_limit: f32,
    pub dash: Vec<f32>,
    pub dash_offset: f32,
    pub alpha: f32,
    pub blend: BlendMode,
    pub font: Font,
    pub align: Align,
    /// `textAlign` start and end follow the direction, which is left to right.
    pub baseline: Baseline,
    pub letter_spacing: f32,
    pub shadow: Shadow,
    pub smoothing: bool,
    pub transform: Transform,
    /// The clip, `None` while nothing is clipped.
    pub clip: Option<Mask>,
}

impl Default for State {
    fn default() -> Self {
        State {
            fill: Style::Color([0, 0, 0, 255]),
            stroke: Style::Color([0, 0, 0, 255]),
            line_width: 1.0,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Miter,
            miter_limit: 10.0,
            dash: Vec::new(),
            dash_offset: 0.0,
            alpha: 1.0,
            blend: BlendMode::SourceOver,
            font: Font::default(),
            align: Align::Left,
            baseline: Baseline::Alphabetic,
            letter_spacing: 0.0,
            shadow: Shadow {
                color: [0, 0, 0, 0],
                blur: 0.0,
                dx: 0.0,
                dy: 0.0,
            },
            smoothing: true,
            transform: Transform::identity(),
            clip: None,
        }
    }
}

impl State {
    /// Assigns one property the way a browser does: values it cannot read are ignored.
    /// Returns whether `name` is a property of the state.
    pub fn set(&mut self, name: &str, v: &Value) -> bool {
        let num = v.as_f64().map(|n| n as f32).filter(|n| n.is_finite());
        let text = v.as_str().unwrap_or_default();
        match name {
            "fillStyle" => {
                if let Some(s) = Style::parse(text) {
                    self.fill = s;
                }
            }
            "strokeStyle" => {
                if let Some(s) = Style::parse(text) {
                    self.stroke = s;
                }
            }
            "lineWidth" => {
                if let Some(n) = num.filter(|n| *n > 0.0) {
                    self.line_width = n;
                }
            }
            "miterLimit" => {
                if let Some(n) = num.filter(|n| *n > 0.0) {
                    self.miter_limit = n;
                }
            }
            "lineDashOffset" => self.dash_offset = num.unwrap_or(self.dash_offset),
            "globalAlpha" => {
                if let Some(n) = num.filter(|n| (0.0..=1.0).contains(n)) {
                    self.alpha = n;
                }
            }
            "shadowBlur" => {
                if let Some(n) = num.filter(|n| *n >= 0.0) {
                    self.shadow.blur = n;
                }
            }
            "shadowOffsetX" => self.shadow.dx = num.unwrap_or(self.shadow.dx),
            "shadowOffsetY" => self.shadow.dy = num.unwrap_or(self.shadow.dy),
            "shadowColor" => self.shadow.color = color(text).unwrap_or(self.shadow.color),
            "lineCap" => {
                self.line_cap = match text {
                    "round" => LineCap::Round,
                    "square" => LineCap::Square,
                    "butt" => LineCap::Butt,
                    _ => self.line_cap,
                }
            }
            "lineJoin" => {
                self.line_join = match text {
                    "round" => LineJoin::Round,
                    "bevel" => LineJoin::Bevel,
                    "miter" => LineJoin::Miter,
                    _ => self.line_join,
                }
            }
            "font" => self.font = Font::parse(text).unwrap_or(self.font.clone()),
            "textAlign" => {
                self.align = match text {
                    "center" => Align::Center,
                    "right" | "end" => Align::Right,
                    "left" | "start" => Align::Left,
                    _ => self.align,
                }
            }
            "textBaseline" => {
                self.baseline = match text {
                    "top" => Baseline::Top,
                    "hanging" => Baseline::Hanging,
                    "middle" => Baseline::Middle,
                    "ideographic" => Baseline::Ideographic,
                    "bottom" => Baseline::Bottom,
                    "alphabetic" => Baseline::Alphabetic,
                    _ => self.baseline,
                }
            }
            "letterSpacing" => {
                self.letter_spacing = text
                    .strip_suffix("px")
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(self.letter_spacing)
            }
            "globalCompositeOperation" => self.blend = blend_mode(text).unwrap_or(self.blend),
            "imageSmoothingEnabled" => self.smoothing = v.as_bool().unwrap_or(self.smoothing),
            _ => return false,
        }
        true
    }
}

/// `globalCompositeOperation` names. The Porter-Duff operators apply where something is
/// drawn; the spec's clearing of the rest of the canvas for `source-in`, `source-out`,
/// `destination-in` and `destination-atop` is not done.
fn blend_mode(name: &str) -> Option<BlendMode> {
    Some(match name {
        "source-over" => BlendMode::SourceOver,
        "source-in" => BlendMode::SourceIn,
        "source-out" => BlendMode::SourceOut,
        "source-atop" => BlendMode::SourceAtop,
        "destination-over" => BlendMode::DestinationOver,
        "destination-in" => BlendMode::DestinationIn,
        "destination-out" => BlendMode::DestinationOut,
        "destination-atop" => BlendMode::DestinationAtop,
        "lighter" => BlendMode::Plus,
        "copy" => BlendMode::Source,
        "xor" => BlendMode::Xor,
        "multiply" => BlendMode::Multiply,
        "screen" => BlendMode::Screen,
        "overlay" => BlendMode::Overlay,
        "darken" => BlendMode::Darken,
        "lighten" => BlendMode::Lighten,
        "color-dodge" => BlendMode::ColorDodge,
        "color-burn" => BlendMode::ColorBurn,
        "hard-light" => BlendMode::HardLight,
        "soft-light" => BlendMode::SoftLight,
        "difference" => BlendMode::Difference,
        "exclusion" => BlendMode::Exclusion,
        "hue" => BlendMode::Hue,
        "saturation" => BlendMode::Saturation,
        "color" => BlendMode::Color,
        "luminosity" => BlendMode::Luminosity,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fonts_read_like_css() {
        let f = Font::parse("italic bold 16px/1.5 'PingFang SC'").expect("a font");
        assert_eq!((f.size, f.bold, f.italic), (16.0, true, true));
        assert_eq!(
            Font::parse("600 12pt serif").map(|f| (f.size, f.bold)),
            Some((16.0, true))
        );
        assert_eq!(Font::parse("bold serif"), None);
    }

    #[test]
    fn unreadable_assignments_are_ignored() {
        let mut s = State::default();
        s.set("fillStyle", &json!("#ff0000"));
        s.set("fillStyle", &json!("not a color"));
        assert_eq!(s.fill, Style::Color([255, 0, 0, 255]));
        s.set("lineWidth", &json!(-3));
        s.set("globalAlpha", &json!(2));
        assert_eq!((s.line_width, s.alpha), (1.0, 1.0));
        assert!(!s.set("nope", &json!(1)));
    }

    #[test]
    fn gradients_come_as_json() {
        let g =
            r##"{"type":"linear","args":[0,0,10,0],"stops":[[0,"red"],[1,"#00f"],[2,"junk"]]}"##;
        assert_eq!(
            Style::parse(g),
            Some(Style::Linear {
                from: (0.0, 0.0),
                to: (10.0, 0.0),
                stops: vec![(0.0, [255, 0, 0, 255]), (1.0, [0, 0, 255, 255])]
            })
        );
        assert_eq!(Style::parse(r#"{"type":"linear","args":[0]}"#), None);
    }
}
