//! The view side as one object: everything the screen needs, learnt only from [`ToView`]
//! messages, and everything the user does, told to the logic side only as [`ToLogic`]
//! messages.
//!
//! A [`View`] keeps the node tree, the stylesheets, a frame (composed, styled, laid out)
//! cached until a message or a scroll changes it, page and scroll-view offsets, autoplaying
//! swipers, the chrome (window configs, the tabBar, the page stack as the view knows it,
//! native UI), the files it asked for, and the input focus. [`View::input`] turns a touch,
//! wheel, key or rotation into messages; the driver methods ([`View::event`],
//! [`View::scroll_page`]...) do what a script step asks the same way.

use crate::autoplay::Swipers;
use crate::compose::SCROLL_ATTRS;
use crate::layout::Layouter;
use crate::layout::{LBox, Viewport, find_box, hit_test, scroll_offset};
use crate::render::{BACK_BUTTON_WIDTH, Chrome, Device, Overlay, OverlayHit, content_top};
use crate::style::Styler;
use crate::text::Metrics;
use crate::{Composed, Styles, ViewTree, compose_page};
use mpsim_bridge::screen::Bars;
use mpsim_bridge::{AppConfig, EventMessage, StackEntry, StyleConfig, ToLogic, ToView, Touch};
use mpsim_wxml::{NodeId, TreeOp};
use mpsim_wxss::Screen;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use tiny_skia::Pixmap;

/// The page on screen, composed, styled and laid out for the device.
pub struct Frame {
    pub tree: Rc<Composed>,
    pub styles: crate::style::PageStyles,
    pub layout: Option<LBox>,
    /// How far the page is scrolled.
    pub scroll: f32,
}

/// What the user does to the screen, in CSS pixels of the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A short press.
    Tap {
        x: f32,
        y: f32,
    },
    /// A press held still.
    LongPress {
        x: f32,
        y: f32,
    },
    /// The finger goes down, moves, comes up: touchstart, touchmove, touchend on the node
    /// first touched.
    TouchStart {
        x: f32,
        y: f32,
    },
    TouchMove {
        x: f32,
        y: f32,
    },
    TouchEnd {
        x: f32,
        y: f32,
    },
    /// What is under (`x`, `y`) scrolls by `dy` (wheel or drag): a scroll-view, else the page.
    Wheel {
        x: f32,
        y: f32,
        dy: f32,
    },
    /// A drag down past the top of the page.
    PullDown,
    /// Text typed on the keyboard, into the focused input.
    Text(String),
    /// Backspace in the focused input.
    Erase,
    Back,
    /// The phone turns: width and height swap.
    Rotate,
}

/// Page scroll distances below which onReachBottom fires, by default.
const REACH_BOTTOM_DISTANCE: f64 = 50.0;

pub struct View {
    tree: ViewTree,
    styles: Styles,
    /// The styles and layout of the page on screen, kept between frames.
    styler: Styler,
    layouter: Layouter,
    device: Device,
    app: AppConfig,
    stack: Vec<StackEntry>,
    /// The logic side's clock, as last heard.
    now: u64,
    images: Resources,
    swipers: Swipers,
    /// The swipers may have changed since this time (the tree changed then): they are looked
    /// at again before the clock moves on.
    swipers_stale: Option<u64>,
    /// Pages whose first frame the logic side was told of.
    rendered: HashSet<u32>,
    frame: Option<Rc<Frame>>,
    /// The screen changed since [`View::take_repaint`] last said so.
    repaint: bool,
    /// The input or textarea that has the keyboard.
    focus: Option<NodeId>,
    /// The node the finger went down on.
    touched: Option<NodeId>,
    /// Where wx.pageScrollTo asked the page to go, done once the frame is laid out.
    scroll_to: Option<f32>,
    outbox: Vec<ToLogic>,
    /// Each listening `<image>` and the `src` whose `load` or `error` it was told of.
    announced: HashMap<NodeId, String>,
    /// The last pixels painted and what they were painted from: a frame whose display list,
    /// chrome and images are the same is not painted again.
    painted: Option<(Painted, Pixmap)>,
    paints: u64,
}

/// What a frame's pixels depend on.
#[derive(PartialEq)]
struct Painted {
    items: Vec<crate::paint::Item>,
    chrome: Chrome,
    device: Device,
    /// The page's folder (relative image sources) and how many images had arrived.
    images: (String, u64),
}

impl View {
    pub fn new(device: Device) -> View {
        View {
            tree: ViewTree::new(),
            styles: Styles::default(),
            styler: Default::default(),
            layouter: Layouter::new(Metrics::Font),
            device,
            app: AppConfig::default(),
            stack: Vec::new(),
            now: 0,
            images: Resources::default(),
            swipers: Swipers::default(),
            swipers_stale: Some(0),
            rendered: HashSet::new(),
            frame: None,
            repaint: true,
            focus: None,
            touched: None,
            scroll_to: None,
            announced: HashMap::new(),
            outbox: Vec::new(),
            painted: None,
            paints: 0,
        }
    }

    /// Applies one message from the logic side.
    pub fn apply(&mut self, msg: &ToView) {
        match msg {
            ToView::App(config) => self.app = config.clone(),
            ToView::Styles(config) => {
                self.styles = styles_from(config);
                self.styler.reset();
                self.invalidate();
            }
            ToView::Clock { now } => {
                self.refresh_swipers();
                let overlay = self.overlay();
                self.now = *now;
                self.turn_swipers();
                // A toast that went away.
                self.repaint |= self.overlay() != overlay;
            }
            ToView::Resource { src, data } => {
                self.images.arrived(src, data.as_deref());
                // A widthFix or heightFix image takes the picture's proportions: the page is
                // laid out again (pictures come a few at a time, not every frame).
                self.layouter.reset();
                self.invalidate();
            }
            ToView::Batch { id, ops } => {
                let swipers = self.touches_swipers(ops);
                self.tree.apply(msg);
                for message in std::mem::take(&mut self.tree.failures) {
                    self.outbox.push(ToLogic::ViewError { message });
                }
                if swipers {
                    self.tree_changed();
                } else {
                    self.invalidate();
                }
                if *id != 0 {
                    self.outbox.push(ToLogic::Applied { id: *id });
                }
            }
            ToView::Stack { pages } => {
                self.stack = pages.clone();
                self.tree.apply(msg);
                self.tree_changed();
            }
            ToView::Ui { api, args } if api == "pageScrollTo" => {
                // Scrolling is the view's; the animation is not drawn, the page lands.
                self.scroll_to = args["scrollTop"].as_f64().map(|t| t as f32);
            }
            ToView::Ui { .. } => {
                self.tree.apply(msg);
                self.repaint = true;
            }
            ToView::Query(_) => self.tree.apply(msg),
            ToView::PageCreated { .. }
            | ToView::PageDestroyed { .. }
            | ToView::ShadowRoot { .. } => {
                self.tree.apply(msg);
                self.tree_changed();
            }
        }
    }

