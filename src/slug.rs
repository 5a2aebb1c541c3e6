//! Slugs: the URL segment of a page and the id of a heading.
//!
//! A slug is made readable in ASCII *for the text's language*, not by dropping what ASCII lacks:
//! Turkish dotted and dotless i both become `i` (and `İ` is not lowercased into `i̇`), Hungarian
//! `ő`/`ű` become `o`/`u`, German `ä` becomes `ae`, the Dutch `ij` digraph (and the `ĳ` ligature)
//! stays `ij`. Every other Latin or Greek letter is decomposed (Unicode NFD) and loses its
//! combining marks, so Vietnamese `Tiếng Việt`, Polish `Zażółć` and Czech `Příliš` fold like any
//! Western text. Letters without a Latin reading (Cyrillic, Arabic, Devanagari, CJK) are kept as
//! they are, marks included: in those scripts a mark is part of the letter (Russian `й`,
//! Japanese `が`), and a URL may hold them.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Makes a slug from `text` written in the language `lang` (a BCP 47 language subtag such as `tr`).
pub fn slugify(text: &str, lang: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    // Whether the marks that follow belong to a letter we fold (and so are dropped).
    let mut folding = true;
    for c in text.nfc() {
        if is_combining_mark(c) {
            if !folding && !pending_dash && !out.is_empty() {
                out.push(c);
            }
            continue;
        }
        let (piece, folded) = transliterate(c, lang);
        folding = folded;
        for pc in piece.chars() {
            if pc.is_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.extend(pc.to_lowercase());
            } else if !out.is_empty() {
                pending_dash = true;
            }
        }
    }
    out
}

/// Keeps a slug unique within one page (or one locale) by appending `-2`, `-3`, ...
#[derive(Debug, Default)]
pub struct UniqueSlugs {
    seen: std::collections::HashSet<String>,
}

impl UniqueSlugs {
    pub fn claim(&mut self, slug: &str) -> String {
        let base = if slug.is_empty() { "section" } else { slug };
        let mut candidate = base.to_string();
        let mut n = 2;
        while !self.seen.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

/// Lowercase ASCII reading of one character in language `lang`, and whether it was folded to
/// Latin (its combining marks are then dropped too); other scripts come back unchanged.
fn transliterate(c: char, lang: &str) -> (String, bool) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase().to_string(), true);
    }
    let german = lang == "de";
    let s: &str = match c {
        // Turkish and Azeri: both i's read as i. `İ`.to_lowercase() would give "i\u{307}".
        'ı' | 'İ' => "i",
        'ĳ' | 'Ĳ' => "ij",
        'ä' | 'Ä' if german => "ae",
        'ö' | 'Ö' if german => "oe",
        'ü' | 'Ü' if german => "ue",
        // Letters NFD does not decompose: their stroke or ligature is part of the glyph.
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'ø' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'ħ' | 'Ħ' => "h",
        'þ' | 'Þ' => "th",
        // Typographic dashes and quotes separate words like spaces do.
        '–' | '—' | '‘' | '’' | '“' | '”' | '„' | '«' | '»' | '\u{a0}' => " ",
        _ => return fold_marks(c),
    };
    (s.to_string(), true)
}

/// A Latin or Greek letter without its diacritics (`ő` → `o`, `ế` → `e`, `ά` → `α`); any other
/// character unchanged and not folded.
fn fold_marks(c: char) -> (String, bool) {
    let mut base = None;
    decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    match base.filter(|&b| is_latin_or_greek(b)) {
        Some(b) => (b.to_string(), true),
        None => (c.to_string(), false),
    }
}

/// Letters whose accents are diacritics to fold, by Unicode block.
fn is_latin_or_greek(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z'
        | '\u{c0}'..='\u{24f}'    // Latin-1 Supplement, Latin Extended-A and -B
        | '\u{370}'..='\u{3ff}'   // Greek and Coptic
        | '\u{1e00}'..='\u{1eff}' // Latin Extended Additional (Vietnamese)
        | '\u{1f00}'..='\u{1fff}' // Greek Extended
        | '\u{2c60}'..='\u{2c7f}' | '\u{a720}'..='\u{a7ff}')
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn turkish_dotted_and_dotless_i() {
        assert_eq!(slugify("İstanbul'da Işık", "tr"), "istanbul-da-isik");
        assert_eq!(
            slugify("Güvenlik olay destek bileti günlüğe kaydetme", "tr"),
            "guvenlik-olay-destek-bileti-gunluge-kaydetme"
        );
    }

    #[test]
    fn hungarian_double_acute() {
        assert_eq!(
            slugify("Útmutató a biztonsági eseményekről – jegyek", "hu"),
            "utmutato-a-biztonsagi-esemenyekrol-jegyek"
        );
        assert_eq!(slugify("Őrző ÜŰ", "hu"), "orzo-uu");
    }

    #[test]
    fn dutch_ij_stays_a_digraph() {
        assert_eq!(slugify("IJsselmeer en ĳs", "nl"), "ijsselmeer-en-ijs");
    }

    #[test]
    fn german_umlauts_by_language() {
        assert_eq!(slugify("Größe über", "de"), "groesse-ueber");
        assert_eq!(slugify("Größe über", "tr"), "grosse-uber");
    }

    #[test]
    fn punctuation_collapses_and_non_latin_is_kept() {
        assert_eq!(
            slugify("  How to: log a ticket?! ", "en"),
            "how-to-log-a-ticket"
        );
        assert_eq!(slugify("Привет мир", "ru"), "привет-мир");
        assert_eq!(slugify("../../etc", "en"), "etc");
    }

    #[test]
    fn diacritics_fold_beyond_western_europe() {
        assert_eq!(
            slugify("Hướng dẫn ghi nhật ký sự cố bảo mật", "vi"),
            "huong-dan-ghi-nhat-ky-su-co-bao-mat"
        );
        assert_eq!(slugify("Zażółć gęślą jaźń", "pl"), "zazolc-gesla-jazn");
        assert_eq!(
            slugify("Příliš žluťoučký kůň úpěl ďábelské ódy", "cs"),
            "prilis-zlutoucky-kun-upel-dabelske-ody"
        );
        assert_eq!(slugify("Ελληνικά άρθρα", "el"), "ελληνικα-αρθρα");
        assert_eq!(slugify("Şifre ve ţară", "ro"), "sifre-ve-tara");
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        assert_eq!(slugify("Cafe\u{301} Vie\u{302}\u{323}t", "fr"), "cafe-viet");
    }

    #[test]
    fn marks_of_other_scripts_are_part_of_the_letter() {
        assert_eq!(slugify("Мой йогурт", "ru"), "мой-йогурт");
        assert_eq!(slugify("ガイド", "ja"), "ガイド");
        assert_eq!(slugify("हिन्दी लेख", "hi"), "हिन्दी-लेख");
    }
}
