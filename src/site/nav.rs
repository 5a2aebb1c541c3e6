//! The navigation tree of a site: from the source locale's `toc.yml` where there is one, else
//! derived from folders and titles. One language-neutral tree; labels per locale.
//!
//! Each node is a page (a translation group), an external link, or a heading that only holds
//! other nodes. `nav_view` turns it into what one page shows; the tree itself is built once.

use super::Site;
use crate::config::Config;
use crate::content::toc::{self, TocEntry};
use crate::content::{Content, Page};
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::input::record::{self, Stamp};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// What a node leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the site: its URL path below the locale (shared by its translations).
    Page(String),
    /// An external URL from a TOC.
    External(String),
    /// A heading over other nodes.
    Heading,
}

/// One node of the tree.
#[derive(Debug, Clone)]
pub struct Node {
    pub target: Target,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The label in the source locale (a page's title, a TOC name, a folder name).
    pub label: String,
}

/// The whole tree, with what each page needs to find itself in it.
#[derive(Debug, Default)]
pub struct NavTree {
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    /// Page nodes in reading order, for previous/next.
    pub order: Vec<usize>,
    /// Page URL path → its node.
    pub by_path: HashMap<String, usize>,
    /// Locale → node → label, where a locale's TOC or page title differs from `label`.
    labels: HashMap<String, HashMap<usize, String>>,
    /// Page path → the locales it is published in, for pages with no source-locale version
    /// (the others are published everywhere, as a stand-in where untranslated).
    only_in: HashMap<String, HashSet<String>>,
    /// Per locale, what each node links to ([`NavTree::links`]), worked out on first use.
    links: RwLock<HashMap<String, Arc<[Option<Link>]>>>,
}

/// Where a node links to in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A page's file, from the site's root: a page links to it after its own root prefix.
    Page(String),
    /// An external URL, as written.
    External(String),
}

impl NavTree {
    /// The label of `node` in `locale`.
    pub fn label(&self, node: usize, locale: &str) -> &str {
        self.labels
            .get(locale)
            .and_then(|m| m.get(&node))
            .unwrap_or(&self.nodes[node].label)
    }

    /// Whether `locale` has a label of its own for `node` (else it shows the source's).
    pub fn has_label(&self, node: usize, locale: &str) -> bool {
        self.labels
            .get(locale)
            .is_some_and(|m| m.contains_key(&node))
    }

    /// Whether the page at `path` is published in `locale`.
    pub fn published(&self, path: &str, locale: &str) -> bool {
        self.only_in.get(path).is_none_or(|l| l.contains(locale))
    }

    /// The first page at or below `node` that `locale` publishes (where a heading leads).
    pub fn first_page(&self, node: usize, locale: &str) -> Option<&str> {
        match &self.nodes[node].target {
            Target::Page(path) => self.published(path, locale).then_some(path.as_str()),
            _ => self.nodes[node]
                .children
                .iter()
                .find_map(|&c| self.first_page(c, locale)),
        }
    }

    /// What every node links to in `locale` (by node): an external URL, the file of its first
    /// page `locale` publishes, or nothing. Worked out once per locale and kept: each article
    /// page's sidebar shows a few dozen nodes, and finding their pages again for every page
    /// (a walk, a hash lookup and two strings per node) was 2 % of a build.
    pub fn links(&self, locale: &str) -> Arc<[Option<Link>]> {
        if let Some(known) = self.links.read().ok().and_then(|l| l.get(locale).cloned()) {
            return known;
        }
        let links: Arc<[Option<Link>]> = (0..self.nodes.len())
            .map(|node| match &self.nodes[node].target {
                Target::External(url) => Some(Link::External(url.clone())),
                _ => self.first_page(node, locale).map(|p| {
                    Link::Page(crate::urls::index_file(&crate::urls::page_dir(locale, p)))
                }),
            })
            .collect();
        if let Ok(mut known) = self.links.write() {
            known.insert(locale.to_string(), links.clone());
        }
        links
    }

