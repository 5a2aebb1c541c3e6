//! A request body in, a ticket object for [`crate::form::validate_ticket`] out: the form's
//! JSON (JavaScript) or `application/x-www-form-urlencoded` (no JavaScript), with the
//! submission id from the `Idempotency-Key` header (JSON: the body stays exactly a ticket) or
//! the form's envelope fields (submission id, honeypot), which are taken off before
//! validation. Anything that is not
//! one of the two, not UTF-8, not well formed, or repeats a key is a [`Rejected`] (a 4xx).

use crate::form::{holds, FieldKind, Form, LOCALE_KEY};
use crate::rules::is_space;
use serde_json::{Map, Value};

/// The form field of the submission id (JSON sends it as `Idempotency-Key`); the same id
/// twice is the same ticket.
pub const SUBMISSION_KEY: &str = "submission_id";
/// The honeypot: a field people never see (hidden by CSS, out of the tab order) that bots fill.
pub const HONEYPOT_KEY: &str = "website";
/// The longest submission id accepted.
const MAX_SUBMISSION: usize = 100;

/// How the ticket came in (and so how to answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Form,
}

/// A body taken apart.
#[derive(Debug, Clone)]
pub struct Intake {
    pub encoding: Encoding,
    /// The ticket object to validate.
    pub ticket: Value,
    /// The client's submission id, if it sent a usable one.
    pub submission: Option<String>,
    /// The honeypot was filled in.
    pub honeypot: bool,
}

/// Why a body is refused before validation; each maps to a status and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("send the ticket as application/json or application/x-www-form-urlencoded")]
    ContentType,
    #[error("the body is not UTF-8")]
    NotUtf8,
    #[error("the body is not a JSON object: {0}")]
    Json(String),
    #[error("the form body is malformed: {0}")]
    Form(String),
    #[error("`{0}` is not a valid submission id (1 to 100 letters, digits, - or _)")]
    Submission(String),
}

impl Rejected {
    /// The stable code a client can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Rejected::ContentType => "content-type",
            Rejected::NotUtf8 => "not-utf8",
            Rejected::Json(_) => "malformed-json",
            Rejected::Form(_) => "malformed-form",
            Rejected::Submission(_) => "submission-id",
        }
    }
}

/// The encoding a `Content-Type` names (parameters other than `charset=utf-8` refused).
pub fn encoding(content_type: Option<&str>) -> Result<Encoding, Rejected> {
    let value = content_type
        .ok_or(Rejected::ContentType)?
        .to_ascii_lowercase();
    let mut parts = value.split(';').map(str::trim);
    let kind = match parts.next() {
        Some("application/json") => Encoding::Json,
        Some("application/x-www-form-urlencoded") => Encoding::Form,
        _ => return Err(Rejected::ContentType),
    };
    if parts.all(|p| p.is_empty() || p == "charset=utf-8") {
        Ok(kind)
    } else {
        Err(Rejected::ContentType)
    }
}

/// Takes `body` apart as `encoding` says, for `form`; `key` is the `Idempotency-Key` header.
pub fn read(
    form: &Form,
    encoding: Encoding,
    body: &[u8],
    key: Option<&str>,
) -> Result<Intake, Rejected> {
    let text = std::str::from_utf8(body).map_err(|_| Rejected::NotUtf8)?;
    let submission = match key {
        None => None,
        Some(k) if is_submission_id(k) => Some(k.to_string()),
        Some(k) => return Err(Rejected::Submission(k.chars().take(40).collect())),
    };
    match encoding {
        Encoding::Json => match serde_json::from_str::<Strict>(text).map(|s| s.0) {
            Ok(ticket @ Value::Object(_)) => Ok(Intake {
                encoding,
                ticket,
                submission,
                honeypot: false,
            }),
            Ok(_) => Err(Rejected::Json("not an object".into())),
            Err(e) => Err(Rejected::Json(e.to_string())),
        },
        Encoding::Form => {
            let object = from_form(form, text)?;
            envelope(object, submission)
        }
    }
}

/// Takes the submission id and the honeypot off a form's fields.
fn envelope(
    mut object: Map<String, Value>,
    submission: Option<String>,
) -> Result<Intake, Rejected> {
    let submission = match object.remove(SUBMISSION_KEY) {
        None => submission,
        Some(Value::String(s)) if s.is_empty() => submission,
        Some(Value::String(s)) if is_submission_id(&s) => Some(s),
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string);
            return Err(Rejected::Submission(shown.chars().take(40).collect()));
        }
    };
    let honeypot = match object.remove(HONEYPOT_KEY) {
        None => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    Ok(Intake {
        encoding: Encoding::Form,
        ticket: Value::Object(object),
        submission,
        honeypot,
    })
}

/// A JSON value whose objects have no key twice (serde_json keeps the last silently; a proxy
/// in front might have checked the first).
struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if out.insert(key.clone(), value).is_some() {
                return Err(serde::de::Error::custom(format!("`{key}` is given twice")));
            }
        }
        Ok(Value::Object(out))
    }
}

