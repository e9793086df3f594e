//! mpsim-project: reads a mini-program folder into a [`Project`].
//!
//! It reads project.config.json, app.json (with ext.json merged over it when a third-party
//! template enables it), every page's and component's .json, and resolves `usingComponents`
//! (relative, absolute, `miniprogram_npm`, `resolveAlias`). Problems are diagnostics; the
//! project loads as far as it can.

pub mod builtin;
pub mod dialect;
pub mod json;
mod load;
pub mod resolve;
pub mod theme;

pub use dialect::Dialect;
pub use load::{
    AppConfig, ComponentConfig, ExtConfig, PROJECT_FILES, PageEntry, Project, ProjectConfig,
    Renderer, SubPackage, TabBar, TabBarItem, Using, load, load_with_ext,
};
