//! `__wasm.*`: the native half of `WXWebAssembly`, which `js/wasm.js` wraps in the JS API's
//! classes. Modules, functions, memories, tables and globals are passed to JS as numbers.

use super::errors::Kind;
use super::exec::{self, Done, HostData, Job};
use super::host::{self, Shared, make_error, shared, with_store};
use super::module;
use super::package::{self, package_bytes};
use super::values;
use crate::js::{arg, arg_string, array_of};
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue};
use serde_json::json;
use wasmtime::{
    Extern, ExternType, Global, GlobalType, Instance, Memory, MemoryType, Mutability, Ref, RefType,
    StoreContextMut, Table, TableType, Val, ValType,
};

/// The natives, as an object for `wasm.js`.
pub fn natives(ctx: &mut Context) -> JsObject {
    crate::js::natives_object(ctx, super::natives_table!())
}

fn error(ctx: &mut Context, kind: Kind, message: &str) -> boa_engine::JsError {
    match shared(ctx) {
        Ok(h) => make_error(ctx, &h, kind, message, None),
        Err(e) => e,
    }
}

fn index(v: &JsValue, ctx: &mut Context) -> JsResult<usize> {
    Ok(v.to_number(ctx)?.max(0.0) as usize)
}

/// `wasm.js` hands over its helpers (`wrapFunc` and the error classes) once at start.
fn set_helpers(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    h.borrow_mut().js = arg(args, 0).as_object();
    Ok(JsValue::undefined())
}

/// `load(path)`: compiles a package's module; its number.
fn load(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = arg_string(args, 0, ctx);
    let bytes = package_bytes(ctx, &path).map_err(crate::js::plain_error)?;
    let m = module::compile(&bytes).map_err(|e| {
        error(
            ctx,
            Kind::Compile,
            &format!("WXWebAssembly.instantiate(): {e}"),
        )
    })?;
    let h = shared(ctx)?;
    let mut h = h.borrow_mut();
    h.handles
        .modules
        .push((m, package::package_path(&path).unwrap_or(path)));
    Ok(JsValue::from((h.handles.modules.len() - 1) as u32))
}

fn kind_name(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "function",
        ExternType::Memory(_) => "memory",
        ExternType::Table(_) => "table",
        ExternType::Global(_) => "global",
        ExternType::Tag(_) => "tag",
    }
}

fn module_of(ctx: &Context, v: &JsValue) -> JsResult<wasmtime::Module> {
    let h = shared(ctx)?;
    let id = v.as_number().unwrap_or(-1.0);
    let h = h.borrow();
    h.handles
        .modules
        .get(id as usize)
        .filter(|_| id >= 0.0)
        .map(|(m, _)| m.clone())
        .ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Module"))
}

/// `imports(module)`: `[{module, name, kind}]`, as `WXWebAssembly.Module.imports` gives.
fn imports(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = module_of(ctx, &arg(args, 0))?;
    let list: Vec<_> = m
        .imports()
        .map(|i| json!({"module": i.module(), "name": i.name(), "kind": kind_name(&i.ty())}))
        .collect();
    JsValue::from_json(&serde_json::Value::Array(list), ctx)
}

/// `exports(module)`: `[{name, kind}]`.
fn exports(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = module_of(ctx, &arg(args, 0))?;
    let list: Vec<_> = m
        .exports()
        .map(|e| json!({"name": e.name(), "kind": kind_name(&e.ty())}))
        .collect();
    JsValue::from_json(&serde_json::Value::Array(list), ctx)
}

/// The number a Memory/Table/Global wrapper carries, if `v` is one of that kind.
fn wrapper_id(v: &JsValue, key: &str, ctx: &mut Context) -> JsResult<Option<usize>> {
    let Some(obj) = v.as_object() else {
        return Ok(None);
    };
    let id = obj.get(JsString::from(key), ctx)?;
    Ok(id.as_number().map(|n| n as usize))
}

/// Registers a memory, reusing the number of one JS already knows (so that one memory never
/// has two buffers).
fn memory_id(h: &Shared, m: Memory) -> JsResult<usize> {
    let known = h.borrow().handles.memories.clone();
    let found = with_store(h, move |s| {
        let p = m.data_ptr(&s) as usize;
        known.iter().position(|k| k.data_ptr(&s) as usize == p)
    })?;
    let mut hb = h.borrow_mut();
    Ok(found.unwrap_or_else(|| {
        hb.handles.memories.push(m);
        hb.handles.memories.len() - 1
    }))
}