    /// The cached frame is stale: the screen must be painted again.
    fn invalidate(&mut self) {
        self.frame = None;
        self.repaint = true;
    }

    /// Whether the screen changed since the last call (a live window paints only then).
    pub fn take_repaint(&mut self) -> bool {
        std::mem::take(&mut self.repaint)
    }

    /// The cached frame is stale, and so may the set of autoplaying swipers be.
    fn tree_changed(&mut self) {
        self.invalidate();
        self.swipers_stale.get_or_insert(self.now);
    }

    /// Whether a batch (before it is applied) can change which swipers play and how: it makes
    /// or changes a swiper or a swiper item, or removes nodes while some swiper plays. Any
    /// other batch leaves them be, so a page without swipers is not composed twice a frame.
    fn touches_swipers(&self, ops: &[TreeOp]) -> bool {
        let swiperish = |tag: &str| tag == "swiper" || tag == "swiper-item";
        ops.iter().any(|op| match op {
            TreeOp::CreateElement { tag, .. } => swiperish(tag),
            TreeOp::SetAttr { id, .. } | TreeOp::Move { id, .. } => {
                self.tree.node(*id).is_some_and(|n| swiperish(&n.tag))
            }
            TreeOp::Remove { .. } => !self.swipers.playing.is_empty(),
            TreeOp::CreateText { .. } | TreeOp::SetText { .. } => false,
        })
    }

    /// The end of a run of messages (one frame on the phone): pages drawn for the first
    /// time say so, and selector queries are answered from the layout.
    pub fn commit(&mut self) {
        let mut fresh: Vec<u32> = self
            .tree
            .page_ids()
            .filter(|p| !self.rendered.contains(p))
            .collect();
        fresh.sort_unstable();
        for page in fresh {
            self.rendered.insert(page);
            self.outbox.push(ToLogic::FirstRender { page });
        }
        if let Some(top) = self.scroll_to.take() {
            self.scroll_page(top);
        }
        if !self.tree.queries.is_empty() {
            let queries = std::mem::take(&mut self.tree.queries);
            for q in &queries {
                let answer = mpsim_bridge::QueryAnswer {
                    id: q.id,
                    ..self.measure(&q.nodes, &q.styles)
                };
                self.outbox.push(ToLogic::Query(answer));
            }
        }
    }

