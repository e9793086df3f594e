//! Evaluating expressions against data, with JavaScript's semantics for the operators WXML has.
//!
//! Values borrow from the data wherever they can: `item.label` on a 1,000-item list must not
//! copy the list. Member access on null or undefined gives undefined, never an error.

use super::ast::{BinaryOp, Expr, LogicalOp, ObjectItem, UnaryOp, Var};
use mpsim_base::js;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Calls into the WXS realm. The template engine knows no JS engine: the logic layer supplies
/// this. `module` indexes the program's WXS modules; `path` is the member chain (`["fmt"]` for
/// `m.fmt(x)`).
pub trait WxsHost {
    fn call(&self, module: u32, path: &[String], args: Vec<Value>) -> Result<Value, String>;
    fn get(&self, module: u32, path: &[String]) -> Option<Value>;
}

/// A host with no WXS: calls give undefined.
pub struct NoWxs;

impl WxsHost for NoWxs {
    fn call(&self, _: u32, _: &[String], _: Vec<Value>) -> Result<Value, String> {
        Err("no WXS runtime is attached".into())
    }

    fn get(&self, _: u32, _: &[String]) -> Option<Value> {
        None
    }
}

/// What an expression sees: the data root, the loop variables, and the WXS modules.
pub struct Env<'a, 'w> {
    pub data: &'a Value,
    pub scopes: &'a [&'a Value],
    pub wxs: &'w dyn WxsHost,
}

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    /// An array or object borrowed from the data.
    Json(&'a Value),
    /// An array or object the expression built.
    Owned(Value),
    /// A reference into a WXS module, resolved when called or read.
    Wxs(u32, Vec<String>),
}

impl<'a> Val<'a> {
    pub fn from_json(v: &'a Value) -> Val<'a> {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Val::Str(Cow::Borrowed(s)),
            _ => Val::Json(v),
        }
    }

    fn from_owned(v: Value) -> Val<'a> {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(b),
            Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Val::Str(Cow::Owned(s)),
            other => Val::Owned(other),
        }
    }

    pub fn resolve_wxs(self, env: &Env<'_, '_>) -> Val<'a> {
        match self {
            Val::Wxs(m, path) => match env.wxs.get(m, &path) {
                Some(v) => Val::from_owned(v),
                None => Val::Undefined,
            },
            other => other,
        }
    }

    /// The value as JSON, or `None` for undefined (an attribute bound to undefined is omitted).
    pub fn into_json(self) -> Option<Value> {
        Some(match self {
            Val::Undefined | Val::Wxs(..) => return None,
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(b),
            Val::Num(n) => js::number_value(n),
            Val::Str(s) => Value::String(s.into_owned()),
            Val::Json(v) => v.clone(),
            Val::Owned(v) => v,
        })
    }

    /// `String(value)`, except that undefined gives "" as template text does.
    pub fn to_display(&self) -> Cow<'_, str> {
        match self {
            Val::Undefined | Val::Wxs(..) => Cow::Borrowed(""),
            Val::Null => Cow::Borrowed("null"),
            Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Val::Num(n) => Cow::Owned(js::number_to_string(*n)),
            Val::Str(s) => Cow::Borrowed(s),
            Val::Json(v) => Cow::Owned(js::value_to_string(v)),
            Val::Owned(v) => Cow::Owned(js::value_to_string(v)),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Val::Undefined | Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            Val::Json(_) | Val::Owned(_) | Val::Wxs(..) => true,
        }
    }

    fn json(&self) -> Option<&Value> {
        match self {
            Val::Json(v) => Some(v),
            Val::Owned(v) => Some(v),
            _ => None,
        }
    }

    /// `ToNumber`.
    pub fn to_number(&self) -> f64 {
        match self {
            Val::Undefined | Val::Wxs(..) => f64::NAN,
            Val::Null => 0.0,
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => string_to_number(s),
            Val::Json(_) | Val::Owned(_) => string_to_number(&self.to_display()),
        }
    }

    fn is_primitive(&self) -> bool {
        !matches!(self, Val::Json(_) | Val::Owned(_))
    }
}

