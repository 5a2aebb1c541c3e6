//! Reading the files docfx syntax pulls into a page (`[!INCLUDE]`, `:::code`, `[!code-…]`).
//!
//! Content is untrusted: an include must not become a way to publish `/etc/passwd` or a
//! file a symlink points at. Every such read goes through one [`IncludeSource`], implemented
//! by the site's contained reader ([`crate::input::SiteFs`]).

use std::fmt;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// The path leaves the folder the reader may read.
    Outside,
    /// The file or one of its folders is a symbolic link.
    Symlink,
    /// A FIFO, device, socket or folder.
    NotRegular,
    /// Another I/O error, or text that is not UTF-8.
    Other(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::Outside => f.write_str("it is outside the site folder"),
            ReadError::Symlink => f.write_str("it is a symbolic link (refused)"),
            ReadError::NotRegular => f.write_str("it is not a regular file (refused)"),
            ReadError::Other(e) => f.write_str(e),
        }
    }
}

/// Reads the text of a file that a page includes. `path` is absolute.
pub trait IncludeSource: Sync {
    fn read(&self, path: &Path) -> Result<String, ReadError>;
}

/// The site's one contained reader (no symlinks, no FIFOs, nothing outside the site root)
/// serves includes and code files too.
impl IncludeSource for crate::input::SiteFs {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        use crate::input::Refusal;
        match self.read_string(path) {
            Ok(text) => Ok(clean(text)),
            Err(e) => Err(match e.refusal {
                Refusal::NotFound => ReadError::NotFound,
                Refusal::Outside => ReadError::Outside,
                Refusal::Symlink => ReadError::Symlink,
                Refusal::Folder | Refusal::Special(_) => ReadError::NotRegular,
                Refusal::Io(io) => ReadError::Other(io.to_string()),
            }),
        }
    }
}

/// BOM removed and line endings made LF, as for pages, so lines match the editor's.
pub fn clean(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The paths the renderer tries, in order, for an included file at `segments` (names below the
/// content folder): when they start in a locale's folder, the page's locale and then the source
/// locale (a translation may include the source's file); otherwise `segments` alone. One
/// function for the renderer and for the page facts a render memo keys on, so both list the same
/// files.
pub fn locale_candidates(
    segments: Vec<String>,
    page_locale: &str,
    source_locale: &str,
    is_locale: impl Fn(&str) -> bool,
) -> Vec<Vec<String>> {
    if !segments.first().is_some_and(|first| is_locale(first)) {
        return vec![segments];
    }
    let mut candidates: Vec<Vec<String>> = Vec::new();
    for locale in [page_locale, source_locale] {
        let mut c = segments.clone();
        c[0] = locale.to_string();
        if !candidates.contains(&c) {
            candidates.push(c);
        }
    }
    candidates
}

/// Joins `/`-separated `rel` to the folder `base` (a list of names below `root`), refusing to
/// climb above `root`. Returns the names of the result below `root`.
pub fn join_inside(base: &[String], rel: &str) -> Option<Vec<String>> {
    let mut stack = base.to_vec();
    for seg in rel.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                stack.pop()?;
            }
            s => stack.push(s.to_string()),
        }
    }
    Some(stack)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_regular_files_inside_without_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "\u{feff}hi\r\n").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        let files = crate::input::SiteFs::new(&root);
        assert_eq!(
            IncludeSource::read(&files, &root.join("a/x.md")).unwrap(),
            "hi\n"
        );
        assert_eq!(
            IncludeSource::read(&files, &root.join("a/y.md")),
            Err(ReadError::NotFound)
        );
        assert_eq!(
            IncludeSource::read(&files, &dir.path().join("secret")),
            Err(ReadError::Outside)
        );
        assert_eq!(
            IncludeSource::read(&files, &root.join("a/../../secret")),
            Err(ReadError::Outside)
        );
        assert_eq!(
            IncludeSource::read(&files, &root.join("a")),
            Err(ReadError::NotRegular)
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("a/link.md")).unwrap();
            assert_eq!(
                IncludeSource::read(&files, &root.join("a/link.md")),
                Err(ReadError::Symlink)
            );
            std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
            assert_eq!(
                IncludeSource::read(&files, &root.join("b/x.md")),
                Err(ReadError::Symlink)
            );
        }
    }

    #[test]
    fn join_stays_inside() {
        let base = vec!["en-US".to_string(), "a".to_string()];
        assert_eq!(
            join_inside(&base, "../../includes/x.md").unwrap(),
            ["includes", "x.md"]
        );
        assert_eq!(join_inside(&base, "../../../x.md"), None);
    }
}
