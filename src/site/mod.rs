//! `site::build`: the pipeline, stage by stage.
//!
//! config → content → form → i18n → templates → render (in parallel, into a staging folder) →
//! swap. The page renderers (`articles`, `pages`, `status`, `form_page` with `form_view`)
//! share the page chrome of `chrome`, which imports none of them.
//! Each stage returns its output and its diagnostics; the build goes on collecting as long as it
//! can, so one run shows every problem, and publishes only when there is no error.

mod articles;
mod assets;
mod chrome;
mod form_page;
mod form_view;
pub mod memo;
pub mod messages;
mod nav;
mod nav_view;
mod pages;
pub mod plan;
pub mod preview;
mod sitemap_xml;
mod status;
mod text_lang;
pub mod translations;

use crate::config::Config;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Localizer;
use crate::output::Staging;
use crate::templates::Templates;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder (holds `book.toml`).
    pub root: PathBuf,
    /// Overrides `[build] build-dir`.
    pub out: Option<PathBuf>,
    /// `false` runs every stage but writes nothing (`check`).
    pub write: bool,
    /// Publish nothing when there are warnings either.
    pub deny_warnings: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub locales: usize,
    /// Article pages rendered (all locales, fallbacks included).
    pub articles: usize,
    /// HTML pages rendered (articles, home, status, form, root and 404 pages).
    pub html_pages: usize,
    /// Every file rendered or copied into the output (HTML, sitemap, schema, scripts, media).
    pub files: usize,
    /// Whether the pages were rendered at all: `false` when the build stopped before (no site,
    /// a bad `book.toml`, an output folder tolk may not replace).
    pub rendered: bool,
    /// Where the site went, when it was published.
    pub published: Option<PathBuf>,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Findings the baseline accepts: not reported, counted (see [`crate::check::baseline`]).
    pub accepted: Diagnostics,
    /// The baseline file read, when there is one.
    pub baseline: Option<PathBuf>,
    /// Article pages the render memo kept instead of rendering them again.
    pub reused: usize,
    /// Article pages rendered again around their kept Markdown (only what wraps it changed).
    pub rewrapped: usize,
    /// Site-wide products the memo kept (`search nl-NL`, `nl-NL/status/index.html`), sorted:
    /// what a rebuild did not make again.
    pub kept: Vec<String>,
}

/// Everything the render jobs share, loaded once.
pub struct Site {
    pub config: Config,
    /// Shared with `tolk serve`'s content cache, which patches it when only page bodies change.
    pub content: Arc<Content>,
    pub localizer: Arc<Localizer>,
    pub templates: Arc<Templates>,
    /// The ticket form's definition; `None` when the site has none (or it is broken).
    pub form: Option<crate::form::Form>,
    /// Shared: a preview of a message edit renders with the last build's ([`preview`]).
    pub translations: Arc<translations::TranslationState>,
    /// The navigation tree (TOC or folders), built once (or kept from the last build).
    pub nav: Arc<nav::NavTree>,
    /// What pages may publish beside them (`[publish] allow`), and how.
    pub publisher: crate::publish::Publisher,
    /// What the render memo keys on besides the fields above (see [`memo`]).
    pub memo_inputs: memo::MemoInputs,
}

/// Where a build's files go and how they are published once it succeeded: a staging folder
/// swapped in whole (`tolk build`), or serve's writer that replaces only the files that changed
/// ([`crate::incremental`]). Dropped unpublished, it must leave the previous site untouched.
pub trait Output: Sync {
    /// Writes one file of the site (each relative path once).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Keeps the previous build's file at `rel` as it is, in place of writing it again (the
    /// render memo found its inputs unchanged). `false` when this output cannot: a fresh
    /// staging folder, or a file it does not hold; the caller then renders and writes it.
    fn keep(&self, _rel: &str) -> bool {
        false
    }
    /// Whether [`Output::keep`] would keep `rel`.
    fn holds(&self, _rel: &str) -> bool {
        false
    }
    /// Puts everything written in place of the previous site.
    fn publish(self: Box<Self>) -> Result<(), Diagnostic>;
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, rel, bytes)
    }

    fn publish(self: Box<Self>) -> Result<(), Diagnostic> {
        self.commit()
    }
}