/// JS `ToNumber` on a string: trimmed, empty is 0, otherwise decimal (or 0x hex) or NaN.
fn string_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16)
            .map(|v| v as f64)
            .unwrap_or(f64::NAN);
    }
    match t {
        "Infinity" | "+Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ if t.contains(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E') => f64::NAN,
        _ => t.parse::<f64>().unwrap_or(f64::NAN),
    }
}

fn to_int32(x: f64) -> i32 {
    if !x.is_finite() {
        return 0;
    }
    let m = x.trunc().rem_euclid(4_294_967_296.0);
    m as u32 as i32
}

/// Reads `obj[key]` with JS rules for arrays (`length`, numeric keys) and strings.
fn member<'a>(obj: Val<'a>, key: &Val<'_>) -> Val<'a> {
    match obj {
        Val::Json(v) => member_of_json(v, key)
            .map(Val::from_json)
            .unwrap_or(Val::Undefined),
        Val::Owned(v) => match member_of_json(&v, key) {
            Some(found) => Val::from_owned(found.clone()),
            None => match (&v, key_str(key).as_deref()) {
                (Value::Array(a), Some("length")) => Val::Num(a.len() as f64),
                _ => Val::Undefined,
            },
        },
        Val::Str(s) => {
            let k = key_str(key);
            match k.as_deref() {
                Some("length") => Val::Num(s.encode_utf16().count() as f64),
                Some(k) => match k.parse::<usize>() {
                    Ok(i) => {
                        let units: Vec<u16> = s.encode_utf16().collect();
                        match units.get(i) {
                            Some(&u) => Val::Str(Cow::Owned(String::from_utf16_lossy(&[u]))),
                            None => Val::Undefined,
                        }
                    }
                    Err(_) => Val::Undefined,
                },
                None => Val::Undefined,
            }
        }
        Val::Wxs(m, mut path) => match key_str(key) {
            Some(k) => {
                path.push(k.into_owned());
                Val::Wxs(m, path)
            }
            None => Val::Undefined,
        },
        _ => Val::Undefined,
    }
}

fn key_str<'k>(key: &'k Val<'_>) -> Option<Cow<'k, str>> {
    match key {
        Val::Str(s) => Some(Cow::Borrowed(s)),
        Val::Num(n) => Some(Cow::Owned(js::number_to_string(*n))),
        Val::Bool(_) | Val::Null | Val::Undefined => Some(key.to_display().into_owned().into()),
        _ => None,
    }
}

fn member_of_json<'v>(v: &'v Value, key: &Val<'_>) -> Option<&'v Value> {
    match v {
        Value::Object(map) => map.get(key_str(key)?.as_ref()),
        Value::Array(items) => {
            let k = key_str(key)?;
            if k == "length" {
                return None; // handled by the caller through `array_length`
            }
            items.get(k.parse::<usize>().ok()?)
        }
        _ => None,
    }
}

/// `==` with JS's coercions for the primitive types WXML produces.
fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    use Val::*;
    match (a, b) {
        (Undefined | Null, Undefined | Null) => true,
        (Undefined | Null, _) | (_, Undefined | Null) => false,
        (Num(x), Num(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Json(x), Json(y)) => std::ptr::eq(*x, *y),
        _ if a.is_primitive() && b.is_primitive() => a.to_number() == b.to_number(),
        (Json(_) | Owned(_), _) => {
            let s = a.to_display();
            loose_eq(&Str(Cow::Owned(s.into_owned())), b)
        }
        (_, Json(_) | Owned(_)) => loose_eq(b, a),
        _ => false,
    }
}

fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    use Val::*;
    match (a, b) {
        (Undefined, Undefined) | (Null, Null) => true,
        (Num(x), Num(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Json(x), Json(y)) => std::ptr::eq(*x, *y),
        _ => false,
    }
}

