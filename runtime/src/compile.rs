//! Compiling a loaded project: every page's and component's template and style, once each.

use mpsim_base::{Diagnostic, SubVfs, Vfs};
use mpsim_project::dialect::Events;
use mpsim_project::{Dialect, Project};
use mpsim_wxml::dialect::TemplateDialect;
use mpsim_wxml::{CompileOptions, Compiler, ParseOptions, TemplateProgram};
use mpsim_wxss::StyleSheet;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A project with its templates and styles compiled.
pub struct CompiledProject {
    pub project: Project,
    /// Template programs by page/component base path.
    pub templates: BTreeMap<String, Arc<TemplateProgram>>,
    /// Stylesheets by base path; `"app"` is app.wxss.
    pub styles: BTreeMap<String, Arc<StyleSheet>>,
    /// Every source file that was read.
    pub files: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The WXML compiler settings of a dialect.
pub fn compile_options(d: &Dialect) -> CompileOptions {
    let mut script_tags: Vec<String> = std::iter::once(d.script_tag)
        .chain(d.other_script_tags.iter().copied())
        .filter(|t| *t != d.script_ext)
        .map(str::to_string)
        .collect();
    script_tags.dedup();
    // The parser keeps the bodies of every script tag raw, WeChat's `<wxs>` included.
    let mut raw: Vec<String> = script_tags.clone();
    raw.push(d.script_ext.to_string());
    if !raw.iter().any(|t| t == "wxs") {
        raw.push("wxs".into());
    }
    let mut prefixes = vec![d.directive_prefix.to_string()];
    prefixes.extend(d.also_accepts.iter().map(|p| p.to_string()));
    let foreign = mpsim_project::dialect::ALL
        .iter()
        .filter(|o| !prefixes.iter().any(|p| p == o.directive_prefix))
        .map(|o| (o.directive_prefix.to_string(), o.name.to_string()))
        .collect();
    CompileOptions {
        directive_prefixes: prefixes,
        template_ext: d.template_ext.into(),
        script_ext: d.script_ext.into(),
        parse: ParseOptions { raw_text_tags: raw },
        dialect: TemplateDialect {
            name: d.name.to_string(),
            prefix: d.directive_prefix.to_string(),
            on_events: d.events == Events::On,
            bare_directives: d.bare_directives,
            script_tags,
            script_name_attr: d.script_name_attr.to_string(),
            script_src_attr: d.script_src_attr.to_string(),
            script_tag: d.script_ext.to_string(),
            foreign,
        },
    }
}

/// Loads and compiles the project in `vfs`. `Err` holds the reason it is not a mini-program.
pub fn compile_project(vfs: &dyn Vfs) -> Result<CompiledProject, Vec<Diagnostic>> {
    compile_project_with(vfs, &mut CompileCache::default())
}

/// What a compilation keeps for the next one (the preview's reloads): each script's syntax
/// check and each wasm module's validation by content, so that only changed files are parsed
/// again — in a large app that is most of the time a compilation takes.
#[derive(Debug, Default)]
pub struct CompileCache {
    checked: HashMap<String, (u64, Option<Diagnostic>)>,
}

impl CompileCache {
    /// `check`'s finding on a file, or the one from last time if its content is the same.
    fn check(
        &mut self,
        path: &str,
        content: &[u8],
        check: impl FnOnce() -> Option<Diagnostic>,
    ) -> Option<Diagnostic> {
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            content.hash(&mut h);
            h.finish()
        };
        if let Some((known, diag)) = self.checked.get(path)
            && *known == hash
        {
            return diag.clone();
        }
        let diag = check();
        self.checked.insert(path.to_string(), (hash, diag.clone()));
        diag
    }
}

/// [`compile_project`], reusing what `cache` knows of files that did not change.
pub fn compile_project_with(
    vfs: &dyn Vfs,
    cache: &mut CompileCache,
) -> Result<CompiledProject, Vec<Diagnostic>> {
    compile_project_for(vfs, cache, None)
}

