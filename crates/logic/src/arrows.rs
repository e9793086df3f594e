//! A workaround for boa 0.22: inside an arrow function that is itself inside an arrow
//! function, `this` does not reach the enclosing function's `this` (measured: in
//! `o = { m() { return (() => (() => this)())() } }`, `o.m()` is not `o`). Real apps write
//! that all the time (`new Promise((resolve) => wx.request({ success: (res) => this.setData(...) }))`),
//! so their handlers lose the page.
//!
//! Before a module runs, every such `this` becomes a variable that the enclosing function
//! sets from its own `this` on its first line (an arrow one level deep still sees the right
//! `this`, but a function's own is always right). Lines are kept, so stack traces and
//! diagnostics still point at the file. Where no variable can be set first (a derived class
//! constructor, whose `this` does not exist before `super()`; class fields and static
//! blocks), the code is left as it is.

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    AccessorProperty, ArrowFunctionExpression, Class, Directive, Function, FunctionBody,
    MethodDefinition, MethodDefinitionKind, Program, PropertyDefinition, StaticBlock,
    ThisExpression,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::{GetSpan, SourceType, Span};
use oxc_syntax::scope::ScopeFlags;

/// The variable a function's `this` is kept in.
const THIS: &str = "__mpsimThis";

/// The source with every `this` of an arrow inside an arrow read from its function's
/// variable; `None` when there is none (or the source does not parse, which boa reports).
pub fn fix_nested_this(src: &str) -> Option<String> {
    // Only sources that have both can need it; most files are skipped without parsing.
    if !src.contains("=>") || !src.contains("this") {
        return None;
    }
    let allocator = Allocator::default();
    let ret = oxc_parser::Parser::new(&allocator, src, SourceType::cjs()).parse();
    if ret.panicked || !ret.diagnostics.is_empty() {
        return None;
    }
    let mut fix = Fix::default();
    fix.visit_program(&ret.program);
    if fix.edits.is_empty() {
        return None;
    }
    Some(splice(src, fix.edits))
}

/// `src` with each `(start, end, text)` edit applied: the byte range replaced by `text` (an
/// insertion when start == end). Edits must not overlap; insertions at an offset go before a
/// replacement starting there.
pub(crate) fn splice<T: AsRef<str>>(src: &str, mut edits: Vec<(usize, usize, T)>) -> String {
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(src.len() + edits.len() * 16);
    let mut at = 0usize;
    for (start, end, text) in &edits {
        out.push_str(&src[at..*start]);
        out.push_str(text.as_ref());
        at = *end;
    }
    out.push_str(&src[at..]);
    out
}

/// A function whose `this` arrows see: where its first line can set the variable, how many
/// arrows deep the walk is, and whether an arrow needs the variable.
struct Scope {
    insert_at: Option<u32>,
    arrows: u32,
    needed: bool,
}

#[derive(Default)]
struct Fix {
    scopes: Vec<Scope>,
    /// Whether each class being walked extends another.
    derived: Vec<bool>,
    /// The next function is a derived class's constructor.
    derived_constructor: bool,
    /// (start, end, replacement): an insertion when start == end.
    edits: Vec<(usize, usize, String)>,
}

/// Where a body's first statement goes: after its directives (`'use strict'` must stay first).
fn after_directives(start: u32, directives: &[Directive]) -> u32 {
    directives.last().map_or(start, |d| d.span.end)
}

impl Fix {
    fn enter(&mut self, insert_at: Option<u32>) {
        self.scopes.push(Scope {
            insert_at,
            arrows: 0,
            needed: false,
        });
    }

    fn leave(&mut self) {
        if let Some(Scope {
            insert_at: Some(at),
            needed: true,
            ..
        }) = self.scopes.pop()
        {
            let at = at as usize;
            self.edits.push((at, at, format!(" var {THIS} = this;")));
        }
    }

