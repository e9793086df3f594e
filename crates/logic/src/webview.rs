//! `<web-view>` in a deployed app: a page outside the merchant's business domains does not
//! open, as on the phone. The refusal is a `webview` trace line and the element's `error`
//! event (`binderror`, detail `{url, fullUrl}`). Checked at the end of each task, once per
//! element and address.

use crate::service::{Kind, shared};
use boa_engine::Context;
use mpsim_wxml::NodeId;
use serde_json::json;

/// Whether a web-view may open `url` with these business domains: an https page whose host
/// is a listed one (a subdomain is a domain of its own).
pub fn allows(domains: &[String], url: &str) -> bool {
    url.starts_with("https://")
        && host_of(url).is_some_and(|h| domains.iter().filter_map(|d| host_of(d)).any(|d| d == h))
}

/// The host of `https://a.example.com:8443/path`, lowercased.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Refuses every web-view on a page whose address the deployment's business domains do not
/// allow, once per element and address.
pub fn check(ctx: &mut Context) {
    let st = shared(ctx);
    let refused: Vec<(NodeId, String)> = {
        let mut s = st.borrow_mut();
        let Some(domains) = s
            .deployment
            .as_ref()
            .and_then(|d| d.business_domains.clone())
        else {
            return;
        };
        // Only a task that changed a tree can have changed a web-view.
        if !s
            .outbox
            .iter()
            .any(|m| matches!(m, mpsim_bridge::ToView::Batch { .. }))
        {
            return;
        }
        let mut nodes = Vec::new();
        for inst in s.insts.values().filter(|i| matches!(i.kind, Kind::Page)) {
            s.mirror.descendants(inst.root, &mut nodes);
        }
        let mut out = Vec::new();
        for id in nodes {
            let Some(n) = s.mirror.get(id).filter(|n| n.tag == "web-view") else {
                continue;
            };
            let src = n
                .attr("src")
                .map(mpsim_base::js::value_to_string)
                .unwrap_or_default();
            if src.is_empty() || s.web_views.get(&id) == Some(&src) {
                continue;
            }
            s.web_views.insert(id, src.clone());
            if !allows(&domains, &src) {
                s.record(json!({"type": "webview", "url": src, "refused": "not a business domain of this app"}));
                out.push((id, src));
            }
        }
        out
    };
    for (node, src) in refused {
        let e = mpsim_bridge::EventMessage::new(node, "error", json!({"url": src, "fullUrl": src}));
        crate::events::view_event(ctx, &e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_domains_allow_their_own_hosts_over_https() {
        let d = vec!["https://shop.example.com".to_string()];
        assert!(allows(&d, "https://shop.example.com/page?x=1"));
        assert!(allows(&d, "https://SHOP.example.com"));
        assert!(!allows(&d, "http://shop.example.com/"));
        assert!(!allows(&d, "https://m.shop.example.com/"));
        assert!(!allows(&d, "https://evil.com/?shop.example.com"));
    }
}
