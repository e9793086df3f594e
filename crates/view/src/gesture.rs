//! A mouse (or a finger on a touch screen) turned into what the phone's touch system reports:
//! touchstart/move/end always, then a tap for a short still press, a longpress for one held
//! still 350 ms, page or scroll-view scrolling for a drag, and pull-to-refresh for a drag down
//! from the top. The desktop window and the browser build feed it the same way, so a click
//! means the same in both.
//!
//! Positions are CSS pixels of the phone; times are milliseconds on any clock that only goes
//! forward.

use crate::Input;

/// How long a still press takes to become a longpress (as on WeChat).
pub const LONG_PRESS_MS: u64 = 350;
/// A press that moves further than this (CSS px) is a drag, no longer a tap.
pub const DRAG_SLOP: f32 = 8.0;
/// How far down a drag pulls before the page refreshes.
pub const PULL_DISTANCE: f32 = 60.0;

#[derive(Debug, Clone)]
struct Press {
    start: (f32, f32),
    last: (f32, f32),
    at: u64,
    dragging: bool,
    long_sent: bool,
    pulled: bool,
}

/// The pointer's state between events.
#[derive(Debug, Clone, Default)]
pub struct Pointer {
    press: Option<Press>,
}

impl Pointer {
    /// The button goes down at (`x`, `y`).
    pub fn down(&mut self, x: f32, y: f32, now_ms: u64) -> Vec<Input> {
        self.press = Some(Press {
            start: (x, y),
            last: (x, y),
            at: now_ms,
            dragging: false,
            long_sent: false,
            pulled: false,
        });
        vec![Input::TouchStart { x, y }]
    }

    /// The pointer moves to (`x`, `y`); nothing happens unless it is pressed.
    pub fn moved(&mut self, x: f32, y: f32) -> Vec<Input> {
        let Some(press) = &mut self.press else {
            return Vec::new();
        };
        let mut out = vec![Input::TouchMove { x, y }];
        let (dx, dy) = (x - press.start.0, y - press.start.1);
        if !press.dragging && (dx.abs() > DRAG_SLOP || dy.abs() > DRAG_SLOP) {
            press.dragging = true;
        }
        if press.dragging && !press.long_sent {
            let step = y - press.last.1;
            press.last = (x, y);
            if dy > PULL_DISTANCE && !press.pulled {
                press.pulled = true;
                out.push(Input::PullDown);
            }
            if step != 0.0 {
                let (sx, sy) = press.start;
                // Content follows the finger: dragging down scrolls up.
                out.push(Input::Wheel {
                    x: sx,
                    y: sy,
                    dy: -step,
                });
            }
        }
        out
    }

    /// The button comes up at (`x`, `y`): a tap when the press stayed short and still.
    pub fn up(&mut self, x: f32, y: f32) -> Vec<Input> {
        let mut out = vec![Input::TouchEnd { x, y }];
        if let Some(p) = self.press.take()
            && !p.dragging
            && !p.long_sent
        {
            out.push(Input::Tap {
                x: p.start.0,
                y: p.start.1,
            });
        }
        out
    }

    /// Time passes: a press held still long enough becomes a longpress, once.
    pub fn tick(&mut self, now_ms: u64) -> Vec<Input> {
        match &mut self.press {
            Some(p)
                if !p.dragging && !p.long_sent && now_ms.saturating_sub(p.at) >= LONG_PRESS_MS =>
            {
                p.long_sent = true;
                vec![Input::LongPress {
                    x: p.start.0,
                    y: p.start.1,
                }]
            }
            _ => Vec::new(),
        }
    }

    pub fn is_pressed(&self) -> bool {
        self.press.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_still_press_is_a_tap() {
        let mut p = Pointer::default();
        assert_eq!(
            p.down(10.0, 20.0, 0),
            [Input::TouchStart { x: 10.0, y: 20.0 }]
        );
        assert!(p.tick(100).is_empty());
        let up = p.up(11.0, 20.0);
        assert_eq!(up[1], Input::Tap { x: 10.0, y: 20.0 });
        assert!(!p.is_pressed());
    }

    #[test]
    fn a_held_press_is_one_longpress_and_no_tap() {
        let mut p = Pointer::default();
        p.down(5.0, 5.0, 1000);
        assert!(p.tick(1349).is_empty());
        assert_eq!(p.tick(1350), [Input::LongPress { x: 5.0, y: 5.0 }]);
        assert!(p.tick(2000).is_empty());
        assert_eq!(p.up(5.0, 5.0).len(), 1);
    }

    #[test]
    fn a_drag_scrolls_and_pulls_down_once() {
        let mut p = Pointer::default();
        p.down(100.0, 100.0, 0);
        // Within the slop: only the touch moves.
        assert_eq!(p.moved(100.0, 104.0).len(), 1);
        let out = p.moved(100.0, 130.0);
        assert!(out.contains(&Input::Wheel {
            x: 100.0,
            y: 100.0,
            dy: -30.0
        }));
        let out = p.moved(100.0, 170.0);
        assert!(out.contains(&Input::PullDown));
        assert!(!p.moved(100.0, 180.0).contains(&Input::PullDown));
        // A drag is not a tap, nor a longpress later.
        assert!(p.tick(10_000).is_empty());
        assert_eq!(p.up(100.0, 180.0).len(), 1);
        assert!(p.moved(0.0, 0.0).is_empty());
    }
}
