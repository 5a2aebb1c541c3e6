//! Site search in headless Chromium, on the fixture `search` (tests/fixtures/search/README.md),
//! served with the strict CSP: in each locale a query finds the right page of that locale
//! (a Turkish query typed with `I`, a Hungarian inflected form, a Dutch compound's part), an
//! English stand-in is found and marked, the keys work, axe finds nothing with the results open
//! and the console stays clean. Screenshots: `target/screenshots/search-*.png`.

use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::webdriver::Result;
use crate::browser::{browser_or_skip_in, screenshot_path, Browser, Viewport};
use crate::support::BookTest;
use serde::Deserialize;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

/// One result as the reader sees it.
#[derive(Debug, Deserialize)]
struct Hit {
    href: String,
    title: String,
    /// The title's `lang` (set on a page in another language than the site's).
    lang: String,
    /// The language label's text, if any.
    label: String,
    crumb: String,
    marks: Vec<String>,
}

const READ_RESULTS: &str = r#"
var list = document.getElementById('site-search-results');
var status = document.getElementById('site-search-status').textContent;
if (!status) return null;
return { status: status, hits: Array.from(list.querySelectorAll('a')).map(function (a) {
  var label = a.querySelector('.search-lang');
  return { href: a.getAttribute('href'), title: a.querySelector('.search-title').textContent,
    lang: a.querySelector('.search-title').lang, label: label ? label.textContent : '',
    crumb: a.querySelector('.search-crumb').textContent,
    marks: Array.from(a.querySelectorAll('mark'), function (m) { return m.textContent; }) };
}) };
"#;

/// Types `query` into the box (after clearing it) and returns the status line and the hits.
fn search(browser: &Browser, query: &str) -> Result<(String, Vec<Hit>)> {
    let input = browser.find("#site-search-input")?;
    input.clear()?;
    browser.execute(
        "document.getElementById('site-search-status').textContent = '';",
        &[],
    )?;
    input.send_keys(query)?;
    browser.wait_for(&format!("results for {query:?}"), WAIT, |b| {
        let v = b.execute(READ_RESULTS, &[])?;
        if v.is_null() {
            return Ok(None);
        }
        let status = v["status"].as_str().unwrap_or_default().to_string();
        let hits: Vec<Hit> = serde_json::from_value(v["hits"].clone()).unwrap_or_default();
        Ok(Some((status, hits)))
    })
}

fn open(browser: &Browser, server: &SiteServer, locale: &str) -> Result<()> {
    browser.goto(&server.url(&format!("/{locale}/")))?;
    browser.wait_for("the search box", WAIT, |b| {
        Ok(b.find("[data-tolk-search]")?.is_displayed()?.then_some(()))
    })
}

fn assert_clean(browser: &Browser, axe: &Axe, name: &str) -> Result<()> {
    browser.screenshot(&screenshot_path(&format!("search-{name}")))?;
    let violations = axe.run(browser)?;
    assert!(
        violations.is_empty(),
        "{name}: axe:\n{}",
        axe::describe(&violations)
    );
    assert_eq!(browser.take_errors()?, [], "{name}: console errors");
    Ok(())
}

fn setup() -> Option<(BookTest, SiteServer, Axe, Browser)> {
    let mut test = BookTest::fixture("search");
    test.build().assert_published();
    let server = SiteServer::start(&test.out).expect("serve the built site");
    let axe = Axe::load_or_skip()?;
    let browser = browser_or_skip_in(Viewport::DESKTOP, &["en-US", "en"])?;
    Some((test, server, axe, browser))
}

