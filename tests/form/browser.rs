//! The form in headless Chromium, in every locale: the error summary and its links, the rule
//! over CVE and CVSS, the live CVSS score, review or submission, drafts, axe, screenshots.

use super::repo_locales;
use crate::browser::axe::{self, Axe};
use crate::browser::server::SiteServer;
use crate::browser::webdriver::{keys, Browser, Result, Viewport};
use crate::browser::{browser_or_skip, browser_or_skip_with, screenshot_path};
use crate::support::BookTest;
use serde_json::{json, Value};
use std::time::Duration;
use tolk::form::validate_ticket;

pub(super) const WAIT: Duration = Duration::from_secs(5);

/// The fields that are required whatever is chosen, as the empty form reports them (issue
/// type is preselected).
const REQUIRED: [&str; 6] = [
    "contact_name",
    "email",
    "offer",
    "category",
    "description",
    "has_workaround",
];

/// What a reader of `locale` types: text in their language, with its letters.
pub(super) fn answers(locale: &str) -> [(&'static str, &'static str); 5] {
    let (name, description) = match locale {
        "nl-NL" => (
            "Sanne de Vriës",
            "Bij het parsen van logregels wordt code uitgevoerd.",
        ),
        "hu-HU" => ("Szőke Árpád", "A naplóelemző távoli kódfuttatást enged."),
        "tr-TR" => (
            "İlkay Işıkgüzel",
            "Günlük ayrıştırıcı uzaktan kod çalıştırmaya izin veriyor.",
        ),
        _ => ("Jane Doe", "The log parser runs code found in log lines."),
    };
    [
        ("contact_name", name),
        ("email", "security@contoso.example"),
        ("offer", "Contoso Backup"),
        ("description", description),
        (
            "customer_message",
            "Şu an için bir işlem gerekmiyor — ő, ü, ë, İ, ı.",
        ),
    ]
}

/// Serves the built site for a browser.
pub(super) fn serve(site: &BookTest) -> SiteServer {
    SiteServer::start(&site.out).expect("the site server starts")
}

/// Loads `path` of the site.
fn visit(browser: &Browser, server: &SiteServer, path: &str) -> Result<()> {
    browser.goto(&server.url(path))
}

/// Reloads the page.
fn reload(browser: &Browser, _server: &SiteServer) -> Result<()> {
    browser.refresh()
}

pub(super) fn open_clean(browser: &Browser, server: &SiteServer, locale: &str) -> Result<()> {
    visit(browser, server, &format!("/{locale}/ticket/"))?;
    browser.execute("localStorage.clear(); sessionStorage.clear();", &[])?;
    reload(browser, server)?;
    let novalidate = browser
        .find("form[data-tolk-form]")?
        .property("noValidate")?;
    assert_eq!(
        novalidate,
        Value::Bool(true),
        "{locale}: the script turns native validation off"
    );
    Ok(())
}

pub(super) fn type_into(browser: &Browser, field: &str, text: &str) -> Result<()> {
    browser.find(&format!("#field-{field}"))?.send_keys(text)
}

