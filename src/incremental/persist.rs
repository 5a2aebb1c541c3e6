//! `tolk build` with the state of the previous build ([`super::store`]): the content cache
//! and the render memo, plus what the output folder held when that build published it.
//!
//! The memo may keep files in place only when the output folder is exactly what the last build
//! left: the same files with the same stamps (a file edited, added or deleted by hand, or a
//! build by another tool, would otherwise survive). Then the build writes into the folder in
//! place with the incremental [`Writer`] (each changed file swapped in atomically, a refused
//! build changing nothing), as `tolk serve` does. Otherwise it is a full build into a staging
//! folder, with a note saying why; the content cache is used either way (it depends on the
//! sources only), and the state is saved for the next build.

use super::store::{self, Loaded};
use super::writer::{self, Changes, Digest, Writer};
use super::Layout;
use crate::content::ContentCache;
use crate::diagnostics::Diagnostic;
use crate::input::record::{self, Stamp};
use crate::output::{Staging, MARKER};
use crate::site::{self, memo, BuildOptions, BuildReport, Output};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// What is saved beside the output folder besides the content cache (the state's other part,
/// so that the two are encoded and decoded on two threads).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    memo: memo::Memo,
    /// Every file of the output folder after the build that saved this: its digest (when
    /// known) and its stamp.
    files: HashMap<String, (Digest, Stamp)>,
}

/// What [`build`] did besides the build itself.
#[derive(Debug, Default)]
pub struct Persisted {
    /// Why the saved state was not used, or could not be saved (a note, never an error).
    pub notes: Vec<String>,
    /// Whether the build updated the output folder in place with the memo.
    pub incremental: bool,
    /// Size of the state file saved, in bytes.
    pub saved_bytes: Option<u64>,
    /// Whether the build changed nothing, so the saved state was left as it was.
    pub unchanged: bool,
}

/// Builds the site as [`site::build`] does, with the state of the previous build when there is
/// one and the output folder is as that build left it; saves the state for the next build.
pub fn build(options: &BuildOptions) -> (BuildReport, Persisted) {
    let out = Layout::of(options).out;
    let mut persisted = Persisted::default();
    let started = Instant::now();
    // The output folder's stamps are taken while the state decodes: it is used only when
    // they match the saved ones.
    let has_state = store::path_for(&out).is_some_and(|p| p.is_file());
    let (loaded, now) = rayon::join(
        || store::load_split::<ContentCache, Saved>(&out),
        || has_state.then(|| stamps(&out)),
    );
    let saved = match loaded {
        Loaded::Found((content, saved)) => Some((content, saved)),
        Loaded::Missing => None,
        Loaded::Ignored(note) => {
            persisted.notes.push(note);
            None
        }
    };
    let state_of = |content, memo| memo::State {
        content,
        memo,
        kept: Default::default(),
    };
    let (mut state, files) = match saved {
        Some((content, saved)) if unchanged(now.as_ref(), &saved.files) => {
            (state_of(content, saved.memo), Some(saved.files))
        }
        Some((content, mut saved)) => {
            persisted.notes.push(format!(
                "{} changed since the last build: building in full",
                out.display()
            ));
            saved.memo.clear();
            (state_of(content, saved.memo), None)
        }
        None => (memo::State::default(), None),
    };
    let loaded = started.elapsed();
    let mut before: Option<HashMap<String, Stamp>> = None;
    let mut changed = Changes::default();
    let (mut report, digests) = match files {
        Some(files) => {
            persisted.incremental = true;
            let (digests, stamps): (HashMap<String, Digest>, HashMap<String, Stamp>) = files
                .into_iter()
                .map(|(rel, (d, s))| ((rel.clone(), d), (rel, s)))
                .unzip();
            before = Some(stamps);
            let listing = Arc::new(RwLock::new(digests));
            let changes = Arc::new(Mutex::new(Changes::default()));
            let open = |dir: &Path| -> Result<Box<dyn Output>, Diagnostic> {
                let writer = Writer::open(dir, listing.clone(), changes.clone())?;
                Ok(Box::new(writer))
            };
            let report = site::build_memoized(options, &open, Some(&mut state));
            let digests = std::mem::take(&mut *listing.write().unwrap_or_else(|e| e.into_inner()));
            changed = std::mem::take(&mut *changes.lock().unwrap_or_else(|e| e.into_inner()));
            (report, digests)
        }
        None => {
            let open = |dir: &Path| -> Result<Box<dyn Output>, Diagnostic> {
                Staging::create(dir).map(|s| Box::new(s) as Box<dyn Output>)
            };
            let report = site::build_memoized(options, &open, Some(&mut state));
            // A full build's files are of unknown digest: the next build compares by writing.
            (report, writer::scan(&out))
        }
    };
    let saving = Instant::now();
    // A refused build left the folder, and so the saved state, as they were.
    if report.published.is_some() {
        match before {
            Some(_) if nothing_changed(&state, &report, &changed) => persisted.unchanged = true,
            before => {
                let known = before.map(|stamps| (stamps, changed));
                save(&out, state, &digests, known, &mut persisted);
            }
        }
    }
    report.timings.insert(0, ("state: load", loaded));
    report.timings.push(("state: save", saving.elapsed()));
    (report, persisted)
}

