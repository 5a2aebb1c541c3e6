//! Microsoft Docs (docfx-flavoured) Markdown: the extensions real Microsoft articles use,
//! rendered as HTML instead of leaking out as literal text.
//!
//! pulldown-cmark parses plain CommonMark (plus GFM alerts); this module watches the event
//! stream of [`super::Renderer`] and, using each event's source range, recognises:
//! alerts (`> [!NOTE]`), `> [!div class="…"]`, `[!INCLUDE]`, `[!code-…]`, `[!VIDEO]` and
//! triple-colon lines (`:::image`, `:::code`, `::: zone`). Unknown `[!X]` / `:::x` syntax is
//! reported, never published silently.

mod blocks;
pub mod code;
pub mod files;
mod image;
mod include;
mod inline;
pub mod syntax;

#[cfg(test)]
mod tests;

pub use files::{IncludeSource, ReadError};
pub use include::referenced_includes;

use super::Renderer;
use crate::html_escape::escape;
use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Message ids of the UI text docfx syntax shows (alert titles, labels); listed with tolk's
/// other built-in messages in `site::messages`.
pub const MESSAGES: &[&str] = &[
    "docfx-note",
    "docfx-tip",
    "docfx-important",
    "docfx-caution",
    "docfx-warning",
    "docfx-video",
    "docfx-zone",
];

/// UI text in the reader's language, looked up once per page.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub caution: String,
    pub warning: String,
    /// The text of a `[!VIDEO]` link.
    pub video: String,
    /// Before the pivots of a `::: zone` (`Applies to`).
    pub zone: String,
}

impl Labels {
    /// Labels of `locale` from Fluent (through its fallback chain).
    pub fn new(localizer: &crate::i18n::Localizer, locale: &str) -> Labels {
        let t = |id: &str| localizer.plain(locale, id, None);
        Labels {
            note: t("docfx-note"),
            tip: t("docfx-tip"),
            important: t("docfx-important"),
            caution: t("docfx-caution"),
            warning: t("docfx-warning"),
            video: t("docfx-video"),
            zone: t("docfx-zone"),
        }
    }
}

/// What rendering docfx syntax needs from the site.
#[derive(Clone, Copy)]
pub struct DocfxEnv<'a> {
    pub labels: &'a Labels,
    /// Reads included files and code files; refuses what must not be published.
    pub files: &'a dyn IncludeSource,
    /// The site's folder: docfx's `~/` (code files only).
    pub site_root: &'a Path,
    /// The source locale's direction (`ltr`/`rtl`): an include a translated page takes from
    /// the source locale is wrapped with its `lang` and this `dir`.
    pub source_dir: &'a str,
}

/// Per-render state: what is open, and which includes led here.
#[derive(Debug, Default, Clone)]
pub struct State {
    /// For each open blockquote: the HTML that closes what replaced it (`None`: a plain quote).
    quotes: Vec<Option<&'static str>>,
    /// Body offsets of the open `::: zone` lines.
    pub(super) zones: Vec<usize>,
    /// Included files from the page down to this one, for cycle errors.
    pub(super) chain: Vec<PathBuf>,
    /// Folder of the file being rendered (names below the content folder) when it is not
    /// the page's own (an include).
    pub(super) dir: Option<Vec<String>>,
    /// Bracket tokens of the current paragraph still to replace, with their HTML.
    pending: Vec<(Range<usize>, Option<String>)>,
    /// The source of the last paragraph scanned for tokens (text elsewhere is only checked).
    scanned: Range<usize>,
    /// Inside a fenced or indented code block (its text is code, not syntax).
    in_code: bool,
}

/// `<div>` classes Microsoft uses in `> [!div class="…"]`; others are dropped with a warning.
const DIV_CLASSES: &[&str] = &[
    "nextstepaction",
    "checklist",
    "op_single_selector",
    "op_multi_selector",
    "mx-imgBorder",
    "mx-tdBreakAll",
    "mx-tdCol2BreakAll",
    "mx-tableFixed",
    "nextstepaction-inline",
    "button",
    "tabbedCodeSnippets",
];

impl<'a> Renderer<'a> {
    /// The hook of [`Renderer::run`]: handles event `i` when it is docfx syntax, pushing its
    /// HTML, and returns the index of the next event to look at; `None` leaves it to `run`.
    pub(super) fn docfx(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        out: &mut Vec<Event<'a>>,
    ) -> Option<usize> {
        let (event, range) = &events[i];
        if !self.docfx.pending.is_empty() {
            if let Some(next) = self.pending_token(event, range, i, out) {
                return Some(next);
            }
        }
        match event {
            Event::Start(Tag::BlockQuote(kind)) => Some(self.quote_start(*kind, events, i, out)),
            Event::End(TagEnd::BlockQuote(_)) => {
                match self.docfx.quotes.pop().flatten() {
                    Some(close) => out.push(Event::Html(close.into())),
                    None => out.push(event.clone()),
                }
                Some(i + 1)
            }
            Event::Start(Tag::Paragraph) => {
                self.docfx.scanned = range.clone();
                self.paragraph(events, i, out)
            }
            Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => {
                self.docfx.in_code = matches!(event, Event::Start(_));
                None
            }
            Event::Text(_) if !self.docfx.in_code && !self.docfx.scanned.contains(&range.start) => {
                self.unplaced_syntax(range);
                None
            }
            _ => None,
        }
    }

