//! [`PageFacts`]: what a page's rendering reads besides its own front matter and body, found
//! when the page is loaded, so a render memo can key on it without rendering.
//!
//! The files are the candidates the docfx renderer (`markdown::docfx`) looks at for the page's
//! own `[!INCLUDE]` and `[!code]` tokens: for a path inside a locale folder, the page's locale
//! and then the source locale; code files may also start at the site's root (`~/`). A memo
//! keyed on the page must treat a change (or the appearance) of any of them as a change of the
//! page. Includes of includes are not listed: only the renderer reads an include's text, so a
//! memo learns those from the render it stores.

use super::{PageMeta, SourceText};
use crate::config::Config;
use crate::markdown::docfx::files::{join_inside, locale_candidates};
use crate::markdown::docfx::syntax::{self, TokenKind};
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::path::PathBuf;

/// What a page's render depends on besides its text: see the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFacts {
    /// Absolute paths (as [`crate::input::SiteFs`] reads them) of every file the page's direct
    /// `[!INCLUDE]` and `[!code]` tokens may resolve to, present or not, in token order
    /// without repeats.
    pub includes: Vec<PathBuf>,
    /// blake3 digest of the page's Markdown body (after BOM and line-ending repair).
    pub body_hash: [u8; 32],
    /// Digests made once when the file is parsed, so a rebuild that keeps the file combines
    /// them instead of hashing every page again (see [`PageDigests`]).
    pub digests: PageDigests,
}

/// What the render memo and the freshness check key on, per file: see [`PageDigests::of`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageDigests {
    /// The whole text as later stages see it: front matter, body, and the lines and offset
    /// where each starts.
    pub text: [u8; 32],
    /// The normalized front matter ([`PageMeta`]'s `Debug`) as the file gives it, before the
    /// site-wide steps fold its translation group's case (a key adds the group as it ends).
    pub meta: [u8; 32],
    /// The body's source hash ([`crate::check::source_hash`]), for a page of the source
    /// locale: what each of its translations records and is compared with.
    pub source_hash: Option<String>,
}

impl PageDigests {
    /// The digests of a page of `locale` with `source` (whose body digest is `body_hash`)
    /// and `meta`.
    pub fn of(
        config: &Config,
        locale: &str,
        source: &SourceText,
        meta: &PageMeta,
        body_hash: &[u8; 32],
    ) -> PageDigests {
        let mut text = blake3::Hasher::new();
        let front = source.front_matter();
        text.update(&(front.len() as u64).to_le_bytes());
        text.update(front.as_bytes());
        text.update(body_hash);
        for n in [
            source.body_offset,
            source.body_line,
            source.front_matter_line,
        ] {
            text.update(&(n as u64).to_le_bytes());
        }
        let mut digest = HashWriter(blake3::Hasher::new());
        // Writing into a hasher cannot fail.
        let _ = write!(digest, "{meta:?}");
        PageDigests {
            text: *text.finalize().as_bytes(),
            meta: *digest.0.finalize().as_bytes(),
            source_hash: (locale == config.source_locale)
                .then(|| crate::check::source_hash(source.body())),
        }
    }
}

/// `Debug` output fed to a digest without building the string.
struct HashWriter(blake3::Hasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl PageFacts {
    /// The facts of a page of `locale` at `rel_path` (below its locale folder) with `body`.
    pub fn of(config: &Config, locale: &str, rel_path: &str, body: &str) -> PageFacts {
        let mut dir: Vec<String> = std::iter::once(locale.to_string())
            .chain(rel_path.split('/').map(str::to_string))
            .collect();
        dir.pop();
        let mut includes = Vec::new();
        for token in syntax::tokens(body) {
            let (path, site_root_allowed) = match &token.kind {
                TokenKind::Include { path } => (path.as_str(), false),
                TokenKind::Code { path, .. } => (path.as_str(), true),
                _ => continue,
            };
            let path = path.split(['?', '#']).next().unwrap_or_default();
            for candidate in candidates(config, locale, &dir, path, site_root_allowed) {
                if !includes.contains(&candidate) {
                    includes.push(candidate);
                }
            }
        }
        PageFacts {
            includes,
            body_hash: *blake3::hash(body.as_bytes()).as_bytes(),
            digests: PageDigests::default(),
        }
    }
}

/// The files the renderer tries for `path` written in a page whose folder is `dir` (names
/// below the content folder, the locale first).
fn candidates(
    config: &Config,
    locale: &str,
    dir: &[String],
    path: &str,
    site_root_allowed: bool,
) -> Vec<PathBuf> {
    let decoded = crate::urls::percent_decode_lenient(path);
    let (root, segments) = match decoded.strip_prefix("~/") {
        Some(rest) if site_root_allowed => (&config.root, join_inside(&[], rest)),
        _ => (&config.content_dir, join_inside(dir, &decoded)),
    };
    let Some(segments) = segments else {
        return Vec::new(); // refused by the renderer: outside the content folder
    };
    let is_locale = |name: &str| config.locales.iter().any(|l| l.tag == name);
    locale_candidates(segments, locale, &config.source_locale, is_locale)
        .into_iter()
        .map(|c| c.iter().fold(root.clone(), |p, s| p.join(s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        let toml = "[site]\nsource-locale = \"en-US\"\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n[[locale]]\ntag = \"nl-NL\"\nname = \"Nederlands\"\n";
        Config::parse(toml, Path::new("book.toml"), Path::new("/site")).unwrap()
    }

    #[test]
    fn includes_list_every_file_the_renderer_may_read() {
        let c = config();
        let body = "[!INCLUDE [x](../includes/a.md)]\n\n[!INCLUDE [y](../../includes/b.md)]\n\n\
                    [!code-rust[z](~/src/main.rs?range=1-2)]\n[!INCLUDE [x](../includes/a.md)]\n\
                    [!INCLUDE [bad](../../../../etc/passwd)]\n";
        let facts = PageFacts::of(&c, "nl-NL", "sec/p.md", body);
        let content = &c.content_dir;
        assert_eq!(
            facts.includes,
            vec![
                content.join("nl-NL/includes/a.md"),
                content.join("en-US/includes/a.md"),
                content.join("includes/b.md"),
                c.root.join("src/main.rs"),
            ]
        );
        assert_eq!(facts.body_hash, *blake3::hash(body.as_bytes()).as_bytes());
        assert!(PageFacts::of(&c, "en-US", "p.md", "# plain\n")
            .includes
            .is_empty());
    }
}
