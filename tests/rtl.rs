//! Right-to-left locales: `<html dir="rtl">`, and Fluent's bidi isolation marks only in text.

use crate::support::repo;

const MARKS: [char; 2] = ['\u{2068}', '\u{2069}'];

#[test]
fn isolation_marks_stay_out_of_attributes_and_urls() {
    let fixture = repo().join("tests/fixtures/rtl");
    let site = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.unwrap();
        let target = site
            .path()
            .join(entry.path().strip_prefix(&fixture).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let english = repo().join("locales/en-US");
    for locale in ["en-US", "ar"] {
        let dir = site.path().join("locales").join(locale);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&english).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    // The copies are English (shown as such); the notice is translated, so it is Arabic text
    // with a placeable.
    let ar_site = site.path().join("locales/ar/site.ftl");
    let text = std::fs::read_to_string(&ar_site).unwrap();
    let start = text.find("\nnotice-untranslated = ").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    let notice =
        "notice-untranslated = لم تُترجم هذه الصفحة بعد، فهي معروضة بلغتها الأصلية ({ $language }).";
    std::fs::write(
        &ar_site,
        format!("{}{notice}{}", &text[..start], &text[end..]),
    )
    .unwrap();
    let options = tolk::site::BuildOptions {
        root: site.path().to_path_buf(),
        out: None,
        write: true,
        deny_warnings: false,
    };
    let report = tolk::site::build(&options);
    assert!(report.published.is_some(), "{:#?}", report.diagnostics);
    let out = site.path().join("book");
    let page = std::fs::read_to_string(out.join("ar/page/index.html")).unwrap();
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"), "{page}");
    assert!(
        page.contains("lang=\"en-US\" dir=\"ltr\""),
        "the English body keeps its direction"
    );
    assert!(
        page.contains('\u{2068}'),
        "the untranslated notice has a placeable, isolated in RTL text"
    );
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let path = entry.path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "xml" | "svg")
        ) {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for (value, _) in attribute_values(&text) {
            assert!(
                !value.contains(MARKS),
                "isolation mark in an attribute of {}: {value:?}",
                path.display()
            );
        }
    }
    assert!(files > 5);
}

/// Every double-quoted attribute value in markup (good enough for tolk's own output, which
/// always quotes attributes).
fn attribute_values(html: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut in_tag = false;
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'"' if in_tag && i > 0 && bytes[i - 1] == b'=' => {
                if let Some(end) = html[i + 1..].find('"') {
                    out.push((&html[i + 1..i + 1 + end], i));
                    i += end + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}
