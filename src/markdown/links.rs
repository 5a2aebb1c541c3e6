//! Links, images and media: resolved against the page's folder, kept inside the content
//! folder, rewritten for the output, and copied; `javascript:`-style URLs are errors.

use super::{Media, MediaCopy, Renderer, Resolved};
use crate::diagnostics::rule;
use crate::urls;
use pulldown_cmark::{CowStr, Event, LinkType, Tag};
use std::ops::Range;

impl<'a> Renderer<'a> {
    pub(super) fn link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        range: &Range<usize>,
    ) -> Resolved {
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
        if path.starts_with('/') {
            return self.site_absolute(dest, range);
        }
        if is_yaml_page(path) {
            self.broken(
                range,
                format!("link to `{path}`: YAML landing pages and tables of contents are not pages of this site"),
                "link to an article (.md) instead",
            );
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
                    "{}{suffix}",
                    urls::link(
                        self.ctx.root,
                        &urls::page_dir(self.ctx.site_locale, &p.slug)
                    )
                )),
                None => {
                    self.broken(
                        range,
                        format!("link to `{path}`: no such page in this documentation set"),
                        "check the file name (links are relative to this file), or link to the published article's URL",
                    );
                    Resolved::Keep
                }
            };
        }
        match self.media(&target, range) {
            Media::Found(url) => Resolved::Rewrite(format!("{url}{suffix}")),
            Media::Refused => Resolved::Drop,
            Media::Missing => {
                self.broken(range, format!("link to `{path}`: no such file"), "");
                Resolved::Keep
            }
        }
    }

    pub(super) fn image(&mut self, dest: &str, range: &Range<usize>) -> Resolved {
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
            // book.toml says so on purpose (`replaces`): nothing to report.
            return self.chart(chart.name.clone());
        }
        self.diag_rule(
            rule::MEDIA_MISSING,
            self.ctx.links.missing_media.is_error(),
            range,
            format!("image `{dest}` does not exist"),
            "add the file next to the page, or fix the path (it is relative to this file); `[links] missing-media = \"warning\"` publishes without it",
        );
        Resolved::Drop
    }

    /// A link the reader could not follow, at the `[links] broken` level.
    fn broken(&mut self, range: &Range<usize>, message: String, help: &str) {
        let error = self.ctx.links.broken.is_error();
        self.diag_rule(rule::LINK_BROKEN, error, range, message, help);
    }

    /// `/azure/x`: a path on the site the set came from. Mapped through `[links] absolute-base`
    /// when set, else reported (it would 404 here).
    fn site_absolute(&mut self, dest: &str, range: &Range<usize>) -> Resolved {
        match self.ctx.links.absolute(dest, self.ctx.site_locale) {
            Some(url) => Resolved::Rewrite(url),
            None => {
                self.broken(
                    range,
                    format!("site-absolute link `{dest}` leads to no page of this site"),
                    "link relative to this file, or set `[links] absolute-base` in book.toml",
                );
                Resolved::Keep
            }
        }
    }

    pub(super) fn chart(&mut self, name: String) -> Resolved {
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
    pub(super) fn resolve_relative(&mut self, path: &str, range: &Range<usize>) -> Option<String> {
        let decoded = urls::percent_decode_lenient(path);
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
                        self.diag_rule(
                            rule::LINK_BROKEN,
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
    /// returns its URL from the page, registering the copy. A file the publisher refuses (a
    /// link, a type a browser would run, content that is not what its name says) is an error
    /// at the link.
    pub(super) fn media(&mut self, target: &str, range: &Range<usize>) -> Media {
        for locale in [self.page.meta.locale.as_str(), self.ctx.source_locale] {
            let rel = format!("{locale}/{target}");
            let source = self.ctx.content_dir.join(&rel);
            match self.ctx.publisher.check(&source) {
                Err(e) if e.is_not_found() => continue,
                Err(e) => {
                    self.diag_rule(
                        rule::MEDIA_MISSING,
                        true,
                        range,
                        e.message(target),
                        e.help(),
                    );
                    return Media::Refused;
                }
                Ok(()) => {
                    let output = format!("media/{rel}");
                    let url = format!("{}{}", self.ctx.root, output);
                    self.out.media.push(MediaCopy { source, output });
                    return Media::Found(url);
                }
            }
        }
        Media::Missing
    }
}

/// A chart as a `<picture>`: the narrow drawing on phones, the wide one elsewhere.
pub(super) fn picture(wide: &str, narrow: &str, alt: &str) -> String {
    use crate::html_escape::escape;
    format!(
        "<picture class=\"chart\"><source media=\"(max-width: 36rem)\" srcset=\"{}\"><img src=\"{}\" alt=\"{}\"></picture>",
        escape(narrow),
        escape(wide),
        escape(alt)
    )
}

/// The start of an image whose source was resolved (`Drop` leaves it without one).
pub(super) fn image_start<'a>(
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
/// Names what makes raw HTML dangerous, if anything does.
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

/// `index.yml`, `toc.yml`, `TOC.yml` (any `.yml`/`.yaml`): navigation and landing-page data
/// that docfx builds into pages and tolk does not.
fn is_yaml_page(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yml") || lower.ends_with(".yaml")
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
