//! Files that are copied or drawn rather than rendered from templates: the stylesheet and
//! scripts, the media pages use, and the translated charts.
//!
//! The repository's `static/` files are built into the binary, so any site gets a working look
//! and working scripts; a site's own `static/` folder overrides or adds files.

use super::articles::Articles;
use super::plan::Origin;
use super::{Sink, Site};
use crate::chart::Layout;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::markdown::MediaCopy;
use crate::urls;
use std::path::PathBuf;

/// Built-in static files: (path below `static/`, contents). The build also writes
/// `js/cvss4-data.js`, made from the CVSS v4.0 data file (see `rules::cvss`).
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("favicon.svg", include_str!("../../static/favicon.svg")),
    ("style.css", include_str!("../../static/style.css")),
    ("js/lang.js", include_str!("../../static/js/lang.js")),
    ("js/cvss4.js", include_str!("../../static/js/cvss4.js")),
    ("js/rules.js", include_str!("../../static/js/rules.js")),
    ("js/ticket.js", include_str!("../../static/js/ticket.js")),
    ("js/form.js", include_str!("../../static/js/form.js")),
    ("js/search.js", include_str!("../../static/js/search.js")),
    ("form.css", include_str!("../../static/form.css")),
    (
        "data/cvss4-macrovectors.json",
        include_str!("../../static/data/cvss4-macrovectors.json"),
    ),
];

/// Where a static file comes from: the site's own `static/` folder, or built in.
pub enum StaticSource {
    Own(PathBuf),
    BuiltIn(&'static str),
}

/// Every static file, by path below `static/`: the site's own (read through the site's one
/// reader), then the built-in ones it does not override. One list, used to plan the output and
/// to write it; the diagnostics are the files the reader refused.
pub fn static_files(site: &Site) -> (Vec<(String, PathBuf, StaticSource)>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let site_static = site.config.root.join("static");
    let reader = site.config.files();
    let mut files: Vec<(String, PathBuf, StaticSource)> = Vec::new();
    if reader.is_dir(&site_static) {
        let (paths, refused) = reader.walk(&site_static);
        for e in &refused {
            diagnostics.push(e.diagnostic());
        }
        for path in paths {
            if let Ok(rel) = path.strip_prefix(&site_static) {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push((rel.join("/"), path.clone(), StaticSource::Own(path)));
            }
        }
    }
    let generated = [(
        crate::rules::cvss::BROWSER_DATA_FILE,
        crate::rules::cvss::browser_data_script(),
    )];
    for (rel, text) in DEFAULT_STATIC.iter().copied().chain(generated) {
        if !files.iter().any(|(r, _, _)| r == rel) {
            let origin = PathBuf::from(format!("static/{rel} (built in)"));
            files.push((rel.to_string(), origin, StaticSource::BuiltIn(text)));
        }
    }
    (files, diagnostics)
}

/// Copies static files and media (through the site's one reader and the publisher, each media
/// file claimed in the output plan first) and writes the `_headers` file.
pub fn copy_all(site: &Site, sink: &Sink, media: &[MediaCopy]) -> Diagnostics {
    let reader = site.config.files();
    let (files, mut diagnostics) = static_files(site);
    for (rel, _, source) in files {
        let out = format!("static/{rel}");
        let result = match source {
            StaticSource::Own(path) => reader
                .read(&path)
                .map_err(|e| e.diagnostic())
                .and_then(|bytes| sink.write(&out, &bytes)),
            StaticSource::BuiltIn(text) => sink.write(&out, text.as_bytes()),
        };
        push(&mut diagnostics, result);
    }
    for m in media {
        let origin = Origin::new(&m.source, "a media file");
        let written = sink.claim(&m.output, origin).and_then(|()| {
            site.publisher
                .bytes(&m.source)
                .map_err(|e| {
                    Diagnostic::error(&m.source, e.message(&m.output))
                        .rule(rule::MEDIA_MISSING)
                        .with_help(e.help())
                })
                .and_then(|bytes| sink.write(&m.output, &bytes))
        });
        push(&mut diagnostics, written);
    }
    push(
        &mut diagnostics,
        sink.write(
            crate::csp::HEADERS_FILE,
            crate::csp::headers_file().as_bytes(),
        ),
    );
    diagnostics
}

/// Draws every chart that some page of a locale shows.
pub fn draw_charts(site: &Site, sink: &Sink, articles: &Articles) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for (locale, name) in &articles.charts {
        let Some(chart) = site.config.charts.iter().find(|c| &c.name == name) else {
            continue;
        };
        let dir = site
            .config
            .locale(locale)
            .map_or(crate::config::TextDirection::Ltr, |l| l.dir);
        for id in std::iter::once(&chart.root).chain(&chart.children) {
            if site.localizer.format(locale, id, None, None).is_none() {
                diagnostics.push(
                    Diagnostic::error(
                        site.config.root.join("book.toml"),
                        format!("chart `{name}` uses message `{id}`, which no locale defines"),
                    )
                    .rule(rule::CHART)
                    .with_help("add it to locales/<locale>/*.ftl"),
                );
            }
        }
        for (layout, file) in [
            (Layout::Wide, urls::chart_file(locale, name)),
            (Layout::Narrow, urls::chart_file_narrow(locale, name)),
        ] {
            let origin = Origin::new(
                site.config.root.join(crate::config::CONFIG_FILE),
                format!("chart `{name}` in {locale}"),
            );
            if let Err(e) = sink.claim(&file, origin) {
                diagnostics.push(e);
                continue;
            }
            let svg = crate::chart::render(chart, &site.localizer, locale, dir, layout);
            push(&mut diagnostics, sink.write(&file, svg.as_bytes()));
        }
    }
    diagnostics
}

fn push(diagnostics: &mut Diagnostics, result: Result<(), Diagnostic>) {
    if let Err(e) = result {
        diagnostics.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::DEFAULT_STATIC;

    /// Every file of the repository's `static/` must be built in, or other sites lack it.
    #[test]
    fn every_repository_static_file_is_built_in() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/static"));
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
        {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            assert!(
                DEFAULT_STATIC.iter().any(|(n, _)| *n == rel),
                "static/{rel} is missing from DEFAULT_STATIC"
            );
        }
    }
}
