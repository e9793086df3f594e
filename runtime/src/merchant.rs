//! Merchant profiles: one template of a third-party platform, as one merchant deploys it.
//!
//! A profile is the merchant's ext.json fields at the top level under their own names
//! (`extEnable`, `extAppid`, `ext`, `extPages`, `window`, `tabBar`, `networkTimeout`), plus:
//!
//! ```json
//! {
//!   "extEnable": true, "extAppid": "wx1234567890abcdef", "ext": { "name": "Noodle Bar" },
//!   "domains": { "request": ["https://api.noodle.example.com"], "socket": [], "uploadFile": [], "downloadFile": [] },
//!   "businessDomains": ["https://shop.noodle.example.com"],
//!   "envVersion": "trial"
//! }
//! ```
//!
//! Domain rules, as the platforms document them (WeChat's "server domain" and "business
//! domain" settings; the Kuaishou third-party platform's authorised-app domains):
//! - `request`, `uploadFile` and `downloadFile` domains are `https://` origins, `socket` ones
//!   `wss://`; a call matches a domain when scheme, host and port are the same (no
//!   wildcards; a subdomain is a domain of its own; a port, if listed, must be the one used).
//! - No IP address or `localhost` may be listed.
//! - A business domain (for `<web-view>`) is an `https://` host; a page is allowed when its
//!   host is the listed one.
//! - Under a third-party platform, every merchant domain is one of the platform's registered
//!   domains or a subdomain of one (`platform.json` beside the profiles lists them, in the
//!   same shape).

use mpsim_base::{Diagnostic, Severity, SourceFile, Span};
use mpsim_logic::webview::host_of;
use mpsim_project::json::value_span;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The calls a profile lists domains for, with the scheme each must use.
pub const DOMAIN_KINDS: [(&str, &str); 4] = [
    ("request", "https"),
    ("socket", "wss"),
    ("uploadFile", "https"),
    ("downloadFile", "https"),
];

/// The ext.json fields a profile carries.
const EXT_FIELDS: [&str; 7] = [
    "extEnable",
    "extAppid",
    "ext",
    "extPages",
    "window",
    "tabBar",
    "networkTimeout",
];

/// One merchant's profile.
#[derive(Debug, Clone)]
pub struct Merchant {
    /// The profile's file name without `.json`: how the gallery names the merchant.
    pub name: String,
    /// The profile as read, for positions in diagnostics.
    pub source: SourceFile,
    /// Its ext.json fields, in place of the template's own ext.json.
    pub ext: Map<String, Value>,
    /// Allowed origins by call kind; `None` when the profile lists none.
    pub domains: Option<BTreeMap<String, Vec<String>>>,
    pub business_domains: Option<Vec<String>>,
    /// `develop`, `trial` or `release`.
    pub env_version: String,
    /// What is wrong with the profile (warnings; errors make [`Merchant::load`] fail).
    pub diagnostics: Vec<Diagnostic>,
}

/// A third-party platform's registered domains (`platform.json`).
#[derive(Debug, Clone, Default)]
pub struct Platform {
    pub source: Option<SourceFile>,
    pub domains: BTreeMap<String, Vec<String>>,
    pub business_domains: Vec<String>,
}

