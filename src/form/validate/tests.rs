use super::super::Form;
use super::*;
use serde_json::json;
use std::path::Path;

fn form() -> Form {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("form.yaml");
    Form::from_file(&path).unwrap_or_else(|d| panic!("{d:?}"))
}

fn locales() -> Vec<String> {
    vec!["en-US".into(), "nl-NL".into()]
}

fn valid() -> Value {
    json!({
        "locale": "nl-NL",
        "contact_name": "Ayşe Yılmaz",
        "email": "ayse@example.com",
        "offer": "Contoso Backup",
        "issue_type": "security-event",
        "category": "vulnerability",
        "description": "Remote code execution in the log parser.",
        "cve_ids": ["cve-2021-44228"],
        "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        "has_workaround": "no",
    })
}

/// `field:code` of every error, or `ok`.
fn outcome(ticket: &Value) -> Vec<String> {
    match validate_ticket(&form(), &locales(), ticket) {
        Ok(_) => vec!["ok".into()],
        Err(errors) => errors
            .iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect(),
    }
}

fn with(changes: Value) -> Value {
    let mut ticket = valid();
    let object = ticket.as_object_mut().expect("an object");
    for (k, v) in changes.as_object().into_iter().flatten() {
        match v {
            Value::Null => object.remove(k),
            _ => object.insert(k.clone(), v.clone()),
        };
    }
    ticket
}

#[test]
fn a_valid_ticket_is_typed_and_normalized() {
    let ticket = validate_ticket(&form(), &locales(), &valid()).expect("valid");
    assert_eq!(ticket.locale, "nl-NL");
    let json = ticket.to_json();
    assert_eq!(json["cve_ids"], json!(["CVE-2021-44228"]));
    assert_eq!(json["category"], "vulnerability");
    let cvss = ticket.values.iter().find_map(|(_, v)| match v {
        TicketValue::Cvss(v) => Some(v.base_score()),
        _ => None,
    });
    assert_eq!(cvss, Some(10.0));
}

#[test]
fn empty_ticket_lists_every_required_field_in_form_order() {
    assert_eq!(
        outcome(&json!({})),
        [
            "locale:locale",
            "contact_name:required",
            "email:required",
            "offer:required",
            "issue_type:required",
            "category:required",
            "description:required",
            "has_workaround:required",
        ]
    );
    assert_eq!(outcome(&json!([])), [":type"]);
}

#[test]
fn a_vulnerability_needs_a_cve_or_a_cvss_vector() {
    let ticket = with(json!({ "cve_ids": null, "cvss_vector": null }));
    assert_eq!(outcome(&ticket), ["cve_ids:at-least-one"]);
    let errors = validate_ticket(&form(), &locales(), &ticket).unwrap_err();
    assert_eq!(errors[0].rule.as_deref(), Some("cve-or-cvss"));
    assert_eq!(outcome(&with(json!({ "cve_ids": null }))), ["ok"]);
    assert_eq!(outcome(&with(json!({ "cvss_vector": null }))), ["ok"]);
}

#[test]
fn fields_of_the_other_category_do_not_apply() {
    let ticket = with(json!({ "category": "incident" }));
    assert_eq!(
        outcome(&ticket),
        ["cve_ids:not-applicable", "cvss_vector:not-applicable"]
    );
    let ticket = with(json!({ "category": "incident", "cve_ids": null, "cvss_vector": null }));
    assert_eq!(outcome(&ticket), ["ok"]);
}

#[test]
fn remediation_is_required_only_with_a_workaround() {
    assert_eq!(
        outcome(&with(json!({ "has_workaround": "yes" }))),
        ["remediation:required"]
    );
    let ticket = with(json!({ "has_workaround": "yes", "remediation": "Turn off lookups." }));
    assert_eq!(outcome(&ticket), ["ok"]);
    let ticket = with(json!({ "remediation": "Turn off lookups." }));
    assert_eq!(outcome(&ticket), ["remediation:not-applicable"]);
}

#[test]
fn formats_limits_and_types() {
    let cases = [
        (json!({ "email": "ayse@" }), "email:email"),
        (json!({ "email": "ayşe@example.com" }), "email:email"),
        (
            json!({ "description": " \u{85}\u{feff}" }),
            "description:blank",
        ),
        (
            json!({ "description": "é".repeat(5001) }),
            "description:too-long",
        ),
        (json!({ "offer": 7 }), "offer:type"),
        (json!({ "cve_ids": "CVE-2021-44228" }), "cve_ids:type"),
        (json!({ "cve_ids": [] }), "cve_ids:blank"),
        (
            json!({ "cve_ids": ["CVE-2021-44228", "cve-2021-44228"] }),
            "cve_ids:cve.duplicate",
        ),
        (
            json!({ "cve_ids": ["CVE-2021-1 CVE-2021-2"] }),
            "cve_ids:cve.malformed",
        ),
        (json!({ "cve_ids": ["CVE-21-1234"] }), "cve_ids:cve.year"),
        (
            json!({ "cvss_vector": "CVSS:3.1/AV:N" }),
            "cvss_vector:cvss.missing-metric",
        ),
        (
            json!({ "cvss_vector": "CVSS:2.0/AV:N" }),
            "cvss_vector:cvss.unsupported-version",
        ),
        (json!({ "locale": "de-DE" }), "locale:locale"),
        (json!({ "priority": "high" }), "priority:unknown-field"),
    ];
    for (change, expected) in cases {
        assert_eq!(outcome(&with(change.clone())), [expected], "{change}");
    }
    // An unknown category leaves its dependent fields without a condition that holds.
    assert_eq!(
        outcome(&with(json!({ "category": "other" }))),
        [
            "category:choice",
            "cve_ids:not-applicable",
            "cvss_vector:not-applicable"
        ]
    );
    let many: Vec<String> = (1000..1051).map(|n| format!("CVE-2021-{n}")).collect();
    assert_eq!(
        outcome(&with(json!({ "cve_ids": many }))),
        ["cve_ids:too-many"]
    );
}

#[test]
fn details_name_the_token_and_the_metric() {
    let errors = validate_ticket(
        &form(),
        &locales(),
        &with(json!({ "cve_ids": ["CVE-2021-44228", "CVE-2021-0123x"], "cvss_vector": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H" })),
    )
    .unwrap_err();
    assert_eq!(errors[0].detail.as_deref(), Some("CVE-2021-0123x"));
    assert_eq!(errors[1].detail.as_deref(), Some("A"));
}

#[test]
fn html_standard_email_addresses() {
    for ok in [
        "a@b",
        "first.last+tag@sub.example.org",
        "x@a-b.c",
        "!#$%&'*+/=?^_`{|}~-@x",
    ] {
        assert!(is_valid_email(ok), "{ok}");
    }
    let long_label = format!("a@{}.org", "b".repeat(64));
    for bad in [
        "",
        "@x",
        "a@",
        "a@-b.c",
        "a@b-.c",
        "a@b..c",
        "a b@c",
        "a@b@c",
        &long_label,
    ] {
        assert!(!is_valid_email(bad), "{bad}");
    }
}
