//! The bundled fonts (see fonts/README.md): DejaVu Sans for Latin and other alphabets, Droid
//! Sans Fallback for CJK, so renders do not depend on the machine's fonts. The view's text and
//! canvases draw with the same faces.

use ab_glyph::{Font, FontRef, GlyphId, PxScale};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::OnceLock;

static SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
static FALLBACK: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");

fn load(
    slot: &'static OnceLock<Option<FontRef<'static>>>,
    bytes: &'static [u8],
) -> Option<&'static FontRef<'static>> {
    slot.get_or_init(|| FontRef::try_from_slice(bytes).ok())
        .as_ref()
}

/// The CJK-capable fallback font (also what tests check is loaded).
pub fn font() -> Option<&'static FontRef<'static>> {
    static F: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    load(&F, FALLBACK)
}

/// The scale that draws `font` at CSS `font-size: size` px. A CSS size is the em square;
/// ab_glyph's scale is the height from descender to ascender, which is more than an em in
/// both bundled faces (1.16 em in DejaVu Sans, 1.3 em in Droid Sans Fallback): scaling by the
/// size itself drew text a sixth to a quarter smaller than a WebView does.
pub fn px_scale(font: &FontRef, size: f32) -> PxScale {
    let em = font.units_per_em().unwrap_or(1.0).max(1.0);
    PxScale::from(size * font.height_unscaled() / em)
}

/// The font that draws `ch`, and whether it has a real bold (otherwise bold is emboldened).
pub fn font_for(ch: char, bold: bool) -> Option<(&'static FontRef<'static>, bool)> {
    glyph_for(ch, bold).map(|g| (g.face, g.real_bold))
}

/// A character's glyph: the face that draws it and its id there.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub face: &'static FontRef<'static>,
    pub id: GlyphId,
    /// Whether the face is a real bold (otherwise bold is emboldened when drawn).
    pub real_bold: bool,
}

/// The glyph that draws `ch`. Looked up once per character and weight: a character map
/// lookup is a few hundred instructions, and text measuring, kerning and drawing each asked
/// for every character of every paragraph (a fifth of laying out a 1,000-item list).
pub fn glyph_for(ch: char, bold: bool) -> Option<Glyph> {
    thread_local! {
        static SEEN: RefCell<FxHashMap<(char, bool), Option<Glyph>>> = RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(g) = seen.borrow().get(&(ch, bold)) {
            return *g;
        }
        let g = look_up(ch, bold);
        let mut seen = seen.borrow_mut();
        // Text in every script at once would grow it without end; start again instead.
        if seen.len() >= 1 << 16 {
            seen.clear();
        }
        seen.insert((ch, bold), g);
        g
    })
}

fn look_up(ch: char, bold: bool) -> Option<Glyph> {
    static R: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static B: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let sans = if bold {
        load(&B, SANS_BOLD)
    } else {
        load(&R, SANS)
    };
    if let Some(face) = sans {
        let id = face.glyph_id(ch);
        if id.0 != 0 {
            return Some(Glyph {
                face,
                id,
                real_bold: bold,
            });
        }
    }
    font().map(|face| Glyph {
        face,
        id: face.glyph_id(ch),
        real_bold: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::ScaleFont;

    /// At 16px a CJK character is 16px wide, as every browser draws it, and "Hello world" in
    /// DejaVu Sans is as wide as Chromium makes it (89.7 px).
    #[test]
    fn a_font_size_is_the_em_square() {
        let advance = |ch: char| {
            let (f, _) = font_for(ch, false).expect("a bundled font");
            f.as_scaled(px_scale(f, 16.0)).h_advance(f.glyph_id(ch))
        };
        assert!((advance('商') - 16.0).abs() < 0.01, "{}", advance('商'));
        let hello: f32 = "Hello world".chars().map(advance).sum();
        assert!((hello - 89.7).abs() < 0.5, "{hello}");
    }

    #[test]
    fn glyphs_come_from_the_face_that_has_them_and_are_looked_up_once() {
        let a = glyph_for('a', false).expect("a bundled font");
        let bold_a = glyph_for('a', true).expect("a bundled font");
        assert!(a.id.0 != 0 && !a.real_bold && bold_a.real_bold);
        assert!(!std::ptr::eq(a.face, bold_a.face));
        // CJK is drawn by the fallback face, which has no real bold.
        let shang = glyph_for('商', true).expect("a bundled font");
        assert!(std::ptr::eq(shang.face, font().expect("fallback")) && !shang.real_bold);
        // The second answer is the kept one, and equal to a fresh lookup.
        for (ch, bold) in [
            ('a', false),
            ('a', true),
            ('商', true),
            ('\u{10ffff}', false),
        ] {
            let kept = glyph_for(ch, bold).map(|g| (g.face as *const _, g.id, g.real_bold));
            let fresh = look_up(ch, bold).map(|g| (g.face as *const _, g.id, g.real_bold));
            assert_eq!(kept, fresh, "{ch:?}");
        }
    }
}
