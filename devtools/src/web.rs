//! `mpsim web DIR --out SITE/`: a static site that runs the app in the browser. It holds the
//! page and worker scripts (from crates/web/site), the browser build of mpsim (the .wasm and
//! wasm-bindgen's JS glue, built by devtools/scripts/build-web.sh) and the app packed in one
//! file with its launch settings.

use std::path::{Path, PathBuf};

/// The page and worker scripts, compiled into the command so a site needs nothing else from
/// the source tree.
const SITE: [(&str, &str); 3] = [
    (
        "index.html",
        include_str!("../../crates/web/site/index.html"),
    ),
    ("main.js", include_str!("../../crates/web/site/main.js")),
    ("worker.js", include_str!("../../crates/web/site/worker.js")),
];

/// wasm-bindgen's output for `--target web`.
const BUILD: [&str; 2] = ["mpsim_web.js", "mpsim_web_bg.wasm"];

/// Where the browser build is: `--pkg`, `$MPSIM_WEB_PKG`, or an `mpsim-web` folder beside
/// the executable or one level up (where build-web.sh puts it in the target directory).
fn find_build(given: Option<&Path>) -> Result<PathBuf, String> {
    let has = |d: &Path| BUILD.iter().all(|f| d.join(f).is_file());
    if let Some(d) = given {
        return if has(d) {
            Ok(d.to_path_buf())
        } else {
            Err(format!("{}: no {} there", d.display(), BUILD.join(" or ")))
        };
    }
    let mut candidates: Vec<PathBuf> = std::env::var_os("MPSIM_WEB_PKG")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.push(dir.join("mpsim-web"));
        if let Some(up) = dir.parent() {
            candidates.push(up.join("mpsim-web"));
        }
    }
    candidates.into_iter().find(|d| has(d)).ok_or_else(|| {
        "the browser build of mpsim is not built: run devtools/scripts/build-web.sh (or give \
         --pkg DIR, the folder wasm-bindgen wrote)"
            .to_string()
    })
}

/// What `mpsim web` is asked to do.
pub struct Site<'a> {
    pub dir: &'a Path,
    pub page: Option<String>,
    pub device: String,
    pub mock: Option<&'a Path>,
    pub out: &'a Path,
    pub pkg: Option<&'a Path>,
}

/// Writes the site; returns what to tell the user, or why it could not.
pub fn write_site(site: &Site) -> Result<String, String> {
    let build = find_build(site.pkg)?;
    let launch = mpsim::pack::Launch {
        page: site.page.clone(),
        device: site.device.clone(),
        mock_rules: None,
    };
    let pack = mpsim::pack::Pack::from_folder(site.dir, site.mock, launch)?;
    let bytes = pack.to_bytes();
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    std::fs::create_dir_all(site.out).map_err(|e| io(site.out, e))?;
    for (name, text) in SITE {
        let path = site.out.join(name);
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    for name in BUILD {
        let (from, to) = (build.join(name), site.out.join(name));
        std::fs::copy(&from, &to).map_err(|e| io(&from, e))?;
    }
    let path = site.out.join("app.mpsimpack");
    std::fs::write(&path, &bytes).map_err(|e| io(&path, e))?;
    let wasm = std::fs::metadata(site.out.join(BUILD[1])).map_or(0, |m| m.len());
    Ok(format!(
        "wrote {}: the app ({} KB packed) and mpsim for the browser ({:.1} MB of wasm). Serve \
         the folder over HTTP and open it, for example: python3 -m http.server -d {} 8000",
        site.out.display(),
        bytes.len().div_ceil(1024),
        wasm as f64 / 1e6,
        site.out.display()
    ))
}
