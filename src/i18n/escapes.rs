//! A guard for the Fluent parser: fluent-syntax 0.12 panics on a `\u` or `\U` escape cut short
//! by a non-ASCII character (`{"\Uପ"}`): to quote the bad sequence in its error it slices the
//! text one byte past the last hex digit, inside that character. Every `.ftl` text goes through
//! [`defused`] before any parser sees it, so such a file gets the parser's own error (an
//! invalid escape at its line) instead of a crash.

use std::borrow::Cow;

/// `text` with the character that cuts each short `\u`/`\U` escape replaced by as many `?` as
/// it has bytes: byte offsets stay as they were, and the parser then reports the escape as
/// invalid. Borrowed when there is none (the usual case).
pub fn defused(text: &str) -> Cow<'_, str> {
    let cuts = cut_escapes(text);
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (at, len) in cuts {
        out.push_str(&text[from..at]);
        out.extend(std::iter::repeat_n('?', len));
        from = at + len;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Where a short escape is cut by a non-ASCII character: that character's byte offset and
/// length, in order.
fn cut_escapes(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let digits = match (bytes[i], bytes[i + 1]) {
            (b'\\', b'u') => 4,
            (b'\\', b'U') => 6,
            (b'\\', _) => {
                // An escaped backslash or quote: the next byte is not an escape's start.
                i += 2;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i + 2;
        let hex = bytes[start..]
            .iter()
            .take(digits)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let next = start + hex;
        if hex < digits && next < bytes.len() && !bytes[next].is_ascii() {
            let len = text[next..].chars().next().map_or(1, char::len_utf8);
            cuts.push((next, len));
            i = next + len;
        } else {
            i = next.max(i + 2);
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_escape_cut_by_a_wide_character_parses_to_an_error_not_a_panic() {
        for text in [
            "a = {\"\\Uପ\"}\n",
            "a = {\"\\u12é\"}\n",
            "a = {\"\\U0001𐤱\"}\n",
        ] {
            let safe = defused(text);
            assert_eq!(safe.len(), text.len(), "offsets stay");
            assert!(matches!(safe, Cow::Owned(_)));
            let parsed = fluent_syntax::parser::parse(safe.as_ref());
            assert!(parsed.is_err(), "the escape is reported: {text:?}");
        }
    }

    #[test]
    fn good_escapes_and_plain_text_are_left_alone() {
        for text in [
            "a = {\"\\u00A0\"} ő ű ı ş\n",
            "a = {\"\\U01F602\"}\n",
            "a = {\"\\\\u\"}é\n",
            "a = \\Uu\n",
            "",
        ] {
            assert!(matches!(defused(text), Cow::Borrowed(_)), "{text:?}");
        }
    }
}
