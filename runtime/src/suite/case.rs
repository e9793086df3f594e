//! Running one conformance case: launch, run the actions, stop at each checkpoint to compare
//! the screen or the page's tree, and at the end compare the whole trace.

use super::compare::{self, describe_text_difference};
use super::{Case, CaseResult};
use crate::Simulator;
use crate::script::{self, Checkpoint};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How a case is launched: at its entry page, with its mock network rules
/// (`mock/rules.json`) when it has them. The repo's own suites launch fixtures this way too.
pub fn launch_options(dir: &Path) -> Result<crate::LaunchOptions, String> {
    let rules = dir.join("mock").join("rules.json");
    let network = if rules.is_file() {
        let m = crate::MockNetwork::load(&rules).map_err(|d| d.to_string())?;
        Some(std::rc::Rc::new(m) as std::rc::Rc<dyn crate::Network>)
    } else {
        None
    };
    Ok(crate::LaunchOptions {
        network,
        ..Default::default()
    })
}

/// A case being run: what it has checked, what failed, what `--update` wrote.
struct Run<'a> {
    case: &'a Case,
    update: bool,
    expected: PathBuf,
    checked: Vec<String>,
    failures: Vec<String>,
    written: Vec<String>,
}

/// Runs `case`; with `update`, goldens that differ or are missing are written instead of
/// failing.
pub fn run(case: &Case, update: bool) -> CaseResult {
    let start = Instant::now();
    let mut run = Run {
        case,
        update,
        expected: case.dir.join("expected"),
        checked: Vec::new(),
        failures: Vec::new(),
        written: Vec::new(),
    };
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run.steps()));
    if let Err(panic) = caught {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("no message");
        run.failures
            .push(format!("mpsim crashed running this case: {why}"));
    }
    CaseResult {
        name: case.name.clone(),
        dir: case.dir.clone(),
        elapsed: start.elapsed(),
        checked: run.checked,
        failures: run.failures,
        written: run.written,
    }
}