/// One import's value as the extern wasm gets, or the LinkError message.
fn import_extern(
    ctx: &mut Context,
    h: &Shared,
    ty: ExternType,
    v: &JsValue,
    what: &str,
) -> JsResult<Result<Extern, String>> {
    Ok(Ok(match ty {
        ExternType::Func(fty) => {
            if let Some(id) = values::func_id(v, ctx)? {
                let f = h.borrow().handles.funcs.get(id).copied();
                match f {
                    Some(f) => Extern::Func(f),
                    None => return Ok(Err(format!("{what}: function import requires a callable"))),
                }
            } else if let Some(func) = v.as_callable() {
                let slot = {
                    let mut hb = h.borrow_mut();
                    hb.imports.push(host::JsImport {
                        func: func.clone(),
                        ty: fty.clone(),
                    });
                    hb.imports.len() - 1
                };
                Extern::Func(with_store(h, move |s| exec::js_import(s, fty, slot))?)
            } else {
                return Ok(Err(format!("{what}: function import requires a callable")));
            }
        }
        ExternType::Memory(_) => match wrapper_id(v, "__wasmMemory", ctx)? {
            Some(id) => match h.borrow().handles.memories.get(id) {
                Some(m) => Extern::Memory(*m),
                None => {
                    return Ok(Err(format!(
                        "{what}: memory import must be a WebAssembly.Memory object"
                    )));
                }
            },
            None => {
                return Ok(Err(format!(
                    "{what}: memory import must be a WebAssembly.Memory object"
                )));
            }
        },
        ExternType::Table(_) => match wrapper_id(v, "__wasmTable", ctx)? {
            Some(id) => match h.borrow().handles.tables.get(id) {
                Some(t) => Extern::Table(*t),
                None => {
                    return Ok(Err(format!(
                        "{what}: table import requires a WebAssembly.Table"
                    )));
                }
            },
            None => {
                return Ok(Err(format!(
                    "{what}: table import requires a WebAssembly.Table"
                )));
            }
        },
        ExternType::Global(gty) => match wrapper_id(v, "__wasmGlobal", ctx)? {
            Some(id) => match h.borrow().handles.globals.get(id) {
                Some(g) => Extern::Global(*g),
                None => {
                    return Ok(Err(format!(
                        "{what}: global import must be a number, valid Wasm reference, or WebAssembly.Global object"
                    )));
                }
            },
            None if v.is_number() || v.is_bigint() => {
                if gty.mutability() == Mutability::Var {
                    return Ok(Err(format!(
                        "{what}: imported mutable global must be a WebAssembly.Global object"
                    )));
                }
                let funcs = host::lookup(h);
                let val = values::to_val(v, gty.content(), &funcs, ctx)?;
                match with_store(h, move |mut s| Global::new(&mut s, gty, val))? {
                    Ok(g) => Extern::Global(g),
                    Err(e) => return Ok(Err(format!("{what}: {e}"))),
                }
            }
            None => {
                return Ok(Err(format!(
                    "{what}: global import must be a number, valid Wasm reference, or WebAssembly.Global object"
                )));
            }
        },
        ExternType::Tag(_) => return Ok(Err(format!("{what}: tag imports are not supported"))),
    }))
}

