//! `__wasm.*` in the browser build: the natives `js/wasm.js` wraps, over the browser's own
//! WebAssembly (js-sys) where the native build has wasmtime. Modules compile in the browser's
//! engine, exports are the browser's functions, memories, tables and globals, and a trap is
//! the browser's `RuntimeError`, whose message and wasm frames the app's error carries.
//!
//! Two things cross between the app's JS (boa) and the browser's wasm, as in the native build:
//! - **Calls.** An exported function is called from a boa native, which holds boa's
//!   `&mut Context`; when wasm calls a JS import, the browser calls a Rust closure that needs
//!   that context again. The native lends it to a scoped thread-local for the length of the
//!   call ([`CONTEXT`]), so the import can run the boa function, and that function can call
//!   wasm again, to any depth, with no unsafe code of ours.
//! - **Memory.** A boa ArrayBuffer cannot share the browser's memory, so JS sees a copy kept in
//!   step at every crossing, exactly as natively (`memory.rs`).
//!
//! What the browser cannot do: count instructions. An endless loop in wasm holds the worker
//! until the tab closes, where the native build stops it after its fuel.

mod memory;
mod values;

use super::errors::{self, Kind};
use super::package::{self, package_bytes};
use crate::js::{arg, arg_string};
use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::{Context, JsError, JsObject, JsResult, JsString, JsValue};
use js_sys::{Array, Function, Map, Object, Reflect, Uint8Array, WebAssembly};
use serde_json::json;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A value of the browser's JS (the worker's), as opposed to boa's `JsValue`.
type Web = wasm_bindgen::JsValue;

/// A JS import as the browser calls it: the arguments in one array.
type Import = Closure<dyn FnMut(Array) -> Result<Web, Web>>;

scoped_tls_hkt::scoped_thread_local!(
    /// boa's context, lent by the native that called into wasm for as long as the call runs.
    static mut CONTEXT: Context
);

/// What JS holds of the browser's wasm, by number, and what keeps its imports alive.
pub struct Browser {
    modules: Vec<(WebAssembly::Module, String)>,
    funcs: Vec<Function>,
    /// Function -> its number, so one function never gets two wrappers.
    func_ids: Map,
    memories: Vec<WebAssembly::Memory>,
    memory_ids: Map,
    tables: Vec<WebAssembly::Table>,
    /// Each global, with its type when JS made it (`{value, mutable}`).
    globals: Vec<(WebAssembly::Global, Option<serde_json::Value>)>,
    /// The buffers JS has been given, by memory number.
    buffers: HashMap<usize, JsArrayBuffer>,
    imports: Vec<Import>,
    /// A JS exception passing through wasm: the marker thrown in the browser, and the error.
    thrown: Option<(Web, JsError)>,
    /// `wasm.js`'s helpers: `wrapFunc(id)` and the error classes.
    helpers: Option<JsObject>,
    /// `f => function () { return f(Array.from(arguments)) }`: closures have a fixed arity,
    /// imports any.
    spread: Function,
}

type Shared = Rc<RefCell<Browser>>;

fn shared(ctx: &Context) -> JsResult<Shared> {
    ctx.get_data::<Shared>()
        .cloned()
        .ok_or_else(|| crate::js::plain_error("WXWebAssembly is not set up"))
}

/// Installs `__wasm` over the browser's WebAssembly.
pub fn install(ctx: &mut Context) -> JsResult<()> {
    let spread = Function::new_with_args(
        "f",
        "return function () { return f(Array.prototype.slice.call(arguments)) }",
    );
    let browser = Browser {
        modules: Vec::new(),
        funcs: Vec::new(),
        func_ids: Map::new(),
        memories: Vec::new(),
        memory_ids: Map::new(),
        tables: Vec::new(),
        globals: Vec::new(),
        buffers: HashMap::new(),
        imports: Vec::new(),
        thrown: None,
        helpers: None,
        spread,
    };
    ctx.insert_data(Rc::new(RefCell::new(browser)) as Shared);
    let natives = crate::js::natives_object(ctx, super::natives_table!());
    crate::js::set_global(ctx, "__wasm", natives.into())
}

