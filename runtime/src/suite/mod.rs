//! `mpsim test`: conformance suites of mini-program folders with goldens.
//!
//! A case is a mini-program folder with `expected/actions.json` (an actions script, see
//! [`crate::script`]) and any of:
//! - `expected/trace.jsonl`: the whole trace of the run, compared line by line; a difference
//!   names the first line that differs and the step that wrote it (`--update` always writes
//!   it);
//! - `expected/NAME.png`: the screen at a `{"screenshot": "NAME.png"}` step, compared with the
//!   render tests' tolerance ([`compare::CHANNEL_TOLERANCE`], [`compare::PIXEL_SHARE`]);
//! - `expected/NAME.tree.json`: the composed tree of the page on screen at a
//!   `{"tree": "NAME.tree.json"}` step.
//!
//! The app launches at its entry page, with `mock/rules.json` answering the network when the
//! folder has one. Cases run in parallel, one thread per core.

mod case;
pub mod compare;
pub mod junit;

pub use case::{launch_options, run as run_case};

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One case: a folder, named for the report by its path under the folder the user gave.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
}

/// What running a case came to.
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub name: String,
    pub dir: PathBuf,
    pub elapsed: Duration,
    /// The goldens compared, in order (`trace.jsonl`, `home.png`, ...).
    pub checked: Vec<String>,
    /// Each failure, described for a reader: first line a summary, then the detail.
    pub failures: Vec<String>,
    /// The goldens `--update` wrote.
    pub written: Vec<String>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Folders not searched for cases: dependencies and build output, which can be large and
/// never hold a case.
const SKIPPED: [&str; 3] = ["node_modules", "miniprogram_npm", "target"];

/// Every case at or under each path, in path order. A path that is itself a case is one case;
/// otherwise its sub-folders are searched. An error names a path that does not exist.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for root in paths {
        if !root.is_dir() {
            return Err(format!("{}: no such folder", root.display()));
        }
        let base = if is_case(root) {
            root.parent().unwrap_or(root).to_path_buf()
        } else {
            root.clone()
        };
        collect(root, &base, 0, &mut cases);
    }
    Ok(cases)
}

fn is_case(dir: &Path) -> bool {
    dir.join("expected").join("actions.json").is_file()
}

fn collect(dir: &Path, base: &Path, depth: usize, out: &mut Vec<Case>) {
    if is_case(dir) {
        let rel = dir.strip_prefix(base).unwrap_or(dir);
        let name = rel.to_string_lossy().replace('\\', "/");
        let name = if name.is_empty() {
            dir.display().to_string()
        } else {
            name
        };
        out.push(Case {
            name,
            dir: dir.to_path_buf(),
        });
        return;
    }
    // Deep enough for `suites/<area>/<case>` layouts, shallow enough not to wander a disk.
    if depth >= 6 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.') && !SKIPPED.contains(&name.as_str())
        })
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    for sub in subdirs {
        collect(&sub, base, depth + 1, out);
    }
}

/// Keeps the cases whose name contains `filter`.
pub fn filter(cases: Vec<Case>, filter: Option<&str>) -> Vec<Case> {
    match filter {
        None => cases,
        Some(f) => cases.into_iter().filter(|c| c.name.contains(f)).collect(),
    }
}

/// The JS engine recurses deeply on real apps' code; the main thread's default is what the
/// CLI gets, and worker threads get this much.
const STACK: usize = 16 << 20;

