//! WXML files to a [`TemplateProgram`]: directives become control nodes, names are resolved to
//! loop variables, WXS modules or data, and every binding records the data paths it reads.
//!
//! File rules, as the official compiler applies them (checked with `wcc`):
//! - `<import src>` makes the imported file's own templates callable, not those it imports.
//! - `<include src>` copies the file's content in place, without its `<template>` and `<wxs>`
//!   definitions; the copy sees the loop variables around the `<include>`.
//! - WXS modules are visible in the file that declares them, including its template bodies.

use crate::ast::{Attr, Document, Element, Interp, Node, Part};
use crate::dialect::{TemplateDialect, normalize};
use crate::expr::{Expr, Var};
use crate::issue::Issue;
use crate::parser::{ParseOptions, parse};
use crate::program::*;
use mpsim_base::{Diagnostic, PathSeg, Severity, SourceFile, Span, Vfs, js, vpath};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Dialect details the compiler needs.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// Directive prefixes (`wx:`; `ks:` for Kuaishou). The first is the dialect's own.
    pub directive_prefixes: Vec<String>,
    /// The template extension, without dot (`wxml`, `ksml`).
    pub template_ext: String,
    /// The script-module extension (`wxs`, `sjs`).
    pub script_ext: String,
    pub parse: ParseOptions,
    /// The dialect's own syntax, rewritten to WeChat's before compiling.
    pub dialect: TemplateDialect,
}

impl Default for CompileOptions {
    fn default() -> CompileOptions {
        CompileOptions {
            directive_prefixes: vec!["wx:".into()],
            template_ext: "wxml".into(),
            script_ext: "wxs".into(),
            parse: ParseOptions::default(),
            dialect: TemplateDialect::default(),
        }
    }
}

struct ParsedFile {
    src: SourceFile,
    doc: Document,
}

/// Compiles WXML entry files, parsing each file once and reporting each file's problems once,
/// however many pages share it.
pub struct Compiler<'v> {
    vfs: &'v dyn Vfs,
    opts: CompileOptions,
    parsed: HashMap<String, Option<Arc<ParsedFile>>>,
    diagnostics: Vec<Diagnostic>,
    reported: HashSet<(String, u32, &'static str)>,
}

