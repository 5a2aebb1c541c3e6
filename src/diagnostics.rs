//! Diagnostics: what every pipeline stage reports instead of aborting.
//!
//! Stages *collect* problems (fluent-rs style) and return them beside their output, so one
//! build shows every broken file at once. Each diagnostic knows its file, line, column and
//! stable rule code ([`rule`]); the [`printer`] fetches the offending line from the file when it
//! prints `path:line:col: level: message [rule]`, the way compilers do. (The code comes last so
//! `path:line:col: level:` stays what scripts and editors match on.)
//!
//! Cost is bounded whatever the input: a diagnostic stores a position, never a copy of its
//! line; positions come from one [`LineIndex`] per file; and [`Diagnostics::cap_per_rule`] keeps
//! at most [`MAX_PER_RULE_PER_FILE`] diagnostics of one rule per file, counting the rest.

pub mod fixes;
pub mod printer;
pub mod rule;
pub mod sarif;
pub mod suggestion;
mod untranslated;

pub use rule::Rule;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
pub use suggestion::{Applicability, Suggestion, Suggestions};

/// How bad a diagnostic is. Errors stop `build` from publishing; warnings do not
/// (unless `--deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// One problem found in one place of one input file. Deserializable so the incremental build's
/// state file can replay a file's diagnostics without reading the file again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The rule's stable code (see [`rule`]); empty only for a diagnostic nobody classified,
    /// which a test over the repository site and the fixtures forbids.
    #[serde(deserialize_with = "rule::deserialize_code")]
    pub rule: rule::Code,
    /// Repairs that follow from what the check knows (see [`suggestion`]); printed as
    /// `help: replace ... with ...`, applied by `tolk fix` when machine-applicable.
    #[serde(default, skip_serializing_if = "Suggestions::is_empty")]
    pub suggestions: Suggestions,
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
            rule: "",
            suggestions: Suggestions::default(),
        }
    }

    /// Classifies the diagnostic under a stable rule code.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rule = rule.code;
        self
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

    /// Places the diagnostic at a 1-based line of `text`. The line is not copied: the printer
    /// fetches it from the file (`text` stays in the signature for the callers' sake).
    pub fn at_line_of(self, _text: &str, line: usize, column: usize) -> Self {
        self.at(line, column)
    }

    /// Places the diagnostic at a byte offset of `text` (pulldown-cmark, toml and
    /// fluent-syntax all report byte offsets). Scans `text` up to `offset`: a stage reporting
    /// many diagnostics in one file uses [`Diagnostic::at_index`] instead.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at(line, column)
    }

    /// Places the diagnostic at a byte offset through a file's [`LineIndex`].
    pub fn at_index(self, index: &LineIndex, offset: usize) -> Self {
        let (line, column) = index.line_col(offset);
        self.at(line, column)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Attaches a suggested repair.
    pub fn with_suggestion(mut self, suggestion: Suggestion) -> Self {
        self.suggestions.push(suggestion);
        self
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
    /// The last answer, `(byte offset, column)`: diagnostics come in text order, so the next
    /// column on the same line is counted on from here. Without it, one long line with many
    /// findings costs the square of its length (every column counted from the line's start).
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// Same result as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if (start..=offset).contains(&last_offset) && last_offset > start {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }

    /// The text of a 1-based line, without its line break; `None` past the end.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    /// How many lines the text has (a final line break starts no new line).
    pub fn line_count(&self) -> usize {
        self.starts.len() - usize::from(self.text.ends_with('\n'))
    }
}

/// How many diagnostics of one rule one file keeps; the rest are counted in one more.
pub const MAX_PER_RULE_PER_FILE: usize = 200;

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
        if !self.rule.is_empty() {
            write!(f, " [{}]", self.rule)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        for s in &self.suggestions {
            write!(f, "\n   = help: {}", s.help())?;
            if let Some(review) = &s.review {
                write!(f, "\n   = note: {review}")?;
            }
        }
        Ok(())
    }
}