impl Run<'_> {
    fn steps(&mut self) {
        let actions = self.expected.join("actions.json");
        let steps = match std::fs::read_to_string(&actions)
            .map_err(|e| e.to_string())
            .and_then(|text| script::parse(&text))
        {
            Ok(s) => s,
            Err(e) => return self.failures.push(format!("expected/actions.json: {e}")),
        };
        let mut sim = match launch_options(&self.case.dir).and_then(|o| {
            Simulator::launch(&self.case.dir, o).map_err(|diags| {
                let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
                format!("the app does not launch:\n{}", lines.join("\n"))
            })
        }) {
            Ok(s) => s,
            Err(e) => return self.failures.push(e),
        };
        // `ends[0]` is the trace's length after launch, `ends[i]` after step i.
        let mut trace = sim.take_trace();
        let mut ends = vec![trace.len()];
        for (i, step) in steps.iter().enumerate() {
            let at = format!("step {} {step}", i + 1);
            let done = match Checkpoint::of(step) {
                Some(Ok(point)) => {
                    self.checkpoint(&mut sim, &point, &at);
                    Ok(())
                }
                Some(Err(e)) => Err(e),
                None => script::run_step(&mut sim, step),
            };
            if let Err(e) = done {
                return self.failures.push(format!("{at} failed: {e}"));
            }
            trace.extend(sim.take_trace());
            ends.push(trace.len());
        }
        self.trace(&trace, &ends, &steps);
    }

    /// Compares the whole trace with `expected/trace.jsonl` when the case has one; `--update`
    /// always writes it, since the trace is what a case is first of all.
    fn trace(&mut self, trace: &[Value], ends: &[usize], steps: &[Value]) {
        let path = self.expected.join("trace.jsonl");
        if !path.is_file() && !self.update {
            if self.checked.is_empty() {
                self.failures.push(
                    "nothing to compare: the case has no expected/trace.jsonl and no \
                     checkpoints (run with --update to write the trace)"
                        .into(),
                );
            }
            return;
        }
        let got: String = trace.iter().map(|l| format!("{l}\n")).collect();
        let cause = |line: usize| match ends.iter().position(|&end| end > line) {
            Some(0) => "written during launch".to_string(),
            Some(i) => format!("written by step {} {}", i, steps[i - 1]),
            None => "after the last step (the run wrote fewer lines)".to_string(),
        };
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        let diff = describe_text_difference("trace.jsonl", &expected, &got, cause);
        self.settle("trace.jsonl", &path, diff, got.as_bytes());
    }

    fn checkpoint(&mut self, sim: &mut Simulator, point: &Checkpoint, at: &str) {
        let name = point.file();
        let path = self.expected.join(name);
        match point {
            Checkpoint::Tree(_) => {
                let stem = name.trim_end_matches(".tree.json");
                if self.expected.join(format!("{stem}.data.json")).exists() {
                    let why = format!(
                        "{at}: expected/{name} is the template golden of {stem}.data.json; \
                         name the checkpoint differently"
                    );
                    return self.failures.push(why);
                }
                let json = serde_json::to_string_pretty(&sim.page_tree_json()).unwrap_or_default();
                let got = json + "\n";
                let diff = match std::fs::read_to_string(&path) {
                    Ok(want) => describe_text_difference(name, &want, &got, |_| format!("at {at}")),
                    Err(_) => Some(format!("expected/{name} is missing ({at})")),
                };
                self.settle(name, &path, diff, got.as_bytes());
            }
            Checkpoint::Screenshot(_) => {
                let got = match sim.render() {
                    Ok(p) => p,
                    Err(e) => return self.failures.push(format!("{at}: no screenshot: {e}")),
                };
                let diff = match tiny_skia::Pixmap::load_png(&path) {
                    Err(_) => Some(format!("expected/{name} is missing or unreadable ({at})")),
                    Ok(want) => match compare::pixel_diff(&want, &got) {
                        Err(e) => Some(format!("{name} differs at {at}: {e}")),
                        Ok(d) if d.passes() => None,
                        Ok(d) => Some(describe_pixels(name, at, &d)),
                    },
                };
                let diff = diff.map(|d| match self.keep_screen(name, &got) {
                    Some(kept) => format!("{d}\n  the screen is in {}", kept.display()),
                    None => d,
                });
                let png = mpsim_paint::encode_png(&got).unwrap_or_default();
                self.settle(name, &path, diff, &png);
            }
        }
    }

    /// Records the outcome of one comparison: a pass, a failure, or (with `--update`) the
    /// golden written.
    fn settle(&mut self, name: &str, path: &Path, diff: Option<String>, got: &[u8]) {
        self.checked.push(name.to_string());
        let Some(diff) = diff else { return };
        if !self.update {
            return self.failures.push(diff);
        }
        match std::fs::create_dir_all(&self.expected).and_then(|()| std::fs::write(path, got)) {
            Ok(()) => self.written.push(name.to_string()),
            Err(e) => self
                .failures
                .push(format!("cannot write expected/{name}: {e}")),
        }
    }

    /// Writes a screen that did not match where the user can open it next to the golden:
    /// `<temp>/mpsim-test/<case>/<name>`.
    fn keep_screen(&self, name: &str, got: &tiny_skia::Pixmap) -> Option<PathBuf> {
        let folder = std::env::temp_dir()
            .join("mpsim-test")
            .join(self.case.name.replace(['/', '\\'], "_"));
        std::fs::create_dir_all(&folder).ok()?;
        let path = folder.join(name);
        got.save_png(&path).ok()?;
        Some(path)
    }
}

fn describe_pixels(name: &str, at: &str, d: &compare::PixelDiff) -> String {
    let mut out = format!(
        "{name} differs at {at}: {:.2}% of the pixels ({} of {}) differ by more than {} in a \
         channel; at most {:.1}% may",
        d.ratio() * 100.0,
        d.differing,
        d.total,
        compare::CHANNEL_TOLERANCE,
        compare::PIXEL_SHARE * 100.0
    );
    if let Some((x0, y0, x1, y1)) = d.bounds {
        out.push_str(&format!(
            "\n  the differing pixels lie within x {x0}..{x1}, y {y0}..{y1} (device pixels)"
        ));
    }
    out
}