impl<'v> Compiler<'v> {
    pub fn new(vfs: &'v dyn Vfs, opts: CompileOptions) -> Compiler<'v> {
        Compiler {
            vfs,
            opts,
            parsed: HashMap::new(),
            diagnostics: Vec::new(),
            reported: HashSet::new(),
        }
    }

    /// Diagnostics so far, drained.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Compiles the template at `entry` (a project-relative path with extension).
    pub fn compile(&mut self, entry: &str) -> TemplateProgram {
        let mut b = Build {
            program: TemplateProgram::default(),
            file_ids: HashMap::new(),
            own: Vec::new(),
            imports: Vec::new(),
        };
        let id = self.compile_file(&mut b, entry, None);
        b.program.entry = id.unwrap_or(0);
        if b.program.files.is_empty() {
            b.program.files.push(FileProgram {
                path: entry.to_string(),
                body: Vec::new(),
                templates: Vec::new(),
            });
        }
        // Each file sees its own templates, then those its imports declare themselves.
        for f in 0..b.program.files.len() {
            let mut templates = b.own[f].clone();
            for &imp in &b.imports[f] {
                for (name, t) in &b.own[imp as usize] {
                    if !templates.iter().any(|(n, _)| n == name) {
                        templates.push((name.clone(), t.clone()));
                    }
                }
            }
            b.program.files[f].templates = templates;
        }
        b.program
    }

    fn report(&mut self, src: &SourceFile, issue: Issue) {
        let key = (src.path().to_string(), issue.span.start, issue.code);
        if self.reported.insert(key) {
            self.diagnostics.push(issue.to_diagnostic(src));
        }
    }

    fn load(&mut self, path: &str) -> Option<Arc<ParsedFile>> {
        if let Some(p) = self.parsed.get(path) {
            return p.clone();
        }
        let parsed = match self.vfs.read_text(path) {
            Ok(text) => {
                let src = SourceFile::new(path, text);
                let mut parsed = parse(src.text(), &self.opts.parse);
                normalize(
                    &mut parsed.doc,
                    src.text(),
                    &self.opts.dialect,
                    &mut parsed.issues,
                );
                for issue in parsed.issues {
                    self.report(&src, issue);
                }
                Some(Arc::new(ParsedFile {
                    src,
                    doc: parsed.doc,
                }))
            }
            Err(_) => None,
        };
        self.parsed.insert(path.to_string(), parsed.clone());
        parsed
    }

    /// Resolves `src="..."` of import/include/wxs from `from`, adding the extension if missing.
    fn resolve_src(&self, from: &str, reference: &str, ext: &str) -> Option<String> {
        let p = vpath::resolve(from, reference)?;
        if vpath::extension(&p) == Some(ext) {
            return Some(p);
        }
        // Apps ported from WeChat keep `src="foot.wxml"` where the file is now `foot.qml`;
        // the other platforms' compilers find it.
        if let Some(base) = p.strip_suffix(".wxml").or_else(|| p.strip_suffix(".wxs")) {
            let own = format!("{base}.{ext}");
            if !self.vfs.is_file(&p) && self.vfs.is_file(&own) {
                return Some(own);
            }
        }
        let with_ext = format!("{p}.{ext}");
        if self.vfs.is_file(&with_ext) || !self.vfs.is_file(&p) {
            Some(with_ext)
        } else {
            Some(p)
        }
    }

    fn compile_file(
        &mut self,
        b: &mut Build,
        path: &str,
        requested_at: Option<(&SourceFile, Span)>,
    ) -> Option<u32> {
        if let Some(&id) = b.file_ids.get(path) {
            return Some(id);
        }
        let Some(file) = self.load(path) else {
            match requested_at {
                Some((src, span)) => {
                    let issue = Issue::error(
                        span,
                        "wxml-file-not-found",
                        format!("`{path}` does not exist"),
                    );
                    self.report(src, issue);
                }
                None => self.diagnostics.push(Diagnostic::file(
                    path,
                    Severity::Error,
                    "wxml-file-not-found",
                    "the file does not exist",
                )),
            }
            return None;
        };
        let id = b.program.files.len() as u32;
        b.file_ids.insert(path.to_string(), id);
        b.program.files.push(FileProgram {
            path: path.to_string(),
            body: Vec::new(),
            templates: Vec::new(),
        });
        b.own.push(Vec::new());
        b.imports.push(Vec::new());

        let mut fc = FileCtx {
            file: file.clone(),
            id,
            wxs: HashMap::new(),
            scopes: Vec::new(),
            include_stack: vec![path.to_string()],
        };
        self.declare_wxs(b, &mut fc, &file.doc.nodes);
        let body = self.compile_children(b, &mut fc, &file.doc.nodes, true);
        b.program.files[id as usize].body = body;
        Some(id)
    }

    /// Registers every `<wxs module>` of a file before compiling expressions: a module may be
    /// used above its declaration.
    fn declare_wxs(&mut self, b: &mut Build, fc: &mut FileCtx, nodes: &[Node]) {
        for node in nodes {
            let Node::Element(el) = node else { continue };
            if el.name == self.opts.script_ext || el.name == "wxs" {
                self.wxs_module(b, fc, el);
            } else {
                self.declare_wxs(b, fc, &el.children);
            }
        }
    }

    fn wxs_module(&mut self, b: &mut Build, fc: &mut FileCtx, el: &Element) {
        let src = fc.file.src.clone();
        let Some(name) = static_attr(el, "module") else {
            self.report(
                &src,
                Issue::error(
                    el.name_span,
                    "wxml-wxs-missing-module",
                    format!("`<{}>` needs a `module` name", el.name),
                ),
            );
            return;
        };
        if !crate::ast::is_identifier(&name) {
            let span = el.attr_span("module");
            self.report(
                &src,
                Issue::error(
                    span,
                    "wxml-wxs-bad-module-name",
                    format!("`{name}` is not a valid module name"),
                ),
            );
            return;
        }
        if fc.wxs.contains_key(&name) {
            let span = el.attr_span("module");
            self.report(
                &src,
                Issue::error(
                    span,
                    "wxml-wxs-duplicate-module",
                    format!("module `{name}` is declared twice in this file"),
                ),
            );
            return;
        }
        let source = match static_attr(el, "src") {
            Some(s) => {
                if el
                    .raw_body
                    .as_ref()
                    .is_some_and(|(body, _)| !body.trim().is_empty())
                {
                    self.report(
                        &src,
                        Issue::warning(
                            el.name_span,
                            "wxml-wxs-body-ignored",
                            "a `<wxs>` with `src` ignores its body",
                        ),
                    );
                }
                match self.resolve_src(fc.file.src.path(), &s, &self.opts.script_ext.clone()) {
                    Some(p) => {
                        if !self.vfs.is_file(&p) {
                            let span = el.attr_span("src");
                            self.report(
                                &src,
                                Issue::error(
                                    span,
                                    "wxml-file-not-found",
                                    format!("WXS file `{p}` does not exist"),
                                ),
                            );
                        }
                        WxsSource::File(p)
                    }
                    None => {
                        self.report(
                            &src,
                            Issue::error(
                                el.name_span,
                                "wxml-path-outside-project",
                                format!("`{s}` points outside the project"),
                            ),
                        );
                        return;
                    }
                }
            }
            None => {
                let (code, span) = el.raw_body.clone().unwrap_or_default();
                let (line, _) = src.line_col(span.start as usize);
                WxsSource::Inline { code, line }
            }
        };
        let index = b.program.wxs.len() as u32;
        b.program.wxs.push(WxsModule {
            name: name.clone(),
            declared_in: src.path().to_string(),
            source,
        });
        fc.wxs.insert(name, index);
    }

    fn is_directive<'a>(&self, name: &'a str) -> Option<&'a str> {
        self.opts
            .directive_prefixes
            .iter()
            .find_map(|p| name.strip_prefix(p.as_str()))
    }

    fn directive<'e>(&self, el: &'e Element, which: &str) -> Option<&'e Attr> {
        el.attrs
            .iter()
            .find(|a| self.is_directive(&a.name) == Some(which))
    }

    fn compile_children(
        &mut self,
        b: &mut Build,
        fc: &mut FileCtx,
        nodes: &[Node],
        top: bool,
    ) -> Vec<NodeIdx> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < nodes.len() {
            let node = &nodes[i];
            i += 1;
            match node {
                Node::Text(t) => {
                    let parts = self.tparts(fc, &t.interp);
                    let (line, col) = fc.file.src.line_col(t.span.start as usize);
                    out.push(b.push(PNodeKind::Text(parts), line, col));
                }
                Node::Element(el) => {
                    if self.directive(el, "elif").is_some() || self.directive(el, "else").is_some()
                    {
                        let a = self
                            .directive(el, "elif")
                            .or(self.directive(el, "else"))
                            .map(|a| a.name_span)
                            .unwrap_or(el.name_span);
                        self.report(&fc.file.src.clone(), Issue::error(a, "wxml-orphan-else", "`wx:elif`/`wx:else` must follow an element with `wx:if` or `wx:elif`"));
                    }
                    if self.directive(el, "if").is_some() && self.directive(el, "for").is_none() {
                        // Gather the chain: this element and the elif/else siblings after it.
                        let mut chain = vec![el];
                        while let Some(Node::Element(next)) = nodes.get(i) {
                            if self.directive(next, "elif").is_some()
                                || self.directive(next, "else").is_some()
                            {
                                chain.push(next);
                                i += 1;
                                if self.directive(next, "else").is_some() {
                                    break;
                                }
                            } else {
                                break;
                            }
                        }
                        out.extend(self.if_chain(b, fc, &chain));
                    } else if let Some(idx) = self.element(b, fc, el, top) {
                        out.push(idx);
                    }
                }
            }
        }
        out
    }

    fn if_chain(&mut self, b: &mut Build, fc: &mut FileCtx, chain: &[&Element]) -> Option<NodeIdx> {
        let mut branches = Vec::new();
        for el in chain {
            let cond_attr = self.directive(el, "if").or(self.directive(el, "elif"));
            let cond = cond_attr.map(|a| self.condition(fc, a));
            let body = self.element_body(b, fc, el)?;
            branches.push((cond, body));
        }
        let first = chain.first()?;
        let (line, col) = fc.file.src.line_col(first.span.start as usize);
        Some(b.push(PNodeKind::If(branches), line, col))
    }

    fn condition(&mut self, fc: &mut FileCtx, a: &Attr) -> Binding {
        match &a.value {
            Some(v) => match v.interp.single_expr() {
                Some(e) => self.binding(fc, e.clone()),
                None => {
                    // `wx:if="true"` is a string: truthy unless empty, as in WeChat.
                    let parts = self.tparts(fc, &v.interp);
                    if parts.iter().any(|p| matches!(p, TPart::Expr(_))) {
                        self.report(&fc.file.src.clone(), Issue::warning(v.span, "wxml-condition-is-string", "this condition mixes text and `{{ }}`, so it is a string and always true unless empty"));
                    }
                    let text: String = v.interp.as_static().unwrap_or_default();
                    let e = if parts.iter().any(|p| matches!(p, TPart::Expr(_))) {
                        Expr::Bool(true)
                    } else {
                        Expr::Str(text)
                    };
                    Binding {
                        expr: e,
                        deps: Vec::new(),
                    }
                }
            },
            None => Binding {
                expr: Expr::Bool(true),
                deps: Vec::new(),
            },
        }
    }

    /// An element with `wx:for` and/or `wx:if` handled; returns the outermost node.
    fn element(
        &mut self,
        b: &mut Build,
        fc: &mut FileCtx,
        el: &Element,
        top: bool,
    ) -> Option<NodeIdx> {
        let src = fc.file.src.clone();
        let (line, col) = src.line_col(el.span.start as usize);
        match el.name.as_str() {
            "import" => {
                if !top {
                    self.report(
                        &src,
                        Issue::warning(
                            el.name_span,
                            "wxml-nested-import",
                            "`<import>` belongs at the top level of the file",
                        ),
                    );
                }
                if let Some((path, span)) = self.src_attr(fc, el, "import")
                    && let Some(imp) = self.compile_file(b, &path, Some((&src, span)))
                {
                    b.imports[fc.id as usize].push(imp);
                }
                return None;
            }
            "include" => return self.include(b, fc, el),
            "template" => {
                if let Some(name) = static_attr(el, "name") {
                    if !top {
                        self.report(
                            &src,
                            Issue::warning(
                                el.name_span,
                                "wxml-nested-template",
                                "`<template name>` belongs at the top level of the file",
                            ),
                        );
                    }
                    if b.own[fc.id as usize].iter().any(|(n, _)| *n == name) {
                        let span = el.attr_span("name");
                        self.report(&src, Issue::warning(span, "wxml-duplicate-template", format!("template `{name}` is defined twice; the first definition is used")));
                        return None;
                    }
                    // A template body has its own scope: only its data and the file's modules.
                    let saved = std::mem::take(&mut fc.scopes);
                    let body = self.compile_children(b, fc, &el.children, false);
                    fc.scopes = saved;
                    b.own[fc.id as usize].push((name, TemplateRef { file: fc.id, body }));
                    return None;
                }
            }
            n if n == self.opts.script_ext || n == "wxs" => return None,
            _ => {}
        }
        if let Some(for_attr) = self
            .directive(el, "for")
            .or(self.directive(el, "for-items"))
        {
            if self.is_directive(&for_attr.name) == Some("for-items") {
                self.report(
                    &src,
                    Issue::warning(
                        for_attr.name_span,
                        "wxml-deprecated-for-items",
                        "`wx:for-items` is deprecated; use `wx:for`",
                    ),
                );
            }
            let list = match &for_attr.value {
                Some(v) => match v.interp.single_expr() {
                    Some(e) => self.binding(fc, e.clone()),
                    None => {
                        // A plain string iterates its characters, as WeChat does.
                        let text = v.interp.as_static().unwrap_or_default();
                        Binding {
                            expr: Expr::Str(text),
                            deps: Vec::new(),
                        }
                    }
                },
                None => Binding {
                    expr: Expr::Undefined,
                    deps: Vec::new(),
                },
            };
            let item_name = self
                .scope_name(fc, el, "for-item")
                .unwrap_or_else(|| "item".into());
            let index_name = self
                .scope_name(fc, el, "for-index")
                .unwrap_or_else(|| "index".into());
            let depth = fc.scopes.len() as u16;
            let (item_slot, index_slot) = (depth, depth + 1);
            fc.scopes.push((item_name, item_slot));
            fc.scopes.push((index_name, index_slot));
            let key = self.for_key(fc, el);
            let body = if self.directive(el, "if").is_some() {
                self.if_chain(b, fc, &[el])
            } else {
                self.element_body(b, fc, el)
            };
            fc.scopes.truncate(depth as usize);
            let body = body?;
            return Some(b.push(
                PNodeKind::For {
                    list,
                    item_slot,
                    index_slot,
                    key,
                    body,
                },
                line,
                col,
            ));
        }
        self.element_body(b, fc, el)
    }

    /// The name `wx:for-item` / `wx:for-index` give. As the official compiler does, a value
    /// that is not an identifier (`wx:for-item="{{day}}"`, `"i "`) is the name literally: no
    /// expression can name it, so the default (`item`) is not bound in the loop either; an
    /// empty value keeps the default. Both are warned about.
    fn scope_name(&mut self, fc: &mut FileCtx, el: &Element, which: &str) -> Option<String> {
        let a = self.directive(el, which)?;
        let v = a.value.as_ref()?;
        let name = v.interp.as_static().unwrap_or_default();
        if crate::ast::is_identifier(&name) {
            return Some(name);
        }
        let literal = v.raw.clone();
        let default = if which == "for-item" { "item" } else { "index" };
        let message = if literal.is_empty() {
            format!("`wx:{which}` is empty, so the loop variable stays `{default}`")
        } else {
            let unbraced = literal
                .trim()
                .trim_start_matches("{{")
                .trim_end_matches("}}")
                .trim();
            let hint = if crate::ast::is_identifier(unbraced) {
                format!("write wx:{which}=\"{unbraced}\"")
            } else {
                "give it a JS identifier".to_string()
            };
            format!(
                "`wx:{which}=\"{literal}\"` names the loop variable `{literal}` literally, as the official compiler does: `{default}` is not bound in this loop and nothing can read that name; {hint}"
            )
        };
        self.report(
            &fc.file.src.clone(),
            Issue::warning(v.span, "wxml-literal-scope-name", message),
        );
        (!literal.is_empty()).then_some(literal)
    }

    fn for_key(&mut self, fc: &mut FileCtx, el: &Element) -> ForKey {
        let Some(a) = self.directive(el, "key") else {
            return ForKey::None;
        };
        let Some(v) = &a.value else {
            return ForKey::None;
        };
        if let Some(e) = v.interp.single_expr() {
            return ForKey::Expr(self.binding(fc, e.clone()));
        }
        match v.interp.as_static() {
            Some(s) if s.trim() == "*this" => ForKey::This,
            Some(s) if !s.trim().is_empty() => ForKey::Field(s.trim().to_string()),
            _ => ForKey::None,
        }
    }

    fn src_attr(&mut self, fc: &mut FileCtx, el: &Element, what: &str) -> Option<(String, Span)> {
        let src = fc.file.src.clone();
        let Some(attr) = el.attr("src") else {
            self.report(
                &src,
                Issue::error(
                    el.name_span,
                    "wxml-missing-src",
                    format!("`<{what}>` needs a `src`"),
                ),
            );
            return None;
        };
        let span = attr
            .value
            .as_ref()
            .map(|v| v.span)
            .unwrap_or(attr.name_span);
        let Some(reference) = attr.value.as_ref().and_then(|v| v.interp.as_static()) else {
            self.report(
                &src,
                Issue::error(
                    span,
                    "wxml-dynamic-src",
                    format!("`<{what}>` needs a static `src`, not a binding"),
                ),
            );
            return None;
        };
        let ext = self.opts.template_ext.clone();
        match self.resolve_src(src.path(), reference.trim(), &ext) {
            Some(p) => Some((p, span)),
            None => {
                self.report(
                    &src,
                    Issue::error(
                        span,
                        "wxml-path-outside-project",
                        format!("`{reference}` points outside the project"),
                    ),
                );
                None
            }
        }
    }

    fn include(&mut self, b: &mut Build, fc: &mut FileCtx, el: &Element) -> Option<NodeIdx> {
        let (path, span) = self.src_attr(fc, el, "include")?;
        let src = fc.file.src.clone();
        if fc.include_stack.contains(&path) {
            self.report(
                &src,
                Issue::error(
                    span,
                    "wxml-include-cycle",
                    format!(
                        "including `{path}` here makes a cycle: {} -> {path}",
                        fc.include_stack.join(" -> ")
                    ),
                ),
            );
            return None;
        }
        let Some(inc) = self.load(&path) else {
            self.report(
                &src,
                Issue::error(
                    span,
                    "wxml-file-not-found",
                    format!("`{path}` does not exist"),
                ),
            );
            return None;
        };
        // The included file's imports serve its content, so they join this file's scope.
        for node in &inc.doc.nodes {
            if let Node::Element(e) = node
                && e.name == "import"
            {
                let mut ifc = FileCtx {
                    file: inc.clone(),
                    id: fc.id,
                    wxs: HashMap::new(),
                    scopes: Vec::new(),
                    include_stack: Vec::new(),
                };
                if let Some((p, s)) = self.src_attr(&mut ifc, e, "import")
                    && let Some(imp) = self.compile_file(b, &p, Some((&inc.src, s)))
                {
                    b.imports[fc.id as usize].push(imp);
                }
            }
        }
        let content: Vec<Node> = inc
            .doc
            .nodes
            .iter()
            .filter(|n| !matches!(n, Node::Element(e) if e.name == "template" && e.attr("name").is_some() || e.name == "wxs" || e.name == self.opts.script_ext || e.name == "import"))
            .cloned()
            .collect();
        let saved_file = std::mem::replace(&mut fc.file, inc.clone());
        fc.include_stack.push(path);
        let body = self.compile_children(b, fc, &content, false);
        fc.include_stack.pop();
        fc.file = saved_file;
        let (line, col) = src.line_col(el.span.start as usize);
        Some(b.push(PNodeKind::Block(body), line, col))
    }

    /// The element itself (directives already handled by the caller).
    fn element_body(&mut self, b: &mut Build, fc: &mut FileCtx, el: &Element) -> Option<NodeIdx> {
        let src = fc.file.src.clone();
        let (line, col) = src.line_col(el.span.start as usize);
        if el.name == "template" {
            let data = el
                .attr("data")
                .and_then(|a| a.value.as_ref())
                .and_then(|v| match v.interp.single_expr() {
                    Some(e) => Some(e.clone()),
                    None => {
                        self.report(
                            &src,
                            Issue::error(
                                v.span,
                                "wxml-template-data",
                                "`data` must be a single `{{ }}` binding",
                            ),
                        );
                        None
                    }
                });
            let Some(is) = el.attr("is") else {
                self.report(
                    &src,
                    Issue::error(
                        el.name_span,
                        "wxml-template-missing-is",
                        "`<template>` needs `name` (to define) or `is` (to use)",
                    ),
                );
                return None;
            };
            let name = match is.value.as_ref().map(|v| (&v.interp, v.span)) {
                Some((interp, _)) if interp.as_static().is_some() => {
                    CallName::Static(interp.as_static().unwrap_or_default())
                }
                Some((interp, _)) => CallName::Dynamic(match interp.single_expr() {
                    Some(e) => self.binding(fc, e.clone()),
                    None => {
                        let parts = self.tparts(fc, interp);
                        self.concat_binding(parts)
                    }
                }),
                None => {
                    self.report(
                        &src,
                        Issue::error(
                            is.name_span,
                            "wxml-template-missing-is",
                            "`is` needs a template name",
                        ),
                    );
                    return None;
                }
            };
            let data = data.map(|e| self.binding(fc, e));
            if !el.children.is_empty() {
                self.report(
                    &src,
                    Issue::warning(
                        el.name_span,
                        "wxml-template-children",
                        "children of `<template is>` are ignored",
                    ),
                );
            }
            return Some(b.push(
                PNodeKind::Call {
                    name,
                    data,
                    file: fc.id,
                },
                line,
                col,
            ));
        }
        let children = self.compile_children(b, fc, &el.children, false);
        if el.name == "block" {
            for a in &el.attrs {
                if self.is_directive(&a.name).is_none() {
                    self.report(
                        &src,
                        Issue::warning(
                            a.name_span,
                            "wxml-block-attribute",
                            format!("`<block>` renders no element, so `{}` is ignored", a.name),
                        ),
                    );
                }
            }
            return Some(b.push(PNodeKind::Block(children), line, col));
        }
        let mut attrs = Vec::new();
        for a in &el.attrs {
            if let Some(d) = self.is_directive(&a.name) {
                if !matches!(
                    d,
                    "if" | "elif" | "else" | "for" | "for-items" | "for-item" | "for-index" | "key"
                ) {
                    self.report(
                        &src,
                        Issue::warning(
                            a.name_span,
                            "wxml-unknown-directive",
                            format!("unknown directive `{}`", a.name),
                        ),
                    );
                }
                continue;
            }
            if let Some(p) = self.attr(fc, a) {
                attrs.push(p);
            }
        }
        b.program.tags.push(crate::program::TagUse {
            tag: el.name.clone(),
            file: fc.id,
            line,
            col,
        });
        Some(b.push(
            PNodeKind::Element {
                tag: el.name.clone(),
                attrs,
                children,
            },
            line,
            col,
        ))
    }

    fn attr(&mut self, fc: &mut FileCtx, a: &Attr) -> Option<PAttr> {
        let src = fc.file.src.clone();
        let key = match classify_attr(&a.name) {
            Ok(k) => k,
            Err(msg) => {
                self.report(&src, Issue::error(a.name_span, "wxml-bad-attribute", msg));
                return None;
            }
        };
        let value = match &a.value {
            None => match key {
                AttrKey::Event { .. } | AttrKey::Generic(_) => {
                    AttrValueP::Static(Value::String(String::new()))
                }
                _ => AttrValueP::Static(Value::Bool(true)),
            },
            Some(v) => {
                if matches!(key, AttrKey::Generic(_)) && v.interp.as_static().is_none() {
                    self.report(
                        &src,
                        Issue::error(
                            v.span,
                            "wxml-binding-not-allowed",
                            "`generic:` needs a component name, not a binding",
                        ),
                    );
                }
                self.attr_value(fc, &v.interp)
            }
        };
        Some(PAttr { key, value })
    }

    fn attr_value(&mut self, fc: &mut FileCtx, interp: &Interp) -> AttrValueP {
        if let Some(e) = interp.single_expr() {
            let binding = self.binding(fc, e.clone());
            if binding.expr.is_constant() {
                let env = crate::expr::Env {
                    data: &Value::Null,
                    scopes: &[],
                    wxs: &crate::expr::eval::NoWxs,
                };
                return match crate::expr::eval::eval_json(&binding.expr, &env) {
                    Some(v) => AttrValueP::Static(v),
                    None => AttrValueP::Typed(binding),
                };
            }
            return AttrValueP::Typed(binding);
        }
        match interp.as_static() {
            Some(s) => AttrValueP::Static(Value::String(s)),
            None => AttrValueP::Interp(self.tparts(fc, interp)),
        }
    }

    fn concat_binding(&self, parts: Vec<TPart>) -> Binding {
        let mut expr: Option<Expr> = None;
        let mut deps = Vec::new();
        for p in parts {
            let e = match p {
                TPart::Lit(s) => Expr::Str(s),
                TPart::Expr(b) => {
                    deps.extend(b.deps);
                    b.expr
                }
            };
            expr = Some(match expr {
                None => Expr::Binary(
                    crate::expr::BinaryOp::Add,
                    Box::new(Expr::Str(String::new())),
                    Box::new(e),
                ),
                Some(prev) => Expr::Binary(crate::expr::BinaryOp::Add, Box::new(prev), Box::new(e)),
            });
        }
        Binding {
            expr: expr.unwrap_or(Expr::Str(String::new())),
            deps,
        }
    }

    fn tparts(&mut self, fc: &mut FileCtx, interp: &Interp) -> Vec<TPart> {
        interp
            .parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => TPart::Lit(s.clone()),
                Part::Expr(e, _) => {
                    let b = self.binding(fc, e.clone());
                    if b.expr.is_constant() {
                        let env = crate::expr::Env {
                            data: &Value::Null,
                            scopes: &[],
                            wxs: &crate::expr::eval::NoWxs,
                        };
                        TPart::Lit(
                            crate::expr::eval::eval(&b.expr, &env)
                                .to_display()
                                .into_owned(),
                        )
                    } else {
                        TPart::Expr(b)
                    }
                }
            })
            .collect()
    }

    /// Resolves names and collects dependencies.
    fn binding(&mut self, fc: &FileCtx, mut expr: Expr) -> Binding {
        expr.walk_mut(&mut |e| {
            if let Expr::Var(var, _) = e
                && let Var::Data(name) = var
            {
                if let Some((_, slot)) = fc.scopes.iter().rev().find(|(n, _)| n == name) {
                    *var = Var::Scope(*slot);
                } else if let Some(&m) = fc.wxs.get(name.as_str()) {
                    *var = Var::Wxs(m);
                }
            }
        });
        let mut deps = Vec::new();
        collect_deps(&expr, &mut deps);
        Binding { expr, deps }
    }
}