/// The diagnostics collected by one or more stages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
        self.cap_per_rule(MAX_PER_RULE_PER_FILE);
    }

    /// Keeps the first `max` diagnostics of each rule in each file (in the current order) and
    /// replaces the rest by one diagnostic counting them, so output stays bounded.
    pub fn cap_per_rule(&mut self, max: usize) {
        let mut seen: std::collections::HashMap<(PathBuf, &'static str), usize> =
            std::collections::HashMap::new();
        let mut kept = Vec::with_capacity(self.0.len().min(1 << 16));
        for d in self.0.drain(..) {
            let n = seen.entry((d.path.clone(), d.rule)).or_default();
            *n += 1;
            if *n <= max {
                kept.push(d);
            }
        }
        let mut extra: Vec<_> = seen.into_iter().filter(|(_, n)| *n > max).collect();
        extra.sort();
        for ((path, code), n) in extra {
            let last = kept.iter().rposition(|d| d.path == path && d.rule == code);
            let template = last.map(|i| kept[i].clone());
            let Some(like) = template else { continue };
            let mut d = Diagnostic::new(
                like.severity,
                path,
                format!("... and {} more like this", n - max),
            );
            d.rule = code;
            d.line = like.line;
            kept.insert(last.map_or(kept.len(), |i| i + 1), d);
        }
        self.0 = kept;
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
    fn a_diagnostic_reads_back_from_the_state_files_encoding() {
        let d = Diagnostic::warning("content/nl-NL/a.md", "m")
            .rule(rule::STRUCTURE_NUMERAL)
            .at(3, 2)
            .with_help("h")
            .with_suggestion(
                Suggestion::replace("a iv", 2..4, "IV", Applicability::MachineApplicable).unwrap(),
            );
        let plain = Diagnostic::error("book.toml", "e");
        let all: Diagnostics = vec![d, plain].into();
        // Named fields: `skip_serializing_if` (for JSON) leaves fields out, which only a
        // self-describing struct encoding reads back.
        let bytes = rmp_serde::to_vec_named(&all).unwrap();
        let back: Diagnostics = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, all);
        assert_eq!(rule::static_code("no-such-rule"), "");
    }

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
    fn line_index_agrees_with_line_col_in_any_order_of_questions() {
        let text = "aığ b ığ c\nığ x ığ\n\nlast ığ";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 1).collect();
        let order = offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(offsets.iter().step_by(3));
        for &offset in order {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
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
    fn display_shows_location_rule_and_help() {
        let d = Diagnostic::error("content/a.md", "bad date `13/45/2017`")
            .at_line_of("---\nms.date: 13/45/2017\n", 2, 10)
            .rule(rule::FRONT_MATTER_DATE)
            .with_help("write MM/DD/YYYY or YYYY-MM-DD");
        let shown = d.to_string();
        assert!(shown
            .starts_with("content/a.md:2:10: error: bad date `13/45/2017` [front-matter-date]\n"));
        assert!(shown.contains("= help: write MM/DD/YYYY"));
    }

    #[test]
    fn many_diagnostics_of_one_rule_in_one_file_are_capped_and_counted() {
        let mut d = Diagnostics::new();
        for i in 0..20_000 {
            d.push(
                Diagnostic::warning("content/a.md", "raw HTML")
                    .at(1, i + 1)
                    .rule(rule::MARKDOWN),
            );
        }
        d.push(Diagnostic::warning("content/a.md", "other").rule(rule::LINK_BROKEN));
        d.push(Diagnostic::warning("content/b.md", "raw HTML").rule(rule::MARKDOWN));
        d.sort_in_locale_order(&[]);
        let a: Vec<_> = d
            .iter()
            .filter(|d| d.rule == "markdown" && d.path == Path::new("content/a.md"))
            .collect();
        assert_eq!(a.len(), MAX_PER_RULE_PER_FILE + 1);
        assert!(
            a.last()
                .is_some_and(|d| d.message == "... and 19800 more like this"),
            "{:?}",
            a.last()
        );
        assert_eq!(d.len(), MAX_PER_RULE_PER_FILE + 3);
    }

    #[test]
    fn line_index_gives_lines_and_counts_them() {
        let index = LineIndex::new("a\r\nbc\n\nd");
        assert_eq!(index.line(1), Some("a"));
        assert_eq!(index.line(2), Some("bc"));
        assert_eq!(index.line(4), Some("d"));
        assert_eq!(index.line(5), None);
        assert_eq!(index.line(0), None);
        assert_eq!(index.line_count(), 4);
        assert_eq!(LineIndex::new("a\n").line_count(), 1);
    }
}
