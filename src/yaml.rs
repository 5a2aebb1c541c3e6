//! The one module that speaks YAML.
//!
//! serde_yaml is unmaintained; everything else in tolk sees only the typed values this module
//! returns and the [`Positions`] it indexes, so swapping the YAML crate touches this module
//! alone. Values come from serde_yaml; positions and syntax errors from the events of the same
//! parser (libyaml, see `events`), so both always agree on what the text means.

mod entries;
mod events;
mod positions;

pub use entries::repeated_keys;

pub use events::Mark;
pub use positions::{Positions, Span, Step};

use positions::IndexError;
use serde::de::DeserializeOwned;

mod value_serde;

/// A YAML value, typed just enough to keep foreign front-matter keys we do not interpret.
///
/// Serde by hand (`value_serde`): templates (JSON, human-readable) see the plain value (a
/// number as its text, a mapping as a list of `[key, value]` pairs); a binary format (the
/// incremental build's state file) gets a tagged form that reads back exactly, `Number("1")`
/// and `String("1")` staying apart.
#[derive(Debug, Clone, PartialEq)]
pub enum YamlValue {
    Null,
    Bool(bool),
    /// Numbers as YAML reads them (`1.10` is `1.1`): quote a value that must stay as written.
    Number(String),
    String(String),
    List(Vec<YamlValue>),
    Map(Vec<(String, YamlValue)>),
}

impl YamlValue {
    /// The value as text when it is a scalar (numbers and booleans as written).
    pub fn as_text(&self) -> Option<String> {
        match self {
            YamlValue::String(s) | YamlValue::Number(s) => Some(s.clone()),
            YamlValue::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// What went wrong in a YAML text, for callers (and tests) that need more than the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// Not YAML at all: an unterminated quote, a bad indent, a tab.
    Syntax,
    /// A key given twice in one mapping.
    DuplicateKey,
    /// Valid YAML of the wrong shape: an unknown key, a list where text belongs.
    Shape,
}

/// A YAML error with its 1-based position inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl YamlError {
    fn shape(message: String, at: Mark) -> Self {
        YamlError {
            kind: YamlErrorKind::Shape,
            message,
            line: at.line,
            column: at.column,
        }
    }
}

/// Parses a YAML document that must be a mapping with string keys, keeping key order.
/// A repeated top-level key is kept each time it occurs (docfx accepts them; the last one
/// wins), so the caller can report it with [`repeated_keys`].
pub fn parse_mapping(text: &str) -> Result<Vec<(String, YamlValue)>, YamlError> {
    let value: entries::Entries = serde_yaml::from_str(text).map_err(|e| to_error(e, text))?;
    match value {
        entries::Entries::Null => Ok(Vec::new()),
        entries::Entries::Map(map) => map
            .into_iter()
            .map(|(k, v)| match k {
                serde_yaml::Value::String(k) => Ok((k, convert(v))),
                other => {
                    let at = Positions::index(text).unwrap_or_default();
                    let key = convert(other.clone()).as_text().unwrap_or_default();
                    Err(YamlError::shape(
                        format!("keys must be text, found {}", describe(&other)),
                        at.nearest(&[Step::Key(&key)]),
                    ))
                }
            })
            .collect(),
        entries::Entries::Other(other) => Err(YamlError::shape(
            format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                describe(&other)
            ),
            Mark::START,
        )),
    }
}

/// Deserializes YAML text into a typed structure (used for the form definition).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| to_error(e, text))
}

/// Turns serde_yaml's error into ours. Syntax errors and duplicate keys are taken from the
/// parser's events, which say what they are without reading serde_yaml's wording: an
/// unterminated construct is placed where it opens (libyaml reports where the text ran out,
/// often the closing fence), a duplicate key at its second occurrence (serde_yaml reports the
/// mapping's start). Anything else is a shape error, where serde_yaml's position is right.
fn to_error(e: serde_yaml::Error, text: &str) -> YamlError {
    let mut error = to_error_unclamped(e, text);
    // libyaml places an error at the end of input one line past a text without a final newline.
    let lines = text.split('\n').count();
    if error.line > lines {
        error.line = lines;
        error.column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    }
    error
}

