//! A translator's first run and later updates, end to end through the `tolk` binary: a
//! language started with `tolk locale add` is honestly at 0 % and one build line, a message
//! copied unchanged from the source counts as untranslated unless marked, and an outdated
//! translation shows what changed in its source since (from a git repository the test makes).

use crate::support::skip::skip_or_fail;
use crate::support::BookTest;
use std::path::Path;
use std::process::Command;

/// The new locale's translated count on its status page (the `<meter>` of its row).
fn translated_count(test: &BookTest, tag: &str, name: &str) -> usize {
    let html = test.read(&format!("{tag}/status/index.html"));
    let row = format!("lang=\"{tag}\" dir=\"ltr\">{name}</span></th><td><meter");
    let at = html
        .find(&row)
        .unwrap_or_else(|| panic!("no row for {tag}: {html}"));
    let rest = &html[at..];
    let value = rest.split("value=\"").nth(1).expect("a value");
    value[..value.find('"').expect("a quote")]
        .parse()
        .expect("a number")
}

/// Lines of stderr that name `tag` (diagnostics and their help lines).
fn lines_naming<'a>(stderr: &'a str, tag: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(tag))
        .collect()
}

#[test]
fn a_locale_started_with_the_command_is_at_zero_and_each_translation_counts() {
    let mut test = BookTest::repo_copy();
    test.cli(&["locale", "add", "de-DE", "--name", "Deutsch"])
        .assert_exit(0);
    let book = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    assert!(
        book.contains("[[locale]]\ntag = \"de-DE\"\nname = \"Deutsch\"\n"),
        "{book}"
    );
    assert!(
        book.starts_with("# tolk's own site"),
        "comments kept: {book}"
    );
    assert!(test.root.join("content/de-DE").is_dir());

    let run = test.cli(&["build"]);
    run.assert_exit(0);
    let named = lines_naming(&run.stderr, "de-DE");
    assert_eq!(named.len(), 1, "one line for the new locale: {named:#?}");
    assert!(
        named[0].contains("messages are not translated into de-DE yet"),
        "{}",
        named[0]
    );
    assert_eq!(translated_count(&test, "de-DE", "Deutsch"), 0);
    // `check` lists every message.
    let check = test.cli(&["check", "--format", "json"]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).expect("JSON");
    let missing = found
        .iter()
        .filter(|d| d["rule"] == "fluent-missing" && d["locale"] == "de-DE")
        .count();
    assert!(missing > 100, "{missing}");

    // Uncommented and translated: counted. Uncommented only: still untranslated.
    let ftl = test.root.join("locales/de-DE/site.ftl");
    let text = std::fs::read_to_string(&ftl).expect("site.ftl");
    let text = text
        .replacen("# nav-guide = Guide\n", "nav-guide = Anleitung\n", 1)
        .replacen(
            "# nav-form = Open a ticket\n",
            "nav-form = Open a ticket\n",
            1,
        );
    test.write("locales/de-DE/site.ftl", &text);
    test.cli(&["build"]).assert_exit(0);
    assert_eq!(translated_count(&test, "de-DE", "Deutsch"), 1);
    let home = test.read("de-DE/index.html");
    assert!(home.contains("Anleitung"), "{home}");
    assert!(
        home.contains("<span lang=\"en-US\" dir=\"ltr\">Open a ticket</span>"),
        "the copy is shown as English text"
    );
    let check = test.cli(&["check"]);
    assert!(
        check
            .stdout
            .contains("message `nav-form` in de-DE is the same as the source"),
        "{}",
        check.stdout
    );

    // Marked as intentionally identical: counted too.
    let marked = text.replacen(
        "nav-form = Open a ticket\n",
        "# tolk: same-as-source\nnav-form = Open a ticket\n",
        1,
    );
    test.write("locales/de-DE/site.ftl", marked);
    let run = test.cli(&["build"]);
    run.assert_exit(0);
    assert_eq!(translated_count(&test, "de-DE", "Deutsch"), 2);
    assert!(!test
        .read("de-DE/index.html")
        .contains("<span lang=\"en-US\" dir=\"ltr\">Open a ticket"));
}

#[test]
fn locale_add_refuses_what_it_must_not_do_and_changes_nothing() {
    let test = BookTest::repo_copy();
    let before = test.sandbox_tree();
    let existing = test.cli(&["locale", "add", "nl-nl"]);
    existing.assert_exit(1);
    assert!(
        existing.stderr.contains("book.toml:")
            && existing
                .stderr
                .contains("locale `nl-NL` is already in the site"),
        "{}",
        existing.stderr
    );
    for bad in ["../x", "en_US", "english", "de-DE/../../x"] {
        let run = test.cli(&["locale", "add", bad]);
        run.assert_exit(1);
        assert!(
            run.stderr.contains("is not a locale tag"),
            "{bad}: {}",
            run.stderr
        );
    }
    let unchanged = crate::support::book::changes(&before, &test.sandbox_tree());
    assert_eq!(unchanged, Vec::<String>::new());
    let mut test = test;
    test.write("content/fr-FR/old.txt", "a translator's notes");
    let mid = test.sandbox_tree();
    let taken = test.cli(&["locale", "add", "fr-FR"]);
    taken.assert_exit(1);
    assert!(taken.stderr.contains("already exists"), "{}", taken.stderr);
    let unchanged = crate::support::book::changes(&mid, &test.sandbox_tree());
    assert_eq!(unchanged, Vec::<String>::new());
}

