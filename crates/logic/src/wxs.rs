//! The WXS realm: template script modules run in a JS context of their own, with no `wx`, no
//! timers and no access to the app's globals, plus `getDate` and `getRegExp` as WXS has them.

use crate::js;
use boa_engine::{Context, JsValue};
use mpsim_base::{Vfs, vpath};
use mpsim_wxml::TemplateProgram;
use mpsim_wxml::expr::WxsHost;
use mpsim_wxml::program::WxsSource;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

const PRELUDE: &str = r#"
var getDate = function () { var a = arguments; return a.length === 0 ? new Date() : new (Function.prototype.bind.apply(Date, [null].concat(Array.prototype.slice.call(a))))(); };
var getRegExp = function (p, f) { return new RegExp(p, f); };
var __wxsConstructor = function (v) {
  if (v === null || v === undefined || Object.prototype.hasOwnProperty.call(v, 'constructor')) return v.constructor;
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Date) return 'Date';
  if (v instanceof RegExp) return 'RegExp';
  switch (typeof v) {
    case 'number': return 'Number';
    case 'string': return 'String';
    case 'boolean': return 'Boolean';
    case 'function': return 'Function';
  }
  return 'Object';
};
"#;

pub struct WxsRealm {
    /// Made on first use: most pages have no WXS, and a boa context costs a launch about a
    /// millisecond.
    ctx: std::cell::OnceCell<RefCell<Context>>,
    /// Module exports by source key (file path, or declaring file + module name for inline).
    modules: RefCell<HashMap<String, JsValue>>,
}

impl Default for WxsRealm {
    fn default() -> Self {
        WxsRealm::new()
    }
}

impl WxsRealm {
    pub fn new() -> WxsRealm {
        WxsRealm {
            ctx: std::cell::OnceCell::new(),
            modules: RefCell::new(HashMap::new()),
        }
    }

    /// The realm's context, with its limits and prelude.
    fn ctx(&self) -> &RefCell<Context> {
        self.ctx.get_or_init(|| {
            let mut ctx = Context::default();
            ctx.runtime_limits_mut()
                .set_loop_iteration_limit(crate::LOOP_LIMIT);
            ctx.runtime_limits_mut()
                .set_recursion_limit(crate::RECURSION_LIMIT);
            let _ = js::eval(&mut ctx, PRELUDE, "wxs-prelude.js");
            RefCell::new(ctx)
        })
    }

    /// A [`WxsHost`] for one template program.
    pub fn host_for(
        self: &Rc<Self>,
        program: Arc<TemplateProgram>,
        vfs: Rc<dyn Vfs>,
    ) -> WxsBinding {
        WxsBinding {
            realm: self.clone(),
            program,
            vfs,
        }
    }

    fn load(
        &self,
        key: &str,
        code: &str,
        file: &str,
        vfs: &Rc<dyn Vfs>,
        depth: u32,
    ) -> Result<JsValue, String> {
        let cached = self.modules.borrow().get(key).cloned();
        if let Some(v) = cached {
            return Ok(v);
        }
        if depth > 32 {
            return Err(format!("WXS require chain too deep at {file}"));
        }
        // Alipay's and Baidu's script modules are ES modules (`export default`, `import`); a
        // template sees the default export as the module.
        let lowered = crate::esm::to_commonjs(code)
            .map_err(|e| format!("{file}:{}:{}: {}", e.line, e.col, e.message))?;
        let code = lowered.as_deref().unwrap_or(code);
        // `require` inside WXS loads other .wxs files relative to this one, eagerly here.
        let mut deps = String::new();
        for (i, req) in requires(code).iter().enumerate() {
            let Some(path) = vpath::resolve(file, req) else {
                return Err(format!("{file}: require('{req}') leaves the project"));
            };
            let dep_code = vfs
                .read_text(&path)
                .map_err(|e| format!("{file}: require('{req}'): {e}"))?;
            let dep = self.load(&path, &dep_code, &path, vfs, depth + 1)?;
            let name = format!("__wxs_dep{i}");
            let mut ctx = self.ctx().borrow_mut();
            let _ = js::set_global(&mut ctx, &name, dep);
            deps.push_str(&format!("{:?}: {name},", req));
        }
        let code = constructor_reads(code).unwrap_or_else(|| code.to_string());
        let wrapped = format!(
            "(function () {{ var __deps = {{{deps}}}; var module = {{ exports: {{}} }}; var exports = module.exports; var require = function (p) {{ return __deps[p]; }};\n{code}\n; var e = module.exports; return e && e.__esModule && e.default !== undefined ? e.default : e; }})()"
        );
        let mut ctx = self.ctx().borrow_mut();
        let exports =
            js::eval(&mut ctx, &wrapped, file).map_err(|e| js::error_text(&e, &mut ctx))?;
        drop(ctx);
        self.modules
            .borrow_mut()
            .insert(key.to_string(), exports.clone());
        Ok(exports)
    }
}

