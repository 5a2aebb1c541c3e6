//! `tolk fix` on the three verbatim machine-translated seeds and on random translations, and the
//! repaired guide the repository publishes, read in Chromium.
//!
//! The seeds stay byte for byte in `tests/fixtures/check/` (the reference for what `check`
//! finds); a site made of them and the fixture source must get exactly the structural repairs
//! (nl `4.` → `iv.`, tr `ı.` → `i.` and `II.`/`III.`/`IV.` → lower case, the hu URL restored
//! and separated) and not one other byte changed.

use crate::browser::browser_or_skip;
use crate::browser::server::SiteServer;
use crate::browser::webdriver::Result as WebResult;
use crate::support::{repo, shared, BookTest};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;
use tolk::check::structure::{check_translation, outline};
use tolk::content::SourceText;
use tolk::diagnostics::{Diagnostics, Suggestion};

/// (locale, the seed's file name in `../shared/seeds/`).
const SEEDS: [(&str, &str); 3] = [
    ("nl-NL", "000_4c9d8f13b11dbde2.txt"),
    ("hu-HU", "001_571448c8cc4cd6a9.txt"),
    ("tr-TR", "002_ff8b990d88ad2c79.txt"),
];
const PAGE: &str = "event-support-ticket.md";
const CALCULATOR: &str = "https://www.first.org/cvss/calculator/3.0";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/check").join(name)).expect("a fixture")
}

fn seed(locale: &str) -> Vec<u8> {
    fixture(&format!("seed-{locale}.md"))
}

/// The repository's site with the fixture source page and the three verbatim seeds.
fn seeded_site() -> BookTest {
    let mut test = BookTest::repo_copy();
    // The fixture source page, in the seeds' translation group (their `ms.assetid`).
    let source = String::from_utf8(fixture("source-en-US.md"))
        .expect("UTF-8")
        .replacen(
            "---\n",
            "---\nms.assetid: f1ffde66-98f0-4c3e-ad94-fee1f97cae03\n",
            1,
        );
    test.write(&format!("content/en-US/{PAGE}"), source);
    for (locale, _) in SEEDS {
        test.write(&format!("content/{locale}/{PAGE}"), seed(locale));
    }
    test
}

fn read_site(test: &BookTest, rel: &str) -> String {
    std::fs::read_to_string(test.root.join(rel)).expect("a site file")
}

fn page(locale: &str) -> String {
    format!("content/{locale}/{PAGE}")
}

#[test]
fn the_seed_fixtures_are_the_seeds_byte_for_byte() {
    let Some(shared) = shared("the seed fixtures against the seeds") else {
        return;
    };
    for (locale, name) in SEEDS {
        let original = std::fs::read(shared.join("seeds").join(name)).expect("a seed");
        assert!(
            seed(locale) == original,
            "seed-{locale}.md differs from {name}"
        );
    }
}

/// The `-`/`+` lines of a unified diff, without the file headers.
fn changed_lines(diff: &str) -> Vec<String> {
    diff.lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
        .filter(|l| l.starts_with('-') || l.starts_with('+'))
        .map(str::to_string)
        .collect()
}

/// The diff lines a repair of `from` to `to` on the seed's line holding `from` makes.
fn repaired(locale: &str, from: &str, to: &str) -> [String; 2] {
    let text = String::from_utf8(seed(locale)).expect("UTF-8");
    let line = text
        .lines()
        .find(|l| l.contains(from))
        .unwrap_or_else(|| panic!("{from} in {locale}"));
    [
        format!("-{line}"),
        format!("+{}", line.replacen(from, to, 1)),
    ]
}

#[test]
fn dry_run_proposes_exactly_the_structural_repairs_and_changes_nothing() {
    let test = seeded_site();
    let before = test.sandbox_tree();
    let run = test.cli(&["fix", "--dry-run"]);
    run.assert_exit(0);
    let mut expected = Vec::new();
    expected.extend(repaired("nl-NL", "    4. Hebt", "    iv. Hebt"));
    expected.extend(repaired(
        "hu-HU",
        "(mitre.org)https://www.first.org/cvss/calculator/3.0)vagy",
        "(mitre.org) https://www.first.org/cvss/calculator/3.0) vagy",
    ));
    for (from, to) in [
        ("ı. Sorun", "i. Sorun"),
        ("II. ", "ii. "),
        ("III. ", "iii. "),
        ("IV. ", "iv. "),
    ] {
        expected.extend(repaired("tr-TR", from, to));
    }
    assert_eq!(changed_lines(&run.stdout), expected, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("would repair 6 structure findings in 3 files"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hu-HU/event-support-ticket.md:35: note: read the sentence around the URL again; the source says: ii."),
        "the garbled sentence is left to a person, with the source beside it: {}",
        run.stderr
    );
    assert!(crate::support::book::changes(&before, &test.sandbox_tree()).is_empty());
}

/// Every machine-applicable suggestion `check --format json` gives for `file`.
fn suggestions(test: &BookTest, file: &str) -> Vec<Value> {
    let run = test.cli(&["check", "--format", "json"]);
    let all: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
    all.iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with(file)))
        .filter_map(|d| d["suggestions"].as_array())
        .flatten()
        .filter(|s| s["applicability"] == "machine-applicable")
        .cloned()
        .collect()
}

