//! Real documentation sets: the 56 Microsoft Docs files of `../shared/corpus/msdocs/` (14
//! articles × 4 locales, nested folders) built as a maintainer would, with `[links]` settings;
//! and a property test that, for random sets of pages, translations (asset ids in random case),
//! stand-ins and media, every output is written once and two builds are byte-identical.

use crate::support::book::BookTest;
use proptest::prelude::*;
use tolk::diagnostics::Severity::{Error, Warning};

const LOCALES: &str = r#"
[[locale]]
tag = "en-US"
name = "English"
[[locale]]
tag = "nl-NL"
name = "Nederlands"
[[locale]]
tag = "hu-HU"
name = "Magyar"
[[locale]]
tag = "tr-TR"
name = "Türkçe"
"#;

const IMPORT_SETTINGS: &str = r#"
[links]
absolute-base = "https://learn.microsoft.com/{locale-lower}"
broken = "warning"
missing-media = "warning"
"#;

/// The corpus beside the repository (`../shared/corpus/msdocs`), copied into the `msdocs` fixture;
/// `None` (after the skip rule: a failure under CI) when `../shared` is absent.
fn msdocs(links: &str) -> Option<BookTest> {
    let corpus = crate::support::shared("the msdocs corpus")?.join("corpus/msdocs");
    assert!(
        corpus.is_dir(),
        "the corpus is missing: {}",
        corpus.display()
    );
    // The fixture `msdocs` holds the files the corpus includes from outside its locale folders.
    let mut t = BookTest::fixture("msdocs");
    for l in ["en-US", "nl-NL", "hu-HU", "tr-TR"] {
        t.copy_in(&corpus.join(l), &format!("content/{l}"));
    }
    let toml = format!("[book]\ntitle = \"Azure security\"\n[site]\nbase-url = \"https://docs.example.test\"\nsource-locale = \"en-US\"\n{LOCALES}{links}");
    t.write("book.toml", toml);
    Some(t)
}

#[test]
fn msdocs_corpus_builds_with_import_settings() {
    let Some(mut t) = msdocs(IMPORT_SETTINGS) else {
        return;
    };
    t.check();
    assert!(
        !t.report().diagnostics.has_errors(),
        "{}",
        t.diagnostics_text()
    );
    // Site-absolute links are mapped, so none is reported.
    let text = t.diagnostics_text();
    assert!(!text.contains("site-absolute"), "{text}");
    // The set publishes, with every remaining problem a warning.
    t.write(
        "content/nl-NL/security/extra.md",
        "---\ntitle: Extra\ndescription: d\n---\n# Extra\n\nSee [the docs](/azure/security/).\n",
    );
    t.build().assert_published();
    let text = t.diagnostics_text();
    assert!(!text.contains("error:"), "{text}");
    // Links out of the set, each with its file and line.
    t.find(
        Warning,
        "content/en-US/security/fundamentals/tls-certificate-changes.md",
        26,
        "YAML landing pages",
    );
    assert!(
        text.contains("no such page in this documentation set"),
        "{text}"
    );
    // Folder URLs, one per locale.
    for l in ["en-US", "nl-NL", "hu-HU", "tr-TR"] {
        t.read(&format!("{l}/security/fundamentals/firmware/index.html"));
    }
    let extra = t.read("nl-NL/security/extra/index.html");
    assert!(extra.contains("href=\"https://learn.microsoft.com/nl-nl/azure/security/\""));
    navigation(&t);
}

fn navigation(t: &BookTest) {
    let page = t.read("nl-NL/security/fundamentals/firmware/index.html");
    // The sidebar marks the current page and holds only its branch.
    assert!(page.contains(
        "<a href=\"../../../../nl-NL/security/fundamentals/firmware/index.html\" aria-current=\"page\">"
    ));
    // A folder the Dutch TOC does not name keeps its English label, marked as English.
    assert!(page.contains(
        "<details open><summary><bdi lang=\"en-US\" dir=\"ltr\">Fundamentals</bdi></summary>"
    ));
    assert!(page.contains("class=\"breadcrumbs\""));
    assert!(page.contains("rel=\"prev\"") && page.contains("rel=\"next\""));
    // Labels are the locale's titles.
    assert!(page.contains(">Veilig opstarten met firmware-Azure-beveiliging</bdi></a>"));
    let toc = t.read("hu-HU/toc/index.html");
    let links = toc.matches("/security/fundamentals/").count();
    assert_eq!(
        links, 13,
        "every fundamentals article once in the full TOC:\n{toc}"
    );
    assert!(toc.contains("/app-service/scripts/powershell-backup-delete/index.html"));
}

