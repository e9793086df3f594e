//! The simulator thread of the preview: it owns the running app (logic and view, stepped
//! deterministically), turns the window's input into taps, scrolls and keystrokes, lets
//! virtual time follow the wall clock, reloads when files change, and hands finished frames
//! to the window.

use mpsim::{LaunchOptions, Simulator};
use mpsim_view::render::Device;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What the window asks of the simulator.
#[derive(Debug, Clone)]
pub enum Command {
    /// A short press: a tap at screen CSS pixels.
    Tap {
        x: f32,
        y: f32,
    },
    /// A press held still: longpress.
    LongPress {
        x: f32,
        y: f32,
    },
    /// What is under (`x`, `y`) scrolls by `dy` CSS pixels (wheel or drag): a scroll-view, else
    /// the page.
    Scroll {
        x: f32,
        y: f32,
        dy: f32,
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
    /// A drag down past the top of the page.
    PullDown,
    /// Text typed on the keyboard (to the focused input).
    Text(String),
    /// Backspace in the focused input.
    Erase,
    Back,
    /// Send the app to the background, or bring it back.
    ToggleBackground,
    Rotate,
    /// The next device preset.
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
}

/// What the thread needs to start.
pub struct Setup {
    pub dir: PathBuf,
    pub page: Option<String>,
    pub device: Device,
    pub network: Option<PathBuf>,
    /// Where wx storage is kept between runs (and reloads); in memory when `None`.
    pub data_dir: Option<PathBuf>,
}

const PRESETS: [&str; 4] = ["iphone6", "iphonex", "iphone7plus", "android"];

struct Session {
    setup: Setup,
    sim: Simulator,
    background: bool,
    /// The last compile error, shown over the last good frame until a reload fixes it.
    error: Option<String>,
    /// What the last compilation can lend the next (unchanged scripts are not parsed again).
    cache: mpsim::CompileCache,
    storage: Rc<MemoryStorage>,
}

/// wx storage kept in memory for the whole preview, so that it survives reloads as it does
/// in the IDE (with `--data-dir` it is kept on disk instead).
#[derive(Default)]
struct MemoryStorage(std::cell::RefCell<Option<String>>);

impl mpsim::StorageBackend for MemoryStorage {
    fn load(&self) -> Option<String> {
        self.0.borrow().clone()
    }

