//! mpsim-logic: the app service. It runs a mini-program's JS in boa with the platform's
//! App/Page/Component semantics, keeps each instance's data, drives the template engine with
//! the paths setData changed, and dispatches events from the view.
//!
//! Everything runs on the caller's thread in a defined order; time is virtual and only moves
//! when [`AppService::advance`] says so. Every lifecycle call, setData, event, console call and
//! error is written to the trace (see [`trace`] for the schema).

mod api_files;
pub mod arrows;
pub mod automation;
mod canvas;
pub mod esm;
pub mod events;
pub mod files;
mod host;
mod jobs;
mod js;
mod json;
pub mod mirror;
pub mod network;
pub mod platform;
mod rejections;
pub mod router;
pub mod service;
mod sockets;
mod syntax;
pub mod trace;
pub mod wasm;
pub mod webview;
mod wxs;

use boa_engine::{Context, JsValue};
use mpsim_base::Vfs;
use mpsim_bridge::{ToLogic, ToView};
use mpsim_project::Project;
use mpsim_wxml::TemplateProgram;
pub use network::{NetRequest, NetResponse, Network, Socket, SocketEvent};
use serde_json::{Value, json};
use service::{State, shared};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
pub use syntax::{SyntaxChecker, SyntaxError};

/// A loop that runs more iterations than this throws (an endless loop in a handler becomes
/// an error reported to App.onError, and the app goes on).
pub const LOOP_LIMIT: u64 = 20_000_000;
/// Deeper JS recursion than this throws.
pub const RECURSION_LIMIT: usize = 2_000;

const FRAMEWORK_JS: &str = include_str!("js/framework.js");
const GLOBALS_JS: &str = include_str!("js/globals.js");
const API_JS: &str = include_str!("js/api.js");
const SURFACE_JS: &str = include_str!("js/surface.js");
const DIALECTS_JS: &str = include_str!("js/dialects.js");

/// How the app is launched.
#[derive(Clone, Default)]
pub struct LaunchOptions {
    /// The first page, with an optional query (`pages/a/a?id=1`); the entry page by default.
    pub page: Option<String>,
    /// The launch scene (1001 is "opened from the chat list").
    pub scene: Option<u32>,
    /// The phone system info reports (an iPhone 6/7/8 by default).
    pub device: Option<DeviceInfo>,
    /// Where wx storage lives between runs; in memory when `None`.
    pub storage: Option<Rc<dyn StorageBackend>>,
    /// The app's folder on disk for `wxfile://usr` and `wxfile://store` (the FileSystemManager's
    /// user data, kept between runs); in memory when `None`. The app cannot reach outside it.
    pub user_folder: Option<std::path::PathBuf>,
    /// Answers wx.request, uploadFile and downloadFile; without one they fail.
    pub network: Option<Rc<dyn Network>>,
    /// The wall-clock time at launch, in ms since 1970, that `Date` counts from (it then moves
    /// with the virtual clock). 2024-01-01T00:00:00Z by default, so that runs repeat.
    pub epoch_ms: Option<u64>,
    /// The app as one merchant of a third-party platform deploys it: its version and domain
    /// lists. `None` runs the developer's own project.
    pub deployment: Option<Deployment>,
}

/// Where and how an app is deployed (a merchant profile): what `getAccountInfoSync` reports
/// and which servers its network calls may reach.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deployment {
    /// `develop`, `trial` or `release`.
    pub env_version: String,
    /// The allowed origins by call (`request`, `uploadFile`, `downloadFile`, `socket`). A
    /// deployed app has no "do not verify domains" switch: they are always enforced.
    pub domains: BTreeMap<String, Vec<String>>,
    /// The hosts `<web-view>` may open (`None`: not checked, as in the IDE).
    pub business_domains: Option<Vec<String>>,
}

/// The default [`LaunchOptions::epoch_ms`]: 2024-01-01T00:00:00Z.
pub const DEFAULT_EPOCH_MS: u64 = 1_704_067_200_000;

