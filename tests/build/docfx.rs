//! Microsoft Docs Markdown end to end: the real corpus (`../shared/corpus/msdocs/`) built with
//! its extensions rendered, and include files kept out of the published pages.

use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::{browser_or_skip_with, screenshot_path, Viewport};
use crate::support::book::BookTest;
use crate::support::repo;
use std::path::Path;
use tolk::diagnostics::Severity;

/// The fixture `msdocs` with the corpus copied into `content/`.
fn corpus() -> BookTest {
    let corpus = repo().join("../shared/corpus/msdocs");
    let mut test = BookTest::fixture("msdocs");
    for entry in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
        let entry = entry.expect("read the corpus");
        let Ok(rel) = entry.path().strip_prefix(&corpus) else {
            continue;
        };
        if entry.file_type().is_file()
            && rel.extension().is_some_and(|e| e == "md")
            && rel.components().count() > 1
        {
            let bytes = std::fs::read(entry.path()).expect("read a corpus file");
            test.write(&format!("content/{}", rel.to_string_lossy()), bytes);
        }
    }
    test
}

/// The published HTML page whose text contains `needle` in `locale` (URLs are not asserted:
/// another change decides them).
fn page_with(test: &BookTest, locale: &str, needle: &str) -> String {
    let found: Vec<String> = test
        .output()
        .into_iter()
        .filter(|(path, _)| path.starts_with(&format!("{locale}/")) && path.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .filter(|html| html.contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "pages of {locale} with {needle:?}");
    found[0].clone()
}

/// Writes a stand-in for each image the build reports missing (the corpus has its articles,
/// not their media); returns how many.
fn stand_in_missing_images(test: &mut BookTest) -> usize {
    let missing: Vec<String> = test
        .report()
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| {
            let image = d
                .message
                .strip_prefix("image `")?
                .strip_suffix("` does not exist")?;
            let dir = Path::new(&d.path).parent()?;
            Some(dir.join(image).to_string_lossy().replace('\\', "/"))
        })
        .collect();
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"80\"><text x=\"10\" y=\"40\">stand-in image</text></svg>";
    for path in &missing {
        let bytes = if path.ends_with(".svg") { SVG } else { PNG };
        test.write(path, bytes);
    }
    missing.len()
}

/// The corpus built (missing images stood in for).
fn built_corpus() -> BookTest {
    let mut test = corpus();
    test.build();
    stand_in_missing_images(&mut test);
    test.build().assert_published();
    test
}

#[test]
fn msdocs_corpus_renders_its_extensions() {
    let mut test = corpus();
    test.build();
    let errors: Vec<String> = test
        .report()
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{}: {}", d.path.display(), d.line, d.message))
        .filter(|e| !e.contains("` does not exist"))
        .collect();
    // The duplicate `ms.custom` of an unmodified Microsoft file is no longer an error.
    assert_eq!(
        errors,
        Vec::<String>::new(),
        "errors other than missing images"
    );
    assert!(stand_in_missing_images(&mut test) >= 20);
    test.build().assert_published();
    test.expect(
        Severity::Warning,
        "content/en-US/app-service/scripts/powershell-backup-delete.md",
        12,
        "`ms.custom` is given twice",
    );
    let warnings = test.diagnostics_text();
    assert!(!warnings.contains("docfx syntax"), "{warnings}");

    for (locale, title) in [
        ("en-US", "Important"),
        ("nl-NL", "Belangrijk"),
        ("hu-HU", "Fontos"),
        ("tr-TR", "Önemli"),
    ] {
        let alert = format!("<div class=\"alert is-important\" role=\"note\">\n<p class=\"alert-title\">{title}</p>");
        let page = page_with(&test, locale, "alert is-important");
        assert!(page.contains(&alert), "{locale}: {page}");
        assert!(!page.contains("[!IMPORTANT]"), "{locale}");

        // The include (block) is inlined, with its own alert; the code file's lines are shown.
        let script = page_with(&test, locale, "language-powershell\"><mark");
        assert!(script.contains(
            "This stand-in include says the sample uses the Azure Az PowerShell module."
        ));
        assert!(
            !script.contains("[!INCLUDE") && !script.contains("[!code-"),
            "{locale}"
        );
        assert!(script.contains(
            "<code class=\"language-powershell\"><mark class=\"highlight\"># Stand-in script for the msdocs fixture (the corpus does not hold the original).</mark>\n\
             <mark class=\"highlight\">$resourceGroupName = &quot;myResourceGroup&quot;</mark>\n\
             $webappname = &quot;&lt;replace-with-your-app-name&gt;&quot;\n"
        ));
        assert!(script.contains("<mark class=\"highlight\"># Delete it.</mark>\n$backup | Remove-AzWebAppBackup -Force\n</code>"));
    }
    let shared = page_with(&test, "en-US", "responsibility zones");
    assert!(
        shared.contains("<figure class=\"image\"><img src=\""),
        "{shared}"
    );
    assert!(shared.contains("alt=\"Diagram showing responsibility zones.\""));
    assert!(!shared.contains(":::image"));

    // The include file is part of pages, never a page of its own.
    let output = test.output();
    assert!(
        output.keys().all(|k| !k.contains("updated-for-az")),
        "an include was published"
    );
    assert!(output
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("<title>include file")));
}

