//! Incremental builds (`tolk::incremental::Session`, what `tolk serve` rebuilds with): after each
//! kind of source change, the output folder it brought up to date must be byte-identical, file
//! for file and folder for folder, to a full build of the same sources into a fresh folder.

use crate::support::book::{changes, tree};
use crate::support::BookTest;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tolk::content::CacheStats;
use tolk::incremental::writer::Changes;
use tolk::incremental::Session;
use tolk::site::BuildOptions;

/// Builds a copy of the repository's site with a session, applies `edit`, rebuilds, and
/// compares the result with a full build. Returns what the rebuild changed.
fn rebuilt_as_full(edit: impl FnOnce(&mut BookTest)) -> Changes {
    let mut test = BookTest::repo_copy();
    let session = Session::new(BuildOptions {
        root: test.root.clone(),
        out: Some(test.out.clone()),
        write: true,
        deny_warnings: false,
    });
    let first = session.build();
    assert!(first.report.published.is_some(), "first build published");
    edit(&mut test);
    let again = session.build();
    assert!(
        again.report.published.is_some(),
        "rebuild published: {:?}",
        again.report.diagnostics
    );
    assert_same_as_full(&test);
    again.changes
}

fn assert_same_as_full(test: &BookTest) {
    let full_out = test.sandbox.join("full");
    let report = tolk::site::build(&BuildOptions {
        root: test.root.clone(),
        out: Some(full_out.clone()),
        write: true,
        deny_warnings: false,
    });
    assert!(report.published.is_some(), "full build published");
    let differences = changes(&tree(&full_out), &tree(&test.out));
    assert!(
        differences.is_empty(),
        "incremental output differs from a full build:\n{}",
        differences.join("\n")
    );
    std::fs::remove_dir_all(&full_out).expect("remove the full build");
}

const PAGE: &str = "content/en-US/event-support-ticket.md";

fn edit(test: &mut BookTest, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(test.root.join(rel)).expect("read a site file");
    assert!(text.contains(from), "{rel} holds {from:?}");
    test.write(rel, text.replacen(from, to, 1));
}

#[test]
fn nothing_changed_writes_nothing() {
    let changed = rebuilt_as_full(|_| {});
    assert_eq!(changed, Changes::default());
}

#[test]
fn a_page_body_edit_rewrites_that_page_not_the_site() {
    let changed = rebuilt_as_full(|t| edit(t, PAGE, "sign in with", "log in with"));
    assert!(changed
        .written
        .contains(&"en-US/how-to-log-a-security-event-support-ticket/index.html".to_string()));
    assert!(
        !changed
            .written
            .contains(&"en-US/ticket/index.html".to_string()),
        "{changed:?}"
    );
    assert!(changed.removed.is_empty());
}

#[test]
fn a_title_edit_updates_listings() {
    let changed = rebuilt_as_full(|t| {
        edit(
            t,
            PAGE,
            "title: Report a security event",
            "title: File a security event",
        )
    });
    assert!(changed.written.len() > 1, "{changed:?}");
}

#[test]
fn an_added_page_appears() {
    let changed = rebuilt_as_full(|t| {
        t.write(
            "content/en-US/new-page.md",
            "---\ntitle: A new page\ndescription: Added while serving.\nms.date: 2024-01-02\n---\n# A new page\n\nHello.\n",
        );
    });
    assert!(changed
        .written
        .contains(&"en-US/new-page/index.html".to_string()));
}

#[test]
fn a_deleted_page_disappears_with_its_folder() {
    let changed = rebuilt_as_full(|t| {
        std::fs::remove_file(t.root.join("content/tr-TR/event-support-ticket.md"))
            .expect("delete a page");
    });
    assert!(!changed.written.is_empty());
}

#[test]
fn a_renamed_page_moves() {
    let changed = rebuilt_as_full(|t| {
        let from = t.root.join("content/en-US/event-support-ticket.md");
        let text = std::fs::read_to_string(&from).expect("read");
        std::fs::remove_file(&from).expect("delete");
        // The URL comes from the heading's anchor: a new anchor moves the page.
        let text = text.replace(
            "name=\"how-to-log-a-security-event-support-ticket\"",
            "name=\"security-ticket\"",
        );
        t.write("content/en-US/security-ticket.md", text);
    });
    let old = "en-US/how-to-log-a-security-event-support-ticket/index.html";
    assert!(changed.removed.contains(&old.to_string()), "{changed:?}");
    assert!(changed
        .written
        .contains(&"en-US/security-ticket/index.html".to_string()));
}

#[test]
fn an_ftl_edit_updates_its_locale() {
    let changed = rebuilt_as_full(|t| {
        edit(
            t,
            "locales/nl-NL/site.ftl",
            "nav-guide = Handleiding",
            "nav-guide = Gids",
        )
    });
    assert!(changed.written.iter().any(|f| f.starts_with("nl-NL/")));
    assert!(
        !changed
            .written
            .iter()
            .any(|f| f.starts_with("hu-HU/") && f.ends_with(".html")),
        "{changed:?}"
    );
}

#[test]
fn a_template_edit_updates_every_page() {
    let changed = rebuilt_as_full(|t| {
        edit(
            t,
            "templates/page.html",
            "{% endblock main %}",
            "<p>edited</p>{% endblock main %}",
        );
    });
    assert!(!changed.written.is_empty());
}

