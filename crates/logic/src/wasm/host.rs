//! The JS side of the wasm store: the handles JS holds (by number), the JS functions wasm
//! imports, the memory buffers JS sees, and the driver that runs wasm until it finishes,
//! answering its calls into JS on the way.
//!
//! Memory: a boa ArrayBuffer cannot borrow wasmtime's memory without unsafe code, so JS sees a
//! copy that is kept in step at every crossing: wasm memory to the buffer whenever wasm stops
//! (returns, or calls a JS import), the buffer to wasm memory whenever wasm starts or resumes.
//! Only memories whose `buffer` JS has asked for are copied. A memory that grew gets a new
//! buffer and the old one is detached, as in browsers.

use super::errors::{self, Kind};
use super::exec::{Command, Done, Event, Exec, HostData, Job, JsThrown, Stop};
use super::traps;
use super::values;
use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer};
use boa_engine::{Context, JsError, JsObject, JsResult, JsString, JsValue};
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasmtime::{AsContextMut, Func, FuncType, Global, Memory, Module, StoreContextMut, Table, Val};

/// How many wasm instructions (fuel units) one call from JS may run, nested calls included.
/// About 0.7 s of wasm here, as long as the JS loop guard lets a handler run; a real workload
/// (a filter over a 1000x1000 image) needs a few percent of it.
pub const FUEL: u64 = 1_000_000_000;

/// The largest a memory may grow: 1 GiB (16,384 pages).
pub const MEMORY_LIMIT: usize = 1 << 30;
/// The most elements one table may hold.
pub const TABLE_LIMIT: usize = 10_000_000;
/// The most instances, memories and tables one app may create.
pub const INSTANCE_LIMIT: usize = 1_000;

/// A JS function that wasm imports, with the type wasm calls it at.
pub struct JsImport {
    pub func: JsObject,
    pub ty: FuncType,
}

/// A function's parameter types and how many results it has.
pub type Signature = Rc<(Vec<wasmtime::ValType>, usize)>;

#[derive(Default)]
pub struct Handles {
    pub modules: Vec<(Module, String)>,
    pub funcs: Vec<Func>,
    /// Function -> its number, by the function's address in the store (`Func::to_raw`), so
    /// one function never gets two wrappers (`table.get(0) === exports.f`).
    pub func_ids: HashMap<usize, usize>,
    /// Signatures asked for so far, by function number (a call needs one every time).
    pub signatures: HashMap<usize, Signature>,
    pub memories: Vec<Memory>,
    pub tables: Vec<Table>,
    pub globals: Vec<Global>,
}

pub struct Host {
    pub exec: Exec,
    pub handles: Handles,
    pub imports: Vec<JsImport>,
    /// JS exceptions passing through wasm, by token.
    thrown: HashMap<u64, JsError>,
    next_thrown: u64,
    /// The buffers JS has been given, by memory number.
    buffers: HashMap<usize, JsArrayBuffer>,
    /// `wasm.js`'s helpers: `wrapFunc(id)` and the error classes.
    pub js: Option<JsObject>,
}

pub type Shared = Rc<RefCell<Host>>;

impl Host {
    pub fn new(exec: Exec) -> Host {
        Host {
            exec,
            handles: Handles::default(),
            imports: Vec::new(),
            thrown: HashMap::new(),
            next_thrown: 0,
            buffers: HashMap::new(),
            js: None,
        }
    }
}

pub fn shared(ctx: &Context) -> JsResult<Shared> {
    ctx.get_data::<Shared>()
        .cloned()
        .ok_or_else(|| crate::js::plain_error("WXWebAssembly is not set up"))
}

/// Runs `op` on the store: directly when no wasm runs, else through the suspended import.
pub fn with_store<R: Send + 'static>(
    host: &Shared,
    op: impl for<'a> FnOnce(StoreContextMut<'a, HostData>) -> R + Send + 'static,
) -> JsResult<R> {
    let mut h = host.borrow_mut();
    if let Some(store) = h.exec.home() {
        return Ok(op(store.as_context_mut()));
    }
    h.exec.send(Command::Op(Box::new(move |s| {
        Box::new(op(s)) as Box<dyn Any + Send>
    })));
    match h.exec.poll() {
        Stop::Event(Event::OpDone(r)) => r
            .downcast::<R>()
            .map(|b| *b)
            .map_err(|_| crate::js::plain_error("wasm store answered the wrong question")),
        _ => Err(crate::js::plain_error("the wasm store is not reachable")),
    }
}

