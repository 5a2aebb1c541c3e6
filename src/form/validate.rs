//! The ticket validator a receiving server runs: the browser's rules, in Rust.
//!
//! A ticket is a JSON object: `locale` (the locale it was written in) and, for every field
//! that has a value, the field's id as key. Text is a string, a choice is its code, a CVE list
//! is a list of IDs. `static/js/ticket.js` implements the same checks for the browser; the two
//! are tested on the same vectors (`tests/vectors/tickets/`), so they give the same errors in
//! the same order.
//!
//! At most one error per field, the first that applies, in this order. Codes (stable; the
//! form maps them to translated messages):
//!
//! | code              | meaning                                                              |
//! |-------------------|----------------------------------------------------------------------|
//! | `locale`          | `locale` missing, not text, or not one of the site's locales         |
//! | `unknown-field`   | a key the definition does not have                                   |
//! | `not-applicable`  | a value for a field whose `shown-when` condition does not hold       |
//! | `type`            | not text (a CVE list: not a list of texts)                           |
//! | `blank`           | empty or whitespace-only text, or an empty list: leave the key out   |
//! | `too-long`        | more characters (Unicode scalar values) than `max-length`            |
//! | `too-many`        | more CVE IDs than `max-items`                                        |
//! | `choice`          | not one of the field's codes                                         |
//! | `email`           | not a valid email address as the HTML standard defines it            |
//! | `cve.*`, `cvss.*` | the first problem [`crate::rules`] finds (a list item holding a      |
//! |                   | separator is `cve.malformed`)                                        |
//! | `required`        | a required field, shown, without a value                             |
//! | `at-least-one`    | a rule whose condition holds and whose fields are all empty (reported|
//! |                   | on its first field)                                                  |
//!
//! Errors come in this order: `locale`, unknown keys (sorted), then fields in form order.

use super::{holds, FieldKind, Form};
use crate::rules::{is_space, parse_cve_list, parse_cvss, CveId, CvssVector};
use serde::Serialize;
use serde_json::{Map, Value};

/// A valid ticket, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub locale: String,
    /// Fields with a value, in form order.
    pub values: Vec<(String, TicketValue)>,
}

/// One field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketValue {
    Text(String),
    Choice(String),
    CveIds(Vec<CveId>),
    Cvss(CvssVector),
}

/// One problem with a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketError {
    /// The field's id, or `locale`, or the unknown key.
    pub field: String,
    /// See the module documentation.
    pub code: &'static str,
    /// For `at-least-one`: the rule's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// For `cve.*`: the offending ID as written; for `cvss.*`: the metric, when one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl TicketError {
    fn new(field: &str, code: &'static str) -> Self {
        TicketError {
            field: field.to_string(),
            code,
            rule: None,
            detail: None,
        }
    }
}

/// Checks `ticket` against `form` for a site publishing `locales`.
pub fn validate_ticket(
    form: &Form,
    locales: &[String],
    ticket: &Value,
) -> Result<Ticket, Vec<TicketError>> {
    let Some(object) = ticket.as_object() else {
        return Err(vec![TicketError::new("", "type")]);
    };
    let mut errors = Vec::new();
    let locale = object.get(super::LOCALE_KEY).and_then(Value::as_str);
    let locale = locale.filter(|l| locales.iter().any(|k| k == l));
    if locale.is_none() {
        errors.push(TicketError::new(super::LOCALE_KEY, "locale"));
    }
    let mut unknown: Vec<&String> = object
        .keys()
        .filter(|k| k.as_str() != super::LOCALE_KEY && form.field(k).is_none())
        .collect();
    unknown.sort();
    errors.extend(unknown.iter().map(|k| TicketError::new(k, "unknown-field")));
    let choice_of = |id: &str| object.get(id).and_then(Value::as_str);
    let mut values = Vec::new();
    let mut field_errors: Vec<Option<TicketError>> = Vec::new();
    for field in form.fields() {
        let shown = holds(field.shown_when.as_ref(), choice_of);
        let outcome = match object.get(&field.id) {
            None if shown && field.required => Err(TicketError::new(&field.id, "required")),
            None => Ok(None),
            Some(_) if !shown => Err(TicketError::new(&field.id, "not-applicable")),
            Some(value) => check_value(&field.id, &field.kind, value).map(Some),
        };
        match outcome {
            Ok(value) => {
                values.extend(value.map(|v| (field.id.clone(), v)));
                field_errors.push(None);
            }
            Err(e) => field_errors.push(Some(e)),
        }
    }
    for rule in &form.rules {
        let empty = rule.at_least_one_of.iter().all(|f| !object.contains_key(f));
        if empty && holds(rule.when.as_ref(), choice_of) {
            let first = form
                .fields()
                .position(|f| Some(&f.id) == rule.at_least_one_of.first());
            if let Some(slot) = first.and_then(|i| field_errors.get_mut(i)) {
                let mut e = TicketError::new(&rule.at_least_one_of[0], "at-least-one");
                e.rule = Some(rule.id.clone());
                slot.get_or_insert(e);
            }
        }
    }
    errors.extend(field_errors.into_iter().flatten());
    match (errors.is_empty(), locale) {
        (true, Some(locale)) => Ok(Ticket {
            locale: locale.to_string(),
            values,
        }),
        _ => Err(errors),
    }
}

