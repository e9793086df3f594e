use super::*;
use mpsim_wxml::program::AttrKey;
use serde_json::json;
use std::collections::HashMap;

const VP: Viewport = Viewport {
    width: 375.0,
    height: 603.0,
    rules: Rules::WebView,
};

fn view(id: NodeId, children: Vec<Composed>) -> Composed {
    Composed {
        id,
        tag: "view".into(),
        attrs: Default::default(),
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
        attrs: Default::default(),
        text: Some(t.into()),
        scope: 0,
        host_of: None,
        children: Vec::new(),
    }
}

/// A computed style of these declarations.
fn style(pairs: &[(&str, &str)]) -> Arc<ComputedStyle> {
    let mut s = ComputedStyle::new();
    for (k, v) in pairs {
        s.insert((*k).into(), (*v).into());
    }
    Arc::new(s)
}

fn lines_of(b: &LBox) -> Vec<Vec<char>> {
    if !b.lines.is_empty() {
        return b
            .lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
            .collect();
    }
    b.children.iter().flat_map(|c| lines_of(c)).collect()
}

#[test]
fn line_clamp_and_ellipsis_cut_text() {
    let page = view(1, vec![view(2, vec![text(3, &"word ".repeat(40))])]);
    let mut styles = HashMap::new();
    let mut s = ComputedStyle::new();
    s.insert("width".into(), "100px".into());
    s.insert("-webkit-line-clamp".into(), "2".into());
    styles.insert(2, Arc::new(s));
    let b = layout_page(&Rc::new(page.clone()), &styles, VP).unwrap();
    let lines = lines_of(&b);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].last(), Some(&'…'));

    let mut one = ComputedStyle::new();
    one.insert("width".into(), "100px".into());
    one.insert("white-space".into(), "nowrap".into());
    one.insert("text-overflow".into(), "ellipsis".into());
    styles.insert(2, Arc::new(one));
    let b = layout_page(&Rc::new(page.clone()), &styles, VP).unwrap();
    let lines = lines_of(&b);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].last(), Some(&'…'));
}

#[test]
fn inputs_show_their_value_or_placeholder() {
    let mut input = view(2, Vec::new());
    input.tag = "input".into();
    input.attrs = Rc::new(vec![(AttrKey::Attr("placeholder".into()), json!("Search"))]);
    let page = view(1, vec![input]);
    let b = layout_page(&Rc::new(page.clone()), &HashMap::new(), VP).unwrap();
    assert_eq!(lines_of(&b), vec!["Search".chars().collect::<Vec<_>>()]);
}

/// Every box's place and size, in tree order.
fn geometry(b: &LBox, out: &mut Vec<(NodeId, [f32; 4], usize)>) {
    out.push((b.id, [b.x, b.y, b.w, b.h], b.lines.len()));
    for c in &b.children {
        geometry(c, out);
    }
}

fn list_page(items: &[Rc<Composed>]) -> Rc<Composed> {
    let mut list = view(1, Vec::new());
    list.children = items.to_vec();
    let mut page = view(0, Vec::new());
    page.children = vec![Rc::new(list)];
    Rc::new(page)
}

fn item(i: NodeId, label: &str) -> Rc<Composed> {
    Rc::new(view(10 + 2 * i, vec![text(11 + 2 * i, label)]))
}

#[test]
fn a_kept_layout_reuses_unchanged_items_and_moves_those_below_a_taller_one() {
    let mut items: Vec<Rc<Composed>> = (0..50).map(|i| item(i, &format!("Item {i}"))).collect();
    let styles = PageStyles::new();
    let mut layouter = Layouter::new(text::Metrics::Font);
    layouter
        .layout(&list_page(&items), &styles, VP, None, &NoImages)
        .unwrap();
    // Item 3 gets longer text: two lines, so every item after it moves down.
    items[3] = item(3, &"long words ".repeat(12));
    let page = list_page(&items);
    let changed: NodeSet = [0, 1, 16].into_iter().collect();
    let kept = (layouter.layout(&page, &styles, VP, Some(&changed), &NoImages)).unwrap();
    assert_eq!(layouter.reused(), 49, "every other item is reused");
    let fresh = layout_page(&page, &styles, VP).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    geometry(&kept, &mut a);
    geometry(&fresh, &mut b);
    assert_eq!(a, b);
    assert!(a.iter().any(|(id, _, lines)| *id == 17 && *lines > 1));
}

