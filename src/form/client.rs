//! The rules the browser validates with: the language-neutral part of the definition as JSON.
//!
//! The form page carries this object in its `data-tolk-rules` attribute (an attribute, not a
//! script block: the site's CSP allows no inline script); `static/js/ticket.js` validates a
//! ticket against it, and the shared ticket vectors feed the same object to node, so the JS
//! validator and [`super::validate_ticket`] are proved equal on one input.

use super::{Condition, FieldKind, Form};
use serde::Serialize;

/// The client's view of the form. Serialized in camelCase, the JavaScript convention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientRules {
    /// The locales a ticket may be written in.
    pub locales: Vec<String>,
    pub fields: Vec<ClientField>,
    pub rules: Vec<ClientRule>,
}

/// One field's type, requirement, condition and limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientField {
    pub id: String,
    /// `choice`, `text`, `textarea`, `email`, `cve-list` or `cvss`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown_when: Option<Condition>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
}

/// A rule over several fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientRule {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub at_least_one_of: Vec<String>,
}

/// The HTML `pattern` of a field of this kind, so the form validates the shape without the
/// script too (the script then checks the rest). Written for the `v` flag browsers compile
/// patterns with: nothing in a class needs escaping.
pub fn native_pattern(kind: &FieldKind) -> Option<&'static str> {
    match kind {
        FieldKind::CveList { .. } => Some(
            "[\\s,]*[Cc][Vv][Ee]-[0-9]{4}-[0-9]{4,19}(?:[\\s,]+[Cc][Vv][Ee]-[0-9]{4}-[0-9]{4,19})*[\\s,]*",
        ),
        FieldKind::Cvss { .. } => {
            Some("\\s*(?:CVSS|cvss):(?:3[.][01]|4[.]0)(?:/[A-Za-z]+:[A-Za-z]+)+\\s*")
        }
        _ => None,
    }
}

/// Builds the client rules of `form` for a site publishing `locales`.
pub fn client_rules(form: &Form, locales: &[String]) -> ClientRules {
    ClientRules {
        locales: locales.to_vec(),
        fields: form
            .fields()
            .map(|f| ClientField {
                id: f.id.clone(),
                kind: f.kind.name(),
                required: f.required,
                shown_when: f.shown_when.clone(),
                choices: f.kind.choices().to_vec(),
                max_length: f.kind.max_length(),
                max_items: match f.kind {
                    FieldKind::CveList { max_items } => Some(max_items),
                    _ => None,
                },
            })
            .collect(),
        rules: form
            .rules
            .iter()
            .map(|r| ClientRule {
                id: r.id.clone(),
                when: r.when.clone(),
                at_least_one_of: r.at_least_one_of.clone(),
            })
            .collect(),
    }
}
