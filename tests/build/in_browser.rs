//! The repository's own site in headless Chromium, served with the strict CSP of
//! `browser::server`: every page loads without a console error (CSP violations are SEVERE
//! entries), passes axe, fits a phone's width; the root page sends each reader to the locale
//! fluent-langneg would pick for their browser's languages, and a language picked in the
//! switcher wins on the next visit. Screenshots land in `target/screenshots/site-*.png`.

use super::site_checks::Built;
use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::webdriver::{LogEntry, Result};
use crate::browser::{
    browser_or_skip_in, browser_or_skip_with, screenshot_path, Browser, Viewport,
};
use crate::support::BookTest;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// The repository's site, built and served (tests on it derive locales from its book.toml).
fn serve_repo_site() -> (BookTest, Built, SiteServer) {
    serve(BookTest::repo_site())
}

/// The fixture `small` (en-US, nl-NL, tr-TR, ar), built and served, for tests that name locales.
fn serve_small() -> (BookTest, Built, SiteServer) {
    serve(BookTest::fixture("small"))
}

fn serve(mut test: BookTest) -> (BookTest, Built, SiteServer) {
    test.build().assert_published();
    let built = Built::of(&test);
    let server = SiteServer::start(&test.out).expect("serve the built site");
    (test, built, server)
}

/// (screenshot name, URL path, run axe): the root, each locale's home, articles and status.
fn pages(built: &Built) -> Vec<(String, String, bool)> {
    let mut out = vec![("root".to_string(), "/".to_string(), false)];
    let slugs: std::collections::BTreeSet<&str> = built
        .content
        .pages
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    for locale in &built.config.locales {
        let tag = &locale.tag;
        out.push((format!("{tag}-home"), format!("/{tag}/"), true));
        for slug in &slugs {
            out.push((format!("{tag}-{slug}"), format!("/{tag}/{slug}/"), true));
        }
        if built
            .files
            .contains_key(&format!("{tag}/status/index.html"))
        {
            out.push((format!("{tag}-status"), format!("/{tag}/status/"), true));
        }
    }
    out
}

/// Waits until the page has loaded and stopped navigating (the root page redirects).
pub(super) fn settle(browser: &Browser) -> Result<String> {
    let mut last = String::new();
    browser.wait_for("the page to settle", WAIT, |b| {
        let state = b.execute("return document.readyState;", &[])?;
        let url = b.current_url()?;
        let stable = state == "complete" && url == last;
        last = url.clone();
        Ok(stable.then_some(url))
    })
}

/// Console errors of the current page (console errors, CSP violations, failed loads).
fn take_errors(browser: &Browser, _built: &Built) -> Result<Vec<LogEntry>> {
    browser.take_errors()
}

/// Problems a reader would see on the current page (console errors, a page wider than the
/// window, axe violations).
pub(super) fn problems_here(
    browser: &Browser,
    built: &Built,
    axe: Option<&Axe>,
    name: &str,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in take_errors(browser, built)? {
        out.push(format!("{name}: console {}: {}", e.source, e.message));
    }
    let overflow = browser.execute(
        "return document.documentElement.scrollWidth - window.innerWidth;",
        &[],
    )?;
    if overflow.as_i64().unwrap_or(0) > 0 {
        out.push(format!("{name}: {overflow} px wider than the window"));
    }
    if let Some(axe) = axe {
        let violations = axe.run(browser)?;
        if !violations.is_empty() {
            out.push(format!("{name}: axe:\n{}", axe::describe(&violations)));
        }
    }
    Ok(out)
}

