//! Loading a project: configs, pages, components, and the ext.json merge.

use crate::dialect::{self, Dialect};
use crate::json::{key_span, read_object, str_field, value_span};
use crate::resolve::{Unresolved, resolve_component};
use mpsim_base::{Diagnostic, Severity, SourceFile, SubVfs, Vfs};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};

#[derive(Debug, Clone, Default)]
pub struct ProjectConfig {
    pub appid: Option<String>,
    /// The folder of app.json, relative to the project folder ("" when they are the same).
    pub miniprogram_root: String,
    /// `setting.urlCheck`: whether network calls must hit whitelisted domains.
    pub url_check: bool,
    /// `condition.miniprogram.list`: named launch configurations (name, page path, query).
    pub conditions: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct TabBarItem {
    pub page_path: String,
    pub text: String,
    pub icon_path: Option<String>,
    pub selected_icon_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TabBar {
    pub color: String,
    pub selected_color: String,
    pub background_color: String,
    pub border_style: String,
    pub position: String,
    pub custom: bool,
    pub list: Vec<TabBarItem>,
}

impl AppConfig {
    /// Whether `route` is one of the tabBar's pages.
    pub fn is_tab_page(&self, route: &str) -> bool {
        self.tab_bar
            .as_ref()
            .is_some_and(|t| t.list.iter().any(|i| i.page_path == route))
    }
}

#[derive(Debug, Clone)]
pub struct SubPackage {
    pub root: String,
    pub name: Option<String>,
    pub pages: Vec<String>,
    pub independent: bool,
}

/// app.json, after ext.json is merged over it.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// Main-package pages, in order (the first is the default entry).
    pub pages: Vec<String>,
    pub entry_page_path: Option<String>,
    pub window: Map<String, Value>,
    pub tab_bar: Option<TabBar>,
    pub subpackages: Vec<SubPackage>,
    pub network_timeout: Map<String, Value>,
    pub style: Option<String>,
    pub sitemap_location: Option<String>,
    pub lazy_code_loading: Option<String>,
    pub resolve_alias: Vec<(String, String)>,
    pub use_extended_lib: Map<String, Value>,
    pub plugins: Map<String, Value>,
    /// The whole file, for fields mpsim does not model.
    pub raw: Map<String, Value>,
}

/// One `usingComponents` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Using {
    pub tag: String,
    pub reference: String,
    /// The component's base path (no extension), when it resolved.
    pub target: Option<String>,
    /// Set when the component comes from an extended library the platform provides
    /// (`useExtendedLib`, e.g. `weui-miniprogram/...`) rather than from the project.
    pub extended_lib: Option<String>,
}

/// A page's or component's .json.
#[derive(Debug, Clone, Default)]
pub struct ComponentConfig {
    /// Base path without extension (`pages/index/index`).
    pub path: String,
    pub is_component: bool,
    pub using: Vec<Using>,
    pub generics: Vec<String>,
    /// Page window fields (navigationBarTitleText...).
    pub window: Map<String, Value>,
    pub style_isolation: Option<String>,
    pub add_global_class: bool,
    pub raw: Map<String, Value>,
}

/// ext.json of a third-party template.
#[derive(Debug, Clone, Default)]
pub struct ExtConfig {
    pub enabled: bool,
    pub ext_appid: Option<String>,
    /// Custom data for the merchant, returned by `wx.getExtConfigSync()`.
    pub ext: Value,
    pub ext_pages: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageEntry {
    pub route: String,
    pub subpackage: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub dialect: &'static Dialect,
    pub config: ProjectConfig,
    pub app: AppConfig,
    pub ext: Option<ExtConfig>,
    /// Every page, main package first, then subpackages.
    pub pages: Vec<PageEntry>,
    /// Pages and components by base path.
    pub components: BTreeMap<String, ComponentConfig>,
}

/// Which engine draws a page: the WebView (the default, and what most apps run under) or
/// Skyline (`"renderer": "skyline"`), whose component framework (glass-easel) runs in the
/// logic thread and updates templates inside `setData`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    WebView,
    Skyline,
}

