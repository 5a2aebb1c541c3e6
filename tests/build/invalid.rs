//! Bad input, one test per case of `tests/invalid/<case>/` (each laid over the fixture `small`).
//!
//! An error case first publishes the good site, then breaks it and builds again, through the
//! library and through the binary: the build must name the file and line, exit 1 without a
//! panic, and leave every byte of the sandbox as it was (the previous site included). A warning
//! case must publish, and publish the same site as the good input where the repair is complete.

use crate::support::book::{changes, BookTest};
use tolk::diagnostics::Severity::{Error, Warning};

/// Publishes `small`, applies `case`, and checks that the rebuild is refused and changes
/// nothing, in the library and in the CLI. Returns the test for the case's own assertions
/// (its report is the library build's), after checking that the CLI printed an error at
/// `path:line`.
fn refused(case: &str, path: &str, line: usize) -> BookTest {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    test.apply_invalid(case);
    refused_now(&mut test, &["build"], path, line);
    test
}

/// The rebuild of `test` as it is now is refused at `path:line` and changes nothing.
fn refused_now(test: &mut BookTest, cli_args: &[&str], path: &str, line: usize) {
    let before = test.sandbox_tree();
    assert!(
        before.keys().any(|k| k == "outer/out/index.html"),
        "a site to keep"
    );
    test.build().assert_refused();
    assert_eq!(changes(&before, &test.sandbox_tree()), Vec::<String>::new());
    test.cli(cli_args)
        .assert_exit(1)
        .assert_reports(Error, path, line);
    assert_eq!(changes(&before, &test.sandbox_tree()), Vec::<String>::new());
}

/// Publishes `small` and `small` + `case`; both must succeed. Returns the output of the good
/// site and the test holding the bad one.
fn repaired(case: &str) -> (std::collections::BTreeMap<String, Vec<u8>>, BookTest) {
    let mut good = BookTest::fixture("small");
    good.build().assert_published();
    let mut test = BookTest::fixture("small");
    test.apply_invalid(case);
    test.build().assert_published();
    test.cli(&["build"]).assert_exit(0);
    (good.output(), test)
}

fn assert_same_site(good: &std::collections::BTreeMap<String, Vec<u8>>, test: &BookTest) {
    let bad = test.output();
    let differ: Vec<&String> = good
        .keys()
        .chain(bad.keys())
        .filter(|k| good.get(*k) != bad.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "output differs from the good site: {differ:?}"
    );
}

#[test]
fn malformed_yaml_is_reported_where_the_quote_opens() {
    let t = refused("malformed-yaml", "content/en-US/guide.md", 3);
    let d = t.find(Error, "content/en-US/guide.md", 3, "malformed front matter");
    assert_eq!(d.column, 14);
}

#[test]
fn duplicate_front_matter_key_is_a_warning_and_the_last_wins() {
    // As docfx: a repeated key (Microsoft's files repeat `ms.custom`) keeps its last value.
    let (_, mut test) = repaired("duplicate-key");
    test.expect(
        Warning,
        "content/en-US/guide.md",
        6,
        "`title` is given twice",
    );
    assert!(test
        .read("en-US/report-an-event/index.html")
        .contains("<title>Again"));
}

#[test]
fn missing_front_matter_is_an_error() {
    refused("missing-front-matter", "content/en-US/notes.md", 1).expect(
        Error,
        "content/en-US/notes.md",
        1,
        "missing front matter",
    );
}

#[test]
fn unterminated_front_matter_is_an_error() {
    refused("unterminated-front-matter", "content/en-US/notes.md", 1).expect(
        Error,
        "content/en-US/notes.md",
        1,
        "unterminated front matter",
    );
}

#[test]
fn byte_order_mark_is_a_warning_and_changes_nothing() {
    let (good, mut test) = repaired("bom");
    test.expect(Warning, "content/en-US/guide.md", 1, "byte-order mark");
    assert_same_site(&good, &test);
}

#[test]
fn crlf_is_a_warning_and_builds_as_lf() {
    let (good, mut test) = repaired("crlf");
    test.expect(Warning, "content/en-US/guide.md", 1, "CRLF");
    assert_same_site(&good, &test);
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let t = refused("invalid-utf8", "content/en-US/guide.md", 21);
    let d = t.find(
        Error,
        "content/en-US/guide.md",
        21,
        "invalid UTF-8 (byte 0xFF",
    );
    assert_eq!(d.column, 13);
}

