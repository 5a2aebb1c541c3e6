//! Comparing two outlines level by level and reporting the differences on the translation.
//!
//! At each level the blocks are aligned by similarity; aligned pairs are compared in detail
//! (heading level, list numbering, paragraph numbering, links and images) and recursed into,
//! and each run of unaligned blocks is reported once: as a replacement when both sides have
//! something there, else as missing or extra. Plain paragraphs are aligned but never
//! reported on their own: translations may split or join sentences, not structure.

use super::align::{align, Step};
use super::inline::{class, noun, target};
use super::similarity::similarity;
use super::{Block, BlockKind, Marker, Outline};
use crate::diagnostics::{fixes, rule, Diagnostic, Diagnostics, Rule, Severity};
use std::path::Path;

/// The structural differences of `translation` from `source`, located in the translation
/// (`translation_text` is the whole translated file, so its lines match the outline's).
pub fn compare(
    source: &Outline,
    translation: &Outline,
    translation_path: &Path,
    translation_text: &str,
) -> Diagnostics {
    let mut comparer = Comparer {
        path: translation_path,
        text: translation_text,
        out: Diagnostics::new(),
        differences: 0,
    };
    comparer.blocks(&source.blocks, &translation.blocks, &Scope::default(), 1);
    let mut found = if comparer.differences > STALE_LIMIT {
        collapse_stale(
            comparer.out,
            comparer.differences,
            translation_path,
            translation_text,
        )
    } else {
        comparer.out
    };
    found.sort();
    found
}

/// More differing blocks and links than this on one page mean the translation follows
/// another version of the source: the warnings are then summed up in one finding (errors are
/// always kept, as they are defects of the translation whatever the source says).
pub const STALE_LIMIT: usize = 8;

fn collapse_stale(found: Diagnostics, differences: usize, path: &Path, text: &str) -> Diagnostics {
    let (mut warnings, mut kept): (Vec<Diagnostic>, Vec<Diagnostic>) =
        found.into_iter().partition(|d| !d.is_error());
    if warnings.is_empty() {
        return kept.into();
    }
    warnings.sort_by_key(|d| d.line);
    let first: Vec<String> = warnings
        .iter()
        .take(5)
        .map(|d| format!("line {}: {}", d.line, d.message))
        .collect();
    let message = format!(
        "the structure differs from the source in {differences} places: the translation was probably \
         made from another version of the source"
    );
    let help = format!(
        "update the translation against the current source; first differences: {}",
        first.join("; ")
    );
    let summary = Diagnostic::warning(path, message)
        .rule(rule::STRUCTURE_STALE)
        .at_line_of(text, warnings[0].line, warnings[0].column.max(1))
        .with_help(help);
    kept.push(summary);
    kept.into()
}

/// Where in the page a finding is: "step 3 > bullet 2" (the item of a numbered list and, inside
/// it, the item of a bulleted one), appended to messages as "(in list item step 3 > bullet 2)".
#[derive(Debug, Clone, Default)]
pub(super) struct Scope(Vec<String>);

impl Scope {
    fn child(&self, label: String) -> Scope {
        let mut labels = self.0.clone();
        labels.push(label);
        Scope(labels)
    }

    pub(super) fn suffix(&self) -> String {
        if self.0.is_empty() {
            String::new()
        } else {
            format!(" (in list item {})", self.0.join(" > "))
        }
    }
}

pub(super) struct Comparer<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) out: Diagnostics,
    /// Blocks and inline elements behind the warnings so far, to recognize a stale page.
    differences: usize,
}

