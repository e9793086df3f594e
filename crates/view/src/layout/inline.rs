//! Inline formatting: which content is a run of text, the runs it holds, and how lines are
//! cut and ellipsised.

use super::*;
use std::cell::RefCell;

#[derive(Debug, Clone)]
pub(super) struct Para {
    pub(super) runs: Vec<Run>,
    pub(super) line_height: Option<f32>,
    pub(super) nowrap: bool,
    /// `text-indent` of the first line, px.
    pub(super) indent: f32,
    /// `-webkit-line-clamp`: at most this many lines.
    pub(super) clamp: Option<usize>,
    /// `text-overflow: ellipsis`: a cut line ends with "…".
    pub(super) ellipsis: bool,
    /// Lines already broken, by the width they were broken at (layout measures a paragraph
    /// several times, then reads it once more).
    pub(super) laid: RefCell<Vec<Laid>>,
    /// The inline elements whose text the runs are.
    pub(super) inline: InlineElements,
    /// The inline-level boxes on the lines, each standing in for one run.
    pub(super) atoms: Vec<AtomBox>,
}

/// Inline content gathered for a paragraph, not yet built: its runs, the inline elements they
/// belong to, and the inline-level boxes among them.
#[derive(Default)]
pub(super) struct Pending {
    /// The node the paragraph is labelled with: the first inline node, or the block.
    pub(super) id: NodeId,
    pub(super) runs: Vec<Run>,
    pub(super) inline: InlineElements,
    pub(super) atoms: Vec<AtomBox>,
}

/// An inline-level box (an inline-block, an image) on a paragraph's lines: its taffy node
/// (laid out on its own, then put where the lines place it) and its size there.
#[derive(Debug, Clone)]
pub(super) struct AtomBox {
    /// The run that stands for it (one [`text::OBJECT`]).
    pub(super) run: usize,
    pub(super) node: taffy::NodeId,
    /// Its margin box on the line; set before the paragraph is measured.
    pub(super) size: text::Atom,
    /// Its left and top margins: where its border box starts inside the margin box.
    pub(super) margin: (f32, f32),
}

/// The inline elements (`<text>`, `<span>`...) of a paragraph, which have no box in the
/// layout tree: which runs each holds, so that their boxes can be read off the lines.
#[derive(Debug, Clone, Default)]
pub(super) struct InlineElements {
    /// The elements in document order (an element before those inside it), each with the
    /// box it draws (padding, border), if any.
    pub(super) elements: Vec<(NodeId, Option<Arc<text::Deco>>)>,
    /// For each run, the elements around it, outermost first.
    pub(super) owners: Vec<Arc<[NodeId]>>,
}

/// Lines, and the width they were broken at (`None`: as wide as they like).
pub(super) type Laid = (Option<f32>, Arc<Vec<Line>>);

/// How many widths a paragraph remembers its lines for.
const LAID_WIDTHS: usize = 2;

impl Para {
    /// The lines (before any clamp) broken to fit `max`, laid out once per width.
    pub(super) fn lines(&self, max: Option<f32>, metrics: text::Metrics) -> Arc<Vec<Line>> {
        let mut laid = self.laid.borrow_mut();
        if let Some((_, lines)) = laid.iter().find(|(w, _)| *w == max) {
            return lines.clone();
        }
        // Breaking is greedy: lines broken at a wider measure that all fit in `max` are the
        // lines `max` gives, and so is one unbroken line that fits.
        if let Some(m) = max
            && let Some((_, lines)) = laid.iter().find(|(w, lines)| {
                let fit = lines.iter().all(|l| l.width <= m);
                fit && (w.is_none_or(|w| w >= m) || lines.len() == 1)
            })
        {
            return lines.clone();
        }
        let mut atoms = vec![
            None;
            if self.atoms.is_empty() {
                0
            } else {
                self.runs.len()
            }
        ];
        for a in &self.atoms {
            if let Some(slot) = atoms.get_mut(a.run) {
                *slot = Some(a.size);
            }
        }
        let lines = Arc::new(text::lay_out_atoms(
            &self.runs,
            &atoms,
            max,
            self.line_height,
            self.nowrap,
            self.indent,
            metrics,
        ));
        if laid.len() >= LAID_WIDTHS {
            laid.remove(0);
        }
        laid.push((max, lines.clone()));
        lines
    }

    /// The lines as shown in a box `width` wide: clamped and ellipsised when asked.
    pub(super) fn shown(&self, width: f32, metrics: text::Metrics) -> Arc<Vec<Line>> {
        let lines = self.lines(Some(width.max(1.0) + 0.5), metrics);
        if self.clamp.is_none() && !self.ellipsis {
            return lines;
        }
        Arc::new(clamp_lines(lines.as_ref().clone(), self, width))
    }
}