#[test]
fn unknown_locale_in_front_matter_is_an_error() {
    refused("unknown-locale", "content/nl-NL/guide.md", 7).expect(
        Error,
        "content/nl-NL/guide.md",
        7,
        "`ms.contentlocale: qq-ZZ` is not one of the site's locales (en-US, nl-NL, tr-TR, ar)",
    );
}

#[test]
fn malformed_locale_in_front_matter_is_an_error() {
    refused("malformed-locale", "content/nl-NL/guide.md", 7).expect(
        Error,
        "content/nl-NL/guide.md",
        7,
        "use `-` between subtags",
    );
}

#[test]
fn locale_of_another_folder_is_an_error() {
    refused("locale-mismatch", "content/nl-NL/guide.md", 7).expect(
        Error,
        "content/nl-NL/guide.md",
        7,
        "does not match the folder it lives in (nl-NL)",
    );
}

#[test]
fn impossible_date_is_an_error() {
    refused("bad-date", "content/nl-NL/guide.md", 5).expect(
        Error,
        "content/nl-NL/guide.md",
        5,
        "`ms.date: 13/45/2017` is not a valid date",
    );
}

#[test]
fn two_pages_with_one_slug_in_one_locale_is_an_error() {
    // Pages are checked in file order: again.md takes the slug first, guide.md clashes.
    refused("duplicate-slug", "content/en-US/guide.md", 1).expect(
        Error,
        "content/en-US/guide.md",
        1,
        "URL path `report-an-event` is also used by content/en-US/again.md",
    );
}

#[test]
fn slug_with_dot_dot_is_an_error() {
    refused("slug-escape", "content/en-US/notes.md", 4).expect(
        Error,
        "content/en-US/notes.md",
        4,
        "`slug: ../../escape` is not a plain URL segment",
    );
}

#[test]
fn link_out_of_the_content_folder_is_an_error() {
    refused("link-escape", "content/en-US/notes.md", 8)
        .expect(
            Error,
            "content/en-US/notes.md",
            8,
            "`../../../../etc/passwd` leads outside the content folder",
        )
        .expect(
            Error,
            "content/en-US/notes.md",
            10,
            "leads outside the content folder",
        );
}

#[test]
fn image_out_of_the_content_folder_is_an_error() {
    refused("image-escape", "content/en-US/notes.md", 8).expect(
        Error,
        "content/en-US/notes.md",
        8,
        "`../../book.toml` leads outside the content folder",
    );
}

#[test]
fn script_and_data_urls_are_errors_whatever_their_spelling() {
    let t = refused("unsafe-urls", "content/en-US/notes.md", 8);
    let file = "content/en-US/notes.md";
    for (line, needle) in [
        (8, "`javascript:` link"),
        (10, "`javascript:` link"),
        (12, "`javascript:` link"),
        (14, "`javascript:` link"),
        (16, "`data:` link"),
        (18, "`data:` image source"),
        (20, "`vbscript:` link"),
    ] {
        t.find(Error, file, line, needle);
    }
    assert_eq!(
        t.report().diagnostics.error_count(),
        7,
        "{}",
        t.diagnostics_text()
    );
}

#[test]
fn raw_script_and_event_handlers_are_errors() {
    refused("raw-html", "content/en-US/notes.md", 8)
        .expect(Error, "content/en-US/notes.md", 8, "raw HTML with <script>")
        .expect(
            Error,
            "content/en-US/notes.md",
            10,
            "event-handler attribute",
        )
        .expect(
            Error,
            "content/en-US/notes.md",
            12,
            "event-handler attribute",
        );
}

#[test]
fn headings_are_checked_like_the_body() {
    refused("heading-tricks", "content/en-US/notes.md", 6)
        .expect(
            Error,
            "content/en-US/notes.md",
            6,
            "heading attribute `onclick`",
        )
        .expect(Error, "content/en-US/notes.md", 10, "`javascript:` link")
        .expect(
            Error,
            "content/en-US/notes.md",
            10,
            "`../../../etc/passwd` leads outside the content folder",
        );
}

#[test]
fn missing_image_is_an_error() {
    refused("missing-image", "content/en-US/notes.md", 8).expect(
        Error,
        "content/en-US/notes.md",
        8,
        "image `media/gone.png` does not exist",
    );
}

#[test]
fn documents_and_scripts_beside_a_page_are_refused() {
    let t = refused("uploaded-documents", "content/en-US/notes.md", 8);
    let file = "content/en-US/notes.md";
    for (line, needle) in [
        (8, "`media/details.html` is not published: HTML runs script"),
        (10, "`media/steal.js` is not published: a script runs"),
        (
            12,
            "`media/feed.xml` is not published: XML can carry script",
        ),
        (
            14,
            "`media/logo.svg` is not published: the root element is not an SVG",
        ),
        (
            16,
            "`media/photo.png` is not published: its content is not image/png",
        ),
    ] {
        t.find(Error, file, line, needle);
    }
}

