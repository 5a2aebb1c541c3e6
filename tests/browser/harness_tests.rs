//! Proves the browser harness on its own small fixture (`tests/browser/fixture/`): the server's
//! types, CSP and safety without a browser, then navigation, typing, clicking, screenshots, the
//! console log, fetch to a fake endpoint and axe in a real Chromium.

use super::axe::{self, Axe};
use super::server::{SiteServer, CSP};
use super::webdriver::{keys, Result, Viewport};
use super::{browser_or_skip, browser_or_skip_with, screenshot_path};
use serde_json::json;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

fn fixture() -> PathBuf {
    crate::support::repo().join("tests/browser/fixture")
}

fn start_fixture_server() -> SiteServer {
    SiteServer::start(&fixture()).expect("the fixture server starts")
}

/// A plain GET through an agent that reports every status instead of failing on 4xx/5xx.
fn get(url: &str) -> (u16, Option<String>, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the server answers");
    let header = |name: &str| {
        let value = response.headers().get(name);
        value.and_then(|v| v.to_str().ok()).map(str::to_string)
    };
    let (content_type, csp) = (header("content-type"), header("content-security-policy"));
    let body = response.body_mut().read_to_string().expect("a text body");
    (
        response.status().as_u16(),
        content_type,
        csp.unwrap_or_default(),
        body,
    )
}

/// Sends `target` exactly as written (no client-side normalisation of `..`), returns the reply.
fn raw_get(server: &SiteServer, target: &str) -> String {
    let address = server.base_url().trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    reply
}

#[test]
fn server_sends_content_types_csp_and_404_page() {
    let server = start_fixture_server();
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js?v=1", "text/javascript; charset=utf-8"),
        ("/docs/", "text/html; charset=utf-8"),
    ];
    for (path, expected) in cases {
        let (status, content_type, csp, _) = get(&server.url(path));
        assert_eq!(
            (status, content_type.as_deref()),
            (200, Some(expected)),
            "{path}"
        );
        assert_eq!(csp, CSP, "{path}");
    }
    let (status, _, csp, body) = get(&server.url("/no-such-page"));
    assert_eq!((status, csp.as_str()), (404, CSP));
    assert!(
        body.contains("fixture 404 page"),
        "the site's 404.html is served: {body}"
    );
    let (status, ..) = get(&server.url("/docs"));
    assert_eq!(status, 301, "a folder without its slash redirects");
}

#[test]
fn server_refuses_to_leave_its_root() {
    let server = start_fixture_server();
    assert!(raw_get(&server, "/index.html").starts_with("HTTP/1.1 200"));
    let attacks = [
        "/../../../Cargo.toml",
        "/docs/../../../../Cargo.toml",
        "/%2e%2e/%2e%2e/%2e%2e/Cargo.toml",
        "/..%2f..%2f..%2fCargo.toml",
        "/..%5c..%5c..%5cCargo.toml",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2FCargo.toml",
        "/%00/index.html",
        "/%zz",
    ];
    for attack in attacks {
        let reply = raw_get(&server, attack);
        let refused = reply.starts_with("HTTP/1.1 400") || reply.starts_with("HTTP/1.1 404");
        assert!(refused, "{attack}: {reply}");
        assert!(!reply.contains("[package]"), "{attack} leaked Cargo.toml");
    }
}

#[cfg(unix)]
#[test]
fn server_refuses_symlinks_out_of_its_root() {
    let site = tempfile::tempdir().expect("tempdir");
    let root = site.path().join("site");
    std::fs::create_dir(&root).expect("mkdir");
    std::fs::write(site.path().join("secret.txt"), "secret").expect("write");
    std::fs::write(root.join("ok.txt"), "ok").expect("write");
    std::os::unix::fs::symlink(site.path().join("secret.txt"), root.join("link.txt"))
        .expect("symlink");
    let server = SiteServer::start(&root).expect("the server starts");
    assert_eq!(get(&server.url("/ok.txt")).0, 200);
    let (status, .., body) = get(&server.url("/link.txt"));
    assert_eq!(status, 404);
    assert!(!body.contains("secret"), "{body}");
}

#[test]
fn json_endpoint_records_bodies_and_answers_as_configured() {
    let server = start_fixture_server();
    let tickets = server.json_endpoint("/api/tickets", 201, json!({ "id": "T-1" }));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = server.url("/api/tickets");
    let mut reply = agent.post(&url).send_json(json!({ "a": 1 })).expect("post");
    assert_eq!(reply.status().as_u16(), 201);
    let body: serde_json::Value = reply.body_mut().read_json().expect("json reply");
    assert_eq!(body, json!({ "id": "T-1" }));
    tickets.respond_with(500, json!({ "error": "down" }));
    let reply = agent.post(&url).send("not json").expect("post");
    assert_eq!(reply.status().as_u16(), 500);
    assert_eq!(agent.get(&url).call().expect("get").status().as_u16(), 405);
    let received = tickets.received();
    assert_eq!(received.len(), 2, "the GET is not recorded: {received:?}");
    assert_eq!(received[0].json(), Some(json!({ "a": 1 })));
    let content_type = received[0].content_type.as_deref().unwrap_or("");
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(
        (received[1].body.as_str(), received[1].json()),
        ("not json", None)
    );
}