impl Merchant {
    /// Reads a profile. `Err` holds the problems that make it unusable, each at its
    /// file:line:col.
    pub fn load(path: &Path) -> Result<Merchant, Vec<Diagnostic>> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let file = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Merchant::read(&mpsim_base::DiskVfs::new(dir), &file)
    }

    /// Reads the profile at `path` of `vfs`.
    pub fn read(vfs: &dyn mpsim_base::Vfs, path: &str) -> Result<Merchant, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let Some((source, root)) = mpsim_project::json::read_object(vfs, path, &mut diags) else {
            if diags.is_empty() {
                diags.push(Diagnostic::file(
                    path,
                    Severity::Error,
                    "merchant-unreadable",
                    "no such merchant profile",
                ));
            }
            return Err(diags);
        };
        let file = path.rsplit('/').next().unwrap_or(path);
        let name = mpsim_base::vpath::strip_extension(file).to_string();
        let mut ext = Map::new();
        for (k, v) in &root {
            if EXT_FIELDS.contains(&k.as_str()) {
                ext.insert(k.clone(), v.clone());
            } else if !["domains", "businessDomains", "envVersion"].contains(&k.as_str()) {
                diags.push(Diagnostic::at(
                    &source,
                    mpsim_project::json::key_span(&source, k),
                    Severity::Warning,
                    "merchant-unknown-field",
                    format!("`{k}` is not a merchant profile field; it is ignored"),
                ));
            }
        }
        if !ext.contains_key("extEnable") {
            ext.insert("extEnable".into(), Value::Bool(true));
        }
        let env_version = match root.get("envVersion") {
            None => "release".to_string(),
            Some(Value::String(v)) if ["develop", "trial", "release"].contains(&v.as_str()) => {
                v.clone()
            }
            Some(v) => {
                diags.push(error(
                    &source,
                    value_span(&source, v.to_string().trim_matches('"')),
                    "merchant-env-version",
                    "`envVersion` is `develop`, `trial` or `release`",
                ));
                "release".into()
            }
        };
        let domains = match root.get("domains") {
            None => None,
            Some(Value::Object(d)) => {
                let mut out = BTreeMap::new();
                for (kind, list) in d {
                    let Some((_, scheme)) = DOMAIN_KINDS.iter().find(|(k, _)| k == kind) else {
                        diags.push(Diagnostic::at(
                            &source,
                            mpsim_project::json::key_span(&source, kind),
                            Severity::Warning,
                            "merchant-unknown-field",
                            format!("`domains.{kind}` is not a kind of domain (request, socket, uploadFile, downloadFile)"),
                        ));
                        continue;
                    };
                    out.insert(
                        kind.clone(),
                        domain_list(&source, list, scheme, kind, &mut diags),
                    );
                }
                Some(out)
            }
            Some(_) => {
                diags.push(error(
                    &source,
                    mpsim_project::json::key_span(&source, "domains"),
                    "merchant-domains",
                    "`domains` is an object of lists: {\"request\": [\"https://api.example.com\"], ...}",
                ));
                None
            }
        };
        let business_domains = root
            .get("businessDomains")
            .map(|v| domain_list(&source, v, "https", "businessDomains", &mut diags));
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        Ok(Merchant {
            name: name.to_string(),
            source,
            ext,
            domains,
            business_domains,
            env_version,
            diagnostics: diags,
        })
    }

    /// The deployment the logic side runs the app as.
    pub fn deployment(&self) -> mpsim_logic::Deployment {
        mpsim_logic::Deployment {
            env_version: self.env_version.clone(),
            domains: self.domains.clone().unwrap_or_default(),
            business_domains: self.business_domains.clone(),
        }
    }

    /// Every domain of this merchant that is not one of the platform's registered domains or
    /// a subdomain of one.
    pub fn check_against(&self, platform: &Platform) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut lists: Vec<(&str, &Vec<String>, &Vec<String>)> = Vec::new();
        let empty = Vec::new();
        if let Some(d) = &self.domains {
            for (kind, list) in d {
                lists.push((kind, list, platform.domains.get(kind).unwrap_or(&empty)));
            }
        }
        if let Some(b) = &self.business_domains {
            lists.push(("businessDomains", b, &platform.business_domains));
        }
        for (kind, list, registered) in lists {
            for d in list {
                let Some(host) = host_of(d) else { continue };
                let covered = registered
                    .iter()
                    .filter_map(|r| host_of(r))
                    .any(|r| host == r || host.ends_with(&format!(".{r}")));
                if !covered {
                    out.push(Diagnostic::at(
                        &self.source,
                        span_in_list(&self.source, kind, d),
                        Severity::Error,
                        "merchant-domain-unregistered",
                        format!("`{d}` ({kind}) is neither a domain the platform registered nor a subdomain of one"),
                    ));
                }
            }
        }
        out
    }
}

impl Platform {
    /// Reads `platform.json`; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Platform>, Vec<Diagnostic>> {
        if !path.is_file() {
            return Ok(None);
        }
        let m = Merchant::load(path)?;
        Ok(Some(Platform {
            domains: m.domains.unwrap_or_default(),
            business_domains: m.business_domains.unwrap_or_default(),
            source: Some(m.source),
        }))
    }
}

/// Every profile in `dir` (each `.json` but `platform.json`, in name order), with what is
/// wrong with them: their own problems and, when `platform.json` is there, their domains that
/// the platform did not register. `Err` when the folder cannot be read or holds no profile.
pub fn load_all(dir: &Path) -> Result<(Vec<Merchant>, Vec<Diagnostic>), String> {
    let mut profiles: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "platform.json")
        })
        .collect();
    profiles.sort();
    if profiles.is_empty() {
        return Err(format!("{} holds no merchant profiles", dir.display()));
    }
    let mut diags = Vec::new();
    let platform = Platform::load(&dir.join("platform.json")).unwrap_or_else(|d| {
        diags.extend(d);
        None
    });
    let mut merchants = Vec::new();
    for path in &profiles {
        match Merchant::load(path) {
            Ok(m) => {
                diags.extend(m.diagnostics.iter().cloned());
                if let Some(p) = &platform {
                    diags.extend(m.check_against(p));
                }
                merchants.push(m);
            }
            Err(d) => diags.extend(d),
        }
    }
    Ok((merchants, diags))
}

