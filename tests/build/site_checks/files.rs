//! The site-wide checks: links, sitemap, root page, CSP, bidi marks and charts.

use super::html::Tag;
use super::{has_scheme, resolve, Built, NOT_YET_BUILT};
use std::collections::{BTreeMap, BTreeSet};

impl Built {
    /// Every `href`/`src` inside the site (relative, root-absolute under the base path, or an
    /// absolute URL under the base URL) names an output file, and its `#fragment` an id there.
    pub fn links(&self) -> Vec<String> {
        let mut p = Vec::new();
        let base_path = self.base_path();
        let mut stale: BTreeSet<&str> = BTreeSet::new();
        for file in self.html_files() {
            for tag in self.tags(file) {
                for (name, url) in urls_of(&tag) {
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

    /// Every link a page makes inside the site, relative or root-absolute, names a file that
    /// exists, never a folder: opened from `file://`, a folder shows a listing, not its
    /// `index.html`. (Canonical, hreflang and the sitemap use absolute URLs in the clean folder
    /// form; those are for servers and search engines.)
    pub fn file_links(&self) -> Vec<String> {
        let mut p = Vec::new();
        for file in self.html_files() {
            for tag in self.tags(file) {
                for (name, url) in urls_of(&tag) {
                    if url.starts_with("//") || has_scheme(url) {
                        continue;
                    }
                    let path = url.split(['#', '?']).next().unwrap_or("");
                    if path.is_empty() {
                        continue; // `#fragment`: this very file
                    }
                    let last = path.rsplit('/').next().unwrap_or("");
                    if last.is_empty() || last == "." || last == ".." {
                        p.push(format!("{file}: {name}={url:?} names a folder, not a file"));
                        continue;
                    }
                    let target = match path.strip_prefix('/') {
                        Some(_) => path
                            .strip_prefix(&self.base_path())
                            .and_then(|rest| resolve("", &format!("./{rest}"))),
                        None => resolve(file, path),
                    };
                    if !target.as_ref().is_some_and(|t| self.files.contains_key(t)) {
                        p.push(format!(
                            "{file}: {name}={url:?} names no file of the output"
                        ));
                    }
                }
            }
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

    /// Nothing a strict CSP blocks: no inline script, no `<style>`, no `style=`, no `on*=`; and
    /// every page carries the site's policy and referrer policy as `<meta>`.
    pub fn csp(&self) -> Vec<String> {
        let mut p = Vec::new();
        for file in self
            .files
            .keys()
            .filter(|f| f.ends_with(".html") || f.ends_with(".svg"))
        {
            let tags = self.tags(file);
            let policy = |name: &str, value: &str| {
                tags.iter().any(|t| {
                    t.name == "meta"
                        && (t.attr("http-equiv") == Some(name) || t.attr("name") == Some(name))
                        && t.attr("content") == Some(value)
                })
            };
            if file.ends_with(".html")
                && !(policy("Content-Security-Policy", tolk::csp::META_POLICY)
                    && policy("referrer", tolk::csp::REFERRER_POLICY))
            {
                p.push(format!(
                    "{file}: no CSP or referrer <meta> with the site's policy"
                ));
            }
            for tag in tags {
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

/// The URLs a tag links to: `href`, `src`, and each candidate of a `srcset`.
fn urls_of(tag: &Tag) -> Vec<(&str, &str)> {
    tag.attrs
        .iter()
        .flat_map(|(name, value)| match name.as_str() {
            "href" | "src" => vec![(name.as_str(), value.as_str())],
            // `a.svg 2x, b.svg 760w`: each candidate's URL.
            "srcset" => value
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .map(|u| (name.as_str(), u))
                .collect(),
            _ => vec![],
        })
        .collect()
}
