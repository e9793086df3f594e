//! The composed tree: what is on screen. A component host shows its shadow tree, and each
//! `<slot>` in it shows the host's children assigned to it (`slot="name"`, or the default slot).
//! Every node records the style scope of the template that created it.

use crate::tree::{VNode, ViewTree};
use mpsim_wxml::NodeId;
use mpsim_wxml::program::AttrKey;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::rc::Rc;

/// A node's attributes, in order.
pub type Attrs = Rc<Vec<(AttrKey, Value)>>;

#[derive(Debug, Clone)]
pub struct Composed {
    pub id: NodeId,
    pub tag: String,
    /// Shared with the compositions before while the node's attributes do not change: a
    /// component host's properties can be large (a whole list).
    pub attrs: Attrs,
    pub text: Option<String>,
    /// The style scope that created the node: 0 for the page, else the component instance.
    pub scope: u32,
    /// For a component host: the component instance it hosts.
    pub host_of: Option<u32>,
    pub children: Vec<Rc<Composed>>,
}

impl Composed {
    /// The documented dump shape (see mpsim-wxml's `DomTree`), plus nothing view-specific.
    pub fn to_json(&self) -> Value {
        if let Some(t) = &self.text {
            return json!({ "text": t });
        }
        let mut obj = Map::new();
        obj.insert("tag".into(), Value::String(self.tag.clone()));
        mpsim_wxml::insert_attrs_json(&self.attrs, &mut obj);
        if !self.children.is_empty() {
            obj.insert(
                "children".into(),
                Value::Array(self.children.iter().map(|c| c.to_json()).collect()),
            );
        }
        Value::Object(obj)
    }

    pub fn attr_text(&self, name: &str) -> String {
        self.attrs
            .iter()
            .find(|(k, _)| matches!(k, AttrKey::Attr(n) if n == name))
            .map(|(_, v)| mpsim_base::js::value_to_string(v))
            .unwrap_or_default()
    }
}

/// Where composition stands: the scope creating nodes, and the slot assignments of the
/// component whose shadow tree is being walked (with the context its host was in).
#[derive(Clone)]
struct Ctx {
    scope: u32,
    slots: Option<Rc<Slots>>,
}

struct Slots {
    assigned: HashMap<String, Vec<NodeId>>,
    outer: Ctx,
}

/// What the last compositions made: each node's composed subtree and the scope it was made
/// in. [`ViewTree`] drops a node's entry, and its ancestors', whenever a message changes it,
/// so an entry that is still here is still right and is reused as it is.
#[derive(Debug)]
pub struct ComposeCache {
    nodes: HashMap<NodeId, (u32, Rc<Composed>)>,
    /// Each node's attributes as last composed, kept until a message changes them (a node is
    /// composed again whenever anything under it changes).
    attrs: HashMap<NodeId, Attrs>,
    /// Nodes removed since [`ComposeCache::take_gone`] was last called, for the frame caches
    /// beyond composition; `None` once too many were removed to keep the list.
    gone: Option<Vec<NodeId>>,
}

impl Default for ComposeCache {
    fn default() -> ComposeCache {
        ComposeCache {
            nodes: HashMap::new(),
            attrs: HashMap::new(),
            gone: Some(Vec::new()),
        }
    }
}

/// How many removed nodes the cache lists before it gives up (a page run for a long time with
/// no frame drawn would otherwise grow the list without end).
const GONE_LIMIT: usize = 1 << 16;

impl ComposeCache {
    /// The attributes of `id` changed (or it was made anew).
    pub fn attrs_changed(&mut self, id: NodeId) {
        self.attrs.remove(&id);
    }

    /// The attributes of `n` (node `id`), shared with the last composition when unchanged.
    fn attrs_of(&mut self, id: NodeId, n: &VNode) -> Attrs {
        self.attrs
            .entry(id)
            .or_insert_with(|| Rc::new(n.attrs.clone()))
            .clone()
    }

    /// `id` was removed from the tree.
    pub fn removed(&mut self, id: NodeId) {
        self.nodes.remove(&id);
        self.attrs.remove(&id);
        if let Some(gone) = &mut self.gone {
            if gone.len() < GONE_LIMIT {
                gone.push(id);
            } else {
                self.gone = None;
            }
        }
    }

