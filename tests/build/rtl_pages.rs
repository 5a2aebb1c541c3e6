//! Right-to-left sites in Chromium (issue 17): `tests/fixtures/small` with Arabic (ar-SA, its
//! own UI text) and Hebrew (he-IL, no UI text at all: every string falls back to English),
//! added by files only. Every page kind at 320, 390 and 1280 px is exactly as wide as the
//! window, axe finds nothing, and every visible text node in a fallback language or script
//! sits under an element with that language's `lang` and `dir`.
//! Screenshots: `target/screenshots/rtl-*.png`.

use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::webdriver::Result;
use crate::browser::{browser_or_skip_with, screenshot_path, Browser, Viewport};
use crate::support::BookTest;
use serde_json::{json, Value};

const WIDTHS: [u32; 3] = [320, 390, 1280];

/// Page kinds below each locale's folder (the root chooser redirects at once, see
/// `root_chooser_isolates_each_language`; the 404 page is at the site root).
const PAGES: [&str; 6] = [
    "",
    "report-an-event/",
    "only-english/",
    "ticket/",
    "status/",
    "toc/",
];

const HEBREW_GUIDE: &str = "---
title: דיווח על אירוע
description: איך לדווח על אירוע אבטחה צעד אחר צעד.
ms.assetid: 5c1d0a52-7e55-4d0e-9b53-fixture0guide
ms.date: 2021-03-04
ms.translationtype: HT
ms.contentlocale: he-IL
---
# <a name=\"report-an-event\"></a>דיווח על אירוע

