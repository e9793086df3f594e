#![allow(clippy::unwrap_used)]
//! The live session on two threads: a handler stuck in JS holds up the logic thread only,
//! so the page still scrolls and frames still come while it runs.

mod support;

use mpsim::live::Command;
use mpsim_view::Input;
use support::busy::{self, BLOCK, GREEN, RED, block, next, write_app};

#[test]
fn the_page_scrolls_while_a_handler_is_busy() {
    let dir = std::env::temp_dir().join(format!("mpsim-live-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // About half a second of JS.
    write_app(&dir, 15_000_000);
    let (commands, frames, view) = busy::start(&dir, 1);
    let mut f = next(&frames);
    while block(&f, 1) != RED {
        f = next(&frames);
    }
    let (x, y) = BLOCK;
    commands.send(Command::Input(Input::Tap { x, y })).unwrap();
    commands
        .send(Command::Input(Input::Wheel {
            x: 300.0,
            y: 400.0,
            dy: 300.0,
        }))
        .unwrap();
    // The scrolled frame comes while the handler still runs: the block is still red.
    let mut f = next(&frames);
    while f.page_scroll == 0.0 {
        f = next(&frames);
    }
    assert_eq!(f.page_scroll, 300.0);
    assert_eq!(block(&f, 1), RED, "the view waited for the busy handler");
    // Then the handler finishes and its setData reaches the screen.
    while block(&f, 1) != GREEN {
        f = next(&frames);
    }
    assert_eq!(f.page_scroll, 300.0);
    commands.send(Command::Quit).unwrap();
    view.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