/// Where `value` is written in the list under `key` (the same origin may also stand elsewhere
/// in the profile, in `ext`).
fn span_in_list(src: &SourceFile, key: &str, value: &str) -> Span {
    let text = src.text();
    let quoted = format!("\"{value}\"");
    text.find(&format!("\"{key}\""))
        .and_then(|k| text[k..].find(&quoted).map(|v| k + v))
        .map_or_else(
            || value_span(src, value),
            |at| Span::new(at, at + quoted.len()),
        )
}

fn error(src: &SourceFile, span: Span, code: &'static str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::at(src, span, Severity::Error, code, msg.into())
}

/// A list of origins for `kind`, each checked for its scheme and for a real host.
fn domain_list(
    src: &SourceFile,
    v: &Value,
    scheme: &str,
    kind: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(items) = v.as_array() else {
        diags.push(error(
            src,
            mpsim_project::json::key_span(src, kind),
            "merchant-domains",
            format!("`{kind}` is a list of `{scheme}://` origins"),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(d) = item.as_str() else {
            diags.push(error(
                src,
                mpsim_project::json::key_span(src, kind),
                "merchant-domains",
                format!("`{kind}` lists strings"),
            ));
            continue;
        };
        let span = span_in_list(src, kind, d);
        if !d.starts_with(&format!("{scheme}://")) {
            diags.push(error(
                src,
                span,
                "merchant-domain-scheme",
                format!("a {kind} domain starts with `{scheme}://`: `{d}`"),
            ));
            continue;
        }
        let host = host_of(d).unwrap_or_default();
        if host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() || host.is_empty() {
            diags.push(error(
                src,
                span,
                "merchant-domain-host",
                format!("`{d}`: a domain may not be an IP address or localhost"),
            ));
            continue;
        }
        out.push(d.trim_end_matches('/').to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Merchant, Vec<Diagnostic>> {
        let mut vfs = mpsim_base::MemVfs::new();
        vfs.insert("m.json", text.as_bytes());
        Merchant::read(&vfs, "m.json")
    }

    #[test]
    fn a_profile_splits_into_ext_fields_and_deployment() {
        let m = parse(
            r#"{"extAppid": "wx1", "ext": {"name": "A"}, "envVersion": "trial",
               "domains": {"request": ["https://api.a.com"]}, "businessDomains": ["https://a.com"]}"#,
        )
        .unwrap();
        assert_eq!(m.ext["extEnable"], true);
        assert_eq!(m.ext["ext"]["name"], "A");
        assert!(!m.ext.contains_key("domains"));
        let d = m.deployment();
        assert_eq!(d.env_version, "trial");
        assert_eq!(d.domains["request"], ["https://api.a.com"]);
        assert_eq!(d.business_domains, Some(vec!["https://a.com".to_string()]));
    }

    #[test]
    fn bad_profiles_are_reported_where_they_are_wrong() {
        let e = parse("{\n  \"envVersion\": \"beta\"\n}").unwrap_err();
        assert_eq!((e[0].code.as_str(), e[0].line), ("merchant-env-version", 2));
        let e = parse(r#"{"domains": {"request": ["http://api.a.com", "https://127.0.0.1"]}}"#)
            .unwrap_err();
        let codes: Vec<_> = e.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["merchant-domain-scheme", "merchant-domain-host"]);
        assert!(parse("[1]").is_err());
        assert_eq!(parse("{").unwrap_err()[0].code, "json-syntax");
        let m = parse(r#"{"colour": "red"}"#).unwrap();
        assert_eq!(m.diagnostics[0].code, "merchant-unknown-field");
    }

    #[test]
    fn merchant_domains_must_be_the_platforms_or_below_them() {
        let platform = Platform {
            source: None,
            domains: BTreeMap::from([("request".into(), vec!["https://shopcloud.com".into()])]),
            business_domains: vec!["https://shopcloud.com".into()],
        };
        let m = parse(
            r#"{"domains": {"request": ["https://a.shopcloud.com", "https://evil.com"]},
               "businessDomains": ["https://shopcloud.com"]}"#,
        )
        .unwrap();
        let found = m.check_against(&platform);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("evil.com"));
    }
}
