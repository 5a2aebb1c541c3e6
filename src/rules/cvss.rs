//! CVSS vectors, the ticket form's severity field: v3.0 and v3.1 ([`v3`]) and v4.0 ([`v4`]),
//! parsed strictly and scored.
//!
//! Decisions, mirrored by `static/js/rules.js`:
//! - whitespace around the vector is trimmed (pasted values); whitespace inside is an error;
//! - the `CVSS:3.0/`, `CVSS:3.1/` or `CVSS:4.0/` prefix is required; metric names and values
//!   are case-sensitive, as in the FIRST specifications, with one exception: a vector with no
//!   uppercase letter at all (`cvss:3.1/av:n/…`, typed with caps lock off) is unambiguous and
//!   read as if its ASCII letters were uppercase (v4's `U:clear` as `U:Clear`), then shown in
//!   canonical case. A vector that mixes cases is taken as written (`Cvss:`, `av:N` are errors);
//! - all base metrics are required, each exactly once; v3 metrics may come in any order, v4.0
//!   metrics must follow the specification's order (it says so; v3's only prefers one);
//! - the other metric groups (v3 temporal and environmental; v4 threat, environmental and
//!   supplemental) are accepted and their values validated, but only the base score is
//!   computed (for v4.0 that is CVSS-B);
//! - the first problem found is reported, in this order: empty, prefix, version, then each part
//!   left to right (malformed, unknown metric, invalid value, duplicate, out of order), then the
//!   first base metric missing in specification order.
//!
//! Scores are kept as whole tenths so they compare exactly.

pub mod v3;
mod v4;

pub use v3::Metric;

use super::is_space;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The supported versions. v3.0 and v3.1 differ (for base scores) only in Roundup; v4.0 is
/// scored by MacroVector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CvssVersion {
    V3_0,
    V3_1,
    V4_0,
}

impl CvssVersion {
    /// `"3.0"`, `"3.1"` or `"4.0"`, as in the prefix.
    pub fn label(self) -> &'static str {
        match self {
            CvssVersion::V3_0 => "3.0",
            CvssVersion::V3_1 => "3.1",
            CvssVersion::V4_0 => "4.0",
        }
    }

    fn from_label(label: &str) -> Option<Self> {
        match label {
            "3.0" => Some(CvssVersion::V3_0),
            "3.1" => Some(CvssVersion::V3_1),
            "4.0" => Some(CvssVersion::V4_0),
            _ => None,
        }
    }

    /// This version's final rounding of a score, in tenths. v3.x Roundup is the smallest
    /// one-decimal number >= `value`: v3.0 computes it in floating point, so float noise above
    /// a tenth rounds up (4.000000000000001 gives 4.1); v3.1 (specification Appendix A) first
    /// rounds to five decimals in integers, so it gives 4.0. v4.0 has no Roundup: it rounds
    /// half up, after adding 10⁻⁶ against float noise.
    pub fn round_up(self, value: f64) -> u32 {
        match self {
            CvssVersion::V4_0 => v4::round_tenths(value),
            v3 => v3::round_up(v3, value),
        }
    }
}

