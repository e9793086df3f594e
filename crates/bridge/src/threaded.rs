//! The threaded transport: the logic side and the view side on their own threads, joined by
//! channels. Each side holds one [`Endpoint`]; sending never blocks, receiving can wait.

use crate::messages::{ToLogic, ToView};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// The other side has gone away (its end was dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// One side's end: it sends `Out` and receives `In`.
pub struct Endpoint<Out, In> {
    tx: Sender<Out>,
    rx: Receiver<In>,
}

impl<Out, In> Endpoint<Out, In> {
    /// Sends; `false` when the other side has gone away.
    pub fn send(&self, m: Out) -> bool {
        self.tx.send(m).is_ok()
    }

    /// Everything that has arrived, without waiting.
    pub fn try_recv_all(&self) -> Vec<In> {
        self.rx.try_iter().collect()
    }

    /// Waits up to `timeout` for the next message: `Ok(None)` when none came, `Err(Gone)` when
    /// the other side has gone away.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Option<In>, Gone> {
        match self.rx.recv_timeout(timeout) {
            Ok(m) => Ok(Some(m)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(Gone),
        }
    }
}

pub type LogicEnd = Endpoint<ToView, ToLogic>;
pub type ViewEnd = Endpoint<ToLogic, ToView>;

/// A connected pair of ends.
pub fn pair() -> (LogicEnd, ViewEnd) {
    let (to_view_tx, to_view_rx) = channel();
    let (to_logic_tx, to_logic_rx) = channel();
    (
        Endpoint {
            tx: to_view_tx,
            rx: to_logic_rx,
        },
        Endpoint {
            tx: to_logic_tx,
            rx: to_view_rx,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_cross_threads_in_order() {
        let (logic, view) = pair();
        let t = std::thread::spawn(move || {
            for page in 0..100u64 {
                logic.send(ToView::Clock { now: page });
            }
            logic.recv_timeout(Duration::from_secs(5))
        });
        let mut got = Vec::new();
        while got.len() < 100 {
            match view.recv_timeout(Duration::from_secs(5)) {
                Ok(Some(ToView::Clock { now: page })) => got.push(page),
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(got, (0..100).collect::<Vec<_>>());
        view.send(ToLogic::FirstRender { page: 7 });
        assert_eq!(
            t.join().unwrap(),
            Ok(Some(ToLogic::FirstRender { page: 7 }))
        );
        // With the logic end gone, the view end hears so.
        assert_eq!(view.recv_timeout(Duration::from_millis(1)), Err(Gone));
    }
}
