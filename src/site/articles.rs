//! Article pages: every page of every translation group in every locale.
//!
//! A locale that lacks a translation still gets the page, in the source language, with a notice
//! in the reader's language; hreflang alternates list only real translations.

use super::chrome::{Alternate, Chrome, Hreflang, SwitchTarget};
use super::memo::{Key, PageRecord, Recorder};
use super::plan::Origin;
use super::{Sink, Site};
use crate::content::{Page, TranslationKind};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Heading, MarkdownContext, MediaCopy};
use crate::search::{text::html_text, SearchDoc};
use crate::urls;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// An article as listed on a locale's home page and in the sitemap.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Listing {
    pub title: String,
    pub description: Option<String>,
    /// Output folder (`nl-NL/slug/`).
    pub dir: String,
    pub fallback: bool,
    pub kind: TranslationKind,
    pub date_iso: Option<String>,
    /// Absolute URLs of the real translations, by locale (for the sitemap); empty on a
    /// stand-in, which the sitemap does not list. The same for every page of a translation
    /// group, so its pages share one copy.
    #[serde(serialize_with = "shared_slice")]
    pub alternates: Arc<[Alternate]>,
    pub group: String,
    pub outdated: bool,
}

fn shared_slice<S: serde::Serializer>(items: &Arc<[Alternate]>, s: S) -> Result<S::Ok, S::Error> {
    items.as_ref().serialize(s)
}

/// What the article pass produced for the passes after it.
#[derive(Debug, Default)]
pub struct Articles {
    pub pages: usize,
    /// Every media file some page shows, sorted, each once.
    pub media: Vec<MediaCopy>,
    /// (locale, chart name) of every chart a page shows.
    pub charts: BTreeSet<(String, String)>,
    /// Per locale, in the configured order.
    pub listings: BTreeMap<String, Vec<Listed>>,
}

/// A page's [`Listing`]: its own when the page was rendered without the memo, else the one in
/// the memo's record (a page kept from the last build costs no copy of it).
#[derive(Debug)]
pub enum Listed {
    Own(Listing),
    Shared(Arc<PageRecord>),
}

impl std::ops::Deref for Listed {
    type Target = Listing;

    fn deref(&self) -> &Listing {
        match self {
            Listed::Own(listing) => listing,
            Listed::Shared(record) => &record.listing,
        }
    }
}

/// A page's search document until its locale's index is written: taken from the record when
/// the build owns it, else the memo's, shared.
enum Doc {
    Own(SearchDoc),
    Shared(Arc<PageRecord>),
}

impl Doc {
    fn get(&self) -> &SearchDoc {
        match self {
            Doc::Own(doc) => doc,
            Doc::Shared(record) => &record.doc,
        }
    }
}

/// Writes a locale's search index from its article pages' documents (the build adds the form
/// page's), returning what went wrong.
pub type IndexLocale<'a> = &'a (dyn Fn(&str, &[&SearchDoc]) -> Diagnostics + Sync);

struct Job<'a> {
    locale: &'a str,
    page: &'a Page,
    fallback: bool,
    group: &'a crate::content::Group<'a>,
    /// The group's index in the list of groups (for its memo key).
    group_index: usize,
    /// The page's output file.
    rel: String,
}

/// Renders every article page of the site, one locale after the other, and hands each locale's
/// search documents to `index` while the next locale renders: a large site then holds the
/// documents of one or two locales, not of all of them. `index` is called for every locale, in
/// the order the locales are rendered in, with no documents when the locale has no article.
///
/// The build drives it a locale at a time ([`Pass::locale`]), so that between two locales it
/// can free the text of the pages no later step reads.
///
/// With the memo on, a page whose inputs are unchanged is kept, not rendered ([`super::memo`]).
pub struct Pass {
    articles: Articles,
    diagnostics: Diagnostics,
    /// The last locale rendered and its search documents, indexed beside the next locale.
    pending: Option<(String, Vec<Doc>)>,
    /// Hreflang alternates depend on the translation group alone: one copy per group.
    alternates: HashMap<String, Arc<[Alternate]>>,
    /// (locale, translation group) of each page whose file clashed: not rendered.
    refused: HashSet<(String, String)>,
    /// A group's part of its pages' memo keys, by the group's index: once per group rather
    /// than once per page (empty with the memo off).
    group_keys: Vec<Key>,
    media: FxHashSet<MediaCopy>,
}