    fn add(&mut self, parent: Option<usize>, target: Target, label: String) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            target: target.clone(),
            parent,
            children: Vec::new(),
            label,
        });
        match parent {
            Some(p) => self.nodes[p].children.push(id),
            None => self.roots.push(id),
        }
        if let Target::Page(path) = target {
            self.by_path.entry(path).or_insert(id);
        }
        id
    }

    fn finish(&mut self) {
        let mut order = Vec::new();
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            if matches!(self.nodes[n].target, Target::Page(_))
                && self.by_path.get(self.path_of(n)) == Some(&n)
            {
                order.push(n);
            }
            stack.extend(self.nodes[n].children.iter().rev());
        }
        self.order = order;
    }

    fn path_of(&self, n: usize) -> &str {
        match &self.nodes[n].target {
            Target::Page(p) => p,
            _ => "",
        }
    }
}

/// The tree of the last build and what it was built from, kept by `tolk serve` (in
/// [`super::memo::State`]) so that a rebuild whose pages kept their paths, titles and groups,
/// and whose TOC files are as they were, takes the tree instead of building it again.
#[derive(Debug, Default)]
pub struct KeptNav(Option<Kept>);

#[derive(Debug)]
struct Kept {
    key: super::memo::Key,
    /// The files the build looked at (TOCs, present or not), with their stamps then.
    reads: Vec<(PathBuf, Stamp)>,
    tree: Arc<NavTree>,
    diagnostics: Diagnostics,
}

impl KeptNav {
    /// [`build`], or the kept tree when its inputs are unchanged; with the files the build
    /// looked at (for the render memo's key).
    pub fn build(
        &mut self,
        config: &Config,
        content: &Content,
    ) -> (Arc<NavTree>, Diagnostics, Vec<(PathBuf, Stamp)>) {
        let key = key(config, content);
        if let Some(k) = &self.0 {
            if k.key == key && k.reads.iter().all(|(p, s)| record::stamp(p) == *s) {
                return (k.tree.clone(), k.diagnostics.clone(), k.reads.clone());
            }
        }
        let ((tree, diagnostics), reads) = record::recording(|| build(config, content));
        let tree = Arc::new(tree);
        self.0 = Some(Kept {
            key,
            reads: reads.clone(),
            tree: tree.clone(),
            diagnostics: diagnostics.clone(),
        });
        (tree, diagnostics, reads)
    }
}

/// A digest of everything [`build`] reads besides the TOC files: the configuration and each
/// page's locale, path, slug, title and translation group, in order.
fn key(config: &Config, content: &Content) -> super::memo::Key {
    let mut b = super::memo::KeyBuilder::new("nav");
    b.str(&format!("{:?}", config.locales))
        .str(&config.source_locale)
        .str(&config.content_dir.to_string_lossy());
    for p in &content.pages {
        b.str(&p.meta.locale)
            .str(&p.rel_path)
            .str(&p.slug)
            .str(&p.meta.title)
            .str(&p.meta.translation_group);
    }
    b.key()
}

/// Builds the tree: the source locale's TOC when it has one, else folders and titles.
pub fn build(config: &Config, content: &Content) -> (NavTree, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let source_dir = config.content_dir.join(&config.source_locale);
    let mut tree = NavTree::default();
    match toc::read(&source_dir) {
        Some(Ok(entries)) => {
            let mut reader = TocReader {
                config,
                content,
                diagnostics: &mut diagnostics,
                tree: &mut tree,
            };
            reader.entries(&entries, "", None, &source_dir, 0);
            localize_from_tocs(config, content, &mut tree, &mut diagnostics);
        }
        Some(Err(e)) => {
            diagnostics.push(e);
            derive(config, content, &mut tree);
        }
        None => derive(config, content, &mut tree),
    }
    localize_titles(config, content, &mut tree);
    for group in content.groups() {
        if !group.contains_key(config.source_locale.as_str()) {
            if let Some(page) = group.values().next() {
                tree.only_in.insert(
                    page.slug.clone(),
                    group.keys().map(|k| k.to_string()).collect(),
                );
            }
        }
    }
    tree.finish();
    (tree, diagnostics)
}

struct TocReader<'a> {
    config: &'a Config,
    content: &'a Content,
    diagnostics: &'a mut Diagnostics,
    tree: &'a mut NavTree,
}

