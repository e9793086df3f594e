//! wx.connectSocket on a real network: the embedder's [`Network::connect_socket`] gives a
//! connection that runs on its own; the logic side sends through it, and collects what came
//! in (open, messages, errors, close) when virtual time moves, each as a task of the socket
//! object in `js/media.js`. Calls are checked first as the phone checks them: a `ws://` or
//! `wss://` URL, and a domain of the `socket` list under `urlCheck` or a merchant's.
//!
//! Without a live connection (the default, and every mock network) `media.js` serves sockets
//! from the mock rules' scripts.

use crate::js::{self, arg_string, arg_u32};
use crate::network::SocketEvent;
use crate::service::shared;
use boa_engine::{Context, JsResult, JsValue};
use serde_json::json;

/// `socketConnect(url)`: the socket's id, or a string saying why it cannot connect, or -1
/// when the network has no live sockets (the mock rules serve it then).
pub fn connect(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let url = arg_string(args, 0, ctx);
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let Some(network) = s.network.clone() else {
        return Ok(JsValue::from(-1));
    };
    if !network.live_sockets() {
        return Ok(JsValue::from(-1));
    }
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("wss://") || lower.starts_with("ws://")) {
        return Ok(js::str_value(&format!("invalid url \"{url}\"")));
    }
    let deployed = s
        .deployment
        .as_ref()
        .map(|d| d.domains.get("socket").cloned().unwrap_or_default());
    let (check, list) = match deployed {
        Some(list) => (true, Some(list)),
        None => (s.project.config.url_check, network.domains("socket")),
    };
    if check
        && let Some(list) = list
        && !list.iter().any(|d| same_origin(d, &url))
    {
        return Ok(js::str_value("url not in domain list"));
    }
    let Some(socket) = network.connect_socket(&url) else {
        return Ok(JsValue::from(-1));
    };
    s.next_socket += 1;
    let id = s.next_socket;
    s.live_sockets.insert(id, socket);
    s.record(json!({"type": "api", "api": "connectSocket", "url": url, "live": true}));
    Ok(JsValue::from(id))
}

/// `socketSend(id, text)`: empty, or why it could not be sent.
pub fn send(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let text = arg_string(args, 1, ctx);
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let r = match s.live_sockets.get_mut(&id) {
        Some(sock) => sock.send(&text).err().unwrap_or_default(),
        None => "socket is not connected".into(),
    };
    Ok(js::str_value(&r))
}

/// `socketClose(id, code, reason)`.
pub fn close(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let code = arg_u32(args, 1, ctx) as u16;
    let reason = arg_string(args, 2, ctx);
    if let Some(sock) = shared(ctx).borrow_mut().live_sockets.get_mut(&id) {
        sock.close(code, &reason);
    }
    Ok(JsValue::undefined())
}

/// What the live sockets received since the last look, in order, for `__socketEvent`:
/// (socket id, kind, payload). A closed socket is forgotten.
pub fn take_events(ctx: &mut Context) -> Vec<(u32, &'static str, serde_json::Value)> {
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let mut out = Vec::new();
    let mut closed = Vec::new();
    for (id, sock) in s.live_sockets.iter_mut() {
        for e in sock.poll() {
            out.push(match e {
                SocketEvent::Open => (*id, "open", json!({})),
                SocketEvent::Message(m) => (*id, "message", json!({"data": m})),
                SocketEvent::Error(m) => (*id, "error", json!({"errMsg": m})),
                SocketEvent::Close(code, reason) => {
                    closed.push(*id);
                    (*id, "close", json!({"code": code, "reason": reason}))
                }
            });
        }
    }
    for id in closed {
        s.live_sockets.remove(&id);
    }
    out
}

/// Whether `url` is on the listed origin (a listed origin may end in `/`).
fn same_origin(listed: &str, url: &str) -> bool {
    let origin = crate::network::origin;
    origin(listed.trim_end_matches('/')).is_some_and(|o| Some(o) == origin(url))
}