/// `text` with the spans of `edits` (start, end) cut out: what a repair must leave alone.
fn outside(text: &str, mut edits: Vec<(usize, usize)>) -> String {
    edits.sort();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in edits {
        out.push_str(&text[at..start]);
        out.push('\u{0}');
        at = end;
    }
    out + &text[at..]
}

#[test]
fn fixing_removes_those_findings_keeps_every_other_byte_and_is_idempotent() {
    let test = seeded_site();
    let mut planned = Vec::new();
    for (locale, _) in SEEDS {
        planned.push((locale, suggestions(&test, &page(locale))));
    }
    test.cli(&["fix"]).assert_exit(0);
    for (locale, edits) in planned {
        let (old, new) = (
            String::from_utf8(seed(locale)).unwrap(),
            read_site(&test, &page(locale)),
        );
        let mut shift: isize = 0;
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut edits = edits;
        edits.sort_by_key(|s| s["span"]["start"].as_u64());
        for s in &edits {
            let (start, end) = (
                s["span"]["start"].as_u64().unwrap() as usize,
                s["span"]["end"].as_u64().unwrap() as usize,
            );
            let replacement = s["replacement"].as_str().unwrap();
            before.push((start, end));
            let new_start = (start as isize + shift) as usize;
            after.push((new_start, new_start + replacement.len()));
            assert_eq!(&new[new_start..new_start + replacement.len()], replacement);
            shift += replacement.len() as isize - (end - start) as isize;
        }
        assert!(!edits.is_empty(), "{locale} had repairs");
        assert_eq!(
            outside(&old, before),
            outside(&new, after),
            "{locale}: only the spans changed"
        );
    }
    test.cli(&["check", "--format", "json"]);
    for (locale, _) in SEEDS {
        assert_eq!(
            suggestions(&test, &page(locale)),
            Vec::<Value>::new(),
            "{locale}"
        );
    }
    let json = test.cli(&["check", "--format", "json"]).stdout;
    for gone in [
        "structure-numeral",
        "numbering restarts",
        "runs into the text",
        "upper case",
    ] {
        assert!(!json.contains(gone), "`{gone}` still reported: {json}");
    }
    let again = test.cli(&["fix"]);
    again.assert_exit(0);
    assert_eq!(again.stdout, "", "a second run changes nothing");
    assert!(
        again.stderr.contains("repaired 0 structure findings"),
        "{}",
        again.stderr
    );
}

#[test]
fn bom_crlf_and_front_matter_survive_a_fix() {
    let mut test = seeded_site();
    let lf = String::from_utf8(seed("tr-TR")).unwrap();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    test.write(&page("tr-TR"), &crlf);
    test.cli(&["fix", &page("tr-TR")]).assert_exit(0);
    let fixed = read_site(&test, &page("tr-TR"));
    assert!(fixed.starts_with("\u{feff}---\r\n"), "BOM kept");
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "CRLF kept"
    );
    let front = |t: &str| {
        t.split("\r\n---\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(front(&fixed), front(&crlf), "front matter untouched");
    assert!(fixed.contains("\r\n    i. Sorun") && fixed.contains("\r\n    iv. M"));
}

#[test]
fn only_translated_pages_of_the_site_are_fixed() {
    let test = seeded_site();
    let before = test.sandbox_tree();
    for target in [
        format!("content/en-US/{PAGE}"),
        "../outside.md".to_string(),
        "book.toml".to_string(),
    ] {
        let run = test.cli(&["fix", &target]);
        run.assert_exit(1);
        assert!(
            run.stderr.contains("not a translated page of this site"),
            "{}",
            run.stderr
        );
    }
    assert!(crate::support::book::changes(&before, &test.sandbox_tree()).is_empty());
}

#[test]
fn a_file_edited_since_the_site_was_loaded_is_checked_again() {
    let test = seeded_site();
    let config = test.config();
    let (content, _) = tolk::content::load(&config);
    // A translator repairs one numeral by hand after tolk loaded the site, shifting offsets.
    let path = test.root.join(page("tr-TR"));
    let edited = String::from_utf8(seed("tr-TR"))
        .unwrap()
        .replace("    ı. Sorun", "    i. Sorun");
    std::fs::write(&path, &edited).unwrap();
    let tr = content
        .pages
        .iter()
        .find(|p| p.meta.locale == "tr-TR")
        .unwrap();
    let done = tolk::cmd::fix::fix_page(&config, &content, tr, false).expect("fixed");
    let originals: Vec<&str> = done.applied.iter().map(|s| s.original.as_str()).collect();
    assert_eq!(originals, ["II.", "III.", "IV."]);
    let now = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        now,
        edited
            .replace("    II.", "    ii.")
            .replace("    III.", "    iii.")
            .replace("    IV.", "    iv.")
    );
}