/// [`compile_project_with`] as `merchant` runs the template: its profile stands in for the
/// project's ext.json.
pub fn compile_project_for(
    vfs: &dyn Vfs,
    cache: &mut CompileCache,
    merchant: Option<&crate::merchant::Merchant>,
) -> Result<CompiledProject, Vec<Diagnostic>> {
    let ext = merchant.map(|m| (m.source.clone(), m.ext.clone()));
    let (project, mut diagnostics) = mpsim_project::load_with_ext(vfs, ext)?;
    let root = SubVfs::new(vfs, &project.config.miniprogram_root);
    let d = project.dialect;
    let mut files = BTreeSet::new();
    let configs = ["app.json", "ext.json"]
        .into_iter()
        .chain(mpsim_project::PROJECT_FILES);
    for f in configs {
        if root.is_file(f) || vfs.is_file(f) {
            files.insert(f.to_string());
        }
    }
    let mut compiler = Compiler::new(&root, compile_options(d));
    let mut templates = BTreeMap::new();
    let mut styles = BTreeMap::new();
    let app_style = format!("app.{}", d.style_ext);
    if root.is_file(&app_style) {
        files.insert(app_style.clone());
        styles.insert(
            "app".to_string(),
            Arc::new(mpsim_wxss::compile_file(
                &root,
                &app_style,
                d.style_ext,
                false,
                &mut diagnostics,
            )),
        );
    }
    for (path, cfg) in &project.components {
        files.insert(format!("{path}.json"));
        let tpl = project.template_path(path);
        if root.is_file(&tpl) {
            let program = compiler.compile(&tpl);
            for f in &program.files {
                files.insert(f.path.clone());
            }
            for m in &program.wxs {
                if let mpsim_wxml::program::WxsSource::File(p) = &m.source {
                    files.insert(p.clone());
                }
            }
            templates.insert(path.clone(), Arc::new(program));
        }
        let style = project.style_path(path);
        if root.is_file(&style) {
            files.insert(style.clone());
            let sheet = mpsim_wxss::compile_file(
                &root,
                &style,
                d.style_ext,
                cfg.is_component,
                &mut diagnostics,
            );
            styles.insert(path.clone(), Arc::new(sheet));
        }
    }
    diagnostics.extend(compiler.take_diagnostics());
    check_tags(&root, &project, &templates, &mut diagnostics);
    check_scripts(&root, &mut files, &mut diagnostics, cache);
    check_wasm(&root, &mut files, &mut diagnostics, cache);
    let prefix = &project.config.miniprogram_root;
    if !prefix.is_empty() {
        for diag in &mut diagnostics {
            if !mpsim_project::PROJECT_FILES.contains(&diag.file.as_str()) {
                diag.file = format!("{prefix}/{}", diag.file);
            }
        }
    }
    dedup_sort(&mut diagnostics);
    Ok(CompiledProject {
        project,
        templates,
        styles,
        files,
        diagnostics,
    })
}

/// Warns about tags that are neither built in nor declared in the page's or component's
/// `usingComponents` (or its `componentGenerics`): they render as plain boxes. A template
/// file shared by several pages is reported once per place.
fn check_tags(
    vfs: &dyn Vfs,
    project: &Project,
    templates: &BTreeMap<String, Arc<TemplateProgram>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen = BTreeSet::new();
    for (path, program) in templates {
        let Some(cfg) = project.components.get(path) else {
            continue;
        };
        let xr_frame = cfg.raw.get("renderer").and_then(|r| r.as_str()) == Some("xr-frame");
        for t in &program.tags {
            if mpsim_project::builtin::is_builtin_tag(&t.tag, xr_frame)
                || cfg.using.iter().any(|u| u.tag == t.tag)
                || cfg.generics.contains(&t.tag)
            {
                continue;
            }
            let Some(file) = program.files.get(t.file as usize) else {
                continue;
            };
            if !seen.insert((file.path.clone(), t.line, t.col)) {
                continue;
            }
            let mut d = Diagnostic::file(
                &file.path,
                mpsim_base::Severity::Warning,
                "wxml-unknown-tag",
                format!(
                    "`<{}>` is not a built-in component and {path}.json does not declare it in usingComponents; it renders as a plain box",
                    t.tag
                ),
            );
            d.line = t.line;
            d.col = t.col;
            if let Ok(text) = vfs.read_text(&file.path) {
                let src = mpsim_base::SourceFile::new(file.path.as_str(), text);
                d.snippet = Some((
                    src.line_text(t.line).to_string(),
                    t.tag.chars().count() as u32 + 1,
                ));
            }
            diagnostics.push(d);
        }
    }
}

