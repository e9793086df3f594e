#![allow(clippy::unwrap_used)]
#![cfg(feature = "live-network")]
//! `--network live` against a server this test starts on 127.0.0.1: calls reach it as the app
//! made them, answers come back as on the phone, domain lists and `networkTimeout` hold.

use mpsim::live_network::LiveNetwork;
use mpsim::{LaunchOptions, Network, Simulator};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

mod support;

/// Serves `/echo` (the method, target and body back as JSON), `/slow` (after 2 s) and
/// `/missing` (404) until the test ends. Also gives how many requests arrived.
fn serve() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            counted.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head, body) = loop {
                    let Ok(n) = s.read(&mut chunk) else { return };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).into_owned();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let head = text[..end].to_string();
                        let len = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            break (head, text[end + 4..end + 4 + len].to_string());
                        }
                    }
                };
                let mut first = head.lines().next().unwrap_or("").split(' ');
                let method = first.next().unwrap_or("").to_string();
                let target = first.next().unwrap_or("").to_string();
                let (status, payload) = if target.starts_with("/slow") {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    ("200 OK", "{}".to_string())
                } else if target.starts_with("/missing") {
                    ("404 Not Found", "no such thing".to_string())
                } else {
                    let echo =
                        serde_json::json!({"method": method, "target": target, "body": body});
                    ("200 OK", echo.to_string())
                };
                let kind = if payload.starts_with('{') {
                    "application/json"
                } else {
                    "text/plain"
                };
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nX-Test: yes\r\nConnection: close\r\n\r\n{payload}",
                    payload.len()
                );
            });
        }
    });
    (port, hits)
}

/// Runs a one-page app whose onLoad is `js`, live, with `rules` (a mock rules file's text)
/// giving the domain lists; the console lines and the request trace lines.
fn run(name: &str, url_check: bool, rules: Option<&str>, js: &str) -> Vec<String> {
    let project = format!(r#"{{"appid": "wxlive", "setting": {{"urlCheck": {url_check}}}}}"#);
    let dir = support::app_dir(
        &format!("live-{name}"),
        &[
            ("project.config.json", &project),
            (
                "app.json",
                r#"{"pages": ["p/i"], "networkTimeout": {"request": 300}}"#,
            ),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view/>"),
            ("p/i.js", js),
        ],
    );
    let rules = rules.map(|text| {
        std::fs::write(dir.join("rules.json"), text).unwrap();
        mpsim::MockNetwork::load(&dir.join("rules.json")).unwrap()
    });
    let network: Rc<dyn Network> = Rc::new(LiveNetwork::for_app(&dir, rules));
    let options = LaunchOptions {
        network: Some(network),
        ..Default::default()
    };
    let mut sim = Simulator::launch(&dir, options).unwrap();
    sim.wait_idle(5_000);
    let trace = sim.take_trace();
    let _ = std::fs::remove_dir_all(&dir);
    trace
        .iter()
        .filter(|l| l["type"] == "console" || l["type"] == "request")
        .map(|l| {
            if l["type"] == "request" {
                format!(
                    "request {} {}",
                    l["statusCode"],
                    l["error"].as_str().unwrap_or("")
                )
            } else {
                l["args"][0].as_str().unwrap_or("").to_string()
            }
        })
        .collect()
}

#[test]
fn requests_reach_the_server_and_answers_come_back() {
    let (port, _) = serve();
    let js = format!(
        r#"Page({{ onLoad() {{
        wx.request({{ url: 'http://127.0.0.1:{port}/echo', data: {{ q: 'tea cup' }},
          success: (r) => console.log(r.data.method + ' ' + r.data.target + ' ' + r.statusCode + ' ' + r.header['x-test']) }});
        wx.request({{ url: 'http://127.0.0.1:{port}/echo', method: 'POST', data: {{ id: 7 }},
          success: (r) => console.log(r.data.method + ' ' + r.data.body) }});
        wx.request({{ url: 'http://127.0.0.1:{port}/missing', success: (r) => console.log(r.statusCode + ' ' + r.data) }});
        wx.request({{ url: 'http://127.0.0.1:{port}/slow', fail: (e) => console.log(e.errMsg.indexOf('request:fail') === 0 ? 'timed out' : e.errMsg) }});
    }} }})"#
    );
    let lines = run("echo", false, None, &js);
    let said: Vec<&String> = lines
        .iter()
        .filter(|l| !l.starts_with("request "))
        .collect();
    assert!(
        said.contains(&&"GET /echo?q=tea%20cup 200 yes".to_string()),
        "{lines:?}"
    );
    assert!(said.contains(&&r#"POST {"id":7}"#.to_string()), "{lines:?}");
    assert!(
        said.contains(&&"404 no such thing".to_string()),
        "{lines:?}"
    );
    assert!(said.contains(&&"timed out".to_string()), "{lines:?}");
    // Every call is a trace line.
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("request ")).count(),
        4
    );
}

