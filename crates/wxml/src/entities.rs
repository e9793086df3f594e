//! HTML character references in WXML text and attribute values.

/// Named references real mini-programs use. Unknown names stay as written, as browsers do.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "times" => "×",
        "divide" => "÷",
        "middot" => "·",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "yen" => "¥",
        "cent" => "¢",
        "pound" => "£",
        "euro" => "€",
        "deg" => "°",
        "plusmn" => "±",
        "sect" => "§",
        "para" => "¶",
        "bull" => "•",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        _ => return None,
    })
}

/// A malformed numeric reference: its byte range within the decoded slice.
#[derive(Debug, Clone, PartialEq)]
pub struct BadEntity {
    pub start: usize,
    pub end: usize,
}

/// Decodes character references. Malformed numeric ones (`&#xG;`) are kept as written and
/// reported; an `&` that starts no reference is a plain `&`.
pub fn decode(text: &str, bad: &mut Vec<BadEntity>) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    while let Some(off) = text[i..].find('&') {
        let amp = i + off;
        out.push_str(&text[i..amp]);
        i = amp + 1;
        let rest = &text[i..];
        if let Some(num) = rest.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let len = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            let prefix = 1 + usize::from(hex);
            let terminated = digits[len..].starts_with(';');
            let code = if hex {
                u32::from_str_radix(&digits[..len], 16)
            } else {
                digits[..len].parse()
            };
            match (len > 0 && terminated, code.ok().and_then(char::from_u32)) {
                (true, Some(c)) => {
                    out.push(c);
                    i += prefix + len + 1;
                }
                _ => {
                    bad.push(BadEntity {
                        start: amp,
                        end: (i + prefix + len).min(bytes.len()),
                    });
                    out.push('&');
                }
            }
            continue;
        }
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if rest[len..].starts_with(';')
            && let Some(s) = named(&rest[..len])
        {
            out.push_str(s);
            i += len + 1;
            continue;
        }
        out.push('&');
    }
    out.push_str(&text[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_and_numeric() {
        let mut bad = Vec::new();
        assert_eq!(
            decode("a&lt;b&nbsp;&#x41;&#97;&amp;", &mut bad),
            "a<b\u{a0}Aa&"
        );
        assert_eq!(
            decode("&lt &lt &unknown; & x", &mut bad),
            "&lt &lt &unknown; & x"
        );
        assert!(bad.is_empty());
        assert_eq!(decode("&#xG;", &mut bad), "&#xG;");
        assert_eq!(decode("&#A;", &mut bad), "&#A;");
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0], BadEntity { start: 0, end: 3 });
    }
}
