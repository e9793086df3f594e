//! mpsim-view: the render side of the bridge.
//!
//! - [`ViewTree`]: the node tree built from [`ToView`](mpsim_bridge::ToView) messages: pages,
//!   elements and text, and the shadow roots component templates render under.
//! - [`compose`]: the composed tree a user sees: each component host shows its shadow tree,
//!   with `<slot>` elements replaced by the host's own children (default and named slots).
//! - [`style`]: computed styles of the composed tree through mpsim-wxss, with per-component
//!   style scopes and app.wxss.
//!
//! Layout and painting build on the composed, styled tree.

pub mod compose;
pub mod css;
pub mod style;
pub mod text;
mod tree;

pub use compose::{Composed, compose_page};
pub use style::{Styles, compute_page_styles};
pub use tree::{VNode, ViewTree};