impl std::fmt::Debug for LaunchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LaunchOptions")
            .field("page", &self.page)
            .field("scene", &self.scene)
            .field("device", &self.device)
            .field("storage", &self.storage.is_some())
            .field("user_folder", &self.user_folder)
            .field("network", &self.network.is_some())
            .field("epoch_ms", &self.epoch_ms)
            .field("deployment", &self.deployment)
            .finish()
    }
}

/// Persistence for wx storage: the whole storage of one app as JSON text. The runtime gives a
/// disk implementation; the browser build can give localStorage.
pub trait StorageBackend {
    fn load(&self) -> Option<String>;
    /// Writes the storage; must not leave a half-written file behind (write, then rename).
    fn save(&self, json: &str) -> Result<(), String>;
}

/// The phone as `wx.getSystemInfo` and friends report it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    pub model: String,
    pub width: f64,
    pub height: f64,
    pub pixel_ratio: f64,
    pub status_bar_height: f64,
    pub ios: bool,
    /// The strip at the bottom kept for the home indicator (34 on iPhone X-class phones).
    pub safe_bottom: f64,
}

impl Default for DeviceInfo {
    fn default() -> DeviceInfo {
        DeviceInfo {
            model: "iPhone 6/7/8".into(),
            width: 375.0,
            height: 667.0,
            pixel_ratio: 2.0,
            status_bar_height: 20.0,
            ios: true,
            safe_bottom: 0.0,
        }
    }
}

impl DeviceInfo {
    /// The JSON the API layer reads (the window height depends on the page: see the
    /// `windowHeight` native).
    fn to_json(&self) -> Value {
        let sb = self.status_bar_height;
        let m = mpsim_bridge::screen::MenuButton::on(self.width, sb);
        json!({
            "brand": if self.ios { "iPhone" } else { "Android" }, "model": self.model, "pixelRatio": self.pixel_ratio,
            "width": self.width, "height": self.height,
            "statusBarHeight": sb, "system": if self.ios { "iOS 16.0" } else { "Android 13" },
            "platform": if self.ios { "ios" } else { "android" },
            "safeArea": {"left": 0, "right": self.width, "top": sb, "bottom": self.height - self.safe_bottom, "width": self.width, "height": self.height - sb - self.safe_bottom},
            "safeBottom": self.safe_bottom,
            "menuButton": {"left": m.left, "top": m.top, "width": m.width, "height": m.height,
                "right": m.left + m.width, "bottom": m.top + m.height}
        })
    }
}

pub struct AppService {
    ctx: Context,
}

impl AppService {
    /// Starts the app: runs app.js, App.onLaunch and App.onShow, then opens the first page.
    ///
    /// The JS engine re-enters itself through setData and components, so run the app service
    /// on a thread with 8 MiB of stack or more (a main thread has that; spawned threads and
    /// test threads need `RUST_MIN_STACK` or `thread::Builder::stack_size`).
    pub fn launch(
        vfs: Rc<dyn Vfs>,
        project: Project,
        templates: BTreeMap<String, Arc<TemplateProgram>>,
        options: LaunchOptions,
    ) -> AppService {
        let mut ctx = boa_engine::context::ContextBuilder::new()
            .host_hooks(Rc::new(rejections::Hooks))
            .job_executor(Rc::new(jobs::Jobs::new()))
            .build()
            .unwrap_or_default();
        ctx.runtime_limits_mut()
            .set_loop_iteration_limit(LOOP_LIMIT);
        ctx.runtime_limits_mut()
            .set_recursion_limit(RECURSION_LIMIT);
        let api_name = project.dialect.api.to_string();
        let screen = app_config(&project);
        let mut state = State {
            vfs,
            screen,
            project,
            templates,
            insts: Default::default(),
            next_inst: 0,
            next_node: 0,
            mirror: Default::default(),
            outbox: Vec::new(),
            pages: Vec::new(),
            tabs: Default::default(),
            clock: 0,
            timers: Default::default(),
            timer_ids: Default::default(),
            timer_seq: 0,
            timer_nesting: 0,
            after_render: Vec::new(),
            dirty: Vec::new(),
            batch_seq: 0,
            awaiting: Vec::new(),
            sent_stack: Vec::new(),
            sent_clock: 0,
            navigations: Vec::new(),
            loaded_modules: Default::default(),
            trace: Default::default(),
            wxs: Rc::new(wxs::WxsRealm::new()),
            rejections: Default::default(),
            device: options.device.clone().unwrap_or_default().to_json(),
            storage: options.storage.clone(),
            next_query: 0,
            network: options.network.clone(),
            epoch_ms: options.epoch_ms.unwrap_or(DEFAULT_EPOCH_MS),
            files: options
                .user_folder
                .as_deref()
                .map(crate::files::Files::on_disk)
                .unwrap_or_default(),
            api_name,
            deployment: options.deployment.clone(),
            web_views: Default::default(),
            live_sockets: Default::default(),
            next_socket: 0,
            automation: Default::default(),
            canvases: Default::default(),
        };
        let app = ToView::App(state.screen.clone());
        state.outbox.push(app);
        ctx.insert_data(Rc::new(RefCell::new(state)));
        let mut app = AppService { ctx };
        app.boot(options);
        // Booting leaves the framework's and the first page's set-up garbage behind; the
        // first frame is built next, in the memory a collection frees now.
        boa_gc::force_collect();
        app
    }

