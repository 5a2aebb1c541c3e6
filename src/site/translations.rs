//! The translation-state stage: what `check` knows about every translation, computed once per
//! build so that pages can show it (outdated notices, the status page) and the build can refuse
//! what is broken.
//!
//! - Fluent resources of every locale against the source locale and against the message ids
//!   the templates, charts and tolk itself use (`check::fluent`).
//! - Each translated page against its source page, for the structure machine translation
//!   breaks (`check::structure`). These findings are warnings: a translation with a defect is
//!   still the best text a reader of that language has; `--deny-warnings` makes them block.
//! - Each translation's recorded source hash against the source's current hash.

use super::Site;
use crate::check::history::{self, SourceChanges, Unavailable};
use crate::check::{self, FluentInput, FluentReport, LocaleResources, LocaleStatus, MessageUse};
use crate::config::Config;
use crate::content::{Content, Page, TranslationKind};
use crate::diagnostics::{rule, Diagnostic, Diagnostics, Severity};
use crate::i18n::FtlFile;
use crate::path_map::PathMap;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Whether a translation matches the current source page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Freshness {
    /// The page is the source itself.
    Source,
    UpToDate,
    /// The source changed after the translation was made.
    Outdated,
    /// The translation records no source version (or there is no source page to compare).
    Unknown,
}

/// What the build knows about translations.
#[derive(Debug, Clone, Default)]
pub struct TranslationState {
    /// Per page file.
    pub freshness: PathMap<Freshness>,
    /// Per outdated translation (page file): what changed in its source since, or why that
    /// is unknown (see [`history`]).
    pub changes: PathMap<Result<SourceChanges, Unavailable>>,
    /// Per locale, source locale first.
    pub ui: Vec<LocaleStatus>,
    /// Per translated page file: its structure findings (for the status page).
    pub findings: PathMap<FindingCounts>,
}

/// A translation's structure findings: how many there are, and how many of them `tolk fix`
/// can repair (those with a machine-applicable suggestion).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FindingCounts {
    pub remaining: usize,
    pub fixable: usize,
}

impl FindingCounts {
    fn of(findings: &Diagnostics) -> FindingCounts {
        let fixable = findings
            .iter()
            .filter(|d| d.suggestions.iter().any(|s| s.is_machine_applicable()))
            .count();
        FindingCounts {
            remaining: findings.len(),
            fixable,
        }
    }
}

impl TranslationState {
    pub fn freshness_of(&self, page: &Page) -> Freshness {
        self.freshness
            .get(page.path())
            .copied()
            .unwrap_or(Freshness::Unknown)
    }
}

/// Runs the translation checks the article pages show: the Fluent resources, and each
/// translation's freshness (its recorded source hash). The structure checks are
/// [`check_structure`].
pub fn analyse(
    config: &Config,
    content: &Content,
    ftl: &[FtlFile],
    uses: Vec<MessageUse>,
) -> (TranslationState, Diagnostics) {
    analyse_with(config, content, check_messages(config, ftl, uses))
}

/// The Fluent half of [`analyse`]: the messages' findings and each locale's counts. It reads
/// the configuration, the Fluent files and the messages the templates and form use, not the
/// pages (a rebuild whose messages read the same keeps it).
pub fn check_messages(config: &Config, ftl: &[FtlFile], uses: Vec<MessageUse>) -> FluentReport {
    check::check_fluent(&fluent_input(config, ftl, uses))
}

