//! Automation: what miniprogram-automator (the official Node SDK for end-to-end tests) asks
//! of WeChat DevTools, answered by a simulator. [`Session`] turns each protocol request
//! (`{method, params}`) into work on the two sides and a JSON result, and collects the events
//! the client listens for; [`server`] carries requests and events over the SDK's WebSocket.
//!
//! The logic side answers what it owns (pages, data, selectors over templates, wx calls and
//! mocks, functions sent as text: `mpsim_logic::automation`); the view answers what is on
//! screen (boxes, styles, text, WXML: [`element`]), as DevTools' app service and WebView do.
//!
//! Time: while a client is connected the virtual clock runs at least as fast as the wall
//! clock ([`Session::tick`]), because the SDK waits in wall time (a long press is
//! touchstart, 350 ms, touchend; navigation helpers sleep 3 s).

mod element;
pub mod server;
mod xpath;

use crate::Simulator;
use mpsim_bridge::Touch;
use mpsim_wxml::NodeId;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The SDK refuses a base library older than 2.7.3; mpsim reports the one its wx serves.
pub const SDK_VERSION: &str = "3.5.0";
/// How long a request may wait for its answer on the app's clock (a wx call waiting for a
/// callback, a promise): a modal waits for a tap that may never come.
const ANSWER_WAIT_MS: u64 = 10_000;
/// The virtual time step while waiting for an answer.
const WAIT_STEP_MS: u64 = 16;
/// A touch held this long is a long press, as on the phone.
const LONG_PRESS_MS: u64 = 350;

/// An element handle the client holds (`elementId`): the node and the page it is on.
#[derive(Debug, Clone)]
struct Handle {
    page: u32,
    node: NodeId,
    tag: String,
    /// The component instance the node hosts (a custom element's `nodeId`).
    component: Option<u32>,
}

/// A touch the client started (`Element.touchstart`) and has not ended.
#[derive(Debug, Clone)]
struct Held {
    node: NodeId,
    since: u64,
    long_pressed: bool,
    moved: bool,
}

/// One client's session with a launched app.
pub struct Session {
    sim: Simulator,
    next_token: u64,
    next_handle: u64,
    handles: HashMap<String, Handle>,
    /// Whether the client asked for console messages (`App.enableLog`).
    log: bool,
    /// How much of the trace has been turned into events.
    trace_seen: usize,
    held: Option<Held>,
    events: Vec<Value>,
    closed: bool,
}

impl Session {
    /// A session on a launched app. What the app logged before is not sent.
    pub fn new(sim: Simulator) -> Session {
        let trace_seen = sim.trace().len();
        Session {
            sim,
            next_token: 1,
            next_handle: 1,
            handles: HashMap::new(),
            log: false,
            trace_seen,
            held: None,
            events: Vec::new(),
            closed: false,
        }
    }

    /// The simulator, for a caller that also drives or inspects it.
    pub fn simulator(&mut self) -> &mut Simulator {
        &mut self.sim
    }

    /// Whether the client asked to close (`Tool.close`).
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// Lets the app's clock catch up with `wall_ms`, the wall time since the session began
    /// on the app's clock (timers fire, a held touch becomes a long press).
    pub fn tick(&mut self, wall_ms: u64) {
        let now = self.sim.now();
        if wall_ms > now {
            let due = self
                .held
                .as_ref()
                .filter(|h| !h.long_pressed && !h.moved)
                .map(|h| h.since + LONG_PRESS_MS);
            match due {
                Some(due) if due > now && due <= wall_ms => {
                    self.sim.advance(due - now);
                    self.long_press();
                    let now = self.sim.now();
                    self.sim.advance(wall_ms.saturating_sub(now));
                }
                _ => self.sim.advance(wall_ms - now),
            }
        }
        if self.held.as_ref().is_some_and(|h| {
            !h.long_pressed && !h.moved && self.sim.now() >= h.since + LONG_PRESS_MS
        }) {
            self.long_press();
        }
        self.collect_events();
    }

