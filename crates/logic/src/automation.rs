//! What an automation client asks of the app service (`ToLogic::Automation`): the page
//! stack, page and component data, selecting elements in a template, their attributes, and,
//! through `js/automation.js`, wx calls and mocks, functions sent as text, and methods of
//! instances. The view's half of an element (its box, styles, text) the driver reads from
//! the view; this module answers only what the logic side owns.
//!
//! Answers wait in [`Automation::answers`] under the request's token: most are known when the
//! request's task ends, a wx call with callbacks or a returned promise only tasks later.

use crate::events;
use crate::js;
use crate::service::{self, Shared, shared};
use boa_engine::{Context, JsValue};
use mpsim_base::{DataPath, PathSeg};
use mpsim_wxml::NodeId;
use mpsim_wxml::program::AttrKey;
use serde_json::{Map, Value, json};

/// An answer to the request `token`: its result, or the error message the client gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub token: u64,
    pub result: Result<Value, String>,
}

/// What the driver has not taken yet.
#[derive(Debug, Default)]
pub struct Automation {
    pub answers: Vec<Answer>,
    /// Events for the client (`App.bindingCalled`), in order: (method, params).
    pub events: Vec<(String, Value)>,
}

/// Handles one request. Requests this module answers itself are answered now; the rest go
/// to `__automation.call` in JS.
pub fn request(ctx: &mut Context, token: u64, method: &str, params: &Value) {
    let st = shared(ctx);
    let now = match method {
        "App.getPageStack" => Some(Ok(json!({ "pageStack": page_stack(&st) }))),
        "App.getCurrentPage" => Some(
            page_stack(&st)
                .pop()
                .ok_or_else(|| "no page is open".to_string()),
        ),
        "Page.getData" => Some(data(ctx, id_param(params, "pageId"), params)),
        "Element.getData" => Some(data(ctx, id_param(params, "nodeId"), params)),
        "Page.getElement" | "Page.getElements" => {
            let page = id_param(params, "pageId");
            Some(select(
                &st,
                Scope::Instance(page),
                params,
                method.ends_with('s'),
            ))
        }
        "Element.getElement" | "Element.getElements" => {
            let node = id_param(params, "node") as NodeId;
            Some(select(
                &st,
                Scope::Node(node),
                params,
                method.ends_with('s'),
            ))
        }
        "Element.getAttributes" => Some(attributes(&st, params)),
        _ => None,
    };
    match now {
        Some(result) => st
            .borrow_mut()
            .automation
            .answers
            .push(Answer { token, result }),
        None => {
            let text = params.to_string();
            let r = js::call_global(
                ctx,
                "__automation",
                "call",
                &[
                    JsValue::from(token as f64),
                    js::str_value(method),
                    js::str_value(&text),
                ],
            );
            if let Err(e) = r {
                let message = js::error_text(&e, ctx);
                st.borrow_mut().automation.answers.push(Answer {
                    token,
                    result: Err(message),
                });
            }
        }
    }
}

/// A numeric id parameter (`pageId`, `nodeId`); 0 when missing, which names nothing.
fn id_param(params: &Value, name: &str) -> u32 {
    params
        .get(name)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

/// The page stack as the client sees it, bottom first: `{pageId, path, query}`.
fn page_stack(st: &Shared) -> Vec<Value> {
    let s = st.borrow();
    s.pages
        .iter()
        .filter_map(|p| s.insts.get(p).map(|i| (p, i)))
        .map(|(p, i)| json!({"pageId": p, "path": i.path, "query": i.query}))
        .collect()
}

/// `{data}` of instance `id`, or of the value at `params.path` inside it.
fn data(ctx: &mut Context, id: u32, params: &Value) -> Result<Value, String> {
    if !shared(ctx).borrow().insts.contains_key(&id) {
        return Err(format!(
            "instance {id} does not exist (it was unloaded or destroyed)"
        ));
    }
    let data = service::instance_data(ctx, id);
    let data = match params.get("path").and_then(Value::as_str) {
        Some(path) if !path.is_empty() => {
            let path = DataPath::parse(path).map_err(|e| format!("data path `{path}`: {e}"))?;
            value_at(&data, path.segs()).cloned().unwrap_or(Value::Null)
        }
        _ => data,
    };
    Ok(json!({ "data": data }))
}

fn value_at<'a>(v: &'a Value, path: &[PathSeg]) -> Option<&'a Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v);
    };
    let next = match first {
        PathSeg::Key(k) => v.get(k.as_str())?,
        PathSeg::Index(i) => v.get(*i)?,
    };
    value_at(next, rest)
}

