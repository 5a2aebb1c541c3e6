//! The [`Output`] of an incremental build: it remembers a digest of every file of the served
//! site, keeps only the files whose bytes changed (in a staging folder beside the site, so a
//! failed build changes nothing), and publishes by renaming each changed file into place (one
//! atomic step per file, which a reader never sees half-written) and deleting the files the new
//! build no longer makes. The `.tolk-build` marker stays, as after a full build.

use crate::diagnostics::{rule, Diagnostic};
use crate::output::{safe_relative, Staging, MARKER};
use crate::site::Output;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// A file's digest; `None` for a file whose bytes are not known (found on disk at start).
pub type Digest = Option<[u8; 20]>;

/// The digest of a file's bytes: blake3, cut to the 20 bytes a [`Digest`] holds (a full
/// first build in `tolk serve` digests the whole site, 80 MB at 10,000 pages: blake3 does
/// that several times faster than SHA-1).
pub(crate) fn digest(bytes: &[u8]) -> [u8; 20] {
    let full = blake3::hash(bytes);
    let mut cut = [0; 20];
    cut.copy_from_slice(&full.as_bytes()[..20]);
    cut
}

/// Every file of the served site (relative path → digest), shared between builds.
pub type Files = Arc<RwLock<HashMap<String, Digest>>>;

/// What a published incremental build changed in the served folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files written (new or with other bytes), sorted.
    pub written: Vec<String>,
    /// Files deleted, sorted.
    pub removed: Vec<String>,
}

/// The files of `dir` (an earlier site, or nothing yet), with unknown digests.
pub fn scan(dir: &Path) -> HashMap<String, Digest> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            (rel != MARKER).then_some((rel, None))
        })
        .collect()
}

/// The incremental [`Output`] of one build.
pub struct Writer {
    staging: Staging,
    served: PathBuf,
    files: Files,
    /// Every file this build made, with its digest.
    made: Mutex<HashMap<String, Digest>>,
    /// The files whose bytes differ from the served ones.
    changed: Mutex<Vec<String>>,
    /// Where [`Writer::publish`] reports what it changed.
    report: Arc<Mutex<Changes>>,
}

impl Writer {
    /// A writer for the site served from `served`, whose files `files` lists.
    pub fn open(
        served: &Path,
        files: Files,
        report: Arc<Mutex<Changes>>,
    ) -> Result<Writer, Diagnostic> {
        Ok(Writer {
            staging: Staging::create(served)?,
            served: served.to_path_buf(),
            files,
            made: Mutex::default(),
            changed: Mutex::default(),
            report,
        })
    }

    fn is_served(&self, rel: &str, digest: &Digest) -> bool {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        matches!(files.get(rel), Some(Some(d)) if Some(*d) == *digest)
    }

    fn remove_old(&self, removed: &[String]) -> Result<(), Diagnostic> {
        for rel in removed {
            let Some(path) = safe_relative(rel).map(|p| self.served.join(p)) else {
                continue;
            };
            match std::fs::remove_file(&path) {
                Ok(()) => remove_empty_parents(&self.served, &path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(write_error(&path, "cannot delete", e)),
            }
        }
        Ok(())
    }

    /// Renames the staged `rel` into the served folder. `folders` are the folders known to
    /// exist there: most files of a rebuild land in a few folders (a locale's search index),
    /// so a file costs one `rename`, not a `mkdir` and two `stat`s besides.
    fn move_in(&self, rel: &str, folders: &mut HashSet<PathBuf>) -> Result<(), Diagnostic> {
        let from = self.staging.resolve(rel)?;
        let to = self
            .served
            .join(safe_relative(rel).ok_or_else(|| refused(rel))?);
        if let Some(parent) = to.parent() {
            if !folders.contains(parent) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| write_error(parent, "cannot create folder", e))?;
                folders.insert(parent.to_path_buf());
            }
        }
        match std::fs::rename(&from, &to) {
            Ok(()) => Ok(()),
            // A folder of the old site where the new one has a file.
            Err(_) if to.is_dir() => {
                std::fs::remove_dir_all(&to).map_err(|e| write_error(&to, "cannot replace", e))?;
                std::fs::rename(&from, &to).map_err(|e| write_error(&to, "cannot write", e))
            }
            Err(e) => Err(write_error(&to, "cannot write", e)),
        }
    }
}

