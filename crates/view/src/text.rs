//! Text: the bundled font, measuring runs and breaking them into lines. CJK text breaks
//! between any two characters; other text breaks at spaces, or anywhere when a word is wider
//! than the line.

use ab_glyph::{Font, ScaleFont};
pub use mpsim_paint::fonts::{Glyph, font, font_for, glyph_for};
use std::cell::Cell;
use std::sync::Arc;

/// A styled piece of text in a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub size: f32,
    pub color: [u8; 4],
    pub bold: bool,
    /// `letter-spacing`: added after every character, in px.
    pub letter_spacing: f32,
    /// The inline element around the text that draws a box behind it, if any.
    pub deco: Option<Arc<Deco>>,
}

/// What an inline element with a background, border or padding draws behind its text (a
/// `<text class="tag">` badge in a title): the box spans its glyphs on each line, padded;
/// its horizontal padding and margin also push the text around it aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Deco {
    pub background: Option<[u8; 4]>,
    /// Border width and colour.
    pub border: Option<(f32, [u8; 4])>,
    pub radius: f32,
    /// Padding: top, right, bottom, left.
    pub padding: [f32; 4],
    /// Margin: left, right.
    pub margin: [f32; 2],
}

impl Deco {
    /// Room taken before the element's first glyph and after its last.
    fn lead(&self) -> f32 {
        self.margin[0] + self.padding[3]
    }
    fn trail(&self) -> f32 {
        self.padding[1] + self.margin[1]
    }
}

/// The character that stands for an inline-level box (an inline-block, an image) among a
/// paragraph's words: Unicode's object replacement character. It is laid out, never drawn.
pub const OBJECT: char = '\u{fffc}';

/// An inline-level box on a paragraph's lines, as the line breaker sees it: an unbreakable
/// piece `w` wide (its margin box) reaching `ascent` above the baseline and `descent` below.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Atom {
    pub w: f32,
    pub ascent: f32,
    pub descent: f32,
}

/// A positioned character.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub ch: char,
    pub x: f32,
    pub size: f32,
    pub color: [u8; 4],
    pub bold: bool,
    pub deco: Option<Arc<Deco>>,
    /// Which of the paragraph's runs the character comes from (so which inline elements
    /// hold it).
    pub run: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub glyphs: Vec<Placed>,
    pub width: f32,
    pub height: f32,
    /// Baseline offset from the top of the line.
    pub baseline: f32,
}

/// The kerning between two characters of one run at `size` (negative: closer), from the
/// font's kerning table when both are drawn with the same face, as a browser kerns text.
pub fn kern(prev: char, ch: char, size: f32, bold: bool) -> f32 {
    let mut k = Kerner::new(size, bold);
    k.next(prev);
    k.next(ch)
}

/// Kerning along a run of text: each character's kerning against the one before, looking
/// each up once.
struct Kerner {
    size: f32,
    bold: bool,
    /// The glyph of the character before, unless it was a space or had no face.
    prev: Option<Glyph>,
}

impl Kerner {
    fn new(size: f32, bold: bool) -> Kerner {
        Kerner {
            size,
            bold,
            prev: None,
        }
    }

    /// How much closer `ch` goes to the character before it.
    fn next(&mut self, ch: char) -> f32 {
        self.next_glyph(ch, glyph_for(ch, self.bold))
    }

    /// [`Kerner::next`] for a character whose glyph the caller has looked up.
    fn next_glyph(&mut self, ch: char, glyph: Option<Glyph>) -> f32 {
        let here = glyph.filter(|_| !ch.is_whitespace());
        let k = match (self.prev, here) {
            (Some(a), Some(b)) if std::ptr::eq(a.face, b.face) => a
                .face
                .as_scaled(mpsim_paint::fonts::px_scale(a.face, self.size))
                .kern(a.id, b.id),
            _ => 0.0,
        };
        self.prev = here;
        k
    }
}

pub fn advance(ch: char, size: f32, bold: bool) -> f32 {
    advance_of(ch, glyph_for(ch, bold), size)
}

/// [`advance`] for a character whose glyph the caller has looked up.
fn advance_of(ch: char, glyph: Option<Glyph>, size: f32) -> f32 {
    let Some(Glyph { face: f, id, .. }) = glyph else {
        return size * 0.6;
    };
    let scaled = f.as_scaled(mpsim_paint::fonts::px_scale(f, size));
    if ch == '\t' {
        return scaled.h_advance(f.glyph_id(' ')) * 4.0;
    }
    scaled.h_advance(id)
}