/// Checks the syntax of every script of the app (not `miniprogram_npm`, which the npm build
/// produced), the way the app service will load them.
fn check_scripts(
    vfs: &dyn Vfs,
    files: &mut BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut CompileCache,
) {
    let mut checker = mpsim_logic::SyntaxChecker::new();
    for path in vfs.list_files("") {
        if !path.ends_with(".js")
            || path
                .split('/')
                .any(|seg| seg == "miniprogram_npm" || seg == "node_modules")
        {
            continue;
        }
        let Ok(code) = vfs.read_text(&path) else {
            continue;
        };
        files.insert(path.clone());
        let diag = cache.check(&path, code.as_bytes(), || {
            let e = checker.check(&code)?;
            let src = mpsim_base::SourceFile::new(path.as_str(), code.clone());
            let line_start: usize = src
                .text()
                .split_inclusive('\n')
                .take(e.line.saturating_sub(1) as usize)
                .map(str::len)
                .sum();
            let line_text = src.line_text(e.line);
            let byte = line_text
                .char_indices()
                .nth(e.col.saturating_sub(1) as usize)
                .map(|(b, _)| b)
                .unwrap_or(line_text.len());
            let span = mpsim_base::Span::at(line_start + byte);
            Some(Diagnostic::at(
                &src,
                span,
                mpsim_base::Severity::Error,
                "js-syntax",
                e.message,
            ))
        });
        diagnostics.extend(diag);
    }
}

/// Validates the package's `.wasm` and `.wasm.br` files as `WXWebAssembly.instantiate` would
/// compile them: one that does not is an error naming the file, with wasmtime's message.
fn check_wasm(
    vfs: &dyn Vfs,
    files: &mut BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut CompileCache,
) {
    for path in vfs.list_files("") {
        if !(path.ends_with(".wasm") || path.ends_with(".wasm.br"))
            || path.split('/').any(|seg| seg == "node_modules")
        {
            continue;
        }
        let Ok(bytes) = vfs.read(&path) else {
            continue;
        };
        files.insert(path.clone());
        let diag = cache.check(&path, &bytes, || {
            let message = mpsim_logic::wasm::check_module(bytes.clone(), &path).err()?;
            Some(Diagnostic::file(
                path.as_str(),
                mpsim_base::Severity::Error,
                "wasm-invalid",
                format!("WXWebAssembly cannot compile this module: {message}"),
            ))
        });
        diagnostics.extend(diag);
    }
}

/// Sorts diagnostics by file and position and drops exact repeats (a shared file reports once).
pub fn dedup_sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| (&a.file, a.line, a.col, &a.code).cmp(&(&b.file, b.line, b.col, &b.code)));
    diags.dedup_by(|a, b| {
        a.file == b.file
            && a.line == b.line
            && a.col == b.col
            && a.code == b.code
            && a.message == b.message
    });
}

#[cfg(test)]
mod cache_tests {
    use super::*;
    use mpsim_base::MemVfs;

    fn app(js: &str) -> MemVfs {
        MemVfs::new()
            .with("app.json", r#"{"pages": ["pages/a/a"]}"#)
            .with("app.js", "App({})")
            .with("pages/a/a.wxml", "<view/>")
            .with("pages/a/a.js", js)
    }

    fn js_errors(c: &CompiledProject) -> usize {
        c.diagnostics
            .iter()
            .filter(|d| d.code == "js-syntax")
            .count()
    }

    #[test]
    fn the_cache_reuses_unchanged_scripts_and_sees_changed_ones() {
        let mut cache = CompileCache::default();
        let broken = compile_project_with(&app("Page({"), &mut cache).expect("compiles");
        assert_eq!(js_errors(&broken), 1);
        assert_eq!(cache.checked.len(), 2);
        // Same content: the cached error comes back without parsing.
        let again = compile_project_with(&app("Page({"), &mut cache).expect("compiles");
        assert_eq!(again.diagnostics, broken.diagnostics);
        // Fixed: the new content is checked.
        let fixed = compile_project_with(&app("Page({})"), &mut cache).expect("compiles");
        assert_eq!(js_errors(&fixed), 0);
    }

    #[cfg(feature = "wasm")]
    #[test]
    fn a_wasm_module_that_does_not_validate_is_an_error_naming_the_file() {
        let valid = b"\0asm\x01\0\0\0".to_vec();
        let truncated = b"\0asm\x01\0\0\0\x01\x05".to_vec();
        let vfs = app("Page({})")
            .with("lib/ok.wasm", valid)
            .with("lib/bad.wasm", truncated)
            .with("lib/bad.wasm.br", b"not brotli".to_vec());
        let c = compile_project(&vfs).expect("compiles");
        let wasm: Vec<_> = c
            .diagnostics
            .iter()
            .filter(|d| d.code == "wasm-invalid")
            .collect();
        assert_eq!(wasm.len(), 2, "{wasm:?}");
        assert_eq!(wasm[0].file, "lib/bad.wasm");
        assert!(wasm[0].message.contains("offset"), "{}", wasm[0].message);
        assert!(wasm[1].message.contains("brotli"), "{}", wasm[1].message);
        assert!(c.files.contains("lib/ok.wasm"));
    }
}
