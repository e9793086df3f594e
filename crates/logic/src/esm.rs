//! ES modules lowered to CommonJS the way the official toolchain's ES6-to-ES5 step does it,
//! on a real JS parser (oxc) rather than on text lines, so that `import` / `export` files run
//! through the same `require` as everything else and mix with it.
//!
//! - Imports are hoisted: every `require` runs before the module body, in source order.
//!   References to imported bindings are rewritten to read the module's exports at the time
//!   of use (`_m["name"]`; a call goes through `__mpsimEsm.get(_m, "f")(...)` so that it gets
//!   no `this`), so they stay live through import cycles. No replacement starts with `(` or
//!   `[`, which could join a line that lacks its semicolon to the one before.
//! - A default import takes `module.exports` itself unless the module has the `__esModule`
//!   marker; a namespace import gets every export plus `default`.
//! - Exports are getters defined before the body runs (`export let x` is live), except
//!   `export default <expression>`, which is assigned where it stands.
//! - Every edit keeps the newlines where they were: stack traces and diagnostics keep their
//!   line numbers. The helpers live in the `__mpsimEsm` global (see `js/globals.js`).

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{
    BindingIdentifier, Declaration, ExportDefaultDeclarationKind, ImportDeclarationSpecifier,
    ModuleDeclaration, ModuleExportName, Program,
};
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::{GetSpan, SourceType, Span};

/// What the platform's module wrapper passes: `require`, `module`, `exports`, and the
/// browser names it shadows (undefined in the app service). Everything else the app sees
/// (`wx`, `App`, `Page`, `getApp`...) is a global, so a module may declare any of those names
/// at its top level.
const MODULE_PARAMS: &str = "require, module, exports";
const SHADOWED: [&str; 18] = [
    "window",
    "document",
    "frames",
    "self",
    "location",
    "navigator",
    "localStorage",
    "history",
    "Caches",
    "screen",
    "alert",
    "confirm",
    "prompt",
    "XMLHttpRequest",
    "WebSocket",
    "Reporter",
    "webkit",
    "WeixinJSCore",
];

/// A module body in its wrapper function, which starts on the body's first line so that
/// error lines match the file. A shadowed name the module declares itself with `const`,
/// `let` or `class` (`const self = this`) is left out: the official toolchain's ES5 step
/// turns that into a `var`, which may share a parameter's name, so the app's own binding is
/// the one it sees. The wrapper is `0, function ...`, not `(function ...)`: boa's parser
/// copies a parenthesized expression whole, which for a module is its whole syntax tree.
pub fn wrap(body: &str) -> String {
    let mut params = MODULE_PARAMS.to_string();
    for name in SHADOWED {
        if !declares_lexically(body, name) {
            params.push_str(", ");
            params.push_str(name);
        }
    }
    format!("0, function ({params}) {{{body}\n}}")
}

/// Whether `src` has `const NAME`, `let NAME` or `class NAME` (a textual check: one in a
/// comment or string only means the name is not shadowed, which is harmless).
fn declares_lexically(src: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut rest = src;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].trim_end();
        let after = rest[i + name.len()..].chars().next();
        let keyword = ["const", "let", "class"].iter().any(|k| {
            before.ends_with(k)
                && !before[..before.len() - k.len()]
                    .chars()
                    .next_back()
                    .is_some_and(word)
        });
        if keyword && before.len() < rest[..i].len() && !after.is_some_and(word) {
            return true;
        }
        rest = &rest[i + name.len()..];
    }
    false
}

