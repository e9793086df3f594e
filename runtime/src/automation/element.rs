//! The view's half of an element: what is on screen (the composed tree, boxes, scrolling),
//! as DevTools reads it from its WebView: WXML text, inner text, DOM properties, window
//! properties, built-in components' properties, and the SDK's helpers for built-ins
//! (`input.input`, `scroll-view.scrollTo`, `swiper.swipeTo`...).

use crate::Simulator;
use mpsim_bridge::NodeBox;
use mpsim_view::Composed;
use mpsim_wxml::NodeId;
use mpsim_wxml::program::AttrKey;
use serde_json::{Value, json};

/// The composed node `id` under `root`.
pub fn find(root: &Composed, id: NodeId) -> Option<&Composed> {
    if root.id == id {
        return Some(root);
    }
    root.children.iter().find_map(|c| find(c, id))
}

/// The node as WXML: its children only (`inner`) or the node with them (`outer`).
pub fn wxml(node: &Composed, outer: bool) -> String {
    let mut out = String::new();
    if outer {
        write_node(node, &mut out);
    } else {
        for c in &node.children {
            write_node(c, &mut out);
        }
    }
    out
}

fn write_node(n: &Composed, out: &mut String) {
    if let Some(t) = &n.text {
        out.push_str(&escape(t, false));
        return;
    }
    out.push('<');
    out.push_str(&n.tag);
    for (k, v) in n.attrs.iter() {
        if let AttrKey::Attr(name) = k {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(&escape(&mpsim_base::js::value_to_string(v), true));
            out.push('"');
        }
    }
    out.push('>');
    for c in &n.children {
        write_node(c, out);
    }
    out.push_str("</");
    out.push_str(&n.tag);
    out.push('>');
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of the node's subtree, in document order.
pub fn text(n: &Composed) -> String {
    let mut out = String::new();
    collect_text(n, &mut out);
    out
}

fn collect_text(n: &Composed, out: &mut String) {
    match &n.text {
        Some(t) => out.push_str(t),
        None => n.children.iter().for_each(|c| collect_text(c, out)),
    }
}

/// `document.documentElement.scrollWidth` and the other window properties the SDK reads
/// (`page.size()`, `page.scrollTop()`).
pub fn window_property(view: &NodeBox, name: &str) -> Value {
    match name {
        "document.documentElement.scrollWidth" | "document.body.scrollWidth" => {
            json!(view.scroll_width)
        }
        "document.documentElement.scrollHeight" | "document.body.scrollHeight" => {
            json!(view.scroll_height)
        }
        "document.documentElement.scrollTop"
        | "document.body.scrollTop"
        | "scrollY"
        | "pageYOffset" => json!(view.scroll_top),
        "document.documentElement.scrollLeft"
        | "document.body.scrollLeft"
        | "scrollX"
        | "pageXOffset" => json!(view.scroll_left),
        "innerWidth" | "document.documentElement.clientWidth" => json!(view.width),
        "innerHeight" | "document.documentElement.clientHeight" => json!(view.height),
        _ => Value::Null,
    }
}

/// A DOM property of the node on screen (`offsetWidth`, `innerText`, `scrollTop`...).
pub fn dom_property(sim: &mut Simulator, node: NodeId, name: &str) -> Value {
    let answer = sim.measure(&[node], &[]);
    let b = answer.boxes.first().cloned().flatten();
    let tree = sim.page_tree();
    let composed = tree.as_deref().and_then(|t| find(t, node));
    let num = |f: fn(&NodeBox) -> f64| b.as_ref().map_or(json!(0), |b| json!(f(b)));
    match name {
        "offsetWidth" | "clientWidth" => num(|b| b.width),
        "offsetHeight" | "clientHeight" => num(|b| b.height),
        "offsetLeft" => num(|b| b.left),
        "offsetTop" => {
            let top = answer.viewport.scroll_top;
            b.as_ref().map_or(json!(0), |b| json!(b.top + top))
        }
        "scrollTop" => num(|b| b.scroll_top),
        "scrollLeft" => num(|b| b.scroll_left),
        "scrollWidth" => num(|b| b.scroll_width),
        "scrollHeight" => num(|b| b.scroll_height),
        "innerText" | "textContent" => composed.map_or(Value::Null, |c| json!(text(c))),
        "innerHTML" => composed.map_or(Value::Null, |c| json!(wxml(c, false))),
        "outerHTML" => composed.map_or(Value::Null, |c| json!(wxml(c, true))),
        "tagName" | "nodeName" => sim
            .tag_of(node)
            .map_or(Value::Null, |t| json!(t.to_uppercase())),
        "value" => json!(sim.value_of(node)),
        "id" => attr(sim, node, "id"),
        "className" => attr(sim, node, "class"),
        _ => Value::Null,
    }
}

fn attr(sim: &Simulator, node: NodeId, name: &str) -> Value {
    sim.view_tree()
        .node(node)
        .map_or(Value::Null, |n| json!(n.attr_text(name)))
}

/// The public properties of each built-in component, camelCased as the framework names them.
/// `property()` first asks for `__propPublic` and refuses a name that is not in it.
fn builtin_properties(tag: &str) -> &'static [&'static str] {
    match tag {
        "input" => &[
            "value",
            "type",
            "password",
            "placeholder",
            "placeholderClass",
            "placeholderStyle",
            "disabled",
            "maxlength",
            "focus",
            "confirmType",
            "cursor",
            "selectionStart",
            "selectionEnd",
        ],
        "textarea" => &[
            "value",
            "placeholder",
            "placeholderClass",
            "placeholderStyle",
            "disabled",
            "maxlength",
            "focus",
            "autoHeight",
            "fixed",
            "cursor",
        ],
        "switch" => &["checked", "disabled", "type", "color"],
        "checkbox" | "radio" => &["value", "checked", "disabled", "color"],
        "slider" => &[
            "min",
            "max",
            "step",
            "disabled",
            "value",
            "color",
            "selectedColor",
            "activeColor",
            "backgroundColor",
            "showValue",
        ],
        "picker" => &[
            "mode", "range", "rangeKey", "value", "disabled", "start", "end", "fields",
        ],
        "scroll-view" => &[
            "scrollX",
            "scrollY",
            "upperThreshold",
            "lowerThreshold",
            "scrollTop",
            "scrollLeft",
            "scrollIntoView",
            "scrollWithAnimation",
            "enableBackToTop",
        ],
        "swiper" => &[
            "indicatorDots",
            "autoplay",
            "current",
            "interval",
            "duration",
            "circular",
            "vertical",
            "previousMargin",
            "nextMargin",
            "displayMultipleItems",
        ],
        "movable-view" => &[
            "direction",
            "inertia",
            "outOfBounds",
            "x",
            "y",
            "damping",
            "friction",
            "disabled",
            "scale",
        ],
        "image" => &["src", "mode", "lazyLoad", "showMenuByLongpress"],
        "button" => &[
            "size",
            "type",
            "plain",
            "disabled",
            "loading",
            "formType",
            "openType",
            "hoverClass",
        ],
        "navigator" => &["target", "url", "openType", "delta", "hoverClass"],
        "video" => &[
            "src",
            "duration",
            "controls",
            "autoplay",
            "loop",
            "muted",
            "initialTime",
            "objectFit",
            "poster",
        ],
        "text" => &["selectable", "userSelect", "space", "decode"],
        "view" => &[
            "hoverClass",
            "hoverStopPropagation",
            "hoverStartTime",
            "hoverStayTime",
        ],
        _ => &[],
    }
}

