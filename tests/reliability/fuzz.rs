//! Property tests over every input parser: never a panic, diagnostics inside the file they
//! name, output inside the output folder. `cargo test` runs a modest number of cases; a longer
//! run before a release: `PROPTEST_CASES=5000 cargo test --release --test main fuzz` (README).

use crate::support::book::BookTest;
use crate::support::repo;
use proptest::prelude::*;
use std::path::Path;
use tolk::check::fluent::{check_fluent, FluentInput, FtlFile, LocaleResources};
use tolk::config::Config;
use tolk::content::{normalize::normalize, SourceText};
use tolk::diagnostics::{Diagnostic, Diagnostics};

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of pieces that matter to the parsers, random strings and hostile characters.
fn text(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        2 => "[ -~]{0,12}",
        1 => any::<String>(),
        1 => proptest::sample::select(&["\0", "\u{1b}", "\u{202e}", "\r", "\r\n", "\u{feff}", "\t", "\u{2068}"][..])
            .prop_map(str::to_string),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

const FRONT_MATTER: &[&str] = &[
    "---\n",
    "title: ",
    "description: ",
    "ms.date: ",
    "2021-03-04",
    "13/45/2017",
    "slug: ",
    "ms.contentlocale: ",
    "nl-NL",
    "xx",
    "ms.assetid: ",
    "author: ",
    "- a\n",
    "\n",
    ": ",
    "'",
    "\"",
    "{",
    "[",
    "# Heading\n",
    "...\n",
    "  ",
    "ms.openlocfilehash: ",
    "&a",
    "*a",
    "!!str ",
];
const MARKDOWN: &[&str] = &[
    "\n",
    "# ",
    "1. ",
    "iv. ",
    "- ",
    "> ",
    "```\n",
    "`",
    "<b>",
    "</b>",
    "<script>",
    "<a name=\"x\">",
    "[x](nope.md)",
    "![i](media/diagram.png)",
    "![i](../../../etc/passwd)",
    "[l](guide.md#second-part)",
    "| a | b |\n|---|---|\n",
    "{#id}",
    "**",
    "_",
    "[^1]",
    "[^1]: n\n",
    "<!-- ",
    " -->",
    "javascript:",
];
const FLUENT: &[&str] = &[
    "\n",
    "a = ",
    "b = ",
    "-t = ",
    "{ a }",
    "{ b }",
    "{ -t }",
    "{ $v }",
    "{ a.attr }",
    "    .attr = ",
    "{ $n ->\n",
    "   *[other] x\n",
    "    [one] y\n",
    "}\n",
    "{",
    "}",
    "# c\n",
    "## g\n",
    "= ",
    "\"",
];
const FORM: &[&str] = &[
    "article: guide\n",
    "article-step: ",
    "4294967296",
    "0",
    "1",
    "sections:\n",
    "  - id: a\n",
    "    step: ",
    "    fields:\n",
    "      - id: f\n",
    "        type: ",
    "text",
    "choice",
    "email",
    "        choices: [a, b]\n",
    "rules:\n",
    "  - at-least-one-of: [f, g]\n",
    "next:\n",
    "  steps: [",
    "]\n",
    "\n",
    ": ",
    "- ",
    "  ",
    "&x ",
    "*x",
];
const BOOK: &[&str] = &[
    "[book]\n",
    "title = ",
    "\"T\"\n",
    "source-locale = \"en-US\"\n",
    "[[locale]]\n",
    "tag = ",
    "\"nl-NL\"\n",
    "\"xx\"\n",
    "dir = \"rtl\"\n",
    "build-dir = ",
    "\"../x\"\n",
    "[publish]\n",
    "[chart]\n",
    "=",
    "\n",
    "[",
    "]",
    "\"",
    "1",
    "true",
    "base-url = ",
    "\"https://e.org\"\n",
];

/// Every diagnostic naming `path` lies on one of `text`'s lines (a lone CR ends a line, as
/// tolk reads it).
fn inside(
    diagnostics: impl IntoIterator<Item = Diagnostic>,
    path: &Path,
    text: &str,
) -> Result<(), String> {
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
    for d in diagnostics {
        if d.path == path && d.line > lines {
            return Err(format!("line {} of a {lines}-line file: {d}", d.line));
        }
    }
    Ok(())
}

fn small_config() -> Config {
    let root = repo().join("tests/fixtures/small");
    let text = std::fs::read_to_string(root.join("book.toml")).expect("book.toml");
    Config::parse(&text, &root.join("book.toml"), &root).expect("small's book.toml")
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn fuzz_front_matter_splitter_and_normalizer(page in text(FRONT_MATTER)) {
        let config = small_config();
        let path = Path::new("content/nl-NL/p.md");
        let mut d = Diagnostics::new();
        if let Ok(source) = SourceText::parse(page.clone().into_bytes(), path, &mut d) {
            if let Err(e) = normalize(&source, "nl-NL", "p", &config, &mut d) {
                d.push(e);
            }
        }
        inside(d, path, &page).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn fuzz_fluent_checks(source in text(FLUENT), translation in text(FLUENT)) {
        let resources = |locale: &str, text: &str| LocaleResources {
            locale: locale.into(),
            dir: format!("locales/{locale}").into(),
            files: vec![FtlFile { path: format!("locales/{locale}/main.ftl").into(), text: text.into() }],
        };
        let input = FluentInput {
            source: resources("en-US", &source),
            translations: vec![resources("nl-NL", &translation)],
            used: None,
        };
        let report = check_fluent(&input);
        let all: Vec<Diagnostic> = report.diagnostics.into_iter().collect();
        inside(all.clone(), Path::new("locales/en-US/main.ftl"), &source).map_err(TestCaseError::fail)?;
        inside(all, Path::new("locales/nl-NL/main.ftl"), &translation).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn fuzz_form_definition(yaml in text(FORM)) {
        let path = Path::new("form.yaml");
        if let Err(d) = tolk::form::Form::parse(&yaml, path) {
            inside(d, path, &yaml).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn fuzz_book_toml(toml in text(BOOK)) {
        let root = Path::new("/nonexistent-site");
        let path = root.join("book.toml");
        if let Err(d) = Config::parse(&toml, &path, root) {
            inside(d, &path, &toml).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn fuzz_cve_and_cvss_parsers(input in text(&["CVE-", "2021", "-", "1234", "12345678901234567890", ",", " ", "CVSS:3.1/", "AV:N", "/AC:L", "/PR:N", "/UI:N", "/S:U", "/C:H", "/I:H", "/A:H", "CVSS:4.0/", ":", "/AT:N", "/VC:H", "/SA:N", "/E:X", "/U:Clear", "cvss:4.0/", "av:n"])) {
        let _ = tolk::rules::cve::parse_cve_list(&input);
        let _ = tolk::rules::cvss::parse_cvss(&input);
    }
}

proptest! {
    #![proptest_config(config(12))]

    #[test]
    fn fuzz_markdown_stage_builds_inside_the_output(body in text(MARKDOWN), title in text(&["T", "ı", "<b>", " ", "\u{202e}"])) {
        let mut test = BookTest::fixture("small");
        let page = format!("---\ntitle: \"x{}\"\ndescription: d\n---\n{body}", title.replace(['"', '\\', '\n', '\r'], ""));
        let rel = "content/en-US/fuzz.md";
        test.write(rel, &page);
        test.build();
        let diagnostics: Vec<Diagnostic> = test.report().diagnostics.clone().into_iter().collect();
        inside(diagnostics, Path::new(rel), &page).map_err(TestCaseError::fail)?;
        let outer = test.out.parent().expect("a parent");
        let mut beside: Vec<String> = std::fs::read_dir(outer).expect("outer").flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        beside.sort();
        prop_assert!(beside.iter().all(|n| n == "out" || n == "site"), "{beside:?}");
    }
}
