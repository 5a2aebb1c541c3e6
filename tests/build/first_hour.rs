//! A newcomer's first hour: the mistakes people make on their first runs (a wrong `--root`, an
//! `--out` that points at the wrong folder) get one clear message, and the summary line counts
//! what it says it counts, in `book.toml`'s locale order.

use crate::support::book::{changes, tolk_in, tree, BookTest, Cli};
use std::path::Path;

/// Runs the `tolk` binary with exactly `args`, from `cwd`.
fn tolk(cwd: &Path, args: &[&str]) -> Cli {
    tolk_in(cwd, args)
}

/// The lines of stderr that report an error.
fn error_lines(run: &Cli) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains("error:"))
        .collect()
}

#[test]
fn every_command_refuses_a_root_without_book_toml_once_with_exit_2_creating_nothing() {
    let test = BookTest::fixture("small");
    let empty = test.sandbox.join("empty");
    std::fs::create_dir_all(&empty).expect("an empty folder");
    let before = test.sandbox_tree();
    for root in ["missing", "empty", "outer/site/book.toml"] {
        for command in [
            &["build"][..],
            &["check"],
            &["show"],
            &["serve", "--port", "0"],
            &["mark-translated", "x.md"],
        ] {
            let mut args = command.to_vec();
            args.extend(["--root", root]);
            let run = tolk(&test.sandbox, &args);
            run.assert_exit(2);
            let errors = error_lines(&run);
            assert_eq!(errors.len(), 1, "{args:?}: one error:\n{}", run.stderr);
            assert!(
                errors[0].contains(&format!("no book.toml in `{root}`")),
                "{args:?}: names the cause:\n{}",
                run.stderr
            );
            assert!(!run.stderr.contains("template"), "{}", run.stderr);
            assert_eq!(
                changes(&before, &test.sandbox_tree()),
                Vec::<String>::new(),
                "{args:?} created or changed files"
            );
        }
    }
    let run = tolk(&test.sandbox, &["build", "--root", "missing"]);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn a_root_inside_a_site_points_at_the_site() {
    let test = BookTest::fixture("small");
    let run = tolk(&test.root.join("content/en-US"), &["build"]);
    run.assert_exit(2);
    assert!(
        run.stderr
            .contains(&format!("pass `--root {}`", test.root.display())),
        "suggests the nearest site:\n{}",
        run.stderr
    );
    assert!(!test.root.join("content/en-US/book").exists());
}

#[test]
fn out_dot_names_the_real_folder_and_builds_nothing() {
    let test = BookTest::fixture("small");
    let before = test.sandbox_tree();
    let run = tolk(&test.root, &["build", "--out", "."]);
    run.assert_exit(1);
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    let root = test.root.display().to_string();
    assert!(
        errors[0].starts_with(&format!(
            "{root}: error: the output folder is the site's own folder"
        )),
        "names the path:\n{}",
        run.stderr
    );
    assert_nothing_built(&run);
    assert_eq!(changes(&before, &test.sandbox_tree()), Vec::<String>::new());
}

#[test]
fn out_into_a_foreign_folder_builds_nothing_and_says_so() {
    let test = BookTest::fixture("small");
    let foreign = test.sandbox.join("documents");
    std::fs::create_dir_all(&foreign).expect("a folder");
    std::fs::write(foreign.join("thesis.txt"), "years of work").expect("a file");
    let before = tree(&test.sandbox);
    let run = test.cli(&["build", "--out", foreign.to_str().expect("UTF-8 path")]);
    run.assert_exit(1);
    assert!(
        run.stderr
            .contains("refusing to replace a folder tolk did not make"),
        "{}",
        run.stderr
    );
    // Refused before the content was read: no warnings about pages that were never built.
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    assert_nothing_built(&run);
    assert_eq!(changes(&before, &tree(&test.sandbox)), Vec::<String>::new());
}

/// The summary says nothing was built instead of counting zero locales and files.
fn assert_nothing_built(run: &Cli) {
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("nothing was built: 1 errors"), "{last}");
    assert!(!run.stderr.contains("0 locales"), "{}", run.stderr);
}

#[test]
fn the_summary_counts_html_pages_and_files_as_written() {
    let test = BookTest::fixture("small");
    let run = test.cli(&["build", "--quiet"]);
    run.assert_exit(0);
    let output = test.output();
    let html = output.keys().filter(|k| k.ends_with(".html")).count();
    let files = output.keys().filter(|k| *k != ".tolk-build").count();
    assert!(html > 10 && files > html, "{html} HTML of {files} files");
    let expected =
        format!("4 locales, 8 article pages, {html} HTML pages, {files} files written, 0 errors, ");
    assert!(
        run.stderr.starts_with(&expected),
        "expected `{expected}...`, got:\n{}",
        run.stderr
    );
}

#[test]
fn build_and_check_list_locales_in_book_toml_order() {
    // `small` lists en-US, nl-NL, tr-TR, ar: not alphabetical, so a path sort shows.
    let test = BookTest::fixture("small");
    let order = ["en-US", "nl-NL", "tr-TR", "ar"];
    let build = test.cli(&["build"]);
    build.assert_exit(0);
    let mut seen: Vec<&str> = Vec::new();
    for line in build.stderr.lines().filter(|l| l.contains(": warning: ")) {
        let tag = line.split('/').nth(1).unwrap_or("");
        if order.contains(&tag) && seen.last() != Some(&tag) {
            assert!(
                !seen.contains(&tag),
                "{tag} comes back later:\n{}",
                build.stderr
            );
            seen.push(tag);
        }
    }
    assert_eq!(seen, order, "build's order");
    let check = test.cli(&["check"]);
    check.assert_exit(0);
    let headings: Vec<&str> = check
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("== ")?.split(':').next())
        .collect();
    assert_eq!(
        headings,
        ["site", "en-US", "nl-NL", "tr-TR", "ar"],
        "check's order"
    );
}
