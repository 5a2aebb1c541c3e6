//! Translators' workflow end to end: `tolk check` on a site with one defect of each kind, and
//! `tolk mark-translated` making an outdated translation current.

use crate::support::BookTest;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture, with the repository's Fluent files for its locales under its own.
fn site() -> BookTest {
    BookTest::fixture("translation-defects")
}

fn tolk(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run tolk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_json(root: &Path) -> (i32, Vec<Value>) {
    let (code, stdout, stderr) = tolk(root, &["check", "--format", "json"]);
    let found: Vec<Value> =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code, found)
}

/// The findings about `file` at `line` whose message contains `fragment`.
fn count(found: &[Value], file: &str, line: u64, fragment: &str) -> usize {
    found
        .iter()
        .filter(|d| {
            d["path"].as_str().is_some_and(|p| p.ends_with(file))
                && d["line"] == line
                && d["message"].as_str().is_some_and(|m| m.contains(fragment))
        })
        .count()
}

#[test]
fn each_kind_of_defect_is_reported_once_at_its_line() {
    let site = site();
    let (code, found) = check_json(site.root.as_path());
    assert_eq!(code, 1, "errors make check fail");
    let page = "content/nl-NL/guide.md";
    let ftl = "locales/nl-NL/extra.ftl";
    let expected: &[(&str, u64, &str)] = &[
        (page, 6, "outdated"),
        (page, 10, "fell apart"),
        (page, 11, "missing an image"),
        (page, 15, "`ı.`"),
        (page, 21, "starting at `4.`"),
        (page, 23, "code block"),
        (page, 27, "level-3 heading"),
        (ftl, 1, "does not use `{ $name }`"),
        (ftl, 1, "uses `{ $naam }`"),
        (ftl, 2, "lacks the attribute `.title`"),
        (ftl, 3, "`extra-obsolete` is not in the source locale"),
        (ftl, 4, "Fluent syntax error"),
        (
            "locales/nl-NL",
            0,
            "`extra-gone-in-dutch` is not translated in nl-NL",
        ),
    ];
    for (file, line, fragment) in expected {
        assert_eq!(
            count(&found, file, *line, fragment),
            1,
            "{file}:{line} {fragment}\n{found:#?}"
        );
    }
    let about_page = found
        .iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with(page)))
        .count();
    assert_eq!(
        about_page, 7,
        "nothing else is reported about the page: {found:#?}"
    );
}

#[test]
fn the_build_refuses_errors_and_deny_warnings_refuses_warnings() {
    let site = site();
    let (code, _, stderr) = tolk(site.root.as_path(), &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !site.root.as_path().join("book").exists(),
        "nothing published"
    );
    // Without the Fluent errors, the build publishes; --deny-warnings still refuses the warnings.
    std::fs::write(
        site.root.as_path().join("locales/nl-NL/extra.ftl"),
        "extra-greeting = Hallo { $name }\n",
    )
    .unwrap();
    let (code, _, stderr) = tolk(site.root.as_path(), &["build", "--deny-warnings"]);
    assert_eq!(code, 1, "{stderr}");
    let (code, _, stderr) = tolk(site.root.as_path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let html =
        std::fs::read_to_string(site.root.as_path().join("book/nl-NL/guide/index.html")).unwrap();
    assert!(html.contains("notice-outdated"), "outdated notice shown");
    let (code, out, _) = tolk(site.root.as_path(), &["check"]);
    assert_eq!(code, 0);
    assert!(out.contains("== nl-NL: 0 errors"), "{out}");
}

#[test]
fn mark_translated_makes_the_translation_current() {
    let site = site();
    let page: PathBuf = site.root.as_path().join("content/nl-NL/guide.md");
    let (code, stdout, stderr) = tolk(
        site.root.as_path(),
        &["mark-translated", page.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("ms.openlocfilehash: "), "{stdout}");
    let (_, found) = check_json(site.root.as_path());
    assert_eq!(
        count(&found, "content/nl-NL/guide.md", 6, "outdated"),
        0,
        "{found:#?}"
    );
    // Changing the source makes it outdated again.
    let source = site.root.as_path().join("content/en-US/guide.md");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("Wait for the answer.", "Wait for our answer.");
    std::fs::write(&source, text).unwrap();
    let (_, found) = check_json(site.root.as_path());
    assert_eq!(
        count(&found, "content/nl-NL/guide.md", 6, "outdated"),
        1,
        "{found:#?}"
    );
    // A source page cannot be marked.
    let (code, _, stderr) = tolk(
        site.root.as_path(),
        &["mark-translated", source.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{stderr}");
}