impl Para {
    /// Where each inline-level box goes in the paragraph laid out as `lines` in a box `width`
    /// wide (relative to that box): its node and its border box's top-left corner.
    pub(super) fn atom_places(
        &self,
        lines: &[Line],
        width: f32,
        align: &str,
    ) -> Vec<(taffy::NodeId, f32, f32)> {
        let mut out = Vec::new();
        if self.atoms.is_empty() {
            return out;
        }
        let mut top = 0.0;
        for line in lines {
            let offset = text::line_offset(align, width, line.width);
            for g in line.glyphs.iter().filter(|g| g.ch == text::OBJECT) {
                if let Some(a) = self.atoms.iter().find(|a| a.run == g.run as usize) {
                    let x = offset + g.x + a.margin.0;
                    let y = top + line.baseline - a.size.ascent + a.margin.1;
                    out.push((a.node, x, y));
                }
            }
            top += line.height;
        }
        out
    }

    /// Each inline element's box in the paragraph laid out as `lines` in a box `width` wide
    /// (relative to that box): the content area of its glyphs on every line, united, grown
    /// by its own padding and border, as `getBoundingClientRect` measures an inline element.
    /// An element without text is an empty box where the paragraph starts.
    pub(super) fn inline_boxes(
        &self,
        lines: &[Line],
        width: f32,
        align: &str,
        metrics: text::Metrics,
    ) -> Vec<InlineBox> {
        let elements = &self.inline.elements;
        if elements.is_empty() {
            return Vec::new();
        }
        let index: std::collections::HashMap<NodeId, usize> = elements
            .iter()
            .enumerate()
            .map(|(k, (id, _))| (*id, k))
            .collect();
        let mut rects: Vec<Option<[f32; 4]>> = vec![None; elements.len()];
        let mut top = 0.0;
        for line in lines {
            let offset = text::line_offset(align, width, line.width);
            for (i, g) in line.glyphs.iter().enumerate() {
                // A space ending a line hangs outside it.
                let hangs = g.ch == ' ' && i + 1 == line.glyphs.len() && i > 0;
                let Some(owners) = self.inline.owners.get(g.run as usize).filter(|_| !hangs) else {
                    continue;
                };
                let (ascent, descent) = text::content_area(g.size, metrics);
                let base = top + line.baseline;
                let x = offset + g.x;
                let r = [
                    x,
                    base - ascent,
                    x + text::glyph_width(g, metrics),
                    base + descent,
                ];
                for id in owners.iter() {
                    if let Some(&k) = index.get(id) {
                        let u = rects[k].get_or_insert(r);
                        *u = [
                            u[0].min(r[0]),
                            u[1].min(r[1]),
                            u[2].max(r[2]),
                            u[3].max(r[3]),
                        ];
                    }
                }
            }
            top += line.height;
        }
        elements
            .iter()
            .zip(rects)
            .map(|((id, deco), r)| {
                let [x0, y0, x1, y1] = r.unwrap_or_default();
                let (p, b) = deco.as_ref().map_or(([0.0; 4], 0.0), |d| {
                    (d.padding, d.border.map_or(0.0, |(w, _)| w))
                });
                InlineBox {
                    id: *id,
                    x: x0 - p[3] - b,
                    y: y0 - p[0] - b,
                    w: x1 - x0 + p[1] + p[3] + 2.0 * b,
                    h: y1 - y0 + p[0] + p[2] + 2.0 * b,
                }
            })
            .collect()
    }
}

/// Cuts lines to `clamp` and, when asked, ends the last visible line with an ellipsis so that
/// it fits `width`.
pub(super) fn clamp_lines(mut lines: Vec<Line>, p: &Para, width: f32) -> Vec<Line> {
    let cut = p.clamp.is_some_and(|n| lines.len() > n);
    if let Some(n) = p.clamp {
        lines.truncate(n.max(1));
    }
    let overflowing = lines.last().is_some_and(|l| l.width > width + 0.5);
    if (p.ellipsis || p.clamp.is_some())
        && (cut || overflowing)
        && let Some(last) = lines.last_mut()
    {
        let (size, color, bold, run) = last
            .glyphs
            .last()
            .map(|g| (g.size, g.color, g.bold, g.run))
            .unwrap_or((16.0, [0, 0, 0, 255], false, 0));
        let dots = text::advance('…', size, bold);
        while last.glyphs.last().is_some_and(|g| g.x + dots > width)
            || (cut && last.width + dots > width && !last.glyphs.is_empty())
        {
            last.glyphs.pop();
            last.width = last
                .glyphs
                .last()
                .map(|g| g.x + text::advance(g.ch, g.size, g.bold))
                .unwrap_or(0.0);
            if last.width + dots <= width {
                break;
            }
        }
        let x = last.width;
        last.glyphs.push(text::Placed {
            ch: '…',
            x,
            size,
            color,
            bold,
            deco: None,
            run,
        });
        last.width = x + dots;
    }
    lines
}

