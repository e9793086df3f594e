//! Styles kept between frames. A frame walks down from the page only where something changed:
//! a subtree whose composition is the same `Rc` as last frame, under a parent whose style did
//! not change and whose ancestors still look the same to selectors, keeps its styles.
//!
//! A node that is walked is matched again only when selectors may see it differently: its
//! own features changed (tag, id, class, attributes, inline style), an ancestor's did, or,
//! when the sheets use sibling selectors, its parent's list of children did. Otherwise it
//! keeps its matched rules and only cascades again when its parent's style changed. A style
//! equal to the one before keeps the old `Arc`, which stops the walk below it.

use super::features::{Features, Scopes};
use super::path::{PathTree, Step};
use super::{Media, PageStyles, Styles, page_sheets};
use crate::compose::Composed;
use crate::{NodeMap, NodeSet};
use mpsim_bridge::ComponentOptions;
use mpsim_wxml::NodeId;
use mpsim_wxss::tree::Isolation;
use mpsim_wxss::{ComputedStyle, Matched, NodeKeys, RuleIndex, ScopedSheet, Screen, cascade};
use std::rc::Rc;
use std::sync::Arc;

/// The computed styles of the page on screen, kept up to date frame by frame.
#[derive(Default)]
pub struct Styler {
    /// What the kept styles were computed for: the page's root, its route, the media.
    key: Option<(NodeId, String, Media)>,
    nodes: NodeMap<NodeId, Styled>,
    scopes: Scopes,
    /// The rule index, and the component generation it was built for.
    index: Option<(u64, RuleIndex)>,
    pub(super) styles: PageStyles,
    restyled: usize,
    changed: NodeSet,
    shared: Shared,
}

/// Styles by what they were computed from: the parent's style (by address), the matched
/// rules and the inline style. Siblings written by one template (a list's items, their text)
/// compute one style and share it. The parent's `Arc` is kept with the entry, so its address
/// is not reused while the entry lives.
type Shared = NodeMap<SharedKey, (Option<Arc<ComputedStyle>>, Arc<ComputedStyle>)>;
type SharedKey = (usize, Vec<Matched>, Option<String>);

/// How many shared styles a page keeps before it starts again.
const SHARED_LIMIT: usize = 4096;

/// What the last frame knew of a node.
struct Styled {
    composed: Rc<Composed>,
    parent: Option<NodeId>,
    features: Features,
    matched: Vec<Matched>,
    style: Arc<ComputedStyle>,
    /// The children's ids, where the sheets use sibling selectors (else empty).
    children: Vec<NodeId>,
}

/// Instance -> its stylesheet's path and definition options.
type ComponentOf<'a> = &'a dyn Fn(u32) -> Option<(String, ComponentOptions)>;

impl Styler {
    /// Forgets everything: the next frame styles the whole page.
    pub fn reset(&mut self) {
        *self = Styler::default();
    }

    /// How many nodes the last call walked (matched or cascaded again).
    pub fn restyled(&self) -> usize {
        self.restyled
    }

    /// The nodes whose style, or a descendant's, the last call changed (layout rebuilds
    /// those and keeps the rest).
    pub fn changed(&self) -> &NodeSet {
        &self.changed
    }

    /// The styles of `page` (route `route`). `gone` lists nodes removed since the last call.
    pub fn style(
        &mut self,
        page: &Rc<Composed>,
        route: &str,
        styles: &Styles,
        component: ComponentOf,
        media: Media,
        gone: &[NodeId],
    ) -> &PageStyles {
        let screen = media.screen;
        let key = Some((page.id, route.to_string(), media));
        if self.key != key {
            self.reset();
            self.key = key;
        }
        for id in gone {
            if let Some(n) = self.nodes.remove(id) {
                if let Some(instance) = n.composed.host_of {
                    self.scopes.remove(instance);
                }
                self.styles.remove(id);
            }
        }
        register_hosts(&self.nodes, &mut self.scopes, styles, component, page);
        let sheets = page_sheets(styles, route, &self.scopes, media.skyline);
        let generation = self.scopes.generation;
        if self.index.as_ref().is_none_or(|(g, _)| *g != generation) {
            self.index = Some((generation, RuleIndex::new(&sheets, screen)));
        }
        let Some((_, index)) = &self.index else {
            return &self.styles;
        };
        let mut walk = Walk {
            sheets: &sheets,
            siblings: index.uses_siblings(),
            index,
            scopes: &self.scopes,
            screen,
            keys: NodeKeys::default(),
            nodes: &mut self.nodes,
            styles: &mut self.styles,
            restyled: 0,
            changed: NodeSet::default(),
            shared: &mut self.shared,
        };
        let mut steps = Vec::new();
        walk.visit(page, 0, None, &mut steps, None, false, false);
        self.restyled = walk.restyled;
        self.changed = walk.changed;
        if self.shared.len() > SHARED_LIMIT {
            self.shared.clear();
        }
        &self.styles
    }
}

