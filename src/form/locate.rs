//! Where a `key: value` pair is written in `form.yaml`.
//!
//! serde_yaml reports positions only for syntax and shape errors; once a value is read it is
//! plain data. Findings about values (a duplicate id, a condition naming a missing field) are
//! placed by finding the key and its value in the text, searching forward from the line of the
//! item they belong to.

/// Finds where a `key: value` pair is written in YAML text, for findings about values that
/// serde_yaml has already turned into plain data.
pub(super) struct Locator<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Locator<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Locator {
            lines: text.lines().collect(),
        }
    }

    /// 1-based (line, column) of the first `key:` at or after line `from` whose value holds
    /// `value` as a whole word (any value when `None`); `(from, 1)` when there is none.
    /// Keys are found at the start of a line (after `- `) and inside flow mappings
    /// (`{ field: category, equals: vulnerability }`).
    pub(super) fn find(&self, from: usize, key: &str, value: Option<&str>) -> (usize, usize) {
        let needle = format!("{key}:");
        for (i, line) in self.lines.iter().enumerate().skip(from.saturating_sub(1)) {
            let content = line.split(" #").next().unwrap_or("");
            for (pos, _) in content.match_indices(&needle) {
                let before = content[..pos].chars().last();
                if before.is_some_and(|c| !matches!(c, ' ' | '\t' | '{' | ',' | '-')) {
                    continue;
                }
                if value.is_none_or(|v| value_holds(&content[pos + needle.len()..], v)) {
                    return (i + 1, content[..pos].chars().count() + 1);
                }
            }
        }
        (from.max(1), 1)
    }
}

/// Whether the value written after a `key:` (a scalar, or a `[flow, list]`) has `word`.
fn value_holds(rest: &str, word: &str) -> bool {
    let rest = rest.trim_start();
    let region = match rest.strip_prefix('[') {
        Some(list) => list.split(']').next().unwrap_or(""),
        None => rest.split([',', '}']).next().unwrap_or(""),
    };
    region
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .any(|w| w == word)
}
