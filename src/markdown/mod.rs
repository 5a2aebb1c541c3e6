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
use crate::diagnostics::{rule, Diagnostic, Diagnostics, LineIndex, Rule};
use crate::slug::{slugify, UniqueSlugs};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MediaCopy {
    pub source: PathBuf,
    pub output: String,
}

/// By `output` alone (equal copies have equal outputs): hashing a path walks its components,
/// and the article pass hashes every page's media to list each file once.
impl std::hash::Hash for MediaCopy {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.output.hash(state);
    }
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
    /// Decides which files beside the page are published, and reads them.
    pub publisher: &'a crate::publish::Publisher,
    pub source_locale: &'a str,
    /// The locale the page is published in (differs from the page's own for untranslated fallbacks).
    pub site_locale: &'a str,
    /// Prefix from the page's folder back to the site root (`../../`).
    pub root: &'a str,
    pub charts: &'a [ChartConfig],
    /// Extra HTML (already escaped, from a template) appended inside step N.
    pub step_extras: &'a BTreeMap<u64, String>,
    /// What to do with links and media the build cannot follow.
    pub links: &'a crate::config::LinksConfig,
    /// Microsoft Docs extensions: labels, the include reader, the site folder.
    pub docfx: docfx::DocfxEnv<'a>,
}

/// Renders `page`'s body. Problems are returned as diagnostics with file lines.
pub fn render(page: &Page, ctx: &MarkdownContext) -> (RenderedBody, Diagnostics) {
    let (body, diagnostics, _) =
        render_with(page, ctx, docfx::State::default(), UniqueSlugs::default());
    (body, diagnostics)
}

/// [`render`] inside an include (or a fragment): `state` knows the includes that led here,
/// and `ids` the ids the page has used (returned with the new ones, so they stay unique).
fn render_with(
    page: &Page,
    ctx: &MarkdownContext,
    state: docfx::State,
    ids: UniqueSlugs,
) -> (RenderedBody, Diagnostics, UniqueSlugs) {
    let mut r = Renderer {
        page,
        ctx,
        out: RenderedBody::default(),
        diagnostics: Diagnostics::new(),
        lines: None,
        ids,
        docfx: state,
    };
    let mut html = r.run();
    r.docfx_finish(&mut html);
    r.out.html = html;
    (r.out, r.diagnostics, r.ids)
}

/// Markdown extensions a docs site needs.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

struct Renderer<'a> {
    page: &'a Page,
    ctx: &'a MarkdownContext<'a>,
    out: RenderedBody,
    diagnostics: Diagnostics,
    ids: UniqueSlugs,
    /// The page's line index, made at the first diagnostic (a page may report thousands).
    lines: Option<LineIndex<'a>>,
    docfx: docfx::State,
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
    /// Reports a Markdown problem (rule `markdown`) at `range` of the body.
    fn diag(&mut self, error: bool, range: &Range<usize>, message: String, help: &str) {
        self.diag_rule(rule::MARKDOWN, error, range, message, help);
    }

    /// Reports a problem of rule `rule` at `range` of the body.
    fn diag_rule(
        &mut self,
        rule: Rule,
        error: bool,
        range: &Range<usize>,
        message: String,
        help: &str,
    ) {
        let path = self.page.path();
        let d = if error {
            Diagnostic::error(path, message)
        } else {
            Diagnostic::warning(path, message)
        };
        let page: &'a Page = self.page;
        let lines = self
            .lines
            .get_or_insert_with(|| LineIndex::new(&page.source.text));
        let d = d
            .rule(rule)
            .at_index(lines, self.page.source.body_offset + range.start);
        self.diagnostics.push(if help.is_empty() {
            d
        } else {
            d.with_help(help)
        });
    }

    fn run(&mut self) -> String {
        let body = self.page.source.body();
        // Control characters and bidi overrides are reported by the content stage; they reach
        // neither the text nor the headings' ids and labels.
        let events: Vec<(Event<'a>, Range<usize>)> = Parser::new_ext(body, options())
            .into_offset_iter()
            .map(|(e, r)| match e {
                Event::Text(t) if t.chars().any(crate::text_hygiene::is_unwanted) => (
                    Event::Text(crate::text_hygiene::clean(&t).into_owned().into()),
                    r,
                ),
                e => (e, r),
            })
            .collect();
        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut lists: Vec<Option<u64>> = Vec::new(); // start number of each open list (None: bullets)
        let mut item_numbers: Vec<u64> = Vec::new();
        let mut dropping_link = Vec::new();
        let mut i = 0;
        while i < events.len() {
            if let Some(next) = self.docfx(&events, i, &mut out) {
                i = next;
                continue;
            }
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
                // Wide tables and code scroll sideways on phones: a scrolling region must be
                // reachable with the keyboard (WCAG 2.1.1), hence `tabindex="0"`.
                Event::Start(Tag::Table(a)) => {
                    out.push(Event::Html(
                        "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                    ));
                    out.push(Event::Start(Tag::Table(a)));
                }
                Event::End(TagEnd::Table) => {
                    out.push(Event::End(TagEnd::Table));
                    out.push(Event::Html("</div>".into()));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    out.push(Event::Html(code_block_start(&kind).into()))
                }
                Event::End(TagEnd::CodeBlock) => out.push(Event::Html("</code></pre>\n".into())),
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
        pulldown_cmark::html::push_html(&mut html, isolate_ltr(out).into_iter());
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
}

pub mod docfx;
mod links;
mod raw_html;

pub use links::unsafe_scheme;
use links::{image_start, picture};

/// The opening of a fenced or indented code block: `<pre tabindex="0">` (a block that scrolls
/// must take keyboard focus) and the language class pulldown-cmark would write.
/// Isolates what is always written left to right, whatever the page's direction: inline code
/// gets `dir="ltr"`, and URLs, CVE IDs and CVSS vectors in text a `<span dir="ltr">` (a `dir`
/// attribute isolates its element), so an Arabic or Hebrew sentence keeps its brackets and full
/// stop on the right side. Text in code blocks and image alt text stays as it is.
fn isolate_ltr(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut raw = 0usize; // inside a code block or an image (alt text)
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => raw += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => raw = raw.saturating_sub(1),
            Event::Html(ref h) => match (h.contains("<pre"), h.contains("</pre>")) {
                (true, false) => raw += 1,
                (false, true) => raw = raw.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
        match event {
            Event::Code(code) if raw == 0 => out.push(Event::Html(
                format!(
                    "<code dir=\"ltr\">{}</code>",
                    crate::html_escape::escape(&code)
                )
                .into(),
            )),
            Event::Text(text) if raw == 0 => {
                for run in crate::bidi::ltr_runs(&text) {
                    match run {
                        crate::bidi::Run::Text(t) => out.push(Event::Text(t.to_string().into())),
                        crate::bidi::Run::Ltr(t) => out.push(Event::Html(
                            format!("<span dir=\"ltr\">{}</span>", crate::html_escape::escape(t))
                                .into(),
                        )),
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn code_block_start(kind: &pulldown_cmark::CodeBlockKind) -> String {
    let language = match kind {
        pulldown_cmark::CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
        pulldown_cmark::CodeBlockKind::Indented => "",
    };
    if language.is_empty() {
        "<pre tabindex=\"0\" dir=\"ltr\"><code>".to_string()
    } else {
        format!(
            "<pre tabindex=\"0\" dir=\"ltr\"><code class=\"language-{}\">",
            crate::html_escape::escape(language)
        )
    }
}
use raw_html::anchor_name;

#[cfg(test)]
mod tests;
