//! Computed styles of a composed page: app.wxss and the page's own style in the page scope,
//! each component's style in its instance's scope, with the component's isolation mode.
//! [`Styler`] keeps the styles between frames and restyles only what a change can reach.

use crate::compose::Composed;
use features::Scopes;
use mpsim_bridge::{ComponentOptions, Skyline};
use mpsim_wxml::NodeId;
use mpsim_wxss::tree::Isolation;
use mpsim_wxss::{ComputedStyle, ScopedSheet, Screen, StyleSheet};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

mod features;
mod path;
mod styler;

pub use styler::Styler;

/// The computed style of every node of a page. Nodes that compute the same style share one.
pub type PageStyles = HashMap<NodeId, Arc<ComputedStyle>>;

/// The compiled styles of an app and how each component isolates its own.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    /// app.wxss.
    pub app: Option<Arc<StyleSheet>>,
    /// Page and component stylesheets by base path.
    pub sheets: HashMap<String, Arc<StyleSheet>>,
    /// Isolation by component base path.
    pub isolation: HashMap<String, Isolation>,
}

/// What a page is styled for: the screen, and the renderer (Skyline has defaults of its own).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Media {
    pub screen: Screen,
    pub skyline: Option<Skyline>,
}

/// The stylesheets of one page in cascade order: the defaults (and Skyline's), app.wxss, the
/// page's own, then each component instance's (parents before children).
fn page_sheets<'a>(
    styles: &'a Styles,
    route: &str,
    scopes: &Scopes,
    skyline: Option<Skyline>,
) -> Vec<ScopedSheet<'a>> {
    let ua = |sheet| ScopedSheet {
        scope: mpsim_wxss::tree::UA_SCOPE,
        sheet,
    };
    let mut sheets = vec![ua(ua_sheet(&UA, UA_TEXT))];
    if let Some(skyline) = skyline {
        sheets.push(ua(ua_sheet(&SKYLINE, SKYLINE_TEXT)));
        if !skyline.default_display_block {
            sheets.push(ua(ua_sheet(&SKYLINE_FLEX, SKYLINE_FLEX_TEXT)));
        }
        if !skyline.default_content_box {
            sheets.push(ua(ua_sheet(&SKYLINE_BORDER_BOX, SKYLINE_BORDER_BOX_TEXT)));
        }
    }
    if let Some(app) = &styles.app {
        sheets.push(ScopedSheet {
            scope: 0,
            sheet: app,
        });
    }
    if let Some(s) = styles.sheets.get(route) {
        sheets.push(ScopedSheet { scope: 0, sheet: s });
    }
    for (scope, path) in &scopes.components {
        if let Some(s) = styles.sheets.get(path) {
            sheets.push(ScopedSheet {
                scope: *scope,
                sheet: s,
            });
        }
    }
    sheets
}

/// Computes the style of every node of a composed page from scratch. `component` names the
/// stylesheet and definition options of each instance (from the view tree's shadow roots).
pub fn compute_page_styles(
    page: &Rc<Composed>,
    route: &str,
    styles: &Styles,
    component: &dyn Fn(u32) -> Option<(String, ComponentOptions)>,
    media: Media,
) -> PageStyles {
    let mut styler = Styler::default();
    styler.style(page, route, styles, component, media, &[]);
    styler.styles
}

type Compiled = std::sync::OnceLock<StyleSheet>;

/// The built-in components' default styles.
static UA: Compiled = Compiled::new();
const UA_TEXT: &str = include_str!("ua.wxss");
/// Skyline's defaults, which `rendererOptions.skyline` cannot turn off.
static SKYLINE: Compiled = Compiled::new();
const SKYLINE_TEXT: &str = "* { position: relative; }";
/// Skyline's `display: flex` for the nodes a WebView makes blocks (`defaultDisplayBlock`
/// turns it off). The page itself stays a block that stretches them across the screen.
static SKYLINE_FLEX: Compiled = Compiled::new();
const SKYLINE_FLEX_TEXT: &str = "view, navigator, form, scroll-view, swiper, swiper-item, \
    movable-area, cover-view, picker, picker-view { display: flex; }";
/// Skyline's `border-box` (`defaultContentBox` turns it off).
static SKYLINE_BORDER_BOX: Compiled = Compiled::new();
const SKYLINE_BORDER_BOX_TEXT: &str = "* { box-sizing: border-box; }";

/// A default stylesheet, compiled once.
fn ua_sheet(compiled: &'static Compiled, text: &str) -> &'static StyleSheet {
    compiled.get_or_init(|| {
        let vfs = mpsim_base::MemVfs::new().with("ua.wxss", text);
        let mut diags = Vec::new();
        mpsim_wxss::compile_file(&vfs, "ua.wxss", "wxss", false, &mut diags)
    })
}

#[cfg(test)]
mod tests;
