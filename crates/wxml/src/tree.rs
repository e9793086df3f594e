//! A plain node tree built by applying [`TreeOp`]s, with the documented JSON dump.
//!
//! The JSON shape of a node (empty members are left out):
//! ```text
//! element: {"tag": "view", "attrs": {"class": "a"}, "dataset": {"idx": 0},
//!           "marks": {"m": 1}, "events": {"bind:tap": "onTap"}, "children": [...]}
//! text:    {"text": "hello"}
//! ```
//! `attrs` also holds `model:x` and `generic:x` under those names.

use crate::nodetree::{Node, NodeTree};
use crate::ops::{NodeId, TreeOp};
use crate::program::AttrKey;
use serde_json::{Map, Value, json};

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
    tree: NodeTree<()>,
}

impl Default for DomTree {
    fn default() -> Self {
        DomTree::new()
    }
}

impl DomTree {
    pub fn new() -> DomTree {
        let mut tree = NodeTree::new();
        tree.insert(0, Node::element("root", 0, ()), false);
        DomTree { tree }
    }

    /// Applies operations; an operation naming an unknown node is an error (a bug upstream).
    pub fn apply(&mut self, ops: &[TreeOp]) -> Result<(), String> {
        ops.iter().try_for_each(|op| self.tree.apply(op))
    }

    /// The children of the root as JSON (see the module docs for the shape).
    pub fn to_json(&self) -> Value {
        Value::Array(self.children_json(0))
    }

    fn children_json(&self, id: NodeId) -> Vec<Value> {
        self.tree
            .get(id)
            .map(|n| n.children.iter().map(|c| self.node_json(*c)).collect())
            .unwrap_or_default()
    }

    fn node_json(&self, id: NodeId) -> Value {
        let Some(n) = self.tree.get(id) else {
            return Value::Null;
        };
        if let Some(t) = &n.text {
            return json!({ "text": t });
        }
        let mut obj = Map::new();
        obj.insert("tag".into(), Value::String(n.tag.clone()));
        insert_attrs_json(&n.attrs, &mut obj);
        let children = self.children_json(id);
        if !children.is_empty() {
            obj.insert("children".into(), Value::Array(children));
        }
        Value::Object(obj)
    }

    /// A compact markup rendering for tests and quick looks: `<view class="a">hi</view>`.
    pub fn to_markup(&self) -> String {
        let mut out = String::new();
        if let Some(root) = self.tree.get(0) {
            for c in &root.children {
                self.markup(*c, &mut out);
            }
        }
        out
    }

    fn markup(&self, id: NodeId, out: &mut String) {
        let Some(n) = self.tree.get(id) else { return };
        if let Some(t) = &n.text {
            out.push_str(t);
            return;
        }
        out.push('<');
        out.push_str(&n.tag);
        for (k, v) in &n.attrs {
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
        out.push_str(&n.tag);
        out.push('>');
    }
}
