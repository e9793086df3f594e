//! Events: from the view (a tap on a node) or from a component (`triggerEvent`), turned into
//! the WeChat event object and dispatched along the composed tree: capture handlers outer to
//! inner, then bind/catch handlers inner to outer, `catch` stopping propagation, a `mut-bind`
//! handler running at most once per event, targets retargeted at component boundaries.

use crate::js::{json_arg, str_value};
use crate::mirror::{MNode, Mirror};
use crate::service::{Shared, fw, shared};
use boa_engine::{Context, JsValue};
use mpsim_wxml::NodeId;
use mpsim_wxml::program::{AttrKey, EventKind};
use mpsim_wxss::selector::Selector;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, Default)]
pub struct EventOptions {
    pub bubbles: bool,
    pub composed: bool,
    pub capture: bool,
}

fn dataset(n: &MNode) -> Value {
    let mut m = Map::new();
    for (k, v) in &n.attrs {
        if let AttrKey::Data(name) = k {
            m.insert(name.clone(), v.clone());
        }
    }
    Value::Object(m)
}

/// `id`, `dataset` and the offsets in the page (from the view's layout, when it gave them for
/// this event) of an event's target or current target.
fn node_info(s: &crate::service::State, id: NodeId, offsets: &Offsets) -> Value {
    let Some(n) = s.mirror.get(id) else {
        return json!({});
    };
    let nid = n
        .attr("id")
        .map(mpsim_base::js::value_to_string)
        .unwrap_or_default();
    let (left, top) = offsets.get(&id).copied().unwrap_or((0.0, 0.0));
    json!({"id": nid, "dataset": dataset(n), "offsetLeft": left, "offsetTop": top})
}

struct Handler {
    node: NodeId,
    owner: u32,
    kind: EventKind,
    name: String,
    phase: &'static str,
}

/// Dispatches an event along `path` (target first). `capture` enables the capture phase.
fn dispatch(
    ctx: &mut Context,
    path: &[NodeId],
    event_type: &str,
    detail: Value,
    capture: bool,
    touches: Value,
    offsets: &Offsets,
) {
    let st = shared(ctx);
    let (handlers, clock) = {
        let s = st.borrow();
        let mut hs = Vec::new();
        let collect = |id: NodeId, capture_phase: bool, hs: &mut Vec<Handler>| {
            let Some(n) = s.mirror.get(id) else { return };
            for (k, v) in &n.attrs {
                let AttrKey::Event { kind, name } = k else {
                    continue;
                };
                if name != event_type {
                    continue;
                }
                let is_capture = matches!(
                    kind,
                    EventKind::CaptureBind | EventKind::CaptureCatch | EventKind::CaptureMutBind
                );
                if is_capture != capture_phase {
                    continue;
                }
                let handler = mpsim_base::js::value_to_string(v);
                if handler.is_empty() {
                    continue;
                }
                let phase = if capture_phase {
                    "capture"
                } else if id == path[0] {
                    "target"
                } else {
                    "bubble"
                };
                hs.push(Handler {
                    node: id,
                    owner: n.owner,
                    kind: *kind,
                    name: handler,
                    phase,
                });
            }
        };
        if capture {
            for id in path.iter().rev() {
                collect(*id, true, &mut hs);
            }
        }
        for id in path {
            collect(*id, false, &mut hs);
        }
        (hs, s.clock)
    };
    let mut mut_bound = false;
    let mut stopped_at: Option<NodeId> = None;
    for h in handlers {
        if let Some(stop) = stopped_at
            && stop != h.node
        {
            break;
        }
        let is_mut = matches!(h.kind, EventKind::MutBind | EventKind::CaptureMutBind);
        if is_mut && mut_bound {
            continue;
        }
        let event = {
            let s = st.borrow();
            // The target as this handler's scope sees it: the first node on the path that its
            // template created (a node inside a component shows as the component's host).
            let target = path
                .iter()
                .copied()
                .find(|id| s.mirror.get(*id).is_some_and(|n| n.owner == h.owner))
                .unwrap_or(path[0]);
            let mut mark = Map::new();
            for id in path.iter().rev() {
                if let Some(n) = s.mirror.get(*id).filter(|n| n.owner == h.owner) {
                    for (k, v) in &n.attrs {
                        if let AttrKey::Mark(name) = k {
                            mark.insert(name.clone(), v.clone());
                        }
                    }
                }
            }
            json!({
                "type": event_type,
                "timeStamp": clock,
                "target": node_info(&s, target, offsets),
                "currentTarget": node_info(&s, h.node, offsets),
                "detail": detail,
                "touches": touches,
                "changedTouches": touches,
                "mark": mark,
            })
        };
        {
            let mut s = st.borrow_mut();
            let is = s
                .insts
                .get(&h.owner)
                .map(|i| i.path.clone())
                .unwrap_or_default();
            s.record(json!({"type": "event", "event": event_type, "handler": h.name, "id": h.owner, "is": is, "phase": h.phase, "node": h.node}));
        }
        if is_mut {
            mut_bound = true;
        }
        fw(
            ctx,
            "dispatch",
            &[JsValue::from(h.owner), str_value(&h.name), json_arg(&event)],
        );
        if matches!(h.kind, EventKind::Catch | EventKind::CaptureCatch) {
            stopped_at = Some(h.node);
        }
    }
}

/// The path from a node up to its page root.
fn path_up(mirror: &Mirror, from: NodeId, stay_in: Option<u32>) -> Vec<NodeId> {
    let mut path = Vec::new();
    let mut cur = Some(from);
    while let Some(id) = cur {
        let Some(n) = mirror.get(id) else { break };
        if let Some(scope) = stay_in
            && n.owner != scope
        {
            break;
        }
        path.push(id);
        cur = (n.parent != 0).then_some(n.parent);
    }
    path
}