fn is_cjk(ch: char) -> bool {
    matches!(ch as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// How text is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metrics {
    /// With the bundled fonts.
    #[default]
    Font,
    /// Every character a square of the font size, lines one font size high: the measurer the
    /// layout conformance cases are written for.
    Squares,
}

/// The height of a line of text at `size` (with `line_height` a multiple of the size, or the
/// font's own spacing) and how far below its top the baseline is.
pub fn line_box(size: f32, line_height: Option<f32>, how: Metrics) -> (f32, f32) {
    if how == Metrics::Squares {
        // A square glyph stands on the baseline: all ascent, no descent.
        let h = line_height.map(|m| m * size).unwrap_or(size);
        return (h, (h - size) / 2.0 + size);
    }
    match font() {
        Some(f) => {
            let s = f.as_scaled(mpsim_paint::fonts::px_scale(f, size));
            let natural = s.ascent() - s.descent() + s.line_gap();
            let h = line_height
                .map(|m| m * size)
                .unwrap_or(natural.max(size * 1.2));
            (h, (h - (s.ascent() - s.descent())) / 2.0 + s.ascent())
        }
        None => (size * 1.4, size * 1.1),
    }
}

/// How far above and below the baseline a glyph of `size` reaches: the content area an inline
/// element's box spans (the font's ascent and descent, or the square of the cases' measurer).
pub fn content_area(size: f32, how: Metrics) -> (f32, f32) {
    if how == Metrics::Squares {
        return (size, 0.0);
    }
    match font() {
        Some(f) => {
            let s = f.as_scaled(mpsim_paint::fonts::px_scale(f, size));
            (s.ascent(), -s.descent())
        }
        None => (size * 1.1, size * 0.3),
    }
}

/// How wide a placed glyph is, as the line breaker measured it.
pub fn glyph_width(g: &Placed, how: Metrics) -> f32 {
    if how == Metrics::Squares {
        g.size
    } else {
        advance(g.ch, g.size, g.bold)
    }
}

/// Where a line `line_width` wide starts in a box `w` wide with `text-align: align`.
pub fn line_offset(align: &str, w: f32, line_width: f32) -> f32 {
    match align {
        "center" => (w - line_width) / 2.0,
        "right" | "end" => w - line_width,
        _ => 0.0,
    }
}

/// Lays out runs in lines no wider than `max_width` (`None`: no wrapping). `line_height` is
/// a multiple of the font size (`None`: the font's own spacing).
pub fn lay_out(
    runs: &[Run],
    max_width: Option<f32>,
    line_height: Option<f32>,
    nowrap: bool,
) -> Vec<Line> {
    lay_out_with(runs, max_width, line_height, nowrap, 0.0, Metrics::Font)
}

/// [`lay_out`] with the first line indented by `indent` px (`text-indent`) and a choice of
/// [`Metrics`].
pub fn lay_out_with(
    runs: &[Run],
    max_width: Option<f32>,
    line_height: Option<f32>,
    nowrap: bool,
    indent: f32,
    how: Metrics,
) -> Vec<Line> {
    lay_out_atoms(runs, &[], max_width, line_height, nowrap, indent, how)
}

/// [`lay_out_with`] for a paragraph holding inline-level boxes: `atoms[i]`, when set, is the
/// box that run `i` (one [`OBJECT`] character) stands for. Boxes wrap with the words; a line
/// holding one is tall enough for it above and below the baseline, and for the strut (the
/// paragraph's own font, the size of the box's run).
pub fn lay_out_atoms(
    runs: &[Run],
    atoms: &[Option<Atom>],
    max_width: Option<f32>,
    line_height: Option<f32>,
    nowrap: bool,
    indent: f32,
    how: Metrics,
) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut cur = Line {
        width: indent,
        ..Line::default()
    };
    // Characters of the current word (not yet committed to the line): (placed without x, width).
    let mut word: Vec<(Placed, f32)> = Vec::new();
    let limit = if nowrap { None } else { max_width };
    // A line box is asked for each glyph; a paragraph's glyphs are mostly of one size.
    let last_box = Cell::new(None::<(f32, (f32, f32))>);
    let metrics = |size: f32| match last_box.get() {
        Some((s, m)) if s == size => m,
        _ => {
            let m = line_box(size, line_height, how);
            last_box.set(Some((size, m)));
            m
        }
    };
    let commit_word = |cur: &mut Line, word: &mut Vec<(Placed, f32)>, lines: &mut Vec<Line>| {
        let w: f32 = word.iter().map(|(_, a)| a).sum();
        if let Some(limit) = limit
            && cur.width + w > limit
            && !cur.glyphs.is_empty()
        {
            lines.push(std::mem::take(cur));
        }
        for (mut p, a) in word.drain(..) {
            if let Some(limit) = limit
                && cur.width + a > limit
                && !cur.glyphs.is_empty()
            {
                lines.push(std::mem::take(cur));
            }
            let (h, b) = metrics(p.size);
            cur.height = cur.height.max(h);
            cur.baseline = cur.baseline.max(b);
            // Until now `x` held the room the glyph keeps before itself (an inline box's
            // padding and margin).
            p.x += cur.width;
            cur.width += a;
            cur.glyphs.push(p);
        }
    };
    // The inline box the last glyph was in: entering or leaving one takes its room.
    let mut open: Option<&Arc<Deco>> = None;
    let same = |a: Option<&Arc<Deco>>, b: Option<&Arc<Deco>>| match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    };
    for (index, run) in runs.iter().enumerate() {
        if let Some(atom) = atoms.get(index).copied().flatten() {
            // A box is a word of its own, between break opportunities.
            commit_word(&mut cur, &mut word, &mut lines);
            let lead = open.take().map_or(0.0, |d| d.trail());
            let placed = Placed {
                ch: OBJECT,
                x: lead,
                size: run.size,
                color: run.color,
                bold: false,
                deco: None,
                run: index as u32,
            };
            word.push((placed, lead + atom.w));
            commit_word(&mut cur, &mut word, &mut lines);
            continue;
        }
        let mut kerner = Kerner::new(run.size, run.bold);
        let mut lead = 0.0;
        if !same(open, run.deco.as_ref()) {
            lead = open.map_or(0.0, |d| d.trail()) + run.deco.as_ref().map_or(0.0, |d| d.lead());
            open = run.deco.as_ref();
        }
        for ch in run.text.chars() {
            // A zero-width space is a place to break and nothing else (`word-break:
            // break-all` puts one between every two characters).
            if ch == '\u{200b}' {
                commit_word(&mut cur, &mut word, &mut lines);
                kerner.prev = None;
                continue;
            }
            let glyph = match how {
                Metrics::Font => glyph_for(ch, run.bold),
                Metrics::Squares => None,
            };
            if how == Metrics::Font {
                lead += kerner.next_glyph(ch, glyph);
            }
            if ch == '\n' {
                commit_word(&mut cur, &mut word, &mut lines);
                if cur.height == 0.0 {
                    let (h, b) = metrics(run.size);
                    cur.height = h;
                    cur.baseline = b;
                }
                lines.push(std::mem::take(&mut cur));
                continue;
            }
            let placed = Placed {
                ch,
                x: lead,
                size: run.size,
                color: run.color,
                bold: run.bold,
                deco: run.deco.clone(),
                run: index as u32,
            };
            let width = match how {
                Metrics::Font => advance_of(ch, glyph, run.size),
                Metrics::Squares => run.size,
            };
            let a = std::mem::take(&mut lead) + run.letter_spacing + width;
            if ch == ' ' || is_cjk(ch) {
                commit_word(&mut cur, &mut word, &mut lines);
                word.push((placed, a));
                commit_word(&mut cur, &mut word, &mut lines);
            } else {
                word.push((placed, a));
            }
        }
    }
    commit_word(&mut cur, &mut word, &mut lines);
    cur.width += open.map_or(0.0, |d| d.trail());
    if !cur.glyphs.is_empty() || lines.is_empty() {
        if cur.height == 0.0 {
            let (h, b) = metrics(runs.first().map(|r| r.size).unwrap_or(16.0));
            cur.height = h;
            cur.baseline = b;
        }
        lines.push(cur);
    }
    if atoms.iter().any(Option::is_some) {
        for l in &mut lines {
            fit_atoms(l, atoms, line_height, how);
        }
    }
    // A line does not start with the space that broke it.
    for l in &mut lines {
        if l.glyphs.first().is_some_and(|g| g.ch == ' ') && l.glyphs.len() > 1 {
            let shift = l.glyphs[1].x;
            l.glyphs.remove(0);
            for g in &mut l.glyphs {
                g.x -= shift;
            }
            l.width -= shift;
        }
        // A space that ends a line hangs past it: it takes no room in the line's width.
        if l.glyphs.len() > 1
            && let Some(g) = l.glyphs.last()
            && g.ch == ' '
        {
            l.width = g.x;
        }
        // Lines live as long as their frame: without the room pushing left, a page of short
        // paragraphs holds about a third less.
        l.glyphs.shrink_to_fit();
    }
    lines
}