/// The article pages of `locale`, in the order of the site's translation groups: its own
/// translation, or the source page as a stand-in.
fn jobs_of<'a>(
    site: &'a Site,
    groups: &'a [crate::content::Group<'a>],
    locale: &'a str,
) -> impl Iterator<Item = Job<'a>> {
    groups
        .iter()
        .enumerate()
        .filter_map(move |(group_index, group)| job_of(site, group, group_index, locale))
}

/// The article page of translation group `group` (at `group_index`) in `locale`: its own
/// translation, or the source page as a stand-in; `None` when it has neither.
fn job_of<'a>(
    site: &'a Site,
    group: &'a crate::content::Group<'a>,
    group_index: usize,
    locale: &'a str,
) -> Option<Job<'a>> {
    let (page, fallback) = match group.get(locale) {
        Some(page) => (page, false),
        None => (group.get(site.config.source_locale.as_str())?, true),
    };
    Some(Job {
        locale,
        page,
        fallback,
        group,
        group_index,
        rel: urls::index_file(&urls::page_dir(locale, &page.slug)),
    })
}

impl Pass {
    /// Claims every article page's file before any is written: a clash is an error naming both
    /// sources, and the clashing page is not rendered at all.
    pub fn new(site: &Site, sink: &Sink, memo: &Recorder) -> Pass {
        let groups = site.content.groups();
        let mut pass = Pass {
            articles: Articles::default(),
            diagnostics: Diagnostics::new(),
            pending: None,
            alternates: HashMap::new(),
            refused: HashSet::new(),
            group_keys: memo.inputs().map_or_else(Vec::new, |inputs| {
                groups.par_iter().map(|g| inputs.group_key(g)).collect()
            }),
            media: FxHashSet::default(),
        };
        for locale in &site.config.locales {
            for job in jobs_of(site, &groups, &locale.tag) {
                let what = if job.fallback {
                    format!("the {} stand-in for {}", job.locale, job.page.rel_path)
                } else {
                    format!("the {} page {}", job.locale, job.page.rel_path)
                };
                let origin = Origin::new(job.page.path(), what);
                match sink.claim(&job.rel, origin) {
                    Ok(()) => pass.articles.pages += 1,
                    Err(e) => {
                        pass.diagnostics.push(e);
                        pass.refused.insert((
                            job.locale.to_string(),
                            job.page.meta.translation_group.clone(),
                        ));
                    }
                }
            }
        }
        pass
    }

    /// Renders the article pages of `locale`, and indexes the locale rendered before it.
    pub fn locale(
        &mut self,
        site: &Site,
        sink: &Sink,
        index: IndexLocale,
        memo: &Recorder,
        locale: &str,
    ) {
        let groups = site.content.groups();
        let locale_jobs: Vec<Job> = jobs_of(site, &groups, locale)
            .filter(|job| {
                self.refused.is_empty()
                    || !self.refused.contains(&(
                        job.locale.to_string(),
                        job.page.meta.translation_group.clone(),
                    ))
            })
            .collect();
        let locale_key = memo.inputs().map(|inputs| inputs.locale_key(locale));
        let group_keys = &self.group_keys;
        let previous = self.pending.take();
        let (results, indexed) = rayon::join(
            || {
                locale_jobs
                    .par_iter()
                    .map(|job| {
                        memo.page(
                            &job.rel,
                            |inputs| {
                                let locale = locale_key.as_ref().unwrap_or(&[0; 32]);
                                let group = &group_keys[job.group_index];
                                inputs.page_key(site, locale, job.page, job.fallback, group)
                            },
                            || sink.keep(&job.rel),
                            |body| render_one(site, sink, job, body),
                        )
                    })
                    .collect::<Vec<_>>()
            },
            || previous.map(|(tag, docs)| index_docs(index, &tag, &docs)),
        );
        self.diagnostics.extend(indexed.unwrap_or_default());
        let articles = &mut self.articles;
        let media = &mut self.media;
        let mut docs = Vec::with_capacity(results.len());
        let listings = articles.listings.entry(locale.to_string()).or_default();
        listings.reserve(results.len());
        for (job, page) in locale_jobs.iter().zip(results) {
            let page = match Arc::try_unwrap(page) {
                Ok(page) => page,
                // The memo's record (kept, or rendered and remembered): shared, not taken apart.
                Err(shared) => {
                    if !job.fallback && !shared.diagnostics.is_empty() {
                        self.diagnostics.extend(shared.diagnostics.clone());
                    }
                    for m in &shared.media {
                        if !media.contains(m) {
                            media.insert(m.clone());
                        }
                    }
                    for c in &shared.charts {
                        articles.charts.insert((job.locale.to_string(), c.clone()));
                    }
                    listings.push(Listed::Shared(shared.clone()));
                    docs.push(Doc::Shared(shared));
                    continue;
                }
            };
            // A fallback page repeats its source's problems; report them once, from the source.
            if !job.fallback {
                self.diagnostics.extend(page.diagnostics);
            }
            media.extend(page.media);
            articles
                .charts
                .extend(page.charts.into_iter().map(|c| (job.locale.to_string(), c)));
            let mut listing = page.listing;
            if !job.fallback {
                let group = &job.page.meta.translation_group;
                match self.alternates.get(group) {
                    Some(shared) => listing.alternates = shared.clone(),
                    None => {
                        self.alternates
                            .insert(group.clone(), listing.alternates.clone());
                    }
                }
            }
            listings.push(Listed::Own(listing));
            docs.push(Doc::Own(page.doc));
        }
        self.pending = Some((locale.to_string(), docs));
    }