/// A client's submission id: short, and plain enough to log and store.
pub fn is_submission_id(s: &str) -> bool {
    (1..=MAX_SUBMISSION).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `name=value` pairs of an urlencoded body, decoded strictly: a `%XX` sequence that does
/// not decode to UTF-8 is refused, never replaced.
fn pairs(text: &str) -> Result<Vec<(String, String)>, Rejected> {
    let decode = |part: &str| {
        let plus = part.replace('+', " ");
        percent_encoding::percent_decode_str(&plus)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|_| Rejected::NotUtf8)
    };
    let mut out = Vec::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(Rejected::Form(format!("`{}` has no `=`", decode(pair)?)));
        };
        out.push((decode(key)?, decode(value)?));
    }
    Ok(out)
}

/// The form's fields as the page's script would collect them (`collect` in
/// `static/js/ticket.js`): trimmed, empty ones left out, a CVE list split at separators, and
/// fields whose condition does not hold dropped (without a script the reader sees them all).
/// Keys the form does not have are kept, so validation names them.
fn from_form(form: &Form, text: &str) -> Result<Map<String, Value>, Rejected> {
    let mut raw: Map<String, Value> = Map::new();
    for (key, value) in pairs(text)? {
        if key.is_empty() {
            return Err(Rejected::Form("a value without a name".into()));
        }
        if raw.contains_key(&key) {
            return Err(Rejected::Form(format!("`{key}` is given twice")));
        }
        raw.insert(key, Value::String(value));
    }
    let mut ticket = Map::new();
    let passthrough = [LOCALE_KEY, SUBMISSION_KEY, HONEYPOT_KEY];
    for key in passthrough {
        if let Some(v) = raw.remove(key) {
            ticket.insert(key.to_string(), v);
        }
    }
    for field in form.fields() {
        let Some(Value::String(value)) = raw.remove(&field.id) else {
            continue;
        };
        let shown = holds(field.shown_when.as_ref(), |id| {
            ticket.get(id).and_then(Value::as_str)
        });
        let value = value.trim_matches(is_space);
        if !shown || value.is_empty() {
            continue;
        }
        let value = match field.kind {
            FieldKind::CveList { .. } => value
                .split(|c: char| c == ',' || is_space(c))
                .filter(|t| !t.is_empty())
                .map(Value::from)
                .collect(),
            _ => Value::from(value),
        };
        ticket.insert(field.id.clone(), value);
    }
    ticket.extend(raw);
    Ok(ticket)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::parse(
            crate::form::DEFAULT_DEFINITION,
            std::path::Path::new("form.yaml"),
        )
        .expect("the built-in form")
    }

    #[test]
    fn content_types_are_json_or_urlencoded_only() {
        assert_eq!(encoding(Some("application/json")), Ok(Encoding::Json));
        assert_eq!(
            encoding(Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8")),
            Ok(Encoding::Form)
        );
        for bad in [
            None,
            Some("text/plain"),
            Some("multipart/form-data"),
            Some("application/json; charset=latin1"),
        ] {
            assert_eq!(encoding(bad), Err(Rejected::ContentType), "{bad:?}");
        }
    }

    #[test]
    fn a_form_body_is_collected_like_the_script_does() {
        let body = "locale=en-US&category=incident&cve_ids=CVE-2024-1234&description=++x++&remediation=&submission_id=abc&website=&extra=1";
        let intake = read(&form(), Encoding::Form, body.as_bytes(), None).unwrap();
        let t = intake.ticket.as_object().unwrap();
        assert_eq!(t.get("description"), Some(&Value::from("x")));
        assert!(!t.contains_key("cve_ids") && !t.contains_key("remediation"));
        assert!(t.contains_key("extra"));
        assert_eq!(intake.submission.as_deref(), Some("abc"));
        assert!(!intake.honeypot);
    }

    #[test]
    fn repeated_keys_bad_utf8_and_non_objects_are_refused() {
        let f = form();
        assert!(matches!(
            read(&f, Encoding::Form, b"a=1&a=2", None),
            Err(Rejected::Form(_))
        ));
        assert_eq!(
            read(&f, Encoding::Form, b"a=\xff", None).unwrap_err(),
            Rejected::NotUtf8
        );
        assert_eq!(
            read(&f, Encoding::Form, b"a=%FF%FE", None).unwrap_err(),
            Rejected::NotUtf8
        );
        assert!(matches!(
            read(&f, Encoding::Form, b"nothing", None),
            Err(Rejected::Form(_))
        ));
        assert_eq!(
            read(&f, Encoding::Json, b"{\"a\":\"\xc3\x28\"}", None).unwrap_err(),
            Rejected::NotUtf8
        );
        assert!(matches!(
            read(&f, Encoding::Json, b"[1]", None),
            Err(Rejected::Json(_))
        ));
        assert!(matches!(
            read(&f, Encoding::Json, b"{}", Some("<x>")),
            Err(Rejected::Submission(_))
        ));
    }
}
