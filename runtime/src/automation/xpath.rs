//! The XPath subset `page.xpath()` scripts use, over the composed tree on screen: steps
//! separated by `/` or `//`, a tag or `*` per step, and predicates: a position `[2]`, an
//! attribute `[@id]`, `[@class='a']`, `[contains(@class,'a')]`, `[starts-with(@x,'a')]`, text
//! `[text()='Buy']`, `[contains(text(),'Buy')]`, joined by `and`.

use mpsim_view::Composed;
use mpsim_wxml::NodeId;

#[derive(Debug)]
struct Step {
    /// `//` before the step: any depth below the context.
    deep: bool,
    tag: String,
    predicates: Vec<Vec<Test>>,
}

#[derive(Debug)]
enum Test {
    Position(usize),
    Has(String),
    Equals(Subject, String),
    Contains(Subject, String),
    StartsWith(Subject, String),
}

#[derive(Debug)]
enum Subject {
    Attr(String),
    Text,
}

/// The nodes `path` selects, in document order.
pub fn select(root: &Composed, path: &str) -> Result<Vec<NodeId>, String> {
    let steps = parse(path).map_err(|e| format!("XPath `{path}`: {e}"))?;
    // The document: a parent above the page root.
    let doc = Composed {
        id: NodeId::MAX,
        tag: String::new(),
        attrs: Default::default(),
        text: None,
        scope: 0,
        host_of: None,
        children: vec![std::rc::Rc::new(root.clone())],
    };
    let mut context: Vec<&Composed> = vec![&doc];
    for step in &steps {
        let mut next: Vec<&Composed> = Vec::new();
        for c in &context {
            let mut parents = vec![*c];
            if step.deep {
                descendants(c, &mut parents);
            }
            for p in parents {
                for n in matching(p, step) {
                    if !next.iter().any(|m| m.id == n.id) {
                        next.push(n);
                    }
                }
            }
        }
        context = next;
    }
    Ok(context.iter().map(|n| n.id).collect())
}

fn descendants<'a>(n: &'a Composed, out: &mut Vec<&'a Composed>) {
    for c in &n.children {
        if c.text.is_none() {
            out.push(c);
            descendants(c, out);
        }
    }
}

/// The children of `parent` the step selects (positions count among the ones with the tag).
fn matching<'a>(parent: &'a Composed, step: &Step) -> Vec<&'a Composed> {
    let mut list: Vec<&Composed> = parent
        .children
        .iter()
        .map(|c| c.as_ref())
        .filter(|c| c.text.is_none() && (step.tag == "*" || c.tag == step.tag))
        .collect();
    for all in &step.predicates {
        list = list
            .iter()
            .enumerate()
            .filter(|(i, n)| all.iter().all(|t| holds(t, n, i + 1)))
            .map(|(_, n)| *n)
            .collect();
    }
    list
}

fn holds(t: &Test, n: &Composed, position: usize) -> bool {
    let value = |s: &Subject| match s {
        Subject::Attr(a) => attr(n, a),
        Subject::Text => Some(own_text(n)),
    };
    match t {
        Test::Position(p) => *p == position,
        Test::Has(a) => attr(n, a).is_some(),
        Test::Equals(s, v) => value(s).is_some_and(|x| x == *v),
        Test::Contains(s, v) => value(s).is_some_and(|x| x.contains(v.as_str())),
        Test::StartsWith(s, v) => value(s).is_some_and(|x| x.starts_with(v.as_str())),
    }
}

fn attr(n: &Composed, name: &str) -> Option<String> {
    n.attrs.iter().find_map(|(k, v)| match k {
        mpsim_wxml::program::AttrKey::Attr(a) if a == name => {
            Some(mpsim_base::js::value_to_string(v))
        }
        _ => None,
    })
}

/// The node's own text children, joined.
fn own_text(n: &Composed) -> String {
    n.children
        .iter()
        .filter_map(|c| c.text.as_deref())
        .collect()
}

fn parse(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut rest = path.trim();
    if rest.is_empty() {
        return Err("the path is empty".into());
    }
    // A relative path starts at the page root's level, as an absolute one does.
    let mut deep = !rest.starts_with('/');
    loop {
        if let Some(r) = rest.strip_prefix("//") {
            deep = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('/') {
            rest = r;
        }
        let end = rest.find(['/', '[']).unwrap_or(rest.len());
        let tag = rest[..end].trim().to_string();
        if tag.is_empty() {
            return Err("a step has no tag (use * for any)".into());
        }
        rest = &rest[end..];
        let mut predicates = Vec::new();
        while let Some(r) = rest.strip_prefix('[') {
            let close = closing(r).ok_or("a predicate has no closing ]")?;
            predicates.push(predicate(&r[..close])?);
            rest = &r[close + 1..];
        }
        steps.push(Step {
            deep,
            tag,
            predicates,
        });
        deep = false;
        if rest.is_empty() {
            return Ok(steps);
        }
        if !rest.starts_with('/') {
            return Err(format!("unexpected `{rest}`"));
        }
    }
}

/// Where the `]` closing a predicate is, outside quotes.
fn closing(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ']') => return Some(i),
            _ => {}
        }
    }
    None
}