#[test]
fn a_book_toml_edit_rebuilds_everything_it_touches() {
    rebuilt_as_full(|t| {
        edit(
            t,
            "book.toml",
            "https://tolk.example.org",
            "https://docs.example.org",
        )
    });
}

#[test]
fn a_form_yaml_edit_updates_the_form() {
    let changed = rebuilt_as_full(|t| {
        let text = std::fs::read_to_string(t.root.join("form.yaml")).expect("read");
        t.write("form.yaml", format!("{text}\n# edited while serving\n"));
    });
    // A comment changes no output: nothing is written.
    assert!(changed.written.is_empty(), "{changed:?}");
}

#[test]
fn a_stylesheet_edit_writes_only_the_stylesheet() {
    let changed = rebuilt_as_full(|t| {
        let text = std::fs::read_to_string(t.root.join("static/style.css")).expect("read");
        t.write("static/style.css", format!("{text}\n/* edited */\n"));
    });
    assert!(!changed.written.is_empty());
    assert!(
        changed.written.iter().all(|f| f.ends_with(".css")),
        "{changed:?}"
    );
}

#[test]
fn a_failed_rebuild_keeps_the_site_and_the_fix_catches_up() {
    let mut test = BookTest::repo_copy();
    let session = Session::new(BuildOptions {
        root: test.root.clone(),
        out: Some(test.out.clone()),
        write: true,
        deny_warnings: false,
    });
    assert!(session.build().report.published.is_some());
    let before = tree(&test.out);
    edit(
        &mut test,
        PAGE,
        "---\ntitle:",
        "---\ntitle: [unclosed\ntitle:",
    );
    let broken = session.build();
    assert!(broken.report.diagnostics.has_errors());
    assert_eq!(broken.changes, Changes::default());
    assert!(
        changes(&before, &tree(&test.out)).is_empty(),
        "site untouched"
    );
    edit(&mut test, PAGE, "title: [unclosed\n", "");
    edit(&mut test, PAGE, "sign in with", "log in with");
    assert!(session.build().report.published.is_some());
    assert_same_as_full(&test);
}

#[test]
fn a_session_takes_over_a_built_folder_and_refuses_a_foreign_one() {
    let mut test = BookTest::repo_copy();
    test.build().assert_published();
    std::fs::write(test.out.join("stale.html"), "from an older site").expect("plant a file");
    let options = writing_options(&test);
    let session = Session::new(options.clone());
    let first = session.build();
    assert!(first.report.published.is_some());
    // Files found on disk are of unknown bytes: all rewritten, the stale one deleted.
    assert_eq!(first.changes.removed, ["stale.html"]);
    assert!(test.out.join(tolk::output::MARKER).is_file());
    assert_same_as_full(&test);

    let foreign = test.sandbox.join("documents");
    std::fs::create_dir_all(&foreign).expect("a folder");
    std::fs::write(foreign.join("thesis.txt"), "years of work").expect("a file");
    let session = Session::new(BuildOptions {
        out: Some(foreign.clone()),
        ..options
    });
    let refused = session.build();
    assert!(refused.report.published.is_none());
    assert!(refused.report.diagnostics.has_errors());
    assert_eq!(
        std::fs::read_dir(&foreign).expect("list").count(),
        1,
        "nothing written or deleted"
    );
}

/// The small fixture with what a page's render reads besides its own text: an include in the
/// page's folder and one below `includes/`, a `toc.yml`, an image and a chart.
fn memo_site() -> BookTest {
    let mut test = BookTest::fixture("small");
    test.write(
        "content/en-US/with-parts.md",
        "---\ntitle: With parts\ndescription: d\nms.assetid: with-parts\n---\n# With parts\n\n[!INCLUDE [p](part.md)]\n\n[!INCLUDE [q](includes/q.md)]\n\n![Diagram](media/diagram.png)\n",
    )
    .write("content/en-US/part.md", "Part text, no front matter.\n")
    .write("content/en-US/includes/q.md", "---\ntitle: Q\n---\nQ text.\n")
    .write(
        "content/en-US/toc.yml",
        "- name: Start here\n  items:\n  - name: The guide\n    href: guide.md\n  - name: Only English\n    href: only-english.md\n  - name: With parts\n    href: with-parts.md\n",
    );
    test
}

/// Every entry below the content folder (links not followed) with what `lstat` says of it:
/// two snapshots differ where `tolk serve`'s watcher would report a path.
fn snapshot(test: &BookTest) -> BTreeMap<PathBuf, Option<(u64, i128, u64)>> {
    use std::os::unix::fs::MetadataExt;
    let mut seen = BTreeMap::new();
    let root = test.root.canonicalize().expect("the site's root");
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list a folder") {
            let path = entry.expect("a folder entry").path();
            let m = std::fs::symlink_metadata(&path).expect("lstat");
            let mtime = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
            if m.is_dir() {
                stack.push(path.clone());
                seen.insert(path, None);
            } else {
                seen.insert(path, Some((m.len(), mtime, m.ino())));
            }
        }
    }
    seen
}

/// Applies `edit` and tells `session` the paths a watcher would have reported; returns them.
fn watched_edit(
    session: &Session,
    test: &mut BookTest,
    edit: impl FnOnce(&mut BookTest),
) -> Vec<PathBuf> {
    let before = snapshot(test);
    edit(test);
    let after = snapshot(test);
    let changed: Vec<PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .cloned()
        .collect();
    session.saw(&changed);
    changed
}

