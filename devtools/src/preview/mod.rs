//! `mpsim preview`: the simulator in a desktop window. The view side runs on a thread of its
//! own and the logic side on another (see [`mpsim::live`]); the window on the main thread
//! shows the view's frames through wgpu (see
//! [`gpu`]) and turns mouse and keyboard into the phone's input. Files under the app folder
//! are watched: a change relaunches the app at the same pages.

mod gpu;

use mpsim::live::{Command, Frame};
use mpsim_view::Input;
use mpsim_view::gesture::Pointer;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};
use winit::application::ApplicationHandler;
use winit::dpi::PhysicalSize;
use winit::event::{ElementState, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop};
use winit::keyboard::{Key, ModifiersState, NamedKey};
use winit::window::{Window, WindowId};

/// How `mpsim preview` was asked to run.
pub struct Options {
    pub dir: PathBuf,
    pub page: Option<String>,
    pub device: mpsim_view::render::Device,
    pub mock: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    /// Write what the window shows to FILE after MS milliseconds (repeatable).
    pub screenshots: Vec<(u64, PathBuf)>,
    /// Close the window after MS milliseconds.
    pub exit_after: Option<u64>,
}

struct App {
    options: Options,
    started: Instant,
    commands: Sender<Command>,
    window: Option<Arc<Window>>,
    gpu: Option<gpu::Gpu>,
    /// The frame size in pixels (the window is made that size, so pixels map 1:1).
    frame_size: (u32, u32),
    /// CSS pixels per frame pixel.
    dpr: f32,
    cursor: (f32, f32),
    /// The mouse as the phone's touch system sees it.
    pointer: Pointer,
    modifiers: ModifiersState,
    failed: Option<String>,
}

impl App {
    /// A window position in CSS pixels of the phone.
    fn css(&self, x: f64, y: f64) -> (f32, f32) {
        let (w, h) = self
            .window
            .as_ref()
            .map(|w| w.inner_size())
            .map(|s| (s.width.max(1) as f32, s.height.max(1) as f32))
            .unwrap_or((1.0, 1.0));
        let sx = self.frame_size.0 as f32 / w;
        let sy = self.frame_size.1 as f32 / h;
        (x as f32 * sx / self.dpr, y as f32 * sy / self.dpr)
    }

    fn send(&self, c: Command) {
        let _ = self.commands.send(c);
    }

    fn send_inputs(&self, inputs: Vec<Input>) {
        for i in inputs {
            self.send(Command::Input(i));
        }
    }

    /// Milliseconds since the window opened: the pointer's clock.
    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn show(&mut self, frame: Frame) {
        let Some(window) = &self.window else { return };
        if (frame.width, frame.height) != self.frame_size {
            self.frame_size = (frame.width, frame.height);
            let _ = window.request_inner_size(PhysicalSize::new(frame.width, frame.height));
        }
        if let Some(e) = &frame.error {
            window.set_title(&format!("mpsim preview — error: {e}"));
        } else {
            window.set_title(&format!("mpsim preview — {}", self.options.dir.display()));
        }
        if let Some(gpu) = &mut self.gpu {
            gpu.upload(&frame.rgba, frame.width, frame.height);
        }
        window.request_redraw();
    }

    fn screenshot(&mut self, path: &std::path::Path) {
        let Some(gpu) = &mut self.gpu else { return };
        if let Err(e) = gpu.draw() {
            eprintln!("mpsim preview: {e}");
        }
        let result = gpu.read_back().and_then(|(w, h, rgba)| {
            let pixmap = tiny_skia::Pixmap::from_vec(
                rgba,
                tiny_skia::IntSize::from_wh(w, h).ok_or("empty window")?,
            )
            .ok_or("the window's pixels could not be read")?;
            let png = pixmap.encode_png().map_err(|e| e.to_string())?;
            std::fs::write(path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))
        });
        match result {
            Ok(()) => println!("mpsim preview: wrote {}", path.display()),
            Err(e) => eprintln!("mpsim preview: screenshot failed: {e}"),
        }
    }
}

