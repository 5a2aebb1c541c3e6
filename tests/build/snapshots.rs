//! insta snapshots of key files of the fixture `small` (not of the repository's site, which
//! changes with its content). Review every change: `cargo insta review`, or run with
//! `INSTA_UPDATE=always` and read the diff of `tests/build/snapshots/` before committing.

use crate::support::BookTest;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What the snapshots look at: the text files of `small`'s output and its diagnostics.
struct Built {
    files: BTreeMap<String, String>,
    diagnostics: String,
}

impl Built {
    fn read(&self, rel: &str) -> &str {
        self.files
            .get(rel)
            .unwrap_or_else(|| panic!("no output file {rel}"))
    }
}

/// `small`, built once for every snapshot (its sandbox is gone once the files are read).
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut test = BookTest::fixture("small");
        test.build().assert_published();
        let files = test
            .output()
            .into_iter()
            .filter_map(|(rel, bytes)| Some((rel, String::from_utf8(bytes).ok()?)))
            .collect();
        // Some messages name a file by its absolute path; the sandbox's differs on every run.
        let root = test.root.display().to_string();
        let diagnostics = test.diagnostics_text().replace(&root, "[site]");
        Built { files, diagnostics }
    })
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
    insta::assert_snapshot!(built().diagnostics);
}