    /// The nodes removed since the last call, or `None` when they were too many to list (the
    /// caller then starts again from nothing).
    pub fn take_gone(&mut self) -> Option<Vec<NodeId>> {
        self.gone.replace(Vec::new())
    }

    /// Forgets what was composed for `id` (its composition changes with its subtree).
    pub fn forget(&mut self, id: NodeId) {
        self.nodes.remove(&id);
    }

    /// Forgets every node `keep` says is gone.
    pub fn retain(&mut self, keep: impl Fn(NodeId) -> bool) {
        self.nodes.retain(|id, _| keep(*id));
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// The composed tree of a page, from its root. Subtrees no message changed since the last
/// composition are the same `Rc` as then.
pub fn compose_page(tree: &ViewTree, page: u32) -> Option<Rc<Composed>> {
    let root = tree.page(page)?.root;
    let node = tree.node(root)?;
    let ctx = Ctx {
        scope: 0,
        slots: None,
    };
    let cache = &mut tree.compose_cache();
    if let Some((_, page)) = cache.nodes.get(&root) {
        return Some(page.clone());
    }
    let children = compose_children(tree, cache, &node.children, &ctx, 0);
    let page = Rc::new(Composed {
        id: root,
        tag: "page".into(),
        attrs: Rc::new(page_meta_style(&children)),
        text: None,
        scope: 0,
        host_of: None,
        children,
    });
    cache.nodes.insert(root, (0, page.clone()));
    Some(page)
}

/// The page's own inline style from a `<page-meta>` among its first nodes: `page-style`, and
/// `root-font-size` as the page's font size.
fn page_meta_style(children: &[Rc<Composed>]) -> Vec<(AttrKey, Value)> {
    let Some(meta) = children.iter().find(|c| c.tag == "page-meta") else {
        return Vec::new();
    };
    let mut style = meta.attr_text("page-style");
    let root_font = meta.attr_text("root-font-size");
    if !root_font.is_empty() && root_font != "auto" {
        style.push_str(&format!(";font-size:{root_font}"));
    }
    if style.is_empty() {
        return Vec::new();
    }
    vec![(AttrKey::Attr("style".into()), Value::String(style))]
}

pub(crate) const MAX_DEPTH: u32 = 256;

/// The attributes that say where a scroll-view is scrolled.
pub const SCROLL_ATTRS: [&str; 3] = ["scroll-left", "scroll-top", "scroll-into-view"];

fn compose_children(
    tree: &ViewTree,
    cache: &mut ComposeCache,
    ids: &[NodeId],
    ctx: &Ctx,
    depth: u32,
) -> Vec<Rc<Composed>> {
    let mut out = Vec::new();
    for id in ids {
        match cache.nodes.get(id) {
            Some((scope, c)) if *scope == ctx.scope => out.push(c.clone()),
            _ => compose_node(tree, cache, *id, ctx, depth, &mut out),
        }
    }
    out
}

/// Composes node `id` into `out`: itself, or for a slot or a virtual host the nodes standing
/// in its place. A node that composes to itself is remembered in `cache`.
fn compose_node(
    tree: &ViewTree,
    cache: &mut ComposeCache,
    id: NodeId,
    ctx: &Ctx,
    depth: u32,
    out: &mut Vec<Rc<Composed>>,
) {
    let Some(n) = tree.node(id) else { return };
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(t) = &n.text {
        let text = Rc::new(Composed {
            id,
            tag: String::new(),
            attrs: Attrs::default(),
            text: Some(t.clone()),
            scope: ctx.scope,
            host_of: None,
            children: Vec::new(),
        });
        cache.nodes.insert(id, (ctx.scope, text.clone()));
        out.push(text);
        return;
    }
    // A slot is replaced by what the host assigned to it, composed where the host stood.
    if n.tag == "slot"
        && let Some(slots) = &ctx.slots
    {
        let name = n.attr_text("name");
        if let Some(ids) = slots.assigned.get(&name) {
            out.extend(compose_children(tree, cache, ids, &slots.outer, depth + 1));
        }
        return;
    }
    let (children, host_of) = match n.shadow_root.and_then(|s| tree.node(s).map(|sn| (s, sn))) {
        Some((_, shadow)) => {
            let component = shadow.shadow_of.unwrap_or(0);
            let virtual_host = tree
                .component(component)
                .is_some_and(|(_, o)| o.virtual_host);
            let mut assigned: HashMap<String, Vec<NodeId>> = HashMap::new();
            for c in &n.children {
                let name = tree
                    .node(*c)
                    .map(|cn| cn.attr_text("slot"))
                    .unwrap_or_default();
                assigned.entry(name).or_default().push(*c);
            }
            let inner = Ctx {
                scope: component,
                slots: Some(Rc::new(Slots {
                    assigned,
                    outer: ctx.clone(),
                })),
            };
            let kids = compose_children(tree, cache, &shadow.children, &inner, depth + 1);
            // A virtual host takes no box of its own: its nodes stand in its place.
            if virtual_host {
                out.extend(kids);
                return;
            }
            (kids, Some(component))
        }
        None => (
            compose_children(tree, cache, &n.children, ctx, depth + 1),
            None,
        ),
    };
    let mut node = Composed {
        id,
        tag: n.tag.clone(),
        attrs: cache.attrs_of(id, n),
        text: None,
        scope: ctx.scope,
        host_of,
        children,
    };
    if let Some((attr, current)) = tree.swiper_current.get(&id)
        && *attr == n.attr_text("current")
    {
        let attrs = Rc::make_mut(&mut node.attrs);
        attrs.retain(|(k, _)| !matches!(k, AttrKey::Attr(n) if n == "current"));
        attrs.push((AttrKey::Attr("current".into()), Value::from(*current)));
    }
    if let Some((attrs, (x, y))) = tree.scroll_views.get(&id)
        && *attrs == SCROLL_ATTRS.map(|a| n.attr_text(a))
    {
        let attrs = Rc::make_mut(&mut node.attrs);
        attrs.retain(|(k, _)| !matches!(k, AttrKey::Attr(n) if SCROLL_ATTRS.contains(&n.as_str())));
        attrs.push((AttrKey::Attr("scroll-left".into()), Value::from(*x as f64)));
        attrs.push((AttrKey::Attr("scroll-top".into()), Value::from(*y as f64)));
    }
    // rich-text shows its `nodes`, not its WXML children.
    if n.tag == "rich-text" {
        let nodes = n.attr("nodes").cloned().unwrap_or_default();
        node.children = crate::rich_text::children(&node, &nodes)
            .into_iter()
            .map(Rc::new)
            .collect();
    }
    let node = Rc::new(node);
    cache.nodes.insert(id, (ctx.scope, node.clone()));
    out.push(node);
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_bridge::ToView;
    use mpsim_wxml::TreeOp;

    fn el(id: NodeId, parent: NodeId, tag: &str, attrs: &[(&str, &str)]) -> TreeOp {
        TreeOp::CreateElement {
            id,
            parent,
            before: None,
            tag: tag.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (AttrKey::Attr((*k).into()), json!(v)))
                .collect(),
        }
    }

    fn text(id: NodeId, parent: NodeId, t: &str) -> TreeOp {
        TreeOp::CreateText {
            id,
            parent,
            before: None,
            text: t.into(),
        }
    }

    /// A view tree with page 1 (root node 1) on it.
    fn page() -> ViewTree {
        let mut t = ViewTree::new();
        t.apply(&ToView::PageCreated {
            page: 1,
            root: 1,
            route: "p".into(),
            window: Default::default(),
            skyline: None,
        });
        t
    }

    fn batch(t: &mut ViewTree, ops: Vec<TreeOp>) {
        t.apply(&ToView::Batch { id: 0, ops });
    }

    /// Component instance `component` (stylesheet `path`) renders under `shadow_root` of `host`.
    fn shadow(t: &mut ViewTree, host: NodeId, shadow_root: NodeId, component: u32, path: &str) {
        t.apply(&ToView::ShadowRoot {
            host,
            shadow_root,
            component,
            path: path.into(),
            options: Default::default(),
        });
    }

    fn markup(c: &Composed) -> String {
        if let Some(t) = &c.text {
            return t.clone();
        }
        let inner: String = c.children.iter().map(|c| markup(c)).collect();
        format!("<{}@{}>{inner}</{}>", c.tag, c.scope, c.tag)
    }

    #[test]
    fn hosts_show_their_shadow_tree_with_slots_filled() {
        let mut t = page();
        // Page: <card><text slot="title">T</text>body</card>
        batch(
            &mut t,
            vec![
                el(2, 1, "card", &[]),
                el(3, 2, "text", &[("slot", "title")]),
                text(4, 3, "T"),
                text(5, 2, "body"),
            ],
        );
        // card's template: <view><slot name="title"/></view><view><slot/></view>
        shadow(&mut t, 2, 10, 7, "c/card");
        batch(
            &mut t,
            vec![
                el(11, 10, "view", &[]),
                el(12, 11, "slot", &[("name", "title")]),
                el(13, 10, "view", &[]),
                el(14, 13, "slot", &[]),
            ],
        );
        let c = compose_page(&t, 1).unwrap();
        assert_eq!(
            markup(&c),
            "<page@0><card@0><view@7><text@0>T</text></view><view@7>body</view></card></page>"
        );
        assert_eq!(c.children[0].host_of, Some(7));
    }

    #[test]
    fn a_batch_recomposes_what_it_changed_and_reuses_the_rest() {
        let mut t = page();
        // Page: <view>a</view><view>b</view><card>light</card>, card: <view><slot/></view>
        batch(
            &mut t,
            vec![
                el(2, 1, "view", &[]),
                text(3, 2, "a"),
                el(4, 1, "view", &[]),
                text(5, 4, "b"),
                el(6, 1, "card", &[]),
                text(7, 6, "light"),
            ],
        );
        shadow(&mut t, 6, 10, 7, "c/card");
        batch(
            &mut t,
            vec![el(11, 10, "view", &[]), el(12, 11, "slot", &[])],
        );
        let before = compose_page(&t, 1).unwrap();
        assert!(Rc::ptr_eq(&before, &compose_page(&t, 1).unwrap()));
        batch(
            &mut t,
            vec![TreeOp::SetText {
                id: 3,
                text: "A".into(),
            }],
        );
        let after = compose_page(&t, 1).unwrap();
        assert_eq!(markup(&after.children[0]), "<view@0>A</view>");
        assert!(!Rc::ptr_eq(&before.children[0], &after.children[0]));
        assert!(Rc::ptr_eq(&before.children[1], &after.children[1]));
        assert!(Rc::ptr_eq(&before.children[2], &after.children[2]));
        // A host's light children change what its shadow tree shows in the slot.
        batch(&mut t, vec![text(8, 6, "+more")]);
        let slotted = compose_page(&t, 1).unwrap();
        assert_eq!(
            markup(&slotted.children[2]),
            "<card@0><view@7>light+more</view></card>"
        );
        assert!(Rc::ptr_eq(&after.children[1], &slotted.children[1]));
        // The view moving a swiper or scroll-view recomposes that node.
        t.touch(4);
        let touched = compose_page(&t, 1).unwrap();
        assert!(!Rc::ptr_eq(&slotted.children[1], &touched.children[1]));
        assert!(Rc::ptr_eq(&slotted.children[0], &touched.children[0]));
    }

    /// Page: <outer>X</outer>; outer's template: <inner><slot/></inner>; inner's:
    /// <view><slot/></view>. `inner` is a virtual host when asked.
    fn nested(inner_virtual: bool) -> ViewTree {
        let mut t = page();
        batch(&mut t, vec![el(2, 1, "outer", &[]), text(3, 2, "X")]);
        shadow(&mut t, 2, 20, 5, "outer");
        batch(
            &mut t,
            vec![el(21, 20, "inner", &[]), el(22, 21, "slot", &[])],
        );
        t.apply(&ToView::ShadowRoot {
            host: 21,
            shadow_root: 30,
            component: 6,
            path: "inner".into(),
            options: mpsim_bridge::ComponentOptions {
                virtual_host: inner_virtual,
                ..Default::default()
            },
        });
        batch(
            &mut t,
            vec![el(31, 30, "view", &[]), el(32, 31, "slot", &[])],
        );
        t
    }

    #[test]
    fn nested_components_pass_slots_through() {
        let c = compose_page(&nested(false), 1).unwrap();
        assert_eq!(
            markup(&c),
            "<page@0><outer@0><inner@5><view@6>X</view></inner></outer></page>"
        );
    }

    #[test]
    fn virtual_hosts_leave_no_box() {
        let c = compose_page(&nested(true), 1).unwrap();
        assert_eq!(
            markup(&c),
            "<page@0><outer@0><view@6>X</view></outer></page>"
        );
    }
}
