//! Valid sites: the fixture `small` (checked in detail) and the repository's own site (checked
//! by the rules every site must follow), both deterministic and confined to their output folder.

use super::html;
use super::site_checks::{resolve, Built};
use crate::support::book::{changes, BookTest};
use tolk::diagnostics::Severity;

#[test]
fn small_site_passes_every_site_check() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    Built::of(&test).assert_sound();
}

#[test]
fn repo_site_passes_every_site_check() {
    let mut test = BookTest::repo_site();
    test.build().assert_published();
    let built = Built::of(&test);
    assert!(
        built.content.pages.len() >= 4,
        "the four seed pages at least"
    );
    built.assert_sound();
}

/// Builds `make()` twice in two sandboxes (different absolute paths) and once more into the same
/// output, and compares every file byte for byte.
fn assert_deterministic(make: fn() -> BookTest) {
    let mut first = make();
    first.build().assert_published();
    let mut second = make();
    second.build().assert_published();
    let (a, b) = (first.output(), second.output());
    assert!(a.len() > 10, "a real site");
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(differ.is_empty(), "files differ between builds: {differ:?}");
    first.build().assert_published();
    assert!(
        first.output() == a,
        "a rebuild into the same folder differs"
    );
}

#[test]
fn small_site_builds_byte_identically() {
    assert_deterministic(|| BookTest::fixture("small"));
}

#[test]
fn repo_site_builds_byte_identically() {
    assert_deterministic(BookTest::repo_site);
}

/// The stages overlap on the thread pool (structure checks beside the articles, the site-wide
/// pages beside media and search): one thread or four, every file is the same, and so are the
/// diagnostics.
#[test]
fn repo_site_builds_the_same_on_one_thread_and_on_four() {
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut test = BookTest::repo_site();
        let messages = pool.install(|| test.build().assert_published().diagnostics_text());
        (test.output(), messages)
    };
    let (one, one_messages) = on(1);
    let (four, four_messages) = on(4);
    assert!(one.len() > 10, "a real site");
    let differ: Vec<&String> = one
        .keys()
        .chain(four.keys())
        .filter(|k| one.get(*k) != four.get(*k))
        .collect();
    assert!(differ.is_empty(), "files differ: {differ:?}");
    assert_eq!(one_messages, four_messages);
}

#[test]
fn small_site_has_every_page_and_asset() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    let files = test.output();
    for locale in ["en-US", "nl-NL", "tr-TR", "ar"] {
        for page in [
            "index.html",
            "report-an-event/index.html",
            "only-english/index.html",
        ] {
            let path = format!("{locale}/{page}");
            assert!(files.contains_key(&path), "{path} missing");
        }
        let chart = format!("media/generated/{locale}/event-types.svg");
        assert!(files.contains_key(&chart), "{chart} missing");
    }
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "static/style.css",
        "static/js/lang.js",
    ] {
        assert!(files.contains_key(file), "{file} missing");
    }
    let media = std::fs::read(test.root.join("content/en-US/media/diagram.png")).unwrap();
    assert_eq!(
        files["media/en-US/media/diagram.png"], media,
        "media copied as is"
    );
    // Every locale's article shows the English copy of the picture (nl-NL has none of its own).
    let nl = test.read("nl-NL/report-an-event/index.html");
    let img: Vec<String> = html::tags(&nl)
        .into_iter()
        .filter(|t| t.name == "img")
        .filter_map(|t| t.attr("src").map(str::to_string))
        .collect();
    assert_eq!(
        img,
        [
            "../../media/en-US/media/diagram.png",
            "../../media/generated/nl-NL/event-types.svg"
        ]
    );
}

