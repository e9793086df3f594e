//! The app live, on two threads as on the phone: the logic side (the app service, its JS
//! engine and virtual clock following the wall clock) on a thread named `mpsim-logic`, the
//! view side (tree, styles, layout, paint, input) on the thread that calls [`run`], joined
//! only by the threaded bridge transport. `mpsim preview` calls [`run`] on a thread named
//! `mpsim-view` and shows the frames in its window on the main thread.
//!
//! A handler stuck in JS holds up only the logic thread: the view goes on scrolling, hit
//! testing and painting, and the messages wait in the channel until the logic side takes
//! them. Files changing relaunch the logic side at the same page stack with a fresh view.

use crate::compile::{CompileCache, CompiledProject, compile_project_with};
use mpsim_base::{DiskVfs, Vfs};
use mpsim_bridge::ToLogic;
use mpsim_bridge::threaded::{LogicEnd, ViewEnd, pair};
use mpsim_logic::{AppService, LaunchOptions, StorageBackend};
use mpsim_view::render::Device;
use mpsim_view::{Input, View};
use serde_json::Value;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The logic thread's name.
pub const LOGIC_THREAD: &str = "mpsim-logic";
/// The name `mpsim preview` gives the view thread.
pub const VIEW_THREAD: &str = "mpsim-view";

/// What the window asks of the view thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// What the user did to the screen.
    Input(Input),
    /// Send the app to the background, or bring it back.
    ToggleBackground,
    /// The next device preset (the app relaunches on it).
    NextDevice,
    /// Files under the app folder changed (or the user asked): relaunch at the same pages.
    Reload,
    Quit,
}

/// A finished frame: RGBA pixels (premultiplied, as painted) and an error to show over it.
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    pub error: Option<String>,
    /// How far the page is scrolled in this frame (CSS pixels).
    pub page_scroll: f32,
}

/// What the threads need to start.
#[derive(Debug, Clone)]
pub struct Setup {
    pub dir: PathBuf,
    pub page: Option<String>,
    pub device: Device,
    /// A mock rules file for the network.
    pub network: Option<PathBuf>,
    /// Where wx storage is kept between runs (and reloads); in memory when `None`.
    pub data_dir: Option<PathBuf>,
    /// Print the app's console lines and errors, and what the session does, on the terminal.
    pub echo: bool,
}

const PRESETS: [&str; 4] = ["iphone6", "iphonex", "iphone7plus", "android"];
/// How often the view thread looks for messages when the window is quiet.
const POLL: Duration = Duration::from_millis(4);
/// The logic thread's clock steps when nothing else wakes it.
const TICK: Duration = Duration::from_millis(16);

/// wx storage kept in memory for the whole session, so that it survives reloads as it does
/// in the IDE (with `--data-dir` it is kept on disk instead). Shared between the logic
/// threads of successive reloads.
#[derive(Clone, Default)]
struct SessionStorage(Arc<Mutex<Option<String>>>);

impl StorageBackend for SessionStorage {
    fn load(&self) -> Option<String> {
        self.0.lock().ok()?.clone()
    }

    fn save(&self, json: &str) -> Result<(), String> {
        let mut held = self
            .0
            .lock()
            .map_err(|_| "storage lock poisoned".to_string())?;
        *held = Some(json.to_string());
        Ok(())
    }
}

/// Everything the logic thread is started with; it builds its engine from this.
struct LogicStart {
    setup: Setup,
    compiled: CompiledProject,
    /// The pages to open, bottom first (the first is the launch page).
    stack: Vec<String>,
    storage: SessionStorage,
}

/// Starts the logic side on its own thread; the returned end talks to it. The thread ends
/// when that end is dropped.
fn spawn_logic(start: LogicStart) -> std::io::Result<ViewEnd> {
    let (logic, view) = pair();
    std::thread::Builder::new()
        .name(LOGIC_THREAD.into())
        // The JS engine re-enters itself deeply (setData -> components -> JS).
        .stack_size(64 << 20)
        .spawn(move || run_logic(start, logic))?;
    Ok(view)
}