    fn body_start(body: &FunctionBody) -> u32 {
        // Just inside the `{`.
        after_directives(body.span.start + 1, &body.directives)
    }
}

impl<'a> Visit<'a> for Fix {
    fn visit_program(&mut self, it: &Program<'a>) {
        self.enter(Some(after_directives(it.span.start, &it.directives)));
        walk::walk_program(self, it);
        self.leave();
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let derived_constructor = std::mem::take(&mut self.derived_constructor);
        let insert_at = match &it.body {
            Some(body) if !derived_constructor => Some(Fix::body_start(body)),
            _ => None,
        };
        self.enter(insert_at);
        walk::walk_function(self, it, flags);
        self.leave();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        if let Some(s) = self.scopes.last_mut() {
            s.arrows += 1;
        }
        walk::walk_arrow_function_expression(self, it);
        if let Some(s) = self.scopes.last_mut() {
            s.arrows -= 1;
        }
    }

    fn visit_this_expression(&mut self, it: &ThisExpression) {
        let Some(s) = self.scopes.last_mut() else {
            return;
        };
        if s.arrows >= 2 && s.insert_at.is_some() {
            s.needed = true;
            let span: Span = it.span();
            self.edits
                .push((span.start as usize, span.end as usize, THIS.to_string()));
        }
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        self.derived.push(it.heritage.is_some());
        walk::walk_class(self, it);
        self.derived.pop();
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        self.derived_constructor = it.kind == MethodDefinitionKind::Constructor
            && self.derived.last().copied().unwrap_or(false);
        walk::walk_method_definition(self, it);
        self.derived_constructor = false;
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        self.enter(None);
        walk::walk_property_definition(self, it);
        self.leave();
    }

    fn visit_accessor_property(&mut self, it: &AccessorProperty<'a>) {
        self.enter(None);
        walk::walk_accessor_property(self, it);
        self.leave();
    }

    fn visit_static_block(&mut self, it: &StaticBlock<'a>) {
        self.enter(None);
        walk::walk_static_block(self, it);
        self.leave();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_arrows_inside_arrows_are_rewritten_on_their_own_lines() {
        let src = "'use strict';\nconst o = {\n  m() {\n    const a = () => this;\n    return new Promise((r) => { setTimeout(() => r(this), 0); });\n  }\n};";
        let out = fix_nested_this(src).unwrap();
        assert_eq!(
            out,
            "'use strict';\nconst o = {\n  m() { var __mpsimThis = this;\n    const a = () => this;\n    return new Promise((r) => { setTimeout(() => r(__mpsimThis), 0); });\n  }\n};"
        );
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn directives_stay_first_and_inner_functions_have_their_own() {
        let src = "function f() { 'use strict'; return () => () => [this, function () { return () => () => this; }]; }";
        let out = fix_nested_this(src).unwrap();
        assert_eq!(
            out,
            "function f() { 'use strict'; var __mpsimThis = this; return () => () => [__mpsimThis, function () { var __mpsimThis = this; return () => () => __mpsimThis; }]; }"
        );
    }

    #[test]
    fn derived_constructors_fields_and_plain_code_are_left_alone() {
        assert_eq!(
            fix_nested_this("const f = () => this; function g() { return this }"),
            None
        );
        assert_eq!(
            fix_nested_this(
                "class A extends B { constructor() { super(); (() => () => this)(); } }"
            ),
            None
        );
        assert_eq!(fix_nested_this("class A { x = () => () => this; }"), None);
        assert_eq!(fix_nested_this("this is not => javascript"), None);
        // A class that extends nothing, and a module's top level (its wrapper's `this`).
        assert!(fix_nested_this("class A { constructor() { (() => () => this)(); } }").is_some());
        assert_eq!(
            fix_nested_this("a(() => b(() => this));").unwrap(),
            " var __mpsimThis = this;a(() => b(() => __mpsimThis));"
        );
    }
}
