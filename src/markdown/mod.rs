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

/// What looking for a media file found.
enum Media {
    /// Its URL from the page.
    Found(String),
    Missing,
    /// It exists but must not be published (reported).
    Refused,
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
                    self.heading_attrs(attrs, &range);
                    self.heading(level, id, classes, &events[i + 1..end], &mut out);
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
                e @ (Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)) => {
                    self.link_or_image(e, &range, &mut dropping_link, &mut out)
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => match self.image(&dest_url, &range) {
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
                    resolved => out.push(image_start(resolved, link_type, dest_url, title, id)),
                },
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

    /// Resolves a link or image event (in the body and in headings alike) and pushes what is
    /// left of it; a refused link keeps its text but loses its `<a>` (`dropping` pairs the
    /// ends with their starts). Other events pass through unchanged.
    fn link_or_image(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
        dropping: &mut Vec<bool>,
        out: &mut Vec<Event<'a>>,
    ) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match self.link(link_type, &dest_url, range) {
                Resolved::Drop => dropping.push(true),
                other => {
                    dropping.push(false);
                    let dest_url = match other {
                        Resolved::Rewrite(u) => u.into(),
                        _ => dest_url,
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
                if !dropping.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // Only body images become a <picture> (run() has their alt text at hand); a
                // chart in a heading shows its wide drawing.
                let resolved = match self.image(&dest_url, range) {
                    Resolved::Chart { wide, .. } => Resolved::Rewrite(wide),
                    other => other,
                };
                out.push(image_start(resolved, link_type, dest_url, title, id));
            }
            other => out.push(other),
        }
    }

    /// `{key=value}` heading attributes are not kept: an `on...` handler would be script
    /// and `style` breaks the site's CSP, and nothing else needs them. Ids and classes stay.
    fn heading_attrs(
        &mut self,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        range: &Range<usize>,
    ) {
        for (name, _) in attrs {
            let lower = name.to_ascii_lowercase();
            if lower.starts_with("on") {
                self.diag(
                    true,
                    range,
                    format!("heading attribute `{name}` is an event handler; not allowed"),
                    "content is untrusted: scripts cannot run on the site",
                );
            } else {
                self.diag(
                    false,
                    range,
                    format!("heading attribute `{name}` is ignored"),
                    "only `{#id}` and `{.class}` are kept",
                );
            }
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        inner: &[(Event<'a>, Range<usize>)],
        out: &mut Vec<Event<'a>>,
    ) {
        let mut anchor = id.map(|i| slugify(&i, "en"));
        let mut text = String::new();
        let mut kept = Vec::new();
        let mut dropping = Vec::new();
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
                other => self.link_or_image(other.clone(), range, &mut dropping, &mut kept),
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
            attrs: Vec::new(),
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
            let rel = format!("{md}.md");
            let found = self
                .ctx
                .content
                .at_path(self.ctx.site_locale, &rel)
                .or_else(|| self.ctx.content.at_path(self.ctx.source_locale, &rel));
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
        match self.media(&target, range) {
            Media::Found(url) => Resolved::Rewrite(format!("{url}{suffix}")),
            Media::Refused => Resolved::Drop,
            Media::Missing => {
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
        match self.media(&target, range) {
            Media::Found(url) => return Resolved::Rewrite(url),
            Media::Refused => return Resolved::Drop,
            Media::Missing => {}
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
        let decoded = percent_decode(path);
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
    /// A file that is a symlink to somewhere outside the content folder is refused (with an
    /// error): copying it would publish whatever it points at.
    fn media(&mut self, target: &str, range: &Range<usize>) -> Media {
        for locale in [self.page.meta.locale.as_str(), self.ctx.source_locale] {
            let rel = format!("{locale}/{target}");
            let source = self.ctx.content_dir.join(&rel);
            if source.is_file() {
                let inside = match (source.canonicalize(), self.ctx.content_dir.canonicalize()) {
                    (Ok(file), Ok(dir)) => file.starts_with(dir),
                    _ => false,
                };
                if !inside {
                    self.diag(
                        true,
                        range,
                        format!("`{target}` is a link to a file outside the content folder"),
                        "copy the file into content/ instead of linking to it",
                    );
                    return Media::Refused;
                }
                let output = format!("media/{rel}");
                let url = format!("{}{}", self.ctx.root, output);
                self.out.media.push(MediaCopy { source, output });
                return Media::Found(url);
            }
        }
        Media::Missing
    }
}

/// A chart as a `<picture>`: the narrow drawing on phones, the wide one elsewhere.
fn picture(wide: &str, narrow: &str, alt: &str) -> String {
    use crate::render::escape;
    format!(
        "<picture class=\"chart\"><source media=\"(max-width: 36rem)\" srcset=\"{}\"><img src=\"{}\" alt=\"{}\"></picture>",
        escape(narrow),
        escape(wide),
        escape(alt)
    )
}

/// Decodes `%XX` escapes (as UTF-8; anything invalid stays as written), so that
/// `media/%C3%A9t%C3%A9.png` finds `media/été.png` and `%2e%2e/` counts as `../`.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// The start of an image whose source was resolved (`Drop` leaves it without one).
fn image_start<'a>(
    resolved: Resolved,
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
) -> Event<'a> {
    let dest_url = match resolved {
        Resolved::Rewrite(u) => u.into(),
        Resolved::Drop => CowStr::Borrowed(""),
        Resolved::Keep | Resolved::Chart { .. } => dest_url,
    };
    Event::Start(Tag::Image {
        link_type,
        dest_url,
        title,
        id,
    })
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
