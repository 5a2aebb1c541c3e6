//! Control characters and bidi overrides are reported at their line and column and reach no
//! title, attribute or text of the published site; NUL is an error.

use crate::support::book::BookTest;
use tolk::diagnostics::Severity;

const PAGE: &str = "content/nl-NL/guide.md";
const FTL: &str = "locales/nl-NL/site.ftl";

fn spoofed_site() -> BookTest {
    let mut test = BookTest::fixture("small");
    let page = std::fs::read_to_string(test.root.join(PAGE)).expect("page");
    let page = page
        .replace(
            "title: \"Een",
            "title: \"Evil \u{202e}gnp.exe \u{1b}[31mEen",
        )
        .replace("description: Hoe", "description: \u{2066}Hoe")
        .replace("1. Open het portaal", "1. Open \u{202e}het portaal");
    test.write(PAGE, page);
    let ftl = std::fs::read_to_string(test.root.join(FTL)).expect("ftl");
    test.write(FTL, ftl.replace("toc-title = Op", "toc-title = \u{202e}Op"));
    test
}

/// The line of `toc-title` in the fixture's Dutch `.ftl` (it moves as messages are added).
fn toc_title_line(test: &BookTest) -> usize {
    let ftl = std::fs::read_to_string(test.root.join(FTL)).expect("ftl");
    1 + ftl
        .lines()
        .position(|l| l.starts_with("toc-title ="))
        .expect("toc-title in the fixture")
}

#[test]
fn spoofing_characters_are_reported_where_they_are_and_removed() {
    let mut test = spoofed_site();
    let ftl_line = toc_title_line(&test);
    test.build()
        .expect(Severity::Warning, PAGE, 2, "bidi override U+202E")
        .expect(Severity::Warning, PAGE, 2, "ESC U+001B")
        .expect(Severity::Warning, PAGE, 3, "bidi isolate U+2066")
        .expect(Severity::Warning, PAGE, 14, "bidi override U+202E")
        .expect(Severity::Warning, FTL, ftl_line, "bidi override U+202E")
        .assert_published();
    let title = test.find(Severity::Warning, PAGE, 2, "U+202E");
    assert_eq!((title.column, title.rule), (14, "control-char"));
    for (path, bytes) in test.output() {
        let text = String::from_utf8_lossy(&bytes);
        for c in ['\u{202e}', '\u{1b}', '\u{2066}'] {
            assert!(!text.contains(c), "{path} holds U+{:04X}", c as u32);
        }
    }
    let html = test.read("nl-NL/report-an-event/index.html");
    assert!(html.contains("<title>Evil gnp.exe [31mEen"), "{html}");
}

#[test]
fn a_nul_is_an_error_at_its_place() {
    let mut test = BookTest::fixture("small");
    let page = std::fs::read_to_string(test.root.join(PAGE)).expect("page");
    test.write(PAGE, page.replace("Beschrijf wat", "Beschrijf\0 wat"));
    test.check()
        .expect(Severity::Error, PAGE, 22, "NUL U+0000")
        .assert_refused();
}

#[test]
fn a_fluent_message_that_contains_itself_refuses_the_build_at_its_line() {
    let mut test = BookTest::fixture("small");
    let ftl = std::fs::read_to_string(test.root.join(FTL)).expect("ftl");
    test.write(
        FTL,
        ftl.replace("toc-title = Op", "toc-title = { toc-title } Op"),
    );
    let line = toc_title_line(&test);
    test.build()
        .expect(
            Severity::Error,
            FTL,
            line,
            "`toc-title` refers to itself in nl-NL",
        )
        .assert_refused();
}

/// fluent-syntax 0.12 panics on a `\U` escape cut short by a non-ASCII character; tolk hands it
/// the text with that character defused, so the translator gets an error at the line.
#[test]
fn a_unicode_escape_cut_by_a_wide_character_is_an_error_at_its_line_not_a_crash() {
    let mut test = BookTest::fixture("small");
    let ftl = std::fs::read_to_string(test.root.join(FTL)).expect("ftl");
    test.write(
        FTL,
        ftl.replace("toc-title = Op", "toc-title = {\"\\Uପ\"} Op"),
    );
    let line = toc_title_line(&test);
    test.build()
        .expect(Severity::Error, FTL, line, "escape")
        .assert_refused();
}