impl Comparer<'_> {
    /// One finding of `rule`, with the rule's fix as its help line.
    pub(super) fn report(
        &mut self,
        rule: Rule,
        severity: Severity,
        (line, column): (usize, usize),
        message: String,
    ) {
        self.differences += usize::from(severity == Severity::Warning);
        let mut d = Diagnostic::new(severity, self.path, message)
            .rule(rule)
            .at_line_of(self.text, line, column.max(1));
        if let Some(fix) = fixes::fix(rule.code) {
            d = d.with_help(fix);
        }
        self.out.push(d);
    }

    fn blocks(&mut self, src: &[Block], tr: &[Block], scope: &Scope, parent_line: usize) {
        let steps = align(src.len(), tr.len(), |i, j| similarity(&src[i], &tr[j]));
        self.roman_case(src, tr, &steps, scope);
        let (mut gone, mut added): (Vec<&Block>, Vec<&Block>) = (Vec::new(), Vec::new());
        for step in steps {
            match step {
                Step::Source(i) => gone.push(&src[i]),
                Step::Translation(j) => added.push(&tr[j]),
                Step::Both(i, j) => {
                    self.hunk(&gone, &added, (tr[j].line, tr[j].column), scope);
                    gone.clear();
                    added.clear();
                    self.pair(&src[i], &tr[j], scope);
                }
            }
        }
        let tail = tr.last().map_or((parent_line, 1), |b| (b.line, b.column));
        self.hunk(&gone, &added, tail, scope);
    }

    /// A run of unaligned blocks: pairs become replacements, the rest missing or extra.
    /// `at` is the translation's block after the run, where something missing would have been.
    fn hunk(&mut self, gone: &[&Block], added: &[&Block], at: (usize, usize), scope: &Scope) {
        let gone: Vec<&Block> = gone.iter().copied().filter(|b| notable(b)).collect();
        let added: Vec<&Block> = added.iter().copied().filter(|b| notable(b)).collect();
        let paired = gone.len().min(added.len());
        for (s, t) in gone.iter().zip(&added) {
            let severity = if is_numbered(s) || restarts(t, scope) {
                Severity::Error
            } else {
                Severity::Warning
            };
            let (rule, why) = if is_ordered_list(t) {
                (
                    rule::STRUCTURE_LIST_RESTART,
                    ": the numbering restarts here",
                )
            } else {
                (rule::STRUCTURE, "")
            };
            let (what, was, line, inside) = (describe(t), describe(s), s.line, scope.suffix());
            let message =
                format!("{what} where the source has {was} (source line {line}){why}{inside}");
            self.report(rule, severity, (t.line, t.column), message);
        }
        for t in &added[paired..] {
            let (rule, severity, why) = if restarts(t, scope) {
                let why = "; the numbering restarts here";
                (rule::STRUCTURE_LIST_RESTART, Severity::Error, why)
            } else {
                (rule::STRUCTURE_EXTRA, Severity::Warning, "")
            };
            let message = format!(
                "extra {}, not in the source{why}{}",
                describe(t),
                scope.suffix()
            );
            self.report(rule, severity, (t.line, t.column), message);
        }
        let missing = &gone[paired..];
        if !missing.is_empty() {
            let severity = if missing.iter().any(|b| is_numbered(b)) {
                Severity::Error
            } else {
                Severity::Warning
            };
            let list: Vec<String> = missing
                .iter()
                .map(|b| format!("{} (source line {})", describe(b), b.line))
                .collect();
            let message = format!("missing {}{}", list.join(", "), scope.suffix());
            self.report(rule::STRUCTURE_MISSING, severity, at, message);
            self.differences += missing.len() - 1;
        }
    }

    /// Roman numerals in another case than the source's (`IV.` for `iv.`): one finding per
    /// sequence, since one cause (machine case mapping) usually hits them all.
    fn roman_case(&mut self, src: &[Block], tr: &[Block], steps: &[Step], scope: &Scope) {
        let marker = |b: &Block| match &b.kind {
            BlockKind::Paragraph { marker: Some(m) } if m.roman.is_some() => Some(m.text.clone()),
            _ => None,
        };
        let upper = |t: &str| t.chars().any(|c| c.is_ascii_uppercase());
        let mut changed: Vec<(&Block, String, String)> = Vec::new();
        for step in steps {
            let Step::Both(i, j) = *step else { continue };
            if let (Some(x), Some(y)) = (marker(&src[i]), marker(&tr[j])) {
                if upper(&x) != upper(&y) {
                    changed.push((&tr[j], x, y));
                }
            }
        }
        let Some((first, _, _)) = changed.first() else {
            return;
        };
        let found: Vec<String> = changed.iter().map(|(_, _, y)| format!("`{y}`")).collect();
        let expected: Vec<String> = changed.iter().map(|(_, x, _)| format!("`{x}`")).collect();
        let message = format!(
            "roman numerals {} are written {} where the source has {}{}",
            found.join(", "),
            if upper(&changed[0].2) {
                "upper case"
            } else {
                "lower case"
            },
            expected.join(", "),
            scope.suffix()
        );
        let at = (first.line, first.column);
        self.report(rule::STRUCTURE_ROMAN_CASE, Severity::Warning, at, message);
    }

    fn pair(&mut self, a: &Block, b: &Block, scope: &Scope) {
        use BlockKind as K;
        match (&a.kind, &b.kind) {
            (K::Heading { level: x }, K::Heading { level: y }) => {
                if x != y {
                    let message = format!(
                        "level-{y} heading where the source has level {x}{}",
                        scope.suffix()
                    );
                    let at = (b.line, b.column);
                    self.report(rule::STRUCTURE_HEADING, Severity::Warning, at, message);
                }
                self.inlines(a, b, scope);
            }
            (K::Paragraph { marker: m }, K::Paragraph { marker: n }) => {
                self.markers(m.as_ref(), n.as_ref(), b, scope);
                self.inlines(a, b, scope);
            }
            (K::List { .. }, K::List { .. }) => self.lists(a, b, scope),
            (K::CodeBlock { lang: x, .. }, K::CodeBlock { lang: y, .. }) if x != y => {
                let message = format!(
                    "code block marked `{y}` where the source has `{x}`{}",
                    scope.suffix()
                );
                let at = (b.line, b.column);
                self.report(rule::STRUCTURE_CODE, Severity::Warning, at, message);
            }
            (
                K::Table {
                    columns: c,
                    rows: r,
                },
                K::Table {
                    columns: c2,
                    rows: r2,
                },
            ) => {
                if (c, r) != (c2, r2) {
                    let message = format!(
                        "table has {c2} columns and {r2} rows where the source has {c} and {r}{}",
                        scope.suffix()
                    );
                    let at = (b.line, b.column);
                    self.report(rule::STRUCTURE_TABLE, Severity::Warning, at, message);
                }
                self.inlines(a, b, scope);
            }
            (K::Quote, K::Quote) => self.blocks(&a.children, &b.children, scope, b.line),
            _ => {}
        }
    }

    /// A hand-numbered paragraph (`iv.`) must keep its number, or the sequence breaks.
    fn markers(&mut self, src: Option<&Marker>, tr: Option<&Marker>, b: &Block, scope: &Scope) {
        let Some(expected) = src.filter(|m| m.roman.is_some()) else {
            return;
        };
        let found = tr.map_or("no number", |m| m.text.as_str());
        if tr.and_then(|m| m.roman) == expected.roman {
            return;
        }
        let message = format!(
            "paragraph numbered `{found}` where the source has `{}`: the sequence of roman numerals breaks{}",
            expected.text,
            scope.suffix()
        );
        let mut d = Diagnostic::error(self.path, message)
            .rule(rule::STRUCTURE_NUMERAL)
            .at_line_of(self.text, b.line, b.column);
        if found.chars().any(|c| matches!(c, 'ı' | 'İ')) {
            d = d.with_help("Turkish case mapping turned `i` into `ı`/`İ`; write roman numerals with ASCII i, v, x");
        } else if let Some(fix) = fixes::fix(rule::STRUCTURE_NUMERAL.code) {
            d = d.with_help(fix);
        }
        self.out.push(d);
    }

    fn lists(&mut self, a: &Block, b: &Block, scope: &Scope) {
        let (BlockKind::List { start: x }, BlockKind::List { start: y }) = (&a.kind, &b.kind)
        else {
            return;
        };
        let message = match (x, y) {
            (Some(_), None) => {
                Some("bulleted list where the source has a numbered list".to_string())
            }
            (None, Some(_)) => {
                Some("numbered list where the source has a bulleted list".to_string())
            }
            (Some(x), Some(y)) if x != y => Some(format!(
                "numbered list starts at {y} where the source's starts at {x}"
            )),
            _ => None,
        };
        if let Some(message) = message {
            let message = format!("{message}{}", scope.suffix());
            let at = (b.line, b.column);
            self.report(rule::STRUCTURE_LIST_KIND, Severity::Warning, at, message);
        }
        let steps = align(a.children.len(), b.children.len(), |i, j| {
            similarity(&a.children[i], &b.children[j])
        });
        if a.children.len() != b.children.len() {
            self.item_count(a, b, &steps, scope);
        }
        for step in steps {
            if let Step::Both(i, j) = step {
                let label = match y {
                    Some(start) => format!("step {}", start + j as u64),
                    None => format!("bullet {}", j + 1),
                };
                let (src, tr) = (&a.children[i], &b.children[j]);
                self.blocks(&src.children, &tr.children, &scope.child(label), tr.line);
            }
        }
    }

    /// One finding per list whose item count changed, on the first unaligned item.
    fn item_count(&mut self, a: &Block, b: &Block, steps: &[Step], scope: &Scope) {
        let what = if matches!(b.kind, BlockKind::List { start: Some(_) }) {
            "numbered"
        } else {
            "bulleted"
        };
        let counts = format!(
            "{what} list has {} items where the source has {}",
            b.children.len(),
            a.children.len()
        );
        let position = |c: &Block| (c.line, c.column);
        let next_item = |k: usize| {
            let next = steps[k..].iter().find_map(|s| match s {
                Step::Both(_, j) | Step::Translation(j) => Some(position(&b.children[*j])),
                Step::Source(_) => None,
            });
            next.or(b.children.last().map(position))
                .unwrap_or(position(b))
        };
        for (k, step) in steps.iter().enumerate() {
            let (at, detail) = match step {
                Step::Translation(j) => {
                    let item = &b.children[*j];
                    (
                        position(item),
                        format!("this item{} is not in the source", summary(item)),
                    )
                }
                Step::Source(i) => {
                    let item = &a.children[*i];
                    (
                        next_item(k),
                        format!(
                            "the item{} at source line {} is missing",
                            summary(item),
                            item.line
                        ),
                    )
                }
                Step::Both(..) => continue,
            };
            let message = format!("{counts}; {detail}{}", scope.suffix());
            return self.report(rule::STRUCTURE_LIST_ITEMS, Severity::Warning, at, message);
        }
    }
}