חשבו את הציון במחשבון (https://www.first.org/cvss/calculator/3.0). ציינו את CVE-2021-44228
ואת הווקטור CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, והריצו `tolk build --out site`.

[!INCLUDE [contact](includes/contact.md)]

1. פתחו את הפורטל והתחברו.

2. בחרו את סוג האירוע.

3. תארו מה קרה.
";

/// A part the Hebrew guide includes that exists only in English (docfx `[!INCLUDE]`).
const ENGLISH_INCLUDE: &str = "If the portal is down, write to the security team instead.";

/// `small` with its `ar` turned into `ar-SA` and a Hebrew `he-IL` added, by files only; the
/// Hebrew guide includes a part that only English has.
pub(super) fn rtl_site() -> BookTest {
    let mut test = BookTest::fixture("small");
    let config = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    let config = config.replace(
        "tag = \"ar\"\nname = \"العربية\"\n",
        "tag = \"ar-SA\"\nname = \"العربية\"\n\n[[locale]]\ntag = \"he-IL\"\nname = \"עברית\"\n",
    );
    assert!(config.contains("he-IL"), "small declares ar as expected");
    // The 404 page links its style sheet below the base URL's path; the test server serves
    // the site at `/`.
    let config = config.replace(
        "base-url = \"https://docs.example.test/guide\"",
        "base-url = \"https://docs.example.test/\"",
    );
    let arabic = std::fs::read_to_string(test.root.join("content/ar/guide.md")).expect("ar page");
    let ui = std::fs::read_to_string(test.root.join("locales/ar/site.ftl")).expect("ar UI");
    std::fs::remove_dir_all(test.root.join("content/ar")).expect("drop ar");
    test.write("book.toml", config)
        .write(
            "content/ar-SA/guide.md",
            arabic.replace("ms.contentlocale: ar\n", "ms.contentlocale: ar-SA\n"),
        )
        .write("locales/ar-SA/site.ftl", ui)
        .write("content/he-IL/guide.md", HEBREW_GUIDE)
        .write(
            "content/en-US/includes/contact.md",
            format!("{ENGLISH_INCLUDE}\n"),
        );
    let english = std::fs::read_to_string(test.root.join("content/en-US/guide.md")).expect("en");
    test.write(
        "content/en-US/guide.md",
        format!("{english}\n[!INCLUDE [contact](includes/contact.md)]\n"),
    );
    test.build().assert_published();
    test
}

/// Text in English on `locale`'s pages, from what the build knows rather than from the
/// script it is written in: the English messages `locale` does not translate (as they read
/// without variables: `{$name}` stands for whatever the page or its script fills in), the
/// stand-in page's words (`only-english`, published untranslated) and the English part the
/// Hebrew guide includes. Each must sit under `lang="en-US"` and run left to right.
pub(super) fn english_texts(test: &BookTest, locale: &str) -> Vec<String> {
    let (localizer, _, _) = tolk::i18n::Localizer::load(&test.config());
    let messages = localizer
        .message_ids("en-US")
        .into_iter()
        .filter(|id| !localizer.defines(locale, id))
        .filter_map(|id| localizer.format("en-US", &id, None, None));
    let stand_in = std::fs::read_to_string(test.root.join("content/en-US/only-english.md"))
        .expect("the stand-in page");
    let mut texts: Vec<String> = messages.chain(markdown_texts(&stand_in)).collect();
    texts.push(ENGLISH_INCLUDE.to_string());
    texts.retain(|t| {
        let literal: String = t
            .split('{')
            .map(|p| p.split_once('}').map_or(p, |x| x.1))
            .collect();
        literal.chars().filter(|c| c.is_alphabetic()).count() > 2
    });
    texts
}

/// The words of a Markdown page as the reader sees them: its front matter's title and
/// description, and each run of text of its body.
fn markdown_texts(page: &str) -> Vec<String> {
    let (front, body) = page[4..].split_once("\n---\n").expect("front matter");
    let mut out: Vec<String> = front
        .lines()
        .filter_map(|l| {
            l.strip_prefix("title: ")
                .or(l.strip_prefix("description: "))
        })
        .map(str::to_string)
        .collect();
    for event in pulldown_cmark::Parser::new(body) {
        if let pulldown_cmark::Event::Text(t) = event {
            out.push(t.trim().to_string());
        }
    }
    out
}

/// Problems a reader would meet on the open page, one line each. `arguments[0]`: the
/// English texts ([`english_texts`], `{$x}` matching any filled-in value); `arguments[1]`:
/// the page's locale.
pub(super) const SEE: &str = r#"
const [english, pageLang] = arguments;
const out = [];
const quote = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = english.map((t) => new RegExp('^' + t.replace(/[\u2068\u2069]/g, '').trim()
  .split(/\{\s*\$[\w-]+\s*\}/).map(quote).join('.+?') + '$', 's'));
const isEnglish = (text) => patterns.some((p) => p.test(text));
const doc = document.documentElement;
// clientWidth: the window less a vertical scroll bar, if any.
if (doc.scrollWidth !== doc.clientWidth) out.push(`page is ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window`);
const rtlScript = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const latin = /[A-Za-z]{2}/;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node; (node = walker.nextNode());) {
  const el = node.parentElement;
  const text = node.data.trim();
  if (!text || !el || !el.checkVisibility()) continue;
  const dirEl = el.closest('[dir]');
  const dir = dirEl ? dirEl.getAttribute('dir') : 'ltr';
  const lang = (el.closest('[lang]') || doc).getAttribute('lang');
  const short = JSON.stringify(text.slice(0, 60));
  if (pageLang !== 'en-US' && isEnglish(text)) {
    const runs = getComputedStyle(el).direction;
    if (lang !== 'en-US' || runs !== 'ltr') out.push(`English text ${short} is lang=${lang}, runs ${runs}`);
  }
  // One Latin word alone lays out right either way; a space or punctuation mark at its edge
  // takes the surrounding direction ("?Ready to report").
  const oneWord = /^[\p{L}\p{N}]+$/u.test(text);
  if (latin.test(text) && !rtlScript.test(text) && dir === 'rtl' && !oneWord) {
    out.push(`Latin text ${short} runs right to left (lang=${lang})`);
  }
  if (rtlScript.test(text) && !latin.test(text) && dir === 'ltr' && !el.closest('bdi, [dir=auto]')) {
    out.push(`right-to-left text ${short} runs left to right (lang=${lang})`);
  }
  if (lang === 'en-US' && pageLang !== 'en-US' && rtlScript.test(text)) {
    out.push(`text ${short} is marked English`);
  }
}
return out;
"#;

pub(super) fn look(
    browser: &Browser,
    english: &[String],
    locale: &str,
    name: &str,
) -> Result<Vec<String>> {
    Ok(
        match browser.execute(SEE, &[json!(english), json!(locale)])? {
            Value::Array(lines) => lines.iter().map(|l| format!("{name}: {l}")).collect(),
            other => vec![format!("{name}: unexpected {other}")],
        },
    )
}

