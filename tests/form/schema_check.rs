//! A small JSON Schema (draft 2020-12) checker for exactly the keywords `form::schema` emits.
//!
//! Enough to prove tickets against the generated schema without a large dependency. A keyword it
//! does not know fails loudly, so the schema cannot grow a keyword these tests silently ignore.
//! `pattern` is matched with the `regex` crate; the schema only uses syntax that ECMA-262 and
//! `regex` read alike (no `\d`, `\s`, `\w`, which differ).

use regex::Regex;
use serde_json::{Map, Value};

/// Keywords that only annotate (`format` is an annotation in 2020-12 unless a vocabulary says
/// otherwise).
const ANNOTATIONS: [&str; 6] = [
    "$schema",
    "$id",
    "title",
    "description",
    "$comment",
    "format",
];

/// Every way `instance` fails `schema`, as `path: problem` lines; empty when it matches.
pub fn check(schema: &Value, instance: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check_at(schema, instance, "$", &mut problems);
    problems
}

fn check_at(schema: &Value, instance: &Value, at: &str, out: &mut Vec<String>) {
    let schema = match schema {
        Value::Bool(true) => return,
        Value::Bool(false) => return out.push(format!("{at}: not allowed")),
        Value::Object(s) => s,
        other => panic!("not a schema at {at}: {other}"),
    };
    for (keyword, value) in schema {
        if ANNOTATIONS.contains(&keyword.as_str()) || matches!(keyword.as_str(), "then" | "else") {
            continue;
        }
        keyword_at(schema, keyword, value, instance, at, out);
    }
}

fn keyword_at(
    schema: &Map<String, Value>,
    keyword: &str,
    value: &Value,
    instance: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let mut fail = |problem: String| out.push(format!("{at}: {problem}"));
    match keyword {
        "type" => {
            let name = value.as_str().expect("type is a string here");
            if type_name(instance) != name {
                fail(format!("is {}, not {name}", type_name(instance)));
            }
        }
        "enum" => {
            let options = value.as_array().expect("enum is a list");
            if !options.contains(instance) {
                fail(format!("{instance} is not one of {value}"));
            }
        }
        "const" if instance != value => fail(format!("{instance} is not {value}")),
        "const" => {}
        "minLength" | "maxLength" | "pattern" => string_keyword(keyword, value, instance, fail),
        "minItems" | "maxItems" | "uniqueItems" | "items" => {
            array_keyword(keyword, value, instance, at, out)
        }
        "required" | "properties" | "additionalProperties" => {
            object_keyword(schema, keyword, value, instance, at, out)
        }
        "allOf" | "anyOf" => {
            let branches = value.as_array().expect("a list of schemas");
            let results: Vec<Vec<String>> = branches.iter().map(|b| check(b, instance)).collect();
            let ok = results.iter().filter(|r| r.is_empty()).count();
            if keyword == "allOf" {
                out.extend(
                    results
                        .into_iter()
                        .flatten()
                        .map(|p| format!("{at}/allOf {p}")),
                );
            } else if ok == 0 {
                fail(format!("matches none of anyOf: {results:?}"));
            }
        }
        "if" => {
            let branch = if check(value, instance).is_empty() {
                "then"
            } else {
                "else"
            };
            if let Some(s) = schema.get(branch) {
                let mut inner = Vec::new();
                check_at(s, instance, at, &mut inner);
                out.extend(inner.into_iter().map(|p| format!("({branch}) {p}")));
            }
        }
        other => panic!("the checker does not know keyword `{other}` (at {at})"),
    }
}

fn string_keyword(keyword: &str, value: &Value, instance: &Value, mut fail: impl FnMut(String)) {
    let Some(text) = instance.as_str() else {
        return;
    };
    let chars = text.chars().count() as u64;
    match keyword {
        "minLength" if chars < value.as_u64().unwrap_or(0) => fail(format!("shorter than {value}")),
        "maxLength" if chars > value.as_u64().unwrap_or(u64::MAX) => {
            fail(format!("longer than {value}"))
        }
        "pattern" => {
            let pattern = value.as_str().expect("a pattern string");
            let re = Regex::new(pattern).unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"));
            if !re.is_match(text) {
                fail(format!("{instance} does not match {pattern:?}"));
            }
        }
        _ => {}
    }
}

fn array_keyword(keyword: &str, value: &Value, instance: &Value, at: &str, out: &mut Vec<String>) {
    let Some(items) = instance.as_array() else {
        return;
    };
    let n = items.len() as u64;
    match keyword {
        "minItems" if n < value.as_u64().unwrap_or(0) => out.push(format!("{at}: too few items")),
        "maxItems" if n > value.as_u64().unwrap_or(u64::MAX) => {
            out.push(format!("{at}: too many items"))
        }
        "uniqueItems" if value == &Value::Bool(true) => {
            for (i, item) in items.iter().enumerate() {
                if items[..i].contains(item) {
                    out.push(format!("{at}/{i}: repeats an earlier item"));
                }
            }
        }
        "items" => {
            for (i, item) in items.iter().enumerate() {
                check_at(value, item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn object_keyword(
    schema: &Map<String, Value>,
    keyword: &str,
    value: &Value,
    instance: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let Some(object) = instance.as_object() else {
        return;
    };
    match keyword {
        "required" => {
            for key in value
                .as_array()
                .expect("a list")
                .iter()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(key) {
                    out.push(format!("{at}: lacks required `{key}`"));
                }
            }
        }
        "properties" => {
            let properties = value.as_object().expect("a map of schemas");
            for (key, sub) in properties {
                if let Some(v) = object.get(key) {
                    check_at(sub, v, &format!("{at}/{key}"), out);
                }
            }
        }
        _ => {
            let declared = schema.get("properties").and_then(Value::as_object);
            for (key, v) in object {
                if !declared.is_some_and(|d| d.contains_key(key)) {
                    check_at(value, v, &format!("{at}/{key}"), out);
                }
            }
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[test]
fn the_checker_catches_what_it_checks() {
    let schema = serde_json::json!({
        "type": "object", "required": ["a"], "additionalProperties": false,
        "properties": { "a": { "type": "string", "maxLength": 2, "pattern": "^[a-z]+$" },
                        "b": { "type": "array", "uniqueItems": true, "items": { "enum": [1, 2] } } },
        "allOf": [{ "if": { "properties": { "a": { "const": "x" } } },
                    "then": { "required": ["b"] }, "else": { "properties": { "b": false } } }],
    });
    assert_eq!(
        check(&schema, &serde_json::json!({ "a": "x", "b": [1] })),
        Vec::<String>::new()
    );
    let cases = [
        serde_json::json!({}),
        serde_json::json!({ "a": "abc" }),
        serde_json::json!({ "a": "A" }),
        serde_json::json!({ "a": "x" }),
        serde_json::json!({ "a": "x", "b": [1, 1] }),
        serde_json::json!({ "a": "x", "b": [3] }),
        serde_json::json!({ "a": "y", "b": [1] }),
        serde_json::json!({ "a": "x", "b": [1], "c": 1 }),
        serde_json::json!([]),
    ];
    for case in cases {
        assert!(!check(&schema, &case).is_empty(), "{case}");
    }
}
