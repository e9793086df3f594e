//! Comparing a case's output with its goldens, and saying where they part in words a reader can
//! act on: the first line that differs (with the step that wrote it), or how many pixels moved
//! and where.

use serde_json::Value;

/// The first place two texts of lines differ: the 0-based line index, and the two lines
/// (`None` where one text has ended).
pub fn first_difference<'a>(
    expected: &'a str,
    got: &'a str,
) -> Option<(usize, Option<&'a str>, Option<&'a str>)> {
    let mut want = expected.lines();
    let mut have = got.lines();
    for i in 0.. {
        match (want.next(), have.next()) {
            (None, None) => return None,
            (a, b) if a == b => continue,
            (a, b) => return Some((i, a, b)),
        }
    }
    None
}

/// The top-level keys whose values differ between two JSON lines (both objects), so that a
/// long trace line's difference can be found at a glance.
pub fn differing_keys(expected: &str, got: &str) -> Vec<String> {
    let (Ok(Value::Object(a)), Ok(Value::Object(b))) = (
        serde_json::from_str::<Value>(expected),
        serde_json::from_str::<Value>(got),
    ) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(k.as_str())).cloned());
    keys
}

/// Describes the first difference between two texts of lines (`what` names the golden), or
/// `None` when they are the same. `cause` says which step wrote a given line of `got`.
pub fn describe_text_difference(
    what: &str,
    expected: &str,
    got: &str,
    cause: impl Fn(usize) -> String,
) -> Option<String> {
    let (line, want, have) = first_difference(expected, got)?;
    let mut out = format!("{what}:{} differs, {}\n", line + 1, cause(line));
    out.push_str(&format!(
        "  expected: {}\n",
        want.unwrap_or("(the golden ends here)")
    ));
    out.push_str(&format!(
        "  got:      {}\n",
        have.unwrap_or("(the output ends here)")
    ));
    if let (Some(a), Some(b)) = (want, have) {
        let keys = differing_keys(a, b);
        if !keys.is_empty() {
            out.push_str(&format!("  in:       {}\n", keys.join(", ")));
        }
    }
    Some(out)
}

/// Pixels may differ by this much in a channel (antialiasing, rounding) ...
pub const CHANNEL_TOLERANCE: u8 = 48;
/// ... and this share of the pixels may differ by more: a box that moves by one CSS pixel
/// changes more than that on a phone-sized screen.
pub const PIXEL_SHARE: f64 = 0.002;

/// How two images differ.
#[derive(Debug, PartialEq)]
pub struct PixelDiff {
    /// Pixels whose colour differs by more than [`CHANNEL_TOLERANCE`] in some channel.
    pub differing: usize,
    /// All pixels.
    pub total: usize,
    /// The smallest rectangle holding every differing pixel: x0, y0, x1, y1 (inclusive).
    pub bounds: Option<(u32, u32, u32, u32)>,
}

impl PixelDiff {
    /// The share of pixels that differ.
    pub fn ratio(&self) -> f64 {
        self.differing as f64 / self.total.max(1) as f64
    }

    /// Whether the images count as the same.
    pub fn passes(&self) -> bool {
        self.ratio() < PIXEL_SHARE
    }
}

/// Compares two images of the same size pixel by pixel; `Err` names both sizes when they
/// differ.
pub fn pixel_diff(want: &tiny_skia::Pixmap, got: &tiny_skia::Pixmap) -> Result<PixelDiff, String> {
    if (want.width(), want.height()) != (got.width(), got.height()) {
        return Err(format!(
            "the golden is {}x{} pixels, the screen {}x{}",
            want.width(),
            want.height(),
            got.width(),
            got.height()
        ));
    }
    let width = want.width().max(1);
    let mut diff = PixelDiff {
        differing: 0,
        total: (want.width() * want.height()) as usize,
        bounds: None,
    };
    let pixels = want.data().chunks(4).zip(got.data().chunks(4));
    for (i, (p, q)) in pixels.enumerate() {
        if p.iter()
            .zip(q)
            .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        {
            diff.differing += 1;
            let (x, y) = (i as u32 % width, i as u32 / width);
            diff.bounds = Some(match diff.bounds {
                None => (x, y, x, y),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            });
        }
    }
    Ok(diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_differing_line_is_found_and_its_keys_named() {
        let want = "{\"a\":1,\"b\":2}\n{\"a\":3}\n";
        assert_eq!(first_difference(want, want), None);
        let got = "{\"a\":1,\"b\":2}\n{\"a\":4,\"c\":0}\n";
        let text = describe_text_difference("trace.jsonl", want, got, |i| format!("line {i}"))
            .expect("differs");
        assert!(
            text.starts_with("trace.jsonl:2 differs, line 1\n"),
            "{text}"
        );
        assert!(text.contains("expected: {\"a\":3}"), "{text}");
        assert!(text.contains("in:       a, c"), "{text}");
        let short = describe_text_difference("t", want, "{\"a\":1,\"b\":2}\n", |_| String::new())
            .expect("differs");
        assert!(
            short.contains("got:      (the output ends here)"),
            "{short}"
        );
    }

    #[test]
    fn moved_pixels_are_counted_and_bounded() {
        let mut want = tiny_skia::Pixmap::new(10, 10).expect("pixmap");
        want.fill(tiny_skia::Color::WHITE);
        let mut got = want.clone();
        assert!(pixel_diff(&want, &got).expect("same size").passes());
        for (x, y) in [(2, 3), (7, 5)] {
            let i = (y * 10 + x) * 4;
            got.data_mut()[i..i + 3].copy_from_slice(&[0, 0, 0]);
        }
        let d = pixel_diff(&want, &got).expect("same size");
        assert_eq!((d.differing, d.bounds), (2, Some((2, 3, 7, 5))));
        assert!(!d.passes());
        let small = tiny_skia::Pixmap::new(5, 10).expect("pixmap");
        assert!(pixel_diff(&want, &small).is_err());
    }
}