pub(super) const INLINE_TAGS: &[&str] = &["text", "span", "label", "b", "i", "em", "strong", "a"];

pub(super) fn font_size(s: &ComputedStyle) -> f32 {
    s.get("font-size")
        .and_then(|v| css::length(v, 16.0))
        .and_then(|l| if let Len::Px(p) = l { Some(p) } else { None })
        .unwrap_or(16.0)
}

pub(super) fn display_of(c: &Composed, s: &ComputedStyle) -> String {
    if let Some(d) = s.get("display") {
        return d.clone();
    }
    if c.text.is_some() || INLINE_TAGS.contains(&c.tag.as_str()) {
        return "inline".into();
    }
    match c.tag.as_str() {
        "image" | "icon" | "switch" | "checkbox" | "radio" => "inline-block".into(),
        _ => "block".into(),
    }
}

pub(super) fn is_hidden(c: &Composed, s: &ComputedStyle) -> bool {
    let hidden_attr = c.attrs.iter().any(|(k, v)| {
        matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == "hidden")
            && mpsim_base::js::truthy(v)
    });
    hidden_attr || s.get("display").is_some_and(|d| d == "none")
}

/// Whether a block's content is a row of inline boxes: inline-blocks (images, icons,
/// `display: inline-block` elements), maybe with text, and nothing block-level. `Some(true)`
/// when there is text among them.
pub(super) fn inline_row(c: &Composed, s: &ComputedStyle, styles: &PageStyles) -> Option<bool> {
    if c.tag == "swiper" || s.get("white-space").is_some_and(|w| w == "pre") {
        return None;
    }
    let empty = Arc::default();
    let (mut text, mut boxes) = (false, false);
    for k in &c.children {
        let ks = styles.get(&k.id).unwrap_or(&empty);
        if is_hidden(k, ks)
            || ks
                .get("position")
                .is_some_and(|p| p == "absolute" || p == "fixed")
        {
            continue;
        }
        if is_inline(k, styles) {
            text |= k.text.as_ref().is_none_or(|t| !t.trim().is_empty());
        } else if matches!(
            display_of(k, ks).as_str(),
            "inline-block" | "inline-flex" | "inline-grid"
        ) {
            boxes = true;
        } else {
            return None;
        }
    }
    boxes.then_some(text)
}

/// Whether child `i` of a block with blocks among its children stands in a stretch of inline
/// content (between blocks) that has words: an inline-level box there goes on the words'
/// lines.
pub(super) fn in_worded_stretch(children: &[&Rc<Composed>], i: usize, styles: &PageStyles) -> bool {
    let inline = |k: &&Rc<Composed>| is_inline(k, styles) || is_inline_level_box(k, styles);
    let before = children[..i].iter().rev().take_while(|k| inline(k));
    let after = children[i..].iter().take_while(|k| inline(k));
    before
        .chain(after)
        .any(|k| is_inline(k, styles) && has_words(k))
}

/// Whether inline content shows any text but white space.
fn has_words(c: &Composed) -> bool {
    c.text.as_ref().is_some_and(|t| !t.trim().is_empty()) || c.children.iter().any(|k| has_words(k))
}

/// An inline-block, inline-flex or inline-grid in the flow: a box that sits on a line.
pub(super) fn is_inline_level_box(c: &Composed, styles: &PageStyles) -> bool {
    let empty = Arc::default();
    let s = styles.get(&c.id).unwrap_or(&empty);
    !is_hidden(c, s)
        && !s
            .get("position")
            .is_some_and(|p| p == "absolute" || p == "fixed")
        && matches!(
            display_of(c, s).as_str(),
            "inline-block" | "inline-flex" | "inline-grid"
        )
}

/// A run of inline content: text nodes and inline elements holding only text.
pub(super) fn is_inline(c: &Composed, styles: &PageStyles) -> bool {
    let empty = Arc::default();
    let s = styles.get(&c.id).unwrap_or(&empty);
    c.text.is_some()
        || (display_of(c, s) == "inline" && c.children.iter().all(|k| is_inline(k, styles)))
}

pub(super) fn collect_runs(
    c: &Composed,
    inherited: &ComputedStyle,
    styles: &PageStyles,
    out: &mut Vec<Run>,
    inline: &mut InlineElements,
) {
    let top: Arc<[NodeId]> = Arc::new([]);
    let within = Within {
        deco: None,
        text: false,
        owners: &top,
    };
    collect_runs_in(c, inherited, styles, out, inline, within)
}

/// What a text node inherits from the inline elements around it.
#[derive(Clone, Copy)]
struct Within<'a> {
    /// The innermost inline box that draws.
    deco: Option<&'a Arc<text::Deco>>,
    /// Inside a `<text>`, whose line breaks show.
    text: bool,
    /// The inline elements around it, outermost first.
    owners: &'a Arc<[NodeId]>,
}