fn compare(op: BinaryOp, a: &Val<'_>, b: &Val<'_>) -> bool {
    if let (Val::Str(x), Val::Str(y)) = (a, b) {
        // Strings compare by UTF-16 code units in JS.
        let ord = x.encode_utf16().cmp(y.encode_utf16());
        return match op {
            BinaryOp::Lt => ord.is_lt(),
            BinaryOp::Gt => ord.is_gt(),
            BinaryOp::Le => ord.is_le(),
            _ => ord.is_ge(),
        };
    }
    let (x, y) = (a.to_number(), b.to_number());
    match op {
        BinaryOp::Lt => x < y,
        BinaryOp::Gt => x > y,
        BinaryOp::Le => x <= y,
        _ => x >= y,
    }
}

fn binary<'a>(op: BinaryOp, a: Val<'a>, b: Val<'a>) -> Val<'a> {
    use BinaryOp::*;
    match op {
        Add => {
            let a_str = matches!(a, Val::Str(_)) || !a.is_primitive();
            let b_str = matches!(b, Val::Str(_)) || !b.is_primitive();
            if a_str || b_str {
                let mut s = a.to_display().into_owned();
                // `undefined + 'x'` is "undefinedx" in JS, unlike template text.
                if matches!(a, Val::Undefined) {
                    s = "undefined".into();
                }
                let right = if matches!(b, Val::Undefined) {
                    "undefined".into()
                } else {
                    b.to_display()
                };
                s.push_str(&right);
                Val::Str(Cow::Owned(s))
            } else {
                Val::Num(a.to_number() + b.to_number())
            }
        }
        Sub => Val::Num(a.to_number() - b.to_number()),
        Mul => Val::Num(a.to_number() * b.to_number()),
        Div => Val::Num(a.to_number() / b.to_number()),
        Rem => Val::Num(a.to_number() % b.to_number()),
        Shl => Val::Num(f64::from(
            to_int32(a.to_number()).wrapping_shl(to_int32(b.to_number()) as u32 & 31),
        )),
        Shr => Val::Num(f64::from(
            to_int32(a.to_number()) >> (to_int32(b.to_number()) as u32 & 31),
        )),
        BitAnd => Val::Num(f64::from(to_int32(a.to_number()) & to_int32(b.to_number()))),
        BitOr => Val::Num(f64::from(to_int32(a.to_number()) | to_int32(b.to_number()))),
        BitXor => Val::Num(f64::from(to_int32(a.to_number()) ^ to_int32(b.to_number()))),
        Lt | Gt | Le | Ge => Val::Bool(compare(op, &a, &b)),
        Eq => Val::Bool(loose_eq(&a, &b)),
        Ne => Val::Bool(!loose_eq(&a, &b)),
        StrictEq => Val::Bool(strict_eq(&a, &b)),
        StrictNe => Val::Bool(!strict_eq(&a, &b)),
    }
}

/// Evaluates an expression. Never fails: errors inside WXS calls give undefined (the caller
/// that needs to report them uses [`eval_reporting`]).
pub fn eval<'a>(expr: &'a Expr, env: &Env<'a, '_>) -> Val<'a> {
    eval_reporting(expr, env, &mut |_| {})
}

