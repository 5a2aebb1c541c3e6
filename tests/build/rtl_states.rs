//! Right-to-left pages in the states a script makes (issue 17), on the ar-SA + he-IL site of
//! `rtl_pages`: the ticket form with every error shown, with every field answered (the live
//! CVSS score shown), its review screen, and search results
//! that list an English stand-in among the locale's pages. In each, at 390 and 1280 px: no
//! sideways scroll, every English text the build or the script shows sits under
//! `lang="en-US"` and runs left to right (`rtl_pages::SEE`), axe finds nothing, and on the form
//! the Tab key visits the fields in the order they are laid out (right to left, then down).
//! Screenshots: `target/screenshots/rtl-state-*.png`.

use super::rtl_pages::{english_texts, look, rtl_site};
use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::webdriver::Result;
use crate::browser::{browser_or_skip_with, screenshot_path, Browser, Viewport};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Answers every shown field validly from the form's own rules (`data-tolk-rules`), so the
/// test does not depend on field names: the first choice of each group, a value that fits each
/// kind of field. Returns how many fields it answered.
const FILL: &str = r#"
const form = document.querySelector('form[data-tolk-form]');
const rules = JSON.parse(form.getAttribute('data-tolk-rules'));
const value = {
  'cve-list': 'CVE-2021-44228', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  email: 'reporter@example.org'
};
// The choices that reveal other fields (the CVE IDs and the CVSS vector), so all are shown.
const reveal = {};
for (const field of rules.fields) {
  if (field.shownWhen) reveal[field.shownWhen.field] = field.shownWhen.equals;
}
let answered = 0;
for (let pass = 0; pass < 3; pass += 1) {
  for (const field of rules.fields) {
    const box = form.querySelector(`[data-field="${field.id}"]`);
    if (!box || box.hidden || box.closest('[hidden]')) continue;
    const radio = box.querySelector(`input[type=radio][value="${reveal[field.id]}"]`) ||
      box.querySelector('input[type=radio]');
    if (radio) {
      if (!box.querySelector('input[type=radio]:checked')) { radio.click(); answered += 1; }
      continue;
    }
    const control = box.querySelector('input, textarea');
    if (!control || control.value) continue;
    control.value = value[field.type] || 'Contoso Cloud 2.1';
    control.dispatchEvent(new Event('input', {bubbles: true}));
    control.dispatchEvent(new Event('change', {bubbles: true}));
    answered += 1;
  }
}
return answered;
"#;

/// Where each element the Tab key reaches sits: `[tag#id, left, right, top]`.
const FOCUSED: &str = r#"
const el = document.activeElement;
const r = el.getBoundingClientRect();
return [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), r.left, r.right, r.top + scrollY];
"#;

#[test]
fn rtl_form_errors_review_and_search_results_read_right() -> Result<()> {
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
        for width in [390, 1280] {
            browser.set_viewport(Viewport { width, height: 800 })?;
            let check = |state: &str, out: &mut Vec<String>| -> Result<()> {
                let name = format!("rtl-state-{locale}-{state}-{width}");
                out.extend(look(&browser, &english, locale, &name)?);
                let violations = axe.run(&browser)?;
                if !violations.is_empty() {
                    out.push(format!("{name}: axe:\n{}", axe::describe(&violations)));
                }
                for e in browser.take_errors()? {
                    out.push(format!("{name}: console {}: {}", e.source, e.message));
                }
                browser.screenshot(&screenshot_path(&name))
            };
            browser.goto(&server.url(&format!("/{locale}/ticket/")))?;
            // The previous round's answers are kept as a draft in this tab: start empty.
            browser.execute("sessionStorage.clear();", &[])?;
            browser.refresh()?;
            browser.find("[data-tolk-submit]")?.click()?;
            browser.wait_for("the error summary", WAIT, |b| {
                Ok(b.find("[data-tolk-error-summary]")?
                    .is_displayed()?
                    .then_some(()))
            })?;
            check("errors", &mut out)?;
            out.extend(tab_order(&browser, &format!("{locale} {width} px"))?);
            let answered = browser.execute(FILL, &[])?;
            assert!(answered.as_u64() > Some(3), "{locale}: answered {answered}");
            let score = browser.find("[data-tolk-score]")?;
            assert!(!score.text()?.is_empty(), "{locale}: the live score");
            browser.execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                &[score.to_arg()],
            )?;
            check("score", &mut out)?;
            browser.find("[data-tolk-submit]")?.click()?;
            browser.wait_for("the review", WAIT, |b| {
                Ok(b.find("[data-tolk-review]")?.is_displayed()?.then_some(()))
            })?;
            check("review", &mut out)?;
            browser.goto(&server.url(&format!("/{locale}/")))?;
            browser.find("#site-search-input")?.send_keys("English")?;
            browser.wait_for("search results", WAIT, |b| {
                Ok((!b.find_all("#site-search-results a")?.is_empty()).then_some(()))
            })?;
            check("search", &mut out)?;
        }
    }
    assert!(out.is_empty(), "{}", out.join("\n"));
    Ok(())
}

/// Tabs from the focused error summary through the form and returns each step that goes
/// against the layout of a right-to-left page: to the right on the same line, or back up to
/// a place that is not in a later column (to the left).
fn tab_order(browser: &Browser, name: &str) -> Result<Vec<String>> {
    let mut steps = Vec::new();
    for _ in 0..40 {
        browser.active_element()?.send_keys("\u{E004}")?;
        let at = browser.execute(FOCUSED, &[])?;
        let inside = browser.execute(
            "return Boolean(document.activeElement.closest('form[data-tolk-form]'));",
            &[],
        )?;
        if inside != Value::Bool(true) {
            if steps.is_empty() {
                continue; // the summary's links come first
            }
            break;
        }
        steps.push(at);
    }
    let num = |v: &Value, i: usize| v[i].as_f64().unwrap_or(0.0);
    let mut wrong = Vec::new();
    for pair in steps.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let same_line = (num(b, 3) - num(a, 3)).abs() < 4.0;
        let backwards = if same_line {
            num(b, 1) > num(a, 1) + 1.0 // moves right on one line
        } else {
            num(b, 3) < num(a, 3) && num(b, 2) > num(a, 1) + 1.0 // up, and not to a column on the left
        };
        if backwards {
            wrong.push(format!("{name}: Tab goes from {} to {}", a[0], b[0]));
        }
    }
    if steps.len() < 5 {
        wrong.push(format!(
            "{name}: Tab reached only {} controls: {}",
            steps.len(),
            json!(steps)
        ));
    }
    Ok(wrong)
}