    fn boot(&mut self, options: LaunchOptions) {
        let ctx = &mut self.ctx;
        let setup = host::install(ctx);
        service::report(ctx, setup, "setup");
        let r = json::install(ctx);
        service::report(ctx, r, "JSON.parse");
        let r = js::eval(ctx, FRAMEWORK_JS, "mpsim/framework.js");
        service::report(ctx, r, "framework.js");
        let r = js::eval(ctx, GLOBALS_JS, "mpsim/globals.js");
        service::report(ctx, r, "globals.js");
        let r = {
            let names = api_files::api_names(ctx);
            js::set_global(ctx, "__apiNames", names)
        };
        service::report(ctx, r, "api names");
        // platform.js, media.js, canvas.js, queries.js and automation.js run on first use (api_files.rs).
        for (code, name) in [(API_JS, "api.js"), (SURFACE_JS, "surface.js")] {
            let r = js::eval(ctx, code, &format!("mpsim/{name}"));
            service::report(ctx, r, name);
        }
        // WXWebAssembly is WeChat's alone; dialects.js makes the other dialects' namespaces
        // from `wx` and changes nothing for a WeChat app.
        if shared(ctx).borrow().api_name == "wx" {
            let r = wasm::install(ctx);
            service::report(ctx, r, "wasm.js");
        } else {
            let r = js::eval(ctx, DIALECTS_JS, "mpsim/dialects.js");
            service::report(ctx, r, "dialects.js");
        }
        // Every script above keeps what it needs of the host in its closure; the app's code
        // gets none of it (it could otherwise call the natives with any arguments).
        let r = js::eval(
            ctx,
            "delete globalThis.__native; delete globalThis.__apiNames;",
            "mpsim/seal.js",
        );
        service::report(ctx, r, "seal");
        let st = shared(ctx);
        let has_app_js = st.borrow().vfs.is_file("app.js");
        if has_app_js {
            service::fw(ctx, "runModule", &[js::str_value("app.js")]);
            st.borrow_mut().loaded_modules.insert("app".into());
        } else {
            st.borrow_mut().record(json!({"type": "warning", "message": "app.js does not exist; the app has no App()"}));
        }
        let entry = options
            .page
            .clone()
            .or_else(|| st.borrow().project.entry_page().map(str::to_string))
            .unwrap_or_default();
        let (route, query) = router::split_url(&entry, "");
        let launch = json!({"path": route, "query": query, "scene": options.scene.unwrap_or(1001), "referrerInfo": {}});
        let r = js::call_global_fn(ctx, "__setLaunchOptions", &[js::json_arg(&launch)]);
        service::report(ctx, r, "launch options");
        service::app_call(ctx, "onLaunch", &json!([launch]));
        service::app_call(ctx, "onShow", &json!([launch]));
        self.settle();
        let known = self
            .state()
            .borrow()
            .project
            .pages
            .iter()
            .any(|p| p.route == route);
        if known {
            let ctx = &mut self.ctx;
            let id = router::open(ctx, &route, &query);
            if self
                .state()
                .borrow()
                .project
                .app
                .tab_bar
                .as_ref()
                .is_some_and(|t| t.list.iter().any(|i| i.page_path == route))
            {
                self.state().borrow_mut().tabs.insert(route.clone(), id);
            }
        } else {
            self.state().borrow_mut().record(json!({"type": "error", "message": format!("page \"{route}\" is not found"), "stack": "", "where": "launch"}));
            service::app_call(
                &mut self.ctx,
                "onPageNotFound",
                &json!([{"path": route, "query": query, "isEntryPage": true}]),
            );
        }
        self.settle();
    }

