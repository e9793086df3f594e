//! mpsim-wxss: WXSS from text to computed style.
//!
//! - [`sheet`]: parsing with lightningcss (error recovery on), `@import` inlined with cycle
//!   reports, rules kept with their rpx numbers apart ([`rpx`]) so one compile serves any width.
//! - [`selector`]: the selectors real apps use, with specificity and matching.
//! - [`tree`]: the node tree styles apply to, with component style scopes (`styleIsolation`,
//!   `addGlobalClass`, `~`/`^` class prefixes, external classes).
//! - [`props`]: the table of the properties mpsim draws: kind, inheritance, initial value.
//! - [`index`]: rules indexed by their selectors' rightmost id, class or tag.
//! - [`cascade`]: importance, specificity, order, inheritance, custom properties and `var()`.

pub mod cascade;
pub mod index;
mod known;
pub mod props;
pub mod rpx;
pub mod selector;
pub mod sheet;
pub mod tree;

pub use cascade::{ComputedStyle, ScopedSheet, cascade, compute};
pub use index::{Matched, NodeKeys, RuleIndex, StyledTree};
pub use rpx::Screen;
pub use sheet::{StyleSheet, compile_file};
pub use tree::{Isolation, StyleNode, StyleTree};