    /// Alerts and `[!div]` replace the quote; anything else stays a quote.
    fn quote_start(
        &mut self,
        kind: Option<BlockQuoteKind>,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        out: &mut Vec<Event<'a>>,
    ) -> usize {
        if let Some(kind) = kind {
            let l = self.ctx.docfx.labels;
            let (class, title) = match kind {
                BlockQuoteKind::Note => ("is-note", &l.note),
                BlockQuoteKind::Tip => ("is-tip", &l.tip),
                BlockQuoteKind::Important => ("is-important", &l.important),
                BlockQuoteKind::Warning => ("is-warning", &l.warning),
                BlockQuoteKind::Caution => ("is-caution", &l.caution),
            };
            out.push(Event::Html(alert_open(class, title).into()));
            self.docfx.quotes.push(Some("</div>\n"));
            return i + 1;
        }
        let body = self.page.source.body();
        let first = match events.get(i + 1) {
            Some((Event::Start(Tag::Paragraph), r)) => {
                let text = body.get(r.clone()).unwrap_or("");
                let line = text.lines().next().unwrap_or("");
                Some((r.start, r.start + line.len(), line.trim()))
            }
            _ => None,
        };
        let div = first.and_then(|(start, end, line)| {
            let inner = line.strip_prefix("[!")?.strip_suffix(']')?;
            let (word, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            if !word.eq_ignore_ascii_case("div") {
                return None;
            }
            Some((start, end, rest.to_string()))
        });
        let Some((start, end, rest)) = div else {
            out.push(events[i].0.clone());
            self.docfx.quotes.push(None);
            return i + 1;
        };
        let classes = self.div_classes(&rest, &(start..end));
        out.push(Event::Html(
            format!("<div class=\"{}\">\n", escape(&classes.join(" "))).into(),
        ));
        self.docfx.quotes.push(Some("</div>\n"));
        // Drop the marker line's events; keep the rest of its paragraph.
        let mut j = i + 2;
        while j < events.len()
            && events[j].1.start <= end
            && !matches!(events[j].0, Event::End(TagEnd::Paragraph))
        {
            j += 1;
        }
        match events.get(j) {
            Some((Event::End(TagEnd::Paragraph), _)) => j + 1,
            _ => {
                out.push(Event::Start(Tag::Paragraph));
                j
            }
        }
    }

    /// docfx syntax where tolk does not look for it (a tight list item, a table cell, a
    /// heading) stays text, with a warning rather than silently.
    fn unplaced_syntax(&mut self, range: &Range<usize>) {
        let body = self.page.source.body();
        let line_end = body[range.start..]
            .find('\n')
            .map_or(body.len(), |e| range.start + e);
        let Some(source) = body.get(range.start..line_end) else {
            return;
        };
        let mut found = syntax::tokens(source);
        found.extend(syntax::colon_tokens(source));
        let Some(t) = found.into_iter().find(|t| t.range.start < range.len()) else {
            return;
        };
        self.diag(
            false,
            &(range.start + t.range.start..range.end),
            format!(
                "docfx syntax `{}` is not rendered here; shown as text",
                &source[t.range]
            ),
            "put it in a paragraph of its own (in a list, leave a blank line between items)",
        );
    }

    /// The allow-listed classes of `class="…"`, warning about the rest.
    fn div_classes(&mut self, attrs: &str, range: &Range<usize>) -> Vec<String> {
        let attrs = match syntax::attributes(attrs) {
            Ok(a) => a,
            Err(e) => {
                self.diag(false, range, format!("`[!div]`: {e}"), "");
                return Vec::new();
            }
        };
        let mut kept = Vec::new();
        for class in attrs
            .get("class")
            .map_or("", String::as_str)
            .split_whitespace()
        {
            match DIV_CLASSES.iter().find(|c| c.eq_ignore_ascii_case(class)) {
                Some(c) => kept.push(c.to_string()),
                None => self.diag(
                    false,
                    range,
                    format!("`[!div]` class `{class}` is not supported; dropped"),
                    &format!("supported: {}", DIV_CLASSES.join(", ")),
                ),
            }
        }
        kept
    }
}

/// The opening of an alert: its box and its (translated) title.
fn alert_open(class: &str, title: &str) -> String {
    format!(
        "<div class=\"alert {class}\" role=\"note\">\n<p class=\"alert-title\">{}</p>\n",
        escape(title)
    )
}

/// A source line without the `>` markers and indentation of enclosing quotes.
fn strip_quote(line: &str) -> &str {
    let mut l = line.trim_start();
    while let Some(rest) = l.strip_prefix('>') {
        l = rest.trim_start();
    }
    l
}
