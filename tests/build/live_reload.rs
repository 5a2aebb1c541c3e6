//! `tolk serve`'s live reload in headless Chromium, against the real binary on a copy of the
//! repository's site: a page edited on disk shows its new text without the test reloading; a
//! stylesheet edit is swapped in without a reload; broken front matter shows the overlay with
//! the file and line in the page's language, and the fix removes it; an `.ftl` edit updates
//! the page's chrome. Every page stays free of console errors and CSP violations.

use super::serve::served_url;
use crate::browser::webdriver::Result;
use crate::browser::{browser_or_skip, Browser};
use crate::support::BookTest;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);
const PAGE: &str = "content/en-US/event-support-ticket.md";
const PAGE_URL: &str = "en-US/how-to-log-a-security-event-support-ticket/";
const NL_PAGE_URL: &str = "nl-NL/how-to-log-a-security-event-support-ticket/";

/// `tolk serve` running on an editable copy of the repository's site; stopped on drop.
struct Served {
    test: BookTest,
    child: Child,
    url: String,
}

impl Served {
    fn start() -> Served {
        let test = BookTest::repo_copy();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
            .args(["serve", "--port", "0", "--quiet", "--root"])
            .arg(&test.root)
            .arg("--out")
            .arg(&test.out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tolk serve");
        let url = served_url(&mut child);
        Served { test, child, url }
    }

    /// Replaces the first `from` in a site file with `to`, as an editor saving it would.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.test.root.join(rel);
        let text = std::fs::read_to_string(&path).expect("read a site file");
        assert!(text.contains(from), "{rel} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("save a site file");
    }

    /// Opens `path` and waits until the page listens for rebuilds.
    fn open(&self, browser: &Browser, path: &str) -> Result<()> {
        browser.goto(&format!("{}{path}", self.url))?;
        browser.wait_for("the live-reload stream", WAIT, |b| {
            let live = b.execute(
                "return document.documentElement.hasAttribute('data-tolk-live')",
                &[],
            )?;
            Ok((live == Value::Bool(true)).then_some(()))
        })
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the page's text contains (or, with `present` false, lacks) `needle`.
fn wait_for_body(browser: &Browser, needle: &str, present: bool) -> Result<()> {
    browser.wait_for(&format!("{needle:?} on the page"), WAIT, |b| {
        let text = b.execute("return document.body.textContent", &[])?;
        let has = text.as_str().unwrap_or("").contains(needle);
        Ok((has == present).then_some(()))
    })
}

/// Marks the current document, to tell later whether it was reloaded.
fn mark(browser: &Browser) -> Result<()> {
    browser.execute("window.tolkTestMark = 1", &[])?;
    Ok(())
}

fn still_marked(browser: &Browser) -> Result<bool> {
    Ok(browser.execute("return window.tolkTestMark === 1", &[])? == Value::Bool(true))
}

#[test]
fn an_edited_page_updates_itself() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let served = Served::start();
    served.open(&browser, PAGE_URL)?;
    mark(&browser)?;
    served.edit(PAGE, "sign in with", "sign in right away with");
    wait_for_body(&browser, "sign in right away with", true)?;
    assert!(!still_marked(&browser)?, "the page reloaded itself");
    assert_eq!(browser.take_errors()?, []);
    Ok(())
}

#[test]
fn a_stylesheet_edit_is_swapped_in_without_a_reload() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let served = Served::start();
    served.open(&browser, PAGE_URL)?;
    mark(&browser)?;
    let css = served.test.root.join("static/style.css");
    let text = std::fs::read_to_string(&css).expect("read the stylesheet");
    let rule = "\nbody { outline: 3px solid rgb(1, 2, 3); }\n";
    std::fs::write(&css, format!("{text}{rule}")).expect("save the stylesheet");
    browser.wait_for("the new style", WAIT, |b| {
        let color = b.execute("return getComputedStyle(document.body).outlineColor", &[])?;
        Ok((color.as_str() == Some("rgb(1, 2, 3)")).then_some(()))
    })?;
    assert!(still_marked(&browser)?, "no reload for a stylesheet");
    assert_eq!(browser.take_errors()?, []);
    Ok(())
}

#[test]
fn broken_front_matter_shows_the_overlay_until_fixed() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let served = Served::start();
    served.open(&browser, NL_PAGE_URL)?;
    let broken = "title: Report a security event: with a support ticket";
    served.edit(
        PAGE,
        "title: Report a security event with a support ticket",
        broken,
    );
    let overlay = "#tolk-overlay pre[data-location]";
    let location = browser.wait_for("the overlay", WAIT, |b| match b.find_opt(overlay)? {
        Some(pre) => pre.attribute("data-location"),
        None => Ok(None),
    })?;
    assert!(location.starts_with(&format!("{PAGE}:2:")), "{location}");
    let title = browser.find("#tolk-overlay h2")?.text()?;
    assert_eq!(title, "De site kon niet opnieuw worden gebouwd");
    let block = browser.find(overlay)?.text()?;
    assert!(block.contains("2 | title:"), "the source line: {block}");
    assert_eq!(
        browser.find("#tolk-overlay")?.attribute("lang")?.as_deref(),
        Some("nl-NL")
    );
    // Still the last good site underneath.
    assert!(browser.find_opt("main h1")?.is_some());
    served.edit(
        PAGE,
        broken,
        "title: Report a security event with a support ticket",
    );
    browser.wait_for("the overlay to go", WAIT, |b| {
        Ok(b.find_opt("#tolk-overlay")?.is_none().then_some(()))
    })?;
    assert!(browser.find_opt("main h1")?.is_some());
    assert_eq!(browser.take_errors()?, []);
    Ok(())
}

#[test]
fn an_ftl_edit_updates_the_page_chrome() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let served = Served::start();
    served.open(&browser, NL_PAGE_URL)?;
    let started = Instant::now();
    served.edit(
        "locales/nl-NL/site.ftl",
        "nav-guide = Handleiding",
        "nav-guide = Stappenplan",
    );
    wait_for_body(&browser, "Stappenplan", true)?;
    assert!(started.elapsed() < WAIT);
    assert_eq!(browser.take_errors()?, []);
    Ok(())
}
