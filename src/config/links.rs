//! `[links]` in book.toml: what a build does with links it cannot follow.
//!
//! A real documentation set links to articles that are not in it, to site-absolute paths of the
//! site it came from (`/azure/...`) and to images nobody copied. By default each is an error (a
//! published 404 is a bug); a maintainer importing such a set can map site-absolute paths to
//! the original site and lower the rest to warnings, on purpose and in one visible place.

use super::Resolver;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawLinks {
    absolute_base: Option<Spanned<String>>,
    broken: Option<Spanned<String>>,
    missing_media: Option<Spanned<String>>,
}

/// Whether a kind of problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Error,
    Warning,
}

impl Level {
    /// `true` for an error.
    pub fn is_error(self) -> bool {
        self == Level::Error
    }
}

/// The resolved `[links]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinksConfig {
    /// Site-absolute links (`/azure/x`) become `<base>/azure/x`; `{locale}` and
    /// `{locale-lower}` in it are the page's locale (`en-US`, `en-us`). `None`: they are broken.
    pub absolute_base: Option<String>,
    /// A link to a page or file that is not in the set (also `index.yml`, `toc.yml`).
    pub broken: Level,
    /// An image or `:::image` whose file does not exist.
    pub missing_media: Level,
}

impl LinksConfig {
    /// The external URL of a site-absolute path for a page published in `locale`.
    pub fn absolute(&self, path: &str, locale: &str) -> Option<String> {
        let base = self.absolute_base.as_ref()?;
        let base = base
            .replace("{locale-lower}", &locale.to_ascii_lowercase())
            .replace("{locale}", locale);
        Some(format!("{}{path}", base.trim_end_matches('/')))
    }
}

impl Resolver<'_> {
    pub(super) fn links(&mut self, raw: &RawLinks) -> LinksConfig {
        let absolute_base = raw.absolute_base.as_ref().map(|v| {
            let url = v.get_ref();
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(['"', '<', '>', ' '])
            {
                self.error_at(
                    v,
                    format!("`links.absolute-base` = {url:?} is not an http(s) URL"),
                    "for example \"https://learn.microsoft.com/{locale-lower}\"",
                );
            }
            url.clone()
        });
        LinksConfig {
            absolute_base,
            broken: self.level(&raw.broken, "links.broken"),
            missing_media: self.level(&raw.missing_media, "links.missing-media"),
        }
    }

    fn level(&mut self, value: &Option<Spanned<String>>, key: &str) -> Level {
        match value.as_ref().map(|v| (v, v.get_ref().as_str())) {
            None | Some((_, "error")) => Level::Error,
            Some((_, "warning")) => Level::Warning,
            Some((v, other)) => {
                self.error_at(
                    v,
                    format!("`{key}` = {other:?} is neither \"error\" nor \"warning\""),
                    "use \"error\" (the default) or \"warning\"",
                );
                Level::Error
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn parse(text: &str) -> Result<Config, crate::diagnostics::Diagnostics> {
        Config::parse(text, Path::new("book.toml"), Path::new("/site"))
    }

    #[test]
    fn defaults_are_errors_and_no_base() {
        let c = parse("").unwrap();
        assert_eq!(c.links, LinksConfig::default());
        assert!(c.links.broken.is_error());
    }

    #[test]
    fn base_and_levels() {
        let c = parse(
            "[links]\nabsolute-base = \"https://learn.microsoft.com/{locale-lower}/\"\nbroken = \"warning\"\nmissing-media = \"warning\"\n",
        )
        .unwrap();
        assert_eq!(c.links.broken, Level::Warning);
        assert_eq!(c.links.missing_media, Level::Warning);
        assert_eq!(
            c.links.absolute("/azure/x", "nl-NL").as_deref(),
            Some("https://learn.microsoft.com/nl-nl/azure/x")
        );
    }

    #[test]
    fn bad_values_and_unknown_keys_name_their_line() {
        let e = parse("[links]\nbroken = \"ignore\"\n").unwrap_err();
        assert_eq!(e.iter().next().map(|d| d.line), Some(2));
        let e = parse("[links]\nabsolute-base = \"ftp://x\"\n").unwrap_err();
        assert_eq!(e.iter().next().map(|d| d.line), Some(2));
        let e = parse("[links]\nbrokn = \"warning\"\n").unwrap_err();
        assert_eq!(e.iter().next().map(|d| d.line), Some(2));
    }
}
