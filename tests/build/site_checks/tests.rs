//! The site checks themselves: URL resolution, and a mutation per rule proving it can fail.

use super::*;

#[test]
fn resolve_follows_relative_urls() {
    assert_eq!(
        resolve("a/index.html", "m/%C3%A9%201.png").as_deref(),
        Some("a/m/é 1.png")
    );
    assert_eq!(
        resolve("nl-NL/a/index.html", "../../en-US/a/").as_deref(),
        Some("en-US/a/index.html")
    );
    assert_eq!(
        resolve("nl-NL/a/index.html", "#x").as_deref(),
        Some("nl-NL/a/index.html#x")
    );
    assert_eq!(
        resolve("index.html", "./nl-NL/").as_deref(),
        Some("nl-NL/index.html")
    );
    assert_eq!(resolve("a/index.html", "../../etc/passwd"), None);
    assert_eq!(
        resolve("", "guide/nl-NL/?q=1#top").as_deref(),
        Some("guide/nl-NL/index.html#top")
    );
}

/// Each check finds the fault it is for: a mutated copy of a good site fails exactly there.
#[test]
fn site_checks_catch_broken_output() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    let good = Built::of(&test);
    assert_eq!(good.problems(), Vec::<String>::new());
    let page = "nl-NL/report-an-event/index.html";
    type Check = fn(&Built) -> Vec<String>;
    let cases: &[(&str, &str, &str, &str, Check)] = &[
        (
            page,
            "<html lang=\"nl-NL\"",
            "<html lang=\"en-US\"",
            "lang",
            Built::lang_and_dir,
        ),
        (
            page,
            "<html lang=\"nl-NL\" dir=\"ltr\"",
            "<html lang=\"nl-NL\" dir=\"rtl\"",
            "dir",
            Built::lang_and_dir,
        ),
        (
            page,
            "<link rel=\"alternate\" hreflang=\"tr-TR\"",
            "<link rel=\"x\" hreflang=\"tr-TR\"",
            "alternate",
            Built::alternates_and_notices,
        ),
        (
            page,
            "notice-machine",
            "notice-robot",
            "machine notice",
            Built::alternates_and_notices,
        ),
        (
            "nl-NL/only-english/index.html",
            "notice-untranslated",
            "notice-x",
            "untranslated notice",
            Built::alternates_and_notices,
        ),
        (
            page,
            "../../tr-TR/report-an-event/index.html\" hreflang",
            "../../tr-TR/index.html\" hreflang",
            "switcher",
            Built::switchers,
        ),
        (
            page,
            "#second-part",
            "#third-part",
            "fragment",
            Built::links,
        ),
        (
            page,
            "media/en-US/media/diagram.png",
            "media/en-US/media/gone.png",
            "missing media",
            Built::links,
        ),
        (
            page,
            "event-types-narrow.svg",
            "event-types-slim.svg",
            "missing srcset",
            Built::links,
        ),
        (
            page,
            "\"../../nl-NL/index.html\"",
            "\"../../nl-NL/\"",
            "folder link",
            Built::file_links,
        ),
        (
            "index.html",
            "\"./nl-NL/index.html\"",
            "\"./nl-NL/\"",
            "folder link on the root page",
            Built::file_links,
        ),
        (page, "<p>", "<p style=\"color:red\">", "style=", Built::csp),
        (
            page,
            "<main",
            "<script>alert(1)</script><main",
            "inline script",
            Built::csp,
        ),
        (
            page,
            "<main",
            "<style>p{}</style><main",
            "<style>",
            Built::csp,
        ),
        (page, "<img ", "<img onerror=\"x()\" ", "on*=", Built::csp),
        (
            page,
            "object-src 'none'\">",
            "object-src *\">",
            "csp meta",
            Built::csp,
        ),
        (
            page,
            "aria-label=\"",
            "aria-label=\"\u{2068}",
            "bidi mark",
            Built::bidi,
        ),
        (
            "sitemap.xml",
            "</urlset>",
            "",
            "unclosed sitemap",
            Built::sitemap,
        ),
        (
            "sitemap.xml",
            "hreflang=\"ar\"",
            "hreflang=\"fa\"",
            "sitemap alternates",
            Built::sitemap,
        ),
        (
            "index.html",
            "data-tolk-default=\"en-US\"",
            "data-tolk-default=\"nl-NL\"",
            "root data",
            Built::root_page,
        ),
        (
            "media/generated/tr-TR/event-types.svg",
            "<title>",
            "<title>x",
            "chart title",
            Built::charts,
        ),
    ];
    for (file, from, to, what, check) in cases {
        let mut broken = Built::of(&test);
        let text = broken.text(file).to_string();
        assert!(text.contains(from), "{what}: {file} has no {from:?}");
        broken
            .files
            .insert(file.to_string(), text.replacen(from, to, 1).into_bytes());
        assert!(
            !check(&broken).is_empty(),
            "{what} in {file} went unnoticed"
        );
    }
}
