//! The mock network: a JSON rules file answers wx.request, uploadFile and downloadFile, and
//! serves remote `<image>` sources, so pages that load their data render in CI with no
//! network.
//!
//! ```json
//! {
//!   "domains": { "request": ["https://api.shop.com"], "downloadFile": ["https://cdn.shop.com"] },
//!   "rules": [
//!     { "url": "https://api.shop.com/products", "method": "GET", "data": { "list": [] }, "delay": 120 },
//!     { "url": "https://api.shop.com/products/*", "status": 404, "body": "not found" },
//!     { "url": "https://cdn.shop.com/*.jpg", "file": "mock/placeholder.jpg" },
//!     { "url": "https://api.shop.com/slow", "fail": "timeout", "delay": 60000 }
//!   ]
//! }
//! ```
//!
//! The first rule that matches answers. `url` is exact or has `*` wildcards; without a `?` it
//! is matched against the URL without its query string. `method` is optional. The answer is
//! `data` (JSON), `body` (text) or `file` (bytes, relative to the rules file); `status`
//! defaults to 200; `delay` is virtual milliseconds. `fail` makes the call fail with that
//! message. `domains` are the admin console's lists, enforced when project.config.json's
//! `urlCheck` is on.
//!
//! The same file answers the calls the phone or its user would answer (every section is
//! optional; the defaults are those of a fresh install):
//!
//! ```json
//! {
//!   "login": { "code": "071abc" },
//!   "user": { "nickName": "Ada", "avatarUrl": "https://cdn.shop.com/ada.png" },
//!   "permissions": { "scope.userLocation": false },
//!   "location": { "latitude": 31.23, "longitude": 121.47, "name": "外滩", "address": "上海市黄浦区" },
//!   "album": "mock/photos",
//!   "payment": { "fail": "cancel" },
//!   "cloud": {
//!     "functions": { "getOpenId": { "result": { "openid": "o-1" }, "delay": 80 } },
//!     "collections": { "goods": [{ "_id": "g1", "name": "tea", "price": 30 }] }
//!   },
//!   "update": { "hasUpdate": true },
//!   "scan": { "result": "https://shop.com/item/1" },
//!   "address": { "userName": "Ada" },
//!   "networkType": "4g"
//! }
//! ```
//!
//! `login` gives wx.login's code (or `fail`); unlisted `permissions` are granted, a denied
//! scope fails authorize and the calls that need it with `auth deny`; `album` is a folder
//! whose files, in name order, are what chooseImage / chooseMedia / chooseVideo pick (no
//! album: the user cancels); `payment` makes requestPayment fail (it succeeds otherwise);
//! cloud functions answer by name (an unlisted one fails as an undeployed function) and the
//! database reads and writes the listed collections for the run.

use mpsim_base::{Diagnostic, DiskVfs, Severity, Vfs};
use mpsim_logic::{NetRequest, NetResponse, Network, platform};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    url: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    header: Option<Value>,
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    fail: Option<String>,
    #[serde(default)]
    delay: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RulesFile {
    domains: BTreeMap<String, Vec<String>>,
    rules: Vec<Rule>,
    login: platform::Login,
    user: serde_json::Map<String, Value>,
    permissions: BTreeMap<String, bool>,
    location: platform::Location,
    /// A folder (relative to the rules file) holding the album's photos and videos.
    album: Option<String>,
    payment: platform::Outcome,
    cloud: platform::Cloud,
    update: platform::Update,
    address: serde_json::Map<String, Value>,
    scan: serde_json::Map<String, Value>,
    #[serde(rename = "networkType")]
    network_type: Option<String>,
    sockets: Vec<platform::SocketScript>,
}

/// Mock rules loaded from a file.
#[derive(Clone)]
pub struct MockNetwork {
    /// The files beside the rules file (on disk, or packed for the browser build): what
    /// `file` rules and the album read.
    files: Rc<dyn Vfs>,
    file: RulesFile,
    /// The album folder's files, in name order.
    album: Vec<platform::AlbumFile>,
}

