//! Selector matching over the composed tree, seen from the node being styled: the path from
//! the page down to it, and the siblings of each node on that path. That is all a selector
//! can look at (it walks up, and sideways to earlier or later siblings), so restyling one node
//! needs no copy of the page.

use super::features::{Features, Scopes, attr_name, tag_of};
use crate::compose::Composed;
use mpsim_wxss::index::{NodeKeys, StyledTree};
use mpsim_wxss::selector::SelectorTree;
use std::borrow::Cow;

/// A node on the path, with its features and its place among its parent's children.
pub(super) struct Step<'a> {
    pub(super) node: &'a Composed,
    pub(super) index: usize,
    pub(super) features: Features,
}

/// The path from the page (first) to the node being styled (last).
pub(super) struct PathTree<'p, 'a> {
    pub(super) steps: &'p [Step<'a>],
    pub(super) scopes: &'p Scopes,
}

/// A node near the path: child `index` of the step at `depth - 1` (the page is depth 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Near {
    depth: usize,
    index: usize,
}

impl<'a> PathTree<'_, 'a> {
    /// The node being styled.
    pub(super) fn last(&self) -> Near {
        Near {
            depth: self.steps.len() - 1,
            index: self.steps.last().map_or(0, |s| s.index),
        }
    }

    fn node(&self, n: Near) -> &'a Composed {
        if n.depth == 0 {
            return self.steps[0].node;
        }
        &self.steps[n.depth - 1].node.children[n.index]
    }

    /// The step for `n` when it is on the path.
    fn step(&self, n: Near) -> Option<&Step<'a>> {
        self.steps
            .get(n.depth)
            .filter(|s| n.depth == 0 || s.index == n.index)
    }

    fn siblings(&self, n: Near) -> &'a [std::rc::Rc<Composed>] {
        if n.depth == 0 {
            return &[];
        }
        &self.steps[n.depth - 1].node.children
    }
}

/// Text nodes are not elements: sibling selectors skip them.
fn is_element(c: &Composed) -> bool {
    c.text.is_none()
}

impl SelectorTree for PathTree<'_, '_> {
    type Node = Near;

    fn parent(&self, n: Near) -> Option<Near> {
        let depth = n.depth.checked_sub(1)?;
        Some(Near {
            depth,
            index: self.steps[depth].index,
        })
    }

    fn prev_sibling(&self, n: Near) -> Option<Near> {
        let kids = self.siblings(n);
        (0..n.index.min(kids.len()))
            .rev()
            .find(|i| is_element(&kids[*i]))
            .map(|index| Near { index, ..n })
    }

    fn next_sibling(&self, n: Near) -> Option<Near> {
        let kids = self.siblings(n);
        (n.index + 1..kids.len())
            .find(|i| is_element(&kids[*i]))
            .map(|index| Near { index, ..n })
    }

    fn index_in_parent(&self, n: Near) -> usize {
        let kids = self.siblings(n);
        kids[..n.index.min(kids.len())]
            .iter()
            .filter(|k| is_element(k))
            .count()
    }

    fn sibling_count(&self, n: Near) -> usize {
        if n.depth == 0 {
            return 1;
        }
        self.siblings(n).iter().filter(|k| is_element(k)).count()
    }

    fn is_empty(&self, n: Near) -> bool {
        let c = self.node(n);
        c.children.is_empty() && c.text.as_deref().unwrap_or("").is_empty()
    }

    fn tag(&self, n: Near) -> &str {
        tag_of(self.node(n))
    }

    fn attr(&self, n: Near, name: &str) -> Option<Cow<'_, str>> {
        let c = self.node(n);
        if name == "id" {
            let id = c.attr_text("id");
            return (!id.is_empty()).then_some(Cow::Owned(id));
        }
        c.attrs
            .iter()
            .find(|(k, v)| attr_name(k, v).as_deref() == Some(name))
            .map(|(_, v)| Cow::Owned(mpsim_base::js::value_to_string(v)))
    }

    fn has_class(&self, n: Near, name: &str, sheet: u32) -> bool {
        let visible = |(c, s): &(String, u32)| c == name && self.scopes.visible(sheet, *s);
        match self.step(n) {
            Some(step) => step.features.classes.iter().any(visible),
            None => self.scopes.classes(self.node(n)).iter().any(visible),
        }
    }

    fn hosts(&self, n: Near, sheet: u32) -> bool {
        self.node(n).host_of == Some(sheet)
    }
}

impl StyledTree for PathTree<'_, '_> {
    fn scope(&self, n: Near) -> u32 {
        self.node(n).scope
    }

    fn visible(&self, sheet: u32, target: u32) -> bool {
        self.scopes.visible(sheet, target)
    }

    fn keys(&self, n: Near, out: &mut NodeKeys) {
        let c = self.node(n);
        out.tag.push_str(tag_of(c));
        match self.step(n) {
            Some(step) => {
                out.id.clone_from(&step.features.id);
                out.classes
                    .extend(step.features.classes.iter().map(|(c, _)| c.clone()));
            }
            None => {
                out.id = Some(c.attr_text("id")).filter(|s| !s.is_empty());
                out.classes
                    .extend(self.scopes.classes(c).into_iter().map(|(c, _)| c));
            }
        }
    }
}