fn para(text: &str) -> Para {
    Para {
        runs: vec![Run {
            text: text.into(),
            size: 16.0,
            color: [0, 0, 0, 255],
            bold: false,
            letter_spacing: 0.0,
            deco: None,
        }],
        line_height: None,
        nowrap: false,
        indent: 0.0,
        clamp: None,
        ellipsis: false,
        laid: Default::default(),
        inline: Default::default(),
        atoms: Vec::new(),
    }
}

#[test]
fn a_paragraph_breaks_its_lines_once_per_width() {
    let m = text::Metrics::Font;
    let short = para("one line");
    let unbounded = short.lines(None, m);
    // One unbroken line that fits any wider box is that box's lines too.
    assert!(Arc::ptr_eq(&unbounded, &short.lines(Some(300.0), m)));
    assert!(Arc::ptr_eq(&unbounded, &short.lines(Some(301.5), m)));
    let long = para(&"word ".repeat(30));
    let narrow = long.lines(Some(100.0), m);
    assert!(narrow.len() > 1);
    assert!(Arc::ptr_eq(&narrow, &long.lines(Some(100.0), m)));
    // A wider box breaks differently: laid out anew, and the same as a fresh paragraph.
    let wide = long.lines(Some(200.0), m);
    assert!(wide.len() < narrow.len());
    assert_eq!(*wide, *para(&"word ".repeat(30)).lines(Some(200.0), m));
}

/// Inline-blocks of different heights on one line: they stand on the baseline unless
/// `vertical-align` says top or middle; `order` moves a flex item without moving it in the document.
#[test]
fn vertical_align_and_order_place_boxes() {
    let block = |h: &str, va: &str| {
        style(&[
            ("display", "inline-block"),
            ("width", "20px"),
            ("height", h),
            ("vertical-align", va),
        ])
    };
    let page = view(
        1,
        vec![view(
            2,
            vec![
                view(3, vec![]),
                view(4, vec![]),
                view(5, vec![]),
                view(6, vec![]),
                view(7, vec![]),
            ],
        )],
    );
    let mut styles = HashMap::new();
    styles.insert(
        3,
        style(&[
            ("display", "inline-block"),
            ("width", "20px"),
            ("height", "60px"),
        ]),
    );
    styles.insert(4, block("20px", "baseline"));
    styles.insert(5, block("20px", "top"));
    styles.insert(6, block("20px", "middle"));
    styles.insert(7, block("20px", "5px"));
    let b = layout_page(&Rc::new(page), &styles, VP).expect("a layout");
    let row = &b.children[0];
    let tops: Vec<f32> = row.children.iter().map(|c| c.y - row.y).collect();
    // The line keeps the strut's descent below the baseline the boxes stand on.
    assert!(row.h > 60.0 && row.h < 66.0, "{}", row.h);
    assert_eq!(tops[..3], [0.0, 40.0, 0.0]);
    assert_eq!(tops[4], 35.0, "raised 5px above the baseline");
    assert!((tops[3] - (row.h - 20.0) / 2.0).abs() <= 1.0, "{tops:?}");

    let flex = view(1, vec![view(2, vec![view(3, vec![]), view(4, vec![])])]);
    let mut styles = HashMap::new();
    styles.insert(2, style(&[("display", "flex")]));
    styles.insert(
        3,
        style(&[("width", "10px"), ("height", "10px"), ("order", "2")]),
    );
    styles.insert(4, style(&[("width", "30px"), ("height", "10px")]));
    let b = layout_page(&Rc::new(flex), &styles, VP).expect("a layout");
    let row = &b.children[0];
    let placed: Vec<(NodeId, f32)> = row.children.iter().map(|c| (c.id, c.x - row.x)).collect();
    assert_eq!(placed, [(4, 0.0), (3, 30.0)]);
}

