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

use super::articles::{Body, Listing};
use super::translations::FindingCounts;
use super::Site;
use crate::content::Page;
use crate::diagnostics::Diagnostics;
use crate::i18n::lookups::{self, Lookup};
use crate::i18n::Localizer;
use crate::input::record::{self, Stamp};
use crate::markdown::MediaCopy;
use crate::search::incremental::IndexState;
use crate::search::SearchDoc;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// A digest (blake3, as the content cache's).
pub type Key = [u8; 32];

/// Builds a [`Key`] from parts, each length-prefixed so that no two sequences of parts collide.
///
/// Small parts are gathered in a buffer and handed to blake3 in one piece: a page key is some
/// twenty parts of a few bytes, and a call into the hasher costs more than hashing 64 bytes.
/// The key is the same as hashing every part as it comes (blake3 hashes a stream).
pub struct KeyBuilder {
    hasher: blake3::Hasher,
    /// Whether `hasher` has had bytes (else the key is the digest of `buf` alone).
    fed: bool,
    buf: [u8; KEY_BUFFER],
    len: usize,
}

/// Bytes a [`KeyBuilder`] gathers before it hashes them.
const KEY_BUFFER: usize = 1024;

impl KeyBuilder {
    /// A builder for keys of one kind (the kind is the first part).
    pub fn new(kind: &str) -> KeyBuilder {
        let mut b = KeyBuilder {
            hasher: blake3::Hasher::new(),
            fed: false,
            buf: [0; KEY_BUFFER],
            len: 0,
        };
        b.str(kind);
        b
    }

