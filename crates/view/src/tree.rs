//! The view's node tree, as the logic side's messages describe it.

use mpsim_bridge::{ComponentOptions, QueryRequest, ToView};
use mpsim_wxml::{Extra, Node, NodeId, NodeTree};
use serde_json::Value;
use std::collections::HashMap;

/// What the view keeps per node besides the tree: the shadow root links of components.
#[derive(Debug, Clone, Default)]
pub struct Shadow {
    /// For a shadow root: the component instance whose template renders under it.
    pub shadow_of: Option<u32>,
    /// For a host element: its shadow root (not a child: a host's children are its light,
    /// slotted children).
    pub shadow_root: Option<NodeId>,
}

impl Extra for Shadow {
    fn owned(&self) -> Option<NodeId> {
        self.shadow_root
    }
}

pub type VNode = Node<Shadow>;

#[derive(Debug, Clone)]
pub struct Page {
    pub root: NodeId,
    pub route: String,
    /// The page json's window fields.
    pub window: serde_json::Map<String, Value>,
}

/// Pages, nodes, and which page is on screen.
#[derive(Debug, Default)]
pub struct ViewTree {
    tree: NodeTree<Shadow>,
    pages: HashMap<u32, Page>,
    /// Shadow roots whose host element has not come yet: (host, shadow root).
    unlinked: Vec<(NodeId, NodeId)>,
    /// Component instance -> its stylesheet path (`components/card/card`).
    component_paths: HashMap<u32, String>,
    /// Component instance -> what its definition says about rendering.
    component_options: HashMap<u32, ComponentOptions>,
    current: Option<u32>,
    /// Native UI requested by the app, newest last (toasts, modals...).
    pub ui: Vec<(String, Value)>,
    /// Selector queries waiting for a layout to answer them.
    pub queries: Vec<QueryRequest>,
    /// How far each page is scrolled, in CSS pixels.
    scroll: HashMap<u32, f32>,
    /// Swipers that turned by themselves (autoplay): the `current` attribute they had then
    /// and the item they show, which holds until the app changes the attribute.
    pub swiper_current: HashMap<NodeId, (String, usize)>,
    /// Scroll-views the user scrolled: their `scroll-left`, `scroll-top` and
    /// `scroll-into-view` attributes then, and where they are now, until the app sets one of
    /// those attributes again.
    pub scroll_views: HashMap<NodeId, ([String; 3], (f32, f32))>,
    /// Tree operations that could not be applied, for the view to report.
    pub failures: Vec<String>,
}

impl ViewTree {
    pub fn new() -> ViewTree {
        ViewTree::default()
    }

    pub fn node(&self, id: NodeId) -> Option<&VNode> {
        self.tree.get(id)
    }

    pub fn page(&self, page: u32) -> Option<&Page> {
        self.pages.get(&page)
    }

    /// The pages the view has.
    pub fn page_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.pages.keys().copied()
    }

    pub fn current_page(&self) -> Option<u32> {
        self.current
    }

    /// How far the page on screen is scrolled.
    pub fn page_scroll(&self) -> f32 {
        self.current
            .and_then(|p| self.scroll.get(&p))
            .copied()
            .unwrap_or(0.0)
    }

    /// Scrolls the page on screen to `top` (already clamped to its content by the caller).
    pub fn set_page_scroll(&mut self, top: f32) {
        if let Some(p) = self.current {
            self.scroll.insert(p, top);
        }
    }

    /// A component instance's stylesheet path and definition options.
    pub fn component(&self, component: u32) -> Option<(String, ComponentOptions)> {
        let path = self.component_paths.get(&component)?.clone();
        let options = self
            .component_options
            .get(&component)
            .cloned()
            .unwrap_or_default();
        Some((path, options))
    }

    /// Applies one message from the logic side that concerns the tree.
    pub fn apply(&mut self, msg: &ToView) {
        match msg {
            ToView::PageCreated {
                page,
                root,
                route,
                window,
            } => {
                self.tree
                    .insert(*root, Node::element("page", 0, Shadow::default()), false);
                self.pages.insert(
                    *page,
                    Page {
                        root: *root,
                        route: route.clone(),
                        window: window.clone(),
                    },
                );
            }
            ToView::PageDestroyed { page } => {
                if let Some(p) = self.pages.remove(page) {
                    self.tree.remove(p.root);
                }
                self.scroll.remove(page);
                if self.current == Some(*page) {
                    self.current = None;
                }
            }
            ToView::Stack { pages } => self.current = pages.last().map(|p| p.page),
            ToView::ShadowRoot {
                host,
                shadow_root,
                component,
                path,
                options,
            } => {
                self.component_options.insert(*component, options.clone());
                let shadow = Shadow {
                    shadow_of: Some(*component),
                    shadow_root: None,
                };
                self.tree.insert(
                    *shadow_root,
                    Node::element("#shadow-root", *host, shadow),
                    false,
                );
                match self.tree.get_mut(*host) {
                    Some(h) => h.shadow_root = Some(*shadow_root),
                    None => self.unlinked.push((*host, *shadow_root)),
                }
                self.component_paths.insert(*component, path.clone());
            }
            ToView::Batch { ops, .. } => {
                for op in ops {
                    // The logic side only sends operations on nodes it created; one that fails
                    // is a bug there, leaves the tree as it was, and is reported back.
                    if let Err(e) = self.tree.apply(op) {
                        self.failures
                            .push(format!("tree operation {op:?} failed: {e}"));
                    }
                }
                let tree = &mut self.tree;
                self.unlinked
                    .retain(|(host, root)| match tree.get_mut(*host) {
                        Some(h) => {
                            h.shadow_root = Some(*root);
                            false
                        }
                        None => true,
                    });
            }
            ToView::Ui { api, args } => self.ui.push((api.clone(), args.clone())),
            ToView::Query(q) => self.queries.push(q.clone()),
            // The screen's own state: the `View` keeps it.
            ToView::App(_) | ToView::Styles(_) | ToView::Clock { .. } | ToView::Resource { .. } => {
            }
        }
    }
}
