//! The deterministic transport: both sides live on the caller's thread; messages wait in two
//! queues and are handed over, in the order they were sent, when the driver drains them.
//! Tests and headless renders use it, so every run interleaves the two sides the same way.

use crate::messages::{ToLogic, ToView};
use crate::recorder::Recorder;
use std::collections::VecDeque;

/// Which side a message came from (for the recorder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Logic,
    View,
}

#[derive(Default)]
pub struct Deterministic {
    to_view: VecDeque<ToView>,
    to_logic: VecDeque<ToLogic>,
    recorder: Option<Recorder>,
}

impl Deterministic {
    pub fn new() -> Deterministic {
        Deterministic::default()
    }

    /// Records every message from now on.
    pub fn record(&mut self, recorder: Recorder) {
        self.recorder = Some(recorder);
    }

    pub fn send_to_view(&mut self, m: ToView) {
        if let Some(r) = &mut self.recorder {
            r.record(Side::Logic, &m);
        }
        self.to_view.push_back(m);
    }

    pub fn send_to_logic(&mut self, m: ToLogic) {
        if let Some(r) = &mut self.recorder {
            r.record(Side::View, &m);
        }
        self.to_logic.push_back(m);
    }

    /// Everything sent to the view so far, oldest first.
    pub fn drain_to_view(&mut self) -> Vec<ToView> {
        self.to_view.drain(..).collect()
    }

    pub fn drain_to_logic(&mut self) -> Vec<ToLogic> {
        self.to_logic.drain(..).collect()
    }

    pub fn is_idle(&self) -> bool {
        self.to_view.is_empty() && self.to_logic.is_empty()
    }

    pub fn recorder(&self) -> Option<&Recorder> {
        self.recorder.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ToView;

    #[test]
    fn delivers_in_order_and_records() {
        let mut t = Deterministic::new();
        t.record(Recorder::in_memory());
        t.send_to_view(ToView::Clock { now: 1 });
        t.send_to_logic(ToLogic::FirstRender { page: 1 });
        t.send_to_view(ToView::Clock { now: 2 });
        assert!(!t.is_idle());
        assert_eq!(
            t.drain_to_view(),
            vec![ToView::Clock { now: 1 }, ToView::Clock { now: 2 }]
        );
        assert_eq!(t.drain_to_logic(), vec![ToLogic::FirstRender { page: 1 }]);
        assert!(t.is_idle());
        let lines = t.recorder().unwrap().lines();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains(r#""from":"view""#));
    }
}
