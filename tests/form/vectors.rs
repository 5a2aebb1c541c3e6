//! The ticket vectors (`tests/vectors/tickets/*.json`) against the Rust validator, the generated
//! JSON Schema and, through node, `static/js/ticket.js`.

use super::repo_form;
use crate::support::{node::node, repo};
use serde_json::Value;
use tolk::form::{client::client_rules, schema::ticket_schema, validate_ticket};

/// The locales the ticket vectors are written for (a ticket's `locale` must be one of them), fixed
/// here rather than read from the repository's book.toml, so adding a locale to the site changes
/// no vector.
pub const VECTOR_LOCALES: [&str; 4] = ["en-US", "nl-NL", "hu-HU", "tr-TR"];

fn vector_locales() -> Vec<String> {
    VECTOR_LOCALES.map(String::from).to_vec()
}

/// Every `(file, case)` of the vector files that hold tickets.
fn ticket_cases() -> Vec<(String, Value)> {
    let dir = repo().join("tests/vectors/tickets");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors/tickets")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let data: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for case in data["tickets"].as_array().into_iter().flatten() {
            cases.push((name.clone().unwrap_or_default(), case.clone()));
        }
    }
    assert!(cases.len() >= 40, "only {} ticket vectors", cases.len());
    cases
}

#[test]
fn rust_validator_and_schema_pass_the_ticket_vectors() {
    let (form, locales) = (repo_form(), vector_locales());
    let schema = ticket_schema(&form, &locales, None);
    let mut mismatches = Vec::new();
    for (file, case) in ticket_cases() {
        let where_ = format!("{file}: {}", case["name"]);
        let result = validate_ticket(&form, &locales, &case["ticket"]);
        let errors = match &result {
            Ok(_) => Value::Array(Vec::new()),
            Err(errors) => serde_json::to_value(errors).expect("errors serialize"),
        };
        if errors != case["errors"] {
            mismatches.push(format!(
                "{where_}: errors: want {}, got {errors}",
                case["errors"]
            ));
        }
        if let (Ok(ticket), Some(normalized)) = (&result, case.get("normalized")) {
            if &ticket.to_json() != normalized {
                mismatches.push(format!("{where_}: normalized: got {}", ticket.to_json()));
            }
        }
        let schema_problems = super::schema_check::check(&schema, &case["ticket"]);
        if schema_problems.is_empty() != case["schema"].as_bool().expect("schema: bool") {
            mismatches.push(format!("{where_}: schema says {schema_problems:?}"));
        }
        // The schema is never stricter than the validator.
        if result.is_ok() && !schema_problems.is_empty() {
            mismatches.push(format!("{where_}: valid, but the schema rejects it"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn javascript_validator_passes_the_same_vectors() {
    let Some(mut node) = node("static/js/ticket.js") else {
        return;
    };
    let rules = client_rules(&repo_form(), &vector_locales());
    let dir = tempfile::tempdir().expect("a temp dir");
    let rules_path = dir.path().join("rules.json");
    std::fs::write(&rules_path, serde_json::to_string(&rules).expect("json")).expect("write");
    let script = repo().join("tests/js/ticket_vectors.js");
    let out = node
        .arg(&script)
        .arg(&rules_path)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "ticket_vectors.js failed:\n{stdout}\n{stderr}"
    );
    let expected = format!(
        "checked {} tickets and 3 collect cases, 0 mismatches",
        ticket_cases().len()
    );
    assert!(
        stdout.contains(&expected),
        "want {expected:?} in:\n{stdout}"
    );
}