fn predicate(text: &str) -> Result<Vec<Test>, String> {
    text.split(" and ").map(|t| test(t.trim())).collect()
}

fn test(t: &str) -> Result<Test, String> {
    if let Ok(n) = t.parse::<usize>() {
        return Ok(Test::Position(n));
    }
    for (name, make) in [
        ("contains(", Test::Contains as fn(Subject, String) -> Test),
        (
            "starts-with(",
            Test::StartsWith as fn(Subject, String) -> Test,
        ),
    ] {
        if let Some(args) = t.strip_prefix(name).and_then(|r| r.strip_suffix(')')) {
            let (s, v) = args
                .split_once(',')
                .ok_or(format!("`{t}` needs two arguments"))?;
            return Ok(make(subject(s.trim())?, literal(v.trim())?));
        }
    }
    if let Some((s, v)) = t.split_once('=') {
        return Ok(Test::Equals(subject(s.trim())?, literal(v.trim())?));
    }
    match subject(t)? {
        Subject::Attr(a) => Ok(Test::Has(a)),
        Subject::Text => Err("`text()` alone is not a test; compare it".into()),
    }
}

fn subject(s: &str) -> Result<Subject, String> {
    if s == "text()" || s == "." {
        return Ok(Subject::Text);
    }
    s.strip_prefix('@')
        .map(|a| Subject::Attr(a.to_string()))
        .ok_or_else(|| format!("`{s}` is not an attribute (@name) or text()"))
}

fn literal(s: &str) -> Result<String, String> {
    let q = s.chars().next().filter(|c| *c == '\'' || *c == '"');
    match q {
        Some(q) if s.len() >= 2 && s.ends_with(q) => Ok(s[1..s.len() - 1].to_string()),
        _ => Err(format!("`{s}` is not a quoted string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpsim_wxml::program::AttrKey;
    use serde_json::json;
    use std::rc::Rc;

    fn node(id: NodeId, tag: &str, attrs: &[(&str, &str)], children: Vec<Composed>) -> Composed {
        Composed {
            id,
            tag: tag.into(),
            attrs: Rc::new(
                attrs
                    .iter()
                    .map(|(k, v)| (AttrKey::Attr((*k).into()), json!(v)))
                    .collect(),
            ),
            text: None,
            scope: 0,
            host_of: None,
            children: children.into_iter().map(Rc::new).collect(),
        }
    }

    fn text(id: NodeId, t: &str) -> Composed {
        Composed {
            text: Some(t.into()),
            ..node(id, "", &[], vec![])
        }
    }

    fn page() -> Composed {
        node(
            1,
            "page",
            &[],
            vec![
                node(
                    2,
                    "view",
                    &[("class", "list")],
                    vec![
                        node(3, "view", &[("class", "item a")], vec![text(4, "Tea")]),
                        node(5, "view", &[("class", "item b")], vec![text(6, "Cake")]),
                    ],
                ),
                node(7, "button", &[("id", "buy")], vec![text(8, "Buy")]),
            ],
        )
    }

    #[test]
    fn paths_select_by_tag_depth_position_attribute_and_text() {
        let p = page();
        assert_eq!(select(&p, "/page/view").unwrap(), vec![2]);
        assert_eq!(select(&p, "//view").unwrap(), vec![2, 3, 5]);
        assert_eq!(
            select(&p, "//view[@class='list']/view[2]").unwrap(),
            vec![5]
        );
        assert_eq!(
            select(&p, "//*[contains(@class,'item')]").unwrap(),
            vec![3, 5]
        );
        assert_eq!(select(&p, "//view[text()='Tea']").unwrap(), vec![3]);
        assert_eq!(
            select(&p, "//button[@id and contains(text(), 'Bu')]").unwrap(),
            vec![7]
        );
        assert_eq!(
            select(&p, "//view[starts-with(@class,'item b')]").unwrap(),
            vec![5]
        );
        assert!(select(&p, "//text").unwrap().is_empty());
    }

    #[test]
    fn a_malformed_path_says_what_is_wrong() {
        let p = page();
        assert!(
            select(&p, "//view[@class='x'")
                .unwrap_err()
                .contains("closing ]")
        );
        assert!(select(&p, "").unwrap_err().contains("empty"));
        assert!(
            select(&p, "//view[@class=x]")
                .unwrap_err()
                .contains("quoted")
        );
    }
}