/// Checks one present value against its field's kind.
fn check_value(id: &str, kind: &FieldKind, value: &Value) -> Result<TicketValue, TicketError> {
    let fail = |code| TicketError::new(id, code);
    if let FieldKind::CveList { max_items } = kind {
        return check_cve_list(id, *max_items, value);
    }
    let text = value.as_str().ok_or_else(|| fail("type"))?;
    if is_blank(text) {
        return Err(fail("blank"));
    }
    if kind
        .max_length()
        .is_some_and(|max| text.chars().count() > max)
    {
        return Err(fail("too-long"));
    }
    match kind {
        FieldKind::Choice { choices, .. } => match choices.iter().any(|c| c == text) {
            true => Ok(TicketValue::Choice(text.to_string())),
            false => Err(fail("choice")),
        },
        FieldKind::Email { .. } if !is_valid_email(text) => Err(fail("email")),
        FieldKind::Text { .. } | FieldKind::Email { .. } => Ok(TicketValue::Text(text.into())),
        FieldKind::Cvss { .. } => parse_cvss(text).map(TicketValue::Cvss).map_err(|e| {
            let mut error = fail(e.code());
            error.detail = e.metric().map(str::to_string);
            error
        }),
        FieldKind::CveList { .. } => Err(fail("type")),
    }
}

fn check_cve_list(id: &str, max_items: usize, value: &Value) -> Result<TicketValue, TicketError> {
    let fail = |code| TicketError::new(id, code);
    let items = value.as_array().ok_or_else(|| fail("type"))?;
    let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
    if texts.len() != items.len() {
        return Err(fail("type"));
    }
    if texts.is_empty() || texts.iter().any(|t| is_blank(t)) {
        return Err(fail("blank"));
    }
    if texts.len() > max_items {
        return Err(fail("too-many"));
    }
    let with_detail = |code, token: &str| {
        let mut e = fail(code);
        e.detail = Some(token.to_string());
        e
    };
    if let Some(t) = texts
        .iter()
        .find(|t| t.chars().any(|c| c == ',' || is_space(c)))
    {
        return Err(with_detail("cve.malformed", t));
    }
    match parse_cve_list(&texts.join(" ")) {
        Ok(ids) => Ok(TicketValue::CveIds(ids)),
        Err(errors) => {
            let first = errors.first();
            Err(first.map_or_else(
                || fail("cve.malformed"),
                |e| with_detail(e.code(), &e.token),
            ))
        }
    }
}

/// Empty or only whitespace (as [`crate::rules`] defines whitespace).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_space)
}

/// The HTML standard's "valid email address" (what `<input type=email>` accepts):
/// `local@label(.label)*`, the local part from `A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-`, each label
/// 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.
pub fn is_valid_email(text: &str) -> bool {
    const LOCAL: &str = ".!#$%&'*+/=?^_`{|}~-";
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL.contains(c))
        && domain.split('.').all(label_ok)
}

impl Ticket {
    /// The ticket as JSON again, with CVE IDs and CVSS vectors in canonical form.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert(super::LOCALE_KEY.into(), Value::from(self.locale.clone()));
        for (id, value) in &self.values {
            let v = match value {
                TicketValue::Text(t) | TicketValue::Choice(t) => Value::from(t.clone()),
                TicketValue::CveIds(ids) => {
                    ids.iter().map(|i| Value::from(i.to_string())).collect()
                }
                TicketValue::Cvss(v) => Value::from(v.to_string()),
            };
            map.insert(id.clone(), v);
        }
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests;
