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

/// All outdated pages are looked up in one history (`git log -M` over the sources' folder): a
/// source renamed since its translation is still found under its old name, and a source git
/// does not track has no versions.
#[test]
fn a_renamed_source_is_followed_and_an_untracked_one_has_no_history() {
    let mut test = outdated_site();
    let root = test.root.clone();
    if git(&root, &["init", "-q", "."]).is_none() {
        return;
    }
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "The guide"]);
    git(
        &root,
        &["mv", "content/en-US/guide.md", "content/en-US/manual.md"],
    );
    git(&root, &["commit", "-q", "-m", "Renamed"]);
    test.write("content/en-US/manual.md", format!("{FRONT}{V2}"));
    git(&root, &["commit", "-q", "-a", "-m", "A new step"]);
    let hash = tolk::check::source_hash(V1);
    test.write(
        "content/en-US/loose.md",
        "---\ntitle: Loose\nms.assetid: loose\n---\n# Loose\n\nNot committed.\n",
    )
    .write(
        "content/nl-NL/loose.md",
        format!("---\ntitle: Los\nms.assetid: loose\nms.openlocfilehash: {hash}\n---\n# Los\n\nNiet vastgelegd.\n"),
    );

    let run = test.cli(&["check", "--diff", "content/nl-NL/guide.md"]);
    run.assert_exit(0);
    assert!(
        run.stdout.starts_with(
            "content/nl-NL/guide.md: outdated: made from content/en-US/manual.md as of commit "
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("    + 3. Attach the logs."),
        "{}",
        run.stdout
    );
    let run = test.cli(&["check", "--diff", "content/nl-NL/loose.md"]);
    assert!(
        run.stdout
            .contains("(0 commits searched) has the recorded hash"),
        "{}",
        run.stdout
    );
    test.build().assert_published();
    let status = test.read("nl-NL/status/index.html");
    assert!(
        status.contains("<ins>3. Attach the logs.</ins>"),
        "{status}"
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

const PAGE_V1: &str = "# A page\n\n1. First step.\n2. Second step.\n";
const PAGE_V2: &str = "# A page\n\n1. First step.\n2. Second step, taken with the new settings that the administrator chose last week.\n3. Third step.\n";

/// The `rtl` fixture with Arabic interface text, an Arabic translation made from `PAGE_V1` and
/// a git history in which the source then became `PAGE_V2`; `None` without git.
fn rtl_site_with_history() -> Option<BookTest> {
    let mut test = BookTest::fixture("rtl");
    let arabic_ui = crate::support::repo().join("tests/fixtures/small/locales/ar");
    let front = "---\ntitle: A page\ndescription: A page and its Arabic translation.\n---\n";
    let hash = tolk::check::source_hash(PAGE_V1);
    test.copy_in(&arabic_ui, "locales/ar")
        .write("content/en-US/page.md", format!("{front}{PAGE_V1}"))
        .write(
            "content/ar/page.md",
            format!("---\ntitle: صفحة\ndescription: صفحة وترجمتها.\nms.openlocfilehash: {hash}\n---\n# صفحة\n\n1. الخطوة الأولى.\n2. الخطوة الثانية.\n"),
        );
    let root = test.root.clone();
    git(&root, &["init", "-q", "."])?;
    git(&root, &["add", "-A"])?;
    git(
        &root,
        &["commit", "-q", "-m", "A page in English and Arabic"],
    )?;
    test.write("content/en-US/page.md", format!("{front}{PAGE_V2}"));
    git(&root, &["commit", "-q", "-a", "-m", "More steps"])?;
    test.build().assert_published();
    Some(test)
}

/// The Arabic status page with its "what changed" entry open, at phone and desktop width:
/// exactly as wide as the window, nothing axe objects to, no console errors.
/// Screenshots: `target/screenshots/translators-status-ar-{390,1280}.png`.
#[test]
fn the_changes_on_an_rtl_status_page_read_at_phone_and_desktop_width(
) -> crate::browser::webdriver::Result<()> {
    use crate::browser::axe::{self, Axe};
    use crate::browser::{browser_or_skip_with, screenshot_path, server::SiteServer, Viewport};
    let Some(test) = rtl_site_with_history() else {
        return Ok(());
    };
    let status = test.read("ar/status/index.html");
    assert!(status.contains("<ins>3. Third step.</ins>"), "{status}");
    assert!(
        status.contains("2. Second <ins>step, taken with the new settings that the administrator chose last week.</ins>"),
        "a sentence that grew is one changed block: {status}"
    );
    let server = SiteServer::start(&test.out).expect("serve the site");
    let Some(axe) = Axe::load_or_skip() else {
        return Ok(());
    };
    let Some(browser) = browser_or_skip_with(Viewport::PHONE) else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for width in [390, 1280] {
        browser.set_viewport(Viewport { width, height: 900 })?;
        browser.goto(&server.url("/ar/status/"))?;
        browser.find("a[href='#changed-page']")?.click()?;
        browser.find("#changed-page summary")?.click()?;
        let open = browser.execute(
            "const d = document.getElementById('changed-page'); const doc = document.documentElement; d.scrollIntoView();\
             return [d.open, doc.scrollWidth === doc.clientWidth, getComputedStyle(d.querySelector('pre')).direction];",
            &[],
        )?;
        if open != serde_json::json!([true, true, "ltr"]) {
            problems.push(format!(
                "{width}: [open, fits the window, pre direction] = {open}"
            ));
        }
        let violations = axe.run(&browser)?;
        if !violations.is_empty() {
            problems.push(format!("{width}: axe:\n{}", axe::describe(&violations)));
        }
        for e in browser.take_errors()? {
            problems.push(format!("{width}: console {}: {}", e.source, e.message));
        }
        browser.screenshot(&screenshot_path(&format!("translators-status-ar-{width}")))?;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
