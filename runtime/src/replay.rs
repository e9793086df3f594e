//! Replaying a bridge recording: the view is rebuilt from the recorded [`ToView`] messages
//! alone, with no JS engine and no package, and paints what the original view painted. A user
//! attaches the recording (`--bridge FILE`) to a bug report; `mpsim replay` shows the screen.
//!
//! What the view decided by itself from the user's input is read from the view's own
//! recorded messages: how far the page (`scroll`) and each scroll-view (its `scroll` events)
//! were scrolled.

use mpsim_bridge::{Recorded, ToLogic, read_recording};
use mpsim_view::View;
use mpsim_view::render::Device;

/// The view as the recording leaves it, on `device`.
pub fn replay(recording: &str, device: Device) -> Result<View, String> {
    let mut view = View::new(device);
    let mut pending = false;
    for m in read_recording(recording)? {
        match m {
            Recorded::ToView(msg) => {
                view.apply(&msg);
                pending = true;
            }
            Recorded::ToLogic(msg) => {
                // The original view committed before it spoke.
                if std::mem::take(&mut pending) {
                    view.commit();
                }
                match msg {
                    ToLogic::Scroll { top, .. } => view.restore_page_scroll(top as f32),
                    ToLogic::Event(e) if e.event == "scroll" => {
                        let at = |k: &str| e.detail[k].as_f64().unwrap_or(0.0) as f32;
                        view.restore_scroll_view(e.node, at("scrollLeft"), at("scrollTop"));
                    }
                    _ => {}
                }
            }
        }
    }
    if pending {
        view.commit();
    }
    // What the replayed view would tell a logic side goes nowhere.
    view.take_outbox();
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_named() {
        let device = Device::parse("iphone6").unwrap();
        let err = replay("{\"msg\":\"nope\",\"from\":\"logic\"}\n", device)
            .err()
            .unwrap();
        assert!(err.starts_with("line 1:"), "{err}");
    }
}
