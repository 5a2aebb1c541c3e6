//! The translation status page, one per locale and linked from every footer: how much of the
//! interface each language has, and for each article whether each locale has the source, a
//! human or machine translation (reviewed or not), up to date or outdated, or nothing yet, and
//! how many structure findings each translation still has and how many `tolk fix` repairs.

use super::chrome::{Chrome, SwitchTarget};
use super::memo::{Key, KeyBuilder, Recorder};
use super::text_lang::TextLang;
use super::translations::{FindingCounts, Freshness};
use super::{Sink, Site};
use crate::check::history::blocks::Change;
use crate::content::{Page, TranslationKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::urls;
use serde::Serialize;

mod html;

/// What `templates/status.html` shows.
#[derive(Serialize)]
struct StatusPage<'a> {
    #[serde(flatten)]
    chrome: Chrome,
    /// How much of the interface each locale translates.
    ui: Vec<UiRow>,
    /// One row per article, one cell per locale; empty when [`StatusPage::pages_html`]
    /// holds them.
    pages: Vec<PageRow>,
    /// The rows already written as HTML ([`html`]), while the built-in `status.html`, which
    /// it mirrors, is in use.
    pages_html: Option<String>,
    columns: Vec<Column<'a>>,
    /// This locale's outdated translations, each with what changed in its source.
    outdated: Vec<Outdated>,
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
    /// How many messages are defined but still the source's text (counted as untranslated),
    /// as the page's locale writes numbers; `None` when there are none.
    same_as_source: Option<String>,
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
    /// The fragment of this page's "what changed" entry, for an outdated translation in the
    /// page's own locale.
    changes: Option<String>,
}

/// An outdated translation of the page's locale, with its source's changes since.
#[derive(Serialize)]
struct Outdated {
    /// The fragment id of its entry.
    id: String,
    title: String,
    href: String,
    source_href: String,
    /// The source's language, for the changed text.
    source_lang: TextLang,
    /// Set when the changes are known.
    commit: Option<String>,
    date: Option<String>,
    changes: Vec<Change>,
    /// Why the changes are unknown ([`crate::check::history::Unavailable::code`]).
    unavailable: Option<&'static str>,
}

/// Renders `<locale>/status/` for every locale. A locale's page is kept from the last build
/// while its key holds: the site digest (every page's metadata: titles, kinds, slugs), every
/// locale's messages (the interface table, the chrome) and [`rows_digest`] (what each row
/// shows besides metadata). Returns how many pages were made.
pub fn render_all(site: &Site, sink: &Sink, memo: &Recorder) -> (usize, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut count = 0;
    // Made once, and only when a page is rendered (a kept one needs no rows).
    let groups = std::sync::OnceLock::new();
    let rows = memo.is_on().then(|| rows_digest(site));
    // One status page per locale, each a table of every article: one at a time, as each
    // holds its whole table twice (rows, then tera's copy of them); the build renders the
    // other site-wide pages beside them.
    let results: Vec<Result<(), Diagnostic>> = site
        .config
        .locales
        .iter()
        .map(|locale| {
            let dir = urls::status_dir(&locale.tag);
            let root = urls::root_prefix(&dir);
            let rel = urls::index_file(&dir);
            let key = |b: &mut KeyBuilder| {
                b.bytes(rows.as_ref().unwrap_or(&[0; 32]));
            };
            let render = || {
                let mut pages: Vec<PageRow> = groups
                    .get_or_init(|| site.content.groups())
                    .iter()
                    .map(|g| page_row(site, g, &locale.tag, &root))
                    .collect();
                let pages_html = site.templates.is_built_in("status.html").then(|| {
                    let html = html::rows(&pages, &mut messages(site, &locale.tag));
                    pages = Vec::new();
                    html
                });
                let data = StatusPage {
                    chrome: Chrome::new(site, &locale.tag, &dir, |tag| {
                        SwitchTarget::new(urls::status_dir(tag), true)
                    }),
                    ui: ui_rows(site, &locale.tag),
                    pages,
                    pages_html,
                    outdated: outdated(
                        site,
                        groups.get_or_init(|| site.content.groups()),
                        &locale.tag,
                        &root,
                    ),
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
            };
            super::product_file(sink, memo, &rel, key, render)
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

/// The digest of what the status pages show that the site digest and the messages do not
/// cover: each page's freshness, structure findings and source changes, and the interface
/// counts. Small records, no rendering: cheap enough for every rebuild.
fn rows_digest(site: &Site) -> Key {
    let mut b = KeyBuilder::new("status rows");
    b.str(&format!("{:?}", site.translations.ui));
    for page in &site.content.pages {
        let findings = site.translations.findings.get(page.path());
        let freshness = match site.freshness(page) {
            Freshness::Source => 0,
            Freshness::UpToDate => 1,
            Freshness::Outdated => 2,
            Freshness::Unknown => 3,
        };
        let mut row = [0u8; 17];
        row[0] = freshness;
        if let Some(f) = findings {
            row[0] |= 4;
            row[1..9].copy_from_slice(&(f.remaining as u64).to_le_bytes());
            row[9..].copy_from_slice(&(f.fixable as u64).to_le_bytes());
        }
        b.bytes(page.path().as_os_str().as_encoded_bytes())
            .bytes(&row);
        if let Some(changes) = site.translations.changes.get(page.path()) {
            b.str(&format!("{changes:?}"));
        }
    }
    b.key()
}

/// What `t()` shows on `locale`'s status page, for [`html::rows`]: each text formatted once
/// (a table of 10,000 cells shows a handful of distinct ones).
fn messages<'a>(
    site: &'a Site,
    locale: &'a str,
) -> impl FnMut(&str, Option<FindingCounts>) -> String + 'a {
    let mut known: std::collections::HashMap<(String, Option<FindingCounts>), String> =
        std::collections::HashMap::new();
    move |id: &str, counts: Option<FindingCounts>| {
        if let Some(text) = known.get(&(id.to_string(), counts)) {
            return text.clone();
        }
        let args = counts.map(|c| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("count", c.remaining as f64);
            args.set("fixable", c.fixable as f64);
            args
        });
        let text = (site.localizer)
            .format_marked(locale, id, None, args.as_ref())
            .unwrap_or_else(|| id.to_string());
        known.insert((id.to_string(), counts), text.clone());
        text
    }
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
                same_as_source: match s.same_as_source.len() {
                    0 => None,
                    n => Some(number(n)),
                },
            })
        })
        .collect()
}

