//! The logic side's copy of the composed tree: which instance created each node, which nodes
//! host components, and the attributes events and selectors need (dataset, marks, handlers).

use mpsim_wxml::program::AttrKey;
use mpsim_wxml::{Extra, Node, NodeId, NodeTree, TreeOp};

/// What the logic side keeps per node.
#[derive(Debug, Clone, Default)]
pub struct Owner {
    /// The instance whose template created the node.
    pub owner: u32,
    /// The component instance this node hosts, if any.
    pub hosts: Option<u32>,
}

impl Extra for Owner {}

pub type MNode = Node<Owner>;

#[derive(Debug, Default)]
pub struct Mirror {
    tree: NodeTree<Owner>,
}

impl Mirror {
    /// Adds a root node (a page's root) that ops can attach to.
    pub fn add_root(&mut self, id: NodeId, owner: u32) {
        self.tree.insert(
            id,
            Node::element("page", 0, Owner { owner, hosts: None }),
            false,
        );
    }

    /// Adds the shadow root a component's template renders under, as the last child of its
    /// host (so event paths and selectors go from shadow nodes through the host).
    pub fn add_shadow_root(&mut self, id: NodeId, host: NodeId, owner: u32) {
        self.tree.insert(
            id,
            Node::element("#shadow-root", host, Owner { owner, hosts: None }),
            true,
        );
    }

    pub fn get(&self, id: NodeId) -> Option<&MNode> {
        self.tree.get(id)
    }

    pub fn set_host(&mut self, id: NodeId, inst: u32) {
        if let Some(n) = self.tree.get_mut(id) {
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
        let Some(n) = self.tree.get(id) else { return };
        for c in &n.children {
            self.post_order(*c, out);
        }
        if let Some(h) = n.hosts {
            out.push(h);
        }
    }

    /// The first node of the subtree (in document order, `id` excluded) that `pred` accepts.
    pub fn find(&self, id: NodeId, pred: &mut dyn FnMut(NodeId) -> bool) -> Option<NodeId> {
        self.tree.find(id, pred)
    }

    /// Node ids of the subtree in document order.
    pub fn descendants(&self, id: NodeId, out: &mut Vec<NodeId>) {
        self.tree.descendants(id, out)
    }

    pub fn remove_subtree(&mut self, id: NodeId) {
        self.tree.remove(id)
    }

    /// Applies one operation emitted by `owner`'s template; created nodes belong to `owner`.
    /// The engine only emits operations on nodes it created, so an `Err` is a bug there: the
    /// mirror stays as it was and the caller reports it.
    pub fn apply(&mut self, op: &TreeOp, owner: u32) -> Result<(), String> {
        self.tree
            .apply(op)
            .map_err(|e| format!("tree operation {op:?} failed in the logic side's mirror: {e}"))?;
        if let TreeOp::CreateElement { id, .. } | TreeOp::CreateText { id, .. } = op
            && let Some(n) = self.tree.get_mut(*id)
        {
            n.owner = owner;
        }
        Ok(())
    }
}

impl Mirror {
    /// The element children of `id` as selectors see them (no text, no shadow root).
    fn elements(&self, id: NodeId) -> Vec<NodeId> {
        self.tree
            .get(id)
            .map(|n| {
                n.children
                    .iter()
                    .copied()
                    .filter(|c| {
                        self.tree
                            .get(*c)
                            .is_some_and(|k| k.text.is_none() && k.tag != "#shadow-root")
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `id` among its parent's elements: (the elements, its position).
    fn siblings(&self, id: NodeId) -> (Vec<NodeId>, usize) {
        let parent = self.tree.get(id).map(|n| n.parent).unwrap_or(0);
        let all = self.elements(parent);
        let at = all.iter().position(|c| *c == id).unwrap_or(0);
        (all, at)
    }
}

/// Selector queries and `selectComponent` match with the style engine's matcher over the
/// mirror: classes are the `class` attribute's words, whatever the scope.
impl mpsim_wxss::selector::SelectorTree for Mirror {
    type Node = NodeId;

    fn parent(&self, n: NodeId) -> Option<NodeId> {
        let p = self.tree.get(n)?.parent;
        (p != n && self.tree.get(p).is_some()).then_some(p)
    }

    fn prev_sibling(&self, n: NodeId) -> Option<NodeId> {
        let (all, at) = self.siblings(n);
        at.checked_sub(1).and_then(|i| all.get(i).copied())
    }

    fn next_sibling(&self, n: NodeId) -> Option<NodeId> {
        let (all, at) = self.siblings(n);
        all.get(at + 1).copied()
    }

    fn index_in_parent(&self, n: NodeId) -> usize {
        self.siblings(n).1
    }

    fn sibling_count(&self, n: NodeId) -> usize {
        self.siblings(n).0.len()
    }

    fn is_empty(&self, n: NodeId) -> bool {
        self.tree.get(n).is_none_or(|n| n.children.is_empty())
    }

    fn tag(&self, n: NodeId) -> &str {
        self.tree.get(n).map(|n| n.tag.as_str()).unwrap_or("")
    }

    fn attr(&self, n: NodeId, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        let node = self.tree.get(n)?;
        // `data-*` attributes live in the dataset, under their dataset key.
        let v = match name.strip_prefix("data-") {
            Some(rest) => {
                let key = mpsim_base::js::dataset_key(rest);
                node.attrs
                    .iter()
                    .find(|(k, _)| matches!(k, AttrKey::Data(d) if *d == key))
                    .map(|(_, v)| v)?
            }
            None => node.attr(name)?,
        };
        Some(std::borrow::Cow::Owned(mpsim_base::js::value_to_string(v)))
    }

    fn has_class(&self, n: NodeId, name: &str, _sheet: mpsim_wxss::tree::ScopeId) -> bool {
        self.attr(n, "class")
            .is_some_and(|c| c.split_whitespace().any(|w| w == name))
    }

    fn hosts(&self, _: NodeId, _: mpsim_wxss::tree::ScopeId) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_on_a_node_the_mirror_lacks_fails_and_changes_nothing() {
        let mut m = Mirror::default();
        m.add_root(1, 9);
        let create = TreeOp::CreateText {
            id: 2,
            parent: 1,
            before: None,
            text: "hi".into(),
        };
        assert_eq!(m.apply(&create, 9), Ok(()));
        assert_eq!(m.get(2).map(|n| n.owner), Some(9));
        let orphan = TreeOp::CreateText {
            id: 3,
            parent: 77,
            before: None,
            text: "lost".into(),
        };
        let err = m.apply(&orphan, 9).unwrap_err();
        assert!(err.contains("in the logic side's mirror"), "{err}");
        assert!(m.get(3).is_none());
    }
}
