//! The language switcher in Chromium with 2, 5 and 12 locales: on a 320 px phone the page is no
//! wider than the screen, the menu opens (by mouse and by keyboard) and shows every language,
//! the current one marked with `aria-current`, and axe finds nothing; on a desktop it still
//! looks right. The sites are `tests/fixtures/small` with locales added or removed by files
//! only, as a site author would. Screenshots: `target/screenshots/switcher-*.png`.

use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::webdriver::Result;
use crate::browser::{browser_or_skip_with, screenshot_path, Browser, Viewport};
use crate::support::BookTest;
use serde_json::{json, Value};

/// The narrowest phone people still use.
const NARROW: Viewport = Viewport {
    width: 320,
    height: 720,
};

/// Locales beyond `small`'s, with names of every length and script.
const EXTRA: &[(&str, &str)] = &[
    ("de-DE", "Deutsch"),
    ("fr-FR", "Français"),
    ("pt-BR", "Português (Brasil)"),
    ("uk-UA", "Українська"),
    ("ja-JP", "日本語"),
    ("pl-PL", "Polski"),
    ("sv-SE", "Svenska"),
    ("hu-HU", "Magyar"),
];

/// `small` with `count` locales: fewer than its four by dropping locales (their `[[locale]]`
/// and content folders), more by adding `[[locale]]` entries (pages and UI text fall back).
fn site_with(count: usize) -> BookTest {
    let mut test = BookTest::fixture("small");
    let config = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    let (head, rest) = config
        .split_once("[[locale]]")
        .expect("small lists locales");
    let charts = &rest[rest.find("[[chart]]").expect("small has a chart")..];
    let mut locales: Vec<(&str, &str)> = vec![
        ("en-US", "English"),
        ("ar", "العربية"),
        ("nl-NL", "Nederlands"),
        ("tr-TR", "Türkçe"),
    ];
    locales.extend(EXTRA);
    locales.truncate(count);
    for dropped in ["nl-NL", "tr-TR"] {
        if !locales.iter().any(|(tag, _)| *tag == dropped) {
            std::fs::remove_dir_all(test.root.join("content").join(dropped))
                .expect("drop a locale's pages");
        }
    }
    let entries: String = locales
        .iter()
        .map(|(tag, name)| format!("[[locale]]\ntag = \"{tag}\"\nname = \"{name}\"\n\n"))
        .collect();
    test.write("book.toml", format!("{head}{entries}{charts}"));
    test.build().assert_published();
    test
}

/// What the reader can see of the switcher: problems, one line each. With `arguments[0]` the
/// languages must be shown too (the menu is open, or they are inline).
const SEE: &str = r#"
const out = [];
if (document.documentElement.scrollWidth > innerWidth) {
  out.push('page is ' + document.documentElement.scrollWidth + ' px wide in a ' + innerWidth + ' px window');
}
const all = [...document.querySelectorAll('.lang-switch a')];
const links = all.filter(a => a.checkVisibility());
const tags = new Set(all.map(a => a.dataset.tolkLocale));
if (arguments[0] && links.length !== tags.size) {
  out.push(links.length + ' of ' + tags.size + ' languages shown');
}
for (const a of arguments[0] ? links : []) {
  a.scrollIntoView({block: 'nearest'});
  const r = a.getBoundingClientRect();
  const name = a.textContent;
  if (r.width === 0 || r.height === 0) { out.push(name + ' is not shown'); continue; }
  if (r.left < 0 || r.right > innerWidth) { out.push(name + ' is cut off: ' + r.left + '..' + r.right); }
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!a.contains(hit)) { out.push(name + ' is covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing')); }
}
const current = (arguments[0] ? links : all.slice(0, tags.size)).filter(a => a.getAttribute('aria-current') === 'page').map(a => a.dataset.tolkLocale);
if (current.length !== 1 || current[0] !== document.documentElement.lang) {
  out.push('aria-current marks ' + JSON.stringify(current) + ' on a ' + document.documentElement.lang + ' page');
}
window.scrollTo(0, 0);
return out;
"#;

fn problems(browser: &Browser, axe: &Axe, name: &str, shown: bool) -> Result<Vec<String>> {
    let mut out: Vec<String> = match browser.execute(SEE, &[json!(shown)])? {
        Value::Array(lines) => lines.iter().map(|l| format!("{name}: {l}")).collect(),
        other => vec![format!("{name}: unexpected {other}")],
    };
    let violations = axe.run(browser)?;
    if !violations.is_empty() {
        out.push(format!("{name}: axe:\n{}", axe::describe(&violations)));
    }
    for e in browser.take_errors()? {
        out.push(format!("{name}: console {}: {}", e.source, e.message));
    }
    Ok(out)
}

