//! The one way tolk reads the site's files: content, translations, templates, static files,
//! media, the form definition and `book.toml` all come through [`SiteFs`].
//!
//! Authors and translators are only semi-trusted, and the build machine holds secrets (CI
//! tokens in the environment, keys in the home folder). So a file is read only when it is a
//! regular file lexically inside the site's root, reached without a single symbolic link:
//! every component below the root is checked with `lstat`, the file is opened with
//! `O_NOFOLLOW | O_NONBLOCK` (a FIFO can never block the build) and checked again on the open
//! handle. Symbolic links are refused rather than resolved: a link cannot point outside the
//! site, and a checkout looks the same on every machine. Refusals never show the link's target
//! or any byte of it.

pub mod record;

use crate::diagnostics::{rule, Diagnostic};
use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Reads files below one site root, refusing anything that could reach outside it.
#[derive(Debug, Clone)]
pub struct SiteFs {
    root: PathBuf,
    /// Folders already found to be real folders (no link) by this reader and its clones, so that
    /// reading 10,000 pages checks each folder once, not once per page. `None`: check every time.
    folders: Option<Arc<Mutex<HashSet<PathBuf>>>>,
}

/// Why a path was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("is a symbolic link; tolk follows no links, so nothing outside the site is published")]
    Symlink,
    #[error("is a folder, not a file")]
    Folder,
    #[error("is {0}, not a regular file")]
    Special(&'static str),
    #[error("is outside the site's root folder")]
    Outside,
    #[error("does not exist")]
    NotFound,
    #[error("cannot be read: {0}")]
    Io(std::io::Error),
}

/// A refused or failed read: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {refusal}", path.display())]
pub struct InputError {
    pub path: PathBuf,
    pub refusal: Refusal,
}

impl InputError {
    fn new(path: &Path, refusal: Refusal) -> InputError {
        InputError {
            path: path.to_path_buf(),
            refusal,
        }
    }

    /// Whether the file is simply absent (callers often treat that as "use the default").
    pub fn is_not_found(&self) -> bool {
        matches!(self.refusal, Refusal::NotFound)
    }

    /// The error as a diagnostic on the refused file itself.
    pub fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(&self.path, self.refusal.to_string()).rule(rule::INPUT_REFUSED);
        match self.refusal {
            Refusal::Symlink => d.with_help("replace the link with the file or folder itself"),
            Refusal::Special(_) => d.with_help("remove it; tolk reads only regular files"),
            Refusal::Outside => d.with_help("keep every input file inside the site's folder"),
            _ => d,
        }
    }
}

/// What identifies one version of a file without reading it (git's index keeps the same):
/// size, modification and status-change times in nanoseconds, and inode. Any edit, replace
/// (rename over), `touch` or `chmod` changes at least one of them; an edit within the clock's
/// resolution may not, which is why a cache treats a file modified in the last seconds as
/// "racy" and compares its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch (negative before it).
    pub mtime_ns: i64,
    /// Status-change time, nanoseconds since the Unix epoch (0 where the platform has none).
    pub ctime_ns: i64,
    /// Inode number (0 where the platform has none).
    pub inode: u64,
}

impl Stamp {
    /// The stamp of `meta` (from `lstat` or the open handle).
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Stamp {
                len: meta.len(),
                mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
                ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            Stamp {
                len: meta.len(),
                mtime_ns,
                ctime_ns: 0,
                inode: 0,
            }
        }
    }

    /// Whether the file was modified less than `window` before `now`, or after it (a clock
    /// moved back): another write in the same clock tick could leave the stamp unchanged, so
    /// its bytes must be compared.
    pub fn is_racy(&self, now: std::time::SystemTime, window: std::time::Duration) -> bool {
        let now_ns = now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        let window_ns = i64::try_from(window.as_nanos()).unwrap_or(i64::MAX);
        self.mtime_ns > now_ns.saturating_sub(window_ns)
    }
}

