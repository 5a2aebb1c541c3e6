//! The JSON Schema (draft 2020-12) of a submitted ticket, for whoever receives tickets.
//!
//! The schema states the ticket's shape: keys, types, choice codes, limits, which fields a
//! condition requires or forbids, and the rules over several fields. It is deliberately no
//! stricter than [`super::validate_ticket`] (a ticket the validator accepts always matches the
//! schema); what JSON Schema cannot say (CVSS metrics, CVE years, duplicates in any case) only
//! the validator checks. Patterns use only syntax that ECMA-262 and Rust's `regex` read alike.

use super::{Condition, FieldKind, Form, LOCALE_KEY};
use serde_json::{json, Map, Value};

/// The file name the build writes the schema to, at the site's root.
pub const SCHEMA_FILE: &str = "ticket.schema.json";

/// The HTML standard's valid email address, as a pattern (see `validate::is_valid_email`).
pub const EMAIL_PATTERN: &str = "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:[.][a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$";

/// One item of a CVE list: the shape of an ID (the validator checks year and sequence rules).
pub const CVE_ITEM_PATTERN: &str = "^[Cc][Vv][Ee]-[0-9]{4}-[0-9]{4,19}$";

/// Text with something other than whitespace in it (whitespace as `rules::is_space` defines it;
/// spelled out because `\S` means different things in ECMA-262 and Rust).
pub const NOT_BLANK_PATTERN: &str = "[^\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";

/// The shape of a CVSS v3.0, v3.1 or v4.0 vector, anchored: a version prefix (lowercase too,
/// which the validator accepts when the whole vector is lowercase) and `/METRIC:VALUE` parts,
/// with whitespace around it as `rules::is_space` defines it (the validator trims it). The
/// validator checks metrics, values, order and case.
pub const CVSS_PATTERN: &str = "^[\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*(?:CVSS|cvss):(?:3[.][01]|4[.]0)(?:/[A-Za-z]+:[A-Za-z]+)+[\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$";

/// Builds the schema; `id` is its absolute URL (`$id`), when the site has one.
pub fn ticket_schema(form: &Form, locales: &[String], id: Option<&str>) -> Value {
    let mut properties = Map::new();
    properties.insert(
        LOCALE_KEY.into(),
        json!({
            "description": "The locale the ticket was written in.",
            "type": "string",
            "enum": locales,
        }),
    );
    let mut required = vec![LOCALE_KEY.to_string()];
    let mut all_of = Vec::new();
    for field in form.fields() {
        properties.insert(field.id.clone(), property(&field.kind));
        match &field.shown_when {
            None if field.required => required.push(field.id.clone()),
            None => {}
            Some(c) => {
                let mut branch = Map::new();
                branch.insert("if".into(), condition(c));
                if field.required {
                    branch.insert("then".into(), json!({ "required": [field.id] }));
                }
                branch.insert(
                    "else".into(),
                    json!({ "properties": { field.id.clone(): false } }),
                );
                all_of.push(Value::Object(branch));
            }
        }
    }
    for rule in &form.rules {
        let any_of: Vec<Value> = rule
            .at_least_one_of
            .iter()
            .map(|f| json!({ "required": [f] }))
            .collect();
        let check = json!({ "anyOf": any_of });
        all_of.push(match &rule.when {
            Some(c) => json!({ "if": condition(c), "then": check }),
            None => check,
        });
    }
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    if let Some(id) = id {
        schema.insert("$id".into(), json!(id));
    }
    schema.insert("title".into(), json!("Security event ticket"));
    schema.insert(
        "description".into(),
        json!("A ticket as the form submits it: choice codes, not labels, and the locale it was written in. Generated from the form definition."),
    );
    schema.insert("type".into(), json!("object"));
    schema.insert("required".into(), json!(required));
    schema.insert("additionalProperties".into(), json!(false));
    schema.insert("properties".into(), Value::Object(properties));
    if !all_of.is_empty() {
        schema.insert("allOf".into(), Value::Array(all_of));
    }
    Value::Object(schema)
}

/// The schema of one field's value.
fn property(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Choice { choices, .. } => json!({ "type": "string", "enum": choices }),
        FieldKind::Text { max_length, .. } => json!({
            "type": "string", "minLength": 1, "maxLength": max_length, "pattern": NOT_BLANK_PATTERN,
        }),
        FieldKind::Email { max_length, .. } => json!({
            "type": "string", "format": "email", "maxLength": max_length, "pattern": EMAIL_PATTERN,
        }),
        FieldKind::CveList { max_items } => json!({
            "type": "array", "minItems": 1, "maxItems": max_items, "uniqueItems": true,
            "items": { "type": "string", "pattern": CVE_ITEM_PATTERN },
        }),
        FieldKind::Cvss { max_length } => json!({
            "type": "string", "maxLength": max_length, "pattern": CVSS_PATTERN,
        }),
    }
}

/// "The ticket has `field` equal to `equals`" as a schema.
fn condition(c: &Condition) -> Value {
    json!({
        "properties": { c.field.clone(): { "const": c.equals } },
        "required": [c.field],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const DEFINITION: &str = "\
article: guide
article-step: 1
sections:
  - id: one
    step: 1
    fields:
      - id: kind
        type: choice
        choices: [a, b]
        required: true
      - id: detail
        type: textarea
        required: true
        shown-when: { field: kind, equals: b }
        max-length: 10
      - id: cves
        type: cve-list
        max-items: 3
      - id: vector
        type: cvss
rules:
  - id: either
    at-least-one-of: [cves, vector]
";

    fn schema() -> Value {
        let form = Form::parse(DEFINITION, Path::new("form.yaml")).expect("valid");
        ticket_schema(
            &form,
            &["en-US".into(), "nl-NL".into()],
            Some("https://x.test/s.json"),
        )
    }

    #[test]
    fn always_required_fields_and_the_locale_are_listed() {
        let s = schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["$id"], "https://x.test/s.json");
        assert_eq!(s["required"], json!(["locale", "kind"]));
        assert_eq!(s["additionalProperties"], json!(false));
        assert_eq!(s["properties"]["locale"]["enum"], json!(["en-US", "nl-NL"]));
        assert_eq!(s["properties"]["kind"]["enum"], json!(["a", "b"]));
    }

    #[test]
    fn a_condition_requires_or_forbids_its_field() {
        let branch = &schema()["allOf"][0];
        assert_eq!(
            branch["if"],
            json!({ "properties": { "kind": { "const": "b" } }, "required": ["kind"] })
        );
        assert_eq!(branch["then"], json!({ "required": ["detail"] }));
        assert_eq!(branch["else"], json!({ "properties": { "detail": false } }));
    }

    #[test]
    fn kinds_carry_their_limits_and_a_rule_without_condition_is_plain_any_of() {
        let s = schema();
        assert_eq!(s["properties"]["detail"]["maxLength"], 10);
        assert_eq!(s["properties"]["detail"]["pattern"], NOT_BLANK_PATTERN);
        assert_eq!(s["properties"]["cves"]["maxItems"], 3);
        assert_eq!(
            s["properties"]["cves"]["items"]["pattern"],
            CVE_ITEM_PATTERN
        );
        assert_eq!(s["properties"]["vector"]["maxLength"], 200);
        assert_eq!(
            s["allOf"][1],
            json!({ "anyOf": [{ "required": ["cves"] }, { "required": ["vector"] }] })
        );
    }
}
