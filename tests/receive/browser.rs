//! The form and the real receiver in Chromium, served from one origin as a reverse proxy would
//! (the site's CSP allows only its own origin for `fetch` and form posts): in every locale of
//! its `book.toml`,
//! with JavaScript on and with it off, each ending with the confirmation number on screen and
//! the same number, with the ticket in that locale, in the database. With JavaScript, every way
//! sending can fail keeps every answer and says so in the page's language: a 413 and a 503 from
//! the proxy in front (its body limit, its upstream down), a 422 and a 429 from the receiver
//! itself, and the server stopped. axe-core checks the form's states and the receiver's pages.

use crate::browser::axe::{self, Axe};
use crate::browser::webdriver::{Browser, Result};
use crate::browser::{browser_or_skip, browser_without_script_or_skip};
use crate::support::BookTest;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tolk::config::{Config, Rate};
use tolk::form::Form;
use tolk::http::{Background, ServeOptions};
use tolk::i18n::Localizer;
use tolk::receive::{self, store::Store, Receiver};

const WAIT: Duration = Duration::from_secs(20);

/// What the reverse proxy in front of the receiver does wrong on purpose: refuse bodies over
/// a limit (nginx's `client_max_body_size`, 413) or answer 503 as if the receiver were down.
#[derive(Default)]
struct Proxy {
    body_limit: AtomicUsize,
    down: AtomicBool,
}

async fn proxy(State(proxy): State<Arc<Proxy>>, request: Request, next: Next) -> Response {
    let html = [(header::CONTENT_TYPE, "text/html")];
    if proxy.down.load(Ordering::SeqCst) {
        let page = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";
        return (StatusCode::SERVICE_UNAVAILABLE, html, page).into_response();
    }
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let limit = proxy.body_limit.load(Ordering::SeqCst);
    if limit > 0 && length.is_none_or(|l| l > limit) {
        let page = "<html><body><h1>413 Request Entity Too Large</h1></body></html>";
        return (StatusCode::PAYLOAD_TOO_LARGE, html, page).into_response();
    }
    next.run(request).await
}

/// The repository's site with an endpoint, built, and served together with its receiver
/// behind [`Proxy`], on one port that survives a restart of the server.
struct Served {
    site: BookTest,
    base: String,
    port: u16,
    proxy: Arc<Proxy>,
    server: Option<Background>,
}

fn serve() -> Served {
    let mut site = BookTest::repo_copy();
    let book = std::fs::read_to_string(site.root.join("book.toml")).expect("book.toml");
    let book = book.replace("[form]\n", "[form]\nendpoint = \"/api/tickets\"\n")
        + "\n[receive]\ndatabase = \"tickets.sqlite3\"\nrate = \"1000/minute\"\n";
    site.write("book.toml", book);
    site.build().assert_published();
    let mut served = Served {
        site,
        base: String::new(),
        port: 0,
        proxy: Arc::default(),
        server: None,
    };
    served.start(Strictness::AsBuilt);
    served
}

/// The receiver as the site was built, or one deployed with a stricter `form.yaml` (a
/// customer message of at most 20 characters) and a rate of one ticket an hour.
#[derive(Clone, Copy, PartialEq)]
enum Strictness {
    AsBuilt,
    Stricter,
}