/// A source page of `steps` numbered steps, each with roman-numbered sub-items and a URL.
fn source_page(steps: &[(u8, bool)]) -> String {
    let mut out = String::from("---\ntitle: T\n---\n# Title\n\n");
    for (n, (subs, link)) in steps.iter().enumerate() {
        out += &format!("{}. Step {n} text", n + 1);
        if *link {
            out += &format!(" with [a link](https://example.org/p{n})");
        }
        out += ".\n\n";
        for k in 1..=*subs {
            let roman = ["i", "ii", "iii", "iv", "v"][k as usize - 1];
            out += &format!("    {roman}. Item {k} at https://example.org/u{n}/{k}.\n\n");
        }
    }
    out
}

/// A machine translation of `source` with defects picked by `defects` (one per line).
fn translate(source: &str, defects: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let d = defects.get(i).copied().unwrap_or(0) % 8;
        let mut line = line
            .replace("Step", "Stap")
            .replace("Item", "Punt")
            .replace("text", "tekst");
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match d {
            1 if trimmed.starts_with("i") => line = line.replacen("i", "ı", 1),
            2 if trimmed.starts_with(['i', 'v']) => {
                let marker: String = trimmed.chars().take_while(|c| *c != '.').collect();
                line = line.replacen(&marker, &marker.to_uppercase(), 1);
            }
            3 if indent == 4 && trimmed.starts_with("iv.") => line = line.replacen("iv.", "4.", 1),
            4 => {
                line = line.replacen(" at https://", " op(x)https://", 1).replacen(
                    ".\n",
                    "zie hier.\n",
                    1,
                )
            }
            5 => line = line.replacen("https://example.org/u", "https://example.org/", 1),
            6 => line = line.replacen("](https://example.org/p", "](https://example.org/q", 1),
            7 => line = line.replace(" tekst", " andere woorden"),
            _ => {}
        }
        out += &line;
    }
    out
}