/// A syntax error of a module: 1-based line and column, and the parser's message.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// The source as CommonJS: `Ok(None)` when it has no module syntax (it runs as it is),
/// `Err` when it does and does not parse.
pub fn to_commonjs(src: &str) -> Result<Option<String>, ModuleError> {
    // Most scripts are CommonJS already; only files that use the keywords are parsed.
    if !has_keyword(src, "import") && !has_keyword(src, "export") {
        return Ok(None);
    }
    let allocator = Allocator::default();
    let ret = oxc_parser::Parser::new(&allocator, src, SourceType::unambiguous()).parse();
    if !ret.module_record.has_module_syntax {
        return Ok(None);
    }
    if let Some(e) = ret.diagnostics.iter().next() {
        let offset = e.labels.first().map(|l| l.offset()).unwrap_or(0) as usize;
        let (line, col) = line_col(src, offset);
        return Err(ModuleError {
            line,
            col,
            message: e.message.to_string(),
        });
    }
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .build(&ret.program)
        .semantic;
    Ok(Some(Lowering::new(src, &semantic).run(&ret.program)))
}

/// Whether `word` stands as a word in `src`, not as part of a name or after a dot
/// (`module.exports`, `important` do not count).
fn has_keyword(src: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    src.match_indices(word).any(|(i, _)| {
        let before = src[..i].chars().next_back();
        let after = src[i + word.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    })
}

fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u32
        + 1;
    (line, col)
}

/// How an imported binding reads its module.
enum Access {
    /// `import {a as b}`: `_m.a`.
    Named(String),
    /// `import d`: the module's default.
    Default,
    /// `import * as ns`: the namespace object.
    Namespace,
}

struct Lowering<'s, 'a> {
    src: &'s str,
    semantic: &'s Semantic<'a>,
    /// Text to put before the body, on its first line.
    prelude: Vec<String>,
    /// (span, replacement), not overlapping.
    edits: Vec<(Span, String)>,
    /// The rewritten reads of imported bindings, by the reference's (start, end).
    reads: std::collections::HashMap<(u32, u32), String>,
    /// Exported name -> the expression its getter returns.
    getters: Vec<(String, String)>,
    modules: usize,
}

impl<'s, 'a> Lowering<'s, 'a> {
    fn new(src: &'s str, semantic: &'s Semantic<'a>) -> Self {
        Lowering {
            src,
            semantic,
            prelude: vec!["Object.defineProperty(exports, '__esModule', { value: true });".into()],
            edits: Vec::new(),
            reads: Default::default(),
            getters: Vec::new(),
            modules: 0,
        }
    }

    /// A fresh variable for a required module, its `require` in the prelude.
    fn require(&mut self, source: &str) -> String {
        let var = format!("__mpsim_m{}", self.modules);
        self.modules += 1;
        self.prelude.push(format!(
            "var {var} = require({});",
            serde_json::to_string(source).unwrap_or_default()
        ));
        var
    }

    /// An imported binding as a callee: its value without the module as `this`.
    fn callee(var: &str, access: &Access) -> String {
        match access {
            Access::Named(name) => format!("__mpsimEsm.get({var}, {})", quote(name)),
            _ => Self::read(var, access),
        }
    }

    /// The expression that reads an imported binding.
    fn read(var: &str, access: &Access) -> String {
        match access {
            Access::Named(name) => format!("{var}[{}]", quote(name)),
            Access::Default => format!("__mpsimEsm.importDefault({var})"),
            Access::Namespace => format!("__mpsimEsm.importStar({var})"),
        }
    }

    /// Rewrites every reference to binding `local` as a read of `var`.
    fn rewrite_references(&mut self, local: &BindingIdentifier, var: &str, access: &Access) {
        let Some(symbol) = local.symbol_id.get() else {
            return;
        };
        let scoping = self.semantic.scoping();
        let nodes = self.semantic.nodes();
        let read = Self::read(var, access);
        let callee = Self::callee(var, access);
        for reference in scoping.get_resolved_reference_ids(symbol) {
            let node = scoping.get_reference(*reference).node_id();
            let span = nodes.get_node(node).kind().span();
            let parent = nodes.parent_kind(node);
            let text = match parent {
                // A call through a module's export gets no `this`, as in the original.
                AstKind::CallExpression(call) if call.callee.span() == span => callee.clone(),
                AstKind::TaggedTemplateExpression(t) if t.tag.span() == span => callee.clone(),
                AstKind::ObjectProperty(p) if p.shorthand => {
                    format!("{}: {read}", local.name)
                }
                // `new X()` of a read that is a call would construct the helper instead.
                _ if starts_new_callee(nodes, node, span) => format!("({read})"),
                _ => read.clone(),
            };
            self.reads.insert((span.start, span.end), read.clone());
            self.edits.push((span, text));
        }
    }