/// A label and a taller, padded field in a flex row with `align-items: baseline`: their
/// first lines of text share a baseline.
#[test]
fn baseline_alignment_lines_up_text_across_items() {
    let page = view(
        1,
        vec![view(
            2,
            vec![
                view(3, vec![text(4, "Name")]),
                view(5, vec![text(6, "Field")]),
            ],
        )],
    );
    let mut styles = HashMap::new();
    styles.insert(
        2,
        style(&[("display", "flex"), ("align-items", "baseline")]),
    );
    styles.insert(3, style(&[("font-size", "14px")]));
    styles.insert(
        5,
        style(&[
            ("font-size", "20px"),
            ("padding", "10px 8px"),
            ("border", "1px solid #ccc"),
        ]),
    );
    let b = layout_page(&Rc::new(page), &styles, VP).expect("a layout");
    fn baseline(b: &LBox) -> Option<f32> {
        if let Some(l) = b.lines.first() {
            return Some(b.y + l.baseline);
        }
        b.children.iter().find_map(|c| baseline(c))
    }
    let row = &b.children[0];
    let (label, field) = (&row.children[0], &row.children[1]);
    let (a, f) = (
        baseline(label).expect("text"),
        baseline(field).expect("text"),
    );
    assert!(
        (a - f).abs() <= 1.0,
        "label baseline {a}, field baseline {f}"
    );
    assert!(
        label.y > field.y,
        "the label moved down to the field's text"
    );
}

/// Source line breaks and indentation in a view's text are one space, as in a WebView; a
/// `<text>` keeps its line breaks; `white-space: pre-wrap` keeps everything.
#[test]
fn white_space_collapses_as_the_phone_shows_it() {
    let page = view(
        1,
        vec![
            view(2, vec![text(3, "\n  Hello\n  world,   spaced\n")]),
            view(4, vec![text(5, "keep   these\nbreaks")]),
            Composed {
                tag: "text".into(),
                ..view(6, vec![text(7, "line one  \n  line two")])
            },
        ],
    );
    let mut styles = HashMap::new();
    let mut pre = ComputedStyle::new();
    pre.insert("white-space".into(), "pre-wrap".into());
    styles.insert(4, Arc::new(pre));
    let b = layout_page(&Rc::new(page), &styles, VP).expect("a layout");
    let shown = |i: usize| -> Vec<String> {
        lines_of(&b.children[i])
            .into_iter()
            .map(|l| l.into_iter().collect())
            .collect()
    };
    assert_eq!(shown(0), ["Hello world, spaced "]);
    assert_eq!(shown(1), ["keep   these", "breaks"]);
    assert_eq!(shown(2), ["line one", "line two"]);
}