impl fmt::Display for CvssVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The qualitative severity rating scale of the specifications (the same in v3 and v4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeverityRating {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl SeverityRating {
    /// The rating of a score given in tenths (0..=100).
    pub fn from_tenths(tenths: u32) -> Self {
        match tenths {
            0 => SeverityRating::None,
            1..=39 => SeverityRating::Low,
            40..=69 => SeverityRating::Medium,
            70..=89 => SeverityRating::High,
            _ => SeverityRating::Critical,
        }
    }

    /// The English name, `"None"` … `"Critical"`; the JavaScript twin returns the same strings.
    pub fn as_str(self) -> &'static str {
        match self {
            SeverityRating::None => "None",
            SeverityRating::Low => "Low",
            SeverityRating::Medium => "Medium",
            SeverityRating::High => "High",
            SeverityRating::Critical => "Critical",
        }
    }
}

impl fmt::Display for SeverityRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a vector was rejected. Each variant has a stable code (see `rules`) and, where one is
/// to blame, names the metric (by its abbreviation, as the vector's version spells it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CvssError {
    #[error("the CVSS vector is empty")]
    Empty,
    #[error("a CVSS vector starts with \"CVSS:3.1/\", \"CVSS:3.0/\" or \"CVSS:4.0/\"")]
    MissingPrefix,
    #[error("CVSS version \"{version}\" is not supported; use 3.0, 3.1 or 4.0")]
    UnsupportedVersion { version: String },
    /// `position` is 1-based, counting the parts after `CVSS:x.y/`.
    #[error("part {position} of the vector, \"{component}\", is not METRIC:VALUE")]
    Malformed { position: usize, component: String },
    #[error("\"{metric}\" is not a metric of this CVSS version")]
    UnknownMetric { metric: String },
    #[error("\"{value}\" is not a valid value for {metric}")]
    InvalidValue { metric: &'static str, value: String },
    #[error("metric {metric} is given more than once")]
    DuplicateMetric { metric: &'static str },
    #[error("metric {metric} comes after {after}, but CVSS 4.0 lists it before")]
    MetricOrder {
        metric: &'static str,
        after: &'static str,
    },
    #[error("base metric {metric} is missing")]
    MissingMetric { metric: &'static str },
}

impl CvssError {
    /// The stable code the form translates, e.g. `cvss.missing-metric`.
    pub fn code(&self) -> &'static str {
        match self {
            CvssError::Empty => "cvss.empty",
            CvssError::MissingPrefix => "cvss.missing-prefix",
            CvssError::UnsupportedVersion { .. } => "cvss.unsupported-version",
            CvssError::Malformed { .. } => "cvss.malformed",
            CvssError::UnknownMetric { .. } => "cvss.unknown-metric",
            CvssError::InvalidValue { .. } => "cvss.invalid-value",
            CvssError::DuplicateMetric { .. } => "cvss.duplicate-metric",
            CvssError::MetricOrder { .. } => "cvss.metric-order",
            CvssError::MissingMetric { .. } => "cvss.missing-metric",
        }
    }

    /// The metric to blame, as written (an unknown metric's name included), if any.
    pub fn metric(&self) -> Option<&str> {
        match self {
            CvssError::UnknownMetric { metric } => Some(metric),
            CvssError::InvalidValue { metric, .. }
            | CvssError::DuplicateMetric { metric }
            | CvssError::MetricOrder { metric, .. }
            | CvssError::MissingMetric { metric } => Some(metric),
            _ => None,
        }
    }
}

/// A valid CVSS vector. Displays (and serializes) in canonical form: the prefix, then the
/// metrics given, in specification order and canonical case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct CvssVector {
    inner: Inner,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Inner {
    V3(v3::Vector3),
    V4(v4::Vector4),
}

/// Where the build publishes the CVSS v4.0 scoring data for the browser, below `static/`.
pub const BROWSER_DATA_FILE: &str = "js/cvss4-data.js";

/// The script at [`BROWSER_DATA_FILE`]: `static/data/cvss4-macrovectors.json`, the file this
/// module scores with, as `window.TolkCvss4Data` for `static/js/cvss4.js` (a file, not an
/// inline script, so the strict Content-Security-Policy allows it).
pub fn browser_data_script() -> &'static str {
    v4::BROWSER_SCRIPT.as_str()
}

/// Parses a vector strictly; see the module documentation for what is accepted.
pub fn parse_cvss(vector: &str) -> Result<CvssVector, CvssError> {
    let trimmed = vector.trim_matches(is_space);
    if trimmed.is_empty() {
        return Err(CvssError::Empty);
    }
    let folded = !trimmed.bytes().any(|b| b.is_ascii_uppercase());
    let upper;
    let text = if folded {
        upper = trimmed.to_ascii_uppercase();
        upper.as_str()
    } else {
        trimmed
    };
    let rest = text.strip_prefix("CVSS:").ok_or(CvssError::MissingPrefix)?;
    let (label, parts) = match rest.split_once('/') {
        Some((label, parts)) => (label, Some(parts)),
        None => (rest, None),
    };
    let version = CvssVersion::from_label(label).ok_or_else(|| CvssError::UnsupportedVersion {
        version: label.to_string(),
    })?;
    let inner = match version {
        CvssVersion::V4_0 => Inner::V4(v4::parse(parts, folded)?),
        v3 => Inner::V3(v3::parse(v3, parts)?),
    };
    Ok(CvssVector { inner })
}

/// Splits one `METRIC:VALUE` part at its first colon; `position` is only for the error.
fn split_part(part: &str, position: usize) -> Result<(&str, &str), CvssError> {
    part.split_once(':')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| CvssError::Malformed {
            position,
            component: part.to_string(),
        })
}

