//! CVSS v3.0 and v3.1: the metrics, the parts of a vector after `CVSS:3.x/`, and the base score
//! of the FIRST formulas.
//!
//! Metrics may come in any order (the specification lists an order, but reordered vectors are
//! unambiguous and tools do produce them); temporal and environmental metrics are validated
//! (`X`, "not defined", included) but only the base score is computed. Scores follow the
//! formulas in `f64`; the power in the scope-changed impact is written as repeated
//! multiplication so JavaScript's `Math.pow` cannot round differently from Rust's.

use super::{split_part, CvssError, CvssVersion};
use std::fmt;

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

/// A valid v3.x vector: its version and the value letter of every metric given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Vector3 {
    version: CvssVersion,
    values: [Option<char>; Metric::ALL.len()],
}

/// Reads the parts after `CVSS:3.x/` (`None`: nothing after the version); see the module
/// documentation for what is accepted.
pub(super) fn parse(version: CvssVersion, parts: Option<&str>) -> Result<Vector3, CvssError> {
    let mut values = [None; Metric::ALL.len()];
    for (index, part) in parts.into_iter().flat_map(|p| p.split('/')).enumerate() {
        let (metric, value) = parse_part(part, index + 1)?;
        let slot = &mut values[metric as usize];
        if slot.is_some() {
            return Err(CvssError::DuplicateMetric {
                metric: metric.abbreviation(),
            });
        }
        *slot = Some(value);
    }
    if let Some(metric) = Metric::ALL[..BASE_COUNT]
        .iter()
        .find(|m| values[**m as usize].is_none())
    {
        return Err(CvssError::MissingMetric {
            metric: metric.abbreviation(),
        });
    }
    Ok(Vector3 { version, values })
}

/// One `METRIC:VALUE` part; `position` is only for the error message.
fn parse_part(part: &str, position: usize) -> Result<(Metric, char), CvssError> {
    let (name, value) = split_part(part, position)?;
    let metric = Metric::from_abbreviation(name).ok_or_else(|| CvssError::UnknownMetric {
        metric: name.to_string(),
    })?;
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if metric.allowed_values().contains(c) => Ok((metric, c)),
        _ => Err(CvssError::InvalidValue {
            metric: metric.abbreviation(),
            value: value.to_string(),
        }),
    }
}

impl Vector3 {
    /// 3.0 or 3.1, from the prefix.
    pub(super) fn version(&self) -> CvssVersion {
        self.version
    }

    /// The value letter of a metric, if the vector gives it (base metrics always).
    pub(super) fn get(&self, metric: Metric) -> Option<char> {
        self.values[metric as usize]
    }

    /// The base value of a metric; `N` for none, which [`parse`] never leaves.
    fn base(&self, metric: Metric) -> char {
        self.get(metric).unwrap_or('N')
    }

    /// The base score in tenths (0..=100).
    pub(super) fn base_score_tenths(&self) -> u32 {
        use Metric::*;
        let changed = self.base(Scope) == 'C';
        let w = |metric: Metric| weight(metric, self.base(metric), changed);
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

    /// The metrics given, in specification order, as `(abbreviation, value)`.
    pub(super) fn metrics(&self) -> impl Iterator<Item = (Metric, char)> + '_ {
        Metric::ALL
            .into_iter()
            .filter_map(|m| self.get(m).map(|v| (m, v)))
    }
}

/// The v3.x Roundup, in tenths; see [`CvssVersion::round_up`].
pub(super) fn round_up(version: CvssVersion, value: f64) -> u32 {
    if version == CvssVersion::V3_0 {
        return (value * 10.0).ceil() as u32;
    }
    let int_input = (value * 100_000.0).round() as u64;
    let tenths = int_input / 10_000 + u64::from(!int_input.is_multiple_of(10_000));
    u32::try_from(tenths).unwrap_or(u32::MAX)
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