/// What a directory entry is, as far as tolk will go.
#[derive(Debug)]
pub enum Entry {
    File(PathBuf),
    Dir(PathBuf),
    Refused(InputError),
}

impl SiteFs {
    /// A reader for the site whose root folder is `root` (`""` means the working directory).
    pub fn new(root: &Path) -> SiteFs {
        let root = if root == Path::new(".") {
            PathBuf::new()
        } else {
            root.to_path_buf()
        };
        SiteFs {
            root,
            folders: None,
        }
    }

    /// The same reader, remembering (with its clones) each folder it has checked. For one pass
    /// over many files (loading the content); a folder replaced by a link after it was checked
    /// is still refused where it matters: files are opened without following a final link.
    pub fn remembering_folders(mut self) -> SiteFs {
        self.folders = Some(Arc::default());
        self
    }

    fn known_folder(&self, path: &Path) -> bool {
        self.folders
            .as_ref()
            .and_then(|f| f.lock().ok())
            .is_some_and(|f| f.contains(path))
    }

    fn remember_folder(&self, path: &Path) {
        if let Some(mut f) = self.folders.as_ref().and_then(|f| f.lock().ok()) {
            f.insert(path.to_path_buf());
        }
    }

    /// Reads a whole regular file.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, InputError> {
        let mut bytes = Vec::new();
        self.open(path)?
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::new(path, Refusal::Io(e)))?;
        Ok(bytes)
    }

    /// Reads a whole regular file as UTF-8 text.
    pub fn read_string(&self, path: &Path) -> Result<String, InputError> {
        String::from_utf8(self.read(path)?).map_err(|_| {
            let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8");
            InputError::new(path, Refusal::Io(e))
        })
    }

    /// Reads at most `len` leading bytes (content checks of media by their magic bytes).
    pub fn read_head(&self, path: &Path, len: usize) -> Result<Vec<u8>, InputError> {
        let mut bytes = Vec::with_capacity(len);
        self.open(path)?
            .take(len as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::new(path, Refusal::Io(e)))?;
        Ok(bytes)
    }

    /// Whether `path` is a folder reached without links (missing or refused: `false`).
    pub fn is_dir(&self, path: &Path) -> bool {
        self.lstat(path).is_ok_and(|m| m.is_dir())
    }

    /// The entries of one folder, sorted by name. Links and special files come back as
    /// [`Entry::Refused`] so the caller can report them where they matter.
    pub fn list(&self, dir: &Path) -> Result<Vec<Entry>, InputError> {
        Ok(self
            .list_stat(dir)?
            .into_iter()
            .map(|(entry, _)| entry)
            .collect())
    }

    /// [`SiteFs::list`] with each file's [`Stamp`], from the `lstat` the listing makes anyway.
    fn list_stat(&self, dir: &Path) -> Result<Vec<(Entry, Option<Stamp>)>, InputError> {
        let meta = self.lstat(dir)?;
        if !meta.is_dir() {
            return Err(InputError::new(dir, refusal_of(&meta)));
        }
        let read = std::fs::read_dir(dir).map_err(|e| InputError::new(dir, io_refusal(e)))?;
        let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        Ok(paths
            .into_iter()
            .map(|path| match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => (Entry::Dir(path), None),
                Ok(m) if m.is_file() => (Entry::File(path), Some(Stamp::of(&m))),
                Ok(m) => (Entry::Refused(InputError::new(&path, refusal_of(&m))), None),
                Err(e) => (Entry::Refused(InputError::new(&path, io_refusal(e))), None),
            })
            .collect())
    }

    /// Every regular file below `dir`, depth first in name order, plus every entry refused on
    /// the way (links, FIFOs, sockets, devices: never entered, never read).
    pub fn walk(&self, dir: &Path) -> (Vec<PathBuf>, Vec<InputError>) {
        let (files, refused) = self.walk_stat(dir);
        (files.into_iter().map(|(p, _)| p).collect(), refused)
    }

    /// [`SiteFs::walk`] with each file's [`Stamp`] as the walk found it: what an incremental
    /// load compares to know, without opening a file, that it is unchanged. The same rules
    /// apply (no link followed, nothing outside the root), so a stamp is only ever taken of a
    /// file [`SiteFs::read`] would read.
    pub fn walk_stat(&self, dir: &Path) -> (Vec<(PathBuf, Stamp)>, Vec<InputError>) {
        let mut files = Vec::new();
        let mut refused = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = match self.list_stat(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    refused.push(e);
                    continue;
                }
            };
            let mut dirs = Vec::new();
            for entry in entries {
                match entry {
                    (Entry::File(p), Some(stamp)) => files.push((p, stamp)),
                    (Entry::File(_), None) => {}
                    (Entry::Dir(p), _) => dirs.push(p),
                    (Entry::Refused(e), _) => refused.push(e),
                }
            }
            stack.extend(dirs.into_iter().rev());
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        (files, refused)
    }

    /// Opens a regular file without following a link or blocking on a FIFO, checking the
    /// path before and the open handle after.
    fn open(&self, path: &Path) -> Result<File, InputError> {
        let meta = self.lstat(path)?;
        if !meta.is_file() {
            return Err(InputError::new(path, refusal_of(&meta)));
        }
        let file = open_options()
            .open(path)
            .map_err(|e| InputError::new(path, io_refusal(e)))?;
        let meta = file
            .metadata()
            .map_err(|e| InputError::new(path, Refusal::Io(e)))?;
        if !meta.is_file() {
            return Err(InputError::new(path, refusal_of(&meta)));
        }
        Ok(file)
    }

    /// `lstat` of `path` after checking that it lies lexically inside the root and that no
    /// component between the root and it is a link.
    fn lstat(&self, path: &Path) -> Result<Metadata, InputError> {
        let meta = self.lstat_unrecorded(path);
        record::note(path, meta.as_ref().ok());
        meta
    }

    fn lstat_unrecorded(&self, path: &Path) -> Result<Metadata, InputError> {
        let rel = path
            .strip_prefix(&self.root)
            .map_err(|_| InputError::new(path, Refusal::Outside))?;
        let mut current = self.root.clone();
        let mut meta = None;
        let mut components = rel.components().peekable();
        while let Some(component) = components.next() {
            match component {
                Component::Normal(part) => current.push(part),
                Component::CurDir => continue,
                _ => return Err(InputError::new(path, Refusal::Outside)),
            }
            let last = components.peek().is_none();
            if !last && self.known_folder(&current) {
                continue;
            }
            let m = std::fs::symlink_metadata(&current)
                .map_err(|e| InputError::new(path, io_refusal(e)))?;
            if m.file_type().is_symlink() {
                return Err(InputError::new(&current, Refusal::Symlink));
            }
            if !last && m.is_dir() {
                self.remember_folder(&current);
            }
            meta = Some(m);
        }
        match meta {
            Some(m) => Ok(m),
            // The root itself: the user named it, so it may be reached through links.
            None => std::fs::metadata(if current.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &current
            })
            .map_err(|e| InputError::new(path, io_refusal(e))),
        }
    }
}

#[cfg(unix)]
fn open_options() -> std::fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    options
}

#[cfg(not(unix))]
fn open_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    options
}

fn io_refusal(e: std::io::Error) -> Refusal {
    if e.kind() == std::io::ErrorKind::NotFound {
        Refusal::NotFound
    } else {
        Refusal::Io(e)
    }
}

fn refusal_of(meta: &Metadata) -> Refusal {
    let t = meta.file_type();
    if t.is_symlink() {
        return Refusal::Symlink;
    }
    if t.is_dir() {
        return Refusal::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Refusal::Special("a FIFO");
        }
        if t.is_socket() {
            return Refusal::Special("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Refusal::Special("a device");
        }
    }
    Refusal::Special("a special file")
}

#[cfg(test)]
mod tests;
