//! The expression parser: precedence climbing over [`Lexer`] tokens, accepting exactly the
//! language the official compiler accepts (see the crate docs for the list).

use super::ast::{BinaryOp, Expr, LogicalOp, ObjectItem, UnaryOp, Var};
use super::lex::{LexError, Lexer, Tok};
use mpsim_base::Span;

/// Where an expression appears decides which forms it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExprMode {
    /// In text content: no top-level object literal (`{{ {a:1} }}` is refused by wcc).
    Text,
    /// In an attribute value: `{{ a: 1, b }}` (object without braces) is allowed.
    Attr,
}

pub type ExprError = LexError;

/// Parses the expression in `src[start..end]` (between `{{` and `}}`).
pub fn parse_expr(src: &str, start: usize, end: usize, mode: ExprMode) -> Result<Expr, ExprError> {
    let mut p = Parser::new(src, start, end)?;
    if matches!(p.tok, Tok::Eof) {
        return Err(p.error_here("wxml-expr-empty", "empty expression `{{ }}`".into()));
    }
    let expr = if p.looks_like_object_inner() {
        if mode == ExprMode::Text {
            return Err(LexError {
                span: p.span,
                code: "wxml-expr-object-in-text",
                message: "object literals are not allowed in text `{{ }}` (only in attributes)"
                    .into(),
            });
        }
        p.object_body(None)?
    } else {
        if mode == ExprMode::Text && p.is_punct("{") {
            return Err(p.error_here(
                "wxml-expr-object-in-text",
                "object literals are not allowed in text `{{ }}` (only in attributes)".into(),
            ));
        }
        p.conditional()?
    };
    if !matches!(p.tok, Tok::Eof) {
        return Err(p.unexpected());
    }
    Ok(expr)
}

/// Nesting deeper than this (`((((...`, `!!!!...`) is refused rather than risking the stack.
const MAX_NESTING: u32 = 100;

struct Parser<'a> {
    depth: u32,
    lexer: Lexer<'a>,
    tok: Tok,
    span: Span,
    /// One token of look-ahead, needed to tell `a: 1` (object body) from `a ? b : c`.
    peeked: Option<(Tok, Span)>,
}

fn binary_op(p: &str) -> Option<(u8, BinaryOp)> {
    use BinaryOp::*;
    Some(match p {
        "|" => (3, BitOr),
        "^" => (4, BitXor),
        "&" => (5, BitAnd),
        "==" => (6, Eq),
        "!=" => (6, Ne),
        "===" => (6, StrictEq),
        "!==" => (6, StrictNe),
        "<" => (7, Lt),
        ">" => (7, Gt),
        "<=" => (7, Le),
        ">=" => (7, Ge),
        "<<" => (8, Shl),
        ">>" => (8, Shr),
        "+" => (9, Add),
        "-" => (9, Sub),
        "*" => (10, Mul),
        "/" => (10, Div),
        "%" => (10, Rem),
        _ => return None,
    })
}

/// Operators JavaScript has and WXML refuses, with the name the error gives them.
fn refused_operator(p: &str) -> Option<&'static str> {
    Some(match p {
        ">>>" => "the unsigned right shift `>>>`",
        "??" => "nullish coalescing `??`",
        "?." => "optional chaining `?.`",
        "**" => "exponentiation `**`",
        "=>" => "arrow functions",
        "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "**=" | "<<=" | ">>=" | ">>>=" | "&=" | "|="
        | "^=" | "&&=" | "||=" | "??=" => "assignment",
        "++" | "--" => "increment and decrement operators",
        _ => return None,
    })
}

fn refused_keyword(word: &str) -> Option<&'static str> {
    Some(match word {
        "typeof" => "`typeof`",
        "void" => "`void`",
        "new" => "`new`",
        "delete" => "`delete`",
        "in" => "the `in` operator",
        "instanceof" => "`instanceof`",
        "function" => "function expressions",
        _ => return None,
    })
}

