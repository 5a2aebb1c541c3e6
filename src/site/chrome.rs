//! The page chrome every localized page shares: language and direction, the header's links,
//! the language switcher, and the hreflang alternates of the `<head>`.
//!
//! It sits below the page renderers (articles, homes, status, form) and imports none of them,
//! so imports in `site/` run one way: `mod.rs` → page renderers → chrome.

use super::Site;
use crate::config::Config;
use crate::urls;
use serde::{Deserialize, Serialize};

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleLink {
    pub tag: String,
    pub name: String,
    /// Relative link to the same page in that locale.
    pub href: String,
    pub current: bool,
    /// `false` when that locale shows the page untranslated.
    pub translated: bool,
    pub dir: &'static str,
}

/// Where a switcher entry leads: an output folder, and whether the page is translated there.
pub struct SwitchTarget {
    pub dir: String,
    pub translated: bool,
}

impl SwitchTarget {
    pub fn new(dir: String, translated: bool) -> SwitchTarget {
        SwitchTarget { dir, translated }
    }
}

/// What `templates/base.html` needs on every localized page.
#[derive(Debug, Serialize)]
pub struct Chrome {
    pub lang: String,
    pub dir: &'static str,
    /// The way back to the site root from this page (`../../`).
    pub root: String,
    pub site_title: String,
    pub home_href: String,
    pub form_href: String,
    pub status_href: String,
    pub static_href: String,
    /// The language switcher, in `book.toml`'s order.
    pub locales: Vec<LocaleLink>,
    /// The folder of this locale's search index, from this page.
    pub search_index: String,
    /// The result count's texts for `static/js/search.js`, as JSON (see [`count_texts`]).
    pub search_counts: String,
}

impl Chrome {
    /// The chrome of the page in output folder `dir`, in `locale`. `target` gives, for each
    /// locale tag, where the switcher sends the reader.
    pub fn new(
        site: &Site,
        locale: &str,
        dir: &str,
        target: impl Fn(&str) -> SwitchTarget,
    ) -> Chrome {
        let config = &site.config;
        let root = urls::root_prefix(dir);
        let locales = config
            .locales
            .iter()
            .map(|l| {
                let t = target(&l.tag);
                LocaleLink {
                    tag: l.tag.clone(),
                    name: l.name.clone(),
                    href: urls::link(&root, &t.dir),
                    current: l.tag == locale,
                    translated: t.translated,
                    dir: l.dir.as_str(),
                }
            })
            .collect();
        Chrome {
            lang: locale.to_string(),
            dir: config.locale(locale).map_or("ltr", |l| l.dir.as_str()),
            site_title: config.title.clone(),
            home_href: urls::link(&root, &urls::home_dir(locale)),
            form_href: urls::link(&root, &urls::form_dir(locale)),
            status_href: urls::link(&root, &urls::status_dir(locale)),
            static_href: format!("{root}static/"),
            search_index: format!("{root}{}", crate::search::index_dir(locale)),
            search_counts: count_texts(site, locale),
            root,
            locales,
        }
    }
}

/// The result count message (`search-results`, with plurals) for the browser, which has no
/// Fluent: `[[n, "text"], ...]` for sample counts, the number in each text as `{count}`. The
/// script picks the sample whose plural category (`Intl.PluralRules`) is the count's. When
/// the message falls back to another locale, the JSON is marked as that locale's text, so the
/// attribute carries `data-counts-lang`/`-dir` (see [`crate::bidi`]).
fn count_texts(site: &Site, locale: &str) -> String {
    const SAMPLES: [u32; 9] = [0, 1, 2, 3, 5, 11, 21, 22, 100];
    let texts: Vec<(u32, String)> = SAMPLES
        .iter()
        .map(|&n| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("count", fluent_bundle::FluentValue::from(n));
            let text = site
                .localizer
                .plain(locale, super::messages::SEARCH_RESULTS, Some(&args));
            (n, text.replacen(&n.to_string(), "{count}", 1))
        })
        .collect();
    let json = serde_json::to_string(&texts).unwrap_or_else(|_| "[]".to_string());
    match site
        .localizer
        .fallback_of(locale, super::messages::SEARCH_RESULTS)
    {
        Some((tag, dir)) => crate::bidi::mark_fallback(tag, dir, &json),
        None => json,
    }
}

/// One `<link rel="alternate" hreflang>` (and one `<xhtml:link>` of the sitemap).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alternate {
    pub hreflang: String,
    /// Absolute URL, in the clean folder form.
    pub href: String,
}

/// A page's hreflang alternates: the locales that really have it, plus `x-default`.
#[derive(Debug, Clone, Serialize)]
pub struct Hreflang {
    pub alternates: Vec<Alternate>,
    /// The version for readers whose language none of the alternates is.
    pub x_default: Option<String>,
}

impl Hreflang {
    /// `dir_in` gives the page's output folder in each locale that has it (`None`: that locale
    /// has no version of its own). `x-default` is the source locale's version, else the first
    /// version in `book.toml`'s order.
    pub fn new(config: &Config, dir_in: impl Fn(&str) -> Option<String>) -> Hreflang {
        let versions: Vec<(&str, String)> = config
            .locales
            .iter()
            .filter_map(|l| Some((l.tag.as_str(), dir_in(&l.tag)?)))
            .collect();
        let x_default = versions
            .iter()
            .find(|(tag, _)| *tag == config.source_locale)
            .or(versions.first())
            .map(|(_, dir)| urls::absolute(&config.base_url, dir));
        let alternates = versions
            .into_iter()
            .map(|(tag, dir)| Alternate {
                hreflang: tag.to_string(),
                href: urls::absolute(&config.base_url, &dir),
            })
            .collect();
        Hreflang {
            alternates,
            x_default,
        }
    }
}
