use super::super::{compare, outline};
use super::*;
use crate::content::SourceText;
use std::path::Path;

const SOURCE: &str = include_str!("../../../../tests/fixtures/check/source-en-US.md");
const NL: &str = include_str!("../../../../tests/fixtures/check/seed-nl-NL.md");
const HU: &str = include_str!("../../../../tests/fixtures/check/seed-hu-HU.md");
const TR: &str = include_str!("../../../../tests/fixtures/check/seed-tr-TR.md");

fn outline_of(text: &str) -> Outline {
    let mut ignored = Diagnostics::new();
    let s = SourceText::parse(text.as_bytes().to_vec(), Path::new("p.md"), &mut ignored)
        .expect("front matter");
    outline(s.body(), s.body_line)
}

/// The suggestions attached to the findings: (line, original, replacement, machine?).
fn suggested(source: &str, translation: &str) -> Vec<(usize, String, String, bool)> {
    let (src, tr) = (outline_of(source), outline_of(translation));
    let findings = compare(&src, &tr, Path::new("t.md"), translation);
    attach(findings, repairs(&src, source, &tr, translation))
        .iter()
        .flat_map(|d| d.suggestions.iter())
        .map(|s| {
            let machine = s.is_machine_applicable();
            (s.line, s.original.clone(), s.replacement.clone(), machine)
        })
        .collect()
}

fn own(line: usize, from: &str, to: &str, machine: bool) -> (usize, String, String, bool) {
    (line, from.to_string(), to.to_string(), machine)
}

#[test]
fn dutch_sub_item_gets_its_numeral_back() {
    assert_eq!(suggested(SOURCE, NL), vec![own(39, "4.", "iv.", true)]);
}

#[test]
fn hungarian_url_is_restored_and_separated() {
    assert_eq!(
        suggested(SOURCE, HU),
        vec![own(
            35,
            "https://www.first.org/cvss/calculator/3.0)vagy",
            " https://www.first.org/cvss/calculator/3.0) vagy",
            true
        )]
    );
}

#[test]
fn turkish_numerals_become_ascii_lower_case() {
    assert_eq!(
        suggested(SOURCE, TR),
        vec![
            own(32, "ı.", "i.", true),
            own(34, "II.", "ii.", true),
            own(36, "III.", "iii.", true),
            own(38, "IV.", "iv.", true),
        ]
    );
}

#[test]
fn targets_are_restored_from_the_source_only_when_sure() {
    let source =
        "---\nt: x\n---\nSee [a](https://a.org/x) and ![i](./m/a.svg) at https://b.org/c.\n";
    let translation =
        "---\nt: x\n---\nZie [a](https://a.org/xzie) en ![i](./m/b.png) op https://b.org/ nu.\n";
    assert_eq!(
        suggested(source, translation),
        vec![
            own(4, "https://a.org/xzie", "https://a.org/x", true),
            own(4, "./m/b.png", "./m/a.svg", false),
            own(4, "https://b.org/", "https://b.org/c", true),
        ]
    );
    // A faithful translation and a stale one get nothing.
    assert_eq!(suggested(source, source), vec![]);
}

#[test]
fn a_numeral_that_is_not_the_sources_is_left_to_a_person() {
    let source = "---\nt: x\n---\n1. Step\n\n    i. one\n\n    ii. two\n";
    let translation = "---\nt: x\n---\n1. Stap\n\n    i. een\n\n    b. twee\n";
    assert_eq!(
        suggested(source, translation),
        vec![own(8, "b.", "ii.", false)]
    );
}

#[test]
fn a_link_whose_url_ran_into_the_words_gets_the_url_back() {
    let source = "---\nt: x\n---\nUse the [calculator](https://c.org/3.0).\n";
    let translation = "---\nt: x\n---\nGebruik (x)https://c.org/3.0)vagy hier.\n";
    assert_eq!(
        suggested(source, translation),
        vec![own(
            4,
            "https://c.org/3.0)vagy",
            " https://c.org/3.0) vagy",
            true
        )]
    );
}

#[test]
fn a_stale_page_and_a_repair_without_a_finding_get_nothing() {
    let (src, tr) = (outline_of(SOURCE), outline_of(TR));
    let found = repairs(&src, SOURCE, &tr, TR);
    assert_eq!(found.len(), 4);
    let stale: Diagnostics = vec![Diagnostic::warning("t.md", "stale")
        .rule(rule::STRUCTURE_STALE)
        .at(32, 5)]
    .into();
    let attached = attach(stale, found.clone());
    assert!(attached.iter().all(|d| d.suggestions.is_empty()));
    let elsewhere: Diagnostics = vec![Diagnostic::warning("t.md", "other")
        .rule(rule::STRUCTURE)
        .at(3, 1)]
    .into();
    assert!(attach(elsewhere, found)
        .iter()
        .all(|d| d.suggestions.is_empty()));
}
