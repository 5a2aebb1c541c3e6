//! Suggested repairs for structure findings, computed from the same alignment as [`compare`].
//!
//! [`compare`] says *what* differs; this module says *how to put it back* when the source
//! alone decides: a roman numeral (`ı.` → `i.`, `II.` → `ii.`), a sub-item that became a
//! numbered list (`4.` → `iv.`), a URL restored byte for byte from the source and separated from
//! the words glued to it, a link or image target. Prose is never rewritten: a repair that
//! touches the words around it carries a note with the source sentence for a person to review.
//! Kept apart from [`compare`] so the findings and their wording can change independently;
//! [`attach`] joins each repair to the finding reported on its line.
//!
//! [`compare`]: super::compare()

use super::align::{align, Step};
use super::compare::notable;
use super::similarity::similarity;
use super::{Block, BlockKind, Marker, Outline};
use crate::diagnostics::{rule, Applicability, Diagnostic, Diagnostics, Suggestion};

/// One repair, and the line of the finding it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The translation line `compare` reports the finding on.
    pub anchor: usize,
    pub suggestion: Suggestion,
}

/// The repairs for `translation` (whole file `translation_text`) aligned to `source`.
pub fn repairs(
    source: &Outline,
    source_text: &str,
    translation: &Outline,
    translation_text: &str,
) -> Vec<Repair> {
    let mut walker = Walker {
        src: Text::new(source_text),
        tr: Text::new(translation_text),
        out: Vec::new(),
    };
    walker.blocks(&source.blocks, &translation.blocks);
    walker.out
}

/// Whether [`attach`] would keep any repair for `findings`: only when some finding is a
/// structure finding and none says the page is stale. Most translations have no such finding,
/// and computing their repairs (a second walk over the alignment) was 5 % of a build.
pub fn wanted(findings: &Diagnostics) -> bool {
    findings.iter().any(is_structure)
        && !findings
            .iter()
            .any(|d| d.rule == rule::STRUCTURE_STALE.code)
}

/// Attaches each repair to the structure finding on its anchor line (the nearest in column when
/// there are several); a repair without a finding is dropped, and so are all repairs of a page
/// found stale (made from another version of the source: nothing there is mechanical).
pub fn attach(findings: Diagnostics, repairs: Vec<Repair>) -> Diagnostics {
    let mut findings = findings.into_vec();
    if findings
        .iter()
        .any(|d| d.rule == rule::STRUCTURE_STALE.code)
    {
        return findings.into();
    }
    for repair in repairs {
        let s = &repair.suggestion;
        let best = findings
            .iter_mut()
            .filter(|d| d.line == repair.anchor && is_structure(d))
            .min_by_key(|d| d.column.abs_diff(s.column));
        if let Some(d) = best {
            d.suggestions.push(repair.suggestion);
        }
    }
    findings.into()
}

fn is_structure(d: &Diagnostic) -> bool {
    d.rule.starts_with("structure") && d.rule != rule::STRUCTURE_STALE.code
}

