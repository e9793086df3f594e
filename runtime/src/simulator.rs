//! Running a mini-program: compile the folder, start the app service and the view, and drive
//! them together (deterministically, on the caller's thread).

use crate::compile::compile_project;
use mpsim_base::{Diagnostic, DiskVfs, Vfs};
use mpsim_logic::{AppService, LaunchOptions};
use mpsim_view::{Composed, Styles, ViewTree, compose_page};
use mpsim_wxml::NodeId;
use mpsim_wxss::{ComputedStyle, Isolation, Screen};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

/// A launched app, its view, and the diagnostics its compilation produced.
pub struct Simulator {
    pub app: AppService,
    pub view: ViewTree,
    pub styles: Styles,
    pub diagnostics: Vec<Diagnostic>,
}

impl Simulator {
    /// Compiles the mini-program in `dir` and launches it. `Err` when `dir` is not a
    /// mini-program. Compile errors do not stop the launch: the pages that compiled run.
    pub fn launch(dir: &Path, options: LaunchOptions) -> Result<Simulator, Vec<Diagnostic>> {
        let compiled = compile_project(&DiskVfs::new(dir))?;
        let root = dir.join(&compiled.project.config.miniprogram_root);
        let vfs: Rc<dyn Vfs> = Rc::new(DiskVfs::new(root));
        let mut styles = Styles {
            app: compiled.styles.get("app").cloned(),
            ..Default::default()
        };
        for (path, sheet) in &compiled.styles {
            styles.sheets.insert(path.clone(), sheet.clone());
        }
        for (path, cfg) in &compiled.project.components {
            styles.isolation.insert(
                path.clone(),
                Isolation::from_config(cfg.style_isolation.as_deref(), cfg.add_global_class),
            );
        }
        let app = AppService::launch(vfs, compiled.project, compiled.templates, options);
        let mut sim = Simulator {
            app,
            view: ViewTree::new(),
            styles,
            diagnostics: compiled.diagnostics,
        };
        sim.sync();
        Ok(sim)
    }

    /// Hands the logic side's pending messages to the view.
    pub fn sync(&mut self) {
        for m in self.app.take_messages() {
            self.view.apply(&m);
        }
    }

    /// Runs an actions script (see [`crate::script`]); returns the first failing step's error.
    pub fn run_script(&mut self, steps: &[Value]) -> Result<(), String> {
        for (i, step) in steps.iter().enumerate() {
            crate::script::run_step(&mut self.app, step)
                .map_err(|e| format!("step {}: {e}", i + 1))?;
            self.sync();
        }
        Ok(())
    }

    /// The composed tree of the page on screen.
    pub fn page_tree(&mut self) -> Option<Composed> {
        self.sync();
        let page = self.view.current_page()?;
        compose_page(&self.view, page)
    }

    /// The composed tree of the page on screen as JSON (the documented dump shape).
    pub fn page_tree_json(&mut self) -> Value {
        self.page_tree().map(|c| c.to_json()).unwrap_or(Value::Null)
    }

    /// Computed styles of the page on screen, by node.
    pub fn page_styles(&mut self, screen: Screen) -> HashMap<NodeId, ComputedStyle> {
        let Some(tree) = self.page_tree() else {
            return HashMap::new();
        };
        let route = self.app.current_route();
        let view = &self.view;
        let path_of = |c: u32| view.component_path(c).map(str::to_string);
        mpsim_view::compute_page_styles(&tree, &route, &self.styles, &path_of, screen)
    }
}
