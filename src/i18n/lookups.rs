//! Which messages a piece of work looked up, so a memo can tell later whether its result still
//! holds after a Fluent file changed.
//!
//! A page shows a few dozen messages of its locale, each resolved along the locale's fallback
//! chain. Keying a page on every message of every locale in its chain would render all pages
//! again when one message of the source locale changes, though the other locales define that
//! message themselves and their pages do not show it. Instead, every lookup goes through
//! [`note`] (in [`super::Localizer::format_from`], and in caches in front of it); [`recording`]
//! collects them while a render runs, and [`super::Localizer::digest_of`] says what those lookups
//! resolve to now: which locale of the chain answers each, and a digest of that message (its
//! text, the messages it references and the locale's terms). Equal digests, equal texts.

use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// One lookup: message `id` (attribute `attr`) asked for in `locale`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Lookup(pub Box<str>, pub Box<str>, pub Option<Box<str>>);

thread_local! {
    static LOOKUPS: RefCell<Option<Vec<Lookup>>> = const { RefCell::new(None) };
}

/// Runs `work`, returning what it returned and every lookup it made on this thread, sorted,
/// each once.
pub fn recording<R>(work: impl FnOnce() -> R) -> (R, Vec<Lookup>) {
    let outer = LOOKUPS.with(|r| r.borrow_mut().replace(Vec::new()));
    let result = work();
    let mut seen = LOOKUPS
        .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
        .unwrap_or_default();
    seen.sort_unstable();
    seen.dedup();
    (result, seen)
}

/// Records a lookup of `id` (`attr`) in `locale` when a [`recording`] runs on this thread. A
/// cache that answers for the [`super::Localizer`] must call it too.
pub fn note(locale: &str, id: &str, attr: Option<&str>) {
    LOOKUPS.with(|r| {
        if let Some(seen) = r.borrow_mut().as_mut() {
            let known = seen
                .last()
                .is_some_and(|l| &*l.0 == locale && &*l.1 == id && l.2.as_deref() == attr);
            if !known {
                seen.push(Lookup(locale.into(), id.into(), attr.map(Into::into)));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_recorded_only_inside_a_recording() {
        note("nl-NL", "outside", None);
        let ((), seen) = recording(|| {
            note("nl-NL", "b", None);
            note("nl-NL", "a", Some("title"));
            note("nl-NL", "b", None);
            let ((), inner) = recording(|| note("tr-TR", "c", None));
            assert_eq!(inner, [Lookup("tr-TR".into(), "c".into(), None)]);
        });
        assert_eq!(
            seen,
            [
                Lookup("nl-NL".into(), "a".into(), Some("title".into())),
                Lookup("nl-NL".into(), "b".into(), None),
            ]
        );
    }
}