/// Whether an incremental build left the saved state exactly right, so that saving it again
/// can be skipped: no output file written or removed (so the output folder still has the
/// saved stamps), no source file read again (the content cache's entries hold), every article
/// page and site-wide product kept (the memo's records hold).
///
/// Skipping is safe even when this says `true` wrongly: the saved state still describes the
/// output folder, which is what lets the next build keep files. A state less fresh than it
/// could be only costs that build a few reads (a touched media file is digested again).
fn nothing_changed(state: &memo::State, report: &BuildReport, changes: &Changes) -> bool {
    let content = state.content.stats();
    changes.written.is_empty()
        && changes.removed.is_empty()
        && content.parsed == 0
        && content.same_bytes == 0
        && !content.config_changed
        && report.reused == report.articles
        && report.rewrapped == 0
        && report.kept.len() == state.memo.products()
}

/// The output folder's files with their stamps after an incremental build: the loaded stamps
/// (checked equal to the folder's before the build) for the files the build left alone, a new
/// stamp for each file written; the files are the writer's listing (`digests`).
fn stamps_after(
    out: &Path,
    digests: &HashMap<String, Digest>,
    mut before: HashMap<String, Stamp>,
    changes: &Changes,
) -> HashMap<String, Stamp> {
    use rayon::prelude::*;
    for rel in &changes.written {
        before.remove(rel);
    }
    let (kept, fresh): (Vec<_>, Vec<_>) = digests
        .keys()
        .filter(|rel| *rel != MARKER)
        .partition(|rel| before.contains_key(*rel));
    let mut stamps: HashMap<String, Stamp> = fresh
        .into_par_iter()
        .map(|rel| (rel.clone(), record::stamp(&out.join(rel))))
        .collect();
    for rel in kept {
        if let Some(stamp) = before.remove(rel) {
            stamps.insert(rel.clone(), stamp);
        }
    }
    stamps
}

fn save(
    out: &Path,
    state: memo::State,
    digests: &HashMap<String, Digest>,
    known: Option<(HashMap<String, Stamp>, Changes)>,
    persisted: &mut Persisted,
) {
    // The output folder's stamps are taken while the content cache encodes (after an
    // incremental build, only those of the files it wrote), and what the next build does not
    // need (the last site, kept for previews) is freed meanwhile.
    let memo::State {
        content,
        memo,
        kept,
    } = state;
    let saved = || {
        let stamps = match known {
            Some((before, changes)) => stamps_after(out, digests, before, &changes),
            None => stamps(out),
        };
        let files = stamps
            .into_iter()
            .map(|(rel, stamp)| {
                let digest = digests.get(&rel).copied().flatten();
                (rel, (digest, stamp))
            })
            .collect();
        Saved { memo, files }
    };
    let (saved, ()) = rayon::join(
        || store::save_split(out, content, saved),
        move || drop(kept),
    );
    match saved {
        Ok(bytes) => persisted.saved_bytes = Some(bytes),
        Err(e) => persisted
            .notes
            .push(format!("{e}; the next build is a full build")),
    }
}

/// Whether the output folder, whose stamps are `now`, holds exactly `files` with the same
/// stamps.
fn unchanged(
    now: Option<&HashMap<String, Stamp>>,
    files: &HashMap<String, (Digest, Stamp)>,
) -> bool {
    now.is_some_and(|now| {
        now.len() == files.len()
            && now
                .iter()
                .all(|(rel, stamp)| files.get(rel).is_some_and(|(_, s)| s == stamp))
    })
}

/// Every file of `out` but the marker, with its stamp (the stamps taken on every thread: a
/// 10,000-page site has ~13,000 files).
fn stamps(out: &Path) -> HashMap<String, Stamp> {
    use rayon::prelude::*;
    let files: Vec<String> = writer::scan(out)
        .into_keys()
        .filter(|rel| rel != MARKER)
        .collect();
    files
        .into_par_iter()
        .map(|rel| {
            let stamp = record::stamp(&out.join(&rel));
            (rel, stamp)
        })
        .collect()
}
