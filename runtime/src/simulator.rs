//! Running a mini-program headlessly: compile the folder, start the logic side (the app
//! service) and the view side, and pump the messages between them over the deterministic
//! transport, on the caller's thread.
//!
//! The two sides never call each other: every method here either hands a side a message or
//! asks the view to turn a user action into messages, then pumps until both are quiet. So a
//! render, a trace or a test interleaves the sides the same way on every run.

use crate::compile::compile_project;
use mpsim_base::{Diagnostic, DiskVfs, Vfs};
use mpsim_bridge::{Deterministic, Recorder, StyleConfig, ToLogic, ToView};
use mpsim_logic::{AppService, DeviceInfo, LaunchOptions};
use mpsim_view::render::Device;
use mpsim_view::{Composed, Frame, View};
use mpsim_wxml::NodeId;
use mpsim_wxss::Isolation;
use serde_json::Value;
use std::path::Path;
use std::rc::Rc;

/// A launched app: its logic side, its view side, the channel between them, and the
/// diagnostics its compilation produced.
pub struct Simulator {
    app: AppService,
    view: View,
    transport: Deterministic,
    diagnostics: Vec<Diagnostic>,
}

/// The system info the app sees for a device (rpx, windowWidth, safe area...).
pub fn device_info(d: &Device) -> DeviceInfo {
    DeviceInfo {
        model: d.name.clone(),
        width: d.width as f64,
        height: d.height as f64,
        pixel_ratio: d.dpr as f64,
        status_bar_height: d.status_bar as f64,
        ios: d.ios,
        safe_bottom: d.safe_bottom as f64,
    }
}

/// The view's device for the system info the app is given.
pub fn view_device(d: &DeviceInfo) -> Device {
    Device {
        name: d.model.clone(),
        width: d.width as f32,
        height: d.height as f32,
        dpr: d.pixel_ratio as f32,
        status_bar: d.status_bar_height as f32,
        ios: d.ios,
        safe_bottom: d.safe_bottom as f32,
    }
}

/// The compiled stylesheets of a project, as the view receives them.
pub fn style_config(compiled: &crate::CompiledProject) -> StyleConfig {
    StyleConfig {
        app: compiled.styles.get("app").map(|s| (**s).clone()),
        sheets: compiled
            .styles
            .iter()
            .map(|(k, v)| (k.clone(), (**v).clone()))
            .collect(),
        isolation: compiled
            .project
            .components
            .iter()
            .map(|(path, cfg)| {
                let iso =
                    Isolation::from_config(cfg.style_isolation.as_deref(), cfg.add_global_class);
                (path.clone(), iso)
            })
            .collect(),
    }
}

/// What the logic side needs to start, besides the project: the package's files, with wx
/// storage and the user's files (`wxfile://usr`) kept under `data_dir` (per app id) when
/// there is one.
pub fn logic_options(
    compiled: &crate::CompiledProject,
    mut options: LaunchOptions,
    data_dir: Option<&Path>,
) -> LaunchOptions {
    if let Some(d) = data_dir {
        let appid = compiled.project.config.appid.clone().unwrap_or_default();
        let storage = crate::storage::DiskStorage::new(d, &appid);
        options.user_folder = Some(storage.app_folder().to_path_buf());
        options.storage = Some(Rc::new(storage));
    }
    options
}

impl Simulator {
    /// Compiles the mini-program in `dir` and launches it. `Err` when `dir` is not a
    /// mini-program. Compile errors do not stop the launch: the pages that compiled run.
    pub fn launch(dir: &Path, options: LaunchOptions) -> Result<Simulator, Vec<Diagnostic>> {
        Simulator::launch_with_data(dir, options, None)
    }

    /// [`Simulator::launch`] with wx storage kept under `data_dir` (per app id) between runs.
    pub fn launch_with_data(
        dir: &Path,
        options: LaunchOptions,
        data_dir: Option<&Path>,
    ) -> Result<Simulator, Vec<Diagnostic>> {
        Simulator::compile_and_start(dir, options, data_dir, false)
    }

    /// [`Simulator::launch_with_data`], recording every bridge message from the first on
    /// (see [`Simulator::bridge_recording`]).
    pub fn launch_recorded(
        dir: &Path,
        options: LaunchOptions,
        data_dir: Option<&Path>,
    ) -> Result<Simulator, Vec<Diagnostic>> {
        Simulator::compile_and_start(dir, options, data_dir, true)
    }

