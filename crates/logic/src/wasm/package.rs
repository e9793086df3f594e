//! Finding and decompressing a package's `.wasm` files, for wasmtime and the browser alike.
//!
//! The platform takes only a path inside the code package (`/pages/a/hello.wasm`, or a brotli
//! `.wasm.br`); bytes, `wxfile://` and `http(s)://` are refused.

use boa_engine::Context;
use std::io::Read;

/// The package path a `WXWebAssembly.instantiate` argument names (no leading `/`).
pub fn package_path(path: &str) -> Result<String, String> {
    if path.starts_with("wxfile://") || path.starts_with("http://") || path.starts_with("https://")
    {
        return Err(format!(
            "WXWebAssembly.instantiate: not support wxfile: or http: path ({path}); give a path inside the code package"
        ));
    }
    if !(path.ends_with(".wasm") || path.ends_with(".wasm.br")) {
        return Err(format!(
            "WXWebAssembly.instantiate: {path} is not a .wasm or .wasm.br file in the code package"
        ));
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!(
                        "WXWebAssembly.instantiate: {path} leaves the code package"
                    ));
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// The module bytes of a file: brotli-decompressed for `.wasm.br`.
pub fn module_bytes(raw: Vec<u8>, path: &str) -> Result<Vec<u8>, String> {
    if !path.ends_with(".br") {
        return Ok(raw);
    }
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(raw.as_slice(), 4096)
        .read_to_end(&mut out)
        .map_err(|e| format!("{path}: not a brotli-compressed file ({e})"))?;
    Ok(out)
}

/// The module bytes of the package file `path` names, decompressed.
pub fn package_bytes(ctx: &Context, path: &str) -> Result<Vec<u8>, String> {
    let rel = package_path(path)?;
    let raw = crate::service::shared(ctx)
        .borrow()
        .vfs
        .read(&rel)
        .map_err(|_| {
            format!("WXWebAssembly.instantiate: {path} is not a file in the code package")
        })?;
    module_bytes(raw, &rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_paths_are_normalised_and_outside_paths_refused() {
        assert_eq!(
            package_path("/pages/a/hello.wasm").as_deref(),
            Ok("pages/a/hello.wasm")
        );
        assert_eq!(
            package_path("./lib/../x.wasm.br").as_deref(),
            Ok("x.wasm.br")
        );
        assert!(package_path("wxfile://usr/a.wasm").is_err());
        assert!(package_path("https://x/a.wasm").is_err());
        assert!(package_path("/a.js").is_err());
        assert!(package_path("../../etc/a.wasm").is_err());
    }

    #[test]
    fn brotli_files_are_decompressed() {
        // "hi" as node's zlib.brotliCompressSync gives it.
        let compressed = [0x8b, 0x00, 0x80, 0x68, 0x69, 0x03];
        assert_eq!(
            module_bytes(compressed.to_vec(), "a.wasm.br").as_deref(),
            Ok(&b"hi"[..])
        );
        assert!(module_bytes(vec![0xff, 0xff], "a.wasm.br").is_err());
        assert_eq!(
            module_bytes(vec![1, 2], "a.wasm").as_deref(),
            Ok(&[1u8, 2][..])
        );
    }
}
