//! Answers to selector queries (`boundingClientRect`, `scrollOffset`, `fields`) from the
//! page's layout, the way the view layer answers them on the phone.

use crate::css;
use crate::layout::{LBox, Viewport, scroll_offset};
use crate::style::PageStyles;
use mpsim_bridge::{NodeBox, QueryAnswer, QueryRequest};
use mpsim_wxml::NodeId;
use mpsim_wxss::ComputedStyle;
use std::collections::{HashMap, HashSet};

/// Answers `req` from `layout` (the page on screen, scrolled by `page_scroll`). Nodes that are
/// not laid out answer `None`, as hidden nodes do on the phone. `own` holds the computed
/// styles of nodes without a box of their own (inline elements: their box is the paragraph's,
/// their style is not).
pub fn answer(
    layout: Option<&LBox>,
    req: &QueryRequest,
    viewport: Viewport,
    page_scroll: f32,
    own: &PageStyles,
) -> QueryAnswer {
    let wanted: HashSet<NodeId> = req.nodes.iter().copied().collect();
    let mut found = HashMap::new();
    let mut content_height = 0.0_f32;
    if let Some(root) = layout {
        content_height = root.h;
        let w = Wanted {
            nodes: &wanted,
            styles: &req.styles,
            own,
        };
        collect(root, 0.0, page_scroll, &w, &mut found);
        for fixed in root.children.iter().filter(|c| c.fixed) {
            collect(fixed, 0.0, 0.0, &w, &mut found);
        }
    }
    QueryAnswer {
        id: req.id,
        boxes: req.nodes.iter().map(|n| found.get(n).cloned()).collect(),
        viewport: NodeBox {
            left: 0.0,
            top: 0.0,
            width: viewport.width as f64,
            height: viewport.height as f64,
            scroll_left: 0.0,
            scroll_top: page_scroll as f64,
            scroll_width: viewport.width as f64,
            scroll_height: content_height.max(viewport.height) as f64,
            styles: Default::default(),
        },
    }
}

/// What a query asks for: its nodes, the style properties, and where the styles of nodes
/// without a box are.
struct Wanted<'a> {
    nodes: &'a HashSet<NodeId>,
    styles: &'a [String],
    own: &'a PageStyles,
}

/// Walks the boxes under `b`, each moved up and left by the scrolling around it (`sx`, `sy`).
fn collect(b: &LBox, sx: f32, sy: f32, w: &Wanted, out: &mut HashMap<NodeId, NodeBox>) {
    if b.is_paragraph() {
        // The inline elements of a paragraph are where their text is, in their own style.
        for i in &b.inline {
            if w.nodes.contains(&i.id) && !out.contains_key(&i.id) {
                let style = w.own.get(&i.id).unwrap_or(&b.style);
                let at = [b.x + i.x, b.y + i.y, i.w, i.h];
                let own = LBox::new(i.id, "", crate::layout::BoxKind::Element, at);
                out.insert(i.id, node_box(&own, sx, sy, w.styles, style));
            }
        }
        return;
    }
    if w.nodes.contains(&b.id) && !out.contains_key(&b.id) {
        out.insert(b.id, node_box(b, sx, sy, w.styles, &b.style));
    }
    let (own_x, own_y) = scroll_offset(b);
    for c in &b.children {
        if !c.fixed {
            collect(c, sx + own_x, sy + own_y, w, out);
        }
    }
}

fn node_box(b: &LBox, sx: f32, sy: f32, styles: &[String], style: &ComputedStyle) -> NodeBox {
    let (scroll_left, scroll_top) = scroll_offset(b);
    let (scroll_width, scroll_height) = b.scroller().map_or((b.w, b.h), |s| (s.width, s.height));
    NodeBox {
        left: (b.x - sx) as f64,
        top: (b.y - sy) as f64,
        width: b.w as f64,
        height: b.h as f64,
        scroll_left: scroll_left as f64,
        scroll_top: scroll_top as f64,
        scroll_width: scroll_width as f64,
        scroll_height: scroll_height as f64,
        styles: styles
            .iter()
            .filter_map(|k| computed(style, k).map(|v| (k.clone(), v)))
            .collect(),
    }
}