impl Served {
    /// Starts the server (again) on the same port, with a new receiver.
    fn start(&mut self, strictness: Strictness) {
        self.stop();
        let root = &self.site.root;
        let mut config = Config::from_root(root).expect("the configuration");
        let mut form = Form::load(&config).0.expect("the form");
        if strictness == Strictness::Stricter {
            let text = std::fs::read_to_string(root.join("form.yaml")).expect("form.yaml");
            let text = text.replace("max-length: 2000", "max-length: 20");
            form = Form::parse(&text, &root.join("form.yaml")).expect("the stricter form");
            config.receive.rate = Rate {
                count: 1,
                per: Duration::from_secs(3600),
            };
        }
        let (localizer, _, _) = Localizer::load(&config);
        let store = Store::open(&config.receive.database).expect("the database");
        let receiver = Arc::new(Receiver::new(config, form, localizer, store));
        let app = receive::router(receiver)
            .layer(middleware::from_fn_with_state(self.proxy.clone(), proxy))
            .merge(tolk::http::site_router(&self.site.out).expect("the site"));
        let listener = std::net::TcpListener::bind(("127.0.0.1", self.port)).expect("a port");
        let server = Background::start(listener, app, ServeOptions::default()).expect("serving");
        self.port = server.address().port();
        self.base = format!("http://{}", server.address());
        self.server = Some(server);
    }

    /// Stops the server: the page's requests find nobody listening.
    fn stop(&mut self) {
        self.server = None;
    }

    /// Stored tickets (`tolk tickets export --format jsonl`).
    fn stored(&self) -> Vec<Value> {
        let cli = crate::support::book::tolk_in(
            &self.site.root,
            &["tickets", "export", "--format", "jsonl"],
        );
        assert_eq!(cli.code, Some(0), "{}", cli.stderr);
        cli.stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect()
    }

    /// The stored ticket with confirmation `number`.
    fn ticket(&self, number: &str) -> Value {
        let all = self.stored();
        let found: Vec<&Value> = all.iter().filter(|t| t["confirmation"] == number).collect();
        assert_eq!(found.len(), 1, "{number} stored once: {all:?}");
        found[0].clone()
    }
}

/// Fills the contact, the description and the choices of an incident.
fn fill(browser: &Browser, name: &str, category: &str) -> Result<()> {
    for (field, text) in [
        ("contact_name", name),
        ("email", "security@example.org"),
        ("offer", "Contoso Backup"),
        (
            "description",
            "Sign-ins from an unknown country <b>at night</b>.",
        ),
    ] {
        browser.find(&format!("#field-{field}"))?.send_keys(text)?;
    }
    browser
        .find(&format!("#field-category-{category}"))?
        .click()?;
    browser.find("#field-has_workaround-no")?.click()
}

/// Waits for a confirmation number on screen and returns it.
fn confirmation(browser: &Browser) -> Result<String> {
    browser.wait_for("a confirmation number", WAIT, |b| {
        let text = b.find("[data-tolk-confirmation]")?.text()?;
        Ok(text.starts_with("TK-").then_some(text))
    })
}

#[test]
fn with_javascript_the_ticket_is_stored_and_confirmed_in_each_locale() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let axe = Axe::load_or_skip();
    let served = serve();
    for locale in served.site.locales() {
        let locale = locale.as_str();
        browser.goto(&format!("{}/{locale}/ticket/", served.base))?;
        fill(&browser, &format!("Script {locale}"), "incident")?;
        browser.find("[data-tolk-submit]")?.click()?;
        let number = confirmation(&browser)?;
        let stored = served.ticket(&number);
        assert_eq!(stored["locale"], locale);
        assert_eq!(stored["ticket"]["contact_name"], format!("Script {locale}"));
        assert_eq!(
            stored["ticket"]["description"],
            "Sign-ins from an unknown country <b>at night</b>."
        );
        assert_eq!(browser.take_errors()?, [], "{locale}: no console errors");
        receiver_pages_pass_axe(&served, &browser, axe.as_ref(), locale)?;
    }
    Ok(())
}

