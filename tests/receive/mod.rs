//! `tolk receive` on 127.0.0.1: the endpoint contract (JSON and urlencoded), every refusal
//! (422, 413, 415, 400, 403, 429, the honeypot) storing nothing, idempotent resubmission, HTML
//! typed into fields kept as text, and `tolk tickets` (`load.rs`: many clients, and SIGKILL).

mod browser;
mod hostile;
mod load;

use crate::support::repo;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tolk::config::Config;
use tolk::form::Form;
use tolk::http::{Background, ServeOptions};
use tolk::i18n::Localizer;
use tolk::receive::{self, store::Store, Receiver};

/// A site for the receiver: the repository's book.toml with an endpoint and `[receive]` (with
/// `rate`), its form.yaml and locales, in a temporary folder that also holds the database.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(rate: &str) -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let book = std::fs::read_to_string(repo().join("book.toml")).expect("book.toml");
        let book = format!(
            "{book}endpoint = \"/api/tickets\"\n\n[receive]\ndatabase = \"tickets.sqlite3\"\n\
             rate = \"{rate}\"\nallowed-origin = \"https://docs.example\"\n"
        );
        std::fs::write(dir.path().join("book.toml"), book).expect("write book.toml");
        std::fs::copy(repo().join("form.yaml"), dir.path().join("form.yaml")).expect("form.yaml");
        for locale in std::fs::read_dir(repo().join("locales")).expect("locales") {
            let locale = locale.expect("a locale folder").path();
            let into = dir
                .path()
                .join("locales")
                .join(locale.file_name().expect("a name"));
            std::fs::create_dir_all(&into).expect("a locale folder");
            for file in std::fs::read_dir(&locale).expect("ftl files") {
                let file = file.expect("an ftl file").path();
                std::fs::copy(&file, into.join(file.file_name().expect("a name"))).expect("copy");
            }
        }
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn database(&self) -> PathBuf {
        self.root().join("tickets.sqlite3")
    }

    /// The receiver, in this process, on a free loopback port.
    pub fn start(&self) -> Running {
        let config = Config::from_root(self.root()).expect("the site's configuration");
        let (form, d) = Form::load(&config);
        let form = form.unwrap_or_else(|| panic!("the form: {d:?}"));
        let (localizer, _, _) = Localizer::load(&config);
        let store = Store::open(&config.receive.database).expect("the database");
        let router = receive::router(std::sync::Arc::new(Receiver::new(
            config, form, localizer, store,
        )));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let options = ServeOptions {
            max_body: receive::MAX_BODY,
            ..ServeOptions::default()
        };
        let server = Background::start(listener, router, options).expect("the receiver");
        Running {
            url: format!("http://{}/api/tickets", server.address()),
            _server: server,
        }
    }

    /// Every stored ticket, read as `tolk tickets export --format jsonl` prints them.
    pub fn stored(&self) -> Vec<Value> {
        if !self.database().exists() {
            return Vec::new();
        }
        let cli =
            crate::support::book::tolk_in(self.root(), &["tickets", "export", "--format", "jsonl"]);
        assert_eq!(cli.code, Some(0), "{}", cli.stderr);
        cli.stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }
}

/// A running receiver.
pub struct Running {
    pub url: String,
    _server: Background,
}

/// An answer: status, headers we look at, body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub retry_after: Option<String>,
    pub allow_origin: Option<String>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into()
}

/// POSTs `body` as `content_type` (none when `None`) with extra headers.
pub fn post(
    agent: &ureq::Agent,
    url: &str,
    content_type: Option<&str>,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut request = agent.post(url);
    if let Some(ct) = content_type {
        request = request.header("Content-Type", ct);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send(body).expect("an answer");
    answer(response)
}

fn answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (content_type, retry_after, allow_origin) = (
        header("content-type").unwrap_or_default(),
        header("retry-after"),
        header("access-control-allow-origin"),
    );
    Answer {
        status: response.status().as_u16(),
        content_type,
        retry_after,
        allow_origin,
        body: response.body_mut().read_to_string().unwrap_or_default(),
    }
}

pub fn post_json(agent: &ureq::Agent, url: &str, ticket: &Value) -> Answer {
    post(
        agent,
        url,
        Some("application/json"),
        &[],
        ticket.to_string().as_bytes(),
    )
}

/// POSTs a ticket as the page's script does: JSON, with its submission id as `Idempotency-Key`.
pub fn post_keyed(agent: &ureq::Agent, url: &str, ticket: &Value, key: &str) -> Answer {
    let body = ticket.to_string();
    let headers = [("Idempotency-Key", key)];
    post(
        agent,
        url,
        Some("application/json"),
        &headers,
        body.as_bytes(),
    )
}

