//! The logic side's copy of the composed tree: which instance created each node, which nodes
//! host components, and the attributes events and selectors need (dataset, marks, handlers).

use mpsim_wxml::program::AttrKey;
use mpsim_wxml::{NodeId, TreeOp};
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct MNode {
    pub tag: String,
    pub attrs: Vec<(AttrKey, Value)>,
    pub text: Option<String>,
    pub parent: NodeId,
    pub children: Vec<NodeId>,
    /// The instance whose template created the node.
    pub owner: u32,
    /// The component instance this node hosts, if any.
    pub hosts: Option<u32>,
}

impl MNode {
    pub fn attr(&self, name: &str) -> Option<&Value> {
        self.attrs
            .iter()
            .find(|(k, _)| matches!(k, AttrKey::Attr(n) if n == name))
            .map(|(_, v)| v)
    }
}

#[derive(Debug, Default)]
pub struct Mirror {
    nodes: HashMap<NodeId, MNode>,
}

impl Mirror {
    /// Adds a root node (a page's root) that ops can attach to.
    pub fn add_root(&mut self, id: NodeId, owner: u32) {
        self.nodes.insert(
            id,
            MNode {
                tag: "page".into(),
                attrs: Vec::new(),
                text: None,
                parent: 0,
                children: Vec::new(),
                owner,
                hosts: None,
            },
        );
    }

    /// Adds the shadow root a component's template renders under, as the last child of its
    /// host (so event paths and selectors go from shadow nodes through the host).
    pub fn add_shadow_root(&mut self, id: NodeId, host: NodeId, owner: u32) {
        self.nodes.insert(
            id,
            MNode {
                tag: "#shadow-root".into(),
                attrs: Vec::new(),
                text: None,
                parent: host,
                children: Vec::new(),
                owner,
                hosts: None,
            },
        );
        self.insert_child(host, id, None);
    }

    pub fn get(&self, id: NodeId) -> Option<&MNode> {
        self.nodes.get(&id)
    }

    pub fn set_host(&mut self, id: NodeId, inst: u32) {
        if let Some(n) = self.nodes.get_mut(&id) {
            n.hosts = Some(inst);
        }
    }

    /// The components hosted in the subtree of `id` (itself included), children before
    /// their parents.
    pub fn hosted_post_order(&self, id: NodeId) -> Vec<u32> {
        let mut out = Vec::new();
        self.post_order(id, &mut out);
        out
    }

    fn post_order(&self, id: NodeId, out: &mut Vec<u32>) {
        let Some(n) = self.nodes.get(&id) else { return };
        for c in &n.children {
            self.post_order(*c, out);
        }
        if let Some(h) = n.hosts {
            out.push(h);
        }
    }

    /// The first node of the subtree (in document order, `id` excluded) that `pred` accepts.
    pub fn find(&self, id: NodeId, pred: &mut dyn FnMut(NodeId) -> bool) -> Option<NodeId> {
        let n = self.nodes.get(&id)?;
        for c in &n.children {
            if pred(*c) {
                return Some(*c);
            }
            if let Some(found) = self.find(*c, pred) {
                return Some(found);
            }
        }
        None
    }

    /// Node ids of the subtree in document order.
    pub fn descendants(&self, id: NodeId, out: &mut Vec<NodeId>) {
        if let Some(n) = self.nodes.get(&id) {
            for c in &n.children {
                out.push(*c);
                self.descendants(*c, out);
            }
        }
    }

    pub fn remove_subtree(&mut self, id: NodeId) {
        if let Some(n) = self.nodes.remove(&id) {
            if let Some(p) = self.nodes.get_mut(&n.parent) {
                p.children.retain(|c| *c != id);
            }
            let mut stack = n.children;
            while let Some(c) = stack.pop() {
                if let Some(cn) = self.nodes.remove(&c) {
                    stack.extend(cn.children);
                }
            }
        }
    }

    fn insert_child(&mut self, parent: NodeId, id: NodeId, before: Option<NodeId>) {
        if let Some(p) = self.nodes.get_mut(&parent) {
            mpsim_wxml::insert_before(&mut p.children, id, before)
        }
    }

    /// Applies one operation emitted by `owner`'s template.
    pub fn apply(&mut self, op: &TreeOp, owner: u32) {
        match op {
            TreeOp::CreateElement {
                id,
                parent,
                before,
                tag,
                attrs,
            } => {
                self.nodes.insert(
                    *id,
                    MNode {
                        tag: tag.clone(),
                        attrs: attrs.clone(),
                        text: None,
                        parent: *parent,
                        children: Vec::new(),
                        owner,
                        hosts: None,
                    },
                );
                self.insert_child(*parent, *id, *before);
            }
            TreeOp::CreateText {
                id,
                parent,
                before,
                text,
            } => {
                self.nodes.insert(
                    *id,
                    MNode {
                        tag: String::new(),
                        attrs: Vec::new(),
                        text: Some(text.clone()),
                        parent: *parent,
                        children: Vec::new(),
                        owner,
                        hosts: None,
                    },
                );
                self.insert_child(*parent, *id, *before);
            }
            TreeOp::Remove { id } => self.remove_subtree(*id),
            TreeOp::Move { id, parent, before } => {
                if let Some(old) = self.nodes.get(id).map(|n| n.parent)
                    && let Some(p) = self.nodes.get_mut(&old)
                {
                    p.children.retain(|c| c != id);
                }
                if let Some(n) = self.nodes.get_mut(id) {
                    n.parent = *parent;
                }
                self.insert_child(*parent, *id, *before);
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
