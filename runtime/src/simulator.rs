//! Running a mini-program: compile the folder, start the app service and the view, and drive
//! them together (deterministically, on the caller's thread).

use crate::compile::compile_project;
use mpsim_base::{Diagnostic, DiskVfs, Vfs};
use mpsim_logic::{AppService, DeviceInfo, LaunchOptions, Network};
use mpsim_view::layout::{LBox, Viewport};
use mpsim_view::render::Device;
use mpsim_view::{Composed, Styles, ViewTree, compose_page};
use mpsim_wxml::NodeId;
use mpsim_wxss::{ComputedStyle, Isolation, Screen};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

/// Images for `<image src>`: absolute sources from the app root, relative ones from the
/// page's folder; network URLs and wx.downloadFile temp paths from the mock network (without
/// one they show as placeholders).
struct ProjectImages {
    vfs: Rc<dyn Vfs>,
    page_dir: String,
    network: Option<Rc<dyn Network>>,
    /// wx.downloadFile temp path -> the URL it came from.
    temp_files: HashMap<String, String>,
    cache: std::cell::RefCell<HashMap<String, Option<std::sync::Arc<tiny_skia::Pixmap>>>>,
}

impl ProjectImages {
    fn bytes(&self, src: &str) -> Option<Vec<u8>> {
        if let Some(url) = self.temp_files.get(src) {
            return self.network.as_ref()?.file(url);
        }
        if src.contains("://") {
            return self.network.as_ref()?.file(src);
        }
        if src.starts_with("data:") {
            return None;
        }
        let path = if src.starts_with('/') {
            mpsim_base::vpath::normalize(src)
        } else {
            mpsim_base::vpath::join(&self.page_dir, src)
        };
        self.vfs.read(&path?).ok()
    }
}

impl mpsim_view::paint::Images for ProjectImages {
    fn get(&self, src: &str) -> Option<std::sync::Arc<tiny_skia::Pixmap>> {
        if src.is_empty() {
            return None;
        }
        if let Some(hit) = self.cache.borrow().get(src) {
            return hit.clone();
        }
        let img = self
            .bytes(src)
            .and_then(|bytes| mpsim_view::paint::decode_image(&bytes))
            .map(std::sync::Arc::new);
        self.cache.borrow_mut().insert(src.to_string(), img.clone());
        img
    }
}

/// A launched app, its view, and the diagnostics its compilation produced.
pub struct Simulator {
    vfs: Rc<dyn Vfs>,
    pub app: AppService,
    pub view: ViewTree,
    pub styles: Styles,
    pub diagnostics: Vec<Diagnostic>,
    /// The phone the page is shown on (from [`LaunchOptions::device`]).
    pub device: Device,
    network: Option<Rc<dyn Network>>,
    swipers: crate::autoplay::Swipers,
}

/// The page on screen, composed, styled and laid out for the device.
pub struct Frame {
    pub tree: Composed,
    pub styles: HashMap<NodeId, ComputedStyle>,
    pub layout: Option<LBox>,
    /// How far the page is scrolled.
    pub scroll: f32,
}

/// The page positions of `node` and the boxes around it, for event offsets.
fn path_offsets(root: &LBox, node: NodeId) -> HashMap<NodeId, (f64, f64)> {
    fn walk(b: &LBox, node: NodeId, out: &mut HashMap<NodeId, (f64, f64)>) -> bool {
        let here = b.id == node && !b.style.contains_key("#paragraph");
        if here || b.children.iter().any(|c| walk(c, node, out)) {
            out.entry(b.id).or_insert((b.x as f64, b.y as f64));
            return true;
        }
        false
    }
    let mut out = HashMap::new();
    walk(root, node, &mut out);
    out
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
    }
}

