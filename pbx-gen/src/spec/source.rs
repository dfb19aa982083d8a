//! A spec file's text, with the path to show in messages and byte-offset to line:column
//! lookup.

use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostics::Location;

/// One spec file, read.
#[derive(Debug)]
pub struct Source {
    /// The path as the user would write it (relative, `/`-separated), for messages.
    pub display: String,
    /// The absolute path, for `include_bytes!` so that editing the file triggers a rebuild.
    pub absolute: PathBuf,
    /// The file's text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl Source {
    /// Wraps a file's text.
    pub fn new(display: String, absolute: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            display,
            absolute,
            text,
            line_starts,
        }
    }

    /// The nearest char boundary at or before `at`, within the text.
    fn floor_boundary(&self, at: usize) -> usize {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The line, column and underline width of a byte span.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let start = self.floor_boundary(span.start);
        let line_index = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        // A span may start on the line's `\r` (cut from `text`) or at the end of the file.
        let line_limit = (line_start + text.len()).max(start);
        let end = self.floor_boundary(span.end.clamp(start, line_limit));
        let width = self.text[start..end].chars().count();
        Location {
            line: line_index + 1,
            column,
            text: text.to_owned(),
            width,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_on_a_carriage_return_or_past_the_end_is_located() {
        let src = Source::new("f.toml".into(), PathBuf::new(), "a = 1\r\nb = é\r\n".into());
        for start in 0..=src.text.len() + 2 {
            for end in start..=src.text.len() + 3 {
                let loc = src.locate(start..end);
                assert!(loc.line >= 1 && loc.column >= 1);
            }
        }
        let loc = src.locate(5..9);
        assert_eq!((loc.line, loc.column, loc.width), (1, 6, 0));
    }
}
