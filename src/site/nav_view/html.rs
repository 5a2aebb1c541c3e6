//! The sidebar's HTML written in Rust, byte for byte what `templates/nav.html`'s `tree` macro
//! writes from the same [`NavItem`]s. The sidebar is the largest part of every article page and
//! the macro (a recursive tera call per level, a lookup per field) cost about 15 % of a build's
//! instructions. Used only while `nav.html` and `page.html` are the built-in ones
//! ([`crate::templates::Templates::is_built_in`]); a site's own templates get the macro.
//! A test renders both on the same items and compares them.

use super::NavItem;
use crate::html_escape::escape;
use std::fmt::Write;

/// The `<ul>` of `items` as the macro `tree(items, toc_href)` writes it; `more` is the
/// `t(id="nav-more")` text (unescaped, as `t()` returns it), asked for only when a level was cut.
pub fn tree(items: &[NavItem], toc_href: &str, more: &mut dyn FnMut() -> String) -> String {
    let mut out = String::with_capacity(256 * items.len().max(1));
    write_tree(&mut out, items, toc_href, more);
    out
}

fn write_tree(
    out: &mut String,
    items: &[NavItem],
    toc_href: &str,
    more: &mut dyn FnMut() -> String,
) {
    out.push_str("<ul>\n");
    for i in items {
        out.push_str("<li>");
        if !i.children.is_empty() {
            out.push_str("<details");
            if i.open {
                out.push_str(" open");
            }
            out.push_str("><summary>");
            label(out, i);
            out.push_str("</summary>\n");
            if i.page {
                out.push_str("<a class=\"nav-self\" href=\"");
                out.push_str(&escape(i.href.as_deref().unwrap_or("")));
                out.push('"');
                current(out, i);
                out.push('>');
                label(out, i);
                out.push_str("</a>\n");
            }
            write_tree(out, &i.children, toc_href, more);
            out.push_str("</details>");
        } else if !i.label.is_empty() {
            match i.href.as_deref().filter(|h| !h.is_empty()) {
                Some(href) => {
                    out.push_str("<a href=\"");
                    out.push_str(&escape(href));
                    out.push('"');
                    current(out, i);
                    out.push('>');
                    label(out, i);
                    out.push_str("</a>");
                }
                None => {
                    out.push_str("<span>");
                    label(out, i);
                    out.push_str("</span>");
                }
            }
        }
        if i.more {
            let _ = write!(
                out,
                "<p class=\"nav-more\"><a href=\"{}\">{}</a></p>",
                escape(toc_href),
                escape(&more())
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn current(out: &mut String, i: &NavItem) {
    if i.current {
        out.push_str(" aria-current=\"page\"");
    }
}

/// `<bdi ...>label</bdi>`: the label's language when it is not the page's, else `dir="auto"`.
fn label(out: &mut String, i: &NavItem) {
    out.push_str("<bdi");
    match &i.lang {
        Some(lang) => {
            out.push_str(" lang=\"");
            out.push_str(&escape(&lang.tag));
            out.push_str("\" dir=\"");
            out.push_str(&escape(lang.dir));
            out.push('"');
        }
        None => out.push_str(" dir=\"auto\""),
    }
    out.push('>');
    out.push_str(&escape(&i.label));
    out.push_str("</bdi>");
}

#[cfg(test)]
mod tests {
    use super::super::NavItem;
    use crate::site::text_lang::TextLang;
    use std::collections::HashMap;

    fn item(label: &str, href: Option<&str>, children: Vec<NavItem>) -> NavItem {
        NavItem {
            label: label.to_string(),
            lang: None,
            href: href.map(str::to_string),
            current: false,
            page: href.is_some(),
            open: false,
            children,
            more: false,
        }
    }

    /// Nested folders, a parent page and a heading over pages, the current page, a foreign
    /// label, an external link, text that needs escaping, an empty label (the "more" entry)
    /// and cut levels.
    fn fixture() -> Vec<NavItem> {
        let mut current = item("Current <page>", Some("../b/c/"), vec![]);
        current.current = true;
        let mut foreign = item("Fremd & \"quoted\"", Some("../b/d/?x=1&y='2'"), vec![]);
        foreign.lang = Some(TextLang {
            tag: "ar".into(),
            dir: "rtl",
        });
        let mut inner = item(
            "Inner folder",
            None,
            vec![item("Deep", Some("../b/e/f/"), vec![])],
        );
        inner.open = true;
        inner.more = true;
        let mut b = item("B section", Some("../b/"), vec![current, foreign, inner]);
        b.open = true;
        b.more = true;
        let mut heading = item("Heading only", None, vec![item("X", Some("../x/"), vec![])]);
        heading.lang = Some(TextLang {
            tag: "en-US".into(),
            dir: "ltr",
        });
        let external = item("External", Some("https://example.com/a?b=1&c=2"), vec![]);
        let mut no_href = item("No link", None, vec![]);
        no_href.page = true;
        let mut more = item("", None, vec![]);
        more.more = true;
        vec![
            item("A", Some("../a/"), vec![]),
            b,
            heading,
            external,
            no_href,
            more,
        ]
    }

    fn macro_output(items: &[NavItem], toc_href: &str, more: &'static str) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::html_escape::escape);
        tera.register_function(
            "t",
            move |_: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                Ok(tera::Value::String(more.into()))
            },
        );
        tera.add_raw_templates(vec![
            ("nav.html", include_str!("../../../templates/nav.html")),
            (
                "sidebar.html",
                "{% import \"nav.html\" as navm %}{{ navm::tree(items=items, toc_href=toc_href) }}",
            ),
        ])
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("items", items);
        context.insert("toc_href", toc_href);
        tera.render("sidebar.html", &context).unwrap()
    }

    #[test]
    fn the_rust_sidebar_is_the_macros_byte_for_byte() {
        let items = fixture();
        let more = "More… <all> & \"x\"";
        let expected = macro_output(&items, "../toc/?a=1&b=2", more);
        let actual = super::tree(&items, "../toc/?a=1&b=2", &mut || more.to_string());
        assert_eq!(actual, expected);
        assert!(expected.contains("<details open>") && expected.contains("nav-more"));
        // The full table of contents passes an empty `toc_href`.
        assert_eq!(
            super::tree(&items, "", &mut || more.to_string()),
            macro_output(&items, "", more)
        );
        assert_eq!(
            super::tree(&[], "", &mut String::new),
            macro_output(&[], "", more)
        );
    }
}