    /// Events for the client since the last call (`{method, params}` each).
    pub fn take_events(&mut self) -> Vec<Value> {
        self.collect_events();
        std::mem::take(&mut self.events)
    }

    /// Answers one request: its `result`, or the message of its `error`.
    pub fn request(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        let result = self.dispatch(method, params);
        self.collect_events();
        result
    }

    fn dispatch(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        let (domain, _) = method.split_once('.').unwrap_or((method, ""));
        match domain {
            "Tool" => self.tool(method, params),
            "App" => self.app(method, params),
            "Page" => self.page(method, params),
            "Element" => self.element(method, params),
            _ => Err(format!("unknown method {method}")),
        }
    }

    fn tool(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        match method {
            "Tool.getInfo" => Ok(json!({"SDKVersion": SDK_VERSION, "version": env!("CARGO_PKG_VERSION"), "name": "mpsim"})),
            "Tool.close" => {
                self.closed = true;
                Ok(json!({}))
            }
            "Tool.getTestAccounts" => Ok(json!({"accounts": []})),
            "Tool.getTicket" => Ok(json!({"ticket": ""})),
            "Tool.setTicket" | "Tool.refreshTicket" => Ok(json!({})),
            "Tool.enableRemoteDebug" => Err("remote debugging needs a phone; mpsim runs the app itself, with no phone to connect".into()),
            "Tool.stopAudits" => Err("mpsim does not run DevTools' experience audits".into()),
            "Tool.native" => self.native(params),
            _ => Err(format!("unknown method {method}")),
        }
    }

    /// `Tool.native`: what the user does to the phone's own UI.
    fn native(&mut self, params: &Value) -> Result<Value, String> {
        let what = params
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match what {
            "confirmModal" => self.sim.answer_modal(true)?,
            "cancelModal" => self.sim.answer_modal(false)?,
            "navigateLeft" => self.sim.back(),
            "goHome" => {
                let home = self.home();
                self.sim.navigate("reLaunch", &home);
            }
            "switchTab" => {
                let url = params
                    .pointer("/data/url")
                    .and_then(Value::as_str)
                    .ok_or("switchTab needs data.url")?;
                self.sim.navigate("switchTab", url);
            }
            "shareConfirm" | "shareCancel" | "authorizeAllow" | "authorizeCancel"
            | "closePaymentDialog" => {
                // mpsim answers authorization, payment and share sheets at once (from the mock
                // network's platform answers), so no dialog waits for a button.
            }
            other => return Err(format!("unknown native method {other}")),
        }
        Ok(json!({}))
    }

    /// The app's first page, as a URL.
    fn home(&mut self) -> String {
        let stack = self.sim.page_stack_urls();
        let first = stack.first().cloned().unwrap_or_default();
        format!("/{}", first.split('?').next().unwrap_or_default())
    }

    fn app(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        match method {
            "App.enableLog" => {
                self.log = true;
                Ok(json!({}))
            }
            // The app keeps running until the client closes the tool, as DevTools does.
            "App.exit" => Ok(json!({})),
            "App.captureScreenshot" => {
                let png = self.sim.screenshot()?;
                Ok(json!({"data": mpsim_bridge::encode_bytes(&png)}))
            }
            "App.callWxMethod" | "App.callFunction" => {
                if params.get("pluginId").is_some_and(|p| !p.is_null()) {
                    return Err("plugins are not loaded by mpsim".into());
                }
                let result = self.logic(method, params.clone())?;
                Ok(json!({ "result": result }))
            }
            "App.getPageStack" | "App.getCurrentPage" | "App.mockWxMethod" | "App.addBinding" => {
                self.logic(method, params.clone())
            }
            _ => Err(format!("unknown method {method}")),
        }
    }

