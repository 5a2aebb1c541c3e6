//! Applying suggested repairs to a file: the text edits, the file's own encoding kept, the
//! write atomic, and the change shown as a unified diff.
//!
//! `tolk fix` must leave a translator's file exactly as it was except inside the repaired
//! spans: a BOM stays, CRLF stays CRLF, front matter is never touched, and a crash mid-write
//! leaves the old file or the new one, never half of each (temporary file in the same folder,
//! then a rename). A suggestion applies only where the file still reads what the check saw.

use crate::diagnostics::Suggestion;
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why an edit could not be made; every variant names the line.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("line {line}: the text is no longer `{expected}`; run `tolk check` again")]
    Changed { line: usize, expected: String },
    #[error("line {line}: the repair would change the front matter; tolk fix leaves it alone")]
    FrontMatter { line: usize },
    #[error("mixed or CR-only line endings; save the file with LF or CRLF first")]
    LineEndings,
    #[error("not UTF-8; save the file as UTF-8 first")]
    NotUtf8,
}

/// The edits that were made and those left out because they overlap one made before.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub applied: Vec<Suggestion>,
    pub overlapping: Vec<Suggestion>,
}

/// Applies `suggestions` to `text` (the file as `check` reads it). Spans before `body_offset`
/// (the front matter) are refused; identical suggestions count once; of two overlapping ones
/// the first in the file is applied and the other left for a later run.
pub fn apply(
    text: &str,
    body_offset: usize,
    suggestions: &[Suggestion],
) -> Result<Applied, EditError> {
    let mut sorted: Vec<&Suggestion> = suggestions.iter().collect();
    sorted.sort_by_key(|s| (s.span.start, s.span.end));
    sorted.dedup_by(|a, b| a == b);
    let mut out = Applied::default();
    let mut kept: Vec<&Suggestion> = Vec::new();
    for s in sorted {
        if s.span.start < body_offset {
            return Err(EditError::FrontMatter { line: s.line });
        }
        if text.get(s.span.clone()) != Some(s.original.as_str()) {
            return Err(EditError::Changed {
                line: s.line,
                expected: s.original.clone(),
            });
        }
        let overlaps = kept.last().is_some_and(|k| {
            s.span.start < k.span.end || (s.span.start == k.span.start && s.span.is_empty())
        });
        if overlaps {
            out.overlapping.push(s.clone());
        } else {
            kept.push(s);
        }
    }
    let mut result = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for s in &kept {
        result.push_str(&text[at..s.span.start]);
        result.push_str(&s.replacement);
        at = s.span.end;
    }
    result.push_str(&text[at..]);
    out.text = result;
    out.applied = kept.into_iter().cloned().collect();
    Ok(out)
}

/// How a file's bytes differ from the text `check` reads: a BOM, CRLF line endings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    pub bom: bool,
    pub crlf: bool,
}

impl Encoding {
    /// The file's text as `check` reads it (no BOM, LF), and how to write it back.
    pub fn decode(bytes: &[u8]) -> Result<(Encoding, String), EditError> {
        let text = std::str::from_utf8(bytes).map_err(|_| EditError::NotUtf8)?;
        let (bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let crs = text.matches('\r').count();
        let crlfs = text.matches("\r\n").count();
        let lfs = text.matches('\n').count();
        let crlf = match (crs, crlfs) {
            (0, _) => false,
            (c, l) if c == l && l == lfs => true,
            _ => return Err(EditError::LineEndings),
        };
        Ok((Encoding { bom, crlf }, text.replace("\r\n", "\n")))
    }

    /// The bytes to write for `text` (LF) in this encoding.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let body = if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        let bom = if self.bom { "\u{feff}" } else { "" };
        format!("{bom}{body}").into_bytes()
    }
}

/// Replaces `path` with `bytes` atomically: a new temporary file beside it (same folder, so
/// the rename never crosses file systems), flushed to disk, then renamed over the original.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temporary_beside(path)?;
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn temporary_beside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = format!(
        ".{}.tolk-fix-{}",
        name.to_string_lossy(),
        std::process::id()
    );
    Ok(path.with_file_name(tmp))
}

/// A unified diff of `old` and `new` (three lines of context), headed `a/<path>`, `b/<path>`;
/// empty when they are equal.
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let shown = path.display().to_string().replace('\\', "/");
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Applicability;

    fn fix(text: &str, span: std::ops::Range<usize>, new: &str) -> Suggestion {
        Suggestion::replace(text, span, new, Applicability::MachineApplicable).unwrap()
    }

    #[test]
    fn applies_in_any_order_and_only_inside_the_spans() {
        let text = "---\nt: x\n---\nII. a\n\nIII. b\n";
        let ii = text.find("II.").unwrap();
        let iii = text.find("III.").unwrap();
        let edits = [
            fix(text, iii..iii + 4, "iii."),
            fix(text, ii..ii + 3, "ii."),
        ];
        let done = apply(text, 12, &edits).unwrap();
        assert_eq!(done.text, "---\nt: x\n---\nii. a\n\niii. b\n");
        assert_eq!(done.applied.len(), 2);
        // The same edit twice counts once; an overlapping one waits.
        let twice = [
            edits[1].clone(),
            edits[1].clone(),
            fix(text, ii..ii + 2, "x"),
        ];
        let done = apply(text, 12, &twice).unwrap();
        assert_eq!((done.applied.len(), done.overlapping.len()), (1, 1));
    }

    #[test]
    fn refuses_front_matter_and_changed_text() {
        let text = "---\nt: II.\n---\nII. a\n";
        let in_front = text.find("II.").unwrap();
        let err = apply(text, 14, &[fix(text, in_front..in_front + 3, "ii.")]);
        assert_eq!(err, Err(EditError::FrontMatter { line: 2 }));
        let body = text.rfind("II.").unwrap();
        let edit = fix(text, body..body + 3, "ii.");
        let changed = text.replace("II. a", "IV. a");
        assert!(matches!(
            apply(&changed, 14, &[edit]),
            Err(EditError::Changed { line: 4, .. })
        ));
    }

    #[test]
    fn keeps_bom_and_crlf_and_refuses_mixed_endings() {
        let bytes = "\u{feff}---\r\nt: x\r\n---\r\nII. a\r\n".as_bytes();
        let (encoding, text) = Encoding::decode(bytes).unwrap();
        assert_eq!(text, "---\nt: x\n---\nII. a\n");
        assert_eq!(encoding.encode(&text), bytes);
        let (plain, text) = Encoding::decode(b"a\nb").unwrap();
        assert_eq!(plain.encode(&text), b"a\nb");
        assert_eq!(Encoding::decode(b"a\r\nb\nc"), Err(EditError::LineEndings));
        assert_eq!(Encoding::decode(b"a\rb"), Err(EditError::LineEndings));
        assert_eq!(Encoding::decode(b"\xff"), Err(EditError::NotUtf8));
    }

    #[test]
    fn writes_atomically_beside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn diff_is_unified_and_empty_without_change() {
        let diff = unified_diff(Path::new("content/a.md"), "x\nII. a\n", "x\nii. a\n");
        assert!(
            diff.starts_with("--- a/content/a.md\n+++ b/content/a.md\n@@"),
            "{diff}"
        );
        assert!(diff.contains("\n-II. a\n+ii. a\n"), "{diff}");
        assert_eq!(unified_diff(Path::new("a"), "x", "x"), "");
    }
}
