use super::*;
use mpsim_wxml::program::AttrKey;
use serde_json::json;

const VP: Viewport = Viewport {
    width: 375.0,
    height: 603.0,
};

fn view(id: NodeId, children: Vec<Composed>) -> Composed {
    Composed {
        id,
        tag: "view".into(),
        attrs: Vec::new(),
        text: None,
        scope: 0,
        host_of: None,
        children: children.into_iter().map(std::rc::Rc::new).collect(),
    }
}

fn text(id: NodeId, t: &str) -> Composed {
    Composed {
        id,
        tag: String::new(),
        attrs: Vec::new(),
        text: Some(t.into()),
        scope: 0,
        host_of: None,
        children: Vec::new(),
    }
}

fn lines_of(b: &LBox) -> Vec<Vec<char>> {
    if !b.lines.is_empty() {
        return b
            .lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
            .collect();
    }
    b.children.iter().flat_map(lines_of).collect()
}

#[test]
fn line_clamp_and_ellipsis_cut_text() {
    let page = view(1, vec![view(2, vec![text(3, &"word ".repeat(40))])]);
    let mut styles = HashMap::new();
    let mut s = ComputedStyle::new();
    s.insert("width".into(), "100px".into());
    s.insert("-webkit-line-clamp".into(), "2".into());
    styles.insert(2, Arc::new(s));
    let b = layout_page(&page, &styles, VP).unwrap();
    let lines = lines_of(&b);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].last(), Some(&'…'));

    let mut one = ComputedStyle::new();
    one.insert("width".into(), "100px".into());
    one.insert("white-space".into(), "nowrap".into());
    one.insert("text-overflow".into(), "ellipsis".into());
    styles.insert(2, Arc::new(one));
    let b = layout_page(&page, &styles, VP).unwrap();
    let lines = lines_of(&b);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].last(), Some(&'…'));
}

#[test]
fn inputs_show_their_value_or_placeholder() {
    let mut input = view(2, Vec::new());
    input.tag = "input".into();
    input.attrs = vec![(AttrKey::Attr("placeholder".into()), json!("Search"))];
    let page = view(1, vec![input]);
    let b = layout_page(&page, &HashMap::new(), VP).unwrap();
    assert_eq!(lines_of(&b), vec!["Search".chars().collect::<Vec<_>>()]);
}
