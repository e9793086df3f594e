//! What selectors see of a composed node (its features), and the facts about component scopes
//! that decide which stylesheet may style what.

use crate::compose::Composed;
use mpsim_wxml::program::AttrKey;
use mpsim_wxss::tree::{Isolation, PAGE_SCOPE, UA_SCOPE, scoped_classes};
use std::collections::{BTreeMap, HashMap};

/// Class names written in a scope, with the scope each belongs to.
pub(super) type Classes = Vec<(String, u32)>;

/// Everything of a node that a selector or the cascade reads. Two frames that give a node the
/// same features (and the same ancestors) match it with the same rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Features {
    pub(super) tag: String,
    pub(super) id: Option<String>,
    pub(super) classes: Classes,
    /// The attributes some selector of the page tests, as text (the others cannot change
    /// what matches; a component host's properties can be whole lists).
    pub(super) attrs: Vec<(String, String)>,
    /// The inline `style` attribute.
    pub(super) style: Option<String>,
    pub(super) scope: u32,
    pub(super) host_of: Option<u32>,
    /// For a host: the external classes it passes to its component.
    pub(super) passed: Vec<(String, Classes)>,
}

/// Component instances seen so far on the page: where each lives, how it isolates its styles,
/// its stylesheet, and the external classes its host passes. Kept between frames: a subtree
/// that is not walked again still has its components.
#[derive(Debug, Default)]
pub(super) struct Scopes {
    /// Instance -> the scope its host was written in.
    parents: HashMap<u32, u32>,
    isolation: HashMap<u32, Isolation>,
    /// Instance -> the base path of its stylesheet, in instance order (parents before children).
    pub(super) components: BTreeMap<u32, String>,
    externals: HashMap<u32, Vec<(String, Classes)>>,
    /// Changes whenever the set of component stylesheets does.
    pub(super) generation: u64,
}

impl Scopes {
    /// Records what the host `c` says about the instance it hosts: the path of its
    /// stylesheet, its isolation, and the external classes `c` passes to it.
    pub(super) fn host(
        &mut self,
        c: &Composed,
        instance: u32,
        path: String,
        isolation: Isolation,
        passed: &[(String, Classes)],
    ) {
        self.parents.insert(instance, c.scope);
        self.isolation.insert(instance, isolation);
        if self.components.get(&instance) != Some(&path) {
            self.components.insert(instance, path);
            self.generation += 1;
        }
        if passed.is_empty() {
            self.externals.remove(&instance);
        } else {
            self.externals.insert(instance, passed.to_vec());
        }
    }

    /// Forgets an instance that left the page.
    pub(super) fn remove(&mut self, instance: u32) {
        self.parents.remove(&instance);
        self.isolation.remove(&instance);
        if self.components.remove(&instance).is_some() {
            self.generation += 1;
        }
        self.externals.remove(&instance);
    }

    /// The scopes above `scope`, nearest first (for `^class`).
    pub(super) fn ancestors(&self, mut scope: u32) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some(p) = self.parents.get(&scope) {
            out.push(*p);
            if *p == PAGE_SCOPE || out.len() > 64 {
                break;
            }
            scope = *p;
        }
        out
    }

    fn isolation(&self, scope: u32) -> Isolation {
        self.isolation.get(&scope).copied().unwrap_or_default()
    }

    /// Whether rules of a sheet in scope `sheet` may style things written in scope `target`.
    pub(super) fn visible(&self, sheet: u32, target: u32) -> bool {
        sheet == target
            || sheet == UA_SCOPE
            || (sheet == PAGE_SCOPE && self.isolation(target) != Isolation::Isolated)
            || (target == PAGE_SCOPE && self.isolation(sheet) == Isolation::Shared)
    }

    /// The node's classes: its `class` attribute split by scope, with the external classes its
    /// component was given put in place of their names.
    pub(super) fn classes(&self, c: &Composed) -> Classes {
        let class = c.attr_text("class");
        if class.is_empty() {
            return Vec::new();
        }
        let classes = scoped_classes(&class, c.scope, &self.ancestors(c.scope));
        let Some(ext) = self.externals.get(&c.scope) else {
            return classes;
        };
        classes
            .into_iter()
            .flat_map(|(name, scope)| {
                match ext.iter().find(|(n, _)| scope == c.scope && *n == name) {
                    Some((_, given)) => given.clone(),
                    None => vec![(name, scope)],
                }
            })
            .collect()
    }

    /// The features of `c`; `tested` says which attributes selectors look at.
    pub(super) fn features(&self, c: &Composed, tested: &dyn Fn(&str) -> bool) -> Features {
        let passed = c
            .host_of
            .and_then(|h| self.externals.get(&h))
            .cloned()
            .unwrap_or_default();
        Features {
            tag: tag_of(c).to_string(),
            id: Some(c.attr_text("id")).filter(|s| !s.is_empty()),
            classes: self.classes(c),
            attrs: c
                .attrs
                .iter()
                .filter_map(|(k, v)| {
                    let name = attr_name(k, v).filter(|n| tested(n))?;
                    Some((name, mpsim_base::js::value_to_string(v)))
                })
                .collect(),
            style: Some(c.attr_text("style")).filter(|s| !s.is_empty()),
            scope: c.scope,
            host_of: c.host_of,
            passed,
        }
    }

    /// The external classes host `c` passes to a component that declares `names`.
    pub(super) fn passed(&self, c: &Composed, names: &[String]) -> Vec<(String, Classes)> {
        names
            .iter()
            .map(|name| {
                let given = c.attr_text(name);
                let ups = self.ancestors(c.scope);
                (name.clone(), scoped_classes(&given, c.scope, &ups))
            })
            .collect()
    }
}

/// The tag selectors see: text nodes are `#text`.
pub(super) fn tag_of(c: &Composed) -> &str {
    if c.text.is_some() { "#text" } else { &c.tag }
}

/// The name an attribute has for selectors, or `None` when it is not one: events and
/// directives are not attributes, and `disabled="{{false}}"` is no attribute at all, for
/// selectors as for the platform.
pub(super) fn attr_name(k: &AttrKey, v: &serde_json::Value) -> Option<String> {
    if matches!(v, serde_json::Value::Bool(false) | serde_json::Value::Null) {
        return None;
    }
    match k {
        AttrKey::Attr(n) => Some(n.clone()),
        AttrKey::Data(n) => Some(format!("data-{n}")),
        _ => None,
    }
}
