//! Mixed-direction text in rendered HTML: marking text that fell back to another locale, and
//! isolating left-to-right runs (URLs, CVE IDs, CVSS vectors) inside any text.
//!
//! A template function cannot return markup (tera escapes it), and the same `t()` call may sit
//! in text, in an attribute or in `<title>`. So the i18n layer wraps fallback text in
//! invisible markers ([`mark_fallback`]) and, once a page is rendered, [`resolve_fallback_marks`]
//! turns each marked run in text into `<span lang=".." dir="..">` and drops the markers where
//! markup cannot go (inside a tag, in `<title>`): attributes cannot be wrapped. A `data-*`
//! attribute whose value is all fallback text (a message the form's script shows) gets
//! `data-*-lang` and `data-*-dir` beside it instead. Leaf module: imports nothing of the
//! pipeline.

/// Unicode noncharacters, never valid in interchange, used as in-process markers only.
const OPEN: char = '\u{FDD0}';
const SEP: char = '\u{FDD1}';
const CLOSE: char = '\u{FDD2}';

/// Wraps `text` (formatted in the fallback locale `tag`, written in `dir`) in markers that
/// [`resolve_fallback_marks`] turns into a `lang`/`dir` wrapper.
pub fn mark_fallback(tag: &str, dir: &str, text: &str) -> String {
    format!("{OPEN}{tag} {dir}{SEP}{text}{CLOSE}")
}

/// Whether `text` holds any marker: most pages hold none, and are then kept as they are.
pub fn has_marks(text: &str) -> bool {
    // OPEN, SEP and CLOSE are U+FDD0..=U+FDD2: EF B7 90..=92 in UTF-8.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == 0xEF) {
        let i = from + at;
        if bytes.get(i + 1) == Some(&0xB7) && matches!(bytes.get(i + 2), Some(0x90..=0x92)) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Removes every fallback marker (for output that is not HTML text: XML, JSON, attributes).
pub fn strip_fallback_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            OPEN => {
                // Skip the header up to SEP.
                for h in chars.by_ref() {
                    if h == SEP {
                        break;
                    }
                }
            }
            SEP | CLOSE => {}
            c => out.push(c),
        }
    }
    out
}

