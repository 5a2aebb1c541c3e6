//! Repairs inside a block: links, images and bare URLs matched as `compare` matches them,
//! then restored from the source byte for byte and separated from the words glued to them.

use super::super::inline::{class, target};
use super::super::links::{pair_inlines, Pairing};
use super::super::{Block, Inline, InlineKind};
use super::Walker;
use crate::diagnostics::{Applicability, Suggestion};

impl Walker<'_> {
    /// Links, images and URLs matched in `compare`'s three passes (same target, a link turned
    /// bare URL, same kind); what differs in a pair is restored from the source.
    pub(super) fn inlines(&mut self, a: &Block, b: &Block) {
        let Pairing {
            pairs,
            mut src,
            mut tr,
        } = pair_inlines(a, b);
        let unique = |k: u8| {
            let count = |bl: &Block| bl.inlines.iter().filter(|i| class(i) == k).count();
            count(a) == 1 && count(b) == 1
        };
        for (pass, s, t) in pairs {
            let sure = unique(class(t));
            let suggestion = match pass {
                0 => self.separate(Some(s), t),
                1 => None,
                _ => self.restore(a, s, t, sure),
            };
            self.push(t.line, suggestion);
        }
        // A link of the source whose URL ran into the words around it as plain text.
        for t_slot in tr.iter_mut() {
            let Some(t) = *t_slot else { continue };
            let garbled = |s: &Inline| {
                matches!(
                    (&s.kind, &t.kind),
                    (InlineKind::Link { .. }, InlineKind::BareUrl { .. })
                ) && target(t).starts_with(&target(s))
            };
            let found = src.iter_mut().find(|s| s.is_some_and(garbled));
            if let Some(s) = found.and_then(Option::take) {
                *t_slot = None;
                let suggestion = self.restore(a, s, t, true);
                self.push(t.line, suggestion);
            }
        }
        for t in tr.into_iter().flatten() {
            let suggestion = self.separate(None, t);
            self.push(t.line, suggestion);
        }
    }

    /// A URL glued to the word before it, where the source's is not: a space between them.
    fn separate(&self, s: Option<&Inline>, t: &Inline) -> Option<Suggestion> {
        let glued = |i: &Inline| matches!(i.kind, InlineKind::BareUrl { glued: true, .. });
        if !glued(t) || s.is_some_and(glued) {
            return None;
        }
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
            (InlineKind::Link { dest: want, .. }, InlineKind::BareUrl { url, glued, .. }) => {
                let want = &self.src.text[raw_destination(self.src.text, from, want)?];
                let review = format!(
                    "the source links this URL; make it a link again if the sentence allows: {}",
                    self.src.sentence(a)
                );
                Some(self.url(at, url, want, *glued, false)?.with_review(review))
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
