//! mpsim-view: the render side of the bridge.
//!
//! - [`View`]: the view side as one object, fed only [`ToView`](mpsim_bridge::ToView)
//!   messages and speaking only [`ToLogic`](mpsim_bridge::ToLogic) ones.
//! - [`ViewTree`]: the node tree built from [`ToView`](mpsim_bridge::ToView) messages: pages,
//!   elements and text, and the shadow roots component templates render under.
//! - [`compose`]: the composed tree a user sees: each component host shows its shadow tree,
//!   with `<slot>` elements replaced by the host's own children (default and named slots).
//! - [`style`]: computed styles of the composed tree through mpsim-wxss, with per-component
//!   style scopes and app.wxss.
//!
//! - [`layout`]: boxes from taffy (block, flex, grid) and paragraphs of wrapped text.
//! - [`paint`] and [`render`]: a display list, then pixels, inside the phone's chrome.
//! - [`query`]: selector-query answers (rects, scroll offsets, styles) from the layout.

mod autoplay;
pub mod compose;
mod controls;
pub mod css;
pub mod effects;
pub mod gesture;
pub mod layout;
pub mod paint;
pub mod query;
pub mod raster;
pub mod render;
mod rich_text;
pub mod status_bar;
pub mod style;
pub mod text;
mod tree;
mod view;

/// A set of node ids, with a hasher fit for them (frames look nodes up by the thousand).
pub type NodeSet = IdSet<mpsim_wxml::NodeId>;
/// A set of ids of any kind, hashed as [`NodeSet`] is.
pub(crate) type IdSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;
/// A map keyed by node ids (see [`NodeSet`]).
pub(crate) type NodeMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

pub use compose::{Composed, compose_page};
pub use style::{Media, Styles, compute_page_styles};
pub use tree::{VNode, ViewTree};
pub use view::{Frame, Input, View};
