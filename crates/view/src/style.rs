//! Computed styles of a composed page: app.wxss and the page's own style in the page scope,
//! each component's style in its instance's scope, with the component's isolation mode.

use crate::compose::Composed;
use mpsim_bridge::ComponentOptions;
use mpsim_wxml::NodeId;
use mpsim_wxss::tree::{Isolation, StyleNode, StyleTree, scoped_classes};
use mpsim_wxss::{ComputedStyle, ScopedSheet, Screen, StyleSheet};
use std::collections::HashMap;
use std::sync::Arc;

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

/// Computes the style of every node of a composed page. `component` names the stylesheet and
/// definition options of each instance (from the view tree's shadow roots).
pub fn compute_page_styles(
    page: &Composed,
    route: &str,
    styles: &Styles,
    component: &dyn Fn(u32) -> Option<(String, ComponentOptions)>,
    screen: Screen,
) -> PageStyles {
    let mut tree = StyleTree::new();
    let mut ids = Vec::new();
    let mut parents: HashMap<u32, u32> = HashMap::new();
    let mut components: Vec<(u32, String)> = Vec::new();
    let mut externals = Externals::new();
    let root = tree.push(
        None,
        StyleNode {
            tag: "page".into(),
            scope: 0,
            style: Some(page.attr_text("style")).filter(|s| !s.is_empty()),
            ..Default::default()
        },
    );
    ids.push(page.id);
    for c in &page.children {
        let mut cx = Cx {
            tree: &mut tree,
            ids: &mut ids,
            parents: &mut parents,
            components: &mut components,
            externals: &mut externals,
            styles,
            component,
        };
        add(&mut cx, c, root);
    }
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
    for (scope, path) in &components {
        if let Some(s) = styles.sheets.get(path) {
            sheets.push(ScopedSheet {
                scope: *scope,
                sheet: s,
            });
        }
    }
    let computed = mpsim_wxss::compute(&tree, &sheets, screen);
    ids.into_iter()
        .zip(computed.into_iter().map(Arc::new))
        .collect()
}

/// The scopes above `scope`, nearest first (for `^class`).
fn ancestors(parents: &HashMap<u32, u32>, mut scope: u32) -> Vec<u32> {
    let mut out = Vec::new();
    while let Some(p) = parents.get(&scope) {
        out.push(*p);
        if *p == 0 || out.len() > 64 {
            break;
        }
        scope = *p;
    }
    out
}

/// External classes by component instance: the class name the component writes, and the
/// scoped classes its host passed for it.
type Externals = HashMap<u32, Vec<(String, Vec<(String, u32)>)>>;

/// What the walk over the composed tree builds and reads.
struct Cx<'a> {
    tree: &'a mut StyleTree,
    ids: &'a mut Vec<NodeId>,
    parents: &'a mut HashMap<u32, u32>,
    components: &'a mut Vec<(u32, String)>,
    externals: &'a mut Externals,
    styles: &'a Styles,
    component: &'a dyn Fn(u32) -> Option<(String, ComponentOptions)>,
}

fn add(cx: &mut Cx, c: &Composed, parent: usize) {
    if let Some(host) = c.host_of {
        cx.parents.insert(host, c.scope);
        if let Some((path, options)) = (cx.component)(host) {
            // `options.styleIsolation` / `addGlobalClass` in the definition win over the json.
            let isolation = if options.style_isolation.is_some() || options.add_global_class {
                Isolation::from_config(options.style_isolation.as_deref(), options.add_global_class)
            } else {
                cx.styles.isolation.get(&path).copied().unwrap_or_default()
            };
            cx.tree.set_isolation(host, isolation);
            cx.components.push((host, path));
            let passed: Vec<(String, Vec<(String, u32)>)> = options
                .external_classes
                .iter()
                .map(|name| {
                    let given = c.attr_text(name);
                    let ups = ancestors(cx.parents, c.scope);
                    (name.clone(), scoped_classes(&given, c.scope, &ups))
                })
                .collect();
            if !passed.is_empty() {
                cx.externals.insert(host, passed);
            }
        }
    }
    let class = c.attr_text("class");
    let mut classes = scoped_classes(&class, c.scope, &ancestors(cx.parents, c.scope));
    if let Some(ext) = cx.externals.get(&c.scope) {
        classes = classes
            .into_iter()
            .flat_map(|(name, scope)| {
                match ext.iter().find(|(n, _)| scope == c.scope && *n == name) {
                    Some((_, given)) => given.clone(),
                    None => vec![(name, scope)],
                }
            })
            .collect();
    }
    let node = StyleNode {
        tag: if c.text.is_some() {
            "#text".into()
        } else {
            c.tag.clone()
        },
        id: Some(c.attr_text("id")).filter(|s| !s.is_empty()),
        classes,
        // `disabled="{{false}}"` is no attribute at all, for selectors as for the platform.
        attrs: c
            .attrs
            .iter()
            .filter(|(_, v)| !matches!(v, serde_json::Value::Bool(false) | serde_json::Value::Null))
            .filter_map(|(k, v)| match k {
                mpsim_wxml::program::AttrKey::Attr(n) => {
                    Some((n.clone(), mpsim_base::js::value_to_string(v)))
                }
                mpsim_wxml::program::AttrKey::Data(n) => {
                    Some((format!("data-{n}"), mpsim_base::js::value_to_string(v)))
                }
                _ => None,
            })
            .collect(),
        style: Some(c.attr_text("style")).filter(|s| !s.is_empty()),
        scope: c.scope,
        host_of: c.host_of,
        text: c.text.clone(),
        ..Default::default()
    };
    let me = cx.tree.push(Some(parent), node);
    cx.ids.push(c.id);
    for child in &c.children {
        add(cx, child, me);
    }
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
mod tests {
    #[test]
    fn the_default_stylesheet_compiles_cleanly() {
        let vfs = mpsim_base::MemVfs::new().with("ua.wxss", include_str!("ua.wxss"));
        let mut diags = Vec::new();
        let sheet = mpsim_wxss::compile_file(&vfs, "ua.wxss", "wxss", false, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(sheet.rules.len() > 10);
    }
}
