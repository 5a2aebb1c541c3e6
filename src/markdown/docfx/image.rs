//! `:::image:::` as docfx renders it: `content` (a figure with alt text), `icon` (decorative,
//! empty alt), `complex` (alt text plus a long description tied with `aria-describedby`),
//! with `border` and `lightbox` (a link to the large image). The source goes through the
//! page's media handling, so the file is checked and copied like any Markdown image.

use super::syntax::Directive;
use crate::html_escape::escape;
use crate::markdown::{Renderer, Resolved};
use std::ops::Range;

const KNOWN: &[&str] = &[
    "type",
    "source",
    "alt-text",
    "border",
    "lightbox",
    "loc-scope",
];

impl<'a> Renderer<'a> {
    /// The HTML of one image directive (`None` after reporting why there is none).
    pub(super) fn image_directive(
        &mut self,
        d: &Directive,
        range: &Range<usize>,
        description: Option<String>,
    ) -> Option<String> {
        for key in d.attrs.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
            let message = format!("`:::image` attribute `{key}` is not supported; ignored");
            self.diag(false, range, message, "");
        }
        if !d.closed {
            self.diag(
                true,
                range,
                "`:::image` line does not end with `:::`".into(),
                "write the whole directive on one line: :::image type=\"content\" source=\"…\" alt-text=\"…\":::",
            );
            return None;
        }
        let kind = d.attrs.get("type").map_or("content", String::as_str);
        let kind = match kind {
            "content" | "icon" | "complex" => kind,
            other => {
                let message = format!("`:::image` type `{other}` is unknown; shown as `content`");
                self.diag(false, range, message, "types: content, icon, complex");
                "content"
            }
        };
        let Some(source) = d.attrs.get("source") else {
            self.diag(
                true,
                range,
                "`:::image` has no `source=`".into(),
                "name the image file: source=\"media/picture.png\"",
            );
            return None;
        };
        let alt = d.attrs.get("alt-text").map_or("", |a| a.trim());
        if alt.is_empty() && kind != "icon" {
            self.diag(
                true,
                range,
                format!("`:::image` of type `{kind}` has no `alt-text=`"),
                "describe the image for readers who cannot see it",
            );
        }
        let src = self.image_url(source, range)?;
        let border = d
            .attrs
            .get("border")
            .map_or(kind != "icon", |b| !b.eq_ignore_ascii_case("false"));
        let mut img = if kind == "icon" {
            format!(
                "<img src=\"{}\" alt=\"\" role=\"presentation\">",
                escape(&src)
            )
        } else {
            format!("<img src=\"{}\" alt=\"{}\"", escape(&src), escape(alt))
        };
        let mut after = String::new();
        if kind == "complex" {
            let id = self.ids.claim("image-description");
            img.push_str(&format!(" aria-describedby=\"{id}\">"));
            after = format!(
                "<div id=\"{id}\" class=\"visually-hidden\">\n{}</div>",
                description.unwrap_or_default()
            );
        } else if kind != "icon" {
            img.push('>');
        }
        if let Some(lightbox) = d.attrs.get("lightbox") {
            let target = if lightbox == "true" { source } else { lightbox };
            if let Some(href) = self.image_url(target, range) {
                img = format!("<a class=\"lightbox\" href=\"{}\">{img}</a>", escape(&href));
            }
        }
        let class = match (kind, border) {
            ("icon", _) => "image icon",
            (_, true) => "image border",
            (_, false) => "image",
        };
        Some(if kind == "icon" {
            format!("<p class=\"{class}\">{img}</p>\n")
        } else {
            format!("<figure class=\"{class}\">{img}{after}</figure>\n")
        })
    }

    /// The URL of an image file, checked and registered for copying.
    fn image_url(&mut self, source: &str, range: &Range<usize>) -> Option<String> {
        match self.image(source, range) {
            Resolved::Rewrite(url) => Some(url),
            Resolved::Keep => Some(source.to_string()),
            Resolved::Chart { wide, .. } => Some(wide),
            Resolved::Drop => None,
        }
    }
}
