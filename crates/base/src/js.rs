//! JavaScript's conversion rules, as templates apply them when rendering `{{ }}` values.

use serde_json::Value;

/// `Number.prototype.toString()` for a double: the shortest round-trip digits, in JS's choice
/// of plain or exponent form (`0.3333333333333333`, `1e+21`, `1e-7`, `-0` -> `0`).
pub fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits as `d.ddde±n`.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i32;
    let n = exp + 1; // the decimal point sits after `n` digits
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n >= 1 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

/// `String(value)` for a JSON value: `null` -> "null", arrays joined by commas (with null
/// elements empty), objects -> "[object Object]".
pub fn value_to_string(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, &mut out);
    out
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_to_string(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => write_array(items, out),
        Value::Object(_) => out.push_str("[object Object]"),
    }
}

/// `Array.prototype.join(',')`, which turns null and undefined elements into empty strings.
fn write_array(items: &[Value], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !item.is_null() {
            write_value(item, out);
        }
    }
}

/// JS truthiness of a JSON value.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0 && !x.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// A JSON number from a double, as JSON.stringify would write it (NaN and infinities -> null).
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.007_199_254_740_992e15 {
        if x == 0.0 {
            return Value::from(0);
        }
        return Value::from(x as i64);
    }
    serde_json::Number::from_f64(x)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// Converts a JS property name to camelCase the way `dataset` does: `data-element-type` gives
/// `elementType`; upper-case letters in the attribute become lower-case first.
pub fn dataset_key(attr_suffix: &str) -> String {
    let lower = attr_suffix.to_ascii_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut upper_next = false;
    for c in lower.chars() {
        if c == '-' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_print_as_js_does() {
        let cases: &[(f64, &str)] = &[
            (1.0 / 3.0, "0.3333333333333333"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-0.0, "0"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345678901234.0, "1.2345678901234569e+23"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.5e-10, "1.5e-10"),
            (-2.5, "-2.5"),
            (f64::INFINITY, "Infinity"),
            (f64::NAN, "NaN"),
            (-2147483648.0, "-2147483648"),
        ];
        for (x, s) in cases {
            assert_eq!(number_to_string(*x), *s, "{x}");
        }
    }

    #[test]
    fn values_print_as_string_does() {
        assert_eq!(value_to_string(&json!([1, [2, 3]])), "1,2,3");
        assert_eq!(value_to_string(&json!([null, 1, "a"])), ",1,a");
        assert_eq!(value_to_string(&json!({"a": 1})), "[object Object]");
        assert_eq!(value_to_string(&json!(null)), "null");
        assert_eq!(value_to_string(&json!(1.5)), "1.5");
    }

    #[test]
    fn dataset_keys_camel_case() {
        assert_eq!(dataset_key("element-type"), "elementType");
        assert_eq!(dataset_key("elementType"), "elementtype");
        assert_eq!(dataset_key("idx"), "idx");
    }

    #[test]
    fn number_values_keep_integers_integral() {
        assert_eq!(number_value(3.0), json!(3));
        assert_eq!(number_value(0.5), json!(0.5));
        assert_eq!(number_value(f64::NAN), json!(null));
    }
}
