//! The form's validation rules against the shared vectors in `tests/vectors/` (see its
//! README): the Rust implementation directly, the JavaScript one through node.

use crate::support::{node::node, node::run_node_script, repo, tsv};
use tolk::rules::{parse_cve_list, parse_cvss, CvssVersion, ERROR_CODES};

/// One data line of a vector file: its line number and its decoded cells.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// Reads `tests/vectors/<name>` with the shared reader, cells decoded.
fn read_vectors(name: &str, header: &[&str]) -> Vec<Row> {
    tsv::read(&format!("tests/vectors/{name}"), header)
        .iter()
        .map(|row| Row {
            line: row.line,
            cells: row.decoded(),
        })
        .collect()
}

/// Panics listing every mismatch, so one run shows them all.
fn assert_no_mismatches(name: &str, mismatches: Vec<String>) {
    assert!(
        mismatches.is_empty(),
        "{name}: {} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Checks vector, score and severity (and optionally the normalized form) of each row.
fn check_scores(name: &str, header: &[&str]) -> usize {
    let rows = read_vectors(name, header);
    let mut mismatches = Vec::new();
    for Row { line, cells } in &rows {
        let got = match parse_cvss(&cells[0]) {
            Ok(v) => {
                let mut got = vec![format!("{:.1}", v.base_score()), v.severity().to_string()];
                if cells.len() > 3 {
                    got.push(v.to_string());
                }
                got
            }
            Err(e) => vec![format!("error {}: {e}", e.code())],
        };
        if got[..] != cells[1..] {
            mismatches.push(format!(
                "{line}: {:?}: want {:?}, got {got:?}",
                cells[0],
                &cells[1..]
            ));
        }
    }
    assert_no_mismatches(name, mismatches);
    rows.len()
}

#[test]
fn cvss_shared_base_scores() {
    let header = ["vector", "base_score", "severity"];
    assert_eq!(check_scores("cvss_base_scores.tsv", &header), 200);
}

#[test]
fn cvss4_shared_scores() {
    let header = ["vector", "score", "severity"];
    assert_eq!(check_scores("cvss4_scores.tsv", &header), 300);
}

#[test]
fn cvss_own_valid_vectors() {
    let header = ["vector", "base_score", "severity", "normalized"];
    check_scores("cvss_valid.tsv", &header);
}

#[test]
fn cvss_invalid_vectors() {
    let rows = read_vectors("cvss_invalid.tsv", &["vector", "code", "metric"]);
    let mut mismatches = Vec::new();
    for Row { line, cells } in &rows {
        let got = match parse_cvss(&cells[0]) {
            Ok(v) => vec![format!("accepted as {v}")],
            Err(e) => vec![e.code().to_string(), e.metric().unwrap_or("-").to_string()],
        };
        if got[..] != cells[1..] {
            mismatches.push(format!(
                "{line}: {:?}: want {:?}, got {got:?}",
                cells[0],
                &cells[1..]
            ));
        }
    }
    assert_no_mismatches("cvss_invalid.tsv", mismatches);
}

#[test]
fn cvss_roundup_per_version() {
    let rows = read_vectors("cvss_roundup.tsv", &["value", "v3.0", "v3.1", "v4.0"]);
    let mut mismatches = Vec::new();
    for Row { line, cells } in &rows {
        let value: f64 = cells[0].parse().expect("a number");
        let versions = [CvssVersion::V3_0, CvssVersion::V3_1, CvssVersion::V4_0];
        let got = versions.map(|v| v.round_up(value).to_string());
        if got[..] != cells[1..] {
            mismatches.push(format!(
                "{line}: {value}: want {:?}, got {got:?}",
                &cells[1..]
            ));
        }
    }
    assert_no_mismatches("cvss_roundup.tsv", mismatches);
}

#[test]
fn cve_lists() {
    let rows = read_vectors("cve.tsv", &["input", "ids", "errors"]);
    let mut mismatches = Vec::new();
    let join = |items: Vec<String>| match items.is_empty() {
        true => "-".to_string(),
        false => items.join(" "),
    };
    for Row { line, cells } in &rows {
        let got = match parse_cve_list(&cells[0]) {
            Ok(ids) => [
                join(ids.iter().map(|id| id.to_string()).collect()),
                "-".into(),
            ],
            Err(errors) => {
                let errors = errors
                    .iter()
                    .map(|e| format!("{}@{}", e.code(), e.char_start));
                ["-".into(), join(errors.collect())]
            }
        };
        if got[..] != cells[1..] {
            mismatches.push(format!(
                "{line}: {:?}: want {:?}, got {got:?}",
                cells[0],
                &cells[1..]
            ));
        }
    }
    assert_no_mismatches("cve.tsv", mismatches);
}

/// Number of vectors the Rust tests above check, which the node run must match.
fn vector_count() -> usize {
    let files: [(&str, &[&str]); 6] = [
        (
            "cvss_base_scores.tsv",
            &["vector", "base_score", "severity"],
        ),
        ("cvss4_scores.tsv", &["vector", "score", "severity"]),
        (
            "cvss_valid.tsv",
            &["vector", "base_score", "severity", "normalized"],
        ),
        ("cvss_invalid.tsv", &["vector", "code", "metric"]),
        ("cvss_roundup.tsv", &["value", "v3.0", "v3.1", "v4.0"]),
        ("cve.tsv", &["input", "ids", "errors"]),
    ];
    files
        .iter()
        .map(|(name, header)| read_vectors(name, header).len())
        .sum()
}

#[test]
fn javascript_rules_pass_the_same_vectors() {
    let Some(mut node) = node("static/js/rules.js") else {
        return;
    };
    let script = repo().join("tests/js/rules_vectors.js");
    let out = node.arg(&script).output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "rules_vectors.js failed:\n{stdout}\n{stderr}"
    );
    let expected = format!("checked {} vectors, 0 mismatches", vector_count());
    assert!(
        stdout.contains(&expected),
        "want {expected:?} in:\n{stdout}"
    );
}

#[test]
fn javascript_error_codes_equal_rust() {
    let Some(mut node) = node("static/js/rules.js") else {
        return;
    };
    let rules = repo().join("static/js/rules.js");
    let print = "console.log(JSON.stringify(require(process.argv[1]).ERROR_CODES))";
    let out = node
        .args(["-e", print])
        .arg(&rules)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let codes: Vec<String> = serde_json::from_slice(&out.stdout).expect("a JSON list");
    assert_eq!(codes, ERROR_CODES);
}

/// 100,000 pasted spaces froze the tab in the form's trim regex (issue 16): every text path of
/// the form's JavaScript runs on long whitespace within a linear-time budget.
#[test]
fn javascript_handles_long_whitespace_in_linear_time() {
    let Some(stdout) = run_node_script("long_input.js", "static/js/rules.js and ticket.js") else {
        return;
    };
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("checked ") && summary.ends_with(" long inputs, 0 failures"),
        "{stdout}"
    );
}

/// The script the build publishes for the browser (`js/cvss4-data.js`) holds exactly the data
/// file that Rust scores with and node's `cvss4.js` requires.
#[test]
fn javascript_browser_data_is_the_data_file() {
    let Some(mut node) = node("the CVSS v4.0 browser data") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let script = dir.path().join("cvss4-data.js");
    std::fs::write(&script, tolk::rules::cvss::browser_data_script()).expect("write the script");
    let check = "global.window = {}; require(process.argv[1]); \
        require('assert').deepStrictEqual(window.TolkCvss4Data, require(process.argv[2])); \
        console.log(Object.keys(window.TolkCvss4Data.scores).length);";
    let out = node
        .args(["-e", check])
        .arg(&script)
        .arg(repo().join("static/data/cvss4-macrovectors.json"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), "270", "MacroVectors in the browser's table");
}
