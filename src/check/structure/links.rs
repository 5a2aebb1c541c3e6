//! Comparing the links, images and bare URLs of two aligned blocks.
//!
//! Elements are matched in three passes: same kind and target; a link in the source whose URL
//! is plain text in the translation (the link syntax broke); same kind, other target. What is
//! left is missing or extra. Some defects need no source at all (link text showing a URL, a
//! URL glued to the word before it) and are errors whenever the source does not share them.

use super::compare::{Comparer, Scope};
use super::inline::{class, noun, shows_url, target};
use super::{Block, Inline, InlineKind};
use crate::diagnostics::{rule, Severity};

/// The links, images and bare URLs of two aligned blocks, matched in the three passes (see the
/// module's header); `check` reports on them and `fix` repairs them, so both pair them alike.
pub(super) struct Pairing<'a> {
    /// `(pass, source, translation)` in the order they were matched; `pass` 0: same target,
    /// 1: link became a bare URL, 2: same kind, other target.
    pub pairs: Vec<(usize, &'a Inline, &'a Inline)>,
    /// The source's elements left unmatched (`None` where matched).
    pub src: Vec<Option<&'a Inline>>,
    /// The translation's elements left unmatched (`None` where matched).
    pub tr: Vec<Option<&'a Inline>>,
}

/// Matches the links, images and bare URLs of `a` (source) and `b` (translation).
pub(super) fn pair_inlines<'a>(a: &'a Block, b: &'a Block) -> Pairing<'a> {
    // Code spans are not compared: translators legitimately translate UI labels in them.
    let kept = |i: &&Inline| class(i) != 3;
    let mut src: Vec<Option<&Inline>> = a.inlines.iter().filter(kept).map(Some).collect();
    let mut tr: Vec<Option<&Inline>> = b.inlines.iter().filter(kept).map(Some).collect();
    let passes: [fn(&Inline, &Inline) -> bool; 3] = [
        |s, t| {
            class(s) == class(t) && (target(s) == target(t) || inflected(&target(t), &target(s)))
        },
        |s, t| {
            matches!(
                (&s.kind, &t.kind),
                (InlineKind::Link { .. }, InlineKind::BareUrl { .. })
            ) && target(s) == target(t)
        },
        |s, t| class(s) == class(t),
    ];
    let mut pairs = Vec::new();
    for (pass, matches) in passes.iter().enumerate() {
        for t_slot in tr.iter_mut() {
            let Some(t) = *t_slot else { continue };
            let found = src.iter_mut().find(|s| s.is_some_and(|s| matches(s, t)));
            if let Some(s) = found.and_then(Option::take) {
                *t_slot = None;
                pairs.push((pass, s, t));
            }
        }
    }
    Pairing { pairs, src, tr }
}

impl Comparer<'_> {
    /// Links, images, bare URLs and code spans of two aligned blocks.
    pub(super) fn inlines(&mut self, a: &Block, b: &Block, scope: &Scope) {
        let Pairing { pairs, src, tr } = pair_inlines(a, b);
        for (pass, s, t) in pairs {
            self.inline_pair(pass, s, t, scope);
        }
        for s in src.into_iter().flatten() {
            let message = format!(
                "missing {} `{}` (source line {}){}",
                noun(s),
                target(s),
                s.line,
                scope.suffix()
            );
            let at = (b.line, b.column);
            self.report(rule::STRUCTURE_LINK_MISSING, Severity::Warning, at, message);
        }
        for t in tr.into_iter().flatten() {
            let (rule, severity, why) = match broken(t) {
                Some(why) => (broken_rule(t), Severity::Error, format!("; {why}")),
                None => (rule::STRUCTURE_LINK_EXTRA, Severity::Warning, String::new()),
            };
            let message = format!(
                "extra {} `{}`, not in the source{why}{}",
                noun(t),
                target(t),
                scope.suffix()
            );
            self.report(rule, severity, (t.line, t.column), message);
        }
    }

    /// `pass` 0: same target, 1: link became a bare URL, 2: same kind, other target.
    fn inline_pair(&mut self, pass: usize, s: &Inline, t: &Inline, scope: &Scope) {
        let where_ = scope.suffix();
        let (rule, severity, message) = match pass {
            0 => match broken(t).filter(|_| broken(s).is_none()) {
                Some(why) => (
                    broken_rule(t),
                    Severity::Error,
                    format!("{} `{}`: {why}{where_}", noun(t), target(t)),
                ),
                None => return,
            },
            1 => (
                rule::STRUCTURE_LINK_APART,
                Severity::Error,
                format!(
                    "the link to `{}` fell apart: the URL is plain text here{where_}",
                    target(s)
                ),
            ),
            _ => {
                let (ts, ss) = (target(t), target(s));
                let truncated = class(t) == 2 && ss.starts_with(&ts);
                let garbled = ts.starts_with(&ss) || truncated || broken(t).is_some();
                let severity = if garbled {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let what = match broken(t) {
                    Some(why) => format!("garbled: {why}"),
                    None if truncated => "garbled: cut short".to_string(),
                    None if garbled => "garbled: text ran into it".to_string(),
                    None => "it points somewhere else".to_string(),
                };
                let message = format!(
                    "{} `{}` where the source has `{}` ({what}){where_}",
                    noun(t),
                    target(t),
                    target(s)
                );
                let rule = if garbled {
                    rule::STRUCTURE_URL_GARBLED
                } else {
                    rule::STRUCTURE_LINK_CHANGED
                };
                (rule, severity, message)
            }
        };
        self.report(rule, severity, (t.line, t.column), message);
    }
}

/// Turkish and Hungarian inflect a URL in running text with a suffix (`https://x.com'a`,
/// `https://x.com-on`); the URL itself is intact then.
pub(super) fn inflected(url: &str, source: &str) -> bool {
    url.strip_prefix(source)
        .and_then(|rest| rest.strip_prefix(['\'', '\u{2019}', '-']))
        .is_some_and(|suffix| !suffix.is_empty() && suffix.chars().all(char::is_alphabetic))
}

/// Why an inline element is broken on its own, whatever the source says.
/// The rule of an inline element [`broken`] finds fault with: a URL that fell out of its link
/// is a link come apart, anything else a garbled URL.
fn broken_rule(i: &Inline) -> crate::diagnostics::Rule {
    match i.kind {
        InlineKind::BareUrl {
            after_link_text: true,
            glued: false,
            ..
        } => rule::STRUCTURE_LINK_APART,
        _ => rule::STRUCTURE_URL_GARBLED,
    }
}

fn broken(i: &Inline) -> Option<&'static str> {
    match &i.kind {
        InlineKind::Link { text, .. } if shows_url(text) => Some("the link text shows a URL"),
        InlineKind::BareUrl { glued: true, .. } => Some("the URL runs into the text before it"),
        InlineKind::BareUrl {
            after_link_text: true,
            ..
        } => Some("the URL follows `](`: a link fell apart"),
        _ => None,
    }
}
