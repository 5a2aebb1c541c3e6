//! Previews in a [`Session`]: the article pages that show an edited page (a body edit), or the
//! open article pages (a message edit), put in the served folder before the rebuild (see
//! [`crate::site::preview`]), and put back as they were when the rebuild after them fails, so a
//! failed build still leaves the last good site served.

use super::{Change, Session};
use crate::i18n::Localizer;
use crate::output::safe_relative;
use crate::templates::Templates;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file a preview replaced in the served folder, and its bytes before.
pub(super) struct Replaced {
    rel: String,
    before: Vec<u8>,
}

impl Session {
    /// Shows body edits ahead of the rebuild. When every path of `relevant` is a Markdown page
    /// whose body alone changed and the last build published, renders the article pages that
    /// show those pages with the last build's site and writes them into the served folder.
    /// Returns the files written (for live reload); `None` when nothing was previewed.
    ///
    /// A [`Session::build`] must follow: it keeps the previewed files when it publishes (and
    /// writes again any it makes differently), and puts their old bytes back when it does not.
    pub fn preview(&self, relevant: &[(PathBuf, Change)]) -> Option<Vec<String>> {
        let markdown = |p: &Path| p.extension().is_some_and(|x| x == "md");
        let body_edits = !relevant.is_empty()
            && relevant
                .iter()
                .all(|(p, c)| matches!(c, Change::Content { .. }) && markdown(p));
        if !body_edits {
            return None;
        }
        let served = lock(&self.served).clone()?;
        let rendered = {
            let state = self.state();
            let site = last_served_site(&state, &served)?;
            // The watcher's paths are absolute; the build's are as `book.toml` names them.
            let content = self.layout().content;
            let pages = relevant
                .iter()
                .map(|(path, _)| {
                    let rel = path.strip_prefix(&content).ok()?;
                    let path = site.config.content_dir.join(rel);
                    state.content.body_edit(&site.config, &path)
                })
                .collect::<Option<Vec<_>>>()?;
            crate::site::preview::render(&site, &state.memo, &pages)?
        };
        let written = self.put_in_place(&served, rendered);
        (!written.is_empty()).then_some(written)
    }

    /// Shows message edits ahead of the rebuild: when every path of `relevant` is an `.ftl`
    /// file that still parses whole and the last build published, renders the article pages
    /// among `open` (output files open in a browser) with the new messages and the last
    /// build's site, and writes those that change into the served folder. Returns the files
    /// written; `None` when nothing was previewed. As after [`Session::preview`], a
    /// [`Session::build`] must follow: it renders the rest of the locale.
    pub fn preview_messages(
        &self,
        relevant: &[(PathBuf, Change)],
        open: &[String],
    ) -> Option<Vec<String>> {
        let message_edits = !relevant.is_empty()
            && relevant
                .iter()
                .all(|(_, c)| matches!(c, Change::Messages { .. }));
        if !message_edits || open.is_empty() {
            return None;
        }
        let served = lock(&self.served).clone()?;
        let rendered = {
            let state = self.state();
            let site = last_served_site(&state, &served)?;
            let config = &site.config;
            let (files, problems) = Localizer::read_files(config);
            if problems.has_errors() {
                return None;
            }
            // A file that does not parse whole is reported by the rebuild, not previewed.
            let localizer = Arc::new(Localizer::parse_whole(config, &files)?);
            let locales: Vec<String> = config.locales.iter().map(|l| l.tag.clone()).collect();
            let sources = Templates::sources(&config.root, &[]);
            let templates = Templates::compile(sources, &config.root, &localizer, &locales).ok()?;
            let templates = Arc::new(templates);
            crate::site::preview::render_messages(&site, &state.memo, localizer, templates, open)?
        };
        let written = self.put_in_place(&served, rendered);
        (!written.is_empty()).then_some(written)
    }

    /// Writes the files of a preview (output path, bytes) into the served folder, each in one
    /// step, remembering their old bytes; only files the served site has, and only when their
    /// bytes change. Returns the files written.
    fn put_in_place(&self, served: &Path, rendered: Vec<(String, Vec<u8>)>) -> Vec<String> {
        let mut written = Vec::new();
        let mut replaced = lock(&self.replaced);
        for (rel, bytes) in rendered {
            let digest = Some(super::writer::digest(&bytes));
            let known = {
                let files = self.files.read().unwrap_or_else(|e| e.into_inner());
                files.get(&rel).copied()
            };
            // Only a file the served site has, and only when its bytes change.
            let (Some(old), Some(safe)) = (known, safe_relative(&rel)) else {
                continue;
            };
            if old == digest {
                continue;
            }
            let path = served.join(safe);
            let Ok(before) = std::fs::read(&path) else {
                continue;
            };
            if replace(&path, &bytes).is_err() {
                continue;
            }
            let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
            files.insert(rel.clone(), digest);
            if !replaced.iter().any(|r| r.rel == rel) {
                replaced.push(Replaced {
                    rel: rel.clone(),
                    before,
                });
            }
            written.push(rel);
        }
        written
    }

    /// After a build: forgets the previewed files when it published, else puts their old
    /// bytes back and returns them (the open pages that show them must reload).
    pub(super) fn settle_preview(&self, published: bool) -> Vec<String> {
        let replaced = std::mem::take(&mut *lock(&self.replaced));
        if published {
            return Vec::new();
        }
        let Some(served) = lock(&self.served).clone() else {
            return Vec::new();
        };
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut restored = Vec::new();
        for Replaced { rel, before } in replaced {
            let Some(safe) = safe_relative(&rel) else {
                continue;
            };
            let _ = replace(&served.join(safe), &before);
            // Whatever is on disk now, the next build compares against nothing and writes it.
            files.insert(rel.clone(), None);
            restored.push(rel);
        }
        restored
    }
}

/// The site of the last published build when it is the one served at `served` (a preview
/// renders with it).
fn last_served_site(
    state: &crate::site::memo::State,
    served: &Path,
) -> Option<Arc<crate::site::Site>> {
    let site = state.kept.last_site.0.clone()?;
    (site.config.build_dir == served).then_some(site)
}

/// Replaces the file at `path` in one step (a reader sees the old bytes or the new ones).
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tolk-preview"));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
