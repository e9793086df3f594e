//! The view side as the browser's page runs it: the same `View` that `mpsim render` paints,
//! fed the logic side's messages from the worker and the canvas's pointer and keyboard
//! events, giving frames as RGBA ready for `ImageData`.

use mpsim_bridge::{ToLogic, ToView};
use mpsim_view::gesture::Pointer;
use mpsim_view::render::Device;
use mpsim_view::{Input, View};

pub struct Screen {
    view: View,
    pointer: Pointer,
}

/// A frame to put on the canvas: device pixels, RGBA not premultiplied (what `ImageData`
/// takes).
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl Screen {
    pub fn new(device: &str) -> Result<Screen, String> {
        let device = Device::parse(device).ok_or_else(|| format!("unknown device {device}"))?;
        Ok(Screen {
            view: View::new(device),
            pointer: Pointer::default(),
        })
    }

    pub fn device(&self) -> &Device {
        self.view.device()
    }

    /// Applies what the logic side sent, as one commit.
    pub fn apply(&mut self, msgs: &[ToView]) {
        for m in msgs {
            self.view.apply(m);
        }
        if !msgs.is_empty() {
            self.view.commit();
        }
    }

    pub fn input(&mut self, input: Input) {
        self.view.input(input);
    }

    /// The pointer at (`x`, `y`) CSS pixels, `now_ms` on the page's clock.
    pub fn pointer_down(&mut self, x: f32, y: f32, now_ms: u64) {
        for i in self.pointer.down(x, y, now_ms) {
            self.view.input(i);
        }
    }

    pub fn pointer_move(&mut self, x: f32, y: f32) {
        for i in self.pointer.moved(x, y) {
            self.view.input(i);
        }
    }

    pub fn pointer_up(&mut self, x: f32, y: f32) {
        for i in self.pointer.up(x, y) {
            self.view.input(i);
        }
    }

    /// Time passes for a held press (it may become a longpress).
    pub fn tick(&mut self, now_ms: u64) {
        for i in self.pointer.tick(now_ms) {
            self.view.input(i);
        }
    }

    /// The frame when the screen changed since the last one (`None` when it did not, or the
    /// app has no page yet).
    pub fn frame(&mut self) -> Option<Pixels> {
        if !self.view.take_repaint() {
            return None;
        }
        let pixmap = self.view.render().ok()?;
        let mut rgba = Vec::with_capacity(pixmap.data().len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend([c.red(), c.green(), c.blue(), c.alpha()]);
        }
        Some(Pixels {
            width: pixmap.width(),
            height: pixmap.height(),
            rgba,
        })
    }

    /// What the view has for the logic side (events, first renders, images it needs).
    pub fn take_outbox(&mut self) -> Vec<ToLogic> {
        self.view.take_outbox()
    }
}
