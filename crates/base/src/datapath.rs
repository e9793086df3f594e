//! Data paths: `list[3].n`, `a.b.c`: the keys of `setData` and the reads of template bindings.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl PathSeg {
    /// The segment as an object key: an index `3` and a key `"3"` name the same thing in JS.
    pub fn as_key(&self) -> std::borrow::Cow<'_, str> {
        match self {
            PathSeg::Key(k) => k.into(),
            PathSeg::Index(i) => i.to_string().into(),
        }
    }

    /// Whether two segments address the same slot (`[1]` and `.1` do, as in JS).
    pub fn same_slot(&self, other: &PathSeg) -> bool {
        match (self, other) {
            (PathSeg::Key(a), PathSeg::Key(b)) => a == b,
            (PathSeg::Index(a), PathSeg::Index(b)) => a == b,
            (PathSeg::Key(k), PathSeg::Index(i)) | (PathSeg::Index(i), PathSeg::Key(k)) => {
                k.parse::<usize>().ok() == Some(*i)
            }
        }
    }
}

/// The largest list index a data path may name. Setting `list[99999999]` would make the list
/// a hundred million items long (the phone's renderer freezes on it, and mpsim would fill
/// memory with nulls); past this the path is refused. It is also where `wx:for` over a number
/// stops.
pub const MAX_INDEX: usize = 1_000_000;

/// A parsed data path. The empty path means "the whole value".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct DataPath(pub Vec<PathSeg>);

impl DataPath {
    /// Parses the setData key syntax: `a.b[1].c`, `list[3]`, `a[0][1]`. Keys may hold any
    /// character but `.` and `[`; a backslash escapes the next character, as WeChat allows.
    pub fn parse(text: &str) -> Result<DataPath, String> {
        let mut segs = Vec::new();
        let mut key = String::new();
        let mut key_open = false; // a key segment has started (possibly still empty)
        let mut chars = text.chars().peekable();
        let mut expect_key = true;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let Some(n) = chars.next() else {
                        return Err(format!("data path `{text}` ends with a backslash"));
                    };
                    key.push(n);
                    key_open = true;
                }
                '.' => {
                    if key.is_empty() && expect_key {
                        return Err(format!("data path `{text}` has an empty key before `.`"));
                    }
                    if key_open {
                        segs.push(PathSeg::Key(std::mem::take(&mut key)));
                    }
                    key_open = false;
                    expect_key = true;
                }
                '[' => {
                    if key_open {
                        segs.push(PathSeg::Key(std::mem::take(&mut key)));
                        key_open = false;
                    } else if segs.is_empty() {
                        return Err(format!("data path `{text}` starts with `[`"));
                    }
                    let mut digits = String::new();
                    loop {
                        match chars.next() {
                            Some(']') => break,
                            Some(d) if d.is_ascii_digit() => digits.push(d),
                            Some(d) => {
                                return Err(format!(
                                    "data path `{text}`: `[` must hold a number, found `{d}`"
                                ));
                            }
                            None => return Err(format!("data path `{text}` has an unclosed `[`")),
                        }
                    }
                    let index = digits
                        .parse::<usize>()
                        .ok()
                        .filter(|i| *i <= MAX_INDEX)
                        .ok_or_else(|| {
                            format!("data path `{text}` has an empty index or one over {MAX_INDEX}")
                        })?;
                    segs.push(PathSeg::Index(index));
                    expect_key = false;
                }
                c => {
                    if !expect_key && !key_open {
                        return Err(format!("data path `{text}`: expected `.` or `[` after `]`"));
                    }
                    key.push(c);
                    key_open = true;
                }
            }
        }
        if key_open {
            segs.push(PathSeg::Key(key));
        } else if expect_key {
            return Err(format!("data path `{text}` is empty or ends with `.`"));
        }
        Ok(DataPath(segs))
    }

    pub fn key(k: &str) -> DataPath {
        DataPath(vec![PathSeg::Key(k.to_string())])
    }

    pub fn segs(&self) -> &[PathSeg] {
        &self.0
    }

    pub fn push(&mut self, seg: PathSeg) {
        self.0.push(seg);
    }

    pub fn child(&self, seg: PathSeg) -> DataPath {
        let mut p = self.clone();
        p.0.push(seg);
        p
    }

    /// True when one path is a prefix of the other: a change at one affects a read at the other.
    pub fn overlaps(&self, other: &DataPath) -> bool {
        self.0
            .iter()
            .zip(other.0.iter())
            .all(|(a, b)| a.same_slot(b))
    }

    /// True when `self` starts with `prefix`.
    pub fn starts_with(&self, prefix: &[PathSeg]) -> bool {
        prefix.len() <= self.0.len()
            && prefix
                .iter()
                .zip(self.0.iter())
                .all(|(a, b)| a.same_slot(b))
    }
}

impl fmt::Display for DataPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    for c in k.chars() {
                        if matches!(c, '.' | '[' | ']' | '\\') {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                }
                PathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathSeg::*;