    fn compile_and_start(
        dir: &Path,
        options: LaunchOptions,
        data_dir: Option<&Path>,
        record: bool,
    ) -> Result<Simulator, Vec<Diagnostic>> {
        let compiled = compile_project(&DiskVfs::new(dir))?;
        Ok(Simulator::start(dir, compiled, options, data_dir, record))
    }

    /// [`Simulator::launch_with_data`] as `merchant` deploys the template: its ext.json
    /// fields, version and domain lists.
    pub fn launch_as(
        dir: &Path,
        merchant: &crate::merchant::Merchant,
        mut options: LaunchOptions,
        data_dir: Option<&Path>,
        record: bool,
    ) -> Result<Simulator, Vec<Diagnostic>> {
        let compiled = crate::compile_project_for(
            &DiskVfs::new(dir),
            &mut crate::CompileCache::default(),
            Some(merchant),
        )?;
        options.deployment = Some(merchant.deployment());
        Ok(Simulator::start(dir, compiled, options, data_dir, record))
    }

    /// Launches a project compiled already (by [`compile_project`] on `dir`), e.g. after
    /// checking it for errors before replacing a running app.
    pub fn from_compiled(
        dir: &Path,
        compiled: crate::CompiledProject,
        options: LaunchOptions,
        data_dir: Option<&Path>,
    ) -> Simulator {
        Simulator::start(dir, compiled, options, data_dir, false)
    }

    fn start(
        dir: &Path,
        compiled: crate::CompiledProject,
        options: LaunchOptions,
        data_dir: Option<&Path>,
        record: bool,
    ) -> Simulator {
        let mut transport = Deterministic::new();
        if record {
            transport.record(Recorder::in_memory());
        }
        // The package loader hands the view its stylesheets before the app starts.
        transport.send_to_view(ToView::Styles(style_config(&compiled)));
        let options = logic_options(&compiled, options, data_dir);
        let device = view_device(&options.device.clone().unwrap_or_default());
        let root = dir.join(&compiled.project.config.miniprogram_root);
        let vfs: Rc<dyn Vfs> = Rc::new(DiskVfs::new(root));
        let app = AppService::launch(vfs, compiled.project, compiled.templates, options);
        let mut sim = Simulator {
            app,
            view: View::new(device),
            transport,
            diagnostics: compiled.diagnostics,
        };
        sim.pump();
        sim
    }

    /// Delivers messages both ways until both sides are quiet: the logic side's output to
    /// the view, the view's answers (first renders, applied batches, query answers, events of
    /// its own) to the logic side, and so on.
    fn pump(&mut self) {
        // A page whose handlers answer every frame with a change could go on for ever.
        for _ in 0..1_000 {
            for m in self.app.take_messages() {
                self.transport.send_to_view(m);
            }
            let to_view = self.transport.drain_to_view();
            for m in &to_view {
                self.view.apply(m);
            }
            if !to_view.is_empty() {
                self.view.commit();
            }
            for m in self.view.take_outbox() {
                self.transport.send_to_logic(m);
            }
            let to_logic = self.transport.drain_to_logic();
            if to_view.is_empty() && to_logic.is_empty() {
                return;
            }
            for m in to_logic {
                self.app.handle(m);
            }
        }
    }

    /// Hands the logic side a message from the driver (clock, navigation, background) and
    /// pumps.
    fn send(&mut self, msg: ToLogic) {
        self.transport.send_to_logic(msg);
        self.pump();
    }

    /// Lets the view turn a user action into messages, then pumps.
    fn act<T>(&mut self, f: impl FnOnce(&mut View) -> T) -> T {
        let out = f(&mut self.view);
        self.pump();
        out
    }

    /// Every bridge message so far as JSON lines (`{"seq", "from", "msg", ...}`), when the
    /// simulator was launched with [`Simulator::launch_recorded`].
    pub fn bridge_recording(&self) -> Option<String> {
        self.transport.recorder().map(Recorder::to_jsonl)
    }

    /// What compiling the project reported.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The phone the page is shown on (from [`LaunchOptions::device`]).
    pub fn device(&self) -> &Device {
        self.view.device()
    }