pub fn post_form(agent: &ureq::Agent, url: &str, pairs: &[(&str, &str)]) -> Answer {
    let body: String = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    post(
        agent,
        url,
        Some("application/x-www-form-urlencoded"),
        &[],
        body.as_bytes(),
    )
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A valid incident ticket; `n` makes it unique.
pub fn ticket(locale: &str, n: usize) -> Value {
    json!({
        "locale": locale,
        "contact_name": format!("Reporter {n}"),
        "email": "security@example.org",
        "offer": "Contoso Backup",
        "issue_type": "security-event",
        "category": "incident",
        "description": format!("Unexpected sign-ins, case {n}."),
        "has_workaround": "no"
    })
}

/// The same ticket as urlencoded pairs.
pub fn form_pairs(ticket: &Value) -> Vec<(String, String)> {
    ticket
        .as_object()
        .expect("an object")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("text").to_string()))
        .collect()
}

fn pairs_ref(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn is_confirmation(text: &str) -> bool {
    let b = text.as_bytes();
    text.len() == 17 && text.starts_with("TK-") && b[7] == b'-' && b[12] == b'-'
}

#[test]
fn a_json_ticket_is_stored_before_the_confirmation_and_listed() {
    let site = Site::new("100/minute");
    let server = site.start();
    let a = post_json(&agent(), &server.url, &ticket("en-US", 1));
    assert_eq!(a.status, 201, "{}", a.body);
    assert!(a.content_type.starts_with("application/json"));
    let number = a.json()["confirmation"]
        .as_str()
        .expect("a number")
        .to_string();
    assert!(is_confirmation(&number), "{number}");
    let stored = site.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["confirmation"], number.as_str());
    assert_eq!(stored[0]["ticket"], ticket("en-US", 1));
    let list = crate::support::book::tolk_in(site.root(), &["tickets", "list"]);
    assert_eq!(list.code, Some(0));
    assert!(
        list.stdout.contains(&number) && list.stdout.contains("Reporter 1"),
        "{}",
        list.stdout
    );
}

#[test]
fn a_form_without_javascript_gets_a_page_in_the_tickets_language() {
    let site = Site::new("100/minute");
    let server = site.start();
    let pairs = form_pairs(&ticket("nl-NL", 2));
    let mut pairs = pairs_ref(&pairs);
    // What the page sends without a script: every field, empty ones too, and the honeypot.
    pairs.extend([("remediation", ""), ("cve_ids", ""), ("website", "")]);
    let a = post_form(&agent(), &server.url, &pairs);
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.content_type.starts_with("text/html"));
    assert!(a.body.contains("<html lang=\"nl-NL\""), "{}", a.body);
    let stored = site.stored();
    assert_eq!(stored.len(), 1);
    let number = stored[0]["confirmation"].as_str().expect("a number");
    assert!(a.body.contains(number));
    let nl = std::fs::read_to_string(repo().join("locales/nl-NL/form.ftl")).expect("nl-NL");
    let title = nl
        .lines()
        .find_map(|l| l.strip_prefix("form-submitted-title = "))
        .expect("a title");
    assert!(a.body.contains(title), "the Dutch title {title:?}");
}

#[test]
fn invalid_tickets_get_422_with_field_errors_and_nothing_is_stored() {
    let site = Site::new("100/minute");
    let server = site.start();
    let mut bad = ticket("en-US", 3);
    bad["email"] = json!("not an address");
    bad.as_object_mut()
        .expect("an object")
        .remove("description");
    let a = post_json(&agent(), &server.url, &bad);
    assert_eq!(a.status, 422);
    let errors = a.json()["errors"].clone();
    assert_eq!(
        errors,
        json!([{"field": "email", "code": "email"}, {"field": "description", "code": "required"}])
    );
    // Without a script: a page with the errors in the ticket's language and every answer kept.
    let pairs = form_pairs(&{
        let mut t = bad.clone();
        t["locale"] = json!("hu-HU");
        t
    });
    let a = post_form(&agent(), &server.url, &pairs_ref(&pairs));
    assert_eq!(a.status, 422);
    assert!(a.body.contains("<html lang=\"hu-HU\"") && a.body.contains("value=\"not an address\""));
    assert!(
        a.body.contains("name=\"submission_id\"") && a.body.contains("action=\"/api/tickets\"")
    );
    let hu = std::fs::read_to_string(repo().join("locales/hu-HU/form.ftl")).expect("hu-HU");
    let section = hu
        .split("form-field-description =")
        .nth(1)
        .expect("the description field");
    let required = section
        .lines()
        .find_map(|l| l.trim().strip_prefix(".required = "))
        .expect("its error");
    assert!(
        a.body.contains(required),
        "the Hungarian error {required:?}"
    );
    assert!(site.stored().is_empty());
}

