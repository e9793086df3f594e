//! The native functions JS calls (`__native.*`): module loading, setData, timers, navigation,
//! events raised by components, the trace.

use crate::esm;
use crate::js::{self, arg, arg_string, arg_u32, array_of, str_value};
use crate::service::{self, Navigation, Timer, shared};
use boa_engine::{Context, JsResult, JsValue};
use serde_json::{Value, json};

type Native = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// Installs `globalThis.__native`.
pub fn install(ctx: &mut Context) -> JsResult<()> {
    let fns: &[(&str, Native, usize)] = &[
        ("resolve", resolve, 2),
        ("source", source, 1),
        ("compile", compile, 1),
        ("setData", set_data, 2),
        ("afterRender", after_render, 2),
        ("applyDataUpdates", apply_data_updates, 1),
        ("isSkyline", is_skyline, 1),
        ("error", error, 3),
        ("warn", warn, 1),
        ("trace", trace, 1),
        ("console", console, 2),
        ("pageStack", page_stack, 0),
        ("setTimer", set_timer, 2),
        ("clearTimer", clear_timer, 1),
        ("navigate", navigate, 2),
        ("triggerEvent", trigger_event, 6),
        ("selectComponents", select_components, 3),
        ("queryNodes", query_nodes, 3),
        ("nodeInfo", node_info, 1),
        ("query", query, 1),
        ("network", network, 1),
        ("socketConnect", crate::sockets::connect, 1),
        ("socketSend", crate::sockets::send, 2),
        ("socketClose", crate::sockets::close, 3),
        ("now", now, 0),
        ("apiName", api_name, 0),
        ("extConfig", ext_config, 0),
        ("device", device, 0),
        ("wxConfig", wx_config, 0),
        ("windowHeight", window_height, 0),
        ("storageLoad", storage_load, 0),
        ("storageSave", storage_save, 1),
        ("appId", app_id, 0),
        ("envVersion", env_version, 0),
        ("mocks", mocks, 0),
        ("albumFile", album_file, 1),
        ("file", file_op, 2),
        ("imageInfo", image_info, 1),
        ("canvasCreate", crate::canvas::create, 3),
        ("canvasResize", crate::canvas::resize, 3),
        ("canvasCall", crate::canvas::call, 2),
        ("canvasImage", crate::canvas::image, 1),
        ("canvasGetImageData", crate::canvas::get_image_data, 5),
        ("canvasPutImageData", crate::canvas::put_image_data, 5),
        ("canvasExport", crate::canvas::export, 2),
        ("automationAnswer", automation_answer, 3),
        ("automationEvent", automation_event, 2),
        ("apiFile", crate::api_files::api_file, 1),
        ("lazyNames", crate::api_files::lazy_names, 0),
    ];
    let obj = js::natives_object(ctx, fns);
    js::set_global(ctx, "__native", obj.into())
}

/// Resolves `require(request)` from module `from` the way the base library does: app.json's
/// `resolveAlias`, relative, absolute from the project root, with `.js`/`.json` or a folder's
/// `index.js`, and packages in `miniprogram_npm` folders up the tree (the same search as
/// `usingComponents`, in mpsim-project). Leaving the project is refused.
fn resolve(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let from = arg_string(args, 0, ctx);
    let request = arg_string(args, 1, ctx);
    let st = shared(ctx);
    let s = st.borrow();
    let request = mpsim_project::resolve::apply_alias(&request, &s.project.app.resolve_alias);
    // `require('util.js')` means the file beside; `require('lodash')` may be a package.
    let explicit = request.starts_with('/')
        || request.starts_with("./")
        || request.starts_with("../")
        || !request.contains('/') && request.ends_with(".js");
    let Ok(candidates) = mpsim_project::resolve::candidates(&from, &request, explicit) else {
        return Err(js::plain_error(format!(
            "require('{request}') from {from}: the path leaves the project, which mini-programs cannot do"
        )));
    };
    for c in &candidates {
        for file in [
            c.clone(),
            format!("{c}.js"),
            format!("{c}.json"),
            format!("{c}/index.js"),
        ] {
            if s.vfs.is_file(&file) {
                return Ok(str_value(&file));
            }
        }
    }
    // The devtools' TypeScript plugin would have compiled a `.ts` beside: say so.
    let ts = candidates
        .iter()
        .flat_map(|c| [format!("{c}.ts"), format!("{c}/index.ts")])
        .find(|f| s.vfs.is_file(f));
    let hint = ts.map_or(String::new(), |f| {
        format!("; {f} is TypeScript, which mpsim does not compile yet (the devtools' typescript compiler plugin)")
    });
    Err(js::plain_error(format!(
        "module '{}' is not defined, require args is '{request}' (from {from}){hint}",
        candidates.first().cloned().unwrap_or(request.clone())
    )))
}

