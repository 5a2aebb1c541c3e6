//! The pages around the articles: each locale's home, the root language chooser, the 404 page
//! and the sitemap.

use super::articles::{Articles, Listing};
use super::chrome::{Alternate, Chrome, Hreflang, SwitchTarget};
use super::memo::{KeyBuilder, Recorder};
use super::messages;
use super::text_lang::TextLang;
use super::{Sink, Site};
use crate::diagnostics::Diagnostics;
use crate::urls;
use serde::Serialize;

/// Renders homes, root, 404 and sitemap. Each is kept from the last build while its key
/// holds: the site digest, the messages it shows, and the listings it shows (a home: its
/// locale's titles, descriptions, links, stand-in and outdated marks; the sitemap: every
/// real translation's link, date and alternates). Returns how many HTML files were made.
pub fn render_all(
    site: &Site,
    sink: &Sink,
    articles: &Articles,
    memo: &Recorder,
) -> (usize, Diagnostics) {
    let mut results = Vec::new();
    let no_listings = Vec::new();
    for locale in &site.config.locales {
        let dir = urls::home_dir(&locale.tag);
        let listings = articles.listings.get(&locale.tag).unwrap_or(&no_listings);
        let key = |b: &mut KeyBuilder| {
            for l in listings {
                b.str(&l.title)
                    .opt(l.description.as_deref())
                    .str(&l.dir)
                    .bytes(&[u8::from(l.fallback), u8::from(l.outdated)]);
            }
        };
        let render = || {
            let home = HomePage {
                chrome: Chrome::new(site, &locale.tag, &dir, |tag| {
                    SwitchTarget::new(urls::home_dir(tag), true)
                }),
                articles: listings
                    .iter()
                    .map(|l| {
                        let source = &site.config.source_locale;
                        let lang = l
                            .fallback
                            .then(|| TextLang::foreign(&site.config, source, &locale.tag));
                        HomeEntry::new(l, &dir, lang.flatten())
                    })
                    .collect(),
                canonical: urls::absolute(&site.config.base_url, &dir),
            };
            site.templates.render("home.html", Some(&locale.tag), &home)
        };
        let out = urls::index_file(&dir);
        results.push(super::product_file(sink, memo, &out, key, render));
    }
    // The chooser and the 404 page show every locale's name and a message of each.
    results.push(super::product_file(
        sink,
        memo,
        "index.html",
        |_| {},
        || {
            site.templates
                .render("root.html", None, &RootPage::new(site))
        },
    ));
    results.push(super::product_file(
        sink,
        memo,
        "404.html",
        |_| {},
        || {
            site.templates
                .render("404.html", None, &NotFoundPage::new(site))
        },
    ));
    let mut diagnostics = Diagnostics::new();
    let mut count = 0;
    for result in results {
        match result {
            Ok(()) => count += 1,
            Err(e) => diagnostics.push(e),
        }
    }
    let sitemap_key = |b: &mut KeyBuilder| {
        for listings in articles.listings.values() {
            for l in listings.iter().filter(|l| !l.fallback) {
                b.str(&l.dir).opt(l.date_iso.as_deref());
                for a in l.alternates.iter() {
                    b.str(&a.hreflang).str(&a.href);
                }
            }
        }
    };
    let sitemap = || {
        let data = Sitemap::new(site, articles);
        if site.templates.is_built_in(super::sitemap_xml::TEMPLATE) {
            Ok(data.xml())
        } else {
            site.templates.render("sitemap.xml", None, &data)
        }
    };
    if let Err(e) = super::product_file(sink, memo, "sitemap.xml", sitemap_key, sitemap) {
        diagnostics.push(e);
    }
    (count, diagnostics)
}

/// What `templates/home.html` shows.
#[derive(Serialize)]
struct HomePage<'a> {
    #[serde(flatten)]
    chrome: Chrome,
    articles: Vec<HomeEntry<'a>>,
    canonical: String,
}

#[derive(Serialize)]
struct HomeEntry<'a> {
    title: &'a str,
    description: Option<&'a str>,
    href: String,
    fallback: bool,
    outdated: bool,
    /// The source locale's language, on an untranslated article's title and description.
    lang: Option<TextLang>,
}

impl<'a> HomeEntry<'a> {
    fn new(l: &'a Listing, home_dir: &str, lang: Option<TextLang>) -> Self {
        let href = urls::index_file(l.dir.strip_prefix(home_dir).unwrap_or(&l.dir));
        HomeEntry {
            title: &l.title,
            description: l.description.as_deref(),
            href,
            fallback: l.fallback,
            outdated: l.outdated,
            lang,
        }
    }
}