/// An element's whole text, hidden parts included (WebDriver's text is the rendered one, which
/// puts the visually hidden "Error:" on a line of its own).
pub(super) fn text_content(browser: &Browser, css: &str) -> Result<String> {
    let value = browser.find(css)?.property("textContent")?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

/// Waits until `css` holds exactly `expected` as its text content.
fn wait_for_content(browser: &Browser, css: &str, expected: &str) -> Result<()> {
    let what = format!("{expected:?} in {css}");
    browser.wait_for(&what, WAIT, |b| {
        Ok((text_content(b, css)? == expected).then_some(()))
    })
}

pub(super) fn active_id(browser: &Browser) -> Result<String> {
    Ok(browser
        .active_element()?
        .attribute("id")?
        .unwrap_or_default())
}

fn summary_links(browser: &Browser) -> Result<Vec<String>> {
    browser
        .find_all(".error-summary-list a")?
        .iter()
        .map(|a| a.text())
        .collect()
}

pub(super) fn no_axe_violations(axe: Option<&Axe>, browser: &Browser, what: &str) -> Result<()> {
    if let Some(axe) = axe {
        let found = axe.run(browser)?;
        assert!(found.is_empty(), "{what}:\n{}", axe::describe(&found));
    }
    Ok(())
}

/// Submits the empty form: the summary in the reader's language, focused, with links that move
/// focus to their fields; inline errors tied to the fields; "Error:" before the title.
fn empty_form_errors(
    browser: &Browser,
    site: &BookTest,
    locale: &str,
    axe: Option<&Axe>,
) -> Result<()> {
    let title = browser.title()?;
    browser.find("[data-tolk-submit]")?.click()?;
    let summary = browser.find("[data-tolk-error-summary]")?;
    assert!(summary.is_displayed()?, "{locale}: the summary shows");
    assert_eq!(
        active_id(browser)?,
        "error-summary",
        "{locale}: the summary takes focus"
    );
    let prefix = site.message(locale, "form-error-prefix", None, &[]);
    assert_eq!(browser.title()?, format!("{prefix} {title}"));
    let heading = browser.find("#error-summary-title")?.text()?;
    assert_eq!(
        heading,
        site.message(locale, "form-error-summary-title", None, &[])
    );
    let expected: Vec<String> = REQUIRED
        .iter()
        .map(|f| site.message(locale, &format!("form-field-{f}"), Some("required"), &[]))
        .collect();
    assert_eq!(summary_links(browser)?, expected, "{locale}");
    browser.screenshot(&screenshot_path(&format!("form-{locale}-desktop-errors")))?;
    for (i, field) in REQUIRED.iter().enumerate() {
        browser.find_all(".error-summary-list a")?[i].click()?;
        let focused = active_id(browser)?;
        assert!(
            focused.starts_with(&format!("field-{field}")),
            "{locale}: link {i} focused {focused}"
        );
    }
    let email = browser.find("#field-email")?;
    assert_eq!(email.attribute("aria-invalid")?.as_deref(), Some("true"));
    let described = email.attribute("aria-describedby")?.unwrap_or_default();
    assert!(
        described.split(' ').any(|id| id == "field-email-error"),
        "{described}"
    );
    let inline = text_content(browser, "#field-email-error")?;
    assert_eq!(
        inline,
        format!("{prefix} {}", expected[1]),
        "{locale}: inline error"
    );
    let group = browser
        .find("[data-field=category] fieldset")?
        .attribute("aria-describedby")?;
    assert!(
        group.is_some_and(|d| d.contains("field-category-error")),
        "{locale}: radio group"
    );
    no_axe_violations(axe, browser, &format!("{locale}: form with errors"))
}

/// A vulnerability without CVE IDs or a CVSS vector: only the rule's error, at the CVE field;
/// then a CVSS vector scored as it is typed, and a CVE list checked when the field is left.
fn vulnerability_rule_and_score(browser: &Browser, site: &BookTest, locale: &str) -> Result<()> {
    for (field, text) in answers(locale) {
        type_into(browser, field, text)?;
    }
    browser.find("#field-category-vulnerability")?.click()?;
    browser.find("#field-has_workaround-no")?.click()?;
    browser.find("[data-tolk-submit]")?.click()?;
    let rule = site.message(locale, "form-rule-cve-or-cvss", None, &[]);
    let links = summary_links(browser)?;
    assert_eq!(
        links,
        std::slice::from_ref(&rule),
        "{locale}: only the rule fails"
    );
    browser.find(".error-summary-list a")?.click()?;
    assert_eq!(active_id(browser)?, "field-cve_ids");
    assert!(text_content(browser, "#field-cve_ids-error")?.ends_with(&rule));

    type_into(browser, "cvss_vector", "CVSS:3.1/AV:N/AC:L")?;
    let incomplete = site.message(locale, "form-cvss-incomplete", None, &[]);
    browser.wait_for_text("#field-cvss_vector-score", &incomplete, WAIT)?;
    type_into(browser, "cvss_vector", "/PR:N/UI:N/S:U/C:H/I:H/A:H")?;
    // 9.8 as the reader's locale writes it (9,8 in nl-NL, hu-HU, tr-TR), whatever the locale.
    let format =
        "return new Intl.NumberFormat(arguments[0], {minimumFractionDigits: 1}).format(9.8);";
    let score = browser.execute(format, &[json!(locale)])?;
    let score = score.as_str().expect("a formatted number");
    let severity = site.message(locale, "form-severity-critical", None, &[]);
    let args = [
        ("version", "3.1"),
        ("score", score),
        ("severity", severity.as_str()),
    ];
    let expected = site.message(locale, "form-cvss-score", None, &args);
    browser.wait_for_text("#field-cvss_vector-score", &expected, WAIT)?;

    type_into(browser, "cvss_vector", keys::TAB)?;
    let summary = browser.find("[data-tolk-error-summary]")?;
    assert!(
        !summary.is_displayed()?,
        "{locale}: the vector satisfies the rule"
    );
    assert!(!browser
        .title()?
        .starts_with(&site.message(locale, "form-error-prefix", None, &[])));
    type_into(
        browser,
        "cve_ids",
        &format!("cve-2021-44228, CVE-2021-123{}", keys::TAB),
    )?;
    let args = [("token", "CVE-2021-123")];
    let message = site.message(locale, "form-error-cve-sequence-short", None, &args);
    let prefix = site.message(locale, "form-error-prefix", None, &[]);
    wait_for_content(
        browser,
        "#field-cve_ids-error",
        &format!("{prefix} {message}"),
    )?;
    assert!(
        !summary.is_displayed()?,
        "{locale}: errors found on leaving a field stay inline"
    );
    browser.find("#field-cve_ids")?.clear()?;
    type_into(
        browser,
        "cve_ids",
        &format!("cve-2021-44228 CVE-2021-0123{}", keys::TAB),
    )?;
    let error = browser.find("#field-cve_ids-error")?;
    browser.wait_for("the CVE error to go", WAIT, |_| {
        Ok((!error.is_displayed()?).then_some(()))
    })?;
    assert!(
        !browser.find("[data-tolk-error-summary]")?.is_displayed()?,
        "{locale}: no error left"
    );
    Ok(())
}

/// Without an endpoint a valid ticket leads to the review: answers shown as labels, a JSON
/// download, a text copy; "change" goes back with everything kept, and so does a reload.
fn review_download_and_draft(
    browser: &Browser,
    server: &SiteServer,
    site: &BookTest,
    locale: &str,
    axe: Option<&Axe>,
) -> Result<()> {
    browser.find("[data-tolk-submit]")?.click()?;
    let review = browser.find("[data-tolk-review]")?;
    assert!(review.is_displayed()?, "{locale}: the review shows");
    assert!(!browser.find("form[data-tolk-form]")?.is_displayed()?);
    assert_eq!(active_id(browser)?, "review-title");
    let listed = browser.find("[data-tolk-review-list]")?.text()?;
    let category = site.message(locale, "form-field-category-vulnerability", None, &[]);
    for wanted in [
        category.as_str(),
        "CVE-2021-44228, CVE-2021-0123",
        answers(locale)[0].1,
    ] {
        assert!(
            listed.contains(wanted),
            "{locale}: review lacks {wanted:?}:\n{listed}"
        );
    }
    let href = browser
        .find("[data-tolk-download]")?
        .attribute("href")?
        .unwrap_or_default();
    assert!(href.starts_with("blob:"), "{locale}: download link {href}");
    let text = browser.find("#review-text")?.property("value")?;
    let cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    assert!(text.as_str().is_some_and(|t| t.contains(cvss)), "{text}");
    no_axe_violations(axe, browser, &format!("{locale}: review"))?;
    browser.screenshot(&screenshot_path(&format!("form-{locale}-desktop-review")))?;

    browser.find("[data-tolk-edit]")?.click()?;
    reload(browser, server)?;
    let description = browser.find("#field-description")?.property("value")?;
    assert_eq!(
        description,
        answers(locale)[3].1,
        "{locale}: the draft survives a reload"
    );
    let checked = browser
        .find("#field-category-vulnerability")?
        .property("checked")?;
    assert_eq!(checked, Value::Bool(true));
    assert!(browser.find("[data-tolk-draft-notice]")?.is_displayed()?);
    assert!(
        browser.find("[data-field=cve_ids]")?.is_displayed()?,
        "the CVE field is revealed"
    );
    assert_eq!(
        browser.execute(LASTING_DRAFT, &[])?,
        Value::Null,
        "{locale}: no draft outlives the tab"
    );
    browser.find("[data-tolk-draft-clear]")?.click()?;
    assert_eq!(browser.find("#field-description")?.property("value")?, "");
    assert!(
        !browser.find("[data-field=cve_ids]")?.is_displayed()?,
        "hidden for no category"
    );
    fill_valid(browser, locale)?;
    draft_goes_after_copy_and_download(browser, site, locale)?;
    browser.find("[data-tolk-edit]")?.click()?;
    reload(browser, server)?;
    assert_eq!(
        browser.find("#field-description")?.property("value")?,
        "",
        "{locale}: nothing is kept after the download"
    );
    Ok(())
}

/// The draft as stored for this tab only, and anything stored beyond it.
pub(super) const DRAFT: &str = "return sessionStorage.getItem('tolk.ticket.draft');";
const LASTING_DRAFT: &str = "return localStorage.getItem('tolk.ticket.draft');";

/// From the form with a draft: review, copy (the draft goes if the copy worked), download
/// (the draft goes).
fn draft_goes_after_copy_and_download(
    browser: &Browser,
    site: &BookTest,
    locale: &str,
) -> Result<()> {
    assert!(
        browser.execute(DRAFT, &[])?.is_string(),
        "{locale}: a draft"
    );
    browser.find("[data-tolk-submit]")?.click()?;
    browser.find("[data-tolk-copy]")?.click()?;
    let copied = site.message(locale, "form-copied", None, &[]);
    let done = [
        copied.clone(),
        site.message(locale, "form-copy-failed", None, &[]),
    ];
    let status = browser.wait_for("the copy status", WAIT, |b| {
        let status = b.find("[data-tolk-copy-status]")?.text()?;
        Ok(done.contains(&status).then_some(status))
    })?;
    if status == copied {
        assert_eq!(
            browser.execute(DRAFT, &[])?,
            Value::Null,
            "{locale}: copied"
        );
    }
    browser.find("[data-tolk-download]")?.click()?;
    assert_eq!(
        browser.execute(DRAFT, &[])?,
        Value::Null,
        "{locale}: downloaded"
    );
    Ok(())
}

#[test]
fn the_form_validates_and_reviews_in_every_locale() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let axe = Axe::load_or_skip();
    let site = super::built(None);
    let server = serve(&site);
    for locale in repo_locales() {
        let article = format!("/{locale}/how-to-log-a-security-event-support-ticket/");
        visit(&browser, &server, &article)?;
        no_axe_violations(axe.as_ref(), &browser, &format!("{locale}: article"))?;
        open_clean(&browser, &server, &locale)?;
        assert!(!browser.find("[data-field=remediation]")?.is_displayed()?);
        no_axe_violations(axe.as_ref(), &browser, &format!("{locale}: form"))?;
        browser.screenshot(&screenshot_path(&format!("form-{locale}-desktop")))?;
        empty_form_errors(&browser, &site, &locale, axe.as_ref())?;
        vulnerability_rule_and_score(&browser, &site, &locale)?;
        review_download_and_draft(&browser, &server, &site, &locale, axe.as_ref())?;
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");
    }
    Ok(())
}

