//! What built-in components' boxes carry for paint and input, read from their attributes
//! once, when the box is built.

use super::*;
use mpsim_wxml::program::AttrKey;

/// The attributes of the built-in controls that set how they look, camelCase as the
/// documentation writes them (templates may write them kebab-case).
const CONTROL_ATTRS: [&str; 16] = [
    "checked",
    "color",
    "type",
    "size",
    "percent",
    "activeColor",
    "backgroundColor",
    "disabled",
    "min",
    "max",
    "value",
    "selectedColor",
    "blockSize",
    "blockColor",
    "showValue",
    "loading",
];

/// `activeColor` -> `active-color`: component attributes are written in kebab case.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_uppercase() {
            out.push('-');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// Whether boolean attribute `name` is set and truthy.
fn on(c: &Composed, name: &str) -> bool {
    c.attrs
        .iter()
        .any(|(k, v)| matches!(k, AttrKey::Attr(n) if n == name) && mpsim_base::js::truthy(v))
}

/// The box data of element `c`.
pub(super) fn box_kind(c: &Composed) -> BoxKind {
    match c.tag.as_str() {
        "image" | "cover-image" => BoxKind::Image {
            src: c.attr_text("src"),
            mode: c.attr_text("mode"),
        },
        "swiper" if on(c, "indicator-dots") => BoxKind::Dots {
            count: c.children.iter().filter(|k| k.tag == "swiper-item").count(),
            current: c.attr_text("current"),
            color: c.attr_text("indicator-color"),
            active: c.attr_text("indicator-active-color"),
        },
        "scroll-view" => {
            let offset = |name: &str| c.attr_text(name).trim().parse::<f32>().unwrap_or(0.0);
            let target = c.attr_text("scroll-into-view");
            BoxKind::ScrollView(Scroller {
                top: on(c, "scroll-y").then(|| offset("scroll-top")),
                left: on(c, "scroll-x").then(|| offset("scroll-left")),
                into_view: (!target.is_empty())
                    .then(|| find_by_id(c, &target))
                    .flatten(),
                width: 0.0,
                height: 0.0,
            })
        }
        "canvas" => BoxKind::Canvas {
            webgl: c.attr_text("type") == "webgl",
        },
        "switch" | "checkbox" | "radio" | "icon" | "progress" | "slider" | "button" => {
            let attrs = CONTROL_ATTRS
                .iter()
                .filter_map(|a| {
                    let (_, v) = c
                        .attrs
                        .iter()
                        .find(|(k, _)| matches!(k, AttrKey::Attr(n) if n == a || *n == kebab(a)))?;
                    let set =
                        !matches!(v, serde_json::Value::Bool(false) | serde_json::Value::Null);
                    set.then(|| (*a, mpsim_base::js::value_to_string(v)))
                })
                .collect();
            BoxKind::Control(attrs)
        }
        _ => BoxKind::Element,
    }
}

/// The first node under `c` whose `id` attribute is `id`.
fn find_by_id(c: &Composed, id: &str) -> Option<NodeId> {
    c.children.iter().find_map(|k| {
        if k.attr_text("id") == id {
            Some(k.id)
        } else {
            find_by_id(k, id)
        }
    })
}