#[test]
fn small_site_notices_and_alternates() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    let built = Built::of(&test);
    let say = |locale: &str, id: &str| {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("language", "English");
        tolk::i18n::strip_isolation(
            &built
                .localizer
                .format(locale, id, None, Some(&args))
                .expect("a message"),
        )
    };
    // Only in English: every other locale shows it in English, with the notice in its language.
    for locale in ["nl-NL", "tr-TR", "ar"] {
        let file = format!("{locale}/only-english/index.html");
        let text = test.read(&file);
        let notice = html::text_of(
            &text,
            "<aside class=\"notice notice-untranslated\"",
            "aside",
        )
        .unwrap_or_else(|| panic!("{file}: no untranslated notice"));
        assert_eq!(
            tolk::i18n::strip_isolation(&notice),
            say(locale, "notice-untranslated")
        );
        assert_ne!(
            notice,
            say("en-US", "notice-untranslated"),
            "{file}: notice in English"
        );
        let hreflangs: Vec<String> = html::tags(&text)
            .into_iter()
            .filter(|t| t.attr("rel") == Some("alternate"))
            .map(|t| {
                format!(
                    "{} {}",
                    t.attr("hreflang").unwrap(),
                    t.attr("href").unwrap()
                )
            })
            .collect();
        assert_eq!(
            hreflangs,
            [
                "en-US https://docs.example.test/guide/en-US/only-english/",
                "x-default https://docs.example.test/guide/en-US/only-english/"
            ]
        );
    }
    // Machine translations say so in their language and link to the English page.
    for locale in ["nl-NL", "tr-TR"] {
        let file = format!("{locale}/report-an-event/index.html");
        let text = test.read(&file);
        let notice = html::text_of(&text, "<aside class=\"notice notice-machine\"", "aside")
            .unwrap_or_else(|| panic!("{file}: no machine notice"));
        assert!(
            notice.starts_with(&say(locale, "notice-machine")),
            "{notice}"
        );
        let href = text
            .split("notice-machine")
            .nth(1)
            .and_then(|t| t.split("href=\"").nth(1));
        let href = html::decode(href.and_then(|h| h.split('"').next()).unwrap());
        assert_eq!(
            resolve(&file, &href).as_deref(),
            Some("en-US/report-an-event/index.html")
        );
    }
    // A human translation and the source carry no notice at all.
    for file in [
        "ar/report-an-event/index.html",
        "en-US/report-an-event/index.html",
    ] {
        assert!(
            !test.read(file).contains("class=\"notice"),
            "{file} has a notice"
        );
    }
    // Right to left, Fluent isolates placeables: the marks are in the text (so the site checks'
    // "no bidi mark in an attribute" is not vacuous), never in attributes.
    assert!(test.read("ar/only-english/index.html").contains('\u{2068}'));
    let ar = html::tags(&test.read("ar/report-an-event/index.html"));
    let root = ar.iter().find(|t| t.name == "html").unwrap();
    assert_eq!(
        (root.attr("lang"), root.attr("dir")),
        (Some("ar"), Some("rtl"))
    );
}

#[test]
fn small_site_ui_falls_back_with_a_warning() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    test.expect(
        Severity::Warning,
        "locales/ar/site.ftl",
        0,
        "`footer-built-with`",
    );
    let english = Built::of(&test)
        .localizer
        .format("en-US", "footer-built-with", None, None)
        .unwrap();
    let ar = test.read("ar/index.html");
    assert!(
        ar.contains(&format!(
            "<span lang=\"en-US\" dir=\"ltr\">{english}</span>"
        )),
        "English fallback in the ar footer"
    );
}

#[test]
fn build_writes_only_its_output_folder() {
    let mut test = BookTest::fixture("small");
    let before = test.sandbox_tree();
    test.build().assert_published();
    let after = test.sandbox_tree();
    let outside: Vec<String> = changes(&before, &after)
        .into_iter()
        .filter(|c| !(c.ends_with(" outer/out") || c.contains(" outer/out/")))
        .collect();
    assert_eq!(
        outside,
        Vec::<String>::new(),
        "the build touched files outside out/"
    );
    // `check` runs the same stages and writes nothing at all.
    let before = test.sandbox_tree();
    test.check();
    assert!(
        !test.report().diagnostics.has_errors(),
        "{}",
        test.diagnostics_text()
    );
    assert_eq!(changes(&before, &test.sandbox_tree()), Vec::<String>::new());
}