/// `instantiate(module, values)`: `values[i]` is what the import object holds for the
/// module's import `i`. Runs the start function; gives `[{name, kind, id}]`.
fn instantiate(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = module_of(ctx, &arg(args, 0))?;
    let h = shared(ctx)?;
    let given = arg(args, 1).as_object();
    let mut externs = Vec::new();
    for (i, imp) in m.imports().enumerate() {
        let v = match &given {
            Some(o) => o.get(i, ctx)?,
            None => JsValue::undefined(),
        };
        let what = format!(
            "WXWebAssembly.instantiate(): Import #{i} \"{}\" \"{}\"",
            imp.module(),
            imp.name()
        );
        match import_extern(ctx, &h, imp.ty(), &v, &what)? {
            Ok(e) => externs.push(e),
            Err(msg) => return Err(make_error(ctx, &h, Kind::Link, &msg, None)),
        }
    }
    let module = m.clone();
    let job: Job = Box::new(move |mut s: StoreContextMut<'_, HostData>| {
        Box::pin(async move {
            Instance::new_async(&mut s, &module, &externs)
                .await
                .map(Done::Instance)
        })
    });
    let Done::Instance(instance) = host::run(ctx, &h, job, Kind::Link)? else {
        return Err(crate::js::plain_error("instantiation gave no instance"));
    };
    let list = with_store(&h, move |mut s| {
        instance
            .exports(&mut s)
            .map(|e| (e.name().to_string(), e.into_extern()))
            .collect::<Vec<_>>()
    })?;
    let mut out = Vec::new();
    let mut names = Vec::new();
    for (name, ext) in list {
        let (kind, id) = match ext {
            Extern::Func(f) => ("function", host::func_number(&h, f)?),
            Extern::Memory(mem) => ("memory", memory_id(&h, mem)?),
            Extern::Table(t) => {
                let mut hb = h.borrow_mut();
                hb.handles.tables.push(t);
                ("table", hb.handles.tables.len() - 1)
            }
            Extern::Global(g) => {
                let mut hb = h.borrow_mut();
                hb.handles.globals.push(g);
                ("global", hb.handles.globals.len() - 1)
            }
            _ => continue,
        };
        names.push(name.clone());
        out.push(json!({"name": name, "kind": kind, "id": id}));
    }
    let path = arg(args, 0)
        .as_number()
        .and_then(|id| {
            h.borrow()
                .handles
                .modules
                .get(id as usize)
                .map(|(_, p)| p.clone())
        })
        .unwrap_or_default();
    crate::service::shared(ctx)
        .borrow_mut()
        .record(json!({"type": "wasm", "event": "instantiate", "path": path, "exports": names}));
    JsValue::from_json(&serde_json::Value::Array(out), ctx)
}

fn func_of(h: &Shared, v: &JsValue) -> JsResult<wasmtime::Func> {
    let id = v.as_number().unwrap_or(-1.0);
    h.borrow()
        .handles
        .funcs
        .get(id as usize)
        .filter(|_| id >= 0.0)
        .copied()
        .ok_or_else(|| crate::js::type_error("not an exported WebAssembly function"))
}

/// Function `id`'s signature, asked of the store once.
fn signature(h: &Shared, id: usize, f: wasmtime::Func) -> JsResult<host::Signature> {
    if let Some(sig) = h.borrow().handles.signatures.get(&id) {
        return Ok(sig.clone());
    }
    let (params, results) = with_store(h, move |s| {
        let ty = f.ty(&s);
        (ty.params().collect::<Vec<_>>(), ty.results().len())
    })?;
    let sig: host::Signature = std::rc::Rc::new((params, results));
    h.borrow_mut().handles.signatures.insert(id, sig.clone());
    Ok(sig)
}

/// `call(func, ...args)`: calls an exported function (its wrapper is this, bound to its
/// number); one result as itself, several as an array.
fn call(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let id = arg(args, 0);
    let f = func_of(&h, &id)?;
    let sig = signature(&h, id.as_number().unwrap_or(0.0) as usize, f)?;
    let funcs = host::lookup(&h);
    let mut params = Vec::with_capacity(sig.0.len());
    for (i, t) in sig.0.iter().enumerate() {
        params.push(values::to_val(&arg(args, i + 1), t, &funcs, ctx)?);
    }
    let n = sig.1;
    let job: Job = Box::new(move |mut s: StoreContextMut<'_, HostData>| {
        Box::pin(async move {
            let mut results = vec![Val::I32(0); n];
            f.call_async(&mut s, &params, &mut results).await?;
            Ok(Done::Values(results))
        })
    });
    let Done::Values(results) = host::run(ctx, &h, job, Kind::Type)? else {
        return Err(crate::js::plain_error("the call gave no values"));
    };
    let mut js = Vec::with_capacity(results.len());
    for r in &results {
        js.push(values::to_js(r, ctx, &mut |f, ctx| {
            host::wrap_func(ctx, &h, f)
        })?);
    }
    Ok(match js.len() {
        0 => JsValue::undefined(),
        1 => js.remove(0),
        _ => array_of(js, ctx),
    })
}

/// `funcLength(func)`: the number of parameters (the wrapper's `length`).
fn func_length(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let id = arg(args, 0);
    let f = func_of(&h, &id)?;
    let sig = signature(&h, id.as_number().unwrap_or(0.0) as usize, f)?;
    Ok(JsValue::from(sig.0.len() as u32))
}

fn limit(v: &JsValue, ctx: &mut Context) -> JsResult<Option<u64>> {
    if v.is_undefined() {
        return Ok(None);
    }
    Ok(Some(v.to_number(ctx)?.max(0.0) as u64))
}