#[test]
fn msdocs_links_are_errors_by_default() {
    let Some(mut t) = msdocs("") else {
        return;
    };
    t.check();
    t.expect(
        Error,
        "content/nl-NL/app-service/scripts/powershell-backup-delete.md",
        44,
        "site-absolute link `/powershell/module/az.websites/get-azwebappbackuplist`",
    );
    t.find(
        Error,
        "content/en-US/security/fundamentals/tls-certificate-changes.md",
        26,
        "YAML landing pages",
    );
    assert!(t.diagnostics_text().contains("error: link to `"));
}

#[test]
fn a_toc_file_orders_and_names_the_navigation() {
    let mut t = BookTest::fixture("small");
    t.write(
        "content/en-US/toc.yml",
        "- name: Start here\n  items:\n  - name: Only English\n    href: only-english.md\n  - name: The guide\n    href: guide.md\n",
    );
    t.write(
        "content/nl-NL/TOC.yml",
        "- name: Begin hier\n  items:\n  - name: Alleen Engels\n    href: only-english.md\n  - name: De gids\n    href: guide.md\n",
    );
    t.build().assert_published();
    let page = t.read("nl-NL/report-an-event/index.html");
    assert!(
        page.contains("<summary><bdi dir=\"auto\">Begin hier</bdi></summary>"),
        "{page}"
    );
    assert!(page.contains(">Alleen Engels</bdi></a>"));
    assert!(page.contains("rel=\"prev\" href=\"../../nl-NL/only-english/index.html\""));
}

/// The built-in templates' sidebar is written in Rust; a site's own `nav.html` gets the
/// entries through the macro: a copy of the built-in one builds the same bytes, and an edited
/// one shows its edit.
#[test]
fn a_sites_own_nav_template_is_used_and_the_built_in_sidebar_matches_it() {
    let mut t = BookTest::fixture("small");
    t.write(
        "content/en-US/toc.yml",
        "- name: Start <here>\n  items:\n  - name: Only English\n    href: only-english.md\n  - name: The guide\n    href: guide.md\n",
    );
    t.build().assert_published();
    let pages = [
        "nl-NL/report-an-event/index.html",
        "ar/only-english/index.html",
    ];
    let built_in: Vec<String> = pages.iter().map(|p| t.read(p)).collect();
    assert!(
        built_in[0].contains("Start &lt;here&gt;"),
        "{}",
        built_in[0]
    );
    let nav = std::fs::read_to_string(crate::support::repo().join("templates/nav.html"))
        .expect("templates/nav.html");
    t.write("templates/nav.html", &nav);
    t.build().assert_published();
    for (page, before) in pages.iter().zip(&built_in) {
        assert_eq!(&t.read(page), before, "{page}");
    }
    t.write(
        "templates/nav.html",
        nav.replace("<ul>", "<ul class=\"mine\">"),
    );
    t.build().assert_published();
    assert!(t.read(pages[0]).contains("<ul class=\"mine\">"));
}

/// The sitemap is written in Rust while `sitemap.xml` is the built-in template, and by tera
/// from a site's own: a copy of the built-in one gives the same bytes, an edited one its edit.
#[test]
fn a_sites_own_sitemap_template_is_used_and_the_built_in_sitemap_matches_it() {
    let mut t = BookTest::fixture("small");
    t.build().assert_published();
    let built_in = t.read("sitemap.xml");
    assert!(
        built_in.contains("<xhtml:link rel=\"alternate\""),
        "{built_in}"
    );
    let sitemap = std::fs::read_to_string(crate::support::repo().join("templates/sitemap.xml"))
        .expect("templates/sitemap.xml");
    t.write("templates/sitemap.xml", &sitemap);
    t.build().assert_published();
    assert_eq!(t.read("sitemap.xml"), built_in);
    t.write(
        "templates/sitemap.xml",
        sitemap.replace("<url>\n<loc>", "<url>\n<!-- mine --><loc>"),
    );
    t.build().assert_published();
    assert!(t.read("sitemap.xml").contains("<!-- mine --><loc>"));
}

/// One generated page: folder, file name, optional `slug:`, whether it has a Dutch
/// translation, the case of that translation's asset id, and whether it shows an image.
#[derive(Debug, Clone)]
struct GenPage {
    folder: &'static str,
    name: &'static str,
    slug: Option<&'static str>,
    translated: bool,
    upper_id: bool,
    image: bool,
}

fn gen_page() -> impl Strategy<Value = GenPage> {
    (
        prop::sample::select(vec!["", "a/", "a/b/", "c/"]),
        prop::sample::select(vec!["one", "two", "three"]),
        prop::option::weighted(0.2, prop::sample::select(vec!["x", "y"])),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(folder, name, slug, translated, upper_id, image)| GenPage {
                folder,
                name,
                slug,
                translated,
                upper_id,
                image,
            },
        )
}