    fn page(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        let page = params
            .get("pageId")
            .and_then(Value::as_u64)
            .ok_or("pageId is missing")? as u32;
        match method {
            "Page.getData" | "Page.setData" => self.logic(method, params.clone()),
            "Page.callMethod" => Ok(json!({ "result": self.logic(method, params.clone())? })),
            "Page.getElement" | "Page.getElements" => {
                let found = self.logic(method, params.clone())?;
                Ok(self.handles_for(page, method.ends_with('s'), found))
            }
            "Page.getElementByXpath" | "Page.getElementsByXpath" => {
                let selector = params
                    .get("selector")
                    .and_then(Value::as_str)
                    .ok_or("selector must be a string")?;
                let tree = self.sim.page_tree().ok_or("no page is on screen")?;
                let nodes = xpath::select(&tree, selector)?;
                let found: Vec<Value> = nodes.iter().map(|n| self.node_json(*n)).collect();
                let all = method.ends_with("sByXpath");
                let found = if all {
                    json!({ "elements": found })
                } else {
                    found
                        .into_iter()
                        .next()
                        .ok_or_else(|| format!("no element matches `{selector}`"))?
                };
                Ok(self.handles_for(page, all, found))
            }
            "Page.getWindowProperties" => {
                let names = params
                    .get("names")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let view = self.sim.measure(&[], &[]).viewport;
                let values: Vec<Value> = names
                    .iter()
                    .map(|n| element::window_property(&view, n.as_str().unwrap_or_default()))
                    .collect();
                Ok(json!({ "properties": values }))
            }
            _ => Err(format!("unknown method {method}")),
        }
    }

    /// A node as the logic side describes an element (`{node, tagName, nodeId?}`), for nodes
    /// the view found (XPath).
    fn node_json(&mut self, node: NodeId) -> Value {
        let tag = self.sim.tag_of(node).unwrap_or_default();
        let mut v = json!({"node": node, "tagName": tag});
        if let Some(c) = self
            .sim
            .page_tree()
            .and_then(|t| element::find(&t, node).and_then(|c| c.host_of))
        {
            v["nodeId"] = json!(c);
        }
        v
    }

    /// Turns what the logic side found (`{node, tagName, nodeId?}`, or `{elements: [...]}`)
    /// into element handles the client keeps.
    fn handles_for(&mut self, page: u32, all: bool, found: Value) -> Value {
        let mut one = |e: &Value| -> Value {
            let node = e.get("node").and_then(Value::as_u64).unwrap_or_default() as NodeId;
            let tag = e
                .get("tagName")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let component = e.get("nodeId").and_then(Value::as_u64).map(|c| c as u32);
            let id = format!("{page}-{node}-{}", self.next_handle);
            self.next_handle += 1;
            self.handles.insert(
                id.clone(),
                Handle {
                    page,
                    node,
                    tag: tag.clone(),
                    component,
                },
            );
            let mut out = json!({"elementId": id, "tagName": tag});
            if let Some(c) = component {
                out["nodeId"] = json!(c);
            }
            out
        };
        if all {
            let list = found
                .get("elements")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            json!({ "elements": list.iter().map(&mut one).collect::<Vec<_>>() })
        } else {
            one(&found)
        }
    }

    fn handle(&self, params: &Value) -> Result<Handle, String> {
        let id = params
            .get("elementId")
            .and_then(Value::as_str)
            .ok_or("elementId is missing")?;
        self.handles
            .get(id)
            .cloned()
            .ok_or_else(|| format!("element {id} is unknown"))
    }

    fn component(h: &Handle) -> Result<u32, String> {
        h.component
            .ok_or_else(|| format!("<{}> is not a custom component", h.tag))
    }