fn run_logic(start: LogicStart, end: LogicEnd) {
    let LogicStart {
        setup,
        compiled,
        stack,
        storage,
    } = start;
    if setup.echo {
        println!(
            "mpsim preview: logic on thread `{}`",
            std::thread::current().name().unwrap_or("?")
        );
    }
    let network = match &setup.network {
        Some(path) => match crate::MockNetwork::load(path) {
            Ok(m) => Some(Rc::new(m) as Rc<dyn mpsim_logic::Network>),
            Err(d) => {
                eprintln!("mpsim preview: {d}");
                None
            }
        },
        None => None,
    };
    let options = LaunchOptions {
        page: stack.first().cloned().or(setup.page.clone()),
        device: Some(crate::device_info(&setup.device)),
        network,
        storage: Some(Rc::new(storage) as Rc<dyn StorageBackend>),
        ..Default::default()
    };
    let options = crate::logic_options(&compiled, options, setup.data_dir.as_deref());
    // The package loader hands the view its stylesheets before the app starts.
    if !end.send(mpsim_bridge::ToView::Styles(crate::style_config(&compiled))) {
        return;
    }
    let root = setup.dir.join(&compiled.project.config.miniprogram_root);
    let vfs: Rc<dyn Vfs> = Rc::new(DiskVfs::new(root));
    let mut app = AppService::launch(vfs, compiled.project, compiled.templates, options);
    for url in stack.iter().skip(1) {
        app.handle(ToLogic::Navigate {
            method: "navigateTo".into(),
            url: format!("/{url}"),
        });
    }
    let mut background = false;
    let mut last = Instant::now();
    loop {
        if setup.echo {
            echo_trace(&app.current_route(), app.take_trace());
        }
        for m in app.take_messages() {
            if !end.send(m) {
                return;
            }
        }
        match end.recv_timeout(TICK) {
            Ok(Some(msg)) => {
                match msg {
                    ToLogic::Hide => background = true,
                    ToLogic::Show => background = false,
                    _ => {}
                }
                app.handle(msg);
            }
            Ok(None) => {}
            // The view is gone (the window closed, or a reload started a new logic side).
            Err(_) => return,
        }
        // Virtual time follows the wall clock while the app is in the foreground, so
        // timers, toasts and autoplaying swipers play.
        let elapsed = last.elapsed();
        if elapsed >= TICK {
            last = Instant::now();
            if !background {
                app.handle(ToLogic::Advance {
                    ms: elapsed.as_millis() as u64,
                });
            }
        }
    }
}

/// Prints what the app said (console, errors) with the page it came from.
fn echo_trace(route: &str, lines: Vec<Value>) {
    for line in lines {
        match line["type"].as_str() {
            Some("console") => {
                let args: Vec<String> = line["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        a.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| a.to_string())
                    })
                    .collect();
                println!(
                    "[{route}] {}: {}",
                    line["level"].as_str().unwrap_or("log"),
                    args.join(" ")
                );
            }
            Some("error") => eprintln!(
                "[{route}] uncaught error in {}: {}",
                line["where"].as_str().unwrap_or(""),
                line["message"].as_str().unwrap_or("")
            ),
            _ => {}
        }
    }
}

/// The view side of a live session.
struct Session {
    setup: Setup,
    view: View,
    logic: ViewEnd,
    background: bool,
    /// The last compile error, shown over the last good frame until a reload fixes it.
    error: Option<String>,
    /// What the last compilation can lend the next (unchanged scripts are not parsed again).
    cache: CompileCache,
    storage: SessionStorage,
    /// When the reload under way started (it ends with the new app's first frame).
    reloading: Option<Instant>,
}

/// Compiles the app; the first error (or why it is not a mini-program) as text.
fn compile(setup: &Setup, cache: &mut CompileCache) -> Result<CompiledProject, String> {
    let compiled = compile_project_with(&DiskVfs::new(&setup.dir), cache).map_err(|d| {
        d.first()
            .map(|d| d.to_string())
            .unwrap_or_else(|| "not a mini-program".into())
    })?;
    let errors: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    if setup.echo {
        for d in &errors {
            eprintln!("{d}");
        }
    }
    Ok(compiled)
}

impl Session {
    /// Sends what the view has for the logic side.
    fn flush(&mut self) {
        for m in self.view.take_outbox() {
            self.logic.send(m);
        }
    }

    /// Applies what the logic side sent.
    fn receive(&mut self) {
        let msgs = self.logic.try_recv_all();
        for m in &msgs {
            self.view.apply(m);
        }
        if !msgs.is_empty() {
            self.view.commit();
        }
    }

    fn frame(&mut self) -> Option<Frame> {
        let mut pixmap = match self.view.render() {
            Ok(p) => p,
            Err(e) => {
                if self.setup.echo && self.view.tree().current_page().is_some() {
                    eprintln!("mpsim preview: {e}");
                }
                return None;
            }
        };
        // Images the paint wanted are asked for now; they come with a later message.
        self.flush();
        if let Some(e) = &self.error {
            error_overlay(&mut pixmap, e, self.view.device());
        }
        if let Some(started) = self.reloading.take()
            && self.setup.echo
        {
            println!(
                "mpsim preview: reloaded in {} ms (compile, relaunch, first frame)",
                started.elapsed().as_millis()
            );
        }
        Some(Frame {
            width: pixmap.width(),
            height: pixmap.height(),
            rgba: pixmap.take(),
            error: self.error.clone(),
            page_scroll: self.view.page_scroll(),
        })
    }

