//! Plural variants checked against each locale's CLDR plural categories.
//!
//! A Fluent select on a number picks the variant named after the number's CLDR category in the
//! locale (`one`, `few`, ...), else the default. English needs `one` and `other`; Arabic six
//! (`zero`, `one`, `two`, `few`, `many`, `other`); Turkish and Hungarian `one` and `other`. A
//! translator copying the English variants into Arabic gets a message that is wrong for most
//! numbers, silently. This check names, at the variant's line:
//!
//! - no `[other]` variant (an error: every locale has numbers in `other`);
//! - a category the locale has but the select lacks (a warning: the default variant is shown);
//! - a category the locale never uses (a warning: the variant is dead text).
//!
//! A select counts as plural when its selector is `NUMBER(...)` or a number literal, or a
//! variable whose variants name a category other than `other`. Numeric keys (`[0]`) are exact
//! matches and are left alone. Categories come from ICU4X's compiled CLDR data.

use crate::diagnostics::{rule, Diagnostic, Diagnostics, LineIndex};
use fluent_syntax::ast::{self, Expression, InlineExpression, PatternElement, VariantKey};
use icu_plurals::{PluralCategory, PluralRules};
use std::path::Path;

/// CLDR's plural category names, in CLDR's order.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The cardinal plural categories of a locale tag, in CLDR's order; `None` for a tag ICU4X
/// cannot parse (the config stage reports bad tags).
pub fn categories(tag: &str) -> Option<Vec<&'static str>> {
    let locale = icu_locale_core::Locale::try_from_str(tag).ok()?;
    let rules = PluralRules::try_new_cardinal((&locale).into()).ok()?;
    let found: Vec<PluralCategory> = rules.categories().collect();
    let name = |c: &PluralCategory| match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    };
    let names: Vec<&str> = found.iter().map(name).collect();
    Some(
        CATEGORIES
            .into_iter()
            .filter(|c| names.contains(c))
            .collect(),
    )
}

/// Checks every plural select of one `.ftl` file of `locale`.
pub fn check_file(locale: &str, path: &Path, text: &str, out: &mut Diagnostics) {
    let Some(needed) = categories(locale) else {
        return;
    };
    let resource = match fluent_syntax::parser::parse_runtime(text) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut checker = Checker {
        locale,
        needed,
        path,
        text,
        lines: LineIndex::new(text),
        out,
    };
    for entry in &resource.body {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (Some(&t.value), &t.attributes),
            _ => continue,
        };
        value
            .into_iter()
            .chain(attributes.iter().map(|a| &a.value))
            .for_each(|p| checker.pattern(p));
    }
}

struct Checker<'a, 'o> {
    locale: &'a str,
    needed: Vec<&'static str>,
    path: &'a Path,
    text: &'a str,
    lines: LineIndex<'a>,
    out: &'o mut Diagnostics,
}

impl<'a> Checker<'a, '_> {
    fn pattern(&mut self, pattern: &ast::Pattern<&'a str>) {
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &Expression<&'a str>) {
        match expression {
            Expression::Select { selector, variants } => {
                let keys: Vec<&'a str> = variants
                    .iter()
                    .filter_map(|v| match v.key {
                        VariantKey::Identifier { name } => Some(name),
                        VariantKey::NumberLiteral { .. } => None,
                    })
                    .collect();
                if is_plural(selector, &keys) {
                    self.select(variants, &keys);
                }
                for v in variants {
                    self.pattern(&v.value);
                }
            }
            Expression::Inline(InlineExpression::Placeable { expression }) => {
                self.expression(expression)
            }
            Expression::Inline(_) => {}
        }
    }

    fn select(&mut self, variants: &[ast::Variant<&'a str>], keys: &[&'a str]) {
        let Some(first) = variants.first().map(|v| key_text(&v.key)) else {
            return;
        };
        let locale = self.locale;
        if !keys.contains(&"other") {
            let message = "plural select without an `[other]` variant".to_string();
            self.push(first, rule::FLUENT_PLURAL_OTHER, message, true);
        }
        let missing: Vec<&str> = self
            .needed
            .iter()
            .copied()
            .filter(|c| *c != "other" && !keys.contains(c))
            .collect();
        if !missing.is_empty() {
            let message = format!(
                "plural select lacks `{}`, which {locale} needs (its categories: {})",
                missing.join("`, `"),
                self.needed.join(", ")
            );
            self.push(first, rule::FLUENT_PLURAL_MISSING, message, false);
        }
        for key in keys {
            if CATEGORIES.contains(key) && !self.needed.contains(key) {
                let message = format!(
                    "plural variant `[{key}]` is never used: {locale} has no `{key}` numbers (its categories: {})",
                    self.needed.join(", ")
                );
                self.push(key, rule::FLUENT_PLURAL_IMPOSSIBLE, message, false);
            }
        }
    }

    /// A finding at `at`, a slice of the file text.
    fn push(&mut self, at: &str, rule: crate::diagnostics::Rule, message: String, error: bool) {
        let offset = (at.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let d = if error {
            Diagnostic::error(self.path, message)
        } else {
            Diagnostic::warning(self.path, message)
        };
        let mut d = d.rule(rule).at_index(&self.lines, offset);
        if let Some(fix) = crate::diagnostics::fixes::fix(rule.code) {
            d = d.with_help(fix);
        }
        self.out.push(d);
    }
}

