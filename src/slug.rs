//! Slugs: the URL segment of a page and the id of a heading.
//!
//! A slug is made readable in ASCII *for the text's language*, not by dropping what ASCII lacks:
//! Turkish dotted and dotless i both become `i` (and `İ` is not lowercased into `i̇`), Hungarian
//! `ő`/`ű` become `o`/`u`, German `ä` becomes `ae`, the Dutch `ij` digraph (and the `ĳ` ligature)
//! stays `ij`. Everything else is decomposed (NFD-style) with its accents removed; characters
//! with no Latin reading (Cyrillic, Arabic, CJK) are kept as they are, since a URL may hold them.

/// Makes a slug from `text` written in the language `lang` (a BCP 47 language subtag such as `tr`).
pub fn slugify(text: &str, lang: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let piece = transliterate(c, lang);
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

/// Lowercase ASCII reading of one character in language `lang`.
fn transliterate(c: char, lang: &str) -> String {
    if c.is_ascii() {
        return c.to_ascii_lowercase().to_string();
    }
    let german = lang == "de";
    let s: &str = match c {
        // Turkish and Azeri: both i's read as i. `İ`.to_lowercase() would give "i\u{307}".
        'ı' | 'İ' => "i",
        'ş' | 'Ş' | 'ș' | 'Ș' => "s",
        'ğ' | 'Ğ' => "g",
        'ç' | 'Ç' => "c",
        'ț' | 'Ț' => "t",
        'ĳ' | 'Ĳ' => "ij",
        'ä' | 'Ä' if german => "ae",
        'ö' | 'Ö' if german => "oe",
        'ü' | 'Ü' if german => "ue",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'ø' | 'Ø' => "o",
        'å' | 'Å' => "a",
        'œ' | 'Œ' => "oe",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'þ' | 'Þ' => "th",
        // Typographic dashes and quotes separate words like spaces do.
        '–' | '—' | '‘' | '’' | '“' | '”' | '„' | '«' | '»' | '\u{a0}' => " ",
        _ => return strip_accent(c).to_string(),
    };
    s.to_string()
}

/// The base letter of a precomposed Latin letter with diacritics (Latin-1 Supplement and Latin
/// Extended-A), e.g. `ő` → `o`. Other characters are returned unchanged.
fn strip_accent(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáâãäāăąÀÁÂÃÄĀĂĄ", 'a'),
        ("èéêëēĕėęěÈÉÊËĒĔĖĘĚ", 'e'),
        ("ìíîïĩīĭįÌÍÎÏĨĪĬĮ", 'i'),
        ("òóôõöōŏőÒÓÔÕÖŌŎŐ", 'o'),
        ("ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ", 'u'),
        ("ýÿŷÝŸŶ", 'y'),
        ("ñńņňÑŃŅŇ", 'n'),
        ("ćĉċčĆĈĊČ", 'c'),
        ("śŝšŚŜŠ", 's'),
        ("źżžŹŻŽ", 'z'),
        ("ďĎ", 'd'),
        ("ĝġģĜĠĢ", 'g'),
        ("ĥĤ", 'h'),
        ("ĵĴ", 'j'),
        ("ķĶ", 'k'),
        ("ĺļľĹĻĽ", 'l'),
        ("ŕŗřŔŖŘ", 'r'),
        ("ţťŢŤ", 't'),
        ("ŵŴ", 'w'),
    ];
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or(c, |&(_, base)| base)
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
}
