//! What one page shows of the navigation tree: a sidebar with only its own branch (the top
//! level, and the children of each of its ancestors), breadcrumbs and previous/next links; and
//! each locale's full table of contents on a page of its own.
//!
//! The sidebar is bounded on purpose: embedding the whole tree in every page makes a site's
//! size grow with the square of its pages (10,000 pages × 10,000 entries). A level with many
//! entries shows a window around the current one and links to the full table of contents.

mod html;

use super::chrome::{Chrome, SwitchTarget};
use super::memo::Recorder;
use super::nav::{Link, NavTree, Target};
use super::text_lang::TextLang;
use super::{Sink, Site};
use crate::diagnostics::Diagnostics;
use crate::urls;
use serde::Serialize;
use std::sync::Arc;

/// Entries shown of one level before it is cut to a window around the current entry.
const LEVEL_LIMIT: usize = 40;
/// Entries kept on each side of the current one in a cut level.
const WINDOW: usize = 12;

/// One entry of the sidebar or the full table of contents.
#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: String,
    /// The label's language when it is not the page's (the source's title of a page the
    /// locale lacks): the template marks it; `None` isolates it with `dir="auto"`.
    pub lang: Option<TextLang>,
    pub href: Option<String>,
    pub current: bool,
    /// A page (not a heading over pages): a parent page links to itself inside its `<details>`.
    pub page: bool,
    /// Shown open (an ancestor of the current page, or everything on the TOC page).
    pub open: bool,
    pub children: Vec<NavItem>,
    /// Entries of this level were left out here (see the full table of contents).
    pub more: bool,
}

/// A link with its label.
#[derive(Debug, Serialize)]
pub struct NavLink {
    pub label: String,
    /// As [`NavItem::lang`].
    pub lang: Option<TextLang>,
    pub href: String,
}

/// The navigation of one article page.
#[derive(Debug, Serialize, Default)]
pub struct PageNav {
    /// The sidebar's entries, for a site's own `page.html` or `nav.html`; empty when
    /// [`PageNav::sidebar_html`] holds them.
    pub sidebar: Vec<NavItem>,
    /// The sidebar already written as HTML ([`html`]), while the built-in templates, which it
    /// mirrors, are in use.
    pub sidebar_html: Option<String>,
    pub breadcrumbs: Vec<NavLink>,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    pub toc_href: String,
}

struct View<'a> {
    tree: &'a NavTree,
    locale: &'a str,
    root: &'a str,
    /// The source locale's language, when it is not `locale`: labels that fall back to the
    /// source's are in it.
    source: Option<TextLang>,
    /// What each node links to in `locale` ([`NavTree::links`]).
    links: Arc<[Option<Link>]>,
}

