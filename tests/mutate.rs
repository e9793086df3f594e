//! Mutation of text inputs for the fuzzers: a seeded generator and byte/token splicing.

/// A small deterministic generator (xorshift64*), so a failing round can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "{{",
    "}}",
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "\"",
    "'",
    "=",
    "&",
    "&lt;",
    "&#x",
    ";",
    "wx:if",
    "wx:for",
    "wx:key",
    "wx:elif",
    "wx:else",
    "<block",
    "<template",
    "is=",
    "name=",
    "data=",
    "<import src=",
    "<include src=",
    "<wxs module=",
    "</wxs>",
    "...",
    "?",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "rpx",
    "@import",
    "@media",
    "!important",
    "var(--",
    ":host",
    "::before",
    ".a",
    "#b",
    ",",
    "*this",
    "\\",
    "typeof",
    "0x",
    "1e3",
    "中文",
    "\u{0}",
    "\n",
    " ",
];

/// One mutated input derived from the corpus.
pub fn mutate(rng: &mut Rng, corpus: &[String]) -> String {
    let mut s = corpus[rng.below(corpus.len())].clone().into_bytes();
    for _ in 0..1 + rng.below(6) {
        let pos = if s.is_empty() {
            0
        } else {
            rng.below(s.len() + 1)
        };
        match rng.below(5) {
            0 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                s.splice(pos..pos, t.iter().copied());
            }
            1 if !s.is_empty() => {
                let end = (pos + rng.below(16)).min(s.len());
                s.drain(pos..end);
            }
            2 => {
                let other = corpus[rng.below(corpus.len())].as_bytes();
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + rng.below(64)).min(other.len());
                    s.splice(pos..pos, other[a..b].iter().copied());
                }
            }
            3 if !s.is_empty() => {
                let i = rng.below(s.len());
                s[i] = (rng.next_u64() & 0x7f) as u8;
            }
            _ => {
                let end = (pos + rng.below(32)).min(s.len());
                let chunk: Vec<u8> = s[pos..end].to_vec();
                s.splice(pos..pos, chunk);
            }
        }
    }
    String::from_utf8_lossy(&s).into_owned()
}