fn write_set(t: &mut BookTest, pages: &[GenPage]) {
    t.write(
        "book.toml",
        "[site]\nsource-locale = \"en-US\"\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n[[locale]]\ntag = \"nl-NL\"\nname = \"Nederlands\"\n",
    );
    let png = crate::support::repo().join("tests/fixtures/small/content/en-US/media/diagram.png");
    t.write(
        "content/en-US/media/pic.png",
        std::fs::read(png).expect("the fixture's PNG"),
    );
    for (i, p) in pages.iter().enumerate() {
        let id = format!("0000000{i}-aaaa-bbbb-cccc-ddddeeeeffff");
        let slug = p.slug.map_or(String::new(), |s| format!("slug: {s}\n"));
        let depth = p.folder.matches('/').count();
        let image = if p.image {
            format!("![pic]({}media/pic.png)\n", "../".repeat(depth))
        } else {
            String::new()
        };
        let path = format!("{}{}.md", p.folder, p.name);
        t.write(
            &format!("content/en-US/{path}"),
            format!("---\ntitle: EN {i}\ndescription: d\nms.assetid: {id}\n{slug}---\n# EN {i}\n\n{image}"),
        );
        if p.translated {
            let id = if p.upper_id { id.to_uppercase() } else { id };
            t.write(
                &format!("content/nl-NL/{path}"),
                format!("---\ntitle: NL {i}\ndescription: d\nms.assetid: {id}\n---\n# NL {i}\n\n{image}"),
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_output_once_and_builds_identical(pages in prop::collection::vec(gen_page(), 1..6)) {
        // One page per file: a second page of the same file name in the same folder is dropped.
        let mut files = std::collections::BTreeSet::new();
        let pages: Vec<GenPage> = pages.into_iter().filter(|p| files.insert((p.folder, p.name))).collect();
        let mut t = BookTest::blank();
        write_set(&mut t, &pages);
        t.build();
        let report = t.report();
        let text = t.diagnostics_text();
        prop_assert!(!text.contains("internal error"), "{}", text);
        // A clash exists only where two different files ask for one path (same folder, same
        // `slug:` or file name); case differences in asset ids must never cause one.
        let mut paths: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for p in &pages {
            let path = format!("{}{}", p.folder, p.slug.unwrap_or(p.name));
            paths.entry(path).or_default().insert(format!("{}{}", p.folder, p.name));
        }
        let clash = paths.values().any(|files| files.len() > 1);
        prop_assert_eq!(report.diagnostics.has_errors(), clash, "{}", text);
        if clash {
            prop_assert!(text.contains("also used by"), "{}", text);
            return Ok(());
        }
        let first = t.output();
        // Each page's file holds that page: its translation where there is one, else the
        // English stand-in; never a mix.
        for (i, p) in pages.iter().enumerate() {
            let slug = p.slug.unwrap_or(p.name);
            let dir = format!("{}{}", p.folder, slug);
            let nl = String::from_utf8(first[&format!("nl-NL/{dir}/index.html")].clone()).unwrap();
            let want = if p.translated { format!("NL {i}") } else { format!("EN {i}") };
            prop_assert!(nl.contains("<h1 id=") && nl.contains(&want), "{} lacks {}", dir, want);
            prop_assert_eq!(nl.matches("</html>").count(), 1);
        }
        t.build();
        prop_assert!(t.output() == first, "two builds differ");
    }
}

/// The corpus in Chromium at desktop and phone size, and the `small` fixture's right-to-left
/// locale: sidebar, breadcrumbs and previous/next without console errors, overflow or axe
/// violations. Screenshots: `target/screenshots/docsets-*.png`.
#[test]
fn docsets_in_browser_desktop_and_phone() -> crate::browser::webdriver::Result<()> {
    use crate::browser::axe::Axe;
    use crate::browser::server::SiteServer;
    use crate::browser::{browser_or_skip_with, screenshot_path, Viewport};
    let Some(mut corpus) = msdocs(IMPORT_SETTINGS) else {
        return Ok(());
    };
    corpus.build().assert_published();
    let mut rtl = BookTest::fixture("small");
    rtl.build().assert_published();
    let Some(axe) = Axe::load_or_skip() else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for (size, viewport) in [("desktop", Viewport::DESKTOP), ("phone", Viewport::PHONE)] {
        let Some(browser) = browser_or_skip_with(viewport) else {
            return Ok(());
        };
        for (test, path, name) in [
            (
                &corpus,
                "/nl-NL/security/fundamentals/firmware/",
                "nl-firmware",
            ),
            (&corpus, "/tr-TR/toc/", "tr-toc"),
            (&rtl, "/ar/report-an-event/", "ar-guide"),
        ] {
            let built = super::site_checks::Built::of(test);
            let server = SiteServer::start(&test.out).expect("serve");
            browser.goto(&server.url(path))?;
            super::in_browser::settle(&browser)?;
            problems.extend(super::in_browser::problems_here(
                &browser,
                &built,
                Some(&axe),
                name,
            )?);
            browser.screenshot(&screenshot_path(&format!("docsets-{size}-{name}")))?;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
