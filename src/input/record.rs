//! Which files a piece of work read, so a memo can tell later whether its result still holds.
//!
//! The render of a page reads more than its own text: images beside it (checked by their
//! bytes), `[!INCLUDE]` files, code files, and it probes for files that may not exist (a
//! translation's own image, then the source's). Every such read goes through [`super::SiteFs`],
//! which calls [`note`] with what `lstat` said before reading. [`recording`] collects those
//! notes on the current thread while a closure runs; outside of it, [`note`] does nothing.
//! A stamp is taken *before* the read, so a file changed during the render has a newer stamp
//! than the one recorded and is read again next time: the safe direction.

use std::cell::RefCell;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// What `lstat` said about a path: length, modification and change times (ns) and inode, or
/// `None` when it could not be read (missing, refused). Equal stamps mean an unchanged file.
pub type Stamp = Option<(u64, i128, i128, u64)>;

thread_local! {
    static READS: RefCell<Option<Vec<(PathBuf, Stamp)>>> = const { RefCell::new(None) };
}

/// Runs `work`, returning what it returned and every path it looked at through a `SiteFs`
/// on this thread, each once, in the order first seen.
pub fn recording<R>(work: impl FnOnce() -> R) -> (R, Vec<(PathBuf, Stamp)>) {
    let outer = READS.with(|r| r.borrow_mut().replace(Vec::new()));
    let result = work();
    let mut reads = READS
        .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    reads.retain(|(p, _)| seen.insert(p.clone()));
    (result, reads)
}

/// Records a look at `path` when a [`recording`] runs on this thread.
pub(super) fn note(path: &Path, meta: Option<&Metadata>) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push((path.to_path_buf(), meta.and_then(stamp_of)));
        }
    });
}

/// Records a look at `path` that a cache answered, with the stamp the cache took.
pub fn note_stamp(path: &Path, stamp: Stamp) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push((path.to_path_buf(), stamp));
        }
    });
}

/// The stamp of `path` now (`lstat`, no link followed).
pub fn stamp(path: &Path) -> Stamp {
    std::fs::symlink_metadata(path)
        .ok()
        .as_ref()
        .and_then(stamp_of)
}

fn stamp_of(meta: &Metadata) -> Stamp {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some((
            meta.len(),
            ns(meta.mtime(), meta.mtime_nsec()),
            ns(meta.ctime(), meta.ctime_nsec()),
            meta.ino(),
        ))
    }
    #[cfg(not(unix))]
    {
        let modified = meta.modified().ok()?;
        let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some((meta.len(), since.as_nanos() as i128, 0, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_recorded_only_inside_a_recording() {
        let dir = tempfile::tempdir().unwrap();
        let fs = crate::input::SiteFs::new(dir.path());
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        let _ = fs.read(&dir.path().join("a.txt"));
        let ((), reads) = recording(|| {
            let _ = fs.read(&dir.path().join("a.txt"));
            let _ = fs.read(&dir.path().join("a.txt"));
            let _ = fs.read(&dir.path().join("missing.txt"));
        });
        let paths: Vec<_> = reads.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(
            paths,
            [dir.path().join("a.txt"), dir.path().join("missing.txt")]
        );
        assert_eq!(reads[0].1, stamp(&dir.path().join("a.txt")));
        assert!(reads[0].1.is_some());
        assert_eq!(reads[1].1, None);
    }
}
