//! The one module that speaks YAML.
//!
//! serde_yaml is unmaintained; everything else in tolk sees only the typed values this module
//! returns, so swapping the YAML crate touches this file alone.

use serde::{de::DeserializeOwned, Serialize};

/// A YAML value, typed just enough to keep foreign front-matter keys we do not interpret.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
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

/// A YAML syntax or shape error with its 1-based position inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Parses a YAML document that must be a mapping with string keys, keeping key order.
pub fn parse_mapping(text: &str) -> Result<Vec<(String, YamlValue)>, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(to_error)?;
    match value {
        serde_yaml::Value::Null => Ok(Vec::new()),
        serde_yaml::Value::Mapping(map) => map
            .into_iter()
            .map(|(k, v)| match k {
                serde_yaml::Value::String(k) => Ok((k, convert(v))),
                other => Err(YamlError {
                    message: format!("keys must be text, found {}", describe(&other)),
                    line: 0,
                    column: 0,
                }),
            })
            .collect(),
        other => Err(YamlError {
            message: format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                describe(&other)
            ),
            line: 1,
            column: 1,
        }),
    }
}

/// Deserializes YAML text into a typed structure (used for the form definition).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(to_error)
}

fn to_error(e: serde_yaml::Error) -> YamlError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    // serde_yaml appends " at line X column Y" to its message; we carry the position separately.
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    YamlError {
        message,
        line,
        column,
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
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn non_mapping_is_rejected() {
        assert!(parse_mapping("- a\n- b\n").is_err());
    }
}