struct Build {
    program: TemplateProgram,
    file_ids: HashMap<String, u32>,
    own: Vec<Vec<(String, TemplateRef)>>,
    imports: Vec<Vec<u32>>,
}

impl Build {
    fn push(&mut self, kind: PNodeKind, line: u32, col: u32) -> NodeIdx {
        let mut reads = Reads::default();
        let add_binding = |b: &Binding, reads: &mut Reads| {
            for d in &b.deps {
                reads.add(&d.root);
            }
        };
        let add_parts = |parts: &[TPart], reads: &mut Reads| {
            for p in parts {
                if let TPart::Expr(b) = p {
                    for d in &b.deps {
                        reads.add(&d.root);
                    }
                }
            }
        };
        let add_child = |idx: NodeIdx, reads: &mut Reads, nodes: &[PNode]| {
            for r in &nodes[idx as usize].reads.roots {
                reads.add(r);
            }
        };
        match &kind {
            PNodeKind::Element {
                attrs, children, ..
            } => {
                for a in attrs {
                    match &a.value {
                        AttrValueP::Typed(b) => add_binding(b, &mut reads),
                        AttrValueP::Interp(parts) => add_parts(parts, &mut reads),
                        AttrValueP::Static(_) => {}
                    }
                }
                for &c in children {
                    add_child(c, &mut reads, &self.program.nodes);
                }
            }
            PNodeKind::Text(parts) => add_parts(parts, &mut reads),
            PNodeKind::Block(children) => {
                for &c in children {
                    add_child(c, &mut reads, &self.program.nodes);
                }
            }
            PNodeKind::If(branches) => {
                for (cond, body) in branches {
                    if let Some(c) = cond {
                        add_binding(c, &mut reads);
                    }
                    add_child(*body, &mut reads, &self.program.nodes);
                }
            }
            PNodeKind::For {
                list, key, body, ..
            } => {
                add_binding(list, &mut reads);
                if let ForKey::Expr(k) = key {
                    add_binding(k, &mut reads);
                }
                add_child(*body, &mut reads, &self.program.nodes);
            }
            PNodeKind::Call { name, data, .. } => {
                if let CallName::Dynamic(b) = name {
                    add_binding(b, &mut reads);
                }
                if let Some(d) = data {
                    add_binding(d, &mut reads);
                }
            }
        }
        let idx = self.program.nodes.len() as NodeIdx;
        self.program.nodes.push(PNode {
            kind,
            reads,
            line,
            col,
        });
        idx
    }
}

