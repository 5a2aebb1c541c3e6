//! Prints diagnostics with the offending line, fetched from the file when printing.
//!
//! Diagnostics store positions only (see the module above); the printer reads each file once
//! through [`SiteFs`] (so a link or FIFO planted in the site is never followed or waited on),
//! indexes its lines once, and shows at most [`EXCERPT_CHARS`] characters around the column, so a
//! 1 MB one-line page prints short excerpts, not megabytes.

use super::{Diagnostic, LineIndex, Suggestion};
use crate::input::SiteFs;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// How many characters of a source line are shown around the column.
pub const EXCERPT_CHARS: usize = 120;

/// Renders diagnostics, caching each file's text.
pub struct Printer {
    fs: SiteFs,
    root: PathBuf,
    files: HashMap<PathBuf, Option<String>>,
}

impl Printer {
    /// A printer resolving relative paths against `root` (the site root).
    pub fn new(root: &Path) -> Printer {
        Printer {
            fs: SiteFs::new(root),
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The diagnostic as printed: its header, the source excerpt with a caret, its help.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        let shown = d.to_string();
        let Some(source) = self.line_of(d) else {
            return shown;
        };
        let (header, help) = match shown.split_once("\n   = help: ") {
            Some((h, help)) => (h.to_string(), Some(help.to_string())),
            None => (shown, None),
        };
        let mut out = header;
        let gutter = d.line.to_string();
        let _ = write!(out, "\n {gutter} | {}", source.0);
        if let Some(col) = source.1 {
            let _ = write!(
                out,
                "\n {} | {}^",
                " ".repeat(gutter.len()),
                " ".repeat(col)
            );
        }
        if let Some(help) = help {
            let _ = write!(out, "\n   = help: {help}");
        }
        for suggestion in &d.suggestions {
            if let Some((line, marks)) = self.repaired_line(d, suggestion) {
                let gutter = suggestion.line.to_string();
                let pad = " ".repeat(gutter.len());
                let _ = write!(out, "\n {gutter} | {line}\n {pad} | {marks}");
            }
        }
        out
    }

    /// The suggestion's line as it reads once repaired, with `~` under the new text (as rustc
    /// shows a suggestion); `None` for a span over several lines or a line that changed.
    fn repaired_line(&mut self, d: &Diagnostic, s: &Suggestion) -> Option<(String, String)> {
        if s.original.contains('\n') || s.replacement.contains('\n') {
            return None;
        }
        let line = self.full_line(&d.path, s.line)?;
        let before: String = line.chars().take(s.column.saturating_sub(1)).collect();
        let rest = line
            .get(before.len()..)?
            .strip_prefix(s.original.as_str())?;
        let repaired = format!("{before}{}{rest}", s.replacement);
        let (shown, caret) = excerpt(&repaired, s.column);
        let width = s.replacement.chars().count().max(1);
        let marks = format!("{}{}", " ".repeat(caret.unwrap_or(0)), "~".repeat(width));
        Some((shown, marks))
    }

    /// A whole line of a file (read once per file), without its line break.
    fn full_line(&mut self, path: &Path, line: usize) -> Option<String> {
        let (fs, root) = (&self.fs, &self.root);
        let text = self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                // Paths are relative to the root, or to the working folder when outside it.
                let bytes = fs.read(&root.join(path)).or_else(|_| fs.read(path)).ok()?;
                Some(String::from_utf8_lossy(&bytes).into_owned())
            })
            .as_deref()?;
        LineIndex::new(text).line(line).map(str::to_string)
    }

    /// The excerpt of the diagnostic's line and the caret's offset in it (characters).
    fn line_of(&mut self, d: &Diagnostic) -> Option<(String, Option<usize>)> {
        if d.line == 0 {
            return None;
        }
        let line = self.full_line(&d.path, d.line)?;
        Some(excerpt(&line, d.column))
    }
}

/// At most [`EXCERPT_CHARS`] characters of `line` around 1-based `column`, control characters
/// shown as `?` (the terminal must not obey them); the caret's offset when the column is known.
fn excerpt(line: &str, column: usize) -> (String, Option<usize>) {
    let chars = line.chars().count();
    let col = column.saturating_sub(1).min(chars);
    let start = col
        .saturating_sub(EXCERPT_CHARS / 2)
        .min(chars.saturating_sub(EXCERPT_CHARS));
    let mut shown: String = line
        .chars()
        .skip(start)
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect();
    let mut caret = col - start;
    if start > 0 {
        shown.insert_str(0, "...");
        caret += 3;
    }
    if start + EXCERPT_CHARS < chars {
        shown.push_str("...");
    }
    let shown = shown.replace('\t', " ");
    (shown, (column > 0).then_some(caret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::rule;

    #[test]
    fn prints_the_line_from_the_file_with_a_caret() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\nms.date: 13/45/2017\n").unwrap();
        let d = Diagnostic::error("a.md", "bad date")
            .at(2, 10)
            .rule(rule::FRONT_MATTER_DATE)
            .with_help("write YYYY-MM-DD");
        let shown = Printer::new(dir.path()).render(&d);
        assert_eq!(
            shown,
            "a.md:2:10: error: bad date [front-matter-date]\n 2 | ms.date: 13/45/2017\n   |          ^\n   = help: write YYYY-MM-DD"
        );
    }

    #[test]
    fn a_suggestion_prints_as_help_and_the_repaired_line() {
        let dir = tempfile::tempdir().unwrap();
        let text = "---\nt: x\n---\n    ı. Sorun\n";
        std::fs::write(dir.path().join("a.md"), text).unwrap();
        let at = text.find('ı').unwrap();
        let fix = Suggestion::replace(
            text,
            at..at + 3,
            "i.",
            crate::diagnostics::Applicability::MachineApplicable,
        )
        .unwrap();
        let d = Diagnostic::warning("a.md", "numeral")
            .at(4, 5)
            .rule(rule::STRUCTURE_NUMERAL)
            .with_suggestion(fix);
        let shown = Printer::new(dir.path()).render(&d);
        assert_eq!(
            shown,
            "a.md:4:5: warning: numeral [structure-numeral]\n 4 |     ı. Sorun\n   |     ^\n   = help: replace `ı.` with `i.` (`tolk fix` applies this)\n 4 |     i. Sorun\n   |     ~~"
        );
    }

    #[test]
    fn a_long_line_prints_a_bounded_excerpt() {
        let line = "<b>".repeat(100_000);
        let (shown, caret) = excerpt(&line, 150_000);
        assert!(
            shown.chars().count() <= EXCERPT_CHARS + 6,
            "{}",
            shown.len()
        );
        assert_eq!(caret, Some(3 + EXCERPT_CHARS / 2));
        assert_eq!(excerpt("ab\u{1b}c", 1), ("ab?c".to_string(), Some(0)));
    }
}