/// Frames from the simulator thread reach the window as user events.
enum Event {
    Frame(Frame),
}

impl ApplicationHandler<Event> for App {
    fn resumed(&mut self, el: &ActiveEventLoop) {
        if self.window.is_some() {
            return;
        }
        let d = &self.options.device;
        let size = PhysicalSize::new((d.width * d.dpr) as u32, (d.height * d.dpr) as u32);
        let attrs = Window::default_attributes()
            .with_title("mpsim preview")
            .with_inner_size(size);
        let window = match el.create_window(attrs) {
            Ok(w) => Arc::new(w),
            Err(e) => {
                self.failed = Some(format!("cannot open a window: {e}"));
                el.exit();
                return;
            }
        };
        match gpu::Gpu::new(window.clone()) {
            Ok(g) => {
                println!("mpsim preview: drawing with {}", g.adapter_name);
                self.gpu = Some(g);
            }
            Err(e) => {
                self.failed = Some(e);
                el.exit();
                return;
            }
        }
        self.frame_size = (size.width, size.height);
        self.window = Some(window);
    }

    fn user_event(&mut self, _: &ActiveEventLoop, event: Event) {
        match event {
            Event::Frame(f) => self.show(f),
        }
    }

    fn window_event(&mut self, el: &ActiveEventLoop, _: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested => el.exit(),
            WindowEvent::Resized(size) => {
                if let Some(g) = &mut self.gpu {
                    g.resize(size.width, size.height);
                }
            }
            WindowEvent::RedrawRequested => {
                if let Some(g) = &mut self.gpu
                    && let Err(e) = g.draw()
                {
                    eprintln!("mpsim preview: {e}");
                }
            }
            WindowEvent::ModifiersChanged(m) => self.modifiers = m.state(),
            WindowEvent::CursorMoved { position, .. } => {
                let p = self.css(position.x, position.y);
                self.cursor = p;
                let inputs = self.pointer.moved(p.0, p.1);
                self.send_inputs(inputs);
            }
            WindowEvent::MouseInput {
                state,
                button: MouseButton::Left,
                ..
            } => {
                let (x, y) = self.cursor;
                let inputs = match state {
                    ElementState::Pressed => self.pointer.down(x, y, self.now_ms()),
                    ElementState::Released => self.pointer.up(x, y),
                };
                self.send_inputs(inputs);
            }
            WindowEvent::MouseWheel { delta, .. } => {
                let dy = match delta {
                    MouseScrollDelta::LineDelta(_, y) => -y * 48.0,
                    MouseScrollDelta::PixelDelta(p) => -(p.y as f32) / self.dpr,
                };
                self.send(Command::Input(Input::Wheel {
                    x: self.cursor.0,
                    y: self.cursor.1,
                    dy,
                }));
            }
            WindowEvent::KeyboardInput { event, .. } if event.state == ElementState::Pressed => {
                let ctrl = self.modifiers.control_key() || self.modifiers.super_key();
                match &event.logical_key {
                    Key::Named(NamedKey::Escape) => self.send(Command::Input(Input::Back)),
                    Key::Named(NamedKey::F5) => self.send(Command::Reload),
                    Key::Named(NamedKey::Backspace) => self.send(Command::Input(Input::Erase)),
                    Key::Character(c) if ctrl => match c.as_str() {
                        "r" => self.send(Command::Reload),
                        "d" => self.send(Command::NextDevice),
                        "o" => self.send(Command::Input(Input::Rotate)),
                        "b" => self.send(Command::ToggleBackground),
                        "q" | "w" => el.exit(),
                        _ => {}
                    },
                    _ => {
                        if let Some(t) = &event.text
                            && !t.chars().any(char::is_control)
                        {
                            self.send(Command::Input(Input::Text(t.to_string())));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn about_to_wait(&mut self, el: &ActiveEventLoop) {
        let elapsed = self.started.elapsed();
        // A press held still becomes a longpress.
        let inputs = self.pointer.tick(self.now_ms());
        self.send_inputs(inputs);
        let due: Vec<PathBuf> = self
            .options
            .screenshots
            .iter()
            .filter(|(ms, _)| elapsed >= Duration::from_millis(*ms))
            .map(|(_, p)| p.clone())
            .collect();
        self.options
            .screenshots
            .retain(|(ms, _)| elapsed < Duration::from_millis(*ms));
        for path in due {
            self.screenshot(&path);
        }
        if self
            .options
            .exit_after
            .is_some_and(|ms| elapsed >= Duration::from_millis(ms))
        {
            el.exit();
        }
        el.set_control_flow(ControlFlow::WaitUntil(
            Instant::now() + Duration::from_millis(20),
        ));
    }
}

/// Watches the app folder and asks for a reload when files change (bursts become one).
fn watch(dir: &std::path::Path, commands: Sender<Command>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(e) = res
            && (e.kind.is_modify() || e.kind.is_create() || e.kind.is_remove())
        {
            let _ = tx.send(());
        }
    })
    .ok()?;
    watcher.watch(dir, notify::RecursiveMode::Recursive).ok()?;
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            std::thread::sleep(Duration::from_millis(40));
            while rx.try_recv().is_ok() {}
            if commands.send(Command::Reload).is_err() {
                return;
            }
        }
    });
    Some(watcher)
}