    fn feed(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > KEY_BUFFER {
            self.hasher.update(&self.buf[..self.len]);
            self.fed = true;
            self.len = 0;
            if bytes.len() > KEY_BUFFER {
                self.hasher.update(bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Adds bytes.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.feed(&(bytes.len() as u64).to_le_bytes());
        self.feed(bytes);
        self
    }

    /// Adds a string.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Adds a path, as the bytes the OS knows it by (no UTF-8 check, no copy).
    pub fn path(&mut self, path: &Path) -> &mut Self {
        self.bytes(path.as_os_str().as_encoded_bytes())
    }

    /// Adds an optional string (`None` differs from every string).
    pub fn opt(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.bytes(&[1]).str(s),
            None => self.bytes(&[0]),
        }
    }

    /// Adds a path and what `lstat` said of it.
    pub fn stamp(&mut self, path: &Path, stamp: &Stamp) -> &mut Self {
        self.path(path);
        self.str(&format!("{stamp:?}"))
    }

    /// The key.
    pub fn key(&self) -> Key {
        if !self.fed {
            return *blake3::hash(&self.buf[..self.len]).as_bytes();
        }
        let mut hasher = self.hasher.clone();
        hasher.update(&self.buf[..self.len]);
        *hasher.finalize().as_bytes()
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
    /// The files the render looked at, with their stamps then (shared like the record).
    reads: Arc<[(PathBuf, Stamp)]>,
    /// The messages it looked up: an index into [`Memo::message_sets`] (pages of one locale
    /// mostly share one set), and what they resolved to ([`Localizer::digest_of`]).
    messages: u32,
    messages_digest: Key,
    /// Shared between the memo of the last build and the next one's: kept pages cost no copy.
    record: Arc<PageRecord>,
    /// The page's rendered Markdown and what its own lookups resolved to, while the memo keeps
    /// bodies ([`Memo::keep_bodies`]; never saved).
    #[serde(skip)]
    body: Option<(Arc<Body>, Key)>,
}

/// What the memo keeps of a site-wide product: its key, the files it wrote, and the messages
/// its render looked up (an index into [`Memo::message_sets`]; `None` for a product made of
/// documents alone, whose key covers what it shows) with what they resolved to.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Product {
    key: Key,
    files: Vec<String>,
    messages: Option<u32>,
    messages_digest: Key,
}

/// What the memo keeps of one translation's structure check: the key of the pair, the counts
/// and the findings (shared between the memos of two builds).
type StructureEntry = (Key, FindingCounts, Arc<Diagnostics>);

/// The memo of one output folder: output file → what made it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Memo {
    /// The output folder the entries describe.
    out: Option<PathBuf>,
    pages: FxHashMap<String, Entry>,
    /// Translation file → key of the pair, and its structure findings.
    structure: FxHashMap<PathBuf, StructureEntry>,
    /// Site-wide product (`search nl-NL`, `nl-NL/status/index.html`) → what made it.
    products: HashMap<String, Product>,
    /// Article page file → the digest of its search document, so a kept page's document
    /// need not be digested again to key its locale's search index.
    #[serde(default)]
    docs: HashMap<String, Key>,
    /// Locale → its search index as the last build made it, to patch (serve keeps it in
    /// memory; a saved state goes without, and its first build makes each index whole).
    #[serde(skip)]
    indexes: Mutex<HashMap<String, IndexState>>,
    /// The distinct sets of messages pages looked up.
    message_sets: Vec<Arc<[Lookup]>>,
    /// Whether entries keep their page's rendered Markdown, so that a change to what wraps it
    /// alone (a message of the chrome) renders the page again without parsing it again.
    /// `tolk serve` keeps them (about the size of the article pages' HTML, in memory); a
    /// build that saves its state does not.
    #[serde(skip)]
    keep_bodies: bool,
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

    /// How many site-wide products the memo knows (status pages, homes, search indexes...).
    pub fn products(&self) -> usize {
        self.products.len()
    }

    /// Forgets everything (the output folder is no longer what the memo says).
    pub fn clear(&mut self) {
        *self = Memo {
            keep_bodies: self.keep_bodies,
            ..Memo::default()
        };
    }

    /// From now on, entries keep their page's rendered Markdown ([`Memo::keep_bodies`]).
    pub fn keep_bodies(&mut self) {
        self.keep_bodies = true;
    }

    /// The record of the article page the last build wrote to `rel`.
    pub fn record(&self, rel: &str) -> Option<&PageRecord> {
        self.pages.get(rel).map(|e| e.record.as_ref())
    }

    /// The rendered Markdown kept of the article page at `rel` ([`Memo::keep_bodies`]), with
    /// the digest of what its own lookups resolved to then ([`Localizer::digest_of`]).
    pub fn kept_body(&self, rel: &str) -> Option<(&Body, &Key)> {
        let (body, digest) = self.pages.get(rel)?.body.as_ref()?;
        Some((body.as_ref(), digest))
    }
}

/// What one build leaves the next: the content cache and the render memo. `tolk serve` keeps
/// it in memory; `tolk build` stores it beside the output folder ([`crate::incremental::store`]).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    pub content: crate::content::ContentCache,
    pub memo: Memo,
    /// Stages' results a rebuild takes when their inputs are unchanged (in memory only).
    #[serde(skip)]
    pub kept: Kept,
}

/// What `tolk serve` keeps of the last build besides the content cache and the memo: the
/// navigation tree. Each part checks its own inputs before it is used.
#[derive(Debug, Default)]
pub struct Kept {
    pub nav: super::nav::KeptNav,
    pub chrome: KeptChrome,
    /// The root-relative copies of the last report's kept findings.
    pub relative: crate::diagnostics::Relativized,
    /// The site of the last build, when it published: what a preview of a body edit renders
    /// with ([`super::preview`]). Taken at the start of every build (it shares the content
    /// the content cache patches).
    pub last_site: LastSite,
}

/// The site a published build was made of ([`Kept::last_site`]).
#[derive(Default)]
pub struct LastSite(pub Option<Arc<Site>>);

impl std::fmt::Debug for LastSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LastSite({})", self.0.is_some())
    }
}

