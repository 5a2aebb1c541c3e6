//! Adding a locale is adding files, not code (README, "Adding things"): a copy of the
//! repository's site with one more locale (a `[[locale]]` in book.toml, `content/<tag>/` and
//! `locales/<tag>/*.ftl`, nothing else) builds and follows every site rule. Tests that run on
//! the repository's own site derive its locales from book.toml, so the same change in the
//! repository keeps them green too.

use super::site_checks::Built;
use crate::support::BookTest;

/// The new locale: the first of these the repository does not have yet.
const CANDIDATES: [(&str, &str); 3] = [
    ("de-DE", "Deutsch"),
    ("fr-FR", "Français"),
    ("pl-PL", "Polski"),
];

/// The repository's site plus a locale it lacks (its tag is returned): its UI files start as
/// copies of the source locale's (as a translator's would), its pages are the source pages
/// marked as machine translations.
fn with_a_new_locale() -> (BookTest, &'static str) {
    let mut test = BookTest::repo_copy();
    let before = test.locales();
    let (tag, name) = CANDIDATES
        .into_iter()
        .find(|(tag, _)| !before.iter().any(|t| t == tag))
        .expect("a candidate the repository lacks");
    let source = test.config().source_locale.clone();
    let toml = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    // Appended: TOML adds it to the `locale` array, after the others, wherever it stands.
    let entry = format!("\n[[locale]]\ntag = \"{tag}\"\nname = \"{name}\"\n");
    test.write("book.toml", toml + &entry);
    for dir in ["locales", "content"] {
        let from = test.root.join(dir).join(&source);
        for entry in std::fs::read_dir(&from).expect("the source locale's folder") {
            let path = entry.expect("a readable folder").path();
            let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a text file");
            let text = text.replace(
                &format!("ms.contentlocale: {source}\n"),
                &format!("ms.contentlocale: {tag}\nms.translationtype: MT\n"),
            );
            test.write(&format!("{dir}/{tag}/{file}"), text);
        }
    }
    let after = test.locales();
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after.last().map(String::as_str), Some(tag));
    (test, tag)
}

#[test]
fn a_locale_added_with_files_only_builds_and_passes_every_site_check() {
    let (mut test, tag) = with_a_new_locale();
    test.build().assert_published();
    let built = Built::of(&test);
    built.assert_sound();
    for page in &built.content.pages {
        let html = test.read(&format!("{tag}/{}/index.html", page.slug));
        assert!(html.contains(&format!("lang=\"{tag}\"")), "{}", page.slug);
    }
    for rel in ["index.html", "ticket/index.html"] {
        test.read(&format!("{tag}/{rel}"));
    }
    let root = test.read("index.html");
    assert!(root.contains(&format!("hreflang=\"{tag}\"")), "{root}");
    let run = test.cli(&["check"]);
    run.assert_exit(0);
}
