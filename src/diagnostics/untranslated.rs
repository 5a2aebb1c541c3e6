//! How `build` shows a locale's untranslated messages: one line with a count, not one warning
//! per message.
//!
//! A language that was just started lacks every message; listing 150 of them on every build
//! buries what needs attention now. `build` folds them per locale; `tolk check` (for the
//! translator working through the list) keeps every one.

use super::{rule, Diagnostic, Diagnostics};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Whether `d` says a message of a translation is not translated yet (missing or still the
/// source's text). Errors are never folded.
fn is_untranslated(d: &Diagnostic) -> bool {
    !d.is_error()
        && (d.rule == rule::FLUENT_MISSING.code || d.rule == rule::FLUENT_SAME_AS_SOURCE.code)
}

impl Diagnostics {
    /// Replaces each locale's untranslated-message warnings (when there are two or more) by one
    /// warning counting them, where the first of them stood. `locales` are the site's tags,
    /// `source` the source locale's.
    pub fn fold_untranslated(self, locales: &[String], source: &str) -> Diagnostics {
        let mut counts: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for d in self.iter().filter(|d| is_untranslated(d)) {
            if let Some(i) = d.locale_index(locales) {
                let (missing, same) = counts.entry(i).or_default();
                if d.rule == rule::FLUENT_MISSING.code {
                    *missing += 1;
                } else {
                    *same += 1;
                }
            }
        }
        counts.retain(|_, (m, s)| *m + *s > 1);
        let mut out = Diagnostics::new();
        let mut shown = BTreeSet::new();
        for d in self {
            let locale = d.locale_index(locales).filter(|i| counts.contains_key(i));
            match locale.filter(|_| is_untranslated(&d)) {
                None => out.push(d),
                Some(i) if shown.insert(i) => {
                    let (missing, same) = counts[&i];
                    out.push(folded(&locales[i], source, missing, same));
                }
                Some(_) => {}
            }
        }
        out
    }
}

/// The one line for a locale.
fn folded(locale: &str, source: &str, missing: usize, same: usize) -> Diagnostic {
    let detail = match (missing, same) {
        (_, 0) => String::new(),
        (0, _) => " (still the same as the source)".to_string(),
        _ => format!(" ({missing} missing, {same} the same as the source)"),
    };
    let message = format!(
        "{} messages are not translated into {locale} yet{detail}; pages show them in {source}",
        missing + same
    );
    let code = if missing > 0 {
        rule::FLUENT_MISSING
    } else {
        rule::FLUENT_SAME_AS_SOURCE
    };
    Diagnostic::warning(Path::new("locales").join(locale), message)
        .rule(code)
        .with_help("`tolk check` lists each one; the status page shows how far the locale is")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_locale_gets_one_line_and_lone_or_other_findings_stay() {
        let missing = |path: &str| Diagnostic::warning(path, "m").rule(rule::FLUENT_MISSING);
        let d: Diagnostics = vec![
            Diagnostic::error("book.toml", "e").rule(rule::CONFIG),
            missing("locales/de-DE"),
            Diagnostic::warning("locales/de-DE/site.ftl", "s").rule(rule::FLUENT_SAME_AS_SOURCE),
            Diagnostic::warning("locales/de-DE/site.ftl", "shape").rule(rule::FLUENT_SHAPE),
            missing("locales/de-DE"),
            missing("locales/nl-NL"),
            Diagnostic::error("locales/ar", "x").rule(rule::FLUENT_MISSING),
            Diagnostic::error("locales/ar", "y").rule(rule::FLUENT_MISSING),
        ]
        .into();
        let locales = ["en-US", "de-DE", "nl-NL", "ar"].map(String::from);
        let out: Vec<String> = d
            .fold_untranslated(&locales, "en-US")
            .iter()
            .map(|d| format!("{}: {}", d.path.display(), d.message))
            .collect();
        assert_eq!(
            out,
            [
                "book.toml: e",
                "locales/de-DE: 3 messages are not translated into de-DE yet (2 missing, 1 the same as the source); pages show them in en-US",
                "locales/de-DE/site.ftl: shape",
                "locales/nl-NL: m",
                "locales/ar: x",
                "locales/ar: y",
            ]
        );
    }
}