    /// Runs an actions script (see [`crate::script`]); returns the first failing step's error.
    pub fn run_script(&mut self, steps: &[Value]) -> Result<(), String> {
        for (i, step) in steps.iter().enumerate() {
            crate::script::run_step(self, step).map_err(|e| format!("step {}: {e}", i + 1))?;
        }
        Ok(())
    }

    /// Moves virtual time on by `ms`: the app's timers fire in order and autoplaying swipers
    /// turn when their interval comes, each turn a `change` event.
    pub fn advance(&mut self, ms: u64) {
        let end = self.view.now() + ms;
        for _ in 0..10_000 {
            let now = self.view.now();
            match self.view.next_turn().filter(|due| *due <= end) {
                Some(due) if due > now => self.send(ToLogic::Advance { ms: due - now }),
                Some(_) => self.act(View::turn_swipers),
                None => break,
            }
        }
        let now = self.view.now();
        self.send(ToLogic::Advance {
            ms: end.saturating_sub(now),
        });
    }

    /// Lets virtual time run until the app is idle (timers and network answers due within
    /// `budget_ms`). Returns the virtual milliseconds that passed.
    pub fn wait_idle(&mut self, budget_ms: u64) -> u64 {
        let start = self.view.now();
        self.send(ToLogic::WaitIdle { budget: budget_ms });
        self.view.now() - start
    }

    /// Navigates as app code would with wx.navigateTo and friends.
    pub fn navigate(&mut self, method: &str, url: &str) {
        self.send(ToLogic::Navigate {
            method: method.to_string(),
            url: url.to_string(),
        });
    }

    /// The user presses back.
    pub fn back(&mut self) {
        self.send(ToLogic::Back);
    }

    /// The app goes to the background (Page.onHide, App.onHide).
    pub fn hide(&mut self) {
        self.send(ToLogic::Hide);
    }

    /// The app comes back (App.onShow, Page.onShow).
    pub fn show(&mut self) {
        self.send(ToLogic::Show);
    }

    /// The user opens the share menu (onShareAppMessage).
    pub fn share(&mut self) {
        self.send(ToLogic::Share);
    }

    /// The window changes size without the phone turning (onResize).
    pub fn resize(&mut self, width: u32, height: u32) {
        self.send(ToLogic::Resize { width, height });
    }

    /// The page on screen scrolled to its bottom (onReachBottom), whatever its layout.
    pub fn reach_bottom(&mut self) -> Result<(), String> {
        let page = self
            .view
            .tree()
            .current_page()
            .ok_or("no page is on screen")?;
        self.send(ToLogic::ReachBottom { page });
        Ok(())
    }

    /// The user taps tabBar item `index`.
    pub fn tab(&mut self, index: usize) -> Result<(), String> {
        self.act(|v| v.tab(index))
    }

    /// The user pulls the page down (onPullDownRefresh, when the page enables it).
    pub fn pull_down_refresh(&mut self) -> Result<(), String> {
        self.act(View::pull_down_refresh)
    }

    /// The user answers the modal on screen.
    pub fn answer_modal(&mut self, confirm: bool) -> Result<(), String> {
        self.act(|v| v.answer_modal(confirm))
    }

    /// The user picks a row of the action sheet on screen, or cancels it (`None`).
    pub fn answer_action_sheet(&mut self, index: Option<u64>) -> Result<(), String> {
        self.act(|v| v.answer_action_sheet(index))
    }

    /// The first node of the current page (components included) matching `selector`.
    pub fn find(&self, selector: &str) -> Result<NodeId, String> {
        self.app.find(selector)
    }

    /// Taps the first node matching `selector` on the current page.
    pub fn tap(&mut self, selector: &str) -> Result<(), String> {
        let node = self.find(selector)?;
        self.act(|v| v.event(node, "tap", serde_json::json!({"x": 0, "y": 0})));
        Ok(())
    }

    /// Sends an event of any type (`longpress`, `change`...) with a detail to the first node
    /// matching `selector`.
    pub fn fire(&mut self, selector: &str, event: &str, detail: Value) -> Result<(), String> {
        let node = self.find(selector)?;
        self.act(|v| v.event(node, event, detail));
        Ok(())
    }

