//! The screen both sides agree on: which native bars a page has, and so the window it is
//! laid out in. The view lays the page out in that window; the logic side reports the same
//! `windowHeight` from `wx.getSystemInfo` and `wx.getWindowInfo`.

use crate::AppConfig;
use serde_json::{Map, Value};

/// The native navigation bar under the status bar, in CSS pixels.
pub const NAV_BAR_HEIGHT: f64 = 44.0;
/// The native tabBar at the bottom.
pub const TAB_BAR_HEIGHT: f64 = 50.0;

/// The capsule (the "···" menu and close buttons at the top right), in CSS pixels: where the
/// view draws it and what `wx.getMenuButtonBoundingClientRect` reports. WeChat's is 87 x 32,
/// 7 px from the right edge, 4 px below the status bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MenuButton {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl MenuButton {
    pub fn on(screen_width: f64, status_bar: f64) -> MenuButton {
        MenuButton {
            left: screen_width - 94.0,
            top: status_bar + 4.0,
            width: 87.0,
            height: 32.0,
        }
    }
}

/// Which native bars a page has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bars {
    /// `navigationStyle: custom`: the page draws its own navigation bar (and the window
    /// starts at the top of the screen).
    pub custom_nav: bool,
    /// A tab page of an app with a native (not custom) tabBar.
    pub native_tab_bar: bool,
}

impl Bars {
    /// The bars of page `route`, from its json's window fields and app.json.
    pub fn of(app: &AppConfig, page_window: &Map<String, Value>, route: &str) -> Bars {
        let custom_nav = page_window
            .get("navigationStyle")
            .or_else(|| app.window.get("navigationStyle"))
            .and_then(Value::as_str)
            == Some("custom");
        let native_tab_bar = app
            .tab_bar
            .as_ref()
            .is_some_and(|t| !t.custom && t.list.iter().any(|i| i.page_path == route));
        Bars {
            custom_nav,
            native_tab_bar,
        }
    }

    /// Where the window starts on the screen.
    pub fn window_top(&self, status_bar: f64) -> f64 {
        if self.custom_nav {
            0.0
        } else {
            status_bar + NAV_BAR_HEIGHT
        }
    }

    /// The window's height: the screen less the bars. On a phone with a home indicator
    /// (`safe_bottom` > 0) the tabBar sits above its strip; a page without a tabBar runs on
    /// under it, as in WeChat.
    pub fn window_height(&self, screen_height: f64, status_bar: f64, safe_bottom: f64) -> f64 {
        let bottom = if self.native_tab_bar {
            TAB_BAR_HEIGHT + safe_bottom
        } else {
            0.0
        };
        (screen_height - self.window_top(status_bar) - bottom).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TabBarConfig, TabItem};
    use serde_json::json;

    #[test]
    fn the_capsule_sits_at_the_top_right_below_the_status_bar() {
        let m = MenuButton::on(375.0, 44.0);
        assert_eq!(
            (m.left, m.top, m.width, m.height),
            (281.0, 48.0, 87.0, 32.0)
        );
        assert_eq!(375.0 - (m.left + m.width), 7.0);
    }

    #[test]
    fn the_home_indicator_strip_is_below_the_tab_bar_only() {
        let tab = Bars {
            custom_nav: false,
            native_tab_bar: true,
        };
        let plain = Bars {
            native_tab_bar: false,
            ..tab
        };
        assert_eq!(
            tab.window_height(812.0, 44.0, 34.0),
            812.0 - 88.0 - 50.0 - 34.0
        );
        assert_eq!(plain.window_height(812.0, 44.0, 34.0), 812.0 - 88.0);
    }

    #[test]
    fn tab_pages_and_custom_bars_change_the_window() {
        let app = AppConfig {
            window: Map::new(),
            tab_bar: Some(TabBarConfig {
                list: vec![TabItem {
                    page_path: "tab".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }),
        };
        let none = Map::new();
        let plain = Bars::of(&app, &none, "other");
        assert_eq!(plain.window_height(667.0, 20.0, 0.0), 603.0);
        assert_eq!(
            Bars::of(&app, &none, "tab").window_height(667.0, 20.0, 0.0),
            553.0
        );
        let custom = json!({"navigationStyle": "custom"});
        let custom = Bars::of(&app, custom.as_object().unwrap(), "other");
        assert_eq!(
            (
                custom.window_top(20.0),
                custom.window_height(667.0, 20.0, 0.0)
            ),
            (0.0, 667.0)
        );
    }
}
