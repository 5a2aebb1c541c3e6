//! The content stage: `content/<locale>/**/*.md` in, typed [`Page`]s out.
//!
//! Pages are read in parallel; each gets its normalized front matter and a slug that is the same
//! in every locale of its translation group, so one article has one path per locale and the
//! language switcher can always keep the reader on the same page.

pub mod cache;
pub mod facts;
pub mod normalize;
pub mod paths;
pub mod source;
pub mod toc;

use crate::config::Config;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::input::{Entry, Stamp};
pub use cache::{CacheStats, ContentCache};
pub use facts::PageFacts;
pub use normalize::{Date, PageMeta, TranslationKind};
use rayon::prelude::*;
use serde::Serialize;
pub use source::SourceText;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub use paths::RESERVED_SLUGS;

/// One Markdown page in one locale.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Shared with the content cache (`tolk serve` keeps every text there): a rebuild hands
    /// out pages without copying their text. [`Page::release_text`] lets go of it.
    #[serde(skip)]
    pub source: Arc<SourceText>,
    /// Path below `content/<locale>/`, with `/` separators (`security/intro.md`).
    pub rel_path: String,
    /// Shared with the content cache, as `source`.
    pub meta: Arc<PageMeta>,
    /// The URL path below the locale (`security/fundamentals/firmware`), shared by every
    /// translation of the page: see [`paths`].
    pub slug: String,
    /// What the page's render reads besides its text (for a render memo): see [`facts`].
    #[serde(skip)]
    pub facts: PageFacts,
}

impl Page {
    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// Lets go of the page's text once every stage that reads it has run (see
    /// [`SourceText::release`]); a copy the content cache shares stays there.
    pub fn release_text(&mut self) {
        match Arc::get_mut(&mut self.source) {
            Some(source) => source.release(),
            None => self.source = Arc::new(self.source.released()),
        }
    }
}

/// Every page of the site, ordered by locale (as configured) then slug.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub pages: Vec<Page>,
    /// (locale, path below the locale folder) → index in `pages`, for resolving links.
    by_path: HashMap<(String, String), usize>,
    /// The translation groups as indexes into `pages` ([`Content::groups`]), worked out on
    /// first use. They depend on each page's locale, group and slug alone, which nothing
    /// changes after [`Content::new`] (a patch of page bodies keeps them).
    group_order: OnceLock<Vec<Box<[u32]>>>,
}

/// One translation group: locale → its version of the page, in the order of the locales'
/// tags. A view of the content's pages, made without allocating: a build walks the 2,500 groups
/// of a 10,000-page site several times, and a rebuild in `tolk serve` does too.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    pages: &'a [Page],
    /// Indexes into `pages`, ordered by the pages' locale tags (one page per tag).
    members: &'a [u32],
}

impl<'a> Group<'a> {
    /// The group's page in `locale`.
    pub fn get(&self, locale: &str) -> Option<&'a Page> {
        self.values().find(|p| p.meta.locale == locale)
    }

    /// Whether the group has a page in `locale`.
    pub fn contains_key(&self, locale: &str) -> bool {
        self.get(locale).is_some()
    }

    /// The group's pages, by locale tag.
    pub fn values(&self) -> impl Iterator<Item = &'a Page> + Clone + 'a {
        let pages = self.pages;
        self.members.iter().map(move |&i| &pages[i as usize])
    }

    /// The group's locale tags, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.values().map(|p| p.meta.locale.as_str())
    }

    /// (locale tag, page) of each of the group's pages, by tag.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Page)> + 'a {
        self.values().map(|p| (p.meta.locale.as_str(), p))
    }
}

impl Content {
    /// Wraps pages (already in their final order) with the indexes lookups need.
    pub fn new(pages: Vec<Page>) -> Content {
        let by_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.meta.locale.clone(), p.rel_path.clone()), i))
            .collect();
        Content {
            pages,
            by_path,
            group_order: OnceLock::new(),
        }
    }

    /// Translation groups, ordered by their shared slug (so listings come out alphabetically by
    /// URL, not by opaque asset ids); each maps locale → page.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let order = self.group_order.get_or_init(|| {
            let mut by_group: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
            for (i, page) in self.pages.iter().enumerate() {
                by_group
                    .entry(page.meta.translation_group.as_str())
                    .or_default()
                    .insert(page.meta.locale.as_str(), i as u32);
            }
            let mut groups: Vec<_> = by_group.into_iter().collect();
            groups.sort_by_key(|(id, g)| {
                let first = g
                    .values()
                    .next()
                    .map(|&i| self.pages[i as usize].slug.as_str());
                (first, *id)
            });
            groups
                .into_iter()
                .map(|(_, g)| g.into_values().collect())
                .collect()
        });
        order
            .iter()
            .map(|members| Group {
                pages: &self.pages,
                members,
            })
            .collect()
    }

    /// Where the page at `rel_path` in `locale` is in [`Content::pages`].
    fn index_of(&self, locale: &str, rel_path: &str) -> Option<usize> {
        self.by_path
            .get(&(locale.to_string(), rel_path.to_string()))
            .copied()
    }

    /// The page at `rel_path` (e.g. `security/intro.md`) in `locale`.
    pub fn at_path(&self, locale: &str, rel_path: &str) -> Option<&Page> {
        self.by_path
            .get(&(locale.to_string(), rel_path.to_string()))
            .map(|&i| &self.pages[i])
    }

    /// The pages of one translation group, keyed by locale.
    pub fn translations(&self, group: &str) -> impl Iterator<Item = &Page> {
        let group = group.to_string();
        self.pages
            .iter()
            .filter(move |p| p.meta.translation_group == group)
    }

    pub fn find(&self, locale: &str, slug: &str) -> Option<&Page> {
        self.pages
            .iter()
            .find(|p| p.meta.locale == locale && p.slug == slug)
    }
}

