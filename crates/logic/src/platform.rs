//! What the phone and its user would answer to the platform calls that are not network
//! requests: the login code, the permissions granted, where the phone is, which photos the
//! user picks, whether a payment goes through, what cloud functions and collections return.
//! The embedder gives them (mpsim's `--mock` rules file); every field has the default a
//! freshly installed app on a phone would meet, so an app runs with none of them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The answers the `wx` API gives for calls the user or the phone would answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlatformMocks {
    /// wx.login.
    pub login: Login,
    /// Fields of the user info getUserProfile / getUserInfo give, over a default user.
    pub user: serde_json::Map<String, Value>,
    /// Scopes (`scope.userLocation`) and whether the user granted them; unlisted scopes are
    /// granted.
    pub permissions: BTreeMap<String, bool>,
    /// wx.getLocation and friends.
    pub location: Location,
    /// The photos and videos in the album that chooseImage / chooseMedia / chooseVideo pick
    /// from (the embedder lists them; they are served as temp files). Empty: the user cancels.
    pub album: Vec<AlbumFile>,
    /// wx.requestPayment (and requestOrderPayment): succeeds unless `fail` says otherwise.
    pub payment: Outcome,
    /// wx.cloud.callFunction and database reads.
    pub cloud: Cloud,
    /// What wx.getUpdateManager reports after launch.
    pub update: Update,
    /// Fields of the address chooseAddress gives, over the devtools' sample address.
    pub address: serde_json::Map<String, Value>,
    /// What wx.scanCode reads (`result`, `scanType`...); empty: the user cancels.
    pub scan: serde_json::Map<String, Value>,
    /// What getNetworkType reports (`wifi`, `4g`, `none`...).
    #[serde(rename = "networkType")]
    pub network_type: Option<String>,
    /// The socket servers wx.connectSocket reaches; a URL none matches cannot connect.
    pub sockets: Vec<SocketScript>,
}

/// A scripted socket server: what it sends after the connection opens and what it answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SocketScript {
    /// Exact, or with `*` wildcards (the query string counts).
    pub url: String,
    /// Sent to the app in order, each `delay` virtual ms after the one before (after the open).
    pub messages: Vec<SocketMessage>,
    /// Answers to what the app sends: the first whose `when` equals the message (or is `*`).
    pub replies: Vec<SocketReply>,
    /// Whether the server sends back what it gets that no reply answers.
    pub echo: bool,
    /// The server closes (code 1000) this many virtual ms after the open, if set.
    #[serde(rename = "closeAfter")]
    pub close_after: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SocketMessage {
    pub data: String,
    pub delay: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SocketReply {
    pub when: String,
    pub data: String,
    pub delay: u64,
}

/// A call that succeeds unless `fail` gives the errMsg detail (`cancel`, `auth deny`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Outcome {
    pub fail: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Login {
    /// The code every login hands out; `mpsim-login-code-N` (N counting logins) by default.
    pub code: Option<String>,
    pub fail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub speed: f64,
    pub accuracy: f64,
    pub altitude: f64,
    /// The place chooseLocation picks.
    pub name: String,
    pub address: String,
    pub fail: Option<String>,
}

/// Tiananmen Square, where the official devtools place the phone by default.
impl Default for Location {
    fn default() -> Location {
        Location {
            latitude: 39.908823,
            longitude: 116.39747,
            speed: -1.0,
            accuracy: 65.0,
            altitude: 0.0,
            name: "天安门广场".into(),
            address: "北京市东城区东长安街".into(),
            fail: None,
        }
    }
}

/// One file the album holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlbumFile {
    /// The file's name in the album folder.
    pub name: String,
    pub size: u64,
    /// `image` or `video`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Pixel size of an image (0 when it cannot be read).
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Cloud {
    /// Function name -> what it returns.
    pub functions: BTreeMap<String, CloudFunction>,
    /// Collection name -> its documents (each with an `_id`, or one is given).
    pub collections: BTreeMap<String, Vec<Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CloudFunction {
    /// `res.result` of the call.
    pub result: Value,
    pub fail: Option<String>,
    /// Virtual milliseconds before the answer.
    pub delay: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Update {
    /// onCheckForUpdate's `hasUpdate`; then onUpdateReady follows, or onUpdateFailed with
    /// `fail`.
    #[serde(rename = "hasUpdate")]
    pub has_update: bool,
    pub fail: bool,
}

/// The kind of a file from its extension, as the album reports it.
pub fn media_kind(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mp4" | "mov" | "m4v" | "avi" | "webm" | "3gp" => "video",
        _ => "image",
    }
}

/// The pixel size of an image from its header (PNG, JPEG, GIF, WebP, BMP) or, for an SVG,
/// the size it is drawn at; `None` when the bytes are none of those.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    imagesize::blob_size(bytes)
        .ok()
        .map(|s| (s.width as u32, s.height as u32))
        .or_else(|| mpsim_paint::svg_size(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_default_and_typos_are_refused() {
        let m: PlatformMocks = serde_json::from_str("{}").unwrap();
        assert_eq!(m, PlatformMocks::default());
        assert!(m.location.fail.is_none() && m.album.is_empty());
        let m: PlatformMocks = serde_json::from_str(
            r#"{"login": {"code": "c1"}, "permissions": {"scope.userLocation": false},
                "cloud": {"functions": {"getOpenId": {"result": {"openid": "o1"}}}}}"#,
        )
        .unwrap();
        assert_eq!(m.login.code.as_deref(), Some("c1"));
        assert!(!m.permissions["scope.userLocation"]);
        assert_eq!(m.cloud.functions["getOpenId"].result["openid"], "o1");
        let e = serde_json::from_str::<PlatformMocks>(r#"{"location": {"latitud": 1}}"#);
        assert!(e.unwrap_err().to_string().contains("latitud"));
    }

    #[test]
    fn images_tell_their_size_and_videos_their_kind() {
        // A 3x2 PNG header (signature, IHDR length, type, width, height).
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        assert_eq!(image_size(&png), Some((3, 2)));
        assert_eq!(image_size(b"not an image"), None);
        assert_eq!(media_kind("a/B.MP4"), "video");
        assert_eq!(media_kind("cat.jpg"), "image");
    }
}