fn view_device(d: &DeviceInfo) -> Device {
    Device {
        name: d.model.clone(),
        width: d.width as f32,
        height: d.height as f32,
        dpr: d.pixel_ratio as f32,
        status_bar: d.status_bar_height as f32,
        ios: d.ios,
    }
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
        let compiled = compile_project(&DiskVfs::new(dir))?;
        Ok(Simulator::from_compiled(dir, compiled, options, data_dir))
    }

    /// Launches a project compiled already (by [`compile_project`] on `dir`), e.g. after
    /// checking it for errors before replacing a running app.
    pub fn from_compiled(
        dir: &Path,
        compiled: crate::CompiledProject,
        mut options: LaunchOptions,
        data_dir: Option<&Path>,
    ) -> Simulator {
        if let Some(d) = data_dir {
            let appid = compiled.project.config.appid.clone().unwrap_or_default();
            options.storage = Some(Rc::new(crate::storage::DiskStorage::new(d, &appid)));
        }
        let root = dir.join(&compiled.project.config.miniprogram_root);
        let vfs: Rc<dyn Vfs> = Rc::new(DiskVfs::new(root));
        let mut styles = Styles {
            app: compiled.styles.get("app").cloned(),
            ..Default::default()
        };
        for (path, sheet) in &compiled.styles {
            styles.sheets.insert(path.clone(), sheet.clone());
        }
        for (path, cfg) in &compiled.project.components {
            styles.isolation.insert(
                path.clone(),
                Isolation::from_config(cfg.style_isolation.as_deref(), cfg.add_global_class),
            );
        }
        let device = view_device(&options.device.clone().unwrap_or_default());
        let network = options.network.clone();
        let app = AppService::launch(vfs.clone(), compiled.project, compiled.templates, options);
        let mut sim = Simulator {
            vfs,
            app,
            view: ViewTree::new(),
            styles,
            diagnostics: compiled.diagnostics,
            device,
            network,
            swipers: Default::default(),
        };
        sim.sync();
        sim
    }

    /// Hands the logic side's pending messages to the view, and answers the selector queries
    /// among them from a fresh layout (their callbacks may change the page again: repeated
    /// until nothing is asked, a bounded number of times).
    pub fn sync(&mut self) {
        for _ in 0..100 {
            for m in self.app.take_messages() {
                self.view.apply(&m);
            }
            if self.view.queries.is_empty() {
                return;
            }
            let queries = std::mem::take(&mut self.view.queries);
            let frame = self.frame();
            let viewport = self.viewport();
            for q in &queries {
                let layout = frame.as_ref().and_then(|f| f.layout.as_ref());
                let scroll = frame.as_ref().map(|f| f.scroll).unwrap_or(0.0);
                let answer = mpsim_view::query::answer(layout, q, viewport, scroll);
                self.app.answer_query(&answer);
            }
        }
    }

    /// Runs an actions script (see [`crate::script`]); returns the first failing step's error.
    pub fn run_script(&mut self, steps: &[Value]) -> Result<(), String> {
        for (i, step) in steps.iter().enumerate() {
            crate::script::run_step(self, step).map_err(|e| format!("step {}: {e}", i + 1))?;
            self.sync();
        }
        Ok(())
    }

    /// Moves virtual time on by `ms`: the app's timers fire in order and autoplaying swipers
    /// turn when their interval comes, each turn a `change` event.
    pub fn advance(&mut self, ms: u64) {
        let end = self.app.now() + ms;
        loop {
            self.refresh_swipers();
            let Some((due, id)) = self.swipers.next().filter(|(due, _)| *due <= end) else {
                break;
            };
            let now = self.app.now();
            self.app.advance(due.saturating_sub(now));
            self.sync();
            self.refresh_swipers();
            let Some(a) = self.swipers.playing.get_mut(&id).filter(|a| a.due() == due) else {
                continue;
            };
            a.current = (a.current + 1) % a.count.max(1);
            a.since = due;
            let current = a.current;
            let item = a.item_ids.get(current).cloned().unwrap_or_default();
            let attr = a.attr.clone();
            self.view.swiper_current.insert(id, (attr, current));
            self.app.fire_node(
                id,
                "change",
                serde_json::json!({"current": current, "currentItemId": item, "source": "autoplay"}),
            );
            self.sync();
        }
        let now = self.app.now();
        self.app.advance(end.saturating_sub(now));
        self.sync();
    }

    fn refresh_swipers(&mut self) {
        let tree = self.page_tree();
        let now = self.app.now();
        let view = &self.view;
        let attr = |id: NodeId| {
            view.node(id)
                .map(|n| n.attr_text("current"))
                .unwrap_or_default()
        };
        self.swipers.refresh(tree.as_ref(), now, &attr);
        // Overrides of swipers the app moved since are stale.
        let attrs: Vec<(NodeId, String)> = self
            .view
            .swiper_current
            .keys()
            .map(|id| (*id, attr(*id)))
            .collect();
        for (id, now_attr) in attrs {
            if self
                .view
                .swiper_current
                .get(&id)
                .is_some_and(|(a, _)| *a != now_attr)
            {
                self.view.swiper_current.remove(&id);
            }
        }
    }

    /// Lets virtual time run until the app is idle (see [`AppService::wait_idle`]), keeping
    /// the view in step. Returns the virtual milliseconds that passed.
    pub fn wait_idle(&mut self, budget_ms: u64) -> u64 {
        let waited = self.app.wait_idle(budget_ms);
        self.sync();
        waited
    }

    /// The window the page is laid out in: the screen below the navigation bar and above the
    /// tabBar.
    pub fn viewport(&mut self) -> Viewport {
        let (custom_nav, native_tab_bar) = self.bars();
        let top = if custom_nav {
            0.0
        } else {
            self.device.status_bar + mpsim_view::render::NAV_BAR_HEIGHT
        };
        let bottom = if native_tab_bar {
            mpsim_view::render::TAB_BAR_HEIGHT
        } else {
            0.0
        };
        Viewport {
            width: self.device.width,
            height: (self.device.height - top - bottom).max(0.0),
        }
    }

    /// Which bars the page on screen has: (its own navigation bar instead of the native one,
    /// the native tabBar).
    fn bars(&self) -> (bool, bool) {
        let route = self.app.current_route();
        let project = self.app.project();
        let custom_nav = project
            .components
            .get(&route)
            .and_then(|c| c.window.get("navigationStyle"))
            .or_else(|| project.app.window.get("navigationStyle"))
            .and_then(Value::as_str)
            == Some("custom");
        let native_tab_bar = project
            .app
            .tab_bar
            .as_ref()
            .is_some_and(|t| !t.custom && project.app.is_tab_page(&route));
        (custom_nav, native_tab_bar)
    }

    /// The page on screen, composed, styled and laid out.
    pub fn frame(&mut self) -> Option<Frame> {
        let tree = self.page_tree()?;
        let screen = Screen {
            width: self.device.width as f64,
            dpr: self.device.dpr as f64,
            ios: self.device.ios,
        };
        let route = self.app.current_route();
        let view = &self.view;
        let component = |c: u32| view.component(c);
        let styles =
            mpsim_view::compute_page_styles(&tree, &route, &self.styles, &component, screen);
        let viewport = self.viewport();
        let layout = mpsim_view::layout::layout_page(&tree, &styles, viewport);
        Some(Frame {
            tree,
            styles,
            layout,
            scroll: self.view.page_scroll(),
        })
    }

    /// The user scrolls the page to `top` (kept within its content): the view moves, the page
    /// gets onPageScroll, and onReachBottom when the bottom comes within the page's
    /// `onReachBottomDistance` (50px by default).
    pub fn scroll_page(&mut self, top: f32) {
        let viewport = self.viewport();
        let Some(frame) = self.frame() else { return };
        let content = frame.layout.as_ref().map(|l| l.h).unwrap_or(0.0);
        let max = (content - viewport.height).max(0.0);
        let top = top.clamp(0.0, max);
        let distance = self.page_setting("onReachBottomDistance").unwrap_or(50.0) as f32;
        if top == frame.scroll {
            return;
        }
        let was_near = max - frame.scroll <= distance;
        self.view.set_page_scroll(top);
        self.app.scroll_page(top as f64);
        if !was_near && max - top <= distance {
            self.app.reach_bottom();
        }
        self.sync();
    }

    /// The user scrolls the scroll-view matching `selector` to (`left`, `top`), kept within
    /// its content: it fires `scroll`, then `scrolltolower` / `scrolltoupper` when an end
    /// comes within its `lower-threshold` / `upper-threshold` (50px by default).
    pub fn scroll_view(&mut self, selector: &str, left: f32, top: f32) -> Result<(), String> {
        let node = self.app.find(selector)?;
        self.scroll_view_node(node, left, top)
            .map_err(|e| format!("`{selector}` {e}"))
    }

    /// The user scrolls whatever is under screen point (`x`, `y`) by `dy`: the innermost
    /// vertical scroll-view there, else the page.
    pub fn scroll_at(&mut self, x: f32, y: f32, dy: f32) {
        let chrome = self.chrome(None);
        let top = mpsim_view::render::content_top(&chrome, &self.device);
        let scroll = self.view.page_scroll();
        let target = self.frame().and_then(|f| {
            let layout = f.layout?;
            fn find(b: &LBox, x: f32, y: f32) -> Option<(NodeId, f32, f32)> {
                if x < b.x || y < b.y || x >= b.x + b.w || y >= b.y + b.h {
                    return None;
                }
                let (sx, sy) = mpsim_view::layout::scroll_offset(b);
                let inner = b
                    .children
                    .iter()
                    .rev()
                    .find_map(|c| find(c, x + sx, y + sy));
                inner.or_else(|| {
                    (b.tag == "scroll-view" && b.style.contains_key("#scroll-top"))
                        .then_some((b.id, sx, sy))
                })
            }
            find(&layout, x, y - top + scroll)
        });
        match target {
            Some((node, left, top_now)) => {
                let _ = self.scroll_view_node(node, left, top_now + dy);
            }
            None => self.scroll_page(scroll + dy),
        }
    }

    fn scroll_view_node(&mut self, node: NodeId, left: f32, top: f32) -> Result<(), String> {
        let frame = self.frame().ok_or("no page is on screen")?;
        let b = frame
            .layout
            .as_ref()
            .and_then(|l| mpsim_view::layout::find_box(l, node))
            .filter(|b| b.tag == "scroll-view")
            .ok_or("is not a scroll-view on screen")?;
        let num = |k: &str, or: f32| {
            b.style
                .get(k)
                .and_then(|v| v.parse::<f32>().ok())
                .unwrap_or(or)
        };
        let (scroll_w, scroll_h) = (num("#scroll-width", b.w), num("#scroll-height", b.h));
        let (old_x, old_y) = mpsim_view::layout::scroll_offset(b);
        let x = if b.style.contains_key("#scroll-left") {
            left.clamp(0.0, (scroll_w - b.w).max(0.0))
        } else {
            0.0
        };
        let y = if b.style.contains_key("#scroll-top") {
            top.clamp(0.0, (scroll_h - b.h).max(0.0))
        } else {
            0.0
        };
        if (x, y) == (old_x, old_y) {
            return Ok(());
        }
        let (w, h) = (b.w, b.h);
        let view_node = self.view.node(node);
        let attrs = mpsim_view::compose::SCROLL_ATTRS
            .map(|a| view_node.map(|n| n.attr_text(a)).unwrap_or_default());
        let threshold = |k: &str| {
            view_node
                .and_then(|n| n.attr_text(k).parse::<f32>().ok())
                .unwrap_or(50.0)
        };
        let (lower, upper) = (threshold("lower-threshold"), threshold("upper-threshold"));
        self.view.scroll_views.insert(node, (attrs, (x, y)));
        self.app.fire_node(
            node,
            "scroll",
            serde_json::json!({"scrollLeft": x, "scrollTop": y, "scrollWidth": scroll_w,
                "scrollHeight": scroll_h, "deltaX": old_x - x, "deltaY": old_y - y}),
        );
        let near_end = |pos: f32, size: f32, extent: f32| extent - (pos + size) <= lower;
        if y > old_y && near_end(y, h, scroll_h) && !near_end(old_y, h, scroll_h)
            || x > old_x && near_end(x, w, scroll_w) && !near_end(old_x, w, scroll_w)
        {
            let direction = if y > old_y { "bottom" } else { "right" };
            self.app.fire_node(
                node,
                "scrolltolower",
                serde_json::json!({ "direction": direction }),
            );
        }
        if y < old_y && y <= upper && old_y > upper || x < old_x && x <= upper && old_x > upper {
            let direction = if y < old_y { "top" } else { "left" };
            self.app.fire_node(
                node,
                "scrolltoupper",
                serde_json::json!({ "direction": direction }),
            );
        }
        self.sync();
        Ok(())
    }

    /// A number from the page's json, else app.json's window.
    fn page_setting(&self, key: &str) -> Option<f64> {
        let route = self.app.current_route();
        let project = self.app.project();
        project
            .components
            .get(&route)
            .and_then(|c| c.window.get(key))
            .or_else(|| project.app.window.get(key))
            .and_then(Value::as_f64)
    }

    /// The composed tree of the page on screen.
    pub fn page_tree(&mut self) -> Option<Composed> {
        self.sync();
        let page = self.view.current_page()?;
        compose_page(&self.view, page)
    }

    /// The composed tree of the page on screen as JSON (the documented dump shape).
    pub fn page_tree_json(&mut self) -> Value {
        self.page_tree().map(|c| c.to_json()).unwrap_or(Value::Null)
    }

    /// Computed styles of the page on screen, by node.
    pub fn page_styles(&mut self) -> HashMap<NodeId, ComputedStyle> {
        self.frame().map(|f| f.styles).unwrap_or_default()
    }
}