    /// Removes a statement, keeping its newlines; an empty statement stays in its place, so
    /// that the lines around it do not run together.
    fn blank(&mut self, span: Span) {
        let text = &self.src[span.start as usize..span.end as usize];
        let newlines: String = text.chars().filter(|c| *c == '\n').collect();
        self.edits.push((span, format!(";{newlines}")));
    }

    fn export_local(&mut self, exported: String, local: &str) {
        self.getters.push((exported, local.to_string()));
    }

    fn run(mut self, program: &Program<'a>) -> String {
        for stmt in &program.body {
            let Some(decl) = stmt.as_module_declaration() else {
                continue;
            };
            self.declaration(decl);
        }
        self.dynamic_imports();
        self.finish()
    }

    fn declaration(&mut self, decl: &ModuleDeclaration<'a>) {
        match decl {
            ModuleDeclaration::ImportDeclaration(d) => {
                let var = self.require(d.source.value.as_str());
                for s in d.specifiers.iter().flatten() {
                    let (local, access) = match s {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => {
                            (&s.local, Access::Named(export_name(&s.imported)))
                        }
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (&s.local, Access::Default)
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (&s.local, Access::Namespace)
                        }
                    };
                    self.rewrite_references(local, &var, &access);
                }
                self.blank(d.span);
            }
            ModuleDeclaration::ExportDeclaration(d) => {
                // `export const a = 1` -> `const a = 1`, with a getter for `a`.
                let keyword = Span::new(d.span.start, d.declaration.span().start);
                self.edits.push((keyword, String::new()));
                for name in declared_names(&d.declaration) {
                    self.export_local(name.clone(), &name);
                }
            }
            ModuleDeclaration::ExportNamedDeclaration(d) => {
                for s in &d.specifiers {
                    let local = export_name(&s.local);
                    let read = self.local_read(&s.local).unwrap_or(local);
                    self.getters.push((export_name(&s.exported), read));
                }
                self.blank(d.span);
            }
            ModuleDeclaration::ExportFromDeclaration(d) => {
                let var = self.require(d.source.value.as_str());
                for s in &d.specifiers {
                    let local = export_name(&s.local);
                    let access = if local == "default" {
                        Access::Default
                    } else {
                        Access::Named(local)
                    };
                    self.getters
                        .push((export_name(&s.exported), Self::read(&var, &access)));
                }
                self.blank(d.span);
            }
            ModuleDeclaration::ExportAllDeclaration(d) => {
                let var = self.require(d.source.value.as_str());
                match &d.exported {
                    Some(name) => self
                        .getters
                        .push((export_name(name), Self::read(&var, &Access::Namespace))),
                    None => self
                        .prelude
                        .push(format!("__mpsimEsm.exportStar(exports, {var});")),
                }
                self.blank(d.span);
            }
            ModuleDeclaration::ExportDefaultDeclaration(d) => {
                let keyword = Span::new(d.span.start, d.declaration.span().start);
                let named = match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => f.id.as_ref(),
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => c.id.as_ref(),
                    _ => None,
                };
                match named {
                    // `export default function f() {}`: the declaration stays, `default`
                    // reads `f`.
                    Some(id) => {
                        self.edits.push((keyword, String::new()));
                        self.export_local("default".into(), id.name.as_str());
                    }
                    None => self.edits.push((keyword, "exports.default = ".into())),
                }
            }
            _ => {}
        }
    }

    /// What `export {x}` exports: `x` itself, or the rewritten read when `x` is imported.
    fn local_read(&self, local: &ModuleExportName) -> Option<String> {
        let ModuleExportName::IdentifierReference(r) = local else {
            return None;
        };
        self.reads.get(&(r.span.start, r.span.end)).cloned()
    }

    /// `import('x')` -> a promise of the namespace, through the module's own `require`.
    fn dynamic_imports(&mut self) {
        for node in self.semantic.nodes().iter() {
            if let AstKind::ImportExpression(e) = node.kind() {
                let keyword = Span::new(e.span.start, e.span.start + "import".len() as u32);
                self.edits
                    .push((keyword, "__mpsimEsm.dynamicImport(require)".into()));
            }
        }
    }

    fn finish(mut self) -> String {
        if !self.getters.is_empty() {
            let fields: Vec<String> = self
                .getters
                .iter()
                .map(|(name, read)| format!("{}: function () {{ return {read}; }}", quote(name)))
                .collect();
            self.prelude.push(format!(
                "__mpsimEsm.defineExports(exports, {{ {} }});",
                fields.join(", ")
            ));
        }
        self.edits.sort_by_key(|(s, _)| (s.start, s.end));
        let mut out = self.prelude.join(" ");
        out.push(' ');
        let mut at = 0usize;
        for (span, text) in &self.edits {
            let (start, end) = (span.start as usize, span.end as usize);
            // An edit inside one already made (a reference inside a removed export) is moot.
            if start < at {
                continue;
            }
            out.push_str(&self.src[at..start]);
            out.push_str(text);
            at = end;
        }
        out.push_str(&self.src[at..]);
        out
    }
}

