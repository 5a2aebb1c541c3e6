//! Diagnostics as a SARIF 2.1.0 log (`tolk check --format sarif`), for code-scanning UIs.
//!
//! GitHub, GitLab and Azure DevOps show SARIF results on the lines of a pull request and track
//! them across commits by `partialFingerprints`; ours is the baseline fingerprint, which
//! survives line shifts (see `check::baseline`). Every rule tolk has is listed in
//! `tool.driver.rules` with its summary and how to fix it, so a result's `ruleIndex` points
//! at a description even for rules this run did not trigger.

use super::{fixes, rule, Diagnostic, Severity};
use serde_json::{json, Value};

/// The schema a SARIF 2.1.0 log names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The log for `diagnostics`, each with its fingerprint (same order, same length).
pub fn log(diagnostics: &[(&Diagnostic, &str)], locales: &[String]) -> Value {
    let rules: Vec<Value> = rule::ALL
        .iter()
        .map(|r| {
            let fix = fixes::fix(r.code).unwrap_or(r.summary);
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "help": { "text": fix },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|(d, fingerprint)| result(d, fingerprint, locales))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tolk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn result(d: &Diagnostic, fingerprint: &str, locales: &[String]) -> Value {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&d.path) },
        }
    });
    if d.line > 0 {
        location["physicalLocation"]["region"] = json!({
            "startLine": d.line,
            "startColumn": d.column.max(1),
        });
    }
    let mut out = json!({
        "ruleId": d.rule,
        "level": level,
        "message": { "text": message },
        "locations": [location],
        "partialFingerprints": { "tolkFingerprint/v1": fingerprint },
    });
    if let Some(index) = rule::ALL.iter().position(|r| r.code == d.rule) {
        out["ruleIndex"] = index.into();
    }
    if let Some(i) = d.locale_index(locales) {
        out["properties"] = json!({ "locale": locales[i] });
    }
    out
}

/// A relative path as a URI reference: `/` separators, characters outside the unreserved set
/// and `/` percent-encoded.
fn uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_carry_rule_level_region_and_fingerprint() {
        let d = Diagnostic::error("content/hu-HU/a b.md", "glued URL")
            .at(35, 63)
            .rule(rule::STRUCTURE_URL_GARBLED)
            .with_help("put a space before it");
        let whole = Diagnostic::warning("locales/x.ftl", "file").rule(rule::FLUENT_UNUSED);
        let log = log(
            &[(&d, "abc"), (&whole, "def")],
            &["en-US".into(), "hu-HU".into()],
        );
        let run = &log["runs"][0];
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "structure-url-garbled");
        assert_eq!(r["level"], "error");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "content/hu-HU/a%20b.md");
        assert_eq!(loc["region"]["startLine"], 35);
        assert_eq!(loc["region"]["startColumn"], 63);
        assert_eq!(r["partialFingerprints"]["tolkFingerprint/v1"], "abc");
        assert_eq!(r["properties"]["locale"], "hu-HU");
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            "structure-url-garbled"
        );
        assert!(run["results"][1]["locations"][0]["physicalLocation"]["region"].is_null());
    }
}
