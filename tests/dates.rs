//! Long dates per locale against the shared vectors in `tests/vectors/dates.tsv`:
//! `tolk::dates` (ICU4X with compiled CLDR data, the dates pages show) and the browser's
//! `Intl.DateTimeFormat` through node. Both must give the same text for ar-SA, he-IL, fa-IR,
//! en-US, nl-NL, hu-HU and tr-TR, in the Gregorian calendar, and for a `numbering` override.

use crate::support::node::run_node_script;
use crate::support::tsv;
use tolk::dates::DateFormat;

const FILE: &str = "tests/vectors/dates.tsv";
const HEADER: [&str; 4] = ["locale", "numbering", "date", "expected"];

#[test]
fn rust_formats_dates_as_the_vectors_say() {
    let rows = tsv::read(FILE, &HEADER);
    let mut wrong = Vec::new();
    for row in &rows {
        let c = row.decoded();
        let numbering = (c[1] != "-").then_some(c[1].as_str());
        let format = DateFormat::new(&c[0], numbering).expect("a date format");
        let ymd: Vec<u16> = c[2]
            .split('-')
            .map(|n| n.parse().expect("a number"))
            .collect();
        let got = format.format(i32::from(ymd[0]), ymd[1] as u8, ymd[2] as u8);
        if got.as_deref() != Some(c[3].as_str()) {
            wrong.push(format!("{}: want {:?}, got {got:?}", row.place(), c[3]));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let locales: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(locales.len(), 7, "{locales:?}");
}

#[test]
fn intl_formats_dates_as_the_vectors_say() {
    let Some(out) = run_node_script("date_vectors.js", "the date vectors in node") else {
        return;
    };
    assert!(out.contains(" 0 mismatches"), "{out}");
}
