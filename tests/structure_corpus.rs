//! The structure check (`tolk::check::{outline, compare}`) over the msdocs corpus in
//! `../shared/corpus/msdocs` (14 Microsoft Docs articles, en-US against their nl-NL, hu-HU and
//! tr-TR machine translations), snapshotted: real defects, found on real pages, at their lines.
//! The corpus lives beside the repository, not in it; when it is absent the test is a skip (a
//! failure under CI).

use crate::support::shared;
use std::path::{Path, PathBuf};
use tolk::check::{compare, outline};
use tolk::content::SourceText;
use tolk::diagnostics::Diagnostics;

const TRANSLATIONS: [&str; 3] = ["nl-NL", "hu-HU", "tr-TR"];

/// The structure findings of `translation` against `source`, as the CLI prints their first line.
fn findings(source: &str, translation: &str, path: &str) -> Vec<String> {
    let split = |text: &str| {
        let mut warnings = Diagnostics::new();
        match SourceText::parse(text.as_bytes().to_vec(), Path::new(path), &mut warnings) {
            Ok(parsed) => (parsed.body().to_string(), parsed.body_line),
            Err(_) => (text.to_string(), 1),
        }
    };
    let ((src_body, src_line), (tr_body, tr_line)) = (split(source), split(translation));
    let found = compare(
        &outline(&src_body, src_line),
        &outline(&tr_body, tr_line),
        Path::new(path),
        translation,
    );
    found
        .iter()
        .map(|d| d.to_string().lines().next().unwrap_or_default().to_string())
        .collect()
}

/// The articles of the source locale, as paths below its folder, sorted.
fn articles(source: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(source)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", source.display())))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(source).expect("below").to_path_buf())
        .collect();
    found.sort();
    found
}

#[test]
fn msdocs_corpus_findings() {
    let Some(shared) = shared("the structure check on the msdocs corpus") else {
        return;
    };
    let root = shared.join("corpus/msdocs");
    let articles = articles(&root.join("en-US"));
    assert_eq!(articles.len(), 14, "{}", root.display());
    let read = |locale: &str, article: &Path| {
        let path = root.join(locale).join(article);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let mut report = Vec::new();
    for article in &articles {
        let source = read("en-US", article);
        for locale in TRANSLATIONS {
            let path = format!("{locale}/{}", article.display());
            report.extend(findings(&source, &read(locale, article), &path));
        }
    }
    insta::assert_snapshot!(report.join("\n"));
}
