//! `[check]` in book.toml: how loud each rule is, globally and per path, and where the baseline is.
//!
//! A CI wants some findings to fail the build (`outdated = "deny"`) and others to stay quiet in
//! one folder (a machine-translated locale's garbled URLs, accepted until someone repairs them):
//!
//! ```toml
//! [check]
//! baseline = "tolk-baseline.json"          # the default
//! [check.rules]
//! outdated = "deny"
//! [[check.override]]
//! paths = ["content/hu-HU/**"]
//! rules = { structure-url-garbled = "allow" }
//! ```
//!
//! `allow` drops a rule's findings, `warn` makes them warnings, `deny` errors. Later overrides
//! win over earlier ones, and any override over `[check.rules]`. Rules whose errors mean the
//! site cannot be built honestly (a template that does not parse, a refused input) can only be
//! raised: lowering them is a configuration error, as is a rule name tolk does not know.

use super::Resolver;
use crate::diagnostics::{rule, Diagnostics, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The baseline file a site reads when `[check] baseline` does not name another.
pub const DEFAULT_BASELINE: &str = "tolk-baseline.json";

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawCheck {
    baseline: Option<Spanned<String>>,
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(rename = "override")]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    rules: BTreeMap<String, Spanned<String>>,
}

/// What a rule's findings become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// Not reported at all.
    Allow,
    /// Reported as warnings.
    Warn,
    /// Reported as errors: `build` publishes nothing, both commands exit 1.
    Deny,
}

/// One `[[check.override]]`: levels for the files its globs match.
#[derive(Debug, Clone)]
struct Override {
    paths: GlobSet,
    rules: Vec<(&'static str, RuleLevel)>,
}

/// The resolved `[check]` table.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// The baseline file (absolute, or relative to the working folder for `--root .`).
    pub baseline: PathBuf,
    rules: Vec<(&'static str, RuleLevel)>,
    overrides: Vec<Override>,
}

/// Rules whose errors stop a build for a reason no level can change: the site would be
/// incomplete, unsafe or not what its files say. They can be raised to `deny`, never lowered.
pub const FIXED_ERRORS: &[&str] = &[
    "config",
    "input-refused",
    "encoding",
    "control-char",
    "front-matter",
    "slug",
    "output-path",
    "output-write",
    "toc",
    "template",
    "form",
    "form-page",
    "fluent-syntax",
    "fluent-duplicate",
    "fluent-cycle",
    "truncated",
];

/// Whether findings of `code` that are errors may be lowered (by a level or a baseline).
pub fn can_lower(code: &str) -> bool {
    !FIXED_ERRORS.contains(&code)
}

impl CheckConfig {
    /// The level book.toml sets for `code` in the file `path` (relative to the site root).
    pub fn level(&self, code: &str, path: &Path) -> Option<RuleLevel> {
        let find =
            |rules: &[(&str, RuleLevel)]| rules.iter().find(|(c, _)| *c == code).map(|(_, l)| *l);
        let overridden = self
            .overrides
            .iter()
            .rev()
            .filter(|o| o.paths.is_match(path))
            .find_map(|o| find(&o.rules));
        overridden.or_else(|| find(&self.rules))
    }

    /// Applies the levels to root-relative diagnostics: drops allowed ones, sets the others'
    /// severity. An error of a [`FIXED_ERRORS`] rule stays an error whatever the level.
    pub fn apply(&self, diagnostics: Diagnostics) -> Diagnostics {
        if self.rules.is_empty() && self.overrides.is_empty() {
            return diagnostics;
        }
        let mut kept = diagnostics;
        kept.retain_with_severity(|d| {
            let fixed = d.is_error() && !can_lower(d.rule);
            match self.level(d.rule, &d.path) {
                Some(RuleLevel::Allow) if !fixed => None,
                Some(RuleLevel::Warn) if !fixed => Some(Severity::Warning),
                Some(RuleLevel::Deny) => Some(Severity::Error),
                _ => Some(d.severity),
            }
        });
        kept
    }
}

impl Resolver<'_> {
    pub(super) fn check(&mut self, raw: &RawCheck) -> CheckConfig {
        let baseline = match &raw.baseline {
            Some(v) if v.get_ref().trim().is_empty() => {
                self.error_at(v, "`check.baseline` is empty".into(), "");
                self.root.join(DEFAULT_BASELINE)
            }
            Some(v) => self.root.join(v.get_ref()),
            None => self.root.join(DEFAULT_BASELINE),
        };
        let rules = self.rule_levels(&raw.rules, "check.rules");
        let overrides = raw
            .overrides
            .iter()
            .map(|o| Override {
                paths: self.globs(&o.paths),
                rules: self.rule_levels(&o.rules, "check.override.rules"),
            })
            .collect();
        CheckConfig {
            baseline,
            rules,
            overrides,
        }
    }

