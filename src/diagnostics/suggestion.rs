//! Suggested repairs attached to diagnostics, the way rustc attaches `help: replace with`.
//!
//! A finding whose repair follows mechanically from the source (a roman numeral, a URL the
//! alignment identifies) carries the exact edit: the byte range of the file to replace and the
//! text to put there. `tolk check` prints it, `--format json` carries it for editors, and
//! `tolk fix` applies the machine-applicable ones. A suggestion never spans prose that needs a
//! person; those findings stay findings.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Whether a tool may apply a suggestion without a person looking at it (rustc's terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The repair follows from the source alone: `tolk fix` applies it.
    MachineApplicable,
    /// Probably right, but a person decides (shown, never applied).
    MaybeIncorrect,
}

/// A replacement of one byte range of one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suggestion {
    /// Byte range in the file's text as `check` reads it (BOM removed, LF line endings).
    pub span: Range<usize>,
    /// 1-based line and column (characters) of the span's start, for people and editors.
    pub line: usize,
    pub column: usize,
    /// The text the span had when the suggestion was made: `fix` refuses to apply the
    /// suggestion anywhere it no longer reads so.
    pub original: String,
    pub replacement: String,
    pub applicability: Applicability,
    /// What a person should still look at after the repair (a garbled sentence around a
    /// restored URL), with the source text beside it; `None` when nothing is left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
}

impl Suggestion {
    /// A suggestion replacing `span` of `text` (the whole file) by `replacement`.
    /// `None` when the span is not inside `text` on character boundaries.
    pub fn replace(
        text: &str,
        span: Range<usize>,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Option<Suggestion> {
        let original = text.get(span.clone())?.to_string();
        let (line, column) = super::line_col(text, span.start);
        Some(Suggestion {
            span,
            line,
            column,
            original,
            replacement: replacement.into(),
            applicability,
            review: None,
        })
    }

    /// Adds what a person should still review.
    pub fn with_review(mut self, review: impl Into<String>) -> Self {
        self.review = Some(review.into());
        self
    }

    pub fn is_machine_applicable(&self) -> bool {
        self.applicability == Applicability::MachineApplicable
    }

    /// The help line printed under a finding: `replace `ı.` with `i.``.
    pub fn help(&self) -> String {
        let how = match self.applicability {
            Applicability::MachineApplicable => "`tolk fix` applies this",
            Applicability::MaybeIncorrect => "check it first: `tolk fix` leaves this to you",
        };
        format!(
            "replace `{}` with `{}` ({how})",
            shown(&self.original),
            shown(&self.replacement)
        )
    }
}

/// The suggestions of one diagnostic. Boxed: nearly every diagnostic has none, and a
/// diagnostic travels in every `Result` of the pipeline, so it stays one pointer wide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[allow(clippy::box_collection)] // one pointer instead of a Vec's three words: the point
pub struct Suggestions(Option<Box<Vec<Suggestion>>>);

impl Suggestions {
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|v| v.is_empty())
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Suggestion> {
        self.0.as_deref().map_or([].iter(), |v| v.iter())
    }

    /// Adds a suggestion unless an equal one is there already.
    pub fn push(&mut self, suggestion: Suggestion) {
        let list = self.0.get_or_insert_with(Box::default);
        if !list.contains(&suggestion) {
            list.push(suggestion);
        }
    }
}

impl<'a> IntoIterator for &'a Suggestions {
    type Item = &'a Suggestion;
    type IntoIter = std::slice::Iter<'a, Suggestion>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Text for a one-line help: line breaks and control characters made visible.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '⏎',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggestion_knows_its_line_column_and_original_text() {
        let text = "a\nbb ı. c\n";
        let start = text.find('ı').unwrap();
        let s = Suggestion::replace(
            text,
            start..start + 3,
            "i.",
            Applicability::MachineApplicable,
        )
        .unwrap();
        assert_eq!((s.line, s.column), (2, 4));
        assert_eq!(s.original, "ı.");
        assert_eq!(s.help(), "replace `ı.` with `i.` (`tolk fix` applies this)");
        // Inside a character or past the end: no suggestion, no panic.
        assert!(Suggestion::replace(
            text,
            start + 1..start + 3,
            "",
            Applicability::MaybeIncorrect
        )
        .is_none());
        assert!(Suggestion::replace(text, 5..99, "", Applicability::MaybeIncorrect).is_none());
    }
}