impl TocReader<'_> {
    /// Adds `entries` (from the TOC file in `folder`, `rel` below the locale) under `parent`.
    fn entries(
        &mut self,
        entries: &[TocEntry],
        rel: &str,
        parent: Option<usize>,
        folder: &Path,
        depth: usize,
    ) {
        for e in entries {
            let target = e
                .href
                .as_deref()
                .map_or(Target::Heading, |href| self.target(href, rel, folder));
            let id = self.tree.add(parent, target, e.name.clone());
            self.entries(&e.items, rel, Some(id), folder, depth);
            // `href: sub/` or `sub/toc.yml`: that folder's TOC continues here (docfx's nested TOCs).
            if let Some(sub) = e.href.as_deref().and_then(sub_toc) {
                let sub_rel = join(rel, sub);
                let sub_folder = folder.join(sub);
                if depth < 16 {
                    if let Some(Ok(items)) = toc::read(&sub_folder) {
                        self.entries(&items, &sub_rel, Some(id), &sub_folder, depth + 1);
                    }
                }
            }
        }
    }

    fn target(&mut self, href: &str, rel: &str, folder: &Path) -> Target {
        if href.contains("://") {
            return Target::External(href.to_string());
        }
        if sub_toc(href).is_some() {
            return Target::Heading;
        }
        let file = join(rel, href.split('#').next().unwrap_or(href));
        match self.content.at_path(&self.config.source_locale, &file) {
            Some(page) => Target::Page(page.slug.clone()),
            None => {
                let toc_file = toc::TOC_FILES
                    .iter()
                    .map(|n| folder.join(n))
                    .find(|p| p.is_file());
                self.diagnostics.push(
                    Diagnostic::warning(
                        toc_file.unwrap_or_else(|| folder.to_path_buf()),
                        format!(
                            "TOC entry `{href}` is not a page of this site; shown without a link"
                        ),
                    )
                    .rule(rule::LINK_BROKEN),
                );
                Target::Heading
            }
        }
    }
}

/// `sub/toc.yml`, `sub/TOC.yml` or `sub/` → `sub`.
fn sub_toc(href: &str) -> Option<&str> {
    let lower = href.to_ascii_lowercase();
    if lower.ends_with("/toc.yml") {
        Some(&href[..href.len() - "/toc.yml".len()])
    } else if href.ends_with('/') && !href.contains("://") {
        Some(href.trim_end_matches('/'))
    } else {
        None
    }
}

/// `a/b` + `../c.md` → `a/c.md`.
fn join(rel: &str, href: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Labels from each other locale's TOC, matched by position (a translated TOC mirrors its source).
fn localize_from_tocs(
    config: &Config,
    content: &Content,
    tree: &mut NavTree,
    diagnostics: &mut Diagnostics,
) {
    for locale in config
        .locales
        .iter()
        .filter(|l| l.tag != config.source_locale)
    {
        let entries = match toc::read(&config.content_dir.join(&locale.tag)) {
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                diagnostics.push(e);
                continue;
            }
            None => continue,
        };
        let mut names = HashMap::new();
        let roots = tree.roots.clone();
        match_names(tree, &roots, &entries, &mut names);
        tree.labels.insert(locale.tag.clone(), names);
    }
    let _ = content;
}

fn match_names(
    tree: &NavTree,
    nodes: &[usize],
    entries: &[TocEntry],
    names: &mut HashMap<usize, String>,
) {
    for (&n, e) in nodes.iter().zip(entries) {
        names.insert(n, e.name.clone());
        match_names(tree, &tree.nodes[n].children, &e.items, names);
    }
}

/// Page nodes without a TOC name in a locale take the page's title there.
fn localize_titles(config: &Config, content: &Content, tree: &mut NavTree) {
    let mut titles: HashMap<(&str, &str), &str> = HashMap::new();
    for p in &content.pages {
        titles.insert(
            (p.meta.locale.as_str(), p.slug.as_str()),
            p.meta.title.as_str(),
        );
    }
    for locale in &config.locales {
        let labels = tree.labels.entry(locale.tag.clone()).or_default();
        for (id, node) in tree.nodes.iter().enumerate() {
            if let Target::Page(path) = &node.target {
                if labels.contains_key(&id) {
                    continue;
                }
                if let Some(t) = titles.get(&(locale.tag.as_str(), path.as_str())) {
                    labels.insert(id, t.to_string());
                }
            }
        }
    }
}

