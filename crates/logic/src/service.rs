//! The app service: the state the logic layer keeps in Rust (instances, their data mirrors and
//! template instances, the composed-tree mirror, the page stack, the virtual clock, the trace)
//! and the orchestration of lifecycles around the JS framework.
//!
//! State lives in an `Rc<RefCell<State>>` stored in the JS context, because native functions
//! called from JS (setData, navigate...) must reach it. No borrow is held across a call into
//! JS: every step borrows, copies what it needs, releases, then calls.

use crate::js::{self, json_arg, str_value};
use crate::mirror::Mirror;
use crate::trace::Trace;
use crate::wxs::WxsRealm;
use boa_engine::{Context, JsResult, JsValue};
use mpsim_base::{DataPath, Vfs};
use mpsim_bridge::ToView;
use mpsim_project::Project;
use mpsim_wxml::program::AttrKey;
use mpsim_wxml::{NodeId, TemplateInstance, TemplateProgram, TreeOp, TreeSink};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

pub type Shared = Rc<RefCell<State>>;

/// setData payloads above this are refused, with the size in the message (the phone's limit).
pub const SETDATA_MAX_BYTES: usize = 1024 * 1024;
/// setData payloads above this leave a warning (the official performance audit's threshold).
pub const SETDATA_WARN_BYTES: usize = 256 * 1024;
/// The page stack limit.
pub const MAX_PAGES: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    Component,
}

pub struct Inst {
    pub kind: Kind,
    /// Base path (`pages/index/index`, `components/card/card`).
    pub path: String,
    pub template: Option<TemplateInstance>,
    pub data: Value,
    /// The page root node, or the host node of a component.
    pub root: NodeId,
    /// The page this instance belongs to (itself for a page).
    pub page: u32,
    pub using: Vec<(String, String)>,
    pub attached: bool,
    pub ready: bool,
    /// A page is shown (between onShow and onHide): it never gets a second onShow or onHide.
    pub shown: bool,
    /// The instance's page is drawn by Skyline (templates update inside setData).
    pub skyline: bool,
    /// A page's query (its `options`); null for components.
    pub query: Value,
}

pub struct Timer {
    pub id: u32,
    pub interval: Option<u64>,
    /// How many timer tasks led to this one (see [`MIN_NESTED_DELAY`]).
    pub nesting: u32,
}

/// Timers set from inside more than [`NESTING_CLAMP`] nested timer tasks wait at least this
/// many ms, as in browsers (the HTML timer rules): a chain of `setTimeout(f, 0)` (or of
/// instant network answers) that re-arms itself forever lets time move on, so waiting for
/// the app to go idle ends within its budget instead of spinning at one instant.
pub const MIN_NESTED_DELAY: u64 = 4;
pub const NESTING_CLAMP: u32 = 5;

/// A navigation requested by app code, carried out when the current task ends.
#[derive(Debug, Clone)]
pub struct Navigation {
    pub method: String,
    pub arg: String,
}

pub struct State {
    pub vfs: Rc<dyn Vfs>,
    pub project: Project,
    /// What app.json says about the screen (the window config and tabBar), as the view has it.
    pub screen: mpsim_bridge::AppConfig,
    pub templates: BTreeMap<String, Arc<TemplateProgram>>,
    pub insts: HashMap<u32, Inst>,
    pub next_inst: u32,
    pub next_node: NodeId,
    pub mirror: Mirror,
    /// Messages for the view not yet taken (tree-op batches, pages, shadow roots, native UI).
    pub outbox: Vec<ToView>,
    pub pages: Vec<u32>,
    /// Tab pages kept alive by switchTab.
    pub tabs: HashMap<String, u32>,
    pub clock: u64,
    pub timers: BTreeMap<(u64, u64), Timer>,
    pub timer_ids: HashMap<u32, (u64, u64)>,
    pub timer_seq: u64,
    /// The nesting of the timer task running now (0 outside timers).
    pub timer_nesting: u32,
    /// setData callbacks registered in the current task, waiting for its batch.
    pub after_render: Vec<u32>,
    /// Instances whose data changed in the current task, with the changed paths, in the order
    /// of their first setData: their templates update when the task ends, in one batch.
    pub dirty: Vec<(u32, Vec<DataPath>)>,
    /// The last tree-operation batch id sent.
    pub batch_seq: u64,
    /// setData callbacks waiting for the view to apply a batch: (batch id, callbacks).
    pub awaiting: Vec<(u64, Vec<u32>)>,
    /// What the view last heard of the page stack and the clock.
    pub sent_stack: Vec<mpsim_bridge::StackEntry>,
    pub sent_clock: u64,
    pub navigations: Vec<Navigation>,
    pub loaded_modules: BTreeSet<String>,
    pub trace: Trace,
    pub wxs: Rc<WxsRealm>,
    pub api_name: String,
    /// The merchant deployment the app runs as, if any.
    pub deployment: Option<crate::Deployment>,
    /// The address each `<web-view>` was last checked at (see `webview.rs`).
    pub web_views: std::collections::HashMap<NodeId, String>,
    /// Live socket connections by id (see `sockets.rs`).
    pub live_sockets: BTreeMap<u32, Box<dyn crate::network::Socket>>,
    pub next_socket: u32,
    pub rejections: crate::rejections::Pending,
    /// The device system info reports.
    pub device: Value,
    pub storage: Option<Rc<dyn crate::StorageBackend>>,
    /// The last selector query id sent to the view.
    pub next_query: u32,
    /// Answers wx.request and friends; every call fails when there is none.
    pub network: Option<Rc<dyn crate::network::Network>>,
    /// What `Date.now()` says at virtual time 0.
    pub epoch_ms: u64,
    /// The files the app made: downloads, picked photos, what it wrote.
    pub files: crate::files::Files,
    /// Answers and events for an automation client, until the driver takes them.
    pub automation: crate::automation::Automation,
    /// The app's canvases (`<canvas type="2d">`, offscreen, the first canvas API's).
    pub canvases: crate::canvas::Canvases,
}