    /// Indexes the last locale rendered and hands over what the pass produced.
    pub fn finish(mut self, index: IndexLocale) -> (Articles, Diagnostics) {
        if let Some((tag, docs)) = self.pending.take() {
            self.diagnostics.extend(index_docs(index, &tag, &docs));
        }
        self.articles.media = self.media.into_iter().collect();
        self.articles.media.sort();
        (self.articles, self.diagnostics)
    }
}

/// Renders `page`, the new text of one of `site`'s pages (a body edit: same front matter, slug
/// and file), as every article page that shows it: its own locale's and, for a source page,
/// the stand-ins of the locales its group has no version in. Each file goes through `sink`;
/// returns each file with its record. For [`super::preview`].
pub(super) fn render_edited(site: &Site, sink: &Sink, page: &Page) -> Vec<(String, PageRecord)> {
    let groups = site.content.groups();
    let mut rendered = Vec::new();
    let Some((index, group)) =
        (groups.iter().enumerate()).find(|(_, g)| g.values().any(|p| p.path() == page.path()))
    else {
        return rendered;
    };
    for locale in &site.config.locales {
        let job = job_of(site, group, index, &locale.tag);
        if let Some(job) = job.filter(|job| job.page.path() == page.path()) {
            let job = Job { page, ..job };
            let origin = Origin::new(page.path(), format!("the preview of {}", page.rel_path));
            if sink.claim(&job.rel, origin).is_err() {
                continue;
            }
            let (record, _) = render_one(site, sink, &job, None);
            rendered.push((job.rel, record));
        }
    }
    rendered
}

/// Renders each of `pages` (output file, kept Markdown: files the last build wrote) around its
/// body with `site`, in one pass over the translation groups; returns each page rendered with
/// its record (a file `site` has no article page at is left out). For [`super::preview`] of a
/// message edit, which leaves the Markdown as it was.
pub(super) fn render_around(
    site: &Site,
    sink: &Sink,
    pages: &[(&str, &Body)],
) -> Vec<(String, PageRecord)> {
    let groups = site.content.groups();
    let mut rendered = Vec::new();
    for locale in &site.config.locales {
        let tag = locale.tag.as_str();
        let in_locale = |rel: &str| rel.strip_prefix(tag).is_some_and(|r| r.starts_with('/'));
        if !pages.iter().any(|(rel, _)| in_locale(rel)) {
            continue;
        }
        for (index, group) in groups.iter().enumerate() {
            let Some(job) = job_of(site, group, index, tag) else {
                continue;
            };
            let Some((_, body)) = pages.iter().find(|(rel, _)| *rel == job.rel) else {
                continue;
            };
            let origin = Origin::new(job.page.path(), format!("the preview of {}", job.rel));
            if sink.claim(&job.rel, origin).is_err() {
                continue;
            }
            let (record, _) = render_one(site, sink, &job, Some(body));
            rendered.push((job.rel, record));
        }
    }
    rendered
}

/// Hands a locale's documents to `index`.
fn index_docs(index: IndexLocale, tag: &str, docs: &[Doc]) -> Diagnostics {
    let docs: Vec<&SearchDoc> = docs.iter().map(Doc::get).collect();
    index(tag, &docs)
}

