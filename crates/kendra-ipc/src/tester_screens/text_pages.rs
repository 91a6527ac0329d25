//! Long texts (answers of 10 MB and more) kept on the Rust side and handed to the UI a window of
//! lines at a time, so the webview never holds or lays out one giant string.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Texts up to this size travel whole; longer ones are paged.
pub const INLINE_LIMIT: usize = 256 * 1024;
/// A line longer than this is cut into display lines of this many characters (minified JSON of
/// megabytes is one line).
pub const WRAP_CHARS: usize = 2000;
/// At most this many lines per page.
pub const MAX_PAGE_LINES: u32 = 2000;

/// One of the texts the Explorer shows: whole when short, else only its size and a handle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TextPart {
    /// The text itself when it is at most [`INLINE_LIMIT`] bytes; `null` when it is paged.
    pub inline: Option<String>,
    /// Display lines (long lines wrapped at [`WRAP_CHARS`] characters).
    pub total_lines: u32,
    pub total_bytes: u32,
}

/// A window of a paged text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TextLines {
    pub first: u32,
    pub lines: Vec<String>,
    pub total_lines: u32,
}

/// A text with the byte offset of each display line.
#[derive(Debug, Clone)]
pub struct LineText {
    text: String,
    starts: Vec<usize>,
}

impl LineText {
    pub fn new(text: String) -> Self {
        let mut starts = vec![0];
        let mut line_start = 0;
        let mut chars_in_line = 0;
        for (i, c) in text.char_indices() {
            if c == '\n' {
                starts.push(i + 1);
                line_start = i + 1;
                chars_in_line = 0;
                continue;
            }
            if chars_in_line == WRAP_CHARS && i > line_start {
                starts.push(i);
                line_start = i;
                chars_in_line = 0;
            }
            chars_in_line += 1;
        }
        Self { text, starts }
    }

    pub fn total_lines(&self) -> u32 {
        u32::try_from(self.starts.len()).unwrap_or(u32::MAX)
    }

    pub fn part(&self) -> TextPart {
        TextPart {
            inline: (self.text.len() <= INLINE_LIMIT).then(|| self.text.clone()),
            total_lines: self.total_lines(),
            total_bytes: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
        }
    }

    /// Lines `first ..< first + count` (fewer at the end; none past it).
    pub fn lines(&self, first: u32, count: u32) -> TextLines {
        let count = count.min(MAX_PAGE_LINES) as usize;
        let first_ix = first as usize;
        let mut lines = Vec::new();
        for ix in first_ix..(first_ix + count).min(self.starts.len()) {
            let start = self.starts[ix];
            let end = self.starts.get(ix + 1).copied().unwrap_or(self.text.len());
            let line = &self.text[start..end];
            lines.push(line.strip_suffix('\n').unwrap_or(line).to_owned());
        }
        TextLines {
            first,
            lines,
            total_lines: self.total_lines(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_inline_and_long_ones_paged_with_wrapped_lines() {
        let short = LineText::new("a\nb".to_owned());
        assert_eq!(short.part().inline.as_deref(), Some("a\nb"));
        assert_eq!(short.total_lines(), 2);
        assert_eq!(short.lines(1, 5).lines, vec!["b"]);

        // 12 MB of one-line JSON: paged, wrapped, any window answers at once.
        let big = format!("{{\"data\":\"{}\"}}", "অ".repeat(4 * 1024 * 1024));
        let text = LineText::new(big.clone());
        let part = text.part();
        assert!(part.inline.is_none());
        assert!(part.total_bytes > 12_000_000);
        assert!(text.total_lines() > 2000);
        let page = text.lines(1000, 50);
        assert_eq!(page.lines.len(), 50);
        assert!(page.lines.iter().all(|l| l.chars().count() == WRAP_CHARS));
        let all: String = text.lines(0, u32::MAX).lines.concat();
        assert!(big.starts_with(&all));
        let last = text.lines(text.total_lines() - 1, 10);
        assert_eq!(last.lines.len(), 1);
        assert!(last.lines[0].ends_with("\"}"));
        assert!(text.lines(text.total_lines() + 5, 10).lines.is_empty());
    }
}
