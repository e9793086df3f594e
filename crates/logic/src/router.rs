//! The page stack and the routing table: what each navigation does, in the documented order.
//!
//! - navigateTo: A.onHide, B.onLoad, B.onShow, B.onReady (the stack holds at most 10 pages).
//! - navigateBack: B.onUnload (each popped page, top first), A.onShow.
//! - redirectTo: A.onUnload, B.onLoad, B.onShow, B.onReady.
//! - switchTab: non-tab pages unload (top first); the tab page shows (loading it first if it
//!   was never opened); a tab page left behind hides.
//! - reLaunch: every page unloads (top first), then the new page opens.

use crate::service::{self, MAX_PAGES, State, shared};
use boa_engine::Context;
use mpsim_base::vpath;
use serde_json::{Map, Value, json};

/// Splits `pages/a/a?x=1&y=2` into the route and the query (values are strings, decoded).
pub fn split_url(url: &str, from: &str) -> (String, Value) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let route = if path.starts_with('/') || from.is_empty() {
        vpath::normalize(path).unwrap_or_default()
    } else {
        vpath::resolve(from, path).unwrap_or_default()
    };
    let mut q = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        q.insert(decode(k), Value::String(decode(v)));
    }
    (route, Value::Object(q))
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Hex digits read as bytes: a `%` before a multi-byte character is kept as it is.
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn current_route(s: &State) -> String {
    s.pages
        .last()
        .and_then(|p| s.insts.get(p))
        .map(|i| i.path.clone())
        .unwrap_or_default()
}

fn is_tab(s: &State, route: &str) -> bool {
    s.project
        .app
        .tab_bar
        .as_ref()
        .is_some_and(|t| t.list.iter().any(|i| i.page_path == route))
}

fn is_page(s: &State, route: &str) -> bool {
    s.project.pages.iter().any(|p| p.route == route)
}

/// Why a navigation would fail, in the platform's words, or `None` when it can go ahead.
pub fn check(s: &State, method: &str, arg: &str) -> Option<String> {
    if method == "navigateBack" {
        return None;
    }
    let (route, _) = split_url(arg, &current_route(s));
    if !is_page(s, &route) {
        return Some(format!("page \"{route}\" is not found"));
    }
    match method {
        "navigateTo" | "redirectTo" if is_tab(s, &route) => {
            Some(format!("can not {method} a tabbar page"))
        }
        "switchTab" if !is_tab(s, &route) => Some("can not switchTab to a non-tabbar page".into()),
        "navigateTo" if s.pages.len() >= MAX_PAGES => Some("webview count limit exceed".into()),
        _ => None,
    }
}

/// Opens a page and runs its first lifecycles: components attach, onLoad, onShow, ready.
pub fn open(ctx: &mut Context, route: &str, query: &Value) -> u32 {
    let st = shared(ctx);
    let id = service::create_page(ctx, route, query);
    st.borrow_mut().pages.push(id);
    for c in service::page_components(&st, id) {
        service::attach(ctx, c);
    }
    service::page_call(ctx, id, "onLoad", &json!([query]));
    show(ctx, id);
    id
}

/// The view says the page's first frame is on screen: its components are ready (children
/// first), then the page.
pub fn first_render(ctx: &mut Context, page: u32) {
    let st = shared(ctx);
    let fresh = st
        .borrow_mut()
        .insts
        .get_mut(&page)
        .is_some_and(|i| !std::mem::replace(&mut i.ready, true));
    if !fresh {
        return;
    }
    for c in service::page_components_post(&st, page) {
        service::make_ready(ctx, c);
    }
    service::page_call(ctx, page, "onReady", &json!([]));
}

/// Marks a page shown or hidden; false when it already was (so no page gets a second onShow
/// or onHide in a row).
fn set_shown(st: &service::Shared, page: u32, shown: bool) -> bool {
    st.borrow_mut()
        .insts
        .get_mut(&page)
        .is_some_and(|i| std::mem::replace(&mut i.shown, shown) != shown)
}

pub fn show(ctx: &mut Context, page: u32) {
    if !set_shown(&shared(ctx), page, true) {
        return;
    }
    service::page_lifetime_all(ctx, page, "show", &json!([]));
    service::page_call(ctx, page, "onShow", &json!([]));
}

