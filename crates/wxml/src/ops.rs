//! Tree operations: what the template engine emits and the view applies. One batch of these is
//! one bridge message. Virtual nodes (`block`, `wx:if`, `wx:for`, templates) never appear: the
//! engine places their content directly under the nearest real parent.

use crate::program::AttrKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Identifies a real node for the lifetime of a rendered tree. 0 is never allocated.
pub type NodeId = u64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum TreeOp {
    /// Creates an element under `parent`, before `before` (at the end when `None`).
    CreateElement {
        id: NodeId,
        parent: NodeId,
        before: Option<NodeId>,
        tag: String,
        attrs: Vec<(AttrKey, Value)>,
    },
    CreateText {
        id: NodeId,
        parent: NodeId,
        before: Option<NodeId>,
        text: String,
    },
    /// Removes a node and everything under it.
    Remove {
        id: NodeId,
    },
    /// Moves an existing node to a new place under the same parent.
    Move {
        id: NodeId,
        parent: NodeId,
        before: Option<NodeId>,
    },
    /// Sets (`Some`) or removes (`None`) an attribute.
    SetAttr {
        id: NodeId,
        key: AttrKey,
        value: Option<Value>,
    },
    SetText {
        id: NodeId,
        text: String,
    },
}

/// Applies a `SetAttr` to an attribute list: set (`Some`) or remove (`None`), keeping order.
pub(crate) fn set_attr(attrs: &mut Vec<(AttrKey, Value)>, key: &AttrKey, value: Option<&Value>) {
    match (attrs.iter().position(|(k, _)| k == key), value) {
        (Some(i), Some(v)) => attrs[i].1 = v.clone(),
        (Some(i), None) => {
            attrs.remove(i);
        }
        (None, Some(v)) => attrs.push((key.clone(), v.clone())),
        (None, None) => {}
    }
}

/// Inserts `id` into a child list before `before` (at the end when `None` or not found).
pub(crate) fn insert_before(children: &mut Vec<NodeId>, id: NodeId, before: Option<NodeId>) {
    match before.and_then(|b| position_of(children, b)) {
        Some(i) => children.insert(i, id),
        None => children.push(id),
    }
}

/// Where `child` is in a child list. The anchor of an insertion is usually at one end: a
/// list grows before the node that follows it (the last child), and a `wx:for` creates its
/// new items from the last, each before the one made after it (the first child). Looking
/// from both ends at once finds either with no scan of a long list.
pub(crate) fn position_of(children: &[NodeId], child: NodeId) -> Option<usize> {
    let n = children.len();
    (0..n.div_ceil(2)).find_map(|i| {
        if children[n - 1 - i] == child {
            Some(n - 1 - i)
        } else if children[i] == child {
            Some(i)
        } else {
            None
        }
    })
}

/// Receives tree operations and hands out node ids (unique across every template instance
/// that shares the sink: a page and all its components).
pub trait TreeSink {
    fn alloc_id(&mut self) -> NodeId;
    fn op(&mut self, op: TreeOp);
}

/// A sink that buffers operations into a batch.
#[derive(Debug, Default)]
pub struct OpBuffer {
    next_id: NodeId,
    pub ops: Vec<TreeOp>,
}

impl OpBuffer {
    /// A buffer whose ids start above `first_id - 1` (0 is reserved for "no node").
    pub fn starting_at(first_id: NodeId) -> OpBuffer {
        OpBuffer {
            next_id: first_id.max(1) - 1,
            ops: Vec::new(),
        }
    }

    pub fn take(&mut self) -> Vec<TreeOp> {
        std::mem::take(&mut self.ops)
    }
}

impl TreeSink for OpBuffer {
    fn alloc_id(&mut self) -> NodeId {
        self.next_id += 1;
        self.next_id
    }

    fn op(&mut self, op: TreeOp) {
        self.ops.push(op);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_found_from_either_end_and_children_go_before_them() {
        for n in 0..6 {
            let list: Vec<NodeId> = (1..=n).collect();
            for (i, c) in list.iter().enumerate() {
                assert_eq!(position_of(&list, *c), Some(i), "{n} children");
            }
            assert_eq!(position_of(&list, 99), None);
        }
        // A list built as `wx:for` builds it: from its last item, each before the one after.
        let mut children = vec![100];
        let mut anchor = None;
        for id in (1..=4).rev() {
            insert_before(&mut children, id, anchor);
            anchor = Some(id);
        }
        assert_eq!(children, [100, 1, 2, 3, 4]);
        insert_before(&mut children, 7, Some(3));
        insert_before(&mut children, 8, Some(99));
        assert_eq!(children, [100, 1, 2, 7, 3, 4, 8]);
    }
}