/// Makes a line holding boxes tall enough for them: its baseline as far down as the tallest
/// reach above it (boxes, text, the strut), its bottom as far as the deepest reach below.
fn fit_atoms(line: &mut Line, atoms: &[Option<Atom>], line_height: Option<f32>, how: Metrics) {
    let (mut above, mut below) = (0.0_f32, 0.0_f32);
    let mut any = false;
    for g in &line.glyphs {
        let (h, b) = line_box(g.size, line_height, how);
        above = above.max(b);
        below = below.max(h - b);
        if let Some(Some(a)) = atoms.get(g.run as usize).filter(|_| g.ch == OBJECT) {
            above = above.max(a.ascent);
            below = below.max(a.descent);
            any = true;
        }
    }
    if any {
        line.baseline = above;
        line.height = above + below;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Run {
        Run {
            text: t.into(),
            size: 16.0,
            color: [0, 0, 0, 255],
            bold: false,
            letter_spacing: 0.0,
            deco: None,
        }
    }

    /// Pairs like "AV", "Wa" and "To" close up as the font's kerning says: the widths are
    /// what Chromium measures for these strings at 16px in DejaVu Sans.
    #[test]
    fn text_is_kerned_as_a_browser_kerns_it() {
        let width = |t: &str| lay_out(&[run(t)], None, None, false)[0].width;
        assert!((width("AVATAR Wave Toy") - 140.5).abs() < 0.1);
        assert!((width("Hello world") - 89.7).abs() < 0.1);
        assert!(kern('T', 'o', 16.0, false) < -2.0);
        // Only within a run of one face: no kerning against a space or across fonts.
        assert_eq!(kern('A', '中', 16.0, false), 0.0);
    }

    #[test]
    fn a_zero_width_space_is_a_break_and_takes_no_room() {
        let joined = lay_out(&[run("abcabc")], None, None, false);
        let split = lay_out(&[run("abc\u{200b}abc")], None, None, false);
        assert_eq!(joined[0].width, split[0].width);
        let half = lay_out(
            &[run("abc\u{200b}abc")],
            Some(joined[0].width - 1.0),
            None,
            false,
        );
        let text: Vec<String> = half
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
            .collect();
        assert_eq!(text, ["abc", "abc"]);
    }

    #[test]
    fn an_inline_box_pushes_the_text_around_it_aside() {
        let tag = Arc::new(Deco {
            background: Some([255, 0, 0, 255]),
            border: None,
            radius: 4.0,
            padding: [0.0, 4.0, 0.0, 6.0],
            margin: [0.0, 10.0],
        });
        let badge = Run {
            deco: Some(tag.clone()),
            ..run("new")
        };
        let lines = lay_out(&[badge, run("cup")], None, None, false);
        let g = &lines[0].glyphs;
        assert_eq!(g[0].x, 6.0, "after the left padding");
        let badge_end = g[2].x + advance('w', 16.0, false);
        assert!(
            (g[3].x - badge_end - 14.0).abs() < 0.01,
            "after padding and margin"
        );
        assert!(g[0].deco.as_ref().is_some_and(|d| Arc::ptr_eq(d, &tag)) && g[3].deco.is_none());
    }

    #[test]
    fn letter_spacing_widens_and_indent_starts_the_first_line_in() {
        let plain = lay_out(&[run("abc abc")], None, None, false);
        let spaced = Run {
            letter_spacing: 2.0,
            ..run("abc abc")
        };
        let wide = lay_out(&[spaced], None, None, false);
        assert!((wide[0].width - plain[0].width - 14.0).abs() < 0.01);
        let indented = lay_out_with(&[run("abc abc")], None, None, false, 20.0, Metrics::Font);
        assert_eq!(indented[0].glyphs[0].x, 20.0);
        assert!((indented[0].width - plain[0].width - 20.0).abs() < 0.01);
        // The indent takes room from the first line only.
        let width = plain[0].width + 5.0;
        let wrapped = lay_out_with(
            &[run("abc abc")],
            Some(width),
            None,
            false,
            20.0,
            Metrics::Font,
        );
        assert_eq!(wrapped.len(), 2);
        assert_eq!(wrapped[1].glyphs[0].x, 0.0);
    }

    #[test]
    fn the_bundled_font_loads_and_measures_latin_and_cjk() {
        assert!(font().is_some());
        assert!(advance('a', 16.0, false) > 4.0);
        assert!(advance('中', 16.0, false) > 12.0);
        assert!(font_for('a', false).is_some_and(|(f, _)| f.glyph_id('a').0 != 0));
    }

    #[test]
    fn wraps_words_and_cjk() {
        let lines = lay_out(
            &[run("hello world again")],
            Some(advance('a', 16.0, false) * 12.0),
            None,
            false,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        let text: String = lines[1].glyphs.iter().map(|g| g.ch).collect();
        assert!(
            text.starts_with("world") || text.starts_with("again"),
            "{text}"
        );
        let cjk = lay_out(
            &[run("中文中文中文中文")],
            Some(advance('中', 16.0, false) * 3.0 + 1.0),
            None,
            false,
        );
        assert_eq!(cjk.len(), 3);
        assert_eq!(cjk[0].glyphs.len(), 3);
        let one = lay_out(&[run("no wrap here")], Some(10.0), None, true);
        assert_eq!(one.len(), 1);
    }
}
