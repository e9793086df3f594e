//! Shared helpers for the conformance suites.

pub mod mutate;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Compares `actual` with the golden file at `path`. With `UPDATE_GOLDEN=1` it rewrites the
/// file instead; otherwise a difference fails with both texts.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "golden {} missing ({e}); run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(expected, actual, "output differs from {}", path.display());
}

/// Compares a rendered PNG with the golden at `path`, with `mpsim test`'s tolerance
/// (antialiasing may move a little, a box may not). `UPDATE_GOLDEN=1` rewrites the golden.
pub fn assert_png_golden(path: &Path, png: &[u8]) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let want = tiny_skia::Pixmap::load_png(path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    let got = tiny_skia::Pixmap::decode_png(png).expect("own PNG decodes");
    let diff = mpsim::suite::compare::pixel_diff(&want, &got)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        diff.passes(),
        "{}: {:.3}% of pixels differ from the golden",
        path.display(),
        diff.ratio() * 100.0
    );
}

/// Launches a fixture at `page` (the entry page when `None`), with its mock network rules
/// (`mock/rules.json`) when it has them.
pub fn launch_fixture(dir: &Path, page: Option<&str>) -> mpsim::Simulator {
    mpsim::Simulator::launch(dir, fixture_options(dir, page))
        .unwrap_or_else(|_| panic!("{} launches", dir.display()))
}

/// [`launch_fixture`], recording every bridge message.
pub fn launch_fixture_recorded(dir: &Path, page: Option<&str>) -> mpsim::Simulator {
    mpsim::Simulator::launch_recorded(dir, fixture_options(dir, page), None)
        .unwrap_or_else(|_| panic!("{} launches", dir.display()))
}

/// How `mpsim test` launches a case, at `page`.
fn fixture_options(dir: &Path, page: Option<&str>) -> mpsim::LaunchOptions {
    let options = mpsim::suite::launch_options(dir).unwrap_or_else(|e| panic!("{e}"));
    mpsim::LaunchOptions {
        page: page.map(str::to_string),
        ..options
    }
}

/// Every fixture folder, sorted.
pub fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(repo_root().join("fixtures"))
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}