#[cfg(unix)]
#[test]
fn media_symlinked_out_of_the_content_folder_is_an_error() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    test.apply_invalid("symlink-escape");
    let secret = test.sandbox.join("outer/secret.png");
    std::fs::write(&secret, "not for publishing").unwrap();
    std::os::unix::fs::symlink(&secret, test.root.join("content/en-US/media/outside.png")).unwrap();
    let path = "content/en-US/notes.md";
    refused_now(&mut test, &["build"], path, 8);
    test.expect(Error, path, 8, "`media/outside.png` is a symbolic link");
}

#[test]
fn unknown_config_key_names_key_and_line() {
    refused("unknown-config-key", "book.toml", 14).expect(
        Error,
        "book.toml",
        14,
        "unknown field `base-ulr`",
    );
}

#[test]
fn bad_locale_tag_in_config_names_the_line() {
    refused("bad-config-locale", "book.toml", 24).expect(
        Error,
        "book.toml",
        24,
        "`locale.tag` = \"tr_TR\": use `-` between subtags",
    );
}

#[test]
fn fluent_syntax_error_names_file_and_line() {
    refused("fluent-syntax", "locales/nl-NL/broken.ftl", 2).expect(
        Error,
        "locales/nl-NL/broken.ftl",
        2,
        "Fluent syntax error",
    );
}

#[test]
fn out_inside_the_content_folder_is_refused() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    test.apply_invalid("out-inside-content");
    let before = test.sandbox_tree();
    let run = test.cli(&["build", "--out", "content/en-US/site"]);
    run.assert_exit(1);
    assert!(
        run.stderr
            .contains("the output folder lies inside the content folder"),
        "{}",
        run.stderr
    );
    assert_eq!(changes(&before, &test.sandbox_tree()), Vec::<String>::new());
}

#[test]
fn out_that_would_replace_the_sources_is_refused() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    test.apply_invalid("out-replaces-site");
    let before = test.sandbox_tree();
    for out in [
        ".",
        "../site",
        "../site/.",
        "locales",
        "locales/nl-NL",
        "../..",
        "book.toml",
    ] {
        let run = test.cli(&["build", "--out", out]);
        run.assert_exit(1);
        assert!(
            run.stderr.contains("error: the output folder"),
            "--out {out}: {}",
            run.stderr
        );
        assert_eq!(
            changes(&before, &test.sandbox_tree()),
            Vec::<String>::new(),
            "--out {out}"
        );
    }
}

#[test]
fn unknown_content_folder_is_a_warning_and_skipped() {
    let (good, mut test) = repaired("unknown-content-folder");
    test.expect(Warning, "content/de-DE", 0, "not a configured locale");
    assert_same_site(&good, &test);
}

/// Every case folder has a test above (by name), so none is forgotten.
#[test]
fn every_invalid_case_is_tested() {
    let source = include_str!("invalid.rs");
    let dir = crate::support::repo().join("tests/invalid");
    let mut untested = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !source.contains(&format!("\"{name}\"")) {
                untested.push(name);
            }
        }
    }
    assert_eq!(untested, Vec::<String>::new(), "cases without a test");
}

#[test]
fn include_cycle_names_the_chain_where_it_closes() {
    let t = refused("include-cycle", "content/en-US/includes/b.md", 3);
    let d = t.find(Error, "content/en-US/includes/b.md", 3, "include cycle");
    assert!(
        d.message.contains("only-english.md → ") && d.message.ends_with("includes/a.md"),
        "{}",
        d.message
    );
}

#[test]
fn include_outside_the_content_folder_is_refused() {
    refused("include-outside", "content/en-US/only-english.md", 11).expect(
        Error,
        "content/en-US/only-english.md",
        11,
        "outside the content folder",
    );
}

#[test]
fn complex_image_without_its_end_is_an_error() {
    refused("image-unterminated", "content/en-US/only-english.md", 11).expect(
        Error,
        "content/en-US/only-english.md",
        11,
        "no `:::image-end:::`",
    );
}

#[test]
fn image_without_source_is_an_error() {
    refused("image-no-source", "content/en-US/only-english.md", 11).expect(
        Error,
        "content/en-US/only-english.md",
        11,
        "no `source=`",
    );
}
