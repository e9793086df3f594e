//! `rpx`: 750rpx is the screen width. Values keep their rpx numbers apart from the text, so one
//! compiled stylesheet serves every screen width without being parsed again.

use serde::{Deserialize, Serialize};

/// A declaration value split into text and the numbers whose unit depends on the screen:
/// `10rpx 2px 50vh` is `[Rpx(10), Lit(" 2px "), Vh(50)]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ValuePart {
    Lit(String),
    Rpx(f64),
    /// Percent of the window's width and height.
    Vw(f64),
    Vh(f64),
}

impl ValuePart {
    /// The part as the author wrote it.
    pub fn text(&self) -> String {
        let n = |v: &f64, unit: &str| format!("{}{unit}", mpsim_base::js::number_to_string(*v));
        match self {
            ValuePart::Lit(l) => l.clone(),
            ValuePart::Rpx(v) => n(v, "rpx"),
            ValuePart::Vw(v) => n(v, "vw"),
            ValuePart::Vh(v) => n(v, "vh"),
        }
    }
}

/// The device facts rpx conversion and `env()` depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screen {
    pub width: f64,
    /// The window's height (the screen less the bars), for `vh`.
    pub height: f64,
    pub dpr: f64,
    pub ios: bool,
    /// `env(safe-area-inset-top)`: the status bar's height under a custom navigation bar
    /// (the page starts at the top of the screen), else 0.
    pub safe_top: f64,
    /// `env(safe-area-inset-bottom)`: the home indicator's strip on iPhone X-class phones
    /// when no native tabBar covers it, else 0.
    pub safe_bottom: f64,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen {
            width: 375.0,
            height: 603.0,
            dpr: 2.0,
            ios: true,
            safe_top: 0.0,
            safe_bottom: 0.0,
        }
    }
}

/// The official conversion (wcsc's runtime): scale, floor with a 1e-4 epsilon, and a non-zero
/// value that would vanish becomes 1px (0.5px on iOS retina screens).
pub fn rpx_to_px(n: f64, screen: Screen) -> f64 {
    if n == 0.0 {
        return 0.0;
    }
    let px = (n / 750.0 * screen.width + 1e-4).floor();
    if px == 0.0 {
        return if screen.dpr == 1.0 || !screen.ios {
            1.0
        } else {
            0.5
        };
    }
    px
}

/// Makes the part of a number in one screen-relative unit.
type MakePart = fn(f64) -> ValuePart;

/// Splits a serialised value on rpx, vw and vh numbers, outside strings and `url()`.
pub fn split_rpx(value: &str) -> Vec<ValuePart> {
    let mut parts = Vec::new();
    let bytes = value.as_bytes();
    let mut lit = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' {
            let end = value[i + 1..]
                .find(c as char)
                .map(|e| i + 1 + e + 1)
                .unwrap_or(bytes.len());
            lit.push_str(&value[i..end]);
            i = end;
            continue;
        }
        if value[i..].starts_with("url(") {
            let end = value[i..]
                .find(')')
                .map(|e| i + e + 1)
                .unwrap_or(bytes.len());
            lit.push_str(&value[i..end]);
            i = end;
            continue;
        }
        let starts_number = c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
            || ((c == b'-' || c == b'+')
                && bytes
                    .get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == b'.'));
        let after_ident = i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'-'
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b'#');
        if starts_number && !after_ident {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                j += 1;
            }
            let units: [(&str, MakePart); 3] = [
                ("rpx", ValuePart::Rpx),
                ("vw", ValuePart::Vw),
                ("vh", ValuePart::Vh),
            ];
            let unit = units.iter().find(|(u, _)| {
                value[j..].starts_with(u)
                    && !value[j + u.len()..].starts_with(|ch: char| ch.is_ascii_alphanumeric())
            });
            if let Some((u, make)) = unit
                && let Ok(n) = value[i..j].parse::<f64>()
            {
                if !lit.is_empty() {
                    parts.push(ValuePart::Lit(std::mem::take(&mut lit)));
                }
                parts.push(make(n));
                i = j + u.len();
                continue;
            }
            lit.push_str(&value[i..j]);
            i = j;
            continue;
        }
        let ch = value[i..].chars().next().unwrap_or(' ');
        lit.push(ch);
        i += ch.len_utf8();
    }
    if !lit.is_empty() {
        parts.push(ValuePart::Lit(lit));
    }
    parts
}

/// The value with rpx turned into px for a screen.
pub fn resolve(parts: &[ValuePart], screen: Screen) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            ValuePart::Lit(s) => out.push_str(s),
            ValuePart::Rpx(n) => {
                out.push_str(&mpsim_base::js::number_to_string(rpx_to_px(*n, screen)));
                out.push_str("px");
            }
            ValuePart::Vw(n) => push_px(&mut out, n * screen.width / 100.0),
            ValuePart::Vh(n) => push_px(&mut out, n * screen.height / 100.0),
        }
    }
    out
}

fn push_px(out: &mut String, px: f64) {
    out.push_str(&mpsim_base::js::number_to_string(
        (px * 1000.0).round() / 1000.0,
    ));
    out.push_str("px");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_like_the_official_runtime() {
        let s375 = Screen {
            height: 603.0,
            safe_top: 0.0,
            safe_bottom: 0.0,
            width: 375.0,
            dpr: 2.0,
            ios: true,
        };
        let s414 = Screen {
            width: 414.0,
            dpr: 3.0,
            ios: false,
            ..s375
        };
        assert_eq!(rpx_to_px(750.0, s375), 375.0);
        assert_eq!(rpx_to_px(750.0, s414), 414.0);
        assert_eq!(rpx_to_px(10.0, s375), 5.0);
        assert_eq!(rpx_to_px(1.0, s375), 0.5);
        assert_eq!(rpx_to_px(1.0, s414), 1.0);
        assert_eq!(rpx_to_px(0.5, s375), 0.5);
        assert_eq!(rpx_to_px(15.0, s414), 8.0);
        assert_eq!(rpx_to_px(0.0, s375), 0.0);
    }

    #[test]
    fn splits_and_resolves_values() {
        let s = Screen::default();
        let parts =
            split_rpx("10rpx 2px calc(100% - 20rpx) url(a10rpx.png) 'x1rpx' -4rpx .5rpx a1rpx");
        assert_eq!(
            resolve(&parts, s),
            "5px 2px calc(100% - 10px) url(a10rpx.png) 'x1rpx' -2px 0.5px a1rpx"
        );
        assert_eq!(split_rpx("red"), vec![ValuePart::Lit("red".into())]);
    }

    #[test]
    fn viewport_units_follow_the_window() {
        let parts = split_rpx("calc(100vh - 10rpx) 50vw 3vmin");
        assert_eq!(
            parts,
            [
                ValuePart::Lit("calc(".into()),
                ValuePart::Vh(100.0),
                ValuePart::Lit(" - ".into()),
                ValuePart::Rpx(10.0),
                ValuePart::Lit(") ".into()),
                ValuePart::Vw(50.0),
                ValuePart::Lit(" 3vmin".into()),
            ]
        );
        let x = Screen {
            width: 375.0,
            height: 724.0,
            ..Screen::default()
        };
        assert_eq!(resolve(&parts, x), "calc(724px - 5px) 187.5px 3vmin");
        let written: String = parts.iter().map(ValuePart::text).collect();
        assert_eq!(written, "calc(100vh - 10rpx) 50vw 3vmin");
    }
}