/// What the Markdown stage made of one article page in one locale: the part of its render
/// that its chrome (messages, switcher, sidebar) does not touch. `tolk serve` keeps it in the
/// memo ([`super::memo::Memo::keep_bodies`]), so an edit of a message every page shows wraps
/// the kept bodies again instead of parsing every page again.
#[derive(Debug)]
pub struct Body {
    rendered: markdown::RenderedBody,
    /// The Markdown stage's findings, with those of the form steps it shows.
    diagnostics: Diagnostics,
    /// The messages the body looked up (notes, step labels), and the files it read: the page's
    /// own lookups and reads include them even when the body is taken from the memo.
    pub lookups: Vec<crate::i18n::lookups::Lookup>,
    reads: Vec<(std::path::PathBuf, crate::input::record::Stamp)>,
}

impl Body {
    /// Renders the Markdown of `job`'s page, recording what it looks up and reads (and
    /// passing both on to the recording around it, the page's).
    fn render(site: &Site, job: &Job, root: &str) -> Body {
        use crate::i18n::lookups;
        use crate::input::record;
        let (((rendered, diagnostics), reads), lookups) =
            lookups::recording(|| record::recording(|| render_markdown(site, job, root)));
        let body = Body {
            rendered,
            diagnostics,
            lookups,
            reads,
        };
        body.replay();
        body
    }

    /// Notes the body's lookups and reads in the recordings running on this thread, as
    /// rendering it would.
    fn replay(&self) {
        for crate::i18n::lookups::Lookup(locale, id, attr) in &self.lookups {
            crate::i18n::lookups::note(locale, id, attr.as_deref());
        }
        for (path, stamp) in &self.reads {
            crate::input::record::note_stamp(path, *stamp);
        }
    }
}

/// The Markdown of `job`'s page as HTML, with the findings of the stage and of the form steps
/// it shows.
fn render_markdown(site: &Site, job: &Job, root: &str) -> (markdown::RenderedBody, Diagnostics) {
    let config = &site.config;
    let page = job.page;
    let (step_extras, extras_diagnostics) =
        super::form_page::step_extras(site, job.locale, page, root);
    let labels = markdown::docfx::Labels::new(&site.localizer, job.locale);
    let files = config.files();
    let ctx = MarkdownContext {
        docfx: markdown::docfx::DocfxEnv {
            labels: &labels,
            files: &files,
            site_root: &config.root,
            source_dir: config
                .locale(&config.source_locale)
                .map_or("ltr", |l| l.dir.as_str()),
        },
        content: &site.content,
        content_dir: &config.content_dir,
        publisher: &site.publisher,
        source_locale: &config.source_locale,
        site_locale: job.locale,
        root,
        charts: &config.charts,
        step_extras: &step_extras,
        links: &config.links,
    };
    let (body, mut diagnostics) = markdown::render(page, &ctx);
    diagnostics.extend(extras_diagnostics);
    diagnostics.extend(super::form_page::check_article_steps(
        site,
        page,
        &body.steps,
    ));
    (body, diagnostics)
}

/// Renders `job`'s page and writes it; `kept` is its last body when only what wraps it
/// changed. Returns the page's record, and its body when it rendered one.
fn render_one(
    site: &Site,
    sink: &Sink,
    job: &Job,
    kept: Option<&Body>,
) -> (PageRecord, Option<Body>) {
    let config = &site.config;
    let page = job.page;
    let dir = urls::page_dir(job.locale, &page.slug);
    let root = urls::root_prefix(&dir);
    let fresh = match kept {
        Some(body) => {
            body.replay();
            None
        }
        None => Some(Body::render(site, job, &root)),
    };
    let Some(body) = kept.or(fresh.as_ref()) else {
        unreachable!("a page has its kept body or a fresh one")
    };
    let mut diagnostics = body.diagnostics.clone();
    let html = &body.rendered.html;
    let doc = SearchDoc::new(
        job.locale,
        dir.clone(),
        page.meta.title.clone(),
        super::messages::crumb(site, job.locale),
        page.meta.locale.clone(),
        &html_text(html),
    );
    let hreflang = Hreflang::new(config, |tag| {
        let version = job.group.get(tag)?;
        Some(urls::page_dir(&version.meta.locale, &version.slug))
    });
    let outdated =
        !job.fallback && site.freshness(page) == super::translations::Freshness::Outdated;
    let headings = &body.rendered.headings;
    let data = ArticlePage::new(site, job, &dir, html, headings, hreflang, outdated);
    match site.templates.render("page.html", Some(job.locale), &data) {
        Ok(html) => {
            if let Err(e) = sink.write(&urls::index_file(&dir), html.as_bytes()) {
                diagnostics.push(e);
            }
        }
        Err(e) => diagnostics.push(e),
    }
    let ArticlePage { hreflang, .. } = data;
    let listing = Listing {
        title: page.meta.title.clone(),
        description: page.meta.description.clone(),
        dir,
        fallback: job.fallback,
        kind: page.meta.translation_kind,
        date_iso: page.meta.date.map(|d| d.to_string()),
        // Only the sitemap reads them, and it lists no stand-in.
        alternates: if job.fallback {
            Arc::from([])
        } else {
            hreflang.alternates.into()
        },
        group: page.meta.translation_group.clone(),
        outdated,
    };
    let record = PageRecord {
        listing,
        doc,
        media: body.rendered.media.clone(),
        charts: body.rendered.charts.clone(),
        // A fallback page's findings are its source's, reported from there.
        diagnostics: if job.fallback {
            Diagnostics::new()
        } else {
            diagnostics
        },
    };
    (record, fresh)
}

