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
                Ok(m) if m.is_dir() => Entry::Dir(path),
                Ok(m) if m.is_file() => Entry::File(path),
                Ok(m) => Entry::Refused(InputError::new(&path, refusal_of(&m))),
                Err(e) => Entry::Refused(InputError::new(&path, io_refusal(e))),
            })
            .collect())
    }

    /// Every regular file below `dir`, depth first in name order, plus every entry refused on
    /// the way (links, FIFOs, sockets, devices: never entered, never read).
    pub fn walk(&self, dir: &Path) -> (Vec<PathBuf>, Vec<InputError>) {
        let mut files = Vec::new();
        let mut refused = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = match self.list(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    refused.push(e);
                    continue;
                }
            };
            let mut dirs = Vec::new();
            for entry in entries {
                match entry {
                    Entry::File(p) => files.push(p),
                    Entry::Dir(p) => dirs.push(p),
                    Entry::Refused(e) => refused.push(e),
                }
            }
            stack.extend(dirs.into_iter().rev());
        }
        files.sort();
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