/// Runs a job that may execute wasm, answering its JS imports, and gives its outcome; a JS
/// exception thrown inside comes back as itself, a trap as a `RuntimeError`.
pub fn run(ctx: &mut Context, host: &Shared, job: Job, kind: Kind) -> JsResult<Done> {
    sync_in(host);
    {
        let mut h = host.borrow_mut();
        if h.exec.suspended() {
            h.exec.send(Command::Run(job));
        } else {
            h.exec.start(job, FUEL).map_err(crate::js::plain_error)?;
        }
    }
    loop {
        let stop = host.borrow_mut().exec.poll();
        match stop {
            Stop::Finished(r) | Stop::Event(Event::RunDone(r)) => {
                sync_out(host, ctx);
                return r.map_err(|e| to_js_error(ctx, host, e, kind));
            }
            Stop::Event(Event::CallJs { import, params }) => {
                sync_out(host, ctx);
                let answer = call_import(ctx, host, import, &params).map_err(|e| {
                    let mut h = host.borrow_mut();
                    let token = h.next_thrown;
                    h.next_thrown += 1;
                    h.thrown.insert(token, e);
                    JsThrown(token)
                });
                sync_in(host);
                host.borrow_mut().exec.send(Command::Return(answer));
            }
            Stop::Event(Event::OpDone(_)) => {
                return Err(crate::js::plain_error("wasm store answered out of turn"));
            }
        }
    }
}

fn call_import(
    ctx: &mut Context,
    host: &Shared,
    import: usize,
    params: &[Val],
) -> JsResult<Vec<Val>> {
    let (func, ty) = {
        let h = host.borrow();
        let Some(i) = h.imports.get(import) else {
            return Err(crate::js::plain_error("unknown import"));
        };
        (i.func.clone(), i.ty.clone())
    };
    let mut args = Vec::with_capacity(params.len());
    for p in params {
        args.push(values::to_js(p, ctx, &mut |f, ctx| {
            wrap_func(ctx, host, f)
        })?);
    }
    let ret = func.call(&JsValue::undefined(), &args, ctx)?;
    let results: Vec<_> = ty.results().collect();
    let funcs = lookup(host);
    match results.len() {
        0 => Ok(Vec::new()),
        1 => Ok(vec![values::to_val(&ret, &results[0], &funcs, ctx)?]),
        n => {
            // Several results come back as an iterable (an array).
            let Some(obj) = ret.as_object() else {
                return Err(crate::js::type_error(
                    "a multi-value import must return an array",
                ));
            };
            let mut out = Vec::with_capacity(n);
            for (i, t) in results.iter().enumerate() {
                let v = obj.get(i, ctx)?;
                out.push(values::to_val(&v, t, &funcs, ctx)?);
            }
            Ok(out)
        }
    }
}

/// Finds functions by wrapper number, borrowing the host only for each look-up.
pub fn lookup(host: &Shared) -> impl Fn(usize) -> Option<Func> + '_ {
    move |id| host.borrow().handles.funcs.get(id).copied()
}

/// A wasm function's number, registering it the first time it is seen.
pub fn func_number(host: &Shared, f: Func) -> JsResult<usize> {
    let key = with_store(host, move |mut s| f.to_raw(&mut s) as usize)?;
    let mut h = host.borrow_mut();
    if let Some(id) = h.handles.func_ids.get(&key) {
        return Ok(*id);
    }
    h.handles.funcs.push(f);
    let id = h.handles.funcs.len() - 1;
    h.handles.func_ids.insert(key, id);
    Ok(id)
}

/// The JS wrapper of a wasm function (`wasm.js` makes one per number).
pub fn wrap_func(ctx: &mut Context, host: &Shared, f: Func) -> JsResult<JsValue> {
    let id = func_number(host, f)?;
    let Some(js) = host.borrow().js.clone() else {
        return Err(crate::js::plain_error("WXWebAssembly is not set up"));
    };
    let wrap = js.get(JsString::from("wrapFunc"), ctx)?;
    let Some(wrap) = wrap.as_callable() else {
        return Err(crate::js::plain_error("WXWebAssembly is not set up"));
    };
    wrap.call(&JsValue::undefined(), &[JsValue::from(id as u32)], ctx)
}

/// A wasmtime error as the JS error to throw, recording traps in the trace.
pub fn to_js_error(ctx: &mut Context, host: &Shared, e: wasmtime::Error, kind: Kind) -> JsError {
    if let Some(JsThrown(token)) = e.downcast_ref::<JsThrown>().copied()
        && let Some(err) = host.borrow_mut().thrown.remove(&token)
    {
        return err;
    }
    if let Some(t) = traps::trap(&e, FUEL) {
        let stack = t.frames.join("\n");
        crate::service::shared(ctx)
            .borrow_mut()
            .record(serde_json::json!({
                "type": "wasm", "event": "trap", "message": t.message,
                "fuel": t.out_of_fuel, "stack": stack,
            }));
        return make_error(ctx, host, t.kind, &t.message, Some(&stack));
    }
    make_error(ctx, host, kind, &traps::message(&e), None)
}

