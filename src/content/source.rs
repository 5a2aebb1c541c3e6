//! Reading one Markdown source: bytes in, clean text with its front matter split off.
//!
//! Real translation files arrive with a UTF-8 BOM, CRLF line endings or broken bytes. Those are
//! repaired (BOM, CRLF) or refused (invalid UTF-8, missing or unterminated front matter) here, so
//! every later stage sees LF-only text and line numbers that match the file in an editor.

use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::yaml::{Positions, Step};
use std::path::{Path, PathBuf};

/// A source file split into front matter and body. Lines are 1-based file lines. Serde for
/// the content cache ([`super::ContentCache`]), which keeps the text of unchanged files.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SourceText {
    pub path: PathBuf,
    /// The whole file, BOM removed, line endings LF.
    pub text: String,
    /// Where the YAML between the `---` fences is in `text`.
    front_matter_range: std::ops::Range<usize>,
    /// File line of the first front-matter line (the line after the opening `---`).
    pub front_matter_line: usize,
    /// Byte offset of the body in `text`.
    pub body_offset: usize,
    /// File line where the body starts.
    pub body_line: usize,
}

impl SourceText {
    /// The YAML between the `---` fences (empty once released).
    pub fn front_matter(&self) -> &str {
        self.text
            .get(self.front_matter_range.clone())
            .unwrap_or_default()
    }

    /// Where the front matter's keys are written (nothing when it is not valid YAML).
    pub fn front_matter_positions(&self) -> Positions {
        Positions::index(self.front_matter()).unwrap_or_default()
    }

    /// The file line of front-matter `key`, given the [`SourceText::front_matter_positions`];
    /// the front matter's first line when the key is absent.
    pub fn key_line(&self, positions: &Positions, key: &str) -> usize {
        self.front_matter_line + positions.nearest(&[Step::Key(key)]).line - 1
    }

    /// The file line of top-level front-matter `key` when one line alone starts with it (a
    /// top-level key starts its line; anything nested is indented): no YAML to index, for
    /// callers that ask one key of thousands of pages. `None` when the text does not say so
    /// plainly; then ask [`SourceText::key_line`].
    pub fn plain_key_line(&self, key: &str) -> Option<usize> {
        let mut found = None;
        for (i, line) in self.front_matter().lines().enumerate() {
            let Some(rest) = line.strip_prefix(key) else {
                continue;
            };
            if rest.trim_start_matches([' ', '\t']).starts_with(':') {
                if found.is_some() {
                    return None;
                }
                found = Some(self.front_matter_line + i);
            }
        }
        found
    }

    /// The Markdown after the front matter (empty once [`SourceText::release`]d).
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or_default()
    }

    /// Frees the text once every stage that reads it has run (a large site holds tens of MB
    /// of Markdown otherwise). Lines and offsets stay, the text is gone.
    pub fn release(&mut self) {
        self.text = String::new();
    }

    /// A released copy (see [`SourceText::release`]), made without copying the text.
    pub fn released(&self) -> SourceText {
        SourceText {
            path: self.path.clone(),
            text: String::new(),
            front_matter_range: self.front_matter_range.clone(),
            front_matter_line: self.front_matter_line,
            body_offset: self.body_offset,
            body_line: self.body_line,
        }
    }

    /// A text without front matter whose Markdown starts at `body_offset` (an included file,
    /// or a part of a page rendered on its own): lines stay those of `path`.
    pub fn fragment(path: PathBuf, text: String, body_offset: usize) -> SourceText {
        let body_offset = body_offset.min(text.len());
        let body_line = text
            .get(..body_offset)
            .map_or(0, |t| t.matches('\n').count())
            + 1;
        SourceText {
            path,
            text,
            front_matter_range: 0..0,
            front_matter_line: 1,
            body_offset,
            body_line,
        }
    }

    /// Decodes and splits a file's bytes (read by the content stage through
    /// [`crate::input::SiteFs`]). Warnings (BOM, CRLF) go to `diagnostics`; errors are returned.
    pub fn parse(
        bytes: Vec<u8>,
        path: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Result<SourceText, Diagnostic> {
        let text = decode(bytes, path, diagnostics)?;
        crate::text_hygiene::scan(path, &text, diagnostics);
        split(text, path)
    }
}