/// Whether module bytes compile in this browser; the message says why not.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    WebAssembly::Module::new(&Uint8Array::from(bytes))
        .map(|_| ())
        .map_err(|e| message_of(&e))
}

fn set_helpers(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    shared(ctx)?.borrow_mut().helpers = arg(args, 0).as_object();
    Ok(JsValue::undefined())
}

/// Runs `op`, which may run wasm, with boa's context lent to the imports wasm calls, and the
/// buffers JS holds in step before and after.
fn run<R>(ctx: &mut Context, h: &Shared, op: impl FnOnce() -> R) -> R {
    memory::sync_in(h);
    let r = CONTEXT.set(ctx, op);
    memory::sync_out(h);
    r
}

/// A browser exception as the app's error: a JS exception that passed through wasm as
/// itself, the browser's WebAssembly and JS errors as `WXWebAssembly`'s classes or the
/// global ones with the browser's message. Traps are recorded in the trace.
fn to_error(ctx: &mut Context, h: &Shared, e: &Web, kind: Kind) -> JsError {
    let passing = h.borrow_mut().thrown.take();
    if let Some((marker, err)) = passing
        && Object::is(&marker, e)
    {
        return err;
    }
    let name = Reflect::get(e, &Web::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let kind = match name.as_str() {
        "CompileError" => Kind::Compile,
        "LinkError" => Kind::Link,
        "RuntimeError" => Kind::Runtime,
        "RangeError" => Kind::Range,
        "TypeError" => Kind::Type,
        _ => kind,
    };
    let message = message_of(e);
    let stack = wasm_frames(e);
    if kind == Kind::Runtime || (kind == Kind::Range && !stack.is_empty()) {
        crate::service::shared(ctx).borrow_mut().record(json!({
            "type": "wasm", "event": "trap", "message": message, "fuel": false, "stack": stack,
        }));
    }
    let helpers = h.borrow().helpers.clone();
    errors::make_error(ctx, helpers, kind, &message, Some(&stack))
}

/// An exception's message (or the exception as text).
fn message_of(e: &Web) -> String {
    Reflect::get(e, &Web::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "WebAssembly failed".into())
}

/// The wasm frames of an exception's stack, as the browser wrote them.
fn wasm_frames(e: &Web) -> String {
    let stack = Reflect::get(e, &Web::from_str("stack"))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    stack
        .lines()
        .filter(|l| l.contains("wasm://") || l.contains("wasm-function["))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Calls `obj[name](...args)` in the browser, catching what it throws.
fn method(obj: &Web, name: &str, args: &[Web]) -> Result<Web, Web> {
    let f: Function = Reflect::get(obj, &Web::from_str(name))?.dyn_into()?;
    let list = Array::new();
    for a in args {
        list.push(a);
    }
    Reflect::apply(&f, obj, &list)
}

/// A plain object of the browser's with these fields.
fn object(fields: &[(&str, Web)]) -> Object {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &Web::from_str(k), v);
    }
    o
}

/// The number of `item` in `list`, added the first time it is seen: `ids` maps the browser's
/// objects to their numbers, so one function or memory never gets two wrappers.
fn number_of<T: Clone + AsRef<Web>>(list: &mut Vec<T>, ids: &Map, item: T) -> usize {
    if let Some(id) = ids.get(item.as_ref()).as_f64() {
        return id as usize;
    }
    list.push(item.clone());
    ids.set(item.as_ref(), &Web::from_f64((list.len() - 1) as f64));
    list.len() - 1
}

/// A handle's number from JS, if it is one of `list`'s.
fn nth<T: Clone>(list: &[T], v: &JsValue) -> Option<T> {
    let id = v.as_number().filter(|n| *n >= 0.0)?;
    list.get(id as usize).cloned()
}

fn module_of(ctx: &Context, v: &JsValue) -> JsResult<WebAssembly::Module> {
    nth(&shared(ctx)?.borrow().modules, v)
        .map(|(m, _)| m)
        .ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Module"))
}