    fn state(&self) -> service::Shared {
        shared(&self.ctx)
    }

    /// The end of a task: promise jobs (microtasks) run, then the templates of the data that
    /// changed update in one batch, then navigations requested by app code are carried out
    /// (each a task of its own).
    fn settle(&mut self) {
        for _ in 0..1_000 {
            service::run_jobs(&mut self.ctx);
            let ran = service::flush_updates(&mut self.ctx);
            let ran = service::run_after_updates(&mut self.ctx) || ran;
            let navs = std::mem::take(&mut self.state().borrow_mut().navigations);
            let had_navs = !navs.is_empty();
            for n in navs {
                router::perform(&mut self.ctx, &n.method, &n.arg);
            }
            service::run_jobs(&mut self.ctx);
            rejections::report(&mut self.ctx);
            if !ran && !had_navs {
                break;
            }
        }
        canvas::publish(&mut self.state().borrow_mut());
        webview::check(&mut self.ctx);
    }

    /// Moves virtual time forward, firing due timers in order, each as its own task.
    fn advance(&mut self, ms: u64) {
        self.deliver_socket_events();
        let target = self.state().borrow().clock + ms;
        loop {
            let due = {
                let st = self.state();
                let mut s = st.borrow_mut();
                match s.timers.first_key_value().map(|(k, _)| *k) {
                    Some(key) if key.0 <= target => {
                        let timer = s.timers.remove(&key);
                        s.clock = key.0;
                        timer.map(|t| {
                            if let Some(every) = t.interval {
                                s.timer_seq += 1;
                                let next = (key.0 + every, s.timer_seq);
                                s.timer_ids.insert(t.id, next);
                                s.timers.insert(
                                    next,
                                    service::Timer {
                                        id: t.id,
                                        interval: t.interval,
                                        nesting: t.nesting + 1,
                                    },
                                );
                            } else {
                                s.timer_ids.remove(&t.id);
                            }
                            s.timer_nesting = t.nesting;
                            (t.id, t.interval.is_none())
                        })
                    }
                    _ => None,
                }
            };
            let Some((id, last)) = due else { break };
            let r = js::call_global_fn(
                &mut self.ctx,
                "__fireTimer",
                &[JsValue::from(id), JsValue::from(last)],
            );
            service::report(&mut self.ctx, r, "timer");
            self.settle();
            self.state().borrow_mut().timer_nesting = 0;
        }
        self.state().borrow_mut().clock = target;
    }

    /// What live sockets received, each a task of its socket object.
    fn deliver_socket_events(&mut self) {
        for (id, kind, payload) in sockets::take_events(&mut self.ctx) {
            let r = js::call_global_fn(
                &mut self.ctx,
                "__socketEvent",
                &[
                    JsValue::from(id),
                    js::str_value(kind),
                    js::json_arg(&payload),
                ],
            );
            service::report(&mut self.ctx, r, "socket");
            self.settle();
        }
    }