    /// Relaunches at the same page stack (pages and queries) on a fresh view; a compile
    /// error keeps the running app and is shown over it instead.
    fn reload(&mut self) {
        let started = Instant::now();
        let stack = self.view.page_stack_urls();
        let compiled = compile(&self.setup, &mut self.cache);
        let compiled = match compiled {
            Ok(c) => match c.diagnostics.iter().find(|d| d.is_error()) {
                Some(first) => Err(format!(
                    "{}:{}:{}: {}",
                    first.file, first.line, first.col, first.message
                )),
                None => Ok(c),
            },
            Err(e) => Err(e),
        };
        let compiled = match compiled {
            Ok(c) => c,
            Err(e) => {
                if self.setup.echo {
                    eprintln!("mpsim preview: {e}");
                }
                self.error = Some(e);
                return;
            }
        };
        let start = LogicStart {
            setup: self.setup.clone(),
            compiled,
            stack,
            storage: self.storage.clone(),
        };
        match spawn_logic(start) {
            Ok(end) => {
                // The old logic thread ends when it sees its channel closed.
                self.logic = end;
                self.view = View::new(self.setup.device.clone());
                self.background = false;
                self.error = None;
                self.reloading = Some(started);
            }
            Err(e) => self.error = Some(format!("cannot start the logic thread: {e}")),
        }
    }

    /// Applies one command; false when the session should end.
    fn apply(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::Input(input) => self.view.input(input),
            Command::ToggleBackground => {
                self.background = !self.background;
                let msg = if self.background {
                    ToLogic::Hide
                } else {
                    ToLogic::Show
                };
                self.logic.send(msg);
            }
            Command::NextDevice => {
                let next = PRESETS
                    .iter()
                    .position(|p| {
                        Device::parse(p).is_some_and(|d| d.name == self.setup.device.name)
                    })
                    .map(|i| (i + 1) % PRESETS.len())
                    .unwrap_or(0);
                if let Some(d) = Device::parse(PRESETS[next]) {
                    if self.setup.echo {
                        println!("mpsim preview: device {}", d.name);
                    }
                    self.setup.device = d;
                    self.reload();
                }
            }
            Command::Reload => self.reload(),
            Command::Quit => return false,
        }
        self.flush();
        true
    }
}

/// Runs the view side on the calling thread until the window goes away (or `commands` is
/// closed), with the logic side on its own thread. `send` hands each new frame to the window
/// (it returns false once the window is gone).
pub fn run(setup: Setup, commands: Receiver<Command>, send: impl Fn(Frame) -> bool) {
    let mut cache = CompileCache::default();
    let compiled = match compile(&setup, &mut cache) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("mpsim preview: {e}");
            return;
        }
    };
    if setup.echo {
        println!(
            "mpsim preview: view on thread `{}`",
            std::thread::current().name().unwrap_or("?")
        );
    }
    let storage = SessionStorage::default();
    let start = LogicStart {
        setup: setup.clone(),
        compiled,
        stack: Vec::new(),
        storage: storage.clone(),
    };
    let logic = match spawn_logic(start) {
        Ok(end) => end,
        Err(e) => {
            eprintln!("mpsim preview: cannot start the logic thread: {e}");
            return;
        }
    };
    let mut s = Session {
        view: View::new(setup.device.clone()),
        setup,
        logic,
        background: false,
        error: None,
        cache,
        storage,
        reloading: None,
    };
    loop {
        match commands.recv_timeout(POLL) {
            Ok(cmd) => {
                if !s.apply(cmd) {
                    return;
                }
                // Input that came in meanwhile is applied before drawing.
                while let Ok(more) = commands.try_recv() {
                    if !s.apply(more) {
                        return;
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        s.receive();
        s.flush();
        if s.view.take_repaint()
            && let Some(f) = s.frame()
            && !send(f)
        {
            return;
        }
    }
}

/// A compile error over the last good frame: a red panel at the bottom with the message.
fn error_overlay(pixmap: &mut tiny_skia::Pixmap, message: &str, device: &Device) {
    use mpsim_view::paint::{Item, draw_lines, rasterize};
    use mpsim_view::text::{Run, lay_out};
    let width = pixmap.width() as f32 / device.dpr;
    let height = pixmap.height() as f32 / device.dpr;
    let lines = lay_out(
        &[Run {
            text: message.to_string(),
            size: 13.0,
            color: [255, 255, 255, 255],
            bold: false,
            letter_spacing: 0.0,
            deco: None,
        }],
        Some(width - 24.0),
        None,
        false,
    );
    let lines: Vec<_> = lines.into_iter().take(8).collect();
    let text_h: f32 = lines.iter().map(|l| l.height).sum();
    let panel_h = text_h + 24.0;
    let top = height - panel_h;
    rasterize(
        &[Item::Rect {
            x: 0.0,
            y: top,
            w: width,
            h: panel_h,
            color: [200, 30, 30, 235],
            radius: 0.0,
        }],
        pixmap,
        device.dpr,
    );
    draw_lines(
        pixmap,
        &lines,
        12.0,
        top + 12.0,
        width - 24.0,
        "left",
        device.dpr,
    );
}
