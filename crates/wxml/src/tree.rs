//! A plain node tree built by applying [`TreeOp`]s, with the documented JSON dump.
//!
//! The JSON shape of a node (empty members are left out):
//! ```text
//! element: {"tag": "view", "attrs": {"class": "a"}, "dataset": {"idx": 0},
//!           "marks": {"m": 1}, "events": {"bind:tap": "onTap"}, "children": [...]}
//! text:    {"text": "hello"}
//! ```
//! `attrs` also holds `model:x` and `generic:x` under those names.

use crate::ops::{NodeId, TreeOp};
use crate::program::AttrKey;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Kind {
    Element {
        tag: String,
        attrs: Vec<(AttrKey, Value)>,
    },
    Text(String),
}

#[derive(Debug, Clone)]
struct DNode {
    kind: Kind,
    parent: NodeId,
    children: Vec<NodeId>,
}

/// Adds `attrs`, `dataset`, `marks` and `events` members (non-empty ones) to a node's JSON,
/// grouping attributes by kind: the documented dump shape, shared with the view's dump.
pub fn insert_attrs_json(attrs: &[(AttrKey, Value)], obj: &mut Map<String, Value>) {
    let mut groups: [(&str, Map<String, Value>); 4] = [
        ("attrs", Map::new()),
        ("dataset", Map::new()),
        ("marks", Map::new()),
        ("events", Map::new()),
    ];
    for (k, v) in attrs {
        let (g, name) = match k {
            AttrKey::Attr(n) => (0, n.clone()),
            AttrKey::Data(n) => (1, n.clone()),
            AttrKey::Mark(n) => (2, n.clone()),
            AttrKey::Event { .. } => (3, k.display()),
            AttrKey::Model(_) | AttrKey::Generic(_) => (0, k.display()),
        };
        groups[g].1.insert(name, v.clone());
    }
    for (name, map) in groups {
        if !map.is_empty() {
            obj.insert(name.into(), Value::Object(map));
        }
    }
}

/// The tree the operations describe. Node 0 is the root everything renders under.
#[derive(Debug, Clone)]
pub struct DomTree {
    nodes: HashMap<NodeId, DNode>,
}

impl Default for DomTree {
    fn default() -> Self {
        DomTree::new()
    }
}

impl DomTree {
    pub fn new() -> DomTree {
        let mut nodes = HashMap::new();
        nodes.insert(
            0,
            DNode {
                kind: Kind::Element {
                    tag: "root".into(),
                    attrs: Vec::new(),
                },
                parent: 0,
                children: Vec::new(),
            },
        );
        DomTree { nodes }
    }

    /// Applies operations; an operation naming an unknown node is an error (a bug upstream).
    pub fn apply(&mut self, ops: &[TreeOp]) -> Result<(), String> {
        ops.iter().try_for_each(|op| self.apply_one(op))
    }

    fn insert_child(
        &mut self,
        parent: NodeId,
        id: NodeId,
        before: Option<NodeId>,
    ) -> Result<(), String> {
        let p = self
            .nodes
            .get_mut(&parent)
            .ok_or(format!("unknown parent {parent}"))?;
        match before {
            Some(b) => {
                let pos = p
                    .children
                    .iter()
                    .position(|&c| c == b)
                    .ok_or(format!("node {b} is not a child of {parent}"))?;
                p.children.insert(pos, id);
            }
            None => p.children.push(id),
        }
        Ok(())
    }

    fn detach(&mut self, id: NodeId) -> Result<(), String> {
        let parent = self
            .nodes
            .get(&id)
            .ok_or(format!("unknown node {id}"))?
            .parent;
        if let Some(p) = self.nodes.get_mut(&parent) {
            p.children.retain(|&c| c != id);
        }
        Ok(())
    }

    fn apply_one(&mut self, op: &TreeOp) -> Result<(), String> {
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
                    DNode {
                        kind: Kind::Element {
                            tag: tag.clone(),
                            attrs: attrs.clone(),
                        },
                        parent: *parent,
                        children: Vec::new(),
                    },
                );
                self.insert_child(*parent, *id, *before)
            }
            TreeOp::CreateText {
                id,
                parent,
                before,
                text,
            } => {
                self.nodes.insert(
                    *id,
                    DNode {
                        kind: Kind::Text(text.clone()),
                        parent: *parent,
                        children: Vec::new(),
                    },
                );
                self.insert_child(*parent, *id, *before)
            }
            TreeOp::Remove { id } => {
                self.detach(*id)?;
                let mut stack = vec![*id];
                while let Some(n) = stack.pop() {
                    if let Some(node) = self.nodes.remove(&n) {
                        stack.extend(node.children);
                    }
                }
                Ok(())
            }
            TreeOp::Move { id, parent, before } => {
                self.detach(*id)?;
                if let Some(n) = self.nodes.get_mut(id) {
                    n.parent = *parent;
                }
                self.insert_child(*parent, *id, *before)
            }
            TreeOp::SetAttr { id, key, value } => {
                let node = self.nodes.get_mut(id).ok_or(format!("unknown node {id}"))?;
                let Kind::Element { attrs, .. } = &mut node.kind else {
                    return Err(format!("node {id} is text"));
                };
                crate::ops::set_attr(attrs, key, value.as_ref());
                Ok(())
            }
            TreeOp::SetText { id, text } => {
                let node = self.nodes.get_mut(id).ok_or(format!("unknown node {id}"))?;
                node.kind = Kind::Text(text.clone());
                Ok(())
            }
        }
    }

    /// The children of the root as JSON (see the module docs for the shape).
    pub fn to_json(&self) -> Value {
        Value::Array(self.children_json(0))
    }

    fn children_json(&self, id: NodeId) -> Vec<Value> {
        self.nodes
            .get(&id)
            .map(|n| n.children.iter().map(|c| self.node_json(*c)).collect())
            .unwrap_or_default()
    }

    fn node_json(&self, id: NodeId) -> Value {
        let Some(n) = self.nodes.get(&id) else {
            return Value::Null;
        };
        match &n.kind {
            Kind::Text(t) => json!({ "text": t }),
            Kind::Element { tag, attrs } => {
                let mut obj = Map::new();
                obj.insert("tag".into(), Value::String(tag.clone()));
                insert_attrs_json(attrs, &mut obj);
                let children = self.children_json(id);
                if !children.is_empty() {
                    obj.insert("children".into(), Value::Array(children));
                }
                Value::Object(obj)
            }
        }
    }

    /// A compact markup rendering for tests and quick looks: `<view class="a">hi</view>`.
    pub fn to_markup(&self) -> String {
        let mut out = String::new();
        if let Some(root) = self.nodes.get(&0) {
            for c in &root.children {
                self.markup(*c, &mut out);
            }
        }
        out
    }

    fn markup(&self, id: NodeId, out: &mut String) {
        let Some(n) = self.nodes.get(&id) else { return };
        match &n.kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element { tag, attrs } => {
                out.push('<');
                out.push_str(tag);
                for (k, v) in attrs {
                    out.push(' ');
                    out.push_str(&match k {
                        AttrKey::Data(n) => format!("data-{n}"),
                        other => other.display(),
                    });
                    out.push('=');
                    out.push_str(&v.to_string());
                }
                out.push('>');
                for c in &n.children {
                    self.markup(*c, out);
                }
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        }
    }
}