    /// Lets virtual time run until the app is idle: every one-shot timer (setTimeout, network
    /// answers, their follow-ups) due within `budget_ms` fires in order. Intervals run along
    /// but do not keep the app busy. Returns the virtual milliseconds that passed.
    fn wait_idle(&mut self, budget_ms: u64) -> u64 {
        let start = self.now();
        // A timer that keeps re-arming itself with no delay would hold time still.
        for _ in 0..100_000 {
            let next = {
                let st = self.state();
                let s = st.borrow();
                s.timers
                    .iter()
                    .find(|(_, t)| t.interval.is_none())
                    .map(|(k, _)| k.0)
            };
            match next {
                Some(due) if due <= start + budget_ms => {
                    let now = self.now();
                    self.advance(due.saturating_sub(now));
                }
                _ => break,
            }
        }
        self.now() - start
    }

    /// The one entrance of the logic side: a message from the view (or the driver) runs as
    /// one task, then the task ends (microtasks, the batch of template updates, navigations).
    /// What it produced for the view waits in [`AppService::take_messages`].
    pub fn handle(&mut self, msg: ToLogic) {
        match msg {
            ToLogic::Event(e) => events::view_event(&mut self.ctx, &e),
            ToLogic::Input { node, value } => self.input_node(node, &value),
            ToLogic::FirstRender { page } => router::first_render(&mut self.ctx, page),
            ToLogic::Applied { id } => service::batch_applied(&mut self.ctx, id),
            ToLogic::Scroll { page, top } => self.scroll_page(page, top),
            ToLogic::ReachBottom { page } => {
                service::page_call(&mut self.ctx, page, "onReachBottom", &json!([]))
            }
            ToLogic::PullDownRefresh { page } => {
                service::page_call(&mut self.ctx, page, "onPullDownRefresh", &json!([]))
            }
            ToLogic::TabTap { index } => self.tap_tab(index),
            ToLogic::Back => self.back(),
            ToLogic::Resize { width, height } => self.resize(width, height),
            ToLogic::UiAnswer { api, answer } => self.answer_ui(&api, &answer),
            ToLogic::Query(answer) => self.answer_query(&answer),
            ToLogic::Resource { src } => {
                let data = self.resource(&src).map(|b| mpsim_bridge::encode_bytes(&b));
                self.state()
                    .borrow_mut()
                    .outbox
                    .push(ToView::Resource { src, data });
            }
            ToLogic::Share => self.share(),
            ToLogic::Hide => self.hide(),
            ToLogic::Show => self.show(),
            ToLogic::Navigate { method, url } => self.navigate(&method, &url),
            ToLogic::Advance { ms } => self.advance(ms),
            ToLogic::WaitIdle { budget } => {
                self.wait_idle(budget);
            }
            ToLogic::ViewError { message } => self
                .state()
                .borrow_mut()
                .record(json!({"type": "error", "message": message, "stack": "", "where": "view"})),
            ToLogic::Automation {
                token,
                method,
                params,
            } => automation::request(&mut self.ctx, token, &method, &params),
        }
        self.settle();
    }

    /// The bytes of a file the view asked for: a temp or user file, a URL from the network,
    /// else a file of the package (`src` is an absolute package path).
    fn resource(&self, src: &str) -> Option<Vec<u8>> {
        let s = self.state_ref();
        if let Some(node) = src.strip_prefix("canvas://") {
            return s.canvases.png_of(node.parse().ok()?);
        }
        service::read_file(&s, src)
    }

    /// Taps the first node matching `selector` on the current page (a test's shortcut for
    /// the view's tap message).
    pub fn tap(&mut self, selector: &str) -> Result<(), String> {
        let node = self.find(selector)?;
        let tap = mpsim_bridge::EventMessage::new(node, "tap", json!({"x": 0, "y": 0}));
        self.handle(ToLogic::Event(tap));
        Ok(())
    }

    /// Navigates as app code would with wx.navigateTo and friends.
    fn navigate(&mut self, method: &str, url: &str) {
        router::perform(&mut self.ctx, method, url);
    }

    /// The user presses back.
    fn back(&mut self) {
        self.navigate("navigateBack", "1");
    }