/// Builds `test` with a session that is told what changed, as `tolk serve`'s, applies `edit`,
/// rebuilds, and checks output and diagnostics against a full build of the edited sources (a
/// refused rebuild must be refused for the same reasons, and leave the site as it was).
/// Returns the rebuild.
fn memo_rebuild(test: BookTest, edit: impl FnOnce(&mut BookTest)) -> tolk::incremental::Rebuild {
    memo_rebuild_with(test, edit).0
}

/// A session of `test` as `tolk serve` has it: built once, then the watch started and built
/// again (listing the content folder once more). Returns it with both builds.
fn watched_session(
    test: &BookTest,
) -> (
    Session,
    tolk::incremental::Rebuild,
    tolk::incremental::Rebuild,
) {
    let session = Session::new(BuildOptions {
        root: test.root.clone(),
        out: Some(test.out.clone()),
        write: true,
        deny_warnings: false,
    });
    let first = session.build();
    assert!(
        first.report.published.is_some(),
        "first build published: {:?}",
        first.report.diagnostics
    );
    session.watching();
    let listed = session.build();
    (session, first, listed)
}

/// [`memo_rebuild`], also returning what the rebuild's content stage did.
fn memo_rebuild_with(
    mut test: BookTest,
    edit: impl FnOnce(&mut BookTest),
) -> (tolk::incremental::Rebuild, CacheStats) {
    let (session, first, listed) = watched_session(&test);
    assert_eq!(first.report.reused, 0);
    assert_eq!(listed.changes, Changes::default(), "nothing changed");
    assert!(session.content_stats().listed);
    let before = tree(&test.out);
    watched_edit(&session, &mut test, edit);
    let again = session.build();
    let stats = session.content_stats();
    let full_out = test.sandbox.join("full");
    let full = tolk::site::build(&BuildOptions {
        root: test.root.clone(),
        out: Some(full_out.clone()),
        write: true,
        deny_warnings: false,
    });
    let shown = |r: &tolk::site::BuildReport| {
        r.diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect::<Vec<_>>()
    };
    let (got, want) = (shown(&again.report), shown(&full));
    let only = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|d| !b.contains(d)).cloned().collect()
    };
    assert!(
        got == want,
        "diagnostics differ from a full build's: only in the rebuild {:#?}, only in the full build {:#?}",
        only(&got, &want),
        only(&want, &got)
    );
    assert_eq!(again.report.published.is_some(), full.published.is_some());
    let expected = match full.published {
        Some(_) => tree(&full_out),
        None => before,
    };
    let differences = changes(&expected, &tree(&test.out));
    assert!(
        differences.is_empty(),
        "incremental output differs from a full build:\n{}",
        differences.join("\n")
    );
    assert_eq!(again.report.files, full.files);
    assert_eq!(again.report.html_pages, full.html_pages);
    (again, stats)
}

/// Article pages of the memo site: 4 locales × (guide, only-english, with-parts).
const MEMO_ARTICLES: usize = 12;

#[test]
fn memo_keeps_every_page_when_nothing_changed() {
    let again = memo_rebuild(memo_site(), |_| {});
    assert_eq!(again.report.reused, MEMO_ARTICLES);
    assert_eq!(again.changes, Changes::default());
}

#[test]
fn memo_renders_only_the_edited_page_and_its_stand_ins() {
    let (again, content) = memo_rebuild_with(memo_site(), |t| {
        edit(
            t,
            "content/en-US/with-parts.md",
            "# With parts\n",
            "# With parts\n\nMore.\n",
        )
    });
    // The English page and its three stand-ins are rendered; the rest is kept.
    assert_eq!(again.report.reused, MEMO_ARTICLES - 4);
    // The content stage read that one file, and listed no folder.
    assert!(!content.listed);
    assert_eq!(content.parsed, 1);
    assert!(content.patched, "a body edit patches the last load's pages");
}

#[test]
fn watched_rebuilds_follow_folders_made_renamed_and_removed() {
    let with_folder = || {
        let mut test = memo_site();
        test.write(
            "content/en-US/sec/deep.md",
            "---\ntitle: Deep\ndescription: d\nms.assetid: deep\n---\n# Deep\n\nText.\n",
        )
        .write(
            "content/nl-NL/sec/deep.md",
            "---\ntitle: Diep\ndescription: d\nms.assetid: deep\n---\n# Diep\n\nTekst.\n",
        );
        test
    };
    let moved = |from: &str, to: &str| {
        let (from, to) = (from.to_string(), to.to_string());
        move |t: &mut BookTest| {
            std::fs::rename(t.root.join(from), t.root.join(to)).expect("rename a folder")
        }
    };
    let (_, content) = memo_rebuild_with(
        with_folder(),
        moved("content/en-US/sec", "content/en-US/part"),
    );
    assert!(content.listed, "a renamed folder is listed again");
    memo_rebuild(
        with_folder(),
        moved("content/nl-NL/sec", "content/nl-NL/part"),
    );
    memo_rebuild(with_folder(), |t| {
        std::fs::remove_dir_all(t.root.join("content/en-US/sec")).expect("delete a folder")
    });
    memo_rebuild(memo_site(), |t| {
        t.write(
            "content/en-US/new/deeper/page.md",
            "---\ntitle: New\ndescription: d\n---\n# New\n",
        );
    });
}

