//! Checks every published site must pass, whatever its content: language and direction,
//! hreflang, notices, the language switcher, links (naming files, for `file://`), the sitemap,
//! the root page, CSP and bidi hygiene, the generated charts. Each check returns its problems as lines, so one failing
//! assertion lists everything wrong with a site at once.
//!
//! What a page *should* be (which locales really translate it, which are machine translations)
//! comes from tolk's own content stage, which has its own tests; the checks here are about the
//! output agreeing with it.

use super::html::{self, Tag};
use crate::support::BookTest;
use std::collections::{BTreeMap, BTreeSet};
use tolk::config::Config;
use tolk::content::{Content, TranslationKind};
use tolk::i18n::Localizer;

/// Links to pages a later issue builds (the ticket form). An entry whose target appears in the
/// output is stale and fails the check, so it is removed when the page lands.
pub const NOT_YET_BUILT: &[&str] = &[];

/// A published site and what tolk knows about its sources.
pub struct Built {
    pub config: Config,
    pub content: Content,
    pub localizer: Localizer,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    /// Loads the sources of `test`'s site and reads its output folder.
    pub fn of(test: &BookTest) -> Built {
        let mut config = Config::from_root(&test.root).expect("the site's book.toml");
        config.build_dir = test.out.clone();
        let (content, _) = tolk::content::load(&config);
        let (localizer, _, _) = Localizer::load(&config);
        Built {
            config,
            content,
            localizer,
            files: test.output(),
        }
    }

    pub fn text(&self, rel: &str) -> &str {
        let bytes = self
            .files
            .get(rel)
            .unwrap_or_else(|| panic!("no output file {rel}"));
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"))
    }

    pub fn tags(&self, rel: &str) -> Vec<Tag> {
        html::tags(self.text(rel))
    }

    pub(super) fn html_files(&self) -> impl Iterator<Item = &String> {
        self.files.keys().filter(|k| k.ends_with(".html"))
    }

    pub(super) fn locale_tags(&self) -> Vec<String> {
        self.config.locales.iter().map(|l| l.tag.clone()).collect()
    }

    /// `/docs/` for `https://x.org/docs`.
    pub(super) fn base_path(&self) -> String {
        let after = self
            .config
            .base_url
            .split_once("://")
            .map_or("", |(_, r)| r);
        let path = after.find('/').map_or("", |i| &after[i..]);
        format!("{}/", path.trim_end_matches('/'))
    }

    /// Absolute URL of an output folder.
    pub fn url(&self, dir: &str) -> String {
        format!("{}/{dir}", self.config.base_url)
    }

    /// Article pages: (locale, slug) → the locales that really translate the slug's group.
    pub fn articles(&self) -> BTreeMap<(String, String), BTreeSet<String>> {
        let mut real: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in &self.content.pages {
            real.entry(p.slug.clone())
                .or_default()
                .insert(p.meta.locale.clone());
        }
        let mut out = BTreeMap::new();
        for (slug, locales) in real {
            for tag in self.locale_tags() {
                out.insert((tag, slug.clone()), locales.clone());
            }
        }
        out
    }