#[test]
fn without_javascript_the_form_posts_and_errors_keep_every_answer() -> Result<()> {
    let Some(browser) = browser_without_script_or_skip() else {
        return Ok(());
    };
    let served = serve();
    for locale in served.site.locales() {
        let locale = locale.as_str();
        browser.goto(&format!("{}/{locale}/ticket/", served.base))?;
        // A vulnerability with neither CVE IDs nor a vector: only the receiver can tell.
        fill(&browser, &format!("Plain {locale}"), "vulnerability")?;
        browser.find("[data-tolk-submit]")?.click()?;
        let heading = served
            .site
            .message(locale, "form-error-summary-title", None, &[]);
        browser.wait_for_text("h1", &heading, WAIT)?;
        let rule = served
            .site
            .message(locale, "form-rule-cve-or-cvss", None, &[]);
        let errors = browser.find(".error-list")?.text()?;
        assert!(errors.contains(&rule), "{locale}: {errors}");
        let kept = browser.find("#field-contact_name")?.property("value")?;
        assert_eq!(kept, format!("Plain {locale}"), "{locale}: answers kept");
        assert!(
            served.stored().iter().all(|t| t["locale"] != locale),
            "nothing stored yet"
        );
        browser
            .find("#field-cve_ids")?
            .send_keys("CVE-2021-44228")?;
        browser.find("button[type=submit]")?.click()?;
        let number = confirmation(&browser)?;
        let title = served
            .site
            .message(locale, "form-submitted-title", None, &[]);
        assert_eq!(browser.find("h1")?.text()?, title);
        let stored = served.ticket(&number);
        assert_eq!(stored["locale"], locale);
        assert_eq!(
            stored["ticket"]["cve_ids"],
            serde_json::json!(["CVE-2021-44228"])
        );
        assert_eq!(stored["ticket"]["contact_name"], format!("Plain {locale}"));
    }
    Ok(())
}

/// The receiver's own pages (what a reader without JavaScript gets), checked by axe in this
/// browser, which runs scripts: the form posted natively (`submit()` skips the page's
/// script), first a vulnerability without CVE IDs or vector (the errors page), then fixed on
/// that page (the confirmation).
fn receiver_pages_pass_axe(
    served: &Served,
    browser: &Browser,
    axe: Option<&Axe>,
    locale: &str,
) -> Result<()> {
    browser.goto(&format!("{}/{locale}/ticket/", served.base))?;
    fill(browser, &format!("Axe {locale}"), "vulnerability")?;
    // The draft this leaves would fill the next locale's form: a reader without script has none.
    browser.execute(
        "sessionStorage.clear(); document.getElementById('ticket-form').submit();",
        &[],
    )?;
    let heading = served
        .site
        .message(locale, "form-error-summary-title", None, &[]);
    browser.wait_for_text("h1", &heading, WAIT)?;
    no_axe_violations(
        axe,
        browser,
        &format!("{locale}: the receiver's errors page"),
    )?;
    browser
        .find("#field-cve_ids")?
        .send_keys("CVE-2021-44228")?;
    browser.find("button[type=submit]")?.click()?;
    let number = confirmation(browser)?;
    assert_eq!(served.ticket(&number)["locale"], locale);
    no_axe_violations(
        axe,
        browser,
        &format!("{locale}: the receiver's confirmation"),
    )?;
    // The errors page comes with its 422, and the receiver's pages name no icon.
    let errors = browser.take_errors()?;
    assert!(
        errors
            .iter()
            .all(|e| e.message.contains("422") || e.message.contains("favicon.ico")),
        "{locale}: {errors:?}"
    );
    Ok(())
}

fn no_axe_violations(axe: Option<&Axe>, browser: &Browser, what: &str) -> Result<()> {
    if let Some(axe) = axe {
        let found = axe.run(browser)?;
        assert!(found.is_empty(), "{what}:\n{}", axe::describe(&found));
    }
    Ok(())
}

/// Every answer a failure must keep: (control, value as typed or checked).
const KEPT: [(&str, &str); 7] = [
    ("#field-contact_name", "value"),
    ("#field-email", "value"),
    ("#field-offer", "value"),
    ("#field-description", "value"),
    ("#field-customer_message", "value"),
    ("#field-category-incident", "checked"),
    ("#field-has_workaround-no", "checked"),
];