impl Project {
    /// The renderer of page `route`: its json's `renderer`, else its subpackage's, else
    /// app.json's, else the WebView.
    pub fn renderer(&self, route: &str) -> Renderer {
        let named = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let page = named(
            self.components
                .get(route)
                .and_then(|c| c.raw.get("renderer")),
        );
        let subpackage = || {
            ["subpackages", "subPackages"]
                .iter()
                .filter_map(|k| self.app.raw.get(*k).and_then(Value::as_array))
                .flatten()
                .find(|p| {
                    p.get("root")
                        .and_then(Value::as_str)
                        .is_some_and(|r| route.starts_with(&format!("{}/", r.trim_matches('/'))))
                })
                .and_then(|p| named(p.get("renderer")))
        };
        let chosen = page
            .or_else(subpackage)
            .or_else(|| named(self.app.raw.get("renderer")));
        match chosen.as_deref() {
            Some("skyline") => Renderer::Skyline,
            _ => Renderer::WebView,
        }
    }

    /// The page the app opens first: `entryPagePath`, else the first page.
    pub fn entry_page(&self) -> Option<&str> {
        self.app
            .entry_page_path
            .as_deref()
            .or(self.pages.first().map(|p| p.route.as_str()))
    }

    pub fn template_path(&self, base: &str) -> String {
        format!("{base}.{}", self.dialect.template_ext)
    }

    pub fn style_path(&self, base: &str) -> String {
        format!("{base}.{}", self.dialect.style_ext)
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}

/// Project files, first found wins: WeChat's (also Douyin's and QQ's), Kuaishou's, Baidu's,
/// Alipay's.
pub const PROJECT_FILES: [&str; 4] = [
    "project.config.json",
    "project.ks.json",
    "project.swan.json",
    "mini.project.json",
];

/// Loads the project in `vfs`. `Err` means the folder is not a mini-program at all (no
/// app.json); every other problem is a diagnostic next to a loaded project.
pub fn load(vfs: &dyn Vfs) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with_ext(vfs, None)
}

