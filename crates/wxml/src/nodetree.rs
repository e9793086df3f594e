//! A node tree kept up to date from [`TreeOp`]s. Three places need one — the tree dump, the
//! logic side's mirror (event paths, selectors) and the view — and each keeps its own data per
//! node in `extra` (reachable directly as `node.field` through `Deref`).

use crate::ops::{NodeId, TreeOp, insert_before, set_attr};
use crate::program::AttrKey;
use serde_json::Value;
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

/// What a side keeps per node. `owned` names a node that belongs to this one without being one
/// of its children (a component's shadow root), so removing the node removes it too.
pub trait Extra: Default {
    fn owned(&self) -> Option<NodeId> {
        None
    }
}

impl Extra for () {}

#[derive(Debug, Clone)]
pub struct Node<X> {
    /// Empty for text nodes.
    pub tag: String,
    pub attrs: Vec<(AttrKey, Value)>,
    /// Set for text nodes.
    pub text: Option<String>,
    pub parent: NodeId,
    pub children: Vec<NodeId>,
    pub extra: X,
}

impl<X> Deref for Node<X> {
    type Target = X;
    fn deref(&self) -> &X {
        &self.extra
    }
}

impl<X> DerefMut for Node<X> {
    fn deref_mut(&mut self) -> &mut X {
        &mut self.extra
    }
}

impl<X: Default> Node<X> {
    /// An element with no attributes or children.
    pub fn element(tag: &str, parent: NodeId, extra: X) -> Node<X> {
        Node {
            tag: tag.into(),
            attrs: Vec::new(),
            text: None,
            parent,
            children: Vec::new(),
            extra,
        }
    }
}

impl<X> Node<X> {
    /// An ordinary attribute's value.
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
pub struct NodeTree<X> {
    nodes: HashMap<NodeId, Node<X>>,
}

impl<X: Extra> Default for NodeTree<X> {
    fn default() -> Self {
        NodeTree {
            nodes: HashMap::new(),
        }
    }
}

impl<X: Extra> NodeTree<X> {
    pub fn new() -> NodeTree<X> {
        NodeTree::default()
    }

    pub fn get(&self, id: NodeId) -> Option<&Node<X>> {
        self.nodes.get(&id)
    }

    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut Node<X>> {
        self.nodes.get_mut(&id)
    }

    /// Adds a node no operation created (a page root, a shadow root). With `link` it becomes
    /// the last child of its parent; otherwise it is reachable only by id.
    pub fn insert(&mut self, id: NodeId, node: Node<X>, link: bool) {
        let parent = node.parent;
        self.nodes.insert(id, node);
        if link && let Some(p) = self.nodes.get_mut(&parent) {
            p.children.push(id);
        }
    }

    /// Removes a node with everything under it (and what it owns), unlinking it from its parent.
    pub fn remove(&mut self, id: NodeId) {
        let Some(n) = self.nodes.remove(&id) else {
            return;
        };
        if let Some(p) = self.nodes.get_mut(&n.parent) {
            p.children.retain(|c| *c != id);
        }
        let mut stack = n.children;
        stack.extend(n.extra.owned());
        while let Some(c) = stack.pop() {
            if let Some(cn) = self.nodes.remove(&c) {
                stack.extend(cn.children);
                stack.extend(cn.extra.owned());
            }
        }
    }

    /// The descendants of `id` in document order (`id` excluded).
    pub fn descendants(&self, id: NodeId, out: &mut Vec<NodeId>) {
        if let Some(n) = self.nodes.get(&id) {
            for c in &n.children {
                out.push(*c);
                self.descendants(*c, out);
            }
        }
    }

    /// The first descendant of `id` (document order) that `pred` accepts.
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

    fn link(&mut self, parent: NodeId, id: NodeId, before: Option<NodeId>) -> Result<(), String> {
        let p = self
            .nodes
            .get_mut(&parent)
            .ok_or(format!("unknown parent {parent}"))?;
        if before.is_some_and(|b| !p.children.contains(&b)) {
            return Err(format!("node {before:?} is not a child of {parent}"));
        }
        insert_before(&mut p.children, id, before);
        Ok(())
    }

    /// Applies one operation. An operation naming a node that does not exist is an error (a
    /// bug upstream); the tree stays usable.
    pub fn apply(&mut self, op: &TreeOp) -> Result<(), String> {
        match op {
            TreeOp::CreateElement {
                id,
                parent,
                before,
                tag,
                attrs,
            } => {
                let mut n = Node::element(tag, *parent, X::default());
                n.attrs = attrs.clone();
                self.nodes.insert(*id, n);
                self.link(*parent, *id, *before)
            }
            TreeOp::CreateText {
                id,
                parent,
                before,
                text,
            } => {
                let mut n = Node::element("", *parent, X::default());
                n.text = Some(text.clone());
                self.nodes.insert(*id, n);
                self.link(*parent, *id, *before)
            }
            TreeOp::Remove { id } => {
                if !self.nodes.contains_key(id) {
                    return Err(format!("unknown node {id}"));
                }
                self.remove(*id);
                Ok(())
            }
            TreeOp::Move { id, parent, before } => {
                let old = self
                    .nodes
                    .get(id)
                    .ok_or(format!("unknown node {id}"))?
                    .parent;
                if let Some(p) = self.nodes.get_mut(&old) {
                    p.children.retain(|c| c != id);
                }
                if let Some(n) = self.nodes.get_mut(id) {
                    n.parent = *parent;
                }
                self.link(*parent, *id, *before)
            }
            TreeOp::SetAttr { id, key, value } => {
                let n = self.nodes.get_mut(id).ok_or(format!("unknown node {id}"))?;
                if n.text.is_some() {
                    return Err(format!("node {id} is text"));
                }
                set_attr(&mut n.attrs, key, value.as_ref());
                Ok(())
            }
            TreeOp::SetText { id, text } => {
                let n = self.nodes.get_mut(id).ok_or(format!("unknown node {id}"))?;
                n.text = Some(text.clone());
                Ok(())
            }
        }
    }
}