/// A new `WXWebAssembly.<Kind>` (or RangeError/TypeError) with `message` and a wasm stack.
pub fn make_error(
    ctx: &mut Context,
    host: &Shared,
    kind: Kind,
    message: &str,
    stack: Option<&str>,
) -> JsError {
    let helpers = host.borrow().js.clone();
    errors::make_error(ctx, helpers, kind, message, stack)
}

/// The ArrayBuffer JS sees for memory `id`, made on first use.
pub fn buffer(ctx: &mut Context, host: &Shared, id: usize) -> JsResult<JsValue> {
    if let Some(b) = host.borrow().buffers.get(&id) {
        return Ok(b.clone().into());
    }
    let Some(mem) = host.borrow().handles.memories.get(id).copied() else {
        return Err(crate::js::type_error("not a WXWebAssembly.Memory"));
    };
    let bytes = with_store(host, move |s| mem.data(&s).to_vec())?;
    let buf = JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &bytes), ctx)?;
    host.borrow_mut().buffers.insert(id, buf.clone());
    Ok(buf.into())
}

/// Drops memory `id`'s buffer after it grew: the old one is detached, the next `buffer` is new.
pub fn detach(host: &Shared, id: usize) {
    if let Some(b) = host.borrow_mut().buffers.remove(&id) {
        let _ = b.detach(&JsValue::undefined());
    }
}

/// The memories JS has buffers for.
fn watched(h: &Host) -> Vec<(usize, Memory)> {
    h.buffers
        .keys()
        .filter_map(|id| h.handles.memories.get(*id).map(|m| (*id, *m)))
        .collect()
}

/// Copies wasm memory into the buffers JS holds (wasm has stopped). At home the store is
/// copied straight into the buffers; inside a JS import the bytes come out through the
/// suspended call first.
pub fn sync_out(host: &Shared, _ctx: &mut Context) {
    let mut stale = Vec::new();
    let copies = {
        let mut guard = host.borrow_mut();
        let h = &mut *guard;
        if h.buffers.is_empty() {
            return;
        }
        if let Some(store) = h.exec.home() {
            for (id, buf) in &h.buffers {
                let Some(m) = h.handles.memories.get(*id) else {
                    continue;
                };
                let src = m.data(&*store);
                match buf.data_mut() {
                    Some(mut d) if d.len() == src.len() => d.copy_from_slice(src),
                    _ => stale.push(*id),
                }
            }
            None
        } else {
            Some(watched(h))
        }
    };
    if let Some(mems) = copies {
        let Ok(copies) = with_store(host, move |s| {
            mems.into_iter()
                .map(|(id, m)| (id, m.data(&s).to_vec()))
                .collect::<Vec<_>>()
        }) else {
            return;
        };
        for (id, bytes) in copies {
            let buf = host.borrow().buffers.get(&id).cloned();
            match buf.as_ref().and_then(|b| b.data_mut()) {
                Some(mut d) if d.len() == bytes.len() => d.copy_from_slice(&bytes),
                _ => stale.push(id),
            }
        }
    }
    for id in stale {
        detach(host, id);
    }
}

/// Copies the buffers JS holds into wasm memory (wasm is about to run).
pub fn sync_in(host: &Shared) {
    let copies = {
        let mut guard = host.borrow_mut();
        let h = &mut *guard;
        if h.buffers.is_empty() {
            return;
        }
        if let Some(store) = h.exec.home() {
            for (id, buf) in &h.buffers {
                let Some(m) = h.handles.memories.get(*id) else {
                    continue;
                };
                let dst = m.data_mut(&mut *store);
                if let Some(d) = buf.data().filter(|d| d.len() == dst.len()) {
                    dst.copy_from_slice(&d);
                }
            }
            return;
        }
        let mut copies = Vec::new();
        for (id, m) in watched(h) {
            if let Some(d) = h.buffers.get(&id).and_then(|b| b.data()) {
                copies.push((m, d.to_vec()));
            }
        }
        copies
    };
    let _ = with_store(host, move |mut s| {
        for (m, bytes) in copies {
            let data = m.data_mut(&mut s);
            if data.len() == bytes.len() {
                data.copy_from_slice(&bytes);
            }
        }
    });
}
