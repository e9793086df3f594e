//! `cargo run --release` here prints, for the same paragraphs in the same bundled fonts, how
//! long mpsim's text path (ab_glyph advances, its own line breaker) and parley (HarfRust
//! shaping, ICU line breaking, fontique fallback) take to lay them out, and the widths each
//! gives, next to what Chromium measures for the Latin samples.

use mpsim_view::text::{Run, lay_out};
use parley::fontique::{Blob, Collection, CollectionOptions, SourceCache};
use parley::{FontContext, FontFamily, LayoutContext, StyleProperty};
use std::sync::Arc;
use std::time::Instant;

/// Product titles as shops write them: CJK with Latin and digits, one line or several.
const SAMPLES: [&str; 4] = [
    "【限时特惠】2024新款夏季纯棉T恤 男女同款 宽松百搭 ¥59.90 包邮",
    "Canvas tote bag, organic cotton, 38 x 42 cm, with an inner pocket",
    "精选云南普洱茶 357g 饼茶 老树生茶 Pu'er Tea Cake",
    "AVATAR Wave Toy",
];

/// What Chromium gives at 16px in DejaVu Sans (measured with getBoundingClientRect).
const CHROMIUM: [(&str, f32); 3] = [
    ("Hello world", 89.7),
    ("AVATAR Wave Toy", 140.5),
    ("Canvas tote bag, organic cotton, 38 x 42 cm", 357.0),
];

/// The faces mpsim bundles (crates/paint/fonts).
const FONTS: [&[u8]; 2] = [
    include_bytes!("../../../crates/paint/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../crates/paint/fonts/DroidSansFallbackFull.ttf"),
];

const WIDTH: f32 = 343.0;
const ROUNDS: usize = 2000;

fn fonts() -> FontContext {
    let mut collection = Collection::new(CollectionOptions {
        shared: false,
        system_fonts: false,
    });
    for bytes in FONTS {
        collection.register_fonts(Blob::new(Arc::new(bytes.to_vec())), None);
    }
    FontContext {
        collection,
        source_cache: SourceCache::default(),
    }
}

fn parley_lines(fcx: &mut FontContext, lcx: &mut LayoutContext<()>, text: &str, width: Option<f32>) -> (f32, usize) {
    let mut b = lcx.ranged_builder(fcx, text, 1.0, true);
    b.push_default(StyleProperty::FontSize(16.0));
    b.push_default(StyleProperty::FontFamily(FontFamily::Source(
        "DejaVu Sans, Droid Sans Fallback".into(),
    )));
    let mut layout = b.build(text);
    layout.break_all_lines(width);
    (layout.width(), layout.len())
}

fn mpsim_lines(text: &str, width: Option<f32>) -> (f32, usize) {
    let run = Run {
        text: text.into(),
        size: 16.0,
        color: [0, 0, 0, 255],
        bold: false,
        letter_spacing: 0.0,
        deco: None,
    };
    let lines = lay_out(&[run], width, None, false);
    (lines.iter().map(|l| l.width).fold(0.0, f32::max), lines.len())
}

fn main() {
    let mut fcx = fonts();
    let mut lcx = LayoutContext::new();
    println!("one line, unwrapped, 16px: width (mpsim / parley / Chromium)");
    for (text, chromium) in CHROMIUM {
        let (m, _) = mpsim_lines(text, None);
        let (p, _) = parley_lines(&mut fcx, &mut lcx, text, None);
        println!("  {text:?}: {m:.1} / {p:.1} / {chromium:.1}");
    }
    println!("at {WIDTH}px: lines and widest line (mpsim / parley)");
    for text in SAMPLES {
        let (mw, ml) = mpsim_lines(text, Some(WIDTH));
        let (pw, pl) = parley_lines(&mut fcx, &mut lcx, text, Some(WIDTH));
        println!("  {ml} / {pl} lines, {mw:.1} / {pw:.1} px: {text}");
    }
    let start = Instant::now();
    for _ in 0..ROUNDS {
        for text in SAMPLES {
            std::hint::black_box(mpsim_lines(text, Some(WIDTH)));
        }
    }
    let m = start.elapsed().as_secs_f64() * 1e6 / (ROUNDS * SAMPLES.len()) as f64;
    let start = Instant::now();
    for _ in 0..ROUNDS {
        for text in SAMPLES {
            std::hint::black_box(parley_lines(&mut fcx, &mut lcx, text, Some(WIDTH)));
        }
    }
    let p = start.elapsed().as_secs_f64() * 1e6 / (ROUNDS * SAMPLES.len()) as f64;
    println!("per paragraph (build, shape, break): mpsim {m:.1} µs, parley {p:.1} µs");
}
