//! Source text with a line index, so byte offsets become the 1-based line:col a user reads.

use std::sync::Arc;

/// A byte range `start..end` into one source file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// An empty span at one offset (a caret between two characters).
    pub fn at(pos: usize) -> Span {
        Span::new(pos, pos)
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Moves the span by `base` bytes: sub-parsers work on slices and report relative spans.
    pub fn offset(self, base: usize) -> Span {
        Span::new(self.start as usize + base, self.end as usize + base)
    }

    pub fn to(self, other: Span) -> Span {
        Span::new(
            self.start.min(other.start) as usize,
            self.end.max(other.end) as usize,
        )
    }
}

/// One file's path (as the project names it, `pages/index/index.wxml`) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: Arc<str>,
    text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn path_arc(&self) -> Arc<str> {
        self.path.clone()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column of a byte offset. Columns count characters, not bytes, as
    /// editors do; an offset past the end clamps to the end.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let prefix = self.text.get(start..offset).unwrap_or("");
        (line as u32 + 1, prefix.chars().count() as u32 + 1)
    }

    /// The text of a 1-based line without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let i = line.saturating_sub(1) as usize;
        let Some(&start) = self.line_starts.get(i) else {
            return "";
        };
        let end = self
            .line_starts
            .get(i + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a.wxml", "ab\n中文x\n\nz");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(2), (1, 3));
        assert_eq!(f.line_col(3), (2, 1));
        // "中文" is 6 bytes; the 'x' is the third character.
        assert_eq!(f.line_col(9), (2, 3));
        assert_eq!(f.line_col(11), (3, 1));
        assert_eq!(f.line_col(12), (4, 1));
        assert_eq!(f.line_col(999), (4, 2));
        assert_eq!(f.line_text(2), "中文x");
        assert_eq!(f.line_text(9), "");
    }
}