#[test]
fn memo_follows_an_include_edit() {
    let again = memo_rebuild(memo_site(), |t| {
        edit(t, "content/en-US/includes/q.md", "Q text.", "Q changed.")
    });
    assert!(again.report.reused < MEMO_ARTICLES);
    memo_rebuild(memo_site(), |t| {
        edit(t, "content/en-US/part.md", "Part text", "Part changed")
    });
}

#[test]
fn memo_follows_a_deleted_include() {
    memo_rebuild(memo_site(), |t| {
        std::fs::remove_file(t.root.join("content/en-US/part.md")).expect("delete");
    });
}

/// Two pages read one include: an edit of it renders both again. A build looks at a file
/// many pages read once, and checks every such page against that one look.
#[test]
fn memo_follows_an_include_two_pages_share() {
    let mut test = memo_site();
    test.write(
        "content/en-US/also-q.md",
        "---\ntitle: Also Q\ndescription: d\nms.assetid: also-q\n---\n# Also Q\n\n[!INCLUDE [q](includes/q.md)]\n",
    );
    let again = memo_rebuild(test, |t| {
        edit(t, "content/en-US/includes/q.md", "Q text.", "Q changed.")
    });
    // with-parts and also-q, each in en-US and as three stand-ins; the 8 others kept.
    assert_eq!(again.report.reused, MEMO_ARTICLES + 4 - 8);
}

/// A page one rebuild kept is kept by the next one too: the memo a rebuild leaves holds the
/// pages it kept (with what they read) as well as the ones it rendered.
#[test]
fn memo_keeps_kept_pages_on_the_next_rebuild() {
    let mut test = memo_site();
    let session = Session::new(BuildOptions {
        root: test.root.clone(),
        out: Some(test.out.clone()),
        write: true,
        deny_warnings: false,
    });
    assert!(session.build().report.published.is_some());
    edit(
        &mut test,
        "content/en-US/with-parts.md",
        "# With parts\n",
        "# With parts\n\nMore.\n",
    );
    assert_eq!(session.build().report.reused, MEMO_ARTICLES - 4);
    edit(
        &mut test,
        "content/en-US/only-english.md",
        "title:",
        "title: Renamed,",
    );
    let third = session.build();
    assert!(third.report.published.is_some());
    // A title is in every page's key (the navigation shows it): all rendered again.
    assert_eq!(third.report.reused, 0);
    assert_same_as_full(&test);
    let fourth = session.build();
    assert_eq!(fourth.report.reused, MEMO_ARTICLES);
    assert_eq!(fourth.changes, Changes::default());
    edit(
        &mut test,
        "content/en-US/guide.md",
        "3. Describe what happened.\n",
        "3. Describe what happened in detail.\n",
    );
    let fifth = session.build();
    // The guide in every locale (its group's text changed); the 8 others kept since the
    // fourth build, which kept them all.
    assert_eq!(fifth.report.reused, MEMO_ARTICLES - 4);
    assert_same_as_full(&test);
}

#[test]
fn memo_follows_images_replaced_added_and_deleted() {
    memo_rebuild(memo_site(), |t| {
        let png = std::fs::read(t.root.join("content/en-US/media/diagram.png")).expect("read");
        let mut other = png.clone();
        other.extend_from_slice(b"\0\0");
        t.write("content/en-US/media/diagram.png", other);
    });
    // A translation's own image, where the page showed the source's before.
    memo_rebuild(memo_site(), |t| {
        let png = std::fs::read(t.root.join("content/en-US/media/diagram.png")).expect("read");
        t.write("content/nl-NL/media/diagram.png", png);
    });
    memo_rebuild(memo_site(), |t| {
        std::fs::remove_file(t.root.join("content/en-US/media/diagram.png")).expect("delete");
    });
}

#[test]
fn memo_follows_the_toc_and_titles() {
    memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/en-US/toc.yml",
            "name: The guide",
            "name: The whole guide",
        )
    });
    memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/en-US/only-english.md",
            "title:",
            "title: Renamed,",
        )
    });
}

#[test]
fn memo_follows_pages_added_and_deleted() {
    memo_rebuild(memo_site(), |t| {
        t.write(
            "content/nl-NL/with-parts.md",
            "---\ntitle: Met delen\ndescription: d\nms.assetid: with-parts\n---\n# With parts\n\nTekst.\n",
        );
    });
    memo_rebuild(memo_site(), |t| {
        std::fs::remove_file(t.root.join("content/en-US/only-english.md")).expect("delete");
    });
}

#[test]
fn memo_follows_messages_of_one_locale_and_of_the_source() {
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "locales/nl-NL/site.ftl",
            "nav-guide = Handleiding",
            "nav-guide = Gids",
        )
    });
    assert_eq!(
        again.report.reused,
        MEMO_ARTICLES - 3,
        "only nl-NL pages rendered"
    );
    memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "locales/en-US/site.ftl",
            "nav-guide = Guide",
            "nav-guide = Handbook",
        )
    });
}

#[test]
fn memo_renders_again_only_the_pages_that_show_an_edited_message() {
    // Every locale defines `nav-guide`: only the source's pages show its text.
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "locales/en-US/site.ftl",
            "nav-guide = Guide",
            "nav-guide = Handbook",
        )
    });
    assert_eq!(
        again.report.reused,
        MEMO_ARTICLES - 3,
        "only en-US rendered"
    );
    // The ar fixture leaves out `footer-built-with`: its pages show the source's.
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "locales/en-US/site.ftl",
            "footer-built-with = Built with tolk",
            "footer-built-with = Made with tolk",
        )
    });
    assert_eq!(
        again.report.reused,
        MEMO_ARTICLES - 6,
        "only the en-US and ar pages rendered"
    );
}

