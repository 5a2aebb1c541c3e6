//! What a person using the form with a keyboard, a screen reader or no JavaScript meets, in
//! headless Chromium and every locale: focus rings of 3:1 or more on everything focusable
//! (computed in the page), one CVSS state at a time and a live region that speaks only when the
//! vector becomes complete or invalid, text limits in characters (emoji, 𝕏), "Clear the form"
//! and "Change" putting focus where the reader goes on, the email link of a site without an
//! endpoint, and the page without script.

use super::browser::{
    active_id, answers, fill_valid, no_axe_violations, open_clean, serve, text_content, type_into,
    DRAFT, WAIT,
};
use super::repo_locales;
use crate::browser::axe::Axe;
use crate::browser::webdriver::{keys, Browser, Result};
use crate::browser::{browser_or_skip, browser_without_script_or_skip, screenshot_path};
use crate::support::BookTest;
use serde_json::{json, Value};

/// The focused element's outline and the contrast ratio (WCAG 2.x relative luminance) between
/// its colour and the first opaque background behind it (the parent's: rings sit outside).
const FOCUS_RING: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) { return null; }
const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const lum = (c) => {
  const [r, g, b] = c.slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
let bg = [255, 255, 255];
for (let e = el.parentElement; e; e = e.parentElement) {
  const c = rgb(getComputedStyle(e).backgroundColor);
  if (c.length < 4 || c[3] >= 0.5) { bg = c; break; }
}
const s = getComputedStyle(el);
const ring = rgb(s.outlineColor);
const [hi, lo] = [lum(ring), lum(bg)].sort((a, b) => b - a);
const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
  ' ' + (el.textContent || el.value || '').trim().slice(0, 30);
return {name: name, style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
  ratio: (hi + 0.05) / (lo + 0.05)};
"#;

/// Checks the ring of the focused element; returns its name.
fn ring_is_visible(browser: &Browser, what: &str) -> Result<Option<String>> {
    let found = browser.execute(FOCUS_RING, &[])?;
    if found.is_null() {
        return Ok(None);
    }
    let name = found["name"].as_str().unwrap_or_default().to_string();
    let ratio = found["ratio"].as_f64().unwrap_or(0.0);
    let width = found["width"].as_f64().unwrap_or(0.0);
    assert!(
        found["style"] != "none" && width >= 2.0,
        "{what}: {name} has no focus ring: {found}"
    );
    assert!(ratio >= 3.0, "{what}: {name}'s ring is {ratio:.2}:1");
    Ok(Some(name))
}

/// Tabs through the page from its first link, checking every ring on the way; returns how
/// many elements took focus.
fn tab_through(browser: &Browser, what: &str) -> Result<usize> {
    browser.execute("document.querySelector('a[href]').focus();", &[])?;
    let mut seen = Vec::new();
    for _ in 0..80 {
        browser.active_element()?.send_keys(keys::TAB)?;
        match ring_is_visible(browser, what)? {
            Some(name) if seen.contains(&name) => break,
            Some(name) => seen.push(name),
            None => break,
        }
    }
    Ok(seen.len())
}

/// The CVSS field: a hint while typed, an error for a complete but invalid vector (never the
/// hint), the field's own error alone after leaving it, then the score alone once it is valid.
/// The live region speaks twice: at the invalid vector and at the valid one.
fn cvss_states(browser: &Browser, site: &BookTest, locale: &str) -> Result<()> {
    browser.find("#field-category-vulnerability")?.click()?;
    browser.execute(
        "window.spoken = []; const r = document.getElementById('field-cvss_vector-announce'); \
         new MutationObserver(() => { if (r.textContent) { window.spoken.push(r.textContent); } })\
         .observe(r, {childList: true, characterData: true, subtree: true});",
        &[],
    )?;
    let score = "#field-cvss_vector-score";
    type_into(browser, "cvss_vector", "CVSS:3.1/AV:N/AC:L/PR:N")?;
    let incomplete = site.message(locale, "form-cvss-incomplete", None, &[]);
    browser.wait_for_text(score, &incomplete, WAIT)?;
    type_into(browser, "cvss_vector", "/UI:N/S:U/C:H/I:H/A:Q")?;
    let invalid = site.message(
        locale,
        "form-error-cvss-invalid-value",
        None,
        &[("metric", "A")],
    );
    browser.wait_for_text(score, &invalid, WAIT)?;
    type_into(browser, "cvss_vector", keys::TAB)?;
    let prefix = site.message(locale, "form-error-prefix", None, &[]);
    let error = "#field-cvss_vector-error";
    assert_eq!(text_content(browser, error)?, format!("{prefix} {invalid}"));
    assert_eq!(
        text_content(browser, score)?,
        "",
        "{locale}: one state only"
    );
    let field = browser.find("#field-cvss_vector")?;
    field.send_keys(keys::BACKSPACE)?;
    field.send_keys("H")?;
    let state = browser.wait_for("the score", WAIT, |b| {
        let shown = text_content(b, score)?;
        Ok((!shown.is_empty()).then_some(shown))
    })?;
    assert!(
        !browser.find(error)?.is_displayed()?,
        "{locale}: error gone"
    );
    assert!(state.contains("3.1"), "{locale}: {state}");
    let spoken = browser.execute("return window.spoken;", &[])?;
    assert_eq!(
        spoken,
        json!([invalid, state]),
        "{locale}: spoken once each"
    );
    Ok(())
}

/// Text limits count characters, as the validators and the schema do: 200 emoji (400 UTF-16
/// units) fit a 200-character name, which has no native `maxlength` to cut them; 201 𝕏 do not.
fn astral_text_counts_characters(browser: &Browser, locale: &str) -> Result<()> {
    let set = "const el = document.getElementById('field-contact_name'); el.focus(); \
        el.value = arguments[0]; el.dispatchEvent(new Event('input', {bubbles: true})); el.blur();";
    let error = "#field-contact_name-error";
    browser.execute(set, &[json!("🔐".repeat(200))])?;
    assert!(!browser.find(error)?.is_displayed()?, "{locale}: 200 emoji");
    browser.execute(set, &[json!("𝕏".repeat(201))])?;
    let too_long = browser
        .find("#field-contact_name-box")?
        .attribute("data-msg-too-long")?
        .unwrap_or_default();
    assert!(!too_long.is_empty());
    assert!(
        text_content(browser, error)?.ends_with(&too_long),
        "{locale}"
    );
    browser.execute(set, &[json!("Jane")])?;
    assert!(!browser.find(error)?.is_displayed()?, "{locale}: fixed");
    Ok(())
}

/// "Change" beside each answer of the review (not beside the fixed problem type) returns to
/// its field with focus; "Clear the form" puts focus on the first field.
fn change_and_clear(browser: &Browser, site: &BookTest, locale: &str) -> Result<()> {
    browser.find("[data-tolk-submit]")?.click()?;
    assert_eq!(active_id(browser)?, "review-title");
    ring_is_visible(browser, &format!("{locale}: review heading"))?;
    let rows = browser.find_all(".review-row")?.len();
    let links = browser.find_all("[data-tolk-change]")?;
    // Every answer but the fixed problem type and the language has its own link.
    assert_eq!(links.len(), rows - 2, "{locale}");
    let change = site.message(locale, "form-change", None, &[]);
    let label = site.message(locale, "form-field-email", None, &[]);
    let email = browser.find("[data-tolk-change=email]")?;
    let name = email.property("textContent")?;
    assert_eq!(name, json!(format!("{change} {label}")), "{locale}");
    browser.screenshot(&screenshot_path(&format!("form-{locale}-desktop-review")))?;
    let reached = tab_through(browser, &format!("{locale}: review"))?;
    assert!(reached >= rows, "{locale}: {reached} focusable");
    browser.find("[data-tolk-change=email]")?.click()?;
    assert!(browser.find("form[data-tolk-form]")?.is_displayed()?);
    assert_eq!(active_id(browser)?, "field-email", "{locale}");
    browser.refresh()?;
    browser.find("[data-tolk-draft-clear]")?.click()?;
    assert_eq!(active_id(browser)?, "field-contact_name", "{locale}");
    Ok(())
}

#[test]
fn focus_rings_cvss_states_change_links_and_clear_in_every_locale() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let site = super::built(None);
    let server = serve(&site);
    for locale in repo_locales() {
        open_clean(&browser, &server, &locale)?;
        let reached = tab_through(&browser, &format!("{locale}: form"))?;
        assert!(reached >= 15, "{locale}: only {reached} focusable");
        browser.find("[data-tolk-submit]")?.click()?;
        assert_eq!(active_id(&browser)?, "error-summary");
        ring_is_visible(&browser, &format!("{locale}: error summary"))?;
        astral_text_counts_characters(&browser, &locale)?;
        cvss_states(&browser, &site, &locale)?;
        browser.find("#field-cvss_vector")?.clear()?;
        browser.refresh()?;
        browser.find("[data-tolk-draft-clear]")?.click()?;
        fill_valid(&browser, &locale)?;
        change_and_clear(&browser, &site, &locale)?;
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");
    }
    Ok(())
}

