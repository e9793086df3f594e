//! Compiling a package's `.wasm` files with wasmtime. Compiled modules are kept for the life
//! of the process by content, so every page of a render, and every reload of the preview,
//! compiles a module once; wasmtime's disk cache spares the next process the compile.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use wasmtime::{Cache, CacheConfig, Config, Engine, Module, OptLevel};

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
