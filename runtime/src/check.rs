//! `mpsim check`: compile a project (or one file) and report every problem.

use crate::compile::{compile_options, compile_project, dedup_sort};
use mpsim_base::{Diagnostic, DiskVfs, Severity, vpath};
use mpsim_project::dialect;
use std::path::Path;

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// The JSON report: `{"files","errors","warnings","diagnostics":[{file,line,col,severity,code,message}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "files": self.files,
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": self.diagnostics,
        })
    }
}

/// Checks a mini-program folder or a single template, style or JSON file.
/// `Err` means the path is neither (the CLI exits with 2).
pub fn check_path(path: &Path) -> Result<CheckReport, String> {
    if path.is_dir() {
        let vfs = DiskVfs::new(path);
        return match compile_project(&vfs) {
            Ok(c) => Ok(CheckReport {
                files: c.files.len(),
                diagnostics: c.diagnostics,
            }),
            Err(d) => Err(d
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_else(|| "not a mini-program".into())),
        };
    }
    if !path.is_file() {
        return Err(format!("{} does not exist", path.display()));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let vfs = DiskVfs::new(dir);
    let ext = vpath::extension(&name).unwrap_or("").to_string();
    let mut diagnostics = Vec::new();
    let template_dialect = dialect::ALL.iter().find(|d| d.template_ext == ext);
    let style_dialect = dialect::ALL.iter().find(|d| d.style_ext == ext);
    if let Some(d) = template_dialect {
        let mut c = mpsim_wxml::Compiler::new(&vfs, compile_options(d));
        c.compile(&name);
        diagnostics.extend(c.take_diagnostics());
    } else if let Some(d) = style_dialect {
        diagnostics.extend({
            let mut out = Vec::new();
            mpsim_wxss::compile_file(&vfs, &name, d.style_ext, false, &mut out);
            out
        });
    } else if ext == "json" {
        mpsim_project::json::read_object(&vfs, &name, &mut diagnostics);
    } else {
        let mut kinds: Vec<String> = dialect::ALL
            .iter()
            .flat_map(|d| [d.template_ext, d.style_ext])
            .map(|e| format!(".{e}"))
            .collect();
        kinds.dedup();
        kinds.sort();
        kinds.dedup();
        return Err(format!(
            "{name}: mpsim checks mini-program folders, .json files and the template and style files of every dialect ({})",
            kinds.join(", ")
        ));
    }
    dedup_sort(&mut diagnostics);
    Ok(CheckReport {
        files: 1,
        diagnostics,
    })
}