fn page_row(site: &Site, group: &crate::content::Group<'_>, locale: &str, root: &str) -> PageRow {
    let title_page = group
        .get(locale)
        .or_else(|| group.get(site.config.source_locale.as_str()))
        .or_else(|| group.values().next());
    let title = title_page.map(|p| p.meta.title.clone()).unwrap_or_default();
    let lang = title_page.and_then(|p| TextLang::foreign(&site.config, &p.meta.locale, locale));
    let cells = site
        .config
        .locales
        .iter()
        .map(|l| match group.get(l.tag.as_str()) {
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
                changes: (l.tag == locale && site.freshness(page) == Freshness::Outdated)
                    .then(|| changes_id(page)),
            },
            None => Cell {
                tag: l.tag.clone(),
                href: None,
                kind: "missing",
                freshness: "",
                changes: None,
                findings: None,
            },
        })
        .collect();
    PageRow { title, lang, cells }
}

/// The fragment id of a translation's "what changed" entry on its locale's status page.
fn changes_id(page: &Page) -> String {
    format!("changed-{}", page.slug.replace('/', "-"))
}

/// The outdated translations of `locale`, in the table's order, with their source changes.
fn outdated(
    site: &Site,
    groups: &[crate::content::Group<'_>],
    locale: &str,
    root: &str,
) -> Vec<Outdated> {
    let source_locale = &site.config.source_locale;
    groups
        .iter()
        .filter_map(|group| {
            let page = group.get(locale)?;
            let source = group.get(source_locale.as_str())?;
            let known = site.translations.changes.get(page.path())?;
            let (commit, date, changes, unavailable) = match known {
                Ok(c) => (
                    Some(c.short_commit().to_string()),
                    Some(c.date.clone()),
                    c.changes.clone(),
                    None,
                ),
                Err(why) => (None, None, Vec::new(), Some(why.code())),
            };
            Some(Outdated {
                id: changes_id(page),
                title: page.meta.title.clone(),
                href: urls::link(root, &urls::page_dir(locale, &page.slug)),
                source_href: urls::link(root, &urls::page_dir(source_locale, &source.slug)),
                source_lang: TextLang::of(&site.config, source_locale),
                commit,
                date,
                changes,
                unavailable,
            })
        })
        .collect()
}
