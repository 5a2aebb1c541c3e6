//! Validation rules of the ticket form's security fields: CVE ID lists and CVSS vectors
//! (v3.0, v3.1, v4.0).
//!
//! The browser validates the same fields with `static/js/rules.js`, a hand-written twin of this
//! module (the browser needs JavaScript; the server must not trust it). The two are kept equal by
//! the shared test vectors in `tests/vectors/`, which both are tested against, and by one list of
//! error codes: short, stable strings the form maps to translated messages. The list below,
//! [`ERROR_CODES`] and the comment at the top of `rules.js` must stay identical.
//!
//! | code                          | meaning                                                         |
//! |-------------------------------|-----------------------------------------------------------------|
//! | `cve.prefix`                  | token does not start with `CVE-` (any case)                     |
//! | `cve.malformed`               | not `CVE-<digits>-<digits>`                                     |
//! | `cve.year`                    | year is not four digits, or before 1999                         |
//! | `cve.sequence-short`          | sequence has fewer than four digits                             |
//! | `cve.sequence-long`           | sequence has more than nineteen digits                          |
//! | `cve.sequence-leading-zero`   | sequence of five or more digits starts with `0`                 |
//! | `cve.duplicate`               | the same ID appears earlier in the field                        |
//! | `cvss.empty`                  | nothing but whitespace                                          |
//! | `cvss.missing-prefix`         | does not start with `CVSS:` (case-sensitive but see below)      |
//! | `cvss.unsupported-version`    | version other than `3.0`, `3.1` or `4.0` (e.g. `CVSS:2.0`)      |
//! | `cvss.malformed`              | a part is empty (`//`, trailing `/`) or has no `METRIC:`        |
//! | `cvss.unknown-metric`         | metric name not in the vector's version (case-sensitive)        |
//! | `cvss.invalid-value`          | value not allowed for that metric                               |
//! | `cvss.duplicate-metric`       | a metric given twice                                            |
//! | `cvss.metric-order`           | v4.0 only: a metric after one the specification lists later     |
//! | `cvss.missing-metric`         | a base metric absent (the first missing in spec order)          |
//!
//! "Case-sensitive" has one exception: a CVSS vector without any uppercase letter is read as
//! if uppercased (see [`cvss`]).

pub mod cve;
pub mod cvss;

pub use cve::{parse_cve_list, CveError, CveErrorKind, CveId};
pub use cvss::{parse_cvss, CvssError, CvssVector, CvssVersion, Metric, SeverityRating};

/// Every error code either rules implementation can produce, in the order of the table above.
/// The JavaScript twin exports the same list as `TolkRules.ERROR_CODES`; a test compares them.
pub const ERROR_CODES: [&str; 16] = [
    "cve.prefix",
    "cve.malformed",
    "cve.year",
    "cve.sequence-short",
    "cve.sequence-long",
    "cve.sequence-leading-zero",
    "cve.duplicate",
    "cvss.empty",
    "cvss.missing-prefix",
    "cvss.unsupported-version",
    "cvss.malformed",
    "cvss.unknown-metric",
    "cvss.invalid-value",
    "cvss.duplicate-metric",
    "cvss.metric-order",
    "cvss.missing-metric",
];

/// Whitespace as both implementations define it: Unicode `White_Space` plus U+FEFF (a
/// byte-order mark or zero-width no-break space, which pasting from documents brings in).
/// Spelled out rather than taken from the language so Rust and JavaScript cannot drift apart.
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every kind, so adding a variant without a code (or a code without a
    /// variant) fails here.
    fn every_error_code() -> Vec<&'static str> {
        let mut codes: Vec<&str> = CveErrorKind::ALL.iter().map(|k| k.code()).collect();
        let cvss = [
            CvssError::Empty,
            CvssError::MissingPrefix,
            CvssError::UnsupportedVersion {
                version: "2.0".into(),
            },
            CvssError::Malformed {
                position: 1,
                component: String::new(),
            },
            CvssError::UnknownMetric {
                metric: "XX".into(),
            },
            CvssError::InvalidValue {
                metric: "AV",
                value: "Q".into(),
            },
            CvssError::DuplicateMetric { metric: "AV" },
            CvssError::MetricOrder {
                metric: "AV",
                after: "AC",
            },
            CvssError::MissingMetric { metric: "AV" },
        ];
        codes.extend(cvss.iter().map(CvssError::code));
        codes
    }

    #[test]
    fn error_codes_list_matches_the_error_types() {
        assert_eq!(every_error_code(), ERROR_CODES.to_vec());
    }

    #[test]
    fn whitespace_set_is_unicode_white_space_plus_bom() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace() || c == '\u{feff}', "{c:?}");
        }
    }
}