    /// The user taps tab `index` of the tabBar.
    fn tap_tab(&mut self, index: usize) {
        let item = self
            .state()
            .borrow()
            .project
            .app
            .tab_bar
            .as_ref()
            .and_then(|t| {
                t.list
                    .get(index)
                    .map(|i| (i.page_path.clone(), i.text.clone()))
            });
        let Some((page, text)) = item else {
            return;
        };
        let current = self.state().borrow().pages.last().copied();
        if let Some(p) = current {
            let same = self
                .state()
                .borrow()
                .insts
                .get(&p)
                .is_some_and(|i| i.path == page);
            if same {
                service::page_call(
                    &mut self.ctx,
                    p,
                    "onTabItemTap",
                    &json!([{"index": index, "pagePath": page, "text": text}]),
                );
                return;
            }
        }
        self.navigate("switchTab", &format!("/{page}"));
    }

    /// The app goes to the background: Page.onHide, then App.onHide.
    fn hide(&mut self) {
        if let Some(p) = service::top_page(&self.state()) {
            router::hide(&mut self.ctx, p);
        }
        service::app_call(&mut self.ctx, "onHide", &json!([]));
    }

    /// Back to the foreground: App.onShow, then Page.onShow.
    fn show(&mut self) {
        let options = json!([{"scene": 1001, "path": self.current_route(), "query": {}}]);
        service::app_call(&mut self.ctx, "onShow", &options);
        if let Some(p) = service::top_page(&self.state()) {
            router::show(&mut self.ctx, p);
        }
    }

    /// Types into the input or textarea `node` (one the view knows, e.g. the focused one).
    fn input_node(&mut self, node: mpsim_wxml::NodeId, value: &str) {
        let model = {
            let st = self.state();
            let s = st.borrow();
            let n = s.mirror.get(node);
            n.and_then(|n| n.attrs.iter().find(|(k, _)| matches!(k, mpsim_wxml::program::AttrKey::Model(m) if m == "value")).map(|_| n.owner))
        };
        let detail = json!({"value": value, "cursor": value.chars().count(), "keyCode": 0});
        events::view_event(
            &mut self.ctx,
            &mpsim_bridge::EventMessage::new(node, "input", detail),
        );
        if let Some(owner) = model {
            self.model_update(owner, node, value);
        }
    }

    /// `model:value="{{x}}"`: the view writes the typed value back to `x`, the binding of the
    /// very element that was typed into.
    fn model_update(&mut self, owner: u32, node: mpsim_wxml::NodeId, value: &str) {
        let st = self.state();
        let path = {
            let s = st.borrow();
            let Some(tpl) = s.insts.get(&owner).and_then(|i| i.template.as_ref()) else {
                return;
            };
            tpl.source_of(node)
                .and_then(|n| model_path(tpl.program(), n))
        };
        if let Some(p) = path {
            let payload = json!({ p: value }).to_string();
            let r = js::call_global(
                &mut self.ctx,
                "__fw",
                "setDataFromView",
                &[JsValue::from(owner), js::str_value(&payload)],
            );
            service::report(&mut self.ctx, r, "model:value");
        }
    }

    /// The page scrolled: onPageScroll({scrollTop}).
    fn scroll_page(&mut self, page: u32, top: f64) {
        service::page_call(
            &mut self.ctx,
            page,
            "onPageScroll",
            &json!([{"scrollTop": top}]),
        );
    }

    /// The user answers the modal or action sheet on screen: `api` is `showModal` or
    /// `showActionSheet`, `answer` what the callbacks get (`{"confirm": true, "cancel":
    /// false}`, `{"tapIndex": 1}`), or `{"fail": "cancel"}`.
    fn answer_ui(&mut self, api: &str, answer: &Value) {
        let r = js::call_global_fn(
            &mut self.ctx,
            "__answerUi",
            &[js::str_value(api), js::str_value(&answer.to_string())],
        );
        service::report(&mut self.ctx, r, &format!("wx.{api}"));
    }