/// `memoryNew(initial, maximum)`: a new memory of `initial` 64 KiB pages.
fn memory_new(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let initial = limit(&arg(args, 0), ctx)?.unwrap_or(0);
    let maximum = limit(&arg(args, 1), ctx)?;
    let max_pages = (host::MEMORY_LIMIT >> 16) as u64;
    if initial > max_pages || maximum.is_some_and(|m| m < initial || m > 65536) {
        return Err(error(
            ctx,
            Kind::Range,
            "WebAssembly.Memory(): could not allocate memory",
        ));
    }
    let ty = MemoryType::new(initial as u32, maximum.map(|m| m as u32));
    let m = with_store(&h, move |mut s| Memory::new(&mut s, ty))?.map_err(|e| {
        error(
            ctx,
            Kind::Range,
            &format!("WebAssembly.Memory(): could not allocate memory ({e})"),
        )
    })?;
    Ok(JsValue::from(memory_id(&h, m)? as u32))
}

fn memory_of(h: &Shared, v: &JsValue) -> JsResult<(usize, Memory)> {
    let id = v.as_number().unwrap_or(-1.0);
    h.borrow()
        .handles
        .memories
        .get(id as usize)
        .filter(|_| id >= 0.0)
        .map(|m| (id as usize, *m))
        .ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Memory"))
}

fn memory_buffer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (id, _) = memory_of(&h, &arg(args, 0))?;
    host::buffer(ctx, &h, id)
}

/// `memoryGrow(memory, delta)`: the old size in pages; the old buffer is detached.
fn memory_grow(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let (id, m) = memory_of(&h, &arg(args, 0))?;
    let delta = index(&arg(args, 1), ctx)? as u64;
    // What JS wrote into the old buffer must reach the memory before it moves.
    host::sync_in(&h);
    let r = with_store(&h, move |mut s| m.grow(&mut s, delta))?;
    host::detach(&h, id);
    match r {
        Ok(old) => Ok(JsValue::from(old as f64)),
        Err(_) => Err(error(
            ctx,
            Kind::Range,
            "WebAssembly.Memory.grow(): Maximum memory size exceeded",
        )),
    }
}

fn table_of(h: &Shared, v: &JsValue) -> JsResult<Table> {
    let id = v.as_number().unwrap_or(-1.0);
    h.borrow()
        .handles
        .tables
        .get(id as usize)
        .filter(|_| id >= 0.0)
        .copied()
        .ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Table"))
}

fn func_ref_of(h: &Shared, v: &JsValue, ctx: &mut Context) -> JsResult<Ref> {
    if v.is_undefined() || v.is_null() {
        return Ok(Ref::Func(None));
    }
    let funcs = host::lookup(h);
    match values::to_val(v, &ValType::FUNCREF, &funcs, ctx)? {
        Val::FuncRef(f) => Ok(Ref::Func(f)),
        _ => Ok(Ref::Func(None)),
    }
}

/// `tableNew(initial, maximum, value)`: a funcref table (`anyfunc`).
fn table_new(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let initial = limit(&arg(args, 0), ctx)?.unwrap_or(0);
    let maximum = limit(&arg(args, 1), ctx)?;
    if initial > host::TABLE_LIMIT as u64 || maximum.is_some_and(|m| m < initial) {
        return Err(error(
            ctx,
            Kind::Range,
            "WebAssembly.Table(): could not allocate table",
        ));
    }
    let init = func_ref_of(&h, &arg(args, 2), ctx)?;
    let ty = TableType::new(RefType::FUNCREF, initial as u32, maximum.map(|m| m as u32));
    let t = with_store(&h, move |mut s| Table::new(&mut s, ty, init))?
        .map_err(|e| error(ctx, Kind::Range, &format!("WebAssembly.Table(): {e}")))?;
    let mut hb = h.borrow_mut();
    hb.handles.tables.push(t);
    Ok(JsValue::from((hb.handles.tables.len() - 1) as u32))
}

fn table_length(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let t = table_of(&h, &arg(args, 0))?;
    Ok(JsValue::from(with_store(&h, move |s| t.size(&s))? as f64))
}

fn table_get(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let t = table_of(&h, &arg(args, 0))?;
    let i = index(&arg(args, 1), ctx)? as u64;
    let got = with_store(&h, move |mut s| {
        t.get(&mut s, i).map(|r| r.as_func().flatten().copied())
    })?;
    match got {
        None => Err(error(
            ctx,
            Kind::Range,
            "WebAssembly.Table.get(): invalid address",
        )),
        Some(None) => Ok(JsValue::null()),
        Some(Some(f)) => host::wrap_func(ctx, &h, f),
    }
}

