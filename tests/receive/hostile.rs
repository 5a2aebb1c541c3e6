//! Hostile requests: each gets a clear 4xx and stores nothing; markup typed into any field is
//! stored as the text it is and never reaches a page as markup.

use super::{agent, post, post_form, post_json, ticket, Site};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use tolk::receive::MAX_BODY;

/// What it is, its content type, its body, the status and code it must get.
type Case<'a> = (&'a str, Option<&'a str>, Vec<u8>, u16, &'a str);

#[test]
fn every_hostile_request_is_a_clear_4xx_storing_nothing() {
    let site = Site::new("1000/minute");
    let server = site.start();
    let agent = agent();
    let json_type = Some("application/json");
    let form_type = Some("application/x-www-form-urlencoded");
    let cases: Vec<Case> = vec![
        (
            "truncated JSON",
            json_type,
            b"{\"locale\": \"en-US\"".to_vec(),
            400,
            "malformed-json",
        ),
        (
            "a JSON array",
            json_type,
            b"[1, 2]".to_vec(),
            400,
            "malformed-json",
        ),
        (
            "JSON with a repeated key",
            json_type,
            b"{\"locale\":\"en-US\",\"locale\":\"nl-NL\"}".to_vec(),
            400,
            "malformed-json",
        ),
        (
            "a form field without =",
            form_type,
            b"locale".to_vec(),
            400,
            "malformed-form",
        ),
        (
            "a repeated form field",
            form_type,
            b"locale=en-US&locale=nl-NL".to_vec(),
            400,
            "malformed-form",
        ),
        (
            "invalid UTF-8 in JSON",
            json_type,
            b"{\"locale\":\"en-\xff\"}".to_vec(),
            400,
            "not-utf8",
        ),
        (
            "invalid UTF-8 in a form",
            form_type,
            b"locale=en-\xff".to_vec(),
            400,
            "not-utf8",
        ),
        (
            "percent-encoded invalid UTF-8",
            form_type,
            b"description=%C3%28".to_vec(),
            400,
            "not-utf8",
        ),
        (
            "text/plain",
            Some("text/plain"),
            ticket("en-US", 1).to_string().into_bytes(),
            415,
            "content-type",
        ),
        (
            "multipart",
            Some("multipart/form-data; boundary=x"),
            b"--x--".to_vec(),
            415,
            "content-type",
        ),
        (
            "no content type",
            None,
            ticket("en-US", 1).to_string().into_bytes(),
            415,
            "content-type",
        ),
        (
            "a foreign charset",
            Some("application/json; charset=iso-8859-1"),
            b"{}".to_vec(),
            415,
            "content-type",
        ),
        (
            "a submission id with markup",
            form_type,
            b"submission_id=%3Cscript%3E&locale=en-US".to_vec(),
            400,
            "submission-id",
        ),
        (
            "the honeypot filled in",
            form_type,
            b"website=http%3A%2F%2Fspam.example&locale=en-US".to_vec(),
            400,
            "honeypot",
        ),
        (
            "an unknown field",
            json_type,
            with(ticket("en-US", 1), "is_admin", json!("yes"))
                .to_string()
                .into_bytes(),
            422,
            "invalid",
        ),
        (
            "a number for a text",
            json_type,
            with(ticket("en-US", 1), "offer", json!(7))
                .to_string()
                .into_bytes(),
            422,
            "invalid",
        ),
        (
            "an unknown locale",
            json_type,
            with(ticket("en-US", 1), "locale", json!("xx-XX"))
                .to_string()
                .into_bytes(),
            422,
            "invalid",
        ),
    ];
    for (what, content_type, body, status, code) in cases {
        let a = post(&agent, &server.url, content_type, &[], &body);
        assert_eq!(a.status, status, "{what}: {}", a.body);
        if a.content_type.starts_with("application/json") {
            assert_eq!(a.json()["error"], code, "{what}: {}", a.body);
        } else {
            assert_eq!(
                status, 413,
                "{what}: only the body limit may answer before the receiver"
            );
        }
        assert!(site.stored().is_empty(), "{what} stored something");
    }
}

#[test]
fn a_body_over_the_limit_is_refused_with_413_before_it_is_read() {
    let site = Site::new("1000/minute");
    let server = site.start();
    let address = server
        .url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("an address")
        .to_string();
    for content_type in ["application/json", "application/x-www-form-urlencoded"] {
        // Only the head: a receiver that waited for the body would never answer.
        let mut stream = TcpStream::connect(&address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        write!(
            stream,
            "POST /api/tickets HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            MAX_BODY + 1
        )
        .expect("send the head");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "{content_type}: {answer}"
        );
    }
    assert!(site.stored().is_empty());
}

fn with(mut ticket: Value, key: &str, value: Value) -> Value {
    ticket[key] = value;
    ticket
}

/// Markup in every text field of a ticket.
const MARKUP: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;";

#[test]
fn markup_in_every_field_is_stored_as_text_and_shown_escaped() {
    let site = Site::new("1000/minute");
    let server = site.start();
    let agent = agent();
    let mut t = ticket("en-US", 1);
    for field in ["contact_name", "offer", "description"] {
        t[field] = json!(format!("{field} {MARKUP}"));
    }
    t["has_workaround"] = json!("yes");
    t["remediation"] = json!(MARKUP);
    t["customer_message"] = json!(MARKUP);
    assert_eq!(post_json(&agent, &server.url, &t).status, 201);
    let stored = site.stored();
    assert_eq!(stored[0]["ticket"], t, "stored exactly as sent");
    // The page without a script shows every answer again when one is wrong: as text.
    let mut pairs: Vec<(String, String)> = super::form_pairs(&t);
    pairs.retain(|(k, _)| k != "email");
    pairs.push(("email".into(), MARKUP.into()));
    let a = post_form(&agent, &server.url, &super::pairs_ref(&pairs));
    assert_eq!(a.status, 422);
    assert!(
        !a.body.contains("<script>") && !a.body.contains("<img"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        a.body
    );
    assert_eq!(site.stored().len(), 1);
}

#[test]
fn an_idempotency_key_with_markup_is_refused() {
    let site = Site::new("1000/minute");
    let server = site.start();
    let body = ticket("en-US", 1).to_string();
    let headers = [("Idempotency-Key", "<script>alert(1)</script>")];
    let a = post(
        &agent(),
        &server.url,
        Some("application/json"),
        &headers,
        body.as_bytes(),
    );
    assert_eq!(
        (a.status, a.json()["error"].clone()),
        (400, json!("submission-id"))
    );
    assert!(site.stored().is_empty());
}
