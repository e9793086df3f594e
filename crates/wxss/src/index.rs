//! Rules indexed by the rightmost compound of their selectors (its id, else a class, else its
//! tag), so that matching a node looks only at the rules that can apply to it.

use crate::cascade::{ScopedSheet, media_matches};
use crate::rpx::Screen;
use crate::selector::{Combinator, Pseudo, Selector, SelectorTree, matches};
use crate::tree::ScopeId;
use std::collections::HashMap;

/// A tree the cascade styles: selectors match over it, and it says what of each node the
/// index and the cascade read.
pub trait StyledTree: SelectorTree {
    /// The scope of the template that wrote the node.
    fn scope(&self, n: Self::Node) -> ScopeId;
    /// Whether rules of a sheet in scope `sheet` may style nodes written in scope `target`.
    fn visible(&self, sheet: ScopeId, target: ScopeId) -> bool;
    /// The node's `id`, class names (any scope) and tag: what picks its candidate rules.
    fn keys(&self, n: Self::Node, out: &mut NodeKeys);
}

/// What the index looks a node up by.
#[derive(Debug, Default, Clone)]
pub struct NodeKeys {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub tag: String,
}

/// A rule whose selectors match a node, with the highest specificity among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Matched {
    pub sheet: u32,
    pub rule: u32,
    pub specificity: (u32, u32, u32),
}

/// One selector of one rule.
#[derive(Debug, Clone, Copy)]
struct Entry {
    sheet: u32,
    rule: u32,
    selector: u32,
}

/// The rules of a list of sheets, by the key their selectors' rightmost compound needs.
#[derive(Debug, Default)]
pub struct RuleIndex {
    by_id: HashMap<String, Vec<Entry>>,
    by_class: HashMap<String, Vec<Entry>>,
    /// Lowercased: tags match case-insensitively.
    by_tag: HashMap<String, Vec<Entry>>,
    /// `*`, `:host`, attribute-only and pseudo-only selectors: tried on every node.
    rest: Vec<Entry>,
    siblings: bool,
    /// Every attribute name a selector tests (`[type]`, `[data-x="1"]`).
    attr_names: std::collections::BTreeSet<String>,
}

impl RuleIndex {
    /// Indexes every rule whose `@media` holds on `screen`. Selectors with a pseudo-element
    /// (`::before`) style no node and are left out.
    pub fn new(sheets: &[ScopedSheet], screen: Screen) -> RuleIndex {
        let mut index = RuleIndex::default();
        for (si, s) in sheets.iter().enumerate() {
            for (ri, rule) in s.sheet.rules.iter().enumerate() {
                if rule
                    .media
                    .as_deref()
                    .is_some_and(|m| !media_matches(m, screen))
                {
                    continue;
                }
                for (xi, sel) in rule.selectors.iter().enumerate() {
                    if sel.pseudo_element.is_some() {
                        continue;
                    }
                    index.siblings |= looks_at_siblings(sel);
                    attribute_names(sel, &mut index.attr_names);
                    let entry = Entry {
                        sheet: si as u32,
                        rule: ri as u32,
                        selector: xi as u32,
                    };
                    let key = &sel.parts[0].0;
                    let bucket = if key.host {
                        &mut index.rest
                    } else if let Some(id) = &key.id {
                        index.by_id.entry(id.clone()).or_default()
                    } else if let Some(class) = key.classes.first() {
                        index.by_class.entry(class.clone()).or_default()
                    } else if let Some(tag) = &key.tag {
                        index.by_tag.entry(tag.to_ascii_lowercase()).or_default()
                    } else {
                        &mut index.rest
                    };
                    bucket.push(entry);
                }
            }
        }
        index
    }

    /// Whether a node's style can depend on its siblings or its place among them
    /// (`+`, `~`, `:first-child`, `:nth-child()`...): then a change to one child restyles the
    /// others.
    pub fn uses_siblings(&self) -> bool {
        self.siblings
    }

    /// Whether some selector tests attribute `name`: other attributes cannot change what
    /// matches.
    pub fn tests_attr(&self, name: &str) -> bool {
        self.attr_names.contains(name)
    }

    /// The rules matching `node`, in sheet and rule order. `keys` is scratch space.
    pub fn matching<T: StyledTree>(
        &self,
        sheets: &[ScopedSheet],
        tree: &T,
        node: T::Node,
        keys: &mut NodeKeys,
    ) -> Vec<Matched> {
        keys.id = None;
        keys.classes.clear();
        keys.tag.clear();
        tree.keys(node, keys);
        keys.tag.make_ascii_lowercase();
        let mut candidates: Vec<Entry> = Vec::new();
        if let Some(v) = keys.id.as_ref().and_then(|id| self.by_id.get(id)) {
            candidates.extend(v);
        }
        for class in &keys.classes {
            if let Some(v) = self.by_class.get(class) {
                candidates.extend(v);
            }
        }
        if let Some(v) = self.by_tag.get(&keys.tag) {
            candidates.extend(v);
        }
        candidates.extend(&self.rest);
        // A node may list a class twice: each selector is tried once.
        candidates.sort_unstable_by_key(|e| (e.sheet, e.rule, e.selector));
        candidates.dedup_by_key(|e| (e.sheet, e.rule, e.selector));
        let scope = tree.scope(node);
        let mut out: Vec<Matched> = Vec::new();
        for e in candidates {
            let s = &sheets[e.sheet as usize];
            let sel = &s.sheet.rules[e.rule as usize].selectors[e.selector as usize];
            // Class conditions carry their own scope check; a selector without one needs the
            // whole node to be visible to the sheet.
            let key = &sel.parts[0].0;
            if !(key.host || !key.classes.is_empty() || tree.visible(s.scope, scope)) {
                continue;
            }
            if !matches(sel, tree, node, s.scope) {
                continue;
            }
            match out.last_mut() {
                Some(m) if (m.sheet, m.rule) == (e.sheet, e.rule) => {
                    m.specificity = m.specificity.max(sel.specificity);
                }
                _ => out.push(Matched {
                    sheet: e.sheet,
                    rule: e.rule,
                    specificity: sel.specificity,
                }),
            }
        }
        out
    }
}

/// Adds the attribute names `sel` tests to `out`.
fn attribute_names(sel: &Selector, out: &mut std::collections::BTreeSet<String>) {
    for (compound, _) in &sel.parts {
        out.extend(compound.attrs.iter().map(|(name, _)| name.clone()));
        for p in &compound.pseudos {
            if let Pseudo::Not(list) = p {
                list.iter().for_each(|s| attribute_names(s, out));
            }
        }
    }
}

/// Whether a selector reads a node's siblings or its position among them.
fn looks_at_siblings(sel: &Selector) -> bool {
    sel.parts.iter().any(|(compound, comb)| {
        matches!(comb, Some(Combinator::Next | Combinator::Subsequent))
            || compound.pseudos.iter().any(|p| match p {
                Pseudo::Not(list) => list.iter().any(looks_at_siblings),
                Pseudo::Never => false,
                _ => true,
            })
    })
}
