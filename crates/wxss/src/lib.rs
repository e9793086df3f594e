//! mpsim-wxss: WXSS from text to computed style.
//!
//! - [`sheet`]: parsing with lightningcss (error recovery on), `@import` inlined with cycle
//!   reports, rules kept with their rpx numbers apart ([`rpx`]) so one compile serves any width.
//! - [`selector`]: the selectors real apps use, with specificity and matching.
//! - [`tree`]: the node tree styles apply to, with component style scopes (`styleIsolation`,
//!   `addGlobalClass`, `~`/`^` class prefixes, external classes).
//! - [`cascade`]: importance, specificity, order, inheritance, custom properties and `var()`.

pub mod cascade;
mod known;
pub mod rpx;
pub mod selector;
pub mod sheet;
pub mod tree;

pub use cascade::{ComputedStyle, ScopedSheet, compute};
pub use rpx::Screen;
pub use sheet::{StyleSheet, compile_file};
pub use tree::{Isolation, StyleNode, StyleTree};
