//! CVSS v3.0 and v3.1 vectors: the ticket form's severity field, parsed strictly and scored.
//!
//! Decisions, mirrored by `static/js/rules.js`:
//! - the `CVSS:3.0/` or `CVSS:3.1/` prefix is required; everything is case-sensitive, as in the
//!   FIRST specifications (a lowercase vector is rejected, not guessed at);
//! - whitespace around the vector is trimmed (pasted values); whitespace inside is an error;
//! - all eight base metrics are required, each exactly once; metrics may come in any order
//!   (the specification lists an order, but reordered vectors are unambiguous and tools do
//!   produce them). [`CvssVector`]'s `Display` writes the specification's order;
//! - temporal (E, RL, RC) and environmental (CR, IR, AR, MAV … MA) metrics are accepted and
//!   their values validated (`X`, "not defined", included), but only the base score is computed;
//! - the first problem found is reported, in this order: empty, prefix, version, then each part
//!   left to right (malformed, unknown metric, invalid value, duplicate), then the first base
//!   metric missing in specification order.
//!
//! Scores follow the FIRST formulas in `f64`; the power in the scope-changed impact is written as
//! repeated multiplication so JavaScript's `Math.pow` cannot round differently from Rust's.
//! Scores are kept as whole tenths so they compare exactly.

use super::is_space;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The two supported minor versions; they differ (for base scores) only in Roundup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CvssVersion {
    V3_0,
    V3_1,
}

impl CvssVersion {
    /// `"3.0"` or `"3.1"`, as in the prefix.
    pub fn label(self) -> &'static str {
        match self {
            CvssVersion::V3_0 => "3.0",
            CvssVersion::V3_1 => "3.1",
        }
    }

    fn from_label(label: &str) -> Option<Self> {
        match label {
            "3.0" => Some(CvssVersion::V3_0),
            "3.1" => Some(CvssVersion::V3_1),
            _ => None,
        }
    }

    /// This version's Roundup, in tenths: the smallest one-decimal number >= `value`, times ten.
    /// v3.0 computes it in floating point, so float noise above a tenth rounds up
    /// (4.000000000000001 gives 4.1); v3.1 (specification Appendix A) first rounds to five
    /// decimals in integers, so it gives 4.0.
    pub fn round_up(self, value: f64) -> u32 {
        match self {
            CvssVersion::V3_0 => (value * 10.0).ceil() as u32,
            CvssVersion::V3_1 => {
                let int_input = (value * 100_000.0).round() as u64;
                let tenths = int_input / 10_000 + u64::from(!int_input.is_multiple_of(10_000));
                u32::try_from(tenths).unwrap_or(u32::MAX)
            }
        }
    }
}

impl fmt::Display for CvssVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Every CVSS v3 metric, in specification order: 8 base, 3 temporal, 11 environmental.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    AttackVector,
    AttackComplexity,
    PrivilegesRequired,
    UserInteraction,
    Scope,
    Confidentiality,
    Integrity,
    Availability,
    ExploitCodeMaturity,
    RemediationLevel,
    ReportConfidence,
    ConfidentialityRequirement,
    IntegrityRequirement,
    AvailabilityRequirement,
    ModifiedAttackVector,
    ModifiedAttackComplexity,
    ModifiedPrivilegesRequired,
    ModifiedUserInteraction,
    ModifiedScope,
    ModifiedConfidentiality,
    ModifiedIntegrity,
    ModifiedAvailability,
}

/// Number of base metrics; they are the first variants of [`Metric`].
const BASE_COUNT: usize = 8;

impl Metric {
    /// All metrics in specification order (the order `CvssVector` displays them in).
    pub const ALL: [Metric; 22] = {
        use Metric::*;
        [
            AttackVector,
            AttackComplexity,
            PrivilegesRequired,
            UserInteraction,
            Scope,
            Confidentiality,
            Integrity,
            Availability,
            ExploitCodeMaturity,
            RemediationLevel,
            ReportConfidence,
            ConfidentialityRequirement,
            IntegrityRequirement,
            AvailabilityRequirement,
            ModifiedAttackVector,
            ModifiedAttackComplexity,
            ModifiedPrivilegesRequired,
            ModifiedUserInteraction,
            ModifiedScope,
            ModifiedConfidentiality,
            ModifiedIntegrity,
            ModifiedAvailability,
        ]
    };