impl CvssVector {
    /// The version, from the prefix.
    pub fn version(&self) -> CvssVersion {
        match &self.inner {
            Inner::V3(v) => v.version(),
            Inner::V4(_) => CvssVersion::V4_0,
        }
    }

    /// The value of a metric (by its abbreviation in this version), if the vector gives it;
    /// base metrics always.
    pub fn get(&self, metric: &str) -> Option<String> {
        self.metrics()
            .into_iter()
            .find(|(name, _)| *name == metric)
            .map(|(_, value)| value)
    }

    /// The metrics given, in specification order, as (abbreviation, value).
    pub fn metrics(&self) -> Vec<(&'static str, String)> {
        match &self.inner {
            Inner::V3(v) => v
                .metrics()
                .map(|(m, c)| (m.abbreviation(), c.to_string()))
                .collect(),
            Inner::V4(v) => v.metrics().map(|(m, c)| (m, c.to_string())).collect(),
        }
    }

    /// The base score in tenths (0..=100): exact, for comparing and storing. For v4.0 this is
    /// the CVSS-B score.
    pub fn base_score_tenths(&self) -> u32 {
        match &self.inner {
            Inner::V3(v) => v.base_score_tenths(),
            Inner::V4(v) => v.base_score_tenths(),
        }
    }

    /// The base score, 0.0 to 10.0 with one decimal.
    pub fn base_score(&self) -> f64 {
        f64::from(self.base_score_tenths()) / 10.0
    }

    /// The qualitative rating of the base score.
    pub fn severity(&self) -> SeverityRating {
        SeverityRating::from_tenths(self.base_score_tenths())
    }
}

impl fmt::Display for CvssVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CVSS:{}", self.version())?;
        for (metric, value) in self.metrics() {
            write!(f, "/{metric}:{value}")?;
        }
        Ok(())
    }
}

impl FromStr for CvssVector {
    type Err = CvssError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_cvss(text)
    }
}

impl From<CvssVector> for String {
    fn from(vector: CvssVector) -> String {
        vector.to_string()
    }
}