/// [`load`], with `ext` (a merchant's ext.json fields, read from the file they came from)
/// instead of the project's own ext.json: the template as one merchant of a third-party
/// platform runs it.
pub fn load_with_ext(
    vfs: &dyn Vfs,
    merchant_ext: Option<(SourceFile, Map<String, Value>)>,
) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut config = ProjectConfig {
        url_check: true,
        ..Default::default()
    };
    // The platforms' own project files, where a project has no project.config.json (Douyin
    // and QQ use that name too).
    let project_file = PROJECT_FILES
        .iter()
        .find(|f| vfs.is_file(f))
        .copied()
        .unwrap_or("project.config.json");
    if let Some((_, pc)) = read_object(vfs, project_file, &mut diags) {
        config.appid = str_field(&pc, "appid").map(str::to_string);
        config.miniprogram_root = str_field(&pc, "miniprogramRoot")
            .and_then(mpsim_base::vpath::normalize)
            .unwrap_or_default();
        if let Some(b) = pc
            .get("setting")
            .and_then(|s| s.get("urlCheck"))
            .and_then(Value::as_bool)
        {
            config.url_check = b;
        }
        if let Some(list) = pc
            .get("condition")
            .and_then(|c| c.get("miniprogram"))
            .and_then(|m| m.get("list"))
            .and_then(Value::as_array)
        {
            for item in list {
                let name = item
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let path = item
                    .get("pathName")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let query = item
                    .get("query")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                config.conditions.push((name, path, query));
            }
        }
    }
    let root_vfs = SubVfs::new(vfs, &config.miniprogram_root);
    let vfs: &dyn Vfs = &root_vfs;
    let app_path = "app.json";
    let Some((app_src, mut app_raw)) = read_object(vfs, app_path, &mut diags) else {
        if !diags.iter().any(|d| d.file.ends_with("app.json")) {
            let where_ = if config.miniprogram_root.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", config.miniprogram_root)
            };
            diags.push(Diagnostic::file(
                app_path,
                Severity::Error,
                "project-no-app-json",
                format!("no app.json{where_}: this folder is not a mini-program"),
            ));
            return Err(diags);
        }
        return Err(diags);
    };
    let files = vfs.list_files("");
    let dialect = dialect::detect(files.iter().map(String::as_str));
    dialect.normalize_app(&mut app_raw);
    if let Some(problem) = config
        .appid
        .as_deref()
        .and_then(|id| dialect.appid_problem(id))
    {
        diags.push(Diagnostic::file(
            "project.config.json",
            Severity::Warning,
            "project-appid-format",
            problem,
        ));
    }

    // DarkMode variables (`@name`) in window and tabBar take the light theme's values.
    let theme = crate::theme::Theme::load(vfs, &app_src, &app_raw, &mut diags);
    if let Some(t) = &theme {
        for key in ["window", "tabBar"] {
            if let Some(v) = app_raw.get_mut(key) {
                for name in t.apply(v) {
                    diags.push(Diagnostic::at(
                        &app_src,
                        crate::json::value_span(&app_src, &name),
                        Severity::Warning,
                        "app-theme-variable",
                        format!("`{name}` is not a variable of the theme's light set"),
                    ));
                }
            }
        }
    }
    let mut app = AppConfig {
        raw: app_raw.clone(),
        ..Default::default()
    };
    app.pages = strings(app_raw.get("pages"));
    if app.pages.is_empty() {
        diags.push(Diagnostic::at(
            &app_src,
            key_span(&app_src, "pages"),
            Severity::Error,
            "app-no-pages",
            "`pages` must list at least one page",
        ));
    }
    app.entry_page_path =
        str_field(&app_raw, "entryPagePath").map(|s| s.trim_start_matches('/').to_string());
    app.window = object(app_raw.get("window"));
    app.network_timeout = object(app_raw.get("networkTimeout"));
    app.style = str_field(&app_raw, "style").map(str::to_string);
    app.sitemap_location = str_field(&app_raw, "sitemapLocation").map(str::to_string);
    app.lazy_code_loading = str_field(&app_raw, "lazyCodeLoading").map(str::to_string);
    app.use_extended_lib = object(app_raw.get("useExtendedLib"));
    app.plugins = object(app_raw.get("plugins"));
    app.resolve_alias = object(app_raw.get("resolveAlias"))
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
        .collect();
    if !app.plugins.is_empty() {
        diags.push(Diagnostic::at(
            &app_src,
            key_span(&app_src, "plugins"),
            Severity::Warning,
            "app-plugins-unsupported",
            "plugins are not supported by mpsim yet; pages using them will miss those components",
        ));
    }
    for key in ["subpackages", "subPackages"] {
        if let Some(list) = app_raw.get(key).and_then(Value::as_array) {
            for sp in list {
                let root = sp
                    .get("root")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim_matches('/')
                    .to_string();
                app.subpackages.push(SubPackage {
                    name: sp.get("name").and_then(Value::as_str).map(str::to_string),
                    pages: strings(sp.get("pages")),
                    independent: sp
                        .get("independent")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    root,
                });
            }
        }
    }
    app.tab_bar = app_raw.get("tabBar").and_then(tab_bar);

    // ext.json: a third-party template's per-merchant settings, merged over app.json.
    let mut ext = None;
    let ext_file = match merchant_ext {
        Some(given) => Some(given),
        None => read_object(vfs, "ext.json", &mut diags),
    };
    if let Some((ext_src, raw)) = ext_file {
        let e = ExtConfig {
            enabled: raw
                .get("extEnable")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            ext_appid: str_field(&raw, "extAppid").map(str::to_string),
            ext: raw.get("ext").cloned().unwrap_or(Value::Object(Map::new())),
            ext_pages: object(raw.get("extPages")),
        };
        if e.enabled {
            merge_ext(&mut app, &raw);
            if let Some(a) = &e.ext_appid {
                config.appid = Some(a.clone());
            }
        } else {
            diags.push(Diagnostic::at(
                &ext_src,
                mpsim_base::Span::at(0),
                Severity::Info,
                "ext-disabled",
                "ext.json is present but `extEnable` is not true, so it is ignored",
            ));
        }
        ext = Some(e);
    }

    let mut pages: Vec<PageEntry> = app
        .pages
        .iter()
        .map(|p| PageEntry {
            route: p.trim_start_matches('/').to_string(),
            subpackage: None,
        })
        .collect();
    for sp in &app.subpackages {
        for p in &sp.pages {
            pages.push(PageEntry {
                route: format!("{}/{}", sp.root, p.trim_start_matches('/')),
                subpackage: Some(sp.root.clone()),
            });
        }
    }
    for p in &pages {
        let tpl = format!("{}.{}", p.route, dialect.template_ext);
        if !vfs.is_file(&tpl) {
            // Subpackage pages are written relative to their root in app.json.
            let needle = match &p.subpackage {
                Some(root) => p
                    .route
                    .strip_prefix(root.as_str())
                    .map(|r| r.trim_start_matches('/'))
                    .unwrap_or(&p.route),
                None => &p.route,
            };
            diags.push(Diagnostic::at(
                &app_src,
                value_span(&app_src, needle),
                Severity::Error,
                "app-page-missing",
                format!("page `{}` has no `{tpl}`", p.route),
            ));
        }
    }
    if let Some(entry) = &app.entry_page_path
        && !pages.iter().any(|p| p.route == *entry)
    {
        diags.push(Diagnostic::at(
            &app_src,
            value_span(&app_src, entry),
            Severity::Error,
            "app-entry-not-a-page",
            format!("entryPagePath `{entry}` is not listed in `pages`"),
        ));
    }
    if let Some(tb) = &app.tab_bar {
        if !(2..=5).contains(&tb.list.len()) {
            diags.push(Diagnostic::at(
                &app_src,
                key_span(&app_src, "tabBar"),
                Severity::Error,
                "app-tabbar-count",
                format!("tabBar.list needs 2 to 5 items, found {}", tb.list.len()),
            ));
        }
        for item in &tb.list {
            if !pages.iter().any(|p| p.route == item.page_path) {
                diags.push(Diagnostic::at(
                    &app_src,
                    value_span(&app_src, &item.page_path),
                    Severity::Error,
                    "app-tabbar-page",
                    format!("tabBar page `{}` is not listed in `pages`", item.page_path),
                ));
            }
        }
    }

    let global_using = object(app_raw.get("usingComponents"));
    let components = load_components(
        vfs,
        dialect,
        &app,
        &app_src,
        &global_using,
        &pages,
        &mut diags,
    );
    let mut components = components;
    for cfg in components.values_mut() {
        dialect.normalize_window(&mut cfg.window);
    }
    if let Some(t) = &theme {
        for cfg in components.values_mut() {
            let mut window = Value::Object(std::mem::take(&mut cfg.window));
            t.apply(&mut window);
            if let Value::Object(w) = window {
                cfg.window = w;
            }
        }
    }
    if let Some(e) = ext.as_ref().filter(|e| e.enabled) {
        for (route, over) in &e.ext_pages {
            let (Some(cfg), Some(over)) = (
                components.get_mut(route.trim_start_matches('/')),
                over.as_object(),
            ) else {
                continue;
            };
            for (k, v) in over {
                cfg.window.insert(k.clone(), v.clone());
            }
        }
    }
    let project = Project {
        dialect,
        config,
        app,
        ext,
        pages,
        components,
    };
    Ok((project, diags))
}