/// The last build's parsed messages, compiled templates and Fluent findings, each with the
/// key of what it was made of ([`i18n_key`], [`templates_key`], [`fluent_key`]).
#[derive(Default)]
pub struct KeptChrome {
    pub localizer: Keyed<Arc<crate::i18n::Localizer>>,
    pub templates: Keyed<Arc<crate::templates::Templates>>,
    pub fluent: Keyed<crate::check::FluentReport>,
}

impl std::fmt::Debug for KeptChrome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptChrome")
            .field("localizer", &self.localizer.0.is_some())
            .field("templates", &self.templates.0.is_some())
            .field("fluent", &self.fluent.0.is_some())
            .finish()
    }
}

/// A value kept from the last build with the key of what it was made of.
pub struct Keyed<T>(Option<(Key, T)>);

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed(None)
    }
}

impl<T: Clone> Keyed<T> {
    /// The value, when it was made from what `key` digests (`None`: nothing was keyed).
    pub fn get(&self, key: Option<&Key>) -> Option<T> {
        let (k, value) = self.0.as_ref()?;
        (Some(k) == key).then(|| value.clone())
    }

    /// Remembers this build's value, for the next.
    pub fn set(&mut self, key: Key, value: T) {
        self.0 = Some((key, value));
    }
}

/// The configuration as a key part ([`config_text`]).
pub fn config_key(config: &crate::config::Config) -> Key {
    KeyBuilder::new("config").str(&config_text(config)).key()
}

/// What the parsed messages are made of: the configuration (its [`config_text`] digest) and
/// every Fluent file's locale, path and text, in load order.
pub fn i18n_key(config: &Key, files: &[crate::i18n::FtlFile]) -> Key {
    let mut b = KeyBuilder::new("i18n");
    b.bytes(config);
    for f in files {
        b.str(&f.locale).path(&f.path).str(&f.text);
    }
    b.key()
}

/// What the compiled templates are made of: the messages their `t` reads ([`i18n_key`]),
/// every template's name and text, and the locales.
pub fn templates_key(
    i18n: &Key,
    read: &crate::templates::TemplateSources,
    locales: &[String],
) -> Key {
    let mut b = KeyBuilder::new("templates");
    b.bytes(i18n);
    for (name, text) in &read.sources {
        b.str(name).str(text);
    }
    for name in &read.overridden {
        b.str(name);
    }
    b.str(&format!("{:?}", read.diagnostics));
    for l in locales {
        b.str(l);
    }
    b.key()
}

/// What the Fluent findings are made of: the messages ([`i18n_key`]) and the uses of them
/// the templates and the form make.
pub fn fluent_key(i18n: &Key, uses: &[crate::check::MessageUse]) -> Key {
    KeyBuilder::new("fluent")
        .bytes(i18n)
        .str(&format!("{uses:?}"))
        .key()
}

/// Site-wide digests of one build, computed once before the articles are rendered.
pub struct Inputs {
    /// Configuration, form, templates, every page's path, slug and metadata, navigation files.
    site: Key,
    /// The configuration alone (what the structure checks read besides two texts).
    config: Key,
}

impl Inputs {
    /// Digests what every article render of `site` reads. `nav_reads` are the files the
    /// navigation was built from, `ftl` the Fluent files by locale.
    pub fn of(site: &Site) -> Inputs {
        // A page's text and front matter are digested once, when the content stage parses the
        // file ([`crate::content::facts::PageDigests`]): a rebuild only combines them.
        let mut b = KeyBuilder::new("site");
        b.str(&config_text(&site.config));
        b.str(&format!("{:?}", site.form));
        for (name, text) in &site.templates.sources {
            b.str(name).str(text);
        }
        for (path, stamp) in &site.memo_inputs.nav_reads {
            b.stamp(path, stamp);
        }
        // Each page's front matter as parsed, and what the site-wide steps made of it (the
        // group's case folded, the slug made unique).
        for p in &site.content.pages {
            b.str(&p.rel_path)
                .str(&p.slug)
                .path(p.path())
                .bytes(&p.facts.digests.meta)
                .str(&p.meta.translation_group);
        }
        Inputs {
            site: b.key(),
            config: config_key(&site.config),
        }
    }