/// Loads every page under the configured content folder. Pages with errors are left out and
/// their errors reported; the rest are returned so one run shows every problem.
pub fn load(config: &Config) -> (Content, Diagnostics) {
    load_with(config, None)
}

impl Content {
    /// [`load`], reusing what `cache` remembers of files that have not changed since it was
    /// filled (and updating it): the same pages and diagnostics, in the same order, as a fresh
    /// [`load`] of the same files. See [`cache`] for when a file counts as unchanged.
    pub fn load_cached(config: &Config, cache: &mut ContentCache) -> (Content, Diagnostics) {
        let (content, d) = Content::load_shared(config, cache);
        let content = Arc::try_unwrap(content).unwrap_or_else(|shared| Content::clone(&shared));
        (content, d)
    }

    /// [`Content::load_cached`], the content shared with the cache: when the only files that
    /// changed since the last load kept their front matter, slug, includes and findings (a
    /// body edit), the last load's content is taken with those pages' text replaced, and the
    /// site-wide steps do not run again (their result cannot differ).
    pub fn load_shared(config: &Config, cache: &mut ContentCache) -> (Arc<Content>, Diagnostics) {
        let fs = config.files().remembering_folders();
        let (listing, hint) = match cache.listing(config) {
            Ok(found) => found,
            Err(d) => return (Arc::default(), d),
        };
        let before = hint.as_ref().and_then(|h| cache.before_patch(h));
        let results = cache.refresh(config, &fs, &listing, hint);
        if let Some(patched) = before.and_then(|b| cache.patch(b)) {
            return patched;
        }
        let (content, d) = assemble(
            config,
            &listing.files,
            &results,
            listing.diagnostics.clone(),
        );
        cache.assembled(content, d)
    }
}

fn load_with(config: &Config, cache: Option<&mut ContentCache>) -> (Content, Diagnostics) {
    // One reader for the pass: each folder is checked once, not once per page in it.
    let fs = config.files().remembering_folders();
    let Some(cache) = cache else {
        let listing = match discover(config) {
            Ok(listing) => listing,
            Err(d) => return (Content::default(), d),
        };
        let files = &listing.files;
        let results: Vec<Arc<Parsed>> = files
            .par_iter()
            .map(|file| match fs.read(&file.path) {
                Ok(bytes) => parse_file(config, file, bytes),
                Err(e) => Parsed::unreadable(e.diagnostic()),
            })
            .map(Arc::new)
            .collect();
        return assemble(config, files, &results, listing.diagnostics);
    };
    Content::load_cached(config, cache)
}

/// A Markdown file [`discover`] found: its locale, path below the locale folder, absolute
/// path and stamp.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub locale: String,
    pub rel: String,
    pub path: PathBuf,
    pub stamp: Stamp,
}

/// What loading one file gave, before the site-wide steps (slugs, order) of [`assemble`]:
/// exactly what the content cache keeps per file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Parsed {
    /// The page, or the error that leaves it out.
    pub page: Result<ParsedPage, Diagnostic>,
    /// Warnings (and errors that do not leave the page out), in the order found.
    pub diagnostics: Diagnostics,
    /// Same-locale paths of the files the page includes ([`included_files`]).
    pub includes: Vec<String>,
}

/// A [`Page`] as one file makes it (its slug not yet made unique across the site).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ParsedPage {
    pub source: Arc<SourceText>,
    pub meta: Arc<PageMeta>,
    pub slug: String,
    pub facts: PageFacts,
}

impl Parsed {
    /// A file that could not be read (so there is nothing to remember of it).
    fn unreadable(error: Diagnostic) -> Parsed {
        Parsed {
            page: Err(error),
            diagnostics: Diagnostics::new(),
            includes: Vec::new(),
        }
    }
}

