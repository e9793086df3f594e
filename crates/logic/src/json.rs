//! `JSON.parse` and `JSON.stringify` without boa's slow paths. boa 0.22's `JSON.parse` checks
//! the text with serde_json, then parses it again as a JS expression, compiles and runs it;
//! its `JSON.stringify` makes a string per value and joins them. The framework hands
//! properties and data across as JSON and copies setData payloads through it, so mounting a
//! 1,000-item list spent a quarter of its time in `JSON.parse` and a sixth in `stringify`.
//!
//! The replacements build a parsed value as serde_json reads the text, and write a
//! stringified one into one buffer, following the spec's steps (toJSON, wrapper objects,
//! enumerable own keys in their order, cycles). What they do not take goes to boa's own
//! functions: a reviver, a replacer or a gap, text serde_json rejects (so the errors stay
//! boa's), and objects that are neither ordinary nor arrays (proxies, typed arrays...).

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::string::CodePoint;
use boa_engine::{
    Context, JsBigInt, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
    js_string,
};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

type Native = fn(&JsValue, &[JsValue], &JsObject, &mut Context) -> JsResult<JsValue>;

/// Replaces the realm's `JSON.parse` and `JSON.stringify` (same names and lengths; the
/// originals are kept for what the fast paths do not take).
pub fn install(ctx: &mut Context) -> JsResult<()> {
    replace(ctx, "parse", 2, parse)?;
    replace(ctx, "stringify", 3, stringify)
}

fn replace(ctx: &mut Context, name: &str, length: usize, fast: Native) -> JsResult<()> {
    let json = ctx.intrinsics().objects().json();
    let original = json.get(JsString::from(name), ctx)?;
    let Some(original) = original.as_object() else {
        return Ok(());
    };
    let function = NativeFunction::from_copy_closure_with_captures(
        move |this, args, original: &JsObject, ctx| fast(this, args, original, ctx),
        original.clone(),
    );
    let function = FunctionObjectBuilder::new(ctx.realm(), function)
        .name(JsString::from(name))
        .length(length)
        .constructor(false)
        .build();
    // Writable and configurable but not enumerable, as the originals.
    json.define_property_or_throw(
        JsString::from(name),
        PropertyDescriptor::builder()
            .value(function)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;
    Ok(())
}

fn parse(
    this: &JsValue,
    args: &[JsValue],
    original: &JsObject,
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let reviver = args.get(1).is_some_and(JsValue::is_callable);
    if !reviver
        && let Some(text) = args.first().and_then(JsValue::as_string)
        && let Ok(text) = text.to_std_string()
    {
        let mut de = serde_json::Deserializer::from_str(&text);
        let mut keys = HashMap::new();
        let build = Build {
            ctx: &mut *ctx,
            keys: &mut keys,
        };
        if let Ok(value) = build.deserialize(&mut de)
            && de.end().is_ok()
        {
            return Ok(value);
        }
    }
    original.call(this, args, ctx)
}

/// The JS value `JSON.parse` makes of a serde value's text, built without the text: the
/// properties the logic side hands a component arrive this way.
pub fn to_js(props: &serde_json::Map<String, serde_json::Value>, ctx: &mut Context) -> JsValue {
    let mut keys = HashMap::new();
    Build {
        ctx,
        keys: &mut keys,
    }
    .deserialize(props)
    .unwrap_or_default()
}

/// Builds the JS value as serde_json reads the text, with no tree in between (at 10,000
/// list items that tree was megabytes of the peak). Objects get their members as
/// `CreateDataProperty` gives them: a `__proto__` key is an own property, a repeated key
/// keeps its first place and its last value, index keys come first.
struct Build<'c> {
    ctx: &'c mut Context,
    /// The member names made so far: the objects of a list share theirs.
    keys: &'c mut HashMap<String, JsString>,
}

