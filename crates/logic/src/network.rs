//! wx.request, wx.uploadFile and wx.downloadFile: the logic side checks the call the way the
//! platform does (URL shape, the domain lists under `urlCheck`), then asks the embedder's
//! [`Network`] for the answer. mpsim itself never opens a socket: the runtime answers from a
//! mock rules file.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One network call as the app made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetRequest {
    /// `request`, `uploadFile` or `downloadFile`.
    pub api: String,
    pub url: String,
    pub method: String,
    #[serde(default)]
    pub header: Value,
    /// The request body (`data`), or for uploads the form fields.
    #[serde(default)]
    pub data: Value,
    /// For uploads: the local file sent.
    #[serde(default, rename = "filePath")]
    pub file_path: Option<String>,
    /// For uploads: the form field the file goes in (`name`).
    #[serde(default)]
    pub name: Option<String>,
    /// For uploads: the file's bytes, read by the logic side (a network that sends them needs
    /// them; the mock rules do not).
    #[serde(skip)]
    pub file: Option<Vec<u8>>,
}

/// What the network answered.
#[derive(Debug, Clone, PartialEq)]
pub enum NetResponse {
    Ok {
        status: u16,
        header: Value,
        /// JSON data, or a string body.
        data: Value,
        /// Virtual milliseconds before the answer arrives.
        delay: u64,
    },
    /// The call failed before any response (no route, refused): the `errMsg` after `fail `.
    Fail { message: String, delay: u64 },
}

/// Answers network calls (the runtime's mock rules; a real client could stand here).
pub trait Network {
    fn fetch(&self, request: &NetRequest) -> NetResponse;
    /// The domains allowed for `api` (`request`, `uploadFile`, `downloadFile`), as the
    /// admin console lists them (`https://api.example.com`); `None` when unknown.
    fn domains(&self, api: &str) -> Option<Vec<String>> {
        let _ = api;
        None
    }
    /// The bytes behind a network URL (a downloaded file, a remote `<image>`), if known.
    fn file(&self, url: &str) -> Option<Vec<u8>> {
        let _ = url;
        None
    }
    /// What the phone and its user answer to the platform calls that are not network
    /// requests (login, permissions, location, the album, payment, cloud). Defaults when
    /// the embedder says nothing.
    fn platform(&self) -> crate::platform::PlatformMocks {
        crate::platform::PlatformMocks::default()
    }
    /// The bytes of a file of the album ([`crate::platform::PlatformMocks::album`]).
    fn album_file(&self, name: &str) -> Option<Vec<u8>> {
        let _ = name;
        None
    }
    /// Whether sockets are real connections ([`Network::connect_socket`]); otherwise the
    /// mock rules' socket scripts serve them.
    fn live_sockets(&self) -> bool {
        false
    }
    /// Opens a real WebSocket to `url` (checked already), running on its own.
    fn connect_socket(&self, url: &str) -> Option<Box<dyn Socket>> {
        let _ = url;
        None
    }
}

/// A live socket connection, which works in the background: sends go out at once, what comes
/// in waits for [`Socket::poll`].
pub trait Socket {
    fn send(&mut self, text: &str) -> Result<(), String>;
    fn close(&mut self, code: u16, reason: &str);
    /// What happened since the last poll, in order.
    fn poll(&mut self) -> Vec<SocketEvent>;
}

#[derive(Debug, Clone, PartialEq)]
pub enum SocketEvent {
    Open,
    Message(String),
    Error(String),
    Close(u16, String),
}

/// The scheme and host part of a URL (`https://a.com:8443`), lowercased.
pub(crate) fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    if host.is_empty() {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

/// The platform's checks before a call leaves the phone: a valid http(s) URL, and with
/// `urlCheck` on, a domain from the configured list. `Err` is the errMsg detail.
pub fn check(req: &NetRequest, url_check: bool, domains: Option<&[String]>) -> Result<(), String> {
    let Some(o) = origin(&req.url) else {
        return Err(format!("invalid url \"{}\"", req.url));
    };
    if !(o.starts_with("https://") || o.starts_with("http://")) {
        return Err(format!("invalid url \"{}\"", req.url));
    }
    const METHODS: [&str; 8] = [
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
    ];
    if req.api == "request" && !METHODS.contains(&req.method.as_str()) {
        return Err(format!("invalid method \"{}\"", req.method));
    }
    if url_check && let Some(list) = domains {
        let allowed = list
            .iter()
            .filter_map(|d| {
                origin(d.trim_end_matches('/')).or_else(|| origin(&format!("https://{d}")))
            })
            .any(|d| d == o);
        if !allowed {
            return Err("url not in domain list".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(url: &str, method: &str) -> NetRequest {
        NetRequest {
            api: "request".into(),
            url: url.into(),
            method: method.into(),
            header: Value::Null,
            data: Value::Null,
            file_path: None,
            name: None,
            file: None,
        }
    }

    #[test]
    fn urls_methods_and_domain_lists_are_checked() {
        let list = vec![
            "https://api.shop.com".to_string(),
            "cdn.shop.com".to_string(),
        ];
        assert_eq!(
            check(&req("https://api.shop.com/a?b=1", "GET"), true, Some(&list)),
            Ok(())
        );
        assert_eq!(
            check(&req("https://CDN.shop.com/x", "GET"), true, Some(&list)),
            Ok(())
        );
        assert_eq!(
            check(&req("https://evil.com/a", "GET"), true, Some(&list)),
            Err("url not in domain list".into())
        );
        // urlCheck off (the IDE's "do not verify domains"), or no list known: allowed.
        assert_eq!(
            check(&req("https://evil.com/a", "GET"), false, Some(&list)),
            Ok(())
        );
        assert_eq!(check(&req("https://evil.com/a", "GET"), true, None), Ok(()));
        assert!(check(&req("/relative", "GET"), false, None).is_err());
        assert!(check(&req("ftp://x.com/a", "GET"), false, None).is_err());
        assert!(check(&req("https://x.com/a", "FETCH"), false, None).is_err());
    }
}
