//! The `{{ }}` expression language: tokens, syntax tree, parser and evaluator.

pub mod ast;
pub mod eval;
pub mod lex;
pub mod parse;

pub use ast::{BinaryOp, Expr, LogicalOp, ObjectItem, UnaryOp, Var};
pub use eval::{Env, Val, WxsHost};
pub use parse::{ExprError, ExprMode, parse_expr};
