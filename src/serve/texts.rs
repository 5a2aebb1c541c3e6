//! The words of `tolk serve`'s error overlay, in the page's language. They are tolk's own
//! interface, not the site's, so they live with tolk (`texts/<tag>.ftl`, one file per
//! language tolk speaks) rather than in the site's `locales/`, where the translation checks
//! would ask every site to translate them. A page in another language gets the closest one
//! (fluent-langneg), else English.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use fluent_langneg::{negotiate_languages, LanguageIdentifier, NegotiationStrategy};
use serde::Serialize;

/// Each language tolk's overlay speaks, with its messages.
const TEXTS: [(&str, &str); 4] = [
    ("en-US", include_str!("texts/en-US.ftl")),
    ("nl-NL", include_str!("texts/nl-NL.ftl")),
    ("hu-HU", include_str!("texts/hu-HU.ftl")),
    ("tr-TR", include_str!("texts/tr-TR.ftl")),
];

/// The overlay's own words for one page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayTexts {
    /// The language they are in (for the overlay's `lang`).
    pub lang: String,
    pub title: String,
    pub intro: String,
    /// What the overlay leaves to the terminal, when it shows only the first problems.
    pub more: Option<String>,
}

/// The overlay's words for a page in `lang`, saying that `hidden` problems are not shown.
pub fn overlay_texts(lang: &str, hidden: usize) -> OverlayTexts {
    let tag = closest(lang);
    let text = TEXTS
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or(TEXTS[0].1, |(_, text)| text);
    let mut args = FluentArgs::new();
    args.set("count", hidden);
    OverlayTexts {
        title: format(tag, text, "serve-overlay-title", None),
        intro: format(tag, text, "serve-overlay-intro", None),
        more: (hidden > 0).then(|| format(tag, text, "serve-overlay-more", Some(&args))),
        lang: tag.to_string(),
    }
}

/// The language of [`TEXTS`] closest to `lang`.
fn closest(lang: &str) -> &'static str {
    let available: Vec<LanguageIdentifier> =
        TEXTS.iter().filter_map(|(t, _)| t.parse().ok()).collect();
    let Ok(requested) = lang.parse::<LanguageIdentifier>() else {
        return TEXTS[0].0;
    };
    let found = negotiate_languages(
        &[&requested],
        &available,
        None,
        NegotiationStrategy::Filtering,
    );
    let found = found.first().map(|id| id.to_string());
    TEXTS
        .iter()
        .map(|(t, _)| *t)
        .find(|t| Some(t.to_string()) == found)
        .unwrap_or(TEXTS[0].0)
}

/// One message as plain text (no isolation marks: it goes into `textContent`).
fn format(tag: &str, text: &str, id: &str, args: Option<&FluentArgs>) -> String {
    let Ok(langid) = tag.parse::<unic_langid::LanguageIdentifier>() else {
        return id.to_string();
    };
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    if bundle.add_resource(resource).is_err() {
        return id.to_string();
    }
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_without_errors() {
        for (tag, text) in TEXTS {
            let resource = FluentResource::try_new(text.to_string()).expect("parses");
            let ids: Vec<_> = resource
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name),
                    _ => None,
                })
                .collect();
            assert_eq!(
                ids,
                [
                    "serve-overlay-title",
                    "serve-overlay-intro",
                    "serve-overlay-more"
                ],
                "{tag}"
            );
            let texts = overlay_texts(tag, 3);
            assert_eq!(texts.lang, tag);
            assert!(texts.more.is_some_and(|m| m.contains('3')), "{tag}");
        }
    }

    #[test]
    fn a_page_gets_its_language_or_english() {
        assert_eq!(overlay_texts("nl-BE", 0).lang, "nl-NL");
        assert_eq!(overlay_texts("tr", 0).lang, "tr-TR");
        assert_eq!(overlay_texts("ar", 0).lang, "en-US");
        assert_eq!(overlay_texts("<bad>", 0).lang, "en-US");
        assert_eq!(overlay_texts("en-US", 0).more, None);
        assert_eq!(
            overlay_texts("en-US", 1).more.as_deref(),
            Some("One more problem is listed in the terminal.")
        );
    }
}
