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
//!
//! A watcher can spare the load even the stat of every file: after [`ContentCache::watching`],
//! the load after next lists the folder once more, and each later load trusts the last listing
//! and stamps except for the paths noted with [`ContentCache::changed`] since (each of those is
//! stat'ed and read). A change the shortcut cannot place exactly (a folder created, renamed or
//! removed, a link, a path directly in the content folder, a new locale folder, a listing that
//! had findings, a configuration change) lists the whole folder again, as does
//! [`ContentCache::rescan`] (the watcher lost events). The note is kept until a load uses it.

use super::{discover, is_includes, page_file, parse_file, Content, Found, Listing, Parsed};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::input::{SiteFs, Stamp};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// The last load's listing of the content folder (not stored: a new process walks).
    #[serde(skip)]
    listing: Option<Arc<Listing>>,
    /// What a watcher said changed since the last load (not stored).
    #[serde(skip)]
    watched: Watched,
    /// The last load's result, shared with the build that used it (not stored).
    #[serde(skip)]
    assembled: Option<Assembled>,
}

/// A load's pages and findings, to patch when only page bodies changed.
#[derive(Debug, Default, Clone)]
struct Assembled {
    content: Arc<Content>,
    diagnostics: Diagnostics,
}

impl PartialEq for Assembled {
    fn eq(&self, other: &Assembled) -> bool {
        Arc::ptr_eq(&self.content, &other.content) && self.diagnostics == other.diagnostics
    }
}

/// The cached results of the files a load will read again, taken before it reads them.
pub(super) struct BeforePatch(Vec<(PathBuf, Arc<Parsed>)>);

/// What is known of changes since the last load (see the module documentation).
#[derive(Debug, Default, Clone, PartialEq)]
enum Watched {
    /// No watcher: every load lists the folder and checks every stamp.
    #[default]
    Off,
    /// Watched, but changes may have been missed: the next load lists the folder.
    Rescan,
    /// Only these paths (relative to the content folder) changed since the last load.
    Changed(BTreeSet<PathBuf>),
}

/// How a load may use the last listing, when a watcher said what changed.
pub(super) struct Hint {
    /// Files to read whatever their stamps (the changed ones that are pages).
    read: HashSet<PathBuf>,
    /// Page files that are gone.
    removed: Vec<PathBuf>,
    /// Whether a page file was added to the listing.
    added: bool,
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
    /// Whether the content folder was listed (`false`: a watcher's changes were applied to
    /// the last listing, and no other file was looked at).
    pub listed: bool,
    /// Whether the last result was patched (only page bodies changed) instead of assembled.
    pub patched: bool,
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
    parsed: Arc<Parsed>,
}

/// What the parallel pass decided for one file.
enum Outcome {
    /// Reuse the entry (with this stamp, checked at this time when `Some`).
    Reuse(Arc<Parsed>, Stamp, Option<i64>),
    /// A new entry.
    New(Arc<Parsed>, Box<CachedFile>),
    /// Not readable: reported, not remembered.
    Unreadable(Arc<Parsed>),
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

    /// Starts trusting a watcher: the next load lists the folder, later ones apply what
    /// [`ContentCache::changed`] noted to the last listing.
    pub fn watching(&mut self) {
        self.watched = Watched::Rescan;
    }

    /// The watcher may have missed changes: the next load lists the folder.
    pub fn rescan(&mut self) {
        if self.watched != Watched::Off {
            self.watched = Watched::Rescan;
        }
    }