/// What `templates/root.html` shows: the language chooser at the site root, a plain list
/// without JavaScript, plus the data the redirect script negotiates with.
#[derive(Serialize)]
struct RootPage<'a> {
    lang: &'a str,
    /// The source locale's direction: the page's own text (the site's title) is in it.
    dir: &'static str,
    site_title: &'a str,
    description: &'a str,
    static_href: &'static str,
    /// The site's locales, space-separated, for the redirect script.
    locale_tags: String,
    default_locale: &'a str,
    locales: Vec<LocalizedEntry>,
    #[serde(flatten)]
    hreflang: Hreflang,
}

impl<'a> RootPage<'a> {
    fn new(site: &'a Site) -> Self {
        let config = &site.config;
        let tags: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
        let homes = Hreflang::new(config, |tag| Some(urls::home_dir(tag)));
        RootPage {
            lang: &config.source_locale,
            dir: source_dir(config),
            site_title: &config.title,
            description: &config.description,
            static_href: "static/",
            locale_tags: tags.join(" "),
            default_locale: &config.source_locale,
            locales: localized_entries(site, "./", messages::CHOOSE_LANGUAGE, None),
            // The chooser is itself the page for readers of no listed language.
            hreflang: Hreflang {
                x_default: Some(urls::absolute(&config.base_url, "")),
                ..homes
            },
        }
    }
}

/// What `templates/404.html` shows. The 404 page can be served at any depth, so its links are
/// absolute paths from the base URL.
#[derive(Serialize)]
struct NotFoundPage<'a> {
    lang: &'a str,
    dir: &'static str,
    site_title: &'a str,
    static_href: String,
    locales: Vec<LocalizedEntry>,
}

impl<'a> NotFoundPage<'a> {
    fn new(site: &'a Site) -> Self {
        let config = &site.config;
        let base_path = base_path(&config.base_url);
        NotFoundPage {
            lang: &config.source_locale,
            dir: source_dir(config),
            site_title: &config.title,
            static_href: format!("{base_path}static/"),
            locales: localized_entries(
                site,
                &base_path,
                messages::NOT_FOUND,
                Some(messages::NOT_FOUND_HOME),
            ),
        }
    }
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
            href: urls::link(prefix, &urls::home_dir(&l.tag)),
            message: site
                .localizer
                .format_marked(&l.tag, message, None, None)
                .unwrap_or_default(),
            link_text: link_message
                .and_then(|m| site.localizer.format_marked(&l.tag, m, None, None)),
        })
        .collect()
}

/// The direction of the source locale, the language of the pages that belong to no locale.
fn source_dir(config: &crate::config::Config) -> &'static str {
    config
        .locale(&config.source_locale)
        .map_or("ltr", |l| l.dir.as_str())
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
    alternates: &'a [Alternate],
}

/// What `templates/sitemap.xml` lists: every home, and every real translation with its
/// alternates (fallback pages are not pages of their own).
#[derive(Serialize)]
struct Sitemap<'a> {
    urls: Vec<SitemapUrl<'a>>,
    homes: Vec<String>,
}

impl<'a> Sitemap<'a> {
    fn new(site: &Site, articles: &'a Articles) -> Self {
        let base = &site.config.base_url;
        let mut urls_out = Vec::new();
        for listings in articles.listings.values() {
            for l in listings.iter().filter(|l| !l.fallback) {
                urls_out.push(SitemapUrl {
                    loc: urls::absolute(base, &l.dir),
                    lastmod: l.date_iso.as_deref(),
                    alternates: &l.alternates,
                });
            }
        }
        urls_out.sort_by(|a, b| a.loc.cmp(&b.loc));
        let homes = site
            .config
            .locales
            .iter()
            .map(|l| urls::absolute(base, &urls::home_dir(&l.tag)))
            .collect();
        Sitemap {
            urls: urls_out,
            homes,
        }
    }
}

impl Sitemap<'_> {
    /// The sitemap as the built-in template writes it ([`super::sitemap_xml`]).
    fn xml(&self) -> String {
        let entries: Vec<super::sitemap_xml::Entry> = self
            .urls
            .iter()
            .map(|u| super::sitemap_xml::Entry {
                loc: &u.loc,
                lastmod: u.lastmod,
                alternates: u.alternates,
            })
            .collect();
        super::sitemap_xml::xml(&self.homes, &entries)
    }
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