fn collect_runs_in(
    c: &Composed,
    inherited: &ComputedStyle,
    styles: &PageStyles,
    out: &mut Vec<Run>,
    inline: &mut InlineElements,
    within: Within,
) {
    let empty = Arc::default();
    if let Some(t) = &c.text {
        let s = inherited;
        // White space at the start of a paragraph, or after a space, collapses away.
        let after_space = out.last().is_none_or(|r| r.text.ends_with([' ', '\n']));
        let mut t = collapse(t, white_space(s, within.text), after_space);
        if t.is_empty() {
            return;
        }
        if s.get("word-break").is_some_and(|w| w == "break-all") {
            // Any two letters may be split.
            t = t.chars().flat_map(|c| [c, '\u{200b}']).collect();
        }
        let bold = s
            .get("font-weight")
            .is_some_and(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
        out.push(Run {
            text: t,
            size: font_size(s),
            color: s
                .get("color")
                .and_then(|v| css::color(v))
                .unwrap_or([0, 0, 0, 255]),
            bold,
            letter_spacing: s
                .get("letter-spacing")
                .and_then(|v| css::length(v, font_size(s)))
                .map_or(0.0, |l| match l {
                    css::Len::Px(p) => p,
                    _ => 0.0,
                }),
            deco: within.deco.cloned(),
        });
        inline.owners.push(within.owners.clone());
        return;
    }
    let s = styles.get(&c.id).unwrap_or(&empty);
    if is_hidden(c, s) {
        return;
    }
    let own = inline_box(s).map(Arc::new);
    inline.elements.push((c.id, own.clone()));
    let owners: Arc<[NodeId]> = within.owners.iter().copied().chain([c.id]).collect();
    let inner = Within {
        deco: own.as_ref().or(within.deco),
        text: within.text || c.tag == "text",
        owners: &owners,
    };
    for k in &c.children {
        collect_runs_in(k, s, styles, out, inline, inner);
    }
}

/// How a text node's white space shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum WhiteSpace {
    /// Runs of spaces, tabs and line breaks are one space (`normal`, `nowrap`).
    Collapse,
    /// Runs of spaces are one, line breaks stay (`pre-line`; `<text>`, which shows `\n`).
    Lines,
    /// As written (`pre`, `pre-wrap`, `break-spaces`).
    Keep,
}

fn white_space(s: &ComputedStyle, in_text: bool) -> WhiteSpace {
    match s.get("white-space").map(String::as_str) {
        Some("pre" | "pre-wrap" | "break-spaces") => WhiteSpace::Keep,
        Some("pre-line") => WhiteSpace::Lines,
        _ if in_text => WhiteSpace::Lines,
        _ => WhiteSpace::Collapse,
    }
}

/// `text` with its white space as `mode` shows it; `after_space` drops a leading space.
fn collapse(text: &str, mode: WhiteSpace, after_space: bool) -> String {
    if mode == WhiteSpace::Keep {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut space = after_space;
    for ch in text.chars() {
        match ch {
            '\n' if mode == WhiteSpace::Lines => {
                // Spaces before a kept line break go, and so do those after it.
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push('\n');
                space = true;
            }
            ' ' | '\t' | '\n' | '\r' | '\x0c' => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            _ => {
                out.push(ch);
                space = false;
            }
        }
    }
    out
}

/// The box an inline element draws behind its text, when it draws one or is padded.
fn inline_box(s: &ComputedStyle) -> Option<text::Deco> {
    let fs = font_size(s);
    let px = |l: css::Len| match l {
        css::Len::Px(p) => p,
        _ => 0.0,
    };
    let background = s
        .get("background-color")
        .or_else(|| s.get("background"))
        .and_then(|v| css::first_color(v))
        .filter(|c| c[3] > 0);
    let width = super::taffy_style::border_width(s, fs);
    let border = (width > 0.0).then(|| {
        let color = s
            .get("border-color")
            .and_then(|v| css::color(v))
            .or_else(|| s.get("border").and_then(|v| css::first_color(v)))
            .unwrap_or([0, 0, 0, 255]);
        (width, color)
    });
    let p = css::sides(s, "padding", fs).map(px);
    let m = css::sides(s, "margin", fs).map(px);
    let radius = s
        .get("border-radius")
        .and_then(|v| v.split_whitespace().next().and_then(|t| css::length(t, fs)))
        .map_or(0.0, px);
    let deco = text::Deco {
        background,
        border,
        radius,
        padding: [p[0], p[1], p[2], p[3]],
        margin: [m[3], m[1]],
    };
    let drawn = deco.background.is_some() || deco.border.is_some();
    (drawn || p[1] + p[3] + m[1] + m[3] != 0.0).then_some(deco)
}
