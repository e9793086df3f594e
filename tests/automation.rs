//! The automation protocol (`mpsim auto`) on the shop fixture, request by request as
//! miniprogram-automator sends them, and once over a real WebSocket. The SDK itself drives
//! the same fixture in `tests/automator/` (node).

use mpsim::automation::{Session, server};
use mpsim_conformance::{launch_fixture, repo_root};
use serde_json::{Value, json};

fn session(page: Option<&str>) -> Session {
    Session::new(launch_fixture(&repo_root().join("fixtures/shop"), page))
}

fn ok(s: &mut Session, method: &str, params: Value) -> Value {
    s.request(method, &params)
        .unwrap_or_else(|e| panic!("{method} {params}: {e}"))
}

fn current(s: &mut Session) -> Value {
    ok(s, "App.getCurrentPage", json!({}))
}

fn page_id(s: &mut Session) -> u64 {
    current(s)["pageId"].as_u64().expect("a page id")
}

/// `page.$(selector)` as the SDK sends it: the element, with the page it is on.
fn element(s: &mut Session, selector: &str) -> Value {
    let page = page_id(s);
    let mut e = ok(
        s,
        "Page.getElement",
        json!({"pageId": page, "selector": selector}),
    );
    e["pageId"] = json!(page);
    e
}

fn on(e: &Value, mut params: Value) -> Value {
    params["elementId"] = e["elementId"].clone();
    params["pageId"] = e["pageId"].clone();
    if let Some(n) = e.get("nodeId") {
        params["nodeId"] = n.clone();
    }
    params
}

#[test]
fn the_page_stack_and_page_data_are_the_apps() {
    let mut s = session(None);
    let info = ok(&mut s, "Tool.getInfo", json!({}));
    assert_eq!(info["SDKVersion"], "3.5.0");
    let page = current(&mut s);
    assert_eq!(page["path"], "pages/index/index");
    let stack = ok(&mut s, "App.getPageStack", json!({}));
    assert_eq!(stack["pageStack"][0]["pageId"], page["pageId"]);
    let title = ok(
        &mut s,
        "Page.getData",
        json!({"pageId": page["pageId"], "path": "products[0].title"}),
    );
    assert_eq!(title["data"], "Tea");
    ok(
        &mut s,
        "Page.setData",
        json!({"pageId": page["pageId"], "data": {"products[0].title": "Oolong"}}),
    );
    let card = element(&mut s, "product-card");
    let inner = ok(
        &mut s,
        "Element.getElement",
        on(&card, json!({"selector": ".title"})),
    );
    let inner = json!({"elementId": inner["elementId"], "pageId": card["pageId"]});
    let text = ok(
        &mut s,
        "Element.getDOMProperties",
        on(&inner, json!({"names": ["innerText"]})),
    );
    assert_eq!(
        text["properties"][0], "Oolong",
        "the view shows the new data"
    );
}

#[test]
fn a_custom_component_comes_back_with_its_instance_and_properties() {
    let mut s = session(None);
    let page = page_id(&mut s);
    let cards = ok(
        &mut s,
        "Page.getElements",
        json!({"pageId": page, "selector": "product-card"}),
    );
    let list = cards["elements"].as_array().expect("elements");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["tagName"], "product-card");
    assert!(list[0]["nodeId"].is_u64(), "{}", list[0]);
    assert_ne!(list[0]["elementId"], list[1]["elementId"]);
    let card =
        json!({"elementId": list[1]["elementId"], "nodeId": list[1]["nodeId"], "pageId": page});
    let public = ok(
        &mut s,
        "Element.getProperties",
        on(&card, json!({"names": ["__propPublic"]})),
    );
    assert_eq!(
        public["properties"][0],
        json!({"product": true, "price": true})
    );
    let price = ok(
        &mut s,
        "Element.getData",
        on(&card, json!({"path": "price"})),
    );
    assert_eq!(price["data"], "¥45.00");
    // A page selector does not reach into a component's template; the component's does.
    let err = s
        .request(
            "Page.getElement",
            &json!({"pageId": page, "selector": ".title"}),
        )
        .unwrap_err();
    assert!(err.contains("no element matches"), "{err}");
    let wxml = ok(
        &mut s,
        "Element.getWXML",
        on(&card, json!({"type": "outer"})),
    );
    assert!(
        wxml["wxml"]
            .as_str()
            .unwrap_or_default()
            .contains("<text class=\"title\">Kite</text>"),
        "{wxml}"
    );
}