#[test]
fn each_locale_finds_its_own_pages() -> Result<()> {
    let Some((_test, server, axe, browser)) = setup() else {
        return Ok(());
    };
    // Turkish: typed with a dotless capital I, the page writes `kırmızı ışık`.
    open(&browser, &server, "tr-TR")?;
    let (status, hits) = search(&browser, "KIRMIZI IŞIK")?;
    assert_eq!(status, "1 sonuç");
    assert_eq!(hits[0].href, "../tr-TR/firewall/index.html");
    assert_eq!(hits[0].marks, ["Kırmızı", "ışık"]);
    assert_eq!(hits[0].crumb, "Kılavuz");
    assert_clean(&browser, &axe, "tr-TR")?;
    // Hungarian: a form of `tűzfal` the site never writes.
    open(&browser, &server, "hu-HU")?;
    let (_, hits) = search(&browser, "tűzfalakat")?;
    assert_eq!(hits[0].href, "../hu-HU/firewall/index.html");
    assert_eq!(hits[0].title, "A tűzfal beállítása");
    assert_clean(&browser, &axe, "hu-HU")?;
    // Dutch: `beheerder` finds the page that only has it inside `wachtwoordbeheerder`.
    open(&browser, &server, "nl-NL")?;
    let (status, hits) = search(&browser, "beheerder")?;
    let firewall = hits
        .iter()
        .find(|h| h.href == "../nl-NL/firewall/index.html")
        .unwrap_or_else(|| panic!("the compound's page among {hits:?}"));
    assert!(firewall.marks.iter().any(|m| m == "wachtwoordbeheerder"));
    assert_eq!(status, format!("{} resultaten", hits.len()));
    assert!(hits.iter().all(|h| h.href.starts_with("../nl-NL/")));
    assert_clean(&browser, &axe, "nl-NL")?;
    // English: the ticket form is found by its title; a word found nowhere says so.
    open(&browser, &server, "en-US")?;
    let (status, hits) = search(&browser, "ticket")?;
    assert_eq!(status, "1 result");
    assert_eq!(hits[0].href, "../en-US/ticket/index.html");
    let (status, hits) = search(&browser, "zebra")?;
    assert_eq!((status.as_str(), hits.len()), ("No results", 0));
    assert_clean(&browser, &axe, "en-US")?;
    Ok(())
}

#[test]
fn a_stand_in_page_is_found_and_marked_english() -> Result<()> {
    let Some((_test, server, axe, browser)) = setup() else {
        return Ok(());
    };
    for (locale, label) in [
        ("nl-NL", "Engels"),
        ("hu-HU", "angol"),
        ("tr-TR", "İngilizce"),
    ] {
        open(&browser, &server, locale)?;
        let (_, hits) = search(&browser, "password manager")?;
        let hit = &hits[0];
        assert_eq!(hit.href, format!("../{locale}/password-manager/index.html"));
        assert_eq!((hit.lang.as_str(), hit.label.as_str()), ("en-US", label));
        assert!(hit.marks.iter().any(|m| m == "password"), "{hit:?}");
        assert_clean(&browser, &axe, &format!("{locale}-stand-in"))?;
    }
    Ok(())
}

#[test]
fn keys_focus_move_and_open() -> Result<()> {
    let Some((_test, server, _axe, browser)) = setup() else {
        return Ok(());
    };
    open(&browser, &server, "en-US")?;
    browser.find("main")?.click()?;
    browser.find("body")?.send_keys("/")?;
    let active = browser.active_element()?;
    assert!(active.same_as(&browser.find("#site-search-input")?));
    let (_, hits) = search(&browser, "administrator")?;
    assert!(hits.len() >= 2, "{hits:?}");
    browser.active_element()?.send_keys(ARROW_DOWN)?;
    browser.active_element()?.send_keys(ARROW_DOWN)?;
    let second = browser.active_element()?.attribute("href")?;
    assert_eq!(second.as_deref(), Some(hits[1].href.as_str()));
    browser.active_element()?.send_keys(ENTER)?;
    let target = hits[1].href.trim_start_matches("../").to_string();
    browser.wait_for("the second result's page", WAIT, |b| {
        Ok(b.current_url()?.ends_with(&target).then_some(()))
    })?;
    assert_eq!(browser.take_errors()?, []);
    Ok(())
}

#[test]
fn without_javascript_the_box_stays_hidden() {
    let mut test = BookTest::fixture("search");
    test.build().assert_published();
    let html = test.read("nl-NL/index.html");
    let tag = html
        .split("<div class=\"site-search\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("the search box");
    assert!(tag.ends_with(" hidden"), "{tag}");
    assert!(html.contains("placeholder=\"Zoeken\""));
    assert!(test.output().contains_key("search/nl-NL/meta.json"));
}