/// A property of a built-in element: its attribute under the camelCased name (the value the
/// user typed for an input), or the component's public property list for `__propPublic`.
pub fn builtin_property(sim: &Simulator, node: NodeId, name: &str) -> Value {
    let tag = sim.tag_of(node).unwrap_or_default();
    let Some(n) = sim.view_tree().node(node) else {
        return Value::Null;
    };
    if name == "__propPublic" {
        let mut pub_props = serde_json::Map::new();
        for p in builtin_properties(&tag) {
            pub_props.insert((*p).to_string(), json!(true));
        }
        for (k, _) in &n.attrs {
            if let AttrKey::Attr(a) = k
                && !a.starts_with("data-")
                && !matches!(a.as_str(), "class" | "style" | "id" | "slot")
            {
                pub_props.insert(mpsim_base::js::dataset_key(a), json!(true));
            }
        }
        return Value::Object(pub_props);
    }
    if name == "value" && matches!(tag.as_str(), "input" | "textarea") {
        return json!(sim.value_of(node));
    }
    n.attrs
        .iter()
        .find(|(k, _)| matches!(k, AttrKey::Attr(a) if mpsim_base::js::dataset_key(a) == name))
        .map_or(Value::Null, |(_, v)| v.clone())
}

/// The SDK's helpers for built-in components (`Element.callFunction`), done the way the user
/// would: typing, scrolling, swiping, sliding, toggling.
pub fn call_function(
    sim: &mut Simulator,
    node: NodeId,
    name: &str,
    args: &[Value],
) -> Result<Value, String> {
    let num = |i: usize| args.get(i).and_then(Value::as_f64).unwrap_or(0.0);
    let scroll = |sim: &mut Simulator, f: fn(&NodeBox) -> f64| {
        let b = sim.measure(&[node], &[]).boxes.pop().flatten();
        b.map_or(json!(0), |b| json!(f(&b)))
    };
    match name {
        "input.input" | "textarea.input" => {
            let value = args
                .first()
                .map(mpsim_base::js::value_to_string)
                .unwrap_or_default();
            sim.type_into(node, &value);
            Ok(Value::Null)
        }
        "scroll-view.scrollTo" => {
            sim.scroll_view_node(node, num(0) as f32, num(1) as f32)?;
            Ok(Value::Null)
        }
        "scroll-view.scrollTop" => Ok(scroll(sim, |b| b.scroll_top)),
        "scroll-view.scrollLeft" => Ok(scroll(sim, |b| b.scroll_left)),
        "scroll-view.scrollWidth" => Ok(scroll(sim, |b| b.scroll_width)),
        "scroll-view.scrollHeight" => Ok(scroll(sim, |b| b.scroll_height)),
        "swiper.swipeTo" => {
            sim.event(
                node,
                "change",
                json!({"current": num(0), "currentItemId": "", "source": "touch"}),
            );
            Ok(Value::Null)
        }
        "movable-view.moveTo" => {
            sim.event(
                node,
                "change",
                json!({"x": num(0), "y": num(1), "source": "touch"}),
            );
            Ok(Value::Null)
        }
        "slider.slideTo" => {
            sim.event(node, "changing", json!({ "value": num(0) }));
            sim.event(node, "change", json!({ "value": num(0) }));
            Ok(Value::Null)
        }
        "switch.tap" => {
            let checked = sim.view_tree().node(node).map(|n| n.attr_text("checked"));
            let on = matches!(checked.as_deref(), Some("true"));
            sim.touch_node(node, "tap", Vec::new());
            sim.event(node, "change", json!({ "value": !on }));
            Ok(Value::Null)
        }
        _ => Err(format!("unknown element function {name}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wxml_escapes_text_and_attribute_values() {
        assert_eq!(escape("a<b & \"c\"", false), "a&lt;b &amp; \"c\"");
        assert_eq!(escape("\"x\"", true), "&quot;x&quot;");
    }
}