/// `load(path)`: compiles a package's module in the browser; its number.
fn load(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = arg_string(args, 0, ctx);
    let bytes = package_bytes(ctx, &path).map_err(crate::js::plain_error)?;
    let h = shared(ctx)?;
    let module = match WebAssembly::Module::new(&Uint8Array::from(bytes.as_slice())) {
        Ok(m) => m,
        Err(e) => {
            let helpers = h.borrow().helpers.clone();
            let message = format!("WXWebAssembly.instantiate(): {}", message_of(&e));
            return Err(errors::make_error(
                ctx,
                helpers,
                Kind::Compile,
                &message,
                None,
            ));
        }
    };
    let mut hb = h.borrow_mut();
    let name = package::package_path(&path).unwrap_or(path);
    hb.modules.push((module, name));
    Ok(JsValue::from((hb.modules.len() - 1) as u32))
}

/// A module's imports or exports as the browser lists them (`{module?, name, kind}`).
fn listing(list: &Array) -> Vec<serde_json::Value> {
    js_sys::JSON::stringify(list)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn imports(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = module_of(ctx, &arg(args, 0))?;
    let list = listing(&WebAssembly::Module::imports(&m));
    JsValue::from_json(&serde_json::Value::Array(list), ctx)
}

fn exports(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = module_of(ctx, &arg(args, 0))?;
    let list = listing(&WebAssembly::Module::exports(&m));
    JsValue::from_json(&serde_json::Value::Array(list), ctx)
}

/// The number of a Memory/Table/Global wrapper, if `v` is one of that kind.
fn wrapper_id(v: &JsValue, key: &str, ctx: &mut Context) -> JsResult<Option<JsValue>> {
    let Some(obj) = v.as_object() else {
        return Ok(None);
    };
    let id = obj.get(JsString::from(key), ctx)?;
    Ok(id.is_number().then_some(id))
}

/// What the browser gets for one import, or the LinkError message.
fn import_value(
    ctx: &mut Context,
    h: &Shared,
    kind: &str,
    v: &JsValue,
    what: &str,
) -> JsResult<Result<Web, String>> {
    let refused = |text: &str| Ok(Err(format!("{what}: {text}")));
    Ok(Ok(match kind {
        "function" => {
            if let Some(f) = values::exported(v, h, ctx)? {
                f.into()
            } else if let Some(func) = v.as_callable() {
                js_import(h, func.clone())
            } else {
                return refused("function import requires a callable");
            }
        }
        "memory" => {
            let m =
                wrapper_id(v, "__wasmMemory", ctx)?.and_then(|id| nth(&h.borrow().memories, &id));
            match m {
                Some(m) => m.into(),
                None => return refused("memory import must be a WebAssembly.Memory object"),
            }
        }
        "table" => {
            let t = wrapper_id(v, "__wasmTable", ctx)?.and_then(|id| nth(&h.borrow().tables, &id));
            match t {
                Some(t) => t.into(),
                None => return refused("table import requires a WebAssembly.Table"),
            }
        }
        "global" => match wrapper_id(v, "__wasmGlobal", ctx)? {
            Some(id) => match nth(&h.borrow().globals, &id) {
                Some((g, _)) => g.into(),
                None => {
                    return refused(
                        "global import must be a number, valid Wasm reference, or WebAssembly.Global object",
                    );
                }
            },
            // A number or BigInt for an immutable global; the browser refuses it for a
            // mutable one, with V8's message.
            None if v.is_number() || v.is_bigint() => values::to_web(v, h, ctx)?,
            None => {
                return refused(
                    "global import must be a number, valid Wasm reference, or WebAssembly.Global object",
                );
            }
        },
        other => return refused(&format!("{other} imports are not supported")),
    }))
}

/// A boa function as an import the browser's wasm can call: a closure that borrows boa's
/// context from the call that is running wasm.
fn js_import(h: &Shared, func: JsObject) -> Web {
    let closure: Import = Closure::new(move |args: Array| answer(&func, &args));
    let spread = h.borrow().spread.clone();
    let made = spread.call1(&Web::UNDEFINED, closure.as_ref());
    h.borrow_mut().imports.push(closure);
    made.unwrap_or(Web::UNDEFINED)
}

/// wasm called a JS import: runs the boa function with the context the running call lent.
fn answer(func: &JsObject, args: &Array) -> Result<Web, Web> {
    if !CONTEXT.is_set() {
        return Err(Web::from_str(
            "mpsim: wasm called a JS import while no call from JS was running",
        ));
    }
    CONTEXT.with(|ctx| {
        let h = shared(ctx).map_err(|_| Web::from_str("WXWebAssembly is not set up"))?;
        // wasm has stopped: JS sees its memory as it is; it resumes with what JS wrote.
        memory::sync_out(&h);
        let result = (|| {
            let mut list = Vec::with_capacity(args.length() as usize);
            for a in args.iter() {
                list.push(values::to_boa(a, &h, ctx)?);
            }
            let ret = func.call(&JsValue::undefined(), &list, ctx)?;
            values::result_to_web(&ret, &h, ctx)
        })();
        memory::sync_in(&h);
        result.map_err(|e| {
            let marker: Web = js_sys::Error::new("a JS exception passing through wasm").into();
            h.borrow_mut().thrown = Some((marker.clone(), e));
            marker
        })
    })
}

/// `instantiate(module, values)`: `values[i]` is what the import object holds for the
/// module's import `i`. Runs the start function; gives `[{name, kind, id}]`.
fn instantiate(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = module_of(ctx, &arg(args, 0))?;
    let h = shared(ctx)?;
    let given = arg(args, 1).as_object();
    let import_object = Object::new();
    for (i, imp) in listing(&WebAssembly::Module::imports(&m))
        .iter()
        .enumerate()
    {
        let (module, name) = (
            imp["module"].as_str().unwrap_or_default(),
            imp["name"].as_str().unwrap_or_default(),
        );
        let v = match &given {
            Some(o) => o.get(i, ctx)?,
            None => JsValue::undefined(),
        };
        let what = format!("WXWebAssembly.instantiate(): Import #{i} \"{module}\" \"{name}\"");
        let kind = imp["kind"].as_str().unwrap_or_default();
        let value = match import_value(ctx, &h, kind, &v, &what)? {
            Ok(value) => value,
            Err(msg) => {
                let helpers = h.borrow().helpers.clone();
                return Err(errors::make_error(ctx, helpers, Kind::Link, &msg, None));
            }
        };
        let key = Web::from_str(module);
        let ns = match Reflect::get(&import_object, &key) {
            Ok(ns) if ns.is_object() => ns,
            _ => {
                let ns: Web = Object::new().into();
                let _ = Reflect::set(&import_object, &key, &ns);
                ns
            }
        };
        let _ = Reflect::set(&ns, &Web::from_str(name), &value);
    }
    let made = run(ctx, &h, || WebAssembly::Instance::new(&m, &import_object));
    let instance = made.map_err(|e| to_error(ctx, &h, &e, Kind::Link))?;
    let exported = instance.exports();
    let mut out = Vec::new();
    let mut names = Vec::new();
    for e in listing(&WebAssembly::Module::exports(&m)) {
        let name = e["name"].as_str().unwrap_or_default().to_string();
        let v = Reflect::get(&exported, &Web::from_str(&name)).unwrap_or(Web::UNDEFINED);
        let (kind, id) = match e["kind"].as_str().unwrap_or_default() {
            "function" => ("function", values::func_id(&h, v.unchecked_into())),
            "memory" => ("memory", memory::memory_id(&h, v.unchecked_into())),
            "table" => {
                let mut hb = h.borrow_mut();
                hb.tables.push(v.unchecked_into());
                ("table", hb.tables.len() - 1)
            }
            "global" => {
                let mut hb = h.borrow_mut();
                hb.globals.push((v.unchecked_into(), None));
                ("global", hb.globals.len() - 1)
            }
            _ => continue,
        };
        names.push(name.clone());
        out.push(json!({"name": name, "kind": kind, "id": id}));
    }
    let path = nth(&h.borrow().modules, &arg(args, 0))
        .map(|(_, p)| p)
        .unwrap_or_default();
    crate::service::shared(ctx)
        .borrow_mut()
        .record(json!({"type": "wasm", "event": "instantiate", "path": path, "exports": names}));
    JsValue::from_json(&serde_json::Value::Array(out), ctx)
}

fn func_of(h: &Shared, v: &JsValue) -> JsResult<Function> {
    nth(&h.borrow().funcs, v)
        .ok_or_else(|| crate::js::type_error("not an exported WebAssembly function"))
}

/// `call(func, ...args)`: calls an exported function; one result as itself, several (the
/// browser's array) as an array.
fn call(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let f = func_of(&h, &arg(args, 0))?;
    let list = Array::new();
    for a in args.iter().skip(1) {
        list.push(&values::to_web(a, &h, ctx)?);
    }
    let r = run(ctx, &h, || Reflect::apply(&f, &Web::UNDEFINED, &list));
    match r {
        Ok(v) => values::to_boa(v, &h, ctx),
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Type)),
    }
}

