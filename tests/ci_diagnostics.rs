//! Diagnostics a CI can act on: rule levels from book.toml, the baseline round trip and SARIF,
//! through the `tolk` binary on an editable copy of the repository's site.

use crate::support::book::BookTest;
use serde_json::Value;
use std::collections::HashSet;

const NL: &str = "content/nl-NL/event-support-ticket.md";
const HU: &str = "content/hu-HU/event-support-ticket.md";

fn edit(test: &mut BookTest, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(test.root.join(rel)).expect("a page");
    assert!(text.contains(from), "{rel} lacks {from:?}");
    test.write(rel, text.replacen(from, to, 1));
}

/// The `[rule]` codes of the diagnostic lines `check` printed, with their file's locale.
fn reported(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn baseline_round_trip_accepts_old_findings_reports_new_and_stale_ones() {
    let mut test = BookTest::repo_copy();
    let before = test.cli(&["check"]);
    assert!(reported(&before.stdout).len() > 5, "{}", before.stdout);
    test.cli(&["check", "--write-baseline"]).assert_exit(0);
    let file = std::fs::read_to_string(test.root.join("tolk-baseline.json")).expect("baseline");
    assert!(
        file.contains("\"rule\": \"structure-list-restart\""),
        "{file}"
    );
    assert!(
        !file.contains("\"line\""),
        "no line numbers in the baseline"
    );
    // Written twice, the same bytes: stable and sorted.
    test.cli(&["check", "--write-baseline"]).assert_exit(0);
    let again = std::fs::read_to_string(test.root.join("tolk-baseline.json")).expect("baseline");
    assert_eq!(file, again);

    let clean = test.cli(&["check", "--deny-warnings"]);
    clean.assert_exit(0);
    assert!(
        clean.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        clean.stdout
    );
    assert!(
        clean.stderr.contains("accepted findings in"),
        "{}",
        clean.stderr
    );

    // Lines shift above an accepted finding (it stays accepted); a new defect appears.
    edit(&mut test, NL, "1. ", "Een nieuwe alinea.\n\n1. ");
    edit(
        &mut test,
        NL,
        "Calculator ( https://",
        "Calculator (x)https://",
    );
    let new = test.cli(&["check"]);
    let lines = reported(&new.stdout);
    assert_eq!(lines.len(), 1, "{}", new.stdout);
    assert!(lines[0].contains("[structure-url-garbled]"), "{lines:?}");

    // A defect is fixed: its entry is reported as stale, on its line of the baseline.
    edit(
        &mut test,
        HU,
        "(mitre.org)https://www.first.org/cvss/calculator/3.0)vagy",
        "(mitre.org) https://www.first.org/cvss/calculator/3.0 vagy",
    );
    let fixed = test.cli(&["check"]);
    let stale: Vec<String> = reported(&fixed.stdout)
        .into_iter()
        .filter(|l| l.contains("[baseline-stale]"))
        .collect();
    assert_eq!(stale.len(), 1, "{}", fixed.stdout);
    assert!(stale[0].contains("structure-url-garbled"), "{stale:?}");
    assert!(
        fixed.stdout.contains("tolk-baseline.json\n"),
        "{}",
        fixed.stdout
    );
}

#[test]
fn levels_deny_globally_and_allow_per_path() {
    let mut test = BookTest::repo_copy();
    let book = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    let levels = "\n[check.rules]\noutdated = \"deny\"\n\n[[check.override]]\npaths = [\"content/hu-HU/**\"]\nrules = { outdated = \"allow\", structure-url-garbled = \"allow\" }\n";
    test.write("book.toml", format!("{book}{levels}"));
    let built = test.cli(&["build"]);
    built.assert_exit(1);
    assert!(
        built.stderr.contains("nothing published"),
        "{}",
        built.stderr
    );
    let check = test.cli(&["check"]);
    let lines = reported(&check.stdout);
    let outdated: Vec<&String> = lines.iter().filter(|l| l.contains("[outdated]")).collect();
    assert!(
        !outdated.is_empty() && outdated.iter().all(|l| l.contains(": error: ")),
        "{lines:#?}"
    );
    assert!(
        !check
            .stdout
            .contains("content/hu-HU/event-support-ticket.md\n  17:"),
        "{}",
        check.stdout
    );
    assert!(
        !check.stdout.contains("[structure-url-garbled]"),
        "{}",
        check.stdout
    );

    test.write(
        "book.toml",
        format!("{book}\n[check.rules]\noutdatd = \"deny\"\n"),
    );
    let line = book.lines().count() + 3;
    let bad = test.cli(&["check"]);
    bad.assert_exit(1);
    assert!(bad.stdout.contains(&format!("  {line}:")), "{}", bad.stdout);
    assert!(
        bad.stdout.contains("`outdatd`, which is not a rule"),
        "{}",
        bad.stdout
    );
}

#[test]
fn sarif_log_has_the_structure_code_scanning_reads() {
    let test = BookTest::repo_copy();
    let cli = test.cli(&["check", "--format", "sarif"]);
    cli.assert_exit(0);
    let log: Value = serde_json::from_str(&cli.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "tolk");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), rules.len());
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "unique ids"
    );
    for r in rules {
        assert!(
            r["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{r}"
        );
        assert!(
            r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{r}"
        );
    }
    let results = runs[0]["results"].as_array().expect("results");
    assert!(results.len() > 5, "{results:?}");
    let mut prints = HashSet::new();
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], id);
        assert!(["error", "warning", "note", "none"].contains(&r["level"].as_str().unwrap_or("")));
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.starts_with('/') && !uri.contains(' '),
            "relative URI: {uri}"
        );
        assert!(
            location["region"]["startLine"]
                .as_u64()
                .is_some_and(|n| n >= 1),
            "{r}"
        );
        assert!(
            location["region"]["startColumn"]
                .as_u64()
                .is_some_and(|n| n >= 1),
            "{r}"
        );
        let print = r["partialFingerprints"]["tolkFingerprint/v1"]
            .as_str()
            .expect("fingerprint");
        assert!(
            prints.insert(print.to_string()),
            "fingerprints are unique: {print}"
        );
    }
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "structure-list-restart"));
}

#[test]
fn a_missing_chart_image_is_one_finding_and_none_when_book_toml_maps_it() {
    let mut test = BookTest::repo_copy();
    test.check();
    let at_chart = |test: &BookTest| -> Vec<String> {
        let text = test.diagnostics_text();
        text.lines()
            .filter(|l| l.starts_with(NL) && l.contains("chart.png"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        at_chart(&test),
        Vec::<String>::new(),
        "mapped by `replaces`"
    );
    let book = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    let unmapped = book.replace("  \"media/event-support-ticket/chart.png\",\n", "");
    assert_ne!(book, unmapped);
    test.write("book.toml", unmapped);
    test.check();
    let found = at_chart(&test);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("[media-missing]"), "{found:#?}");
}