    fn element(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        let h = self.handle(params)?;
        let mut with_node = params.clone();
        with_node["node"] = json!(h.node);
        match method {
            "Element.getElement" | "Element.getElements" => {
                let found = self.logic(method, with_node)?;
                Ok(self.handles_for(h.page, method.ends_with('s'), found))
            }
            "Element.getAttributes" => self.logic(method, with_node),
            "Element.getData" | "Element.setData" => {
                with_node["nodeId"] = json!(Self::component(&h)?);
                self.logic(method, with_node)
            }
            "Element.callMethod" => {
                with_node["nodeId"] = json!(Self::component(&h)?);
                Ok(json!({ "result": self.logic(method, with_node)? }))
            }
            "Element.getProperties" => {
                let names = params
                    .get("names")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let values = match h.component {
                    Some(c) => {
                        with_node["nodeId"] = json!(c);
                        self.logic(method, with_node)?
                    }
                    None => Value::Array(
                        names
                            .iter()
                            .map(|n| {
                                element::builtin_property(
                                    &self.sim,
                                    h.node,
                                    n.as_str().unwrap_or_default(),
                                )
                            })
                            .collect(),
                    ),
                };
                Ok(json!({ "properties": values }))
            }
            "Element.getDOMProperties" => {
                let names = params
                    .get("names")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let values: Vec<Value> = names
                    .iter()
                    .map(|n| {
                        element::dom_property(&mut self.sim, h.node, n.as_str().unwrap_or_default())
                    })
                    .collect();
                Ok(json!({ "properties": values }))
            }
            "Element.getStyles" => {
                let names: Vec<String> = params
                    .get("names")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect();
                let b = self.sim.measure(&[h.node], &names).boxes.pop().flatten();
                let values: Vec<Value> = names
                    .iter()
                    .map(|n| {
                        b.as_ref()
                            .and_then(|b| b.styles.get(n))
                            .map_or(Value::Null, |v| json!(v))
                    })
                    .collect();
                Ok(json!({ "styles": values }))
            }
            "Element.getWXML" => {
                let outer = params.get("type").and_then(Value::as_str) == Some("outer");
                let tree = self.sim.page_tree().ok_or("no page is on screen")?;
                let node =
                    element::find(&tree, h.node).ok_or("the element is no longer on screen")?;
                Ok(json!({ "wxml": element::wxml(node, outer) }))
            }
            "Element.getOffset" => {
                let answer = self.sim.measure(&[h.node], &[]);
                let b = answer
                    .boxes
                    .first()
                    .cloned()
                    .flatten()
                    .ok_or("the element is not laid out")?;
                Ok(json!({"left": b.left, "top": b.top + answer.viewport.scroll_top}))
            }
            "Element.tap" => {
                for e in ["touchstart", "touchend", "tap"] {
                    self.sim.touch_node(h.node, e, Vec::new());
                }
                Ok(json!({}))
            }
            "Element.touchstart" | "Element.touchmove" | "Element.touchend" => {
                self.touch(&h, &method["Element.".len()..], params);
                Ok(json!({}))
            }
            "Element.triggerEvent" => {
                let name = params
                    .get("type")
                    .and_then(Value::as_str)
                    .ok_or("type must be a string")?;
                self.sim.event(
                    h.node,
                    name,
                    params.get("detail").cloned().unwrap_or(json!({})),
                );
                Ok(json!({}))
            }
            "Element.dispatchEvent" => {
                let name = params
                    .get("eventName")
                    .and_then(Value::as_str)
                    .ok_or("eventName must be a string")?;
                self.sim.event(
                    h.node,
                    name,
                    params.get("eventData").cloned().unwrap_or(json!({})),
                );
                Ok(json!({}))
            }
            "Element.callFunction" => {
                let name = params
                    .get("functionName")
                    .and_then(Value::as_str)
                    .ok_or("functionName must be a string")?;
                let args = params
                    .get("args")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let result = element::call_function(&mut self.sim, h.node, name, &args)?;
                Ok(json!({ "result": result }))
            }
            "Element.callContextMethod" => {
                let id = self
                    .sim
                    .view_tree()
                    .node(h.node)
                    .map(|n| n.attr_text("id"))
                    .unwrap_or_default();
                with_node["id"] = json!(id);
                Ok(json!({ "result": self.logic(method, with_node)? }))
            }
            _ => Err(format!("unknown method {method}")),
        }
    }

