//! Canvases live on the logic side, as on the phone, where `<canvas type="2d">` contexts are
//! native objects of the JS thread: drawing calls run synchronously, `getImageData` answers
//! at once. The view learns a canvas's pixels through the bridge: when a task ends, every
//! canvas on a page whose pixels changed is sent as a PNG resource `canvas://NODE`, which the
//! view's `<canvas>` box shows (see `js/media.js` for the JS objects).

use crate::js::{arg, arg_string, str_value};
use crate::service::{State, shared};
use boa_engine::object::builtins::{JsUint8Array, JsUint8ClampedArray};
use boa_engine::{Context, JsResult, JsValue};
use mpsim_paint::canvas::{Canvas, Images};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use tiny_skia::Pixmap;

/// The source key of a canvas's pixels, as the view asks for them.
pub fn resource_key(node: mpsim_wxml::NodeId) -> String {
    format!("canvas://{node}")
}

struct Entry {
    canvas: Canvas,
    /// The `<canvas>` element it is drawn into; `None` for an offscreen canvas.
    node: Option<mpsim_wxml::NodeId>,
}

/// Every canvas of the app, and the images they draw.
#[derive(Default)]
pub struct Canvases {
    list: HashMap<u32, Entry>,
    next: u32,
    /// Decoded images by key (`createImage().src`, legacy drawImage paths); `None` when the
    /// source could not be read or decoded.
    images: HashMap<String, Option<Arc<Pixmap>>>,
}

impl Canvases {
    /// PNG bytes of the canvas drawn into `node`, for the view.
    pub fn png_of(&self, node: mpsim_wxml::NodeId) -> Option<Vec<u8>> {
        let e = self.list.values().find(|e| e.node == Some(node))?;
        e.canvas.pixmap().encode_png().ok()
    }
}

/// Images for a draw: decoded ones, and other canvases (`canvas:ID`, copied so that a
/// canvas can be drawn while another is borrowed).
struct Sources<'a> {
    images: &'a HashMap<String, Option<Arc<Pixmap>>>,
    other: Option<(String, Arc<Pixmap>)>,
}

impl Images for Sources<'_> {
    fn image(&self, key: &str) -> Option<Arc<Pixmap>> {
        if let Some((k, p)) = &self.other
            && k == key
        {
            return Some(p.clone());
        }
        self.images.get(key).cloned().flatten()
    }
}

/// A JS argument as JSON: numbers, strings, booleans; anything else is null.
fn plain(v: &JsValue) -> Value {
    if let Some(n) = v.as_number() {
        json!(n)
    } else if let Some(s) = v.as_string() {
        Value::String(s.to_std_string_escaped())
    } else if let Some(b) = v.as_boolean() {
        Value::Bool(b)
    } else {
        Value::Null
    }
}

fn id_arg(args: &[JsValue], ctx: &mut Context) -> JsResult<u32> {
    Ok(arg(args, 0).to_number(ctx)? as u32)
}

/// `canvasCreate(node, width, height)`: a new canvas (node 0: offscreen). Returns its id.
pub fn create(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let node = arg(args, 0).to_number(ctx)? as mpsim_wxml::NodeId;
    let w = arg(args, 1).to_number(ctx)?.clamp(0.0, 1e9) as u32;
    let h = arg(args, 2).to_number(ctx)?.clamp(0.0, 1e9) as u32;
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let c = &mut s.canvases;
    c.next += 1;
    let id = c.next;
    c.list.insert(
        id,
        Entry {
            canvas: Canvas::new(w, h),
            node: (node != 0).then_some(node),
        },
    );
    Ok(JsValue::from(id))
}

/// `canvasResize(id, width, height)`: `canvas.width = ...` clears the bitmap and the state.
pub fn resize(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = id_arg(args, ctx)?;
    let w = arg(args, 1).to_number(ctx)?.clamp(0.0, 1e9) as u32;
    let h = arg(args, 2).to_number(ctx)?.clamp(0.0, 1e9) as u32;
    if let Some(e) = shared(ctx).borrow_mut().canvases.list.get_mut(&id) {
        e.canvas.resize(w, h);
    }
    Ok(JsValue::undefined())
}

/// `canvasCall(id, method, ...args)`: one 2D context call. measureText's metrics come back
/// as JSON text; an error is thrown as the DOMException's message.
pub fn call(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = id_arg(args, ctx)?;
    let method = arg_string(args, 1, ctx);
    let values: Vec<Value> = args.iter().skip(2).map(plain).collect();
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let c = &mut s.canvases;
    // Drawing a canvas onto another: copy the source first.
    let other = match (method.as_str(), values.first()) {
        ("drawImage", Some(Value::String(k))) => k
            .strip_prefix("canvas:")
            .and_then(|n| n.parse::<u32>().ok())
            .and_then(|n| c.list.get(&n))
            .map(|e| (k.clone(), Arc::new(e.canvas.pixmap().clone()))),
        _ => None,
    };
    let Some(e) = c.list.get_mut(&id) else {
        return Ok(JsValue::undefined());
    };
    let sources = Sources {
        images: &c.images,
        other,
    };
    match e.canvas.call(&method, &values, &sources) {
        Ok(Value::Null) => Ok(JsValue::undefined()),
        Ok(v) => Ok(str_value(&v.to_string())),
        Err(message) => Err(crate::js::plain_error(message)),
    }
}

