//! Digits and separators per locale against the shared vectors in `tests/vectors/numbers.tsv`:
//! `tolk::numbers` (ICU4X with compiled CLDR data, used for dates and the status page) and
//! the browser's `Intl.NumberFormat` (the form's live CVSS score), through node. Both must give
//! the same text for ar-SA, he-IL, fa-IR, en-US, nl-NL, hu-HU and tr-TR, and for a
//! `numbering` override.

use crate::support::node::run_node_script;
use crate::support::tsv;
use tolk::numbers::NumberFormat;

const FILE: &str = "tests/vectors/numbers.tsv";
const HEADER: [&str; 5] = ["locale", "numbering", "kind", "number", "expected"];

#[test]
fn rust_formats_numbers_as_the_vectors_say() {
    let rows = tsv::read(FILE, &HEADER);
    let mut wrong = Vec::new();
    for row in &rows {
        let c = row.decoded();
        let numbering = (c[1] != "-").then_some(c[1].as_str());
        let format = NumberFormat::new(&c[0], numbering).expect("a number format");
        let whole = || c[3].parse::<u64>().expect("a whole number");
        let got = match c[2].as_str() {
            "grouped" => format.integer(whole()),
            "digits" => format.digits(whole()),
            "decimal" => format.decimal(&c[3]),
            other => panic!("{}: unknown kind {other}", row.place()),
        };
        if got != c[4] {
            wrong.push(format!("{}: want {:?}, got {got:?}", row.place(), c[4]));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(rows.len() >= 70, "{} vectors", rows.len());
}

#[test]
fn intl_formats_numbers_as_the_vectors_say() {
    let Some(out) = run_node_script("number_vectors.js", "the number vectors in node") else {
        return;
    };
    assert!(out.contains(" 0 mismatches"), "{out}");
}