    /// An event of any type with a detail on node `node` (a built-in's `change`, a custom
    /// event an automation client triggers).
    pub fn event(&mut self, node: NodeId, event: &str, detail: Value) {
        self.act(|v| v.event(node, event, detail));
    }

    /// A touch event on node `node`: with `touches`, or one at the middle of its box.
    pub fn touch_node(&mut self, node: NodeId, event: &str, touches: Vec<mpsim_bridge::Touch>) {
        self.act(|v| v.touch_node(node, event, touches));
    }

    /// The boxes of `nodes` on screen (viewport-relative), with the computed values of
    /// `styles`, as a selector query gets them.
    pub fn measure(&mut self, nodes: &[NodeId], styles: &[String]) -> mpsim_bridge::QueryAnswer {
        self.view.measure(nodes, styles)
    }

    /// Hands the logic side an automation request (see `mpsim_logic::automation`) and pumps;
    /// its answer is in [`Simulator::take_automation_answers`] once known.
    pub fn automation(&mut self, token: u64, method: &str, params: Value) {
        self.send(ToLogic::Automation {
            token,
            method: method.to_string(),
            params,
        });
    }

    /// Answers to automation requests known since the last call.
    pub fn take_automation_answers(&mut self) -> Vec<mpsim_logic::automation::Answer> {
        self.app.take_automation_answers()
    }

    /// Events for an automation client since the last call: (method, params).
    pub fn take_automation_events(&mut self) -> Vec<(String, Value)> {
        self.app.take_automation_events()
    }

    /// The trace from line `from` on.
    pub fn trace_from(&self, from: usize) -> Vec<Value> {
        self.app.trace_from(from)
    }

    /// The view's tree (nodes as the view has them: tags, attributes, text).
    pub fn view_tree(&self) -> &mpsim_view::ViewTree {
        self.view.tree()
    }

    /// Types into the first input matching `selector`.
    pub fn input(&mut self, selector: &str, value: &str) -> Result<(), String> {
        let node = self.find(selector)?;
        self.type_into(node, value);
        Ok(())
    }

    /// Text typed into the input or textarea `node`: it gets `input` with its new value, and
    /// `model:value` writes back.
    pub fn type_into(&mut self, node: NodeId, value: &str) {
        self.act(|v| v.type_into(node, value));
    }

    /// What the user does to the screen (the preview's mouse and keyboard).
    pub fn input_event(&mut self, input: mpsim_view::Input) {
        self.act(|v| v.input(input));
    }

    /// The user taps the screen at (`x`, `y`) CSS pixels: the view finds what is under the
    /// finger (overlay buttons, the back button and the tabBar take their own taps). Returns
    /// whether something took the tap.
    pub fn tap_at(&mut self, x: f32, y: f32) -> bool {
        self.act(|v| v.tap_at(x, y))
    }

    /// A touch event (`tap`, `longpress`, `touchstart`...) at screen point (`x`, `y`) for the
    /// page node under the finger. Returns that node.
    pub fn touch_at(&mut self, x: f32, y: f32, event: &str) -> Option<NodeId> {
        self.act(|v| v.touch_at(x, y, event))
    }

    /// The page node under screen point (`x`, `y`) (not the bars, not the page itself).
    pub fn node_at(&mut self, x: f32, y: f32) -> Option<NodeId> {
        self.view.node_at(x, y)
    }

    /// The user scrolls the page to `top` (kept within its content): onPageScroll, and
    /// onReachBottom when the bottom comes within `onReachBottomDistance`.
    pub fn scroll_page(&mut self, top: f32) {
        self.act(|v| v.scroll_page(top));
    }

    /// The user scrolls the scroll-view matching `selector` to (`left`, `top`).
    pub fn scroll_view(&mut self, selector: &str, left: f32, top: f32) -> Result<(), String> {
        let node = self.find(selector)?;
        self.scroll_view_node(node, left, top)
            .map_err(|e| format!("`{selector}` {e}"))
    }

    /// The user scrolls the scroll-view `node` to (`left`, `top`).
    pub fn scroll_view_node(&mut self, node: NodeId, left: f32, top: f32) -> Result<(), String> {
        self.act(|v| v.scroll_view(node, left, top))
    }

    /// The user scrolls whatever is under screen point (`x`, `y`) by `dy`.
    pub fn scroll_at(&mut self, x: f32, y: f32, dy: f32) {
        self.act(|v| v.scroll_at(x, y, dy));
    }