    /// The messages for the logic side produced since the last call, in order.
    pub fn take_outbox(&mut self) -> Vec<ToLogic> {
        std::mem::take(&mut self.outbox)
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The node tree as the messages built it.
    pub fn tree(&self) -> &ViewTree {
        &self.tree
    }

    /// The logic side's clock as last heard (virtual ms).
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The route of the page on screen.
    pub fn current_route(&self) -> String {
        self.tree
            .current_page()
            .and_then(|p| self.tree.page(p))
            .map(|p| p.route.clone())
            .unwrap_or_default()
    }

    /// The page stack as URLs (`pages/detail/detail?id=p1`), bottom first.
    pub fn page_stack_urls(&self) -> Vec<String> {
        self.stack.iter().map(|e| e.url.clone()).collect()
    }

    /// The user does something to the screen.
    pub fn input(&mut self, input: Input) {
        match input {
            Input::Tap { x, y } => {
                let hit = self.node_at(x, y);
                self.tap_at(x, y);
                // A tap on an input or textarea gives it the keyboard.
                self.focus = hit.filter(|n| matches!(self.tag_of(*n), Some("input" | "textarea")));
                if let Some(node) = self.focus {
                    let value = self.value_of(node);
                    self.event(node, "focus", json!({ "value": value }));
                }
            }
            Input::LongPress { x, y } => {
                self.touch_at(x, y, "longpress");
            }
            Input::TouchStart { x, y } => self.touched = self.touch_at(x, y, "touchstart"),
            Input::TouchMove { x, y } => self.touch_moved("touchmove", x, y),
            Input::TouchEnd { x, y } => self.touch_moved("touchend", x, y),
            Input::Wheel { x, y, dy } => self.scroll_at(x, y, dy),
            Input::PullDown => {
                let _ = self.pull_down_refresh();
            }
            Input::Text(t) => {
                if let Some(node) = self.focus {
                    let value = self.value_of(node) + &t;
                    self.type_into(node, &value);
                }
            }
            Input::Erase => {
                if let Some(node) = self.focus {
                    let mut value = self.value_of(node);
                    value.pop();
                    self.type_into(node, &value);
                }
            }
            Input::Back => self.outbox.push(ToLogic::Back),
            Input::Rotate => self.rotate(),
        }
    }

    /// touchmove / touchend go to the node the touch started on.
    fn touch_moved(&mut self, name: &str, x: f32, y: f32) {
        if let Some(node) = self.touched {
            self.event(node, name, json!({ "x": x, "y": y }));
        }
    }

    /// An event on `node` (a scripted tap, a built-in component's change), with its targets'
    /// offsets from the layout and no touches.
    pub fn event(&mut self, node: NodeId, name: &str, detail: Value) {
        let offsets = self.offsets(node);
        self.outbox.push(ToLogic::Event(EventMessage {
            offsets,
            ..EventMessage::new(node, name, detail)
        }));
    }

    /// A touch event (`touchstart`, `tap`...) on `node` from a driver that names the node,
    /// not a point (an automation client): with the driver's touches, or else one touch at
    /// the middle of the node's box.
    pub fn touch_node(&mut self, node: NodeId, name: &str, touches: Vec<Touch>) {
        let touches = if touches.is_empty() {
            let b = self.measure(&[node], &[]).boxes.pop().flatten();
            let (x, y) = b.map_or((0.0, 0.0), |b| {
                (b.left + b.width / 2.0, b.top + b.height / 2.0)
            });
            let page_y = y + self.page_scroll() as f64;
            vec![Touch {
                identifier: 0,
                page_x: x,
                page_y,
                client_x: x,
                client_y: y,
            }]
        } else {
            touches
        };
        let detail = json!({"x": touches[0].page_x, "y": touches[0].page_y});
        let offsets = self.offsets(node);
        self.outbox.push(ToLogic::Event(EventMessage {
            touches,
            timestamp: self.now,
            offsets,
            ..EventMessage::new(node, name, detail)
        }));
    }

    /// The boxes of `nodes` as a selector query would answer them (viewport-relative, with
    /// the computed values of `styles`), and the page's viewport.
    pub fn measure(&mut self, nodes: &[NodeId], styles: &[String]) -> mpsim_bridge::QueryAnswer {
        let frame = self.frame();
        let viewport = self.viewport();
        let request = mpsim_bridge::QueryRequest {
            id: 0,
            nodes: nodes.to_vec(),
            styles: styles.to_vec(),
        };
        let layout = frame.as_ref().and_then(|f| f.layout.as_ref());
        let scroll = frame.as_ref().map(|f| f.scroll).unwrap_or(0.0);
        let none = crate::style::PageStyles::default();
        let own = frame.as_ref().map_or(&none, |f| &f.styles);
        crate::query::answer(layout, &request, viewport, scroll, own)
    }

    /// Text typed into the input or textarea `node`.
    pub fn type_into(&mut self, node: NodeId, value: &str) {
        self.outbox.push(ToLogic::Input {
            node,
            value: value.to_string(),
        });
    }

    /// The user taps tabBar item `index`.
    pub fn tab(&mut self, index: usize) -> Result<(), String> {
        let has = self
            .app
            .tab_bar
            .as_ref()
            .is_some_and(|t| index < t.list.len());
        if !has {
            return Err(format!("the app has no tab {index}"));
        }
        self.outbox.push(ToLogic::TabTap { index });
        Ok(())
    }

    /// The user pulls the page down: the page gets onPullDownRefresh when its json (or the
    /// app window) sets `enablePullDownRefresh`.
    pub fn pull_down_refresh(&mut self) -> Result<(), String> {
        let page = self.tree.current_page().ok_or("no page is on screen")?;
        let enabled = self
            .window_value("enablePullDownRefresh")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !enabled {
            return Err(
                "the page does not enable pull-down refresh (enablePullDownRefresh)".into(),
            );
        }
        self.outbox.push(ToLogic::PullDownRefresh { page });
        Ok(())
    }

    /// The user answers the modal on screen.
    pub fn answer_modal(&mut self, confirm: bool) -> Result<(), String> {
        if !matches!(self.overlay(), Some(Overlay::Modal { .. })) {
            return Err("no modal is waiting for an answer".into());
        }
        self.answer_ui(
            "showModal",
            json!({ "confirm": confirm, "cancel": !confirm }),
        );
        Ok(())
    }

    /// The user picks row `index` of the action sheet on screen, or cancels it (`None`).
    pub fn answer_action_sheet(&mut self, index: Option<u64>) -> Result<(), String> {
        if !matches!(self.overlay(), Some(Overlay::ActionSheet { .. })) {
            return Err("no action sheet is waiting for an answer".into());
        }
        let answer = match index {
            Some(i) => json!({ "tapIndex": i }),
            None => json!({ "fail": "cancel" }),
        };
        self.answer_ui("showActionSheet", answer);
        Ok(())
    }

    fn answer_ui(&mut self, api: &str, answer: Value) {
        self.outbox.push(ToLogic::UiAnswer {
            api: api.to_string(),
            answer,
        });
    }

    /// Turns the phone: width and height swap, and the app gets onResize.
    pub fn rotate(&mut self) {
        let d = &mut self.device;
        std::mem::swap(&mut d.width, &mut d.height);
        let (width, height) = (d.width as u32, d.height as u32);
        self.invalidate();
        self.outbox.push(ToLogic::Resize { width, height });
    }

    /// When the next autoplaying swiper turns (virtual ms), if one plays.
    pub fn next_turn(&mut self) -> Option<u64> {
        self.refresh_swipers();
        self.swipers.next().map(|(due, _)| due)
    }

    /// Turns every autoplaying swiper whose interval is up by the clock: it shows its next
    /// item and sends `change` with `source: "autoplay"`.
    pub fn turn_swipers(&mut self) {
        for _ in 0..1_000 {
            self.refresh_swipers();
            let now = self.now;
            let Some((due, id)) = self.swipers.next().filter(|(due, _)| *due <= now) else {
                return;
            };
            let Some(a) = self.swipers.playing.get_mut(&id) else {
                return;
            };
            a.current = (a.current + 1) % a.count.max(1);
            a.since = due;
            let current = a.current;
            let item = a.item_ids.get(current).cloned().unwrap_or_default();
            self.tree
                .swiper_current
                .insert(id, (a.attr.clone(), current));
            self.tree.touch(id);
            self.invalidate();
            self.event(
                id,
                "change",
                json!({"current": current, "currentItemId": item, "source": "autoplay"}),
            );
        }
    }

    /// Looks at the swipers again if the tree changed: new ones start counting from when
    /// they appeared, gone ones are forgotten, one whose `current` the app set restarts.
    fn refresh_swipers(&mut self) {
        let Some(at) = self.swipers_stale.take() else {
            return;
        };
        let view = &self.tree;
        let page = view.current_page().and_then(|p| compose_page(view, p));
        let attr = |id: NodeId| {
            view.node(id)
                .map(|n| n.attr_text("current"))
                .unwrap_or_default()
        };
        self.swipers.refresh(page.as_deref(), at, &attr);
        // Overrides of swipers the app moved since are stale.
        let stale: Vec<NodeId> = self
            .tree
            .swiper_current
            .iter()
            .filter(|(id, (a, _))| *a != attr(**id))
            .map(|(id, _)| *id)
            .collect();
        for id in stale {
            self.tree.swiper_current.remove(&id);
            self.tree.touch(id);
            self.invalidate();
        }
    }

    /// The window the page is laid out in: the screen below the navigation bar and above the
    /// native tabBar (the rule `wx.getSystemInfo` reports too).
    pub fn viewport(&self) -> Viewport {
        let d = &self.device;
        Viewport {
            width: d.width,
            height: self.bars().window_height(
                d.height as f64,
                d.status_bar as f64,
                d.safe_bottom as f64,
            ) as f32,
            rules: match self.skyline() {
                Some(_) => crate::layout::Rules::Skyline,
                None => crate::layout::Rules::WebView,
            },
        }
    }

    /// A field of the window config of the page on screen: its own json's, else app.json's.
    fn window_value(&self, key: &str) -> Option<&Value> {
        let page = self.tree.current_page().and_then(|p| self.tree.page(p));
        page.and_then(|p| p.window.get(key))
            .or_else(|| self.app.window.get(key))
    }

    /// How Skyline draws the page on screen; `None` when the WebView draws it.
    fn skyline(&self) -> Option<mpsim_bridge::Skyline> {
        let page = self.tree.current_page().and_then(|p| self.tree.page(p));
        page.and_then(|p| p.skyline)
    }

    /// Which native bars the page on screen has.
    fn bars(&self) -> Bars {
        let page = self.tree.current_page().and_then(|p| self.tree.page(p));
        let none = serde_json::Map::new();
        let window = page.map(|p| &p.window).unwrap_or(&none);
        Bars::of(&self.app, window, &self.current_route())
    }

    /// The page on screen, composed, styled and laid out (kept until something changes it).
    pub fn frame(&mut self) -> Option<Rc<Frame>> {
        if let Some(f) = &self.frame {
            return Some(f.clone());
        }
        let gone = self.tree.compose_cache().take_gone();
        for id in gone.iter().flatten() {
            self.announced.remove(id);
        }
        if gone.is_none() {
            self.styler.reset();
            self.layouter.reset();
        }
        let (mut styler, mut layouter) = (
            std::mem::take(&mut self.styler),
            std::mem::replace(&mut self.layouter, Layouter::new(Metrics::Font)),
        );
        let frame = self.make_frame(&mut styler, &mut layouter, &gone.unwrap_or_default());
        (self.styler, self.layouter) = (styler, layouter);
        let frame = Rc::new(frame?);
        self.frame = Some(frame.clone());
        Some(frame)
    }

    /// The page on screen styled and laid out from nothing, as a view that kept nothing from
    /// earlier frames would: what [`View::frame`] must equal (tests compare the two).
    pub fn fresh_frame(&mut self) -> Option<Frame> {
        let mut layouter = Layouter::new(Metrics::Font);
        self.make_frame(&mut Styler::default(), &mut layouter, &[])
    }

    /// Composes, styles and lays out the page on screen with `styler` and `layouter` (`gone`:
    /// the nodes removed since they last ran).
    fn make_frame(
        &self,
        styler: &mut Styler,
        layouter: &mut Layouter,
        gone: &[NodeId],
    ) -> Option<Frame> {
        let page = self.tree.current_page()?;
        let tree = compose_page(&self.tree, page)?;
        let bars = self.bars();
        let screen = Screen {
            width: self.device.width as f64,
            height: self.viewport().height as f64,
            dpr: self.device.dpr as f64,
            ios: self.device.ios,
            safe_top: if bars.custom_nav {
                self.device.status_bar as f64
            } else {
                0.0
            },
            safe_bottom: if bars.native_tab_bar {
                0.0
            } else {
                self.device.safe_bottom as f64
            },
        };
        let route = self.current_route();
        let view = &self.tree;
        let component = |c: u32| view.component(c);
        let styles = styler
            .style(
                &tree,
                &route,
                &self.styles,
                &component,
                crate::style::Media {
                    screen,
                    skyline: self.skyline(),
                },
                gone,
            )
            .clone();
        layouter.forget(gone);
        let layout = layouter.layout(
            &tree,
            &styles,
            self.viewport(),
            Some(styler.changed()),
            &self.images.sized_from(&route),
        );
        Some(Frame {
            tree,
            styles,
            layout,
            scroll: self.tree.page_scroll(),
        })
    }

    /// How many frames were painted: a render whose display list, chrome and images are those
    /// of the last paint takes its pixels instead.
    pub fn paints(&self) -> u64 {
        self.paints
    }

    /// The native chrome for the page on screen, from app.json's window and tabBar, the page's
    /// own json, and what the app set at run time (setNavigationBarTitle/Color).
    pub fn chrome(&mut self, page_background: Option<crate::css::Color>) -> Chrome {
        use crate::css::color;
        let tree = self.frame().map(|f| f.tree.clone());
        let Bars {
            custom_nav,
            native_tab_bar,
        } = self.bars();
        let route = self.current_route();
        let get = |k: &str| {
            self.window_value(k)
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
        for (api, args) in &self.tree.ui {
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
        let tab_bar = self
            .app
            .tab_bar
            .as_ref()
            .filter(|_| native_tab_bar)
            .map(|t| crate::render::TabBar {
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
                badges: vec![None; t.list.len()],
                red_dots: vec![false; t.list.len()],
            })
            .and_then(|tb| tab_bar_calls(tb, &self.tree.ui));
        Chrome {
            title,
            nav_background,
            nav_text,
            custom_nav,
            back: self.stack.len() > 1,
            page_background: page_background.unwrap_or([255, 255, 255, 255]),
            tab_bar,
            overlay: self.overlay(),
            clock: crate::status_bar::clock_text(self.now),
        }
    }

    /// The toast, loading, modal or action sheet on screen.
    fn overlay(&self) -> Option<Overlay> {
        Overlay::from_requests(self.tree.ui.iter().map(|(a, v)| (a.as_str(), v)), self.now)
    }

    /// The user taps the screen at (`x`, `y`): an overlay's buttons, the back button and
    /// the tabBar take their own taps, else the page node under the finger gets `tap`.
    /// Returns whether something took the tap.
    pub fn tap_at(&mut self, x: f32, y: f32) -> bool {
        let chrome = self.chrome(None);
        if let Some(hit) = chrome
            .overlay
            .as_ref()
            .and_then(|o| o.hit(&self.device, x, y))
        {
            let (api, answer) = match hit {
                OverlayHit::ModalConfirm => {
                    ("showModal", json!({"confirm": true, "cancel": false}))
                }
                OverlayHit::ModalCancel => ("showModal", json!({"confirm": false, "cancel": true})),
                OverlayHit::SheetItem(i) => ("showActionSheet", json!({ "tapIndex": i })),
                OverlayHit::SheetCancel => ("showActionSheet", json!({"fail": "cancel"})),
                OverlayHit::Mask => return false,
            };
            self.answer_ui(api, answer);
            return true;
        }
        let top = content_top(&chrome, &self.device);
        if chrome.back
            && !chrome.custom_nav
            && y >= self.device.status_bar
            && y < top
            && x < BACK_BUTTON_WIDTH
        {
            self.outbox.push(ToLogic::Back);
            return true;
        }
        if let Some(index) = self.tab_at(x, y) {
            return self.tab(index).is_ok();
        }
        self.touch_at(x, y, "tap").is_some()
    }

    /// The native tabBar item under screen point (`x`, `y`), if the tabBar is there.
    fn tab_at(&self, x: f32, y: f32) -> Option<usize> {
        let count = self.app.tab_bar.as_ref()?.list.len();
        let d = &self.device;
        (self.bars().native_tab_bar && y >= crate::render::tab_bar_top(d))
            .then(|| (x / (d.width / count.max(1) as f32)) as usize)
    }

    /// Where the page starts on screen (below the bars it has).
    fn page_top(&self) -> f32 {
        self.bars().window_top(self.device.status_bar as f64) as f32
    }

    /// A touch event (`tap`, `longpress`, `touchstart`...) at screen point (`x`, `y`) for the
    /// page node under the finger. Returns that node.
    pub fn touch_at(&mut self, x: f32, y: f32, event: &str) -> Option<NodeId> {
        let (node, layout) = self.hit(x, y)?;
        let scroll = self.tree.page_scroll();
        let (px, py) = (x as f64, (y - self.page_top() + scroll) as f64);
        let touch = Touch {
            identifier: 0,
            page_x: px,
            page_y: py,
            client_x: px,
            client_y: py,
        };
        self.outbox.push(ToLogic::Event(EventMessage {
            touches: vec![touch],
            timestamp: self.now,
            offsets: path_offsets(&layout, node),
            ..EventMessage::new(node, event, json!({"x": px, "y": py}))
        }));
        Some(node)
    }

    /// The page node under screen point (`x`, `y`) (not the bars, not the page itself).
    pub fn node_at(&mut self, x: f32, y: f32) -> Option<NodeId> {
        self.hit(x, y).map(|(node, _)| node)
    }

    /// [`View::node_at`] with the frame it was found in (one layout serves the hit test and
    /// the event's offsets).
    fn hit(&mut self, x: f32, y: f32) -> Option<(NodeId, Rc<Frame>)> {
        if self.tab_at(x, y).is_some() {
            return None;
        }
        let top = self.page_top();
        if y < top {
            return None;
        }
        let frame = self.frame()?;
        let layout = frame.layout.as_ref()?;
        let node = hit_test(layout, x, y - top, frame.scroll)?;
        (node != frame.tree.id).then_some((node, frame))
    }

    /// Where `node` and the boxes around it are in the page, for an event's offsets.
    fn offsets(&mut self, node: NodeId) -> Vec<(NodeId, f64, f64)> {
        self.frame()
            .map(|f| path_offsets(&f, node))
            .unwrap_or_default()
    }

    /// The tag of node `node` (`input`, `view`...).
    pub fn tag_of(&self, node: NodeId) -> Option<&str> {
        self.tree.node(node).map(|n| n.tag.as_str())
    }

    /// The current value of an input's `value` attribute.
    pub fn value_of(&self, node: NodeId) -> String {
        self.tree
            .node(node)
            .map(|n| n.attr_text("value"))
            .unwrap_or_default()
    }

    /// How far the page on screen is scrolled.
    pub fn page_scroll(&self) -> f32 {
        self.tree.page_scroll()
    }

    /// Puts the page back where a recording says the user had scrolled it (no messages).
    pub fn restore_page_scroll(&mut self, top: f32) {
        self.tree.set_page_scroll(top);
        self.invalidate();
    }

    /// Puts scroll-view `node` at (`left`, `top`) until the app sets its scroll attributes
    /// again (no messages).
    pub fn restore_scroll_view(&mut self, node: NodeId, left: f32, top: f32) {
        let view_node = self.tree.node(node);
        let attrs = SCROLL_ATTRS.map(|a| view_node.map(|n| n.attr_text(a)).unwrap_or_default());
        self.tree.scroll_views.insert(node, (attrs, (left, top)));
        self.tree.touch(node);
        self.invalidate();
    }

    /// The user scrolls the page to `top` (kept within its content): the view moves, the page
    /// gets onPageScroll, and onReachBottom when the bottom comes within the page's
    /// `onReachBottomDistance` (50px by default).
    pub fn scroll_page(&mut self, top: f32) {
        let viewport = self.viewport();
        let (Some(frame), Some(page)) = (self.frame(), self.tree.current_page()) else {
            return;
        };
        let content = frame.layout.as_ref().map(|l| l.h).unwrap_or(0.0);
        let max = (content - viewport.height).max(0.0);
        let top = top.clamp(0.0, max);
        let distance = self
            .window_value("onReachBottomDistance")
            .and_then(Value::as_f64)
            .unwrap_or(REACH_BOTTOM_DISTANCE) as f32;
        if top == frame.scroll {
            return;
        }
        let was_near = max - frame.scroll <= distance;
        self.tree.set_page_scroll(top);
        self.invalidate();
        self.outbox.push(ToLogic::Scroll {
            page,
            top: top as f64,
        });
        if !was_near && max - top <= distance {
            self.outbox.push(ToLogic::ReachBottom { page });
        }
    }

    /// The user scrolls whatever is under screen point (`x`, `y`) by `dy`: the innermost
    /// vertical scroll-view there, else the page.
    pub fn scroll_at(&mut self, x: f32, y: f32, dy: f32) {
        let top = self.page_top();
        let scroll = self.tree.page_scroll();
        let target = self.frame().and_then(|f| {
            fn find(b: &LBox, x: f32, y: f32) -> Option<(NodeId, f32, f32)> {
                if x < b.x || y < b.y || x >= b.x + b.w || y >= b.y + b.h {
                    return None;
                }
                let (sx, sy) = scroll_offset(b);
                let inner = b
                    .children
                    .iter()
                    .rev()
                    .find_map(|c| find(c, x + sx, y + sy));
                inner.or_else(|| {
                    b.scroller()
                        .is_some_and(|s| s.top.is_some())
                        .then_some((b.id, sx, sy))
                })
            }
            find(f.layout.as_ref()?, x, y - top + scroll)
        });
        match target {
            Some((node, left, top_now)) => {
                let _ = self.scroll_view(node, left, top_now + dy);
            }
            None => self.scroll_page(scroll + dy),
        }
    }

    /// The user scrolls scroll-view `node` to (`left`, `top`), kept within its content: it
    /// fires `scroll`, then `scrolltolower` / `scrolltoupper` when an end comes within its
    /// `lower-threshold` / `upper-threshold` (50px by default).
    pub fn scroll_view(&mut self, node: NodeId, left: f32, top: f32) -> Result<(), String> {
        let frame = self.frame().ok_or("no page is on screen")?;
        let b = frame
            .layout
            .as_ref()
            .and_then(|l| find_box(l, node))
            .filter(|b| b.tag == "scroll-view")
            .ok_or("is not a scroll-view on screen")?;
        let scroller = b.scroller().ok_or("is not a scroll-view on screen")?;
        let (scroll_w, scroll_h) = (scroller.width, scroller.height);
        let (old_x, old_y) = scroll_offset(b);
        let x = match scroller.left {
            Some(_) => left.clamp(0.0, (scroll_w - b.w).max(0.0)),
            None => 0.0,
        };
        let y = match scroller.top {
            Some(_) => top.clamp(0.0, (scroll_h - b.h).max(0.0)),
            None => 0.0,
        };
        if (x, y) == (old_x, old_y) {
            return Ok(());
        }
        let (w, h) = (b.w, b.h);
        let view_node = self.tree.node(node);
        let threshold = |k: &str| {
            view_node
                .and_then(|n| n.attr_text(k).parse::<f32>().ok())
                .unwrap_or(50.0)
        };
        let (lower, upper) = (threshold("lower-threshold"), threshold("upper-threshold"));
        self.restore_scroll_view(node, x, y);
        self.event(
            node,
            "scroll",
            json!({"scrollLeft": x, "scrollTop": y, "scrollWidth": scroll_w,
                "scrollHeight": scroll_h, "deltaX": old_x - x, "deltaY": old_y - y}),
        );
        let near_end = |pos: f32, size: f32, extent: f32| extent - (pos + size) <= lower;
        if y > old_y && near_end(y, h, scroll_h) && !near_end(old_y, h, scroll_h)
            || x > old_x && near_end(x, w, scroll_w) && !near_end(old_x, w, scroll_w)
        {
            let direction = if y > old_y { "bottom" } else { "right" };
            self.event(node, "scrolltolower", json!({ "direction": direction }));
        }
        if y < old_y && y <= upper && old_y > upper || x < old_x && x <= upper && old_x > upper {
            let direction = if y < old_y { "top" } else { "left" };
            self.event(node, "scrolltoupper", json!({ "direction": direction }));
        }
        Ok(())
    }

    /// The page on screen, laid out and painted for the device: the pixels of the phone's
    /// screen, `device.dpr` per CSS pixel. Images the view has not got yet are asked for
    /// ([`ToLogic::Resource`]) and show as placeholders until they come.
    pub fn render(&mut self) -> Result<Pixmap, String> {
        let (frame, key) = self.frame_to_paint()?;
        if let Some((last, pixmap)) = &self.painted
            && *last == key
        {
            return Ok(pixmap.clone());
        }
        let pixmap =
            crate::render::paint_frame(&key.items, &key.chrome, &self.device, &self.images)
                .ok_or_else(|| "the frame could not be allocated".to_string())?;
        self.paints += 1;
        // A frame still waiting for images is painted again when they come.
        if self.images.missing.borrow().is_empty() {
            self.painted = Some((key, pixmap.clone()));
        }
        for src in self.images.take_missing() {
            self.outbox.push(ToLogic::Resource { src });
        }
        self.announce_images(&frame.tree);
        Ok(pixmap)
    }

    /// The frame on screen and what painting it takes: its display list, chrome and images.
    fn frame_to_paint(&mut self) -> Result<(Rc<Frame>, Painted), String> {
        let frame = self.frame().ok_or("no page is on screen")?;
        let page_bg = frame
            .styles
            .get(&frame.tree.id)
            .and_then(|s| s.get("background-color").or_else(|| s.get("background")))
            .and_then(|v| crate::css::first_color(v));
        let chrome = self.chrome(page_bg);
        let route = self.current_route();
        self.images.page_dir = mpsim_base::vpath::parent(&route).to_string();
        let items =
            crate::render::frame_items(frame.layout.as_ref(), frame.scroll, &chrome, &self.device);
        let key = Painted {
            items,
            chrome,
            device: self.device.clone(),
            images: (self.images.page_dir.clone(), self.images.arrivals),
        };
        Ok((frame, key))
    }

    /// Asks the logic side for the pictures the frame on screen draws and the view has not
    /// asked for, without painting. A headless render calls it until it asks for nothing,
    /// then paints once, instead of painting placeholders it throws away. Returns whether it
    /// asked.
    pub fn ask_for_images(&mut self) -> bool {
        let Ok((_, key)) = self.frame_to_paint() else {
            return false;
        };
        for src in crate::render::images_of(&key.items, &key.chrome) {
            if !src.starts_with("canvas://") {
                crate::paint::Images::get(&self.images, &src);
            }
        }
        let missing = self.images.take_missing();
        let asked = !missing.is_empty();
        for src in missing {
            self.outbox.push(ToLogic::Resource { src });
        }
        asked
    }

    /// Fires `load` (`{width, height}`, the picture's own size) or `error` (`{errMsg}`) on
    /// each `<image>` that listens for it, once its picture has come or failed, and again
    /// when its `src` changes, as the phone's image component does.
    fn announce_images(&mut self, tree: &Composed) {
        let mut due = Vec::new();
        let mut stack = vec![tree];
        while let Some(c) = stack.pop() {
            // In document order: the first image first.
            stack.extend(c.children.iter().rev().map(|k| &**k));
            if c.tag != "image" || !listens(c, &["load", "error"]) {
                continue;
            }
            let src = c.attr_text("src");
            if self.announced.get(&c.id) == Some(&src) {
                continue;
            }
            let Some(key) = self.images.resolve(&src) else {
                continue;
            };
            let Some(got) = self.images.got.get(&key) else {
                continue;
            };
            let event = match (got, self.images.natural.get(&key)) {
                (Some(_), Some((w, h))) => ("load", json!({ "width": w, "height": h })),
                _ => (
                    "error",
                    json!({ "errMsg": format!("GET {src} 404 (Not Found)") }),
                ),
            };
            self.announced.insert(c.id, src);
            due.push((c.id, event));
        }
        for (node, (name, detail)) in due {
            self.event(node, name, detail);
        }
    }
}

/// Whether a composed node binds any of `events`.
fn listens(c: &Composed, events: &[&str]) -> bool {
    c.attrs
        .iter()
        .any(|(k, _)| matches!(k, mpsim_wxml::program::AttrKey::Event { name, .. } if events.contains(&name.as_str())))
}

/// The tabBar after the app's `wx.setTabBarItem`, `setTabBarStyle`, `setTabBarBadge`,
/// `removeTabBarBadge`, `showTabBarRedDot`, `hideTabBarRedDot`, `hideTabBar` and
/// `showTabBar` calls, in order; `None` while it is hidden.
fn tab_bar_calls(
    mut tb: crate::render::TabBar,
    calls: &[(String, Value)],
) -> Option<crate::render::TabBar> {
    use crate::css::color;
    let mut shown = true;
    for (api, args) in calls {
        let index = args["index"].as_u64().map(|i| i as usize);
        let text = |k: &str| args[k].as_str().map(str::to_string);
        match (api.as_str(), index) {
            ("setTabBarItem", Some(i)) if i < tb.items.len() => {
                if let Some(t) = text("text") {
                    tb.items[i] = t;
                }
                let (plain, chosen) = &mut tb.icons[i];
                if let Some(p) = text("iconPath") {
                    *plain = Some(p);
                }
                if let Some(p) = text("selectedIconPath") {
                    *chosen = Some(p);
                }
            }
            ("setTabBarBadge", Some(i)) if i < tb.badges.len() => tb.badges[i] = text("text"),
            ("removeTabBarBadge", Some(i)) if i < tb.badges.len() => tb.badges[i] = None,
            ("showTabBarRedDot", Some(i)) if i < tb.red_dots.len() => tb.red_dots[i] = true,
            ("hideTabBarRedDot", Some(i)) if i < tb.red_dots.len() => tb.red_dots[i] = false,
            ("setTabBarStyle", _) => {
                let c = |k: &str| args[k].as_str().and_then(color);
                tb.color = c("color").unwrap_or(tb.color);
                tb.selected_color = c("selectedColor").unwrap_or(tb.selected_color);
                tb.background = c("backgroundColor").unwrap_or(tb.background);
            }
            ("hideTabBar", _) => shown = false,
            ("showTabBar", _) => shown = true,
            _ => {}
        }
    }
    shown.then_some(tb)
}

/// The view's stylesheets from the package's.
fn styles_from(config: &StyleConfig) -> Styles {
    Styles {
        app: config.app.clone().map(Arc::new),
        sheets: config
            .sheets
            .iter()
            .map(|(k, v)| (k.clone(), Arc::new(v.clone())))
            .collect(),
        isolation: config
            .isolation
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
    }
}

/// The page positions of `node` and the boxes around it, target first, for event offsets.
fn path_offsets(frame: &Frame, node: NodeId) -> Vec<(NodeId, f64, f64)> {
    fn walk(b: &LBox, node: NodeId, out: &mut Vec<(NodeId, f64, f64)>) -> bool {
        let here = b.id == node && !b.is_paragraph();
        if here || b.children.iter().any(|c| walk(c, node, out)) {
            if !out.iter().any(|(id, _, _)| *id == b.id) {
                out.push((b.id, b.x as f64, b.y as f64));
            }
            return true;
        }
        false
    }
    let mut out = Vec::new();
    if let Some(layout) = &frame.layout {
        walk(layout, node, &mut out);
    }
    out
}

/// Images the view got from the logic side, by source as the view resolved it (a package
/// path, a temp file, a URL), and the ones a paint wanted that have not come yet.
#[derive(Default)]
struct Resources {
    /// The folder of the page on screen: relative sources start there.
    page_dir: String,
    got: HashMap<String, Option<Arc<Pixmap>>>,
    /// Each picture's own size in pixels (an SVG's as it declares, not as it was drawn).
    natural: HashMap<String, (f32, f32)>,
    /// How many images have arrived (paint caches compare it).
    arrivals: u64,
    asked: HashSet<String>,
    missing: RefCell<BTreeSet<String>>,
}

impl Resources {
    /// Where `src` comes from: temp files and URLs as they are, package paths from the app
    /// root (absolute) or the page's folder (relative).
    fn resolve(&self, src: &str) -> Option<String> {
        if src.is_empty() || src.starts_with("data:") {
            return None;
        }
        if src.contains("://") {
            return Some(src.to_string());
        }
        if src.starts_with('/') {
            mpsim_base::vpath::normalize(src)
        } else {
            mpsim_base::vpath::join(&self.page_dir, src)
        }
    }

    fn arrived(&mut self, src: &str, data: Option<&str>) {
        let bytes = data.and_then(mpsim_bridge::decode_bytes);
        let img = (bytes.as_deref())
            .and_then(mpsim_paint::decode_picture)
            .map(Arc::new);
        let natural = match (&img, bytes.as_deref().and_then(mpsim_paint::svg_size)) {
            (Some(_), Some((w, h))) => Some((w as f32, h as f32)),
            (Some(pm), None) => Some((pm.width() as f32, pm.height() as f32)),
            (None, _) => None,
        };
        match natural {
            Some(n) => self.natural.insert(src.to_string(), n),
            None => self.natural.remove(src),
        };
        self.got.insert(src.to_string(), img);
        self.arrivals += 1;
    }

    /// The sources paints wanted that were never asked for.
    fn take_missing(&mut self) -> Vec<String> {
        let missing = std::mem::take(&mut *self.missing.borrow_mut());
        missing
            .into_iter()
            .filter(|s| self.asked.insert(s.clone()))
            .collect()
    }

    /// The pictures' sizes as a page at `route` names them.
    fn sized_from<'a>(&'a self, route: &str) -> PageImages<'a> {
        PageImages {
            resources: self,
            page_dir: mpsim_base::vpath::parent(route).to_string(),
        }
    }
}

/// [`Resources`] seen from one page's folder, for the layout.
struct PageImages<'a> {
    resources: &'a Resources,
    page_dir: String,
}

