//! Running a mini-program: compile the folder, start the app service, and drive it.

use crate::compile::compile_project;
use mpsim_base::{Diagnostic, DiskVfs, Vfs};
use mpsim_logic::{AppService, LaunchOptions};
use serde_json::Value;
use std::path::Path;
use std::rc::Rc;

/// A launched app with the diagnostics its compilation produced.
pub struct Simulator {
    pub app: AppService,
    pub diagnostics: Vec<Diagnostic>,
}

impl Simulator {
    /// Compiles the mini-program in `dir` and launches it. `Err` when `dir` is not a
    /// mini-program. Compile errors do not stop the launch: the pages that compiled run.
    pub fn launch(dir: &Path, options: LaunchOptions) -> Result<Simulator, Vec<Diagnostic>> {
        let compiled = compile_project(&DiskVfs::new(dir))?;
        let root = dir.join(&compiled.project.config.miniprogram_root);
        let vfs: Rc<dyn Vfs> = Rc::new(DiskVfs::new(root));
        let app = AppService::launch(vfs, compiled.project, compiled.templates, options);
        Ok(Simulator {
            app,
            diagnostics: compiled.diagnostics,
        })
    }

    /// Runs an actions script (see [`crate::script`]); returns the first failing step's error.
    pub fn run_script(&mut self, steps: &[Value]) -> Result<(), String> {
        for (i, step) in steps.iter().enumerate() {
            crate::script::run_step(&mut self.app, step)
                .map_err(|e| format!("step {}: {e}", i + 1))?;
        }
        Ok(())
    }
}