fn source(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = arg_string(args, 0, ctx);
    let text = shared(ctx)
        .borrow()
        .vfs
        .read_text(&path)
        .map_err(|e| js::plain_error(e.to_string()))?;
    Ok(str_value(&text))
}

/// Compiles a module into its wrapper function; ES module syntax is lowered first.
fn compile(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = arg_string(args, 0, ctx);
    let text = shared(ctx)
        .borrow()
        .vfs
        .read_text(&path)
        .map_err(|e| js::plain_error(e.to_string()))?;
    let body = match esm::to_commonjs(&text) {
        Ok(Some(lowered)) => lowered,
        Ok(None) => text,
        Err(e) => {
            return Err(js::plain_error(format!(
                "{path}:{}:{}: SyntaxError: {}",
                e.line, e.col, e.message
            )));
        }
    };
    // boa 0.22 loses `this` in arrows inside arrows; see arrows.rs.
    let body = crate::arrows::fix_nested_this(&body).unwrap_or(body);
    js::eval(ctx, &esm::wrap(&body), &path)
}

fn set_data(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let payload = arg_string(args, 1, ctx);
    Ok(JsValue::from(service::set_data(ctx, id, &payload)))
}

/// Whether instance `id` belongs to a Skyline page (asked once per instance); undefined
/// while the instance is still being created.
fn is_skyline(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let skyline = shared(ctx).borrow().insts.get(&id).map(|i| i.skyline);
    Ok(skyline.map(JsValue::from).unwrap_or_default())
}

/// The end of a `setData` on a Skyline page (outside data observers): the template updates
/// now. (WebView pages wait for the end of the task.)
fn apply_data_updates(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    service::apply_now_if_skyline(ctx, id);
    Ok(JsValue::undefined())
}

fn after_render(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let cb = arg_u32(args, 1, ctx);
    shared(ctx).borrow_mut().after_render.push(cb);
    Ok(JsValue::undefined())
}

fn error(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let (message, stack, where_) = (
        arg_string(args, 0, ctx),
        arg_string(args, 1, ctx),
        arg_string(args, 2, ctx),
    );
    shared(ctx)
        .borrow_mut()
        .record(json!({"type": "error", "message": message, "stack": stack, "where": where_}));
    Ok(JsValue::undefined())
}

fn warn(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let message = arg_string(args, 0, ctx);
    shared(ctx)
        .borrow_mut()
        .record(json!({"type": "warning", "message": message}));
    Ok(JsValue::undefined())
}

fn trace(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = arg_string(args, 0, ctx);
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        let st = shared(ctx);
        let mut s = st.borrow_mut();
        // Native UI requests also go to the view, which draws them.
        if v["type"] == "ui" {
            let api = v["api"].as_str().unwrap_or_default().to_string();
            // With the time it was asked, so the view can let a toast go after its duration.
            let mut args = v.clone();
            args["t"] = json!(s.clock);
            s.outbox.push(mpsim_bridge::ToView::Ui { api, args });
        }
        s.record(v);
    }
    Ok(JsValue::undefined())
}

fn console(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let level = arg_string(args, 0, ctx);
    let list = arg(args, 1)
        .to_json(ctx)?
        .unwrap_or(Value::Array(Vec::new()));
    shared(ctx)
        .borrow_mut()
        .record(json!({"type": "console", "level": level, "args": list}));
    Ok(JsValue::undefined())
}

fn page_stack(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let pages: Vec<JsValue> = shared(ctx)
        .borrow()
        .pages
        .iter()
        .map(|p| JsValue::from(*p))
        .collect();
    Ok(array_of(pages, ctx))
}