/// Turns marked fallback runs in a rendered HTML page into `<span lang dir>` where they are
/// text, and drops the markers inside tags (attributes) and in `<title>`; a `data-*` attribute
/// that is all fallback text gets `-lang`/`-dir` companions for the script that shows it.
/// A marker without a well-formed header (a locale tag and `ltr`/`rtl`) or an unmatched close is dropped.
pub fn resolve_fallback_marks(html: &str) -> String {
    if !html.contains(OPEN) {
        return strip_fallback_marks(html);
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut open: Vec<bool> = Vec::new();
    let mut in_tag = false;
    let mut in_title = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match c {
            OPEN => {
                let header_end = rest.find(SEP);
                let header = header_end.map(|e| &rest[len..e]);
                if in_tag {
                    if let Some((value, companion, used)) = data_attribute_run(&out, rest) {
                        out.push_str(&value);
                        out.push('"');
                        out.push_str(&companion);
                        rest = &rest[used..];
                        continue;
                    }
                }
                let span = header
                    .and_then(parse_header)
                    .filter(|_| !in_tag && !in_title);
                if let Some((tag, dir)) = span {
                    out.push_str(&format!("<span lang=\"{tag}\" dir=\"{dir}\">"));
                }
                open.push(span.is_some());
                rest = match header_end {
                    Some(e) => &rest[e + SEP.len_utf8()..],
                    None => &rest[len..],
                };
                continue;
            }
            CLOSE => {
                if open.pop() == Some(true) {
                    out.push_str("</span>");
                }
            }
            SEP => {}
            '<' => {
                in_tag = true;
                let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
                if lower.starts_with("<title") {
                    in_title = true;
                } else if lower.starts_with("</title") {
                    in_title = false;
                }
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[len..];
    }
    out
}

/// At a marker inside a tag: when it opens the value of a `data-*` attribute and its run
/// spans the whole value, the value without markers and the companion attributes
/// ` data-x-lang="en-US" data-x-dir="ltr"` that tell a script showing the value which
/// language it is in (`static/js/lang.js`, `TolkLang.attr`), and how many bytes of `rest`
/// that used, the closing quote included. Runs nested inside take the outer run's language;
/// a run inside other text of an attribute is only stripped: an attribute cannot say which
/// part of it is in which language.
fn data_attribute_run(out: &str, rest: &str) -> Option<(String, String, usize)> {
    let before = out.strip_suffix("=\"")?;
    let name = &before[before.rfind(|c: char| c.is_ascii_whitespace())? + 1..];
    let plain_name = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !name.starts_with("data-") || !plain_name {
        return None;
    }
    let end = rest.find('"')?;
    let value = &rest[..end];
    let (tag, dir) = whole_run(value)?;
    let companion = format!(" {name}-lang=\"{tag}\" {name}-dir=\"{dir}\"");
    Some((strip_fallback_marks(value), companion, end + 1))
}

/// The language of a value that is one marked run from its first character to its last.
fn whole_run(value: &str) -> Option<(&str, &str)> {
    let body = value.strip_prefix(OPEN)?;
    let (tag, dir) = parse_header(&body[..body.find(SEP)?])?;
    let mut depth = 0usize;
    for (i, c) in value.char_indices() {
        match c {
            OPEN => depth += 1,
            CLOSE => {
                depth = depth.checked_sub(1)?;
                if depth == 0 && i + c.len_utf8() != value.len() {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 0).then_some((tag, dir))
}

/// `"en-US ltr"` → (`en-US`, `ltr`), when the tag is a plain BCP 47 tag.
fn parse_header(header: &str) -> Option<(&str, &str)> {
    let (tag, dir) = header.split_once(' ')?;
    let tag_ok = !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (tag_ok && matches!(dir, "ltr" | "rtl")).then_some((tag, dir))
}

/// A piece of text: either ordinary, or a left-to-right token to isolate.
#[derive(Debug, PartialEq, Eq)]
pub enum Run<'a> {
    Text(&'a str),
    Ltr(&'a str),
}

/// Splits `text` around tokens that are always written left to right whatever the language
/// around them: URLs, CVE IDs and CVSS vectors. Surrounding punctuation (a bracket before, a
/// full stop or bracket after) stays outside, so it takes the direction of the sentence.
pub fn ltr_runs(text: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let mut done = 0;
    for (start, word) in words(text) {
        let lead = word.len() - word.trim_start_matches(['(', '[', '"', '«', '“']).len();
        let token = word[lead..].trim_end_matches([
            '.', ',', ';', ':', ')', ']', '!', '?', '"', '»', '”', '،', '؛',
        ]);
        if token.is_empty() || !is_ltr_token(token) {
            continue;
        }
        let token_start = start + lead;
        if token_start > done {
            runs.push(Run::Text(&text[done..token_start]));
        }
        runs.push(Run::Ltr(token));
        done = token_start + token.len();
    }
    if done < text.len() {
        runs.push(Run::Text(&text[done..]));
    }
    runs
}

/// Whitespace-separated words with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

fn is_ltr_token(token: &str) -> bool {
    let upper = token.get(..5).unwrap_or("").to_ascii_uppercase();
    token.starts_with("https://")
        || token.starts_with("http://")
        || upper == "CVSS:"
        || (upper.starts_with("CVE-") && token[4..].starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_found_among_other_three_byte_characters() {
        assert!(!has_marks("plain ő ﷏ \u{FDD3} text"));
        for c in [OPEN, SEP, CLOSE] {
            assert!(has_marks(&format!("ﷀ x{c}")), "{c:?}");
        }
    }

    #[test]
    fn fallback_text_is_wrapped_in_text_and_bare_in_attributes_and_titles() {
        let m = mark_fallback("en-US", "ltr", "Ready to report?");
        let html = format!("<title>{m}</title><p title=\"{m}\">{m}</p>");
        assert_eq!(
            resolve_fallback_marks(&html),
            "<title>Ready to report?</title><p title=\"Ready to report?\">\
             <span lang=\"en-US\" dir=\"ltr\">Ready to report?</span></p>"
        );
    }

    #[test]
    fn a_data_attribute_that_is_all_fallback_says_its_language_beside_it() {
        let m = mark_fallback("en-US", "ltr", "Enter your name");
        let label = mark_fallback("en-US", "ltr", "Name");
        let nested = mark_fallback("en-US", "ltr", &format!("{label} is too long"));
        let html = format!(
            "<div data-msg-required=\"{m}\" data-msg-too-long=\"{nested}\" \
             data-mixed=\"x {m}\" title=\"{m}\">"
        );
        assert_eq!(
            resolve_fallback_marks(&html),
            "<div data-msg-required=\"Enter your name\" data-msg-required-lang=\"en-US\" \
             data-msg-required-dir=\"ltr\" data-msg-too-long=\"Name is too long\" \
             data-msg-too-long-lang=\"en-US\" data-msg-too-long-dir=\"ltr\" \
             data-mixed=\"x Enter your name\" title=\"Enter your name\">"
        );
    }

    #[test]
    fn stray_or_malformed_markers_leave_no_markup() {
        let html = format!("<p>{CLOSE}a{OPEN}x\" onclick=\"y ltr{SEP}b{CLOSE}{OPEN}c</p>");
        let out = resolve_fallback_marks(&html);
        assert_eq!(out, "<p>abc</p>");
        assert_eq!(strip_fallback_marks(&mark_fallback("ar", "rtl", "z")), "z");
    }

    #[test]
    fn urls_cve_ids_and_vectors_are_ltr_runs_without_their_punctuation() {
        let text =
            "راجع (https://www.first.org/cvss/calculator/3.0). و CVE-2024-1234، CVSS:3.1/AV:N.";
        let ltr: Vec<&str> = ltr_runs(text)
            .into_iter()
            .filter_map(|r| match r {
                Run::Ltr(t) => Some(t),
                Run::Text(_) => None,
            })
            .collect();
        assert_eq!(
            ltr,
            [
                "https://www.first.org/cvss/calculator/3.0",
                "CVE-2024-1234",
                "CVSS:3.1/AV:N"
            ]
        );
        let joined: String = ltr_runs(text)
            .into_iter()
            .map(|r| match r {
                Run::Ltr(t) | Run::Text(t) => t,
            })
            .collect();
        assert_eq!(joined, text);
        assert_eq!(ltr_runs("no tokens here"), [Run::Text("no tokens here")]);
    }
}