#[test]
fn a_tap_runs_the_handler_and_navigates() {
    let mut s = session(None);
    let card = element(&mut s, "product-card");
    let inner = ok(
        &mut s,
        "Element.getElement",
        on(&card, json!({"selector": ".card"})),
    );
    let inner = json!({"elementId": inner["elementId"], "pageId": card["pageId"]});
    ok(&mut s, "Element.tap", on(&inner, json!({})));
    let page = current(&mut s);
    assert_eq!(page["path"], "pages/detail/detail");
    assert_eq!(page["query"], json!({"id": "p1"}));
    let stack = ok(&mut s, "App.getPageStack", json!({}));
    assert_eq!(stack["pageStack"].as_array().map(Vec::len), Some(2));
    // navigateBack through wx, as miniProgram.navigateBack() asks for it.
    ok(
        &mut s,
        "App.callWxMethod",
        json!({"method": "navigateBack", "args": [{}]}),
    );
    assert_eq!(current(&mut s)["path"], "pages/index/index");
}

#[test]
fn input_console_and_exceptions_reach_the_client() {
    let mut s = session(Some("pages/search/search?q=te"));
    assert_eq!(current(&mut s)["query"], json!({"q": "te"}));
    ok(&mut s, "App.enableLog", json!({}));
    let input = element(&mut s, "input");
    assert_eq!(input["tagName"], "input");
    ok(
        &mut s,
        "Element.callFunction",
        on(
            &input,
            json!({"functionName": "input.input", "args": ["kit"]}),
        ),
    );
    let page = page_id(&mut s);
    let query = ok(
        &mut s,
        "Page.getData",
        json!({"pageId": page, "path": "query"}),
    );
    assert_eq!(query["data"], "kit");
    let value = ok(
        &mut s,
        "Element.getProperties",
        on(&input, json!({"names": ["value"]})),
    );
    assert_eq!(value["properties"][0], "kit");
    let report = element(&mut s, ".report");
    ok(&mut s, "Element.tap", on(&report, json!({})));
    let events = s.take_events();
    let log = events
        .iter()
        .find(|e| e["method"] == "App.logAdded")
        .expect("a console event");
    assert_eq!(
        log["params"],
        json!({"type": "log", "args": ["search", "kit", "1"]})
    );
    let thrown = events
        .iter()
        .find(|e| e["method"] == "App.exceptionThrown")
        .expect("an exception event");
    assert_eq!(thrown["params"]["message"], "the report form is not ready");
}

#[test]
fn a_touch_held_on_the_app_clock_is_a_long_press() {
    let mut s = session(Some("pages/search/search"));
    let first = element(&mut s, ".result");
    let now = s.simulator().now();
    ok(&mut s, "Element.touchstart", on(&first, json!({})));
    s.tick(now + 200);
    let page = page_id(&mut s);
    let held = ok(
        &mut s,
        "Page.getData",
        json!({"pageId": page, "path": "held"}),
    );
    assert_eq!(held["data"], "", "200 ms is not a long press yet");
    s.tick(now + 360);
    ok(&mut s, "Element.touchend", on(&first, json!({})));
    let held = ok(
        &mut s,
        "Page.getData",
        json!({"pageId": page, "path": "held"}),
    );
    assert_eq!(held["data"], "p1");
    assert_eq!(
        current(&mut s)["path"],
        "pages/search/search",
        "a long press is not also a tap"
    );
    // A short touch is a tap.
    ok(&mut s, "Element.touchstart", on(&first, json!({})));
    ok(&mut s, "Element.touchend", on(&first, json!({})));
    assert_eq!(current(&mut s)["path"], "pages/detail/detail");
}

#[test]
fn wx_methods_are_mocked_restored_and_called_with_callbacks() {
    let mut s = session(None);
    ok(
        &mut s,
        "App.mockWxMethod",
        json!({"method": "getStorageSync", "result": "mocked"}),
    );
    let got = ok(
        &mut s,
        "App.callWxMethod",
        json!({"method": "getStorageSync", "args": ["k"]}),
    );
    assert_eq!(got["result"], "mocked");
    ok(
        &mut s,
        "App.mockWxMethod",
        json!({"method": "getStorageSync"}),
    );
    let got = ok(
        &mut s,
        "App.callWxMethod",
        json!({"method": "getStorageSync", "args": ["k"]}),
    );
    assert_eq!(got["result"], "");
    // A function mock gets the call's arguments, then the mock's, and `this.origin`.
    let decl = "function (opts, platform) { return new Promise((resolve) => { this.origin({ success(res) { res.platform = platform; resolve(res) } }) }) }";
    ok(
        &mut s,
        "App.mockWxMethod",
        json!({"method": "getSystemInfo", "functionDeclaration": decl, "args": ["test"]}),
    );
    let info = ok(
        &mut s,
        "App.callWxMethod",
        json!({"method": "getSystemInfo", "args": [{}]}),
    );
    assert_eq!(info["result"]["platform"], "test");
    assert_eq!(info["result"]["errMsg"], "getSystemInfo:ok");
    let n = ok(
        &mut s,
        "App.callFunction",
        json!({"functionDeclaration": "(a, b) => getCurrentPages().length + a + b", "args": [1, 2]}),
    );
    assert_eq!(n["result"], 4);
    let err = s
        .request(
            "App.callWxMethod",
            &json!({"method": "noSuchApi", "args": []}),
        )
        .unwrap_err();
    assert!(err.contains("wx.noSuchApi is not a function"), "{err}");
}