    /// Notes paths (relative to the content folder) a watcher saw change; nothing without
    /// [`ContentCache::watching`].
    pub fn changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        if let Watched::Changed(set) = &mut self.watched {
            set.extend(paths);
        }
    }

    /// The listing of the content folder for this load, and how much of the last one holds:
    /// the configuration checked (a change empties the cache), then the watcher's changes
    /// applied to the last listing, or the folder listed. `Err`: the folder cannot be read.
    pub(super) fn listing(
        &mut self,
        config: &Config,
    ) -> Result<(Arc<Listing>, Option<Hint>), Diagnostics> {
        let key = config_digest(config);
        self.stats = CacheStats::default();
        if self.config != Some(key) {
            self.stats.config_changed = self.config.is_some();
            self.files.clear();
            self.listing = None;
            self.assembled = None;
            self.config = Some(key);
        }
        let watched = std::mem::take(&mut self.watched);
        self.watched = match watched {
            Watched::Off => Watched::Off,
            _ => Watched::Changed(BTreeSet::new()),
        };
        if let (Watched::Changed(changed), Some(listing)) = (&watched, &mut self.listing) {
            if let Some(hint) = apply(config, Arc::make_mut(listing), changed) {
                return Ok((listing.clone(), Some(hint)));
            }
        }
        self.stats.listed = true;
        match discover(config) {
            Ok(listing) => {
                let listing = Arc::new(listing);
                self.listing = Some(listing.clone());
                Ok((listing, None))
            }
            Err(d) => {
                self.listing = None;
                Err(d)
            }
        }
    }

    /// The parsed result of every file of `listing` (in its order), from the cache where the
    /// file is unchanged, and the cache updated to hold exactly these files. With a `hint`,
    /// only the files it names are looked at.
    pub(super) fn refresh(
        &mut self,
        config: &Config,
        fs: &SiteFs,
        listing: &Listing,
        hint: Option<Hint>,
    ) -> Vec<Arc<Parsed>> {
        let files = &listing.files;
        let mut stats = self.stats;
        let now = now_ns();
        if let Some(hint) = hint {
            for gone in &hint.removed {
                self.files.remove(gone);
            }
            let cached = &self.files;
            let outcomes: Vec<Option<Outcome>> = files
                .par_iter()
                .map(|file| {
                    let entry = cached.get(&file.path);
                    match entry {
                        Some(c) if !hint.read.contains(&file.path) => {
                            Some(Outcome::Reuse(c.parsed.clone(), c.stamp, None))
                        }
                        _ => Some(decide(config, fs, file, entry, now, true)),
                    }
                })
                .collect();
            let results = self.take(outcomes, files, &mut stats);
            self.stats = stats;
            return results;
        }
        let old = std::mem::take(&mut self.files);
        let outcomes: Vec<Option<Outcome>> = files
            .par_iter()
            .map(|file| Some(decide(config, fs, file, old.get(&file.path), now, false)))
            .collect();
        self.files = old;
        let results = self.take(outcomes, files, &mut stats);
        // Files no longer listed are forgotten.
        let listed: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
        self.files.retain(|path, _| listed.contains(path.as_path()));
        self.stats = stats;
        results
    }

    /// What the load of `hint` needs to patch the last result instead of assembling a new
    /// one: `None` when files come or go, or there is no last result.
    pub(super) fn before_patch(&self, hint: &Hint) -> Option<BeforePatch> {
        if hint.added || !hint.removed.is_empty() || self.assembled.is_none() {
            return None;
        }
        let read = hint.read.iter();
        let old = read.map(|p| Some((p.clone(), self.files.get(p)?.parsed.clone())));
        Some(BeforePatch(old.collect::<Option<Vec<_>>>()?))
    }

    /// The last result with the pages of `before`'s files given their new text and facts,
    /// when each file's page is one of the last result's and kept its front matter, slug,
    /// includes and findings (so the site-wide steps would give what they gave).
    pub(super) fn patch(&mut self, before: BeforePatch) -> Option<(Arc<Content>, Diagnostics)> {
        let mut updates = Vec::with_capacity(before.0.len());
        for (path, old) in &before.0 {
            let entry = self.files.get(path)?;
            let n = body_edited(old, &entry.parsed)?;
            updates.push((entry.locale.clone(), entry.rel.clone(), n.clone()));
        }
        let assembled = self.assembled.as_mut()?;
        let content = &assembled.content;
        let at: Option<Vec<usize>> = updates
            .iter()
            .map(|(locale, rel, _)| content.index_of(locale, rel))
            .collect();
        let at = at?; // an include file, not a page of its own
        let content = Arc::make_mut(&mut assembled.content);
        for (i, (_, _, page)) in at.into_iter().zip(updates) {
            content.pages[i].source = page.source.clone();
            content.pages[i].facts = page.facts.clone();
        }
        self.stats.patched = true;
        Some((assembled.content.clone(), assembled.diagnostics.clone()))
    }

    /// The page of the last load at `path` (absolute) as the file reads now, when only its body
    /// changed: its front matter, slug, includes and findings are those the cache holds, so
    /// the next load will patch it in ([`ContentCache::patch`]) and nothing site-wide can
    /// differ. `None` otherwise (new, unreadable, included, or more than the body changed).
    /// The cache itself is left as it is: the next load reads the file again.
    pub fn body_edit(&self, config: &Config, path: &Path) -> Option<super::Page> {
        let entry = self.files.get(path)?;
        let content = &self.assembled.as_ref()?.content;
        let at = content.index_of(&entry.locale, &entry.rel)?;
        let bytes = config.files().read(path).ok()?;
        if *blake3::hash(&bytes).as_bytes() == entry.digest {
            return None; // nothing to show before the build
        }
        let file = Found {
            locale: entry.locale.clone(),
            rel: entry.rel.clone(),
            path: path.to_path_buf(),
            stamp: entry.stamp,
        };
        let new = parse_file(config, &file, bytes);
        let n = body_edited(&entry.parsed, &new)?;
        let mut page = content.pages[at].clone();
        page.source = n.source.clone();
        page.facts = n.facts.clone();
        Some(page)
    }

    /// Remembers a load's result (to patch at the next load) and shares it.
    pub(super) fn assembled(
        &mut self,
        content: Content,
        diagnostics: Diagnostics,
    ) -> (Arc<Content>, Diagnostics) {
        let content = Arc::new(content);
        self.assembled = Some(Assembled {
            content: content.clone(),
            diagnostics: diagnostics.clone(),
        });
        (content, diagnostics)
    }

    /// Applies the outcomes of `files` to the cache, counting them; their results in order.
    fn take(
        &mut self,
        outcomes: Vec<Option<Outcome>>,
        files: &[Found],
        stats: &mut CacheStats,
    ) -> Vec<Arc<Parsed>> {
        let mut results = Vec::with_capacity(files.len());
        for (outcome, file) in outcomes.into_iter().zip(files) {
            match outcome {
                Some(Outcome::Reuse(parsed, stamp, checked)) => {
                    match checked {
                        Some(ns) => {
                            if let Some(entry) = self.files.get_mut(&file.path) {
                                entry.stamp = stamp;
                                entry.checked_ns = ns;
                            }
                            stats.same_bytes += 1;
                        }
                        None => {
                            if let Some(entry) = self.files.get_mut(&file.path) {
                                entry.stamp = stamp;
                            }
                            stats.unchanged += 1;
                        }
                    }
                    results.push(parsed);
                }
                Some(Outcome::New(parsed, entry)) => {
                    stats.parsed += 1;
                    self.files.insert(file.path.clone(), *entry);
                    results.push(parsed);
                }
                Some(Outcome::Unreadable(parsed)) => {
                    self.files.remove(&file.path);
                    results.push(parsed);
                }
                None => {}
            }
        }
        results
    }
}

