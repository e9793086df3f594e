//! The logic side as the browser's worker runs it: the app service over the packed app's
//! files, in memory, with wx storage handed back to the page (a worker has no
//! localStorage) and the mock rules from the pack.

use mpsim::pack::Pack;
use mpsim_base::{MemVfs, Vfs};
use mpsim_bridge::{ToLogic, ToView};
use mpsim_logic::{AppService, LaunchOptions, StorageBackend};
use mpsim_view::render::Device;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// wx storage held in the worker; what the app saved is taken by the page, which keeps it in
/// the browser's storage under the app id.
#[derive(Default)]
struct HandedStorage {
    held: RefCell<Option<String>>,
    saved: RefCell<Option<String>>,
}

impl StorageBackend for HandedStorage {
    fn load(&self) -> Option<String> {
        self.held.borrow().clone()
    }

    fn save(&self, json: &str) -> Result<(), String> {
        *self.held.borrow_mut() = Some(json.to_string());
        *self.saved.borrow_mut() = Some(json.to_string());
        Ok(())
    }
}

/// A running app's logic side.
pub struct Logic {
    app: AppService,
    storage: Rc<HandedStorage>,
    /// What the package loader says before the app does: the stylesheets.
    first: Vec<ToView>,
    diagnostics: Vec<String>,
}

impl Logic {
    /// Launches the packed app; `stored` is the wx storage the browser kept for it. Compile
    /// errors do not stop the launch (they are in [`Logic::diagnostics`]); a pack that is not
    /// a mini-program does.
    pub fn start(pack: &[u8], stored: Option<String>) -> Result<Logic, String> {
        let pack = Pack::from_bytes(pack)?;
        let compiled = mpsim::compile_project(&pack.app).map_err(|d| {
            d.first()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "the pack holds no mini-program".into())
        })?;
        let device = Device::parse(&pack.launch.device)
            .ok_or_else(|| format!("unknown device {}", pack.launch.device))?;
        let network = match &pack.launch.mock_rules {
            None => None,
            Some(name) => {
                let text = pack.mock.read_text(name).map_err(|e| e.to_string())?;
                let mock = mpsim::MockNetwork::parse(&text, name, Rc::new(pack.mock.clone()))
                    .map_err(|d| d.to_string())?;
                Some(Rc::new(mock) as Rc<dyn mpsim::Network>)
            }
        };
        let storage = Rc::new(HandedStorage {
            held: RefCell::new(stored),
            saved: RefCell::new(None),
        });
        let options = LaunchOptions {
            page: pack.launch.page.clone(),
            device: Some(mpsim::device_info(&device)),
            network,
            storage: Some(storage.clone() as Rc<dyn StorageBackend>),
            ..Default::default()
        };
        let options = mpsim::logic_options(&compiled, options, None);
        let first = vec![ToView::Styles(mpsim::style_config(&compiled))];
        let diagnostics = compiled
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        let root = app_root(&pack.app, &compiled.project.config.miniprogram_root);
        let vfs: Rc<dyn Vfs> = Rc::new(root);
        let app = AppService::launch(vfs, compiled.project, compiled.templates, options);
        Ok(Logic {
            app,
            storage,
            first,
            diagnostics,
        })
    }

    /// The compile errors of the pages that did not compile.
    pub fn diagnostics(&self) -> &[String] {
        &self.diagnostics
    }

    pub fn handle(&mut self, msg: ToLogic) {
        self.app.handle(msg);
    }

    /// Virtual time moves on by `ms` (the worker follows the page's clock).
    pub fn advance(&mut self, ms: u64) {
        self.app.handle(ToLogic::Advance { ms });
    }

    /// What the logic side has for the view since the last call.
    pub fn take_messages(&mut self) -> Vec<ToView> {
        let mut out = std::mem::take(&mut self.first);
        out.extend(self.app.take_messages());
        out
    }

    /// The wx storage the app saved since the last call, as JSON.
    pub fn take_storage(&mut self) -> Option<String> {
        self.storage.saved.borrow_mut().take()
    }

    /// The trace since the last call (the worker prints console lines and errors).
    pub fn take_trace(&mut self) -> Vec<Value> {
        self.app.take_trace()
    }

    pub fn current_route(&self) -> String {
        self.app.current_route()
    }
}

/// The files under the project's `miniprogramRoot`, with paths relative to it.
fn app_root(files: &MemVfs, root: &str) -> MemVfs {
    let prefix = root.trim_matches('/');
    if prefix.is_empty() {
        return files.clone();
    }
    let mut out = MemVfs::new();
    for path in files.list_files(prefix) {
        if let (Some(rel), Ok(bytes)) = (path.strip_prefix(prefix), files.read(&path)) {
            out.insert(rel.trim_start_matches('/'), bytes);
        }
    }
    out
}

/// The app id in a pack's project.config.json (the key the page keeps its storage under),
/// and the device it launches on.
pub fn pack_info(pack: &[u8]) -> Result<(String, String), String> {
    let pack = Pack::from_bytes(pack)?;
    let appid = pack
        .app
        .read_text("project.config.json")
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v["appid"].as_str().map(str::to_string))
        .unwrap_or_else(|| "app".into());
    Ok((appid, pack.launch.device))
}