/// The tree of folders and pages: in each folder, its pages by title, then its subfolders by name.
fn derive(config: &Config, content: &Content, tree: &mut NavTree) {
    let mut folders: BTreeMap<Vec<String>, Vec<&Page>> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let source_first = content
        .pages
        .iter()
        .filter(|p| p.meta.locale == config.source_locale)
        .chain(content.pages.iter());
    for page in source_first {
        if !seen.insert(page.slug.as_str()) {
            continue;
        }
        let mut parts: Vec<String> = page.slug.split('/').map(str::to_string).collect();
        parts.pop();
        for i in 0..parts.len() {
            folders.entry(parts[..i].to_vec()).or_default();
        }
        folders.entry(parts).or_default().push(page);
    }
    let mut ids: HashMap<Vec<String>, usize> = HashMap::new();
    for (folder, pages) in &mut folders {
        let parent = if folder.is_empty() {
            None
        } else {
            let parent = ids.get(&folder[..folder.len() - 1]).copied();
            let name = folder.last().map_or(String::new(), |f| humanize(f));
            Some(tree.add(parent, Target::Heading, name))
        };
        if let Some(id) = parent {
            ids.insert(folder.clone(), id);
        }
        pages.sort_by_cached_key(|p| (p.meta.title.to_lowercase(), p.slug.clone()));
        for page in pages.iter() {
            tree.add(
                parent,
                Target::Page(page.slug.clone()),
                page.meta.title.clone(),
            );
        }
    }
    // Folders were added after their parent's pages (BTreeMap order), so each folder's pages
    // come before its subfolders: the reading order is pages, then deeper folders.
}

/// `app-service` → `App service`.
fn humanize(folder: &str) -> String {
    let spaced = folder.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

impl Site {
    /// The navigation node of a page, if the tree shows it.
    pub fn nav_node(&self, path: &str) -> Option<usize> {
        self.nav.by_path.get(path).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_sub_tocs() {
        assert_eq!(join("a/b", "../c.md"), "a/c.md");
        assert_eq!(join("", "x/y.md"), "x/y.md");
        assert_eq!(sub_toc("more/TOC.yml"), Some("more"));
        assert_eq!(sub_toc("more/"), Some("more"));
        assert_eq!(sub_toc("a.md"), None);
        assert_eq!(humanize("app-service"), "App service");
    }

    #[test]
    fn a_kept_tree_is_taken_only_while_its_toc_files_and_pages_are_unchanged() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let root = tmp.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("content/en-US/a.md", "---\ntitle: A\n---\n# A\n");
        write("content/en-US/toc.yml", "- name: First\n  href: a.md\n");
        let book =
            "[site]\nsource-locale = \"en-US\"\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n";
        let config = Config::parse(book, Path::new("book.toml"), root).expect("config");
        let (content, _) = crate::content::load(&config);
        let mut kept = KeptNav::default();
        let (first, _, reads) = kept.build(&config, &content);
        assert!(!reads.is_empty(), "the TOC read is recorded");
        let (again, _, _) = kept.build(&config, &content);
        assert!(Arc::ptr_eq(&first, &again), "unchanged: kept");
        write(
            "content/en-US/toc.yml",
            "- name: Renamed entry\n  href: a.md\n",
        );
        let (edited, _, _) = kept.build(&config, &content);
        assert_eq!(edited.nodes[0].label, "Renamed entry");
        write("content/en-US/a.md", "---\ntitle: Retitled\n---\n# A\n");
        std::fs::remove_file(root.join("content/en-US/toc.yml")).expect("delete the TOC");
        let (content, _) = crate::content::load(&config);
        let (derived, _, _) = kept.build(&config, &content);
        assert_eq!(derived.nodes[0].label, "Retitled");
    }
}