    /// The abbreviation used in vectors, e.g. `AV`.
    pub fn abbreviation(self) -> &'static str {
        self.spec().0
    }

    /// The allowed values, one letter each (e.g. `"NALP"` for AV). Only non-base metrics
    /// allow `X` (not defined).
    pub fn allowed_values(self) -> &'static str {
        self.spec().1
    }

    /// Base metrics are required and scored; the others are only validated.
    pub fn is_base(self) -> bool {
        (self as usize) < BASE_COUNT
    }

    /// The metric with this (case-sensitive) abbreviation.
    pub fn from_abbreviation(abbreviation: &str) -> Option<Metric> {
        Self::ALL
            .into_iter()
            .find(|m| m.abbreviation() == abbreviation)
    }

    fn spec(self) -> (&'static str, &'static str) {
        use Metric::*;
        match self {
            AttackVector => ("AV", "NALP"),
            AttackComplexity => ("AC", "LH"),
            PrivilegesRequired => ("PR", "NLH"),
            UserInteraction => ("UI", "NR"),
            Scope => ("S", "UC"),
            Confidentiality => ("C", "HLN"),
            Integrity => ("I", "HLN"),
            Availability => ("A", "HLN"),
            ExploitCodeMaturity => ("E", "XUPFH"),
            RemediationLevel => ("RL", "XOTWU"),
            ReportConfidence => ("RC", "XURC"),
            ConfidentialityRequirement => ("CR", "XLMH"),
            IntegrityRequirement => ("IR", "XLMH"),
            AvailabilityRequirement => ("AR", "XLMH"),
            ModifiedAttackVector => ("MAV", "XNALP"),
            ModifiedAttackComplexity => ("MAC", "XLH"),
            ModifiedPrivilegesRequired => ("MPR", "XNLH"),
            ModifiedUserInteraction => ("MUI", "XNR"),
            ModifiedScope => ("MS", "XUC"),
            ModifiedConfidentiality => ("MC", "XNLH"),
            ModifiedIntegrity => ("MI", "XNLH"),
            ModifiedAvailability => ("MA", "XNLH"),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbreviation())
    }
}

/// The qualitative severity rating scale of the specification.
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
/// to blame, names the metric.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CvssError {
    #[error("the CVSS vector is empty")]
    Empty,
    #[error("a CVSS v3 vector starts with \"CVSS:3.0/\" or \"CVSS:3.1/\"")]
    MissingPrefix,
    #[error("CVSS version \"{version}\" is not supported; use 3.0 or 3.1")]
    UnsupportedVersion { version: String },
    /// `position` is 1-based, counting the parts after `CVSS:3.x/`.
    #[error("part {position} of the vector, \"{component}\", is not METRIC:VALUE")]
    Malformed { position: usize, component: String },
    #[error("\"{metric}\" is not a CVSS v3 metric")]
    UnknownMetric { metric: String },
    #[error("\"{value}\" is not a valid value for {metric}")]
    InvalidValue { metric: Metric, value: String },
    #[error("metric {metric} is given more than once")]
    DuplicateMetric { metric: Metric },
    #[error("base metric {metric} is missing")]
    MissingMetric { metric: Metric },
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
            CvssError::MissingMetric { .. } => "cvss.missing-metric",
        }
    }

    /// The metric to blame, as written (an unknown metric's name included), if any.
    pub fn metric(&self) -> Option<&str> {
        match self {
            CvssError::UnknownMetric { metric } => Some(metric),
            CvssError::InvalidValue { metric, .. }
            | CvssError::DuplicateMetric { metric }
            | CvssError::MissingMetric { metric } => Some(metric.abbreviation()),
            _ => None,
        }
    }
}

/// A valid CVSS v3 vector. Displays (and serializes) in canonical form: base metrics in
/// specification order, then the temporal and environmental metrics that were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct CvssVector {
    version: CvssVersion,
    base: [char; BASE_COUNT],
    others: [Option<char>; Metric::ALL.len() - BASE_COUNT],
}