    /// Every check below, as one list of problems.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        p.extend(self.lang_and_dir());
        p.extend(self.alternates_and_notices());
        p.extend(self.switchers());
        p.extend(self.links());
        p.extend(self.file_links());
        p.extend(self.sitemap());
        p.extend(self.root_page());
        p.extend(self.csp());
        p.extend(self.bidi());
        p.extend(self.charts());
        p
    }

    pub fn assert_sound(&self) {
        let problems = self.problems();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// `<html lang dir>`: the folder's locale, or the source locale at the root.
    pub fn lang_and_dir(&self) -> Vec<String> {
        let mut p = Vec::new();
        for file in self.html_files() {
            let first = file.split('/').next().unwrap_or("");
            let (lang, dir) = match self.config.locale(first) {
                Some(l) if file.contains('/') => (l.tag.as_str(), Some(l.dir.as_str())),
                _ => (self.config.source_locale.as_str(), None),
            };
            let tags = self.tags(file);
            let Some(root) = tags.iter().find(|t| t.name == "html") else {
                p.push(format!("{file}: no <html>"));
                continue;
            };
            if root.attr("lang") != Some(lang) {
                p.push(format!(
                    "{file}: <html lang={:?}>, want {lang}",
                    root.attr("lang")
                ));
            }
            if dir.is_some() && root.attr("dir") != dir {
                p.push(format!(
                    "{file}: <html dir={:?}>, want {dir:?}",
                    root.attr("dir")
                ));
            }
        }
        p
    }

    /// hreflang alternates name exactly the real translations plus x-default; a locale without
    /// a translation shows the source with the untranslated notice; machine translations say so
    /// and link to the source page.
    pub fn alternates_and_notices(&self) -> Vec<String> {
        let mut p = Vec::new();
        let source = &self.config.source_locale;
        for ((tag, slug), real) in self.articles() {
            let file = format!("{tag}/{slug}/index.html");
            if !self.files.contains_key(&file) {
                p.push(format!("{file}: missing"));
                continue;
            }
            let tags = self.tags(&file);
            let mut alternates = BTreeMap::new();
            for t in tags
                .iter()
                .filter(|t| t.name == "link" && t.attr("rel") == Some("alternate"))
            {
                alternates.insert(
                    t.attr("hreflang").unwrap_or("").to_string(),
                    t.attr("href").unwrap_or("").to_string(),
                );
            }
            let mut want: BTreeMap<String, String> = real
                .iter()
                .map(|l| (l.clone(), self.url(&format!("{l}/{slug}/"))))
                .collect();
            // The source's version, else the first in book.toml's order.
            let default = if real.contains(source) {
                source.clone()
            } else {
                let mut tags = self.locale_tags().into_iter();
                tags.find(|t| real.contains(t)).expect("one")
            };
            want.insert("x-default".into(), self.url(&format!("{default}/{slug}/")));
            if alternates != want {
                p.push(format!("{file}: alternates {alternates:?}, want {want:?}"));
            }
            let text = self.text(&file);
            let translated = real.contains(&tag);
            if text.contains("notice-untranslated") == translated {
                p.push(format!(
                    "{file}: untranslated notice shown: {}",
                    !translated
                ));
            }
            let body_lang = tags
                .iter()
                .find(|t| t.attr("class") == Some("article-body"))
                .and_then(|t| t.attr("lang"));
            let want_lang = if translated {
                tag.as_str()
            } else {
                source.as_str()
            };
            if body_lang != Some(want_lang) {
                p.push(format!(
                    "{file}: article body lang {body_lang:?}, want {want_lang}"
                ));
            }
            let machine = translated
                && self
                    .content
                    .find(&tag, &slug)
                    .is_some_and(|pg| pg.meta.translation_kind == TranslationKind::Machine);
            p.extend(self.machine_notice(
                &file,
                text,
                machine,
                &format!("{source}/{slug}/index.html"),
            ));
        }
        p
    }

    fn machine_notice(
        &self,
        file: &str,
        text: &str,
        machine: bool,
        source_file: &str,
    ) -> Vec<String> {
        let Some(start) = text.find("class=\"notice notice-machine\"") else {
            return if machine {
                vec![format!("{file}: no machine-translation notice")]
            } else {
                vec![]
            };
        };
        if !machine {
            return vec![format!(
                "{file}: machine-translation notice on a page that is none"
            )];
        }
        let end = start + text[start..].find("</aside>").unwrap_or(0);
        let links: Vec<String> = html::tags(&text[start..end])
            .iter()
            .filter_map(|t| t.attr("href").map(str::to_string))
            .collect();
        let targets: Vec<Option<String>> = links.iter().map(|l| resolve(file, l)).collect();
        if targets.iter().any(|t| t.as_deref() == Some(source_file)) {
            vec![]
        } else {
            vec![format!(
                "{file}: machine notice links {links:?}, not to {source_file}"
            )]
        }
    }

    /// Every switcher entry leads to the same page in its locale; one is the current page.
    pub fn switchers(&self) -> Vec<String> {
        let mut p = Vec::new();
        let locales = self.locale_tags();
        for file in self.html_files() {
            let Some((here, rest)) = file.split_once('/') else {
                continue;
            };
            if !locales.iter().any(|l| l == here) {
                continue;
            }
            let text = self.text(file);
            let Some(nav) = text.find("class=\"lang-switch\"") else {
                p.push(format!("{file}: no language switcher"));
                continue;
            };
            let nav_end = nav + text[nav..].find("</nav>").unwrap_or(0);
            // One list of every locale per layout (a row for wide screens, a menu), in order.
            let lists: Vec<Vec<Tag>> = text[nav..nav_end]
                .split("<ul")
                .skip(1)
                .map(|list| {
                    html::tags(list)
                        .into_iter()
                        .filter(|t| t.name == "a")
                        .collect()
                })
                .collect();
            if lists.is_empty() {
                p.push(format!("{file}: the switcher has no list"));
            }
            for list in &lists {
                let shown: Vec<&str> = list
                    .iter()
                    .filter_map(|t| t.attr("data-tolk-locale"))
                    .collect();
                if shown != locales.iter().map(String::as_str).collect::<Vec<_>>() {
                    p.push(format!("{file}: switcher lists {shown:?}"));
                }
            }
            let links: Vec<Tag> = lists.into_iter().flatten().collect();
            for a in &links {
                let tag = a.attr("data-tolk-locale").unwrap_or("");
                let want = format!("{tag}/{rest}");
                let got = a.attr("href").and_then(|h| resolve(file, h));
                if got.as_deref() != Some(want.as_str()) {
                    p.push(format!(
                        "{file}: switcher {tag} leads to {got:?}, want {want}"
                    ));
                }
                if (tag == here) != a.has("aria-current") {
                    p.push(format!("{file}: aria-current wrong on {tag}"));
                }
            }
        }
        p
    }
}

pub(super) fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Resolves `url` (relative to the output file `from`, or to the root when `from` is empty) to
/// an output file path, keeping a `#fragment`; a folder means its `index.html`. `None` when it
/// climbs above the root.
pub fn resolve(from: &str, url: &str) -> Option<String> {
    let (url, fragment) = url
        .split_once('#')
        .map_or((url, None), |(u, f)| (u, Some(f)));
    let url = url.split('?').next().unwrap_or("");
    // As a server maps it to a file name: the site's own decoder.
    let url = &tolk::urls::percent_decode_lenient(url);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if url.is_empty() {
        parts = from.split('/').collect();
    } else {
        for seg in url.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        if url.ends_with('/') || url == "." {
            parts.push("index.html");
        }
    }
    let path = parts.join("/");
    Some(match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path,
    })
}

mod files;
#[cfg(test)]
mod tests;