/// Opens the [`Output`] of a build for its output folder.
pub type OpenOutput<'a> = &'a dyn Fn(&std::path::Path) -> Result<Box<dyn Output>, Diagnostic>;

/// Runs the whole pipeline.
pub fn build(options: &BuildOptions) -> BuildReport {
    build_into(options, &|dir| {
        Staging::create(dir).map(|s| Box::new(s) as Box<dyn Output>)
    })
}

/// Runs the whole pipeline into the [`Output`] that `open` makes (`build` swaps a staging folder
/// in; `serve` writes only what changed).
pub fn build_into(options: &BuildOptions, open: OpenOutput) -> BuildReport {
    build_memoized(options, open, None)
}

/// [`build_into`] with the render memo of the output folder (see [`memo`]): pages whose inputs
/// are unchanged are kept in place, not rendered, when the output can keep files. The memo is
/// replaced by this build's when it published, emptied when publishing failed, and left as
/// it was when the build was refused (the output folder is then untouched).
pub fn build_memoized(
    options: &BuildOptions,
    open: OpenOutput,
    state: Option<&mut memo::State>,
) -> BuildReport {
    let (cache, mut memo, mut kept) = match state {
        Some(s) => (Some(&mut s.content), Some(&mut s.memo), Some(&mut s.kept)),
        None => (None, None, None),
    };
    if let Some(kept) = kept.as_deref_mut() {
        // Shares the content the cache is about to patch: let go before it does.
        kept.last_site = memo::LastSite::default();
    }
    let mut report = BuildReport::default();
    let mut clock = Instant::now();
    let mut lap = |report: &mut BuildReport, name| {
        report.timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let Some(mut site) = load(options, (cache, kept.as_deref_mut()), &mut report, &mut lap) else {
        finish(&mut report, options, &[]);
        return report;
    };
    let staging = if options.write {
        match open(&site.config.build_dir) {
            Ok(s) => Some(s),
            Err(e) => {
                report.diagnostics.push(e);
                return report;
            }
        }
    } else {
        None
    };
    let plan = plan::OutputPlan::default();
    let sink = Sink {
        staging: staging.as_deref(),
        plan: &plan,
        files: AtomicUsize::new(0),
        html_pages: AtomicUsize::new(0),
    };
    report.rendered = true;
    report.diagnostics.extend(plan::claim_fixed(&site, &plan));
    report.locales = site.config.locales.len();
    let recorder = match (memo.as_deref(), &staging) {
        (Some(m), Some(_)) => memo::Recorder::new(&site, m, &site.config.build_dir),
        _ => memo::Recorder::off(),
    };
    if recorder.is_on() {
        lap(&mut report, "memo keys");
    }
    // The structure checks of translations feed no article page: they run beside the first
    // locale's articles. Once they are done, a locale's text is read by its own article pages
    // alone: it is freed as soon as they are rendered. The source locale, whose text the
    // stand-ins of every locale show, comes last. A large site then holds less and less of
    // its Markdown while its rendered pages pile up (the order of rendering changes no output).
    let parts = std::sync::Mutex::default();
    let mut pass = articles::Pass::new(&site, &sink, &recorder);
    let source = &site.config.source_locale;
    let tags: Vec<String> = (site.config.locales.iter().filter(|l| l.tag != *source))
        .chain(site.config.locales.iter().filter(|l| l.tag == *source))
        .map(|l| l.tag.clone())
        .collect();
    let mut checked = None;
    for tag in &tags {
        {
            let site = &site;
            let index = |locale: &str, docs: &[&crate::search::SearchDoc]| {
                timed(&parts, "· search indexes", || {
                    search_index(site, &sink, locale, docs, &recorder)
                })
            };
            let mut render = || {
                timed(&parts, "· articles", || {
                    pass.locale(site, &sink, &index, &recorder, tag)
                })
            };
            if checked.is_none() {
                let ((), found) = rayon::join(render, || {
                    timed(&parts, "· structure checks", || {
                        translations::check_structure(&site.config, &site.content, &recorder)
                    })
                });
                checked = Some(found);
            } else {
                render();
            }
        }
        // (Shared with a content cache, which keeps the texts anyway: nothing to free.)
        if *tag != site.config.source_locale {
            if let Some(content) = Arc::get_mut(&mut site.content) {
                release_text(content, tag);
            }
        }
    }
    let (articles, d) = {
        let site = &site;
        let index = |locale: &str, docs: &[&crate::search::SearchDoc]| {
            timed(&parts, "· search indexes", || {
                search_index(site, &sink, locale, docs, &recorder)
            })
        };
        timed(&parts, "· articles", || pass.finish(&index))
    };
    let (findings, structure) = checked.unwrap_or_else(|| {
        timed(&parts, "· structure checks", || {
            translations::check_structure(&site.config, &site.content, &recorder)
        })
    });
    report.articles = articles.pages;
    report.reused = recorder.reused();
    report.rewrapped = recorder.rewrapped();
    report.diagnostics.extend(d);
    report.diagnostics.extend(structure);
    // The status pages, rendered after this, show each translation's structure findings.
    Arc::make_mut(&mut site.translations).findings = findings;
    // Nothing after the articles reads page text: free it before the site-wide pages.
    // (Shared with a content cache, which keeps the texts anyway: nothing to free.)
    if let Some(content) = Arc::get_mut(&mut site.content) {
        content.pages.iter_mut().for_each(|p| p.release_text());
    }
    lap(&mut report, "articles (+ structure)");
    report
        .timings
        .extend(summed(parts.into_inner().unwrap_or_default()));
    let times = std::sync::Mutex::default();
    for d in site_wide(&site, &sink, &articles, &times, &recorder) {
        report.diagnostics.extend(d);
    }
    lap(&mut report, "site-wide, media, search");
    let mut times = times.into_inner().unwrap_or_default();
    times.sort_by_key(|(name, _)| *name);
    report.timings.extend(times);
    report.kept = recorder.kept();
    report.files = sink.files.into_inner();
    report.html_pages = sink.html_pages.into_inner();
    let relative = kept.as_deref_mut().map(|k| &mut k.relative);
    apply_levels_and_baseline(&mut report, &site.config, options, relative);
    if let Some(staging) = staging {
        let refused = report.diagnostics.has_errors()
            || (options.deny_warnings && !report.diagnostics.is_empty());
        if !refused {
            match staging.publish() {
                Ok(()) => {
                    report.published = Some(site.config.build_dir.clone());
                    let finished = recorder.finish(&site.config.build_dir);
                    if let Some(memo) = memo.as_deref_mut() {
                        *memo = finished;
                    }
                }
                Err(e) => {
                    report.diagnostics.push(e);
                    drop(recorder);
                    if let Some(memo) = memo {
                        memo.clear();
                    }
                }
            }
        }
        lap(&mut report, "publish");
    }
    let tags: Vec<String> = site.config.locales.iter().map(|l| l.tag.clone()).collect();
    finish(&mut report, options, &tags);
    if let (Some(kept), Some(_)) = (kept, &report.published) {
        kept.last_site = memo::LastSite(Some(Arc::new(site)));
    }
    report
}

fn load(
    options: &BuildOptions,
    (cache, mut kept): (Option<&mut content::ContentCache>, Option<&mut memo::Kept>),
    report: &mut BuildReport,
    lap: &mut impl FnMut(&mut BuildReport, &'static str),
) -> Option<Site> {
    let mut config = match Config::from_root(&options.root) {
        Ok(c) => c,
        Err(d) => {
            report.diagnostics.extend(d);
            return None;
        }
    };
    if let Some(out) = &options.out {
        config.set_build_dir(out);
    }
    if let Err(d) = config.check_build_dir() {
        report.diagnostics.push(d);
        return None;
    }
    // Before any work: a folder tolk may not replace is known now, not after a minute of rendering.
    if options.write {
        if let Err(d) = crate::output::check_replaceable(&config.build_dir) {
            report.diagnostics.push(d);
            return None;
        }
    }
    lap(report, "config");
    let (content, d) = match cache {
        Some(cache) => Content::load_shared(&config, cache),
        None => {
            let (content, d) = content::load(&config);
            (Arc::new(content), d)
        }
    };
    report.diagnostics.extend(d);
    let (nav, d, nav_reads) = match kept.as_deref_mut() {
        Some(kept) => kept.nav.build(&config, &content),
        None => {
            let ((nav, d), reads) =
                crate::input::record::recording(|| nav::build(&config, &content));
            (Arc::new(nav), d, reads)
        }
    };
    report.diagnostics.extend(d);
    lap(report, "content");
    let (form, d) = crate::form::Form::load(&config);
    report.diagnostics.extend(d);
    lap(report, "form");
    // The messages, the templates and the Fluent checks do not read the pages: a rebuild
    // whose configuration, `.ftl` files and templates read the same keeps the last build's
    // (`tolk serve` keeps them in memory).
    let (ftl_files, d) = Localizer::read_files(&config);
    report.diagnostics.extend(d);
    // (Keyed only when there is a last build to keep from.)
    let chrome = kept.map(|k| &mut k.chrome);
    let i18n_key =
        (chrome.is_some()).then(|| memo::i18n_key(&memo::config_key(&config), &ftl_files));
    let localizer = (chrome.as_deref())
        .and_then(|c| c.localizer.get(i18n_key.as_ref()))
        .unwrap_or_else(|| Arc::new(Localizer::parse(&config, &ftl_files)));
    lap(report, "i18n");
    let locales: Vec<String> = config.locales.iter().map(|l| l.tag.clone()).collect();
    let sources = Templates::sources(&config.root, &[]);
    let templates_key = (i18n_key.as_ref()).map(|k| memo::templates_key(k, &sources, &locales));
    let kept_templates = (chrome.as_deref()).and_then(|c| c.templates.get(templates_key.as_ref()));
    let templates = match kept_templates {
        Some(kept) => kept,
        None => match Templates::compile(sources, &config.root, &localizer, &locales) {
            Ok(t) => Arc::new(t),
            Err(d) => {
                report.diagnostics.extend(d);
                return None;
            }
        },
    };
    lap(report, "templates");
    let publisher = crate::publish::Publisher::new(config.files(), config.publish_allow.clone());
    let mut uses = translations::message_uses(&config, &templates.sources);
    uses.extend(form.iter().flat_map(|f| f.message_uses()));
    uses.extend(messages::built_in_uses(form.as_ref()));
    let memo_inputs = memo::MemoInputs { nav_reads };
    let fluent_key = (i18n_key.as_ref()).map(|k| memo::fluent_key(k, &uses));
    let fluent = (chrome.as_deref())
        .and_then(|c| c.fluent.get(fluent_key.as_ref()))
        .unwrap_or_else(|| translations::check_messages(&config, &ftl_files, uses));
    if let (Some(chrome), Some(i18n), Some(templates_key), Some(fluent_key)) =
        (chrome, i18n_key, templates_key, fluent_key)
    {
        chrome.localizer.set(i18n, localizer.clone());
        chrome.templates.set(templates_key, templates.clone());
        chrome.fluent.set(fluent_key, fluent.clone());
    }
    let (translations, d) = translations::analyse_with(&config, &content, fluent);
    report.diagnostics.extend(d);
    lap(report, "fluent and freshness");
    Some(Site {
        config,
        content,
        localizer,
        templates,
        form,
        translations: Arc::new(translations),
        nav,
        publisher,
        memo_inputs,
    })
}

/// Frees the text of `locale`'s pages (see [`crate::content::Page::release_text`]).
fn release_text(content: &mut Content, locale: &str) {
    content
        .pages
        .iter_mut()
        .filter(|p| p.meta.locale == locale)
        .for_each(|p| p.release_text());
}

/// Everything after the articles (which wrote the search indexes), side by side on the thread
/// pool (each part writes its own files): the status pages, one after the other, beside the
/// rest (tables of contents, form page, homes and sitemap, media, charts). Each status page is
/// a table of every article; two at once, or one beside the sitemap, were the peak of a large
/// build's memory, and the rest is about as much work as the status pages. The diagnostics
/// come back in the order status, homes, tables of contents, form, assets, charts.
fn site_wide(
    site: &Site,
    sink: &Sink,
    articles: &articles::Articles,
    times: &std::sync::Mutex<Vec<(&'static str, Duration)>>,
    memo: &memo::Recorder,
) -> [Diagnostics; 6] {
    let (status, ((nav, form), (pages, (assets, charts)))) = rayon::join(
        || {
            timed(times, "· status pages", || {
                status::render_all(site, sink, memo)
            })
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || {
                            timed(times, "· tables of contents", || {
                                nav_view::render_all(site, sink, memo)
                            })
                        },
                        || timed(times, "· form pages", || form_page::render_all(site, sink)),
                    )
                },
                || {
                    rayon::join(
                        || {
                            timed(times, "· homes, sitemap", || {
                                pages::render_all(site, sink, articles, memo)
                            })
                        },
                        || {
                            rayon::join(
                                || {
                                    timed(times, "· media", || {
                                        assets::copy_all(site, sink, &articles.media)
                                    })
                                },
                                || {
                                    timed(times, "· charts", || {
                                        assets::draw_charts(site, sink, articles)
                                    })
                                },
                            )
                        },
                    )
                },
            )
        },
    );
    [status.1, pages.1, nav.1, form.1, assets, charts]
}

