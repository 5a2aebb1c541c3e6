//! CVE identifiers: the ticket form's "affected CVEs" field.
//!
//! Syntax (CVE Program, since 2014): `CVE-YYYY-NNNN`, where the sequence is exactly four digits
//! (leading zeros allowed, `CVE-2021-0123`) or five or more digits without a leading zero
//! (`CVE-2021-44228`). Decisions beyond that, mirrored by `static/js/rules.js`:
//! - the `CVE-` prefix is accepted in any case (`cve-2021-44228`): people type these, and the
//!   meaning is unambiguous; IDs are normalized to upper case;
//! - the year is four digits and 1999 or later (the list began with CVE-1999-0001). There is no
//!   upper bound: a pure function has no clock, and IDs are reserved ahead of their year;
//! - the sequence has at most nineteen digits (the CVE JSON 5 schema's limit; it fits a `u64`);
//! - IDs are separated by commas and/or whitespace (see `rules::is_space`); empty entries
//!   (`a,,b`, a trailing comma) are ignored, so an empty field is an empty list. Whether the
//!   field is required is the form's decision, not this rule's;
//! - an ID listed twice is an error (`cve.duplicate`) on its second occurrence.

use super::is_space;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// The earliest year a CVE ID can carry.
pub const FIRST_CVE_YEAR: u16 = 1999;

/// The CVE JSON 5 schema allows sequences of up to nineteen digits.
const MAX_SEQUENCE_DIGITS: usize = 19;

/// The longest valid CVE ID in characters (`CVE-` + year + `-` + sequence), all ASCII.
pub const MAX_CVE_ID_LEN: usize = 4 + 4 + 1 + MAX_SEQUENCE_DIGITS;

/// One valid CVE ID. Displays (and serializes) in canonical form, `CVE-2021-0123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct CveId {
    year: u16,
    sequence: u64,
}

impl CveId {
    /// The year part, 1999 or later.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The sequence number; `CVE-2021-0123` has sequence 123.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }
}

impl fmt::Display for CveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CVE-{}-{:04}", self.year, self.sequence)
    }
}

impl FromStr for CveId {
    type Err = CveErrorKind;

    /// Parses exactly one ID, without surrounding whitespace.
    fn from_str(token: &str) -> Result<Self, Self::Err> {
        let rest = token
            .get(..4)
            .filter(|prefix| prefix.eq_ignore_ascii_case("CVE-"))
            .map(|_| &token[4..])
            .ok_or(CveErrorKind::Prefix)?;
        let (year, sequence) = rest.split_once('-').ok_or(CveErrorKind::Malformed)?;
        if !all_digits(year) || !all_digits(sequence) {
            return Err(CveErrorKind::Malformed);
        }
        let year = parse_year(year)?;
        let sequence = parse_sequence(sequence)?;
        Ok(CveId { year, sequence })
    }
}

impl From<CveId> for String {
    fn from(id: CveId) -> String {
        id.to_string()
    }
}

impl TryFrom<String> for CveId {
    type Error = CveErrorKind;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `digits` is non-empty ASCII digits.
fn parse_year(digits: &str) -> Result<u16, CveErrorKind> {
    match digits.parse::<u16>() {
        Ok(year) if digits.len() == 4 && year >= FIRST_CVE_YEAR => Ok(year),
        _ => Err(CveErrorKind::Year),
    }
}

/// `digits` is non-empty ASCII digits.
fn parse_sequence(digits: &str) -> Result<u64, CveErrorKind> {
    match digits.len() {
        0..=3 => Err(CveErrorKind::SequenceShort),
        n if n > MAX_SEQUENCE_DIGITS => Err(CveErrorKind::SequenceLong),
        n if n > 4 && digits.starts_with('0') => Err(CveErrorKind::SequenceLeadingZero),
        // Nineteen digits always fit a u64, so this error cannot happen; map it anyway.
        _ => digits.parse().map_err(|_| CveErrorKind::SequenceLong),
    }
}

/// What is wrong with one token. Each kind has a stable code (see `rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CveErrorKind {
    #[error("a CVE ID starts with \"CVE-\"")]
    Prefix,
    #[error("a CVE ID has the form CVE-YYYY-NNNN")]
    Malformed,
    #[error("the year of a CVE ID has four digits and is 1999 or later")]
    Year,
    #[error("the sequence number of a CVE ID has at least four digits")]
    SequenceShort,
    #[error("the sequence number of a CVE ID has at most nineteen digits")]
    SequenceLong,
    #[error("a sequence number of five or more digits cannot start with 0")]
    SequenceLeadingZero,
    #[error("this CVE ID is already listed")]
    Duplicate,
}

impl CveErrorKind {
    /// Every kind, in the order of the code table in `rules`.
    pub const ALL: [CveErrorKind; 7] = [
        CveErrorKind::Prefix,
        CveErrorKind::Malformed,
        CveErrorKind::Year,
        CveErrorKind::SequenceShort,
        CveErrorKind::SequenceLong,
        CveErrorKind::SequenceLeadingZero,
        CveErrorKind::Duplicate,
    ];

