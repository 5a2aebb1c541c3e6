//! The render memo: an article page whose inputs did not change since the last published build
//! is not rendered again; its output file is kept as it is, and what the site-wide pages need
//! of it (its listing, search document, media, charts, diagnostics) comes from the memo.
//!
//! Each page's key is a digest of everything its render reads: its own text, the texts and
//! slugs of its translation group (switcher, hreflang, freshness notices), its freshness, and
//! one site digest (configuration, form,
//! templates, every page's path, slug and front matter, which links and the navigation are
//! made of, and the files the navigation read). Files the render itself reads (images,
//! includes, code files, probes for files that do not exist) are recorded with their stamps
//! while it runs ([`crate::input::record`]) and checked again before the entry is used; so are
//! the Fluent messages it looked up ([`crate::i18n::lookups`]): a page is rendered again when
//! one of the messages it shows changed, not when any message of its locale did.
//!
//! The memo holds digests and the small records the site-wide pages are made from, never a
//! page's HTML. It describes one output folder as the last *published* build left it: a build
//! that is refused leaves the old memo in place, a failed publish empties it.

use super::articles::Listing;
use super::translations::FindingCounts;
use super::Site;
use crate::content::Page;
use crate::diagnostics::Diagnostics;
use crate::i18n::lookups::{self, Lookup};
use crate::i18n::Localizer;
use crate::input::record::{self, Stamp};
use crate::markdown::MediaCopy;
use crate::search::SearchDoc;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A digest (blake3, as the content cache's).
pub type Key = [u8; 32];

/// Builds a [`Key`] from parts, each length-prefixed so that no two sequences of parts collide.
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    /// A builder for keys of one kind (the kind is the first part).
    pub fn new(kind: &str) -> KeyBuilder {
        let mut b = KeyBuilder(blake3::Hasher::new());
        b.str(kind);
        b
    }

    /// Adds bytes.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a string.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Adds a path and what `lstat` said of it.
    pub fn stamp(&mut self, path: &Path, stamp: &Stamp) -> &mut Self {
        self.str(&path.to_string_lossy());
        self.str(&format!("{stamp:?}"))
    }

    /// The key.
    pub fn key(&self) -> Key {
        *self.0.finalize().as_bytes()
    }
}

/// The configuration as a key part, without `[check]` (levels apply after rendering, and its
/// compiled globs' `Debug` is not stable between runs).
fn config_text(config: &crate::config::Config) -> String {
    let relevant = crate::config::Config {
        check: Default::default(),
        ..config.clone()
    };
    format!("{relevant:?}")
}

/// The digest of `bytes` alone.
pub fn digest(bytes: &[u8]) -> Key {
    KeyBuilder::new("bytes").bytes(bytes).key()
}

/// What the site-wide pages need of one article page, kept so the page need not be rendered
/// again to make them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    pub listing: Listing,
    pub doc: SearchDoc,
    pub media: Vec<MediaCopy>,
    pub charts: Vec<String>,
    /// The render's own findings (the page's front matter and content findings are the
    /// content stage's, reported by every build).
    pub diagnostics: Diagnostics,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    key: Key,
    /// The files the render looked at, with their stamps then.
    reads: Vec<(PathBuf, Stamp)>,
    /// The messages it looked up: an index into [`Memo::message_sets`] (pages of one locale
    /// mostly share one set), and what they resolved to ([`Localizer::digest_of`]).
    messages: u32,
    messages_digest: Key,
    /// Shared between the memo of the last build and the next one's: kept pages cost no copy.
    record: Arc<PageRecord>,
}

/// The memo of one output folder: output file → what made it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Memo {
    /// The output folder the entries describe.
    out: Option<PathBuf>,
    pages: HashMap<String, Entry>,
    /// Translation file → key of the pair, and its structure findings.
    structure: HashMap<PathBuf, (Key, FindingCounts, Diagnostics)>,
    /// Site-wide product (`search nl-NL`) → its key and the files it wrote.
    products: HashMap<String, (Key, Vec<String>)>,
    /// The distinct sets of messages pages looked up.
    message_sets: Vec<Arc<[Lookup]>>,
}

impl Memo {
    /// How many pages the memo knows.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether the memo knows no page.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Forgets everything (the output folder is no longer what the memo says).
    pub fn clear(&mut self) {
        *self = Memo::default();
    }
}

/// What one build leaves the next: the content cache and the render memo. `tolk serve` keeps
/// it in memory; `tolk build` stores it beside the output folder ([`crate::incremental::store`]).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    pub content: crate::content::ContentCache,
    pub memo: Memo,
}

