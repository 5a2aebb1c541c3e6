//! Language negotiation against the shared vectors in `tests/vectors/negotiation.tsv`:
//! fluent-langneg itself (the Rust side of the site) directly, and its browser twin,
//! `static/js/lang.js`, through node. The expected column comes from the crate, so a failure
//! of the first test means the crate changed; of the second, that the two sides differ.
//!
//! Tags are read the way the site reads them: a tag counts only if unic-langid (the site's
//! type) and the crate's own parser (`convert_vec_str_to_langids_lossy`) both accept it;
//! anything else is skipped, never guessed at. The code names no crate-specific type, so it
//! runs unchanged on fluent-langneg 0.13 (unic-langid) and 0.14 (icu_locid).

use crate::support::node::run_node_script;
use crate::support::tsv::{self, unescape, Row};
use fluent_langneg::{convert_vec_str_to_langids_lossy, negotiate_languages, NegotiationStrategy};

const FILE: &str = "tests/vectors/negotiation.tsv";
const HEADER: [&str; 4] = ["requested", "available", "default", "expected"];

/// One data line: its line number, the three inputs and the expected result.
struct Vector {
    line: usize,
    requested: Vec<String>,
    available: Vec<String>,
    default: Option<String>,
    expected: Vec<String>,
}

fn read_vectors() -> Vec<Vector> {
    tsv::read(FILE, &HEADER).iter().map(parse_row).collect()
}

fn parse_row(row: &Row) -> Vector {
    let place = row.place();
    let cells = &row.cells;
    let list = |cell: &str| -> Vec<String> {
        match cell {
            "" => Vec::new(),
            _ => cell.split(',').map(|t| unescape(t, &place)).collect(),
        }
    };
    Vector {
        line: row.line,
        requested: list(&cells[0]),
        available: list(&cells[1]),
        default: (cells[2] != "-").then(|| unescape(&cells[2], &place)),
        expected: if cells[3] == "-" {
            Vec::new()
        } else {
            list(&cells[3])
        },
    }
}

/// The tags unic-langid accepts, in order, as written (the crate parses them next).
fn site_tags<'a>(tags: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
    tags.into_iter()
        .filter(|t| t.parse::<unic_langid::LanguageIdentifier>().is_ok())
        .map(String::as_str)
        .collect()
}

/// What `negotiate_languages(.., Filtering)` returns, as canonical tags.
fn negotiate(v: &Vector) -> Vec<String> {
    let requested = convert_vec_str_to_langids_lossy(site_tags(&v.requested));
    let available = convert_vec_str_to_langids_lossy(site_tags(&v.available));
    let default = convert_vec_str_to_langids_lossy(site_tags(&v.default)).pop();
    let strategy = NegotiationStrategy::Filtering;
    negotiate_languages(&requested, &available, default.as_ref(), strategy)
        .into_iter()
        .map(|id| id.to_string())
        .collect()
}

#[test]
fn fluent_langneg_gives_the_expected_column() {
    let vectors = read_vectors();
    let mismatches: Vec<String> = vectors
        .iter()
        .filter_map(|v| {
            let got = negotiate(v);
            (got != v.expected).then(|| {
                let (line, req, avail) = (v.line, &v.requested, &v.available);
                format!(
                    "{line}: {req:?} x {avail:?}: want {:?}, got {got:?}",
                    v.expected
                )
            })
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{FILE}: {} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(
        vectors.len() >= 40,
        "{FILE}: only {} vectors",
        vectors.len()
    );
}

/// A tag both parsers accept must read the same in both, or "skip what does not parse" would
/// not be one rule.
#[test]
fn unic_langid_and_fluent_langneg_agree_on_every_accepted_tag() {
    let vectors = read_vectors();
    let tags = vectors.iter().flat_map(|v| {
        let inputs = v.requested.iter().chain(&v.available);
        inputs.chain(&v.default).chain(&v.expected)
    });
    for tag in site_tags(tags) {
        let ours = tag
            .parse::<unic_langid::LanguageIdentifier>()
            .map(|id| id.to_string());
        if let Some(theirs) = convert_vec_str_to_langids_lossy([tag]).pop() {
            assert_eq!(ours.ok(), Some(theirs.to_string()), "{tag:?}");
        }
    }
}

#[test]
fn javascript_negotiation_passes_the_same_vectors() {
    let Some(stdout) = run_node_script("negotiation_vectors.js", "static/js/lang.js") else {
        return;
    };
    let count = read_vectors().len();
    let summary = format!("checked {count} vectors, 0 mismatches");
    assert!(
        stdout.lines().any(|l| l == summary),
        "want {summary:?}:\n{stdout}"
    );
}

#[test]
fn javascript_root_page_redirects_and_remembers_the_choice() {
    let Some(stdout) = run_node_script("root_page.js", "static/js/lang.js") else {
        return;
    };
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("checked ") && summary.ends_with(" root-page cases, 0 failures"),
        "{stdout}"
    );
}