impl<'a> View<'a> {
    fn new(site: &'a Site, locale: &'a str, root: &'a str) -> View<'a> {
        let config = &site.config;
        View {
            tree: &site.nav,
            locale,
            root,
            source: TextLang::foreign(config, &config.source_locale, locale),
            links: site.nav.links(locale),
        }
    }

    fn lang(&self, node: usize) -> Option<TextLang> {
        self.source
            .clone()
            .filter(|_| !self.tree.has_label(node, self.locale))
    }

    fn href(&self, node: usize) -> Option<String> {
        match self.links.get(node)?.as_ref()? {
            Link::External(url) => Some(url.clone()),
            // `urls::link(root, dir)`, with the file part worked out once per locale.
            Link::Page(file) => {
                let mut href = String::with_capacity(self.root.len() + file.len());
                href.push_str(self.root);
                href.push_str(file);
                Some(href)
            }
        }
    }

    fn link(&self, node: usize) -> Option<NavLink> {
        Some(NavLink {
            label: self.tree.label(node, self.locale).to_string(),
            lang: self.lang(node),
            href: self.href(node)?,
        })
    }

    /// One level of the branch: `nodes`, opening the one on `path` (ancestors, outermost last).
    fn level(&self, nodes: &[usize], path: &[usize], current: usize) -> (Vec<NavItem>, bool) {
        let on_path = nodes.iter().position(|n| path.contains(n));
        let (start, end, more) = if nodes.len() > LEVEL_LIMIT {
            let at = on_path.unwrap_or(0);
            let start = at.saturating_sub(WINDOW);
            (start, (at + WINDOW + 1).min(nodes.len()), true)
        } else {
            (0, nodes.len(), false)
        };
        let items = nodes[start..end]
            .iter()
            .map(|&n| {
                let open = path.contains(&n) && !self.tree.nodes[n].children.is_empty();
                let children = if open {
                    self.level(&self.tree.nodes[n].children, path, current)
                } else {
                    (Vec::new(), false)
                };
                NavItem {
                    label: self.tree.label(n, self.locale).to_string(),
                    lang: self.lang(n),
                    href: self.href(n),
                    current: n == current,
                    page: matches!(self.tree.nodes[n].target, Target::Page(_)),
                    open,
                    more: children.1,
                    children: children.0,
                }
            })
            .collect();
        (items, more)
    }

    fn full(&self, nodes: &[usize]) -> Vec<NavItem> {
        nodes
            .iter()
            .map(|&n| NavItem {
                label: self.tree.label(n, self.locale).to_string(),
                lang: self.lang(n),
                href: self.href(n),
                current: false,
                page: matches!(self.tree.nodes[n].target, Target::Page(_)),
                open: true,
                more: false,
                children: self.full(&self.tree.nodes[n].children),
            })
            .collect()
    }
}

/// The navigation of the page at URL path `path`, in `locale`, whose root prefix is `root`.
pub fn page_nav(site: &Site, locale: &str, path: &str, root: &str) -> PageNav {
    let tree = &site.nav;
    let view = View::new(site, locale, root);
    let toc_href = urls::link(root, &urls::toc_dir(locale));
    let Some(current) = site.nav_node(path) else {
        let (sidebar, _) = view.level(&tree.roots, &[], usize::MAX);
        let mut nav = PageNav {
            sidebar,
            toc_href,
            ..PageNav::default()
        };
        nav.write_sidebar(site, locale);
        return nav;
    };
    let mut ancestors = vec![current];
    let mut at = current;
    while let Some(p) = tree.nodes[at].parent {
        ancestors.push(p);
        at = p;
    }
    let (mut sidebar, more) = view.level(&tree.roots, &ancestors, current);
    if more {
        sidebar.push(NavItem {
            label: String::new(),
            lang: None,
            href: None,
            current: false,
            page: false,
            open: false,
            children: Vec::new(),
            more: true,
        });
    }
    let breadcrumbs = ancestors[1..]
        .iter()
        .rev()
        .filter_map(|&n| view.link(n))
        .collect();
    let position = tree.order.iter().position(|&n| n == current);
    let prev = position
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| view.link(tree.order[i]));
    let next = position
        .and_then(|i| tree.order.get(i + 1))
        .and_then(|&n| view.link(n));
    let mut nav = PageNav {
        sidebar,
        sidebar_html: None,
        breadcrumbs,
        prev,
        next,
        toc_href,
    };
    nav.write_sidebar(site, locale);
    nav
}

impl PageNav {
    /// Moves the sidebar into [`PageNav::sidebar_html`] when the built-in `page.html` and
    /// `nav.html` would show it (a site's own templates get the entries).
    fn write_sidebar(&mut self, site: &Site, locale: &str) {
        let templates = &site.templates;
        if !(templates.is_built_in("page.html") && templates.is_built_in("nav.html")) {
            return;
        }
        // What `t(id="nav-more")` gives the macro.
        let mut more = || {
            site.localizer
                .format_marked(locale, "nav-more", None, None)
                .unwrap_or_else(|| "nav-more".to_string())
        };
        self.sidebar_html = Some(html::tree(&self.sidebar, &self.toc_href, &mut more));
        self.sidebar = Vec::new();
    }
}

/// What `templates/toc.html` shows: a locale's whole table of contents.
#[derive(Serialize)]
struct TocPage {
    #[serde(flatten)]
    chrome: Chrome,
    items: Vec<NavItem>,
}

/// Renders `<locale>/toc/` for every locale, keeping a locale's from the last build while
/// the site digest (the navigation files and every page's metadata, which the tree is made
/// of) and its messages are unchanged. Returns how many pages were made.
pub fn render_all(site: &Site, sink: &Sink, memo: &Recorder) -> (usize, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut count = 0;
    for locale in &site.config.locales {
        let dir = urls::toc_dir(&locale.tag);
        let render = || {
            let root = urls::root_prefix(&dir);
            let view = View::new(site, &locale.tag, &root);
            let data = TocPage {
                chrome: Chrome::new(site, &locale.tag, &dir, |tag| {
                    SwitchTarget::new(urls::toc_dir(tag), true)
                }),
                items: view.full(&site.nav.roots),
            };
            site.templates.render("toc.html", Some(&locale.tag), &data)
        };
        let rel = urls::index_file(&dir);
        match super::product_file(sink, memo, &rel, |_| {}, render) {
            Ok(()) => count += 1,
            Err(e) => diagnostics.push(e),
        }
    }
    (count, diagnostics)
}
