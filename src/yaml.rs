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
/// A repeated key is kept each time it occurs (docfx accepts them; the last one wins), so the
/// caller can report it.
pub fn parse_mapping(text: &str) -> Result<Vec<(String, YamlValue)>, YamlError> {
    let value: Entries = serde_yaml::from_str(text).map_err(|e| to_error(e, text))?;
    match value {
        Entries::Null => Ok(Vec::new()),
        Entries::Map(map) => map
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
        Entries::Other(other) => Err(YamlError {
            message: format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                describe(&other)
            ),
            line: 1,
            column: 1,
        }),
    }
}

/// A document's top level, read without serde_yaml's `Mapping` (which refuses repeated keys).
enum Entries {
    Null,
    Map(Vec<(serde_yaml::Value, serde_yaml::Value)>),
    Other(serde_yaml::Value),
}

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries::Map(entries))
            }
            fn visit_unit<E>(self) -> Result<Entries, E> {
                Ok(Entries::Null)
            }
            fn visit_none<E>(self) -> Result<Entries, E> {
                Ok(Entries::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Entries, E> {
                Ok(Entries::Other(serde_yaml::Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Entries, E> {
                Ok(Entries::Other(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Entries, E> {
                Ok(Entries::Other(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Entries, E> {
                Ok(Entries::Other(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Entries, E> {
                Ok(Entries::Other(v.into()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Entries, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(Entries::Other(serde_yaml::Value::Sequence(items)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The 1-based line (in `text`) of each repeated top-level key after its first occurrence.
pub fn repeated_keys<'a>(
    entries: &'a [(String, YamlValue)],
    text: &'a str,
) -> Vec<(&'a str, usize)> {
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    let mut out = Vec::new();
    for (key, _) in entries {
        let n = seen.entry(key.as_str()).or_insert(0);
        if *n > 0 {
            out.push((key.as_str(), key_lines(text, key).nth(*n).unwrap_or(0)));
        }
        *n += 1;
    }
    out
}

/// Deserializes YAML text into a typed structure (used for the form definition).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| to_error(e, text))
}

/// Turns serde_yaml's error into ours, placed where a person would look: at the start of an
/// unterminated construct (libyaml reports where the text ran out, the closing fence) and at
/// the second occurrence of a duplicate key (serde_yaml reports the mapping's start).
fn to_error(e: serde_yaml::Error, text: &str) -> YamlError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    // serde_yaml appends " at line X column Y" (and ", while <context> at line X column Y")
    // to its message; we carry the position separately.
    let full = e.to_string();
    let problem = full.split(" at line ").next().unwrap_or(&full).to_string();
    let context = full.split_once(", while ").map(|(_, c)| c);
    if let Some((what, position)) = context.and_then(|c| c.split_once(" at line ")) {
        if problem.contains("end of stream") {
            if let Some((l, c)) = parse_position(position) {
                return YamlError {
                    message: format!("{problem} while {what}"),
                    line: l,
                    column: c,
                };
            }
        }
    }
    if let Some(key) = problem
        .strip_prefix("duplicate entry with key ")
        .and_then(|k| serde_yaml::from_str::<String>(k).ok())
    {
        if let Some(l) = key_lines(text, &key).nth(1) {
            return YamlError {
                message: problem,
                line: l,
                column: 1,
            };
        }
    }
    YamlError {
        message: problem,
        line,
        column,
    }
}

/// `"3 column 14"` → (3, 14).
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let (l, c) = text.split_once(" column ")?;
    let c: String = c.chars().take_while(char::is_ascii_digit).collect();
    Some((l.trim().parse().ok()?, c.parse().ok()?))
}

/// 1-based lines where a top-level `key:` (plain or quoted) starts.
fn key_lines<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.lines().enumerate().filter_map(move |(i, l)| {
        let rest = l
            .strip_prefix(key)
            .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| l.strip_prefix(&format!("'{key}'")))?;
        rest.trim_start().starts_with(':').then_some(i + 1)
    })
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
    fn unterminated_quote_is_placed_where_it_opens() {
        let e = parse_mapping("title: ok\ndescription: \"unterminated\nauthor: x\nms.date: 1\n")
            .unwrap_err();
        assert_eq!((e.line, e.column), (2, 14), "{e:?}");
        assert_eq!(
            e.message,
            "found unexpected end of stream while scanning a quoted scalar"
        );
    }

    #[test]
    fn duplicate_key_is_kept_and_placed_at_its_second_occurrence() {
        let text = "title: a\nx: 1\ntitle: b\n";
        let entries = parse_mapping(text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].1, YamlValue::String("b".into()));
        assert_eq!(repeated_keys(&entries, text), [("title", 3)]);
    }

    #[test]
    fn non_mapping_is_rejected() {
        assert!(parse_mapping("- a\n- b\n").is_err());
    }
}
