//! The output stage: files are written into a staging folder beside the build folder, and only a
//! build that succeeded swaps it in. A failed build leaves the previous site untouched, and no
//! path can point outside the staging folder.

pub mod cleanup;

use crate::diagnostics::{rule, Diagnostic};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A folder being filled with the next version of the site.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders below `dir` this build has created: each is made once, with one `mkdir`, instead
    /// of a `mkdir` that fails with "exists" for every further file in it.
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (the build folder).
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(target)?;
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
            .rule(rule::OUTPUT_WRITE)
        })?;
        cleanup::remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| {
                Diagnostic::error(&dir, format!("cannot clear an old staging folder: {e}"))
                    .rule(rule::OUTPUT_WRITE)
            })?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostic::error(&dir, format!("cannot create the staging folder: {e}"))
                .rule(rule::OUTPUT_WRITE)
        })?;
        cleanup::remember(&dir);
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            made: Mutex::default(),
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The absolute path a relative output path will have in staging, refusing anything that
    /// could leave it (`..`, absolute paths, drive prefixes, empty segments) or that no file
    /// system takes (see [`safe_relative`]).
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        safe_relative(rel)
            .map(|p| self.dir.join(p))
            .ok_or_else(|| refused_path(rel))
    }

    /// Writes one file, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        if cleanup::interrupted() {
            return Err(Diagnostic::error(&path, "interrupted").rule(rule::OUTPUT_WRITE));
        }
        if let Some(parent) = path.parent() {
            self.make_folder(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            Diagnostic::error(&path, format!("cannot write: {e}")).rule(rule::OUTPUT_WRITE)
        })
    }

    /// Creates `folder` (below the staging folder) and the folders above it that this build has
    /// not made yet.
    fn make_folder(&self, folder: &Path) -> Result<(), Diagnostic> {
        let made = |f: &Path| f == self.dir || self.made.lock().is_ok_and(|m| m.contains(f));
        if made(folder) {
            return Ok(());
        }
        if let Some(parent) = folder.parent() {
            self.make_folder(parent)?;
        }
        match std::fs::create_dir(folder) {
            Ok(()) => {}
            // Another thread made it between the check and here.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(e) => {
                return Err(
                    Diagnostic::error(folder, format!("cannot create folder: {e}"))
                        .rule(rule::OUTPUT_WRITE),
                )
            }
        }
        if let Ok(mut m) = self.made.lock() {
            m.insert(folder.to_path_buf());
        }
        Ok(())
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
                .rule(rule::OUTPUT_WRITE)
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::error(
                &self.target,
                format!("cannot put the new site in place: {e}"),
            )
            .rule(rule::OUTPUT_WRITE));
        }
        self.committed = true;
        cleanup::forget(&self.dir);
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
            cleanup::forget(&self.dir);
        }
    }
}

/// The file tolk leaves in every folder it publishes, so that it only ever replaces its own
/// output: `--out ~/Documents` by mistake must not delete anyone's documents.
pub const MARKER: &str = ".tolk-build";
const MARKER_TEXT: &str =
    "This folder is generated by `tolk build` and is replaced by each build.\n";

/// An existing output folder may be replaced only when tolk made it (it holds the marker) or it
/// is empty.
pub fn check_replaceable(target: &Path) -> Result<(), Diagnostic> {
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return Err(
            Diagnostic::error(target, "the output path is a file, not a folder")
                .rule(rule::OUTPUT_PATH)
                .with_help("choose another --out or build-dir"),
        );
    }
    let empty = std::fs::read_dir(target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty || target.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Diagnostic::error(
        target,
        format!("refusing to replace a folder tolk did not make (it has no {MARKER} file)"),
    )
    .rule(rule::OUTPUT_PATH)
    .with_help("choose an empty or new folder for --out / build-dir, or delete this one yourself"))
}

/// The longest name of one output file or folder, in bytes (what Linux, macOS and Windows
/// file systems allow).
pub const MAX_SEGMENT_BYTES: usize = 255;

/// The longest output path below the output folder, in bytes (leaves room for the folder
/// itself under Linux's 4096-byte `PATH_MAX`).
pub const MAX_PATH_BYTES: usize = 1024;

/// The error for an output path [`safe_relative`] refuses, naming at most 100 characters of it.
pub fn refused_path(rel: &str) -> Diagnostic {
    let shown: String = rel.chars().take(100).filter(|c| !c.is_control()).collect();
    let why = if rel.len() > MAX_PATH_BYTES || rel.split('/').any(|s| s.len() > MAX_SEGMENT_BYTES) {
        format!("is too long (at most {MAX_SEGMENT_BYTES} bytes per name, {MAX_PATH_BYTES} in all)")
    } else {
        "leaves the output folder or holds characters no file name may have".to_string()
    };
    let ellipsis = if shown.len() < rel.len() { "..." } else { "" };
    Diagnostic::error(
        format!("{shown}{ellipsis}"),
        format!("refusing to write this output path: it {why}"),
    )
    .rule(rule::OUTPUT_PATH)
}

/// `rel` as a path made only of normal segments, or `None`.
pub fn safe_relative(rel: &str) -> Option<PathBuf> {
    if rel.is_empty()
        || rel.len() > MAX_PATH_BYTES
        || rel.contains('\\')
        || rel.chars().any(char::is_control)
        || rel.split('/').any(|s| s.len() > MAX_SEGMENT_BYTES)
    {
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
    fn only_tolk_output_or_empty_folders_are_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let precious = tmp.path().join("documents");
        std::fs::create_dir_all(&precious).unwrap();
        std::fs::write(precious.join("thesis.txt"), "years of work").unwrap();
        let e = Staging::create(&precious).unwrap_err();
        assert!(e.message.contains("refusing to replace"), "{e}");
        assert!(precious.join("thesis.txt").exists());
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(Staging::create(&file).is_err());
        let empty = tmp.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        Staging::create(&empty).unwrap().commit().unwrap();
        assert!(empty.join(MARKER).is_file());
        // Its own output is replaced on the next build.
        Staging::create(&empty).unwrap().commit().unwrap();
    }

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
    fn paths_no_file_system_takes_are_refused_with_a_short_name() {
        let long = format!("nl-NL/{}/index.html", "a".repeat(256));
        let deep = "abcdefgh/".repeat(120) + "index.html";
        for bad in [
            long.as_str(),
            deep.as_str(),
            "nl-NL/a\u{1b}b/index.html",
            "a\0b",
        ] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
        assert!(safe_relative(&format!("nl-NL/{}/index.html", "a".repeat(255))).is_some());
        let d = refused_path(&long);
        assert!(d.path.as_os_str().len() <= 104, "{}", d.path.display());
        assert!(d.message.contains("too long"), "{}", d.message);
    }

    #[test]
    fn failed_build_keeps_the_old_site_and_commit_swaps() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("book");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        std::fs::write(target.join(MARKER), "").unwrap();
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