pub fn hide(ctx: &mut Context, page: u32) {
    if !set_shown(&shared(ctx), page, false) {
        return;
    }
    service::page_call(ctx, page, "onHide", &json!([]));
    service::page_lifetime_all(ctx, page, "hide", &json!([]));
}

fn unload(ctx: &mut Context, page: u32) {
    service::page_call(ctx, page, "onUnload", &json!([]));
    let st = shared(ctx);
    {
        let mut s = st.borrow_mut();
        s.pages.retain(|p| *p != page);
        s.tabs.retain(|_, p| *p != page);
    }
    service::destroy_page(ctx, page);
}

/// Carries out one navigation.
pub fn perform(ctx: &mut Context, method: &str, arg: &str) {
    let st = shared(ctx);
    let from = current_route(&st.borrow());
    st.borrow_mut()
        .record(json!({"type": "navigate", "method": method, "url": arg}));
    let refused = check(&st.borrow(), method, arg);
    if let Some(err) = refused {
        st.borrow_mut()
            .record(json!({"type": "navigate", "method": method, "url": arg, "error": err}));
        return;
    }
    let (route, query) = split_url(arg, &from);
    let top = st.borrow().pages.last().copied();
    match method {
        "navigateTo" => {
            if let Some(a) = top {
                hide(ctx, a);
            }
            open(ctx, &route, &query);
        }
        "redirectTo" => {
            if let Some(a) = top {
                unload(ctx, a);
            }
            open(ctx, &route, &query);
        }
        "navigateBack" => {
            let delta: usize = arg.parse().unwrap_or(1).max(1);
            let count = st.borrow().pages.len();
            let pop = delta.min(count.saturating_sub(1));
            for _ in 0..pop {
                let Some(p) = st.borrow().pages.last().copied() else {
                    break;
                };
                unload(ctx, p);
            }
            if pop > 0
                && let Some(p) = service::top_page(&st)
            {
                show(ctx, p);
            }
        }
        "switchTab" => {
            let pages: Vec<u32> = st.borrow().pages.clone();
            for p in pages.iter().rev() {
                let keep = st
                    .borrow()
                    .insts
                    .get(p)
                    .is_some_and(|i| is_tab(&st.borrow(), &i.path));
                if !keep {
                    unload(ctx, *p);
                }
            }
            let existing = st.borrow().tabs.get(&route).copied();
            // The tab page left at the bottom was hidden already when pages went over it;
            // `hide` does nothing then.
            if let Some(cur) = service::top_page(&st)
                && Some(cur) != existing
            {
                hide(ctx, cur);
            }
            match existing {
                Some(p) => {
                    {
                        let mut s = st.borrow_mut();
                        s.pages.retain(|x| *x != p);
                        s.pages.push(p);
                    }
                    show(ctx, p);
                }
                None => {
                    let id = open(ctx, &route, &query);
                    st.borrow_mut().tabs.insert(route.clone(), id);
                }
            }
            // Only the current tab page stays on the stack; others live on in `tabs`.
            let cur = st.borrow().pages.last().copied();
            st.borrow_mut().pages.retain(|p| Some(*p) == cur);
        }
        "reLaunch" => {
            let pages: Vec<u32> = st.borrow().pages.clone();
            for p in pages.iter().rev() {
                unload(ctx, *p);
            }
            let tabs: Vec<u32> = st.borrow().tabs.values().copied().collect();
            for p in tabs {
                unload(ctx, p);
            }
            let id = open(ctx, &route, &query);
            if is_tab(&st.borrow(), &route) {
                st.borrow_mut().tabs.insert(route.clone(), id);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_escapes_and_non_ascii_text_in_queries_are_kept() {
        let (_, q) = split_url("/p?q=%中&r=%&s=%4&t=%E4%B8%AD&u=中%2", "");
        assert_eq!(
            q,
            json!({"q": "%中", "r": "%", "s": "%4", "t": "中", "u": "中%2"})
        );
    }

    #[test]
    fn urls_split_into_route_and_query() {
        let (r, q) = split_url("/pages/a/a?x=1&name=A%20B&e=", "");
        assert_eq!(r, "pages/a/a");
        assert_eq!(q, json!({"x": "1", "name": "A B", "e": ""}));
        let (r, _) = split_url("../b/b", "pages/a/a");
        assert_eq!(r, "pages/b/b");
    }
}