fn set_timer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let ms = arg(args, 0).to_number(ctx)?.max(0.0) as u64;
    let repeat = arg(args, 1).to_boolean();
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let nesting = s.timer_nesting + 1;
    let ms = if nesting > service::NESTING_CLAMP {
        ms.max(service::MIN_NESTED_DELAY)
    } else {
        ms
    };
    s.timer_seq += 1;
    let seq = s.timer_seq;
    let id = seq as u32;
    let due = s.clock + ms;
    s.timers.insert(
        (due, seq),
        Timer {
            id,
            interval: repeat.then_some(ms.max(1)),
            nesting,
        },
    );
    s.timer_ids.insert(id, (due, seq));
    Ok(JsValue::from(id))
}

fn clear_timer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    if let Some(key) = s.timer_ids.remove(&id) {
        s.timers.remove(&key);
    }
    Ok(JsValue::undefined())
}

/// Queues a navigation; it runs when the current task ends. Returns an error text or "".
fn navigate(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let method = arg_string(args, 0, ctx);
    let target = arg_string(args, 1, ctx);
    let st = shared(ctx);
    let err = crate::router::check(&st.borrow(), &method, &target);
    let mut s = st.borrow_mut();
    match err {
        Some(e) => {
            s.record(json!({"type": "navigate", "method": method, "url": target, "error": e}));
            Ok(str_value(&e))
        }
        None => {
            s.navigations.push(Navigation {
                method,
                arg: target,
            });
            Ok(str_value(""))
        }
    }
}

fn trigger_event(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let name = arg_string(args, 1, ctx);
    let detail: Value = serde_json::from_str(&arg_string(args, 2, ctx)).unwrap_or(json!({}));
    let opts = crate::events::EventOptions {
        bubbles: arg(args, 3).to_boolean(),
        composed: arg(args, 4).to_boolean(),
        capture: arg(args, 5).to_boolean(),
    };
    crate::events::trigger(ctx, id, &name, detail, opts);
    Ok(JsValue::undefined())
}

/// `(instance, selector, all)` -> the ids `select` finds, as a JS array.
fn selection<T: Into<JsValue>>(
    args: &[JsValue],
    ctx: &mut Context,
    select: fn(&service::Shared, u32, &str, bool) -> Vec<T>,
) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx);
    let sel = arg_string(args, 1, ctx);
    let all = arg(args, 2).to_boolean();
    let found = select(&shared(ctx), id, &sel, all);
    Ok(array_of(found.into_iter().map(Into::into), ctx))
}

fn select_components(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    selection(args, ctx, crate::events::select_components)
}

fn query_nodes(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    selection(args, ctx, crate::events::query_nodes)
}

fn node_info(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg(args, 0).to_number(ctx)? as mpsim_wxml::NodeId;
    let info = crate::events::query_node_info(&shared(ctx).borrow(), id);
    Ok(str_value(&info.to_string()))
}

/// Sends a selector query to the view: `{"nodes": [...], "styles": [...]}`. Returns its id;
/// the answer comes back through `__queryAnswered`.
fn query(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = arg_string(args, 0, ctx);
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    let nodes = list("nodes").iter().filter_map(Value::as_u64).collect();
    let styles = list("styles")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    s.next_query += 1;
    let id = s.next_query;
    s.outbox
        .push(mpsim_bridge::ToView::Query(mpsim_bridge::QueryRequest {
            id,
            nodes,
            styles,
        }));
    Ok(JsValue::from(id))
}

