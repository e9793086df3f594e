//! The view's node tree, as the logic side's messages describe it.

use crate::compose::ComposeCache;
use mpsim_bridge::{ComponentOptions, QueryRequest, ToView};
use mpsim_wxml::{Extra, Node, NodeId, NodeTree, TreeOp};
use serde_json::Value;
use std::cell::{RefCell, RefMut};
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
    /// Set when Skyline draws the page.
    pub skyline: Option<mpsim_bridge::Skyline>,
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
    /// What was composed last, kept up to date by every change.
    compose: RefCell<ComposeCache>,
}

impl ViewTree {
    pub fn new() -> ViewTree {
        ViewTree::default()
    }

    /// The compositions kept from the last frames (see [`crate::compose::compose_page`]).
    pub fn compose_cache(&self) -> RefMut<'_, ComposeCache> {
        self.compose.borrow_mut()
    }

    /// The view changed how `id` shows (a swiper's current item, a scroll-view's offsets):
    /// its composition is stale.
    pub fn touch(&mut self, id: NodeId) {
        self.changed(id, false);
    }

    /// A message changed `id`: what was composed for it and for every node above it is
    /// stale. `children` says its list of children changed; when that list is a host's light
    /// children, what its shadow tree shows in its slots changed too.
    fn changed(&mut self, id: NodeId, children: bool) {
        let cache = self.compose.get_mut();
        let mut from_light = children;
        let mut cur = id;
        for _ in 0..=crate::compose::MAX_DEPTH * 2 {
            cache.forget(cur);
            let Some(n) = self.tree.get(cur) else { break };
            if from_light && let Some(root) = n.shadow_root {
                for d in subtree(&self.tree, root) {
                    cache.forget(d);
                }
            }
            let parent = n.parent;
            let Some(p) = self.tree.get(parent).filter(|_| parent != cur) else {
                break;
            };
            from_light = p.shadow_root != Some(cur);
            cur = parent;
        }
    }

    /// Forgets what was composed for `id` and everything under it: they are going away.
    fn forget_below(&mut self, id: NodeId) {
        let cache = self.compose.get_mut();
        for d in subtree(&self.tree, id) {
            cache.removed(d);
        }
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

    /// Keeps the compositions true after `op`.
    fn op_applied(&mut self, op: &TreeOp) {
        match op {
            TreeOp::CreateElement { id, parent, .. } | TreeOp::CreateText { id, parent, .. } => {
                self.compose.get_mut().forget(*id);
                self.compose.get_mut().attrs_changed(*id);
                self.changed(*parent, true);
            }
            TreeOp::Move { parent, .. } => self.changed(*parent, true),
            // The node is gone; its old parent is where the list changed.
            TreeOp::Remove { .. } => {}
            TreeOp::SetAttr { id, .. } => {
                self.compose.get_mut().attrs_changed(*id);
                self.changed(*id, false);
            }
            TreeOp::SetText { id, .. } => self.changed(*id, false),
        }
    }

    /// Applies one message from the logic side that concerns the tree.
    pub fn apply(&mut self, msg: &ToView) {
        match msg {
            ToView::PageCreated {
                page,
                root,
                route,
                window,
                skyline,
            } => {
                self.tree
                    .insert(*root, Node::element("page", 0, Shadow::default()), false);
                self.pages.insert(
                    *page,
                    Page {
                        root: *root,
                        route: route.clone(),
                        window: window.clone(),
                        skyline: *skyline,
                    },
                );
            }
            ToView::PageDestroyed { page } => {
                if let Some(p) = self.pages.remove(page) {
                    self.forget_below(p.root);
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
                    Some(h) => {
                        h.shadow_root = Some(*shadow_root);
                        self.changed(*host, true);
                    }
                    None => self.unlinked.push((*host, *shadow_root)),
                }
                self.component_paths.insert(*component, path.clone());
            }
            ToView::Batch { ops, .. } => {
                for op in ops {
                    // The logic side only sends operations on nodes it created; one that fails
                    // is a bug there, leaves the tree as it was, and is reported back.
                    let removed_from = match op {
                        TreeOp::Remove { id } => {
                            self.forget_below(*id);
                            self.tree.get(*id).map(|n| n.parent)
                        }
                        _ => None,
                    };
                    if let Err(e) = self.tree.apply(op) {
                        self.failures
                            .push(format!("tree operation {op:?} failed: {e}"));
                    }
                    self.op_applied(op);
                    if let Some(parent) = removed_from {
                        self.changed(parent, true);
                    }
                }
                let tree = &mut self.tree;
                let mut linked = Vec::new();
                self.unlinked
                    .retain(|(host, root)| match tree.get_mut(*host) {
                        Some(h) => {
                            h.shadow_root = Some(*root);
                            linked.push(*host);
                            false
                        }
                        None => true,
                    });
                for host in linked {
                    self.changed(host, true);
                }
            }
            ToView::Ui { api, args } => self.ui.push((api.clone(), args.clone())),
            ToView::Query(q) => self.queries.push(q.clone()),
            // The screen's own state: the `View` keeps it.
            ToView::App(_) | ToView::Styles(_) | ToView::Clock { .. } | ToView::Resource { .. } => {
            }
        }
    }
}

/// `id` and every node under it, shadow trees included.
fn subtree(tree: &NodeTree<Shadow>, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        if let Some(node) = tree.get(n) {
            out.push(n);
            stack.extend(&node.children);
            stack.extend(node.shadow_root);
        }
    }
    out
}