/// `canvasImage(src)`: loads and decodes an image for drawImage and patterns (a package
/// path, a temp file, a URL through the network). Returns `{width, height}` as JSON, or null.
pub fn image(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let src = arg_string(args, 0, ctx);
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    if !s.canvases.images.contains_key(&src) {
        let decoded = crate::service::read_file(&s, &src)
            .and_then(|b| mpsim_paint::decode_image(&b))
            .map(Arc::new);
        s.canvases.images.insert(src.clone(), decoded);
    }
    Ok(match s.canvases.images.get(&src).cloned().flatten() {
        Some(p) => str_value(&json!({"width": p.width(), "height": p.height()}).to_string()),
        None => JsValue::null(),
    })
}

/// `canvasGetImageData(id, x, y, w, h)`: a Uint8ClampedArray of RGBA.
pub fn get_image_data(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = id_arg(args, ctx)?;
    let mut n = [0i64; 4];
    for (i, v) in n.iter_mut().enumerate() {
        *v = arg(args, i + 1).to_number(ctx)?.clamp(-1e9, 1e9) as i64;
    }
    let bytes = {
        let st = shared(ctx);
        let s = st.borrow();
        let Some(e) = s.canvases.list.get(&id) else {
            return Ok(JsValue::null());
        };
        e.canvas
            .image_data(
                n[0] as i32,
                n[1] as i32,
                n[2].max(0) as u32,
                n[3].max(0) as u32,
            )
            .map_err(crate::js::plain_error)?
    };
    Ok(JsUint8ClampedArray::from_iter(bytes, ctx)?.into())
}

/// `canvasPutImageData(id, bytes, width, dx, dy)`: `bytes` a Uint8Array over the ImageData's.
pub fn put_image_data(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = id_arg(args, ctx)?;
    let Some(obj) = arg(args, 1).as_object() else {
        return Err(crate::js::type_error("putImageData takes an ImageData"));
    };
    let bytes = JsUint8Array::from_object(obj.clone())?.to_vec(ctx)?;
    let width = arg(args, 2).to_number(ctx)?.clamp(0.0, 1e9) as u32;
    let dx = arg(args, 3).to_number(ctx)?.clamp(-1e9, 1e9) as i32;
    let dy = arg(args, 4).to_number(ctx)?.clamp(-1e9, 1e9) as i32;
    if let Some(e) = shared(ctx).borrow_mut().canvases.list.get_mut(&id) {
        e.canvas.put_image_data(&bytes, width, dx, dy);
    }
    Ok(JsValue::undefined())
}

/// `canvasExport(id, options)`: the pixels as a file. `options` is JSON: `x`, `y`, `width`,
/// `height` (the region, canvas pixels), `destWidth`, `destHeight`, `fileType` (png, jpg),
/// `quality`, and `as`: `"file"` gives a temp file path, `"dataURL"` a data URL.
pub fn export(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = id_arg(args, ctx)?;
    let o: Value = serde_json::from_str(&arg_string(args, 1, ctx)).unwrap_or_default();
    let num = |k: &str| o[k].as_f64().map(|n| n as f32);
    let st = shared(ctx);
    let mut s = st.borrow_mut();
    let Some(e) = s.canvases.list.get(&id) else {
        return Err(crate::js::plain_error("the canvas is gone"));
    };
    let (cw, ch) = (
        e.canvas.pixmap().width() as f32,
        e.canvas.pixmap().height() as f32,
    );
    let region = [
        num("x").unwrap_or(0.0),
        num("y").unwrap_or(0.0),
        num("width").unwrap_or(cw),
        num("height").unwrap_or(ch),
    ];
    let dest = match (num("destWidth"), num("destHeight")) {
        (Some(w), Some(h)) if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    };
    let jpeg = matches!(o["fileType"].as_str(), Some("jpg" | "jpeg" | "image/jpeg"))
        .then(|| num("quality").unwrap_or(0.92));
    let bytes = e
        .canvas
        .encode(Some(region), dest, jpeg)
        .map_err(crate::js::plain_error)?;
    let ext = if jpeg.is_some() { "jpg" } else { "png" };
    if o["as"] == "dataURL" {
        let mime = if jpeg.is_some() { "jpeg" } else { "png" };
        let b64 = mpsim_bridge::encode_bytes(&bytes);
        return Ok(str_value(&format!("data:image/{mime};base64,{b64}")));
    }
    let path = s
        .files
        .add_temp(&format!("canvas.{ext}"), crate::files::Source::Bytes(bytes));
    Ok(str_value(&path))
}

/// The end of a task: canvases on pages whose pixels changed are sent to the view.
pub fn publish(s: &mut State) {
    let mut sent = Vec::new();
    for e in s.canvases.list.values_mut() {
        if let Some(node) = e.node
            && e.canvas.take_changed()
        {
            let data = e
                .canvas
                .pixmap()
                .encode_png()
                .ok()
                .map(|b| mpsim_bridge::encode_bytes(&b));
            sent.push((node, data));
        }
    }
    sent.sort_by_key(|(node, _)| *node);
    for (node, data) in sent {
        s.outbox.push(mpsim_bridge::ToView::Resource {
            src: resource_key(node),
            data,
        });
    }
}