/// Runs `cases` on up to `jobs` threads, calling `done` as each finishes; the results come
/// back in the cases' order.
pub fn run_all(
    cases: &[Case],
    update: bool,
    jobs: usize,
    done: &(dyn Fn(&CaseResult) + Sync),
) -> Vec<CaseResult> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<CaseResult>>> = Mutex::new(vec![None; cases.len()]);
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(case) = cases.get(i) else { break };
            let result = run_case(case, update);
            done(&result);
            if let Ok(mut all) = results.lock() {
                all[i] = Some(result);
            }
        }
    };
    std::thread::scope(|s| {
        let threads: Vec<_> = (0..jobs.clamp(1, cases.len().max(1)))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(s, worker)
                    .ok()
            })
            .collect();
        // If no thread could be made, the cases run here.
        if threads.is_empty() {
            worker();
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// The lines printed for a result: `PASS name (checks, time)`, or `FAIL` with each failure
/// indented under it.
pub fn describe(r: &CaseResult) -> String {
    let time = format!("{:.2} s", r.elapsed.as_secs_f64());
    let mut out = if r.passed() {
        format!("PASS {} ({}; {time})", r.name, r.checked.join(", "))
    } else {
        format!("FAIL {} ({time})", r.name)
    };
    if !r.written.is_empty() {
        out.push_str(&format!(
            "\n  wrote expected/{}",
            r.written.join(", expected/")
        ));
    }
    for f in &r.failures {
        for line in f.lines() {
            out.push_str("\n  ");
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, file: &str, text: &str) {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// A one-page app whose tap changes its data.
    fn app(dir: &Path) {
        write(dir, "app.json", r#"{"pages": ["pages/index/index"]}"#);
        write(dir, "app.js", "App({})");
        write(
            dir,
            "pages/index/index.js",
            "Page({ data: { n: 0 }, add() { this.setData({ n: this.data.n + 1 }) } })",
        );
        write(
            dir,
            "pages/index/index.wxml",
            r#"<view id="add" bindtap="add">{{n}}</view>"#,
        );
        write(
            dir,
            "expected/actions.json",
            r##"[{"tap": "#add"}, {"tree": "one.tree.json"}, {"tap": "#add"}]"##,
        );
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mpsim-suite-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn update_writes_goldens_that_then_pass_and_a_change_is_traced_to_its_step() {
        let root = temp("update");
        let dir = root.join("counter");
        app(&dir);
        write(&root.join("node_modules/x"), "expected/actions.json", "[]");
        let cases = discover(std::slice::from_ref(&root)).expect("found");
        assert_eq!(cases.len(), 1, "{cases:?}");
        assert_eq!(cases[0].name, "counter");

        let first = run_case(&cases[0], false);
        assert!(!first.passed());
        assert!(
            first.failures[0].contains("one.tree.json is missing"),
            "{first:?}"
        );

        let updated = run_case(&cases[0], true);
        assert!(updated.passed(), "{updated:?}");
        assert_eq!(updated.written, ["one.tree.json", "trace.jsonl"]);
        let again = run_case(&cases[0], false);
        assert!(again.passed(), "{}", describe(&again));
        assert_eq!(again.checked, ["one.tree.json", "trace.jsonl"]);

        // The page now adds ten: the tree and the trace (the payload's size) part at the first tap.
        let js = "Page({ data: { n: 0 }, add() { this.setData({ n: this.data.n + 10 }) } })";
        write(&dir, "pages/index/index.js", js);
        let changed = run_case(&cases[0], false);
        let text = describe(&changed);
        assert_eq!(changed.failures.len(), 2, "{text}");
        assert!(
            text.contains("at step 2 {\"tree\":\"one.tree.json\"}"),
            "{text}"
        );
        assert!(
            text.contains("written by step 1 {\"tap\":\"#add\"}"),
            "{text}"
        );
        assert!(text.contains("in:       "), "{text}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_broken_actions_file_fails_its_case_with_a_position() {
        let root = temp("broken");
        app(&root);
        write(&root, "expected/actions.json", "[{\"tap\": }]");
        let cases = discover(std::slice::from_ref(&root)).expect("found");
        let r = run_case(&cases[0], false);
        assert!(
            r.failures[0].starts_with("expected/actions.json: invalid JSON at 1:10"),
            "{r:?}"
        );
        write(&root, "expected/actions.json", r##"[{"tap": "#nowhere"}]"##);
        let r = run_case(&cases[0], false);
        assert!(
            r.failures[0].starts_with("step 1 {\"tap\":\"#nowhere\"} failed"),
            "{r:?}"
        );
        assert!(discover(&[root.join("missing")]).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn cases_run_in_parallel_come_back_in_order() {
        let root = temp("parallel");
        for name in ["a", "b", "c"] {
            app(&root.join(name));
            write(&root.join(name), "expected/actions.json", "[]");
        }
        let cases = filter(discover(std::slice::from_ref(&root)).expect("found"), None);
        let seen = AtomicUsize::new(0);
        let results = run_all(&cases, true, 2, &|_| {
            seen.fetch_add(1, Ordering::Relaxed);
        });
        let names: Vec<_> = results.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(seen.load(Ordering::Relaxed), 3);
        assert!(results.iter().all(|r| r.written == ["trace.jsonl"]));
        assert_eq!(filter(cases, Some("b")).len(), 1);
        let _ = std::fs::remove_dir_all(&root);
    }
}