/// [`analyse`], given its [`check_messages`].
pub fn analyse_with(
    config: &Config,
    content: &Content,
    report: FluentReport,
) -> (TranslationState, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(report.diagnostics);
    // Each source page is hashed once, not once per translation.
    let sources: HashMap<&str, SourceFacts> = content
        .pages
        .par_iter()
        .filter(|p| p.meta.locale == config.source_locale)
        .map(|p| {
            let facts = SourceFacts {
                page: p,
                // Hashed when the file was parsed (a page of the source locale's folder).
                hash: p
                    .facts
                    .digests
                    .source_hash
                    .clone()
                    .unwrap_or_else(|| check::source_hash(p.source.body())),
            };
            (p.meta.translation_group.as_str(), facts)
        })
        .collect();
    let per_page: Vec<PageState> = content
        .pages
        .par_iter()
        .map(|page| {
            let mut d = Diagnostics::new();
            if page.meta.translation_kind == TranslationKind::Source {
                return (page, Freshness::Source, d, None);
            }
            let Some(source) = sources.get(page.meta.translation_group.as_str()) else {
                return (page, Freshness::Unknown, d, None);
            };
            let freshness = freshness(page, source, &mut d);
            let request = (freshness == Freshness::Outdated)
                .then(|| history_request(page, source.page))
                .flatten();
            (page, freshness, d, request)
        })
        .collect();
    // Every outdated translation's history at once: git runs a fixed number of times.
    let requests: Vec<history::Request> = per_page.iter().filter_map(|p| p.3).collect();
    let mut changes = history::changes_since_all(&requests).into_iter();
    let mut state = TranslationState {
        ui: report.locales,
        ..TranslationState::default()
    };
    for (page, f, d, request) in per_page {
        diagnostics.extend(d);
        let path = page.path();
        if let Some(c) = request.and_then(|_| changes.next()) {
            state.changes.insert(path, c);
        }
        state.freshness.insert(path, f);
    }
    (state, diagnostics)
}

/// Compares each translated page with its source page for the structure machine translation
/// breaks (`check::structure`): the findings per page (for the status page, which the build
/// renders after the articles) and the warnings. No article page depends on them, so the build
/// runs this beside the article pages. With the render memo on, a pair whose two texts are
/// unchanged since the last build takes its findings from the memo ([`super::memo`]).
pub fn check_structure(
    config: &Config,
    content: &Content,
    memo: &super::memo::Recorder,
) -> (PathMap<FindingCounts>, Diagnostics) {
    let charts: Vec<check::chart_images::ChartPaths> = config
        .charts
        .iter()
        .map(|c| check::chart_images::ChartPaths {
            name: &c.name,
            path: &c.path,
            replaces: &c.replaces,
        })
        .collect();
    let outline_of = |page: &Page| {
        let mut outline = check::outline(page.source.body(), page.source.body_line);
        check::chart_images::unify(&mut outline, &page.rel_path, &charts);
        outline
    };
    // Each source page is outlined once per translation group, only when one of its
    // translations is compared (the memo knows the others' findings), and its outline dropped
    // with the group: a large site never holds every source's outline at once.
    let mut groups: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, page) in content.pages.iter().enumerate() {
        groups
            .entry(page.meta.translation_group.as_str())
            .or_default()
            .push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    let mut per_page: Vec<(usize, FindingCounts, Diagnostics)> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let pages = group.iter().map(|&i| (i, &content.pages[i]));
            // The last source-locale page of the group is its source (as when each source was
            // looked up by group).
            let source = pages
                .clone()
                .rfind(|(_, p)| p.meta.locale == config.source_locale)
                .map(|(_, p)| p);
            let translations: Vec<(usize, &Page)> = pages
                .filter(|(_, p)| p.meta.translation_kind != TranslationKind::Source)
                .collect();
            let mut found = Vec::new();
            let Some(source) = source.filter(|_| !translations.is_empty()) else {
                return found;
            };
            let mut source_outline = None;
            for (i, page) in translations {
                if let Some((counts, d)) = memo.structure(page, source) {
                    found.push((i, counts, d));
                    continue;
                }
                let source_outline = source_outline.get_or_insert_with(|| outline_of(source));
                let findings = check::structure::check_translation(
                    source_outline,
                    &source.source.text,
                    &outline_of(page),
                    page.path(),
                    &page.source.text,
                );
                let counts = FindingCounts::of(&findings);
                let mut d = Diagnostics::new();
                for mut finding in findings {
                    finding.severity = Severity::Warning;
                    d.push(finding);
                }
                memo.store_structure(page, source, counts, &d);
                found.push((i, counts, d));
            }
            found
        })
        .collect();
    // In the pages' order, as before.
    per_page.sort_unstable_by_key(|(i, ..)| *i);
    let mut counts = PathMap::new();
    let mut diagnostics = Diagnostics::new();
    for (i, c, d) in per_page {
        diagnostics.extend(d);
        counts.insert(content.pages[i].path(), c);
    }
    (counts, diagnostics)
}

/// One page, its freshness and findings and, when outdated, the question for its source's
/// history.
type PageState<'a> = (
    &'a Page,
    Freshness,
    Diagnostics,
    Option<history::Request<'a>>,
);