impl crate::layout::ImageSizes for PageImages<'_> {
    fn natural(&self, src: &str) -> Option<(f32, f32)> {
        let key = if src.starts_with('/') || src.contains("://") {
            self.resources.resolve(src)?
        } else if src.is_empty() || src.starts_with("data:") {
            return None;
        } else {
            mpsim_base::vpath::join(&self.page_dir, src)?
        };
        self.resources.natural.get(&key).copied()
    }
}

impl crate::paint::Images for Resources {
    fn get(&self, src: &str) -> Option<Arc<Pixmap>> {
        let key = self.resolve(src)?;
        match self.got.get(&key) {
            Some(img) => img.clone(),
            None => {
                self.missing.borrow_mut().insert(key);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_wxml::{NodeId, TreeOp};

    #[test]
    fn a_tree_operation_that_fails_is_reported_to_the_logic_side() {
        let mut view = View::new(Device::parse("iphone6").expect("a preset"));
        let bad = TreeOp::Remove { id: 404 };
        view.apply(&ToView::Batch {
            id: 7,
            ops: vec![bad],
        });
        let out = view.take_outbox();
        assert!(
            matches!(&out[0], ToLogic::ViewError { message } if message.contains("Remove { id: 404 }") && message.contains("unknown node 404")),
            "{out:?}"
        );
        // The batch still counts as applied: the app's callbacks are not left waiting.
        assert!(matches!(out[1], ToLogic::Applied { id: 7 }), "{out:?}");
    }

    /// A page of 100 lines, line `i` the text node `11 + 2i`.
    fn lines_page() -> View {
        let mut view = View::new(Device::parse("iphone6").expect("a preset"));
        view.apply(&ToView::PageCreated {
            page: 1,
            root: 1,
            route: "p/i".into(),
            window: Default::default(),
            skyline: None,
        });
        view.apply(&ToView::Stack {
            pages: vec![mpsim_bridge::StackEntry {
                page: 1,
                url: "p/i".into(),
            }],
        });
        let mut ops = Vec::new();
        for i in 0..100 {
            ops.push(TreeOp::CreateElement {
                id: 10 + 2 * i,
                parent: 1,
                before: None,
                tag: "view".into(),
                attrs: Vec::new(),
            });
            ops.push(TreeOp::CreateText {
                id: 11 + 2 * i,
                parent: 10 + 2 * i,
                before: None,
                text: format!("line {i}"),
            });
        }
        view.apply(&ToView::Batch { id: 0, ops });
        view
    }

    fn set_text(view: &mut View, id: NodeId, text: &str) {
        let ops = vec![TreeOp::SetText {
            id,
            text: text.into(),
        }];
        view.apply(&ToView::Batch { id: 0, ops });
    }

    #[test]
    fn a_width_fix_image_takes_its_pictures_proportions_and_hears_load() {
        use mpsim_wxml::program::{AttrKey, EventKind};
        let mut view = lines_page();
        let attr = |k: &str, v: &str| (AttrKey::Attr(k.into()), json!(v));
        let load = AttrKey::Event {
            kind: EventKind::Bind,
            name: "load".into(),
        };
        let ops = vec![TreeOp::CreateElement {
            id: 500,
            parent: 1,
            before: Some(10),
            tag: "image".into(),
            attrs: vec![
                attr("src", "/a.png"),
                attr("mode", "widthFix"),
                (load, json!("onLoad")),
            ],
        }];
        view.apply(&ToView::Batch { id: 0, ops });
        // An image is inline-block: it sits in the anonymous line box before the first line.
        let image_box = |view: &mut View| {
            let frame = view.frame().expect("a frame");
            let line = &frame.layout.as_ref().expect("a layout").children[0];
            assert_eq!(line.tag, "#line");
            let b = &line.children[0];
            (b.id, b.w, b.h)
        };
        // Until the picture comes the box has the default size, and nothing is announced.
        view.render().expect("renders");
        let asked = view.take_outbox();
        assert!(
            asked
                .iter()
                .any(|m| matches!(m, ToLogic::Resource { src } if src == "a.png")),
            "{asked:?}"
        );
        assert_eq!(image_box(&mut view), (500, 320.0, 240.0));
        let png = Pixmap::new(40, 10)
            .expect("a pixmap")
            .encode_png()
            .expect("png");
        view.apply(&ToView::Resource {
            src: "a.png".into(),
            data: Some(mpsim_bridge::encode_bytes(&png)),
        });
        assert_eq!(image_box(&mut view), (500, 320.0, 80.0));
        view.render().expect("renders");
        let told = view.take_outbox();
        assert!(
            told.iter().any(|m| matches!(m, ToLogic::Event(e) if e.node == 500 && e.event == "load" && e.detail == json!({"width": 40.0, "height": 10.0}))),
            "{told:?}"
        );
        // Once only, until the source changes.
        view.render().expect("renders");
        assert!(view.take_outbox().is_empty());
    }

    /// A headless render asks for the page's pictures before it paints, once each, and then
    /// paints the page with them the first time.
    #[test]
    fn pictures_are_asked_for_before_the_first_paint() {
        use mpsim_wxml::program::AttrKey;
        let mut view = lines_page();
        let ops = vec![TreeOp::CreateElement {
            id: 500,
            parent: 1,
            before: Some(10),
            tag: "image".into(),
            attrs: vec![(AttrKey::Attr("src".into()), json!("/a.png"))],
        }];
        view.apply(&ToView::Batch { id: 0, ops });
        assert!(view.ask_for_images());
        let asked = view.take_outbox();
        assert!(
            matches!(asked.as_slice(), [ToLogic::Resource { src }] if src == "a.png"),
            "{asked:?}"
        );
        // Asked once: a second look finds nothing new to ask for, and nothing was painted.
        assert!(!view.ask_for_images());
        assert_eq!(view.paints(), 0);
        let mut red = Pixmap::new(4, 4).expect("a pixmap");
        red.fill(tiny_skia::Color::from_rgba8(255, 0, 0, 255));
        view.apply(&ToView::Resource {
            src: "a.png".into(),
            data: Some(mpsim_bridge::encode_bytes(&red.encode_png().expect("png"))),
        });
        let pixels = view.render().expect("renders");
        assert_eq!(view.paints(), 1);
        let frame = view.frame().expect("a frame");
        let line = &frame.layout.as_ref().expect("a layout").children[0];
        let image = &line.children[0];
        let dpr = view.device.dpr;
        let top = crate::render::content_top(&view.chrome(None), &view.device);
        let at = |x: f32, y: f32| pixels.pixel((x * dpr) as u32, ((y + top) * dpr) as u32);
        let middle = at(image.x + image.w / 2.0, image.y + image.h / 2.0);
        assert_eq!(
            middle.map(|p| (p.red(), p.green(), p.blue())),
            Some((255, 0, 0))
        );
    }

    #[test]
    fn a_change_off_the_screen_is_not_painted_again() {
        let mut view = lines_page();
        let first = view.render().expect("renders");
        assert_eq!(view.paints(), 1);
        set_text(&mut view, 11 + 2 * 99, "changed, far below the screen");
        let second = view.render().expect("renders");
        assert_eq!(view.paints(), 1, "the same display list: the same pixels");
        assert_eq!(first.data(), second.data());
        set_text(&mut view, 11, "changed, on the screen");
        let third = view.render().expect("renders");
        assert_eq!(view.paints(), 2);
        assert_ne!(first.data(), third.data());
    }
}
