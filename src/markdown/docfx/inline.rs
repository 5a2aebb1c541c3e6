//! Paragraphs holding docfx syntax: triple-colon lines go to `blocks`; bracket tokens
//! (`[!INCLUDE]`, `[!code-…]`, `[!VIDEO]`) and inline `:::no-loc` are replaced in place, a
//! paragraph that is one token becomes that token's block HTML, unknown ones are reported.

use super::{code, strip_quote, syntax};
use crate::html_escape::escape;
use crate::markdown::Renderer;
use pulldown_cmark::{Event, TagEnd};
use std::ops::Range;

impl<'a> Renderer<'a> {
    /// A paragraph holding docfx syntax: triple-colon lines are rendered here (the whole
    /// paragraph is consumed); bracket tokens are queued for [`Self::pending_token`].
    pub(super) fn paragraph(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        out: &mut Vec<Event<'a>>,
    ) -> Option<usize> {
        let range = events[i].1.clone();
        let text = self.page.source.body().get(range.clone())?;
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
            .map_or(events.len() - 1, |p| i + p);
        let block_line = |l: &str| {
            syntax::directive(strip_quote(l))
                .is_some_and(|d| d.map_or(true, |d| d.name != "no-loc"))
        };
        if text.lines().any(block_line) {
            return Some(self.triple_colon(events, i, end, out));
        }
        let mut tokens = syntax::tokens(text);
        tokens.extend(syntax::colon_tokens(text));
        tokens.sort_by_key(|t| t.range.start);
        if tokens.is_empty() {
            return None;
        }
        let in_text = |t: &syntax::Token| {
            let at = range.start + t.range.start;
            events[i..end]
                .iter()
                .any(|(e, r)| matches!(e, Event::Text(_)) && r.start <= at && at < r.end)
        };
        let tokens: Vec<_> = tokens.into_iter().filter(in_text).collect();
        let whole = tokens.len() == 1 && text.trim() == &text[tokens[0].range.clone()];
        let mut pending = Vec::new();
        for t in tokens {
            let abs = range.start + t.range.start..range.start + t.range.end;
            let html = self.token_html(&t.kind, &abs, whole);
            use syntax::TokenKind::{Unknown, UnknownColon};
            if matches!(t.kind, Unknown { .. } | UnknownColon { .. }) {
                continue;
            }
            // A token that failed (reported) is shown as the text it is, links unresolved.
            let html = html.unwrap_or_else(|| {
                let literal = escape(&text[t.range.clone()]);
                if whole {
                    format!("<p>{literal}</p>\n")
                } else {
                    literal
                }
            });
            pending.push((abs, Some(html)));
        }
        if whole {
            if let Some((_, Some(html))) = pending.pop() {
                out.push(Event::Html(html.into()));
                return Some(end + 1);
            }
            return None;
        }
        self.docfx.pending = pending;
        None
    }

    /// Replaces the events of a queued token by its HTML, splitting text that straddles it.
    pub(super) fn pending_token(
        &mut self,
        event: &Event<'a>,
        range: &Range<usize>,
        i: usize,
        out: &mut Vec<Event<'a>>,
    ) -> Option<usize> {
        if matches!(event, Event::End(TagEnd::Paragraph)) {
            self.docfx.pending.clear();
            return None;
        }
        let overlapping = |r: &Range<usize>| r.start < range.end && range.start < r.end;
        if !self.docfx.pending.iter().any(|(r, _)| overlapping(r)) {
            return None;
        }
        let text = match event {
            Event::Text(t) if t.len() == range.len() => Some(t.to_string()),
            _ => None,
        };
        let mut pos = range.start;
        for (r, html) in self.docfx.pending.iter_mut() {
            if !overlapping(r) {
                continue;
            }
            if let (Some(t), true) = (&text, r.start > pos) {
                let piece = t[pos - range.start..r.start - range.start].to_string();
                out.push(Event::Text(piece.into()));
            }
            if let Some(h) = html.take() {
                out.push(Event::Html(h.into()));
            }
            pos = pos.max(r.end);
        }
        if let (Some(t), true) = (&text, pos < range.end) {
            out.push(Event::Text(t[pos - range.start..].to_string().into()));
        }
        Some(i + 1)
    }

    /// The HTML of one bracket token (`None` after reporting it).
    fn token_html(
        &mut self,
        kind: &syntax::TokenKind,
        range: &Range<usize>,
        block: bool,
    ) -> Option<String> {
        use syntax::TokenKind;
        match kind {
            TokenKind::Include { path } => self.include(path, range, block),
            TokenKind::Code { lang, path } => {
                let (file, sel) = code::Selection::from_path(path);
                self.code_block(lang, &file, &sel, range)
            }
            TokenKind::Video { url } => self.video(url, range, block),
            TokenKind::NoLoc { text } if block => Some(format!("<p>{}</p>\n", escape(text))),
            TokenKind::NoLoc { text } => Some(escape(text)),
            TokenKind::UnknownColon { name } => {
                self.diag(
                    false,
                    range,
                    format!("unknown docfx syntax `:::{name}`; shown as text"),
                    "supported inside a line: :::no-loc text=\"…\":::",
                );
                None
            }
            TokenKind::Unknown { word } => {
                let help = if ["note", "tip", "important", "caution", "warning", "div"]
                    .contains(&word.to_ascii_lowercase().as_str())
                {
                    "alerts and `[!div]` go alone on the first line of a `>` quote"
                } else {
                    "supported: [!INCLUDE], [!code-…], [!VIDEO], and in quotes [!NOTE] … [!div]"
                };
                self.diag(
                    false,
                    range,
                    format!("unknown docfx syntax `[!{word}`; shown as text"),
                    help,
                );
                None
            }
        }
    }

    /// `[!VIDEO url]` as a plain link (an embed would need a frame the CSP forbids).
    fn video(&mut self, url: &str, range: &Range<usize>, block: bool) -> Option<String> {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            self.diag(
                true,
                range,
                format!("`[!VIDEO {url}]`: the video must be an http(s) URL"),
                "",
            );
            return None;
        }
        let a = format!(
            "<a class=\"video-link\" href=\"{}\">{}</a>",
            escape(url),
            escape(&self.ctx.docfx.labels.video)
        );
        Some(if block {
            format!("<p class=\"video\">{a}</p>\n")
        } else {
            a
        })
    }
}
