//! Finding, decompressing and compiling a package's `.wasm` files.
//!
//! The platform takes only a path inside the code package (`/pages/a/hello.wasm`, or a brotli
//! `.wasm.br`); bytes, `wxfile://` and `http(s)://` are refused. Compiled modules are kept for
//! the life of the process by content, so every page of a render, and every reload of the
//! preview, compiles a module once; wasmtime's disk cache spares the next process the compile.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use wasmtime::{Cache, CacheConfig, Config, Engine, Module, OptLevel};

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

/// The engine all stores share: fuel metering on, Cranelift optimising for speed, compiled
/// code kept on disk (see [`cache_dir`]) so that the next process does not compile again.
pub fn engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let mut config = Config::new();
            config
                .consume_fuel(true)
                .cranelift_opt_level(OptLevel::Speed);
            if let Some(dir) = cache_dir() {
                let mut cache = CacheConfig::new();
                cache.with_directory(dir);
                // A cache that cannot be set up only costs compile time.
                config.cache(Cache::new(cache).ok());
            }
            Engine::new(&config).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Where compiled modules are kept: `$MPSIM_WASM_CACHE` (`off` for nowhere), else `mpsim/wasm`
/// in the user's cache folder.
fn cache_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    match var("MPSIM_WASM_CACHE") {
        Some(dir) if dir.as_os_str() == "off" => None,
        Some(dir) => Some(dir),
        None => var("XDG_CACHE_HOME")
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
            .or_else(|| var("LOCALAPPDATA"))
            .map(|base| base.join("mpsim").join("wasm")),
    }
}

/// Compiles module bytes, or takes the module compiled earlier from the same bytes.
pub fn compile(bytes: &[u8]) -> Result<Module, String> {
    static CACHE: OnceLock<Mutex<HashMap<(u64, usize), Module>>> = OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let key = (hasher.finish(), bytes.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(m) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(m.clone());
    }
    let module = Module::new(engine()?, bytes).map_err(|e| super::traps::message(&e))?;
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, module.clone());
    Ok(module)
}

/// Whether module bytes validate; the message says why not.
pub fn validate(bytes: &[u8]) -> Result<(), String> {
    Module::validate(engine()?, bytes).map_err(|e| super::traps::message(&e))
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