/// The native `pattern`s (what validates without the script) compile under the `v` flag
/// browsers use and tell good lists and vectors from bad ones.
fn native_patterns(browser: &Browser) -> Result<()> {
    let mismatch = "const el = document.getElementById(arguments[0]); el.value = arguments[1]; \
        const bad = el.validity.patternMismatch; el.value = ''; return bad;";
    let cases = [
        (
            "field-cve_ids",
            "CVE-2021-44228, cve-2021-0123  CVE-1999-0001",
            false,
        ),
        ("field-cve_ids", "CVE-21-1234", true),
        ("field-cve_ids", "CVE-2021-44228;CVE-2021-0123", true),
        (
            "field-cvss_vector",
            " CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ",
            false,
        ),
        ("field-cvss_vector", "CVSS:2.0/AV:N", true),
        ("field-cvss_vector", "AV:N/AC:L", true),
    ];
    for (id, value, bad) in cases {
        let got = browser.execute(mismatch, &[json!(id), json!(value)])?;
        assert_eq!(got, json!(bad), "{id} = {value:?}");
    }
    Ok(())
}

#[test]
fn the_form_fits_a_phone_in_every_locale() -> Result<()> {
    let Some(browser) = browser_or_skip_with(Viewport::PHONE) else {
        return Ok(());
    };
    let site = super::built(None);
    let server = serve(&site);
    let overflow = "return document.documentElement.scrollWidth - window.innerWidth;";
    for locale in repo_locales() {
        open_clean(&browser, &server, &locale)?;
        if locale == "en-US" {
            native_patterns(&browser)?;
        }
        browser.screenshot(&screenshot_path(&format!("form-{locale}-phone")))?;
        browser.find("[data-tolk-submit]")?.click()?;
        browser.screenshot(&screenshot_path(&format!("form-{locale}-phone-errors")))?;
        browser.find("#field-category-vulnerability")?.click()?;
        browser.find("#field-has_workaround-yes")?.click()?;
        type_into(
            &browser,
            "cvss_vector",
            "CVSS:3.0/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:N",
        )?;
        browser.execute(
            "document.getElementById('field-cvss_vector').scrollIntoView({block: 'center'});",
            &[],
        )?;
        browser.screenshot(&screenshot_path(&format!(
            "form-{locale}-phone-vulnerability"
        )))?;
        let wider = browser.execute(overflow, &[])?.as_i64().unwrap_or(i64::MAX);
        assert!(
            wider <= 0,
            "{locale}: the page is {wider}px wider than the phone"
        );
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");
    }
    Ok(())
}

