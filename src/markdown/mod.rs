//! The Markdown stage: one page's body in, safe HTML plus its structure out.
//!
//! pulldown-cmark parses; this module rewrites the event stream on the way to HTML:
//! - the `<a name="...">` anchors Microsoft puts in headings become heading ids;
//! - every heading gets a stable id; top-level numbered items become `#step-N` targets;
//! - relative links to pages and media are resolved, checked and rewritten for the output;
//! - raw HTML is untrusted: it is shown as text, and `<script>`, event handlers and
//!   `javascript:` URLs are errors with file and line.

use crate::config::ChartConfig;
use crate::content::{Content, Page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::{slugify, UniqueSlugs};
use crate::urls;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

/// A heading of the page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A media file the page uses: copy `source` to `output` (relative to the build folder).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MediaCopy {
    pub source: PathBuf,
    pub output: String,
}

/// What rendering a page produced.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Numbers of the top-level numbered items (`step-1` ...), in order.
    pub steps: Vec<u64>,
    pub media: Vec<MediaCopy>,
    /// Names of the generated charts the page shows.
    pub charts: Vec<String>,
}

/// Everything the renderer needs to know beyond the page itself.
pub struct MarkdownContext<'a> {
    pub content: &'a Content,
    pub content_dir: &'a std::path::Path,
    pub source_locale: &'a str,
    /// The locale the page is published in (differs from the page's own for untranslated fallbacks).
    pub site_locale: &'a str,
    /// Prefix from the page's folder back to the site root (`../../`).
    pub root: &'a str,
    pub charts: &'a [ChartConfig],
    /// Extra HTML (already escaped, from a template) appended inside step N.
    pub step_extras: &'a BTreeMap<u64, String>,
}

/// Renders `page`'s body. Problems are returned as diagnostics with file lines.
pub fn render(page: &Page, ctx: &MarkdownContext) -> (RenderedBody, Diagnostics) {
    let mut r = Renderer {
        page,
        ctx,
        out: RenderedBody::default(),
        diagnostics: Diagnostics::new(),
        ids: UniqueSlugs::default(),
    };
    let html = r.run();
    r.out.html = html;
    (r.out, r.diagnostics)
}

/// Markdown extensions a docs site needs.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

struct Renderer<'a> {
    page: &'a Page,
    ctx: &'a MarkdownContext<'a>,
    out: RenderedBody,
    diagnostics: Diagnostics,
    ids: UniqueSlugs,
}

enum Resolved {
    Keep,
    Rewrite(String),
    Drop,
    /// A generated chart: its wide drawing and the narrow one for phones.
    Chart {
        wide: String,
        narrow: String,
    },
}

impl<'a> Renderer<'a> {
    fn diag(&mut self, error: bool, range: &Range<usize>, message: String, help: &str) {
        let path = self.page.path();
        let d = if error {
            Diagnostic::error(path, message)
        } else {
            Diagnostic::warning(path, message)
        };
        let d = d.at_offset(
            &self.page.source.text,
            self.page.source.body_offset + range.start,
        );
        self.diagnostics.push(if help.is_empty() {
            d
        } else {
            d.with_help(help)
        });
    }

