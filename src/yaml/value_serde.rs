//! Serde for [`YamlValue`], written by hand because one derive cannot serve both of its uses.
//!
//! Human-readable formats (JSON for templates) get the value untagged, as the former
//! `#[serde(untagged)]` derive wrote it; reading such a value back takes a JSON number as a
//! `Number` and an object as a `Map`. Binary formats (rmp-serde in the state file) get an
//! externally tagged enum, so every value reads back as it was written.

use super::YamlValue;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The tagged form written to binary formats, borrowing from the value.
#[derive(Serialize)]
enum TaggedRef<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    String(&'a str),
    List(&'a [YamlValue]),
    Map(&'a [(String, YamlValue)]),
}

/// The tagged form read from binary formats.
#[derive(Deserialize)]
enum Tagged {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    List(Vec<YamlValue>),
    Map(Vec<(String, YamlValue)>),
}

impl Serialize for YamlValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return match self {
                YamlValue::Null => TaggedRef::Null,
                YamlValue::Bool(b) => TaggedRef::Bool(*b),
                YamlValue::Number(n) => TaggedRef::Number(n),
                YamlValue::String(t) => TaggedRef::String(t),
                YamlValue::List(l) => TaggedRef::List(l),
                YamlValue::Map(m) => TaggedRef::Map(m),
            }
            .serialize(s);
        }
        match self {
            YamlValue::Null => s.serialize_unit(),
            YamlValue::Bool(b) => s.serialize_bool(*b),
            YamlValue::Number(t) | YamlValue::String(t) => s.serialize_str(t),
            YamlValue::List(l) => l.serialize(s),
            YamlValue::Map(m) => {
                let mut seq = s.serialize_seq(Some(m.len()))?;
                for pair in m {
                    seq.serialize_element(pair)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<YamlValue, D::Error> {
        if !d.is_human_readable() {
            return Ok(match Tagged::deserialize(d)? {
                Tagged::Null => YamlValue::Null,
                Tagged::Bool(b) => YamlValue::Bool(b),
                Tagged::Number(n) => YamlValue::Number(n),
                Tagged::String(t) => YamlValue::String(t),
                Tagged::List(l) => YamlValue::List(l),
                Tagged::Map(m) => YamlValue::Map(m),
            });
        }
        d.deserialize_any(PlainVisitor)
    }
}

/// Reads the untagged, human-readable form.
struct PlainVisitor;

impl<'de> Visitor<'de> for PlainVisitor {
    type Value = YamlValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<YamlValue, E> {
        Ok(YamlValue::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(n.to_string()))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(n.to_string()))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(n.to_string()))
    }
    fn visit_str<E: de::Error>(self, t: &str) -> Result<YamlValue, E> {
        Ok(YamlValue::String(t.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlValue::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(YamlValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> YamlValue {
        YamlValue::Map(vec![
            ("n".into(), YamlValue::Number("1.10".into())),
            ("s".into(), YamlValue::String("1.10".into())),
            ("b".into(), YamlValue::Bool(true)),
            ("z".into(), YamlValue::Null),
            (
                "l".into(),
                YamlValue::List(vec![YamlValue::String("x".into())]),
            ),
        ])
    }

    #[test]
    fn json_stays_the_untagged_form_templates_see() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(
            json,
            r#"[["n","1.10"],["s","1.10"],["b",true],["z",null],["l",["x"]]]"#
        );
        let back: YamlValue = serde_json::from_str(r#"{"a":[1,"x",null]}"#).unwrap();
        assert_eq!(
            back,
            YamlValue::Map(vec![(
                "a".into(),
                YamlValue::List(vec![
                    YamlValue::Number("1".into()),
                    YamlValue::String("x".into()),
                    YamlValue::Null
                ])
            )])
        );
    }

    #[test]
    fn binary_form_reads_back_exactly() {
        let bytes = rmp_serde::to_vec(&sample()).unwrap();
        let back: YamlValue = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, sample());
    }
}
