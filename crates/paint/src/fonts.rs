//! The bundled fonts (see fonts/README.md): DejaVu Sans for Latin and other alphabets, Droid
//! Sans Fallback for CJK, so renders do not depend on the machine's fonts. The view's text and
//! canvases draw with the same faces.

use ab_glyph::{Font, FontRef, PxScale};
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
    static R: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static B: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let sans = if bold {
        load(&B, SANS_BOLD)
    } else {
        load(&R, SANS)
    };
    match sans {
        Some(f) if f.glyph_id(ch).0 != 0 => Some((f, bold)),
        _ => font().map(|f| (f, false)),
    }
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
}
