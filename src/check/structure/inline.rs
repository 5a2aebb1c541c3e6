//! Text-level recognizers the outline needs and pulldown-cmark does not provide: hand-written
//! paragraph numbers (`iv.`), bare URLs (CommonMark has no autolinking of plain URLs, but
//! readers and translators treat them as links) and link destinations made comparable.

use super::{Inline, InlineKind, Marker};
use std::ops::Range;

/// The leading numbering token of a paragraph's raw text: one to four letters (any script,
/// so a mangled `ı.` is still seen) followed by `.` or `)` and a space.
pub(super) fn paragraph_marker(raw: &str) -> Option<Marker> {
    let token = raw.split_whitespace().next()?;
    if token.len() == raw.trim_start().len() {
        return None; // the whole paragraph is one word: not a numbered paragraph
    }
    let body = token.strip_suffix(['.', ')'])?;
    let letters = body.chars().count();
    if !(1..=4).contains(&letters) || !body.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(Marker {
        text: token.to_string(),
        roman: roman_value(body),
    })
}

/// The value of a roman numeral from 1 to 39, all lower or all upper case; `None` for
/// anything else (including `ı`, `İ` and mixed case like `Ii`).
pub(super) fn roman_value(numeral: &str) -> Option<u32> {
    let lower = numeral.to_ascii_lowercase();
    if numeral != lower && numeral != numeral.to_ascii_uppercase() {
        return None;
    }
    (1..40).find(|&n| to_roman(n) == lower)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, digits) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A bare URL found in a block's raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundUrl {
    /// Byte offset of the URL in the scanned text.
    pub start: usize,
    pub url: String,
    pub glued: bool,
    pub after_link_text: bool,
}

/// Finds `http://` and `https://` URLs in `text[range]` outside the `excluded` ranges (links,
/// images, code spans, inline HTML). A URL ends at whitespace or `<`; character references
/// (`&#46;`, which authors use to stop autolinking) are decoded; trailing punctuation and
/// unbalanced closing brackets are dropped, as GitHub's autolinker does.
pub(super) fn bare_urls(
    text: &str,
    range: Range<usize>,
    excluded: &[Range<usize>],
) -> Vec<FoundUrl> {
    let mut found = Vec::new();
    let mut at = range.start;
    while let Some(start) = next_scheme(text, at, range.end) {
        let rest = &text[start..range.end];
        let end = start
            + rest
                .find(|c: char| c.is_whitespace() || c == '<')
                .unwrap_or(rest.len());
        at = end;
        if excluded.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let before = &text[..start];
        let glued = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || ")]}".contains(c));
        let after_link_text = before
            .strip_suffix('(')
            .is_some_and(|b| b.trim_end_matches([' ', '\t']).ends_with(']'));
        let url = trim_url(decode_references(&text[start..end]));
        found.push(FoundUrl {
            start,
            url,
            glued,
            after_link_text,
        });
    }
    found
}

fn next_scheme(text: &str, from: usize, end: usize) -> Option<usize> {
    let window = text.get(from..end)?;
    let http = window.find("http://");
    let https = window.find("https://");
    let first = match (http, https) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(from + first)
}

fn trim_url(mut url: String) -> String {
    while let Some(last) = url.chars().next_back() {
        let unbalanced = |open: char, close: char| {
            last == close && url.matches(close).count() > url.matches(open).count()
        };
        if "?!.,:;*_~'\"".contains(last) || unbalanced('(', ')') || unbalanced('[', ']') {
            url.pop();
        } else {
            break;
        }
    }
    url
}

/// Decodes numeric character references and `&amp;`; anything else is kept as written.
fn decode_references(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                    .ok()
                    .and_then(char::from_u32),
                Some(dec) => dec.parse().ok().and_then(char::from_u32),
                None if name == "amp" => Some('&'),
                None => None,
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A destination as compared between locales: a path segment that is a locale id
/// (`en-us`, `nl-NL`) may legitimately differ, so it is replaced by a placeholder.
pub(super) fn normalize_dest(dest: &str) -> String {
    dest.trim()
        .split('/')
        .map(|segment| {
            if is_locale_segment(segment) {
                "{locale}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_locale_segment(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_alphabetic())
}

/// Whether link text shows a URL: a sign that the URL slid into the text.
pub(super) fn shows_url(text: &str) -> bool {
    text.contains("://") || text.trim_start().starts_with("www.")
}

/// Kinds of inline elements, in the order of [`noun`]: link, image, bare URL, code span.
pub(super) fn class(i: &Inline) -> u8 {
    match i.kind {
        InlineKind::Link { .. } => 0,
        InlineKind::Image { .. } => 1,
        InlineKind::BareUrl { .. } => 2,
        InlineKind::Code { .. } => 3,
    }
}

/// What must survive translation: the normalized destination, URL or code.
pub(super) fn target(i: &Inline) -> String {
    match &i.kind {
        InlineKind::Link { dest, .. } | InlineKind::Image { dest } => normalize_dest(dest),
        InlineKind::BareUrl { url, .. } => normalize_dest(url),
        InlineKind::Code { code } => code.clone(),
    }
}

/// The element's name in messages.
pub(super) fn noun(i: &Inline) -> &'static str {
    ["link to", "image", "URL", "code"][class(i) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_roman_numerals() {
        let roman = |raw: &str| paragraph_marker(raw).and_then(|m| m.roman);
        assert_eq!(roman("iv. Do you have"), Some(4));
        assert_eq!(roman("XIV) Fourteen"), Some(14));
        assert_eq!(roman("Ii. Mixed case"), None);
        let mangled = paragraph_marker("ı. Sorun ve/veya").map(|m| (m.text, m.roman));
        assert_eq!(mangled, Some(("ı.".to_string(), None)));
        assert_eq!(paragraph_marker("e.g. not a marker"), None);
        assert_eq!(paragraph_marker("Hello world"), None);
        assert_eq!(paragraph_marker("iv."), None);
    }

    #[test]
    fn bare_urls_follow_autolink_rules() {
        let text = "calculator (https://example.org/a_(b)/c). See (mitre.org)https://x.org/3.0)vagy and [y] (http://z.org).";
        let urls = bare_urls(text, 0..text.len(), &[]);
        let got: Vec<(&str, bool, bool)> = urls
            .iter()
            .map(|u| (u.url.as_str(), u.glued, u.after_link_text))
            .collect();
        assert_eq!(
            got,
            vec![
                ("https://example.org/a_(b)/c", false, false),
                ("https://x.org/3.0)vagy", true, false),
                ("http://z.org", false, true),
            ]
        );
        let skipped = bare_urls(text, 0..text.len(), &[12..20, 0..0]);
        assert_eq!(skipped.len(), 2);
        let escaped = "- http://crl3&#46;digicert&#46;com and http://www&#46; Microsoft&#46;com &amp; http://a.b/?x=1&amp;y=&#x32;";
        let urls: Vec<String> = bare_urls(escaped, 0..escaped.len(), &[])
            .into_iter()
            .map(|u| u.url)
            .collect();
        assert_eq!(
            urls,
            vec![
                "http://crl3.digicert.com",
                "http://www",
                "http://a.b/?x=1&y=2"
            ]
        );
    }

    #[test]
    fn locale_segments_do_not_count() {
        assert_eq!(
            normalize_dest("https://docs.microsoft.com/en-us/azure/"),
            normalize_dest("https://docs.microsoft.com/nl-NL/azure/")
        );
        assert_ne!(normalize_dest("/azure/a.md"), normalize_dest("/azure/b.md"));
    }
}
