//! mpsim-bridge: what crosses between the logic thread and the view thread.
//!
//! - [`ToView`]: tree-operation batches (one setData or one page build is one batch), shadow
//!   roots of components, page switches, native UI requests.
//! - [`ToLogic`]: events from the view (as plain data), first-render acknowledgements, and
//!   answers to selector queries.
//! - Two transports with the same interface: [`Deterministic`] (both sides on the caller's
//!   thread, messages delivered in the order sent, when the driver asks) and [`threaded`]
//!   (real threads joined by channels), and a [`Recorder`] that writes every message as a JSON
//!   line.

mod bytes;
mod messages;
mod recorder;
pub mod screen;
pub mod threaded;
mod transport;

pub use bytes::{decode_bytes, encode_bytes};
pub use messages::{
    AppConfig, ComponentOptions, EventMessage, NodeBox, QueryAnswer, QueryRequest, Skyline,
    StackEntry, StyleConfig, TabBarConfig, TabItem, ToLogic, ToView, Touch,
};
pub use recorder::{Recorded, Recorder, read_recording};
pub use transport::{Deterministic, Side};
