//! Reading the files docfx syntax pulls into a page (`[!INCLUDE]`, `:::code`, `[!code-…]`).
//!
//! Content is untrusted: an include must not become a way to publish `/etc/passwd` or a
//! file a symlink points at. Every such read goes through one [`IncludeSource`], so the
//! site-wide contained reader can replace [`ContainedFiles`] without touching the renderer.

use std::fmt;
use std::path::{Component, Path, PathBuf};

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
    TooLarge,
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
            ReadError::TooLarge => f.write_str("it is larger than 4 MiB"),
            ReadError::Other(e) => f.write_str(e),
        }
    }
}

/// Reads the text of a file that a page includes. `path` is absolute.
pub trait IncludeSource: Sync {
    fn read(&self, path: &Path) -> Result<String, ReadError>;
}

/// Reads regular files below `root` only, through no symbolic link.
pub struct ContainedFiles {
    root: PathBuf,
}

const MAX_BYTES: u64 = 4 * 1024 * 1024;

impl ContainedFiles {
    /// `root` is the folder (the site's) nothing may be read outside of.
    pub fn new(root: &Path) -> ContainedFiles {
        ContainedFiles {
            root: root.to_path_buf(),
        }
    }
}

impl IncludeSource for ContainedFiles {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        let rel = path
            .strip_prefix(&self.root)
            .map_err(|_| ReadError::Outside)?;
        let mut at = self.root.clone();
        for part in rel.components() {
            match part {
                Component::Normal(name) => at.push(name),
                _ => return Err(ReadError::Outside),
            }
            let meta = std::fs::symlink_metadata(&at).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => ReadError::NotFound,
                _ => ReadError::Other(e.to_string()),
            })?;
            if meta.file_type().is_symlink() {
                return Err(ReadError::Symlink);
            }
        }
        let meta = std::fs::symlink_metadata(&at).map_err(|e| ReadError::Other(e.to_string()))?;
        if !meta.file_type().is_file() {
            return Err(ReadError::NotRegular);
        }
        if meta.len() > MAX_BYTES {
            return Err(ReadError::TooLarge);
        }
        let bytes = std::fs::read(&at).map_err(|e| ReadError::Other(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            ReadError::Other(format!(
                "invalid UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Ok(clean(text))
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
        let files = ContainedFiles::new(&root);
        assert_eq!(files.read(&root.join("a/x.md")).unwrap(), "hi\n");
        assert_eq!(files.read(&root.join("a/y.md")), Err(ReadError::NotFound));
        assert_eq!(
            files.read(&dir.path().join("secret")),
            Err(ReadError::Outside)
        );
        assert_eq!(
            files.read(&root.join("a/../../secret")),
            Err(ReadError::Outside)
        );
        assert_eq!(files.read(&root.join("a")), Err(ReadError::NotRegular));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("a/link.md")).unwrap();
            assert_eq!(files.read(&root.join("a/link.md")), Err(ReadError::Symlink));
            std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
            assert_eq!(files.read(&root.join("b/x.md")), Err(ReadError::Symlink));
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
