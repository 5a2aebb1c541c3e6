//! The words of a locale, the way the search index and `static/js/search.js` both see them:
//! NFC, lowercased with the locale's rules (Turkish `I`→`ı`, `İ`→`i`), split on anything that is
//! not a letter or digit, then stemmed with the language's Snowball stemmer (rust-stemmers).
//!
//! The browser has no stemmer: the index keeps every form it saw with its stem, so the client
//! maps a typed form to its stem by lookup (see `index.rs`). Folding and splitting are simple
//! enough to be written twice; the browser tests (tests/search.rs) use both together.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The shortest word the index keeps (one-letter words are noise in every language here).
pub const MIN_WORD_CHARS: usize = 2;

/// Lowercases `text` the way readers of `locale` expect: Turkish and Azerbaijani have a dotted
/// and a dotless `i`, so `I` is `ı` and `İ` is `i`; everywhere else Unicode's default applies.
pub fn fold(locale: &str, text: &str) -> String {
    // Almost all text is NFC already: the quick check spares composing it again.
    let nfc: Cow<str> = match unicode_normalization::is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    };
    if dotless_i(locale) {
        nfc.replace('I', "ı").replace('İ', "i").to_lowercase()
    } else {
        nfc.to_lowercase()
    }
}

fn dotless_i(locale: &str) -> bool {
    let lang = locale.split(['-', '_']).next().unwrap_or(locale);
    lang.eq_ignore_ascii_case("tr") || lang.eq_ignore_ascii_case("az")
}

/// The folded words of `text`, in order, each at least [`MIN_WORD_CHARS`] long.
pub fn words(locale: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(locale, text, |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each word [`words`] would return, without allocating one string per word.
pub fn for_each_word(locale: &str, text: &str, f: impl FnMut(&str)) {
    split_folded(&fold(locale, text)).for_each(f);
}

/// The words of text already [`fold`]ed, borrowed from it: split on anything that is not a
/// letter or digit (so a word never holds a space), each at least [`MIN_WORD_CHARS`] long.
pub fn split_folded(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(MIN_WORD_CHARS - 1).is_some())
}

/// A language's stemmer, or none (words are then their own stems).
pub struct LocaleStemmer {
    stemmer: Option<Stemmer>,
}

impl LocaleStemmer {
    /// The Snowball stemmer of `locale`'s language, when rust-stemmers has one.
    pub fn new(locale: &str) -> LocaleStemmer {
        let lang = locale.split(['-', '_']).next().unwrap_or(locale);
        let algorithm = match lang.to_ascii_lowercase().as_str() {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "en" => Some(Algorithm::English),
            "es" => Some(Algorithm::Spanish),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "nl" => Some(Algorithm::Dutch),
            "nb" | "nn" | "no" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        LocaleStemmer {
            stemmer: algorithm.map(Stemmer::create),
        }
    }

    /// The stem of a folded word.
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(s) => s.stem(word).into_owned(),
            None => word.to_string(),
        }
    }
}

/// Whether `locale`'s language writes compounds as one word (Dutch, German, the Nordic
/// languages, Hungarian): the index then also files such a word under its parts.
pub fn compounds(locale: &str) -> bool {
    let lang = locale.split(['-', '_']).next().unwrap_or(locale);
    matches!(
        lang.to_ascii_lowercase().as_str(),
        "nl" | "de" | "da" | "sv" | "nb" | "nn" | "no" | "fi" | "hu"
    )
}

/// The shortest part a compound is split into.
const MIN_PART_CHARS: usize = 4;

/// The parts of compound `word` when it is two words of `known` (the site's own vocabulary in
/// that locale) joined directly or with a linking `s`, `e` or `en` (Dutch `veiligheid-s-incident`).
/// Splits at the longest known tail, so `wachtwoordbeheerder` is `wachtwoord` + `beheerder`.
pub fn split_compound(word: &str, known: impl Fn(&str) -> bool) -> Option<(String, String)> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 2 * MIN_PART_CHARS {
        return None;
    }
    for &(at, _) in &chars[MIN_PART_CHARS..=chars.len() - MIN_PART_CHARS] {
        let (head, tail) = word.split_at(at);
        if !known(tail) {
            continue;
        }
        for link in ["", "s", "e", "en"] {
            if let Some(stripped) = head.strip_suffix(link) {
                if stripped.chars().count() >= MIN_PART_CHARS && known(stripped) {
                    return Some((stripped.to_string(), tail.to_string()));
                }
            }
        }
    }
    None
}

/// The text a reader sees in rendered article HTML: tags dropped (a block tag becomes a space),
/// the five entities tolk's escaping writes decoded. Only for HTML tolk rendered itself.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut space = true;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            c => {
                out.push(c);
                space = false;
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    if !out.contains('&') {
        return out;
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_folds_dotted_and_dotless_i() {
        assert_eq!(fold("tr-TR", "IŞIK İSTANBUL"), "ışık istanbul");
        assert_eq!(fold("en-US", "IŞIK"), "işik");
        assert_eq!(words("tr", "KIRMIZI, ılık."), ["kırmızı", "ılık"]);
    }

    #[test]
    fn hungarian_inflections_share_a_stem() {
        let s = LocaleStemmer::new("hu-HU");
        assert_eq!(s.stem("tűzfalat"), s.stem("tűzfal"));
        assert_eq!(s.stem("tűzfalak"), s.stem("tűzfal"));
    }

    #[test]
    fn dutch_and_turkish_stem() {
        let nl = LocaleStemmer::new("nl-NL");
        assert_eq!(nl.stem("incidenten"), nl.stem("incident"));
        let tr = LocaleStemmer::new("tr-TR");
        assert_eq!(tr.stem("güvenlikler"), tr.stem("güvenlik"));
        assert_eq!(LocaleStemmer::new("xx").stem("abc"), "abc");
    }

    #[test]
    fn compounds_split_into_known_parts() {
        let vocab = ["wachtwoord", "beheerder", "veiligheid", "incident"];
        let known = |w: &str| vocab.contains(&w);
        assert_eq!(
            split_compound("wachtwoordbeheerder", known),
            Some(("wachtwoord".into(), "beheerder".into()))
        );
        assert_eq!(
            split_compound("veiligheidsincident", known),
            Some(("veiligheid".into(), "incident".into()))
        );
        assert_eq!(split_compound("onbekendwoord", known), None);
        assert_eq!(split_compound("kort", known), None);
    }

    #[test]
    fn html_text_keeps_what_a_reader_sees() {
        assert_eq!(
            html_text("<h2 id=\"a\">Fish &amp; chips</h2><p>a&lt;b <code>x</code></p>"),
            "Fish & chips a<b x"
        );
    }
}