impl<'de> DeserializeSeed<'de> for Build<'_> {
    type Value = JsValue;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<JsValue, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build<'_> {
    type Value = JsValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<JsValue, E> {
        Ok(JsValue::null())
    }

    fn visit_bool<E>(self, b: bool) -> Result<JsValue, E> {
        Ok(b.into())
    }

    fn visit_i64<E>(self, n: i64) -> Result<JsValue, E> {
        Ok(i32::try_from(n).map_or_else(|_| JsValue::new(n as f64), JsValue::new))
    }

    fn visit_u64<E>(self, n: u64) -> Result<JsValue, E> {
        Ok(i32::try_from(n).map_or_else(|_| JsValue::new(n as f64), JsValue::new))
    }

    fn visit_f64<E>(self, n: f64) -> Result<JsValue, E> {
        Ok(JsValue::new(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<JsValue, E> {
        Ok(JsString::from(s).into())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(Build {
            ctx: &mut *self.ctx,
            keys: &mut *self.keys,
        })? {
            items.push(v);
        }
        Ok(JsArray::from_iter(items, self.ctx).into())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsValue, A::Error> {
        let obj = JsObject::with_object_proto(self.ctx.intrinsics());
        while let Some(key) = map.next_key::<Cow<str>>()? {
            let value = map.next_value_seed(Build {
                ctx: &mut *self.ctx,
                keys: &mut *self.keys,
            })?;
            let key = match self.keys.get(&*key) {
                Some(k) => k.clone(),
                None => {
                    let k = JsString::from(&*key);
                    self.keys.insert(key.into_owned(), k.clone());
                    k
                }
            };
            obj.create_data_property_or_throw(key, value, self.ctx)
                .map_err(|e| A::Error::custom(e.to_string()))?;
        }
        Ok(obj.into())
    }
}

fn stringify(
    this: &JsValue,
    args: &[JsValue],
    original: &JsObject,
    ctx: &mut Context,
) -> JsResult<JsValue> {
    if args.iter().skip(1).any(|a| !a.is_undefined()) {
        return original.call(this, args, ctx);
    }
    let mut w = Writer {
        out: String::new(),
        stack: Vec::new(),
        original,
    };
    let value = args.first().cloned().unwrap_or_default();
    Ok(
        if w.property(&PropertyKey::from(js_string!()), value, ctx)? {
            JsString::from(w.out.as_str()).into()
        } else {
            JsValue::undefined()
        },
    )
}

/// Deeper than this, a value is handed to boa's `JSON.stringify`, which may recurse further.
const MAX_DEPTH: usize = 512;

/// SerializeJSONProperty and what it calls, writing into one string.
struct Writer<'a> {
    out: String,
    /// The objects being written, for cycles.
    stack: Vec<JsObject>,
    original: &'a JsObject,
}

impl Writer<'_> {
    /// Writes `value` (the value of `key` in its holder). False when it serializes to
    /// nothing (undefined, a function, a symbol).
    fn property(
        &mut self,
        key: &PropertyKey,
        mut value: JsValue,
        ctx: &mut Context,
    ) -> JsResult<bool> {
        if let Some(obj) = value.as_object() {
            let to_json = obj.get(js_string!("toJSON"), ctx)?;
            if let Some(f) = to_json.as_callable() {
                value = f.call(&value, &[key_string(key).into()], ctx)?;
            }
        } else if value.is_bigint() {
            let to_json = value.to_object(ctx)?.get(js_string!("toJSON"), ctx)?;
            if let Some(f) = to_json.as_callable() {
                value = f.call(&value, &[key_string(key).into()], ctx)?;
            }
        }
        if let Some(obj) = value.as_object() {
            if obj.is::<f64>() {
                value = value.to_number(ctx)?.into();
            } else if obj.is::<JsString>() {
                value = value.to_string(ctx)?.into();
            } else if let Some(b) = obj.downcast_ref::<bool>().map(|b| *b) {
                value = b.into();
            } else if let Some(n) = obj.downcast_ref::<JsBigInt>().map(|n| n.clone()) {
                value = n.into();
            }
        }
        if value.is_null() {
            self.out.push_str("null");
        } else if let Some(b) = value.as_boolean() {
            self.out.push_str(if b { "true" } else { "false" });
        } else if let Some(s) = value.as_string() {
            quote(&mut self.out, &s);
        } else if let Some(n) = value.as_number() {
            self.number(n, &value, ctx)?;
        } else if value.is_bigint() {
            return Err(JsNativeError::typ()
                .with_message("cannot serialize bigint to JSON")
                .into());
        } else if let Some(obj) = value.as_object()
            && !obj.is_callable()
        {
            return self.object(&obj, ctx);
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    fn number(&mut self, n: f64, value: &JsValue, ctx: &mut Context) -> JsResult<()> {
        if let Some(i) = value.as_i32() {
            let _ = write!(self.out, "{i}");
        } else if !n.is_finite() {
            self.out.push_str("null");
        } else {
            let text = value.to_string(ctx)?;
            self.out.push_str(&text.to_std_string_escaped());
        }
        Ok(())
    }

    fn object(&mut self, obj: &JsObject, ctx: &mut Context) -> JsResult<bool> {
        let (array, ordinary) = (obj.is_array(), obj.is_ordinary());
        if !(array || ordinary) || self.stack.len() >= MAX_DEPTH {
            // boa's own, for what has internal methods of its own; it looks toJSON up again,
            // which finds what this lookup found.
            let text = self
                .original
                .call(&JsValue::undefined(), &[obj.clone().into()], ctx)?;
            let Some(text) = text.as_string() else {
                return Ok(false);
            };
            self.out.push_str(&text.to_std_string_lossy());
            return Ok(true);
        }
        if self.stack.iter().any(|o| JsObject::equals(o, obj)) {
            return Err(JsNativeError::typ()
                .with_message("cyclic object value")
                .into());
        }
        self.stack.push(obj.clone());
        let r = if array {
            self.array(obj, ctx)
        } else {
            self.members(obj, ctx)
        };
        self.stack.pop();
        r.map(|()| true)
    }

    fn array(&mut self, obj: &JsObject, ctx: &mut Context) -> JsResult<()> {
        let len = obj.get(js_string!("length"), ctx)?.to_length(ctx)?;
        self.out.push('[');
        for i in 0..len {
            if i > 0 {
                self.out.push(',');
            }
            let key = PropertyKey::from(i);
            let value = obj.get(key.clone(), ctx)?;
            if !self.property(&key, value, ctx)? {
                self.out.push_str("null");
            }
        }
        self.out.push(']');
        Ok(())
    }

    /// An ordinary object's enumerable own string keys, in their order, each with its value.
    fn members(&mut self, obj: &JsObject, ctx: &mut Context) -> JsResult<()> {
        let keys: Vec<PropertyKey> = obj
            .own_property_keys(ctx)?
            .into_iter()
            .filter(|k| !matches!(k, PropertyKey::Symbol(_)))
            .filter(|k| {
                obj.borrow()
                    .properties()
                    .get(k)
                    .is_some_and(|d| d.expect_enumerable())
            })
            .collect();
        self.out.push('{');
        let mut first = true;
        for key in keys {
            let value = obj.get(key.clone(), ctx)?;
            let mark = self.out.len();
            if !first {
                self.out.push(',');
            }
            match &key {
                PropertyKey::Index(i) => {
                    let _ = write!(self.out, "\"{}\"", i.get());
                }
                _ => quote(&mut self.out, &key_string(&key)),
            }
            self.out.push(':');
            if self.property(&key, value, ctx)? {
                first = false;
            } else {
                self.out.truncate(mark);
            }
        }
        self.out.push('}');
        Ok(())
    }
}

/// A property key as the string toJSON is given (symbol keys are never written).
fn key_string(key: &PropertyKey) -> JsString {
    match key {
        PropertyKey::String(s) => s.clone(),
        PropertyKey::Index(i) => JsString::from(i.get().to_string().as_str()),
        PropertyKey::Symbol(_) => js_string!(),
    }
}

/// QuoteJSONString: escapes, `\u` for control characters and lone surrogates.
fn quote(out: &mut String, s: &JsString) {
    out.push('"');
    for c in s.code_points() {
        match c {
            CodePoint::Unicode(c) => match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            },
            CodePoint::UnpairedSurrogate(u) => {
                let _ = write!(out, "\\u{u:04x}");
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use boa_engine::Source;

    /// A realm with the replacements installed and boa's own functions as `original`.
    fn realm() -> Context {
        let mut ctx = Context::default();
        ctx.eval(Source::from_bytes(
            "var original = { parse: JSON.parse, stringify: JSON.stringify };",
        ))
        .unwrap();
        install(&mut ctx).unwrap();
        ctx
    }

    /// `code`'s value as a string, evaluated in `ctx`.
    fn eval(ctx: &mut Context, code: &str) -> String {
        let v = ctx.eval(Source::from_bytes(code)).unwrap();
        v.to_string(ctx).unwrap().to_std_string_escaped()
    }

    /// Runs `code` in a fresh [`realm`].
    fn run(code: &str) -> String {
        eval(&mut realm(), code)
    }

    #[test]
    fn parses_as_json_parse_does() {
        let code = r#"
            var o = JSON.parse('{"b":1,"a":[1,2.5,"x",null,true,{"c":{}}],"2":"two","1":"one","b":3}');
            [Object.keys(o).join(), o.b, o.a[1], typeof o.a[5].c, JSON.stringify(o)].join('|')
        "#;
        assert_eq!(
            run(code),
            r#"1,2,b,a|3|2.5|object|{"1":"one","2":"two","b":3,"a":[1,2.5,"x",null,true,{"c":{}}]}"#
        );
        // An own `__proto__` key, not a prototype.
        assert_eq!(
            run(r#"var p = JSON.parse('{"__proto__":{"x":1}}'); [p.x, Object.keys(p)].join()"#),
            ",__proto__"
        );
        assert_eq!(
            run("Object.is(JSON.parse('-0'), -0) + ' ' + JSON.parse('[-0.5, 1e2]')"),
            "true -0.5,100"
        );
        assert_eq!(run(r#"JSON.parse('"\\u00e9\\n"') === 'é\n'"#), "true");
    }

    #[test]
    fn parses_as_boa_does() {
        let code = r#"
            var texts = [
                '0', ' 1 ', '-5', '2147483647', '2147483648', '-2147483649', '12345678901234567890',
                '1e300', '1.5e-7', '0.1', '"str"', '"\ud83d\ude00 \u2028 \/"', '[]', '{}',
                '[[[[1]]], {"a": {"b": [null, false]}}]', '{"10": 1, "x": 2, "1": 3, "x": 4}',
                '{"list":[{"id":"k0","label":"item 0","n":0},{"id":"k1","label":"item 1","n":1}]}',
                '1 2', '[1,]', '{"a":1,}', "{'a':1}", 'NaN', '', '"\ud800"', '[1e400]'
            ];
            texts.map(function (t, i) {
                var a, b;
                try { a = original.stringify(JSON.parse(t)); } catch (e) { a = e.name; }
                try { b = original.stringify(original.parse(t)); } catch (e) { b = e.name; }
                return a === b ? '' : i + ': ' + a + ' != ' + b;
            }).filter(Boolean).join('\n') || 'same'
        "#;
        assert_eq!(run(code), "same");
    }

    #[test]
    fn a_serde_value_becomes_what_json_parse_makes_of_its_text() {
        let text = r#"{"list":[{"id":"k0","n":0,"f":1.5,"big":12345678901234567890},null,true,"s"],"2":{},"1":[]}"#;
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text).expect("a JSON object");
        let mut ctx = realm();
        let built = to_js(&map, &mut ctx);
        ctx.global_object()
            .set(js_string!("built"), built, false, &mut ctx)
            .unwrap();
        let code = format!(
            "var parsed = JSON.parse({}); [JSON.stringify(built) === JSON.stringify(parsed), Object.keys(built).join(), JSON.stringify(built)].join('|')",
            serde_json::to_string(text).unwrap()
        );
        assert_eq!(
            eval(&mut ctx, &code),
            r#"true|1,2,list|{"1":[],"2":{},"list":[{"id":"k0","n":0,"f":1.5,"big":12345678901234567000},null,true,"s"]}"#
        );
    }

    #[test]
    fn keeps_the_original_errors_and_reviver() {
        assert_eq!(
            run("try { JSON.parse('{bad'); 'parsed' } catch (e) { e.name }"),
            "SyntaxError"
        );
        assert_eq!(
            run(
                r#"JSON.parse('{"a":1,"b":2}', function (k, v) { return k === 'a' ? v * 10 : v; }).a"#
            ),
            "10"
        );
        assert_eq!(run("JSON.parse(12) + JSON.parse(null)"), "12");
        assert_eq!(
            run("[JSON.parse.name, JSON.parse.length, Object.keys(JSON).length].join()"),
            "parse,2,0"
        );
    }

    #[test]
    fn stringifies_as_boa_does() {
        let code = r#"
            class Point { constructor() { this.x = 1; this.y = undefined; } get z() { return 3; } }
            var hidden = { shown: 1 };
            Object.defineProperty(hidden, 'secret', { value: 2, enumerable: false });
            hidden[Symbol('s')] = 3;
            var getter = { get g() { return [1, 2]; } };
            var cases = [
                1, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity, 'a"b\\c\n\t\u0001\u2028é😀', '\ud800x',
                true, null, undefined, function () {}, Symbol('x'),
                [], {}, [1, 'two', null, undefined, function () {}, [3]], { b: 1, a: 2, 10: 'x', 2: 'y', u: undefined, f: function () {} },
                new Point(), hidden, getter, new Date(0), new Number(4), new String('s'), new Boolean(false),
                { toJSON: function (k) { return 'key:' + k; } }, { nested: { toJSON: function (k) { return [k]; } } },
                [{ toJSON: function (k) { return k; } }], new Map([[1, 2]]), new Error('e'), /re/g,
                new Uint8Array([1, 2]), new Proxy({ p: 1 }, {}), new Proxy([1, 2], {}), Object.create(null),
                { list: [{ id: 'k0', label: 'item 0', n: 0 }, { id: 'k1', label: 'item 1', n: 1.25 }] },
                [ , 1, , ], Object.assign([1, 2], { extra: 3 }), { '': 1, '\u0000': 2 }
            ];
            cases.map(function (c, i) {
                var a = JSON.stringify(c), b = original.stringify(c);
                return a === b ? '' : i + ': ' + a + ' != ' + b;
            }).filter(Boolean).join('\n') || 'same'
        "#;
        assert_eq!(run(code), "same");
    }

    #[test]
    fn stringify_keeps_boas_errors_and_options() {
        assert_eq!(
            run(
                "var a = {}; a.self = { up: a }; try { JSON.stringify(a); 'no' } catch (e) { e.name + ': ' + e.message }"
            ),
            "TypeError: cyclic object value"
        );
        assert_eq!(
            run("try { JSON.stringify({ n: 1n }); 'no' } catch (e) { e.name }"),
            "TypeError"
        );
        assert_eq!(
            run(
                r#"JSON.stringify({ a: [1, { b: 2 }] }, null, 2) === original.stringify({ a: [1, { b: 2 }] }, null, 2)"#
            ),
            "true"
        );
        assert_eq!(
            run(
                r#"JSON.stringify({ a: 1, b: 2 }, ['b']) + JSON.stringify({ a: 1 }, function (k, v) { return k === 'a' ? 9 : v; })"#
            ),
            r#"{"b":2}{"a":9}"#
        );
        // A deep value is handed to boa's own past the depth limit, with the same text.
        assert_eq!(
            run(
                "var d = []; for (var i = 0; i < 600; i++) d = [d]; JSON.stringify(d) === original.stringify(d)"
            ),
            "true"
        );
        assert_eq!(
            run(
                "[JSON.stringify.name, JSON.stringify.length, JSON.stringify === original.stringify].join()"
            ),
            "stringify,3,false"
        );
    }
}