/// Decodes, splits and normalizes one file's bytes.
pub(crate) fn parse_file(config: &Config, file: &Found, bytes: Vec<u8>) -> Parsed {
    let mut diagnostics = Diagnostics::new();
    let page = parse_page(
        config,
        &file.locale,
        &file.rel,
        &file.path,
        bytes,
        &mut diagnostics,
    );
    let includes = page.as_ref().map_or_else(
        |_| Vec::new(),
        |p| crate::markdown::docfx::referenced_includes(p.source.body(), &file.rel),
    );
    Parsed {
        page,
        diagnostics,
        includes,
    }
}

/// The site-wide steps after every file is parsed: included files dropped, slugs made unique
/// ([`paths::assign`]), pages ordered by locale then slug. Shared by the fresh and the cached
/// load, so both give the same result from the same [`Parsed`] files.
fn assemble(
    config: &Config,
    files: &[Found],
    results: &[Arc<Parsed>],
    mut diagnostics: Diagnostics,
) -> (Content, Diagnostics) {
    let included = included_files(files, results);
    let mut pages = Vec::with_capacity(results.len());
    for (parsed, file) in results.iter().zip(files) {
        if included
            .get(file.locale.as_str())
            .is_some_and(|rels| rels.contains(&file.rel))
        {
            continue; // a part of the pages that include it, checked when they render
        }
        for d in parsed.diagnostics.iter() {
            diagnostics.push(d.clone());
        }
        match &parsed.page {
            Ok(p) => pages.push(Page {
                source: p.source.clone(),
                rel_path: file.rel.clone(),
                meta: p.meta.clone(),
                slug: p.slug.clone(),
                facts: p.facts.clone(),
            }),
            Err(e) => diagnostics.push(e.clone()),
        }
    }
    paths::assign(config, &mut pages, &mut diagnostics);
    let order: HashMap<&str, usize> = config
        .locales
        .iter()
        .enumerate()
        .map(|(i, l)| (l.tag.as_str(), i))
        .collect();
    pages.sort_by(|a, b| {
        (order[a.meta.locale.as_str()], &a.slug).cmp(&(order[b.meta.locale.as_str()], &b.slug))
    });
    (Content::new(pages), diagnostics)
}

/// What [`discover`] found: every Markdown page file with its stamp, in path order (each
/// locale folder's walk is sorted, and the folders are listed in name order; [`cache`]
/// inserts a new file by it), the locale folders walked, and what the walk reported.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Listing {
    pub files: Vec<Found>,
    /// Each locale folder walked, with its locale's tag.
    pub folders: Vec<(PathBuf, String)>,
    pub diagnostics: Diagnostics,
}

/// Lists every Markdown file with its stamp (see [`Listing`]); `Err` when the content folder
/// cannot be read at all.
/// Everything is read through [`crate::input::SiteFs`]: a linked or special file or folder
/// anywhere in the content folder is an error, never followed.
pub(crate) fn discover(config: &Config) -> Result<Listing, Diagnostics> {
    let dir = &config.content_dir;
    let fs = config.files();
    let mut listing = Listing::default();
    let diagnostics = &mut listing.diagnostics;
    let entries = match fs.list(dir) {
        Ok(e) => e,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    dir,
                    format!("cannot read the content folder: {}", e.refusal),
                )
                .rule(rule::INPUT_REFUSED)
                .with_help("set `[book] src` in book.toml"),
            );
            return Err(listing.diagnostics);
        }
    };
    let mut folders = Vec::new();
    for entry in entries {
        match entry {
            Entry::Dir(p) => folders.push(p),
            Entry::Refused(e) => diagnostics.push(e.diagnostic()),
            Entry::File(_) => {}
        }
    }
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let locale = config
            .locales
            .iter()
            .find(|l| l.tag.eq_ignore_ascii_case(&name));
        if locale.is_none() && is_includes(&name) {
            continue; // shared include files (`[!INCLUDE]`), not pages
        }
        let Some(locale) = locale else {
            diagnostics.push(
                Diagnostic::warning(
                    &folder,
                    format!("folder `{name}` is not a configured locale; skipped"),
                )
                .rule(rule::CONTENT_LAYOUT)
                .with_help(
                    "add a [[locale]] entry to book.toml, or rename the folder to a configured tag",
                ),
            );
            continue;
        };
        if locale.tag != name {
            diagnostics.push(
                Diagnostic::warning(
                    &folder,
                    format!("folder `{name}` should be spelled `{}`", locale.tag),
                )
                .rule(rule::CONTENT_LAYOUT),
            );
        }
        let (paths, refused) = fs.walk_stat(&folder);
        for e in &refused {
            diagnostics.push(e.diagnostic());
        }
        listing.files.extend(
            paths
                .into_iter()
                .filter_map(|(path, stamp)| page_file(&folder, &locale.tag, path, stamp)),
        );
        listing.folders.push((folder, locale.tag.clone()));
    }
    Ok(listing)
}

