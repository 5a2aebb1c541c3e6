//! The source hash: which version of a source page a translation was made from.
//!
//! A translation records the hash of the source page it translates in its front matter as
//! `ms.openlocfilehash` (40 lowercase hex digits, the same shape as the values Microsoft's
//! localization pipeline writes). `tolk check` recomputes the hash of the current source page;
//! when the two differ, the source has changed since the translation was made and the
//! translation is stale. The hash must therefore ignore what editors and version control
//! change behind the writer's back (line endings, a BOM, trailing spaces) and change with
//! everything a reader can see.
//!
//! # Definition
//!
//! The hash is computed over the page's Markdown **body**: the text after the closing `---`
//! line of the YAML front matter (the whole file when it has no front matter). The front
//! matter is excluded so that editing metadata (dates, authors, the hash itself) never makes
//! translations stale. The body is normalized, then hashed:
//!
//! 1. A UTF-8 byte order mark (U+FEFF) at the very start is removed.
//! 2. Line endings are unified: every CR LF pair, then every remaining lone CR, becomes LF.
//! 3. The text is split into lines at LF. From the end of each line, spaces (U+0020) and
//!    tabs (U+0009) are removed; no other character is.
//! 4. Blank lines (empty after step 3) at the start and at the end of the body are removed,
//!    so it does not matter whether the front matter splitter keeps the newline after `---`
//!    or whether the file ends with one newline, several or none.
//! 5. The remaining lines are joined with a single LF between them and no LF after the last
//!    one. An empty or all-blank body becomes the empty string.
//! 6. The result is SHA-1 over its UTF-8 bytes, written as 40 lowercase hexadecimal digits.
//!
//! Equivalent in Python, for scripts and for checking this implementation:
//!
//! ```text
//! import hashlib
//! def source_hash(body: str) -> str:
//!     body = body.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
//!     lines = [line.rstrip(" \t") for line in body.split("\n")]
//!     while lines and lines[0] == "": lines.pop(0)
//!     while lines and lines[-1] == "": lines.pop()
//!     return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()
//! ```

/// The normalized text the hash is computed over (steps 1-5 of the module docs). Public so
/// that `tolk check` can show what was hashed when a hash looks wrong.
pub fn normalize_body(body: &str) -> String {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let unified = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified
        .split('\n')
        .map(|line| line.trim_end_matches([' ', '\t']))
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// The source hash of a page body (front matter already removed), as 40 lowercase hex
/// digits. See the module docs for the exact definition.
pub fn source_hash(body: &str) -> String {
    sha1_smol::Sha1::from(normalize_body(body))
        .digest()
        .to_string()
}

/// Whether `value` has the shape of a recorded source hash (40 hex digits), so a malformed
/// `ms.openlocfilehash` can be reported as such instead of as "source changed".
pub fn is_source_hash(value: &str) -> bool {
    value.len() == 40 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_value_matches_python_hashlib() {
        // python3 -c 'import hashlib; print(hashlib.sha1(b"# Title\n\nSome text.").hexdigest())'
        let body = "\u{feff}# Title  \r\n\r\nSome text.\t\r\n\r\n\r\n";
        assert_eq!(normalize_body(body), "# Title\n\nSome text.");
        assert_eq!(
            source_hash(body),
            "12c92c9e072a8c1886a2a532e8c13d14778796fb"
        );
    }

    #[test]
    fn line_endings_and_trailing_space_do_not_matter() {
        let lf = "# Steps\n\n1. Sign in.\n2. Open the form.\n";
        let crlf = "# Steps\r\n\r\n1. Sign in.   \r\n2. Open the form.\r\n\r\n";
        let cr = "\u{feff}# Steps\r\r1. Sign in.\r2. Open the form.\r";
        assert_eq!(source_hash(lf), source_hash(crlf));
        assert_eq!(source_hash(lf), source_hash(cr));
    }

    #[test]
    fn visible_changes_change_the_hash() {
        let base = source_hash("1. Sign in.\n2. Open the form.");
        assert_ne!(base, source_hash("1. Sign in.\n2. Open the forms."));
        assert_ne!(base, source_hash("1. Sign in.\n\n2. Open the form."));
        assert_ne!(base, source_hash("  1. Sign in.\n2. Open the form."));
        assert_eq!(base.len(), 40);
        assert!(is_source_hash(&base));
        assert!(!is_source_hash("fc5899fe5aca4bbaa9250cf41b240816e2cbedb"));
        assert!(!is_source_hash("zc5899fe5aca4bbaa9250cf41b240816e2cbedb0"));
    }

    #[test]
    fn empty_and_blank_bodies_hash_like_the_empty_string() {
        let empty = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        assert_eq!(source_hash(""), empty);
        assert_eq!(source_hash("\u{feff}\r\n \t\n\n"), empty);
    }
}
