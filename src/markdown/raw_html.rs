//! Raw HTML in Markdown: untrusted, so shown as text. Microsoft's `<a name>` anchors become
//! empty id targets, `<br>` stays a line break, and markup that could run code is an error.

use super::Renderer;
use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event};
use std::ops::Range;

impl<'a> Renderer<'a> {
    /// Raw HTML is shown as text. Anchors become empty id targets; dangerous markup is an error.
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, range: &Range<usize>) -> Event<'a> {
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
}

pub(super) fn anchor_name(html: &str) -> Option<String> {
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
