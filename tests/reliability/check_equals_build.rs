//! `check` raises every error `build` would, with file and line; output paths are validated
//! before anything is written.

use crate::support::book::BookTest;
use tolk::diagnostics::Severity;

const PAGE: &str = "content/en-US/long.md";

fn long_title_site() -> BookTest {
    let mut test = BookTest::fixture("small");
    let slug = "word-".repeat(40_000) + "end";
    test.write(
        PAGE,
        format!(
            "---\ntitle: T\nslug: {slug}\ndescription: d\nms.date: 2021-03-04\n---\n# T\n\nText.\n"
        ),
    );
    test
}

#[test]
fn a_slug_too_long_for_a_folder_name_is_an_error_at_its_line_in_check_and_build() {
    let mut test = long_title_site();
    test.check()
        .expect(Severity::Error, PAGE, 3, "URL segment would be")
        .assert_refused();
    test.build()
        .expect(Severity::Error, PAGE, 3, "URL segment would be")
        .assert_refused();
    let run = test.cli(&["build"]);
    run.assert_exit(1).assert_reports(Severity::Error, PAGE, 3);
    assert!(!run.stderr.contains("staging"), "{}", run.stderr);
    // The slug line is 200,000 characters: the report must show a window of it, never all of
    // it. The rest of stderr is the fixture's other warnings (its `ar` locale lacks the form's
    // messages, one line each), so the bound leaves them room and still catches the line.
    assert!(
        run.stderr.len() < 40_000,
        "{} bytes of stderr",
        run.stderr.len()
    );
    let check = test.cli(&["check"]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
}

#[test]
fn check_and_build_report_the_same_errors_on_the_invalid_cases() {
    let invalid = std::fs::read_dir(crate::support::repo().join("tests/invalid")).expect("invalid");
    for case in invalid.flatten().filter(|e| e.path().is_dir()) {
        let name = case.file_name().to_string_lossy().into_owned();
        let mut test = BookTest::repo_copy();
        test.apply_invalid(&name);
        let errors = |t: &BookTest| -> Vec<String> {
            let report = t.report();
            let mut e: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{}:{}: {}", d.path.display(), d.line, d.message))
                .collect();
            e.sort();
            e
        };
        test.check();
        let checked = errors(&test);
        test.build();
        assert_eq!(checked, errors(&test), "case {name}");
    }
}