#[test]
fn memo_follows_a_message_a_translation_drops_or_copies_from_the_source() {
    // Dropped: the nl-NL pages show the source's words, marked as English.
    let again = memo_rebuild(memo_site(), |t| {
        edit(t, "locales/nl-NL/site.ftl", "nav-guide = Handleiding\n", "")
    });
    assert_eq!(again.report.reused, MEMO_ARTICLES - 3);
    // Copied: the source's very words are fallback text too.
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "locales/nl-NL/site.ftl",
            "nav-guide = Handleiding",
            "nav-guide = Guide",
        )
    });
    assert_eq!(again.report.reused, MEMO_ARTICLES - 3);
}

#[test]
fn memo_follows_templates_static_files_and_book_toml() {
    memo_rebuild(memo_site(), |t| {
        t.write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p>{{ title }}</p>{{ html | safe }}{% endblock main %}",
        );
    });
    memo_rebuild(memo_site(), |t| {
        t.write("static/extra.css", "p { color: red }\n");
    });
    memo_rebuild(memo_site(), |t| {
        edit(t, "book.toml", "Fixture docs", "Fixture documentation")
    });
}

#[test]
fn memo_rechecks_the_structure_of_edited_pairs_only() {
    // A translation loses a step: a structure finding appears, from this pair alone.
    memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/nl-NL/guide.md",
            "3. Beschrijf wat er is gebeurd.\n",
            "",
        )
    });
    // The source gains a step: every translation of it is compared again.
    memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/en-US/guide.md",
            "3. Describe what happened.\n",
            "3. Describe what happened.\n4. Wait for our answer.\n",
        )
    });
}

/// The options of a plain `tolk build` of `test` into its output folder.
fn writing_options(test: &BookTest) -> BuildOptions {
    BuildOptions {
        root: test.root.clone(),
        out: Some(test.out.clone()),
        write: true,
        deny_warnings: false,
    }
}

/// `tolk build` twice with the saved state: the second build keeps what did not change, and
/// its output is a full build's.
#[test]
fn a_second_build_uses_the_saved_state_and_matches_a_full_build() {
    use tolk::incremental::persist;
    let mut test = memo_site();
    let options = writing_options(&test);
    let (first, p) = persist::build(&options);
    assert!(first.published.is_some());
    assert!(!p.incremental && p.notes.is_empty(), "{p:?}");
    edit(
        &mut test,
        "content/en-US/with-parts.md",
        "# With parts\n",
        "# With parts\n\nMore.\n",
    );
    let (second, p) = persist::build(&options);
    assert!(second.published.is_some());
    assert!(p.incremental, "{p:?}");
    assert_eq!(second.reused, MEMO_ARTICLES - 4);
    assert_same_as_full(&test);

    // A file changed by hand in the output: a full build, with a note, that removes it.
    std::fs::write(test.out.join("en-US/index.html"), "edited by hand").expect("write");
    let (third, p) = persist::build(&options);
    assert!(third.published.is_some());
    assert!(!p.incremental);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("changed since the last build")),
        "{p:?}"
    );
    assert_eq!(third.reused, 0);
    assert_same_as_full(&test);
    let (_, p) = persist::build(&options);
    assert!(p.incremental, "{p:?}");
    assert_same_as_full(&test);
}

/// Moves the mtime of every file under `dir` back a minute, so that the content cache trusts
/// their stamps alone (a file modified within its racy window is read again).
fn age(dir: &Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .expect("open");
            file.set_modified(old).expect("set mtime");
        }
    }
}

/// A build that changes nothing leaves the saved state as it was (not written again), and the
/// build after it still uses that state: it keeps what did not change and matches a full
/// build.
#[test]
fn a_build_that_changes_nothing_keeps_the_saved_state_file() {
    use tolk::incremental::{persist, store};
    let mut test = memo_site();
    let options = writing_options(&test);
    age(&test.root.join("content"));
    // The first build is a full one: the files it wrote have no digest in the state yet, so
    // the second writes those the memo does not cover (comparing them) and saves again.
    for _ in 0..2 {
        let (_, p) = persist::build(&options);
        assert!(p.saved_bytes.is_some() && !p.unchanged, "{p:?}");
    }
    let state = store::path_for(&test.out).expect("state path");
    let saved = std::fs::read(&state).expect("state file");
    let stamp = std::fs::metadata(&state)
        .and_then(|m| m.modified())
        .expect("mtime");

    let (second, p) = persist::build(&options);
    assert!(second.published.is_some());
    assert!(
        p.incremental && p.unchanged && p.saved_bytes.is_none(),
        "{p:?}"
    );
    assert_eq!(second.reused, MEMO_ARTICLES);
    let now = std::fs::metadata(&state)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(now, stamp, "the state file was written again");
    assert_eq!(std::fs::read(&state).expect("state file"), saved);

    // An edit after it: the kept state is used, the edited page rendered, the state saved.
    edit(
        &mut test,
        "content/en-US/with-parts.md",
        "# With parts\n",
        "# With parts\n\nMore.\n",
    );
    let (third, p) = persist::build(&options);
    assert!(
        p.incremental && !p.unchanged && p.saved_bytes.is_some(),
        "{p:?}"
    );
    assert_eq!(third.reused, MEMO_ARTICLES - 4);
    // The stamps it saved (new ones for the files it wrote, the loaded ones for the rest) are
    // the folder's: the next build uses the state.
    let (_, p) = persist::build(&options);
    assert!(p.incremental && p.notes.is_empty(), "{p:?}");
    assert_same_as_full(&test);
}