/// Where a selector looks.
enum Scope {
    /// The template of page or component instance `id`.
    Instance(u32),
    /// Below a node, inside the template that made it; below a component host, inside the
    /// component's own template (that is how a client reaches into a custom component).
    Node(NodeId),
}

/// `{elements: [{node, tagName, nodeId?}]}` matching `params.selector`, or the first one
/// (an error when there is none: the client turns it into `null`).
fn select(st: &Shared, scope: Scope, params: &Value, all: bool) -> Result<Value, String> {
    let selector = params
        .get("selector")
        .and_then(Value::as_str)
        .ok_or("selector must be a string")?;
    let s = st.borrow();
    let (root, owner) = match scope {
        Scope::Instance(id) => {
            let inst = s
                .insts
                .get(&id)
                .ok_or(format!("page {id} does not exist"))?;
            (inst.root, id)
        }
        Scope::Node(node) => {
            let n = s
                .mirror
                .get(node)
                .ok_or(format!("element {node} is no longer on the page"))?;
            match n.hosts {
                Some(inst) => (node, inst),
                None => (node, n.owner),
            }
        }
    };
    let crossing = selector.contains(">>>");
    let mut found = Vec::new();
    for id in events::select_nodes(&s.mirror, root, selector) {
        let Some(n) = s.mirror.get(id) else { continue };
        if id == root || !(crossing || n.owner == owner) {
            continue;
        }
        let mut e = Map::new();
        e.insert("node".into(), json!(id));
        e.insert("tagName".into(), json!(n.tag));
        if let Some(inst) = n.hosts {
            e.insert("nodeId".into(), json!(inst));
        }
        found.push(Value::Object(e));
        if !all {
            break;
        }
    }
    if all {
        return Ok(json!({ "elements": found }));
    }
    found
        .pop()
        .ok_or_else(|| format!("no element matches `{selector}`"))
}

/// `{attributes: [...]}`: each named attribute as text, null when the node has none.
fn attributes(st: &Shared, params: &Value) -> Result<Value, String> {
    let node = id_param(params, "node") as NodeId;
    let s = st.borrow();
    let n = s
        .mirror
        .get(node)
        .ok_or(format!("element {node} is no longer on the page"))?;
    let names = params.get("names").and_then(Value::as_array);
    let values: Vec<Value> = names
        .into_iter()
        .flatten()
        .map(|name| {
            let name = name.as_str().unwrap_or_default();
            n.attrs
                .iter()
                .find(|(k, _)| matches!(k, AttrKey::Attr(a) if a == name))
                .map(|(_, v)| Value::String(mpsim_base::js::value_to_string(v)))
                .unwrap_or(Value::Null)
        })
        .collect();
    Ok(json!({ "attributes": values }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_path_reads_into_objects_and_arrays() {
        let data = json!({"list": [{"name": "tea"}, {"name": "cake"}]});
        let path = DataPath::parse("list[1].name").unwrap();
        assert_eq!(value_at(&data, path.segs()), Some(&json!("cake")));
        let missing = DataPath::parse("list[5].name").unwrap();
        assert_eq!(value_at(&data, missing.segs()), None);
    }
}