/// The values of [`KEPT`], to compare before and after a failure.
fn answers_now(browser: &Browser) -> Result<Vec<Value>> {
    KEPT.iter()
        .map(|(css, property)| browser.find(css)?.property(property))
        .collect()
}

/// Sends and expects the page's message `id` in the error line, focused, with every answer
/// kept and nothing stored in this locale.
fn refused(served: &Served, browser: &Browser, locale: &str, id: &str) -> Result<()> {
    let before = answers_now(browser)?;
    browser.find("[data-tolk-submit]")?.click()?;
    let message = served.site.message(locale, id, None, &[]);
    browser.wait_for_text("[data-tolk-submit-error]", &message, WAIT)?;
    let focused = browser.active_element()?.attribute("id")?;
    assert_eq!(focused.as_deref(), Some("submit-error"), "{locale}: {id}");
    assert_eq!(
        answers_now(browser)?,
        before,
        "{locale}: {id} keeps every answer"
    );
    assert!(
        served.stored().iter().all(|t| t["locale"] != locale),
        "{locale}: {id} stores nothing"
    );
    Ok(())
}

#[test]
fn every_failure_keeps_the_answers_and_says_so_in_the_pages_language() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let axe = Axe::load_or_skip();
    let mut served = serve();
    for locale in served.site.locales() {
        let locale = locale.as_str();
        served.start(Strictness::Stricter);
        browser.goto(&format!("{}/{locale}/ticket/", served.base))?;
        fill(&browser, &format!("Faults {locale}"), "incident")?;
        // Valid for the page (2,000 characters), too long for the stricter receiver (20).
        browser
            .find("#field-customer_message")?
            .send_keys("Nothing to do for now, we think.")?;

        served.proxy.body_limit.store(64, Ordering::SeqCst);
        refused(&served, &browser, locale, "form-too-large")?;
        served.proxy.body_limit.store(0, Ordering::SeqCst);
        served.proxy.down.store(true, Ordering::SeqCst);
        refused(&served, &browser, locale, "form-server-error")?;
        served.proxy.down.store(false, Ordering::SeqCst);

        // 422 from the receiver: the error at its field, in the page's words.
        let before = answers_now(&browser)?;
        browser.find("[data-tolk-submit]")?.click()?;
        let summary = browser.find("[data-tolk-error-summary]")?;
        browser.wait_for("the receiver's field error", WAIT, |_| {
            Ok(summary.is_displayed()?.then_some(()))
        })?;
        let expected = browser
            .find("#field-customer_message-box")?
            .attribute("data-msg-too-long")?
            .expect("the page's own message");
        assert_eq!(browser.find(".error-summary-list a")?.text()?, expected);
        let inline = browser.find("#field-customer_message-error")?.text()?;
        assert!(inline.ends_with(&expected), "{locale}: {inline}");
        assert_eq!(
            answers_now(&browser)?,
            before,
            "{locale}: 422 keeps every answer"
        );
        no_axe_violations(axe.as_ref(), &browser, &format!("{locale}: 422"))?;

        // The receiver's rate (one an hour) is spent on the 422: 429.
        refused(&served, &browser, locale, "form-rate-limited")?;
        served.stop();
        refused(&served, &browser, locale, "form-network-error")?;
        no_axe_violations(axe.as_ref(), &browser, &format!("{locale}: network error"))?;

        served.start(Strictness::AsBuilt);
        browser.find("[data-tolk-submit]")?.click()?;
        let number = confirmation(&browser)?;
        let stored = served.ticket(&number);
        assert_eq!(stored["locale"], locale);
        assert_eq!(stored["ticket"]["contact_name"], format!("Faults {locale}"));
        let errors = browser.take_errors()?;
        assert!(
            errors.iter().all(|e| [
                "413",
                "503",
                "422",
                "429",
                "Failed to fetch",
                "ERR_CONNECTION_REFUSED"
            ]
            .iter()
            .any(|s| e.message.contains(s))),
            "{locale}: {errors:?}"
        );
    }
    Ok(())
}
