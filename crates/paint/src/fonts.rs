//! The bundled fonts (see fonts/README.md): DejaVu Sans for Latin and other alphabets, Droid
//! Sans Fallback for CJK, so renders do not depend on the machine's fonts. The view's text and
//! canvases draw with the same faces.

use ab_glyph::{Font, FontRef};
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
