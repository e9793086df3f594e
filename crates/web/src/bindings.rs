//! The wasm-bindgen surface that `site/worker.js` (the logic side) and `site/main.js` (the
//! view side) call. Messages cross as JSON text; frames as RGBA bytes. Errors become JS
//! exceptions with the message; a panic is printed on the console before the module traps.

use crate::{Logic, Screen, decode, encode};
use mpsim_bridge::{ToLogic, ToView};
use mpsim_view::Input;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(text: &str);
}

/// Prints panics on the console (otherwise the browser only says "unreachable").
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| console_error(&format!("mpsim: {info}"))));
}

fn js(e: String) -> JsError {
    JsError::new(&e)
}

/// `[appid, device]` of a pack: where the page keeps its storage, and the screen's size.
#[wasm_bindgen(js_name = packInfo)]
pub fn pack_info(pack: &[u8]) -> Result<Vec<String>, JsError> {
    let (appid, device) = crate::pack_info(pack).map_err(js)?;
    Ok(vec![appid, device])
}

/// The logic side, for the worker.
#[wasm_bindgen(js_name = Logic)]
pub struct WebLogic(Logic);

#[wasm_bindgen(js_class = Logic)]
impl WebLogic {
    /// Launches the packed app with the storage the page kept for it.
    #[wasm_bindgen(constructor)]
    pub fn new(pack: &[u8], stored: Option<String>) -> Result<WebLogic, JsError> {
        Logic::start(pack, stored).map(WebLogic).map_err(js)
    }

    /// The compile errors of pages that did not compile.
    pub fn diagnostics(&self) -> Vec<String> {
        self.0.diagnostics().to_vec()
    }

    /// Handles a JSON array of `ToLogic` messages from the page.
    pub fn handle(&mut self, json: &str) -> Result<(), JsError> {
        for m in decode::<ToLogic>(json).map_err(js)? {
            self.0.handle(m);
        }
        Ok(())
    }

    pub fn advance(&mut self, ms: f64) {
        if ms >= 1.0 {
            self.0.advance(ms as u64);
        }
    }

    /// The `ToView` messages for the page since the last call, as a JSON array.
    #[wasm_bindgen(js_name = takeMessages)]
    pub fn take_messages(&mut self) -> String {
        encode(&self.0.take_messages())
    }

    /// The storage the app saved since the last call.
    #[wasm_bindgen(js_name = takeStorage)]
    pub fn take_storage(&mut self) -> Option<String> {
        self.0.take_storage()
    }

    /// The trace since the last call, as a JSON array (the worker prints console lines).
    #[wasm_bindgen(js_name = takeTrace)]
    pub fn take_trace(&mut self) -> String {
        encode(&self.0.take_trace())
    }

    #[wasm_bindgen(js_name = currentRoute)]
    pub fn current_route(&self) -> String {
        self.0.current_route()
    }
}

/// The view side, for the page.
#[wasm_bindgen(js_name = Screen)]
pub struct WebScreen {
    screen: Screen,
    frame: Option<crate::Pixels>,
}

#[wasm_bindgen(js_class = Screen)]
impl WebScreen {
    #[wasm_bindgen(constructor)]
    pub fn new(device: &str) -> Result<WebScreen, JsError> {
        let screen = Screen::new(device).map_err(js)?;
        Ok(WebScreen {
            screen,
            frame: None,
        })
    }

    /// The screen in CSS pixels, and device pixels per CSS pixel.
    #[wasm_bindgen(getter, js_name = cssWidth)]
    pub fn css_width(&self) -> f64 {
        self.screen.device().width as f64
    }

    #[wasm_bindgen(getter, js_name = cssHeight)]
    pub fn css_height(&self) -> f64 {
        self.screen.device().height as f64
    }

    #[wasm_bindgen(getter)]
    pub fn dpr(&self) -> f64 {
        self.screen.device().dpr as f64
    }

    /// Applies a JSON array of `ToView` messages from the worker.
    pub fn apply(&mut self, json: &str) -> Result<(), JsError> {
        let msgs = decode::<ToView>(json).map_err(js)?;
        self.screen.apply(&msgs);
        Ok(())
    }

    #[wasm_bindgen(js_name = pointerDown)]
    pub fn pointer_down(&mut self, x: f32, y: f32, now_ms: f64) {
        self.screen.pointer_down(x, y, now_ms as u64);
    }

    #[wasm_bindgen(js_name = pointerMove)]
    pub fn pointer_move(&mut self, x: f32, y: f32) {
        self.screen.pointer_move(x, y);
    }

    #[wasm_bindgen(js_name = pointerUp)]
    pub fn pointer_up(&mut self, x: f32, y: f32) {
        self.screen.pointer_up(x, y);
    }

    pub fn tick(&mut self, now_ms: f64) {
        self.screen.tick(now_ms as u64);
    }

    /// The wheel over (`x`, `y`): what is under it scrolls by `dy` CSS pixels.
    pub fn wheel(&mut self, x: f32, y: f32, dy: f32) {
        self.screen.input(Input::Wheel { x, y, dy });
    }

    /// A key: printable text goes to the focused input; Backspace erases; Escape goes back.
    pub fn key(&mut self, key: &str) {
        let input = match key {
            "Backspace" => Input::Erase,
            "Escape" => Input::Back,
            k if k.chars().count() == 1 && !k.chars().any(char::is_control) => {
                Input::Text(k.to_string())
            }
            _ => return,
        };
        self.screen.input(input);
    }

    /// Renders when the screen changed; true when there is a new frame to take.
    pub fn render(&mut self) -> bool {
        self.frame = self.screen.frame();
        self.frame.is_some()
    }

    #[wasm_bindgen(getter, js_name = frameWidth)]
    pub fn frame_width(&self) -> u32 {
        self.frame.as_ref().map_or(0, |f| f.width)
    }

    #[wasm_bindgen(getter, js_name = frameHeight)]
    pub fn frame_height(&self) -> u32 {
        self.frame.as_ref().map_or(0, |f| f.height)
    }

    /// The new frame's RGBA bytes (not premultiplied, for `ImageData`).
    #[wasm_bindgen(js_name = takeFrame)]
    pub fn take_frame(&mut self) -> Vec<u8> {
        self.frame.take().map(|f| f.rgba).unwrap_or_default()
    }

    /// The `ToLogic` messages for the worker since the last call, as a JSON array.
    #[wasm_bindgen(js_name = takeOutbox)]
    pub fn take_outbox(&mut self) -> String {
        encode(&self.screen.take_outbox())
    }
}
