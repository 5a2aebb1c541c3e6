//! The status page's table of articles written in Rust, byte for byte what the loop over
//! `pages` in `templates/status.html` writes from the same rows. At 10,000 pages the table is
//! 10,000 cells with a few `t()` calls and string comparisons each; in tera that was most of an
//! `.ftl` edit's rebuild in `tolk serve`, since every message edit renders every status page
//! again. Used only while `status.html` is the built-in one
//! ([`crate::templates::Templates::is_built_in`]); a site's own template gets the rows. A test
//! renders both on the same rows and compares them.

use super::{Cell, PageRow};
use crate::html_escape::escape;
use crate::site::translations::FindingCounts;

/// The texts a row shows, as `t()` returns them (unescaped): `message(id, None)` for a
/// message without arguments, `message("status-findings", Some(counts))` for the findings.
pub type Messages<'a> = dyn FnMut(&str, Option<FindingCounts>) -> String + 'a;

/// The rows of the pages table, as the template's `{% for row in pages %}` loop writes them.
pub fn rows(pages: &[PageRow], message: &mut Messages) -> String {
    let mut out = String::with_capacity(600 * pages.len());
    for row in pages {
        out.push_str("<tr><th scope=\"row\"><bdi");
        if let Some(lang) = &row.lang {
            out.push_str(" lang=\"");
            out.push_str(&escape(&lang.tag));
            out.push_str("\" dir=\"");
            out.push_str(&escape(lang.dir));
            out.push('"');
        }
        out.push('>');
        out.push_str(&escape(&row.title));
        out.push_str("</bdi></th>");
        for cell in &row.cells {
            write_cell(&mut out, cell, message);
        }
        out.push_str("</tr>\n");
    }
    out
}

fn write_cell(out: &mut String, cell: &Cell, message: &mut Messages) {
    let mut text = |out: &mut String, id: &str, counts: Option<FindingCounts>| {
        out.push_str(&escape(&message(id, counts)));
    };
    out.push_str("<td class=\"state state-");
    out.push_str(&escape(cell.kind));
    out.push_str("\">");
    match cell.href.as_deref().filter(|h| !h.is_empty()) {
        Some(href) => {
            out.push_str("<a href=\"");
            out.push_str(&escape(href));
            out.push_str("\">");
            let kind = match cell.kind {
                "source" => "status-kind-source",
                "machine" => "status-kind-machine",
                "reviewed" => "status-kind-reviewed",
                _ => "status-kind-human",
            };
            text(out, kind, None);
            out.push_str("</a>\n");
            let changes = cell.changes.as_deref().filter(|c| !c.is_empty());
            match (cell.freshness, changes) {
                ("up-to-date", _) => {
                    out.push_str("<span class=\"freshness fresh-ok\">");
                    text(out, "status-fresh-up-to-date", None);
                    out.push_str("</span>");
                }
                ("outdated", Some(changes)) => {
                    out.push_str("<a class=\"freshness fresh-outdated\" href=\"#");
                    out.push_str(&escape(changes));
                    out.push_str("\">");
                    text(out, "status-fresh-outdated", None);
                    out.push_str("</a>");
                }
                ("outdated", None) => {
                    out.push_str("<span class=\"freshness fresh-outdated\">");
                    text(out, "status-fresh-outdated", None);
                    out.push_str("</span>");
                }
                ("unknown", _) => {
                    out.push_str("<span class=\"freshness fresh-unknown\">");
                    text(out, "status-fresh-unknown", None);
                    out.push_str("</span>");
                }
                _ => {}
            }
            if let Some(findings) = cell.findings {
                out.push_str("<span class=\"findings");
                if findings.remaining > 0 {
                    out.push_str(" findings-open");
                }
                out.push_str("\">");
                text(out, "status-findings", Some(findings));
                out.push_str("</span>");
            }
        }
        None => {
            out.push_str("<span class=\"freshness fresh-missing\">");
            text(out, "status-kind-missing", None);
            out.push_str("</span>");
        }
    }
    out.push_str("</td>");
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, PageRow};
    use crate::site::text_lang::TextLang;
    use crate::site::translations::FindingCounts;
    use std::collections::HashMap;

    fn cell(kind: &'static str, href: Option<&str>, freshness: &'static str) -> Cell {
        Cell {
            tag: "nl-NL".into(),
            href: href.map(str::to_string),
            kind,
            freshness,
            findings: None,
            changes: None,
        }
    }

    /// Every kind and freshness, findings open and closed, an outdated cell with and without
    /// its changes entry, a missing page, a foreign title, and text that needs escaping.
    fn fixture() -> Vec<PageRow> {
        let mut outdated = cell("machine", Some("../nl-NL/a/?x=1&y='2'"), "outdated");
        outdated.changes = Some("changed-a<b>".into());
        outdated.findings = Some(FindingCounts {
            remaining: 3,
            fixable: 1,
        });
        let mut closed = cell("reviewed", Some("../hu-HU/a/"), "up-to-date");
        closed.findings = Some(FindingCounts {
            remaining: 0,
            fixable: 0,
        });
        let row = |title: &str, lang: Option<TextLang>, cells: Vec<Cell>| PageRow {
            title: title.into(),
            lang,
            cells,
        };
        vec![
            row(
                "Beveiliging & \"gebeurtenissen\" <b>",
                None,
                vec![
                    cell("source", Some("../en-US/a/"), "source"),
                    outdated,
                    closed,
                    cell("human", Some("../tr-TR/a/"), "unknown"),
                ],
            ),
            row(
                "Foreign",
                Some(TextLang {
                    tag: "ar".into(),
                    dir: "rtl",
                }),
                vec![
                    cell("source", Some("../en-US/b/"), "source"),
                    cell("machine", Some("../nl-NL/b/"), "outdated"),
                    cell("missing", None, ""),
                    cell("human", Some(""), "up-to-date"),
                ],
            ),
        ]
    }

    /// The text `t()` gives in the test: the id, its arguments and characters to escape.
    fn label(id: &str, counts: Option<FindingCounts>) -> String {
        match counts {
            Some(c) => format!("{id} <{}> & {} '", c.remaining, c.fixable),
            None => format!("{id} \"<&>\""),
        }
    }

    /// The template's loop over `pages`, cut from `templates/status.html`.
    fn template_output(pages: &[PageRow]) -> String {
        let source = include_str!("../../../templates/status.html");
        let start = source.find("{% for row in pages %}").unwrap();
        let end = start
            + source[start..]
                .find("{% endfor %}</tr>\n{% endfor %}")
                .unwrap();
        let rows = &source[start..end + "{% endfor %}</tr>\n{% endfor %}".len()];
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::html_escape::escape);
        tera.register_function(
            "t",
            |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                let id = args["id"].as_str().unwrap_or_default();
                let counts = args.get("count").map(|c| FindingCounts {
                    remaining: c.as_u64().unwrap_or_default() as usize,
                    fixable: args["fixable"].as_u64().unwrap_or_default() as usize,
                });
                Ok(tera::Value::String(label(id, counts)))
            },
        );
        tera.add_raw_template("rows.html", rows).unwrap();
        let mut context = tera::Context::new();
        context.insert("pages", pages);
        tera.render("rows.html", &context).unwrap()
    }

    #[test]
    fn the_rust_rows_are_the_templates_byte_for_byte() {
        let pages = fixture();
        let expected = template_output(&pages);
        assert_eq!(super::rows(&pages, &mut label), expected);
        assert!(expected.contains("findings-open") && expected.contains("fresh-missing"));
        assert_eq!(super::rows(&[], &mut label), template_output(&[]));
    }
}