/// ext.json merge rules, as the third-party platform documents them:
/// - `window` fields override app.json's `window` field by field;
/// - `tabBar` replaces app.json's `tabBar` field by field (its `list` as a whole);
/// - `extPages[route]` overrides that page's own .json window fields (applied per page);
/// - `networkTimeout` fields override app.json's;
/// - `ext` is custom data for `getExtConfig`, not merged into app.json.
fn merge_ext(app: &mut AppConfig, raw: &Map<String, Value>) {
    if let Some(w) = raw.get("window").and_then(Value::as_object) {
        for (k, v) in w {
            app.window.insert(k.clone(), v.clone());
        }
    }
    if let Some(nt) = raw.get("networkTimeout").and_then(Value::as_object) {
        for (k, v) in nt {
            app.network_timeout.insert(k.clone(), v.clone());
        }
    }
    if let Some(t) = raw.get("tabBar").and_then(Value::as_object) {
        let mut merged = app
            .raw
            .get("tabBar")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (k, v) in t {
            merged.insert(k.clone(), v.clone());
        }
        app.tab_bar = tab_bar(&Value::Object(merged));
    }
}

fn tab_bar(t: &Value) -> Option<TabBar> {
    let s = |k: &str, d: &str| t.get(k).and_then(Value::as_str).unwrap_or(d).to_string();
    let list = t.get("list")?.as_array()?;
    Some(TabBar {
        color: s("color", "#7A7E83"),
        selected_color: s("selectedColor", "#3cc51f"),
        background_color: s("backgroundColor", "#ffffff"),
        border_style: s("borderStyle", "black"),
        position: s("position", "bottom"),
        custom: t.get("custom").and_then(Value::as_bool).unwrap_or(false),
        list: list
            .iter()
            .map(|i| TabBarItem {
                page_path: i
                    .get("pagePath")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_string(),
                text: i
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                icon_path: i
                    .get("iconPath")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                selected_icon_path: i
                    .get("selectedIconPath")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
            .collect(),
    })
}

fn component_config(path: &str, raw: Map<String, Value>) -> ComponentConfig {
    let mut window = Map::new();
    for (k, v) in &raw {
        if !matches!(
            k.as_str(),
            "usingComponents"
                | "component"
                | "componentGenerics"
                | "styleIsolation"
                | "componentPlaceholder"
        ) {
            window.insert(k.clone(), v.clone());
        }
    }
    ComponentConfig {
        path: path.to_string(),
        is_component: raw
            .get("component")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        using: Vec::new(),
        generics: raw
            .get("componentGenerics")
            .and_then(Value::as_object)
            .map(|g| g.keys().cloned().collect())
            .unwrap_or_default(),
        window,
        style_isolation: raw
            .get("styleIsolation")
            .and_then(Value::as_str)
            .map(str::to_string),
        add_global_class: raw
            .get("options")
            .and_then(|o| o.get("addGlobalClass"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        raw,
    }
}

#[allow(clippy::too_many_arguments)]
fn load_components(
    vfs: &dyn Vfs,
    d: &Dialect,
    app: &AppConfig,
    app_src: &SourceFile,
    global: &Map<String, Value>,
    pages: &[PageEntry],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, ComponentConfig> {
    let mut out: BTreeMap<String, ComponentConfig> = BTreeMap::new();
    let mut queue: VecDeque<(String, bool)> =
        pages.iter().map(|p| (p.route.clone(), true)).collect();
    // App-level components resolve from app.json and are usable everywhere.
    let mut global_using = Vec::new();
    for (tag, v) in global {
        let Some(reference) = v.as_str() else {
            continue;
        };
        let extended_lib = extended_lib(app, reference);
        let target = if extended_lib.is_some() {
            None
        } else {
            resolve_reported(vfs, "app.json", app_src, tag, reference, app, d, diags)
        };
        if let Some(t) = &target {
            queue.push_back((t.clone(), false));
        }
        global_using.push(Using {
            tag: tag.clone(),
            reference: reference.to_string(),
            target,
            extended_lib,
        });
    }
    // `tabBar.custom`: the app's `custom-tab-bar/index` component is shown on every tab page.
    let tab_bar_using = app.tab_bar.as_ref().filter(|t| t.custom).and_then(|_| {
        let path = CUSTOM_TAB_BAR.to_string();
        if !vfs.is_file(&format!("{path}.{}", d.template_ext)) {
            diags.push(Diagnostic::at(
                app_src,
                key_span(app_src, "custom"),
                Severity::Error,
                "app-custom-tab-bar-missing",
                format!(
                    "`tabBar.custom` is on, but `{path}.{}` does not exist",
                    d.template_ext
                ),
            ));
            return None;
        }
        queue.push_back((path.clone(), false));
        Some(Using {
            tag: "custom-tab-bar".into(),
            reference: format!("/{path}"),
            target: Some(path),
            extended_lib: None,
        })
    });
    while let Some((path, is_page)) = queue.pop_front() {
        if out.contains_key(&path) {
            continue;
        }
        let json_path = format!("{path}.json");
        let parsed = read_object(vfs, &json_path, diags);
        let (src, raw) = match parsed {
            Some((s, r)) => (Some(s), r),
            None => (None, Map::new()),
        };
        let mut cfg = component_config(&path, raw.clone());
        if !is_page {
            if src.is_none() && !vfs.is_file(&json_path) {
                diags.push(Diagnostic::file(
                    &json_path,
                    Severity::Error,
                    "component-no-json",
                    format!("component `{path}` has no .json file"),
                ));
            } else if !cfg.is_component
                && let Some(s) = &src
            {
                diags.push(Diagnostic::at(
                    s,
                    mpsim_base::Span::at(0),
                    Severity::Warning,
                    "component-flag-missing",
                    "a component's .json should say `\"component\": true`",
                ));
            }
            let tpl = format!("{path}.{}", d.template_ext);
            if !vfs.is_file(&tpl) {
                diags.push(Diagnostic::file(
                    &tpl,
                    Severity::Error,
                    "component-no-template",
                    format!("component `{path}` has no template `{tpl}`"),
                ));
            }
        }
        cfg.using = global_using.clone();
        if let Some(u) = &tab_bar_using
            && is_page
            && app.is_tab_page(&path)
        {
            cfg.using.push(u.clone());
        }
        if let (Some(s), Some(using)) =
            (&src, raw.get("usingComponents").and_then(Value::as_object))
        {
            for (tag, v) in using {
                let Some(reference) = v.as_str() else {
                    diags.push(Diagnostic::at(
                        s,
                        key_span(s, tag),
                        Severity::Error,
                        "component-bad-using",
                        format!("usingComponents `{tag}` must be a path string"),
                    ));
                    continue;
                };
                let extended_lib = extended_lib(app, reference);
                let target = if extended_lib.is_some() {
                    None
                } else {
                    resolve_reported(vfs, &json_path, s, tag, reference, app, d, diags)
                };
                if let Some(t) = &target {
                    queue.push_back((t.clone(), false));
                }
                cfg.using.retain(|u| u.tag != *tag);
                cfg.using.push(Using {
                    tag: tag.clone(),
                    reference: reference.to_string(),
                    target,
                    extended_lib,
                });
            }
        }
        out.insert(path, cfg);
    }
    report_cycles(&out, diags);
    out
}

/// Where the custom tabBar component lives, by convention.
pub const CUSTOM_TAB_BAR: &str = "custom-tab-bar/index";

/// The extended library a reference names, when app.json enables it: `useExtendedLib.weui`
/// makes `weui-miniprogram/...` platform components, with no files in the project.
fn extended_lib(app: &AppConfig, reference: &str) -> Option<String> {
    let lib = reference
        .trim_start_matches('/')
        .strip_prefix("weui-miniprogram/")
        .map(|_| "weui")?;
    let enabled = app
        .use_extended_lib
        .get(lib)
        .is_some_and(|v| v.as_bool() != Some(false) && !v.is_null());
    enabled.then(|| lib.to_string())
}

#[allow(clippy::too_many_arguments)]
fn resolve_reported(
    vfs: &dyn Vfs,
    json_path: &str,
    src: &SourceFile,
    tag: &str,
    reference: &str,
    app: &AppConfig,
    d: &Dialect,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match resolve_component(vfs, json_path, reference, &app.resolve_alias, d) {
        Ok(t) => Some(t),
        Err(Unresolved::Plugin) => {
            diags.push(Diagnostic::at(src, value_span(src, reference), Severity::Warning, "component-plugin-unsupported", format!("`{tag}` comes from a plugin ({reference}); plugins are not supported by mpsim yet, so it renders as an empty box")));
            None
        }
        Err(Unresolved::OutsideProject) => {
            diags.push(Diagnostic::at(
                src,
                value_span(src, reference),
                Severity::Error,
                "component-outside-project",
                format!("`{reference}` points outside the project"),
            ));
            None
        }
        Err(Unresolved::NotFound(tried)) => {
            diags.push(Diagnostic::at(
                src,
                value_span(src, reference),
                Severity::Error,
                "component-not-found",
                format!(
                    "component `{tag}` not found: `{reference}` (tried {})",
                    tried.join(", ")
                ),
            ));
            None
        }
    }
}

/// Components that use each other in a ring recurse forever unless a `wx:if` stops them; say
/// so once per ring. A component using itself is a common, legal tree pattern and is skipped.
fn report_cycles(components: &BTreeMap<String, ComponentConfig>, diags: &mut Vec<Diagnostic>) {
    let mut state: HashMap<&str, u8> = HashMap::new(); // 1 = on the stack, 2 = done
    fn visit<'a>(
        n: &'a str,
        comps: &'a BTreeMap<String, ComponentConfig>,
        state: &mut HashMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
        diags: &mut Vec<Diagnostic>,
    ) {
        state.insert(n, 1);
        stack.push(n);
        if let Some(c) = comps.get(n) {
            for u in &c.using {
                let Some(t) = u.target.as_deref() else {
                    continue;
                };
                if t == n {
                    continue;
                }
                match state.get(t) {
                    Some(1) => {
                        let start = stack.iter().position(|s| *s == t).unwrap_or(0);
                        let ring: Vec<&str> = stack[start..]
                            .iter()
                            .copied()
                            .chain(std::iter::once(t))
                            .collect();
                        diags.push(Diagnostic::file(format!("{t}.json"), Severity::Warning, "component-cycle", format!("components use each other in a ring: {}; this only ends if a wx:if stops it", ring.join(" -> "))));
                    }
                    Some(_) => {}
                    None => visit(t, comps, state, stack, diags),
                }
            }
        }
        stack.pop();
        state.insert(n, 2);
    }
    for name in components.keys() {
        if !state.contains_key(name.as_str()) {
            let mut stack = Vec::new();
            visit(name, components, &mut state, &mut stack, diags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_base::MemVfs;

    fn base() -> MemVfs {
        MemVfs::new()
            .with("project.config.json", r#"{"appid": "wx123", "miniprogramRoot": "mp/", "setting": {"urlCheck": false}}"#)
            .with("mp/app.json", r#"{"pages": ["pages/index/index", "pages/cart/cart"], "window": {"navigationBarTitleText": "Shop"},
                "tabBar": {"list": [{"pagePath": "pages/index/index", "text": "Home"}, {"pagePath": "pages/cart/cart", "text": "Cart"}]},
                "subPackages": [{"root": "pkg", "pages": ["detail/detail"]}],
                "usingComponents": {"g-icon": "/components/icon/icon"}}"#)
            .with("mp/pages/index/index.wxml", "<g-icon/><card/>")
            .with("mp/pages/index/index.json", r#"{"usingComponents": {"card": "../../components/card/card"}, "navigationBarTitleText": "Home"}"#)
            .with("mp/pages/cart/cart.wxml", "")
            .with("mp/pkg/detail/detail.wxml", "")
            .with("mp/components/card/card.wxml", "")
            .with("mp/components/card/card.json", r#"{"component": true}"#)
            .with("mp/components/icon/icon.wxml", "")
            .with("mp/components/icon/icon.json", r#"{"component": true}"#)
    }

    #[test]
    fn the_platforms_own_project_files_are_read() {
        let mut vfs = MemVfs::new();
        vfs.insert(
            "project.swan.json",
            r#"{"appid": "swan1", "setting": {"urlCheck": false}}"#,
        )
        .insert("app.json", r#"{"pages": ["p/i"]}"#)
        .insert("p/i.swan", "<view/>");
        let (p, _) = load(&vfs).unwrap();
        assert_eq!(p.config.appid.as_deref(), Some("swan1"));
        assert!(!p.config.url_check);
        assert_eq!(p.dialect.id, "swan");
    }

    #[test]
    fn loads_configs_pages_and_components() {
        let (p, d) = load(&base()).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.config.appid.as_deref(), Some("wx123"));
        assert!(!p.config.url_check);
        assert_eq!(p.dialect.id, "wx");
        let routes: Vec<_> = p.pages.iter().map(|p| p.route.as_str()).collect();
        assert_eq!(
            routes,
            ["pages/index/index", "pages/cart/cart", "pkg/detail/detail"]
        );
        assert_eq!(p.entry_page(), Some("pages/index/index"));
        let index = &p.components["pages/index/index"];
        assert_eq!(index.window["navigationBarTitleText"], "Home");
        let tags: Vec<_> = index
            .using
            .iter()
            .map(|u| (u.tag.as_str(), u.target.as_deref()))
            .collect();
        assert_eq!(
            tags,
            [
                ("g-icon", Some("components/icon/icon")),
                ("card", Some("components/card/card"))
            ]
        );
        assert!(p.components.contains_key("components/card/card"));
        assert_eq!(p.app.tab_bar.as_ref().unwrap().list.len(), 2);
    }

    #[test]
    fn missing_pages_and_components_are_diagnostics() {
        let vfs = base()
            .with("mp/app.json", r#"{"pages": ["pages/index/index", "pages/gone/gone"], "entryPagePath": "pages/nope"}"#)
            .with("mp/pages/index/index.json", r#"{"usingComponents": {"card": "./missing", "p": "plugin://x/y"}}"#);
        let (_, d) = load(&vfs).unwrap();
        let codes: Vec<_> = d.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "app-page-missing",
                "app-entry-not-a-page",
                "component-not-found",
                "component-plugin-unsupported"
            ]
        );
        assert_eq!(d[0].line, 1);
        assert!(d[2].message.contains("./missing"));
    }

    #[test]
    fn theme_variables_fill_window_and_tab_bar() {
        let vfs = base()
            .with("mp/app.json", r##"{"pages": ["pages/index/index", "pages/cart/cart"], "themeLocation": "theme.json",
                "window": {"navigationBarBackgroundColor": "@navBg"},
                "tabBar": {"color": "@tabColor", "list": [{"pagePath": "pages/index/index", "text": "Home", "iconPath": "@homeIcon"}, {"pagePath": "pages/cart/cart", "text": "Cart"}]}}"##)
            .with("mp/theme.json", r##"{"light": {"navBg": "#ffffff", "tabColor": "#333333", "homeIcon": "image/home.png", "pageBg": "#f6f6f6"}, "dark": {"navBg": "#000000"}}"##)
            .with("mp/pages/index/index.json", r##"{"backgroundColor": "@pageBg"}"##);
        let (p, d) = load(&vfs).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.app.window["navigationBarBackgroundColor"], "#ffffff");
        let tb = p.app.tab_bar.as_ref().unwrap();
        assert_eq!(tb.color, "#333333");
        assert_eq!(tb.list[0].icon_path.as_deref(), Some("image/home.png"));
        assert_eq!(
            p.components["pages/index/index"].window["backgroundColor"],
            "#f6f6f6"
        );

        let vfs = base().with("mp/app.json", r##"{"pages": ["pages/index/index"], "themeLocation": "gone.json", "window": {"a": "@x"}}"##);
        let (_, d) = load(&vfs).unwrap();
        assert!(d.iter().any(|d| d.code == "app-theme-missing"), "{d:?}");
    }

    #[test]
    fn not_a_mini_program() {
        let vfs = MemVfs::new().with("readme.txt", "hi");
        let err = load(&vfs).unwrap_err();
        assert_eq!(err[0].code, "project-no-app-json");
    }

    #[test]
    fn ext_json_merges_window_and_tabbar() {
        let vfs = base().with("mp/ext.json", r##"{"extEnable": true, "extAppid": "wxmerchant", "ext": {"shop": "A"},
            "extPages": {"pages/index/index": {"navigationBarTitleText": "Shop A"}},
            "window": {"navigationBarBackgroundColor": "#ff0000"}, "tabBar": {"selectedColor": "#ff0000"}}"##);
        let (p, _) = load(&vfs).unwrap();
        assert_eq!(p.config.appid.as_deref(), Some("wxmerchant"));
        assert_eq!(p.app.window["navigationBarTitleText"], "Shop");
        assert_eq!(p.app.window["navigationBarBackgroundColor"], "#ff0000");
        let tb = p.app.tab_bar.as_ref().unwrap();
        assert_eq!(tb.selected_color, "#ff0000");
        assert_eq!(tb.list.len(), 2);
        assert_eq!(p.ext.as_ref().unwrap().ext["shop"], "A");
        assert_eq!(
            p.components["pages/index/index"].window["navigationBarTitleText"],
            "Shop A"
        );
    }

    #[test]
    fn rings_of_components_warn_but_self_use_does_not() {
        let vfs = base()
            .with("mp/components/card/card.json", r#"{"component": true, "usingComponents": {"card": "./card", "icon": "../icon/icon"}}"#)
            .with("mp/components/icon/icon.json", r#"{"component": true, "usingComponents": {"card": "../card/card"}}"#);
        let (_, d) = load(&vfs).unwrap();
        let cycles: Vec<_> = d.iter().filter(|d| d.code == "component-cycle").collect();
        assert_eq!(cycles.len(), 1, "{d:?}");
    }

    #[test]
    fn extended_library_components_need_no_files() {
        let vfs = base()
            .with(
                "mp/app.json",
                r#"{"pages": ["pages/index/index"], "useExtendedLib": {"weui": "latest"}}"#,
            )
            .with(
                "mp/pages/index/index.json",
                r#"{"usingComponents": {"mp-cell": "weui-miniprogram/cell/cell"}}"#,
            );
        let (p, d) = load(&vfs).unwrap();
        assert!(d.is_empty(), "{d:?}");
        let u = &p.components["pages/index/index"].using[0];
        assert_eq!(
            (u.target.as_deref(), u.extended_lib.as_deref()),
            (None, Some("weui"))
        );
    }

    #[test]
    fn kuaishou_is_detected() {
        let vfs = MemVfs::new()
            .with("app.json", r#"{"pages": ["pages/a/a"]}"#)
            .with("pages/a/a.ksml", "<view/>")
            .with("pages/a/a.css", "");
        let (p, d) = load(&vfs).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.dialect.id, "ks");
        assert_eq!(p.template_path("pages/a/a"), "pages/a/a.ksml");
    }
}
