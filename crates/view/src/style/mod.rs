//! Computed styles of a composed page: app.wxss and the page's own style in the page scope,
//! each component's style in its instance's scope, with the component's isolation mode.
//! [`Styler`] keeps the styles between frames and restyles only what a change can reach.

use crate::compose::Composed;
use features::Scopes;
use mpsim_bridge::ComponentOptions;
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

/// The stylesheets of one page in cascade order: the defaults, app.wxss, the page's own, then
/// each component instance's (parents before children).
fn page_sheets<'a>(styles: &'a Styles, route: &str, scopes: &Scopes) -> Vec<ScopedSheet<'a>> {
    let mut sheets = vec![ScopedSheet {
        scope: mpsim_wxss::tree::UA_SCOPE,
        sheet: ua_sheet(),
    }];
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
    screen: Screen,
) -> PageStyles {
    let mut styler = Styler::default();
    styler.style(page, route, styles, component, screen, &[]);
    styler.styles
}

/// The built-in components' default styles, compiled once.
fn ua_sheet() -> &'static StyleSheet {
    static UA: std::sync::OnceLock<StyleSheet> = std::sync::OnceLock::new();
    UA.get_or_init(|| {
        let vfs = mpsim_base::MemVfs::new().with("ua.wxss", include_str!("ua.wxss"));
        let mut diags = Vec::new();
        mpsim_wxss::compile_file(&vfs, "ua.wxss", "wxss", false, &mut diags)
    })
}

#[cfg(test)]
mod tests;