/// Parses a vector strictly; see the module documentation for what is accepted.
pub fn parse_cvss(vector: &str) -> Result<CvssVector, CvssError> {
    let text = vector.trim_matches(is_space);
    if text.is_empty() {
        return Err(CvssError::Empty);
    }
    let rest = text.strip_prefix("CVSS:").ok_or(CvssError::MissingPrefix)?;
    let (label, parts) = match rest.split_once('/') {
        Some((label, parts)) => (label, Some(parts)),
        None => (rest, None),
    };
    let version = CvssVersion::from_label(label).ok_or_else(|| CvssError::UnsupportedVersion {
        version: label.to_string(),
    })?;
    let mut values = [None; Metric::ALL.len()];
    for (index, part) in parts.into_iter().flat_map(|p| p.split('/')).enumerate() {
        let (metric, value) = parse_part(part, index + 1)?;
        let slot = &mut values[metric as usize];
        if slot.is_some() {
            return Err(CvssError::DuplicateMetric { metric });
        }
        *slot = Some(value);
    }
    let mut base = ['N'; BASE_COUNT];
    for (slot, metric) in base.iter_mut().zip(Metric::ALL) {
        *slot = values[metric as usize].ok_or(CvssError::MissingMetric { metric })?;
    }
    let mut others = [None; Metric::ALL.len() - BASE_COUNT];
    others.copy_from_slice(&values[BASE_COUNT..]);
    Ok(CvssVector {
        version,
        base,
        others,
    })
}

/// One `METRIC:VALUE` part; `position` is only for the error message.
fn parse_part(part: &str, position: usize) -> Result<(Metric, char), CvssError> {
    let (name, value) = part
        .split_once(':')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| CvssError::Malformed {
            position,
            component: part.to_string(),
        })?;
    let metric = Metric::from_abbreviation(name).ok_or_else(|| CvssError::UnknownMetric {
        metric: name.to_string(),
    })?;
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if metric.allowed_values().contains(c) => Ok((metric, c)),
        _ => Err(CvssError::InvalidValue {
            metric,
            value: value.to_string(),
        }),
    }
}

impl CvssVector {
    /// 3.0 or 3.1, from the prefix.
    pub fn version(&self) -> CvssVersion {
        self.version
    }

    /// The value letter of a metric, if the vector gives it (base metrics always).
    pub fn get(&self, metric: Metric) -> Option<char> {
        let index = metric as usize;
        match index.checked_sub(BASE_COUNT) {
            None => Some(self.base[index]),
            Some(other) => self.others[other],
        }
    }

    /// The base score in tenths (0..=100): exact, for comparing and storing.
    pub fn base_score_tenths(&self) -> u32 {
        use Metric::*;
        let changed = self.base[Scope as usize] == 'C';
        let w = |metric: Metric| weight(metric, self.base[metric as usize], changed);
        let iss = 1.0 - (1.0 - w(Confidentiality)) * (1.0 - w(Integrity)) * (1.0 - w(Availability));
        let impact = if changed {
            7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02)
        } else {
            6.42 * iss
        };
        let exploitability = 8.22
            * w(AttackVector)
            * w(AttackComplexity)
            * w(PrivilegesRequired)
            * w(UserInteraction);
        if impact <= 0.0 {
            return 0;
        }
        let raw = if changed {
            1.08 * (impact + exploitability)
        } else {
            impact + exploitability
        };
        self.version.round_up(raw.min(10.0))
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

/// `x` to the 15th power by repeated multiplication, the same operations as in `rules.js`.
fn pow15(x: f64) -> f64 {
    (1..15).fold(x, |power, _| power * x)
}

/// The specification's weight of a base metric value; `scope_changed` matters for PR only.
/// Only called with validated base values; C/I/A `N` is the remaining 0.
fn weight(metric: Metric, value: char, scope_changed: bool) -> f64 {
    use Metric::*;
    match (metric, value) {
        (AttackVector, 'N') => 0.85,
        (AttackVector, 'A') => 0.62,
        (AttackVector, 'L') => 0.55,
        (AttackVector, 'P') => 0.2,
        (AttackComplexity, 'L') => 0.77,
        (AttackComplexity, 'H') => 0.44,
        (PrivilegesRequired, 'N') => 0.85,
        (PrivilegesRequired, 'L') if scope_changed => 0.68,
        (PrivilegesRequired, 'L') => 0.62,
        (PrivilegesRequired, 'H') if scope_changed => 0.5,
        (PrivilegesRequired, 'H') => 0.27,
        (UserInteraction, 'N') => 0.85,
        (UserInteraction, 'R') => 0.62,
        (Confidentiality | Integrity | Availability, 'H') => 0.56,
        (Confidentiality | Integrity | Availability, 'L') => 0.22,
        _ => 0.0,
    }
}

impl fmt::Display for CvssVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CVSS:{}", self.version)?;
        for metric in Metric::ALL {
            if let Some(value) = self.get(metric) {
                write!(f, "/{metric}:{value}")?;
            }
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
        assert_eq!(
            (v.base_score(), v.get(Metric::ReportConfidence)),
            (9.8, None)
        );
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
