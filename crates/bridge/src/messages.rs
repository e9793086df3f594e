//! The message types. They are plain serde data so that both transports, the recorder and a
//! remote inspector see the same thing.

use mpsim_wxml::{NodeId, TreeOp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// From the logic thread to the view thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "camelCase")]
pub enum ToView {
    /// A new page: its root node and route. The view shows the page on top of the stack.
    PageCreated {
        page: u32,
        root: NodeId,
        route: String,
    },
    /// A page is gone (its nodes with it).
    PageDestroyed { page: u32 },
    /// The page shown changed (navigation, tab switch, back).
    ShowPage { page: u32 },
    /// A component's template renders under `shadow_root`, attached to the element `host`.
    /// `scope` is its style scope; `path` names its stylesheet.
    ShadowRoot {
        host: NodeId,
        shadow_root: NodeId,
        component: u32,
        path: String,
        #[serde(default)]
        options: ComponentOptions,
    },
    /// Tree operations, applied in order, as one frame's worth of change.
    Batch { ops: Vec<TreeOp> },
    /// Native UI the app asked for (toast, modal, navigation bar title...).
    Ui { api: String, args: Value },
    /// A selector query: the view answers with [`ToLogic::Query`] from its layout.
    Query(QueryRequest),
}

/// What the view needs from a component's definition (`Component({options, externalClasses})`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentOptions {
    /// The host element takes no box: the component's nodes sit in the host's place.
    #[serde(default)]
    pub virtual_host: bool,
    /// `options.styleIsolation`, which wins over the component json's.
    #[serde(default)]
    pub style_isolation: Option<String>,
    #[serde(default)]
    pub add_global_class: bool,
    /// Class names the host passes in as attributes (`my-class="red"`).
    #[serde(default)]
    pub external_classes: Vec<String>,
}

/// A touch point, in CSS pixels of the page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Touch {
    pub identifier: u32,
    #[serde(rename = "pageX")]
    pub page_x: f64,
    #[serde(rename = "pageY")]
    pub page_y: f64,
    #[serde(rename = "clientX")]
    pub client_x: f64,
    #[serde(rename = "clientY")]
    pub client_y: f64,
}

/// An event as the view sees it: which node, what kind, its detail. The logic side builds the
/// event object (targets, dataset, mark) from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMessage {
    pub node: NodeId,
    pub event: String,
    pub detail: Value,
    pub touches: Vec<Touch>,
    /// Milliseconds on the virtual clock.
    pub timestamp: u64,
}

/// Where a node is on screen and how far it is scrolled, in CSS pixels of the viewport (the
/// window under the navigation bar, page scroll applied), as `boundingClientRect`,
/// `scrollOffset` and `fields` report them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeBox {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub scroll_left: f64,
    pub scroll_top: f64,
    pub scroll_width: f64,
    pub scroll_height: f64,
    /// The computed values of the properties the query asked for (`computedStyle`).
    pub styles: std::collections::BTreeMap<String, String>,
}

/// A selector query the logic side asks the view to answer from its layout: the nodes the
/// selectors matched (the logic side owns the selectors), and the style properties wanted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryRequest {
    pub id: u32,
    pub nodes: Vec<NodeId>,
    pub styles: Vec<String>,
}

/// The answer: one box per requested node, `None` for a node that is not laid out
/// (`display: none`, or gone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryAnswer {
    pub id: u32,
    pub boxes: Vec<Option<NodeBox>>,
    /// The page's own scroll position and size, for `selectViewport()`.
    pub viewport: NodeBox,
}

/// From the view thread to the logic thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "camelCase")]
pub enum ToLogic {
    Event(EventMessage),
    /// The page's first frame is on screen: its `onReady` may run.
    FirstRender {
        page: u32,
    },
    /// The page scrolled (drives onPageScroll and onReachBottom).
    Scroll {
        page: u32,
        top: f64,
        height: f64,
    },
    Query(QueryAnswer),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_round_trip_through_json() {
        let msgs = vec![
            ToView::PageCreated {
                page: 1,
                root: 5,
                route: "pages/index/index".into(),
            },
            ToView::Batch {
                ops: vec![TreeOp::CreateText {
                    id: 6,
                    parent: 5,
                    before: None,
                    text: "hi".into(),
                }],
            },
            ToView::Ui {
                api: "showToast".into(),
                args: json!({"title": "ok"}),
            },
        ];
        for m in msgs {
            let text = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<ToView>(&text).unwrap(), m);
        }
        let e = ToLogic::Event(EventMessage {
            node: 6,
            event: "tap".into(),
            detail: json!({"x": 1}),
            touches: vec![],
            timestamp: 10,
        });
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.starts_with(r#"{"msg":"event","node":6"#), "{text}");
        assert_eq!(serde_json::from_str::<ToLogic>(&text).unwrap(), e);
    }
}
