//! Every diagnostic has a rule code, and every code is documented.

use crate::support::book::BookTest;
use crate::support::repo;
use tolk::diagnostics::rule;

/// Codes used without a rule, as `path: message` lines (empty when all is well).
fn unclassified(test: &BookTest) -> Vec<String> {
    test.report()
        .diagnostics
        .iter()
        .filter(|d| !rule::ALL.iter().any(|r| r.code == d.rule))
        .map(|d| format!("{}: {} (rule `{}`)", d.path.display(), d.message, d.rule))
        .collect()
}

#[test]
fn every_diagnostic_of_the_sites_and_invalid_cases_has_a_documented_rule() {
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut repo_site = BookTest::repo_site();
    repo_site.check();
    seen += repo_site.report().diagnostics.len();
    missing.extend(unclassified(&repo_site));
    for fixture in ["rtl", "small"] {
        let mut test = BookTest::fixture(fixture);
        test.check();
        seen += test.report().diagnostics.len();
        missing.extend(unclassified(&test));
    }
    let invalid = std::fs::read_dir(repo().join("tests/invalid")).expect("tests/invalid");
    for case in invalid.flatten().filter(|e| e.path().is_dir()) {
        let name = case.file_name().to_string_lossy().into_owned();
        let mut test = BookTest::repo_copy();
        test.apply_invalid(&name);
        test.check();
        seen += test.report().diagnostics.len();
        missing.extend(unclassified(&test));
    }
    assert!(seen > 50, "the sites produced only {seen} diagnostics");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_code_is_unique_and_in_the_readme() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let mut codes: Vec<&str> = rule::ALL.iter().map(|r| r.code).collect();
    for code in &codes {
        assert!(
            readme.contains(&format!("`{code}`")),
            "README lacks rule `{code}`"
        );
    }
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), rule::ALL.len(), "a rule code is used twice");
}
