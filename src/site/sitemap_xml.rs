//! The sitemap written in Rust, byte for byte what the built-in `templates/sitemap.xml` writes
//! from the same entries. At 10,000 pages tera first turned the sitemap's ~10,000 entries and
//! ~40,000 alternates into one `serde_json::Value` and then wrote the 6 MB file: that pair was
//! the peak of a large build's memory (about 40 MB for a moment). Used only while
//! `sitemap.xml` is the built-in one ([`crate::templates::Templates::is_built_in`]); a site's
//! own template is rendered by tera. A test renders both on the same entries and compares them.

use super::chrome::Alternate;
use crate::html_escape::escape;

/// The template's name, as [`crate::templates::Templates`] knows it.
pub const TEMPLATE: &str = "sitemap.xml";

/// One article's `<url>`: its address, last change (ISO date) and real translations.
pub struct Entry<'a> {
    pub loc: &'a str,
    pub lastmod: Option<&'a str>,
    pub alternates: &'a [Alternate],
}

/// The whole sitemap: every home, then every entry.
pub fn xml(homes: &[String], entries: &[Entry]) -> String {
    let per_entry = entries.first().map_or(0, |e| {
        64 + e.loc.len() + e.alternates.len() * (64 + e.loc.len())
    });
    let mut out = String::with_capacity(256 + homes.len() * 64 + entries.len() * per_entry);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for h in homes {
        out.push_str("<url><loc>");
        out.push_str(&escape(h));
        out.push_str("</loc></url>\n");
    }
    for e in entries {
        out.push_str("<url>\n<loc>");
        out.push_str(&escape(e.loc));
        out.push_str("</loc>\n");
        // tera's `{% if %}` is false for an empty string too.
        if let Some(lastmod) = e.lastmod.filter(|l| !l.is_empty()) {
            out.push_str("<lastmod>");
            out.push_str(&escape(lastmod));
            out.push_str("</lastmod>\n");
        }
        for a in e.alternates {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            out.push_str(&escape(&a.hreflang));
            out.push_str("\" href=\"");
            out.push_str(&escape(&a.href));
            out.push_str("\"/>\n");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    // What `Templates::render` does to a file that is not HTML.
    if crate::bidi::has_marks(&out) {
        out = crate::bidi::strip_fallback_marks(&out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{xml, Entry};
    use crate::site::chrome::Alternate;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Url<'a> {
        loc: &'a str,
        lastmod: Option<&'a str>,
        alternates: &'a [Alternate],
    }

    #[derive(Serialize)]
    struct Sitemap<'a> {
        urls: Vec<Url<'a>>,
        homes: Vec<String>,
    }

    fn alternate(hreflang: &str, href: &str) -> Alternate {
        Alternate {
            hreflang: hreflang.to_string(),
            href: href.to_string(),
        }
    }

    #[test]
    fn the_same_bytes_as_the_template() {
        let two = [
            alternate("en-US", "https://x.org/en-US/a/"),
            alternate("nl-NL", "https://x.org/nl-NL/a/?q=1&r=<'\">"),
        ];
        let homes = vec![
            "https://x.org/en-US/".to_string(),
            "https://x.org/nl&/".into(),
        ];
        let cases: [(&str, Option<&str>, &[Alternate]); 4] = [
            ("https://x.org/en-US/a/", Some("2021-10-19"), &two),
            ("https://x.org/en-US/b/", None, &[]),
            ("https://x.org/en-US/c&d/", Some(""), &two[..1]),
            ("https://x.org/\u{2068}e\u{2069}/", Some("2020-01-02"), &two),
        ];
        let entries: Vec<Entry> = cases
            .iter()
            .map(|&(loc, lastmod, alternates)| Entry {
                loc,
                lastmod,
                alternates,
            })
            .collect();
        let data = Sitemap {
            urls: cases
                .iter()
                .map(|&(loc, lastmod, alternates)| Url {
                    loc,
                    lastmod,
                    alternates,
                })
                .collect(),
            homes: homes.clone(),
        };
        let tera = |data: &Sitemap| {
            let mut tera = tera::Tera::default();
            tera.autoescape_on(vec![".xml"]);
            tera.set_escape_fn(crate::html_escape::escape);
            tera.add_raw_template(super::TEMPLATE, include_str!("../../templates/sitemap.xml"))
                .unwrap();
            let context = tera::Context::from_serialize(data).unwrap();
            let out = tera.render(super::TEMPLATE, &context).unwrap();
            // As `Templates::render` leaves a file that is not HTML.
            match crate::bidi::has_marks(&out) {
                true => crate::bidi::strip_fallback_marks(&out),
                false => out,
            }
        };
        assert_eq!(xml(&homes, &entries), tera(&data));
        let empty = Sitemap {
            urls: Vec::new(),
            homes: Vec::new(),
        };
        assert_eq!(xml(&[], &[]), tera(&empty));
    }
}
