//! The message types. They are plain serde data so that both transports, the recorder and a
//! remote inspector see the same thing.

use mpsim_wxml::{NodeId, TreeOp};
use mpsim_wxss::StyleSheet;
use mpsim_wxss::tree::Isolation;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// From the logic thread to the view thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "camelCase")]
pub enum ToView {
    /// Sent once, first: what app.json says about the screen (the global window, the tabBar).
    App(AppConfig),
    /// Sent once, at launch, by whoever loaded the package: its compiled stylesheets (the
    /// view draws with them; the logic side never reads them).
    Styles(StyleConfig),
    /// A new page: its root node, route, its own json's window fields (the view lays them
    /// over the app's window), and whether Skyline draws it.
    PageCreated {
        page: u32,
        root: NodeId,
        route: String,
        #[serde(default)]
        window: Map<String, Value>,
        /// Set when Skyline draws the page, not the WebView.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        skyline: Option<Skyline>,
    },
    /// A page is gone (its nodes with it).
    PageDestroyed { page: u32 },
    /// The page stack after a navigation, bottom first; the last page is on screen.
    Stack { pages: Vec<StackEntry> },
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
    /// Tree operations, applied in order, as one frame's worth of change. The view answers
    /// [`ToLogic::Applied`] with the same `id` (setData callbacks wait for it).
    Batch {
        #[serde(default)]
        id: u64,
        ops: Vec<TreeOp>,
    },
    /// Native UI the app asked for (toast, modal, navigation bar title...).
    Ui { api: String, args: Value },
    /// A selector query: the view answers with [`ToLogic::Query`] from its layout.
    Query(QueryRequest),
    /// The logic side's clock moved (virtual milliseconds since launch): toasts expire,
    /// autoplaying swipers turn.
    Clock { now: u64 },
    /// The bytes of a file the view asked for with [`ToLogic::Resource`] (an image of the
    /// package, a downloaded temp file, a remote image from the mock network), base64; `None`
    /// when there is no such file.
    Resource { src: String, data: Option<String> },
}

/// The compiled stylesheets of a package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StyleConfig {
    /// app.wxss.
    pub app: Option<StyleSheet>,
    /// Page and component stylesheets by base path (`pages/index/index`).
    pub sheets: BTreeMap<String, StyleSheet>,
    /// How each component (by base path) isolates its styles, from its json.
    pub isolation: BTreeMap<String, Isolation>,
}

/// How Skyline, WeChat's own renderer (`"renderer": "skyline"`), draws a page. Its nodes are
/// flex boxes, `border-box` and `position: relative` unless told otherwise, and it lays
/// them out with float-pigment's rules (see `mpsim_view::layout::Rules`). app.json's
/// `rendererOptions.skyline` turns the first two back to the WebView's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skyline {
    /// `defaultDisplayBlock`: nodes are `display: block` unless styled, not `flex`.
    #[serde(default)]
    pub default_display_block: bool,
    /// `defaultContentBox`: nodes are `box-sizing: content-box` unless styled.
    #[serde(default)]
    pub default_content_box: bool,
}

/// What app.json says about the screen, as the view needs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppConfig {
    /// app.json's `window` (theme variables resolved).
    #[serde(default)]
    pub window: Map<String, Value>,
    #[serde(default)]
    pub tab_bar: Option<TabBarConfig>,
}

/// app.json's `tabBar`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TabBarConfig {
    pub color: String,
    pub selected_color: String,
    pub background_color: String,
    /// A `custom-tab-bar` component takes the native bar's place.
    pub custom: bool,
    pub list: Vec<TabItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TabItem {
    pub page_path: String,
    pub text: String,
    pub icon_path: Option<String>,
    pub selected_icon_path: Option<String>,
}

/// One page of the stack: its id and the URL that opens it again (`pages/a/a?id=1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackEntry {
    pub page: u32,
    pub url: String,
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
    /// Where the view laid out the target and the boxes around it (node, left, top in the
    /// page), for the event's `offsetLeft`/`offsetTop`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offsets: Vec<(NodeId, f64, f64)>,
}

impl EventMessage {
    /// An event with no touches and no layout offsets.
    pub fn new(node: NodeId, event: &str, detail: Value) -> EventMessage {
        EventMessage {
            node,
            event: event.to_string(),
            detail,
            touches: Vec::new(),
            timestamp: 0,
            offsets: Vec::new(),
        }
    }
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

/// From the view thread (and the driver: clock ticks, scripted navigation, the app going to
/// the background) to the logic thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "camelCase")]
pub enum ToLogic {
    /// A touch, a change of a built-in component, any event on a node.
    Event(EventMessage),
    /// Text typed into an input or textarea: `input` fires and `model:value` writes back.
    Input {
        node: NodeId,
        value: String,
    },
    /// The page's first frame is on screen: its components' `ready` and its `onReady` run.
    FirstRender {
        page: u32,
    },
    /// The view applied batch `id`: the setData callbacks waiting for it run.
    Applied {
        id: u64,
    },
    /// The page scrolled to `top` (onPageScroll).
    Scroll {
        page: u32,
        top: f64,
    },
    /// The page's bottom came within its `onReachBottomDistance`.
    ReachBottom {
        page: u32,
    },
    /// The user pulled the page down (the view checked `enablePullDownRefresh`).
    PullDownRefresh {
        page: u32,
    },
    /// The user tapped tabBar item `index`.
    TabTap {
        index: usize,
    },
    /// The back button (or gesture).
    Back,
    /// The window changed size (rotation).
    Resize {
        width: u32,
        height: u32,
    },
    /// The user answered the modal or action sheet: `api` is `showModal` or
    /// `showActionSheet`, `answer` what the callbacks get.
    UiAnswer {
        api: String,
        answer: Value,
    },
    /// The answer to a [`ToView::Query`].
    Query(QueryAnswer),
    /// The view needs the bytes of `src` (an absolute package path, a temp file, a URL).
    Resource {
        src: String,
    },
    /// The user opens the share menu (onShareAppMessage).
    Share,
    /// The app goes to the background / comes back.
    Hide,
    Show,
    /// A navigation as app code would ask for it (`navigateTo`, `/pages/a/a?x=1`).
    Navigate {
        method: String,
        url: String,
    },
    /// Virtual time moves on by `ms`: due timers fire in order.
    Advance {
        ms: u64,
    },
    /// Virtual time runs until no one-shot timer is due within `budget` ms.
    WaitIdle {
        budget: u64,
    },
    /// The view could not do what a message asked (a tree operation on a node it does not
    /// have): the logic side records it as an error, so that nothing is dropped silently.
    ViewError {
        message: String,
    },
    /// A request of an automation client (miniprogram-automator's `App.*`, `Page.*` and
    /// the template side of `Element.*`), from the driver. Its answer, which may come tasks
    /// later (a wx call waiting for its callback), is collected under `token` by the app
    /// service for the driver, not sent to the view.
    Automation {
        token: u64,
        method: String,
        params: Value,
    },
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
                window: Default::default(),
                skyline: None,
            },
            ToView::Batch {
                id: 1,
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
            timestamp: 10,
            offsets: vec![(6, 0.0, 12.5)],
            ..EventMessage::new(6, "tap", json!({"x": 1}))
        });
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.starts_with(r#"{"msg":"event","node":6"#), "{text}");
        assert_eq!(serde_json::from_str::<ToLogic>(&text).unwrap(), e);
    }
}
