//! The expression tree of `{{ }}` bindings.

use mpsim_base::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expr {
    Num(f64),
    Str(String),
    Bool(bool),
    Null,
    Undefined,
    /// A name. After compilation it says where the name is found.
    Var(Var, Span),
    /// `obj.name`
    Field(Box<Expr>, String),
    /// `obj[expr]`
    Index(Box<Expr>, Box<Expr>),
    /// `callee(args)`: only WXS functions are callable; anything else gives undefined.
    Call(Box<Expr>, Vec<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `&&` and `||`, which short-circuit and return an operand.
    Logical(LogicalOp, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Array(Vec<Expr>),
    Object(Vec<ObjectItem>),
}

/// Where a name is looked up: decided at compile time, because the scopes are static.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Var {
    /// A top-level key of the data the template renders (page or component data, or the
    /// object a `<template is data=>` receives).
    Data(String),
    /// A `wx:for` item or index variable, numbered from the outermost loop.
    Scope(u16),
    /// A `<wxs module>` of the file the expression is in (index into the program's modules).
    Wxs(u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ObjectItem {
    Prop(String, Expr),
    Spread(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnaryOp {
    Not,
    Neg,
    BitNot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogicalOp {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    BitAnd,
    BitXor,
    BitOr,
}

impl Expr {
    /// Visits every variable reference (for dependency analysis and name resolution).
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        f(self);
        match self {
            Expr::Field(o, _) => o.walk_mut(f),
            Expr::Index(o, i) => {
                o.walk_mut(f);
                i.walk_mut(f);
            }
            Expr::Call(c, args) => {
                c.walk_mut(f);
                args.iter_mut().for_each(|a| a.walk_mut(f));
            }
            Expr::Unary(_, e) => e.walk_mut(f),
            Expr::Binary(_, a, b) | Expr::Logical(_, a, b) => {
                a.walk_mut(f);
                b.walk_mut(f);
            }
            Expr::Cond(a, b, c) => {
                a.walk_mut(f);
                b.walk_mut(f);
                c.walk_mut(f);
            }
            Expr::Array(items) => items.iter_mut().for_each(|a| a.walk_mut(f)),
            Expr::Object(items) => items.iter_mut().for_each(|it| match it {
                ObjectItem::Prop(_, e) | ObjectItem::Spread(e) => e.walk_mut(f),
            }),
            _ => {}
        }
    }

    /// A constant expression (no variables and no calls) can be folded at compile time.
    pub fn is_constant(&self) -> bool {
        let mut constant = true;
        let mut copy = self.clone();
        copy.walk_mut(&mut |e| {
            if matches!(e, Expr::Var(..) | Expr::Call(..)) {
                constant = false;
            }
        });
        constant
    }
}
