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
use super::inline::{class, target};
use super::links::inflected;
use super::similarity::similarity;
use super::{Block, BlockKind, Inline, InlineKind, Marker, Outline};
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

impl Walker<'_> {
    /// Links, images and URLs matched in `compare`'s three passes (same target, a link turned
    /// bare URL, same kind); what differs in a pair is restored from the source.
    fn inlines(&mut self, a: &Block, b: &Block) {
        let kept = |i: &&Inline| class(i) != 3;
        let mut src: Vec<Option<&Inline>> = a.inlines.iter().filter(kept).map(Some).collect();
        let mut tr: Vec<Option<&Inline>> = b.inlines.iter().filter(kept).map(Some).collect();
        let unique = |k: u8| {
            let count = |bl: &Block| bl.inlines.iter().filter(|i| class(i) == k).count();
            count(a) == 1 && count(b) == 1
        };
        let passes: [fn(&Inline, &Inline) -> bool; 3] = [
            |s, t| {
                class(s) == class(t)
                    && (target(s) == target(t) || inflected(&target(t), &target(s)))
            },
            |s, t| {
                matches!(
                    (&s.kind, &t.kind),
                    (InlineKind::Link { .. }, InlineKind::BareUrl { .. })
                ) && target(s) == target(t)
            },
            |s, t| class(s) == class(t),
        ];
        for (pass, matches) in passes.iter().enumerate() {
            for t_slot in tr.iter_mut() {
                let Some(t) = *t_slot else { continue };
                let found = src.iter_mut().find(|s| s.is_some_and(|s| matches(s, t)));
                if let Some(s) = found.and_then(Option::take) {
                    *t_slot = None;
                    let sure = unique(class(t));
                    let suggestion = match pass {
                        0 => self.separate(s, t),
                        1 => None,
                        _ => self.restore(a, s, t, sure),
                    };
                    self.push(t.line, suggestion);
                }
            }
        }
        for t in tr.into_iter().flatten() {
            let suggestion = self.separate_extra(t);
            self.push(t.line, suggestion);
        }
    }

    /// A URL with the source's target glued to the word before it: a space between them.
    fn separate(&self, s: &Inline, t: &Inline) -> Option<Suggestion> {
        let glued = |i: &Inline| matches!(i.kind, InlineKind::BareUrl { glued: true, .. });
        if !glued(t) || glued(s) {
            return None;
        }
        let at = self.tr.offset(t.line, t.column)?;
        self.suggest(at..at, " ", Applicability::MachineApplicable)
    }

    fn separate_extra(&self, t: &Inline) -> Option<Suggestion> {
        let InlineKind::BareUrl { glued: true, .. } = t.kind else {
            return None;
        };
        let at = self.tr.offset(t.line, t.column)?;
        self.suggest(at..at, " ", Applicability::MachineApplicable)
    }

    /// The source's URL or destination in place of the translation's, byte for byte.
    fn restore(&self, a: &Block, s: &Inline, t: &Inline, sure: bool) -> Option<Suggestion> {
        let at = self.tr.offset(t.line, t.column)?;
        let from = self.src.offset(s.line, s.column)?;
        match (&s.kind, &t.kind) {
            (InlineKind::BareUrl { url: want, .. }, InlineKind::BareUrl { url, glued, .. }) => {
                let want = self.src.text[from..]
                    .starts_with(want.as_str())
                    .then_some(want)?;
                let review = format!(
                    "read the sentence around the URL again; the source says: {}",
                    self.src.sentence(a)
                );
                Some(self.url(at, url, want, *glued, sure)?.with_review(review))
            }
            (InlineKind::Link { dest: want, .. }, InlineKind::Link { dest, .. })
            | (InlineKind::Image { dest: want }, InlineKind::Image { dest }) => {
                let want = raw_destination(self.src.text, from, want)?;
                let span = raw_destination(self.tr.text, at, dest)?;
                let (found, wanted) = (&self.tr.text[span.clone()], &self.src.text[want]);
                let garbled = found.starts_with(wanted) || wanted.starts_with(found);
                let applicability = if garbled && sure {
                    Applicability::MachineApplicable
                } else {
                    Applicability::MaybeIncorrect
                };
                self.suggest(span, wanted, applicability)
            }
            _ => None,
        }
    }

    /// A bare URL: the source's URL in place of what the translation's became, a space before
    /// it when it was glued to a word, and a space before a word that ran into its end
    /// (`3.0)vagy` → `3.0) vagy`).
    fn url(&self, at: usize, url: &str, want: &str, glued: bool, sure: bool) -> Option<Suggestion> {
        let rest = &self.tr.text[at..];
        let token = &rest[..rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len())];
        let lead = if glued { " " } else { "" };
        if let Some(tail) = token.strip_prefix(want) {
            let word = tail.trim_start_matches(|c: char| ")]}.,;:!?'\"".contains(c));
            let punctuation = &tail[..tail.len() - word.len()];
            let prose = word.chars().next().is_some_and(char::is_alphabetic)
                && !word.contains(['/', '=', '?', '&', '#']);
            if prose {
                let new = format!("{lead}{want}{punctuation} {word}");
                return self.suggest(at..at + token.len(), &new, Applicability::MachineApplicable);
            }
        }
        let end = at + token.starts_with(url).then_some(url.len())?;
        let truncated = want.starts_with(url);
        let applicability = if truncated && sure {
            Applicability::MachineApplicable
        } else {
            Applicability::MaybeIncorrect
        };
        self.suggest(at..end, &format!("{lead}{want}"), applicability)
    }
}

/// The byte range of a link's or image's destination as written, searched after its opening
/// bracket at `from` (inline links only: a reference definition is left to a person).
fn raw_destination(text: &str, from: usize, dest: &str) -> Option<std::ops::Range<usize>> {
    let block_end = text[from..].find("\n\n").map_or(text.len(), |e| from + e);
    let open = from + text[from..block_end].find("](")? + 2;
    let start = open + (text[open..].len() - text[open..].trim_start_matches([' ', '<']).len());
    text[start..block_end]
        .starts_with(dest)
        .then(|| start..start + dest.len())
}

#[cfg(test)]
mod tests;