pub fn run(options: Options) -> ExitCode {
    #[cfg(all(unix, not(target_os = "macos")))]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "mpsim preview: no display (neither DISPLAY nor WAYLAND_DISPLAY is set); for screenshots without a window use `mpsim render`"
        );
        return ExitCode::from(2);
    }
    let event_loop = match EventLoop::<Event>::with_user_event().build() {
        Ok(el) => el,
        Err(e) => {
            eprintln!(
                "mpsim preview: no display ({e}); for screenshots without a window use `mpsim render`"
            );
            return ExitCode::from(2);
        }
    };
    let proxy = event_loop.create_proxy();
    let (tx, rx) = std::sync::mpsc::channel();
    let setup = mpsim::live::Setup {
        dir: options.dir.clone(),
        page: options.page.clone(),
        device: options.device.clone(),
        network: options.mock.clone(),
        data_dir: options.data_dir.clone(),
        echo: true,
    };
    // Three threads, as on the phone: the view (tree, layout, paint, input) on its own, the
    // logic side (JS) on another that the view starts, and the window here on the main one.
    let view_thread = std::thread::Builder::new()
        .name(mpsim::live::VIEW_THREAD.into())
        .spawn(move || mpsim::live::run(setup, rx, |f| proxy.send_event(Event::Frame(f)).is_ok()));
    if let Err(e) = &view_thread {
        eprintln!("mpsim preview: cannot start the view thread: {e}");
        return ExitCode::from(1);
    }
    println!(
        "mpsim preview: window on thread `{}`",
        std::thread::current().name().unwrap_or("?")
    );
    let _watcher = watch(&options.dir, tx.clone());
    println!(
        "mpsim preview: click to tap, drag or wheel to scroll, type into inputs; Esc back, Ctrl+R reload, Ctrl+D next device, Ctrl+O rotate, Ctrl+B background, Ctrl+Q quit"
    );
    let dpr = options.device.dpr;
    let mut app = App {
        options,
        started: Instant::now(),
        commands: tx,
        window: None,
        gpu: None,
        frame_size: (1, 1),
        dpr,
        cursor: (0.0, 0.0),
        pointer: Pointer::default(),
        modifiers: ModifiersState::empty(),
        failed: None,
    };
    let result = event_loop.run_app(&mut app);
    let _ = app.commands.send(Command::Quit);
    if let Some(e) = app.failed {
        eprintln!("mpsim preview: {e}");
        return ExitCode::from(1);
    }
    if let Err(e) = result {
        eprintln!("mpsim preview: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