fn menu_is_open(browser: &Browser) -> Result<bool> {
    Ok(browser.execute("return document.querySelector('.lang-menu').open;", &[])? == json!(true))
}

/// On a 320 px phone: closed, opened with the mouse, then with the keyboard (Enter on the
/// summary, Tab to the first language, Enter follows it).
fn on_a_phone(
    browser: &Browser,
    axe: &Axe,
    server: &SiteServer,
    count: usize,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    browser.set_viewport(NARROW)?;
    for page in ["en-US", "ar"] {
        let name = format!("switcher-{count}-phone-{page}");
        browser.goto(&server.url(&format!("/{page}/")))?;
        let summary = browser.find(".lang-menu > summary")?;
        if !summary.is_displayed()? {
            out.push(format!("{name}: no menu button on a phone"));
            continue;
        }
        out.extend(problems(browser, axe, &name, false)?);
        browser.screenshot(&screenshot_path(&name))?;
        summary.click()?;
        if !menu_is_open(browser)? {
            out.push(format!("{name}: a click does not open the menu"));
        }
        out.extend(problems(browser, axe, &format!("{name}-open"), true)?);
        browser.screenshot(&screenshot_path(&format!("{name}-open")))?;
    }
    browser.goto(&server.url("/en-US/"))?;
    browser
        .find(".lang-menu > summary")?
        .send_keys("\u{E007}")?;
    if !menu_is_open(browser)? {
        out.push(format!("{count} locales: Enter does not open the menu"));
    }
    browser.active_element()?.send_keys("\u{E004}")?;
    let first = browser.active_element()?.attribute("data-tolk-locale")?;
    if first.as_deref() != Some("en-US") {
        out.push(format!(
            "{count} locales: Tab after the menu reaches {first:?}"
        ));
    }
    browser.active_element()?.send_keys("\u{E004}")?;
    browser.active_element()?.send_keys("\u{E007}")?;
    let url = browser.wait_for(
        "the next language",
        std::time::Duration::from_secs(10),
        |b| {
            let url = b.current_url()?;
            Ok((!url.ends_with("/en-US/")).then_some(url))
        },
    )?;
    if url != server.url("/ar/index.html") {
        out.push(format!(
            "{count} locales: Enter on the second language led to {url}"
        ));
    }
    Ok(out)
}

/// On a 1280 px desktop: every language is reachable (inline, or after opening the menu).
fn on_a_desktop(
    browser: &Browser,
    axe: &Axe,
    server: &SiteServer,
    count: usize,
) -> Result<Vec<String>> {
    let name = format!("switcher-{count}-desktop");
    browser.set_viewport(Viewport::DESKTOP)?;
    browser.goto(&server.url("/en-US/"))?;
    let summary = browser.find(".lang-menu > summary")?;
    if summary.is_displayed()? {
        summary.click()?;
    } else if count > 5 {
        return Ok(vec![format!("{name}: {count} languages and no menu")]);
    }
    let mut out = problems(browser, axe, &name, true)?;
    browser.screenshot(&screenshot_path(&name))?;
    let focusable = "return [...document.querySelectorAll('.lang-switch a')]\
                     .filter(a => a.checkVisibility())\
                     .every(a => { a.focus(); return document.activeElement === a; });";
    if browser.execute(focusable, &[])? != json!(true) {
        out.push(format!("{name}: a language link cannot take focus"));
    }
    Ok(out)
}

fn switcher_works_with(count: usize) -> Result<()> {
    let test = site_with(count);
    let server = SiteServer::start(&test.out).expect("serve the built site");
    let Some(axe) = Axe::load_or_skip() else {
        return Ok(());
    };
    let Some(browser) = browser_or_skip_with(NARROW) else {
        return Ok(());
    };
    let mut out = on_a_phone(&browser, &axe, &server, count)?;
    out.extend(on_a_desktop(&browser, &axe, &server, count)?);
    assert!(out.is_empty(), "{}", out.join("\n"));
    Ok(())
}

#[test]
fn switcher_with_2_locales() -> Result<()> {
    switcher_works_with(2)
}

#[test]
fn switcher_with_5_locales() -> Result<()> {
    switcher_works_with(5)
}

#[test]
fn switcher_with_12_locales() -> Result<()> {
    switcher_works_with(12)
}