fn check_text(source: &str, translation: &str) -> Diagnostics {
    let parse = |t: &str| {
        let mut ignored = Diagnostics::new();
        SourceText::parse(t.as_bytes().to_vec(), Path::new("t.md"), &mut ignored)
            .expect("front matter")
    };
    let (s, t) = (parse(source), parse(translation));
    check_translation(
        &outline(s.body(), s.body_line),
        &s.text,
        &outline(t.body(), t.body_line),
        Path::new("t.md"),
        &t.text,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn fix_changes_nothing_outside_its_spans_and_adds_no_structural_error(
        steps in proptest::collection::vec((0u8..=5, any::<bool>()), 1..5),
        defects in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let source = source_page(&steps);
        let mut text = translate(&source, &defects);
        let mut found = check_text(&source, &text);
        for _ in 0..tolk::cmd::fix::ROUNDS {
            let machine: Vec<Suggestion> = found.iter().flat_map(|d| d.suggestions.iter()).filter(|s| s.is_machine_applicable()).cloned().collect();
            if machine.is_empty() {
                break;
            }
            let body = text.find("\n---\n").map_or(0, |i| i + 5);
            let done = tolk::edit::apply(&text, body, &machine).expect("suggestions apply to the text they were made on");
            // Outside the applied spans, the text is unchanged.
            let mut shift: isize = 0;
            let (mut before, mut after) = (Vec::new(), Vec::new());
            for s in &done.applied {
                before.push((s.span.start, s.span.end));
                let start = (s.span.start as isize + shift) as usize;
                after.push((start, start + s.replacement.len()));
                shift += s.replacement.len() as isize - s.span.len() as isize;
            }
            prop_assert_eq!(outside(&text, before), outside(&done.text, after));
            // No finding where there was none, and no more errors than before.
            let again = check_text(&source, &done.text);
            let lines_before: Vec<usize> = found.iter().map(|d| d.line).collect();
            for d in again.iter() {
                prop_assert!(lines_before.contains(&d.line), "new finding after fix: {} in\n{}", d.message, done.text);
            }
            prop_assert!(again.error_count() <= found.error_count());
            (text, found) = (done.text, again);
        }
        let left = found.iter().flat_map(|d| d.suggestions.iter()).filter(|s| s.is_machine_applicable()).count();
        prop_assert_eq!(left, 0, "still repairable after {} rounds:\n{}", tolk::cmd::fix::ROUNDS, text);
    }
}

/// The published guide, every locale: step 3's sub-items read i–iv in order and the CVSS
/// calculator is a working link with readable text.
#[test]
fn the_published_guide_reads_right_in_every_locale() -> WebResult<()> {
    let mut test = BookTest::repo_site();
    test.build().assert_published();
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let server = SiteServer::start(&test.out).expect("serve the site");
    let slug = "how-to-log-a-security-event-support-ticket";
    for locale in test.locales() {
        browser.goto(&server.url(&format!("/{locale}/{slug}/")))?;
        let mut numerals = Vec::new();
        for p in browser.find_all("#step-3 p")? {
            let text = p.text()?;
            let first = text
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            if first.ends_with('.') && first.len() <= 5 && first.chars().all(|c| "ivx.".contains(c))
            {
                numerals.push(first);
            }
        }
        assert_eq!(numerals, ["i.", "ii.", "iii.", "iv."], "{locale}");
        assert_eq!(
            browser.find_all("#step-3 ol")?.len(),
            0,
            "{locale}: no list restarts inside step 3"
        );
        let links = browser.find_all(&format!("#step-3 a[href=\"{CALCULATOR}\"]"))?;
        assert_eq!(links.len(), 1, "{locale}: one calculator link");
        let text = links[0].text()?;
        assert!(links[0].is_displayed()?, "{locale}: visible");
        assert!(
            text.contains("CVSS") && !text.contains("://") && !text.contains('('),
            "{locale}: link text `{text}`"
        );
        let href = links[0].property("href")?;
        assert_eq!(href, Value::from(CALCULATOR), "{locale}");
        assert_eq!(browser.take_errors()?, [], "{locale}");
    }
    Ok(())
}

#[test]
fn the_status_page_counts_findings_and_what_fix_repairs() {
    let mut test = seeded_site();
    test.build().assert_published();
    let status = test.read("en-US/status/index.html");
    // nl: the restarted list; hu: the glued URL; tr: `ı.`, the upper-case numerals and the
    // reference-style image that only a person can repoint.
    let one = status
        .matches("1 structure finding, 1 repairable by tolk fix")
        .count();
    assert_eq!(one, 2, "{status}");
    assert!(
        status.contains("3 structure findings, 2 repairable by tolk fix"),
        "{status}"
    );
    test.cli(&["fix"]).assert_exit(0);
    test.build().assert_published();
    let status = test.read("en-US/status/index.html");
    assert_eq!(
        status.matches("No structure findings").count(),
        2,
        "{status}"
    );
    assert!(
        status.contains("1 structure finding, 0 repairable by tolk fix"),
        "{status}"
    );
}

#[test]
fn a_reviewed_translation_goes_outdated_and_back_with_mark_translated() {
    let mut test = BookTest::repo_copy();
    let slug = "how-to-log-a-security-event-support-ticket";
    let nl_page = format!("nl-NL/{slug}/index.html");
    test.build().assert_published();
    let html = test.read(&nl_page);
    assert!(
        html.contains("notice-machine") && html.contains("door een mens nagekeken"),
        "reviewed"
    );
    assert!(
        !html.contains("notice-outdated"),
        "up to date after the human pass"
    );
    let source = format!("content/en-US/{PAGE}");
    let changed =
        read_site(&test, &source).replace("within one business day", "within two business days");
    test.write(&source, changed);
    test.build().assert_published();
    let html = test.read(&nl_page);
    assert!(
        html.contains("notice-outdated") && html.contains("door een mens nagekeken"),
        "{html}"
    );
    test.cli(&["mark-translated", &page("nl-NL")])
        .assert_exit(0);
    test.build().assert_published();
    let html = test.read(&nl_page);
    assert!(!html.contains("notice-outdated") && html.contains("door een mens nagekeken"));
    assert!(read_site(&test, &page("nl-NL")).contains("\ntolk.post-edited: 2026-12-02\n"));
}
