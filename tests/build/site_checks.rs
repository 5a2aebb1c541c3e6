//! Checks every published site must pass, whatever its content: language and direction,
//! hreflang, notices, the language switcher, links, the sitemap, the root page, CSP and bidi
//! hygiene, the generated charts. Each check returns its problems as lines, so one failing
//! assertion lists everything wrong with a site at once.
//!
//! What a page *should* be (which locales really translate it, which are machine translations)
//! comes from tolk's own content stage, which has its own tests; the checks here are about the
//! output agreeing with it.

use super::harness::BookTest;
use super::html::{self, Tag};
use std::collections::{BTreeMap, BTreeSet};
use tolk::config::Config;
use tolk::content::{Content, TranslationKind};
use tolk::i18n::Localizer;

/// Links to pages a later issue builds (the ticket form). An entry whose target appears in the
/// output is stale and fails the check, so it is removed when the page lands.
pub const NOT_YET_BUILT: &[&str] = &["ticket/index.html"];

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

    fn html_files(&self) -> impl Iterator<Item = &String> {
        self.files.keys().filter(|k| k.ends_with(".html"))
    }

    fn locale_tags(&self) -> Vec<String> {
        self.config.locales.iter().map(|l| l.tag.clone()).collect()
    }

    /// `/docs/` for `https://x.org/docs`.
    fn base_path(&self) -> String {
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
            let default = if real.contains(source) {
                source
            } else {
                real.iter().next().expect("one")
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
            let links: Vec<Tag> = html::tags(&text[nav..nav_end])
                .into_iter()
                .filter(|t| t.name == "a")
                .collect();
            let shown: Vec<&str> = links
                .iter()
                .filter_map(|t| t.attr("data-tolk-locale"))
                .collect();
            if shown != locales.iter().map(String::as_str).collect::<Vec<_>>() {
                p.push(format!("{file}: switcher lists {shown:?}"));
            }
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

    /// Every `href`/`src` inside the site (relative, root-absolute under the base path, or an
    /// absolute URL under the base URL) names an output file, and its `#fragment` an id there.
    pub fn links(&self) -> Vec<String> {
        let mut p = Vec::new();
        let base_path = self.base_path();
        let mut stale: BTreeSet<&str> = BTreeSet::new();
        for file in self.html_files() {
            for tag in self.tags(file) {
                let urls = tag
                    .attrs
                    .iter()
                    .flat_map(|(name, value)| match name.as_str() {
                        "href" | "src" => vec![(name, value.as_str())],
                        // `a.svg 2x, b.svg 760w`: each candidate's URL.
                        "srcset" => value
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .map(|u| (name, u))
                            .collect(),
                        _ => vec![],
                    });
                for (name, url) in urls {
                    let target = if let Some(rest) = url.strip_prefix(&self.config.base_url) {
                        resolve("", &format!("./{}", rest.trim_start_matches('/')))
                    } else if url.starts_with("//") || has_scheme(url) {
                        continue;
                    } else if let Some(rest) = url
                        .strip_prefix(&base_path)
                        .filter(|_| url.starts_with('/'))
                    {
                        resolve("", &format!("./{rest}"))
                    } else {
                        resolve(file, url)
                    };
                    let Some(target) = target else {
                        p.push(format!("{file}: {name}={url:?} leaves the site"));
                        continue;
                    };
                    let (path, fragment) = target
                        .split_once('#')
                        .map_or((target.as_str(), ""), |(a, b)| (a, b));
                    let pending = NOT_YET_BUILT
                        .iter()
                        .find(|n| path.ends_with(&format!("/{n}")));
                    if let Some(pending) = pending {
                        if self.files.contains_key(path) {
                            stale.insert(pending);
                        }
                        continue;
                    }
                    match self.files.get(path) {
                        None => p.push(format!("{file}: {name}={url:?}: no {path} in the output")),
                        Some(bytes) if !fragment.is_empty() && path.ends_with(".html") => {
                            let id = format!("id=\"{fragment}\"");
                            if !String::from_utf8_lossy(bytes).contains(&id) {
                                p.push(format!("{file}: {url:?}: no {id} in {path}"));
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        for s in stale {
            p.push(format!("NOT_YET_BUILT entry {s:?} is built now: remove it"));
        }
        p
    }

    /// The sitemap is XML, lists every home and every real translation with its alternates.
    pub fn sitemap(&self) -> Vec<String> {
        let mut p = Vec::new();
        let text = self.text("sitemap.xml");
        let doc = match roxmltree::Document::parse(text) {
            Ok(d) => d,
            Err(e) => return vec![format!("sitemap.xml is not XML: {e}")],
        };
        const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
        const XHTML: &str = "http://www.w3.org/1999/xhtml";
        let root = doc.root_element();
        if !root.has_tag_name((NS, "urlset")) {
            p.push(format!("sitemap root is {:?}", root.tag_name()));
        }
        let mut listed: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for url in root.children().filter(|n| n.has_tag_name((NS, "url"))) {
            let loc = url
                .children()
                .find(|n| n.has_tag_name((NS, "loc")))
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_string();
            let alternates = url
                .children()
                .filter(|n| n.has_tag_name((XHTML, "link")))
                .map(|n| {
                    (
                        n.attribute("hreflang").unwrap_or("").to_string(),
                        n.attribute("href").unwrap_or("").to_string(),
                    )
                })
                .collect();
            if listed.insert(loc.clone(), alternates).is_some() {
                p.push(format!("sitemap lists {loc} twice"));
            }
        }
        let mut want: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for tag in self.locale_tags() {
            want.insert(self.url(&format!("{tag}/")), BTreeMap::new());
        }
        for ((tag, slug), real) in self.articles() {
            if real.contains(&tag) {
                let alternates = real
                    .iter()
                    .map(|l| (l.clone(), self.url(&format!("{l}/{slug}/"))))
                    .collect();
                want.insert(self.url(&format!("{tag}/{slug}/")), alternates);
            }
        }
        // Pages the sitemap may list beyond articles and homes (e.g. status pages) are not
        // required, but every listed URL must exist and every required one be there.
        for (loc, alternates) in &want {
            match listed.get(loc) {
                None => p.push(format!("sitemap lacks {loc}")),
                Some(got) if !alternates.is_empty() && got != alternates => p.push(format!(
                    "sitemap {loc}: alternates {got:?}, want {alternates:?}"
                )),
                Some(_) => {}
            }
        }
        for loc in listed.keys() {
            let file = loc
                .strip_prefix(&format!("{}/", self.config.base_url))
                .map(|rest| format!("{rest}index.html"));
            if !file.as_ref().is_some_and(|f| self.files.contains_key(f)) {
                p.push(format!("sitemap lists {loc}, which is not in the output"));
            }
        }
        p
    }

    /// The root page: the plain language list, the data the redirect script reads, the script.
    pub fn root_page(&self) -> Vec<String> {
        let mut p = Vec::new();
        let tags = self.tags("index.html");
        let html = tags.iter().find(|t| t.name == "html").expect("<html>");
        let locales = self.locale_tags().join(" ");
        let expected = [
            ("data-tolk-root", ""),
            ("data-tolk-locales", locales.as_str()),
            ("data-tolk-default", self.config.source_locale.as_str()),
        ];
        for (name, value) in expected {
            if html.attr(name) != Some(value) {
                p.push(format!(
                    "index.html: <html {name}={:?}>, want {value:?}",
                    html.attr(name)
                ));
            }
        }
        let links: Vec<(&str, Option<String>)> = tags
            .iter()
            .filter(|t| t.name == "a")
            .filter_map(|t| {
                Some((
                    t.attr("data-tolk-locale")?,
                    t.attr("href").and_then(|h| resolve("index.html", h)),
                ))
            })
            .collect();
        let want: Vec<(&str, Option<String>)> = self
            .config
            .locales
            .iter()
            .map(|l| (l.tag.as_str(), Some(format!("{}/index.html", l.tag))))
            .collect();
        if links != want {
            p.push(format!(
                "index.html: language links {links:?}, want {want:?}"
            ));
        }
        let scripts: Vec<&str> = tags
            .iter()
            .filter(|t| t.name == "script")
            .filter_map(|t| t.attr("src"))
            .collect();
        if scripts != ["static/js/lang.js"] {
            p.push(format!("index.html: scripts {scripts:?}"));
        }
        if !self.files.contains_key("404.html") {
            p.push("no 404.html".into());
        }
        p
    }

    /// Nothing a strict CSP blocks: no inline script, no `<style>`, no `style=`, no `on*=`.
    pub fn csp(&self) -> Vec<String> {
        let mut p = Vec::new();
        for file in self
            .files
            .keys()
            .filter(|f| f.ends_with(".html") || f.ends_with(".svg"))
        {
            for tag in self.tags(file) {
                if tag.name == "script" && !tag.has("src") {
                    p.push(format!("{file}: inline <script>"));
                }
                if tag.name == "style" {
                    p.push(format!("{file}: <style> element"));
                }
                for (name, value) in &tag.attrs {
                    if name == "style" || name.starts_with("on") {
                        p.push(format!("{file}: <{} {name}={value:?}>", tag.name));
                    }
                }
            }
        }
        p
    }

    /// No Fluent bidi isolation mark (U+2068, U+2069) in an attribute value or a sitemap URL.
    pub fn bidi(&self) -> Vec<String> {
        let marks = ['\u{2068}', '\u{2069}'];
        let mut p = Vec::new();
        for file in self
            .files
            .keys()
            .filter(|f| f.ends_with(".html") || f.ends_with(".svg") || f.ends_with(".xml"))
        {
            for tag in self.tags(file) {
                for (name, value) in &tag.attrs {
                    if value.contains(marks) {
                        p.push(format!(
                            "{file}: <{} {name}={value:?}> holds a bidi mark",
                            tag.name
                        ));
                    }
                }
            }
        }
        let sitemap = self.text("sitemap.xml");
        if sitemap.contains(marks) {
            p.push("sitemap.xml holds a bidi mark".into());
        }
        p
    }

    /// Each locale's chart, in its wide and its narrow (phone) drawing, is an SVG document
    /// with that locale's labels.
    pub fn charts(&self) -> Vec<String> {
        let mut p = Vec::new();
        for chart in &self.config.charts {
            let drawings = [chart.name.clone(), format!("{}-narrow", chart.name)];
            for (tag, drawing) in self
                .locale_tags()
                .into_iter()
                .flat_map(|t| drawings.clone().map(|d| (t.clone(), d)))
            {
                let file = format!("media/generated/{tag}/{drawing}.svg");
                let Some(bytes) = self.files.get(&file) else {
                    p.push(format!("{file}: missing"));
                    continue;
                };
                let text = String::from_utf8_lossy(bytes);
                let doc = match roxmltree::Document::parse(&text) {
                    Ok(d) => d,
                    Err(e) => {
                        p.push(format!("{file}: not XML: {e}"));
                        continue;
                    }
                };
                let label = |id: &str| {
                    tolk::i18n::strip_isolation(
                        &self
                            .localizer
                            .format(&tag, id, None, None)
                            .unwrap_or_default(),
                    )
                };
                let title = doc
                    .descendants()
                    .find(|n| n.has_tag_name("title"))
                    .and_then(|n| n.text());
                if title != Some(label(&chart.root).as_str()) {
                    p.push(format!(
                        "{file}: title {title:?}, want {:?}",
                        label(&chart.root)
                    ));
                }
                let words: String = doc
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect::<Vec<_>>()
                    .join(" ");
                let words: Vec<&str> = words.split_whitespace().collect();
                for id in &chart.children {
                    let want = label(id);
                    let want: Vec<&str> = want.split_whitespace().collect();
                    if !words
                        .windows(want.len().max(1))
                        .any(|w| w == want.as_slice())
                    {
                        p.push(format!("{file}: no label {:?}", want.join(" ")));
                    }
                }
            }
        }
        p
    }
}

fn has_scheme(url: &str) -> bool {
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
    let url = &percent_decoded(url);
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

/// A URL path as a server maps it to a file name: `%XX` escapes decoded as UTF-8.
fn percent_decoded(url: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = url.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        let hex = tail
            .get(..2)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (b, hex) {
            (b'%', Some(h)) => {
                bytes.push(h);
                rest = &tail[2..];
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn resolve_follows_relative_urls() {
    assert_eq!(
        resolve("a/index.html", "m/%C3%A9%201.png").as_deref(),
        Some("a/m/é 1.png")
    );
    assert_eq!(
        resolve("nl-NL/a/index.html", "../../en-US/a/").as_deref(),
        Some("en-US/a/index.html")
    );
    assert_eq!(
        resolve("nl-NL/a/index.html", "#x").as_deref(),
        Some("nl-NL/a/index.html#x")
    );
    assert_eq!(
        resolve("index.html", "./nl-NL/").as_deref(),
        Some("nl-NL/index.html")
    );
    assert_eq!(resolve("a/index.html", "../../etc/passwd"), None);
    assert_eq!(
        resolve("", "guide/nl-NL/?q=1#top").as_deref(),
        Some("guide/nl-NL/index.html#top")
    );
}

/// Each check finds the fault it is for: a mutated copy of a good site fails exactly there.
#[test]
fn site_checks_catch_broken_output() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    let good = Built::of(&test);
    assert_eq!(good.problems(), Vec::<String>::new());
    let page = "nl-NL/report-an-event/index.html";
    type Check = fn(&Built) -> Vec<String>;
    let cases: &[(&str, &str, &str, &str, Check)] = &[
        (
            page,
            "<html lang=\"nl-NL\"",
            "<html lang=\"en-US\"",
            "lang",
            Built::lang_and_dir,
        ),
        (
            page,
            "<html lang=\"nl-NL\" dir=\"ltr\"",
            "<html lang=\"nl-NL\" dir=\"rtl\"",
            "dir",
            Built::lang_and_dir,
        ),
        (
            page,
            "<link rel=\"alternate\" hreflang=\"tr-TR\"",
            "<link rel=\"x\" hreflang=\"tr-TR\"",
            "alternate",
            Built::alternates_and_notices,
        ),
        (
            page,
            "notice-machine",
            "notice-robot",
            "machine notice",
            Built::alternates_and_notices,
        ),
        (
            "nl-NL/only-in-english/index.html",
            "notice-untranslated",
            "notice-x",
            "untranslated notice",
            Built::alternates_and_notices,
        ),
        (
            page,
            "..&#x2F;..&#x2F;tr-TR&#x2F;report-an-event&#x2F;\" hreflang",
            "..&#x2F;..&#x2F;tr-TR&#x2F;\" hreflang",
            "switcher",
            Built::switchers,
        ),
        (
            page,
            "#second-part",
            "#third-part",
            "fragment",
            Built::links,
        ),
        (
            page,
            "media/en-US/media/diagram.png",
            "media/en-US/media/gone.png",
            "missing media",
            Built::links,
        ),
        (
            page,
            "event-types-narrow.svg",
            "event-types-slim.svg",
            "missing srcset",
            Built::links,
        ),
        (page, "<p>", "<p style=\"color:red\">", "style=", Built::csp),
        (
            page,
            "<main",
            "<script>alert(1)</script><main",
            "inline script",
            Built::csp,
        ),
        (
            page,
            "<main",
            "<style>p{}</style><main",
            "<style>",
            Built::csp,
        ),
        (page, "<img ", "<img onerror=\"x()\" ", "on*=", Built::csp),
        (
            page,
            "aria-label=\"",
            "aria-label=\"\u{2068}",
            "bidi mark",
            Built::bidi,
        ),
        (
            "sitemap.xml",
            "</urlset>",
            "",
            "unclosed sitemap",
            Built::sitemap,
        ),
        (
            "sitemap.xml",
            "hreflang=\"ar\"",
            "hreflang=\"fa\"",
            "sitemap alternates",
            Built::sitemap,
        ),
        (
            "index.html",
            "data-tolk-default=\"en-US\"",
            "data-tolk-default=\"nl-NL\"",
            "root data",
            Built::root_page,
        ),
        (
            "media/generated/tr-TR/event-types.svg",
            "<title>",
            "<title>x",
            "chart title",
            Built::charts,
        ),
    ];
    for (file, from, to, what, check) in cases {
        let mut broken = Built::of(&test);
        let text = broken.text(file).to_string();
        assert!(text.contains(from), "{what}: {file} has no {from:?}");
        broken
            .files
            .insert(file.to_string(), text.replacen(from, to, 1).into_bytes());
        assert!(
            !check(&broken).is_empty(),
            "{what} in {file} went unnoticed"
        );
    }
}
