//! A node tree kept up to date from [`TreeOp`]s. Three places need one — the tree dump, the
//! logic side's mirror (event paths, selectors) and the view — and each keeps its own data per
//! node in `extra` (reachable directly as `node.field` through `Deref`).

use crate::ops::{NodeId, TreeOp, insert_before, position_of, set_attr};
use crate::program::AttrKey;
use rustc_hash::FxHashMap;
use serde_json::Value;
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
    /// Hashed with FxHash: ids are small integers, and every operation looks nodes up.
    nodes: FxHashMap<NodeId, Node<X>>,
}

impl<X: Extra> Default for NodeTree<X> {
    fn default() -> Self {
        NodeTree {
            nodes: FxHashMap::default(),
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

    /// Whether `id` can go under `parent` before `before`: checked before anything changes, so
    /// that a failed operation leaves the tree exactly as it was.
    fn can_link(&self, parent: NodeId, before: Option<NodeId>) -> Result<(), String> {
        let p = self
            .nodes
            .get(&parent)
            .ok_or(format!("unknown parent {parent}"))?;
        if before.is_some_and(|b| position_of(&p.children, b).is_none()) {
            return Err(format!("node {before:?} is not a child of {parent}"));
        }
        Ok(())
    }

    /// Whether `node` is `ancestor` or below it.
    fn is_within(&self, node: NodeId, ancestor: NodeId) -> bool {
        let mut at = Some(node);
        // Bounded by the tree's size, in case a parent chain is already broken.
        for _ in 0..=self.nodes.len() {
            match at {
                Some(n) if n == ancestor => return true,
                Some(n) => at = self.nodes.get(&n).map(|x| x.parent).filter(|p| *p != n),
                None => return false,
            }
        }
        false
    }

    fn fresh(&self, id: NodeId) -> Result<(), String> {
        if self.nodes.contains_key(&id) {
            return Err(format!("node {id} exists already"));
        }
        Ok(())
    }

    fn link(&mut self, parent: NodeId, id: NodeId, before: Option<NodeId>) {
        if let Some(p) = self.nodes.get_mut(&parent) {
            insert_before(&mut p.children, id, before);
        }
    }

    /// Applies one operation. An operation naming a node that does not exist is an error (a
    /// bug upstream), and the tree stays as it was.
    pub fn apply(&mut self, op: &TreeOp) -> Result<(), String> {
        match op {
            TreeOp::CreateElement {
                id,
                parent,
                before,
                tag,
                attrs,
            } => {
                self.fresh(*id)?;
                self.can_link(*parent, *before)?;
                let mut n = Node::element(tag, *parent, X::default());
                n.attrs = attrs.clone();
                self.nodes.insert(*id, n);
                self.link(*parent, *id, *before);
                Ok(())
            }
            TreeOp::CreateText {
                id,
                parent,
                before,
                text,
            } => {
                self.fresh(*id)?;
                self.can_link(*parent, *before)?;
                let mut n = Node::element("", *parent, X::default());
                n.text = Some(text.clone());
                self.nodes.insert(*id, n);
                self.link(*parent, *id, *before);
                Ok(())
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
                if before == &Some(*id) || self.is_within(*parent, *id) {
                    return Err(format!("node {id} cannot move into itself"));
                }
                self.can_link(*parent, *before)?;
                if let Some(p) = self.nodes.get_mut(&old) {
                    p.children.retain(|c| c != id);
                }
                if let Some(n) = self.nodes.get_mut(id) {
                    n.parent = *parent;
                }
                self.link(*parent, *id, *before);
                Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: NodeId, parent: NodeId, before: Option<NodeId>) -> TreeOp {
        TreeOp::CreateText {
            id,
            parent,
            before,
            text: format!("t{id}"),
        }
    }

    /// The tree as `id(children)` text, to compare before and after.
    fn shape(t: &NodeTree<()>, id: NodeId) -> String {
        let n = t.get(id).expect("node");
        let kids: Vec<String> = n.children.iter().map(|c| shape(t, *c)).collect();
        format!("{id}({})", kids.join(","))
    }

    #[test]
    fn a_failed_operation_leaves_the_tree_as_it_was() {
        let mut t: NodeTree<()> = NodeTree::default();
        t.insert(1, Node::element("page", 0, ()), false);
        let el = |id, parent| TreeOp::CreateElement {
            id,
            parent,
            before: None,
            tag: "view".into(),
            attrs: Vec::new(),
        };
        for op in [el(2, 1), el(3, 2), text(4, 1, None)] {
            t.apply(&op).unwrap();
        }
        let before = shape(&t, 1);
        let failing = [
            text(5, 99, None),
            text(5, 1, Some(3)),
            el(2, 1),
            text(4, 2, None),
            TreeOp::Remove { id: 9 },
            TreeOp::Move {
                id: 9,
                parent: 1,
                before: None,
            },
            TreeOp::Move {
                id: 2,
                parent: 3,
                before: None,
            },
            TreeOp::Move {
                id: 2,
                parent: 2,
                before: None,
            },
            TreeOp::Move {
                id: 4,
                parent: 1,
                before: Some(4),
            },
            TreeOp::Move {
                id: 4,
                parent: 77,
                before: None,
            },
            TreeOp::SetText {
                id: 9,
                text: "x".into(),
            },
        ];
        for op in failing {
            assert!(t.apply(&op).is_err(), "{op:?}");
            assert_eq!(shape(&t, 1), before, "{op:?}");
        }
        assert!(t.get(5).is_none());
        t.apply(&TreeOp::Move {
            id: 4,
            parent: 1,
            before: Some(2),
        })
        .unwrap();
        assert_eq!(shape(&t, 1), "1(4(),2(3()))");
    }
}
