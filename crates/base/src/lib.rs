//! mpsim-base: the vocabulary every other mpsim crate speaks.
//!
//! - [`Diagnostic`]: what a compiler stage reports (file, line:col, severity, code, message).
//! - [`SourceFile`] and [`Span`]: byte ranges into a file and their line/column positions.
//! - [`Vfs`]: how files are read, so that the core also runs where there is no disk (wasm32).
//! - [`DataPath`]: the `a.b[1].c` paths of `setData` and of template dependencies.
//! - [`js`]: JavaScript's value-to-string rules, which templates render with.

mod datapath;
mod diag;
pub mod js;
mod source;
mod vfs;
pub mod vpath;

pub use datapath::{DataPath, MAX_INDEX, PathSeg, set_path};
pub use diag::{Diagnostic, Severity, render_text, summary_counts};
pub use source::{SourceFile, Span};
pub use vfs::{DiskVfs, MemVfs, SubVfs, Vfs, VfsError};
