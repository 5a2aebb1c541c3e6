//! `toc.yml` / `TOC.yml`: Microsoft's table-of-contents files, read into a typed tree.
//!
//! The format (docfx's): a list of entries, or a mapping with `items:`, each entry with `name`,
//! an optional `href` (a Markdown file, a folder's or another `toc.yml`, or an external URL) and
//! nested `items`. Keys tolk does not use (`displayName`, `expanded`, `uid`, ...) are accepted
//! and ignored, as docfx does. Paths are kept as written; `site::nav` resolves them.

use crate::diagnostics::{rule, Diagnostic};
use serde::Deserialize;
use std::path::Path;

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TocEntry {
    pub name: String,
    #[serde(default)]
    pub href: Option<String>,
    #[serde(default)]
    pub items: Vec<TocEntry>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawToc {
    List(Vec<TocEntry>),
    Root { items: Vec<TocEntry> },
}

/// The names a TOC file may have in a folder, in the order they are looked for.
pub const TOC_FILES: &[&str] = &["toc.yml", "TOC.yml"];

/// Parses a TOC file's text; `path` only names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<TocEntry>, Diagnostic> {
    match crate::yaml::from_str::<RawToc>(text) {
        Ok(RawToc::List(items) | RawToc::Root { items }) => Ok(items),
        Err(e) => Err(
            Diagnostic::error(path, format!("not a table of contents: {}", e.message))
                .rule(rule::TOC)
                .at(e.line.max(1), e.column.max(1))
                .with_help("a TOC is a list of entries with `name`, `href` and `items`"),
        ),
    }
}

/// Reads the TOC file of `folder`, if it has one.
pub fn read(folder: &Path) -> Option<Result<Vec<TocEntry>, Diagnostic>> {
    // Every candidate is noted, present or not, for whoever records what the navigation
    // read (the render memo, the kept navigation tree): one appearing is a change too.
    let path = TOC_FILES
        .iter()
        .map(|name| folder.join(name))
        .inspect(|p| crate::input::record::note_stamp(p, crate::input::record::stamp(p)))
        .find(|p| p.is_file())?;
    Some(match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) => Err(Diagnostic::error(&path, format!("cannot read: {e}")).rule(rule::TOC)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_and_items_forms_with_nesting() {
        let text = "- name: Security\n  expanded: true\n  items:\n  - name: Overview\n    href: overview.md\n  - name: More\n    href: more/toc.yml\n";
        let toc = parse(text, Path::new("toc.yml")).unwrap();
        assert_eq!(toc[0].name, "Security");
        assert_eq!(toc[0].items[0].href.as_deref(), Some("overview.md"));
        assert_eq!(toc[0].items.len(), 2);
        let toc = parse("items:\n- name: A\n  href: a.md\n", Path::new("toc.yml")).unwrap();
        assert_eq!(toc[0].href.as_deref(), Some("a.md"));
    }

    #[test]
    fn a_bad_toc_names_file_and_line() {
        let e = parse(
            "- name: A\n  items: 3\n",
            Path::new("content/en-US/toc.yml"),
        )
        .unwrap_err();
        assert!(e.message.contains("table of contents"), "{e}");
        assert!(e.line >= 1);
    }
}