/// The page file at `path` (found with `stamp`) in the locale folder `folder` of `locale`;
/// `None` when it is no page: not Markdown, or a part of pages (below an `includes` folder).
pub(crate) fn page_file(folder: &Path, locale: &str, path: PathBuf, stamp: Stamp) -> Option<Found> {
    if path.extension().and_then(|e| e.to_str()) != Some("md") {
        return None;
    }
    let rel = path.strip_prefix(folder).ok()?;
    if rel.iter().any(|c| is_includes(&c.to_string_lossy())) {
        return None; // include files are parts of pages, not pages
    }
    let rel: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(Found {
        locale: locale.to_string(),
        rel: rel.join("/"),
        path,
        stamp,
    })
}

fn parse_page(
    config: &Config,
    locale: &str,
    rel: &str,
    path: &Path,
    bytes: Vec<u8>,
    d: &mut Diagnostics,
) -> Result<ParsedPage, Diagnostic> {
    let source = SourceText::parse(bytes, path, d)?;
    let group_fallback = rel.trim_end_matches(".md");
    let meta = normalize::normalize(&source, locale, group_fallback, config, d)?;
    let lang = meta.locale.split('-').next().unwrap_or("en").to_string();
    let slug = meta
        .slug
        .clone()
        .or_else(|| heading_anchor(source.body()))
        .unwrap_or_else(|| paths::file_slug(rel, &lang));
    check_slug_length(&source, &meta, &slug)?;
    let mut facts = PageFacts::of(config, locale, rel, source.body());
    facts.digests = facts::PageDigests::of(config, locale, &source, &meta, &facts.body_hash);
    Ok(ParsedPage {
        source: Arc::new(source),
        meta: Arc::new(meta),
        slug: paths::own_path(rel, &slug),
        facts,
    })
}

/// The longest slug tolk accepts, in characters: a page's folder name (file systems allow 255
/// bytes per name) and a URL people read.
pub const MAX_SLUG_CHARS: usize = 100;

/// Refuses a slug longer than [`MAX_SLUG_CHARS`], at the line of the key it was made from, so
/// `check` reports it before `build` would fail to create the folder.
fn check_slug_length(source: &SourceText, meta: &PageMeta, slug: &str) -> Result<(), Diagnostic> {
    let chars = slug.chars().count();
    if chars <= MAX_SLUG_CHARS {
        return Ok(());
    }
    let key = if meta.slug.is_some() { "slug" } else { "title" };
    let line = source.key_line(&source.front_matter_positions(), key);
    Err(Diagnostic::error(
        &source.path,
        format!(
            "the page's URL segment would be {chars} characters long (at most {MAX_SLUG_CHARS})"
        ),
    )
    .rule(rule::SLUG)
    .at(line, 1)
    .with_help("set a shorter `slug:` in the front matter, or shorten the title"))
}

/// Microsoft's folder for include files (`includes/`), in any case.
pub(crate) fn is_includes(name: &str) -> bool {
    name.eq_ignore_ascii_case("includes")
}

/// `(locale, path)` of the files that a page of the same locale includes with `[!INCLUDE]`:
/// docfx renders them inside their includers only, never as pages of their own.
fn included_files<'a>(
    files: &'a [Found],
    results: &[Arc<Parsed>],
) -> HashMap<&'a str, std::collections::HashSet<String>> {
    let mut included: HashMap<&str, std::collections::HashSet<String>> = HashMap::new();
    for (r, f) in results.iter().zip(files) {
        if r.page.is_ok() && !r.includes.is_empty() {
            let rels = included.entry(f.locale.as_str()).or_default();
            rels.extend(r.includes.iter().cloned());
        }
    }
    included
}

/// The `<a name="...">` anchor of the page's first heading, made URL-safe.
fn heading_anchor(body: &str) -> Option<String> {
    let line = body.lines().find(|l| l.starts_with('#'))?;
    let start = line.find("<a name=\"")? + "<a name=\"".len();
    let len = line[start..].find('"')?;
    let slug = crate::slug::slugify(&line[start..start + len], "en");
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::heading_anchor;

    #[test]
    fn anchor_from_first_heading() {
        assert_eq!(
            heading_anchor("\n# <a name=\"how-to\"></a>Hoe\n").as_deref(),
            Some("how-to")
        );
        assert_eq!(
            heading_anchor("# <a name=\"../../etc/passwd\"></a>x").as_deref(),
            Some("etc-passwd")
        );
        assert_eq!(heading_anchor("# Plain").as_deref(), None);
    }
}