/// `funcLength(func)`: the number of parameters.
fn func_length(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let f = func_of(&shared(ctx)?, &arg(args, 0))?;
    Ok(JsValue::from(f.length()))
}

/// An optional size from JS (`undefined` is none).
fn limit(v: &JsValue, ctx: &mut Context) -> JsResult<Option<f64>> {
    if v.is_undefined() {
        return Ok(None);
    }
    Ok(Some(v.to_number(ctx)?.max(0.0).floor()))
}

/// `{initial, maximum}` for a memory or table descriptor, with `extra` fields.
fn sizes(args: &[JsValue], ctx: &mut Context, extra: &[(&str, Web)]) -> JsResult<Object> {
    let initial = limit(&arg(args, 0), ctx)?.unwrap_or(0.0);
    let mut fields = vec![("initial", Web::from_f64(initial))];
    if let Some(max) = limit(&arg(args, 1), ctx)? {
        fields.push(("maximum", Web::from_f64(max)));
    }
    fields.extend(extra.iter().cloned());
    Ok(object(&fields))
}

fn memory_new(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let desc = sizes(args, ctx, &[])?;
    match WebAssembly::Memory::new(&desc) {
        Ok(m) => Ok(JsValue::from(memory::memory_id(&h, m) as u32)),
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Range)),
    }
}

