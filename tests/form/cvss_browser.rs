//! CVSS v4.0 vectors typed into the real form in headless Chromium, in every locale: the score
//! the page shows is the independent implementation's (`tests/vectors/cvss4_scores.tsv`), in
//! the page's language and number format; also a lowercase and a v3 vector, and the field's
//! native pattern.

use super::repo_locales;
use crate::browser::browser_or_skip;
use crate::browser::server::SiteServer;
use crate::browser::webdriver::{Browser, Result};
use crate::support::{tsv, BookTest};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

/// Every fifth vector of the shared file: 60 of its 300, spread over scores and severities.
fn sample() -> Vec<(String, String, String)> {
    let rows = tsv::read(
        "tests/vectors/cvss4_scores.tsv",
        &["vector", "score", "severity"],
    );
    assert_eq!(rows.len(), 300, "the shared v4.0 vectors");
    rows.iter()
        .step_by(5)
        .map(|row| {
            let cells = row.decoded();
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

/// What the page should show for a score: the locale's message with its number format.
fn expected(
    browser: &Browser,
    site: &BookTest,
    locale: &str,
    version: &str,
    score: &str,
    severity: &str,
) -> Result<String> {
    let format = "return new Intl.NumberFormat(arguments[0], \
        {minimumFractionDigits: 1, maximumFractionDigits: 1}).format(Number(arguments[1]));";
    let number = browser.execute(format, &[json!(locale), json!(score)])?;
    let number = number.as_str().expect("a formatted number").to_string();
    let severity = site.message(
        locale,
        &format!("form-severity-{}", severity.to_lowercase()),
        None,
        &[],
    );
    let args = [
        ("version", version),
        ("score", number.as_str()),
        ("severity", severity.as_str()),
    ];
    Ok(site.message(locale, "form-cvss-score", None, &args))
}

/// Clears the CVSS field, types `vector` into it key by key and waits for `want`.
fn type_and_expect(browser: &Browser, vector: &str, want: &str) -> Result<()> {
    let field = browser.find("#field-cvss_vector")?;
    field.clear()?;
    field.send_keys(vector)?;
    browser.wait_for_text("#field-cvss_vector-score", want, WAIT)
}

/// The field's native `pattern` (what validates without the script) takes v4.0 and lowercase
/// vectors and refuses text around a vector.
fn native_pattern_takes_v4(browser: &Browser) -> Result<()> {
    let mismatch =
        "const el = document.getElementById('field-cvss_vector'); el.value = arguments[0]; \
        const bad = el.validity.patternMismatch; el.value = ''; return bad;";
    let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    let cases = [
        (format!(" {v4}/E:P/U:Amber "), false),
        (v4.to_lowercase(), false),
        (
            "cvss:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h".to_string(),
            false,
        ),
        (format!("junk {v4}"), true),
        (format!("{v4} junk"), true),
        ("CVSS:4.1/AV:N".to_string(), true),
    ];
    for (value, bad) in cases {
        let got = browser.execute(mismatch, &[json!(value)])?;
        assert_eq!(got, json!(bad), "{value:?}");
    }
    Ok(())
}

#[test]
fn the_form_scores_cvss_v4_vectors_in_every_locale() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let site = super::built(None);
    let server = SiteServer::start(&site.out).expect("the site server starts");
    let sample = sample();
    for locale in repo_locales() {
        browser.goto(&server.url(&format!("/{locale}/ticket/")))?;
        browser.execute("sessionStorage.clear();", &[])?;
        browser.find("#field-category-vulnerability")?.click()?;
        native_pattern_takes_v4(&browser)?;
        for (vector, score, severity) in &sample {
            let want = expected(&browser, &site, &locale, "4.0", score, severity)?;
            if let Err(e) = type_and_expect(&browser, vector, &want) {
                panic!("{locale}: {vector}: {e}");
            }
        }
        // An all-lowercase vector, with spaces around it, is scored as its canonical form.
        let (vector, score, severity) = &sample[0];
        let want = expected(&browser, &site, &locale, "4.0", score, severity)?;
        type_and_expect(&browser, &format!("  {}  ", vector.to_lowercase()), &want)?;
        let v3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        let want = expected(&browser, &site, &locale, "3.1", "9.8", "Critical")?;
        type_and_expect(&browser, v3, &want)?;
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");
    }
    Ok(())
}
