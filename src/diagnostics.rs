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

use crate::path_map::{is_plain, normal_bytes};
pub use rule::Rule;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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

/// The order of two [`is_plain`] paths by their components (`Path`'s order), from their bytes:
/// at the first difference, a `/` (one path's component ended) comes first.
fn plain_cmp(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let key = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => key(a[i]).cmp(&key(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// Of one (path, rule) in [`Diagnostics::cap_per_rule`]: how many, the index of the last one
/// kept, and of the first.
type Seen = (usize, Option<usize>, usize);

/// See [`Diagnostic::locale_index`].
fn locale_index_of(path: &Path, locales: &[String]) -> Option<usize> {
    path.components().find_map(|c| {
        let segment = c.as_os_str().to_str()?;
        locales.iter().position(|l| l == segment)
    })
}

/// `path` relative to `root` when it is under `root` (and not `root` itself: an empty path
/// would name nothing).
fn relative_to(path: &Path, root: &Path) -> Option<PathBuf> {
    // A relative path is never under an absolute root, nor the reverse; most findings name
    // relative paths already, and `strip_prefix` compares component by component.
    if path.has_root() != root.has_root() && !root.as_os_str().is_empty() {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    (!rel.as_os_str().is_empty() && rel != path).then(|| rel.to_path_buf())
}

/// The root-relative copies [`Diagnostics::relativize_kept`] made of shared diagnostics, by
/// the address of the diagnostic each was made from. `tolk serve` reports the same tens of
/// thousands of kept findings after every rebuild, and making one relative copies it; this
/// keeps the copies of the last rebuild for the next. It holds the originals too, so an
/// address names the same finding for as long as it is here.
#[derive(Debug, Default)]
pub struct Relativized {
    root: PathBuf,
    by_origin: FxHashMap<usize, (Arc<Diagnostic>, Arc<Diagnostic>)>,
}

/// How many diagnostics of one rule one file keeps; the rest are counted in one more.
pub const MAX_PER_RULE_PER_FILE: usize = 200;

impl Diagnostic {
    /// The position in `locales` of the first segment of the path that is one of them
    /// (`content/nl-NL/a.md`, `locales/nl-NL/site.ftl`); `None` for site-wide files.
    pub fn locale_index(&self, locales: &[String]) -> Option<usize> {
        locale_index_of(&self.path, locales)
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
///
/// Each diagnostic is shared, not owned: `tolk serve` keeps the findings of every unchanged
/// page, file and translation pair from one rebuild to the next, and a rebuild gathers tens of
/// thousands of them into its report. Sharing makes that a copy of pointers, and the sort moves
/// pointers; a diagnostic is copied only when one that is shared is changed
/// ([`Diagnostics::relativize`]) or taken out ([`Diagnostics::into_vec`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Arc<Diagnostic>>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(Arc::new(diagnostic));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().map(|d| &**d)
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
        self.0.iter().any(|d| d.is_error())
    }

    /// Sorts by file, then line, then column, so output is stable across
    /// parallel runs and grouped by file for the reader.
    pub fn sort(&mut self) {
        self.sort_in_locale_order(&[]);
    }

    /// Sorts site-wide diagnostics first, then one locale after another in `locales`' order
    /// (`book.toml`'s), each by file, line and column: `build` and `check` list locales alike.
    pub fn sort_in_locale_order(&mut self, locales: &[String]) {
        // A build can hold tens of thousands of diagnostics over thousands of files: each
        // distinct path is ranked once (one component-wise comparison per pair of paths, not
        // per pair of diagnostics), then diagnostics sort on plain numbers, their messages
        // compared only to break ties. The order is that of sorting by (locale group, path,
        // line, column, message), stably.
        let (slots, keys) = {
            let (slots, paths) = self.path_slots();
            // Paths order by their components. Plain paths (no empty, `.` or `..` component,
            // no trailing `/`) order as their bytes do with `/` below every other byte; any
            // other path has its components split once, not at every comparison.
            let mut by_path: Vec<u32> = (0..paths.len() as u32).collect();
            if paths.iter().all(|p| is_plain(p)) {
                by_path.sort_unstable_by(|&a, &b| plain_cmp(paths[a as usize], paths[b as usize]));
            } else {
                let components: Vec<Vec<std::path::Component>> =
                    paths.iter().map(|p| p.components().collect()).collect();
                by_path
                    .sort_unstable_by(|&a, &b| components[a as usize].cmp(&components[b as usize]));
            }
            let mut rank = vec![0u32; paths.len()];
            for (r, &p) in by_path.iter().enumerate() {
                rank[p as usize] = r as u32;
            }
            let groups: Vec<usize> = (paths.iter())
                .map(|p| locale_index_of(p, locales).map_or(0, |i| i + 1))
                .collect();
            let keys: Vec<(usize, u32)> = (slots.iter())
                .map(|&p| (groups[p as usize], rank[p as usize]))
                .collect();
            (slots, keys)
        };
        let mut order: Vec<u32> = (0..self.0.len() as u32).collect();
        let all = &self.0;
        order.sort_by(|&a, &b| {
            let (da, db) = (&all[a as usize], &all[b as usize]);
            keys[a as usize]
                .cmp(&keys[b as usize])
                .then(da.line.cmp(&db.line))
                .then(da.column.cmp(&db.column))
                .then_with(|| da.message.cmp(&db.message))
        });
        // In that order, without repeats (as `dedup`), each with its path's slot.
        let mut taken: Vec<Option<Arc<Diagnostic>>> =
            std::mem::take(&mut self.0).into_iter().map(Some).collect();
        let mut sorted_slots = Vec::with_capacity(order.len());
        self.0.reserve(order.len());
        for i in order {
            let Some(d) = taken[i as usize].take() else {
                continue;
            };
            if self.0.last() != Some(&d) {
                self.0.push(d);
                sorted_slots.push(slots[i as usize]);
            }
        }
        self.cap_by_slot(MAX_PER_RULE_PER_FILE, &sorted_slots);
    }

    /// Each diagnostic's path as a number, the same for paths `Path` calls equal, and the
    /// path of each number. A run of diagnostics of one file (as checks report them) costs
    /// one lookup.
    fn path_slots(&self) -> (Vec<u32>, Vec<&Path>) {
        let mut slot: FxHashMap<Cow<[u8]>, u32> = FxHashMap::default();
        let mut paths: Vec<&Path> = Vec::new();
        let mut slots = Vec::with_capacity(self.0.len());
        let mut previous: Option<(&[u8], u32)> = None;
        for d in &self.0 {
            let bytes = d.path.as_os_str().as_encoded_bytes();
            let n = match previous {
                Some((p, n)) if p == bytes => n,
                _ => *slot.entry(normal_bytes(&d.path)).or_insert_with(|| {
                    paths.push(&d.path);
                    paths.len() as u32 - 1
                }),
            };
            previous = Some((bytes, n));
            slots.push(n);
        }
        (slots, paths)
    }

    /// Keeps the first `max` diagnostics of each rule in each file (in the current order) and
    /// replaces the rest by one diagnostic counting them, so output stays bounded.
    pub fn cap_per_rule(&mut self, max: usize) {
        let slots = self.path_slots().0;
        self.cap_by_slot(max, &slots);
    }

    /// [`Diagnostics::cap_per_rule`], given each diagnostic's [`Diagnostics::path_slots`].
    fn cap_by_slot(&mut self, max: usize, slots: &[u32]) {
        // Original index of a kept diagnostic → the count to put right after it.
        let mut counts: HashMap<usize, Diagnostic> = HashMap::new();
        let keep: Vec<bool> = {
            // (path, rule) → how many, the last one kept, and the first (whose path the count
            // names).
            let mut seen: FxHashMap<(u32, &'static str), Seen> = FxHashMap::default();
            let keep = (self.0.iter().zip(slots).enumerate())
                .map(|(i, (d, &slot))| {
                    let (n, last, _) = seen.entry((slot, d.rule)).or_insert((0, None, i));
                    *n += 1;
                    let kept = *n <= max;
                    if kept {
                        *last = Some(i);
                    }
                    kept
                })
                .collect();
            for ((_, rule), (n, last, first)) in seen {
                let Some(last) = last.filter(|_| n > max) else {
                    continue;
                };
                let like = &self.0[last];
                let mut d = Diagnostic::new(
                    like.severity,
                    self.0[first].path.clone(),
                    format!("... and {} more like this", n - max),
                );
                d.rule = rule;
                d.line = like.line;
                counts.insert(last, d);
            }
            keep
        };
        if counts.is_empty() && keep.iter().all(|k| *k) {
            return;
        }
        let all = std::mem::take(&mut self.0);
        self.0 = Vec::with_capacity(all.len() + counts.len());
        for (i, (d, keep)) in all.into_iter().zip(keep).enumerate() {
            if keep {
                self.0.push(d);
                if let Some(count) = counts.remove(&i) {
                    self.0.push(Arc::new(count));
                }
            }
        }
    }

    /// Rewrites absolute paths under `root` to root-relative ones, for shorter output. A path
    /// that is `root` itself stays as it is: an empty path would name nothing.
    pub fn relativize(&mut self, root: &Path) {
        for d in &mut self.0 {
            if let Some(rel) = relative_to(&d.path, root) {
                Arc::make_mut(d).path = rel;
            }
        }
    }

    /// [`Diagnostics::relativize`], taking the relative copy of a shared diagnostic from
    /// `kept` when the last call made it; `kept` then holds what this call made.
    pub fn relativize_kept(&mut self, root: &Path, kept: &mut Relativized) {
        if kept.root != root {
            kept.by_origin.clear();
            kept.root = root.to_path_buf();
        }
        let mut made = FxHashMap::default();
        for d in &mut self.0 {
            let origin = Arc::as_ptr(d) as usize;
            if let Some((original, relative)) = kept.by_origin.get(&origin) {
                *d = relative.clone();
                made.insert(origin, (original.clone(), relative.clone()));
                continue;
            }
            let Some(rel) = relative_to(&d.path, root) else {
                continue;
            };
            // A diagnostic no one else holds is made this build: nothing to keep.
            if Arc::strong_count(d) == 1 {
                Arc::make_mut(d).path = rel;
                continue;
            }
            let original = d.clone();
            Arc::make_mut(d).path = rel;
            made.insert(origin, (original, d.clone()));
        }
        kept.by_origin = made;
    }

    /// Keeps the diagnostics `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(|d| keep(d));
    }

    /// Keeps the diagnostics `decide` gives a severity, with that severity (a shared
    /// diagnostic is copied only when its severity changes); drops the others.
    pub fn retain_with_severity(
        &mut self,
        mut decide: impl FnMut(&Diagnostic) -> Option<Severity>,
    ) {
        self.0.retain_mut(|d| match decide(d) {
            None => false,
            Some(severity) => {
                if d.severity != severity {
                    Arc::make_mut(d).severity = severity;
                }
                true
            }
        });
    }

    /// The diagnostics `marks` says yes to, and the others, in order (`marks` has one entry
    /// per diagnostic; a missing entry is a no).
    pub fn partition_by(self, marks: &[bool]) -> (Diagnostics, Diagnostics) {
        let (mut yes, mut no) = (Diagnostics::new(), Diagnostics::new());
        for (i, d) in self.0.into_iter().enumerate() {
            if marks.get(i).copied().unwrap_or(false) {
                yes.0.push(d);
            } else {
                no.0.push(d);
            }
        }
        (yes, no)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0.into_iter().map(Arc::unwrap_or_clone).collect()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v.into_iter().map(Arc::new).collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter =
        std::iter::Map<std::vec::IntoIter<Arc<Diagnostic>>, fn(Arc<Diagnostic>) -> Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(Arc::unwrap_or_clone)
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
    fn kept_relative_copies_read_as_made_and_are_reused() {
        let shared: Diagnostics = vec![
            Diagnostic::warning("/site/content/a.md", "a"),
            Diagnostic::warning("content/b.md", "b"),
            Diagnostic::warning("/elsewhere/c.md", "c"),
            Diagnostic::warning("/site", "the root itself"),
        ]
        .into();
        let root = Path::new("/site");
        let mut plain = shared.clone();
        plain.relativize(root);
        let paths: Vec<&Path> = plain.iter().map(|d| d.path.as_path()).collect();
        let want = ["content/a.md", "content/b.md", "/elsewhere/c.md", "/site"];
        assert_eq!(paths, want.map(Path::new));
        let mut kept = Relativized::default();
        let mut first = shared.clone();
        first.relativize_kept(root, &mut kept);
        assert_eq!(first, plain);
        let mut second = shared.clone();
        second.relativize_kept(root, &mut kept);
        assert_eq!(second, plain);
        assert!(Arc::ptr_eq(&first.0[0], &second.0[0]), "the copy is reused");
        assert_eq!(kept.by_origin.len(), 1, "only what was made relative");
        let mut other = shared.clone();
        other.relativize_kept(Path::new("/elsewhere"), &mut kept);
        assert_eq!(other.0[0].path, Path::new("/site/content/a.md"));
        assert_eq!(other.0[2].path, Path::new("c.md"));
        assert_eq!(
            shared.0[0].path,
            Path::new("/site/content/a.md"),
            "originals unchanged"
        );
        // A relative root strips its own prefix; absolute paths are never under it.
        let mut dotted: Diagnostics = vec![
            Diagnostic::warning("./content/a.md", "a"),
            Diagnostic::warning("/content/a.md", "b"),
        ]
        .into();
        dotted.relativize(Path::new("."));
        let paths: Vec<&Path> = dotted.iter().map(|d| d.path.as_path()).collect();
        assert_eq!(paths, ["content/a.md", "/content/a.md"].map(Path::new));
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

    /// The plain definitions of [`Diagnostics::sort_in_locale_order`] (before its cap) and
    /// of [`Diagnostics::cap_per_rule`], which the fast versions must agree with.
    fn sorted_plainly(mut all: Vec<Diagnostic>, locales: &[String]) -> Vec<Diagnostic> {
        all.sort_by_cached_key(|d| {
            let group = d.locale_index(locales).map_or(0, |i| i + 1);
            (group, d.path.clone(), d.line, d.column, d.message.clone())
        });
        all.dedup();
        all
    }

    fn capped_plainly(all: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
        let mut seen: HashMap<(PathBuf, &'static str), usize> = HashMap::new();
        let mut kept = Vec::new();
        for d in all {
            let n = seen.entry((d.path.clone(), d.rule)).or_default();
            *n += 1;
            if *n <= max {
                kept.push(d);
            }
        }
        let mut extra: Vec<_> = seen.into_iter().filter(|(_, n)| *n > max).collect();
        extra.sort();
        for ((path, code), n) in extra {
            let Some(last) = kept.iter().rposition(|d| d.path == path && d.rule == code) else {
                continue;
            };
            let like = kept[last].clone();
            let message = format!("... and {} more like this", n - max);
            let mut d = Diagnostic::new(like.severity, path, message);
            d.rule = code;
            d.line = like.line;
            kept.insert(last + 1, d);
        }
        kept
    }

    proptest::proptest! {
        #[test]
        fn plain_paths_compare_as_paths_do(
            a in "/?[-.a0/]{1,8}",
            b in "/?[-.a0/]{1,8}",
        ) {
            let (a, b) = (Path::new(&a), Path::new(&b));
            if is_plain(a) && is_plain(b) {
                proptest::prop_assert_eq!(plain_cmp(a, b), a.cmp(b));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn sorting_and_capping_agree_with_their_plain_definitions(
            picks in proptest::collection::vec(
                (0..6usize, 0..3usize, 0..4usize, 0..3usize, 0..3usize, proptest::bool::ANY),
                0..80,
            ),
            max in 0..4usize,
        ) {
            let paths = [
                "book.toml",
                "content/nl-NL/a.md",
                "content/en-US/a.md",
                "content/nl-NL/b/a.md",
                "locales/nl-NL/site.ftl",
                "content/nl-NL//a.md",
            ];
            let all: Vec<Diagnostic> = picks
                .iter()
                .map(|&(p, r, line, col, m, error)| {
                    let d = if error {
                        Diagnostic::error(paths[p], format!("m{m}"))
                    } else {
                        Diagnostic::warning(paths[p], format!("m{m}"))
                    };
                    let d = d.at(line, col);
                    match r {
                        0 => d.rule(rule::MARKDOWN),
                        1 => d.rule(rule::LINK_BROKEN),
                        _ => d,
                    }
                })
                .collect();
            let locales = vec!["en-US".to_string(), "nl-NL".to_string()];
            let plain = sorted_plainly(all.clone(), &locales);
            let mut fast: Diagnostics = all.into();
            fast.sort_in_locale_order(&locales);
            proptest::prop_assert_eq!(&fast.clone().into_vec(), &plain);
            fast.cap_per_rule(max);
            proptest::prop_assert_eq!(fast.into_vec(), capped_plainly(plain, max));
        }
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