    /// touchstart / touchmove / touchend with the client's touches; a short touch with no
    /// move is a tap, one held for 350 ms a long press (see [`Session::tick`]).
    fn touch(&mut self, h: &Handle, name: &str, params: &Value) {
        let touches = touches(params.get("touches"))
            .or_else(|| touches(params.get("changedTouches")))
            .unwrap_or_default();
        self.sim.touch_node(h.node, name, touches);
        let now = self.sim.now();
        match name {
            "touchstart" => {
                self.held = Some(Held {
                    node: h.node,
                    since: now,
                    long_pressed: false,
                    moved: false,
                })
            }
            "touchmove" => {
                if let Some(held) = &mut self.held {
                    held.moved = true;
                }
            }
            _ => {
                if let Some(held) = self.held.take()
                    && held.node == h.node
                    && !held.long_pressed
                    && !held.moved
                {
                    self.sim.touch_node(h.node, "tap", Vec::new());
                }
            }
        }
    }

    fn long_press(&mut self) {
        let Some(held) = &mut self.held else { return };
        held.long_pressed = true;
        let node = held.node;
        self.sim.touch_node(node, "longpress", Vec::new());
        self.sim.touch_node(node, "longtap", Vec::new());
    }

    /// A request the logic side answers: waits, on the app's clock, until it is answered.
    fn logic(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let token = self.next_token;
        self.next_token += 1;
        self.sim.automation(token, method, params);
        let deadline = self.sim.now() + ANSWER_WAIT_MS;
        loop {
            // Answers to requests that timed out before are dropped here.
            if let Some(a) = self
                .sim
                .take_automation_answers()
                .into_iter()
                .find(|a| a.token == token)
            {
                return a.result;
            }
            if self.sim.now() >= deadline {
                return Err(format!(
                    "{method} got no answer within {} s of app time (a modal waiting for a tap answers only after Tool.native confirmModal or cancelModal)",
                    ANSWER_WAIT_MS / 1000
                ));
            }
            self.sim.advance(WAIT_STEP_MS);
        }
    }

    /// Console messages (when asked for), exceptions and bindings called since the last look.
    fn collect_events(&mut self) {
        for (method, params) in self.sim.take_automation_events() {
            self.events
                .push(json!({"method": method, "params": params}));
        }
        let lines = self.sim.trace_from(self.trace_seen);
        self.trace_seen += lines.len();
        for line in lines {
            match line.get("type").and_then(Value::as_str) {
                Some("console") if self.log => {
                    let level = line.get("level").cloned().unwrap_or(json!("log"));
                    let args = line.get("args").cloned().unwrap_or(json!([]));
                    self.events.push(
                        json!({"method": "App.logAdded", "params": {"type": level, "args": args}}),
                    );
                }
                Some("error") => {
                    let message = line.get("message").cloned().unwrap_or(json!(""));
                    let stack = line.get("stack").cloned().unwrap_or(json!(""));
                    self.events.push(json!({"method": "App.exceptionThrown", "params": {"message": message, "stack": stack, "where": line.get("where")}}));
                }
                _ => {}
            }
        }
    }
}

/// The client's touches (`[{identifier, pageX, pageY, clientX, clientY}]`), if it gave any.
fn touches(v: Option<&Value>) -> Option<Vec<Touch>> {
    let list = v?.as_array()?;
    let num = |t: &Value, k: &str| t.get(k).and_then(Value::as_f64);
    let out: Vec<Touch> = list
        .iter()
        .map(|t| {
            let page_x = num(t, "pageX").or(num(t, "clientX")).unwrap_or(0.0);
            let page_y = num(t, "pageY").or(num(t, "clientY")).unwrap_or(0.0);
            Touch {
                identifier: num(t, "identifier").unwrap_or(0.0) as u32,
                page_x,
                page_y,
                client_x: num(t, "clientX").unwrap_or(page_x),
                client_y: num(t, "clientY").unwrap_or(page_y),
            }
        })
        .collect();
    (!out.is_empty()).then_some(out)
}