    /// The digest of a translation group as its pages' renders read it (switcher, hreflang,
    /// freshness notices): each version's locale, slug, file and text. Worked out once per
    /// group, not once per page of it.
    pub fn group_key(&self, group: &crate::content::Group<'_>) -> Key {
        let mut b = KeyBuilder::new("group");
        for (tag, p) in group.iter() {
            b.str(tag)
                .str(&p.slug)
                .path(p.path())
                .bytes(&p.facts.digests.text);
        }
        b.key()
    }

    /// What the keys of every article page of `locale` share: the site digest and the locale
    /// (the messages a page shows are checked apart, see [`crate::i18n::lookups`]).
    pub fn locale_key(&self, locale: &str) -> Key {
        KeyBuilder::new("locale")
            .bytes(&self.site)
            .str(locale)
            .key()
    }

    /// The key of the article page of `page` in a locale whose [`Inputs::locale_key`] is
    /// `locale` (a stand-in when `fallback`), in the translation group whose
    /// [`Inputs::group_key`] is `group`. The locale and `fallback` tell which version of the
    /// group the page shows (its own, or the source), so the group's key covers its text.
    pub fn page_key(
        &self,
        site: &Site,
        locale: &Key,
        page: &Page,
        fallback: bool,
        group: &Key,
    ) -> Key {
        use super::translations::Freshness;
        let freshness = match site.freshness(page) {
            Freshness::Source => 0,
            Freshness::UpToDate => 1,
            Freshness::Outdated => 2,
            Freshness::Unknown => 3,
        };
        KeyBuilder::new("page")
            .bytes(locale)
            .bytes(&[u8::from(fallback), freshness])
            .bytes(group)
            .key()
    }
}

/// What a build feeds the memo: the files the navigation read. Gathered while the site loads.
/// (Messages are not digested by locale: pages and products key on the ones they looked up.)
#[derive(Debug, Clone, Default)]
pub struct MemoInputs {
    pub nav_reads: Vec<(PathBuf, Stamp)>,
}