    /// The stable code the form translates, e.g. `cve.sequence-short`.
    pub fn code(self) -> &'static str {
        match self {
            CveErrorKind::Prefix => "cve.prefix",
            CveErrorKind::Malformed => "cve.malformed",
            CveErrorKind::Year => "cve.year",
            CveErrorKind::SequenceShort => "cve.sequence-short",
            CveErrorKind::SequenceLong => "cve.sequence-long",
            CveErrorKind::SequenceLeadingZero => "cve.sequence-leading-zero",
            CveErrorKind::Duplicate => "cve.duplicate",
        }
    }
}

/// One invalid token of a CVE list, and where it is, so the form can point at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{token:?} (entry {}): {kind}", .index + 1)]
pub struct CveError {
    pub kind: CveErrorKind,
    /// The token as written.
    pub token: String,
    /// 0-based number of the token among all tokens of the field.
    pub index: usize,
    /// Byte offset of the token in the input (for `Diagnostic::at_offset`).
    pub start: usize,
    /// Offset in Unicode scalar values; the JavaScript twin reports the same `charStart`.
    pub char_start: usize,
}

impl CveError {
    /// The stable code of [`CveError::kind`].
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// Parses a field holding CVE IDs separated by commas and/or whitespace. Returns every valid
/// ID in input order, or, if any token is invalid, one error per invalid token.
pub fn parse_cve_list(input: &str) -> Result<Vec<CveId>, Vec<CveError>> {
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for (index, token) in tokens(input).into_iter().enumerate() {
        let parsed = token
            .text
            .parse::<CveId>()
            .and_then(|id| match seen.insert(id) {
                true => Ok(id),
                false => Err(CveErrorKind::Duplicate),
            });
        match parsed {
            Ok(id) => ids.push(id),
            Err(kind) => errors.push(CveError {
                kind,
                token: token.text.to_string(),
                index,
                start: token.start,
                char_start: token.char_start,
            }),
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(errors)
    }
}

struct Token<'a> {
    text: &'a str,
    start: usize,
    char_start: usize,
}

/// Splits on runs of commas and whitespace, remembering where each token starts.
fn tokens(input: &str) -> Vec<Token<'_>> {
    let mut found = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let ends = input.char_indices().map(Some).chain([None]);
    for (char_pos, item) in ends.enumerate() {
        let at_separator = item.is_none_or(|(_, c)| c == ',' || is_space(c));
        match (at_separator, current) {
            (true, Some((start, char_start))) => {
                let end = item.map_or(input.len(), |(byte_pos, _)| byte_pos);
                let text = &input[start..end];
                found.push(Token {
                    text,
                    start,
                    char_start,
                });
                current = None;
            }
            (false, None) => current = item.map(|(byte_pos, _)| (byte_pos, char_pos)),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(input: &str) -> Vec<(&'static str, usize)> {
        let errors = parse_cve_list(input).expect_err("should be invalid");
        errors.iter().map(|e| (e.code(), e.char_start)).collect()
    }

    #[test]
    fn parses_a_list_and_normalizes() {
        let ids = parse_cve_list(" cve-2021-44228,CVE-2014-0160\n\tCVE-1999-0001 ,").unwrap();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["CVE-2021-44228", "CVE-2014-0160", "CVE-1999-0001"]);
        assert_eq!((ids[1].year(), ids[1].sequence()), (2014, 160));
    }

    #[test]
    fn empty_field_is_an_empty_list() {
        assert_eq!(parse_cve_list(" ,\n, "), Ok(vec![]));
    }

    #[test]
    fn sequence_digit_rules() {
        assert!(parse_cve_list("CVE-2021-0123").is_ok());
        assert_eq!(codes("CVE-2021-01234"), [("cve.sequence-leading-zero", 0)]);
        assert_eq!(codes("CVE-2021-123"), [("cve.sequence-short", 0)]);
        assert!(parse_cve_list("CVE-2021-1234567890123456789").is_ok());
        assert_eq!(
            codes("CVE-2021-12345678901234567890"),
            [("cve.sequence-long", 0)]
        );
    }

    #[test]
    fn reports_every_bad_token_with_its_position() {
        let errors = parse_cve_list("CVE-1998-1234, CVE-2021-1234 x CVE-2021-1234").unwrap_err();
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.code(), e.index, e.start))
            .collect();
        assert_eq!(
            got,
            [
                ("cve.year", 0, 0),
                ("cve.prefix", 2, 29),
                ("cve.duplicate", 3, 31)
            ]
        );
    }

    #[test]
    fn positions_count_characters_as_well_as_bytes() {
        let errors = parse_cve_list("CVE-2021-1234\u{a0}é").unwrap_err();
        assert_eq!((errors[0].start, errors[0].char_start), (15, 14));
        assert_eq!(errors[0].token, "é");
    }

    #[test]
    fn serde_round_trip_through_the_canonical_string() {
        let id: CveId = serde_json::from_str("\"cve-2021-0042\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"CVE-2021-0042\"");
        assert!(serde_json::from_str::<CveId>("\"CVE-2021-42\"").is_err());
    }
}