/// In WXS, `x.constructor` is the name of x's type (`'Array'`, `'Object'`, `'Date'`...), and
/// libraries test it (`array.constructor === 'Array'`). boa's is the constructor function
/// (which its own array methods need), so each such read becomes a call of the prelude's
/// `__wxsConstructor`, on the same line. `None` when the code has none (or does not parse).
fn constructor_reads(code: &str) -> Option<String> {
    use oxc_ast::AstKind;
    use oxc_span::GetSpan;
    if !code.contains("constructor") {
        return None;
    }
    let allocator = oxc_allocator::Allocator::default();
    let ret = oxc_parser::Parser::new(&allocator, code, oxc_span::SourceType::cjs()).parse();
    if ret.panicked || !ret.diagnostics.is_empty() {
        return None;
    }
    let semantic = oxc_semantic::SemanticBuilder::new()
        .with_build_nodes(true)
        .build(&ret.program)
        .semantic;
    // (offset, end, text): `__wxsConstructor(` before the object, `)` for `.constructor`.
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    for node in semantic.nodes().iter() {
        let AstKind::StaticMemberExpression(m) = node.kind() else {
            continue;
        };
        if m.property.name != "constructor" || m.optional {
            continue;
        }
        // Reads only: an assignment to `x.constructor` stays as it is.
        if let AstKind::AssignmentExpression(a) = semantic.nodes().parent_kind(node.id())
            && a.left.span() == m.span
        {
            continue;
        }
        let (start, obj_end) = (m.span.start as usize, m.object.span().end as usize);
        edits.push((start, start, "__wxsConstructor("));
        edits.push((obj_end, m.span.end as usize, ")"));
    }
    if edits.is_empty() {
        return None;
    }
    Some(crate::arrows::splice(code, edits))
}

/// The `require('...')` calls of a WXS file.
fn requires(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("require(") {
        let after = &rest[i + 8..];
        let q = after.trim_start();
        if let Some(quote) = q.chars().next().filter(|c| *c == '\'' || *c == '"')
            && let Some(end) = q[1..].find(quote)
        {
            out.push(q[1..1 + end].to_string());
        }
        rest = after;
    }
    out
}

pub struct WxsBinding {
    realm: Rc<WxsRealm>,
    program: Arc<TemplateProgram>,
    vfs: Rc<dyn Vfs>,
}

impl WxsBinding {
    fn exports(&self, module: u32) -> Result<JsValue, String> {
        let m = self
            .program
            .wxs
            .get(module as usize)
            .ok_or("no such WXS module")?;
        match &m.source {
            WxsSource::File(path) => {
                let code = self.vfs.read_text(path).map_err(|e| e.to_string())?;
                self.realm.load(path, &code, path, &self.vfs, 0)
            }
            WxsSource::Inline { code, .. } => {
                let key = format!("{}#{}", m.declared_in, m.name);
                self.realm.load(&key, code, &m.declared_in, &self.vfs, 0)
            }
        }
    }

    fn member(
        &self,
        module: u32,
        path: &[String],
        ctx: &mut Context,
    ) -> Result<(JsValue, JsValue), String> {
        let mut this = JsValue::undefined();
        let mut cur = self.exports(module)?;
        for seg in path {
            let obj = cur
                .as_object()
                .ok_or_else(|| format!("`{seg}` read from a non-object"))?;
            this = cur.clone();
            cur = obj
                .get(boa_engine::JsString::from(seg.as_str()), ctx)
                .map_err(|e| js::error_text(&e, ctx))?;
        }
        Ok((this, cur))
    }
}

impl WxsHost for WxsBinding {
    fn call(&self, module: u32, path: &[String], args: Vec<Value>) -> Result<Value, String> {
        let exports_ready = self.exports(module);
        exports_ready?;
        let mut ctx = self.realm.ctx().borrow_mut();
        let (this, f) = self.member(module, path, &mut ctx)?;
        let f = f
            .as_callable()
            .ok_or_else(|| format!("`{}` is not a function", path.join(".")))?;
        let mut js_args = Vec::with_capacity(args.len());
        for a in &args {
            js_args
                .push(JsValue::from_json(a, &mut ctx).map_err(|e| js::error_text(&e, &mut ctx))?);
        }
        let r = f
            .call(&this, &js_args, &mut ctx)
            .map_err(|e| js::error_text(&e, &mut ctx))?;
        Ok(r.to_json(&mut ctx).ok().flatten().unwrap_or(Value::Null))
    }

    fn get(&self, module: u32, path: &[String]) -> Option<Value> {
        self.exports(module).ok()?;
        let mut ctx = self.realm.ctx().borrow_mut();
        let (_, v) = self.member(module, path, &mut ctx).ok()?;
        if v.is_callable() {
            return None;
        }
        v.to_json(&mut ctx).ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_reads_give_type_names_as_in_wxs() {
        let code = "module.exports = [[].constructor, ({}).constructor, getDate().constructor, (1).constructor, 'a'.constructor, [].constructor.constructor, [1, 2].map(function (x) { return x * 2; }).length];";
        let rewritten = constructor_reads(code).unwrap();
        assert_eq!(rewritten.lines().count(), code.lines().count());
        let vfs: Rc<dyn Vfs> = Rc::new(mpsim_base::MemVfs::new());
        let realm = WxsRealm::new();
        let exports = realm.load("t.wxs", code, "t.wxs", &vfs, 0).unwrap();
        let json = exports.to_json(&mut realm.ctx().borrow_mut()).unwrap();
        assert_eq!(
            json,
            Some(serde_json::json!([
                "Array", "Object", "Date", "Number", "String", "String", 2
            ]))
        );
        assert_eq!(constructor_reads("var a = 1;"), None);
        assert_eq!(
            constructor_reads("x.constructor = 1; y = x.constructor;").unwrap(),
            "x.constructor = 1; y = __wxsConstructor(x);"
        );
    }
}