/// Worth a finding when unaligned: everything but plain paragraphs and HTML.
pub(super) fn notable(b: &Block) -> bool {
    match &b.kind {
        BlockKind::Paragraph { .. } => is_numbered(b) || b.inlines.iter().any(|i| class(i) != 3),
        BlockKind::Other => false,
        _ => true,
    }
}

fn is_numbered(b: &Block) -> bool {
    matches!(
        &b.kind,
        BlockKind::Paragraph {
            marker: Some(Marker { roman: Some(_), .. })
        }
    )
}

fn is_ordered_list(b: &Block) -> bool {
    matches!(b.kind, BlockKind::List { start: Some(_) })
}

/// A numbered list nested in an item that does not start at 1: a sub-item turned step.
fn restarts(b: &Block, scope: &Scope) -> bool {
    !scope.0.is_empty() && matches!(b.kind, BlockKind::List { start: Some(n) } if n != 1)
}

/// " (link to `x`)" for the first link, image or URL in an item, to recognize it by.
fn summary(item: &Block) -> String {
    let mut inlines = item.children.iter().flat_map(|c| c.inlines.iter());
    match inlines.find(|i| class(i) != 3) {
        Some(i) => format!(" ({} `{}`)", noun(i), target(i)),
        None => String::new(),
    }
}

fn describe(b: &Block) -> String {
    match &b.kind {
        BlockKind::Heading { level } => format!("a level-{level} heading"),
        BlockKind::Paragraph { marker: Some(m) } if m.roman.is_some() => {
            format!("the paragraph numbered `{}`", m.text)
        }
        BlockKind::Paragraph { .. } => match b.inlines.iter().find(|i| class(i) != 3) {
            Some(i) if class(i) == 1 => format!("an image `{}`", target(i)),
            Some(i) => format!("a paragraph with the {} `{}`", noun(i), target(i)),
            None => "a paragraph".to_string(),
        },
        BlockKind::List { start: Some(n) } => format!("a numbered list starting at `{n}.`"),
        BlockKind::List { start: None } => "a bulleted list".to_string(),
        BlockKind::Item => "a list item".to_string(),
        BlockKind::CodeBlock { lang, .. } if lang.is_empty() => "a code block".to_string(),
        BlockKind::CodeBlock { lang, .. } => format!("a `{lang}` code block"),
        BlockKind::Table { columns, .. } => format!("a table with {columns} columns"),
        BlockKind::Quote => "a block quote".to_string(),
        BlockKind::Other => "an HTML block".to_string(),
    }
}