#[test]
fn rebuild_removes_pages_whose_source_is_gone() {
    let mut test = BookTest::fixture("small");
    test.write(
        "content/en-US/extra.md",
        "---\ntitle: Extra\ndescription: d\n---\n# Extra\n\nText.\n",
    );
    test.build().assert_published();
    assert!(test.output().contains_key("nl-NL/extra/index.html"));
    std::fs::remove_file(test.root.join("content/en-US/extra.md")).unwrap();
    test.build().assert_published();
    let stale: Vec<String> = test
        .output()
        .into_keys()
        .filter(|k| k.contains("extra"))
        .collect();
    assert_eq!(stale, Vec::<String>::new());
}

#[test]
fn cli_build_exits_0_and_prints_one_summary_line() {
    let test = BookTest::fixture("small");
    let run = test.cli(&["build", "--quiet"]);
    run.assert_exit(0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "--quiet prints only the summary:\n{}",
        run.stderr
    );
    assert!(
        lines[0].starts_with("4 locales, 8 article pages, ")
            && lines[0].contains(" 0 errors, ")
            && lines[0].ends_with(&format!("published to {}", test.out.display())),
        "{}",
        lines[0]
    );
    assert!(test.out.join("index.html").is_file());
    // With --deny-warnings the same site (it has warnings) is refused and the site kept.
    let before = test.output();
    let run = test.cli(&["build", "--deny-warnings"]);
    run.assert_exit(1);
    assert!(test.output() == before, "a refused build changed the site");
}

#[test]
fn cli_show_prints_the_normalized_record() {
    let test = BookTest::fixture("small");
    let run = test.cli(&["show", "content/nl-NL/guide.md"]);
    run.assert_exit(0);
    let records: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let records = records.as_array().expect("a list");
    assert_eq!(records.len(), 1, "{}", run.stdout);
    let meta = &records[0]["meta"];
    assert_eq!(meta["title"], "Een gebeurtenis melden");
    assert_eq!(meta["date"], "2021-03-04");
    assert_eq!(meta["translation_kind"], "machine");
    assert_eq!(
        meta["translation_group"],
        "5c1d0a52-7e55-4d0e-9b53-fixture0guide"
    );
    assert_eq!(records[0]["slug"], "report-an-event");
}

#[test]
fn percent_encoded_media_names_resolve_and_hostile_text_is_escaped() {
    let mut test = BookTest::fixture("small");
    let png = std::fs::read(test.root.join("content/en-US/media/diagram.png")).unwrap();
    test.write("content/en-US/media/été 1.png", &png).write(
        "content/en-US/notes.md",
        "---\ntitle: \"A <script>alert(1)</script> & \\\"q\\\"\"\n\
         description: \"\\\" onmouseover=\\\"alert(1)\"\n---\n# Notes\n\n\
         ![Encoded](media/%C3%A9t%C3%A9%201.png) ![Angle](<media/été 1.png>)\n",
    );
    test.build().assert_published();
    let built = Built::of(&test);
    built.assert_sound();
    assert_eq!(built.files["media/en-US/media/été 1.png"], png);
    let page = test.read("en-US/notes/index.html");
    assert!(page.contains("<title>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
    let srcs: Vec<String> = html::tags(&page)
        .into_iter()
        .filter(|t| t.name == "img")
        .filter_map(|t| t.attr("src").map(str::to_string))
        .collect();
    assert_eq!(srcs.len(), 2);
    assert!(
        srcs.iter()
            .all(|s| s == "../../media/en-US/media/%C3%A9t%C3%A9%201.png"),
        "{srcs:?}"
    );
}