/// The body of a `mailto:` link, decoded.
fn mail_body(href: &str) -> String {
    let body = href.split_once("&body=").map_or("", |(_, b)| b);
    let bytes: Vec<u8> = body.bytes().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn without_an_endpoint_the_ticket_can_be_emailed_and_the_link_stays_short() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let axe = Axe::load_or_skip();
    let mut site = super::repo_copy(None);
    let book = std::fs::read_to_string(site.root.join("book.toml")).expect("book.toml");
    site.write(
        "book.toml",
        book.replace("[form]\n", "[form]\nemail = \"security@example.org\"\n"),
    );
    site.build().assert_published();
    let server = serve(&site);
    for locale in repo_locales() {
        open_clean(&browser, &server, &locale)?;
        let banner = browser.find("[data-tolk-offline]")?;
        let title = site.message(&locale, "form-offline-title", None, &[]);
        assert!(banner.text()?.starts_with(&title), "{locale}");
        fill_valid(&browser, &locale)?;
        browser.find("[data-tolk-submit]")?.click()?;
        no_axe_violations(axe.as_ref(), &browser, &format!("{locale}: review"))?;
        let mail = browser.find("[data-tolk-mailto]")?;
        let href = mail.attribute("href")?.unwrap_or_default();
        assert!(href.starts_with("mailto:security@example.org?subject="));
        assert!(href.len() <= 1900, "{locale}: {} characters", href.len());
        let body = mail_body(&href);
        let text = browser.find("#review-text")?.property("value")?;
        assert_eq!(
            Some(body.as_str()),
            text.as_str(),
            "{locale}: the whole text"
        );
        assert!(body.contains(answers(&locale)[0].1));

        // A long description: the link is cut at a character, with a note saying so.
        browser.find("[data-tolk-edit]")?.click()?;
        browser
            .find("#field-description")?
            .send_keys(&"İş 𝕏 ő ".repeat(400))?;
        browser.find("[data-tolk-submit]")?.click()?;
        let href = browser
            .find("[data-tolk-mailto]")?
            .attribute("href")?
            .unwrap_or_default();
        assert!(href.len() <= 1900, "{locale}: {} characters", href.len());
        let body = mail_body(&href);
        let note = site.message(&locale, "form-email-shortened", None, &[]);
        assert!(body.ends_with(&format!("…\n\n{note}")), "{locale}: {body}");
        assert!(browser.execute(DRAFT, &[])?.is_string());
        browser.screenshot(&screenshot_path(&format!("form-{locale}-desktop-email")))?;
        browser.find("[data-tolk-mailto]")?.click()?;
        assert_eq!(browser.execute(DRAFT, &[])?, Value::Null, "{locale}");
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");
    }
    Ok(())
}

#[test]
fn without_javascript_or_endpoint_the_page_offers_no_dead_submit() -> Result<()> {
    let Some(browser) = browser_without_script_or_skip() else {
        return Ok(());
    };
    let site = super::built(None);
    let server = serve(&site);
    for locale in repo_locales() {
        browser.goto(&server.url(&format!("/{locale}/ticket/")))?;
        assert!(!browser.find("[data-tolk-submit]")?.is_displayed()?);
        assert!(browser.find_all("form[action]")?.is_empty());
        let said = browser.find("[data-tolk-offline]")?.text()?;
        for id in ["form-offline-title", "form-offline-noscript"] {
            let text = site.message(&locale, id, None, &[]);
            assert!(said.contains(&text), "{locale}: {id} in {said}");
        }
        // Without the script every revealed field shows under its choice.
        assert!(browser.find("#field-cve_ids")?.is_displayed()?);
        browser.screenshot(&screenshot_path(&format!("form-{locale}-noscript")))?;
    }
    Ok(())
}