fn visit_all(viewport: Viewport, size: &str) -> Result<()> {
    let (_test, built, server) = serve_repo_site();
    let Some(axe) = Axe::load_or_skip() else {
        return Ok(());
    };
    let Some(browser) = browser_or_skip_in(viewport, &["en-US", "en"]) else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for (name, path, run_axe) in pages(&built) {
        browser.goto(&server.url(&path))?;
        let url = settle(&browser)?;
        if path == "/" {
            assert_eq!(
                url,
                server.url("/en-US/index.html"),
                "an English browser lands on en-US"
            );
        }
        problems.extend(problems_here(
            &browser,
            &built,
            run_axe.then_some(&axe),
            &name,
        )?);
        browser.screenshot(&screenshot_path(&format!("site-{size}-{name}")))?;
        if run_axe && name.contains(&built.content.pages[0].slug) {
            // Further down the article: the chart, the steps, the footer.
            let chart = "const i = document.querySelector('.article-body img'); \
                         if (i) { i.scrollIntoView(); } return !!i;";
            if browser.execute(chart, &[])? == serde_json::json!(true) {
                browser.screenshot(&screenshot_path(&format!("site-{size}-{name}-chart")))?;
            }
            browser.execute("window.scrollTo(0, document.body.scrollHeight / 2);", &[])?;
            browser.screenshot(&screenshot_path(&format!("site-{size}-{name}-middle")))?;
            browser.execute("window.scrollTo(0, document.body.scrollHeight);", &[])?;
            browser.screenshot(&screenshot_path(&format!("site-{size}-{name}-end")))?;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[test]
fn repo_site_is_clean_on_a_desktop() -> Result<()> {
    visit_all(Viewport::DESKTOP, "desktop")
}

#[test]
fn repo_site_is_clean_on_a_phone() -> Result<()> {
    visit_all(Viewport::PHONE, "phone")
}

/// The locale fluent-langneg picks for `requested` among the site's locales.
fn negotiated(built: &Built, requested: &[&str]) -> String {
    use fluent_langneg::{negotiate_languages, LanguageIdentifier, NegotiationStrategy};
    let parse = |t: &str| t.parse::<LanguageIdentifier>().ok();
    let requested: Vec<LanguageIdentifier> = requested.iter().filter_map(|t| parse(t)).collect();
    let available: Vec<LanguageIdentifier> = built
        .config
        .locales
        .iter()
        .filter_map(|l| parse(&l.tag))
        .collect();
    let default = parse(&built.config.source_locale);
    negotiate_languages(
        &requested,
        &available,
        default.as_ref(),
        NegotiationStrategy::Filtering,
    )
    .first()
    .map(|l| l.to_string())
    .expect("the default at least")
}

#[test]
fn root_page_sends_each_reader_to_their_language() -> Result<()> {
    let (_test, built, server) = serve_small();
    let cases: [&[&str]; 5] = [
        &["tr-TR", "tr"],
        &["ar-EG"],
        &["nl-BE", "fr-BE"],
        &["de-DE", "de"],
        &["en-GB", "en"],
    ];
    let mut landed = Vec::new();
    for languages in cases {
        let Some(browser) = browser_or_skip_in(Viewport::DESKTOP, languages) else {
            return Ok(());
        };
        let seen = browser.execute("return navigator.languages;", &[])?;
        assert_eq!(
            seen,
            serde_json::json!(languages),
            "the launch option took effect"
        );
        browser.goto(&server.url("/"))?;
        let url = settle(&browser)?;
        let want = negotiated(&built, languages);
        let home = format!("/{want}/index.html");
        assert_eq!(url, server.url(&home), "for {languages:?}");
        assert_eq!(take_errors(&browser, &built)?, []);
        landed.push(want);
    }
    // The cases cover more than one outcome (the default included).
    assert_eq!(landed, ["tr-TR", "ar", "nl-NL", "en-US", "en-US"]);
    Ok(())
}

#[test]
fn a_language_chosen_in_the_switcher_wins_on_the_next_visit() -> Result<()> {
    let (_test, built, server) = serve_small();
    let Some(browser) = browser_or_skip_in(Viewport::DESKTOP, &["tr-TR", "tr"]) else {
        return Ok(());
    };
    let slug = built.content.pages[0].slug.clone();
    browser.goto(&server.url("/"))?;
    assert_eq!(settle(&browser)?, server.url("/tr-TR/index.html"));
    browser.goto(&server.url(&format!("/tr-TR/{slug}/")))?;
    settle(&browser)?;
    browser
        .find(".lang-switch a[data-tolk-locale=\"nl-NL\"]")?
        .click()?;
    let url = settle(&browser)?;
    assert_eq!(
        url,
        server.url(&format!("/nl-NL/{slug}/index.html")),
        "same page, other language"
    );
    browser.goto(&server.url("/"))?;
    assert_eq!(
        settle(&browser)?,
        server.url("/nl-NL/index.html"),
        "the choice beats navigator.languages"
    );
    browser.screenshot(&screenshot_path("site-remembered-choice"))?;
    assert_eq!(take_errors(&browser, &built)?, []);
    Ok(())
}

/// A stored choice that is no site locale is ignored; the 404 page lists every language.
#[test]
fn unknown_stored_choice_is_ignored_and_404_lists_every_language() -> Result<()> {
    let (_test, built, server) = serve_repo_site();
    let Some(browser) = browser_or_skip_with(Viewport::PHONE) else {
        return Ok(());
    };
    // A stored choice that is not a site locale is ignored; Chromium's default language is
    // English, so the reader still lands on en-US, and the list is on the page it left.
    browser.goto(&server.url("/404.html"))?;
    browser.execute("localStorage.setItem('tolk-locale', 'xx-XX');", &[])?;
    browser.goto(&server.url("/"))?;
    let url = settle(&browser)?;
    assert_eq!(
        url,
        server.url(&format!("/{}/index.html", built.config.source_locale))
    );
    browser.goto(&server.url("/404.html"))?;
    settle(&browser)?;
    let links = browser.find_all(".language-list a")?;
    assert_eq!(links.len(), built.config.locales.len());
    browser.screenshot(&screenshot_path("site-phone-404"))?;
    assert_eq!(take_errors(&browser, &built)?, []);
    Ok(())
}

/// Opened from disk (`file://.../book/index.html`, as the README suggests), the root page sends
/// the reader to a page, not a folder listing, and the switcher, the home's article links and
/// the header links all lead to pages too.
#[test]
fn the_built_site_works_from_the_file_system() -> Result<()> {
    let mut test = BookTest::repo_site();
    test.build().assert_published();
    let built = Built::of(&test);
    let Some(browser) = browser_or_skip_in(Viewport::DESKTOP, &["en-US", "en"]) else {
        return Ok(());
    };
    let out = test.out.canonicalize().expect("the output folder");
    let file_url = |rel: &str| format!("file://{}/{rel}", out.display());
    browser.goto(&file_url("index.html"))?;
    assert_eq!(settle(&browser)?, file_url("en-US/index.html"));
    let is_page = |what: &str| -> Result<()> {
        let url = settle(&browser)?;
        let found = browser.execute("return !!document.querySelector('main#main');", &[])?;
        assert_eq!(
            found,
            serde_json::json!(true),
            "{what}: {url} is not a page"
        );
        Ok(())
    };
    is_page("the English home")?;
    browser
        .find(".lang-switch a[data-tolk-locale=\"nl-NL\"]")?
        .click()?;
    is_page("the switcher")?;
    assert_eq!(browser.current_url()?, file_url("nl-NL/index.html"));
    browser.find(".cards a")?.click()?;
    is_page("an article from the home")?;
    let slug = &built.content.pages[0].slug;
    assert!(
        built.content.pages.iter().any(|p| browser
            .current_url()
            .is_ok_and(|u| u == file_url(&format!("nl-NL/{}/index.html", p.slug)))),
        "an article link leads to an article ({slug}, ...)"
    );
    browser.find(".site-nav a:nth-child(2)")?.click()?;
    is_page("the form link")?;
    assert_eq!(browser.current_url()?, file_url("nl-NL/ticket/index.html"));
    browser.find(".site-footer a")?.click()?;
    is_page("the status link")?;
    assert_eq!(browser.current_url()?, file_url("nl-NL/status/index.html"));
    Ok(())
}