/// Writes the site-wide file `rel` that `render` makes, unless the memo holds it under the
/// same key and the messages its render looked up read the same: then the last build's file
/// is kept. The key is the site digest and what `key` adds: the rest of what the file shows.
/// A part the key misses is a file left stale (tests/build/incremental.rs). `render` must
/// look up its messages on the calling thread (that is where [`crate::i18n::lookups`]
/// records them).
fn product_file(
    sink: &Sink,
    memo: &memo::Recorder,
    rel: &str,
    key: impl FnOnce(&mut memo::KeyBuilder),
    render: impl FnOnce() -> Result<String, Diagnostic>,
) -> Result<(), Diagnostic> {
    let key = memo.product_builder(rel).map(|mut b| {
        key(&mut b);
        b.key()
    });
    if let Some(key) = key {
        if memo.product(rel, key, |f| sink.holds(f)).is_some() && sink.keep(rel) {
            memo.note_kept(rel);
            return Ok(());
        }
    }
    let (text, looked_up) = crate::i18n::lookups::recording(render);
    let text = text?;
    sink.write(rel, text.as_bytes())?;
    if let Some(key) = key {
        memo.store_product(rel, key, vec![rel.to_string()], Some(looked_up));
    }
    Ok(())
}

/// Runs `work`, adding its wall time to `times` (parts that run side by side overlap).
fn timed<R>(
    times: &std::sync::Mutex<Vec<(&'static str, Duration)>>,
    name: &'static str,
    work: impl FnOnce() -> R,
) -> R {
    let started = Instant::now();
    let result = work();
    if let Ok(mut times) = times.lock() {
        times.push((name, started.elapsed()));
    }
    result
}

/// The times of `parts` by name (a part run once per locale is one line), sorted by name.
fn summed(parts: Vec<(&'static str, Duration)>) -> Vec<(&'static str, Duration)> {
    let mut sums: std::collections::BTreeMap<&'static str, Duration> = Default::default();
    for (name, took) in parts {
        *sums.entry(name).or_default() += took;
    }
    sums.into_iter().collect()
}

/// Writes `locale`'s search index: its article pages, and the form page by its title. A locale
/// with neither has no index. When all its documents come from pages the memo kept, in the same
/// order, the index files of the last build are kept instead.
fn search_index(
    site: &Site,
    sink: &Sink,
    locale: &str,
    docs: &[&crate::search::SearchDoc],
    memo: &memo::Recorder,
) -> Diagnostics {
    let form_doc;
    let mut docs = docs.to_vec();
    if site.form.is_some() {
        let plain = |id| site.localizer.plain(locale, id, None);
        form_doc = crate::search::SearchDoc::new(
            locale,
            crate::urls::form_dir(locale),
            plain(messages::FORM_TITLE),
            messages::crumb(site, locale),
            // The form's title and intro in the words they fall back to, if they do.
            site.localizer
                .fallback_of(locale, messages::FORM_TITLE)
                .map_or_else(|| locale.to_string(), |(tag, _)| tag.to_string()),
            &plain(messages::FORM_INTRO),
        );
        docs.push(&form_doc);
    }
    let mut diagnostics = Diagnostics::new();
    if docs.is_empty() {
        return diagnostics;
    }
    let origin = || {
        plan::Origin::new(
            site.config.content_dir.join(locale),
            format!("the search index of {locale}"),
        )
    };
    let name = format!("search {locale}");
    let digests = memo.doc_digests(&docs);
    let key = digests.as_ref().map(|d| memo.product_key(&name, d));
    if let Some(files) = key.and_then(|key| memo.product(&name, key, |rel| sink.holds(rel))) {
        for rel in &files {
            if let Err(e) = sink.claim(rel, origin()) {
                return Diagnostics::from(vec![e]);
            }
            sink.keep(rel);
        }
        memo.note_kept(&name);
        if let Some(state) = memo.take_index(locale) {
            memo.store_index(locale, state);
        }
        return diagnostics;
    }
    let dir = crate::search::index_dir(locale);
    let refused = |e: serde_json::Error| {
        Diagnostic::error(&dir, format!("cannot serialize the search index: {e}"))
    };
    let (Some(key), Some(digests)) = (key, digests) else {
        // The memo is off: no state to keep.
        if let Err(d) = crate::search::write_locale(locale, &docs, |rel, bytes| {
            sink.claim(rel, origin())?;
            sink.write(rel, bytes)
        }) {
            diagnostics.push(d);
        }
        return diagnostics;
    };
    // The last build's index patched where a few documents changed, else built whole.
    let patched = memo.take_index(locale).and_then(|mut state| {
        let files = state.patch(locale, &docs, &digests)?;
        let all_held = files.as_ref().map_or(true, |files| {
            files
                .iter()
                .all(|(rel, bytes)| bytes.is_some() || sink.holds(&format!("{dir}{rel}")))
        });
        all_held.then_some((files, state))
    });
    let (files, state) = match patched {
        Some((files, state)) => (files.map_err(refused), Some(state)),
        None => match crate::search::incremental::IndexState::build(locale, &docs, &digests) {
            Ok((files, state)) => (
                Ok(files.into_iter().map(|(n, b)| (n, Some(b))).collect()),
                state,
            ),
            Err(e) => (Err(refused(e)), None),
        },
    };
    let files = match files {
        Ok(files) => files,
        Err(d) => {
            diagnostics.push(d);
            return diagnostics;
        }
    };
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let rel = format!("{dir}{name}");
        let done = sink.claim(&rel, origin()).and_then(|()| match bytes {
            Some(bytes) => sink.write(&rel, &bytes),
            None if sink.keep(&rel) => Ok(()),
            None => Err(Diagnostic::error(
                &rel,
                "the last build's search index file is gone".to_string(),
            )),
        });
        if let Err(e) = done {
            diagnostics.push(e);
            return diagnostics;
        }
        written.push(rel);
    }
    memo.store_product(&name, key, written, None);
    if let Some(state) = state {
        memo.store_index(locale, state);
    }
    diagnostics
}

/// `[check]` levels, then the baseline, on root-relative diagnostics: before the publish
/// decision, so `deny` stops a build and accepted findings do not.
fn apply_levels_and_baseline(
    report: &mut BuildReport,
    config: &Config,
    options: &BuildOptions,
    relative: Option<&mut crate::diagnostics::Relativized>,
) {
    use crate::check::baseline::{Baseline, Lines};
    match relative {
        Some(kept) => report.diagnostics.relativize_kept(&options.root, kept),
        None => report.diagnostics.relativize(&options.root),
    }
    let found = one_per_missing_image(std::mem::take(&mut report.diagnostics));
    let found = config.check.apply(found);
    report.diagnostics = match Baseline::load(&config.files(), &config.check.baseline) {
        Ok(None) => found,
        Ok(Some(baseline)) => {
            report.baseline = Some(config.check.baseline.clone());
            let (new, accepted) = baseline.split(found, &mut Lines::new(&options.root));
            report.accepted = accepted;
            new
        }
        Err(e) => {
            let mut found = found;
            found.push(e);
            found
        }
    };
}

/// An image whose file is missing is one problem, though two stages see it: the page's
/// (`media-missing`) and the structure comparison's (the image differs from the source's).
/// The structure finding at the same place goes; the missing file is what to fix.
fn one_per_missing_image(mut found: Diagnostics) -> Diagnostics {
    use crate::diagnostics::rule;
    let missing: std::collections::HashSet<(PathBuf, usize, usize)> = found
        .iter()
        .filter(|d| d.rule == rule::MEDIA_MISSING.code)
        .map(|d| (d.path.clone(), d.line, d.column))
        .collect();
    if missing.is_empty() {
        return found;
    }
    let image_rules = [
        rule::STRUCTURE_LINK_CHANGED.code,
        rule::STRUCTURE_LINK_EXTRA.code,
    ];
    found.retain(|d| {
        !(image_rules.contains(&d.rule) && missing.contains(&(d.path.clone(), d.line, d.column)))
    });
    found
}

fn finish(report: &mut BuildReport, options: &BuildOptions, locales: &[String]) {
    report.diagnostics.relativize(&options.root);
    if let Ok(cwd) = std::env::current_dir() {
        report.diagnostics.relativize(&cwd);
    }
    report.diagnostics.sort_in_locale_order(locales);
}

/// Where rendered files go: the staging folder, or nowhere for `check`. It counts what goes
/// through it, so the summary says what was written rather than what some renderer thought.
pub struct Sink<'a> {
    staging: Option<&'a dyn Output>,
    plan: &'a plan::OutputPlan,
    files: AtomicUsize,
    html_pages: AtomicUsize,
}

