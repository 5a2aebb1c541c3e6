//! Where each page lives: its translation group and its URL path below the locale.
//!
//! A page's URL is `<locale>/<folder path>/<slug>/`: the folder path is the file's folder below
//! the locale's content folder, the slug is `slug:`, else the `<a name>` of the first heading,
//! else the file name. Translations share their source page's path, so an article has one path
//! per locale. Groups are keyed case-insensitively (`ms.assetid` values are GUIDs, and GUIDs
//! compare without case); two pages of one locale in one group, or two groups on one path, are
//! errors naming both files, so no two pages can ever be written to one file.

use super::Page;
use crate::config::Config;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// URL segments the site generates itself; a page path must not start with them.
pub const RESERVED_SLUGS: &[&str] = &["ticket", "status", "media", "static", "404", "index", "toc"];

/// The URL path (below the locale) a page would have on its own: folder path plus slug.
pub fn own_path(rel_path: &str, slug: &str) -> String {
    let folders: Vec<String> = rel_path
        .split('/')
        .rev()
        .skip(1)
        .map(|f| crate::slug::slugify(f, "en"))
        .filter(|f| !f.is_empty())
        .collect();
    let mut parts: Vec<String> = folders.into_iter().rev().collect();
    parts.push(slug.to_string());
    parts.join("/")
}

/// The slug of a page with no `slug:` and no heading anchor: its file name, made URL-safe with
/// the page's language rules.
pub fn file_slug(rel_path: &str, lang: &str) -> String {
    let file = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let slug = crate::slug::slugify(stem, lang);
    if slug.is_empty() {
        "page".into()
    } else {
        slug
    }
}

/// Folds translation groups to one case, warning where a translation's id differs in case from
/// its source's; then gives every translation its source page's path and reports clashes.
pub fn assign(config: &Config, pages: &mut [Page], diagnostics: &mut Diagnostics) {
    fold_group_case(config, pages, diagnostics);
    check_one_per_locale(config, pages, diagnostics);
    assign_group_paths(config, pages, diagnostics);
}

fn rank(config: &Config, p: &Page) -> usize {
    if p.meta.locale == config.source_locale {
        0
    } else {
        1 + config
            .locales
            .iter()
            .position(|l| l.tag == p.meta.locale)
            .unwrap_or(0)
    }
}

fn shown(config: &Config, path: &Path) -> String {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn fold_group_case(config: &Config, pages: &mut [Page], diagnostics: &mut Diagnostics) {
    // The id as the group's best-ranked page writes it (the source page's, when there is one).
    let mut spelled: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for p in pages.iter() {
        let key = p.meta.translation_group.to_lowercase();
        let entry = spelled.entry(key).or_insert((usize::MAX, String::new()));
        if rank(config, p) < entry.0 {
            *entry = (rank(config, p), p.meta.translation_group.clone());
        }
    }
    for p in pages.iter_mut() {
        let key = p.meta.translation_group.to_lowercase();
        let reference = &spelled[&key].1;
        if &p.meta.translation_group != reference {
            diagnostics.push(
                Diagnostic::warning(
                    p.path(),
                    format!(
                        "`{}` differs in case from its source page's id `{reference}`; ids compare without case",
                        p.meta.translation_group
                    ),
                ).rule(rule::SLUG)
                .with_help("copy the id exactly from the source page"),
            );
        }
        if p.meta.translation_group != key {
            std::sync::Arc::make_mut(&mut p.meta).translation_group = key;
        }
    }
}

fn check_one_per_locale(config: &Config, pages: &[Page], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<(&str, &str), &PathBuf> = HashMap::new();
    for p in pages {
        let key = (p.meta.locale.as_str(), p.meta.translation_group.as_str());
        match seen.get(&key) {
            Some(other) => diagnostics.push(
                Diagnostic::error(
                    p.path(),
                    format!(
                        "this page and {} are both the {} page of `{}`",
                        shown(config, other),
                        p.meta.locale,
                        p.meta.translation_group
                    ),
                )
                .rule(rule::SLUG)
                .at(1, 1)
                .with_help("give one of them its own `ms.assetid`"),
            ),
            None => {
                seen.insert(key, &p.source.path);
            }
        }
    }
}

fn assign_group_paths(config: &Config, pages: &mut [Page], diagnostics: &mut Diagnostics) {
    let mut canonical: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for p in pages.iter() {
        let entry = canonical
            .entry(p.meta.translation_group.clone())
            .or_insert((usize::MAX, String::new()));
        if rank(config, p) < entry.0 {
            *entry = (rank(config, p), p.slug.clone());
        }
    }
    // Path → (group, first file): two groups on one path would be two pages in one file, in
    // every locale (stand-ins included), so it is checked per path, not per locale.
    let mut taken: HashMap<String, (String, PathBuf)> = HashMap::new();
    // Source pages first, then locales in their configured order: a clash is reported on the
    // translation or the later file, never on the page that owns the path.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_cached_key(|&i| (rank(config, &pages[i]), pages[i].rel_path.clone()));
    for i in order {
        let p = &mut pages[i];
        let path = canonical[&p.meta.translation_group].1.clone();
        if p.meta.slug.is_some() && p.slug != path {
            diagnostics.push(
                Diagnostic::warning(
                    p.path(),
                    format!("this page's path `{}` differs from its source page's `{path}`; using `{path}`", p.slug),
                ).rule(rule::SLUG)
                .with_help("translations share their source page's URL; remove the `slug` key"),
            );
        }
        p.slug = path;
        let first = p.slug.split('/').next().unwrap_or_default();
        if RESERVED_SLUGS.contains(&first) {
            diagnostics.push(
                Diagnostic::error(
                    p.path(),
                    format!("URL path `{}` is reserved for pages tolk generates", p.slug),
                )
                .rule(rule::SLUG)
                .at(1, 1)
                .with_help("set another `slug:` in the front matter, or rename the file or folder"),
            );
        }
        match taken.get(&p.slug) {
            Some((group, other)) if group != &p.meta.translation_group => diagnostics.push(
                Diagnostic::error(
                    p.path(),
                    format!(
                        "URL path `{}` is also used by {}",
                        p.slug,
                        shown(config, other)
                    ),
                )
                .rule(rule::SLUG)
                .at(1, 1)
                .with_help("give one of them another `slug:` or `ms.assetid`"),
            ),
            Some(_) => {}
            None => {
                taken.insert(
                    p.slug.clone(),
                    (p.meta.translation_group.clone(), p.path().to_path_buf()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_paths_and_file_slugs() {
        assert_eq!(own_path("a.md", "x"), "x");
        assert_eq!(
            own_path("security/Fundamentals/a.md", "x"),
            "security/fundamentals/x"
        );
        assert_eq!(file_slug("dir/Kılavuz.md", "tr"), "kilavuz");
        assert_eq!(file_slug("dir/---.md", "en"), "page");
    }
}