struct FileCtx {
    file: Arc<ParsedFile>,
    id: u32,
    wxs: HashMap<String, u32>,
    /// Loop variables in scope, innermost last.
    scopes: Vec<(String, u16)>,
    include_stack: Vec<String>,
}

fn static_attr(el: &Element, name: &str) -> Option<String> {
    el.attr(name)?
        .value
        .as_ref()?
        .interp
        .as_static()
        .map(|s| s.trim().to_string())
}

/// Sorts an attribute name into its kind: events, dataset, marks, models, generics.
pub fn classify_attr(name: &str) -> Result<AttrKey, String> {
    let event = |kind: EventKind, rest: &str| -> Result<AttrKey, String> {
        let n = rest.strip_prefix(':').unwrap_or(rest);
        if n.is_empty() {
            return Err(format!(
                "`{name}` needs an event name, like `{}:tap`",
                kind.prefix()
            ));
        }
        Ok(AttrKey::Event {
            kind,
            name: n.to_string(),
        })
    };
    for (prefix, kind) in [
        ("capture-mut-bind", EventKind::CaptureMutBind),
        ("capture-catch", EventKind::CaptureCatch),
        ("capture-bind", EventKind::CaptureBind),
        ("mut-bind", EventKind::MutBind),
        ("catch", EventKind::Catch),
        ("bind", EventKind::Bind),
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return event(kind, rest);
        }
    }
    let named = |rest: &str, make: fn(String) -> AttrKey| -> Result<AttrKey, String> {
        if rest.is_empty() {
            Err(format!("`{name}` needs a name after the colon"))
        } else {
            Ok(make(rest.to_string()))
        }
    };
    if let Some(rest) = name.strip_prefix("data-") {
        return Ok(AttrKey::Data(js::dataset_key(rest)));
    }
    if let Some(rest) = name.strip_prefix("mark:") {
        return named(rest, AttrKey::Mark);
    }
    if let Some(rest) = name.strip_prefix("model:") {
        return named(rest, AttrKey::Model);
    }
    if let Some(rest) = name.strip_prefix("generic:") {
        return named(rest, AttrKey::Generic);
    }
    Ok(AttrKey::Attr(name.to_string()))
}