#[test]
fn bindings_call_back_into_the_client() {
    let mut s = session(None);
    ok(&mut s, "App.addBinding", json!({"name": "onShopEvent"}));
    ok(
        &mut s,
        "App.callFunction",
        json!({"functionDeclaration": "function () { onShopEvent('hi', 2) }", "args": []}),
    );
    let events = s.take_events();
    assert!(
        events.contains(&json!({"method": "App.bindingCalled", "params": {"name": "onShopEvent", "args": ["hi", 2]}})),
        "{events:?}"
    );
}

#[test]
fn xpath_window_properties_and_screenshots() {
    let mut s = session(Some("pages/search/search"));
    let page = page_id(&mut s);
    let found = ok(
        &mut s,
        "Page.getElementsByXpath",
        json!({"pageId": page, "selector": "//view[@class='result']"}),
    );
    assert_eq!(found["elements"].as_array().map(Vec::len), Some(2));
    let props = ok(
        &mut s,
        "Page.getWindowProperties",
        json!({"pageId": page, "names": ["document.documentElement.scrollWidth", "document.documentElement.scrollTop"]}),
    );
    assert_eq!(props["properties"], json!([375.0, 0.0]));
    let shot = ok(&mut s, "App.captureScreenshot", json!({}));
    let png = shot["data"].as_str().expect("base64 data");
    let expected = s.simulator().screenshot().expect("a screenshot");
    assert_eq!(png, mpsim_bridge::encode_bytes(&expected));
}

#[test]
fn bad_requests_are_error_replies() {
    let mut s = session(None);
    let reply = server::answer(&mut s, "{not json");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("not JSON")
    );
    let reply = server::answer(
        &mut s,
        r#"{"id": "a", "method": "Page.nope", "params": {"pageId": 1}}"#,
    );
    assert_eq!(reply["id"], "a");
    assert_eq!(reply["error"]["message"], "unknown method Page.nope");
    let reply = server::answer(
        &mut s,
        r#"{"id": "b", "method": "Element.tap", "params": {"elementId": "x"}}"#,
    );
    assert_eq!(reply["error"]["message"], "element x is unknown");
    let reply = server::answer(&mut s, r#"{"id": "c", "method": "Tool.getInfo"}"#);
    assert_eq!(reply["result"]["SDKVersion"], "3.5.0");
}

#[test]
fn the_server_speaks_websocket_and_ends_on_tool_close() {
    let (tx, rx) = std::sync::mpsc::channel();
    // The JS engine needs a main-thread-sized stack.
    let server = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
            let port = listener.local_addr().expect("an address").port();
            let mut s = session(None);
            tx.send(port).expect("the test waits");
            server::serve(&mut s, &listener)
        })
        .expect("a thread");
    let port = rx.recv().expect("the server listens");
    let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}")).expect("connects");
    let mut call = |id: &str, method: &str| -> Value {
        let msg = json!({"id": id, "method": method, "params": {}});
        ws.send(tungstenite::Message::text(msg.to_string()))
            .expect("sends");
        loop {
            let m = ws.read().expect("a reply");
            let v: Value =
                serde_json::from_str(m.to_text().unwrap_or("null")).unwrap_or(Value::Null);
            if v.get("id").is_some() {
                return v;
            }
        }
    };
    let info = call("1", "Tool.getInfo");
    assert_eq!(
        info,
        json!({"id": "1", "result": {"SDKVersion": "3.5.0", "version": env!("CARGO_PKG_VERSION"), "name": "mpsim"}})
    );
    let page = call("2", "App.getCurrentPage");
    assert_eq!(page["result"]["path"], "pages/index/index");
    let bad = call("3", "App.nope");
    assert_eq!(bad["error"]["message"], "unknown method App.nope");
    let closed = call("4", "Tool.close");
    assert_eq!(closed["result"], json!({}));
    server
        .join()
        .expect("the server thread ends")
        .expect("the server ends cleanly");
}