fn to_error_unclamped(e: serde_yaml::Error, text: &str) -> YamlError {
    match Positions::index(text) {
        Err(IndexError::Syntax(s)) => {
            let ran_out = s.at.offset >= text.trim_end().len();
            let (message, at) = match s.context {
                // libyaml's context reads "while scanning a quoted scalar".
                Some((context, start)) if ran_out => (format!("{} {context}", s.problem), start),
                Some((context, _)) => (format!("{} {context}", s.problem), s.at),
                None => (s.problem, s.at),
            };
            YamlError {
                kind: YamlErrorKind::Syntax,
                message,
                line: at.line,
                column: at.column,
            }
        }
        Err(IndexError::Duplicate(d)) => YamlError {
            kind: YamlErrorKind::DuplicateKey,
            message: format!("`{}` is given twice", d.key),
            line: d.at.line,
            column: d.at.column,
        },
        Ok(_) => {
            let at = e.location().map_or(
                Mark {
                    line: 0,
                    column: 0,
                    offset: 0,
                },
                |l| Mark {
                    line: l.line(),
                    column: l.column(),
                    offset: l.index(),
                },
            );
            // serde_yaml's Display appends the position we carry separately.
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", at.line, at.column);
            let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
            YamlError::shape(message, at)
        }
    }
}

fn convert(v: serde_yaml::Value) -> YamlValue {
    use serde_yaml::Value as V;
    match v {
        V::Null => YamlValue::Null,
        V::Bool(b) => YamlValue::Bool(b),
        V::Number(n) => YamlValue::Number(n.to_string()),
        V::String(s) => YamlValue::String(s),
        V::Sequence(items) => YamlValue::List(items.into_iter().map(convert).collect()),
        V::Mapping(m) => YamlValue::Map(
            m.into_iter()
                .map(|(k, v)| (convert(k).as_text().unwrap_or_default(), convert(v)))
                .collect(),
        ),
        V::Tagged(t) => convert(t.value),
    }
}

fn describe(v: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value as V;
    match v {
        V::Null => "nothing",
        V::Bool(_) => "a boolean",
        V::Number(_) => "a number",
        V::String(_) => "text",
        V::Sequence(_) => "a list",
        V::Mapping(_) => "a mapping",
        V::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_scalars_as_written() {
        let m = parse_mapping("b: 1.10\na: \"80548594\"\nc: [x, y]\nd:\n").unwrap();
        assert_eq!(m[0], ("b".into(), YamlValue::Number("1.1".into())));
        assert_eq!(m[1].1, YamlValue::String("80548594".into()));
        assert_eq!(
            m[2].1,
            YamlValue::List(vec![
                YamlValue::String("x".into()),
                YamlValue::String("y".into())
            ])
        );
        assert_eq!(m[3].1, YamlValue::Null);
    }

    #[test]
    fn syntax_error_has_a_position() {
        let e = parse_mapping("title: ok\ndescription: \"unterminated\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Syntax);
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn unterminated_quote_is_placed_where_it_opens() {
        let e = parse_mapping("title: ok\ndescription: \"unterminated\nauthor: x\nms.date: 1\n")
            .unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Syntax);
        assert_eq!((e.line, e.column), (2, 14), "{e:?}");
        assert!(!e.message.contains("while while"), "{e:?}");
    }

    #[test]
    fn an_error_inside_the_text_stays_where_it_is_found() {
        let e = parse_mapping("a: 1\n\tb: 2\nc: 3\n").unwrap_err();
        assert_eq!((e.kind, e.line), (YamlErrorKind::Syntax, 2), "{e:?}");
    }

    #[test]
    fn duplicate_key_is_placed_at_its_second_occurrence() {
        // Front matter keeps repeated keys (see `entries`); typed YAML (the form) refuses them.
        let e = from_str::<serde_yaml::Value>("title: a\nx: 1\n\"title\": b\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
        assert_eq!((e.line, e.column), (3, 1), "{e:?}");
    }

    #[test]
    fn shape_errors_keep_serde_yaml_position_without_repeating_it() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u8,
        }
        let e = from_str::<T>("a: 1\nb: 2\n").unwrap_err();
        assert_eq!(
            (e.kind, e.line, e.column),
            (YamlErrorKind::Shape, 2, 1),
            "{e:?}"
        );
        assert!(!e.message.contains("line"), "{e:?}");
    }

    #[test]
    fn keys_that_are_not_text_are_placed() {
        let e = parse_mapping("a: 1\n2: x\n").unwrap_err();
        assert_eq!((e.kind, e.line), (YamlErrorKind::Shape, 2), "{e:?}");
    }

    #[test]
    fn non_mapping_is_rejected() {
        let e = parse_mapping("- a\n- b\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (YamlErrorKind::Shape, 1, 1));
        let e = from_str::<serde_yaml::Value>("  steps: [").unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (1, 11),
            "an error at the end stays on the last line"
        );
    }
}