    /// How far the page on screen is scrolled.
    pub fn page_scroll(&self) -> f32 {
        self.view.page_scroll()
    }

    /// Turns the phone: width and height swap, and the app gets onResize.
    pub fn rotate(&mut self) {
        self.act(View::rotate);
    }

    /// The tag of the node `node` in the view (`input`, `view`...).
    pub fn tag_of(&self, node: NodeId) -> Option<String> {
        self.view.tag_of(node).map(str::to_string)
    }

    /// The current value of an input's `value` attribute.
    pub fn value_of(&self, node: NodeId) -> String {
        self.view.value_of(node)
    }

    /// The route of the page on screen.
    pub fn current_route(&self) -> String {
        self.view.current_route()
    }

    /// The page stack as URLs, bottom first: what it takes to open the same pages again.
    pub fn page_stack_urls(&self) -> Vec<String> {
        self.view.page_stack_urls()
    }

    /// Virtual milliseconds since launch.
    pub fn now(&self) -> u64 {
        self.view.now()
    }

    /// The current page's `this.data`.
    pub fn data(&mut self) -> Value {
        self.app.data()
    }

    /// The trace so far.
    pub fn trace(&self) -> Vec<Value> {
        self.app.trace()
    }

    /// The trace since the last call.
    pub fn take_trace(&mut self) -> Vec<Value> {
        self.app.take_trace()
    }

    /// The native chrome around the page on screen (bars, tabBar, overlay).
    pub fn chrome(&mut self) -> mpsim_view::render::Chrome {
        self.view.chrome(None)
    }

    /// The page on screen, composed, styled and laid out.
    pub fn frame(&mut self) -> Option<Rc<Frame>> {
        self.view.frame()
    }

    /// The page on screen styled and laid out from nothing, ignoring what the view keeps
    /// between frames: what [`Simulator::frame`] must equal.
    pub fn fresh_frame(&mut self) -> Option<Frame> {
        self.view.fresh_frame()
    }

    /// The composed tree of the page on screen.
    pub fn page_tree(&mut self) -> Option<Rc<Composed>> {
        self.view.frame().map(|f| f.tree.clone())
    }

    /// The composed tree of the page on screen as JSON (the documented dump shape).
    pub fn page_tree_json(&mut self) -> Value {
        self.page_tree().map(|c| c.to_json()).unwrap_or(Value::Null)
    }

    /// Computed styles of the page on screen, by node.
    pub fn page_styles(&mut self) -> mpsim_view::style::PageStyles {
        self.frame().map(|f| f.styles.clone()).unwrap_or_default()
    }

    /// The page on screen as PNG bytes.
    pub fn screenshot(&mut self) -> Result<Vec<u8>, String> {
        mpsim_paint::encode_png(&self.render()?).map_err(|e| format!("PNG encoding failed: {e}"))
    }

    /// The page on screen, laid out and painted for the device: the pixels of the phone's
    /// screen, `device.dpr` per CSS pixel. Images the view asks for are fetched from the
    /// logic side first; their `load` handlers run, and a page that moved for a `widthFix`
    /// picture asks for the ones it brought into view, a few rounds at most.
    pub fn render(&mut self) -> Result<tiny_skia::Pixmap, String> {
        /// Request, arrival and handler: three rounds settle a page; a fourth is spare.
        const RENDER_ROUNDS: usize = 4;
        // The pictures come before the first paint, so that it is the last one unless an
        // image's `load` handler changes the page.
        for _ in 0..RENDER_ROUNDS {
            if !self.view.ask_for_images() || !self.view_is_waiting() {
                break;
            }
            self.pump();
        }
        let mut pixels = self.view.render()?;
        for _ in 0..RENDER_ROUNDS {
            if !self.view_is_waiting() {
                break;
            }
            self.pump();
            pixels = self.view.render()?;
        }
        Ok(pixels)
    }

    /// Whether the view has asked for something (images) that has not come, or told the
    /// logic side something (an image's `load`), sending it.
    fn view_is_waiting(&mut self) -> bool {
        let out = self.view.take_outbox();
        let waiting = !out.is_empty();
        for m in out {
            self.transport.send_to_logic(m);
        }
        waiting
    }
}