fn memory_of(h: &Shared, v: &JsValue) -> JsResult<(usize, WebAssembly::Memory)> {
    let m = nth(&h.borrow().memories, v)
        .ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Memory"))?;
    Ok((v.as_number().unwrap_or(0.0) as usize, m))
}

fn memory_buffer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (id, _) = memory_of(&h, &arg(args, 0))?;
    memory::buffer(ctx, &h, id)
}

/// `memoryGrow(memory, delta)`: the old size in pages; the old buffer is detached.
fn memory_grow(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (id, m) = memory_of(&h, &arg(args, 0))?;
    let delta = arg(args, 1).to_number(ctx)?.max(0.0).floor();
    // What JS wrote into the old buffer must reach the memory before it moves.
    memory::sync_in(&h);
    let r = method(&m, "grow", &[Web::from_f64(delta)]);
    memory::detach(&h, id);
    match r {
        Ok(old) => Ok(JsValue::from(old.as_f64().unwrap_or(0.0))),
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Range)),
    }
}

fn table_of(h: &Shared, v: &JsValue) -> JsResult<WebAssembly::Table> {
    nth(&h.borrow().tables, v).ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Table"))
}

/// `tableNew(initial, maximum, value)`: a funcref table.
fn table_new(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let desc = sizes(args, ctx, &[("element", Web::from_str("anyfunc"))])?;
    let init = values::to_web(&arg(args, 2), &h, ctx)?;
    let made = if init.is_undefined() {
        WebAssembly::Table::new(&desc)
    } else {
        WebAssembly::Table::new_with_value(&desc, init)
    };
    match made {
        Ok(t) => {
            let mut hb = h.borrow_mut();
            hb.tables.push(t);
            Ok(JsValue::from((hb.tables.len() - 1) as u32))
        }
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Range)),
    }
}

fn table_length(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let t = table_of(&shared(ctx)?, &arg(args, 0))?;
    Ok(JsValue::from(t.length()))
}

