//! The buffers JS sees of the browser's wasm memories: a boa ArrayBuffer cannot share the
//! browser's memory, so it is a copy kept in step at every crossing, as in the native build:
//! wasm memory to the buffer whenever wasm stops (returns, or calls a JS import), the buffer
//! to wasm memory whenever wasm starts or resumes. Only memories whose `buffer` JS asked for
//! are copied. A memory that grew gets a new buffer and the old one is detached.

use super::Shared;
use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer};
use boa_engine::{Context, JsResult, JsValue};
use js_sys::{Uint8Array, WebAssembly};

/// A memory's number, reusing the one JS already knows (one memory never has two buffers).
pub fn memory_id(h: &Shared, m: WebAssembly::Memory) -> usize {
    let hb = &mut *h.borrow_mut();
    super::number_of(&mut hb.memories, &hb.memory_ids, m)
}

fn bytes_of(m: &WebAssembly::Memory) -> Uint8Array {
    Uint8Array::new(&m.buffer())
}

/// The ArrayBuffer JS sees for memory `id`, made on first use.
pub fn buffer(ctx: &mut Context, h: &Shared, id: usize) -> JsResult<JsValue> {
    if let Some(b) = h.borrow().buffers.get(&id) {
        return Ok(b.clone().into());
    }
    let Some(m) = h.borrow().memories.get(id).cloned() else {
        return Err(crate::js::type_error("not a WXWebAssembly.Memory"));
    };
    let bytes = bytes_of(&m).to_vec();
    let buf = JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &bytes), ctx)?;
    h.borrow_mut().buffers.insert(id, buf.clone());
    Ok(buf.into())
}

/// Drops memory `id`'s buffer after it grew: the old one is detached, the next is new.
pub fn detach(h: &Shared, id: usize) {
    let old = h.borrow_mut().buffers.remove(&id);
    if let Some(b) = old {
        let _ = b.detach(&JsValue::undefined());
    }
}

/// Copies wasm memory into the buffers JS holds (wasm has stopped); a buffer of another size
/// (its memory grew inside wasm) is detached.
pub fn sync_out(h: &Shared) {
    let mut stale = Vec::new();
    {
        let hb = h.borrow();
        for (id, buf) in &hb.buffers {
            let Some(m) = hb.memories.get(*id) else {
                continue;
            };
            let src = bytes_of(m);
            match buf.data_mut() {
                Some(mut d) if d.len() == src.length() as usize => src.copy_to(&mut d),
                _ => stale.push(*id),
            }
        }
    }
    for id in stale {
        detach(h, id);
    }
}

/// Copies the buffers JS holds into wasm memory (wasm is about to run).
pub fn sync_in(h: &Shared) {
    let hb = h.borrow();
    for (id, buf) in &hb.buffers {
        let Some(m) = hb.memories.get(*id) else {
            continue;
        };
        let dst = bytes_of(m);
        if let Some(d) = buf.data().filter(|d| d.len() == dst.length() as usize) {
            dst.copy_from(&d);
        }
    }
}