/// `git` with fixed identity, in `dir`; `None` (after the skip rule) when git is missing.
fn git(dir: &Path, args: &[&str]) -> Option<()> {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .status();
    match status {
        Ok(s) => {
            assert!(s.success(), "git {args:?}");
            Some(())
        }
        Err(_) => {
            skip_or_fail("git", "the history of a source page is read with git");
            None
        }
    }
}

const BOOK: &str = "[site]\nsource-locale = \"en-US\"\n\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n\n[[locale]]\ntag = \"nl-NL\"\nname = \"Nederlands\"\n";
const FRONT: &str = "---\ntitle: Guide\nms.assetid: guide\nms.date: 2024-05-01\n---\n";
const V1: &str = "# Guide\n\nKeep this paragraph.\n\n1. Sign in.\n2. Open the form.\n\n## Send\n\nSend it when you are done.\n";
const V2: &str = "# Guide\n\nKeep this paragraph.\n\n1. Sign in.\n2. Open the new form.\n3. Attach the logs.\n\n## Send\n\nSend it when you are done.\n";

/// A two-locale site whose Dutch guide was translated from `V1`; the source is now `V2`.
fn outdated_site() -> BookTest {
    let mut test = BookTest::blank();
    let hash = tolk::check::source_hash(V1);
    test.write("book.toml", BOOK)
        .write("content/en-US/guide.md", format!("{FRONT}{V1}"))
        .write(
            "content/nl-NL/guide.md",
            format!("---\ntitle: Gids\nms.assetid: guide\nms.date: 2024-05-01\nms.openlocfilehash: {hash}\n---\n# Gids\n\nHoud deze alinea.\n\n1. Meld u aan.\n2. Open het formulier.\n\n## Versturen\n\nVerstuur het als u klaar bent.\n"),
        );
    test
}

#[test]
fn an_outdated_translation_shows_exactly_the_changed_blocks_of_its_source() {
    let mut test = outdated_site();
    let root = test.root.clone();
    if git(&root, &["init", "-q", "."]).is_none() {
        return;
    }
    git(&root, &["add", "-A"]);
    git(
        &root,
        &["commit", "-q", "-m", "The guide and its Dutch translation"],
    );
    test.write("content/en-US/guide.md", format!("{FRONT}{V2}"));
    git(&root, &["commit", "-q", "-a", "-m", "A new step"]);

    let run = test.cli(&["check", "--diff", "content/nl-NL/guide.md"]);
    run.assert_exit(0);
    let body: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "  = 3 blocks unchanged",
            "  ~ changed at content/en-US/guide.md:11 (was line 11)",
            "    - 2. Open the form.",
            "    + 2. Open the [new] form.",
            "  + added at content/en-US/guide.md:12",
            "    + 3. Attach the logs.",
            "  = 2 blocks unchanged",
            "  update the translation, then run `tolk mark-translated content/nl-NL/guide.md`",
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.starts_with(
        "content/nl-NL/guide.md: outdated: made from content/en-US/guide.md as of commit "
    ));

    test.build().assert_published();
    let status = test.read("nl-NL/status/index.html");
    let changes = &status[status.find("id=\"changed-guide\"").expect("an entry")..];
    assert!(
        changes.contains("2. Open the <ins>new </ins>form."),
        "{changes}"
    );
    assert!(
        changes.contains("<ins>3. Attach the logs.</ins>"),
        "{changes}"
    );
    assert!(
        !changes.contains("Keep this paragraph"),
        "unchanged blocks are only counted"
    );
    assert!(
        status.contains("href=\"#changed-guide\""),
        "the table links to it"
    );
}

#[test]
fn without_a_repository_the_diff_says_so_and_gives_the_outdated_message() {
    let mut test = outdated_site();
    test.write("content/en-US/guide.md", format!("{FRONT}{V2}"));
    let run = test.cli(&["check", "--diff", "content/nl-NL/guide.md"]);
    run.assert_exit(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("content/nl-NL/guide.md: outdated: made from source version "),
        "{}",
        run.stdout
    );
    assert!(
        lines[1] == "  cannot show what changed: the site is not in a git repository, so the source's history is unknown"
            || lines[1].starts_with("  cannot show what changed: git is not installed"),
        "{}",
        run.stdout
    );
    test.build().assert_published();
    let status = test.read("nl-NL/status/index.html");
    assert!(
        status.contains("de site staat niet in een git-repository")
            || status.contains("git was niet beschikbaar"),
        "{status}"
    );
}
