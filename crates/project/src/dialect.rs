//! The mini-program dialects: one model, written six ways. This table holds every difference
//! mpsim knows as data: file extensions, the directive prefix, the script-module tag and its
//! attribute names, how events are bound, how directive values are written, the config field
//! names, and the API namespace. The API argument and result shapes live beside the JS API
//! (`crates/logic/src/js/dialects.js`), the template rewrites in `mpsim_wxml::dialect`.
//!
//! Sources, per dialect: the platforms' framework documentation, and the wx-to-other-platform
//! rules of the didi/mpx compiler (`platform/template/wx`: `a:`/`s-`/`qq:`/`tt:` prefixes,
//! `on`/`catch` + camel-cased event names for Alipay with longpress as `longTap`, Baidu's
//! `s-for="item, index in list trackBy item.key"`, `<import-sjs name from>` for Alipay).

#[derive(Debug, PartialEq, Eq)]
pub struct Dialect {
    pub id: &'static str,
    pub name: &'static str,
    pub template_ext: &'static str,
    pub style_ext: &'static str,
    /// The script-module file extension and tag (`.wxs` / `<wxs>`).
    pub script_ext: &'static str,
    pub script_tag: &'static str,
    /// More tags that declare script modules (Baidu's `<filter>`).
    pub other_script_tags: &'static [&'static str],
    /// Directive prefix: `wx:` in `wx:if`.
    pub directive_prefix: &'static str,
    /// The global API object: `wx`, `ks`, `my`...
    pub api: &'static str,
    /// Other directive prefixes the platform also accepts (QQ and Kuaishou read `wx:`).
    pub also_accepts: &'static [&'static str],
    /// How template attributes bind events.
    pub events: Events,
    /// Directive values may be written without `{{ }}` (Baidu: `s-if="a > b"`,
    /// `s-for="item in list"`).
    pub bare_directives: bool,
    /// The script-module tag's attributes for its name and file (`module`/`src`; Alipay's
    /// `<import-sjs name from>`).
    pub script_name_attr: &'static str,
    pub script_src_attr: &'static str,
    /// Window, tabBar and tabBar item fields the dialect names its own way, each with the
    /// WeChat field it stands for.
    pub window_fields: &'static [(&'static str, &'static str)],
    pub tab_bar_fields: &'static [(&'static str, &'static str)],
    pub tab_item_fields: &'static [(&'static str, &'static str)],
}

/// How a dialect's templates bind event handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Events {
    /// `bindtap`, `catch:tap`, `capture-bind:...` (WeChat and all but Alipay).
    Bind,
    /// `onTap`, `catchTap`, camel-cased (Alipay); custom components receive `on...` handlers
    /// as props.
    On,
}

const WX_STYLE: Dialect = Dialect {
    id: "wx",
    name: "WeChat",
    template_ext: "wxml",
    style_ext: "wxss",
    script_ext: "wxs",
    script_tag: "wxs",
    other_script_tags: &[],
    directive_prefix: "wx:",
    api: "wx",
    also_accepts: &[],
    events: Events::Bind,
    bare_directives: false,
    script_name_attr: "module",
    script_src_attr: "src",
    window_fields: &[],
    tab_bar_fields: &[],
    tab_item_fields: &[],
};

pub const WECHAT: Dialect = WX_STYLE;
pub const KUAISHOU: Dialect = Dialect {
    id: "ks",
    name: "Kuaishou",
    template_ext: "ksml",
    style_ext: "css",
    script_ext: "sjs",
    script_tag: "sjs",
    directive_prefix: "ks:",
    api: "ks",
    also_accepts: &["wx:"],
    ..WX_STYLE
};
pub const ALIPAY: Dialect = Dialect {
    id: "my",
    name: "Alipay",
    template_ext: "axml",
    style_ext: "acss",
    script_ext: "sjs",
    script_tag: "import-sjs",
    directive_prefix: "a:",
    api: "my",
    events: Events::On,
    script_name_attr: "name",
    script_src_attr: "from",
    window_fields: &[
        ("defaultTitle", "navigationBarTitleText"),
        ("titleBarColor", "navigationBarBackgroundColor"),
        ("pullRefresh", "enablePullDownRefresh"),
    ],
    tab_bar_fields: &[("textColor", "color"), ("items", "list")],
    tab_item_fields: &[
        ("name", "text"),
        ("icon", "iconPath"),
        ("activeIcon", "selectedIconPath"),
    ],
    ..WX_STYLE
};
pub const DOUYIN: Dialect = Dialect {
    id: "tt",
    name: "Douyin",
    template_ext: "ttml",
    style_ext: "ttss",
    script_ext: "sjs",
    script_tag: "sjs",
    directive_prefix: "tt:",
    api: "tt",
    ..WX_STYLE
};
pub const BAIDU: Dialect = Dialect {
    id: "swan",
    name: "Baidu",
    template_ext: "swan",
    style_ext: "css",
    script_ext: "sjs",
    script_tag: "import-sjs",
    directive_prefix: "s-",
    api: "swan",
    other_script_tags: &["filter"],
    bare_directives: true,
    ..WX_STYLE
};
pub const QQ: Dialect = Dialect {
    id: "qq",
    name: "QQ",
    template_ext: "qml",
    style_ext: "qss",
    script_ext: "qs",
    script_tag: "qs",
    directive_prefix: "qq:",
    api: "qq",
    also_accepts: &["wx:"],
    ..WX_STYLE
};