#[test]
fn rtl_pages_fit_every_screen_and_mark_every_foreign_run() -> Result<()> {
    let test = rtl_site();
    let server = SiteServer::start(&test.out).expect("serve the built site");
    let Some(axe) = Axe::load_or_skip() else {
        return Ok(());
    };
    let Some(browser) = browser_or_skip_with(Viewport::DESKTOP) else {
        return Ok(());
    };
    let mut out = Vec::new();
    for locale in ["ar-SA", "he-IL"] {
        let english = english_texts(&test, locale);
        assert!(english.len() > 10, "{locale} shows English somewhere");
        let mut urls: Vec<(String, String)> = PAGES
            .iter()
            .map(|p| {
                (
                    format!("/{locale}/{p}"),
                    format!("{locale}-{}", p.trim_end_matches('/')),
                )
            })
            .collect();
        urls.push(("/404.html".into(), "404".into()));
        for width in WIDTHS {
            browser.set_viewport(Viewport { width, height: 800 })?;
            for (url, kind) in &urls {
                let name = format!("rtl-{kind}-{width}");
                browser.goto(&server.url(url))?;
                let page_lang = browser.execute("return document.documentElement.lang;", &[])?;
                let page_lang = page_lang.as_str().unwrap_or(locale).to_string();
                out.extend(look(&browser, &english, &page_lang, &name)?);
                let violations = axe.run(&browser)?;
                if !violations.is_empty() {
                    out.push(format!("{name}: axe:\n{}", axe::describe(&violations)));
                }
                for e in browser.take_errors()? {
                    out.push(format!("{name}: console {}: {}", e.source, e.message));
                }
                browser.screenshot(&screenshot_path(&name))?;
            }
        }
    }
    assert!(out.is_empty(), "{}", out.join("\n"));
    Ok(())
}

/// The root chooser sends the reader on at once, so it is checked as HTML: each language's
/// entry carries its own `lang` and `dir`, Arabic and Hebrew among English.
#[test]
fn root_chooser_isolates_each_language() {
    let test = rtl_site();
    let root = test.read("index.html");
    for (tag, dir) in [("ar-SA", "rtl"), ("he-IL", "rtl"), ("en-US", "ltr")] {
        assert!(
            root.contains(&format!("<li lang=\"{tag}\" dir=\"{dir}\">")),
            "{tag} in {root}"
        );
    }
}

/// Dates and the status page's counts use each locale's CLDR digits and words: Arabic-Indic
/// in ar-SA, Latin in he-IL (`src/numbers.rs`; the browser's side is `tests/numbers.rs`).
#[test]
fn rtl_pages_write_numbers_with_their_locales_digits() {
    let test = rtl_site();
    let arabic = test.read("ar-SA/report-an-event/index.html");
    assert!(arabic.contains("٢٠٢١</time>"), "ar-SA date: {arabic}");
    // Dates are CLDR's, not the UI's: Hebrew words even where every UI string is English.
    let hebrew = test.read("he-IL/report-an-event/index.html");
    assert!(
        hebrew.contains(">4 במרץ 2021</time>"),
        "he-IL date in Hebrew: {hebrew}"
    );
    let status = test.read("ar-SA/status/index.html");
    let meter = status.find("class=\"meter\">").expect("a meter") + "class=\"meter\">".len();
    let first = status[meter..].chars().next().expect("a count");
    assert!(('٠'..='٩').contains(&first), "ar-SA count starts {first:?}");
}

/// What the build knows is English on a Hebrew page is marked so in the HTML itself: the part
/// the Hebrew guide includes from English, the stand-in page's title in the navigation, and
/// the root chooser and 404 page (the source locale's) say their direction.
#[test]
fn english_parts_of_rtl_pages_carry_their_language() {
    let test = rtl_site();
    let guide = test.read("he-IL/report-an-event/index.html");
    assert!(
        guide.contains(&format!(
            "<div lang=\"en-US\" dir=\"ltr\">\n<p>{ENGLISH_INCLUDE}</p>"
        )),
        "the English include in {guide}"
    );
    assert!(
        guide.contains("<bdi lang=\"en-US\" dir=\"ltr\">Only in English</bdi>"),
        "the stand-in's title in the navigation of {guide}"
    );
    for page in ["index.html", "404.html"] {
        assert!(
            test.read(page).contains("<html lang=\"en-US\" dir=\"ltr\""),
            "{page}"
        );
    }
}