#[test]
fn include_files_are_not_pages() {
    let mut test = BookTest::fixture("small");
    test.write(
        "content/en-US/with-parts.md",
        "---\ntitle: With parts\ndescription: d\n---\n# With parts\n\n[!INCLUDE [p](part.md)]\n\n[!INCLUDE [q](includes/q.md)]\n",
    )
    .write("content/en-US/part.md", "Part text, no front matter.\n")
    .write("content/en-US/includes/q.md", "---\ntitle: Q\n---\nQ text.\n")
    .write("content/en-US/includes/unused.md", "not a page either\n");
    test.build().assert_published();
    let page = test.read("en-US/with-parts/index.html");
    assert!(
        page.contains("<p>Part text, no front matter.</p>\n<p>Q text.</p>"),
        "{page}"
    );
    let output = test.output();
    let html = output.keys().filter(|k| k.ends_with("index.html"));
    assert!(
        html.clone()
            .all(|k| !k.contains("/part/") && !k.contains("/q/") && !k.contains("unused")),
        "{:?}",
        html.collect::<Vec<_>>()
    );
}

/// Alerts, an include, a code snippet and an image as a reader sees them, on a desktop and a
/// phone, in three languages: no console error (the CSP holds), no sideways scrolling, axe clean.
#[test]
fn msdocs_extensions_are_clean_in_a_browser() {
    let test = built_corpus();
    let Some(axe) = Axe::load_or_skip() else {
        return;
    };
    let server = SiteServer::start(&test.out).expect("serve the corpus");
    let pages: Vec<(String, String)> = test
        .output()
        .into_iter()
        .filter(|(path, bytes)| {
            let html = String::from_utf8_lossy(bytes);
            let wanted = (path.starts_with("tr-TR/") && html.contains("alert is-important"))
                || (path.starts_with("nl-NL/") && html.contains("language-powershell\"><mark"))
                || (path.starts_with("en-US/") && html.contains("responsibility zones"));
            path.ends_with("index.html") && wanted
        })
        .map(|(path, _)| (path.replace('/', "-"), format!("/{path}")))
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    let mut problems = Vec::new();
    for (viewport, size) in [(Viewport::DESKTOP, "desktop"), (Viewport::PHONE, "phone")] {
        let Some(browser) = browser_or_skip_with(viewport) else {
            return;
        };
        for (name, path) in &pages {
            browser.goto(&server.url(path)).expect("open the page");
            for e in browser.take_errors().expect("console") {
                problems.push(format!("{size} {name}: console: {}", e.message));
            }
            let overflow = browser
                .execute(
                    "return document.documentElement.scrollWidth - window.innerWidth;",
                    &[],
                )
                .expect("measure");
            if overflow.as_i64().unwrap_or(0) > 0 {
                problems.push(format!(
                    "{size} {name}: {overflow} px wider than the window"
                ));
            }
            let context = serde_json::json!({ "include": [["html"]] });
            let options = serde_json::json!({ "resultTypes": ["violations"] });
            let violations = axe.run_with(&browser, context, options).expect("axe");
            if !violations.is_empty() {
                problems.push(format!(
                    "{size} {name}: axe:\n{}",
                    axe::describe(&violations)
                ));
            }
            let scroll = "const e = document.querySelector('.alert, pre.snippet, figure.image'); \
                          if (e) { e.scrollIntoView(); }";
            browser.execute(scroll, &[]).expect("scroll");
            browser
                .screenshot(&screenshot_path(&format!("docfx-{size}-{name}")))
                .expect("screenshot");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