impl std::fmt::Debug for MockNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockNetwork")
            .field("rules", &self.file.rules.len())
            .field("album", &self.album)
            .finish_non_exhaustive()
    }
}

impl MockNetwork {
    /// Reads a rules file. A syntax or shape error gives its line:col.
    pub fn load(path: &Path) -> Result<MockNetwork, Diagnostic> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::file(&shown, Severity::Error, "mock-unreadable", e.to_string())
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        MockNetwork::parse(&text, &shown, Rc::new(DiskVfs::new(base)))
    }

    /// Parses rules text (`name` is the file's name in diagnostics); `file` rules and the
    /// album are read from `files`, the folder the rules file is in.
    pub fn parse(text: &str, name: &str, files: Rc<dyn Vfs>) -> Result<MockNetwork, Diagnostic> {
        let file: RulesFile = serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.find(" at line ").map(|i| &msg[..i]).unwrap_or(&msg);
            let mut d = Diagnostic::file(
                name,
                Severity::Error,
                "mock-invalid",
                format!("invalid mock rules: {msg}"),
            );
            d.line = e.line() as u32;
            d.col = e.column() as u32;
            d
        })?;
        let mut mock = MockNetwork {
            files,
            file,
            album: Vec::new(),
        };
        if let Some(folder) = &mock.file.album {
            mock.album = list_album(mock.files.as_ref(), folder).map_err(|e| {
                Diagnostic::file(
                    name,
                    Severity::Error,
                    "mock-album",
                    format!("the album folder {folder} cannot be read: {e}"),
                )
            })?;
        }
        Ok(mock)
    }

    /// The album file's path among the files, when the album lists `name`: a picked file
    /// never reaches outside the folder.
    fn album_path(&self, name: &str) -> Option<String> {
        let folder = self.file.album.as_ref()?;
        self.album
            .iter()
            .any(|f| f.name == name)
            .then(|| format!("{}/{name}", folder.trim_end_matches('/')))
    }

    fn rule(&self, url: &str, method: Option<&str>) -> Option<&Rule> {
        self.file.rules.iter().find(|r| {
            let target = if r.url.contains('?') {
                url
            } else {
                url.split(['?', '#']).next().unwrap_or(url)
            };
            glob(&r.url, target)
                && match (&r.method, method) {
                    (Some(m), Some(want)) => m.eq_ignore_ascii_case(want),
                    _ => true,
                }
        })
    }

    fn read(&self, file: &str) -> Result<Vec<u8>, String> {
        self.files
            .read(file)
            .map_err(|e| format!("mock file {file} cannot be read: {e}"))
    }
}

