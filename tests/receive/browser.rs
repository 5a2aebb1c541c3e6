//! The form and the real receiver in Chromium, served from one origin as a reverse proxy would
//! (the site's CSP allows only its own origin for `fetch` and form posts): in two locales,
//! with JavaScript on and with it off, each ending with the confirmation number on screen and
//! the same number, with the ticket in that locale, in the database.

use crate::browser::webdriver::{Browser, Result};
use crate::browser::{browser_or_skip, browser_without_script_or_skip};
use crate::support::BookTest;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tolk::config::Config;
use tolk::form::Form;
use tolk::http::{Background, ServeOptions};
use tolk::i18n::Localizer;
use tolk::receive::{self, store::Store, Receiver};

const WAIT: Duration = Duration::from_secs(20);
const LOCALES: [&str; 2] = ["en-US", "nl-NL"];

/// The repository's site with an endpoint, built, and served together with its receiver.
struct Served {
    site: BookTest,
    base: String,
    _server: Background,
}

fn serve() -> Served {
    let mut site = BookTest::repo_copy();
    let book = std::fs::read_to_string(site.root.join("book.toml")).expect("book.toml");
    let book = book.replace("[form]\n", "[form]\nendpoint = \"/api/tickets\"\n")
        + "\n[receive]\ndatabase = \"tickets.sqlite3\"\nrate = \"1000/minute\"\n";
    site.write("book.toml", book);
    site.build().assert_published();
    let config = Config::from_root(&site.root).expect("the configuration");
    let form = Form::load(&config).0.expect("the form");
    let (localizer, _, _) = Localizer::load(&config);
    let store = Store::open(&config.receive.database).expect("the database");
    let receiver = Arc::new(Receiver::new(config, form, localizer, store));
    let app =
        receive::router(receiver).merge(tolk::http::site_router(&site.out).expect("the site"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let server = Background::start(listener, app, ServeOptions::default()).expect("the server");
    Served {
        base: format!("http://{}", server.address()),
        site,
        _server: server,
    }
}

impl Served {
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
    let served = serve();
    for locale in LOCALES {
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
    }
    Ok(())
}

#[test]
fn without_javascript_the_form_posts_and_errors_keep_every_answer() -> Result<()> {
    let Some(browser) = browser_without_script_or_skip() else {
        return Ok(());
    };
    let served = serve();
    for locale in LOCALES {
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