#[test]
fn a_resubmission_gets_the_first_confirmation_and_is_stored_once() {
    let site = Site::new("100/minute");
    let server = site.start();
    let agent = agent();
    let with_id = ticket("en-US", 4);
    let first = post_keyed(&agent, &server.url, &with_id, "a1b2c3d4e5f6").json();
    let again = post_keyed(&agent, &server.url, &with_id, "a1b2c3d4e5f6");
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["confirmation"], first["confirmation"]);
    // Without a script there is no id on the first post: the same answers are the same ticket.
    let pairs = form_pairs(&ticket("en-US", 5));
    let one = post_form(&agent, &server.url, &pairs_ref(&pairs));
    let two = post_form(&agent, &server.url, &pairs_ref(&pairs));
    assert_eq!((one.status, two.status), (200, 200));
    let stored = site.stored();
    assert_eq!(stored.len(), 2, "{stored:?}");
    let number = stored[1]["confirmation"].as_str().expect("a number");
    assert!(one.body.contains(number) && two.body.contains(number));
}

#[test]
fn past_the_rate_a_client_gets_429_with_retry_after() {
    let site = Site::new("3/minute");
    let server = site.start();
    let agent = agent();
    for n in 0..3 {
        assert_eq!(
            post_json(&agent, &server.url, &ticket("en-US", n)).status,
            201
        );
    }
    let a = post_json(&agent, &server.url, &ticket("en-US", 9));
    assert_eq!(a.status, 429);
    let wait: u64 = a
        .retry_after
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=21).contains(&wait), "{wait}");
    assert_eq!(site.stored().len(), 3);
}

#[test]
fn cors_answers_the_configured_origin_only() {
    let site = Site::new("100/minute");
    let server = site.start();
    let agent = agent();
    let preflight = |origin: &str| {
        let response = agent
            .run(
                ureq::http::Request::options(&server.url)
                    .header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .body(())
                    .expect("a request"),
            )
            .expect("an answer");
        answer(response)
    };
    let ok = preflight("https://docs.example");
    assert_eq!(
        (ok.status, ok.allow_origin.as_deref()),
        (204, Some("https://docs.example"))
    );
    let evil = preflight("https://evil.example");
    assert_eq!((evil.status, evil.allow_origin), (403, None));
    let body = ticket("en-US", 6).to_string();
    let allowed = post(
        &agent,
        &server.url,
        Some("application/json"),
        &[("Origin", "https://docs.example")],
        body.as_bytes(),
    );
    assert_eq!(
        (allowed.status, allowed.allow_origin.as_deref()),
        (201, Some("https://docs.example"))
    );
    let refused = post(
        &agent,
        &server.url,
        Some("application/json"),
        &[("Origin", "https://evil.example")],
        ticket("en-US", 7).to_string().as_bytes(),
    );
    assert_eq!((refused.status, refused.allow_origin), (403, None));
    // A form posted from another site's no-referrer page: `Origin: null`, cross-site.
    let null = [("Origin", "null"), ("Sec-Fetch-Site", "cross-site")];
    let form = b"locale=en-US";
    let refused = post(
        &agent,
        &server.url,
        Some("application/x-www-form-urlencoded"),
        &null,
        form,
    );
    assert_eq!(refused.status, 403);
    assert_eq!(site.stored().len(), 1);
}

#[test]
fn tickets_export_csv_defuses_formulas() {
    let site = Site::new("100/minute");
    let server = site.start();
    let mut t = ticket("en-US", 8);
    t["contact_name"] = json!("=HYPERLINK(\"https://evil.example\",\"x\")");
    t["offer"] = json!("@SUM(A1)");
    assert_eq!(post_json(&agent(), &server.url, &t).status, 201);
    let cli = crate::support::book::tolk_in(site.root(), &["tickets", "export", "--format", "csv"]);
    assert_eq!(cli.code, Some(0), "{}", cli.stderr);
    let row = cli.stdout.lines().nth(1).expect("a row");
    assert!(
        row.contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\""),
        "{row}"
    );
    assert!(row.contains(",'@SUM(A1),"), "{row}");
    assert!(cli
        .stdout
        .starts_with("confirmation,received,locale,contact_name,"));
}
