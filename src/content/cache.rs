//! The content cache: what the content stage parsed from each source file, kept between loads
//! (in `tolk serve`'s memory, and on disk in the incremental build's state file) so that a load
//! after editing one page reads and parses that page only.
//!
//! Use: keep one [`ContentCache`] (`Default`, or read back with serde) and call
//! [`super::Content::load_cached`] instead of [`super::load`]; the result is the same pages and
//! diagnostics in the same order. Per file the cache keeps its [`Stamp`] (size, mtime, ctime,
//! inode, taken by [`crate::input::SiteFs::walk_stat`] while listing the folder), the blake3
//! digest of its bytes and everything parsed from them: text, normalized front matter, slug,
//! [`super::PageFacts`], diagnostics.
//!
//! A file is taken from the cache without being opened when its stamp is the one recorded and
//! it was not "racy" when its bytes were last compared: modified less than [`RACY_WINDOW`]
//! before that (git's index has the same rule), since a second write in the same clock tick
//! could keep every field of the stamp. Otherwise it is read; bytes with the recorded digest
//! reuse the parsed result, other bytes are parsed. Everything is dropped when the
//! configuration changes (normalization depends on it). Files that are gone are forgotten.
//! Site-wide steps (unique slugs, order, included files) always run again, on every page.

use super::{parse_file, Found, Parsed};
use crate::config::Config;
use crate::input::{SiteFs, Stamp};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long after its modification a file's stamp is not trusted alone (see the module docs);
/// git's value, wide enough for file systems with 1 s or 2 s timestamps.
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// What the content stage remembers of each source file: see the module documentation.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentCache {
    /// Digest of the configuration the entries were parsed with (`None`: nothing yet).
    config: Option<[u8; 32]>,
    files: HashMap<PathBuf, CachedFile>,
    /// What the last load did (not stored).
    #[serde(skip)]
    stats: CacheStats,
}

/// What one cached load did, to show with `--timings` and to test.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Files taken from the cache by their stamp alone.
    pub unchanged: usize,
    /// Files read whose bytes had the recorded digest (racy or only touched).
    pub same_bytes: usize,
    /// Files read and parsed (new, edited, or everything after a configuration change).
    pub parsed: usize,
    /// Whether the configuration changed, emptying the cache.
    pub config_changed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CachedFile {
    stamp: Stamp,
    /// When the bytes were last compared (ns since the Unix epoch): the stamp is trusted only
    /// when the file was older than [`RACY_WINDOW`] then.
    checked_ns: i64,
    digest: [u8; 32],
    locale: String,
    rel: String,
    parsed: Parsed,
}

/// What the parallel pass decided for one file.
enum Outcome {
    /// Reuse the entry (with this stamp, checked at this time when `Some`).
    Reuse(Parsed, Stamp, Option<i64>),
    /// A new entry.
    New(Parsed, Box<CachedFile>),
    /// Not readable: reported, not remembered.
    Unreadable(Parsed),
}

impl ContentCache {
    /// Number of files remembered.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// What the last [`super::Content::load_cached`] with this cache did.
    pub fn stats(&self) -> CacheStats {
        self.stats
    }

    /// The parsed result of every file in `files` (in their order), from the cache where the
    /// file is unchanged, and the cache updated to hold exactly these files.
    pub(super) fn refresh(&mut self, config: &Config, fs: &SiteFs, files: &[Found]) -> Vec<Parsed> {
        let key = config_digest(config);
        let mut stats = CacheStats::default();
        if self.config != Some(key) {
            stats.config_changed = self.config.is_some();
            self.files.clear();
            self.config = Some(key);
        }
        let now = now_ns();
        let old = std::mem::take(&mut self.files);
        let outcomes: Vec<Outcome> = files
            .par_iter()
            .map(|file| decide(config, fs, file, old.get(&file.path), now))
            .collect();
        let mut old = old;
        let mut results = Vec::with_capacity(files.len());
        for (outcome, file) in outcomes.into_iter().zip(files) {
            match outcome {
                Outcome::Reuse(parsed, stamp, checked) => {
                    let Some(mut entry) = old.remove(&file.path) else {
                        continue; // cannot happen: decided from this entry
                    };
                    entry.stamp = stamp;
                    match checked {
                        Some(ns) => {
                            entry.checked_ns = ns;
                            stats.same_bytes += 1;
                        }
                        None => stats.unchanged += 1,
                    }
                    self.files.insert(file.path.clone(), entry);
                    results.push(parsed);
                }
                Outcome::New(parsed, entry) => {
                    stats.parsed += 1;
                    self.files.insert(file.path.clone(), *entry);
                    results.push(parsed);
                }
                Outcome::Unreadable(parsed) => results.push(parsed),
            }
        }
        self.stats = stats;
        results
    }
}

/// Reuses, re-reads or parses one file (see the module documentation).
fn decide(
    config: &Config,
    fs: &SiteFs,
    file: &Found,
    cached: Option<&CachedFile>,
    now: i64,
) -> Outcome {
    let cached = cached.filter(|c| c.locale == file.locale && c.rel == file.rel);
    if let Some(c) = cached {
        if c.stamp == file.stamp && !is_racy(&c.stamp, c.checked_ns) {
            return Outcome::Reuse(c.parsed.clone(), file.stamp, None);
        }
    }
    let bytes = match fs.read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Unreadable(Parsed::unreadable(e.diagnostic())),
    };
    let digest = *blake3::hash(&bytes).as_bytes();
    if let Some(c) = cached.filter(|c| c.digest == digest) {
        return Outcome::Reuse(c.parsed.clone(), file.stamp, Some(now));
    }
    let parsed = parse_file(config, file, bytes);
    let entry = CachedFile {
        stamp: file.stamp,
        checked_ns: now,
        digest,
        locale: file.locale.clone(),
        rel: file.rel.clone(),
        parsed: parsed.clone(),
    };
    Outcome::New(parsed, Box::new(entry))
}

/// Whether a file with `stamp` was modified too shortly before `checked_ns` to trust the stamp.
fn is_racy(stamp: &Stamp, checked_ns: i64) -> bool {
    let checked = UNIX_EPOCH + Duration::from_nanos(u64::try_from(checked_ns).unwrap_or(0));
    stamp.is_racy(checked, RACY_WINDOW)
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// A digest of the configuration: any change to it may change how a file is normalized, so it
/// empties the cache (conservative, and cheap: configurations change rarely). `[check]` is left
/// out: the content stage does not read it, and its compiled globs' `Debug` may show state
/// (a regex's cache pool) that differs from one run to the next.
fn config_digest(config: &Config) -> [u8; 32] {
    let relevant = Config {
        check: Default::default(),
        ..config.clone()
    };
    *blake3::hash(format!("{relevant:?}").as_bytes()).as_bytes()
}

#[cfg(test)]
mod tests;