/// The new page of a file parsed as `old` then as `new`, when only its body changed: both are
/// pages with the same front matter, slug, includes and findings (so no site-wide step can
/// give another result).
fn body_edited<'a>(old: &Parsed, new: &'a Parsed) -> Option<&'a super::ParsedPage> {
    let (Ok(o), Ok(n)) = (&old.page, &new.page) else {
        return None;
    };
    let same = o.meta == n.meta
        && o.slug == n.slug
        && old.includes == new.includes
        && old.diagnostics == new.diagnostics;
    same.then_some(n)
}

/// Applies the changed paths (relative to the content folder) to `listing`; `None` when one of
/// them needs the folder listed again (see the module documentation). The listing may be
/// left half-updated then: it is replaced.
fn apply(config: &Config, listing: &mut Listing, changed: &BTreeSet<PathBuf>) -> Option<Hint> {
    if !listing.diagnostics.is_empty() {
        return None;
    }
    let mut hint = Hint {
        read: HashSet::new(),
        removed: Vec::new(),
        added: false,
    };
    for rel in changed {
        let mut parts = rel.components();
        let first = parts.next()?;
        parts.next()?; // the content folder itself, or a path directly in it
        let folder = config.content_dir.join(first);
        let path = config.content_dir.join(rel);
        let Some((_, locale)) = listing.folders.iter().find(|(f, _)| *f == folder) else {
            let name = first.as_os_str().to_string_lossy();
            let a_locale = config
                .locales
                .iter()
                .any(|l| l.tag.eq_ignore_ascii_case(&name));
            if is_includes(&name) && !a_locale {
                continue; // shared include files: never pages
            }
            return None;
        };
        let at = listing.files.binary_search_by(|f| f.path.cmp(&path));
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {
                let Some(found) = page_file(&folder, locale, path.clone(), Stamp::of(&m)) else {
                    continue; // not a page: media, a TOC, an include
                };
                match at {
                    Ok(i) => listing.files[i] = found,
                    Err(i) => {
                        listing.files.insert(i, found);
                        hint.added = true;
                    }
                }
                hint.read.insert(path);
            }
            // A folder (made, or renamed here), a link or a special file: list again.
            Ok(_) => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match at {
                Ok(i) => {
                    listing.files.remove(i);
                    hint.removed.push(path);
                }
                // A folder that held pages is gone (its pages sort right after it).
                Err(i)
                    if listing
                        .files
                        .get(i)
                        .is_some_and(|f| f.path.starts_with(&path)) =>
                {
                    return None;
                }
                Err(_) => {}
            },
            Err(_) => return None,
        }
    }
    Some(hint)
}

/// Reuses, re-reads or parses one file (see the module documentation).
/// `changed`: a watcher saw the file change, so its bytes are compared whatever its stamp.
fn decide(
    config: &Config,
    fs: &SiteFs,
    file: &Found,
    cached: Option<&CachedFile>,
    now: i64,
    changed: bool,
) -> Outcome {
    let cached = cached.filter(|c| c.locale == file.locale && c.rel == file.rel);
    if let Some(c) = cached.filter(|_| !changed) {
        if c.stamp == file.stamp && !is_racy(&c.stamp, c.checked_ns) {
            return Outcome::Reuse(c.parsed.clone(), file.stamp, None);
        }
    }
    let bytes = match fs.read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Unreadable(Arc::new(Parsed::unreadable(e.diagnostic()))),
    };
    let digest = *blake3::hash(&bytes).as_bytes();
    if let Some(c) = cached.filter(|c| c.digest == digest) {
        return Outcome::Reuse(c.parsed.clone(), file.stamp, Some(now));
    }
    let parsed = Arc::new(parse_file(config, file, bytes));
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