    fn rule_levels(
        &mut self,
        raw: &BTreeMap<String, Spanned<String>>,
        key: &str,
    ) -> Vec<(&'static str, RuleLevel)> {
        let mut out = Vec::new();
        for (name, value) in raw {
            let Some(known) = rule::ALL.iter().find(|r| r.code == name) else {
                self.error_at(
                    value,
                    format!("`{key}` names `{name}`, which is not a rule"),
                    "the rule codes are in README.md, \"Rule codes\"",
                );
                continue;
            };
            let level = match value.get_ref().as_str() {
                "allow" => RuleLevel::Allow,
                "warn" => RuleLevel::Warn,
                "deny" => RuleLevel::Deny,
                other => {
                    self.error_at(
                        value,
                        format!("`{key}.{name}` = {other:?} is not a level"),
                        "use \"allow\", \"warn\" or \"deny\"",
                    );
                    continue;
                }
            };
            if level != RuleLevel::Deny && !can_lower(known.code) {
                self.error_at(
                    value,
                    format!("`{name}` cannot be lowered: its errors mean the site cannot be built as written"),
                    "fix the input instead; only \"deny\" is accepted for this rule",
                );
                continue;
            }
            out.push((known.code, level));
        }
        out
    }

    fn globs(&mut self, paths: &[Spanned<String>]) -> GlobSet {
        let mut set = GlobSetBuilder::new();
        for p in paths {
            match Glob::new(p.get_ref()) {
                Ok(glob) => {
                    set.add(glob);
                }
                Err(e) => self.error_at(
                    p,
                    format!("`check.override.paths`: {e}"),
                    "paths are globs relative to the site root, like \"content/hu-HU/**\"",
                ),
            }
        }
        set.build().unwrap_or_else(|_| GlobSet::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostics::Diagnostic;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse(text, Path::new("book.toml"), Path::new("/site"))
    }

    const CONFIG: &str = "[check.rules]\noutdated = \"deny\"\nstructure-extra = \"allow\"\n\n[[check.override]]\npaths = [\"content/hu-HU/**\"]\nrules = { structure-url-garbled = \"allow\", outdated = \"warn\" }\n";

    #[test]
    fn global_levels_and_per_path_overrides() {
        let c = parse(CONFIG).unwrap().check;
        let (hu, nl) = (
            Path::new("content/hu-HU/a.md"),
            Path::new("content/nl-NL/a.md"),
        );
        assert_eq!(c.level("outdated", nl), Some(RuleLevel::Deny));
        assert_eq!(c.level("outdated", hu), Some(RuleLevel::Warn));
        assert_eq!(c.level("structure-url-garbled", hu), Some(RuleLevel::Allow));
        assert_eq!(c.level("structure-url-garbled", nl), None);
        assert_eq!(c.baseline, Path::new("/site/tolk-baseline.json"));
        let found: Diagnostics = vec![
            Diagnostic::warning(nl, "old").rule(rule::OUTDATED),
            Diagnostic::warning(hu, "old").rule(rule::OUTDATED),
            Diagnostic::error(hu, "glued").rule(rule::STRUCTURE_URL_GARBLED),
            Diagnostic::error(nl, "glued").rule(rule::STRUCTURE_URL_GARBLED),
            Diagnostic::warning(nl, "extra").rule(rule::STRUCTURE_EXTRA),
        ]
        .into();
        let shown: Vec<(String, bool)> = c
            .apply(found)
            .iter()
            .map(|d| (d.path.display().to_string(), d.is_error()))
            .collect();
        assert_eq!(
            shown,
            [
                ("content/nl-NL/a.md".into(), true),
                ("content/hu-HU/a.md".into(), false),
                ("content/nl-NL/a.md".into(), true),
            ]
        );
    }

    #[test]
    fn unknown_rules_bad_levels_and_fixed_errors_name_their_line() {
        for (text, line) in [
            (
                "[check.rules]\noutdated = \"deny\"\noutdatd = \"deny\"\n",
                3,
            ),
            ("[check.rules]\noutdated = \"error\"\n", 2),
            ("[check.rules]\ntemplate = \"allow\"\n", 2),
            ("[[check.override]]\npaths = [\"a/[\"]\nrules = {}\n", 2),
            ("[check]\nbaselin = \"x\"\n", 2),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.iter().next().map(|d| d.line), Some(line), "{text}: {e:?}");
        }
        let c = parse("[check.rules]\ntemplate = \"deny\"\n").unwrap().check;
        let kept = c.apply(vec![Diagnostic::error("t.html", "x").rule(rule::TEMPLATE)].into());
        assert!(kept.has_errors());
    }
}