impl State {
    pub fn record(&mut self, fields: Value) {
        let t = self.clock;
        self.trace.record(t, fields);
    }
}

/// The bytes behind a path the app names (see [`crate::files::read`]); downloads and album
/// files come from the embedder's network.
pub fn read_file(s: &State, path: &str) -> Option<Vec<u8>> {
    read_file_or_error(s, path).ok()
}

/// One FileSystemManager operation on the app's files, for `js/media.js`: `op` names it and
/// `a` holds its paths (`path`, `to`), bytes (`data`, base64) and flags (`append`,
/// `recursive`). Reads go anywhere the app may read (package, temp, network); everything
/// else only to the `wxfile://` folders.
pub fn file_op(s: &mut State, op: &str, a: &Value) -> Result<Value, crate::files::FsError> {
    use crate::files::FsError;
    let text = |k: &str| a[k].as_str().unwrap_or_default().to_string();
    let flag = |k: &str| a[k].as_bool().unwrap_or(false);
    let path = text("path");
    Ok(match op {
        "read" => {
            let bytes = read_file_or_error(s, &path)?;
            json!(mpsim_bridge::encode_bytes(&bytes))
        }
        "write" => {
            let bytes = mpsim_bridge::decode_bytes(&text("data"))
                .ok_or_else(|| FsError::Io("the data is not base64".into()))?;
            s.files.write(&path, bytes, flag("append"))?;
            Value::Null
        }
        "unlink" => json!(s.files.unlink(&path)?),
        "mkdir" => json!(s.files.mkdir(&path, flag("recursive"))?),
        "rmdir" => json!(s.files.rmdir(&path, flag("recursive"))?),
        "readdir" => json!(s.files.readdir(&path)?),
        "rename" => json!(s.files.rename(&path, &text("to"))?),
        "list" => json!(s.files.files_below(&path)?),
        "stat" => {
            let stat = match crate::files::Place::of(&path)? {
                crate::files::Place::File(_) => s.files.stat(&path)?,
                crate::files::Place::Package(p) if s.vfs.is_dir(&p) => Some(crate::files::Stat {
                    dir: true,
                    size: 0,
                    modified: None,
                }),
                _ => read_file_or_error(s, &path)
                    .ok()
                    .map(|b| crate::files::Stat {
                        dir: false,
                        size: b.len() as u64,
                        modified: None,
                    }),
            };
            let st = stat.ok_or(FsError::NotFound)?;
            json!({"dir": st.dir, "size": st.size, "modified": st.modified})
        }
        _ => return Err(FsError::Io(format!("unknown file operation {op}"))),
    })
}

/// [`read_file`] with the reason it failed.
fn read_file_or_error(s: &State, path: &str) -> Result<Vec<u8>, crate::files::FsError> {
    let network = s.network.clone();
    let fetch = move |source: &crate::files::Source| {
        let n = network.as_ref()?;
        match source {
            crate::files::Source::Url(url) => n.file(url),
            crate::files::Source::Album(name) => n.album_file(name),
            crate::files::Source::Bytes(b) => Some(b.clone()),
        }
    };
    crate::files::read(&s.files, s.vfs.as_ref(), path, &fetch)
}

