//! The SDK's wire: a WebSocket on 127.0.0.1, one JSON text message per request
//! (`{id, method, params}`), answered with `{id, result}` or `{id, error: {message}}`;
//! events are messages without an `id` (`{method, params}`).
//!
//! One client at a time, as DevTools serves it. Between messages the app's clock follows the
//! wall clock. A client that closes the tool (`Tool.close`) ends the server; one that goes away
//! without closing may come back within [`RECONNECT_WAIT`], else the server ends too, so that
//! a test run that crashed leaves no server behind.

use super::Session;
use serde_json::{Value, json};
use std::io;
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// How long the server waits for a client that went away without closing the tool.
pub const RECONNECT_WAIT: Duration = Duration::from_secs(60);
/// How often the clock moves while no message comes.
const POLL: Duration = Duration::from_millis(10);

/// How a client's connection ended.
enum Ended {
    /// The client closed the tool: the server ends.
    Closed,
    /// The client went away: another may come.
    Gone,
}

/// Serves clients on `listener` until one closes the tool, or none comes back within
/// [`RECONNECT_WAIT`] after one went away.
pub fn serve(session: &mut Session, listener: &TcpListener) -> io::Result<()> {
    let start = Instant::now();
    let base = session.simulator().now();
    let mut waited_since: Option<Instant> = None;
    listener.set_nonblocking(true)?;
    loop {
        match listener.accept() {
            Ok((stream, _)) => match client(session, stream, start, base) {
                Ok(Ended::Closed) => return Ok(()),
                Ok(Ended::Gone) | Err(_) => waited_since = Some(Instant::now()),
            },
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if waited_since.is_some_and(|t| t.elapsed() > RECONNECT_WAIT) {
                    return Ok(());
                }
                std::thread::sleep(POLL);
                session.tick(wall(start, base));
            }
            Err(e) => return Err(e),
        }
    }
}

/// The app's clock the wall clock asks for: where it was when serving began, plus the wall
/// time since.
fn wall(start: Instant, base: u64) -> u64 {
    base + start.elapsed().as_millis() as u64
}

fn client(
    session: &mut Session,
    stream: TcpStream,
    start: Instant,
    base: u64,
) -> io::Result<Ended> {
    stream.set_nonblocking(false)?;
    let mut ws = tungstenite::accept(stream).map_err(|e| io::Error::other(e.to_string()))?;
    ws.get_ref().set_read_timeout(Some(POLL))?;
    loop {
        match ws.read() {
            Ok(Message::Text(text)) => {
                session.tick(wall(start, base));
                let reply = answer(session, text.as_str());
                send(&mut ws, reply)?;
                send_events(session, &mut ws)?;
                if session.closed() {
                    let _ = ws.close(None);
                    let _ = ws.flush();
                    return Ok(Ended::Closed);
                }
            }
            Ok(Message::Close(_)) => return Ok(Ended::Gone),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                session.tick(wall(start, base));
                send_events(session, &mut ws)?;
            }
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                return Ok(Ended::Gone);
            }
            Err(e) => return Err(io::Error::other(e.to_string())),
        }
    }
}

/// The reply to one request message. A request that fails, or one that is not JSON, is an
/// error reply; the server goes on.
pub fn answer(session: &mut Session, text: &str) -> Value {
    let msg: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return json!({"error": {"message": format!("the message is not JSON: {e}")}}),
    };
    let id = msg.get("id").cloned().unwrap_or(Value::Null);
    let method = msg
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let params = msg.get("params").cloned().unwrap_or(json!({}));
    // A bug in mpsim must not take the server down with it: the client gets the message.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        session.request(&method, &params)
    }))
    .unwrap_or_else(|_| {
        Err(format!(
            "mpsim failed inside {method} (a bug: please report it)"
        ))
    });
    match result {
        Ok(result) => json!({"id": id, "result": result}),
        Err(message) => json!({"id": id, "error": {"message": message}}),
    }
}

fn send(ws: &mut WebSocket<TcpStream>, v: Value) -> io::Result<()> {
    ws.send(Message::text(v.to_string()))
        .map_err(|e| io::Error::other(e.to_string()))
}

fn send_events(session: &mut Session, ws: &mut WebSocket<TcpStream>) -> io::Result<()> {
    for e in session.take_events() {
        send(ws, e)?;
    }
    Ok(())
}
