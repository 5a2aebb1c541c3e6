//! Triple-colon lines: `:::image`, `:::code`, `::: zone` and `::: zone-end`.
//!
//! A paragraph with such a line is rendered line by line: each directive becomes its HTML,
//! and ordinary lines between them (written without a blank line) are rendered as Markdown.

use super::syntax::{directive, Directive};
use super::{code, strip_quote};
use crate::html_escape::escape;
use crate::markdown::Renderer;
use pulldown_cmark::Event;
use std::ops::Range;

impl<'a> Renderer<'a> {
    /// Renders the paragraph `events[i..=end]`; returns the next event to look at.
    pub(super) fn triple_colon(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        end: usize,
        out: &mut Vec<Event<'a>>,
    ) -> usize {
        let para = events[i].1.clone();
        let mut next = end + 1;
        let mut at = para.start;
        let mut loose: Option<usize> = None;
        let mut limit = para.end;
        while at < limit {
            let body = self.page.source.body();
            let line_end = body[at..].find('\n').map_or(body.len(), |p| at + p);
            let line = body[at..line_end].to_string();
            let range = at..line_end;
            at = line_end + 1;
            let parsed = match directive(strip_quote(&line)) {
                None => {
                    loose.get_or_insert(range.start);
                    continue;
                }
                Some(parsed) => parsed,
            };
            if let Some(start) = loose.take() {
                self.push_fragment(start..range.start, out);
            }
            let d = match parsed {
                Ok(d) => d,
                Err(e) => {
                    self.diag(
                        false,
                        &range,
                        format!("cannot read `{}`: {e}", line.trim()),
                        "",
                    );
                    continue;
                }
            };
            if d.name == "image" && d.attrs.get("type").is_some_and(|t| t == "complex") {
                match self.complex_end(at) {
                    Some((desc, marker_end)) => {
                        let description = self.fragment(desc);
                        if let Some(html) = self.image_directive(&d, &range, Some(description)) {
                            out.push(Event::Html(html.into()));
                        }
                        at = marker_end;
                        if marker_end > limit {
                            limit = marker_end;
                            next = events
                                .iter()
                                .position(|(_, r)| r.start >= marker_end)
                                .unwrap_or(events.len())
                                .max(end + 1);
                        }
                    }
                    None => self.diag(
                        true,
                        &range,
                        "`:::image type=\"complex\"` has no `:::image-end:::`".into(),
                        "end the long description with a line `:::image-end:::`",
                    ),
                }
                continue;
            }
            self.directive(&d, &line, &range, out);
        }
        if let Some(start) = loose {
            self.push_fragment(start..limit.min(para.end.max(start)), out);
        }
        next
    }

    /// One self-contained directive line.
    fn directive(
        &mut self,
        d: &Directive,
        line: &str,
        range: &Range<usize>,
        out: &mut Vec<Event<'a>>,
    ) {
        let html = match d.name.as_str() {
            "image" => self.image_directive(d, range, None),
            "code" => self.code_directive(d, range),
            "zone" => Some(self.zone_open(d, range)),
            "zone-end" => self.zone_close(range),
            "image-end" => {
                self.diag(
                    false,
                    range,
                    "`:::image-end:::` without a complex image".into(),
                    "",
                );
                None
            }
            other => {
                self.diag(
                    false,
                    range,
                    format!("unknown docfx syntax `:::{other}`; shown as text"),
                    "supported: :::image, :::code, ::: zone",
                );
                Some(format!("<p>{}</p>\n", escape(line.trim())))
            }
        };
        if let Some(html) = html {
            out.push(Event::Html(html.into()));
        }
    }

    /// Where the long description of a complex image starting at `from` ends: the range of
    /// the description and the offset after the `:::image-end:::` line.
    fn complex_end(&self, from: usize) -> Option<(Range<usize>, usize)> {
        let body = self.page.source.body();
        let mut at = from;
        while at < body.len() {
            let line_end = body[at..].find('\n').map_or(body.len(), |p| at + p);
            let line = strip_quote(&body[at..line_end]);
            if directive(line).is_some_and(|d| d.is_ok_and(|d| d.name == "image-end")) {
                return Some((from..at, (line_end + 1).min(body.len())));
            }
            at = line_end + 1;
        }
        None
    }

    fn push_fragment(&mut self, range: Range<usize>, out: &mut Vec<Event<'a>>) {
        let html = self.fragment(range);
        if !html.trim().is_empty() {
            out.push(Event::Html(html.into()));
        }
    }

    fn code_directive(&mut self, d: &Directive, range: &Range<usize>) -> Option<String> {
        let Some(source) = d.attrs.get("source") else {
            self.diag(
                true,
                range,
                "`:::code` has no `source=`".into(),
                "name the code file: source=\"path/to/file\"",
            );
            return None;
        };
        let sel = code::Selection {
            id: d.attrs.get("id").cloned(),
            range: d.attrs.get("range").cloned(),
            highlight: d.attrs.get("highlight").cloned(),
        };
        let lang = d.attrs.get("language").map_or("", String::as_str);
        self.code_block(lang, source, &sel, range)
    }

    fn zone_open(&mut self, d: &Directive, range: &Range<usize>) -> String {
        let pivots: Vec<&str> = d
            .attrs
            .get("pivot")
            .or_else(|| d.attrs.get("target"))
            .map_or("", String::as_str)
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if pivots.is_empty() {
            self.diag(false, range, "`::: zone` has no `pivot=`".into(), "");
        }
        self.docfx.zones.push(range.start);
        format!(
            "<details class=\"zone\" data-pivot=\"{}\" open>\n<summary>{}: {}</summary>\n",
            escape(&pivots.join(" ")),
            escape(&self.ctx.docfx.labels.zone),
            escape(&pivots.join(", "))
        )
    }

    fn zone_close(&mut self, range: &Range<usize>) -> Option<String> {
        if self.docfx.zones.pop().is_none() {
            self.diag(false, range, "`::: zone-end` without `::: zone`".into(), "");
            return None;
        }
        Some("</details>\n".into())
    }

    /// After the last event: zones left open are errors (and closed, to keep the HTML whole).
    pub(in crate::markdown) fn docfx_finish(&mut self, html: &mut String) {
        while let Some(start) = self.docfx.zones.pop() {
            self.diag(
                true,
                &(start..start + 1),
                "`::: zone` has no `::: zone-end`".into(),
                "end the zone with a line `::: zone-end`",
            );
            html.push_str("</details>\n");
        }
    }
}