/// Where the view laid out the nodes an event concerns: node -> (left, top) in the page.
type Offsets = std::collections::HashMap<NodeId, (f64, f64)>;

/// An event on a node, as the view reports it: its touches (one at the page's origin when
/// the view gave none) and its targets' offsets travel in the message.
pub fn view_event(ctx: &mut Context, e: &mpsim_bridge::EventMessage) {
    let st = shared(ctx);
    let path = path_up(&st.borrow().mirror, e.node, None);
    if path.is_empty() {
        return;
    }
    let touches = if e.touches.is_empty() {
        json!([{"identifier": 0, "pageX": 0.0, "pageY": 0.0, "clientX": 0.0, "clientY": 0.0}])
    } else {
        serde_json::to_value(&e.touches).unwrap_or(Value::Null)
    };
    let offsets: Offsets = e.offsets.iter().map(|(n, x, y)| (*n, (*x, *y))).collect();
    dispatch(
        ctx,
        &path,
        &e.event,
        e.detail.clone(),
        true,
        touches,
        &offsets,
    );
}

/// `this.triggerEvent(name, detail, options)` from component `id`.
pub fn trigger(ctx: &mut Context, id: u32, name: &str, detail: Value, opts: EventOptions) {
    let st = shared(ctx);
    let path = {
        let s = st.borrow();
        let Some(host) = s.insts.get(&id).map(|i| i.root) else {
            return;
        };
        let Some(host_owner) = s.mirror.get(host).map(|n| n.owner) else {
            return;
        };
        if !opts.bubbles {
            vec![host]
        } else if opts.composed {
            path_up(&s.mirror, host, None)
        } else {
            path_up(&s.mirror, host, Some(host_owner))
        }
    };
    if path.is_empty() {
        return;
    }
    dispatch(
        ctx,
        &path,
        name,
        detail,
        opts.capture,
        json!([]),
        &Offsets::new(),
    );
}

/// A selector as app code writes it (`.a > .b`, `:not(.c)`, `[data-k="v"]`, `.x >>> .y`)
/// in the style engine's form; `>>>` (into components) is a descendant step here, since the
/// mirror's tree already runs through component hosts. An unparsable selector matches
/// nothing.
fn parse_selector(selector: &str) -> Vec<Selector> {
    mpsim_wxss::selector::parse_list(&selector.replace(">>>", " ")).unwrap_or_default()
}

fn matches(mirror: &Mirror, node: NodeId, sels: &[Selector]) -> bool {
    let is_element = mirror
        .get(node)
        .is_some_and(|n| n.text.is_none() && n.tag != "#shadow-root");
    is_element
        && sels
            .iter()
            .any(|s| mpsim_wxss::selector::matches(s, mirror, node, 0))
}

/// Nodes under `root` matching `selector`, in document order.
pub fn select_nodes(mirror: &Mirror, root: NodeId, selector: &str) -> Vec<NodeId> {
    let sels = parse_selector(selector);
    let mut ids = Vec::new();
    mirror.descendants(root, &mut ids);
    ids.into_iter()
        .filter(|id| matches(mirror, *id, &sels))
        .collect()
}

/// The first node under `root` matching `selector`, without visiting the rest of the tree.
pub fn select_first(mirror: &Mirror, root: NodeId, selector: &str) -> Option<NodeId> {
    let sels = parse_selector(selector);
    mirror.find(root, &mut |id| matches(mirror, id, &sels))
}

/// The nodes a selector query's `select(All)` matches in the template of instance `scope`
/// (the page on top when 0). As on the phone, a query stays inside that template unless the
/// selector crosses into components with `>>>`.
pub fn query_nodes(st: &Shared, scope: u32, selector: &str, all: bool) -> Vec<NodeId> {
    let scope = if scope == 0 {
        match crate::service::top_page(st) {
            Some(p) => p,
            None => return Vec::new(),
        }
    } else {
        scope
    };
    let s = st.borrow();
    let Some(inst) = s.insts.get(&scope) else {
        return Vec::new();
    };
    let crossing = selector.contains(">>>");
    let mut out = Vec::new();
    for n in select_nodes(&s.mirror, inst.root, selector) {
        if crossing || s.mirror.get(n).is_some_and(|node| node.owner == scope) {
            out.push(n);
            if !all {
                break;
            }
        }
    }
    out
}

/// What a query reports of a node besides its box: `id`, `dataset`, and its attributes (for
/// `fields({properties})`).
pub fn query_node_info(s: &crate::service::State, id: NodeId) -> Value {
    let mut info = node_info(s, id, &Offsets::new());
    if let Some(n) = s.mirror.get(id) {
        let attrs: Map<String, Value> = n
            .attrs
            .iter()
            .filter_map(|(k, v)| match k {
                AttrKey::Attr(name) => Some((name.clone(), v.clone())),
                _ => None,
            })
            .collect();
        info["properties"] = Value::Object(attrs);
        info["tag"] = Value::String(n.tag.clone());
    }
    info
}

/// `selectComponent(s)`: component instances hosted in `id`'s own template that match.
pub fn select_components(st: &Shared, id: u32, selector: &str, all: bool) -> Vec<u32> {
    let s = st.borrow();
    let Some(inst) = s.insts.get(&id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for n in select_nodes(&s.mirror, inst.root, selector) {
        if let Some(node) = s.mirror.get(n)
            && node.owner == id
            && let Some(h) = node.hosts
        {
            out.push(h);
            if !all {
                break;
            }
        }
    }
    out
}