    /// The view's answer to a selector query: the query's callbacks run.
    fn answer_query(&mut self, answer: &mpsim_bridge::QueryAnswer) {
        let text = serde_json::to_string(answer).unwrap_or_default();
        let r = js::call_global_fn(
            &mut self.ctx,
            "__queryAnswered",
            &[JsValue::from(answer.id), js::str_value(&text)],
        );
        service::report(&mut self.ctx, r, "selector query");
    }

    /// The user opens the share menu: onShareAppMessage({from: 'menu'}) (what it returns is
    /// in the trace).
    fn share(&mut self) {
        if let Some(p) = service::top_page(&self.state()) {
            let r = js::call_global(&mut self.ctx, "__fw", "share", &[JsValue::from(p)]);
            service::report(&mut self.ctx, r, "onShareAppMessage");
        }
    }

    /// The window changes size (rotation): page onResize and components' pageLifetimes.resize.
    fn resize(&mut self, width: u32, height: u32) {
        let Some(p) = service::top_page(&self.state()) else {
            return;
        };
        let size = json!([{"size": {"windowWidth": width, "windowHeight": height}}]);
        service::page_call(&mut self.ctx, p, "onResize", &size);
        service::page_lifetime_all(&mut self.ctx, p, "resize", &size);
    }

    /// The first node of the current page (components included) matching `selector`.
    pub fn find(&self, selector: &str) -> Result<mpsim_wxml::NodeId, String> {
        let st = self.state();
        let s = st.borrow();
        let page = s
            .pages
            .last()
            .and_then(|p| s.insts.get(p))
            .ok_or("no page is open")?;
        events::select_first(&s.mirror, page.root, selector)
            .ok_or_else(|| format!("no node matches `{selector}` on {}", page.path))
    }

    pub fn current_route(&self) -> String {
        let st = self.state();
        let s = st.borrow();
        s.pages
            .last()
            .and_then(|p| s.insts.get(p))
            .map(|i| i.path.clone())
            .unwrap_or_default()
    }

    /// Something of each page of the stack, bottom first.
    fn each_page(&self, f: impl Fn(&service::Inst) -> String) -> Vec<String> {
        let st = self.state();
        let s = st.borrow();
        s.pages
            .iter()
            .filter_map(|p| s.insts.get(p))
            .map(f)
            .collect()
    }

    /// The page stack as URLs (`pages/detail/detail?id=p1`), bottom first: what it takes to
    /// open the same pages again.
    pub fn page_stack_urls(&self) -> Vec<String> {
        self.each_page(|i| {
            let query: Vec<String> = i
                .query
                .as_object()
                .map(|q| {
                    q.iter()
                        .map(|(k, v)| format!("{k}={}", mpsim_base::js::value_to_string(v)))
                        .collect()
                })
                .unwrap_or_default();
            if query.is_empty() {
                i.path.clone()
            } else {
                format!("{}?{}", i.path, query.join("&"))
            }
        })
    }

    /// The routes of the page stack, bottom first.
    pub fn page_stack(&self) -> Vec<String> {
        self.each_page(|i| i.path.clone())
    }

    /// The current page's `this.data`.
    pub fn data(&mut self) -> Value {
        let Some(p) = self.state().borrow().pages.last().copied() else {
            return Value::Null;
        };
        service::instance_data(&mut self.ctx, p)
    }

    /// The trace so far.
    pub fn trace(&self) -> Vec<Value> {
        self.state().borrow().trace.lines().to_vec()
    }

    pub fn take_trace(&mut self) -> Vec<Value> {
        self.state().borrow_mut().trace.take()
    }

    /// Messages for the view produced since the last call: pages, shadow roots, tree-op
    /// batches, native UI, in order.
    pub fn take_messages(&mut self) -> Vec<ToView> {
        let stack: Vec<mpsim_bridge::StackEntry> = {
            let st = self.state();
            let s = st.borrow();
            s.pages
                .iter()
                .zip(self.page_stack_urls())
                .map(|(page, url)| mpsim_bridge::StackEntry { page: *page, url })
                .collect()
        };
        let st = self.state();
        let mut s = st.borrow_mut();
        let mut out = coalesce(std::mem::take(&mut s.outbox));
        if s.sent_stack != stack {
            s.sent_stack = stack.clone();
            out.push(ToView::Stack { pages: stack });
        }
        if s.sent_clock != s.clock {
            s.sent_clock = s.clock;
            out.push(ToView::Clock { now: s.clock });
        }
        out
    }