/// `word-break: break-all` splits a word where the line ends instead of moving it whole.
#[test]
fn break_all_splits_words_at_the_line_end() {
    let page = view(1, vec![view(2, vec![text(3, "aaaa bbbbbbbbbbbbbbbbbbbb")])]);
    let mut styles = HashMap::new();
    let mut s = ComputedStyle::new();
    s.insert("width".into(), "100px".into());
    s.insert("word-break".into(), "break-all".into());
    styles.insert(2, Arc::new(s));
    let b = layout_page(&Rc::new(page), &styles, VP).expect("a layout");
    let lines = lines_of(&b);
    assert!(
        lines[0].len() > 5,
        "the long word starts on the first line: {lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains(&'\u{200b}')));
}

/// `padding-top: 56.25%` gives a 16:9 box: percentages of padding are of the containing
/// block's width on every side, also when the box is narrower than its container, and they
/// follow the container when it changes.
#[test]
fn percentage_padding_is_of_the_containing_blocks_width() {
    let page = view(1, vec![view(2, vec![view(3, vec![])])]);
    let mut styles = HashMap::new();
    styles.insert(2, style(&[("width", "160px"), ("padding", "0 10px")]));
    styles.insert(3, style(&[("width", "50%"), ("padding-top", "56.25%")]));
    let mut layouter = Layouter::new(text::Metrics::Squares);
    let page = Rc::new(page);
    let b = (layouter.layout(&page, &styles, VP, None, &NoImages)).expect("a layout");
    let banner = &b.children[0].children[0];
    assert_eq!((banner.w, banner.h), (80.0, 90.0));
    // The container narrows: the kept box's padding is resolved again.
    styles.insert(2, style(&[("width", "80px"), ("padding", "0 10px")]));
    let changed: NodeSet = [1, 2].into_iter().collect();
    let b = (layouter.layout(&page, &styles, VP, Some(&changed), &NoImages)).expect("a layout");
    let banner = &b.children[0].children[0];
    assert_eq!((banner.w, banner.h), (40.0, 45.0));
}

/// An inline-block beside blocks keeps its own width and sits on a line of its own, placed
/// by `text-align`, with its auto margins at zero; the line draws nothing of the block.
#[test]
fn inline_blocks_beside_blocks_go_on_anonymous_lines() {
    let page = view(1, vec![view(2, vec![view(3, vec![]), view(4, vec![])])]);
    let mut styles = HashMap::new();
    styles.insert(
        2,
        style(&[
            ("width", "300px"),
            ("text-align", "center"),
            ("background", "red"),
        ]),
    );
    styles.insert(
        3,
        style(&[
            ("display", "inline-block"),
            ("width", "100px"),
            ("height", "30px"),
            ("margin", "0 auto"),
        ]),
    );
    styles.insert(4, style(&[("height", "20px")]));
    let b =
        layout_page_with(&Rc::new(page), &styles, VP, text::Metrics::Squares).expect("a layout");
    let block = &b.children[0];
    let line = &block.children[0];
    assert_eq!((line.tag.as_str(), line.id), ("#line", 2));
    assert!(line.style.get("background").is_none());
    let chip = &line.children[0];
    assert_eq!((chip.id, chip.x, chip.w), (3, 100.0, 100.0));
    // The block after it starts below the line.
    let after = &block.children[1];
    assert_eq!(after.id, 4);
    assert!(
        after.y >= chip.y + chip.h,
        "{} {}",
        after.y,
        chip.y + chip.h
    );
}

/// A `<text>` around a view: the inline's vertical margins take no room.
#[test]
fn an_inline_around_a_block_keeps_no_vertical_margins() {
    let page = view(1, vec![view(2, vec![view(3, vec![])]), view(4, vec![])]);
    let mut styles = HashMap::new();
    styles.insert(
        2,
        style(&[("display", "inline"), ("margin-bottom", "200px")]),
    );
    styles.insert(3, style(&[("height", "100px")]));
    styles.insert(4, style(&[("height", "10px")]));
    let b =
        layout_page_with(&Rc::new(page), &styles, VP, text::Metrics::Squares).expect("a layout");
    let after = b
        .children
        .iter()
        .find(|c| c.id == 4)
        .expect("the block after");
    assert_eq!(after.y, 100.0);
}

/// An inline element's box is its glyphs' content area on every line it has, united, with
/// its own padding; an element around another spans both.
#[test]
fn inline_elements_have_the_box_of_their_glyphs() {
    let mut p = para("ab");
    p.runs.push(Run {
        text: "cd ef".into(),
        ..p.runs[0].clone()
    });
    let padded = Arc::new(text::Deco {
        background: None,
        border: None,
        radius: 0.0,
        padding: [1.0, 2.0, 3.0, 4.0],
        margin: [0.0, 0.0],
    });
    p.inline = InlineElements {
        elements: vec![(7, None), (8, Some(padded))],
        owners: vec![Arc::new([7]), Arc::new([7, 8])],
    };
    let m = text::Metrics::Squares;
    // 16 px squares in two lines: "abcd " (its space hangs) and "ef".
    let lines = p.lines(Some(100.0), m);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let boxes = p.inline_boxes(&lines, 100.0, "left", m);
    let rect = |b: &InlineBox| (b.id, b.x, b.y, b.w, b.h);
    assert_eq!(rect(&boxes[0]), (7, 0.0, 0.0, 64.0, 32.0));
    // "cd" and "ef" span x 0..64 over both lines, grown by the padding.
    assert_eq!(rect(&boxes[1]), (8, -4.0, -1.0, 70.0, 36.0));
    // Centred lines move the boxes with them.
    let centred = p.inline_boxes(&lines, 100.0, "center", m);
    assert_eq!(rect(&centred[0]), (7, 18.0, 0.0, 64.0, 32.0));
}

/// Words and inline-blocks in one paragraph wrap together, as in a browser: an icon in the
/// middle of a sentence sits on the line where the words before it end, standing on the
/// baseline, and the words after it go on beside it and wrap under it.
#[test]
fn inline_blocks_wrap_with_the_words_around_them() {
    let page = view(
        1,
        vec![view(
            2,
            vec![
                text(3, "aaaa bbbb cccc"),
                view(4, vec![]),
                text(5, " dddd eeee ffff gggg"),
            ],
        )],
    );
    let mut styles = HashMap::new();
    styles.insert(2, style(&[("width", "200px"), ("font-size", "10px")]));
    styles.insert(
        4,
        style(&[
            ("display", "inline-block"),
            ("width", "30px"),
            ("height", "20px"),
        ]),
    );
    let b =
        layout_page_with(&Rc::new(page), &styles, VP, text::Metrics::Squares).expect("a layout");
    let block = &b.children[0];
    let para = &block.children[0];
    let lines: Vec<String> = para
        .lines
        .iter()
        .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
        .collect();
    // 10 px squares: "aaaa bbbb cccc" is 140, the box 30, " dddd" 50 more: the line ends.
    assert_eq!(lines[0], format!("aaaa bbbb cccc{} ", text::OBJECT));
    assert_eq!(lines[1], "dddd eeee ffff gggg");
    let icon = block.children.iter().find(|c| c.id == 4).expect("the box");
    assert_eq!((icon.x - block.x, icon.w, icon.h), (140.0, 30.0, 20.0));
    // The first line is as tall as the box above the baseline; the box stands on it.
    let first = &para.lines[0];
    assert_eq!(first.baseline, 20.0);
    assert_eq!(icon.y - block.y, 0.0);
    assert_eq!(block.h, first.height + para.lines[1].height);
}

/// Between blocks, a stretch of words with an inline-block in it is one context too; and a
/// box kept from a frame in which it stood among words goes back into the flow when the words
/// go (the kept layout equals a fresh one).
#[test]
fn a_box_among_words_between_blocks_goes_on_their_lines_and_back() {
    let mut styles = PageStyles::new();
    styles.insert(
        5,
        style(&[
            ("display", "inline-block"),
            ("width", "30px"),
            ("height", "20px"),
        ]),
    );
    let icon = Rc::new(view(5, vec![]));
    let page = |words: bool| {
        let mut block = view(2, vec![view(3, vec![text(4, "a block")])]);
        block.children.push(icon.clone());
        if words {
            block.children.push(Rc::new(text(6, "and words after it")));
        }
        let mut page = view(1, Vec::new());
        page.children = vec![Rc::new(block)];
        Rc::new(page)
    };
    let mut layouter = Layouter::new(text::Metrics::Font);
    let first = layouter
        .layout(&page(true), &styles, VP, None, &NoImages)
        .unwrap();
    let block = &first.children[0];
    let para = block
        .children
        .iter()
        .find(|c| c.is_paragraph())
        .expect("words");
    let glyphs: String = para.lines[0].glyphs.iter().map(|g| g.ch).collect();
    assert!(glyphs.starts_with(text::OBJECT), "{glyphs}");
    let boxed = block.children.iter().find(|c| c.id == 5).expect("the box");
    assert_eq!(boxed.x, para.x, "the box starts the line");
    // The words go; the box is kept, and back in the flow.
    let changed: NodeSet = [1, 2].into_iter().collect();
    let kept = layouter
        .layout(&page(false), &styles, VP, Some(&changed), &NoImages)
        .unwrap();
    let fresh = layout_page(&page(false), &styles, VP).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    geometry(&kept, &mut a);
    geometry(&fresh, &mut b);
    assert_eq!(a, b);
}

/// `vertical-align` moves a box among words: `top` meets the line's top, `bottom` its bottom,
/// `middle` centres it on the lower-case letters, a length raises it.
#[test]
fn vertical_align_places_a_box_among_words() {
    let at = |va: &str| {
        let page = view(
            1,
            vec![view(
                2,
                vec![text(3, "ab "), view(4, vec![]), text(5, " cd")],
            )],
        );
        let mut styles = HashMap::new();
        styles.insert(2, style(&[("font-size", "20px")]));
        styles.insert(
            4,
            style(&[
                ("display", "inline-block"),
                ("width", "10px"),
                ("height", "4px"),
                ("vertical-align", va),
            ]),
        );
        let b = layout_page_with(&Rc::new(page), &styles, VP, text::Metrics::Squares)
            .expect("a layout");
        let block = &b.children[0];
        let icon = block.children.iter().find(|c| c.id == 4).expect("the box");
        (icon.y - block.y, block.h)
    };
    // 20 px squares stand on the baseline, at the bottom of their 20 px line.
    assert_eq!(at("baseline"), (16.0, 20.0));
    assert_eq!(at("top"), (0.0, 20.0));
    assert_eq!(at("bottom"), (16.0, 20.0));
    // Lowered 2 px: the line grows below the baseline to hold it.
    assert_eq!(at("-2px"), (18.0, 22.0));
    // Its middle 5 px (half the 10 px x-height) above the baseline.
    assert_eq!(at("middle"), (13.0, 20.0));
}

/// An inline-block with words of its own (a badge) lines its last baseline up with the
/// words around it, as in a browser; without words it stands on its bottom edge.
#[test]
fn a_badge_among_words_shares_their_baseline() {
    let page = view(
        1,
        vec![view(
            2,
            vec![text(3, "ab "), view(4, vec![text(5, "X")]), text(6, " cd")],
        )],
    );
    let mut styles = HashMap::new();
    styles.insert(2, style(&[("font-size", "20px")]));
    styles.insert(
        4,
        style(&[
            ("display", "inline-block"),
            ("font-size", "10px"),
            ("padding", "2px"),
        ]),
    );
    let b =
        layout_page_with(&Rc::new(page), &styles, VP, text::Metrics::Squares).expect("a layout");
    let block = &b.children[0];
    let badge = block
        .children
        .iter()
        .find(|c| c.id == 4)
        .expect("the badge");
    // 14 px tall, its baseline 12 px down: on the line's baseline 20 px down, 2 px below it.
    assert_eq!((badge.y - block.y, badge.h, block.h), (8.0, 14.0, 22.0));
}

/// Each box's `[x, y, w, h]` by id, with `body` laid out on a page under `rules`.
fn boxes_under(body: Composed, styles: &PageStyles, rules: Rules) -> HashMap<NodeId, [f32; 4]> {
    let viewport = Viewport { rules, ..VP };
    let b = layout_page(&Rc::new(view(0, vec![body])), styles, viewport).unwrap();
    let mut all = Vec::new();
    geometry(&b, &mut all);
    all.into_iter().map(|(id, g, _)| (id, g)).collect()
}

/// The two sets of layout rules differ where float-pigment (Skyline) differs from a browser
/// (the WebView), and only there.
#[test]
fn skyline_rules_lay_out_as_float_pigment_does() {
    let under = |page: &Composed, styles: &PageStyles| {
        (
            boxes_under(page.clone(), styles, Rules::WebView),
            boxes_under(page.clone(), styles, Rules::Skyline),
        )
    };
    // Implicit grid columns take their items' width; a browser stretches them.
    let grid = view(1, vec![view(2, vec![]), view(3, vec![])]);
    let styles: PageStyles = [
        (
            1,
            style(&[
                ("display", "grid"),
                ("grid-auto-flow", "column"),
                ("width", "300px"),
            ]),
        ),
        (2, style(&[("width", "50px"), ("height", "10px")])),
        (3, style(&[("width", "50px"), ("height", "10px")])),
    ]
    .into();
    let (web, sky) = under(&grid, &styles);
    assert_eq!((web[&3][0], sky[&3][0]), (150.0, 50.0));

    // `0.5fr 0.25fr` share all the space by their factors; a browser leaves a quarter.
    let fr = view(1, vec![view(2, vec![]), view(3, vec![])]);
    let styles: PageStyles = [(
        1,
        style(&[
            ("display", "grid"),
            ("width", "300px"),
            ("grid-template-columns", "0.5fr 0.25fr"),
        ]),
    )]
    .into();
    let (web, sky) = under(&fr, &styles);
    assert_eq!((web[&3][2], sky[&3][2]), (75.0, 100.0));

    // Percentage border widths are the containing block's width's; a browser has none.
    let bordered = view(1, vec![view(2, vec![])]);
    let styles: PageStyles = [
        (1, style(&[("width", "200px")])),
        (
            2,
            style(&[
                ("width", "100px"),
                ("height", "10px"),
                ("border", "10% solid red"),
            ]),
        ),
    ]
    .into();
    let (web, sky) = under(&bordered, &styles);
    assert_eq!((web[&2][2], sky[&2][2]), (100.0, 140.0));
    assert_eq!((web[&2][3], sky[&2][3]), (10.0, 50.0));

    // An inline element holding a block is as wide as the block, and its padding does not
    // move it; a browser's block-in-inline spans the container.
    let mut span = view(2, vec![view(3, vec![])]);
    span.tag = "span".into();
    let inline = view(1, vec![span]);
    let styles: PageStyles = [
        (1, style(&[("width", "200px")])),
        (2, style(&[("padding", "10px")])),
        (3, style(&[("width", "80px"), ("height", "10px")])),
    ]
    .into();
    let (web, sky) = under(&inline, &styles);
    assert_eq!((web[&2][2], sky[&2][2]), (200.0, 80.0));
    assert_eq!(sky[&3][..2], sky[&2][..2]);
}

/// In a WebView an absolute box is placed in the padding box of its nearest positioned
/// ancestor, not of its parent; one without insets stays where the flow put it. Skyline
/// places it in its parent.
#[test]
fn absolute_boxes_are_placed_in_their_containing_block() {
    let page = view(
        1,
        vec![view(
            2,
            vec![view(3, vec![view(4, vec![]), view(5, vec![])])],
        )],
    );
    let styles: PageStyles = [
        (
            1,
            style(&[
                ("position", "relative"),
                ("padding", "10px"),
                ("width", "200px"),
                ("height", "100px"),
            ]),
        ),
        (
            3,
            style(&[
                ("margin-left", "50px"),
                ("width", "100px"),
                ("height", "50px"),
            ]),
        ),
        (
            4,
            style(&[
                ("position", "absolute"),
                ("top", "0"),
                ("right", "0"),
                ("width", "20px"),
                ("height", "20px"),
            ]),
        ),
        (
            5,
            style(&[
                ("position", "absolute"),
                ("width", "20px"),
                ("height", "20px"),
            ]),
        ),
    ]
    .into();
    let web = boxes_under(page.clone(), &styles, Rules::WebView);
    assert_eq!(web[&4][..2], [200.0, 0.0]);
    assert_eq!(web[&5][..2], [60.0, 10.0]);
    let sky = boxes_under(page, &styles, Rules::Skyline);
    assert_eq!(sky[&4][..2], [140.0, 10.0]);
    assert_eq!(sky[&5][..2], [60.0, 10.0]);
}

#[test]
fn nodes_sharing_a_computed_style_share_its_conversion_but_not_across_tags() {
    let shared = style(&[
        ("width", "50%"),
        ("padding-top", "10%"),
        ("display", "flex"),
    ]);
    let mut converted = Converted::default();
    let item = view(2, Vec::new());
    let mut scroll = view(3, Vec::new());
    scroll.tag = "scroll-view".into();
    let (a, pa) = converted.of(&item, &shared, Rules::WebView);
    let (b, pb) = converted.of(&view(4, Vec::new()), &shared, Rules::WebView);
    let (c, _) = converted.of(&scroll, &shared, Rules::WebView);
    assert_eq!(a, b);
    assert_eq!(a, to_taffy(&item, &shared, Rules::WebView));
    assert_eq!(a.size.width, Dimension::percent(0.5));
    assert!(pa.is_some() && pb.is_some());
    // A scroll-view's own overflow is not the view's.
    assert_eq!(c.overflow.y, taffy::Overflow::Hidden);
    assert_eq!(a.overflow.y, taffy::Overflow::Visible);
    // A lookalike style is its own entry: entries are kept by the style they were made of.
    let lookalike = style(&[("width", "10px")]);
    let (d, _) = converted.of(&item, &lookalike, Rules::WebView);
    assert_eq!(d.size.width, Dimension::length(10.0));
    assert_eq!(converted.made.len(), 3);
}