/// The page on top of the stack. (A function, so that no borrow outlives the read: holding
/// one across a call into JS would make the natives' own borrows fail.)
pub fn top_page(st: &Shared) -> Option<u32> {
    st.borrow().pages.last().copied()
}

/// Node ids come from one counter for every template instance of the app.
struct Sink<'a> {
    next: &'a mut NodeId,
    ops: Vec<TreeOp>,
}

impl TreeSink for Sink<'_> {
    fn alloc_id(&mut self) -> NodeId {
        *self.next += 1;
        *self.next
    }

    fn op(&mut self, op: TreeOp) {
        self.ops.push(op);
    }
}

pub fn shared(ctx: &Context) -> Shared {
    match ctx.get_data::<Shared>() {
        Some(s) => s.clone(),
        None => unreachable!("the app service state is installed before any script runs"),
    }
}

/// Calls into the framework; an exception that escapes it is a bug in mpsim, reported as such.
pub fn fw(ctx: &mut Context, method: &str, args: &[JsValue]) -> JsValue {
    match js::call_global(ctx, "__fw", method, args) {
        Ok(v) => v,
        Err(e) => {
            let msg = js::error_text(&e, ctx);
            shared(ctx).borrow_mut().record(json!({"type": "error", "message": msg, "stack": "", "where": format!("framework {method}")}));
            JsValue::undefined()
        }
    }
}

fn fw_string(ctx: &mut Context, method: &str, args: &[JsValue]) -> String {
    let v = fw(ctx, method, args);
    js::to_string(&v, ctx)
}

/// Loads a page's or component's script once.
pub fn ensure_module(ctx: &mut Context, base: &str) {
    let st = shared(ctx);
    let file = format!("{base}.js");
    {
        let mut s = st.borrow_mut();
        if !s.loaded_modules.insert(base.to_string()) {
            return;
        }
        if !s.vfs.is_file(&file) {
            let ts = format!("{base}.ts");
            let message = if s.vfs.is_file(&ts) {
                format!(
                    "`{ts}` is TypeScript, which mpsim does not compile yet (the IDE's `useCompilerPlugins`); `{base}` has no script"
                )
            } else {
                format!("`{file}` does not exist; `{base}` has no script")
            };
            s.record(json!({"type": "warning", "message": message}));
            return;
        }
    }
    fw(ctx, "runModule", &[str_value(&file)]);
}