/// Site-wide digests of one build, computed once before the articles are rendered.
pub struct Inputs {
    /// Configuration, form, templates, every page's path, slug and metadata, navigation files.
    site: Key,
    /// Per page file: its whole text.
    texts: HashMap<PathBuf, Key>,
    /// The configuration alone (what the structure checks read besides two texts).
    config: Key,
}

impl Inputs {
    /// Digests what every article render of `site` reads. `nav_reads` are the files the
    /// navigation was built from, `ftl` the Fluent files by locale.
    pub fn of(site: &Site) -> Inputs {
        // A page's text is its front matter (small, digested here) and its body, whose digest
        // the content stage keeps ([`crate::content::PageFacts`]), with where each starts.
        let texts: HashMap<PathBuf, Key> = site
            .content
            .pages
            .par_iter()
            .map(|p| {
                let s = &p.source;
                let key = KeyBuilder::new("text")
                    .str(s.front_matter())
                    .bytes(&p.facts.body_hash)
                    .str(&format!(
                        "{} {} {}",
                        s.body_offset, s.body_line, s.front_matter_line
                    ))
                    .key();
                (p.path().to_path_buf(), key)
            })
            .collect();
        let mut b = KeyBuilder::new("site");
        b.str(&config_text(&site.config));
        b.str(&format!("{:?}", site.form));
        for (name, text) in &site.templates.sources {
            b.str(name).str(text);
        }
        for (path, stamp) in &site.memo_inputs.nav_reads {
            b.stamp(path, stamp);
        }
        let metas: Vec<Key> = site
            .content
            .pages
            .par_iter()
            .map(|p| {
                KeyBuilder::new("meta")
                    .str(&p.rel_path)
                    .str(&p.slug)
                    .str(&p.path().to_string_lossy())
                    .str(&format!("{:?}", p.meta))
                    .key()
            })
            .collect();
        for m in &metas {
            b.bytes(m);
        }
        Inputs {
            site: b.key(),
            texts,
            config: KeyBuilder::new("config")
                .str(&config_text(&site.config))
                .key(),
        }
    }

    /// The key of the article page of `page` in `locale` (a stand-in when `fallback`).
    pub fn page_key(
        &self,
        site: &Site,
        locale: &str,
        page: &Page,
        fallback: bool,
        group: &BTreeMap<String, &Page>,
    ) -> Key {
        let none = [0; 32];
        let text = |p: &Page| self.texts.get(p.path()).copied().unwrap_or(none);
        let mut b = KeyBuilder::new("page");
        b.bytes(&self.site)
            .str(locale)
            .str(if fallback { "fallback" } else { "own" })
            .str(&format!("{:?}", site.freshness(page)))
            .bytes(&text(page));
        for (tag, p) in group {
            b.str(tag)
                .str(&p.slug)
                .str(&p.path().to_string_lossy())
                .bytes(&text(p));
        }
        b.key()
    }
}

/// What a build feeds the memo: the files the navigation read, and each locale's Fluent
/// files' digest. Gathered while the site loads.
#[derive(Debug, Default)]
pub struct MemoInputs {
    pub nav_reads: Vec<(PathBuf, Stamp)>,
    /// Locale → digest of its Fluent files (paths and texts, in load order).
    pub messages: HashMap<String, Key>,
}

impl MemoInputs {
    /// Digests the Fluent files per locale.
    pub fn messages_of(files: &[crate::i18n::FtlFile]) -> HashMap<String, Key> {
        let mut by_locale: BTreeMap<&str, KeyBuilder> = BTreeMap::new();
        for f in files {
            by_locale
                .entry(&f.locale)
                .or_insert_with(|| KeyBuilder::new("ftl"))
                .str(&f.path.to_string_lossy())
                .str(&f.text);
        }
        by_locale
            .into_iter()
            .map(|(tag, b)| (tag.to_string(), b.key()))
            .collect()
    }
}

/// The memo as one build uses it: the last published build's entries to reuse, and the new
/// entries this build makes. Off (`tolk build`, `tolk check`): every page is rendered.
pub struct Recorder<'a> {
    old: Option<&'a Memo>,
    inputs: Option<Inputs>,
    new: Mutex<HashMap<String, Entry>>,
    new_structure: Mutex<HashMap<PathBuf, (Key, FindingCounts, Diagnostics)>>,
    new_products: Mutex<HashMap<String, (Key, Vec<String>)>>,
    /// Stamps taken this build, each path once.
    stamps: Mutex<HashMap<PathBuf, Stamp>>,
    reused: std::sync::atomic::AtomicUsize,
    /// The message sets of the new memo: the old memo's first, so kept entries keep their index.
    sets: Mutex<MessageSets>,
    /// What each of the old memo's sets resolves to this build, worked out once per set.
    old_set_digests: Vec<OnceLock<Key>>,
    localizer: Option<Arc<Localizer>>,
}

