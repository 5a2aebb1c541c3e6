//! The pages around the articles: each locale's home, the root language chooser, the 404 page
//! and the sitemap; plus the context every page template shares.

use super::articles::{Articles, Listing};
use super::{Sink, Site};
use crate::diagnostics::Diagnostics;
use crate::urls;
use serde::Serialize;
use tera::Context;

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleLink {
    pub tag: String,
    pub name: String,
    /// Relative URL of the same page in that locale.
    pub href: String,
    pub current: bool,
    /// `false` when that locale shows the page untranslated.
    pub translated: bool,
    pub dir: &'static str,
}

/// Where a switcher entry leads: an output folder, and whether the page is translated there.
pub struct SwitchTarget {
    dir: String,
    translated: bool,
}

impl LocaleLink {
    pub fn target(dir: String, translated: bool) -> SwitchTarget {
        SwitchTarget { dir, translated }
    }
}

/// The context every localized page starts from: language, direction, navigation, switcher.
/// `target` gives, for each locale tag, where the switcher sends the reader.
pub fn common_context(
    site: &Site,
    locale: &str,
    dir: &str,
    target: impl Fn(&str) -> SwitchTarget,
) -> Context {
    let config = &site.config;
    let root = urls::root_prefix(dir);
    let mut context = Context::new();
    let here = config.locale(locale);
    context.insert("lang", locale);
    context.insert("dir", &here.map_or("ltr", |l| l.dir.as_str()));
    context.insert("root", &root);
    context.insert("site_title", &config.title);
    context.insert("home_href", &format!("{root}{}", urls::home_dir(locale)));
    context.insert("form_href", &format!("{root}{}", urls::form_dir(locale)));
    context.insert(
        "status_href",
        &format!("{root}{}", urls::status_dir(locale)),
    );
    context.insert("static_href", &format!("{root}static/"));
    let links: Vec<LocaleLink> = config
        .locales
        .iter()
        .map(|l| {
            let t = target(&l.tag);
            LocaleLink {
                tag: l.tag.clone(),
                name: l.name.clone(),
                href: format!("{root}{}", t.dir),
                current: l.tag == locale,
                translated: t.translated,
                dir: l.dir.as_str(),
            }
        })
        .collect();
    context.insert("locales", &links);
    context
}

/// Renders homes, root, 404 and sitemap. Returns how many HTML files were made.
pub fn render_all(site: &Site, sink: &Sink, articles: &Articles) -> (usize, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut count = 0;
    let mut emit = |name: &str,
                    locale: Option<&str>,
                    context: &Context,
                    out: &str,
                    diagnostics: &mut Diagnostics| {
        match site
            .templates
            .render(name, locale, context)
            .and_then(|text| sink.write(out, text.as_bytes()))
        {
            Ok(()) => count += 1,
            Err(e) => diagnostics.push(e),
        }
    };
    let no_listings = Vec::new();
    for locale in &site.config.locales {
        let dir = urls::home_dir(&locale.tag);
        let mut context = common_context(site, &locale.tag, &dir, |tag| {
            LocaleLink::target(urls::home_dir(tag), true)
        });
        let listings = articles.listings.get(&locale.tag).unwrap_or(&no_listings);
        let entries: Vec<HomeEntry> = listings.iter().map(|l| HomeEntry::new(l, &dir)).collect();
        context.insert("articles", &entries);
        context.insert("canonical", &format!("{}/{dir}", site.config.base_url));
        emit(
            "home.html",
            Some(&locale.tag),
            &context,
            &urls::index_file(&dir),
            &mut diagnostics,
        );
    }
    emit(
        "root.html",
        None,
        &root_context(site),
        "index.html",
        &mut diagnostics,
    );
    emit(
        "404.html",
        None,
        &not_found_context(site),
        "404.html",
        &mut diagnostics,
    );
    let sitemap = sitemap_context(site, articles);
    match site
        .templates
        .render("sitemap.xml", None, &sitemap)
        .and_then(|text| sink.write("sitemap.xml", text.as_bytes()))
    {
        Ok(()) => {}
        Err(e) => diagnostics.push(e),
    }
    (count, diagnostics)
}

