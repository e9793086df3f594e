//! `--network live`: wx.request, uploadFile, downloadFile and remote `<image>` sources as real HTTP(S)
//! calls (ureq, blocking), for previewing against a developer's own backend. The logic side
//! has checked each call first (URL, method, domain lists under `urlCheck` or a merchant's),
//! and traces it; this only carries it out. The default network stays the mock rules, which
//! make runs repeat.
//!
//! As the platform does: a GET's `data` becomes the query string; otherwise an object is sent
//! as JSON, or form-encoded when the content type says so; a JSON answer is parsed (the
//! default `dataType`), anything else is text. `networkTimeout` from app.json bounds each
//! kind of call (60 s when it says nothing). The answer comes in the next task (no virtual
//! delay). The platform calls that are not network calls (login, location...) and the
//! domain lists come from the mock rules file when one is given too.

use crate::MockNetwork;
use mpsim_logic::platform::PlatformMocks;
use mpsim_logic::{NetRequest, NetResponse, Network, Socket, SocketEvent};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

/// Bodies above this are refused (the platform caps responses too).
const MAX_BODY: u64 = 50 * 1024 * 1024;

pub struct LiveNetwork {
    /// app.json's `networkTimeout` (ms by call: `request`, `downloadFile`...).
    timeouts: Map<String, Value>,
    /// Platform answers and domain lists, when a rules file is given too.
    rules: Option<MockNetwork>,
    /// Downloaded bytes by URL, for `file()` (a downloadFile's temp path, an image).
    files: RefCell<HashMap<String, Vec<u8>>>,
}

impl LiveNetwork {
    pub fn new(timeouts: Map<String, Value>, rules: Option<MockNetwork>) -> LiveNetwork {
        LiveNetwork {
            timeouts,
            rules,
            files: RefCell::default(),
        }
    }

    /// The live network for the app in `dir`, bounded by its app.json's `networkTimeout`.
    pub fn for_app(dir: &std::path::Path, rules: Option<MockNetwork>) -> LiveNetwork {
        let timeouts = mpsim_project::load(&mpsim_base::DiskVfs::new(dir))
            .map(|(p, _)| p.app.network_timeout)
            .unwrap_or_default();
        LiveNetwork::new(timeouts, rules)
    }

    fn agent(&self, api: &str) -> ureq::Agent {
        let ms = self
            .timeouts
            .get(api)
            .and_then(Value::as_u64)
            .unwrap_or(60_000);
        ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_millis(ms)))
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// Sends `req`; the status, the headers and the body bytes.
    fn send(&self, req: &NetRequest) -> Result<(u16, Value, Vec<u8>), String> {
        let method = req.method.to_ascii_uppercase();
        let mut url = req.url.clone();
        let content_type =
            header_value(&req.header, "content-type").unwrap_or_else(|| "application/json".into());
        let body: Vec<u8> = if let Some(raw) = &req.file {
            raw.clone()
        } else if method == "GET" {
            let query = form_encode(&req.data);
            if !query.is_empty() {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&query);
            }
            Vec::new()
        } else {
            match &req.data {
                Value::Null => Vec::new(),
                Value::String(s) => s.clone().into_bytes(),
                v if content_type.contains("x-www-form-urlencoded") => form_encode(v).into_bytes(),
                v => v.to_string().into_bytes(),
            }
        };
        let mut builder = ureq::http::Request::builder()
            .method(method.as_str())
            .uri(&url);
        if let Some(headers) = req.header.as_object() {
            for (k, v) in headers {
                builder = builder.header(k, mpsim_base::js::value_to_string(v));
            }
        }
        if header_value(&req.header, "content-type").is_none() && method != "GET" {
            builder = builder.header("content-type", content_type);
        }
        let request = builder.body(body).map_err(|e| e.to_string())?;
        let mut response = self
            .agent(&req.api)
            .run(request)
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let mut header = Map::new();
        for (k, v) in response.headers() {
            if let Ok(v) = v.to_str() {
                header.insert(k.to_string(), Value::String(v.to_string()));
            }
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        Ok((status, Value::Object(header), bytes))
    }
}