impl Simulator {
    /// The native chrome for the page on screen, from app.json's window and tabBar, the page's
    /// own json, and what the app set at run time (setNavigationBarTitle/Color).
    pub fn chrome(
        &mut self,
        page_background: Option<mpsim_view::css::Color>,
    ) -> mpsim_view::render::Chrome {
        use mpsim_view::css::color;
        let tree = self.page_tree();
        let (custom_nav, native_tab_bar) = self.bars();
        let route = self.app.current_route();
        let project = self.app.project();
        let page_window = project
            .components
            .get(&route)
            .map(|c| c.window.clone())
            .unwrap_or_default();
        let get = |k: &str| {
            page_window
                .get(k)
                .or_else(|| project.app.window.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let mut title = get("navigationBarTitleText").unwrap_or_default();
        let mut nav_background = get("navigationBarBackgroundColor")
            .and_then(|c| color(&c))
            .unwrap_or([0, 0, 0, 255]);
        let mut nav_text = if get("navigationBarTextStyle").as_deref() == Some("black") {
            [0, 0, 0, 255]
        } else {
            [255, 255, 255, 255]
        };
        // `<page-meta><navigation-bar title front-color background-color/></page-meta>`.
        let bar = tree
            .as_ref()
            .and_then(|t| t.children.iter().find(|c| c.tag == "page-meta"))
            .and_then(|m| m.children.iter().find(|c| c.tag == "navigation-bar"));
        if let Some(bar) = bar {
            let attr = |k: &str| Some(bar.attr_text(k)).filter(|v| !v.is_empty());
            if let Some(t) = attr("title") {
                title = t;
            }
            if let Some(c) = attr("background-color").and_then(|c| color(&c)) {
                nav_background = c;
            }
            if let Some(c) = attr("front-color").and_then(|c| color(&c)) {
                nav_text = c;
            }
        }
        for (api, args) in &self.view.ui {
            match api.as_str() {
                "setNavigationBarTitle" => {
                    title = args["title"].as_str().unwrap_or_default().to_string()
                }
                "setNavigationBarColor" => {
                    if let Some(c) = args["backgroundColor"].as_str().and_then(color) {
                        nav_background = c;
                    }
                    if let Some(c) = args["frontColor"].as_str().and_then(color) {
                        nav_text = c;
                    }
                }
                _ => {}
            }
        }
        let tab_bar = project
            .app
            .tab_bar
            .as_ref()
            .filter(|_| native_tab_bar)
            .map(|t| mpsim_view::render::TabBar {
                items: t.list.iter().map(|i| i.text.clone()).collect(),
                icons: t
                    .list
                    .iter()
                    .map(|i| (i.icon_path.clone(), i.selected_icon_path.clone()))
                    .collect(),
                selected: t.list.iter().position(|i| i.page_path == route),
                color: color(&t.color).unwrap_or([122, 126, 131, 255]),
                selected_color: color(&t.selected_color).unwrap_or([60, 197, 31, 255]),
                background: color(&t.background_color).unwrap_or([255, 255, 255, 255]),
            });
        mpsim_view::render::Chrome {
            title,
            nav_background,
            nav_text,
            custom_nav,
            back: self.app.page_stack().len() > 1,
            page_background: page_background.unwrap_or([255, 255, 255, 255]),
            tab_bar,
            overlay: mpsim_view::render::Overlay::from_requests(
                self.view.ui.iter().map(|(a, v)| (a.as_str(), v)),
                self.app.now(),
            ),
        }
    }

    /// The user taps the screen at (`x`, `y`) CSS pixels: the view finds the node under the
    /// finger (the navigation bar and tabBar take their own taps) and the logic side
    /// dispatches the tap. Returns whether a page node was hit.
    pub fn tap_at(&mut self, x: f32, y: f32) -> bool {
        // A modal or action sheet takes every tap; its buttons answer it.
        let chrome = self.chrome(None);
        if let Some(hit) = chrome
            .overlay
            .as_ref()
            .and_then(|o| o.hit(&self.device, x, y))
        {
            use mpsim_view::render::OverlayHit;
            let (api, answer) = match hit {
                OverlayHit::ModalConfirm => (
                    "showModal",
                    serde_json::json!({"confirm": true, "cancel": false}),
                ),
                OverlayHit::ModalCancel => (
                    "showModal",
                    serde_json::json!({"confirm": false, "cancel": true}),
                ),
                OverlayHit::SheetItem(i) => {
                    ("showActionSheet", serde_json::json!({ "tapIndex": i }))
                }
                OverlayHit::SheetCancel => {
                    ("showActionSheet", serde_json::json!({"fail": "cancel"}))
                }
                OverlayHit::Mask => return false,
            };
            let answered = self.app.answer_ui(api, &answer);
            self.sync();
            return answered;
        }
        let top = mpsim_view::render::content_top(&chrome, &self.device);
        if chrome.back
            && !chrome.custom_nav
            && y >= self.device.status_bar
            && y < top
            && x < mpsim_view::render::BACK_BUTTON_WIDTH
        {
            self.app.back();
            self.sync();
            return true;
        }
        if let Some(index) = self.tab_at(x, y) {
            let ok = self.app.tap_tab(index).is_ok();
            self.sync();
            return ok;
        }
        self.touch_at(x, y, "tap").is_some()
    }

    /// The native tabBar item under screen point (`x`, `y`), if the tabBar is there.
    fn tab_at(&mut self, x: f32, y: f32) -> Option<usize> {
        let chrome = self.chrome(None);
        let tb = chrome.tab_bar.as_ref()?;
        let d = &self.device;
        (y >= d.height - mpsim_view::render::TAB_BAR_HEIGHT)
            .then(|| (x / (d.width / tb.items.len().max(1) as f32)) as usize)
    }

    /// A touch event (`tap`, `longpress`, `touchstart`...) at screen point (`x`, `y`) for the
    /// page node under the finger (not the navigation bar or the native tabBar). Returns that
    /// node.
    pub fn touch_at(&mut self, x: f32, y: f32, event: &str) -> Option<NodeId> {
        let (node, top, layout) = self.hit(x, y)?;
        self.app.set_offsets(path_offsets(&layout, node));
        let scroll = self.view.page_scroll();
        let (px, py) = (x as f64, (y - top + scroll) as f64);
        if event == "tap" {
            self.app.tap_node(node, px, py);
        } else {
            self.app
                .fire_node(node, event, serde_json::json!({"x": px, "y": py}));
        }
        self.app.set_offsets(HashMap::new());
        self.sync();
        Some(node)
    }

    /// Taps the first node matching `selector` on the current page.
    pub fn tap(&mut self, selector: &str) -> Result<(), String> {
        let node = self.app.find(selector)?;
        self.offsets_for(node);
        let r = self.app.tap(selector);
        self.app.set_offsets(HashMap::new());
        self.sync();
        r
    }

    /// Tells the app where `node` and the boxes around it are, for the next event's
    /// `offsetLeft`/`offsetTop`.
    fn offsets_for(&mut self, node: NodeId) {
        if let Some(layout) = self.frame().and_then(|f| f.layout) {
            self.app.set_offsets(path_offsets(&layout, node));
        }
    }

    /// The page node under screen point (`x`, `y`) (not the bars, not the page itself).
    pub fn node_at(&mut self, x: f32, y: f32) -> Option<NodeId> {
        self.hit(x, y).map(|(node, _, _)| node)
    }

    /// [`Simulator::node_at`], with where the page starts on screen and the layout it was
    /// found in (one layout serves the hit test and the event's offsets).
    fn hit(&mut self, x: f32, y: f32) -> Option<(NodeId, f32, LBox)> {
        if self.tab_at(x, y).is_some() {
            return None;
        }
        let chrome = self.chrome(None);
        let top = mpsim_view::render::content_top(&chrome, &self.device);
        if y < top {
            return None;
        }
        let frame = self.frame()?;
        let layout = frame.layout?;
        let node = mpsim_view::layout::hit_test(&layout, x, y - top, frame.scroll)?;
        (node != frame.tree.id).then_some((node, top, layout))
    }

    /// The tag of the node `node` in the view (`input`, `view`...).
    pub fn tag_of(&self, node: NodeId) -> Option<String> {
        self.view.node(node).map(|n| n.tag.clone())
    }

    /// Text typed into the input or textarea `node`: it gets `input` with its new value, and
    /// `model:value` writes back.
    pub fn type_into(&mut self, node: NodeId, value: &str) {
        self.app.input_node(node, value);
        self.sync();
    }

    /// The current value of an input's `value` attribute.
    pub fn value_of(&self, node: NodeId) -> String {
        self.view
            .node(node)
            .map(|n| n.attr_text("value"))
            .unwrap_or_default()
    }

    /// Turns the phone: width and height swap, and the app gets onResize.
    pub fn rotate(&mut self) {
        let d = &mut self.device;
        std::mem::swap(&mut d.width, &mut d.height);
        let (w, h) = (d.width as u32, d.height as u32);
        self.app.resize(w, h);
        self.sync();
    }

    /// The page on screen, laid out and painted for the device, as PNG bytes.
    pub fn screenshot(&mut self) -> Result<Vec<u8>, String> {
        self.render()?
            .encode_png()
            .map_err(|e| format!("PNG encoding failed: {e}"))
    }

    /// The page on screen, laid out and painted for the device: the pixels of the phone's
    /// screen, `device.dpr` per CSS pixel.
    pub fn render(&mut self) -> Result<tiny_skia::Pixmap, String> {
        let frame = self.frame().ok_or("no page is on screen")?;
        let page_bg = frame
            .styles
            .get(&frame.tree.id)
            .and_then(|s| s.get("background-color").or_else(|| s.get("background")))
            .and_then(|v| mpsim_view::css::first_color(v));
        let chrome = self.chrome(page_bg);
        let route = self.app.current_route();
        let temp_files = self.app.temp_files().into_iter().collect::<HashMap<_, _>>();
        let images = ProjectImages {
            vfs: self.vfs.clone(),
            page_dir: mpsim_base::vpath::parent(&route).to_string(),
            network: self.network.clone(),
            temp_files,
            cache: Default::default(),
        };
        mpsim_view::render::render_frame_with(
            frame.layout.as_ref(),
            frame.scroll,
            &chrome,
            &self.device,
            &images,
        )
        .ok_or_else(|| "the frame could not be allocated".to_string())
    }
}