#[derive(Serialize)]
struct HomeEntry<'a> {
    title: &'a str,
    description: Option<&'a str>,
    href: String,
    fallback: bool,
    outdated: bool,
}

impl<'a> HomeEntry<'a> {
    fn new(l: &'a Listing, home_dir: &str) -> Self {
        let href = l.dir.strip_prefix(home_dir).unwrap_or(&l.dir).to_string();
        HomeEntry {
            title: &l.title,
            description: l.description.as_deref(),
            href,
            fallback: l.fallback,
            outdated: l.outdated,
        }
    }
}

/// The language chooser at the site root: a plain list without JavaScript, plus the data the
/// redirect script negotiates with.
fn root_context(site: &Site) -> Context {
    let config = &site.config;
    let mut context = Context::new();
    context.insert("lang", &config.source_locale);
    context.insert("site_title", &config.title);
    context.insert("description", &config.description);
    context.insert("static_href", "static/");
    let tags: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
    context.insert("locale_tags", &tags.join(" "));
    context.insert("default_locale", &config.source_locale);
    context.insert(
        "locales",
        &localized_entries(site, "./", "choose-language", None),
    );
    context.insert(
        "alternates",
        &config
            .locales
            .iter()
            .map(|l| {
                (
                    l.tag.clone(),
                    format!("{}/{}", config.base_url, urls::home_dir(&l.tag)),
                )
            })
            .collect::<Vec<_>>(),
    );
    context.insert("x_default", &format!("{}/", config.base_url));
    context
}

/// The 404 page can be served at any depth, so its links are absolute paths from the base URL.
fn not_found_context(site: &Site) -> Context {
    let config = &site.config;
    let base_path = base_path(&config.base_url);
    let mut context = Context::new();
    context.insert("lang", &config.source_locale);
    context.insert("site_title", &config.title);
    context.insert("static_href", &format!("{base_path}static/"));
    context.insert(
        "locales",
        &localized_entries(site, &base_path, "not-found", Some("not-found-home")),
    );
    context
}

#[derive(Serialize)]
struct LocalizedEntry {
    tag: String,
    name: String,
    dir: &'static str,
    href: String,
    /// A message in that locale (e.g. "Page not found" in Turkish).
    message: String,
    /// The link's text in that locale, when it is not the language's name.
    link_text: Option<String>,
}

fn localized_entries(
    site: &Site,
    prefix: &str,
    message: &str,
    link_message: Option<&str>,
) -> Vec<LocalizedEntry> {
    site.config
        .locales
        .iter()
        .map(|l| LocalizedEntry {
            tag: l.tag.clone(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
            href: format!("{prefix}{}", urls::home_dir(&l.tag)),
            message: site
                .localizer
                .format(&l.tag, message, None, None)
                .unwrap_or_default(),
            link_text: link_message.and_then(|m| site.localizer.format(&l.tag, m, None, None)),
        })
        .collect()
}

/// The path part of the base URL, with a trailing slash: `https://x.org/docs` → `/docs/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

#[derive(Serialize)]
struct SitemapUrl<'a> {
    loc: String,
    lastmod: Option<&'a str>,
    alternates: &'a [super::articles::Alternate],
}

fn sitemap_context(site: &Site, articles: &Articles) -> Context {
    let base = &site.config.base_url;
    let mut urls_out = Vec::new();
    for listings in articles.listings.values() {
        for l in listings.iter().filter(|l| !l.fallback) {
            urls_out.push(SitemapUrl {
                loc: format!("{base}/{}", l.dir),
                lastmod: l.date_iso.as_deref(),
                alternates: &l.alternates,
            });
        }
    }
    urls_out.sort_by(|a, b| a.loc.cmp(&b.loc));
    let homes: Vec<String> = site
        .config
        .locales
        .iter()
        .map(|l| format!("{base}/{}", urls::home_dir(&l.tag)))
        .collect();
    let mut context = Context::new();
    context.insert("urls", &urls_out);
    context.insert("homes", &homes);
    context
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_paths() {
        assert_eq!(super::base_path("https://x.org"), "/");
        assert_eq!(super::base_path("https://x.org/docs"), "/docs/");
        assert_eq!(super::base_path("http://localhost"), "/");
    }
}