/// A file's text with a way from (line, column) back to byte offsets.
struct Text<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Text { text, starts }
    }

    /// The byte offset of 1-based `line` and `column` (characters).
    fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        match rest.char_indices().nth(column.saturating_sub(1)) {
            Some((i, _)) => Some(start + i),
            None => Some(self.text.len()),
        }
    }

    /// The offset of the first non-blank character at or after (line, column).
    fn token(&self, line: usize, column: usize) -> Option<usize> {
        let at = self.offset(line, column)?;
        let skipped = self.text[at..].len() - self.text[at..].trim_start_matches([' ', '\t']).len();
        Some(at + skipped)
    }

    /// The source sentence of a block, on one line, for a reviewer.
    fn sentence(&self, b: &Block) -> String {
        let start = self.offset(b.line, b.column).unwrap_or(0);
        let end = self.text[start..]
            .find("\n\n")
            .map_or(self.text.len(), |e| start + e);
        self.text[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct Walker<'a> {
    src: Text<'a>,
    tr: Text<'a>,
    out: Vec<Repair>,
}

impl Walker<'_> {
    fn push(&mut self, anchor: usize, suggestion: Option<Suggestion>) {
        if let Some(suggestion) = suggestion {
            self.out.push(Repair { anchor, suggestion });
        }
    }

    fn suggest(
        &self,
        span: std::ops::Range<usize>,
        new: &str,
        a: Applicability,
    ) -> Option<Suggestion> {
        Suggestion::replace(self.tr.text, span, new, a)
    }

    fn blocks(&mut self, src: &[Block], tr: &[Block]) {
        let steps = align(src.len(), tr.len(), |i, j| similarity(&src[i], &tr[j]));
        self.roman_case(src, tr, &steps);
        let (mut gone, mut added): (Vec<&Block>, Vec<&Block>) = (Vec::new(), Vec::new());
        for step in steps {
            match step {
                Step::Source(i) => gone.push(&src[i]),
                Step::Translation(j) => added.push(&tr[j]),
                Step::Both(i, j) => {
                    self.hunk(&gone, &added);
                    gone.clear();
                    added.clear();
                    self.pair(&src[i], &tr[j]);
                }
            }
        }
        self.hunk(&gone, &added);
    }

    /// Unaligned blocks paired as `compare` pairs them: a hand-numbered sub-item the
    /// translation turned into a one-item numbered list gets its numeral back.
    fn hunk(&mut self, gone: &[&Block], added: &[&Block]) {
        let gone = gone.iter().filter(|b| notable(b));
        let added = added.iter().filter(|b| notable(b));
        for (s, t) in gone.zip(added) {
            let (BlockKind::Paragraph { marker: Some(m) }, BlockKind::List { start: Some(n) }) =
                (&s.kind, &t.kind)
            else {
                continue;
            };
            let Some(value) = m.roman.filter(|_| t.children.len() == 1) else {
                continue;
            };
            let item = &t.children[0];
            let simple = matches!(item.children.as_slice(), [p] if matches!(p.kind, BlockKind::Paragraph { marker: None }) && p.line == item.line);
            let applicability = if u64::from(value) == *n && simple {
                Applicability::MachineApplicable
            } else {
                Applicability::MaybeIncorrect
            };
            let suggestion = self.tr.token(t.line, t.column).and_then(|at| {
                let rest = &self.tr.text[at..];
                let digits =
                    rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                rest[digits..].starts_with(['.', ')']).then_some(())?;
                self.suggest(at..at + digits + 1, &m.text, applicability)
            });
            self.push(t.line, suggestion);
        }
    }

    /// Roman numerals whose case differs from the source's: `compare` reports the sequence
    /// once, on its first numeral; each numeral gets its repair, anchored there.
    fn roman_case(&mut self, src: &[Block], tr: &[Block], steps: &[Step]) {
        let marker = |b: &Block| match &b.kind {
            BlockKind::Paragraph { marker: Some(m) } if m.roman.is_some() => Some(m.clone()),
            _ => None,
        };
        let upper = |m: &Marker| m.text.chars().any(|c| c.is_ascii_uppercase());
        let mut anchor = None;
        for step in steps {
            let Step::Both(i, j) = *step else { continue };
            let (Some(x), Some(y)) = (marker(&src[i]), marker(&tr[j])) else {
                continue;
            };
            if upper(&x) == upper(&y) || x.roman != y.roman {
                continue;
            }
            let line = *anchor.get_or_insert(tr[j].line);
            let suggestion = self
                .marker_span(&tr[j], &y)
                .and_then(|span| self.suggest(span, &x.text, Applicability::MachineApplicable));
            self.push(line, suggestion);
        }
    }

    fn marker_span(&self, b: &Block, m: &Marker) -> Option<std::ops::Range<usize>> {
        let at = self.tr.token(b.line, b.column)?;
        self.tr.text[at..]
            .starts_with(&m.text)
            .then(|| at..at + m.text.len())
    }

    fn pair(&mut self, a: &Block, b: &Block) {
        use BlockKind as K;
        match (&a.kind, &b.kind) {
            (K::Paragraph { marker: m }, K::Paragraph { marker: n }) => {
                self.numeral(m.as_ref(), n.as_ref(), b);
                self.inlines(a, b);
            }
            (K::Heading { .. }, K::Heading { .. }) | (K::Table { .. }, K::Table { .. }) => {
                self.inlines(a, b)
            }
            (K::List { .. }, K::List { .. }) => {
                let steps = align(a.children.len(), b.children.len(), |i, j| {
                    similarity(&a.children[i], &b.children[j])
                });
                for step in steps {
                    if let Step::Both(i, j) = step {
                        self.blocks(&a.children[i].children, &b.children[j].children);
                    }
                }
            }
            (K::Quote, K::Quote) => self.blocks(&a.children, &b.children),
            _ => {}
        }
    }

    /// A numeral that is not the source's: `ı.` (Turkish case mapping) is the source's `i.`
    /// for sure; any other numeral there is probably a renumbering a person should confirm.
    fn numeral(&mut self, src: Option<&Marker>, tr: Option<&Marker>, b: &Block) {
        let Some(expected) = src.filter(|m| m.roman.is_some()) else {
            return;
        };
        let Some(found) = tr else { return };
        if found.roman == expected.roman {
            return;
        }
        let undotted: String = found
            .text
            .chars()
            .map(|c| match c {
                'ı' => 'i',
                'İ' => 'I',
                c => c,
            })
            .collect();
        let same = undotted.eq_ignore_ascii_case(&expected.text);
        let applicability = if same {
            Applicability::MachineApplicable
        } else {
            Applicability::MaybeIncorrect
        };
        let suggestion = self
            .marker_span(b, found)
            .and_then(|span| self.suggest(span, &expected.text, applicability));
        self.push(b.line, suggestion);
    }
}

mod inline;

#[cfg(test)]
mod tests;