#[test]
fn browser_reads_types_clicks_and_takes_screenshots() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let server = start_fixture_server();
    browser.goto(&server.url("/"))?;
    assert_eq!(browser.title()?, "Harness fixture");
    assert_eq!(browser.current_url()?, server.url("/"));
    browser.wait_for_text("#status", "script ran", WAIT)?;
    let h1 = browser.find("h1")?;
    let color = browser.execute(
        "return getComputedStyle(arguments[0]).color;",
        &[h1.to_arg()],
    )?;
    assert_eq!(color, "rgb(0, 90, 60)", "style.css applied");

    let name = browser.find("#name")?;
    name.send_keys("Ada")?;
    assert_eq!(name.property("value")?, "Ada");
    assert_eq!(name.attribute("autocomplete")?.as_deref(), Some("name"));
    assert_eq!(name.attribute("placeholder")?, None);
    name.send_keys(keys::TAB)?;
    assert!(
        browser.active_element()?.same_as(&browser.find("#greet")?),
        "TAB moves focus"
    );
    browser.find("#greet")?.click()?;
    browser.wait_for_text("#greeting", "Hello, Ada!", WAIT)?;
    name.clear()?;
    assert_eq!(name.property("value")?, "");

    let timeout = browser.wait_for_text("#status", "never", Duration::from_millis(200));
    let message = timeout.expect_err("the text never appears").to_string();
    assert!(message.contains("text was \"script ran\""), "{message}");
    let missing = browser.find("#missing").err().map(|e| e.to_string());
    assert!(missing.is_some_and(|m| m.contains("#missing") && m.contains("no such element")));

    let path = screenshot_path("harness-desktop");
    browser.screenshot(&path)?;
    assert_eq!(png_width(&path), Viewport::DESKTOP.width);
    assert_eq!(browser.take_errors()?, [], "the clean page logs no error");
    Ok(())
}

/// The width recorded in a PNG's IHDR chunk (bytes 16..20), after checking the signature.
fn png_width(path: &Path) -> u32 {
    let png = std::fs::read(path).expect("the screenshot exists");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is a PNG",
        path.display()
    );
    u32::from_be_bytes([png[16], png[17], png[18], png[19]])
}

#[test]
fn phone_viewport_is_exact() -> Result<()> {
    let Some(browser) = browser_or_skip_with(Viewport::PHONE) else {
        return Ok(());
    };
    let server = start_fixture_server();
    browser.goto(&server.url("/"))?;
    assert_eq!(browser.viewport()?, Viewport::PHONE);
    let path = screenshot_path("harness-phone");
    browser.screenshot(&path)?;
    assert_eq!(png_width(&path), Viewport::PHONE.width);
    browser.set_viewport(Viewport::DESKTOP)?;
    assert_eq!(browser.viewport()?, Viewport::DESKTOP);
    Ok(())
}

#[test]
fn csp_blocks_inline_script_and_the_log_reports_it() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let server = start_fixture_server();
    browser.goto(&server.url("/inline.html"))?;
    assert_eq!(
        browser.title()?,
        "Inline script fixture",
        "the inline script must not run"
    );
    let errors = browser.take_errors()?;
    let blocked = errors
        .iter()
        .any(|e| e.source == "security" && e.message.contains("Content Security Policy"));
    assert!(blocked, "a CSP violation is logged: {errors:?}");
    assert_eq!(browser.take_log()?, [], "reading the log drains it");

    browser.execute("console.error('from the page');", &[])?;
    let logged = browser.wait_for("console.error in the log", WAIT, |b| {
        Ok(Some(b.take_errors()?).filter(|errors| !errors.is_empty()))
    })?;
    assert!(logged[0].message.contains("from the page"), "{logged:?}");
    Ok(())
}

#[test]
fn page_fetch_reaches_the_json_endpoint() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let server = start_fixture_server();
    let tickets = server.json_endpoint("/api/tickets", 201, json!({ "id": "T-42" }));
    browser.goto(&server.url("/"))?;
    browser.find("#name")?.send_keys("Grace")?;
    browser.find("#send")?.click()?;
    browser.wait_for_text("#send-result", "201 T-42", WAIT)?;
    let received = tickets.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].json(), Some(json!({ "name": "Grace" })));

    tickets.respond_with(503, json!({ "error": "unavailable" }));
    browser.find("#send")?.click()?;
    browser.wait_for_text("#send-result", "503 unavailable", WAIT)?;
    assert_eq!(tickets.received().len(), 2);
    let errors = browser.take_errors()?;
    assert!(
        errors.iter().all(|e| e.message.contains("503")),
        "{errors:?}"
    );
    Ok(())
}

#[test]
fn axe_finds_violations_only_where_they_are() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let Some(axe) = Axe::load_or_skip() else {
        return Ok(());
    };
    let server = start_fixture_server();
    browser.goto(&server.url("/"))?;
    let clean = axe.run(&browser)?;
    assert!(
        clean.is_empty(),
        "the fixture is accessible:\n{}",
        axe::describe(&clean)
    );

    browser.goto(&server.url("/broken-a11y.html"))?;
    let found = axe.run(&browser)?;
    let rule = |id: &str| found.iter().find(|v| v.id == id);
    let label =
        rule("label").unwrap_or_else(|| panic!("no label rule:\n{}", axe::describe(&found)));
    assert_eq!(label.nodes[0].target, ["#unlabelled"]);
    assert_eq!(label.impact.as_deref(), Some("critical"));
    assert!(rule("image-alt").is_some_and(|v| v.nodes[0].target == ["#no-alt"]));
    assert!(axe::describe(&found).contains("- image-alt (critical)"));
    let only_images = axe.run_with(
        &browser,
        json!("#no-alt"),
        json!({ "runOnly": ["image-alt"] }),
    )?;
    assert_eq!(
        only_images
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>(),
        ["image-alt"]
    );
    Ok(())
}
