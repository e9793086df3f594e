#![allow(clippy::unwrap_used, dead_code)]
//! What the logic tests share: small in-memory apps launched, and a stand-in for the view
//! that answers what the logic side waits for. (Each test file uses some of it.)

use mpsim_base::{MemVfs, Vfs};
use mpsim_bridge::{ToLogic, ToView};
use mpsim_logic::{AppService, LaunchOptions};
use mpsim_wxml::TreeOp;
use mpsim_wxml::{CompileOptions, Compiler};
use serde_json::Value;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

/// What a view does that the logic side waits for: it says when a page's first frame is up
/// and when a batch is applied. Returns the tree operations the messages carried.
pub fn settle(app: &mut AppService) -> Vec<TreeOp> {
    let mut ops = Vec::new();
    for _ in 0..100 {
        let msgs = app.take_messages();
        if msgs.is_empty() {
            break;
        }
        let mut pages = Vec::new();
        for m in msgs {
            match m {
                ToView::PageCreated { page, .. } => pages.push(page),
                ToView::Batch { id, ops: o } => {
                    ops.extend(o);
                    if id != 0 {
                        app.handle(ToLogic::Applied { id });
                    }
                }
                _ => {}
            }
        }
        for page in pages {
            app.handle(ToLogic::FirstRender { page });
        }
    }
    ops
}

/// Hands the app a message and lets it settle.
pub fn send(app: &mut AppService, msg: ToLogic) {
    app.handle(msg);
    settle(app);
}

pub fn tap(app: &mut AppService, selector: &str) {
    app.tap(selector).unwrap();
    settle(app);
}

pub fn nav(method: &str, url: &str) -> ToLogic {
    ToLogic::Navigate {
        method: method.into(),
        url: url.into(),
    }
}

pub fn launch(files: &[(&str, &str)], page: Option<&str>) -> AppService {
    launch_ops(files, page).0
}

/// Launches an app of one page, `p/i`, whose script is `page_js` and whose template is an
/// empty view.
pub fn launch_page(page_js: &str) -> AppService {
    launch(
        &[
            ("app.json", r#"{"pages": ["p/i"]}"#),
            ("app.js", "App({})"),
            ("p/i.wxml", "<view/>"),
            ("p/i.js", page_js),
        ],
        None,
    )
}

/// Launches, with the tree operations the launch produced.
pub fn launch_ops(files: &[(&str, &str)], page: Option<&str>) -> (AppService, Vec<TreeOp>) {
    let mut app = launch_unsettled(files, page);
    let ops = settle(&mut app);
    (app, ops)
}

/// Launches with no view answering: no page has had its first frame yet.
pub fn launch_unsettled(files: &[(&str, &str)], page: Option<&str>) -> AppService {
    launch_with(
        files,
        LaunchOptions {
            page: page.map(str::to_string),
            ..Default::default()
        },
    )
}

/// Launches with the given options, with no view answering yet.
pub fn launch_with(files: &[(&str, &str)], options: LaunchOptions) -> AppService {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_bytes())).collect();
    launch_files(&files, options)
}

/// Launches an app whose files may be binary, with no view answering yet.
pub fn launch_files(files: &[(&str, &[u8])], options: LaunchOptions) -> AppService {
    let mut vfs = MemVfs::new();
    for (p, c) in files {
        vfs.insert(p, *c);
    }
    let (project, diags) = mpsim_project::load(&vfs).unwrap();
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    let mut templates = BTreeMap::new();
    for path in project.components.keys() {
        let tpl = format!("{path}.wxml");
        if vfs.is_file(&tpl) {
            templates.insert(path.clone(), Arc::new(c.compile(&tpl)));
        }
    }
    let vfs: Rc<dyn Vfs> = Rc::new(vfs);
    AppService::launch(vfs, project, templates, options)
}

/// The trace reduced to `target.name` lines for lifecycles (with the instance path).
pub fn lifecycles(trace: &[Value]) -> Vec<String> {
    trace
        .iter()
        .filter(|l| l["type"] == "lifecycle")
        .map(|l| match l["target"].as_str() {
            Some("app") => format!("App.{}", l["name"].as_str().unwrap()),
            _ => format!(
                "{}.{}",
                short(l["is"].as_str().unwrap_or("")),
                l["name"].as_str().unwrap()
            ),
        })
        .collect()
}

pub fn short(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The console lines of a trace, each line's arguments joined by spaces.
pub fn console_lines(trace: &[Value]) -> Vec<String> {
    trace
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| {
            l["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn errors(trace: &[Value]) -> Vec<String> {
    trace
        .iter()
        .filter(|l| l["type"] == "error")
        .map(|l| l["message"].as_str().unwrap_or("").to_string())
        .collect()
}
