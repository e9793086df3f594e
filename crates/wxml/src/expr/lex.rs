//! Tokens of the WXML expression language.
//!
//! The lexer knows the whole JavaScript operator set so that constructs the official compiler
//! refuses (`>>>`, `??`, `?.`, `**`, hex and exponent literals, template strings) are recognised
//! and named in the error, instead of failing with a vague "unexpected character".

use mpsim_base::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    /// An operator or punctuation mark.
    Punct(&'static str),
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub span: Span,
    pub code: &'static str,
    pub message: String,
}

/// Longest first, so `>>>=` wins over `>>>` over `>>` over `>`.
const PUNCTS: &[&str] = &[
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "**", "<<", ">>", "++", "--", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", "+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "|", "^", "?", ":", ",",
    ".", "(", ")", "[", "]", "{", "}", "=", ";", "#", "@",
];

pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    end: usize,
}

pub fn is_ident_start(c: char) -> bool {
    c == '$' || c == '_' || c.is_alphabetic()
}

pub fn is_ident_char(c: char) -> bool {
    c == '$' || c == '_' || c.is_alphanumeric()
}

impl<'a> Lexer<'a> {
    /// Lexes `src[start..end]`; spans are absolute offsets into `src`.
    pub fn new(src: &'a str, start: usize, end: usize) -> Lexer<'a> {
        Lexer {
            src,
            pos: start,
            end,
        }
    }

    /// The source text of a span this lexer produced.
    pub fn text(&self, span: Span) -> &'a str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..self.end]
    }

    fn err(&self, start: usize, end: usize, code: &'static str, message: String) -> LexError {
        LexError {
            span: Span::new(start, end),
            code,
            message,
        }
    }

    fn skip_trivia(&mut self) -> Result<(), LexError> {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if let Some(body) = trimmed.strip_prefix("/*") {
                match body.find("*/") {
                    Some(i) => self.pos += i + 4,
                    None => {
                        return Err(self.err(
                            self.pos,
                            self.end,
                            "wxml-expr-unclosed-comment",
                            "unclosed `/*` comment in expression".into(),
                        ));
                    }
                }
            } else {
                return Ok(());
            }
        }
    }

    /// The next token and its span.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<(Tok, Span), LexError> {
        self.skip_trivia()?;
        let start = self.pos;
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return Ok((Tok::Eof, Span::at(start)));
        };
        if c.is_ascii_digit() || (c == '.' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            let n = self.number()?;
            return Ok((Tok::Num(n), Span::new(start, self.pos)));
        }
        if c == '\'' || c == '"' {
            let s = self.string(c)?;
            return Ok((Tok::Str(s), Span::new(start, self.pos)));
        }
        if c == '`' {
            return Err(self.err(
                start,
                start + 1,
                "wxml-expr-unsupported",
                "template literals (`...`) are not supported in WXML expressions".into(),
            ));
        }
        if is_ident_start(c) {
            let len = rest
                .find(|ch: char| !is_ident_char(ch))
                .unwrap_or(rest.len());
            self.pos += len;
            return Ok((
                Tok::Ident(rest[..len].to_string()),
                Span::new(start, self.pos),
            ));
        }
        // `a ?.1 : 2` is a conditional with `.1`, not optional chaining (as in JS).
        if rest.starts_with("?.") && rest[2..].starts_with(|d: char| d.is_ascii_digit()) {
            self.pos += 1;
            return Ok((Tok::Punct("?"), Span::new(start, self.pos)));
        }
        for p in PUNCTS {
            if rest.starts_with(p) {
                self.pos += p.len();
                return Ok((Tok::Punct(p), Span::new(start, self.pos)));
            }
        }
        Err(self.err(
            start,
            start + c.len_utf8(),
            "wxml-expr-unexpected-char",
            format!("unexpected character `{c}` in expression"),
        ))
    }

    fn number(&mut self) -> Result<f64, LexError> {
        let start = self.pos;
        let rest = self.rest();
        let bytes = rest.as_bytes();
        if bytes.len() > 1
            && bytes[0] == b'0'
            && matches!(bytes[1], b'x' | b'X' | b'b' | b'B' | b'o' | b'O')
        {
            let len = rest
                .find(|ch: char| !ch.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            return Err(self.err(
                start,
                start + len,
                "wxml-expr-unsupported",
                format!("`{}`: hexadecimal, binary and octal-prefix literals are not supported in WXML expressions; write the decimal value", &rest[..len]),
            ));
        }
        let mut i = 0;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let int_part = &rest[..i];
        let mut is_float = false;
        if i < bytes.len() && bytes[i] == b'.' {
            is_float = true;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
            let len = rest[i..]
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-' || ch == '+'))
                .map(|l| l + i)
                .unwrap_or(rest.len());
            return Err(self.err(
                start,
                start + len,
                "wxml-expr-unsupported",
                format!("`{}`: exponent literals are not supported in WXML expressions; write the number out", &rest[..len]),
            ));
        }
        if let Some(c) = rest[i..].chars().next().filter(|c| is_ident_char(*c)) {
            let end = i + c.len_utf8();
            return Err(self.err(
                start + i,
                start + end,
                "wxml-expr-bad-number",
                format!("invalid number literal `{}`", &rest[..end]),
            ));
        }
        self.pos += i;
        let text = &rest[..i];
        // A leading 0 followed only by octal digits is octal (`010` is 8), as in sloppy-mode JS.
        if !is_float
            && int_part.len() > 1
            && int_part.starts_with('0')
            && int_part.bytes().all(|b| b < b'8')
        {
            return Ok(int_part
                .bytes()
                .fold(0.0, |acc, b| acc * 8.0 + f64::from(b - b'0')));
        }
        let text = text.strip_suffix('.').unwrap_or(text);
        let text = if text.starts_with('.') {
            format!("0{text}")
        } else {
            text.to_string()
        };
        text.parse::<f64>().map_err(|_| {
            self.err(
                start,
                self.pos,
                "wxml-expr-bad-number",
                format!("invalid number literal `{text}`"),
            )
        })
    }

    fn string(&mut self, quote: char) -> Result<String, LexError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = self.rest();
            let Some(c) = rest.chars().next() else {
                return Err(self.err(
                    start,
                    self.end,
                    "wxml-expr-unclosed-string",
                    "unclosed string literal in expression".into(),
                ));
            };
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let esc_start = self.pos - 1;
            let Some(e) = self.rest().chars().next() else {
                continue;
            };
            self.pos += e.len_utf8();
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                '0' => out.push('\0'),
                'x' | 'u' => {
                    let n = if e == 'x' { 2 } else { 4 };
                    let hex = self
                        .rest()
                        .get(..n)
                        .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
                    match hex
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        Some(ch) => {
                            out.push(ch);
                            self.pos += n;
                        }
                        None => {
                            return Err(self.err(
                                esc_start,
                                self.pos,
                                "wxml-expr-bad-escape",
                                format!("`\\{e}` must be followed by {n} hexadecimal digits"),
                            ));
                        }
                    }
                }
                '\n' => {}
                other => out.push(other),
            }
        }
    }
}