/// A property as `computedStyle` reports it: longhands read through their shorthand
/// (`background-color` from `background`, `margin-top` from `margin`), colours as `rgb()`.
fn computed(s: &ComputedStyle, name: &str) -> Option<String> {
    let is_color = matches!(name, "color" | "background-color" | "border-color");
    let raw = s.get(name).cloned().or_else(|| match name {
        "background-color" => s.get("background").cloned(),
        "border-color" => s.get("border").cloned(),
        _ => {
            let (box_name, side) = name.rsplit_once('-')?;
            let i = ["top", "right", "bottom", "left"]
                .iter()
                .position(|x| *x == side)?;
            if !matches!(box_name, "margin" | "padding") || !s.contains_key(box_name) {
                return None;
            }
            match css::sides(s, box_name, 16.0)[i] {
                css::Len::Px(p) => Some(format!("{p}px")),
                css::Len::Percent(p) => Some(format!("{}%", p * 100.0)),
                css::Len::Auto => Some("auto".into()),
            }
        }
    })?;
    if !is_color {
        return Some(raw);
    }
    Some(match css::first_color(&raw) {
        Some([r, g, b, 255]) => format!("rgb({r}, {g}, {b})"),
        Some([r, g, b, a]) => {
            let alpha = (a as f32 / 255.0 * 100.0).round() / 100.0;
            format!("rgba({r}, {g}, {b}, {alpha})")
        }
        None => raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{BoxKind, Scroller};
    use std::sync::Arc;

    fn lbox(id: NodeId, x: f32, y: f32, w: f32, h: f32, children: Vec<LBox>) -> LBox {
        let mut b = LBox::new(id, "view", BoxKind::Element, [x, y, w, h]);
        b.children = children.into_iter().map(Arc::new).collect();
        b
    }

    const VP: Viewport = Viewport {
        width: 375.0,
        height: 603.0,
        rules: crate::layout::Rules::WebView,
    };

    #[test]
    fn an_inline_element_has_the_box_of_its_text_and_its_own_style() {
        let mut para = lbox(2, 10.0, 20.0, 200.0, 20.0, Vec::new());
        para.tag = "#paragraph".into();
        para.kind = BoxKind::Paragraph;
        para.inline = vec![crate::layout::InlineBox {
            id: 3,
            x: 40.0,
            y: 2.0,
            w: 32.0,
            h: 18.0,
        }];
        Arc::make_mut(&mut para.style).insert("color".into(), "#333".into());
        let page = lbox(1, 0.0, 0.0, 375.0, 100.0, vec![para]);
        let mut own = PageStyles::default();
        let mut price = ComputedStyle::new();
        price.insert("color".into(), "#ff5000".into());
        own.insert(3, Arc::new(price));
        let req = QueryRequest {
            id: 1,
            nodes: vec![3],
            styles: vec!["color".into()],
        };
        let a = answer(Some(&page), &req, VP, 0.0, &own);
        let b = a.boxes[0].clone().expect("laid out");
        assert_eq!((b.left, b.top, b.width, b.height), (50.0, 22.0, 32.0, 18.0));
        assert_eq!(
            b.styles.get("color").map(String::as_str),
            Some("rgb(255, 80, 0)")
        );
    }

    #[test]
    fn rects_follow_page_and_scroll_view_scrolling_but_fixed_boxes_do_not() {
        let item = lbox(4, 0.0, 500.0, 100.0, 50.0, Vec::new());
        let mut scroller = lbox(3, 0.0, 100.0, 375.0, 200.0, vec![item]);
        scroller.tag = "scroll-view".into();
        scroller.kind = BoxKind::ScrollView(Scroller {
            top: Some(300.0),
            ..Default::default()
        });
        let mut bar = lbox(5, 0.0, 553.0, 375.0, 50.0, Vec::new());
        bar.fixed = true;
        let style = Arc::make_mut(&mut bar.style);
        style.insert("color".into(), "red".into());
        style.insert("background".into(), "#07c160 url(x.png)".into());
        style.insert("margin".into(), "1px 2px".into());
        let page = lbox(1, 0.0, 0.0, 375.0, 1000.0, vec![scroller, bar]);
        let req = QueryRequest {
            id: 7,
            nodes: vec![3, 4, 5, 99],
            styles: vec![
                "color".into(),
                "background-color".into(),
                "margin-left".into(),
                "padding-top".into(),
            ],
        };
        let a = answer(Some(&page), &req, VP, 40.0, &PageStyles::default());
        assert_eq!(a.id, 7);
        let b = |i: usize| a.boxes[i].clone().expect("laid out");
        assert_eq!((b(0).top, b(0).scroll_top), (60.0, 300.0));
        assert_eq!(b(1).top, 500.0 - 300.0 - 40.0);
        assert_eq!(b(2).top, 553.0);
        let style = |k: &str| b(2).styles.get(k).cloned();
        assert_eq!(style("color").as_deref(), Some("rgb(255, 0, 0)"));
        assert_eq!(
            style("background-color").as_deref(),
            Some("rgb(7, 193, 96)")
        );
        assert_eq!(style("margin-left").as_deref(), Some("2px"));
        assert_eq!(style("padding-top"), None);
        assert_eq!(a.boxes[3], None);
        assert_eq!(
            (a.viewport.scroll_top, a.viewport.scroll_height),
            (40.0, 1000.0)
        );
    }
}