/// Evaluates, passing WXS call errors to `report`.
pub fn eval_reporting<'a>(
    expr: &'a Expr,
    env: &Env<'a, '_>,
    report: &mut dyn FnMut(String),
) -> Val<'a> {
    match expr {
        Expr::Num(n) => Val::Num(*n),
        Expr::Str(s) => Val::Str(Cow::Borrowed(s)),
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Null => Val::Null,
        Expr::Undefined => Val::Undefined,
        Expr::Var(var, _) => match var {
            Var::Data(name) => match env.data {
                Value::Object(map) => map.get(name).map(Val::from_json).unwrap_or(Val::Undefined),
                _ => Val::Undefined,
            },
            Var::Scope(slot) => env
                .scopes
                .get(*slot as usize)
                .map(|v| Val::from_json(v))
                .unwrap_or(Val::Undefined),
            Var::Wxs(m) => Val::Wxs(*m, Vec::new()),
        },
        Expr::Field(obj, name) => {
            let o = eval_reporting(obj, env, report);
            field(o, name)
        }
        Expr::Index(obj, index) => {
            let o = eval_reporting(obj, env, report);
            let k = eval_reporting(index, env, report).resolve_wxs(env);
            if let (Some(Value::Array(a)), Some("length")) = (o.json(), key_str(&k).as_deref()) {
                return Val::Num(a.len() as f64);
            }
            member(o, &k)
        }
        Expr::Call(callee, args) => {
            let f = eval_reporting(callee, env, report);
            let Val::Wxs(module, path) = f else {
                return Val::Undefined;
            };
            let args: Vec<Value> = args
                .iter()
                .map(|a| {
                    eval_reporting(a, env, report)
                        .resolve_wxs(env)
                        .into_json()
                        .unwrap_or(Value::Null)
                })
                .collect();
            match env.wxs.call(module, &path, args) {
                Ok(v) => Val::from_owned(v),
                Err(e) => {
                    report(e);
                    Val::Undefined
                }
            }
        }
        Expr::Unary(op, e) => {
            let v = eval_reporting(e, env, report).resolve_wxs(env);
            match op {
                UnaryOp::Not => Val::Bool(!v.truthy()),
                UnaryOp::Neg => Val::Num(-v.to_number()),
                UnaryOp::BitNot => Val::Num(f64::from(!to_int32(v.to_number()))),
            }
        }
        Expr::Binary(op, a, b) => {
            let a = eval_reporting(a, env, report).resolve_wxs(env);
            let b = eval_reporting(b, env, report).resolve_wxs(env);
            binary(*op, a, b)
        }
        Expr::Logical(op, a, b) => {
            let left = eval_reporting(a, env, report).resolve_wxs(env);
            let take_left = match op {
                LogicalOp::And => !left.truthy(),
                LogicalOp::Or => left.truthy(),
            };
            if take_left {
                left
            } else {
                eval_reporting(b, env, report).resolve_wxs(env)
            }
        }
        Expr::Cond(t, y, n) => {
            if eval_reporting(t, env, report).resolve_wxs(env).truthy() {
                eval_reporting(y, env, report)
            } else {
                eval_reporting(n, env, report)
            }
        }
        Expr::Array(items) => Val::Owned(Value::Array(
            items
                .iter()
                .map(|i| {
                    eval_reporting(i, env, report)
                        .resolve_wxs(env)
                        .into_json()
                        .unwrap_or(Value::Null)
                })
                .collect(),
        )),
        Expr::Object(items) => {
            let mut map = Map::new();
            for item in items {
                match item {
                    ObjectItem::Prop(k, e) => {
                        if let Some(v) = eval_reporting(e, env, report).resolve_wxs(env).into_json()
                        {
                            map.insert(k.clone(), v);
                        }
                    }
                    ObjectItem::Spread(e) => {
                        let v = eval_reporting(e, env, report).resolve_wxs(env);
                        match v.json() {
                            Some(Value::Object(src)) => {
                                for (k, v) in src {
                                    map.insert(k.clone(), v.clone());
                                }
                            }
                            Some(Value::Array(src)) => {
                                for (i, v) in src.iter().enumerate() {
                                    map.insert(i.to_string(), v.clone());
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            Val::Owned(Value::Object(map))
        }
    }
}

fn field<'a>(o: Val<'a>, name: &str) -> Val<'a> {
    if name == "length"
        && let Some(Value::Array(a)) = o.json()
    {
        return Val::Num(a.len() as f64);
    }
    member(o, &Val::Str(Cow::Borrowed(name)))
}

/// Evaluates to a value for an attribute (type kept; `None` for undefined).
pub fn eval_json(expr: &Expr, env: &Env<'_, '_>) -> Option<Value> {
    let v = eval(expr, env);
    v.resolve_wxs(env).into_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{ExprMode, parse_expr};
    use serde_json::json;

    fn render(src: &str, data: Value) -> String {
        let e = parse_expr(src, 0, src.len(), ExprMode::Attr).unwrap();
        let env = Env {
            data: &data,
            scopes: &[],
            wxs: &NoWxs,
        };
        eval(&e, &env).resolve_wxs(&env).to_display().into_owned()
    }

    #[test]
    fn renders_like_string() {
        let d = json!({"a": [1, 2], "o": {"k": "v"}, "s": "hello", "n": null, "b": {}});
        for (src, want) in [
            ("1/3", "0.3333333333333333"),
            ("[1,[2,3]]", "1,2,3"),
            ("o", "[object Object]"),
            ("u", ""),
            ("null", "null"),
            ("n", "null"),
            ("-0", "0"),
            ("1/0", "Infinity"),
            ("a+1", "1,21"),
            ("a+'x'", "1,2x"),
            ("true+1", "2"),
            ("null+1", "1"),
            ("u+1", "NaN"),
            ("'5'-2", "3"),
            ("b+1", "[object Object]1"),
            ("a.length", "2"),
            ("s.length", "5"),
            ("s[1]", "e"),
            ("o['k']", "v"),
            ("a[5]", ""),
            ("u.x.y", ""),
            ("n.x", ""),
            ("1=='1'", "true"),
            ("null==u", "true"),
            ("null===u", "false"),
            ("-7>>1", "-4"),
            ("1<<31", "-2147483648"),
            ("~5", "-6"),
            ("5%3", "2"),
            ("'b'>'a'", "true"),
            ("a&&b||'c'", "[object Object]"),
            ("0||''||'z'", "z"),
            ("s.toUpperCase()", ""),
            ("0.1+0.2", "0.30000000000000004"),
        ] {
            assert_eq!(render(src, d.clone()), want, "{src}");
        }
    }

    #[test]
    fn attribute_values_keep_their_type() {
        let d = json!({"x": 1});
        let e = parse_expr("x", 0, 1, ExprMode::Attr).unwrap();
        let env = Env {
            data: &d,
            scopes: &[],
            wxs: &NoWxs,
        };
        assert_eq!(eval_json(&e, &env), Some(json!(1)));
        let e = parse_expr("u", 0, 1, ExprMode::Attr).unwrap();
        assert_eq!(eval_json(&e, &env), None);
        let e = parse_expr("a: x, b: [x]", 0, 12, ExprMode::Attr).unwrap();
        assert_eq!(eval_json(&e, &env), Some(json!({"a": 1, "b": [1]})));
    }

    struct Upper;
    impl WxsHost for Upper {
        fn call(&self, module: u32, path: &[String], args: Vec<Value>) -> Result<Value, String> {
            assert_eq!(module, 0);
            match path {
                [f] if f == "up" => Ok(json!(args[0].as_str().unwrap_or("").to_uppercase())),
                _ => Err(format!("no function {path:?}")),
            }
        }
        fn get(&self, _: u32, path: &[String]) -> Option<Value> {
            (path == ["VERSION"]).then(|| json!(3))
        }
    }

    #[test]
    fn wxs_calls_and_reads_go_to_the_host() {
        let d = json!({"name": "ann"});
        let mut e = parse_expr("m.up(name) + m.VERSION", 0, 22, ExprMode::Attr).unwrap();
        e.walk_mut(&mut |x| {
            if let Expr::Var(v @ Var::Data(_), _) = x
                && *v == Var::Data("m".into())
            {
                *v = Var::Wxs(0);
            }
        });
        let env = Env {
            data: &d,
            scopes: &[],
            wxs: &Upper,
        };
        assert_eq!(eval(&e, &env).to_display(), "ANN3");
        let mut errors = Vec::new();
        let mut bad = parse_expr("m.nope()", 0, 8, ExprMode::Attr).unwrap();
        bad.walk_mut(&mut |x| {
            if let Expr::Var(v, _) = x {
                *v = Var::Wxs(0);
            }
        });
        let v = eval_reporting(&bad, &env, &mut |e| errors.push(e));
        assert_eq!(v, Val::Undefined);
        assert_eq!(errors.len(), 1);
    }
}
