//! Diagnostics: what every pipeline stage reports instead of aborting.
//!
//! Stages *collect* problems (fluent-rs style) and return them beside their output, so one
//! build shows every broken file at once. Each diagnostic knows its file, line and column and
//! carries the offending source line, so the reporter can print `path:line:col: level: message`
//! followed by the line itself, the way compilers do.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors stop `build` from publishing; warnings do not
/// (unless `--deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in one place of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as given to the stage (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// How to fix it, when we know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The text of the offending line, shown under the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file (no line known).
    pub fn new(severity: Severity, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, message)
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, message)
    }

    /// Places the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Places the diagnostic at a 1-based line of `text` and copies that line in.
    pub fn at_line_of(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Places the diagnostic at a byte offset of `text` (pulldown-cmark, toml and
    /// fluent-syntax all report byte offsets).
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at_line_of(text, line, column)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Converts a byte offset into a 1-based (line, column-in-characters) pair.
/// Offsets past the end or inside a character are clamped, never a panic.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, for turning many byte offsets into (line, column) without rescanning
/// the text each time (what [`line_col`] does, fine for one diagnostic, quadratic for an outline).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// Same result as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

impl Diagnostic {
    /// The position in `locales` of the first segment of the path that is one of them
    /// (`content/nl-NL/a.md`, `locales/nl-NL/site.ftl`); `None` for site-wide files.
    pub fn locale_index(&self, locales: &[String]) -> Option<usize> {
        self.path.components().find_map(|c| {
            let segment = c.as_os_str().to_str()?;
            locales.iter().position(|l| l == segment)
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.severity.as_str();
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {level}: {}", self.message)?;
        if let Some(source) = &self.source_line {
            let gutter = self.line.to_string();
            write!(f, "\n {gutter} | {source}")?;
            if self.column > 0 {
                let pad: String = source
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        Ok(())
    }
}

/// The diagnostics collected by one or more stages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorts by file, then line, then column, so output is stable across
    /// parallel runs and grouped by file for the reader.
    pub fn sort(&mut self) {
        self.sort_in_locale_order(&[]);
    }

    /// Sorts site-wide diagnostics first, then one locale after another in `locales`' order
    /// (`book.toml`'s), each by file, line and column: `build` and `check` list locales alike.
    pub fn sort_in_locale_order(&mut self, locales: &[String]) {
        self.0.sort_by_cached_key(|d| {
            let group = d.locale_index(locales).map_or(0, |i| i + 1);
            (group, d.path.clone(), d.line, d.column, d.message.clone())
        });
        self.0.dedup();
    }

    /// Rewrites absolute paths under `root` to root-relative ones, for shorter output. A path
    /// that is `root` itself stays as it is: an empty path would name nothing.
    pub fn relativize(&mut self, root: &Path) {
        for d in &mut self.0 {
            if let Ok(rel) = d.path.strip_prefix(root) {
                if !rel.as_os_str().is_empty() {
                    d.path = rel.to_path_buf();
                }
            }
        }
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_sort_in_the_given_order_after_site_wide_files() {
        let mut d: Diagnostics = vec![
            Diagnostic::warning("locales/ar/site.ftl", "a"),
            Diagnostic::warning("content/tr-TR/x.md", "b").at(2, 1),
            Diagnostic::warning("content/ar/x.md", "c"),
            Diagnostic::warning("content/tr-TR/x.md", "d").at(1, 1),
            Diagnostic::error("book.toml", "e"),
        ]
        .into();
        d.sort_in_locale_order(&["tr-TR".into(), "ar".into()]);
        let order: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["e", "d", "b", "c", "a"]);
        d.sort();
        let order: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["e", "c", "d", "b", "a"], "without locales: by path");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nığ x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "ığ " is 5 bytes, 3 characters.
        assert_eq!(line_col(text, 8), (2, 4));
        // Inside a multi-byte character or past the end: clamped, no panic.
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\nığ x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn display_shows_location_source_and_help() {
        let d = Diagnostic::error("content/a.md", "bad date `13/45/2017`")
            .at_line_of("---\nms.date: 13/45/2017\n", 2, 10)
            .with_help("write MM/DD/YYYY or YYYY-MM-DD");
        let shown = d.to_string();
        assert!(shown.starts_with("content/a.md:2:10: error: bad date"));
        assert!(shown.contains(" 2 | ms.date: 13/45/2017"));
        assert!(shown.contains("= help: write MM/DD/YYYY"));
    }
}