/// Whether the reference at `span` begins the callee of a `new` (`new X()`, `new X.Y()`):
/// there a read written as a call must be parenthesized. (Never at a statement's start, so
/// the parenthesis cannot join the line before.)
fn starts_new_callee(
    nodes: &oxc_semantic::AstNodes,
    node: oxc_syntax::node::NodeId,
    span: Span,
) -> bool {
    for kind in nodes.ancestor_kinds(node) {
        match kind {
            AstKind::StaticMemberExpression(m) if m.span.start == span.start => {}
            AstKind::ComputedMemberExpression(m) if m.span.start == span.start => {}
            AstKind::NewExpression(n) => return n.callee.span().start == span.start,
            _ => return false,
        }
    }
    false
}

/// The names a declaration binds (`const {a, b: [c]} = o` binds a and c).
fn declared_names(d: &Declaration) -> Vec<String> {
    match d {
        Declaration::VariableDeclaration(v) => v
            .declarations
            .iter()
            .flat_map(|d| d.id.get_binding_identifiers())
            .map(|b| b.name.to_string())
            .collect(),
        Declaration::FunctionDeclaration(f) => f.id.iter().map(|b| b.name.to_string()).collect(),
        Declaration::ClassDeclaration(c) => c.id.iter().map(|b| b.name.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn export_name(n: &ModuleExportName) -> String {
    n.name().to_string()
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(src: &str) -> String {
        to_commonjs(src).unwrap().unwrap()
    }

    #[test]
    fn scripts_without_module_syntax_are_left_alone() {
        assert_eq!(
            to_commonjs("const a = require('a'); module.exports = a"),
            Ok(None)
        );
        assert_eq!(
            to_commonjs("var important = 1; module.exports = important"),
            Ok(None)
        );
        assert!(has_keyword("x;export const a = 1", "export"));
        assert!(!has_keyword("module.exports = exports.a", "export"));
    }

    #[test]
    fn lines_stay_where_they_were() {
        let src = "import a from './a'\nimport {\n  b,\n  c as d\n} from './b'\nexport const x = d(a)\nexport default function f() { return b }\n";
        let out = lower(src);
        assert_eq!(out.lines().count(), src.lines().count());
        let line6 = out.lines().nth(5).unwrap();
        assert_eq!(
            line6,
            "const x = __mpsimEsm.get(__mpsim_m1, \"c\")(__mpsimEsm.importDefault(__mpsim_m0))"
        );
        assert!(
            out.lines()
                .nth(6)
                .unwrap()
                .starts_with("function f() { return __mpsim_m1[\"b\"] }")
        );
        assert!(out.starts_with("Object.defineProperty(exports, '__esModule'"));
        assert!(
            out.contains("var __mpsim_m0 = require(\"./a\"); var __mpsim_m1 = require(\"./b\");")
        );
        assert!(out.contains("\"x\": function () { return x; }"));
        assert!(out.contains("\"default\": function () { return f; }"));
    }

    #[test]
    fn every_export_form() {
        let out = lower(
            "export { a as b, c }\nexport * from './m'\nexport * as ns from './n'\nexport { default as d, e } from './o'\nexport default 1 + 2\nconst a = 1, c = 2\nimport('./p').then(() => {})\n",
        );
        assert!(out.contains("\"b\": function () { return a; }"));
        assert!(out.contains("__mpsimEsm.exportStar(exports, __mpsim_m0);"));
        assert!(out.contains("\"ns\": function () { return __mpsimEsm.importStar(__mpsim_m1); }"));
        assert!(
            out.contains("\"d\": function () { return __mpsimEsm.importDefault(__mpsim_m2); }")
        );
        assert!(out.contains("\"e\": function () { return __mpsim_m2[\"e\"]; }"));
        assert!(out.contains("exports.default = 1 + 2"));
        assert!(out.contains("__mpsimEsm.dynamicImport(require)('./p')"));
    }

    #[test]
    fn a_call_never_joins_the_line_before() {
        // The object literal has no semicolon: a call starting with `(` would call it.
        let out = lower("import f from './f'\nconst o = {\n}\nf(o)\n");
        assert!(
            out.contains("}\n__mpsimEsm.importDefault(__mpsim_m0)(o)"),
            "{out}"
        );
    }

    #[test]
    fn re_exported_imports_read_their_module() {
        let out = lower("import { a } from './a'\nexport { a as b }\n");
        assert!(
            out.contains("\"b\": function () { return __mpsim_m0[\"a\"]; }"),
            "{out}"
        );
    }

    #[test]
    fn constructing_an_import_constructs_the_module_export() {
        let out = lower(
            "import B from './b'; import * as ns from './n'; new B(1); new ns.C.D(2); new (B)(3);",
        );
        assert!(
            out.contains("new (__mpsimEsm.importDefault(__mpsim_m0))(1)"),
            "{out}"
        );
        assert!(
            out.contains("new (__mpsimEsm.importStar(__mpsim_m1)).C.D(2)"),
            "{out}"
        );
        assert!(
            out.contains("new (__mpsimEsm.importDefault(__mpsim_m0))(3)"),
            "{out}"
        );
    }

    #[test]
    fn a_module_may_declare_a_shadowed_browser_name() {
        assert!(wrap("const self = this;").starts_with(
            "0, function (require, module, exports, window, document, frames, location,"
        ));
        assert!(wrap("let  window = 1").contains("exports, document,"));
        assert!(wrap("var self = 1; selfish(); const selfie = 2").contains(" self,"));
        assert!(wrap("class screen {}").contains("Caches, alert,"));
    }

    #[test]
    fn shadowed_names_are_not_rewritten() {
        let out = lower("import { a } from './a'\nfunction f(a) { return a }\nconst o = { a }\n");
        assert!(out.contains("function f(a) { return a }"));
        assert!(out.contains("const o = { a: __mpsim_m0[\"a\"] }"));
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let e = to_commonjs("import a from './a'\nexport const = 1\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