/// Records the component hosts in the parts of the page that changed since the last frame,
/// before any node is matched (a host's stylesheet joins the cascade for the whole page).
fn register_hosts(
    nodes: &NodeMap<NodeId, Styled>,
    scopes: &mut Scopes,
    styles: &Styles,
    component: ComponentOf,
    c: &Rc<Composed>,
) {
    if nodes.get(&c.id).is_some_and(|n| Rc::ptr_eq(&n.composed, c)) {
        return;
    }
    if let Some(instance) = c.host_of
        && let Some((path, options)) = component(instance)
    {
        // `options.styleIsolation` / `addGlobalClass` in the definition win over the json.
        let isolation = if options.style_isolation.is_some() || options.add_global_class {
            Isolation::from_config(options.style_isolation.as_deref(), options.add_global_class)
        } else {
            styles.isolation.get(&path).copied().unwrap_or_default()
        };
        let passed = scopes.passed(c, &options.external_classes);
        scopes.host(c, instance, path, isolation, &passed);
    }
    for k in &c.children {
        register_hosts(nodes, scopes, styles, component, k);
    }
}

/// One frame's walk down the page.
struct Walk<'w, 's> {
    sheets: &'w [ScopedSheet<'s>],
    index: &'w RuleIndex,
    siblings: bool,
    scopes: &'w Scopes,
    screen: Screen,
    keys: NodeKeys,
    nodes: &'w mut NodeMap<NodeId, Styled>,
    styles: &'w mut PageStyles,
    restyled: usize,
    changed: NodeSet,
    shared: &'w mut Shared,
}

impl Walk<'_, '_> {
    /// Styles `c`, child `index` of `parent` (whose style is `parent_style`, changed this
    /// frame when `inherited_changed`). `rematch` says an ancestor looks different to
    /// selectors now. `steps` is the path down to `c`'s parent. Returns whether a style in
    /// the subtree changed.
    #[allow(clippy::too_many_arguments)]
    fn visit<'a>(
        &mut self,
        c: &'a Rc<Composed>,
        index: usize,
        parent: Option<NodeId>,
        steps: &mut Vec<Step<'a>>,
        parent_style: Option<&Arc<ComputedStyle>>,
        inherited_changed: bool,
        rematch: bool,
    ) -> bool {
        let prev = self.nodes.get(&c.id);
        let moved = prev.is_some_and(|p| p.parent != parent);
        let same = prev.is_some_and(|p| Rc::ptr_eq(&p.composed, c));
        if same && !moved && !inherited_changed && !rematch {
            return false;
        }
        self.restyled += 1;
        let features = self.scopes.features(c, &|n| self.index.tests_attr(n));
        let own_changed = prev.is_none_or(|p| p.features != features);
        let must_match = rematch || moved || own_changed;
        steps.push(Step {
            node: c,
            index,
            features,
        });
        let matched = match prev {
            Some(p) if !must_match => p.matched.clone(),
            _ => {
                let tree = PathTree {
                    steps,
                    scopes: self.scopes,
                };
                self.index
                    .matching(self.sheets, &tree, tree.last(), &mut self.keys)
            }
        };
        let inline = steps.last().and_then(|s| s.features.style.as_deref());
        let style = match prev {
            Some(p) if !inherited_changed && p.matched == matched && !own_changed => {
                p.style.clone()
            }
            _ => {
                let key = (
                    parent_style.map_or(0, |s| Arc::as_ptr(s) as usize),
                    matched.clone(),
                    inline.map(str::to_string),
                );
                let new = match self.shared.get(&key) {
                    Some((_, style)) => style.clone(),
                    None => {
                        let style = Arc::new(cascade(
                            self.sheets,
                            &matched,
                            inline,
                            parent_style.map(|s| &**s),
                            self.screen,
                        ));
                        self.shared
                            .insert(key, (parent_style.cloned(), style.clone()));
                        style
                    }
                };
                match prev {
                    Some(p) if Arc::ptr_eq(&p.style, &new) || *p.style == *new => p.style.clone(),
                    _ => new,
                }
            }
        };
        let style_changed = prev.is_none_or(|p| !Arc::ptr_eq(&p.style, &style));
        // Only sibling selectors read the list of children: it is kept only for them.
        let children: Vec<NodeId> = if self.siblings {
            c.children.iter().map(|k| k.id).collect()
        } else {
            Vec::new()
        };
        let kids_rematch = must_match || (self.siblings && self.children_changed(c, &children));
        let mut any = style_changed;
        for (i, k) in c.children.iter().enumerate() {
            any |= self.visit(
                k,
                i,
                Some(c.id),
                steps,
                Some(&style),
                style_changed,
                kids_rematch,
            );
        }
        if any {
            self.changed.insert(c.id);
        }
        let Some(step) = steps.pop() else { return any };
        self.styles.insert(c.id, style.clone());
        self.nodes.insert(
            c.id,
            Styled {
                composed: c.clone(),
                parent,
                features: step.features,
                matched,
                style,
                children,
            },
        );
        any
    }

    /// Whether siblings may now see each other differently: children came, went or moved, or
    /// one that changed looks different to selectors.
    fn children_changed(&self, c: &Composed, ids: &[NodeId]) -> bool {
        let Some(prev) = self.nodes.get(&c.id) else {
            return true;
        };
        prev.children != ids
            || c.children.iter().any(|k| match self.nodes.get(&k.id) {
                Some(n) if Rc::ptr_eq(&n.composed, k) => false,
                Some(n) => n.features != self.scopes.features(k, &|a| self.index.tests_attr(a)),
                None => true,
            })
    }
}