/// Fills a valid ticket with a workaround, a CVE ID in lower case and a CVSS v3.0 vector.
pub(super) fn fill_valid(browser: &Browser, locale: &str) -> Result<()> {
    for (field, text) in answers(locale) {
        type_into(browser, field, text)?;
    }
    browser.find("#field-category-vulnerability")?.click()?;
    type_into(browser, "cve_ids", "cve-2021-44228")?;
    type_into(
        browser,
        "cvss_vector",
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    )?;
    browser.find("#field-has_workaround-yes")?.click()?;
    type_into(browser, "remediation", "1. Upgrade.\n2. Restart.")
}

#[test]
fn the_form_posts_tickets_to_the_endpoint_in_every_locale() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let axe = Axe::load_or_skip();
    let site = super::built(Some("/api/tickets"));
    let server = serve(&site);
    let form = super::repo_form();
    let locales = repo_locales();
    let schema = tolk::form::schema::ticket_schema(&form, &locales, None);
    let draft = DRAFT;
    for locale in &locales {
        let endpoint = server.json_endpoint("/api/tickets", 503, json!({ "error": "unavailable" }));
        open_clean(&browser, &server, locale)?;
        fill_valid(&browser, locale)?;
        browser.find("[data-tolk-submit]")?.click()?;
        let failure = site.message(locale, "form-server-error", None, &[]);
        browser.wait_for_text("[data-tolk-submit-error]", &failure, WAIT)?;
        assert_eq!(
            active_id(&browser)?,
            "submit-error",
            "{locale}: the message has focus"
        );
        let description = browser.find("#field-description")?.property("value")?;
        assert_eq!(
            description,
            answers(locale)[3].1,
            "{locale}: what was typed is kept"
        );
        assert!(
            browser.execute(draft, &[])?.is_string(),
            "{locale}: the draft is kept"
        );
        assert_eq!(
            browser.execute(LASTING_DRAFT, &[])?,
            Value::Null,
            "{locale}: for this tab only"
        );
        no_axe_violations(axe.as_ref(), &browser, &format!("{locale}: server error"))?;
        let errors = browser.take_errors()?;
        assert!(
            errors.iter().all(|e| e.message.contains("503")),
            "{locale}: {errors:?}"
        );

        let number = format!("SEC-{locale}-0042");
        endpoint.respond_with(201, json!({ "confirmation": number }));
        browser.find("[data-tolk-submit]")?.click()?;
        browser.wait_for_text("[data-tolk-confirmation]", &number, WAIT)?;
        assert_eq!(
            active_id(&browser)?,
            "submitted-title",
            "{locale}: focus on the result"
        );
        assert!(!browser.find("form[data-tolk-form]")?.is_displayed()?);
        assert_eq!(
            browser.execute(draft, &[])?,
            Value::Null,
            "{locale}: draft cleared"
        );
        browser.screenshot(&screenshot_path(&format!(
            "form-{locale}-desktop-submitted"
        )))?;
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");

        let received = endpoint.received();
        assert_eq!(received.len(), 2, "{locale}: one failed and one good POST");
        assert_eq!(
            received[1].content_type.as_deref(),
            Some("application/json")
        );
        let ticket = received[1].json().expect("the body is JSON");
        let valid = validate_ticket(&form, &locales, &ticket);
        assert!(valid.is_ok(), "{locale}: {valid:?}\n{ticket}");
        let problems = super::schema_check::check(&schema, &ticket);
        assert!(problems.is_empty(), "{locale}: {problems:?}");
        assert_eq!(ticket["locale"], json!(locale));
        assert_eq!(ticket["cve_ids"], json!(["CVE-2021-44228"]), "normalized");
        assert_eq!(ticket["category"], "vulnerability");
        assert_eq!(ticket["contact_name"], answers(locale)[0].1);
        assert_eq!(ticket["remediation"], "1. Upgrade.\n2. Restart.");
        assert_eq!(
            received[0].json(),
            Some(ticket),
            "{locale}: the retry sends the same"
        );
    }
    Ok(())
}