fn key_text<'a>(key: &VariantKey<&'a str>) -> &'a str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}

/// `NUMBER(...)` and number literals select by plural category; so does a variable whose
/// variants name a category besides `other` (a `$gender` select does not).
fn is_plural(selector: &InlineExpression<&str>, keys: &[&str]) -> bool {
    match selector {
        InlineExpression::FunctionReference { id, .. } => id.name == "NUMBER",
        InlineExpression::NumberLiteral { .. } => true,
        InlineExpression::VariableReference { .. } => {
            keys.iter().any(|k| *k != "other" && CATEGORIES.contains(k))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(locale: &str, ftl: &str) -> Vec<(usize, &'static str, bool)> {
        let mut out = Diagnostics::new();
        check_file(locale, Path::new("x.ftl"), ftl, &mut out);
        out.iter().map(|d| (d.line, d.rule, d.is_error())).collect()
    }

    const ONE_OTHER: &str = "items = { $n ->\n    [one] one item\n   *[other] { $n } items\n}\n";

    #[test]
    fn cldr_categories_of_the_tested_locales() {
        assert_eq!(categories("nl-NL"), Some(vec!["one", "other"]));
        assert_eq!(categories("hu-HU"), Some(vec!["one", "other"]));
        assert_eq!(categories("tr-TR"), Some(vec!["one", "other"]));
        assert_eq!(
            categories("ar"),
            Some(vec!["zero", "one", "two", "few", "many", "other"])
        );
        assert_eq!(categories("ja"), Some(vec!["other"]));
    }

    #[test]
    fn one_and_other_suit_dutch_hungarian_and_turkish() {
        for locale in ["nl-NL", "hu-HU", "tr-TR"] {
            assert_eq!(check(locale, ONE_OTHER), [], "{locale}");
        }
    }

    #[test]
    fn arabic_needs_six_and_says_which_are_missing() {
        assert_eq!(
            check("ar", ONE_OTHER),
            [(2, "fluent-plural-missing", false)]
        );
        let mut out = Diagnostics::new();
        check_file("ar", Path::new("x.ftl"), ONE_OTHER, &mut out);
        let message = &out.iter().next().unwrap().message;
        assert!(
            message.contains("`zero`, `two`, `few`, `many`"),
            "{message}"
        );
        let full = "n = { NUMBER($n) ->\n [zero] a\n [one] b\n [two] c\n [few] d\n [many] e\n*[other] f\n}\n";
        assert_eq!(check("ar", full), []);
    }

    #[test]
    fn missing_other_is_an_error_and_dead_categories_warnings() {
        let no_other = "n = { $n ->\n   *[one] one\n    [many] many\n}\n";
        assert_eq!(
            check("tr-TR", no_other),
            [
                (2, "fluent-plural-other", true),
                (3, "fluent-plural-impossible", false)
            ]
        );
        let few = "n = { NUMBER($n) ->\n    [one] a\n    [few] b\n   *[other] c\n}\n";
        assert_eq!(
            check("hu-HU", few),
            [(3, "fluent-plural-impossible", false)]
        );
    }

    #[test]
    fn other_selects_and_exact_numbers_are_left_alone() {
        let gender = "g = { $g ->\n    [male] he\n   *[other] they\n}\n";
        assert_eq!(check("ar", gender), []);
        let exact = "n = { $n ->\n    [0] none\n    [one] one\n   *[other] many\n}\n";
        assert_eq!(check("nl-NL", exact), []);
        let nested = "n = { $a ->\n    [x] { $n ->\n        [one] a\n        [few] b\n       *[other] c\n    }\n   *[other] d\n}\n";
        assert_eq!(
            check("nl-NL", nested),
            [(4, "fluent-plural-impossible", false)]
        );
    }
}