/// `tolk build --incremental` from the command line: the first run saves the state beside the
/// output folder, the second keeps every page and says so, and the output is a plain build's.
/// `serve` rebuilds in memory and takes no such flag.
#[test]
fn build_incremental_on_the_command_line_keeps_pages_and_serve_refuses_the_flag() {
    let test = BookTest::fixture("small");
    let first = test.cli(&["build", "--incremental", "--quiet"]);
    first.assert_exit(0);
    let state = test.out.with_file_name(format!(
        ".{}.tolk-cache",
        test.out
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("book")
    ));
    assert!(state.is_file(), "no state file at {}", state.display());
    let incremental = test.output();
    let second = test.cli(&["build", "--incremental", "--quiet", "--timings"]);
    second.assert_exit(0);
    assert!(
        second
            .stderr
            .contains("8 of 8 article pages kept from the last build"),
        "{}",
        second.stderr
    );
    assert_eq!(test.output(), incremental);
    let plain = test.cli(&["build", "--quiet"]);
    plain.assert_exit(0);
    assert_eq!(test.output(), incremental, "a plain build differs");

    let serve = test.cli(&["serve", "--incremental", "--port", "0"]);
    assert_eq!(serve.code, Some(2), "{}", serve.stderr);
    assert!(serve.stderr.contains("--incremental"), "{}", serve.stderr);
}

/// The site-wide files of the memo site: what a rebuild keeps when none of what they show
/// changed (the four locales' homes, status pages and tables of contents, the chooser, the
/// 404 page and the sitemap).
fn site_wide_files() -> Vec<String> {
    let mut files = vec![
        "404.html".to_string(),
        "index.html".to_string(),
        "sitemap.xml".to_string(),
    ];
    for tag in ["ar", "en-US", "nl-NL", "tr-TR"] {
        for dir in ["", "status/", "toc/"] {
            files.push(format!("{tag}/{dir}index.html"));
        }
    }
    files.sort();
    files
}

/// Of `kept`, the site-wide files (not the search indexes).
fn kept_files(kept: &[String]) -> Vec<String> {
    kept.iter()
        .filter(|k| !k.starts_with("search "))
        .cloned()
        .collect()
}

#[test]
fn products_body_edits_keep_the_site_wide_pages_and_other_locales_indexes() {
    // A translation's text: its locale's index alone is made again.
    let again = memo_rebuild(memo_site(), |t| {
        edit(t, "content/nl-NL/guide.md", "Lees de", "Lees eerst de")
    });
    assert_eq!(kept_files(&again.report.kept), site_wide_files());
    assert!(!again.report.kept.contains(&"search nl-NL".to_string()));
    for tag in ["ar", "en-US", "tr-TR"] {
        assert!(
            again.report.kept.contains(&format!("search {tag}")),
            "{tag}"
        );
    }
    // A source page with every translation: only the source's index (its translations are
    // rendered again, since they link to it, but their documents are the same).
    let again = memo_rebuild(memo_site(), |t| {
        edit(t, "content/en-US/guide.md", "Read the", "First read the")
    });
    assert_eq!(kept_files(&again.report.kept), site_wide_files());
    let searches: Vec<&String> = again
        .report
        .kept
        .iter()
        .filter(|k| k.starts_with("search "))
        .collect();
    assert_eq!(searches, ["search ar", "search nl-NL", "search tr-TR"]);
    // A page with stand-ins in every other locale: they show its text, so every index.
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/en-US/with-parts.md",
            "# With parts\n",
            "# With parts\n\nMore.\n",
        )
    });
    assert_eq!(kept_files(&again.report.kept), site_wide_files());
    assert!(again.report.kept.iter().all(|k| !k.starts_with("search ")));
}

#[test]
fn products_follow_a_title_edit() {
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/en-US/only-english.md",
            "title:",
            "title: Renamed,",
        )
    });
    // Homes, status pages, tables of contents and every index show the title (the other
    // locales' through the stand-ins). The rest is made again too: every page's metadata is
    // part of the site digest that every site-wide key starts from.
    assert_eq!(again.report.kept, Vec::<String>::new());
}

#[test]
fn products_follow_a_structure_finding_and_freshness() {
    // A finding appears in the nl-NL translation: every status page shows its count.
    let again = memo_rebuild(memo_site(), |t| {
        edit(
            t,
            "content/nl-NL/guide.md",
            "3. Beschrijf wat er is gebeurd.\n",
            "",
        )
    });
    assert!(again.report.kept.iter().all(|k| !k.contains("/status/")));
    // A translation that records its source's version goes out of date when the source's
    // text changes: every status page says so, and its home listing knows.
    let mut test = memo_site();
    let source =
        std::fs::read_to_string(test.root.join("content/en-US/guide.md")).expect("read the source");
    let body = source.splitn(3, "---\n").nth(2).expect("a body");
    let hash = tolk::check::source_hash::source_hash(body);
    // A home template that shows which listings are outdated (the built-in one does not).
    test.write(
        "templates/home.html",
        "{% extends \"base.html\" %}{% block title %}Home{% endblock title %}{% block main %}{% for a in articles %}<p>{{ a.title }} {{ a.outdated }}</p>{% endfor %}{% endblock main %}",
    );
    edit(
        &mut test,
        "content/nl-NL/guide.md",
        "ms.translationtype: MT\n",
        &format!("ms.translationtype: MT\nms.openlocfilehash: {hash}\n"),
    );
    let again = memo_rebuild(test, |t| {
        edit(t, "content/en-US/guide.md", "Read the", "First read the")
    });
    let kept = kept_files(&again.report.kept);
    assert!(kept.iter().all(|k| !k.contains("/status/")), "{kept:?}");
    assert!(!kept.contains(&"nl-NL/index.html".to_string()), "{kept:?}");
    assert!(kept.contains(&"en-US/index.html".to_string()), "{kept:?}");
}