    fn run(&mut self) -> String {
        let body = self.page.source.body();
        let events: Vec<(Event<'a>, Range<usize>)> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut lists: Vec<Option<u64>> = Vec::new(); // start number of each open list (None: bullets)
        let mut item_numbers: Vec<u64> = Vec::new();
        let mut dropping_link = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let (event, range) = events[i].clone();
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let end = events[i..]
                        .iter()
                        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                        .map_or(events.len(), |p| i + p);
                    self.heading(level, id, classes, attrs, &events[i + 1..end], &mut out);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::List(start)) => {
                    lists.push(start);
                    item_numbers.push(start.unwrap_or(1));
                    out.push(Event::Start(Tag::List(start)));
                }
                Event::End(TagEnd::List(o)) => {
                    lists.pop();
                    item_numbers.pop();
                    out.push(Event::End(TagEnd::List(o)));
                }
                Event::Start(Tag::Item) if lists.len() == 1 && lists[0].is_some() => {
                    let n = *item_numbers.last().unwrap_or(&1);
                    self.out.steps.push(n);
                    out.push(Event::Html(format!("<li id=\"step-{n}\">").into()));
                }
                Event::End(TagEnd::Item) if lists.len() == 1 && lists[0].is_some() => {
                    if let Some(n) = item_numbers.last_mut() {
                        if let Some(extra) = self.ctx.step_extras.get(n) {
                            out.push(Event::Html(extra.clone().into()));
                        }
                        *n += 1;
                    }
                    out.push(Event::End(TagEnd::Item));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => match self.link(link_type, &dest_url, &range) {
                    Resolved::Drop => dropping_link.push(true),
                    other => {
                        dropping_link.push(false);
                        let dest_url = if let Resolved::Rewrite(u) = other {
                            u.into()
                        } else {
                            dest_url
                        };
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                },
                Event::End(TagEnd::Link) => {
                    if !dropping_link.pop().unwrap_or(false) {
                        out.push(Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = match self.image(&dest_url, &range) {
                        Resolved::Rewrite(u) => u.into(),
                        Resolved::Keep => dest_url,
                        Resolved::Drop => CowStr::Borrowed(""),
                        Resolved::Chart { wide, narrow } => {
                            let end = events[i..]
                                .iter()
                                .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                                .map_or(events.len(), |p| i + p);
                            let alt: String = events[i + 1..end]
                                .iter()
                                .filter_map(|(e, _)| match e {
                                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                                    _ => None,
                                })
                                .collect();
                            out.push(Event::Html(picture(&wide, &narrow, &alt).into()));
                            i = end + 1;
                            continue;
                        }
                    };
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Table(a)) => {
                    out.push(Event::Html("<div class=\"table-wrap\">".into()));
                    out.push(Event::Start(Tag::Table(a)));
                }
                Event::End(TagEnd::Table) => {
                    out.push(Event::End(TagEnd::Table));
                    out.push(Event::Html("</div>".into()));
                }
                Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
                Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
                Event::Html(html) | Event::InlineHtml(html) => {
                    out.push(self.raw_html(html, &range))
                }
                other => out.push(other),
            }
            i += 1;
        }
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        inner: &[(Event<'a>, Range<usize>)],
        out: &mut Vec<Event<'a>>,
    ) {
        let mut anchor = id.map(|i| slugify(&i, "en"));
        let mut text = String::new();
        let mut kept = Vec::new();
        for (event, range) in inner {
            match event {
                Event::InlineHtml(h) | Event::Html(h) => {
                    if let Some(name) = anchor_name(h) {
                        anchor.get_or_insert(name);
                    } else if !h.trim().eq_ignore_ascii_case("</a>") {
                        kept.push(self.raw_html(h.clone(), range));
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(t);
                    kept.push(event.clone());
                }
                other => kept.push(other.clone()),
            }
        }
        let lang = self.page.meta.locale.split('-').next().unwrap_or("en");
        let id = self
            .ids
            .claim(&anchor.unwrap_or_else(|| slugify(&text, lang)));
        let level_num = level as u8;
        self.out.headings.push(Heading {
            level: level_num,
            id: id.clone(),
            text: text.trim().to_string(),
        });
        out.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        out.extend(kept);
        out.push(Event::End(TagEnd::Heading(level)));
    }

    /// Raw HTML is shown as text. Anchors become empty id targets; dangerous markup is an error.
    fn raw_html(&mut self, html: CowStr<'a>, range: &Range<usize>) -> Event<'a> {
        if let Some(name) = anchor_name(&html) {
            let id = self.ids.claim(&name);
            return Event::Html(format!("<span id=\"{id}\"></span>").into());
        }
        let trimmed = html.trim();
        if trimmed.eq_ignore_ascii_case("</a>") {
            return Event::Text("".into());
        }
        if ["<br>", "<br/>", "<br />"]
            .iter()
            .any(|b| trimmed.eq_ignore_ascii_case(b))
        {
            return Event::Html("<br>".into());
        }
        if let Some(what) = dangerous_html(&html) {
            self.diag(
                true,
                range,
                format!("raw HTML with {what} is not allowed"),
                "content is untrusted: use Markdown; scripts cannot run on the site",
            );
        } else {
            self.diag(
                false,
                range,
                format!(
                    "raw HTML `{}` is shown as text",
                    trimmed.lines().next().unwrap_or("")
                ),
                "use Markdown instead of HTML",
            );
        }
        Event::Text(html)
    }

    fn link(&mut self, link_type: LinkType, dest: &str, range: &Range<usize>) -> Resolved {
        if matches!(link_type, LinkType::Email) || dest.starts_with('#') {
            return Resolved::Keep;
        }
        if let Some(scheme) = unsafe_scheme(dest) {
            self.diag(
                true,
                range,
                format!("`{scheme}:` link is not allowed"),
                "link to an http(s) page instead",
            );
            return Resolved::Drop;
        }
        if has_scheme(dest) || dest.starts_with("//") {
            return Resolved::Keep;
        }
        let (path, fragment) = dest.split_once('#').map_or((dest, ""), |(p, f)| (p, f));
        if path.is_empty() {
            return Resolved::Keep;
        }
        let Some(target) = self.resolve_relative(path, range) else {
            return Resolved::Drop;
        };
        let suffix = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        };
        if let Some(md) = target.strip_suffix(".md") {
            let found = self.ctx.content.pages.iter().find(|p| {
                p.rel_path.trim_end_matches(".md") == md
                    && (p.meta.locale == self.ctx.site_locale
                        || p.meta.locale == self.ctx.source_locale)
            });
            return match found {
                Some(p) => Resolved::Rewrite(format!(
                    "{}{}{suffix}",
                    self.ctx.root,
                    urls::page_dir(self.ctx.site_locale, &p.slug)
                )),
                None => {
                    self.diag(
                        false,
                        range,
                        format!("link to `{path}`: no such page"),
                        "check the file name; links are relative to this file",
                    );
                    Resolved::Keep
                }
            };
        }
        match self.media(&target) {
            Some(url) => Resolved::Rewrite(format!("{url}{suffix}")),
            None => {
                self.diag(false, range, format!("link to `{path}`: no such file"), "");
                Resolved::Keep
            }
        }
    }

    fn image(&mut self, dest: &str, range: &Range<usize>) -> Resolved {
        if let Some(scheme) = unsafe_scheme(dest) {
            self.diag(
                true,
                range,
                format!("`{scheme}:` image source is not allowed"),
                "",
            );
            return Resolved::Drop;
        }
        if has_scheme(dest) || dest.starts_with("//") {
            return Resolved::Keep;
        }
        let Some(target) = self.resolve_relative(dest, range) else {
            return Resolved::Drop;
        };
        if let Some(chart) = self.ctx.charts.iter().find(|c| c.path == target) {
            return self.chart(chart.name.clone());
        }
        if let Some(url) = self.media(&target) {
            return Resolved::Rewrite(url);
        }
        if let Some(chart) = self
            .ctx
            .charts
            .iter()
            .find(|c| c.replaces.contains(&target))
        {
            let name = chart.name.clone();
            self.diag(
                false,
                range,
                format!(
                    "image `{dest}` does not exist; showing the generated chart `{name}` instead"
                ),
                "point the image at the chart's path given in book.toml",
            );
            return self.chart(name);
        }
        self.diag(
            true,
            range,
            format!("image `{dest}` does not exist"),
            "add the file next to the page, or fix the path (it is relative to this file)",
        );
        Resolved::Drop
    }

    fn chart(&mut self, name: String) -> Resolved {
        let wide = format!(
            "{}{}",
            self.ctx.root,
            urls::chart_file(self.ctx.site_locale, &name)
        );
        let narrow = format!(
            "{}{}",
            self.ctx.root,
            urls::chart_file_narrow(self.ctx.site_locale, &name)
        );
        if !self.out.charts.contains(&name) {
            self.out.charts.push(name);
        }
        Resolved::Chart { wide, narrow }
    }

    /// Resolves a relative path against the page's folder, inside its locale folder.
    /// Returns the `/`-separated path below `content/<locale>/`, or `None` (with an error) when it
    /// would leave that folder.
    fn resolve_relative(&mut self, path: &str, range: &Range<usize>) -> Option<String> {
        let decoded = path.replace("%20", " ");
        let mut parts: Vec<&str> = self.page.rel_path.split('/').collect();
        parts.pop();
        let start = if decoded.starts_with('/') {
            Vec::new()
        } else {
            parts
        };
        let mut stack = start;
        for seg in decoded.split(['/', '\\']) {
            match seg {
                "" | "." => {}
                ".." => {
                    if stack.pop().is_none() {
                        self.diag(
                            true,
                            range,
                            format!("`{path}` leads outside the content folder"),
                            "links and images must stay inside content/",
                        );
                        return None;
                    }
                }
                s => stack.push(s),
            }
        }
        Some(stack.join("/"))
    }

    /// Finds a media file for the page's locale (falling back to the source locale's copy) and
    /// returns its URL from the page, registering the copy.
    fn media(&mut self, target: &str) -> Option<String> {
        for locale in [self.page.meta.locale.as_str(), self.ctx.source_locale] {
            let rel = format!("{locale}/{target}");
            let source = self.ctx.content_dir.join(&rel);
            if source.is_file() {
                let output = format!("media/{rel}");
                let url = format!("{}{}", self.ctx.root, output);
                self.out.media.push(MediaCopy { source, output });
                return Some(url);
            }
        }
        None
    }
}

/// A chart as a `<picture>`: the narrow drawing on phones, the wide one elsewhere.
fn picture(wide: &str, narrow: &str, alt: &str) -> String {
    use crate::chart::escape;
    format!(
        "<picture class=\"chart\"><source media=\"(max-width: 36rem)\" srcset=\"{}\"><img src=\"{}\" alt=\"{}\"></picture>",
        escape(narrow),
        escape(wide),
        escape(alt)
    )
}

/// `name` of `<a name="name">` / `<a id="name">`, made URL-safe.
fn anchor_name(html: &str) -> Option<String> {
    let h = html.trim();
    let rest = h.strip_prefix("<a ").or_else(|| h.strip_prefix("<A "))?;
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("name=\"")
        .or_else(|| rest.strip_prefix("id=\""))?;
    let end = rest.find('"')?;
    let after = rest[end + 1..].trim();
    if !(after == ">" || after == "></a>" || after == "/>") {
        return None;
    }
    let slug = slugify(&rest[..end], "en");
    (!slug.is_empty()).then_some(slug)
}

/// Names what makes raw HTML dangerous, if anything does.
fn dangerous_html(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    for (needle, what) in [
        ("<script", "<script>"),
        ("<iframe", "<iframe>"),
        ("<object", "<object>"),
        ("<embed", "<embed>"),
        ("<style", "<style>"),
        ("javascript:", "a javascript: URL"),
    ] {
        if lower.contains(needle) {
            return Some(what);
        }
    }
    let bytes = lower.as_bytes();
    for i in 0..bytes.len().saturating_sub(3) {
        if bytes[i].is_ascii_whitespace() && bytes[i + 1] == b'o' && bytes[i + 2] == b'n' {
            let name_end = bytes[i + 3..]
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .map_or(bytes.len(), |p| i + 3 + p);
            if name_end > i + 3 && lower[name_end..].trim_start().starts_with('=') {
                return Some("an event-handler attribute");
            }
        }
    }
    None
}

/// A URL scheme that runs code or smuggles content (`javascript:`, `vbscript:`, `data:`),
/// recognised the way browsers do: case-insensitive, ignoring whitespace and control characters.
pub fn unsafe_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| cleaned.starts_with(&format!("{s}:")))
        .map(str::to_string)
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && i > 0
                && !url[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