/// The data path an expression reads directly (`a.b[0]`), if it is a plain path.
pub fn static_path(expr: &Expr) -> Option<(DepRoot, Vec<PathSeg>)> {
    match expr {
        Expr::Var(Var::Data(n), _) => Some((DepRoot::Data(n.clone()), Vec::new())),
        Expr::Var(Var::Scope(s), _) => Some((DepRoot::Scope(*s), Vec::new())),
        Expr::Field(o, name) => {
            let (root, mut path) = static_path(o)?;
            path.push(PathSeg::Key(name.clone()));
            Some((root, path))
        }
        Expr::Index(o, i) => {
            let seg = match i.as_ref() {
                Expr::Num(n) if *n >= 0.0 && n.fract() == 0.0 => PathSeg::Index(*n as usize),
                Expr::Str(s) => PathSeg::Key(s.clone()),
                _ => return None,
            };
            let (root, mut path) = static_path(o)?;
            path.push(seg);
            Some((root, path))
        }
        _ => None,
    }
}

fn collect_deps(expr: &Expr, out: &mut Vec<Dep>) {
    if let Some((root, path)) = static_path(expr) {
        // `.length` of an array changes when the array changes, which the parent path covers.
        let path = match path.last() {
            Some(PathSeg::Key(k)) if k == "length" => path[..path.len() - 1].to_vec(),
            _ => path,
        };
        if !out.iter().any(|d| d.root == root && d.path == path) {
            out.push(Dep { root, path });
        }
        return;
    }
    match expr {
        Expr::Field(o, _) => collect_deps(o, out),
        Expr::Index(o, i) => {
            collect_deps(o, out);
            collect_deps(i, out);
        }
        Expr::Call(c, args) => {
            collect_deps(c, out);
            args.iter().for_each(|a| collect_deps(a, out));
        }
        Expr::Unary(_, e) => collect_deps(e, out),
        Expr::Binary(_, a, b) | Expr::Logical(_, a, b) => {
            collect_deps(a, out);
            collect_deps(b, out);
        }
        Expr::Cond(a, b, c) => {
            collect_deps(a, out);
            collect_deps(b, out);
            collect_deps(c, out);
        }
        Expr::Array(items) => items.iter().for_each(|a| collect_deps(a, out)),
        Expr::Object(items) => items.iter().for_each(|it| match it {
            crate::expr::ObjectItem::Prop(_, e) | crate::expr::ObjectItem::Spread(e) => {
                collect_deps(e, out)
            }
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_base::MemVfs;

    fn compile(files: &[(&str, &str)]) -> (TemplateProgram, Vec<Diagnostic>) {
        let mut vfs = MemVfs::new();
        for (p, c) in files {
            vfs.insert(p, *c);
        }
        let mut c = Compiler::new(&vfs, CompileOptions::default());
        let p = c.compile(files[0].0);
        (p, c.take_diagnostics())
    }

    #[test]
    fn attributes_are_classified() {
        assert_eq!(
            classify_attr("bindtap"),
            Ok(AttrKey::Event {
                kind: EventKind::Bind,
                name: "tap".into()
            })
        );
        assert_eq!(
            classify_attr("catch:touchstart"),
            Ok(AttrKey::Event {
                kind: EventKind::Catch,
                name: "touchstart".into()
            })
        );
        assert_eq!(
            classify_attr("capture-bind:tap"),
            Ok(AttrKey::Event {
                kind: EventKind::CaptureBind,
                name: "tap".into()
            })
        );
        assert_eq!(
            classify_attr("mut-bind:tap"),
            Ok(AttrKey::Event {
                kind: EventKind::MutBind,
                name: "tap".into()
            })
        );
        assert_eq!(
            classify_attr("data-element-type"),
            Ok(AttrKey::Data("elementType".into()))
        );
        assert_eq!(
            classify_attr("data-elementType"),
            Ok(AttrKey::Data("elementtype".into()))
        );
        assert_eq!(classify_attr("mark:x"), Ok(AttrKey::Mark("x".into())));
        assert_eq!(
            classify_attr("model:value"),
            Ok(AttrKey::Model("value".into()))
        );
        assert!(classify_attr("bind:").is_err());
        assert!(classify_attr("mark:").is_err());
    }

    #[test]
    fn deps_follow_paths_and_scopes() {
        let (p, d) = compile(&[(
            "a.wxml",
            "<view wx:for='{{list}}' wx:key='id'>{{item.n}} {{other[i].x}}</view>",
        )]);
        assert!(d.is_empty(), "{d:?}");
        let text = p
            .nodes
            .iter()
            .find_map(|n| match &n.kind {
                PNodeKind::Text(parts) => Some(parts),
                _ => None,
            })
            .unwrap();
        let deps: Vec<_> = text
            .iter()
            .filter_map(|t| match t {
                TPart::Expr(b) => Some(b.deps.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(
            deps[0],
            Dep {
                root: DepRoot::Scope(0),
                path: vec![PathSeg::Key("n".into())]
            }
        );
        assert_eq!(
            deps[1],
            Dep {
                root: DepRoot::Data("other".into()),
                path: vec![]
            }
        );
        assert_eq!(
            deps[2],
            Dep {
                root: DepRoot::Data("i".into()),
                path: vec![]
            }
        );
    }

    #[test]
    fn import_is_not_transitive_and_include_drops_definitions() {
        let (p, d) = compile(&[
            (
                "index.wxml",
                "<import src='a'/><include src='inc.wxml'/><template is='ta'/>",
            ),
            (
                "a.wxml",
                "<import src='b.wxml'/><template name='ta'><template is='tb'/></template>",
            ),
            ("b.wxml", "<template name='tb'>B</template>"),
            (
                "inc.wxml",
                "<template name='hidden'>x</template><wxs module='m'>module.exports={}</wxs><text>inc</text>",
            ),
        ]);
        assert!(d.is_empty(), "{d:?}");
        assert!(p.template(p.entry, "ta").is_some());
        assert!(p.template(p.entry, "tb").is_none());
        assert!(p.template(p.entry, "hidden").is_none());
        let a = p.files.iter().position(|f| f.path == "a.wxml").unwrap() as u32;
        assert!(p.template(a, "tb").is_some());
        assert!(p.wxs.is_empty());
    }

    #[test]
    fn problems_are_reported_with_positions() {
        let (_, d) = compile(&[(
            "index.wxml",
            "<import src='nope'/>\n<view wx:elif='{{a}}'/>\n<include src='index'/>",
        )]);
        let codes: Vec<_> = d.iter().map(|d| (d.code.as_str(), d.line)).collect();
        assert_eq!(
            codes,
            vec![
                ("wxml-file-not-found", 1),
                ("wxml-orphan-else", 2),
                ("wxml-include-cycle", 3)
            ]
        );
    }

    #[test]
    fn wxs_modules_resolve_before_declaration() {
        let (p, d) = compile(&[
            (
                "index.wxml",
                "<view>{{m.f(1)}}</view><wxs module='m' src='./u.wxs'/>",
            ),
            ("u.wxs", "module.exports={f:function(x){return x}}"),
        ]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.wxs.len(), 1);
        assert!(matches!(p.wxs[0].source, WxsSource::File(ref f) if f == "u.wxs"));
        let found = p.nodes.iter().any(|n| matches!(&n.kind, PNodeKind::Text(parts) if parts.iter().any(|t| matches!(t, TPart::Expr(b) if b.deps.is_empty()))));
        assert!(found);
    }
}