#[test]
fn with_url_check_on_a_call_outside_the_domain_list_never_leaves() {
    let (port, hits) = serve();
    let js = format!(
        r#"Page({{ onLoad() {{
        wx.request({{ url: 'http://127.0.0.1:{port}/echo', fail: (e) => console.log(e.errMsg) }});
    }} }})"#
    );
    let rules = r#"{"domains": {"request": ["https://api.shop.example.com"]}, "rules": []}"#;
    let lines = run("checked", true, Some(rules), &js);
    assert!(
        lines.contains(&"request:fail url not in domain list".to_string()),
        "{lines:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the server saw nothing");
    // The developer's "do not verify domains": the same call goes out.
    let lines = run("unchecked", false, Some(rules), &js);
    assert!(
        lines.iter().any(|l| l.starts_with("request 200")),
        "{lines:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[test]
fn uploads_send_the_file_and_the_form_as_multipart() {
    let (port, _) = serve();
    let js = format!(
        r#"Page({{ onLoad() {{
        const path = wx.env.USER_DATA_PATH + '/note.txt';
        wx.getFileSystemManager().writeFileSync(path, 'hello upload', 'utf8');
        wx.uploadFile({{ url: 'http://127.0.0.1:{port}/echo', filePath: path, name: 'photo', formData: {{ shop: 'tea' }},
          success: (r) => {{ const d = typeof r.data === 'string' ? JSON.parse(r.data) : r.data; console.log(d.method + ' ' + d.body); }},
          fail: (e) => console.log(e.errMsg) }});
    }} }})"#
    );
    let lines = run("upload", false, None, &js);
    let said = lines
        .iter()
        .find(|l| l.starts_with("POST"))
        .expect("uploaded");
    assert!(
        said.contains("name=\"shop\"") && said.contains("tea"),
        "{said}"
    );
    assert!(
        said.contains("name=\"photo\"; filename=\"note.txt\""),
        "{said}"
    );
    assert!(said.contains("hello upload"), "{said}");
}

/// A WebSocket server on 127.0.0.1 that greets, echoes in upper case, and closes on "bye".
fn serve_socket() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || {
                let Ok(mut ws) = tungstenite::accept(stream) else {
                    return;
                };
                let _ = ws.send(tungstenite::Message::text("welcome"));
                while let Ok(msg) = ws.read() {
                    let text = msg.to_text().unwrap_or("").to_string();
                    if text == "bye" {
                        let _ = ws.close(None);
                        let _ = ws.flush();
                    } else if !text.is_empty() {
                        let _ = ws.send(tungstenite::Message::text(text.to_uppercase()));
                    }
                }
            });
        }
    });
    port
}

#[test]
fn sockets_talk_to_a_real_server() {
    let port = serve_socket();
    let js = format!(
        r#"Page({{ onLoad() {{
        const t = wx.connectSocket({{ url: 'ws://127.0.0.1:{port}/live' }});
        t.onOpen(() => {{ console.log('open'); t.send({{ data: 'ping' }}); }});
        t.onMessage((m) => {{ console.log('got ' + m.data); if (m.data === 'PING') t.send({{ data: 'bye' }}); }});
        t.onClose(() => console.log('closed'));
    }} }})"#
    );
    let dir = support::app_dir(
        "live-ws",
        &[
            ("project.config.json", r#"{"setting": {"urlCheck": false}}"#),
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view/>"),
            ("p/i.js", &js),
        ],
    );
    let network: Rc<dyn Network> = Rc::new(LiveNetwork::for_app(&dir, None));
    let options = LaunchOptions {
        network: Some(network),
        ..Default::default()
    };
    let mut sim = Simulator::launch(&dir, options).unwrap();
    let mut said = Vec::new();
    // The socket works on real time; virtual time moving lets what arrived in.
    for _ in 0..200 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        sim.advance(10);
        said.extend(
            sim.take_trace()
                .iter()
                .filter(|l| l["type"] == "console")
                .map(|l| l["args"][0].as_str().unwrap_or("").to_string()),
        );
        if said.last().is_some_and(|l| l == "closed") {
            break;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(said, ["open", "got welcome", "got PING", "closed"]);
}
