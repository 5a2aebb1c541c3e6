//! Text hygiene: control characters and bidi overrides that must not reach a page.
//!
//! A NUL, an ESC or a U+202E (right-to-left override) in a title shows a spoofed name in the
//! browser tab (`Evil <U+202E>gnp.exe` shows as `Evil exe.png`) or breaks tools that read the page. Sources are scanned once
//! (one [`LineIndex`] per file) and every such character is reported at its line and column;
//! the values that reach titles and attributes are cleaned with [`clean`]. Fluent's own bidi
//! isolation marks are added at formatting time, after the source was cleaned, so they stay.

use crate::diagnostics::{rule, Diagnostic, Diagnostics, LineIndex};
use std::path::Path;

/// Whether `c` is unwanted in text: C0 controls but tab, line feed and carriage return, DEL,
/// C1 controls, and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unwanted(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` without its unwanted characters (borrowed when it has none).
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_unwanted) {
        text.chars()
            .filter(|&c| !is_unwanted(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// How a character is named in a diagnostic.
fn name(c: char) -> String {
    let what = match c {
        '\0' => "NUL",
        '\u{1b}' => "ESC",
        '\u{202a}'..='\u{202e}' => "bidi override",
        '\u{2066}'..='\u{2069}' => "bidi isolate",
        _ => "control character",
    };
    format!("{what} U+{:04X}", c as u32)
}

/// Reports every unwanted character of `text` (the whole file `path`): NUL is an error (it
/// truncates text in many tools), the others warnings saying they are removed from titles
/// and attributes.
pub fn scan(path: &Path, text: &str, out: &mut Diagnostics) {
    let mut lines: Option<LineIndex> = None;
    for (offset, c) in text.char_indices().filter(|&(_, c)| is_unwanted(c)) {
        let index = lines.get_or_insert_with(|| LineIndex::new(text));
        let d = if c == '\0' {
            Diagnostic::error(path, format!("{} in the text", name(c)))
                .with_help("remove it; a NUL byte is never text")
        } else {
            Diagnostic::warning(
                path,
                format!(
                    "{} in the text; removed from titles and attributes",
                    name(c)
                ),
            )
            .with_help("remove it: it is invisible and can make text display as something else")
        };
        out.push(d.rule(rule::CONTROL_CHAR).at_index(index, offset));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_character_at_its_line_and_column_and_nul_as_an_error() {
        let mut d = Diagnostics::new();
        scan(
            Path::new("a.md"),
            "ok\nEvil \u{202e}gnp.exe\tx\u{1b}[31m\n\0",
            &mut d,
        );
        let found: Vec<_> = d.iter().map(|d| (d.line, d.column, d.is_error())).collect();
        assert_eq!(found, [(2, 6, false), (2, 16, false), (3, 1, true)]);
        assert!(d
            .iter()
            .next()
            .is_some_and(|d| d.message.contains("U+202E")));
    }

    #[test]
    fn clean_keeps_tabs_newlines_and_ordinary_text() {
        assert_eq!(clean("a\tb\nc\u{202e}d\u{85}e\u{2068}f"), "a\tb\ncdef");
        assert!(matches!(clean("نص عربي"), std::borrow::Cow::Borrowed(_)));
    }
}
