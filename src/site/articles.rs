//! Article pages: every page of every translation group in every locale.
//!
//! A locale that lacks a translation still gets the page, in the source language, with a notice
//! in the reader's language; hreflang alternates list only real translations.

use super::pages::{common_context, LocaleLink};
use super::{Sink, Site};
use crate::content::{Page, TranslationKind};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, MarkdownContext, MediaCopy};
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An article as listed on a locale's home page and in the sitemap.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub title: String,
    pub description: Option<String>,
    /// Output folder (`nl-NL/slug/`).
    pub dir: String,
    pub fallback: bool,
    pub kind: TranslationKind,
    pub date_iso: Option<String>,
    /// Absolute URLs of the real translations, by locale (for the sitemap).
    pub alternates: Vec<Alternate>,
    pub group: String,
    pub outdated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// What the article pass produced for the passes after it.
#[derive(Debug, Default)]
pub struct Articles {
    pub pages: usize,
    pub media: Vec<MediaCopy>,
    /// (locale, chart name) of every chart a page shows.
    pub charts: BTreeSet<(String, String)>,
    /// Per locale, in the configured order.
    pub listings: BTreeMap<String, Vec<Listing>>,
}

struct Job<'a> {
    locale: &'a str,
    page: &'a Page,
    fallback: bool,
    group: &'a BTreeMap<String, &'a Page>,
}

/// Renders every article page of the site.
pub fn render_all(site: &Site, sink: &Sink) -> (Articles, Diagnostics) {
    let groups = site.content.groups();
    let source = site.config.source_locale.as_str();
    let mut jobs = Vec::new();
    for locale in &site.config.locales {
        for group in &groups {
            if let Some(page) = group.get(&locale.tag) {
                jobs.push(Job {
                    locale: &locale.tag,
                    page,
                    fallback: false,
                    group,
                });
            } else if let Some(page) = group.get(source) {
                jobs.push(Job {
                    locale: &locale.tag,
                    page,
                    fallback: true,
                    group,
                });
            }
        }
    }
    let results: Vec<_> = jobs
        .par_iter()
        .map(|job| render_one(site, sink, job))
        .collect();
    let mut articles = Articles {
        pages: results.len(),
        ..Articles::default()
    };
    let mut diagnostics = Diagnostics::new();
    for (job, (listing, body, d)) in jobs.iter().zip(results) {
        // A fallback page repeats its source's problems; report them once, from the source.
        if !job.fallback {
            diagnostics.extend(d);
        }
        articles.media.extend(body.media);
        articles
            .charts
            .extend(body.charts.into_iter().map(|c| (job.locale.to_string(), c)));
        articles
            .listings
            .entry(job.locale.to_string())
            .or_default()
            .push(listing);
    }
    articles.media.sort();
    articles.media.dedup();
    (articles, diagnostics)
}

fn render_one(
    site: &Site,
    sink: &Sink,
    job: &Job,
) -> (Listing, markdown::RenderedBody, Diagnostics) {
    let config = &site.config;
    let page = job.page;
    let dir = urls::page_dir(job.locale, &page.slug);
    let root = urls::root_prefix(&dir);
    let (step_extras, extras_diagnostics) =
        super::form_page::step_extras(site, job.locale, page, &root);
    let labels = markdown::docfx::Labels::new(&site.localizer, job.locale);
    let files = markdown::docfx::ContainedFiles::new(&config.root);
    let ctx = MarkdownContext {
        docfx: markdown::docfx::DocfxEnv {
            labels: &labels,
            files: &files,
            site_root: &config.root,
        },
        content: &site.content,
        content_dir: &config.content_dir,
        content_dir_real: &site.content_dir_real,
        source_locale: &config.source_locale,
        site_locale: job.locale,
        root: &root,
        charts: &config.charts,
        step_extras: &step_extras,
    };
    let (mut body, mut diagnostics) = markdown::render(page, &ctx);
    diagnostics.extend(extras_diagnostics);
    diagnostics.extend(super::form_page::check_article_steps(
        site,
        page,
        &body.steps,
    ));
    // The page's HTML is written below and not needed after: don't hold 10,000 of them.
    let html = std::mem::take(&mut body.html);
    let alternates: Vec<Alternate> = config
        .locales
        .iter()
        .filter(|l| job.group.contains_key(&l.tag))
        .map(|l| Alternate {
            hreflang: l.tag.clone(),
            href: format!("{}/{}", config.base_url, urls::page_dir(&l.tag, &page.slug)),
        })
        .collect();
    let x_default = job
        .group
        .get(&config.source_locale)
        .or_else(|| job.group.values().next())
        .map(|p| {
            format!(
                "{}/{}",
                config.base_url,
                urls::page_dir(&p.meta.locale, &p.slug)
            )
        });
    let canonical = if job.fallback {
        x_default.clone()
    } else {
        Some(format!("{}/{dir}", config.base_url))
    };
    let source_page = job
        .group
        .get(&config.source_locale)
        .filter(|_| !job.fallback && page.meta.translation_kind != TranslationKind::Source);
    let outdated =
        !job.fallback && site.freshness(page) == super::translations::Freshness::Outdated;
    let mut context = common_context(site, job.locale, &dir, |tag| {
        let target = if job.group.contains_key(tag) || job.group.contains_key(&config.source_locale)
        {
            urls::page_dir(tag, &page.slug)
        } else {
            urls::home_dir(tag)
        };
        LocaleLink::target(target, job.group.contains_key(tag))
    });
    let body_locale = config.locale(&page.meta.locale);
    context.insert("title", &page.meta.title);
    context.insert("description", &page.meta.description);
    context.insert("canonical", &canonical);
    context.insert("alternates", &alternates);
    context.insert("x_default", &x_default);
    context.insert("html", &html);
    context.insert(
        "headings",
        &body
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .collect::<Vec<_>>(),
    );
    context.insert("fallback", &job.fallback);
    context.insert("kind", &page.meta.translation_kind);
    context.insert("outdated", &outdated);
    context.insert("body_lang", &page.meta.locale);
    context.insert("body_dir", &body_locale.map_or("ltr", |l| l.dir.as_str()));
    context.insert(
        "date",
        &page.meta.date.map(|d| site.localizer.date(job.locale, d)),
    );
    context.insert("date_iso", &page.meta.date.map(|d| d.to_string()));
    context.insert("authors", &page.meta.authors);
    context.insert(
        "source_href",
        &source_page.map(|p| format!("{root}{}", urls::page_dir(&p.meta.locale, &p.slug))),
    );
    context.insert(
        "source_language",
        &config.locale(&config.source_locale).map(|l| l.name.clone()),
    );
    match site
        .templates
        .render("page.html", Some(job.locale), &context)
    {
        Ok(html) => {
            if let Err(e) = sink.write(&urls::index_file(&dir), html.as_bytes()) {
                diagnostics.push(e);
            }
        }
        Err(e) => diagnostics.push(e),
    }
    let listing = Listing {
        title: page.meta.title.clone(),
        description: page.meta.description.clone(),
        dir,
        fallback: job.fallback,
        kind: page.meta.translation_kind,
        date_iso: page.meta.date.map(|d| d.to_string()),
        alternates,
        group: page.meta.translation_group.clone(),
        outdated,
    };
    (listing, body, diagnostics)
}