#[test]
fn products_a_patched_search_index_matches_a_full_build_edit_after_edit() {
    let mut test = memo_site();
    let session = Session::new(BuildOptions {
        root: test.root.clone(),
        out: Some(test.out.clone()),
        write: true,
        deny_warnings: false,
    });
    assert!(session.build().report.published.is_some());
    // A new word, more of it, then gone again: the en-US index is patched each time.
    for (from, to) in [
        ("Read the", "Zyzzyva read the"),
        ("Zyzzyva read the", "Zyzzyva zyzzyva read the"),
        ("Zyzzyva zyzzyva read the", "Read the"),
    ] {
        edit(&mut test, "content/en-US/guide.md", from, to);
        let again = session.build();
        assert!(again.report.published.is_some());
        assert!(again.report.kept.contains(&"search nl-NL".to_string()));
        assert_same_as_full(&test);
    }
}

/// The site-wide files a rebuild after replacing `from` with `to` in the en-US messages
/// rendered again (the others it kept).
fn site_wide_rendered_after_ftl_edit(from: &str, to: &str) -> Vec<String> {
    let again = memo_rebuild(memo_site(), |t| edit(t, "locales/en-US/site.ftl", from, to));
    site_wide_files()
        .into_iter()
        .filter(|f| !again.report.kept.contains(f))
        .collect()
}

#[test]
fn products_follow_the_messages_they_show() {
    // Every locale defines `nav-guide`: only the source's own site-wide pages show its text.
    let rendered = site_wide_rendered_after_ftl_edit("nav-guide = Guide", "nav-guide = Handbook");
    assert_eq!(
        rendered,
        [
            "en-US/index.html",
            "en-US/status/index.html",
            "en-US/toc/index.html"
        ]
    );
    // The ar fixture leaves out `footer-built-with`: its pages show the source's.
    let rendered = site_wide_rendered_after_ftl_edit(
        "footer-built-with = Built with tolk",
        "footer-built-with = Made with tolk",
    );
    assert_eq!(
        rendered,
        [
            "ar/index.html",
            "ar/status/index.html",
            "ar/toc/index.html",
            "en-US/index.html",
            "en-US/status/index.html",
            "en-US/toc/index.html",
        ]
    );
}

#[test]
fn memo_wraps_kept_markdown_when_only_the_chrome_changed() {
    let with_note = |t: &mut BookTest| {
        let path = t.root.join("content/en-US/only-english.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n> [!NOTE]\n> Read this first.\n")).unwrap();
    };
    let mut site = memo_site();
    with_note(&mut site);
    // A message of the chrome alone: the en-US pages are wrapped again, not parsed again.
    let again = memo_rebuild(site, |t| {
        edit(
            t,
            "locales/en-US/site.ftl",
            "nav-guide = Guide",
            "nav-guide = Handbook",
        )
    });
    assert_eq!(again.report.reused, MEMO_ARTICLES - 3);
    assert_eq!(again.report.rewrapped, 3, "every en-US page kept its body");
    // The label of a note is the body's own: the Markdown is rendered again (and the page
    // shows the new label as a full build does, which `memo_rebuild` checks).
    let mut site = memo_site();
    with_note(&mut site);
    let again = memo_rebuild(site, |t| {
        edit(
            t,
            "locales/en-US/site.ftl",
            "docfx-note = Note",
            "docfx-note = Please note",
        )
    });
    // Every page looks the labels up (`docfx::Labels`): no en-US body is taken as it was.
    assert_eq!(again.report.reused, MEMO_ARTICLES - 3);
    assert_eq!(again.report.rewrapped, 0);
}

/// A session of `test` that has built twice (the second time watching, as `tolk serve`), then
/// `edit` applied and previewed: the session, what the preview wrote, and the output before.
fn previewed(
    mut test: BookTest,
    edit: impl FnOnce(&mut BookTest),
) -> (
    BookTest,
    Session,
    Option<Vec<String>>,
    crate::support::book::Tree,
) {
    let (session, _, listed) = watched_session(&test);
    assert!(listed.report.published.is_some());
    let before = tree(&test.out);
    let changed = watched_edit(&session, &mut test, edit);
    let shown = session.preview(&session.relevant(&changed));
    (test, session, shown, before)
}

const WITH_PARTS: &str = "en-US/with-parts/index.html";