    fn state_ref(&self) -> std::cell::Ref<'_, State> {
        match self.ctx.get_data::<service::Shared>() {
            Some(s) => s.borrow(),
            None => unreachable!("the app service state is installed at launch"),
        }
    }

    /// Answers to automation requests (`ToLogic::Automation`) known since the last call.
    pub fn take_automation_answers(&mut self) -> Vec<automation::Answer> {
        std::mem::take(&mut self.state().borrow_mut().automation.answers)
    }

    /// Events for an automation client since the last call: (method, params).
    pub fn take_automation_events(&mut self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.state().borrow_mut().automation.events)
    }

    /// The trace from line `from` on (a client following the trace keeps its place).
    pub fn trace_from(&self, from: usize) -> Vec<Value> {
        let st = self.state();
        let s = st.borrow();
        s.trace.lines().get(from..).unwrap_or_default().to_vec()
    }

    /// Virtual milliseconds since launch.
    pub fn now(&self) -> u64 {
        self.state().borrow().clock
    }
}

/// The data path the `model:value` of program node `node` writes to, when it is a plain
/// data path (the platform supports no other).
fn model_path(program: &TemplateProgram, node: mpsim_wxml::program::NodeIdx) -> Option<String> {
    use mpsim_wxml::program::{AttrKey, AttrValueP, PNodeKind};
    let PNodeKind::Element { attrs, .. } = &program.nodes.get(node as usize)?.kind else {
        return None;
    };
    attrs.iter().find_map(|a| {
        let (AttrKey::Model(m), AttrValueP::Typed(b)) = (&a.key, &a.value) else {
            return None;
        };
        if m != "value" {
            return None;
        }
        let (root, segs) = mpsim_wxml::compile::static_path(&b.expr)?;
        let mpsim_wxml::program::DepRoot::Data(first) = root else {
            return None;
        };
        let mut p = mpsim_base::DataPath::key(&first);
        for s in segs {
            p.push(s);
        }
        Some(p.to_string())
    })
}

/// One batch a frame: batches that follow each other become one, and the shadow roots of
/// components created meanwhile go before it (the view links a shadow root to its host once
/// the host exists). The batch keeps the id a setData callback waits for, if any.
fn coalesce(msgs: Vec<ToView>) -> Vec<ToView> {
    let mut out: Vec<ToView> = Vec::with_capacity(msgs.len());
    for m in msgs {
        let m = match (out.last_mut(), m) {
            (
                Some(ToView::Batch { id, ops }),
                ToView::Batch {
                    id: next,
                    ops: more,
                },
            ) => {
                ops.extend(more);
                *id = (*id).max(next);
                continue;
            }
            (Some(ToView::Batch { .. }), root @ ToView::ShadowRoot { .. }) => {
                out.insert(out.len() - 1, root);
                continue;
            }
            (_, m) => m,
        };
        out.push(m);
    }
    out
}

/// What the view needs of app.json to draw the screen.
fn app_config(project: &Project) -> mpsim_bridge::AppConfig {
    mpsim_bridge::AppConfig {
        window: project.app.window.clone(),
        tab_bar: project
            .app
            .tab_bar
            .as_ref()
            .map(|t| mpsim_bridge::TabBarConfig {
                color: t.color.clone(),
                selected_color: t.selected_color.clone(),
                background_color: t.background_color.clone(),
                custom: t.custom,
                list: t
                    .list
                    .iter()
                    .map(|i| mpsim_bridge::TabItem {
                        page_path: i.page_path.clone(),
                        text: i.text.clone(),
                        icon_path: i.icon_path.clone(),
                        selected_icon_path: i.selected_icon_path.clone(),
                    })
                    .collect(),
            }),
    }
}