impl TryFrom<String> for CvssVector {
    type Error = CvssError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        parse_cvss(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG4SHELL: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
    const LOG4SHELL_V4: &str = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H";

    fn error(vector: &str) -> (&'static str, Option<String>) {
        let e = parse_cvss(vector).expect_err("should be invalid");
        (e.code(), e.metric().map(str::to_string))
    }

    #[test]
    fn scores_and_rates() {
        let v = parse_cvss(LOG4SHELL).unwrap();
        assert_eq!(
            (v.base_score(), v.severity()),
            (10.0, SeverityRating::Critical)
        );
        let none = parse_cvss("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").unwrap();
        assert_eq!(
            (none.base_score_tenths(), none.severity().as_str()),
            (0, "None")
        );
        let pr = parse_cvss("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N").unwrap();
        assert_eq!(pr.base_score(), 6.4, "PR:L weighs 0.68 when scope changes");
    }

    #[test]
    fn roundup_differs_between_versions_only_on_float_noise() {
        assert_eq!(CvssVersion::V3_0.round_up(4.000000000000001), 41);
        assert_eq!(CvssVersion::V3_1.round_up(4.000000000000001), 40);
        assert_eq!(CvssVersion::V3_0.round_up(0.1 + 0.2), 4);
        assert_eq!(CvssVersion::V3_1.round_up(0.1 + 0.2), 3);
        for v in [CvssVersion::V3_0, CvssVersion::V3_1] {
            assert_eq!(
                (v.round_up(4.02), v.round_up(4.0), v.round_up(0.0)),
                (41, 40, 0)
            );
        }
    }

    #[test]
    fn any_order_and_extra_metrics_display_canonically() {
        let v = parse_cvss(" CVSS:3.0/E:P/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/MAV:X\n").unwrap();
        assert_eq!(
            v.to_string(),
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/MAV:X"
        );
        assert_eq!((v.base_score(), v.get("RC")), (9.8, None));
    }

    #[test]
    fn errors_name_the_metric() {
        let some = |m: &str| Some(m.to_string());
        assert_eq!(error("  "), ("cvss.empty", None));
        assert_eq!(error("AV:N/AC:L"), ("cvss.missing-prefix", None));
        assert_eq!(error("CVSS:2.0/AV:N"), ("cvss.unsupported-version", None));
        assert_eq!(error(&format!("{LOG4SHELL}/")), ("cvss.malformed", None));
        assert_eq!(
            error(&format!("{LOG4SHELL}/av:N")),
            ("cvss.unknown-metric", some("av"))
        );
        assert_eq!(
            error(&format!("{LOG4SHELL}/E:Q")),
            ("cvss.invalid-value", some("E"))
        );
        assert_eq!(
            error(&format!("{LOG4SHELL}/S:C")),
            ("cvss.duplicate-metric", some("S"))
        );
        assert_eq!(
            error("CVSS:3.1/AV:N/AC:L"),
            ("cvss.missing-metric", some("PR"))
        );
        assert_eq!(error("CVSS:3.1/AV:X"), ("cvss.invalid-value", some("AV")));
        assert_eq!(
            error(&format!("{LOG4SHELL_V4}/E:A/E:A")),
            ("cvss.duplicate-metric", some("E"))
        );
        assert_eq!(
            error("CVSS:4.0/AC:L/AV:N"),
            ("cvss.metric-order", some("AV"))
        );
    }

    #[test]
    fn version_4_scores_cvss_b_and_validates_the_other_groups() {
        let v = parse_cvss(LOG4SHELL_V4).unwrap();
        assert_eq!((v.version(), v.base_score()), (CvssVersion::V4_0, 10.0));
        let full = format!("{LOG4SHELL_V4}/E:U/CR:L/MAV:P/MSI:S/S:P/AU:Y/U:Red");
        let v = parse_cvss(&full).unwrap();
        assert_eq!((v.base_score(), v.to_string()), (10.0, full.clone()));
        assert_eq!(v.get("U").as_deref(), Some("Red"));
        let none = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N";
        assert_eq!(parse_cvss(none).unwrap().severity(), SeverityRating::None);
    }

    #[test]
    fn an_all_lowercase_vector_is_read_in_canonical_case() {
        let v = parse_cvss(" cvss:3.1/av:n/ac:l/pr:n/ui:n/s:c/c:h/i:h/a:h\t").unwrap();
        assert_eq!(v.to_string(), LOG4SHELL);
        let lower = format!("{}/u:amber", LOG4SHELL_V4.to_lowercase());
        let v = parse_cvss(&lower).unwrap();
        assert_eq!(v.to_string(), format!("{LOG4SHELL_V4}/U:Amber"));
        assert_eq!(
            error(&LOG4SHELL.replace("AV:N", "av:n")),
            ("cvss.unknown-metric", Some("av".into()))
        );
        assert_eq!(
            error(&format!("{LOG4SHELL_V4}/U:AMBER")),
            ("cvss.invalid-value", Some("U".into()))
        );
    }

    #[test]
    fn serde_uses_the_canonical_string() {
        let v: CvssVector = serde_json::from_str(&format!("\"{LOG4SHELL}\"")).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{LOG4SHELL}\"")
        );
    }
}
