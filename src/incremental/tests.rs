use super::*;

fn layout() -> Layout {
    let root = PathBuf::from("/site");
    Layout {
        content: root.join("content"),
        out: root.join("book"),
        form: root.join("form.yaml"),
        root,
    }
}

fn kind(path: &str) -> Change {
    classify(&layout(), Path::new(path))
}

#[test]
fn source_paths_are_classified_by_what_they_affect() {
    let content = |l: &str| Change::Content { locale: l.into() };
    let messages = |l: &str| Change::Messages { locale: l.into() };
    assert_eq!(kind("/site/content/nl-NL/a/b.md"), content("nl-NL"));
    assert_eq!(kind("/site/content/en-US/media/x.png"), content("en-US"));
    assert_eq!(kind("/site/locales/tr-TR/site.ftl"), messages("tr-TR"));
    for site_wide in [
        "/site/book.toml",
        "/site/form.yaml",
        "/site/templates/page.html",
        "/site/static/style.css",
        "/site/content",
    ] {
        assert_eq!(kind(site_wide), Change::Site, "{site_wide}");
    }
}

#[test]
fn output_staging_and_editor_files_are_ignored() {
    for ignored in [
        "/site/book/en-US/index.html",
        "/site/.book.staging-42/en-US/index.html",
        "/site/content/en-US/.page.md.swp",
        "/site/content/en-US/page.md~",
        "/site/content/en-US/.#page.md",
        "/site/content/en-US/#page.md#",
        "/site/content/en-US/4913",
        "/site/locales/nl-NL/notes.txt",
        "/site/README.md",
        "/elsewhere/x.md",
    ] {
        assert_eq!(kind(ignored), Change::Ignored, "{ignored}");
    }
}