/// A wx.request / uploadFile / downloadFile call: checked, answered by the embedder's network,
/// recorded in the trace. Returns `{ok, statusCode, header, data, delay, tempFilePath}` or
/// `{ok: false, error, delay}` as JSON.
fn network(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    use crate::network::{NetRequest, NetResponse, check};
    let text = arg_string(args, 0, ctx);
    let mut req: NetRequest = serde_json::from_str(&text)
        .map_err(|e| js::type_error(format!("bad network request: {e}")))?;
    let st = shared(ctx);
    if req.api == "uploadFile"
        && let Some(path) = &req.file_path
    {
        req.file = crate::service::read_file(&st.borrow(), path);
    }
    let (backend, url_check, deployed) = {
        let s = st.borrow();
        let deployed = s
            .deployment
            .as_ref()
            .map(|d| d.domains.get(&req.api).cloned().unwrap_or_default());
        (s.network.clone(), s.project.config.url_check, deployed)
    };
    // A merchant's lists are the deployed app's: checked whatever project.config.json says.
    let (url_check, domains) = match deployed {
        Some(list) => (true, Some(list)),
        None => (
            url_check,
            backend.as_ref().and_then(|b| b.domains(&req.api)),
        ),
    };
    let response = match (check(&req, url_check, domains.as_deref()), backend) {
        (Err(message), _) => NetResponse::Fail { message, delay: 0 },
        (Ok(()), None) => NetResponse::Fail {
            message: "mpsim has no network: give a mock rules file (--mock FILE)".into(),
            delay: 0,
        },
        (Ok(()), Some(b)) => b.fetch(&req),
    };
    let mut s = st.borrow_mut();
    let out = match response {
        NetResponse::Ok {
            status,
            header,
            data,
            delay,
        } => {
            s.record(json!({"type": "request", "api": req.api, "method": req.method, "url": req.url, "statusCode": status}));
            let mut out = json!({"ok": true, "statusCode": status, "header": header, "data": data, "delay": delay});
            if req.api == "downloadFile" {
                let source = crate::files::Source::Url(req.url.clone());
                out["tempFilePath"] = json!(s.files.add_temp(&req.url, source));
            }
            out
        }
        NetResponse::Fail { message, delay } => {
            s.record(json!({"type": "request", "api": req.api, "method": req.method, "url": req.url, "error": message}));
            json!({"ok": false, "error": message, "delay": delay})
        }
    };
    Ok(str_value(&out.to_string()))
}

/// Wall-clock milliseconds: the launch epoch plus the virtual clock.
fn now(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let s = shared(ctx);
    let s = s.borrow();
    Ok(JsValue::from((s.epoch_ms + s.clock) as f64))
}

fn api_name(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = shared(ctx).borrow().api_name.clone();
    Ok(str_value(&name))
}

fn ext_config(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let ext = shared(ctx)
        .borrow()
        .project
        .ext
        .as_ref()
        .filter(|e| e.enabled)
        .map(|e| e.ext.clone())
        .unwrap_or(json!({}));
    Ok(str_value(&ext.to_string()))
}

/// The simulated device, for system info.
fn device(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let d = shared(ctx).borrow().device.to_string();
    Ok(str_value(&d))
}

/// `__wxConfig`: the compiled app config the base library keeps, as apps read it.
fn wx_config(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let st = shared(ctx);
    let s = st.borrow();
    let p = &s.project;
    let pages: Vec<&str> = p.pages.iter().map(|e| e.route.as_str()).collect();
    let mut page = serde_json::Map::new();
    for route in &pages {
        let window = p
            .components
            .get(*route)
            .map(|c| c.window.clone())
            .unwrap_or_default();
        page.insert(format!("{route}.html"), json!({ "window": window }));
    }
    let raw = |k: &str| p.app.raw.get(k).cloned().unwrap_or(Value::Null);
    let config = json!({
        "pages": pages,
        "entryPagePath": p.entry_page().map(|e| format!("{e}.html")),
        "global": { "window": p.app.window },
        "page": page,
        "tabBar": raw("tabBar"),
        "subPackages": p.app.raw.get("subPackages").or_else(|| p.app.raw.get("subpackages")).cloned().unwrap_or(json!([])),
        "networkTimeout": p.app.network_timeout,
        "usingComponents": raw("usingComponents"),
        "accountInfo": { "appId": p.config.appid.clone().unwrap_or_else(|| "touristappid".into()), "icon": "" },
        "envVersion": "develop",
        "platform": s.device["platform"],
        "debug": p.app.raw.get("debug").cloned().unwrap_or(json!(false)),
        "darkmode": p.app.raw.get("darkmode").cloned().unwrap_or(json!(false)),
        "appLaunchInfo": { "scene": 1001, "path": "", "query": {} },
    });
    Ok(str_value(&config.to_string()))
}

/// The window height of the page on top (the screen less the bars it has), by the rule the
/// view lays pages out with.
fn window_height(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let st = shared(ctx);
    let s = st.borrow();
    let route = s
        .pages
        .last()
        .and_then(|p| s.insts.get(p))
        .map(|i| i.path.clone())
        .unwrap_or_default();
    let none = serde_json::Map::new();
    let window = s
        .project
        .components
        .get(&route)
        .map(|c| &c.window)
        .unwrap_or(&none);
    let num = |k: &str| s.device[k].as_f64().unwrap_or(0.0);
    let bars = mpsim_bridge::screen::Bars::of(&s.screen, window, &route);
    Ok(JsValue::from(bars.window_height(
        num("height"),
        num("statusBarHeight"),
        num("safeBottom"),
    )))
}