impl Output for Writer {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let digest = Some(digest(bytes));
        if !self.is_served(rel, &digest) {
            self.staging.write(rel, bytes)?;
            lock(&self.changed).push(rel.to_string());
        }
        lock(&self.made).insert(rel.to_string(), digest);
        Ok(())
    }

    fn holds(&self, rel: &str) -> bool {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files.contains_key(rel)
    }

    fn keep(&self, rel: &str) -> bool {
        let digest = {
            let files = self.files.read().unwrap_or_else(|e| e.into_inner());
            match files.get(rel) {
                Some(digest) => *digest,
                None => return false,
            }
        };
        lock(&self.made).insert(rel.to_string(), digest);
        true
    }

    fn publish(self: Box<Self>) -> Result<(), Diagnostic> {
        let made = std::mem::take(&mut *lock(&self.made));
        let mut written = std::mem::take(&mut *lock(&self.changed));
        written.sort();
        let mut removed: Vec<String> = {
            let files = self.files.read().unwrap_or_else(|e| e.into_inner());
            files
                .keys()
                .filter(|rel| !made.contains_key(*rel))
                .cloned()
                .collect()
        };
        removed.sort();
        std::fs::create_dir_all(&self.served)
            .map_err(|e| write_error(&self.served, "cannot create the output folder", e))?;
        if !self.served.join(MARKER).is_file() {
            std::fs::rename(self.staging.resolve(MARKER)?, self.served.join(MARKER))
                .map_err(|e| write_error(&self.served, "cannot mark the output folder", e))?;
        }
        // Deleted first: a file may give its path to a folder of the new site.
        let result = self.remove_old(&removed).and_then(|()| {
            let mut folders = HashSet::new();
            written
                .iter()
                .try_for_each(|rel| self.move_in(rel, &mut folders))
        });
        // Even after a failure part way, the listing must say what is on disk: unknown digests
        // for everything this build touched, so the next build rewrites them.
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        *files = made;
        if result.is_err() {
            for rel in &written {
                files.insert(rel.clone(), None);
            }
        }
        *lock(&self.report) = Changes { written, removed };
        result
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the folders a deletion left empty, up to (not including) `root`.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn refused(rel: &str) -> Diagnostic {
    crate::output::refused_path(rel)
}

fn write_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}")).rule(rule::OUTPUT_WRITE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_moves_changed_files_in_and_a_file_may_replace_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let served = dir.path().join("site");
        std::fs::create_dir_all(served.join("x")).expect("folder");
        std::fs::write(served.join(MARKER), "").expect("marker");
        // A folder holding a file the listing does not know: it stays until a file takes its
        // path.
        std::fs::write(served.join("x/unknown.txt"), "?").expect("write");
        std::fs::write(served.join("same.txt"), "same").expect("write");
        let files: Files = Arc::new(RwLock::new(HashMap::from([(
            "same.txt".to_string(),
            Some(digest(b"same")),
        )])));
        let report = Arc::new(Mutex::new(Changes::default()));
        let writer = Box::new(Writer::open(&served, files.clone(), report.clone()).expect("open"));
        for (rel, bytes) in [
            ("same.txt", "same"),
            ("x", "now a file"),
            ("new/deep/page.html", "deep"),
            ("new/deep/other.html", "other"),
            ("new/top.html", "top"),
        ] {
            writer.write(rel, bytes.as_bytes()).expect("write");
        }
        writer.publish().expect("publish");
        let read = |rel: &str| std::fs::read_to_string(served.join(rel)).expect(rel);
        assert_eq!(read("x"), "now a file");
        assert_eq!(read("new/deep/page.html"), "deep");
        assert_eq!(read("new/deep/other.html"), "other");
        assert_eq!(read("new/top.html"), "top");
        assert_eq!(read("same.txt"), "same");
        let changes = report.lock().expect("report").clone();
        assert_eq!(
            changes.written,
            [
                "new/deep/other.html",
                "new/deep/page.html",
                "new/top.html",
                "x"
            ]
        );
        assert_eq!(files.read().expect("files").len(), 5);
    }
}
