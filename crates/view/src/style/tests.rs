use super::*;
use mpsim_wxml::program::AttrKey;
use serde_json::Value;

#[test]
fn the_default_stylesheets_compile_cleanly() {
    for text in [
        UA_TEXT,
        SKYLINE_TEXT,
        SKYLINE_FLEX_TEXT,
        SKYLINE_BORDER_BOX_TEXT,
    ] {
        let vfs = mpsim_base::MemVfs::new().with("ua.wxss", text);
        let mut diags = Vec::new();
        let sheet = mpsim_wxss::compile_file(&vfs, "ua.wxss", "wxss", false, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(!sheet.rules.is_empty());
    }
}

/// Under Skyline a view is a `position: relative` flex box and `border-box` unless
/// `rendererOptions.skyline` turns the first two back; its text stays inline; app styles win.
#[test]
fn skyline_pages_have_skyline_defaults() {
    let styles = styles(".block { display: block }");
    let tree = el(
        0,
        "",
        vec![el(1, "", vec![text(2, "t")]), el(3, "block", vec![])],
    );
    let styled = |skyline| {
        let media = Media { skyline, ..MEDIA };
        let computed = compute_page_styles(&tree, "p/i", &styles, &|_| None, media);
        let get = |id: NodeId, name: &str| {
            computed
                .get(&id)
                .and_then(|s| s.get(name).cloned())
                .unwrap_or_default()
        };
        (
            get(1, "display"),
            get(1, "box-sizing"),
            get(1, "position"),
            get(3, "display"),
            get(0, "display"),
        )
    };
    let sky = |block, content| {
        Some(Skyline {
            default_display_block: block,
            default_content_box: content,
        })
    };
    let own = |d: &str, b: &str, p: &str| {
        (
            d.to_string(),
            b.to_string(),
            p.to_string(),
            "block".to_string(),
            "block".to_string(),
        )
    };
    assert_eq!(
        styled(sky(false, false)),
        own("flex", "border-box", "relative")
    );
    assert_eq!(
        styled(sky(true, false)),
        own("block", "border-box", "relative")
    );
    assert_eq!(styled(sky(false, true)), own("flex", "", "relative"));
    assert_eq!(styled(None), own("block", "", ""));
}

fn el(id: NodeId, class: &str, children: Vec<Rc<Composed>>) -> Rc<Composed> {
    Rc::new(Composed {
        id,
        tag: if id == 0 { "page" } else { "view" }.into(),
        attrs: Rc::new(vec![(
            AttrKey::Attr("class".into()),
            Value::String(class.into()),
        )]),
        text: None,
        scope: 0,
        host_of: None,
        children,
    })
}

fn text(id: NodeId, t: &str) -> Rc<Composed> {
    Rc::new(Composed {
        id,
        tag: String::new(),
        attrs: Default::default(),
        text: Some(t.into()),
        scope: 0,
        host_of: None,
        children: Vec::new(),
    })
}

fn styles(wxss: &str) -> Styles {
    let vfs = mpsim_base::MemVfs::new().with("app.wxss", wxss);
    let mut diags = Vec::new();
    let sheet = mpsim_wxss::compile_file(&vfs, "app.wxss", "wxss", false, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    Styles {
        app: Some(Arc::new(sheet)),
        ..Default::default()
    }
}

/// A page holding a list of `n` items, item `i` with node id 10 + 2i and its text 11 + 2i;
/// `class_of` gives each item's class.
fn page(list_class: &str, items: &[Rc<Composed>]) -> Rc<Composed> {
    el(0, "", vec![el(1, list_class, items.to_vec())])
}

fn item(i: NodeId, class: &str) -> Rc<Composed> {
    el(
        10 + 2 * i,
        class,
        vec![text(11 + 2 * i, &format!("Item {i}"))],
    )
}

fn items(n: NodeId) -> Vec<Rc<Composed>> {
    (0..n).map(|i| item(i, "item")).collect()
}

const SCREEN: Screen = Screen {
    width: 375.0,
    height: 603.0,
    dpr: 2.0,
    ios: false,
    safe_top: 0.0,
    safe_bottom: 0.0,
};

const MEDIA: Media = Media {
    screen: SCREEN,
    skyline: None,
};

fn restyle(styler: &mut Styler, styles: &Styles, page: &Rc<Composed>, gone: &[NodeId]) {
    styler.style(page, "p/i", styles, &|_| None, MEDIA, gone);
    // Whatever was kept, the styles are those a fresh computation gives.
    let fresh = compute_page_styles(page, "p/i", styles, &|_| None, MEDIA);
    assert_eq!(styler.styles.len(), fresh.len());
    for (id, s) in &fresh {
        assert_eq!(styler.styles.get(id), Some(s), "node {id}");
    }
}

fn color(styler: &Styler, id: NodeId) -> Option<&str> {
    styler.styles.get(&id)?.get("color").map(String::as_str)
}

#[test]
fn one_changed_item_restyles_the_path_to_it_and_nothing_else() {
    let styles = styles(".item { color: red } .on { color: blue }");
    let mut list = items(100);
    let mut styler = Styler::default();
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    assert_eq!(styler.restyled(), 202);
    list[5] = item(5, "item on");
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    // The page, the list, the item and its text.
    assert_eq!(styler.restyled(), 4);
    assert_eq!(color(&styler, 20), Some("#00f"));
    assert_eq!(color(&styler, 21), Some("#00f"), "the text inherits");
    assert_eq!(color(&styler, 22), Some("red"));
    // Items computed from the same parent style, rules and inline style share one.
    assert!(Arc::ptr_eq(&styler.styles[&22], &styler.styles[&24]));
    assert!(Arc::ptr_eq(&styler.styles[&23], &styler.styles[&25]));
}

#[test]
fn an_ancestor_that_changes_class_rematches_its_subtree() {
    let styles = styles(".item { color: red } .dark .item { color: white }");
    let list = items(10);
    let mut styler = Styler::default();
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    restyle(&mut styler, &styles, &page("list dark", &list), &[]);
    assert_eq!(color(&styler, 10), Some("#fff"));
    assert_eq!(styler.restyled(), 22);
}

#[test]
fn sibling_selectors_restyle_the_siblings_of_an_inserted_node() {
    let styles = styles(".item:first-child { color: green } .item + .item { color: gray }");
    let mut list = items(5);
    let mut styler = Styler::default();
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    assert_eq!(color(&styler, 10), Some("green"));
    list.insert(0, item(50, "item"));
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    assert_eq!(color(&styler, 110), Some("green"));
    assert_eq!(color(&styler, 10), Some("gray"));
}

#[test]
fn text_nodes_are_not_siblings_for_selectors() {
    let styles = styles(".item:first-child { color: green } .item + .item { color: gray }");
    let list = vec![
        text(2, "before"),
        item(0, "item"),
        text(3, " "),
        item(1, "item"),
    ];
    let mut styler = Styler::default();
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    assert_eq!(color(&styler, 10), Some("green"));
    assert_eq!(color(&styler, 12), Some("gray"));
}

#[test]
fn removed_nodes_leave_the_styles() {
    let styles = styles(".item { color: red }");
    let mut list = items(3);
    let mut styler = Styler::default();
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    list.remove(1);
    restyle(&mut styler, &styles, &page("list", &list), &[12, 13]);
    assert!(!styler.styles.contains_key(&12));
}

#[test]
fn a_parent_style_change_cascades_to_children_it_did_not_rematch() {
    let styles = styles(".big { font-size: 30px }");
    let list = items(3);
    let mut styler = Styler::default();
    restyle(&mut styler, &styles, &page("list", &list), &[]);
    restyle(&mut styler, &styles, &page("list big", &list), &[]);
    let size = |id| {
        styler
            .styles
            .get(&id)
            .and_then(|s| s.get("font-size"))
            .cloned()
    };
    assert_eq!(size(11), Some("30px".into()));
}
