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
use crate::diagnostics::Diagnostic;
use crate::input::record::{self, Stamp};
use crate::output::{Staging, MARKER};
use crate::site::{self, memo, BuildOptions, BuildReport, Output};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// What is saved beside the output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    state: memo::State,
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
}

/// Builds the site as [`site::build`] does, with the state of the previous build when there is
/// one and the output folder is as that build left it; saves the state for the next build.
pub fn build(options: &BuildOptions) -> (BuildReport, Persisted) {
    let out = Layout::of(options).out;
    let mut persisted = Persisted::default();
    let started = Instant::now();
    let saved = match store::load::<Saved>(&out) {
        Loaded::Found(saved) => Some(saved),
        Loaded::Missing => None,
        Loaded::Ignored(note) => {
            persisted.notes.push(note);
            None
        }
    };
    let (mut state, files) = match saved {
        Some(saved) if unchanged(&out, &saved.files) => (saved.state, Some(saved.files)),
        Some(mut saved) => {
            persisted.notes.push(format!(
                "{} changed since the last build: building in full",
                out.display()
            ));
            saved.state.memo.clear();
            (saved.state, None)
        }
        None => (memo::State::default(), None),
    };
    let loaded = started.elapsed();
    let (mut report, digests) = match files {
        Some(files) => {
            persisted.incremental = true;
            let digests: HashMap<String, Digest> =
                files.into_iter().map(|(rel, (d, _))| (rel, d)).collect();
            let listing = Arc::new(RwLock::new(digests));
            let changes = Arc::new(Mutex::new(Changes::default()));
            let open = |dir: &Path| -> Result<Box<dyn Output>, Diagnostic> {
                let writer = Writer::open(dir, listing.clone(), changes.clone())?;
                Ok(Box::new(writer))
            };
            let report = site::build_memoized(options, &open, Some(&mut state));
            let digests = std::mem::take(&mut *listing.write().unwrap_or_else(|e| e.into_inner()));
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
        save(&out, state, &digests, &mut persisted);
    }
    report.timings.insert(0, ("state: load", loaded));
    report.timings.push(("state: save", saving.elapsed()));
    (report, persisted)
}

fn save(
    out: &Path,
    state: memo::State,
    digests: &HashMap<String, Digest>,
    persisted: &mut Persisted,
) {
    let files = stamps(out)
        .into_iter()
        .map(|(rel, stamp)| {
            let digest = digests.get(&rel).copied().flatten();
            (rel, (digest, stamp))
        })
        .collect();
    match store::save(out, &Saved { state, files }) {
        Ok(bytes) => persisted.saved_bytes = Some(bytes),
        Err(e) => persisted
            .notes
            .push(format!("{e}; the next build is a full build")),
    }
}

/// Whether `out` holds exactly `files`, with the same stamps.
fn unchanged(out: &Path, files: &HashMap<String, (Digest, Stamp)>) -> bool {
    let now = stamps(out);
    now.len() == files.len()
        && now
            .iter()
            .all(|(rel, stamp)| files.get(rel).is_some_and(|(_, s)| s == stamp))
}

/// Every file of `out` but the marker, with its stamp.
fn stamps(out: &Path) -> HashMap<String, Stamp> {
    writer::scan(out)
        .into_keys()
        .filter(|rel| rel != MARKER)
        .map(|rel| {
            let stamp = record::stamp(&out.join(&rel));
            (rel, stamp)
        })
        .collect()
}