fn using_of(project: &Project, path: &str) -> Vec<(String, String)> {
    project
        .components
        .get(path)
        .map(|c| {
            c.using
                .iter()
                .filter_map(|u| Some((u.tag.clone(), u.target.clone()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// How Skyline draws page `route`, when it does: `rendererOptions.skyline` of the page's json,
/// else of app.json.
fn skyline_of(project: &Project, route: &str) -> Option<mpsim_bridge::Skyline> {
    if project.renderer(route) != mpsim_project::Renderer::Skyline {
        return None;
    }
    let options =
        |raw: &serde_json::Map<String, Value>| raw.get("rendererOptions")?.get("skyline").cloned();
    let page = project.components.get(route).and_then(|c| options(&c.raw));
    page.or_else(|| options(&project.app.raw))
        .and_then(|v| serde_json::from_value(v).ok())
        .or(Some(mpsim_bridge::Skyline::default()))
}

/// Creates a page instance: data from the definition, template rendered, components created.
pub fn create_page(ctx: &mut Context, route: &str, query: &Value) -> u32 {
    ensure_module(ctx, route);
    let st = shared(ctx);
    let (id, root) = {
        let mut s = st.borrow_mut();
        s.next_inst += 1;
        s.next_node += 1;
        let (id, root) = (s.next_inst, s.next_node);
        s.mirror.add_root(root, id);
        let window = s
            .project
            .components
            .get(route)
            .map(|c| c.window.clone())
            .unwrap_or_default();
        let skyline = skyline_of(&s.project, route);
        s.outbox.push(ToView::PageCreated {
            page: id,
            root,
            route: route.to_string(),
            window,
            skyline,
        });
        (id, root)
    };
    let data_json = fw_string(
        ctx,
        "createPage",
        &[JsValue::from(id), str_value(route), json_arg(query)],
    );
    let data: Value = serde_json::from_str(&data_json).unwrap_or(json!({}));
    {
        let mut s = st.borrow_mut();
        let template = s
            .templates
            .get(route)
            .cloned()
            .map(|p| TemplateInstance::new(p, root));
        let using = using_of(&s.project, route);
        let skyline = s.project.renderer(route) == mpsim_project::Renderer::Skyline;
        s.insts.insert(
            id,
            Inst {
                kind: Kind::Page,
                path: route.to_string(),
                template,
                data,
                root,
                page: id,
                using,
                attached: true,
                ready: false,
                shown: false,
                skyline,
                query: query.clone(),
            },
        );
    }
    render(ctx, id);
    attach_custom_tab_bar(ctx, id, route, root);
    id
}

/// A tab page of an app with `tabBar.custom` gets its own instance of `custom-tab-bar/index`,
/// hosted by a `<custom-tab-bar>` element after the page's content (the view pins it to the
/// bottom of the screen, where the native tabBar would be).
fn attach_custom_tab_bar(ctx: &mut Context, page: u32, route: &str, root: NodeId) {
    let st = shared(ctx);
    let op = {
        let mut s = st.borrow_mut();
        let custom = s.project.app.tab_bar.as_ref().is_some_and(|t| t.custom);
        let declared = s
            .insts
            .get(&page)
            .is_some_and(|i| i.using.iter().any(|(t, _)| t == "custom-tab-bar"));
        if !custom || !declared || !s.project.app.is_tab_page(route) {
            return;
        }
        s.next_node += 1;
        TreeOp::CreateElement {
            id: s.next_node,
            parent: root,
            before: None,
            tag: "custom-tab-bar".into(),
            attrs: Vec::new(),
        }
    };
    process_ops(ctx, page, vec![op]);
}

/// Runs `f` on an instance's template instance with its data, a WXS host and the app's node
/// id counter, without copying the data. Nothing in here calls back into the app's JS.
fn with_template(
    st: &Shared,
    id: u32,
    f: impl FnOnce(
        &mut TemplateInstance,
        &Value,
        &dyn mpsim_wxml::expr::WxsHost,
        &mut dyn TreeSink,
    ) -> Vec<mpsim_wxml::RenderWarning>,
) -> Option<(Vec<TreeOp>, Vec<mpsim_wxml::RenderWarning>)> {
    let mut guard = st.borrow_mut();
    let State {
        insts,
        next_node,
        wxs,
        vfs,
        ..
    } = &mut *guard;
    let Inst { template, data, .. } = insts.get_mut(&id)?;
    let tpl = template.as_mut()?;
    let host = wxs.host_for(tpl.program().clone(), vfs.clone());
    let mut sink = Sink {
        next: next_node,
        ops: Vec::new(),
    };
    let warnings = f(tpl, data, &host, &mut sink);
    Some((sink.ops, warnings))
}

/// Renders an instance's template for the first time and processes what it creates.
fn render(ctx: &mut Context, id: u32) {
    let st = shared(ctx);
    let Some((ops, warnings)) = with_template(&st, id, |tpl, data, host, sink| {
        tpl.render(data, host, sink)
    }) else {
        return;
    };
    report_render_warnings(&st, id, warnings);
    process_ops(ctx, id, ops);
}

fn report_render_warnings(st: &Shared, id: u32, warnings: Vec<mpsim_wxml::RenderWarning>) {
    if warnings.is_empty() {
        return;
    }
    let mut s = st.borrow_mut();
    let path = s.insts.get(&id).map(|i| i.path.clone()).unwrap_or_default();
    for w in warnings {
        s.record(json!({"type": "warning", "message": format!("{path}: {}:{}: {}", w.line, w.col, w.message)}));
    }
}

/// Applies setData's paths to the data mirror; the template updates when the current task
/// ends (see [`flush_updates`]), as the WebView renderer does.
pub fn set_data(ctx: &mut Context, id: u32, payload: &str) -> bool {
    let st = shared(ctx);
    let bytes = payload.len();
    {
        let mut s = st.borrow_mut();
        let is = s.insts.get(&id).map(|i| i.path.clone()).unwrap_or_default();
        if bytes > SETDATA_MAX_BYTES {
            s.record(json!({"type": "error", "message": format!("setData payload is {} KB, over the 1024 KB limit; the data was not set", bytes / 1024), "stack": "", "where": format!("{is}.setData")}));
            return false;
        }
        let obj: serde_json::Map<String, Value> = match serde_json::from_str(payload) {
            Ok(Value::Object(o)) => o,
            _ => return false,
        };
        let mut paths = Vec::new();
        let mut keys = Vec::new();
        let mut refused = Vec::new();
        if let Some(inst) = s.insts.get_mut(&id) {
            for (k, v) in obj {
                match DataPath::parse(&k) {
                    Ok(p) => {
                        mpsim_base::set_path(&mut inst.data, p.segs(), v);
                        paths.push(p);
                        keys.push(k);
                    }
                    Err(e) => refused.push(e),
                }
            }
        }
        for e in refused {
            s.record(json!({"type": "error", "message": format!("setData: {e}; that key was not set"), "stack": "", "where": format!("{is}.setData")}));
        }
        let mut line =
            json!({"type": "setData", "id": id, "is": is, "paths": keys, "bytes": bytes});
        if bytes > SETDATA_WARN_BYTES {
            line["warning"] = json!(format!(
                "setData payload is {} KB, over the 256 KB the performance audit allows",
                bytes / 1024
            ));
        }
        s.record(line);
        match s.dirty.iter_mut().find(|(d, _)| *d == id) {
            Some((_, pending)) => pending.extend(paths),
            None => s.dirty.push((id, paths)),
        }
    }
    true
}

/// Under Skyline (glass-easel), `setData` updates the template before it returns: instance
/// `id`'s pending update (and what it sets off) is applied now when its page is a Skyline
/// page. WebView pages keep theirs for the end of the task.
pub fn apply_now_if_skyline(ctx: &mut Context, id: u32) {
    let st = shared(ctx);
    if !st.borrow().insts.get(&id).is_some_and(|i| i.skyline) {
        return;
    }
    // What this setData (and the lifetimes it sets off) changed, on Skyline pages.
    for _ in 0..1_000 {
        let due = {
            let mut s = st.borrow_mut();
            let at = s
                .dirty
                .iter()
                .position(|(inst, _)| s.insts.get(inst).is_some_and(|i| i.skyline));
            at.map(|i| s.dirty.remove(i))
        };
        let Some((inst, paths)) = due else { break };
        update(ctx, inst, &paths);
    }
}

/// The end of a logic task: every instance whose data changed updates its template with the
/// paths of all its setData calls (components that appear are created and attached now, after
/// the handler returned), and the task's setData callbacks wait for the view to apply what
/// was sent. Returns whether anything was updated.
pub fn flush_updates(ctx: &mut Context) -> bool {
    let st = shared(ctx);
    let mut any = false;
    // Component lifetimes run here may set data again: those updates join this flush.
    for _ in 0..1_000 {
        let dirty = std::mem::take(&mut st.borrow_mut().dirty);
        if dirty.is_empty() {
            break;
        }
        any = true;
        for (id, paths) in dirty {
            update(ctx, id, &paths);
        }
    }
    let mut s = st.borrow_mut();
    let callbacks = std::mem::take(&mut s.after_render);
    if !callbacks.is_empty() {
        // The callbacks wait for the view to apply what this task sent: the last batch gets
        // an id the view answers with `Applied` (with nothing to send, an empty batch asks).
        let last = s
            .outbox
            .iter()
            .rposition(|m| matches!(m, ToView::Batch { .. }));
        let id = match last.and_then(|i| s.outbox.get(i)) {
            Some(ToView::Batch { id, .. }) if *id != 0 => *id,
            _ => {
                s.batch_seq += 1;
                let id = s.batch_seq;
                match last.and_then(|i| s.outbox.get_mut(i)) {
                    Some(ToView::Batch { id: bid, .. }) => *bid = id,
                    _ => s.outbox.push(ToView::Batch {
                        id,
                        ops: Vec::new(),
                    }),
                }
                id
            }
        };
        s.awaiting.push((id, callbacks));
    }
    any
}

/// Runs what waited for this task's template updates (selector queries, which then match
/// the updated tree). Returns whether anything ran.
pub fn run_after_updates(ctx: &mut Context) -> bool {
    let r = js::call_global(ctx, "__fw", "runAfterUpdates", &[]);
    report(ctx, r, "selector query")
        .and_then(|v| v.as_number())
        .is_some_and(|n| n > 0.0)
}

fn update(ctx: &mut Context, id: u32, paths: &[DataPath]) {
    let st = shared(ctx);
    let Some((ops, warnings)) = with_template(&st, id, |tpl, data, host, sink| {
        tpl.update(data, paths, host, sink)
    }) else {
        return;
    };
    report_render_warnings(&st, id, warnings);
    process_ops(ctx, id, ops);
}

/// `my-prop` -> `myProp`: attributes name properties in kebab case.
fn prop_name(attr: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in attr.chars() {
        if c == '-' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn props_of(attrs: &[(AttrKey, Value)]) -> serde_json::Map<String, Value> {
    let mut props = serde_json::Map::new();
    for (k, v) in attrs {
        match k {
            AttrKey::Attr(n) | AttrKey::Model(n) => {
                props.insert(prop_name(n), v.clone());
            }
            _ => {}
        }
    }
    props
}

/// What of a tree operation the view is told. Objects and arrays handed to a component as
/// properties live in the component, as in the base library, and those in `data-*` and
/// `mark:` attributes are read from the mirror when an event needs them: the view keeps only
/// that the attribute is there (null). A 10,000-item list given to a list component sat in
/// the view's tree a second time otherwise.
fn for_view(mut op: TreeOp, host: bool) -> TreeOp {
    let keep = |key: &AttrKey, value: &Value| {
        !(value.is_object() || value.is_array())
            || match key {
                AttrKey::Data(_) | AttrKey::Mark(_) => false,
                AttrKey::Attr(_) | AttrKey::Model(_) => !host,
                AttrKey::Event { .. } | AttrKey::Generic(_) => true,
            }
    };
    match &mut op {
        TreeOp::CreateElement { attrs, .. } => {
            for (key, value) in attrs {
                if !keep(key, value) {
                    *value = Value::Null;
                }
            }
        }
        TreeOp::SetAttr {
            key,
            value: Some(value),
            ..
        } if !keep(key, value) => *value = Value::Null,
        _ => {}
    }
    op
}

/// Mirrors the operations, queues them for the view, and runs what they imply for components:
/// new host elements create components, attribute changes on hosts become property updates,
/// removed subtrees detach the components they held.
fn process_ops(ctx: &mut Context, owner: u32, ops: Vec<TreeOp>) {
    let st = shared(ctx);
    let mut created: Vec<(NodeId, String, serde_json::Map<String, Value>)> = Vec::new();
    let mut props: Vec<(u32, serde_json::Map<String, Value>)> = Vec::new();
    let mut detached: Vec<u32> = Vec::new();
    {
        let mut s = st.borrow_mut();
        let using = s
            .insts
            .get(&owner)
            .map(|i| i.using.clone())
            .unwrap_or_default();
        let mut to_view = Vec::with_capacity(ops.len());
        for op in ops {
            let mut host = false;
            match &op {
                TreeOp::CreateElement { id, tag, attrs, .. } => {
                    if let Some((_, target)) = using.iter().find(|(t, _)| t == tag) {
                        created.push((*id, target.clone(), props_of(attrs)));
                        host = true;
                    }
                }
                TreeOp::SetAttr { id, key, value } => {
                    if let Some(comp) = s.mirror.get(*id).and_then(|n| n.hosts) {
                        host = true;
                        if let AttrKey::Attr(n) | AttrKey::Model(n) = key {
                            let mut m = serde_json::Map::new();
                            m.insert(prop_name(n), value.clone().unwrap_or(Value::Null));
                            props.push((comp, m));
                        }
                    }
                }
                TreeOp::Remove { id } => detached.extend(s.mirror.hosted_post_order(*id)),
                _ => {}
            }
            if let Err(message) = s.mirror.apply(&op, owner) {
                s.record(
                    json!({"type": "error", "message": message, "stack": "", "where": "mirror"}),
                );
            }
            to_view.push(for_view(op, host));
        }
        if !to_view.is_empty() {
            s.outbox.push(ToView::Batch {
                id: 0,
                ops: to_view,
            });
        }
    }
    let page = st
        .borrow()
        .insts
        .get(&owner)
        .map(|i| i.page)
        .unwrap_or(owner);
    let owner_attached = st.borrow().insts.get(&owner).is_some_and(|i| i.attached);
    let mut fresh = Vec::new();
    for (host, path, p) in created {
        fresh.push(create_component(ctx, owner, page, host, &path, &p));
    }
    for (comp, p) in props {
        let p = crate::json::to_js(&p, ctx);
        fw(ctx, "setProps", &[JsValue::from(comp), p]);
    }
    for comp in detached {
        detach(ctx, comp);
    }
    // A component added after its page was attached gets attached (and ready) right away.
    if owner_attached && !fresh.is_empty() {
        let page_ready = st.borrow().insts.get(&page).is_some_and(|i| i.ready);
        for root in fresh {
            let order = components_in(&st, root);
            for c in &order {
                attach(ctx, *c);
            }
            if page_ready {
                let host = st.borrow().insts.get(&root).map(|i| i.root);
                let post = host
                    .map(|h| st.borrow().mirror.hosted_post_order(h))
                    .unwrap_or_default();
                for c in post {
                    make_ready(ctx, c);
                }
            }
        }
    }
}

/// The component `root` and every component below it, parents first.
fn components_in(st: &Shared, root: u32) -> Vec<u32> {
    let s = st.borrow();
    let Some(inst) = s.insts.get(&root) else {
        return Vec::new();
    };
    let mut out = vec![root];
    let mut ids = Vec::new();
    s.mirror.descendants(inst.root, &mut ids);
    for n in ids {
        if let Some(h) = s.mirror.get(n).and_then(|n| n.hosts)
            && h != root
        {
            out.push(h);
        }
    }
    out
}

/// Every component of a page, children before their parents (the order of `ready` and
/// `detached`, as exparser runs them).
pub fn page_components_post(st: &Shared, page: u32) -> Vec<u32> {
    let root = st.borrow().insts.get(&page).map(|i| i.root);
    root.map(|r| st.borrow().mirror.hosted_post_order(r))
        .unwrap_or_default()
}

/// Every component of a page, in document order (parents first).
pub fn page_components(st: &Shared, page: u32) -> Vec<u32> {
    let s = st.borrow();
    let Some(inst) = s.insts.get(&page) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    s.mirror.descendants(inst.root, &mut ids);
    ids.into_iter()
        .filter_map(|n| s.mirror.get(n).and_then(|n| n.hosts))
        .collect()
}

fn create_component(
    ctx: &mut Context,
    owner: u32,
    page: u32,
    host: NodeId,
    path: &str,
    props: &serde_json::Map<String, Value>,
) -> u32 {
    ensure_module(ctx, path);
    let options: mpsim_bridge::ComponentOptions =
        serde_json::from_str(&fw_string(ctx, "componentOptions", &[str_value(path)]))
            .unwrap_or_default();
    let st = shared(ctx);
    let (id, shadow) = {
        let mut s = st.borrow_mut();
        s.next_inst += 1;
        s.next_node += 1;
        let (id, shadow) = (s.next_inst, s.next_node);
        s.mirror.set_host(host, id);
        // The component's own template renders under a shadow root attached to the host; the
        // owner's children of the host element stay light children, for slots.
        s.mirror.add_shadow_root(shadow, host, id);
        s.outbox.push(ToView::ShadowRoot {
            host,
            shadow_root: shadow,
            component: id,
            path: path.to_string(),
            options,
        });
        (id, shadow)
    };
    // Properties arrive after `created`, as a change that fires observers (as exparser does).
    let data_json = fw_string(
        ctx,
        "createComponent",
        &[
            JsValue::from(id),
            str_value(path),
            JsValue::from(owner),
            str_value("{}"),
            json_arg(&host_info(&st, host)),
        ],
    );
    let data: Value = serde_json::from_str(&data_json).unwrap_or(json!({}));
    {
        let mut s = st.borrow_mut();
        let template = s
            .templates
            .get(path)
            .cloned()
            .map(|p| TemplateInstance::new(p, shadow));
        let using = using_of(&s.project, path);
        let skyline = s.insts.get(&page).is_some_and(|p| p.skyline);
        s.insts.insert(
            id,
            Inst {
                kind: Kind::Component,
                path: path.to_string(),
                template,
                data,
                root: host,
                page,
                using,
                attached: false,
                ready: false,
                shown: false,
                skyline,
                query: Value::Null,
            },
        );
    }
    // The template is built before `created`, so children are created before their parent.
    render(ctx, id);
    fw(
        ctx,
        "lifetime",
        &[JsValue::from(id), str_value("created"), str_value("[]")],
    );
    if !props.is_empty() {
        let props = crate::json::to_js(props, ctx);
        fw(ctx, "setProps", &[JsValue::from(id), props]);
    }
    id
}

/// `this.id` and `this.dataset` of a component come from its host element.
fn host_info(st: &Shared, host: NodeId) -> Value {
    let s = st.borrow();
    let Some(n) = s.mirror.get(host) else {
        return json!({});
    };
    let mut dataset = serde_json::Map::new();
    // The events bound on the host: an Alipay component sees them as `this.props.onX`.
    let mut events = Vec::new();
    for (k, v) in &n.attrs {
        match k {
            AttrKey::Data(name) => {
                dataset.insert(name.clone(), v.clone());
            }
            AttrKey::Event { name, .. } => events.push(name.clone()),
            _ => {}
        }
    }
    let id = n
        .attr("id")
        .map(mpsim_base::js::value_to_string)
        .unwrap_or_default();
    json!({"id": id, "dataset": dataset, "events": events})
}

/// The components whose hosts enclose component `id`'s host, nearest first, each with whether
/// it is the direct parent element (for `relations` of type parent/child).
fn enclosing_components(st: &Shared, id: u32) -> Vec<(u32, bool)> {
    let s = st.borrow();
    let Some(host) = s.insts.get(&id).map(|i| i.root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur = s.mirror.get(host).map(|n| n.parent);
    let mut direct = true;
    while let Some(nid) = cur {
        let Some(n) = s.mirror.get(nid) else { break };
        if let Some(h) = n.hosts {
            out.push((h, direct));
        }
        // Slot content sits directly under the host; anything else in between breaks "direct".
        direct = false;
        if n.parent == 0 || n.parent == nid {
            break;
        }
        cur = Some(n.parent);
    }
    out
}

/// Links `relations` of a freshly attached component with the components around it.
pub fn link_relations(ctx: &mut Context, id: u32) {
    let st = shared(ctx);
    let around: Vec<Value> = enclosing_components(&st, id)
        .into_iter()
        .map(|(c, direct)| json!([c, direct]))
        .collect();
    if !around.is_empty() {
        fw(
            ctx,
            "linkRelations",
            &[JsValue::from(id), json_arg(&Value::Array(around))],
        );
    }
}

pub fn attach(ctx: &mut Context, id: u32) {
    let st = shared(ctx);
    {
        let mut s = st.borrow_mut();
        match s.insts.get_mut(&id) {
            Some(i) if !i.attached => i.attached = true,
            _ => return,
        }
    }
    fw(
        ctx,
        "lifetime",
        &[JsValue::from(id), str_value("attached"), str_value("[]")],
    );
    link_relations(ctx, id);
}

pub fn make_ready(ctx: &mut Context, id: u32) {
    let st = shared(ctx);
    {
        let mut s = st.borrow_mut();
        match s.insts.get_mut(&id) {
            Some(i) if !i.ready => i.ready = true,
            _ => return,
        }
    }
    let kind = st.borrow().insts.get(&id).map(|i| i.kind);
    if kind == Some(Kind::Component) {
        fw(
            ctx,
            "lifetime",
            &[JsValue::from(id), str_value("ready"), str_value("[]")],
        );
    }
}

fn detach(ctx: &mut Context, id: u32) {
    let st = shared(ctx);
    let was_attached = st.borrow().insts.get(&id).is_some_and(|i| i.attached);
    if was_attached {
        fw(ctx, "unlinkRelations", &[JsValue::from(id)]);
        fw(
            ctx,
            "lifetime",
            &[JsValue::from(id), str_value("detached"), str_value("[]")],
        );
    }
    st.borrow_mut().insts.remove(&id);
    fw(ctx, "destroy", &[JsValue::from(id)]);
}

/// Unloads a page: its components detach (parents first), then the page is gone.
pub fn destroy_page(ctx: &mut Context, page: u32) {
    let st = shared(ctx);
    for c in page_components_post(&st, page) {
        detach(ctx, c);
    }
    let root = st.borrow_mut().insts.remove(&page).map(|i| i.root);
    if let Some(root) = root {
        let mut s = st.borrow_mut();
        s.mirror.remove_subtree(root);
        s.outbox.push(ToView::PageDestroyed { page });
    }
    fw(ctx, "destroy", &[JsValue::from(page)]);
}

/// The view applied batch `id` (and every batch before it): the setData callbacks waiting
/// for those run.
pub fn batch_applied(ctx: &mut Context, id: u64) {
    let st = shared(ctx);
    let due: Vec<u32> = {
        let mut s = st.borrow_mut();
        let (due, wait): (Vec<_>, Vec<_>) = s.awaiting.drain(..).partition(|(b, _)| *b <= id);
        s.awaiting = wait;
        due.into_iter().flat_map(|(_, cbs)| cbs).collect()
    };
    for cb in due {
        fw(ctx, "runCallback", &[JsValue::from(cb)]);
    }
}

pub fn run_jobs(ctx: &mut Context) {
    if let Err(e) = ctx.run_jobs() {
        let msg = js::error_text(&e, ctx);
        shared(ctx)
            .borrow_mut()
            .record(json!({"type": "error", "message": msg, "stack": "", "where": "promise job"}));
    }
}

pub fn page_lifetime_all(ctx: &mut Context, page: u32, name: &str, args: &Value) {
    let st = shared(ctx);
    for c in page_components(&st, page) {
        fw(
            ctx,
            "pageLifetime",
            &[JsValue::from(c), str_value(name), json_arg(args)],
        );
    }
}

pub fn page_call(ctx: &mut Context, page: u32, name: &str, args: &Value) {
    fw(
        ctx,
        "lifetime",
        &[JsValue::from(page), str_value(name), json_arg(args)],
    );
}

pub fn app_call(ctx: &mut Context, name: &str, args: &Value) {
    fw(ctx, "appLifecycle", &[str_value(name), json_arg(args)]);
}

/// Data of an instance, from the JS side (`this.data`).
pub fn instance_data(ctx: &mut Context, id: u32) -> Value {
    let text = fw_string(ctx, "data", &[JsValue::from(id)]);
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Runs `f` with a JS result, recording an exception instead of returning it.
pub fn report<T>(ctx: &mut Context, r: JsResult<T>, where_: &str) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            let msg = js::error_text(&e, ctx);
            shared(ctx)
                .borrow_mut()
                .record(json!({"type": "error", "message": msg, "stack": "", "where": where_}));
            None
        }
    }
}
