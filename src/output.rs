//! The output stage: files are written into a staging folder beside the build folder, and only a
//! build that succeeded swaps it in. A failed build leaves the previous site untouched, and no
//! path can point outside the staging folder.

use crate::diagnostics::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// A folder being filled with the next version of the site.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (the build folder).
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                parent,
                format!("cannot create the output's parent folder: {e}"),
            )
        })?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| {
                Diagnostic::error(&dir, format!("cannot clear an old staging folder: {e}"))
            })?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostic::error(&dir, format!("cannot create the staging folder: {e}"))
        })?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The absolute path a relative output path will have in staging, refusing anything that
    /// could leave it (`..`, absolute paths, drive prefixes, empty segments).
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        safe_relative(rel)
            .map(|p| self.dir.join(p))
            .ok_or_else(|| Diagnostic::error(rel, "refusing to write outside the output folder"))
    }

    /// Writes one file, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(parent, format!("cannot create folder: {e}")))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
    }

    /// Copies a file into the output.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(parent, format!("cannot create folder: {e}")))?;
        }
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| Diagnostic::error(from, format!("cannot copy to the output: {e}")))
    }

    /// Replaces the build folder with the staging folder. The old site is moved aside first and
    /// deleted only once the new one is in place.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let old = self.dir.with_extension("old");
        let had_target = self.target.exists();
        if had_target {
            if old.exists() {
                let _ = std::fs::remove_dir_all(&old);
            }
            std::fs::rename(&self.target, &old).map_err(|e| {
                Diagnostic::error(
                    &self.target,
                    format!("cannot move the previous site aside: {e}"),
                )
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::error(
                &self.target,
                format!("cannot put the new site in place: {e}"),
            ));
        }
        self.committed = true;
        if had_target {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An uncommitted staging folder (a failed build) is removed; the site stays as it was.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// `rel` as a path made only of normal segments, or `None`.
pub fn safe_relative(rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let path = Path::new(rel);
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => out.push(s),
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./.."] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
        assert_eq!(
            safe_relative("nl-NL/a/index.html").unwrap(),
            PathBuf::from("nl-NL/a/index.html")
        );
    }

    #[test]
    fn failed_build_keeps_the_old_site_and_commit_swaps() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("book");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::create(&target).unwrap();
            s.write("new.html", b"new").unwrap();
            assert!(s.write("../escape.html", b"x").is_err());
            // dropped without commit: a failed build
        }
        assert!(target.join("old.html").exists());
        assert!(!tmp.path().join("escape.html").exists());
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "staging folder removed"
        );
        let s = Staging::create(&target).unwrap();
        s.write("nl-NL/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("nl-NL/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