/// `develop` for the developer's own project; a merchant profile's version otherwise.
fn env_version(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let v = shared(ctx)
        .borrow()
        .deployment
        .as_ref()
        .map(|d| d.env_version.clone())
        .unwrap_or_else(|| "develop".into());
    Ok(js::str_value(&v))
}

fn app_id(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = shared(ctx)
        .borrow()
        .project
        .config
        .appid
        .clone()
        .unwrap_or_else(|| "touristappid".into());
    Ok(str_value(&id))
}

fn storage_load(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let backend = shared(ctx).borrow().storage.clone();
    let text = backend
        .and_then(|b| b.load())
        .unwrap_or_else(|| "{}".into());
    Ok(str_value(&text))
}

fn storage_save(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = arg_string(args, 0, ctx);
    let backend = shared(ctx).borrow().storage.clone();
    if let Some(b) = backend
        && let Err(e) = b.save(&text)
    {
        shared(ctx).borrow_mut().record(
            json!({"type": "warning", "message": format!("storage could not be saved: {e}")}),
        );
    }
    Ok(JsValue::undefined())
}

/// The embedder's answers for platform calls ([`crate::platform::PlatformMocks`]), as JSON.
fn mocks(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let network = shared(ctx).borrow().network.clone();
    let mocks = network.map(|n| n.platform()).unwrap_or_default();
    let text = serde_json::to_string(&mocks).unwrap_or_else(|_| "{}".into());
    Ok(str_value(&text))
}

/// A photo or video of the album picked: a new temp path for it.
fn album_file(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = arg_string(args, 0, ctx);
    let source = crate::files::Source::Album(name.clone());
    let path = shared(ctx).borrow_mut().files.add_temp(&name, source);
    Ok(str_value(&path))
}

/// One FileSystemManager operation: its name and arguments (JSON) in, `{"ok": result}` or
/// `{"err": "no such file or directory"}` out (see [`service::file_op`]).
fn file_op(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let op = arg_string(args, 0, ctx);
    let a: serde_json::Value = serde_json::from_str(&arg_string(args, 1, ctx)).unwrap_or_default();
    let result = service::file_op(&mut shared(ctx).borrow_mut(), &op, &a);
    let out = match result {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "err": e.to_string() }),
    };
    Ok(str_value(&out.to_string()))
}

/// `{width, height, type}` of the image at a path (package, temp file, URL), or null.
fn image_info(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = arg_string(args, 0, ctx);
    let Some(bytes) = service::read_file(&shared(ctx).borrow(), &path) else {
        return Ok(JsValue::null());
    };
    let Some((width, height)) = crate::platform::image_size(&bytes) else {
        return Ok(JsValue::null());
    };
    let kind = match imagesize::image_type(&bytes) {
        Ok(imagesize::ImageType::Png) => "png",
        Ok(imagesize::ImageType::Jpeg) => "jpeg",
        Ok(imagesize::ImageType::Gif) => "gif",
        Ok(imagesize::ImageType::Webp) => "webp",
        Ok(imagesize::ImageType::Bmp) => "bmp",
        _ if mpsim_paint::svg_size(&bytes).is_some() => "svg",
        _ => "unknown",
    };
    let info = json!({"width": width, "height": height, "type": kind, "size": bytes.len()});
    Ok(str_value(&info.to_string()))
}

/// `automationAnswer(token, ok, json)`: the answer to an automation request (automation.js).
fn automation_answer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let token = arg(args, 0).to_number(ctx)? as u64;
    let ok = arg(args, 1).to_boolean();
    let text = arg_string(args, 2, ctx);
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let result = if ok {
        Ok(value)
    } else {
        Err(match value {
            Value::String(s) => s,
            other => other.to_string(),
        })
    };
    shared(ctx)
        .borrow_mut()
        .automation
        .answers
        .push(crate::automation::Answer { token, result });
    Ok(JsValue::undefined())
}

/// `automationEvent(method, json)`: an event for the automation client (a binding called).
fn automation_event(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let method = arg_string(args, 0, ctx);
    let params = serde_json::from_str(&arg_string(args, 1, ctx)).unwrap_or(Value::Null);
    shared(ctx)
        .borrow_mut()
        .automation
        .events
        .push((method, params));
    Ok(JsValue::undefined())
}