/// The memo as one build uses it: the last published build's entries to reuse, and the new
/// entries this build makes. Off (`tolk build`, `tolk check`): every page is rendered.
pub struct Recorder<'a> {
    old: Option<&'a Memo>,
    inputs: Option<Inputs>,
    new: Mutex<FxHashMap<String, Entry>>,
    new_structure: Mutex<FxHashMap<PathBuf, StructureEntry>>,
    new_products: Mutex<HashMap<String, Product>>,
    new_docs: Mutex<HashMap<String, Key>>,
    new_indexes: Mutex<HashMap<String, IndexState>>,
    /// Products this build kept from the last one.
    kept: Mutex<Vec<String>>,
    /// Stamps taken this build, each path once, by the path's bytes (many pages read the
    /// same include or image: it is looked at once per build).
    stamps: RwLock<FxHashMap<Vec<u8>, Stamp>>,
    reused: std::sync::atomic::AtomicUsize,
    rewrapped: std::sync::atomic::AtomicUsize,
    /// The message sets of the new memo: the old memo's first, so kept entries keep their index.
    sets: Mutex<MessageSets>,
    /// What each of the old memo's sets resolves to this build, worked out once per set.
    old_set_digests: Vec<OnceLock<Key>>,
    localizer: Option<Arc<Localizer>>,
    /// Whether new entries keep their page's body ([`Memo::keep_bodies`]).
    keep_bodies: bool,
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
            new_docs: Mutex::default(),
            new_indexes: Mutex::default(),
            kept: Mutex::default(),
            stamps: RwLock::default(),
            reused: Default::default(),
            rewrapped: Default::default(),
            sets: Mutex::default(),
            old_set_digests: Vec::new(),
            localizer: None,
            keep_bodies: false,
        }
    }

    /// A recorder for a build of `site` into `out`, reusing `old` where it still holds.
    pub fn new(site: &Site, old: &'a Memo, out: &Path) -> Recorder<'a> {
        let usable = old.out.as_deref() == Some(out);
        let old_sets: &[Arc<[Lookup]>] = if usable { &old.message_sets } else { &[] };
        let mut new = FxHashMap::default();
        new.reserve(old.pages.len());
        Recorder {
            sets: Mutex::new(MessageSets::of(old_sets)),
            old_set_digests: old_sets.iter().map(|_| OnceLock::new()).collect(),
            localizer: Some(site.localizer.clone()),
            keep_bodies: old.keep_bodies,
            old: usable.then_some(old),
            inputs: Some(Inputs::of(site)),
            new: Mutex::new(new),
            new_structure: Mutex::default(),
            new_products: Mutex::default(),
            new_docs: Mutex::default(),
            new_indexes: Mutex::default(),
            kept: Mutex::default(),
            stamps: RwLock::default(),
            reused: Default::default(),
            rewrapped: Default::default(),
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

    /// How many pages this build rendered around their kept body.
    pub fn rewrapped(&self) -> usize {
        self.rewrapped.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The digests the keys are made of; `None` with the memo off.
    pub fn inputs(&self) -> Option<&Inputs> {
        self.inputs.as_ref()
    }

    /// The record of the article page written to `rel`: from the memo when its key and its
    /// reads still hold and `keep` keeps the file in place, else from `render`, recorded.
    /// A kept page costs its key and a look at its reads: the record is the memo's, shared.
    ///
    /// `render` gets the page's last body when only what wraps it changed (its key and reads
    /// hold, and so do the messages the body looked up), and returns the body it rendered
    /// when it got none.
    pub fn page(
        &self,
        rel: &str,
        key: impl FnOnce(&Inputs) -> Key,
        keep: impl FnOnce() -> bool,
        render: impl FnOnce(Option<&Body>) -> (PageRecord, Option<Body>),
    ) -> Arc<PageRecord> {
        let Some(inputs) = &self.inputs else {
            return Arc::new(render(None).0);
        };
        let key = key(inputs);
        let old = self.old.and_then(|m| m.pages.get(rel));
        let same = old.filter(|e| e.key == key && self.still_hold(&e.reads));
        if let Some(entry) = same {
            if self.messages_hold(entry) && keep() {
                self.reused
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let copy = Entry {
                    key,
                    reads: entry.reads.clone(),
                    messages: entry.messages,
                    messages_digest: entry.messages_digest,
                    record: entry.record.clone(),
                    body: entry.body.clone(),
                };
                lock(&self.new).insert(rel.to_string(), copy);
                return entry.record.clone();
            }
        }
        let cached = (same.and_then(|e| e.body.as_ref()))
            .filter(|(body, digest)| self.digest_of(&body.lookups) == *digest);
        if cached.is_some() {
            self.rewrapped
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let (((record, fresh), reads), looked_up) = lookups::recording(|| {
            record::recording(|| render(cached.map(|(body, _)| body.as_ref())))
        });
        let body = match (fresh, cached) {
            _ if !self.keep_bodies => None,
            (Some(fresh), _) => {
                let digest = self.digest_of(&fresh.lookups);
                Some((Arc::new(fresh), digest))
            }
            (None, cached) => cached.cloned(),
        };
        let messages_digest = self.digest_of(&looked_up);
        let messages = lock(&self.sets).intern(looked_up);
        let record = Arc::new(record);
        let entry = Entry {
            key,
            reads: reads.into(),
            messages,
            messages_digest,
            record: record.clone(),
            body,
        };
        lock(&self.new).insert(rel.to_string(), entry);
        record
    }

    /// The digest of each of `docs` (what a search index is made of). A document of a page
    /// the memo kept is not digested again (the page's record is the last build's, so is its
    /// digest). `None` with the memo off.
    pub fn doc_digests(&self, docs: &[&SearchDoc]) -> Option<Vec<Key>> {
        self.inputs.as_ref()?;
        // Per document: its page file when it is an article page's, and the digest the memo
        // has when that page was kept.
        let known: Vec<(Option<String>, Option<Key>)> = {
            let pages = lock(&self.new);
            docs.iter()
                .map(|doc| {
                    let rel = crate::urls::index_file(doc.url());
                    let Some(entry) = pages.get(&rel) else {
                        return (None, None);
                    };
                    let kept = self.old.and_then(|old| {
                        let before = old.pages.get(&rel)?;
                        // The same record (shared, not rendered again): the same document.
                        if !Arc::ptr_eq(&before.record, &entry.record) {
                            return None;
                        }
                        old.docs.get(&rel).copied()
                    });
                    (Some(rel), kept)
                })
                .collect()
        };
        let mut new_docs = lock(&self.new_docs);
        let digests = docs
            .iter()
            .zip(known)
            .map(|(doc, (rel, kept))| {
                let digest = kept.unwrap_or_else(|| doc_digest(doc));
                if let Some(rel) = rel {
                    new_docs.insert(rel, digest);
                }
                digest
            })
            .collect();
        Some(digests)
    }

    /// The key of a site-wide product made of documents alone (a locale's search index):
    /// their digests ([`Recorder::doc_digests`]), in order.
    pub fn product_key(&self, name: &str, digests: &[Key]) -> Key {
        let mut b = KeyBuilder::new("product");
        b.str(name);
        for digest in digests {
            b.bytes(digest);
        }
        b.key()
    }

    /// The last build's search index of `locale`, to patch; taken out of the old memo.
    pub fn take_index(&self, locale: &str) -> Option<IndexState> {
        lock(&self.old?.indexes).remove(locale)
    }

    /// Keeps `locale`'s search index for the next build.
    pub fn store_index(&self, locale: &str, state: IndexState) {
        lock(&self.new_indexes).insert(locale.to_string(), state);
    }

    /// A key builder for site-wide product `name` (a file of the site), seeded with the site
    /// digest (configuration, form, templates, every page's metadata, the navigation's files).
    /// The caller adds what else the product shows; the messages it shows are checked apart
    /// ([`Recorder::store_product`]), so a message edit renders again only the products that
    /// show that message. `None` with the memo off.
    pub fn product_builder(&self, name: &str) -> Option<KeyBuilder> {
        let inputs = self.inputs.as_ref()?;
        let mut b = KeyBuilder::new("product");
        b.str(name).bytes(&inputs.site);
        Some(b)
    }

    /// The files product `name` wrote last time, when its key is still `key`, the messages it
    /// looked up still read the same and `holds` says the output still has every one of its
    /// files (then they are the product, kept).
    pub fn product(
        &self,
        name: &str,
        key: Key,
        holds: impl Fn(&str) -> bool,
    ) -> Option<Vec<String>> {
        let product = self.old?.products.get(name)?;
        let messages_hold = match product.messages {
            Some(set) => self.set_holds(set, &product.messages_digest),
            None => true,
        };
        if product.key != key || !messages_hold || !product.files.iter().all(|f| holds(f)) {
            return None;
        }
        lock(&self.new_products).insert(name.to_string(), product.clone());
        Some(product.files.clone())
    }

    /// Notes that product `name` was kept (its files are the last build's).
    pub fn note_kept(&self, name: &str) {
        lock(&self.kept).push(name.to_string());
    }

    /// The products this build kept, sorted.
    pub fn kept(&self) -> Vec<String> {
        let mut kept = lock(&self.kept).clone();
        kept.sort();
        kept
    }

    /// Remembers the files product `name` wrote with `key`, and the messages its render looked
    /// up (`None`: it shows only what `key` covers).
    pub fn store_product(
        &self,
        name: &str,
        key: Key,
        files: Vec<String>,
        looked_up: Option<Vec<Lookup>>,
    ) {
        let (messages, messages_digest) = match looked_up {
            Some(set) => {
                let digest = self.digest_of(&set);
                (Some(lock(&self.sets).intern(set)), digest)
            }
            None => (None, [0; 32]),
        };
        let product = Product {
            key,
            files,
            messages,
            messages_digest,
        };
        lock(&self.new_products).insert(name.to_string(), product);
    }

    fn structure_key(&self, page: &Page, source: &Page) -> Option<Key> {
        let inputs = self.inputs.as_ref()?;
        Some(
            KeyBuilder::new("structure")
                .bytes(&inputs.config)
                .path(page.path())
                .bytes(&page.facts.digests.text)
                .path(source.path())
                .bytes(&source.facts.digests.text)
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
        Some((*counts, Diagnostics::clone(d)))
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
            let d = Arc::new(d.clone());
            lock(&self.new_structure).insert(page.path().to_path_buf(), (key, counts, d));
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
        self.set_holds(entry.messages, &entry.messages_digest)
    }

    /// Whether the old memo's message set `set` still resolves to `digest`.
    fn set_holds(&self, set: u32, digest: &Key) -> bool {
        let Some(cell) = self.old_set_digests.get(set as usize) else {
            return false;
        };
        let now = cell.get_or_init(|| {
            let set = lock(&self.sets).list[set as usize].clone();
            self.digest_of(&set)
        });
        now == digest
    }

    fn still_hold(&self, reads: &[(PathBuf, Stamp)]) -> bool {
        reads.iter().all(|(path, then)| {
            let bytes = path.as_os_str().as_encoded_bytes();
            let known = read_lock(&self.stamps).get(bytes).copied();
            let now = known.unwrap_or_else(|| {
                let s = record::stamp(path);
                write_lock(&self.stamps).insert(bytes.to_vec(), s);
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
        let mut products = self
            .new_products
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        // Only the sets some page or product still uses, renumbered.
        let mut renumbered: HashMap<u32, u32> = HashMap::new();
        let mut message_sets = Vec::new();
        let mut renumber = |set: u32| {
            *renumbered.entry(set).or_insert_with(|| {
                message_sets.push(sets[set as usize].clone());
                (message_sets.len() - 1) as u32
            })
        };
        for entry in pages.values_mut() {
            entry.messages = renumber(entry.messages);
        }
        for product in products.values_mut() {
            product.messages = product.messages.map(&mut renumber);
        }
        Memo {
            out: Some(out.to_path_buf()),
            keep_bodies: self.keep_bodies,
            message_sets,
            pages,
            structure: self
                .new_structure
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            products,
            docs: self
                .new_docs
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            indexes: Mutex::new(
                self.new_indexes
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner()),
            ),
        }
    }
}

/// The digest of everything a search document writes into its index.
fn doc_digest(doc: &SearchDoc) -> Key {
    let (texts, scores) = doc.fields();
    let mut b = KeyBuilder::new("doc");
    for text in texts {
        b.str(text);
    }
    // The scores as one run of bytes: one length prefix, not one per score.
    let bytes: Vec<u8> = scores.iter().flat_map(|s| s.to_le_bytes()).collect();
    b.bytes(&bytes);
    b.key()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read_lock<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

fn write_lock<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The buffer is an optimization only: a key is the digest of the length-prefixed parts,
    /// however many there are and however large (a part larger than the buffer included).
    #[test]
    fn a_key_is_the_digest_of_its_parts_in_order() {
        let big = vec![7u8; 3 * KEY_BUFFER + 5];
        let parts: Vec<&[u8]> = vec![b"kind", b"a", &big, b"", &big[..KEY_BUFFER - 3], b"end"];
        let mut b = KeyBuilder::new("kind");
        let mut want = blake3::Hasher::new();
        want.update(&4u64.to_le_bytes()).update(b"kind");
        for part in &parts[1..] {
            b.bytes(part);
            want.update(&(part.len() as u64).to_le_bytes()).update(part);
            assert_eq!(b.key(), *want.finalize().as_bytes());
        }
        assert_ne!(
            KeyBuilder::new("k").str("ab").str("c").key(),
            KeyBuilder::new("k").str("a").str("bc").key()
        );
    }
}
