//! mpsim: load, compile, run and render mini-programs.
//!
//! Today the library compiles a whole project and reports what is wrong with it ([`check`]);
//! running pages (logic and view) builds on the same loading and compiling steps.

pub mod check;
pub mod compile;

pub use check::{CheckReport, check_path};
pub use compile::{CompiledProject, compile_project};
pub use mpsim_base::{Diagnostic, DiskVfs, MemVfs, Severity, Vfs};
