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
        let (root, out) = (test.root.clone(), test.out.clone());
        Served::start_on(test, &root, &out)
    }

    /// Serves the site at `root` into `out` (`test` only keeps its sandbox alive).
    fn start_on(test: BookTest, root: &std::path::Path, out: &std::path::Path) -> Served {
        let tolk = std::env::var_os("TOLK_BENCH_BIN").map_or_else(
            || env!("CARGO_BIN_EXE_tolk").into(),
            std::path::PathBuf::from,
        );
        let mut child = Command::new(tolk)
            .args(["serve", "--port", "0", "--quiet", "--root"])
            .arg(root)
            .arg("--out")
            .arg(out)
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
        self.edit_at(&self.test.root.join(rel), from, to);
    }

    fn edit_at(&self, path: &std::path::Path, from: &str, to: &str) {
        let rel = path.display();
        let text = std::fs::read_to_string(path).expect("read a site file");
        assert!(text.contains(from), "{rel} holds {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).expect("save a site file");
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
    // A body edit: the new article takes the old one's place, the page stays.
    served.edit(PAGE, "sign in with", "sign in right away with");
    wait_for_body(&browser, "sign in right away with", true)?;
    assert!(still_marked(&browser)?, "the article was put in place");
    // The page shows it and listens again (the rebuild after it keeps the page as it is).
    browser.wait_for("the swap to finish", WAIT, |b| {
        let shown = b.execute(
            "return document.documentElement.getAttribute('data-tolk-shown')",
            &[],
        )?;
        Ok(shown.as_str().is_some_and(|s| s != "pending").then_some(()))
    })?;
    // A new title is more than the article: the page reloads.
    served.edit(
        PAGE,
        "title: Report a security event with a support ticket",
        "title: Report a security event with one support ticket",
    );
    wait_for_body(&browser, "with one support ticket", true)?;
    assert!(!still_marked(&browser)?, "the page reloaded itself");
    assert!(browser.title()?.contains("with one support ticket"));
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

/// `bench/serve-latency.sh` runs this (`TOLK_BENCH_SITE`: a generated corpus; `TOLK_BENCH_BIN`:
/// a release `tolk`; `TOLK_BENCH_SAVES`: saves per kind, 50 by default): the time from saving
/// a file to the reloaded page's `load` event in Chromium (the page's own clock, so polling
/// adds nothing), for a page edit and an `.ftl` edit, and the memory `serve` holds.
#[test]
#[ignore = "a benchmark: bench/serve-latency.sh runs it on a generated corpus"]
fn serve_latency_bench() -> Result<()> {
    let Some(site) = std::env::var_os("TOLK_BENCH_SITE").map(std::path::PathBuf::from) else {
        panic!("set TOLK_BENCH_SITE to a site (bench/serve-latency.sh does)");
    };
    let saves: usize = std::env::var("TOLK_BENCH_SAVES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let source = source_page(&site);
    let out = site.join("book");
    let served = Served::start_on(BookTest::blank(), &site, &out);
    // A first save makes a token to find the page by in the output.
    append(&source, "tolk-bench-0");
    let url = bench::wait_for_page_with(&out, "tolk-bench-0");
    served.open(&browser, &url)?;
    // An author reads what they saved before saving again: each save comes `pause` after the
    // last one showed (serve's rebuild after a preview is then done). `TOLK_BENCH_PAUSE_MS=0`
    // saves back to back instead: a save made while a rebuild runs waits for it.
    let pause = std::time::Duration::from_millis(
        std::env::var("TOLK_BENCH_PAUSE_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1000),
    );
    let mut page_ms = Vec::new();
    let mut page_before_load_ms = Vec::new();
    for i in 1..=saves {
        std::thread::sleep(pause);
        let previous = format!("tolk-bench-{}", i - 1);
        let saved = bench::now_ms();
        served.edit_at(&source, &previous, &format!("tolk-bench-{i}"));
        let (total, before_load) =
            bench::reloaded_after(&browser, &format!("tolk-bench-{i}"), saved)?;
        page_ms.push(total);
        page_before_load_ms.extend(before_load);
    }
    let ftl = site.join("locales/en-US/site.ftl");
    let mut ftl_ms = Vec::new();
    let mut name = String::from("Guide");
    for i in 1..=saves {
        std::thread::sleep(pause);
        let next = format!("Guide{i}");
        let saved = bench::now_ms();
        served.edit_at(
            &ftl,
            &format!("nav-guide = {name}\n"),
            &format!("nav-guide = {next}\n"),
        );
        ftl_ms.push(bench::reloaded_after(&browser, &next, saved)?.0);
        name = next;
    }
    // The page shows a previewed edit before the rebuild after it ends: read the memory once
    // that rebuild is done (an `.ftl` edit's takes about 1 s at 10,000 pages).
    std::thread::sleep(std::time::Duration::from_secs(3));
    let memory = bench::memory_kib(served.child.id());
    println!("serve-latency page-edit {}", bench::summary(&mut page_ms));
    if !page_before_load_ms.is_empty() {
        println!(
            "serve-latency page-edit-until-reload-starts {}",
            bench::summary(&mut page_before_load_ms)
        );
    }
    println!("serve-latency ftl-edit {}", bench::summary(&mut ftl_ms));
    println!("serve-latency memory {memory}");
    Ok(())
}

/// The first source-locale page of a generated corpus.
fn source_page(site: &std::path::Path) -> std::path::PathBuf {
    let mut pages: Vec<_> = walkdir::WalkDir::new(site.join("content/en-US"))
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    pages.into_iter().next().expect("a page in content/en-US")
}

fn append(path: &std::path::Path, token: &str) {
    let text = std::fs::read_to_string(path).expect("read the page");
    std::fs::write(path, format!("{text}\n{token}\n")).expect("save the page");
}

mod bench {
    use super::{Browser, Result, Value, WAIT};
    use std::path::Path;
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    pub fn now_ms() -> f64 {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        since.as_secs_f64() * 1000.0
    }

    /// The URL path of the output page holding `token`, once the rebuild wrote it.
    pub fn wait_for_page_with(out: &Path, token: &str) -> String {
        let started = Instant::now();
        while started.elapsed() < WAIT * 4 {
            let found = walkdir::WalkDir::new(out.join("en-US"))
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name() == "index.html")
                .find(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(token)));
            if let Some(file) = found {
                let rel = file.path().strip_prefix(out).expect("inside the output");
                let dir = rel.parent().expect("a folder").to_string_lossy();
                return format!("{dir}/");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("no page shows {token}");
    }

    /// Milliseconds from `saved` to the page showing `token` complete: the `load` event of a
    /// reloaded page, or the time a page showed the new article it put in place with its
    /// images. For a reload, also the part before the browser began to load the page
    /// (watcher, build, event, reload call): the rest is the page's own load.
    pub fn reloaded_after(
        browser: &Browser,
        token: &str,
        saved: f64,
    ) -> Result<(f64, Option<f64>)> {
        // A page that put a new article in place stamps the time it showed it (with its
        // images); a reloaded page has its navigation's `load`.
        let script = "var shown = document.documentElement.getAttribute('data-tolk-shown'); \
            return document.readyState === 'complete' && shown !== 'pending' \
            && document.body.textContent.includes(arguments[0]) \
            ? (shown ? [Number(shown), null] : [performance.timeOrigin + \
               performance.getEntriesByType('navigation')[0].loadEventEnd, performance.timeOrigin]) \
            : null";
        let (shown, reload_started) = browser.wait_for(token, WAIT * 4, |b| {
            let value = b.execute(script, &[Value::from(token)])?;
            let times = value
                .as_array()
                .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64())));
            Ok(times)
        })?;
        Ok((shown - saved, reload_started.map(|s| s - saved)))
    }

    /// p50, p95 and the range of `ms`.
    pub fn summary(ms: &mut [f64]) -> String {
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
        format!(
            "n={} p50={:.0}ms p95={:.0}ms min={:.0}ms max={:.0}ms",
            ms.len(),
            at(0.5),
            at(0.95),
            ms[0],
            ms[ms.len() - 1]
        )
    }

    /// `serve`'s resident memory now and at its peak, from /proc.
    pub fn memory_kib(pid: u32) -> String {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map_or("?".into(), |l| l[name.len()..].trim().to_string())
        };
        format!("rss={} peak={}", field("VmRSS:"), field("VmHWM:"))
    }
}
