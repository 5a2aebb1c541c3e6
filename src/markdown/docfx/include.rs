//! Files a page pulls in: `[!INCLUDE]` (Markdown, rendered in place) and code files.
//!
//! Paths are relative to the including file and must stay inside the content folder (code
//! files may also use docfx's `~/`, the site folder). A path inside a locale folder is looked
//! up in the page's locale first, then at the same path in the source locale (and then wrapped
//! with the source locale's `lang` and `dir`: it is text in another language). Diagnostics
//! inside an include name the include file and its line; a cycle is an error with the chain.

use super::files::{join_inside, ReadError};
use super::{code, syntax, State};
use crate::content::{Page, SourceText};
use crate::html_escape::escape;
use crate::markdown::{render_with, MarkdownContext, Renderer};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

/// Includes deeper than this are refused (a cycle is caught before; this bounds the work).
const MAX_DEPTH: usize = 10;

/// A file found for a path written in a page.
struct Found {
    /// Its path (absolute when the content folder is).
    path: PathBuf,
    /// Its folder, as names below the content folder.
    segments: Vec<String>,
    text: String,
}

impl<'a> Renderer<'a> {
    /// The HTML of `[!INCLUDE [..](path)]`: the file rendered as Markdown (its paragraph
    /// wrapper removed when `block` is false).
    pub(super) fn include(
        &mut self,
        path: &str,
        range: &Range<usize>,
        block: bool,
    ) -> Option<String> {
        let found = self.find_file(path, range, "include", false)?;
        let mut chain = self.docfx.chain.clone();
        if chain.is_empty() {
            chain.push(self.page.path().to_path_buf());
        }
        let cycle = chain.contains(&found.path);
        if cycle || chain.len() > MAX_DEPTH {
            let root = self.ctx.docfx.site_root;
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&found.path))
                .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
                .collect();
            let what = if cycle {
                "include cycle"
            } else {
                "includes nested too deep"
            };
            self.diag(true, range, format!("{what}: {}", names.join(" → ")), "");
            return None;
        }
        let body_offset = front_matter_end(&found.text);
        let source = SourceText::fragment(found.path.clone(), found.text, body_offset);
        let mut rel = found.segments.clone();
        if rel.first().is_some_and(|l| self.is_locale(l)) {
            rel.remove(0);
        }
        chain.push(found.path.clone());
        let state = State {
            chain,
            ..State::default()
        };
        let page = Page {
            source: std::sync::Arc::new(source),
            rel_path: rel.join("/"),
            meta: self.page.meta.clone(),
            slug: self.page.slug.clone(),
            facts: Default::default(),
        };
        // Taken from the source locale into a translation: text in another language.
        let source = self.ctx.source_locale;
        let foreign =
            found.segments.first().is_some_and(|l| l == source) && self.page.meta.locale != source;
        let mut dir = found.segments;
        dir.pop();
        let html = self.render_nested(&page, state, dir);
        let lang = format!(
            " lang=\"{}\" dir=\"{}\"",
            escape(source),
            escape(self.ctx.docfx.source_dir)
        );
        let inline = match html.trim_end().strip_prefix("<p>") {
            Some(h) if !block => h.strip_suffix("</p>").filter(|i| !i.contains("<p>")),
            _ => None,
        };
        Some(match (inline, foreign) {
            (Some(inner), true) => format!("<span{lang}>{inner}</span>"),
            (Some(inner), false) => inner.to_string(),
            (None, true) => format!("<div{lang}>\n{html}</div>\n"),
            (None, false) => html,
        })
    }

    /// Markdown of this page's body between two offsets, rendered with its file lines.
    pub(super) fn fragment(&mut self, range: Range<usize>) -> String {
        let src = &self.page.source;
        let end = (src.body_offset + range.end).min(src.text.len());
        let text = src.text.get(..end).unwrap_or_default().to_string();
        let source = SourceText::fragment(src.path.clone(), text, src.body_offset + range.start);
        let page = Page {
            source: std::sync::Arc::new(source),
            rel_path: self.page.rel_path.clone(),
            meta: self.page.meta.clone(),
            slug: self.page.slug.clone(),
            facts: Default::default(),
        };
        let state = State {
            chain: self.docfx.chain.clone(),
            ..State::default()
        };
        let dir = self.current_dir();
        self.render_nested(&page, state, dir)
    }

    /// Renders another source in this page's context, keeping what it found.
    fn render_nested(&mut self, page: &Page, mut state: State, dir: Vec<String>) -> String {
        state.dir = Some(dir);
        let empty = BTreeMap::new();
        let ctx = MarkdownContext {
            step_extras: &empty,
            ..*self.ctx
        };
        let ids = std::mem::take(&mut self.ids);
        let (body, diagnostics, ids) = render_with(page, &ctx, state, ids);
        self.ids = ids;
        self.diagnostics.extend(diagnostics);
        self.out.media.extend(body.media);
        self.out.headings.extend(body.headings);
        for c in body.charts {
            if !self.out.charts.contains(&c) {
                self.out.charts.push(c);
            }
        }
        body.html
    }

    /// The HTML of a code file's selected lines.
    pub(super) fn code_block(
        &mut self,
        lang: &str,
        path: &str,
        sel: &code::Selection,
        range: &Range<usize>,
    ) -> Option<String> {
        let found = self.find_file(path, range, "code file", true)?;
        match code::select(&found.text, sel) {
            Ok((lines, highlight)) => {
                Some(code::html(&code::language(lang, path), &lines, &highlight))
            }
            Err(e) => {
                self.diag(true, range, format!("code file `{path}`: {e}"), "");
                None
            }
        }
    }

    /// The folder of the file being rendered, as names below the content folder.
    fn current_dir(&self) -> Vec<String> {
        if let Some(dir) = &self.docfx.dir {
            return dir.clone();
        }
        let mut d = vec![self.page.meta.locale.clone()];
        d.extend(self.page.rel_path.split('/').map(str::to_string));
        d.pop();
        d
    }

    fn is_locale(&self, name: &str) -> bool {
        [
            self.page.meta.locale.as_str(),
            self.ctx.source_locale,
            self.ctx.site_locale,
        ]
        .contains(&name)
    }

    /// Resolves and reads `path` (with the locale fallback), reporting what went wrong.
    fn find_file(
        &mut self,
        path: &str,
        range: &Range<usize>,
        what: &str,
        allow_site_root: bool,
    ) -> Option<Found> {
        let decoded = crate::urls::percent_decode_lenient(path);
        if super::super::links::unsafe_scheme(&decoded).is_some() || decoded.contains("://") {
            self.diag(
                true,
                range,
                format!("{what} `{path}` must be a relative path"),
                "",
            );
            return None;
        }
        let (root, segments) = match decoded.strip_prefix("~/") {
            Some(rest) if allow_site_root => (self.ctx.docfx.site_root, join_inside(&[], rest)),
            _ => (
                self.ctx.content_dir,
                join_inside(&self.current_dir(), &decoded),
            ),
        };
        let Some(segments) = segments else {
            self.diag(
                true,
                range,
                format!("{what} `{path}` is outside the content folder; refused"),
                "keep included files inside the site's content folder",
            );
            return None;
        };
        let candidates = super::files::locale_candidates(
            segments,
            &self.page.meta.locale,
            self.ctx.source_locale,
            |name| self.is_locale(name),
        );
        for c in &candidates {
            let abs = c.iter().fold(root.to_path_buf(), |p, s| p.join(s));
            match self.ctx.docfx.files.read(&abs) {
                Ok(text) => {
                    return Some(Found {
                        path: abs,
                        segments: c.clone(),
                        text,
                    })
                }
                Err(ReadError::NotFound) => continue,
                Err(e) => {
                    self.diag(true, range, format!("{what} `{path}`: {e}"), "");
                    return None;
                }
            }
        }
        self.diag(
            true,
            range,
            format!("{what} `{path}`: no such file"),
            "paths are relative to the file that includes them",
        );
        None
    }
}

/// Offset of the body of an include: after its front matter, if it has one.
fn front_matter_end(text: &str) -> usize {
    let Some(rest) = text.strip_prefix("---\n") else {
        return 0;
    };
    let mut at = 4;
    for line in rest.split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == "---" {
            return at;
        }
    }
    0
}

/// Paths (below the locale folder, `/`-separated) of the Markdown files that `body` of the
/// page at `rel_path` includes from its own locale folder: they are parts, not pages.
pub fn referenced_includes(body: &str, rel_path: &str) -> Vec<String> {
    let base: Vec<String> = {
        let mut d: Vec<String> = rel_path.split('/').map(str::to_string).collect();
        d.pop();
        d
    };
    syntax::tokens(body)
        .into_iter()
        .filter_map(|t| match t.kind {
            syntax::TokenKind::Include { path } => {
                join_inside(&base, &crate::urls::percent_decode_lenient(&path))
            }
            _ => None,
        })
        .map(|s| s.join("/"))
        .collect()
}