impl Network for LiveNetwork {
    fn fetch(&self, req: &NetRequest) -> NetResponse {
        let sent = if req.api == "uploadFile" {
            match upload(req) {
                Ok(r) => self.send(&r),
                Err(message) => return NetResponse::Fail { message, delay: 0 },
            }
        } else {
            self.send(req)
        };
        match sent {
            Ok((status, header, bytes)) => {
                let data = if req.api == "downloadFile" {
                    self.files.borrow_mut().insert(req.url.clone(), bytes);
                    Value::Null
                } else {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                };
                NetResponse::Ok {
                    status,
                    header,
                    data,
                    delay: 0,
                }
            }
            Err(message) => NetResponse::Fail { message, delay: 0 },
        }
    }

    fn domains(&self, api: &str) -> Option<Vec<String>> {
        self.rules.as_ref().and_then(|r| r.domains(api))
    }

    fn file(&self, url: &str) -> Option<Vec<u8>> {
        if let Some(b) = self.files.borrow().get(url) {
            return Some(b.clone());
        }
        let req = NetRequest {
            api: "downloadFile".into(),
            url: url.to_string(),
            method: "GET".into(),
            header: Value::Null,
            data: Value::Null,
            file_path: None,
            name: None,
            file: None,
        };
        let (status, _, bytes) = self.send(&req).ok()?;
        (status < 400).then(|| {
            self.files
                .borrow_mut()
                .insert(url.to_string(), bytes.clone());
            bytes
        })
    }

    fn platform(&self) -> PlatformMocks {
        self.rules
            .as_ref()
            .map(|r| r.platform())
            .unwrap_or_default()
    }

    fn album_file(&self, name: &str) -> Option<Vec<u8>> {
        self.rules.as_ref().and_then(|r| r.album_file(name))
    }

    fn live_sockets(&self) -> bool {
        true
    }

    fn connect_socket(&self, url: &str) -> Option<Box<dyn Socket>> {
        let timeout = self
            .timeouts
            .get("connectSocket")
            .and_then(Value::as_u64)
            .unwrap_or(60_000);
        Some(Box::new(LiveSocket::open(
            url,
            Duration::from_millis(timeout),
        )))
    }
}

/// A WebSocket on a thread of its own (tungstenite, blocking): what the app sends goes to it
/// over one channel, what arrives comes back over another.
struct LiveSocket {
    outgoing: std::sync::mpsc::Sender<Outgoing>,
    incoming: std::sync::mpsc::Receiver<SocketEvent>,
}

enum Outgoing {
    Text(String),
    Close(u16, String),
}

impl LiveSocket {
    fn open(url: &str, timeout: Duration) -> LiveSocket {
        let (out_tx, out_rx) = std::sync::mpsc::channel::<Outgoing>();
        let (in_tx, in_rx) = std::sync::mpsc::channel();
        let url = url.to_string();
        std::thread::spawn(move || run_socket(&url, timeout, &out_rx, &in_tx));
        LiveSocket {
            outgoing: out_tx,
            incoming: in_rx,
        }
    }
}

impl Socket for LiveSocket {
    fn send(&mut self, text: &str) -> Result<(), String> {
        self.outgoing
            .send(Outgoing::Text(text.to_string()))
            .map_err(|_| "socket is not connected".to_string())
    }

    fn close(&mut self, code: u16, reason: &str) {
        let _ = self
            .outgoing
            .send(Outgoing::Close(code, reason.to_string()));
    }

    fn poll(&mut self) -> Vec<SocketEvent> {
        self.incoming.try_iter().collect()
    }
}

