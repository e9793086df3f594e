//! mpsim: load, compile, run and render mini-programs.
//!
//! - [`check`]: compile a whole project and report what is wrong with it.
//! - [`Simulator`]: launch it and drive it (tap, input, navigate, advance time), reading the
//!   trace of every lifecycle, setData, event and console call.

pub mod automation;
pub mod check;
pub mod compile;
pub mod gallery;
pub mod live;
#[cfg(feature = "live-network")]
pub mod live_network;
pub mod merchant;
pub mod mock;
pub mod pack;
pub mod replay;
pub mod script;
mod simulator;
pub mod storage;
pub mod suite;

pub use mock::MockNetwork;
pub use mpsim_logic::{
    AppService, DeviceInfo, LOOP_LIMIT, LaunchOptions, NetRequest, NetResponse, Network,
    StorageBackend,
};
pub use mpsim_view::Frame;
pub use simulator::{Simulator, device_info, logic_options, style_config, view_device};

pub use check::{CheckReport, check_path};
pub use compile::{
    CompileCache, CompiledProject, compile_project, compile_project_for, compile_project_with,
};
pub use mpsim_base::{Diagnostic, DiskVfs, MemVfs, Severity, Vfs};