fn decode(
    bytes: Vec<u8>,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let shown = String::from_utf8_lossy(&bytes).into_owned();
            return Err(Diagnostic::error(
                path,
                format!(
                    "invalid UTF-8 (byte 0x{:02X} at offset {valid})",
                    bytes[valid]
                ),
            )
            .rule(rule::ENCODING)
            .at_line_of(&shown, line, column)
            .with_help("save the file as UTF-8"));
        }
    };
    if let Some(stripped) = text.strip_prefix('\u{feff}') {
        diagnostics.push(
            Diagnostic::warning(path, "file starts with a UTF-8 byte-order mark; ignored")
                .rule(rule::ENCODING)
                .at(1, 1)
                .with_help("save the file as UTF-8 without BOM"),
        );
        text = stripped.to_string();
    }
    if text.contains('\r') {
        let line = text[..text.find('\r').unwrap_or(0)].matches('\n').count() + 1;
        diagnostics.push(
            Diagnostic::warning(path, "CRLF or CR line endings; read as LF")
                .rule(rule::ENCODING)
                .at(line, 0)
                .with_help("configure your editor or git (`core.autocrlf`) to keep LF"),
        );
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}

fn split(text: String, path: &Path) -> Result<SourceText, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            "missing front matter: the file must start with a `---` line",
        )
        .rule(rule::FRONT_MATTER)
        .at_line_of(&text, 1, 1)
        .with_help("add `---`, `title: ...`, `---` at the top of the file"));
    }
    let fm_start = first_line.len() + 1;
    let mut offset = fm_start.min(text.len());
    for (line_no, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let front_matter_range = fm_start..offset;
            let body_offset = offset + line.len();
            return Ok(SourceText {
                path: path.to_path_buf(),
                front_matter_range,
                front_matter_line: 2,
                body_offset,
                body_line: line_no + 1,
                text,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, "unterminated front matter: no closing `---` line")
            .rule(rule::FRONT_MATTER)
            .at_line_of(&text, 1, 1)
            .with_help("close the front matter with a line holding only `---`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> (Result<SourceText, Diagnostic>, Diagnostics) {
        let mut d = Diagnostics::new();
        (
            SourceText::parse(bytes.to_vec(), Path::new("a.md"), &mut d),
            d,
        )
    }

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let (s, d) = parse(b"---\ntitle: T\n---\n# Head\n");
        let s = s.unwrap();
        assert!(d.is_empty());
        assert_eq!(s.front_matter(), "title: T\n");
        assert_eq!(s.body(), "# Head\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn a_plainly_written_key_gives_the_line_the_yaml_index_gives() {
        let cases: [&[u8]; 5] = [
            b"---\ntitle: T\nms.openlocfilehash: abc\n---\nbody\n",
            b"---\ntitle: T\nms.openlocfilehash   : abc\n---\nbody\n",
            b"---\nms.openlocfilehash: abc\ndescription: |\n  x\n---\nbody\n",
            b"---\ntitle: T\n---\nbody\n",
            b"---\nms.openlocfilehash: a\nms.openlocfilehash: b\n---\nbody\n",
        ];
        let key = "ms.openlocfilehash";
        for bytes in cases {
            let s = parse(bytes).0.unwrap();
            let indexed = s.key_line(&s.front_matter_positions(), key);
            let plain = s.plain_key_line(key);
            if let Some(line) = plain {
                assert_eq!(line, indexed, "{}", String::from_utf8_lossy(bytes));
            }
            // Absent or written twice: not plain, the YAML index decides.
            let plainly_once = s.front_matter().matches(key).count() == 1;
            assert_eq!(plain.is_some(), plainly_once);
        }
        let s = parse(b"---\ntitle: T\n---\nbody\n").0.unwrap();
        assert_eq!(s.plain_key_line("title"), Some(2));
    }

    #[test]
    fn bom_and_crlf_are_repaired_with_warnings() {
        let (s, d) = parse("\u{feff}---\r\ntitle: T\r\n---\r\nbody\r\n".as_bytes());
        let s = s.unwrap();
        assert_eq!(s.body(), "body\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let (s, _) = parse(b"---\ntitle: T\n---\nok\nbad \xff here\n");
        let e = s.unwrap_err();
        assert_eq!(e.line, 5);
        assert_eq!(e.column, 5);
        assert!(e.message.contains("0xFF"));
    }

    #[test]
    fn missing_and_unterminated_front_matter() {
        assert!(parse(b"# no front matter\n")
            .0
            .unwrap_err()
            .message
            .contains("missing front matter"));
        assert!(parse(b"---\ntitle: T\n# body\n")
            .0
            .unwrap_err()
            .message
            .contains("unterminated"));
        assert!(parse(b"").0.is_err());
    }
}
