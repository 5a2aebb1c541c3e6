//! The translation status page, one per locale and linked from every footer: how much of the
//! interface each language has, and for each article whether each locale has the source, a
//! human or machine translation (reviewed or not), up to date or outdated, or nothing yet, and
//! how many structure findings each translation still has and how many `tolk fix` repairs.

use super::chrome::{Chrome, SwitchTarget};
use super::text_lang::TextLang;
use super::translations::{FindingCounts, Freshness};
use super::{Sink, Site};
use crate::content::{Page, TranslationKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What `templates/status.html` shows.
#[derive(Serialize)]
struct StatusPage<'a> {
    #[serde(flatten)]
    chrome: Chrome,
    /// How much of the interface each locale translates.
    ui: Vec<UiRow>,
    /// One row per article, one cell per locale.
    pages: Vec<PageRow>,
    columns: Vec<Column<'a>>,
}

/// A locale's column of the pages table.
#[derive(Serialize)]
struct Column<'a> {
    tag: &'a str,
    dir: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct UiRow {
    tag: String,
    dir: &'static str,
    name: String,
    translated: usize,
    total: usize,
    /// Translated, total and percent as the page's locale writes numbers.
    counts: [String; 3],
}

#[derive(Serialize)]
struct PageRow {
    title: String,
    /// The title's language when it is not the page's (an untranslated article).
    lang: Option<TextLang>,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    tag: String,
    href: Option<String>,
    /// `source`, `machine`, `reviewed` (machine, post-edited), `human` or `missing`.
    kind: &'static str,
    /// `source`, `up-to-date`, `outdated` or `unknown`; empty when missing.
    freshness: &'static str,
    /// A translation's structure findings and how many `tolk fix` repairs; `None` for the
    /// source and missing pages.
    findings: Option<FindingCounts>,
}

/// Renders `<locale>/status/` for every locale. Returns how many pages were made.
pub fn render_all(site: &Site, sink: &Sink) -> (usize, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut count = 0;
    let groups = site.content.groups();
    // One status page per locale, each a table of every article: render them in parallel.
    let results: Vec<Result<(), Diagnostic>> = site
        .config
        .locales
        .par_iter()
        .map(|locale| {
            let dir = urls::status_dir(&locale.tag);
            let root = urls::root_prefix(&dir);
            let data = StatusPage {
                chrome: Chrome::new(site, &locale.tag, &dir, |tag| {
                    SwitchTarget::new(urls::status_dir(tag), true)
                }),
                ui: ui_rows(site, &locale.tag),
                pages: groups
                    .iter()
                    .map(|g| page_row(site, g, &locale.tag, &root))
                    .collect(),
                columns: site
                    .config
                    .locales
                    .iter()
                    .map(|l| Column {
                        tag: &l.tag,
                        dir: l.dir.as_str(),
                        name: &l.name,
                    })
                    .collect(),
            };
            site.templates
                .render("status.html", Some(&locale.tag), &data)
                .and_then(|html| sink.write(&urls::index_file(&dir), html.as_bytes()))
        })
        .collect();
    for result in results {
        match result {
            Ok(()) => count += 1,
            Err(e) => diagnostics.push(e),
        }
    }
    (count, diagnostics)
}

fn ui_rows(site: &Site, page_locale: &str) -> Vec<UiRow> {
    let numbers = site.localizer.numbers(page_locale);
    let number = |n: usize| match &numbers {
        Some(f) => f.integer(n as u64),
        None => n.to_string(),
    };
    site.config
        .locales
        .iter()
        .filter_map(|l| {
            let s = site.translations.ui.iter().find(|s| s.locale == l.tag)?;
            let total = s.source_messages;
            let translated = if l.tag == site.config.source_locale {
                total
            } else {
                s.translated
            };
            let percent = (translated * 100).checked_div(total).unwrap_or(100);
            Some(UiRow {
                tag: l.tag.clone(),
                dir: l.dir.as_str(),
                name: l.name.clone(),
                translated,
                total,
                counts: [translated, total, percent].map(number),
            })
        })
        .collect()
}

fn page_row(site: &Site, group: &BTreeMap<String, &Page>, locale: &str, root: &str) -> PageRow {
    let title_page = group
        .get(locale)
        .or_else(|| group.get(&site.config.source_locale))
        .or_else(|| group.values().next());
    let title = title_page.map(|p| p.meta.title.clone()).unwrap_or_default();
    let lang = title_page.and_then(|p| TextLang::foreign(&site.config, &p.meta.locale, locale));
    let cells = site
        .config
        .locales
        .iter()
        .map(|l| match group.get(&l.tag) {
            Some(page) => Cell {
                tag: l.tag.clone(),
                href: Some(urls::link(root, &urls::page_dir(&l.tag, &page.slug))),
                kind: match page.meta.translation_kind {
                    TranslationKind::Source => "source",
                    TranslationKind::Machine if page.meta.post_edited.is_some() => "reviewed",
                    TranslationKind::Machine => "machine",
                    TranslationKind::Human => "human",
                },
                findings: site.translations.findings.get(page.path()).copied(),
                freshness: match site.freshness(page) {
                    Freshness::Source => "source",
                    Freshness::UpToDate => "up-to-date",
                    Freshness::Outdated => "outdated",
                    Freshness::Unknown => "unknown",
                },
            },
            None => Cell {
                tag: l.tag.clone(),
                href: None,
                kind: "missing",
                freshness: "",
                findings: None,
            },
        })
        .collect();
    PageRow { title, lang, cells }
}
