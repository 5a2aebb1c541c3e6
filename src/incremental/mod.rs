//! Incremental builds: keep a site published and, when its sources change, write only the output
//! files whose bytes changed and delete the ones that are gone, so a preview updates in place
//! and stays byte-identical to a full build of the same sources.
//!
//! [`Session`] is the one core `tolk serve` uses: it knows which source paths matter
//! ([`classify`]), runs the pipeline into the [`writer::Writer`], and says which files changed,
//! so live reload knows whether a page or only a stylesheet changed. [`persist`] gives
//! `tolk build --incremental` the same core across runs, through the state file of [`store`].
//!
//! Scope, today: each rebuild runs every stage, but the content stage re-reads only changed
//! sources (`content::ContentCache`; in `serve`, only the paths the watcher reported, see
//! [`Session::saw`], and a body edit patches the last load's pages), the navigation tree is
//! kept while its inputs hold, and the render memo (`site::memo`) keeps every article page and
//! site-wide file (status pages, homes, sitemap, tables of contents, search indexes) whose
//! inputs are unchanged, and patches a locale's search index where few of its documents
//! changed. [`Change`] (page edit, a locale's texts, site-wide) is not yet used to skip stages:
//! the seam for the next narrowing.

pub mod persist;
mod preview;
pub mod store;
pub mod writer;

#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::site::{self, BuildOptions, BuildReport, Output};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use writer::{Changes, Files, Writer};

/// What a changed source path can affect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A Markdown page (or a file beside it, or a `toc.yml`) of one locale's content.
    Content { locale: String },
    /// One locale's Fluent messages.
    Messages { locale: String },
    /// `book.toml`, a template, a static file or the form definition: the whole site.
    Site,
    /// Not an input of the site: the output, a staging folder, an editor's temporary file.
    Ignored,
}

/// Where a site's inputs and output are, to [`classify`] paths and to watch folders.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The site's root (canonical when it exists).
    pub root: PathBuf,
    pub content: PathBuf,
    pub out: PathBuf,
    pub form: PathBuf,
}

impl Layout {
    /// The layout of the site `options` builds; tolk's defaults when `book.toml` is unreadable
    /// (a broken configuration must still be watched, to see it fixed).
    pub fn of(options: &BuildOptions) -> Layout {
        let root = options
            .root
            .canonicalize()
            .unwrap_or_else(|_| options.root.clone());
        let (content, out, form) = match Config::from_root(&root) {
            Ok(c) => (c.content_dir, c.build_dir, c.form_definition),
            Err(_) => (
                root.join("content"),
                root.join("book"),
                root.join("form.yaml"),
            ),
        };
        let out = options.out.as_ref().map_or(out, |o| absolute(o));
        Layout {
            root,
            content,
            out,
            form,
        }
    }

    /// The folders to watch with their subfolders; [`Layout::root`] itself is watched without
    /// them (for `book.toml` and `form.yaml`, which editors may replace by renaming).
    pub fn watched_folders(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.content.clone()];
        for name in ["locales", "templates", "static"] {
            dirs.push(self.root.join(name));
        }
        if let Some(parent) = self.form.parent().filter(|p| *p != self.root) {
            dirs.push(parent.to_path_buf());
        }
        dirs.retain(|d| d.is_dir());
        dirs.dedup();
        dirs
    }
}

fn absolute(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    }
}

/// What a change to `path` can affect in the site laid out as `layout`.
pub fn classify(layout: &Layout, path: &Path) -> Change {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if is_editor_temp(name) || path.starts_with(&layout.out) || is_staging(layout, path) {
        return Change::Ignored;
    }
    if path == layout.form || path == layout.root.join("book.toml") {
        return Change::Site;
    }
    if let Ok(rest) = path.strip_prefix(&layout.content) {
        return match first_segment(rest) {
            Some(locale) => Change::Content { locale },
            None => Change::Site,
        };
    }
    if let Ok(rest) = path.strip_prefix(layout.root.join("locales")) {
        return match first_segment(rest) {
            Some(locale) if name.ends_with(".ftl") => Change::Messages { locale },
            Some(_) if path.is_dir() => Change::Site,
            _ => Change::Ignored,
        };
    }
    let site_wide = ["templates", "static"];
    match site_wide
        .iter()
        .any(|d| path.starts_with(layout.root.join(d)))
    {
        true => Change::Site,
        false => Change::Ignored,
    }
}

fn first_segment(rest: &Path) -> Option<String> {
    let mut parts = rest.components();
    let first = parts.next()?.as_os_str().to_str()?.to_string();
    Some(first)
}

/// Files editors write beside the one being saved (Vim's swap and `4913` probe, Emacs's lock
/// and autosave files, backups, LibreOffice's locks, partial downloads).
fn is_editor_temp(name: &str) -> bool {
    let suffixes = [
        ".swp",
        ".swx",
        ".swo",
        "~",
        ".tmp",
        ".bak",
        ".part",
        ".crdownload",
    ];
    name.is_empty()
        || name == "4913"
        || name.starts_with(".#")
        || name.starts_with(".~lock")
        || (name.starts_with('#') && name.ends_with('#'))
        || suffixes.iter().any(|s| name.ends_with(s))
}

