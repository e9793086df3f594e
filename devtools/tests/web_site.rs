#![allow(clippy::unwrap_used)]
//! `mpsim web` writes the site around whatever browser build it is given: the page and worker
//! scripts, the build's two files, and the app packed with its launch settings. (The site in
//! a real browser is tests/web, run by .ci/run after the wasm build.)

use mpsim::Vfs;
use std::path::Path;
use std::process::Command;

fn mpsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mpsim"))
}

#[test]
fn the_site_holds_the_scripts_the_build_and_the_packed_app() {
    let root = std::env::temp_dir().join(format!("mpsim-web-site-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("mpsim_web.js"), "// glue").unwrap();
    std::fs::write(pkg.join("mpsim_web_bg.wasm"), b"\0asm").unwrap();
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/shop");
    let out = root.join("site");
    let run = mpsim()
        .arg("web")
        .arg(&shop)
        .args(["--device", "iphonex", "--page", "pages/cart/cart", "--out"])
        .arg(&out)
        .arg("--pkg")
        .arg(&pkg)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("python3 -m http.server"));
    for f in [
        "index.html",
        "main.js",
        "worker.js",
        "mpsim_web.js",
        "mpsim_web_bg.wasm",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let pack =
        mpsim::pack::Pack::from_bytes(&std::fs::read(out.join("app.mpsimpack")).unwrap()).unwrap();
    assert_eq!(pack.launch.device, "iphonex");
    assert_eq!(pack.launch.page.as_deref(), Some("pages/cart/cart"));
    assert!(pack.app.is_file("app.json"));

    // Without a build, it says how to make one.
    let missing = mpsim()
        .arg("web")
        .arg(&shop)
        .arg("--out")
        .arg(&out)
        .arg("--pkg")
        .arg(root.join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no mpsim_web.js"));
    let bad_device = mpsim()
        .arg("web")
        .arg(&shop)
        .args(["--device", "pager"])
        .output()
        .unwrap();
    assert_eq!(bad_device.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&root);
}