fn table_set(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let t = table_of(&h, &arg(args, 0))?;
    let i = index(&arg(args, 1), ctx)? as u64;
    let r = func_ref_of(&h, &arg(args, 2), ctx)?;
    with_store(&h, move |mut s| t.set(&mut s, i, r))?
        .map_err(|_| error(ctx, Kind::Range, "WebAssembly.Table.set(): invalid address"))?;
    Ok(JsValue::undefined())
}

fn table_grow(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let t = table_of(&h, &arg(args, 0))?;
    let delta = index(&arg(args, 1), ctx)? as u64;
    let r = func_ref_of(&h, &arg(args, 2), ctx)?;
    let old = with_store(&h, move |mut s| t.grow(&mut s, delta, r))?.map_err(|_| {
        error(
            ctx,
            Kind::Range,
            "WebAssembly.Table.grow(): failed to grow table",
        )
    })?;
    Ok(JsValue::from(old as f64))
}

fn global_of(h: &Shared, v: &JsValue) -> JsResult<Global> {
    let id = v.as_number().unwrap_or(-1.0);
    h.borrow()
        .handles
        .globals
        .get(id as usize)
        .filter(|_| id >= 0.0)
        .copied()
        .ok_or_else(|| crate::js::type_error("not a WXWebAssembly.Global"))
}

/// `globalNew(type, mutable, value)`.
fn global_new(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let name = arg_string(args, 0, ctx);
    let Some(ty) = values::parse_type(&name) else {
        return Err(crate::js::type_error(format!(
            "WebAssembly.Global(): Descriptor property 'value' must be a WebAssembly type, not '{name}'"
        )));
    };
    let mutable = arg(args, 1).to_boolean();
    let v = arg(args, 2);
    let val = if v.is_undefined() {
        values::zero(&ty)
    } else {
        let funcs = host::lookup(&h);
        values::to_val(&v, &ty, &funcs, ctx)?
    };
    let gty = GlobalType::new(
        ty,
        if mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    );
    let g = with_store(&h, move |mut s| Global::new(&mut s, gty, val))?
        .map_err(|e| crate::js::type_error(format!("WebAssembly.Global(): {e}")))?;
    let mut hb = h.borrow_mut();
    hb.handles.globals.push(g);
    Ok(JsValue::from((hb.handles.globals.len() - 1) as u32))
}

fn global_get(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let g = global_of(&h, &arg(args, 0))?;
    let v = with_store(&h, move |mut s| g.get(&mut s))?;
    values::to_js(&v, ctx, &mut |f, ctx| host::wrap_func(ctx, &h, f))
}

fn global_set(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let g = global_of(&h, &arg(args, 0))?;
    let ty = with_store(&h, move |s| g.ty(&s))?;
    if ty.mutability() == Mutability::Const {
        return Err(crate::js::type_error(
            "set WebAssembly.Global.value: Can't set the value of an immutable global.",
        ));
    }
    let funcs = host::lookup(&h);
    let val = values::to_val(&arg(args, 1), ty.content(), &funcs, ctx)?;
    with_store(&h, move |mut s| g.set(&mut s, val))?
        .map_err(|e| crate::js::type_error(e.to_string()))?;
    Ok(JsValue::undefined())
}

/// `globalType(global)`: `{value, mutable}`, as `Global.prototype.type()` gives.
fn global_type(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let h = shared(ctx)?;
    let g = global_of(&h, &arg(args, 0))?;
    let ty = with_store(&h, move |s| g.ty(&s))?;
    let v = json!({"value": values::type_name(ty.content()), "mutable": ty.mutability() == Mutability::Var});
    JsValue::from_json(&v, ctx)
}

/// `validate(pathOrBytes)`: whether the module validates.
fn validate(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let v = arg(args, 0);
    let bytes = if let Some(s) = v.as_string() {
        package_bytes(ctx, &s.to_std_string_escaped()).map_err(crate::js::plain_error)?
    } else if let Some(arr) = v
        .as_object()
        .and_then(|o| JsUint8Array::from_object(o.clone()).ok())
    {
        let n = arr.length(ctx)?;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            out.push(arr.get(i, ctx)?.to_u32(ctx)? as u8);
        }
        out
    } else {
        return Err(crate::js::type_error(
            "WXWebAssembly.validate(): Argument 0 must be a package path or a Uint8Array",
        ));
    };
    Ok(JsValue::from(module::validate(&bytes).is_ok()))
}
