//! insta snapshots of key files of the fixture `small` (not of the repository's site, which
//! changes with its content). Review every change: `cargo insta review`, or run with
//! `INSTA_UPDATE=always` and read the diff of `tests/build/snapshots/` before committing.

use super::harness::BookTest;

fn built() -> BookTest {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    test
}

#[test]
fn snapshot_machine_translated_article() {
    insta::assert_snapshot!(built().read("nl-NL/report-an-event/index.html"));
}

#[test]
fn snapshot_untranslated_page_in_a_right_to_left_locale() {
    insta::assert_snapshot!(built().read("ar/only-english/index.html"));
}

#[test]
fn snapshot_root_language_chooser() {
    insta::assert_snapshot!(built().read("index.html"));
}

#[test]
fn snapshot_sitemap() {
    insta::assert_snapshot!(built().read("sitemap.xml"));
}

#[test]
fn snapshot_turkish_chart() {
    insta::assert_snapshot!(built().read("media/generated/tr-TR/event-types.svg"));
}

#[test]
fn snapshot_build_diagnostics() {
    let test = built();
    // Some messages name a file by its absolute path; the sandbox's differs on every run.
    let root = test.root.display().to_string();
    insta::assert_snapshot!(test.diagnostics_text().replace(&root, "[site]"));
}