impl Dialect {
    /// What is wrong with `appid` for this platform, if anything. Kuaishou app ids are `ks`
    /// and 18 digits (the Kuaishou developer console's format); the IDE's `touristappid`
    /// passes everywhere.
    pub fn appid_problem(&self, appid: &str) -> Option<String> {
        if appid == "touristappid" || self.id != "ks" {
            return None;
        }
        let ok = appid
            .strip_prefix("ks")
            .is_some_and(|d| d.len() == 18 && d.bytes().all(|b| b.is_ascii_digit()));
        (!ok).then(|| format!("`{appid}` is not a Kuaishou app id: they are `ks` and 18 digits"))
    }

    /// Renames the dialect's own window fields in `window` (app.json's or a page's) to
    /// WeChat's, which the rest of mpsim reads. A field already given under its WeChat name
    /// wins.
    pub fn normalize_window(&self, window: &mut serde_json::Map<String, serde_json::Value>) {
        rename_fields(window, self.window_fields);
    }

    /// Renames app.json's `window` and `tabBar` fields (and each tab's) to WeChat's.
    pub fn normalize_app(&self, app: &mut serde_json::Map<String, serde_json::Value>) {
        if let Some(w) = app.get_mut("window").and_then(|w| w.as_object_mut()) {
            self.normalize_window(w);
        }
        let Some(bar) = app.get_mut("tabBar").and_then(|t| t.as_object_mut()) else {
            return;
        };
        rename_fields(bar, self.tab_bar_fields);
        if let Some(list) = bar.get_mut("list").and_then(|l| l.as_array_mut()) {
            for item in list.iter_mut().filter_map(|i| i.as_object_mut()) {
                rename_fields(item, self.tab_item_fields);
            }
        }
    }
}

fn rename_fields(obj: &mut serde_json::Map<String, serde_json::Value>, fields: &[(&str, &str)]) {
    for (own, wechat) in fields {
        if let Some(v) = obj.remove(*own)
            && !obj.contains_key(*wechat)
        {
            obj.insert((*wechat).to_string(), v);
        }
    }
}

pub const ALL: [&Dialect; 6] = [&WECHAT, &KUAISHOU, &ALIPAY, &DOUYIN, &BAIDU, &QQ];

/// Picks the dialect whose template files are most numerous among `files`. WeChat wins ties
/// and empty folders.
pub fn detect<'a>(files: impl IntoIterator<Item = &'a str>) -> &'static Dialect {
    let mut counts = [0usize; 6];
    for f in files {
        if let Some(ext) = mpsim_base::vpath::extension(f) {
            for (i, d) in ALL.iter().enumerate() {
                if d.template_ext == ext {
                    counts[i] += 1;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..ALL.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    ALL[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_template_files() {
        assert_eq!(detect(["a.ksml", "b.ksml", "c.wxml"]).id, "ks");
        assert_eq!(detect(["a.wxml"]).id, "wx");
        assert_eq!(detect([]).id, "wx");
        assert_eq!(detect(["p/index.axml"]).id, "my");
        assert_eq!(detect(["p/index.swan", "app.css"]).id, "swan");
    }

    #[test]
    fn kuaishou_app_ids_are_ks_and_eighteen_digits() {
        assert_eq!(KUAISHOU.appid_problem("ks671599047965003333"), None);
        assert!(KUAISHOU.appid_problem("ks1234").is_some());
        assert!(KUAISHOU.appid_problem("wx1234567890abcdef").is_some());
        assert_eq!(KUAISHOU.appid_problem("touristappid"), None);
        assert_eq!(WECHAT.appid_problem("ks1234"), None);
    }

    #[test]
    fn alipay_config_fields_become_wechat_fields() {
        let serde_json::Value::Object(mut app) = serde_json::json!({
            "window": {"defaultTitle": "Shop", "titleBarColor": "#ff5000", "pullRefresh": true},
            "tabBar": {"textColor": "#666", "items": [{"pagePath": "p", "name": "Home", "icon": "a.png", "activeIcon": "b.png"}]}
        }) else {
            unreachable!()
        };
        ALIPAY.normalize_app(&mut app);
        assert_eq!(app["window"]["navigationBarTitleText"], "Shop");
        assert_eq!(app["window"]["enablePullDownRefresh"], true);
        assert_eq!(app["tabBar"]["color"], "#666");
        let tab = &app["tabBar"]["list"][0];
        assert_eq!(
            (&tab["text"], &tab["iconPath"], &tab["selectedIconPath"]),
            (&"Home".into(), &"a.png".into(), &"b.png".into())
        );
        let serde_json::Value::Object(mut wx) =
            serde_json::json!({"window": {"defaultTitle": "kept as is"}})
        else {
            unreachable!()
        };
        WECHAT.normalize_app(&mut wx);
        assert_eq!(wx["window"]["defaultTitle"], "kept as is");
    }
}