/// What `templates/page.html` shows.
#[derive(Serialize)]
struct ArticlePage<'a> {
    #[serde(flatten)]
    chrome: Chrome,
    #[serde(flatten)]
    hreflang: Hreflang,
    title: &'a str,
    description: Option<&'a str>,
    /// The source page's URL on an untranslated fallback (it holds the same text).
    canonical: Option<String>,
    html: &'a str,
    /// The level-2 headings, for the table of contents.
    headings: Vec<&'a Heading>,
    fallback: bool,
    kind: TranslationKind,
    /// A machine translation a person reviewed (`tolk.post-edited`).
    reviewed: bool,
    outdated: bool,
    body_lang: &'a str,
    body_dir: &'static str,
    date: Option<String>,
    date_iso: Option<String>,
    authors: &'a [String],
    /// Sidebar branch, breadcrumbs, previous/next.
    nav: super::nav_view::PageNav,
    /// The source page, linked from machine-translation and outdated notices.
    source_href: Option<String>,
    source_language: Option<String>,
}

impl<'a> ArticlePage<'a> {
    fn new(
        site: &'a Site,
        job: &Job<'a>,
        dir: &str,
        html: &'a str,
        headings: &'a [Heading],
        hreflang: Hreflang,
        outdated: bool,
    ) -> Self {
        let config = &site.config;
        let page = job.page;
        let root = urls::root_prefix(dir);
        let chrome = Chrome::new(site, job.locale, dir, |tag| {
            let has_source = job.group.contains_key(config.source_locale.as_str());
            let target = if job.group.contains_key(tag) || has_source {
                urls::page_dir(tag, &page.slug)
            } else {
                urls::home_dir(tag)
            };
            SwitchTarget::new(target, job.group.contains_key(tag))
        });
        let canonical = if job.fallback {
            hreflang.x_default.clone()
        } else {
            Some(urls::absolute(&config.base_url, dir))
        };
        let source_page = job
            .group
            .get(config.source_locale.as_str())
            .filter(|_| !job.fallback && page.meta.translation_kind != TranslationKind::Source);
        ArticlePage {
            chrome,
            hreflang,
            title: &page.meta.title,
            description: page.meta.description.as_deref(),
            canonical,
            html,
            headings: headings.iter().filter(|h| h.level == 2).collect(),
            fallback: job.fallback,
            kind: page.meta.translation_kind,
            reviewed: page.meta.post_edited.is_some(),
            outdated,
            body_lang: &page.meta.locale,
            body_dir: config
                .locale(&page.meta.locale)
                .map_or("ltr", |l| l.dir.as_str()),
            date: page.meta.date.map(|d| site.localizer.date(job.locale, d)),
            date_iso: page.meta.date.map(|d| d.to_string()),
            authors: &page.meta.authors,
            nav: super::nav_view::page_nav(site, job.locale, &page.slug, &root),
            source_href: source_page
                .map(|p| urls::link(&root, &urls::page_dir(&p.meta.locale, &p.slug))),
            source_language: config.locale(&config.source_locale).map(|l| l.name.clone()),
        }
    }
}
