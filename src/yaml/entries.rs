//! A document's top level read as a list of entries, repeated keys included.
//!
//! serde_yaml's `Mapping` refuses a key given twice; docfx accepts it (Microsoft's own files
//! repeat `ms.custom`) and keeps the last value. Reading the entries one by one keeps them all,
//! so the front matter can warn and let the last one win.

use super::YamlValue;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::Value;

/// The top level of a YAML document.
pub(super) enum Entries {
    Null,
    Map(Vec<(Value, Value)>),
    Other(Value),
}

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Entries, A::Error> {
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
        Ok(Entries::Other(Value::Bool(v)))
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
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Entries, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = a.next_element()? {
            items.push(item);
        }
        Ok(Entries::Other(Value::Sequence(items)))
    }
}

/// Each repeated top-level key after its first occurrence, with its 1-based line in `text`
/// (0 when it cannot be found).
pub fn repeated_keys<'a>(entries: &'a [(String, YamlValue)], text: &str) -> Vec<(&'a str, usize)> {
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

/// 1-based lines where a top-level `key:` (plain or quoted) starts.
fn key_lines<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        let unquoted = |q: char| {
            line.strip_prefix(q)
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix(q))
        };
        let rest = line
            .strip_prefix(key)
            .or_else(|| unquoted('"'))
            .or_else(|| unquoted('\''))?;
        rest.trim_start().starts_with(':').then_some(i + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::super::{parse_mapping, YamlValue};
    use super::repeated_keys;

    #[test]
    fn repeated_key_is_kept_and_placed_at_its_second_occurrence() {
        let text = "title: a\nx: 1\ntitle: b\n";
        let entries = parse_mapping(text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].1, YamlValue::String("b".into()));
        assert_eq!(repeated_keys(&entries, text), [("title", 3)]);
    }
}