/// Calls a Table method with an index and maybe a value, as the app's errors.
fn table_call(
    args: &[JsValue],
    ctx: &mut Context,
    name: &str,
    with_value: bool,
) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let t = table_of(&h, &arg(args, 0))?;
    let mut list = vec![Web::from_f64(arg(args, 1).to_number(ctx)?.max(0.0).floor())];
    // A value left out is the table's default (null); the browser refuses an `undefined`.
    let value = arg(args, 2);
    if with_value && !value.is_undefined() {
        list.push(values::to_web(&value, &h, ctx)?);
    }
    match method(&t, name, &list) {
        Ok(v) => values::to_boa(v, &h, ctx),
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Range)),
    }
}

fn table_get(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    table_call(args, ctx, "get", false)
}

fn table_set(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    table_call(args, ctx, "set", true).map(|_| JsValue::undefined())
}

fn table_grow(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    table_call(args, ctx, "grow", true)
}

fn global_of(
    h: &Shared,
    v: &JsValue,
) -> JsResult<(WebAssembly::Global, Option<serde_json::Value>)> {
    nth(&h.borrow().globals, v).ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Global"))
}

/// `globalNew(type, mutable, value)`.
fn global_new(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let name = arg_string(args, 0, ctx);
    let value = match name.as_str() {
        "i32" | "i64" | "f32" | "f64" => name.clone(),
        "anyfunc" | "funcref" => "anyfunc".to_string(),
        _ => {
            return Err(crate::js::type_error(format!(
                "WebAssembly.Global(): Descriptor property 'value' must be a WebAssembly type, not '{name}'"
            )));
        }
    };
    let mutable = arg(args, 1).to_boolean();
    let desc = object(&[
        ("value", Web::from_str(&value)),
        ("mutable", Web::from_bool(mutable)),
    ]);
    let init = values::to_web(&arg(args, 2), &h, ctx)?;
    match WebAssembly::Global::new(&desc, &init) {
        Ok(g) => {
            let mut hb = h.borrow_mut();
            hb.globals
                .push((g, Some(json!({"value": value, "mutable": mutable}))));
            Ok(JsValue::from((hb.globals.len() - 1) as u32))
        }
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Type)),
    }
}

fn global_get(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (g, _) = global_of(&h, &arg(args, 0))?;
    match Reflect::get(&g, &Web::from_str("value")) {
        Ok(v) => values::to_boa(v, &h, ctx),
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Type)),
    }
}

fn global_set(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (g, _) = global_of(&h, &arg(args, 0))?;
    let v = values::to_web(&arg(args, 1), &h, ctx)?;
    match Reflect::set(&g, &Web::from_str("value"), &v) {
        Ok(_) => Ok(JsValue::undefined()),
        Err(e) => Err(to_error(ctx, &h, &e, Kind::Type)),
    }
}

/// `globalType(global)`: `{value, mutable}`; for a global wasm exported, only a browser with
/// the type reflection proposal (`Global.prototype.type`) can tell.
fn global_type(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (g, known) = global_of(&h, &arg(args, 0))?;
    if let Some(ty) = known {
        return JsValue::from_json(&ty, ctx);
    }
    let ty = method(&g, "type", &[])
        .ok()
        .and_then(|t| js_sys::JSON::stringify(&t).ok())
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok());
    match ty {
        Some(ty) => JsValue::from_json(&ty, ctx),
        None => Err(crate::js::type_error(
            "WebAssembly.Global.type(): this browser cannot tell the type of a global wasm exported",
        )),
    }
}

/// `validate(pathOrBytes)`: whether the module validates.
fn validate(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let v = arg(args, 0);
    let bytes = if let Some(s) = v.as_string() {
        package_bytes(ctx, &s.to_std_string_escaped()).map_err(crate::js::plain_error)?
    } else if let Some(bytes) = values::uint8_array(&v, ctx)? {
        bytes
    } else {
        return Err(crate::js::type_error(
            "WXWebAssembly.validate(): Argument 0 must be a package path or a Uint8Array",
        ));
    };
    let ok = WebAssembly::validate(&Uint8Array::from(bytes.as_slice())).unwrap_or(false);
    Ok(JsValue::from(ok))
}