impl Sink<'_> {
    /// Whether the output holds `rel` from the previous build (so [`Sink::keep`] would keep it).
    pub fn holds(&self, rel: &str) -> bool {
        self.staging.is_some_and(|s| s.holds(rel))
    }

    /// Keeps a planned file of the previous build in place of writing it, once; `false` when
    /// the output cannot keep it (then it must be written).
    pub fn keep(&self, rel: &str) -> bool {
        let Some(staging) = self.staging else {
            return false;
        };
        if !staging.keep(rel) || self.plan.start_write(rel).is_err() {
            return false;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        if rel.ends_with(".html") {
            self.html_pages.fetch_add(1, Ordering::Relaxed);
        }
        true
    }

    /// Claims an output path in the plan before anything writes it.
    pub fn claim(&self, rel: &str, origin: plan::Origin) -> Result<(), Diagnostic> {
        self.plan.claim(rel, origin)
    }

    /// Writes a planned file, once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.plan.start_write(rel)?;
        match self.staging {
            Some(s) => s.write(rel, bytes),
            None => crate::output::safe_relative(rel)
                .map(|_| ())
                .ok_or_else(|| crate::output::refused_path(rel)),
        }?;
        self.files.fetch_add(1, Ordering::Relaxed);
        if rel.ends_with(".html") {
            self.html_pages.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}