    fn k(s: &str) -> PathSeg {
        Key(s.into())
    }

    #[test]
    fn parses_setdata_keys() {
        assert_eq!(
            DataPath::parse("a.b[1].c").unwrap().0,
            vec![k("a"), k("b"), Index(1), k("c")]
        );
        assert_eq!(
            DataPath::parse("list[3]").unwrap().0,
            vec![k("list"), Index(3)]
        );
        assert_eq!(
            DataPath::parse("a[0][12]").unwrap().0,
            vec![k("a"), Index(0), Index(12)]
        );
        assert_eq!(DataPath::parse("a\\.b").unwrap().0, vec![k("a.b")]);
        assert_eq!(
            DataPath::parse("中文.x").unwrap().0,
            vec![k("中文"), k("x")]
        );
        for bad in ["", "a.", ".a", "[1]", "a[x]", "a[1", "a[]", "a[1]b", "a\\"] {
            assert!(DataPath::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn displays_round_trip() {
        for s in ["a.b[1].c", "list[3]", "a\\.b.c"] {
            assert_eq!(DataPath::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn overlap_is_prefix_either_way() {
        let p = |s| DataPath::parse(s).unwrap();
        assert!(p("list").overlaps(&p("list[3].n")));
        assert!(p("list[3].n").overlaps(&p("list")));
        assert!(p("list[3]").overlaps(&p("list.3")));
        assert!(!p("list[2]").overlaps(&p("list[3].n")));
        assert!(!p("a").overlaps(&p("b")));
    }

    #[test]
    fn a_numeric_key_past_the_largest_index_does_not_grow_a_list() {
        let mut data = serde_json::json!({"list": [1]});
        let path = DataPath::parse("list.9999999999").unwrap();
        set_path(&mut data, path.segs(), serde_json::json!(2));
        assert_eq!(data, serde_json::json!({"list": [1]}));
        set_path(
            &mut data,
            DataPath::parse("list.2").unwrap().segs(),
            serde_json::json!(3),
        );
        assert_eq!(data, serde_json::json!({"list": [1, null, 3]}));
    }
}

/// Writes `value` at `path` inside `data` the way setData does: missing objects and arrays on
/// the way are created (an index segment creates an array, a key an object), and a segment
/// that meets a value of the wrong kind replaces it.
pub fn set_path(data: &mut serde_json::Value, path: &[PathSeg], value: serde_json::Value) {
    use serde_json::Value;
    let Some((first, rest)) = path.split_first() else {
        *data = value;
        return;
    };
    let slot = match first {
        PathSeg::Key(k) => {
            if !data.is_object() && !data.is_array() {
                *data = Value::Object(Default::default());
            }
            match data {
                Value::Array(items) => match k.parse::<usize>() {
                    Ok(i) => array_slot(items, i),
                    Err(_) => {
                        *data = Value::Object(Default::default());
                        Some(object_slot(data, k))
                    }
                },
                _ => Some(object_slot(data, k)),
            }
        }
        PathSeg::Index(i) => match data {
            Value::Array(items) => array_slot(items, *i),
            Value::Object(_) => Some(object_slot(data, &i.to_string())),
            _ => {
                *data = Value::Array(Vec::new());
                match data {
                    Value::Array(items) => array_slot(items, *i),
                    _ => return,
                }
            }
        },
    };
    if let Some(slot) = slot {
        set_path(slot, rest, value);
    }
}

/// Item `i` of a list, which grows to hold it; `None` past [`MAX_INDEX`] (`list.9999999999`
/// on a list would otherwise ask for a list of that many nulls).
fn array_slot(items: &mut Vec<serde_json::Value>, i: usize) -> Option<&mut serde_json::Value> {
    if i > MAX_INDEX {
        return None;
    }
    if items.len() <= i {
        items.resize(i + 1, serde_json::Value::Null);
    }
    Some(&mut items[i])
}

fn object_slot<'a>(data: &'a mut serde_json::Value, key: &str) -> &'a mut serde_json::Value {
    if !data.is_object() {
        *data = serde_json::Value::Object(Default::default());
    }
    match data {
        serde_json::Value::Object(map) => map
            .entry(key.to_string())
            .or_insert(serde_json::Value::Null),
        _ => unreachable!("made an object just above"),
    }
}

#[cfg(test)]
mod set_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_path_creates_what_is_missing() {
        let mut d = json!({"list": [{"n": 1}]});
        set_path(
            &mut d,
            DataPath::parse("list[0].n").unwrap().segs(),
            json!(2),
        );
        set_path(
            &mut d,
            DataPath::parse("list[2].n").unwrap().segs(),
            json!(3),
        );
        set_path(
            &mut d,
            DataPath::parse("a.b[1]").unwrap().segs(),
            json!("x"),
        );
        set_path(
            &mut d,
            DataPath::parse("list.0.m").unwrap().segs(),
            json!(true),
        );
        assert_eq!(
            d,
            json!({"list": [{"n": 2, "m": true}, null, {"n": 3}], "a": {"b": [null, "x"]}})
        );
    }
}