/// A staging folder tolk makes beside the output (`.<out>.staging-<pid>`).
fn is_staging(layout: &Layout, path: &Path) -> bool {
    let Some(name) = layout.out.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let prefix = format!(".{name}.staging-");
    path.ancestors()
        .filter_map(|a| a.file_name()?.to_str())
        .any(|n| n.starts_with(&prefix))
}

/// The result of one build of a [`Session`].
#[derive(Debug)]
pub struct Rebuild {
    pub report: BuildReport,
    /// What changed in the served folder (nothing when the build was refused).
    pub changes: Changes,
    /// Files a preview had written that the refused build put back as they were.
    pub restored: Vec<String>,
}

impl Rebuild {
    /// Whether only stylesheets changed (a browser can swap them without reloading).
    pub fn styles_only(&self) -> bool {
        let all = self.changes.written.iter().chain(&self.changes.removed);
        !self.changes.written.is_empty() && all.clone().all(|rel| rel.ends_with(".css"))
    }
}

/// A published site kept up to date: it remembers what the output folder holds.
pub struct Session {
    options: BuildOptions,
    files: Files,
    /// The output folder `files` describes (a new `build-dir` means a new listing).
    served: Arc<Mutex<Option<PathBuf>>>,
    /// What rendered each article page of the served folder, to skip pages nothing changed.
    memo: Arc<Mutex<site::memo::State>>,
    /// Files a [`Session::preview`] replaced since the last build, with their bytes before.
    replaced: Mutex<Vec<preview::Replaced>>,
}

impl Session {
    /// A session for the site `options` names; nothing is built until [`Session::build`].
    /// It keeps each article page's rendered Markdown in memory between builds
    /// ([`site::memo::Memo::keep_bodies`]).
    pub fn new(options: BuildOptions) -> Session {
        let mut state = site::memo::State::default();
        state.memo.keep_bodies();
        Session {
            options: BuildOptions {
                write: true,
                ..options
            },
            files: Files::default(),
            served: Arc::default(),
            memo: Arc::new(Mutex::new(state)),
            replaced: Mutex::default(),
        }
    }

    /// The options every build of this session runs with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The site's layout now (it follows `book.toml`).
    pub fn layout(&self) -> Layout {
        Layout::of(&self.options)
    }

    /// The paths among `paths` that are inputs of the site, with what they affect.
    pub fn relevant(&self, paths: &[PathBuf]) -> Vec<(PathBuf, Change)> {
        let layout = self.layout();
        let mut out: Vec<(PathBuf, Change)> = paths
            .iter()
            .map(|p| (p.clone(), classify(&layout, p)))
            .filter(|(_, c)| *c != Change::Ignored)
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup();
        out
    }

    /// From now on a watcher reports every change ([`Session::rebuild`]): the next build lists
    /// the content folder once more (changes made before the watch started are seen), the
    /// builds after it look only at the content files the watcher named.
    pub fn watching(&self) {
        self.state().content.watching();
    }

    /// The watcher may have lost events (its queue overflowed, it asked for a rescan): the
    /// next build lists the content folder again.
    pub fn rescan(&self) {
        self.state().content.rescan();
    }

    /// Notes every path a watcher reported (absolute), whether or not it starts a build: after
    /// [`Session::watching`], the content stage of the next build looks only at the content
    /// files noted since the last one. Every path counts, even an editor's temporary file
    /// ([`Change::Ignored`]): a link or a special file in the content folder is an error a full
    /// listing would report.
    pub fn saw(&self, paths: &[PathBuf]) {
        let content = self.layout().content;
        let rels = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&content).ok())
            .map(Path::to_path_buf);
        self.state().content.changed(rels);
    }

    /// What the content stage of the last build did (to test and to show).
    pub fn content_stats(&self) -> crate::content::CacheStats {
        self.state().content.stats()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, site::memo::State> {
        self.memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Builds the site and brings the output folder up to date: only files whose bytes changed
    /// are written, files no longer made are deleted. A build with errors changes nothing.
    pub fn build(&self) -> Rebuild {
        let changes = Arc::new(Mutex::new(Changes::default()));
        let open = |dir: &Path| -> Result<Box<dyn Output>, crate::diagnostics::Diagnostic> {
            self.follow(dir);
            let writer = Writer::open(dir, self.files.clone(), changes.clone())?;
            Ok(Box::new(writer))
        };
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        let report = site::build_memoized(&self.options, &open, Some(&mut memo));
        let changes = std::mem::take(&mut *changes.lock().unwrap_or_else(|e| e.into_inner()));
        drop(memo);
        let restored = self.settle_preview(report.published.is_some());
        Rebuild {
            report,
            changes,
            restored,
        }
    }

    /// Lists the files of `dir` when the session has not seen it yet.
    fn follow(&self, dir: &Path) {
        let mut served = self.served.lock().unwrap_or_else(|e| e.into_inner());
        if served.as_deref() != Some(dir) {
            *self.files.write().unwrap_or_else(|e| e.into_inner()) = writer::scan(dir);
            *served = Some(dir.to_path_buf());
            // The memo describes the folder it was made for; `Recorder::new` checks that too.
            if let Ok(mut state) = self.memo.try_lock() {
                state.memo.clear();
            }
        }
    }
}