/// Whether `t` can begin an operand: after `typeof` it makes the operator form, which wcc
/// refuses; before anything else the word is a data read (`{{ in }}` reads `data.in`).
fn starts_operand(t: &Tok) -> bool {
    match t {
        Tok::Ident(_) | Tok::Num(_) | Tok::Str(_) => true,
        Tok::Punct(p) => matches!(*p, "(" | "[" | "{" | "!" | "-" | "~" | "+" | "..."),
        Tok::Eof => false,
    }
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, start: usize, end: usize) -> Result<Parser<'a>, ExprError> {
        let mut lexer = Lexer::new(src, start, end);
        let (tok, span) = lexer.next()?;
        Ok(Parser {
            depth: 0,
            lexer,
            tok,
            span,
            peeked: None,
        })
    }

    fn bump(&mut self) -> Result<(Tok, Span), ExprError> {
        let next = match self.peeked.take() {
            Some(t) => t,
            None => self.lexer.next()?,
        };
        let prev_tok = std::mem::replace(&mut self.tok, next.0);
        let prev_span = std::mem::replace(&mut self.span, next.1);
        Ok((prev_tok, prev_span))
    }

    fn peek(&mut self) -> Result<&Tok, ExprError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next()?);
        }
        Ok(self.peeked.as_ref().map(|p| &p.0).unwrap_or(&Tok::Eof))
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(&self.tok, Tok::Punct(q) if *q == p)
    }

    fn eat(&mut self, p: &str) -> Result<bool, ExprError> {
        if self.is_punct(p) {
            self.bump()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn error_here(&self, code: &'static str, message: String) -> ExprError {
        LexError {
            span: self.span,
            code,
            message,
        }
    }

    /// The error for the current token, naming refused JavaScript constructs precisely.
    fn unexpected(&self) -> ExprError {
        match &self.tok {
            Tok::Punct(p) => {
                if let Some(name) = refused_operator(p) {
                    return self.error_here(
                        "wxml-expr-unsupported",
                        format!("{name} is not supported in WXML expressions"),
                    );
                }
                self.error_here(
                    "wxml-expr-unexpected",
                    format!("unexpected `{p}` in expression"),
                )
            }
            Tok::Ident(w) => {
                if let Some(name) = refused_keyword(w) {
                    return self.error_here(
                        "wxml-expr-unsupported",
                        format!("{name} is not supported in WXML expressions"),
                    );
                }
                self.error_here(
                    "wxml-expr-unexpected",
                    format!("unexpected `{w}` in expression"),
                )
            }
            Tok::Num(_) | Tok::Str(_) => self.error_here(
                "wxml-expr-unexpected",
                "unexpected literal in expression".into(),
            ),
            Tok::Eof => self.error_here("wxml-expr-incomplete", "expression ends too early".into()),
        }
    }

    /// `a: 1, b` or `...x` at the top of an attribute value.
    fn looks_like_object_inner(&mut self) -> bool {
        if self.is_punct("...") {
            return true;
        }
        if matches!(self.tok, Tok::Ident(_) | Tok::Str(_)) {
            return matches!(self.peek(), Ok(Tok::Punct(":")) | Ok(Tok::Punct(",")));
        }
        false
    }

    /// The inside of an object literal, up to `close` (`}`) or the end of input.
    fn object_body(&mut self, close: Option<&str>) -> Result<Expr, ExprError> {
        let mut items = Vec::new();
        loop {
            if close.is_some_and(|c| self.is_punct(c)) || matches!(self.tok, Tok::Eof) {
                break;
            }
            if self.eat("...")? {
                items.push(ObjectItem::Spread(self.conditional()?));
            } else {
                let (key, key_span) = match self.bump()? {
                    (Tok::Ident(k), s) => (k, s),
                    (Tok::Str(k), s) => (k, s),
                    (Tok::Num(n), s) => (mpsim_base::js::number_to_string(n), s),
                    (tok, span) => {
                        self.tok = tok;
                        self.span = span;
                        return Err(self.unexpected());
                    }
                };
                if self.eat(":")? {
                    items.push(ObjectItem::Prop(key, self.conditional()?));
                } else {
                    // Shorthand `{ a }` reads the variable `a`.
                    items.push(ObjectItem::Prop(
                        key.clone(),
                        Expr::Var(Var::Data(key), key_span),
                    ));
                }
            }
            if !self.eat(",")? {
                break;
            }
        }
        if let Some(c) = close
            && !self.eat(c)?
        {
            return Err(self.unexpected());
        }
        Ok(Expr::Object(items))
    }

    fn conditional(&mut self) -> Result<Expr, ExprError> {
        let test = self.logical_or()?;
        if !self.eat("?")? {
            return Ok(test);
        }
        let yes = self.conditional()?;
        if !self.eat(":")? {
            if matches!(self.tok, Tok::Eof) {
                return Err(self.error_here(
                    "wxml-expr-incomplete",
                    "conditional `a ? b : c` is missing its `: c` part".into(),
                ));
            }
            return Err(self.unexpected());
        }
        let no = self.conditional()?;
        Ok(Expr::Cond(Box::new(test), Box::new(yes), Box::new(no)))
    }

    fn logical_or(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.logical_and()?;
        while self.eat("||")? {
            let right = self.logical_and()?;
            left = Expr::Logical(LogicalOp::Or, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn logical_and(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.binary(3)?;
        while self.eat("&&")? {
            let right = self.binary(3)?;
            left = Expr::Logical(LogicalOp::And, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// Left-associative binary operators of precedence `min` and above.
    fn binary(&mut self, min: u8) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match &self.tok {
                Tok::Punct(p) => binary_op(p),
                _ => None,
            };
            let Some((prec, op)) = op.filter(|(prec, _)| *prec >= min) else {
                if let Tok::Punct(p) = &self.tok
                    && refused_operator(p).is_some()
                {
                    return Err(self.unexpected());
                }
                if let Tok::Ident(w) = &self.tok
                    && matches!(w.as_str(), "in" | "instanceof")
                {
                    return Err(self.unexpected());
                }
                return Ok(left);
            };
            self.bump()?;
            let right = self.binary(prec + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.depth >= MAX_NESTING {
            return Err(self.error_here(
                "wxml-expr-too-deep",
                format!("expression nests more than {MAX_NESTING} levels deep"),
            ));
        }
        self.depth += 1;
        let e = self.unary_inner();
        self.depth -= 1;
        e
    }

    fn unary_inner(&mut self) -> Result<Expr, ExprError> {
        let op = match &self.tok {
            Tok::Punct("!") => Some(UnaryOp::Not),
            Tok::Punct("-") => Some(UnaryOp::Neg),
            Tok::Punct("~") => Some(UnaryOp::BitNot),
            Tok::Punct("+") => {
                return Err(self.error_here(
                    "wxml-expr-unsupported",
                    "unary `+` is not supported in WXML expressions".into(),
                ));
            }
            Tok::Ident(w) if matches!(w.as_str(), "typeof" | "void" | "new" | "delete") => {
                if starts_operand(self.peek()?) {
                    return Err(self.unexpected());
                }
                None
            }
            _ => None,
        };
        match op {
            Some(op) => {
                self.bump()?;
                let operand = self.unary()?;
                Ok(Expr::Unary(op, Box::new(operand)))
            }
            None => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".")? {
                match self.bump()? {
                    (Tok::Ident(name), _) => e = Expr::Field(Box::new(e), name),
                    (tok, span) => {
                        self.tok = tok;
                        self.span = span;
                        return Err(self.error_here(
                            "wxml-expr-bad-member",
                            "expected a property name after `.`".into(),
                        ));
                    }
                }
            } else if self.is_punct("[") {
                let open = self.span;
                self.bump()?;
                let index = self.conditional()?;
                if !self.eat("]")? {
                    return Err(match self.tok {
                        Tok::Eof => LexError {
                            span: open,
                            code: "wxml-expr-unclosed",
                            message: "`[` is never closed".into(),
                        },
                        _ => self.unexpected(),
                    });
                }
                e = Expr::Index(Box::new(e), Box::new(index));
            } else if self.is_punct("(") {
                let open = self.span;
                self.bump()?;
                let mut args = Vec::new();
                while !self.is_punct(")") {
                    args.push(self.conditional()?);
                    if !self.eat(",")? {
                        break;
                    }
                    if self.is_punct(")") {
                        return Err(self.unexpected());
                    }
                }
                if !self.eat(")")? {
                    return Err(match self.tok {
                        Tok::Eof => LexError {
                            span: open,
                            code: "wxml-expr-unclosed",
                            message: "`(` is never closed".into(),
                        },
                        _ => self.unexpected(),
                    });
                }
                e = Expr::Call(Box::new(e), args);
            } else if self.is_punct("?.") {
                return Err(self.unexpected());
            } else if matches!(self.tok, Tok::Num(_)) && self.lexer.text(self.span).starts_with('.')
            {
                // `a.0` lexes as `a` then `.0`; JS and WXML both refuse it.
                return Err(self.error_here(
                    "wxml-expr-bad-member",
                    "expected a property name after `.` (use `a[0]` for an index)".into(),
                ));
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let (tok, span) = self.bump()?;
        Ok(match tok {
            Tok::Num(n) => Expr::Num(n),
            Tok::Str(s) => Expr::Str(s),
            Tok::Ident(w) => match w.as_str() {
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                "null" => Expr::Null,
                "undefined" => Expr::Undefined,
                // A reserved word on its own is a data read, as in wcc; `function` never is.
                _ if refused_keyword(&w).is_some()
                    && (w == "function" || starts_operand(&self.tok)) =>
                {
                    self.tok = Tok::Ident(w);
                    self.span = span;
                    return Err(self.unexpected());
                }
                _ => Expr::Var(Var::Data(w), span),
            },
            Tok::Punct("(") => {
                let inner = self.conditional()?;
                if !self.eat(")")? {
                    return Err(match self.tok {
                        Tok::Eof => LexError {
                            span,
                            code: "wxml-expr-unclosed",
                            message: "`(` is never closed".into(),
                        },
                        _ => self.unexpected(),
                    });
                }
                inner
            }
            Tok::Punct("[") => {
                let mut items = Vec::new();
                while !self.is_punct("]") {
                    if self.is_punct("...") {
                        return Err(self.error_here(
                            "wxml-expr-unsupported",
                            "spread `...` in array literals is not supported in WXML expressions"
                                .into(),
                        ));
                    }
                    if self.is_punct(",") {
                        return Err(self.error_here(
                            "wxml-expr-unsupported",
                            "array holes (`[a,,b]`) are not supported in WXML expressions".into(),
                        ));
                    }
                    items.push(self.conditional()?);
                    if !self.eat(",")? {
                        break;
                    }
                }
                if !self.eat("]")? {
                    return Err(match self.tok {
                        Tok::Eof => LexError {
                            span,
                            code: "wxml-expr-unclosed",
                            message: "`[` is never closed".into(),
                        },
                        _ => self.unexpected(),
                    });
                }
                Expr::Array(items)
            }
            Tok::Punct("{") => self.object_body(Some("}"))?,
            other => {
                self.tok = other;
                self.span = span;
                return Err(self.unexpected());
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(src: &str) -> Expr {
        parse_expr(src, 0, src.len(), ExprMode::Attr).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn err(src: &str, mode: ExprMode) -> ExprError {
        match parse_expr(src, 0, src.len(), mode) {
            Ok(e) => panic!("{src} should fail, got {e:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn precedence_and_associativity() {
        use BinaryOp::*;
        let v = |n: &str, s, e| Expr::Var(Var::Data(n.into()), Span::new(s, e));
        assert_eq!(
            ok("a+b*c"),
            Expr::Binary(
                Add,
                Box::new(v("a", 0, 1)),
                Box::new(Expr::Binary(
                    Mul,
                    Box::new(v("b", 2, 3)),
                    Box::new(v("c", 4, 5))
                ))
            )
        );
        assert!(
            matches!(ok("a-b-c"), Expr::Binary(Sub, l, _) if matches!(*l, Expr::Binary(Sub, ..)))
        );
        assert!(
            matches!(ok("a ? b : c ? d : e"), Expr::Cond(_, _, n) if matches!(*n, Expr::Cond(..)))
        );
        assert!(matches!(
            ok("a || b && c"),
            Expr::Logical(LogicalOp::Or, ..)
        ));
        assert!(matches!(ok("a ?.1 : 2"), Expr::Cond(..)));
    }

    #[test]
    fn literals() {
        assert_eq!(ok("010"), Expr::Num(8.0));
        assert_eq!(ok("089"), Expr::Num(89.0));
        assert_eq!(ok(".5"), Expr::Num(0.5));
        assert_eq!(ok("1."), Expr::Num(1.0));
        assert_eq!(ok(r"'a\nb\'c'"), Expr::Str("a\nb'c".into()));
        assert_eq!(
            ok("[1, 'x',]"),
            Expr::Array(vec![Expr::Num(1.0), Expr::Str("x".into())])
        );
    }

    #[test]
    fn object_forms() {
        assert!(matches!(ok("a: 1, b"), Expr::Object(items) if items.len() == 2));
        assert!(matches!(ok("...item, index"), Expr::Object(items) if items.len() == 2));
        assert!(matches!(ok("{ a: {b: 1} }"), Expr::Object(_)));
        assert_eq!(
            err("{a: 1}", ExprMode::Text).code,
            "wxml-expr-object-in-text"
        );
        assert_eq!(err("a: 1", ExprMode::Text).code, "wxml-expr-object-in-text");
        // Nested inside an array it is fine in text, as wcc allows.
        assert!(parse_expr("[{a:1}]", 0, 7, ExprMode::Text).is_ok());
    }

    #[test]
    fn bare_reserved_words_read_data_as_in_wcc() {
        let v = |n: &str, s, e| Expr::Var(Var::Data(n.into()), Span::new(s, e));
        assert_eq!(ok("in"), v("in", 0, 2));
        assert_eq!(ok("typeof"), v("typeof", 0, 6));
        assert_eq!(ok("instanceof"), v("instanceof", 0, 10));
        assert!(matches!(ok("in ? 1 : 2"), Expr::Cond(..)));
        assert!(matches!(ok("!in"), Expr::Unary(..)));
        // The operator forms stay refused.
        assert_eq!(err("a in b", ExprMode::Text).code, "wxml-expr-unsupported");
        assert_eq!(
            err("typeof x", ExprMode::Text).code,
            "wxml-expr-unsupported"
        );
        assert_eq!(
            err("function", ExprMode::Text).code,
            "wxml-expr-unsupported"
        );
    }

    #[test]
    fn refused_constructs_are_named() {
        for (src, needle) in [
            ("typeof a", "typeof"),
            ("void 0", "void"),
            ("+a", "unary `+`"),
            ("a >>> 1", ">>>"),
            ("a ?? b", "??"),
            ("a?.b", "?."),
            ("a ** 2", "**"),
            ("a in b", "`in`"),
            ("a instanceof b", "instanceof"),
            ("0x1F", "hexadecimal"),
            ("1e3", "exponent"),
            ("`x`", "template literals"),
            ("a = 1", "assignment"),
            ("a++", "increment"),
            ("[...a]", "spread"),
            ("[1,,2]", "holes"),
        ] {
            let e = err(src, ExprMode::Attr);
            assert!(e.message.contains(needle), "{src}: {}", e.message);
        }
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        let e = err("a + ", ExprMode::Attr);
        assert_eq!(e.code, "wxml-expr-incomplete");
        let e = err("a b", ExprMode::Attr);
        assert_eq!(e.span, Span::new(2, 3));
        let e = err("a[0", ExprMode::Attr);
        assert_eq!(e.code, "wxml-expr-unclosed");
        assert_eq!(err("a(1,)", ExprMode::Attr).code, "wxml-expr-unexpected");
        assert_eq!(err("", ExprMode::Attr).code, "wxml-expr-empty");
        assert_eq!(err("a.0", ExprMode::Attr).code, "wxml-expr-bad-member");
        assert_eq!(
            err("'abc", ExprMode::Attr).code,
            "wxml-expr-unclosed-string"
        );
    }
}