/// The files directly in an album folder, in name order, with their sizes (and pixel sizes
/// of images).
fn list_album(files: &dyn Vfs, folder: &str) -> Result<Vec<platform::AlbumFile>, String> {
    if !files.is_dir(folder) {
        return Err("no such folder".into());
    }
    let folder = folder.trim_end_matches('/');
    let mut out = Vec::new();
    for path in files.list_files(folder) {
        let name = path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .trim_start_matches('/');
        if name.contains('/') || name.starts_with('.') {
            continue;
        }
        let name = name.to_string();
        let bytes = files.read(&path).map_err(|e| e.to_string())?;
        let (width, height) = platform::image_size(&bytes).unwrap_or((0, 0));
        out.push(platform::AlbumFile {
            kind: platform::media_kind(&name).into(),
            name,
            size: bytes.len() as u64,
            width,
            height,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `*` matches any run of characters; everything else literally.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(rest) = text.strip_prefix(parts[0]) else {
        return false;
    };
    let last = parts[parts.len() - 1];
    let mut rest = rest;
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl Network for MockNetwork {
    fn fetch(&self, req: &NetRequest) -> NetResponse {
        let Some(rule) = self.rule(&req.url, Some(&req.method)) else {
            return NetResponse::Fail {
                message: format!("no mock rule matches {} {}", req.method, req.url),
                delay: 0,
            };
        };
        if let Some(message) = &rule.fail {
            return NetResponse::Fail {
                message: message.clone(),
                delay: rule.delay,
            };
        }
        let data = if let Some(d) = &rule.data {
            d.clone()
        } else if let Some(b) = &rule.body {
            Value::String(b.clone())
        } else if let Some(f) = &rule.file {
            match self.read(f) {
                // Downloads hand out a temp path; the bytes are served through `file()`.
                Ok(_) if req.api == "downloadFile" => Value::Null,
                Ok(bytes) => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
                Err(message) => {
                    return NetResponse::Fail {
                        message,
                        delay: rule.delay,
                    };
                }
            }
        } else {
            Value::String(String::new())
        };
        let header = rule.header.clone().unwrap_or_else(|| {
            let kind = if rule.data.is_some() {
                "application/json"
            } else {
                "text/plain"
            };
            json!({ "Content-Type": kind })
        });
        NetResponse::Ok {
            status: rule.status.unwrap_or(200),
            header,
            data,
            delay: rule.delay,
        }
    }

    fn domains(&self, api: &str) -> Option<Vec<String>> {
        self.file.domains.get(api).cloned()
    }

    fn file(&self, url: &str) -> Option<Vec<u8>> {
        let rule = self.rule(url, None)?;
        self.read(rule.file.as_deref()?).ok()
    }

    fn platform(&self) -> platform::PlatformMocks {
        let f = &self.file;
        platform::PlatformMocks {
            login: f.login.clone(),
            user: f.user.clone(),
            permissions: f.permissions.clone(),
            location: f.location.clone(),
            album: self.album.clone(),
            payment: f.payment.clone(),
            cloud: f.cloud.clone(),
            update: f.update.clone(),
            address: f.address.clone(),
            scan: f.scan.clone(),
            network_type: f.network_type.clone(),
            sockets: f.sockets.clone(),
        }
    }

    fn album_file(&self, name: &str) -> Option<Vec<u8>> {
        self.files.read(&self.album_path(name)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk(dir: &Path) -> Rc<dyn Vfs> {
        Rc::new(DiskVfs::new(dir))
    }

    fn req(api: &str, method: &str, url: &str) -> NetRequest {
        NetRequest {
            api: api.into(),
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
    fn platform_sections_and_the_album_folder() {
        let dir = std::env::temp_dir().join(format!("mpsim-mock-album-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("photos")).unwrap();
        std::fs::write(dir.join("photos/b.mp4"), "video").unwrap();
        std::fs::write(dir.join("photos/a.jpg"), "not really a jpeg").unwrap();
        std::fs::write(dir.join("secret.txt"), "no").unwrap();
        let m = MockNetwork::parse(
            r#"{"login": {"code": "c"}, "permissions": {"scope.camera": false}, "album": "photos",
                "cloud": {"collections": {"goods": [{"name": "tea"}]}}, "networkType": "4g"}"#,
            "mock.json",
            disk(&dir),
        )
        .unwrap();
        let p = m.platform();
        assert_eq!(p.login.code.as_deref(), Some("c"));
        assert!(!p.permissions["scope.camera"]);
        assert_eq!(p.network_type.as_deref(), Some("4g"));
        assert_eq!(p.cloud.collections["goods"].len(), 1);
        let album: Vec<(&str, &str)> = p
            .album
            .iter()
            .map(|f| (f.name.as_str(), f.kind.as_str()))
            .collect();
        assert_eq!(album, [("a.jpg", "image"), ("b.mp4", "video")]);
        assert_eq!(m.album_file("b.mp4"), Some(b"video".to_vec()));
        assert_eq!(m.album_file("../secret.txt"), None);
        let e = MockNetwork::parse(r#"{"album": "none"}"#, "mock.json", disk(&dir)).unwrap_err();
        assert!(e.message.contains("album folder none"), "{}", e.message);
        let e = MockNetwork::parse("{\n  \"paymnt\": {}\n}", "mock.json", disk(&dir)).unwrap_err();
        assert_eq!((e.line, e.col), (2, 10));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The browser build reads the rules' files from the packed app, in memory.
    #[test]
    fn files_and_the_album_come_from_memory_too() {
        let files = mpsim_base::MemVfs::new()
            .with("photos/a.jpg", "jpeg")
            .with("photos/deeper/x.jpg", "not in the album")
            .with("x.txt", "hello");
        let m = MockNetwork::parse(
            r#"{"album": "photos", "rules": [{"url": "https://a.com/t", "file": "x.txt"}]}"#,
            "rules.json",
            Rc::new(files),
        )
        .unwrap();
        let names: Vec<_> = m.platform().album.iter().map(|f| f.name.clone()).collect();
        assert_eq!(names, ["a.jpg"]);
        assert_eq!(m.album_file("a.jpg"), Some(b"jpeg".to_vec()));
        assert_eq!(m.file("https://a.com/t"), Some(b"hello".to_vec()));
    }

    #[test]
    fn globs_match_like_shell_stars() {
        assert!(glob("https://a.com/p/*", "https://a.com/p/12"));
        assert!(glob("https://*.com/*.jpg", "https://cdn.com/x/y.jpg"));
        assert!(!glob("https://*.com/*.jpg", "https://cdn.com/x/y.png"));
        assert!(glob("exact", "exact") && !glob("exact", "exactly"));
        assert!(!glob("a*a", "a"));
    }

    #[test]
    fn the_first_matching_rule_answers() {
        let dir = std::env::temp_dir().join(format!("mpsim-mock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("x.txt"), "hello").unwrap();
        let m = MockNetwork::parse(
            r#"{"rules": [
                {"url": "https://a.com/list", "method": "post", "status": 201, "data": {"ok": 1}, "delay": 50},
                {"url": "https://a.com/list", "data": [1, 2]},
                {"url": "https://a.com/t/*", "file": "x.txt"},
                {"url": "https://a.com/down", "fail": "timeout"}
            ], "domains": {"request": ["https://a.com"]}}"#,
            "mock.json",
            disk(&dir),
        )
        .unwrap();
        assert_eq!(
            m.fetch(&req("request", "POST", "https://a.com/list?x=1")),
            NetResponse::Ok {
                status: 201,
                header: json!({"Content-Type": "application/json"}),
                data: json!({"ok": 1}),
                delay: 50
            }
        );
        assert!(
            matches!(m.fetch(&req("request", "GET", "https://a.com/list")),
            NetResponse::Ok { data, .. } if data == json!([1, 2]))
        );
        assert!(
            matches!(m.fetch(&req("request", "GET", "https://a.com/t/1")),
            NetResponse::Ok { data, .. } if data == json!("hello"))
        );
        assert_eq!(m.file("https://a.com/t/9"), Some(b"hello".to_vec()));
        assert!(
            matches!(m.fetch(&req("request", "GET", "https://a.com/down")),
            NetResponse::Fail { message, .. } if message == "timeout")
        );
        assert!(matches!(m.fetch(&req("request", "GET", "https://b.com/")),
            NetResponse::Fail { message, .. } if message.contains("no mock rule")));
        assert_eq!(
            m.domains("request"),
            Some(vec!["https://a.com".to_string()])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_rules_files_point_at_the_problem() {
        let e = MockNetwork::parse(
            "{\n  \"rules\": [{\"url\": 1}]\n}",
            "m.json",
            Rc::new(mpsim_base::MemVfs::new()),
        )
        .unwrap_err();
        assert_eq!((e.line, e.file.as_str()), (2, "m.json"));
        let e = MockNetwork::parse(
            "{\"rulez\": []}",
            "m.json",
            Rc::new(mpsim_base::MemVfs::new()),
        )
        .unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
    }
}
