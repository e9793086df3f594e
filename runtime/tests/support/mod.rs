//! Helpers shared by the runtime's test files; each file uses some of them.
#![allow(dead_code)]

pub mod busy;

/// Writes a mini-program's files (path, text) to a fresh folder named for the test and gives
/// the folder; the caller removes it.
pub fn app_dir(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mpsim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create the app's folder");
        }
        std::fs::write(p, text).expect("write the app's file");
    }
    dir
}