#[test]
fn preview_shows_a_body_edit_before_the_rebuild_which_then_writes_nothing_more_of_it() {
    let (test, session, shown, before) = previewed(memo_site(), |t| {
        edit(
            t,
            "content/en-US/with-parts.md",
            "# With parts\n",
            "# With parts\n\nMore text.\n",
        )
    });
    let shown = shown.expect("a body edit is previewed");
    // The English page and its stand-ins in the three other locales.
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert!(shown.contains(&WITH_PARTS.to_string()));
    let page = std::fs::read_to_string(test.out.join(WITH_PARTS)).expect("the page");
    assert!(page.contains("More text."), "the preview is served");
    // Nothing else moved yet.
    let now = tree(&test.out);
    let moved: Vec<_> = changes(&before, &now)
        .into_iter()
        .filter(|c| !shown.iter().any(|f| c.contains(f.as_str())))
        .collect();
    assert!(
        moved.is_empty(),
        "only the previewed files changed: {moved:?}"
    );
    let again = session.build();
    assert!(again.report.published.is_some());
    assert!(again.restored.is_empty());
    for file in &shown {
        assert!(
            !again.changes.written.contains(file),
            "the rebuild made {file} as the preview did"
        );
    }
    assert_same_as_full(&test);
}

#[test]
fn preview_leaves_front_matter_and_new_findings_to_the_rebuild() {
    let title = |t: &mut BookTest| {
        edit(
            t,
            "content/en-US/with-parts.md",
            "title: With parts",
            "title: With more parts",
        )
    };
    let (.., shown, _) = previewed(memo_site(), title);
    assert_eq!(
        shown, None,
        "a front matter edit changes listings: no preview"
    );
    // A broken link is a new finding of the page's render: the rebuild reports it.
    let link = |t: &mut BookTest| {
        edit(
            t,
            "content/en-US/with-parts.md",
            "# With parts\n",
            "# With parts\n\n[gone](no-such-page.md)\n",
        )
    };
    let (.., shown, _) = previewed(memo_site(), link);
    assert_eq!(shown, None, "an edit with a new finding: no preview");
}

#[test]
fn preview_is_put_back_when_the_rebuild_after_it_fails() {
    let mut test = memo_site();
    let config = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    test.write(
        "book.toml",
        format!("{config}\n[check.rules]\nstructure-missing = \"deny\"\n"),
    );
    // A heading the translations miss: the source page itself has no new finding, the build
    // is refused for its translations'.
    let (test, session, shown, before) = previewed(test, |t| {
        edit(
            t,
            "content/en-US/guide.md",
            "## Second part\n",
            "## Second part\n\n## Added\n",
        )
    });
    let shown = shown.expect("the source page is previewed");
    assert!(
        shown.contains(&"en-US/report-an-event/index.html".to_string()),
        "{shown:?}"
    );
    let again = session.build();
    assert!(again.report.published.is_none(), "the rebuild is refused");
    let mut restored = again.restored.clone();
    restored.sort();
    let mut shown = shown;
    shown.sort();
    assert_eq!(restored, shown, "every previewed file is put back");
    let differences = changes(&before, &tree(&test.out));
    assert!(
        differences.is_empty(),
        "the last good site is served again:\n{}",
        differences.join("\n")
    );
}

/// A message edit in `ar`'s `.ftl`, previewed for the pages in `open` as `tolk serve` does.
fn message_previewed(
    to: &str,
    open: &[&str],
) -> (
    BookTest,
    Session,
    Option<Vec<String>>,
    crate::support::book::Tree,
) {
    let mut test = memo_site();
    let (session, _, listed) = watched_session(&test);
    assert!(listed.report.published.is_some());
    let before = tree(&test.out);
    edit(&mut test, "locales/ar/site.ftl", "nav-guide = الدليل", to);
    let root = test.root.canonicalize().expect("the site's root");
    let changed = vec![root.join("locales/ar/site.ftl")];
    session.saw(&changed);
    let open: Vec<String> = open.iter().map(|s| s.to_string()).collect();
    let shown = session.preview_messages(&session.relevant(&changed), &open);
    (test, session, shown, before)
}

#[test]
fn preview_of_a_message_edit_renders_the_open_article_pages_and_the_rebuild_keeps_them() {
    let ar_page = "ar/with-parts/index.html";
    let open = [ar_page, WITH_PARTS, "ar/index.html"];
    let (test, session, shown, before) = message_previewed("nav-guide = دليل جديد", &open);
    // Only the open `ar` article page changes: the en-US page reads no `ar` message, and the
    // home page is left to the rebuild.
    let shown = shown.expect("a message edit is previewed");
    assert_eq!(shown, [ar_page]);
    let page = std::fs::read_to_string(test.out.join(ar_page)).expect("the page");
    assert!(page.contains("دليل جديد"), "the preview is served");
    let moved: Vec<_> = changes(&before, &tree(&test.out))
        .into_iter()
        .filter(|c| !c.contains(ar_page))
        .collect();
    assert!(
        moved.is_empty(),
        "only the previewed file changed: {moved:?}"
    );
    let again = session.build();
    assert!(again.report.published.is_some());
    assert!(again.restored.is_empty());
    assert!(
        !again.changes.written.contains(&ar_page.to_string()),
        "the rebuild made {ar_page} as the preview did"
    );
    assert!(
        again.changes.written.contains(&"ar/index.html".to_string()),
        "the rebuild renders the rest of the locale"
    );
    assert_same_as_full(&test);
}

#[test]
fn preview_leaves_a_message_file_that_does_not_parse_to_the_rebuild() {
    let (.., shown, _) = message_previewed("nav-guide = {", &["ar/with-parts/index.html"]);
    assert_eq!(shown, None);
}
