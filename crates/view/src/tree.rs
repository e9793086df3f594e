//! The view's node tree, as the logic side's messages describe it.

use mpsim_bridge::ToView;
use mpsim_wxml::program::AttrKey;
use mpsim_wxml::{NodeId, TreeOp};
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct VNode {
    pub tag: String,
    pub attrs: Vec<(AttrKey, Value)>,
    pub text: Option<String>,
    pub parent: NodeId,
    pub children: Vec<NodeId>,
    /// For a shadow root: the component instance whose template renders under it.
    pub shadow_of: Option<u32>,
    /// For a host element: its shadow root.
    pub shadow_root: Option<NodeId>,
}

impl VNode {
    pub fn attr(&self, name: &str) -> Option<&Value> {
        self.attrs
            .iter()
            .find(|(k, _)| matches!(k, AttrKey::Attr(n) if n == name))
            .map(|(_, v)| v)
    }

    /// An attribute as text (`String(value)`), empty when absent.
    pub fn attr_text(&self, name: &str) -> String {
        self.attr(name)
            .map(mpsim_base::js::value_to_string)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub root: NodeId,
    pub route: String,
}

/// Pages, nodes, and which page is on screen.
#[derive(Debug, Default)]
pub struct ViewTree {
    nodes: HashMap<NodeId, VNode>,
    pages: HashMap<u32, Page>,
    /// Component instance -> its stylesheet path (`components/card/card`).
    component_paths: HashMap<u32, String>,
    current: Option<u32>,
    /// Native UI requested by the app, newest last (toasts, modals...).
    pub ui: Vec<(String, Value)>,
}

impl ViewTree {
    pub fn new() -> ViewTree {
        ViewTree::default()
    }

    pub fn node(&self, id: NodeId) -> Option<&VNode> {
        self.nodes.get(&id)
    }

    pub fn page(&self, page: u32) -> Option<&Page> {
        self.pages.get(&page)
    }

    pub fn current_page(&self) -> Option<u32> {
        self.current
    }

    pub fn component_path(&self, component: u32) -> Option<&str> {
        self.component_paths.get(&component).map(String::as_str)
    }

    fn add(&mut self, id: NodeId, node: VNode, before: Option<NodeId>) {
        let parent = node.parent;
        self.nodes.insert(id, node);
        if let Some(p) = self.nodes.get_mut(&parent) {
            mpsim_wxml::insert_before(&mut p.children, id, before)
        }
    }

    fn remove(&mut self, id: NodeId) {
        let Some(n) = self.nodes.remove(&id) else {
            return;
        };
        if let Some(p) = self.nodes.get_mut(&n.parent) {
            p.children.retain(|c| *c != id);
        }
        let mut stack = n.children;
        stack.extend(n.shadow_root);
        while let Some(c) = stack.pop() {
            if let Some(cn) = self.nodes.remove(&c) {
                stack.extend(cn.children);
                stack.extend(cn.shadow_root);
            }
        }
    }

    fn blank(tag: &str, parent: NodeId) -> VNode {
        VNode {
            tag: tag.into(),
            attrs: Vec::new(),
            text: None,
            parent,
            children: Vec::new(),
            shadow_of: None,
            shadow_root: None,
        }
    }

    /// Applies one message from the logic side.
    pub fn apply(&mut self, msg: &ToView) {
        match msg {
            ToView::PageCreated { page, root, route } => {
                self.nodes.insert(*root, ViewTree::blank("page", 0));
                self.pages.insert(
                    *page,
                    Page {
                        root: *root,
                        route: route.clone(),
                    },
                );
            }
            ToView::PageDestroyed { page } => {
                if let Some(p) = self.pages.remove(page) {
                    self.remove(p.root);
                }
                if self.current == Some(*page) {
                    self.current = None;
                }
            }
            ToView::ShowPage { page } => self.current = Some(*page),
            ToView::ShadowRoot {
                host,
                shadow_root,
                component,
                path,
            } => {
                let mut n = ViewTree::blank("#shadow-root", *host);
                n.shadow_of = Some(*component);
                // Not a child: a host's children are its light (slotted) children.
                self.nodes.insert(*shadow_root, n);
                if let Some(h) = self.nodes.get_mut(host) {
                    h.shadow_root = Some(*shadow_root);
                }
                self.component_paths.insert(*component, path.clone());
            }
            ToView::Batch { ops } => ops.iter().for_each(|op| self.apply_op(op)),
            ToView::Ui { api, args } => self.ui.push((api.clone(), args.clone())),
        }
    }

    fn apply_op(&mut self, op: &TreeOp) {
        match op {
            TreeOp::CreateElement {
                id,
                parent,
                before,
                tag,
                attrs,
            } => {
                let mut n = ViewTree::blank(tag, *parent);
                n.attrs = attrs.clone();
                self.add(*id, n, *before);
            }
            TreeOp::CreateText {
                id,
                parent,
                before,
                text,
            } => {
                let mut n = ViewTree::blank("", *parent);
                n.text = Some(text.clone());
                self.add(*id, n, *before);
            }
            TreeOp::Remove { id } => self.remove(*id),
            TreeOp::Move { id, parent, before } => {
                let Some(old) = self.nodes.get(id).map(|n| n.parent) else {
                    return;
                };
                if let Some(p) = self.nodes.get_mut(&old) {
                    p.children.retain(|c| c != id);
                }
                if let Some(n) = self.nodes.get_mut(id) {
                    n.parent = *parent;
                }
                if let Some(p) = self.nodes.get_mut(parent) {
                    mpsim_wxml::insert_before(&mut p.children, *id, *before)
                }
            }
            TreeOp::SetAttr { id, key, value } => {
                if let Some(n) = self.nodes.get_mut(id) {
                    mpsim_wxml::set_attr(&mut n.attrs, key, value.as_ref());
                }
            }
            TreeOp::SetText { id, text } => {
                if let Some(n) = self.nodes.get_mut(id) {
                    n.text = Some(text.clone());
                }
            }
        }
    }
}