/// The socket's thread: connect, then alternate between reading (briefly) and sending what
/// the app queued, until either side closes.
fn run_socket(
    url: &str,
    timeout: Duration,
    outgoing: &std::sync::mpsc::Receiver<Outgoing>,
    incoming: &std::sync::mpsc::Sender<SocketEvent>,
) {
    use tungstenite::Message;
    use tungstenite::stream::MaybeTlsStream;
    let fail = |m: String| {
        let _ = incoming.send(SocketEvent::Error(m));
        let _ = incoming.send(SocketEvent::Close(1006, "abnormal closure".into()));
    };
    let host = url
        .split_once("://")
        .map(|(_, r)| r.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    let secure = url.to_ascii_lowercase().starts_with("wss://");
    let address = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:{}", if secure { 443 } else { 80 })
    };
    let addrs: Vec<std::net::SocketAddr> = match std::net::ToSocketAddrs::to_socket_addrs(&address)
    {
        Ok(a) => a.collect(),
        Err(e) => return fail(e.to_string()),
    };
    let Some(stream) = addrs
        .iter()
        .find_map(|a| std::net::TcpStream::connect_timeout(a, timeout).ok())
    else {
        return fail(format!("cannot reach {address}"));
    };
    let (mut ws, _) = match tungstenite::client_tls(url, stream) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let set_timeout = |ws: &mut tungstenite::WebSocket<MaybeTlsStream<std::net::TcpStream>>| {
        let d = Some(Duration::from_millis(20));
        match ws.get_mut() {
            MaybeTlsStream::Plain(s) => s.set_read_timeout(d),
            MaybeTlsStream::Rustls(s) => s.get_mut().set_read_timeout(d),
            _ => Ok(()),
        }
    };
    let _ = set_timeout(&mut ws);
    let _ = incoming.send(SocketEvent::Open);
    loop {
        match ws.read() {
            Ok(Message::Text(t)) => {
                let _ = incoming.send(SocketEvent::Message(t.to_string()));
            }
            Ok(Message::Binary(b)) => {
                let _ = incoming.send(SocketEvent::Message(
                    String::from_utf8_lossy(&b).into_owned(),
                ));
            }
            Ok(Message::Close(frame)) => {
                let (code, reason) = frame
                    .map(|f| (u16::from(f.code), f.reason.to_string()))
                    .unwrap_or((1005, String::new()));
                let _ = incoming.send(SocketEvent::Close(code, reason));
                return;
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(tungstenite::Error::ConnectionClosed) => {
                let _ = incoming.send(SocketEvent::Close(1000, String::new()));
                return;
            }
            Err(e) => return fail(e.to_string()),
        }
        loop {
            match outgoing.try_recv() {
                Ok(Outgoing::Text(t)) => {
                    if let Err(e) = ws.send(Message::text(t)) {
                        return fail(e.to_string());
                    }
                }
                Ok(Outgoing::Close(code, reason)) => {
                    let frame = tungstenite::protocol::CloseFrame {
                        code: code.into(),
                        reason: reason.into(),
                    };
                    let _ = ws.close(Some(frame));
                    let _ = ws.flush();
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                // The app is gone: close quietly.
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    let _ = ws.close(None);
                    return;
                }
            }
        }
    }
}

/// An upload as the request it is: a multipart/form-data POST holding the form fields and the
/// file under `name`.
fn upload(req: &NetRequest) -> Result<NetRequest, String> {
    let file = req
        .file
        .as_ref()
        .ok_or_else(|| format!("file not found: {}", req.file_path.as_deref().unwrap_or("")))?;
    let field = req.name.as_deref().unwrap_or("file");
    let file_name = req
        .file_path
        .as_deref()
        .and_then(|p| p.rsplit('/').next())
        .unwrap_or("file");
    let boundary = "----mpsim-upload-boundary-7d1f";
    let mut body = Vec::new();
    if let Some(fields) = req.data.as_object() {
        for (k, v) in fields {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .bytes(),
            );
        }
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes());
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let mut header = req.header.as_object().cloned().unwrap_or_default();
    header.retain(|k, _| !k.eq_ignore_ascii_case("content-type"));
    header.insert(
        "content-type".into(),
        Value::String(format!("multipart/form-data; boundary={boundary}")),
    );
    Ok(NetRequest {
        api: req.api.clone(),
        url: req.url.clone(),
        method: "POST".into(),
        header: Value::Object(header),
        data: Value::Null,
        file_path: None,
        name: None,
        file: Some(body),
    })
}

fn header_value(header: &Value, name: &str) -> Option<String> {
    header.as_object()?.iter().find_map(|(k, v)| {
        k.eq_ignore_ascii_case(name)
            .then(|| mpsim_base::js::value_to_string(v))
    })
}

/// `a=1&b=x%20y` from an object's fields (a string stays as it is).
fn form_encode(data: &Value) -> String {
    match data {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{}={}", percent(k), percent(&v))
            })
            .collect::<Vec<_>>()
            .join("&"),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_data_is_the_query_and_objects_form_encode() {
        assert_eq!(
            form_encode(&serde_json::json!({"q": "tea cup", "n": 2})),
            "q=tea%20cup&n=2"
        );
        assert_eq!(form_encode(&Value::String("a=1".into())), "a=1");
        assert_eq!(
            header_value(
                &serde_json::json!({"Content-Type": "text/plain"}),
                "content-type"
            ),
            Some("text/plain".into())
        );
    }
}