    fn save(&self, json: &str) -> Result<(), String> {
        *self.0.borrow_mut() = Some(json.to_string());
        Ok(())
    }
}

fn options(
    setup: &Setup,
    page: Option<String>,
    storage: &Rc<MemoryStorage>,
) -> Result<LaunchOptions, String> {
    let network = match &setup.network {
        Some(path) => Some(
            Rc::new(mpsim::MockNetwork::load(path).map_err(|d| d.to_string())?)
                as Rc<dyn mpsim::Network>,
        ),
        None => None,
    };
    Ok(LaunchOptions {
        page,
        device: Some(mpsim::device_info(&setup.device)),
        network,
        storage: Some(storage.clone() as Rc<dyn mpsim::StorageBackend>),
        ..Default::default()
    })
}

fn launch(
    setup: &Setup,
    page: Option<String>,
    cache: &mut mpsim::CompileCache,
    storage: &Rc<MemoryStorage>,
) -> Result<Simulator, String> {
    let compiled =
        mpsim::compile_project_with(&mpsim::DiskVfs::new(&setup.dir), cache).map_err(|d| {
            d.first()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "not a mini-program".into())
        })?;
    Ok(Simulator::from_compiled(
        &setup.dir,
        compiled,
        options(setup, page, storage)?,
        setup.data_dir.as_deref(),
    ))
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

/// Prints what the app said (console, errors) with the page it came from.
fn print_trace(sim: &mut Simulator) {
    let route = sim.current_route();
    for line in sim.take_trace() {
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

impl Session {
    fn frame(&mut self) -> Option<Frame> {
        print_trace(&mut self.sim);
        let mut pixmap = match self.sim.render() {
            Ok(p) => p,
            Err(e) => {
                eprintln!("mpsim preview: {e}");
                return None;
            }
        };
        if let Some(e) = &self.error {
            error_overlay(&mut pixmap, e, &self.setup.device);
        }
        Some(Frame {
            width: pixmap.width(),
            height: pixmap.height(),
            rgba: pixmap.take(),
            error: self.error.clone(),
        })
    }

    /// Relaunches at the same page stack (pages and queries); a compile error keeps the
    /// running app and is reported instead.
    fn reload(&mut self) {
        let started = Instant::now();
        let stack = self.sim.page_stack_urls();
        let compiled =
            mpsim::compile_project_with(&mpsim::DiskVfs::new(&self.setup.dir), &mut self.cache);
        let report = match &compiled {
            Ok(c) => c.diagnostics.clone(),
            Err(d) => d.clone(),
        };
        if let Some(first) = report.iter().find(|d| d.is_error()) {
            for d in report.iter().filter(|d| d.is_error()) {
                eprintln!("{d}");
            }
            self.error = Some(format!(
                "{}:{}:{}: {}",
                first.file, first.line, first.col, first.message
            ));
            return;
        }
        let launched = compiled
            .map_err(|_| "not a mini-program".to_string())
            .and_then(|c| {
                let o = options(&self.setup, stack.first().cloned(), &self.storage)?;
                let data = self.setup.data_dir.as_deref();
                Ok(Simulator::from_compiled(&self.setup.dir, c, o, data))
            });
        match launched {
            Ok(mut sim) => {
                for url in stack.iter().skip(1) {
                    sim.navigate("navigateTo", &format!("/{url}"));
                }
                self.sim = sim;
                self.error = None;
                println!(
                    "mpsim preview: reloaded in {} ms",
                    started.elapsed().as_millis()
                );
            }
            Err(e) => {
                eprintln!("mpsim preview: {e}");
                self.error = Some(e);
            }
        }
    }

    fn apply(&mut self, cmd: Command) {
        use mpsim_view::Input;
        let input = match cmd {
            Command::Tap { x, y } => Input::Tap { x, y },
            Command::LongPress { x, y } => Input::LongPress { x, y },
            Command::Scroll { x, y, dy } => Input::Wheel { x, y, dy },
            Command::TouchStart { x, y } => Input::TouchStart { x, y },
            Command::TouchMove { x, y } => Input::TouchMove { x, y },
            Command::TouchEnd { x, y } => Input::TouchEnd { x, y },
            Command::PullDown => Input::PullDown,
            Command::Text(t) => Input::Text(t),
            Command::Erase => Input::Erase,
            Command::Back => Input::Back,
            Command::Rotate => Input::Rotate,
            Command::ToggleBackground => {
                if self.background {
                    self.sim.show();
                } else {
                    self.sim.hide();
                }
                self.background = !self.background;
                return;
            }
            Command::NextDevice => {
                let now = PRESETS
                    .iter()
                    .position(|p| {
                        Device::parse(p).is_some_and(|d| d.name == self.setup.device.name)
                    })
                    .map(|i| (i + 1) % PRESETS.len())
                    .unwrap_or(0);
                if let Some(d) = Device::parse(PRESETS[now]) {
                    println!("mpsim preview: device {}", d.name);
                    self.setup.device = d;
                    self.reload();
                }
                return;
            }
            Command::Reload => return self.reload(),
            Command::Quit => return,
        };
        self.sim.input_event(input);
    }
}

/// Runs the simulator until the window goes away. `send` hands each new frame to the window
/// (it returns false once the window is gone).
pub fn run(setup: Setup, commands: Receiver<Command>, send: impl Fn(Frame) -> bool) {
    let page = setup.page.clone();
    let mut cache = mpsim::CompileCache::default();
    let storage = Rc::new(MemoryStorage::default());
    let sim = match launch(&setup, page, &mut cache, &storage) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mpsim preview: {e}");
            return;
        }
    };
    for d in sim.diagnostics().iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
    let mut s = Session {
        setup,
        sim,
        background: false,
        error: None,
        cache,
        storage,
    };
    if let Some(f) = s.frame()
        && !send(f)
    {
        return;
    }
    // Virtual time follows the wall clock in steps, so timers, toasts and swipers play.
    const TICK: Duration = Duration::from_millis(100);
    let mut last = Instant::now();
    loop {
        let mut changed = false;
        match commands.recv_timeout(TICK) {
            Ok(Command::Quit) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(cmd) => {
                s.apply(cmd);
                // Input that came in meanwhile is applied before drawing.
                while let Ok(more) = commands.try_recv() {
                    if matches!(more, Command::Quit) {
                        return;
                    }
                    s.apply(more);
                }
                changed = true;
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        let elapsed = last.elapsed();
        if elapsed >= TICK {
            last = Instant::now();
            if !s.background {
                s.sim.advance(elapsed.as_millis() as u64);
                changed = true;
            }
        }
        if changed
            && let Some(f) = s.frame()
            && !send(f)
        {
            return;
        }
    }
}