/// Distinct message sets, each with its index.
#[derive(Default)]
struct MessageSets {
    list: Vec<Arc<[Lookup]>>,
    index: HashMap<Arc<[Lookup]>, u32>,
}

impl MessageSets {
    fn of(list: &[Arc<[Lookup]>]) -> MessageSets {
        let index = list
            .iter()
            .enumerate()
            .map(|(i, set)| (set.clone(), i as u32))
            .collect();
        MessageSets {
            list: list.to_vec(),
            index,
        }
    }

    fn intern(&mut self, set: Vec<Lookup>) -> u32 {
        if let Some(&i) = self.index.get(set.as_slice()) {
            return i;
        }
        let set: Arc<[Lookup]> = set.into();
        let i = self.list.len() as u32;
        self.list.push(set.clone());
        self.index.insert(set, i);
        i
    }
}

impl<'a> Recorder<'a> {
    /// A recorder that renders everything and remembers nothing.
    pub fn off() -> Recorder<'static> {
        Recorder {
            old: None,
            inputs: None,
            new: Mutex::default(),
            new_structure: Mutex::default(),
            new_products: Mutex::default(),
            stamps: Mutex::default(),
            reused: Default::default(),
            sets: Mutex::default(),
            old_set_digests: Vec::new(),
            localizer: None,
        }
    }

    /// A recorder for a build of `site` into `out`, reusing `old` where it still holds.
    pub fn new(site: &Site, old: &'a Memo, out: &Path) -> Recorder<'a> {
        let usable = old.out.as_deref() == Some(out);
        let old_sets: &[Arc<[Lookup]>] = if usable { &old.message_sets } else { &[] };
        Recorder {
            sets: Mutex::new(MessageSets::of(old_sets)),
            old_set_digests: old_sets.iter().map(|_| OnceLock::new()).collect(),
            localizer: Some(site.localizer.clone()),
            old: usable.then_some(old),
            inputs: Some(Inputs::of(site)),
            new: Mutex::default(),
            new_structure: Mutex::default(),
            new_products: Mutex::default(),
            stamps: Mutex::default(),
            reused: Default::default(),
        }
    }

    /// Whether pages are memoized at all.
    pub fn is_on(&self) -> bool {
        self.inputs.is_some()
    }

    /// How many pages this build took from the memo.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The record of the article page written to `rel`: from the memo when its key and its
    /// reads still hold and `keep` keeps the file in place, else from `render`, recorded.
    pub fn page(
        &self,
        rel: &str,
        key: impl FnOnce(&Inputs) -> Key,
        keep: impl FnOnce() -> bool,
        render: impl FnOnce() -> PageRecord,
    ) -> PageRecord {
        let Some(inputs) = &self.inputs else {
            return render();
        };
        let key = key(inputs);
        if let Some(entry) = self.old.and_then(|m| m.pages.get(rel)) {
            if entry.key == key
                && self.messages_hold(entry)
                && self.still_hold(&entry.reads)
                && keep()
            {
                self.reused
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let copy = Entry {
                    key,
                    reads: entry.reads.clone(),
                    messages: entry.messages,
                    messages_digest: entry.messages_digest,
                    record: entry.record.clone(),
                };
                lock(&self.new).insert(rel.to_string(), copy);
                return PageRecord::clone(&entry.record);
            }
        }
        let ((record, reads), looked_up) = lookups::recording(|| record::recording(render));
        let messages_digest = self.digest_of(&looked_up);
        let messages = lock(&self.sets).intern(looked_up);
        let entry = Entry {
            key,
            reads,
            messages,
            messages_digest,
            record: Arc::new(record.clone()),
        };
        lock(&self.new).insert(rel.to_string(), entry);
        record
    }

    /// The key of a site-wide product made of `docs`: each document an article page's (then
    /// the key of that page stands for it) or one written out in full (the form's). `None`
    /// with the memo off.
    pub fn product_key(&self, name: &str, docs: &[SearchDoc]) -> Option<Key> {
        let inputs = self.inputs.as_ref()?;
        let pages = lock(&self.new);
        let mut b = KeyBuilder::new("product");
        b.str(name).bytes(&inputs.site);
        for doc in docs {
            match pages.get(&crate::urls::index_file(doc.url())) {
                // The key, and the reads the render was checked against (an include edited
                // renders the page again under the same key).
                Some(entry) => {
                    b.str("page")
                        .bytes(&entry.key)
                        .bytes(&entry.messages_digest);
                    for (path, stamp) in &entry.reads {
                        b.stamp(path, stamp);
                    }
                    &mut b
                }
                None => {
                    let (texts, scores) = doc.fields();
                    b.str("doc");
                    for text in texts {
                        b.str(text);
                    }
                    for score in scores {
                        b.bytes(&score.to_le_bytes());
                    }
                    &mut b
                }
            };
        }
        Some(b.key())
    }

    /// The files product `name` wrote last time, when its key is still `key` and `holds` says
    /// the output still has every one of them (then they are the product, kept).
    pub fn product(
        &self,
        name: &str,
        key: Key,
        holds: impl Fn(&str) -> bool,
    ) -> Option<Vec<String>> {
        let (k, files) = self.old?.products.get(name)?;
        if *k != key || !files.iter().all(|f| holds(f)) {
            return None;
        }
        lock(&self.new_products).insert(name.to_string(), (key, files.clone()));
        Some(files.clone())
    }

    /// Remembers the files product `name` wrote with `key`.
    pub fn store_product(&self, name: &str, key: Key, files: Vec<String>) {
        lock(&self.new_products).insert(name.to_string(), (key, files));
    }

    fn structure_key(&self, page: &Page, source: &Page) -> Option<Key> {
        let inputs = self.inputs.as_ref()?;
        let text = |p: &Page| inputs.texts.get(p.path()).copied();
        Some(
            KeyBuilder::new("structure")
                .bytes(&inputs.config)
                .str(&page.path().to_string_lossy())
                .bytes(&text(page)?)
                .str(&source.path().to_string_lossy())
                .bytes(&text(source)?)
                .key(),
        )
    }

    /// The structure findings of translation `page` against `source`, when the memo has them
    /// for the same two texts.
    pub fn structure(&self, page: &Page, source: &Page) -> Option<(FindingCounts, Diagnostics)> {
        let key = self.structure_key(page, source)?;
        let (k, counts, d) = self.old?.structure.get(page.path())?;
        if *k != key {
            return None;
        }
        lock(&self.new_structure).insert(page.path().to_path_buf(), (key, *counts, d.clone()));
        Some((*counts, d.clone()))
    }

    /// Remembers the structure findings of `page` against `source`.
    pub fn store_structure(
        &self,
        page: &Page,
        source: &Page,
        counts: FindingCounts,
        d: &Diagnostics,
    ) {
        if let Some(key) = self.structure_key(page, source) {
            lock(&self.new_structure).insert(page.path().to_path_buf(), (key, counts, d.clone()));
        }
    }

    /// What `lookups` resolve to in this build's messages.
    fn digest_of(&self, lookups: &[Lookup]) -> Key {
        self.localizer
            .as_ref()
            .map_or([0; 32], |l| l.digest_of(lookups))
    }

    /// Whether the messages `entry`'s page looked up still read as they did.
    fn messages_hold(&self, entry: &Entry) -> bool {
        let Some(cell) = self.old_set_digests.get(entry.messages as usize) else {
            return false;
        };
        let now = cell.get_or_init(|| {
            let set = lock(&self.sets).list[entry.messages as usize].clone();
            self.digest_of(&set)
        });
        *now == entry.messages_digest
    }

    fn still_hold(&self, reads: &[(PathBuf, Stamp)]) -> bool {
        reads.iter().all(|(path, then)| {
            let now = {
                let stamps = lock(&self.stamps);
                stamps.get(path).copied()
            };
            let now = now.unwrap_or_else(|| {
                let s = record::stamp(path);
                lock(&self.stamps).insert(path.clone(), s);
                s
            });
            now == *then
        })
    }

    /// The memo after this build, for the output folder `out`.
    pub fn finish(self, out: &Path) -> Memo {
        let mut pages = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let sets = self
            .sets
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .list;
        // Only the sets some page still uses, renumbered.
        let mut renumbered: HashMap<u32, u32> = HashMap::new();
        let mut message_sets = Vec::new();
        for entry in pages.values_mut() {
            entry.messages = *renumbered.entry(entry.messages).or_insert_with(|| {
                message_sets.push(sets[entry.messages as usize].clone());
                (message_sets.len() - 1) as u32
            });
        }
        Memo {
            out: Some(out.to_path_buf()),
            message_sets,
            pages,
            structure: self
                .new_structure
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            products: self
                .new_products
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