/// What to ask of `source`'s history for `page` (`None`: `page` records no version).
fn history_request<'a>(page: &'a Page, source: &'a Page) -> Option<history::Request<'a>> {
    Some(history::Request {
        source: source.path(),
        body: source.source.body(),
        body_line: source.source.body_line,
        recorded: page.meta.source_hash.as_deref()?,
    })
}

/// What a source page's translations are compared with.
struct SourceFacts<'a> {
    page: &'a Page,
    hash: String,
}

fn freshness(page: &Page, source: &SourceFacts, d: &mut Diagnostics) -> Freshness {
    let current = &source.hash;
    let fix = format!(
        "update the translation from {}, then run `tolk mark-translated {}`",
        source.page.path().display(),
        page.path().display()
    );
    match &page.meta.source_hash {
        Some(recorded) if recorded == current => Freshness::UpToDate,
        Some(recorded) => {
            let key = "ms.openlocfilehash";
            let line = page.source.plain_key_line(key).unwrap_or_else(|| {
                let positions = page.source.front_matter_positions();
                page.source.key_line(&positions, key)
            });
            d.push(
                Diagnostic::warning(page.path(), format!("outdated: made from source version {recorded}, the source is now {current}")).rule(rule::OUTDATED)
                    .at_line_of(&page.source.text, line, 1)
                    .with_help(fix),
            );
            Freshness::Outdated
        }
        None => {
            d.push(Diagnostic::warning(page.path(), "the translation does not record which source version it was made from (`ms.openlocfilehash`)").rule(rule::SOURCE_VERSION).at(1, 1).with_help(fix));
            Freshness::Unknown
        }
    }
}

fn fluent_input(config: &Config, ftl: &[FtlFile], uses: Vec<MessageUse>) -> FluentInput {
    let resources = |tag: &str| LocaleResources {
        locale: tag.to_string(),
        // Root-relative paths: they appear inside messages ("source: locales/en-US/site.ftl:10"),
        // where the reporter's relativizing of `Diagnostic::path` cannot reach.
        dir: Path::new("locales").join(tag),
        files: ftl
            .iter()
            .filter(|f| f.locale == tag)
            .map(|f| check::FtlFile {
                path: f
                    .path
                    .strip_prefix(&config.root)
                    .unwrap_or(&f.path)
                    .to_path_buf(),
                text: f.text.clone(),
            })
            .collect(),
    };
    FluentInput {
        source: resources(&config.source_locale),
        translations: config
            .locales
            .iter()
            .filter(|l| l.tag != config.source_locale)
            .map(|l| resources(&l.tag))
            .collect(),
        used: Some(uses),
    }
}

/// Where messages are used: templates (`t(id="...")`) and charts (book.toml); tolk's own
/// code declares its uses in `site::messages`.
pub fn message_uses(config: &Config, templates: &[(String, String)]) -> Vec<MessageUse> {
    let mut uses = Vec::new();
    for (name, text) in templates {
        let path = Path::new("templates").join(name);
        let lines = crate::diagnostics::LineIndex::new(text);
        for marker in ["t(id=\"", "ta(id=\""] {
            for (offset, _) in text.match_indices(marker) {
                let rest = &text[offset + marker.len()..];
                let Some(end) = rest.find('"') else { continue };
                let (line, column) = lines.line_col(offset);
                let (id, attribute) = match rest[..end].split_once('.') {
                    Some((m, a)) => (m.to_string(), Some(a.to_string())),
                    None => (rest[..end].to_string(), None),
                };
                uses.push(MessageUse {
                    id,
                    attribute,
                    path: Some(path.clone()),
                    line,
                    column,
                });
            }
        }
    }
    let book = config.root.join(crate::config::CONFIG_FILE);
    for chart in &config.charts {
        for id in std::iter::once(&chart.root).chain(&chart.children) {
            uses.push(MessageUse {
                id: id.clone(),
                attribute: None,
                path: Some(book.clone()),
                line: 0,
                column: 0,
            });
            uses.push(MessageUse {
                id: id.clone(),
                attribute: Some("description".into()),
                path: Some(book.clone()),
                line: 0,
                column: 0,
            });
        }
    }
    uses
}

impl Site {
    /// The freshness of the page shown at `page` (the source's for untranslated fallbacks).
    pub fn freshness(&self, page: &Page) -> Freshness {
        self.translations.freshness_of(page)
    }
}
