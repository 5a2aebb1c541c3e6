//! `tolk check`: every stage of a build, nothing written; output grouped by locale, then file,
//! for translators who own one language; `--format json` for tools, `--format sarif` for
//! code-scanning UIs; `--write-baseline` to accept the current findings.

use super::{EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::check::baseline::{self, Lines};
use crate::cli::{CheckArgs, Format};
use crate::config::Config;
use crate::diagnostics::printer::Printer;
use crate::diagnostics::{sarif, Diagnostic, Diagnostics};
use crate::site::{self, BuildOptions, BuildReport};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Checks the site and reports; exit 1 on errors (or warnings with `--deny-warnings`).
pub fn run(args: &CheckArgs) -> i32 {
    if let Err(code) = super::require_site(&args.site.root) {
        return code;
    }
    let options = BuildOptions {
        root: args.site.root.clone(),
        out: None,
        write: false,
        deny_warnings: args.deny_warnings,
    };
    let report = site::build(&options);
    if let Some(file) = &args.write_baseline {
        return write_baseline(args, &report, file.as_deref());
    }
    let d = &report.diagnostics;
    let printed = match args.format {
        Format::Json => serde_json::to_string_pretty(&with_locales(d, &locales(args))),
        Format::Sarif => {
            let refs: Vec<&Diagnostic> = d.iter().collect();
            let prints = baseline::entries(&refs, &mut Lines::new(&args.site.root));
            let pairs: Vec<(&Diagnostic, &str)> = refs
                .iter()
                .zip(&prints)
                .map(|(d, e)| (*d, e.fingerprint.as_str()))
                .collect();
            serde_json::to_string_pretty(&sarif::log(&pairs, &locales(args)))
        }
        Format::Text => {
            print!("{}", grouped(d, &locales(args), &args.site.root));
            Ok(format!(
                "{} errors, {} warnings",
                d.error_count(),
                d.warning_count()
            ))
        }
    };
    match printed {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("error: cannot print the report: {e}");
            return EXIT_FAILURE;
        }
    }
    if let Some(line) = accepted_line(&report) {
        eprintln!("{line}");
    }
    if d.has_errors() || (args.deny_warnings && !d.is_empty()) {
        EXIT_DIAGNOSTICS
    } else {
        EXIT_OK
    }
}

/// One line counting the findings the baseline accepts, when it accepts any.
pub fn accepted_line(report: &BuildReport) -> Option<String> {
    let file = report.baseline.as_ref()?;
    let n = report.accepted.len();
    (n > 0).then(|| {
        format!(
            "{n} accepted findings in {} not shown (`tolk check --write-baseline` rewrites it)",
            file.display()
        )
    })
}

/// Writes every finding that may be accepted (new and already accepted, stale entries
/// dropped) to the baseline; prints and fails on what cannot be accepted.
fn write_baseline(args: &CheckArgs, report: &BuildReport, file: Option<&Path>) -> i32 {
    let file: PathBuf = match file {
        Some(f) => f.to_path_buf(),
        None => match Config::from_root(&args.site.root) {
            Ok(c) => c.check.baseline,
            Err(d) => {
                super::print_diagnostics(&d, false, &args.site.root);
                return EXIT_DIAGNOSTICS;
            }
        },
    };
    let all: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .chain(report.accepted.iter())
        .filter(|d| baseline::acceptable(d))
        .collect();
    let text = baseline::render(baseline::entries(&all, &mut Lines::new(&args.site.root)));
    if let Err(e) = std::fs::write(&file, text) {
        eprintln!("error: cannot write {}: {e}", file.display());
        return EXIT_FAILURE;
    }
    let rest: Diagnostics = report
        .diagnostics
        .iter()
        .filter(|d| !baseline::acceptable(d) && d.rule != "baseline-stale")
        .cloned()
        .collect::<Vec<_>>()
        .into();
    super::print_diagnostics(&rest, false, &args.site.root);
    eprintln!(
        "wrote {} accepted findings to {}; {} errors cannot be accepted",
        all.len(),
        file.display(),
        rest.error_count()
    );
    if rest.has_errors() {
        EXIT_DIAGNOSTICS
    } else {
        EXIT_OK
    }
}

/// The site's locale tags, in `book.toml`'s order (none when it does not load).
fn locales(args: &CheckArgs) -> Vec<String> {
    Config::from_root(&args.site.root)
        .map(|c| c.locales.into_iter().map(|l| l.tag).collect())
        .unwrap_or_default()
}

/// The diagnostics as JSON objects, each with a `locale` field (`null` for site-wide files).
fn with_locales(diagnostics: &Diagnostics, locales: &[String]) -> Vec<serde_json::Value> {
    diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                let locale = d.locale_index(locales).map(|i| locales[i].clone());
                object.insert("locale".into(), locale.into());
            }
            value
        })
        .collect()
}

/// Formats diagnostics under a heading per locale (site-wide ones first) and per file.
pub fn grouped(diagnostics: &Diagnostics, locales: &[String], root: &std::path::Path) -> String {
    let mut printer = Printer::new(root);
    let mut groups: BTreeMap<(usize, &str), BTreeMap<String, Vec<&Diagnostic>>> = BTreeMap::new();
    for d in diagnostics.iter() {
        let key = match d.locale_index(locales) {
            Some(i) => (1 + i, locales[i].as_str()),
            None => (0, "site"),
        };
        groups
            .entry(key)
            .or_default()
            .entry(d.path.display().to_string())
            .or_default()
            .push(d);
    }
    let mut out = String::new();
    for ((_, locale), files) in groups {
        let all: Vec<&&Diagnostic> = files.values().flatten().collect();
        let errors = all.iter().filter(|d| d.is_error()).count();
        let _ = writeln!(
            out,
            "== {locale}: {errors} errors, {} warnings ==",
            all.len() - errors
        );
        for (file, list) in files {
            let _ = writeln!(out, "{file}");
            for d in list {
                let shown = printer.render(d);
                let body = shown
                    .strip_prefix(&file)
                    .unwrap_or(&shown)
                    .trim_start_matches(':');
                let _ = writeln!(out, "  {}", body.replace('\n', "\n  "));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_locale_then_file() {
        let d: Diagnostics = vec![
            Diagnostic::warning("content/nl-NL/a.md", "one").at(3, 1),
            Diagnostic::error("book.toml", "two").at(1, 1),
            Diagnostic::warning("locales/nl-NL/site.ftl", "three").at(2, 1),
            Diagnostic::warning("content/hu-HU/a.md", "four").at(5, 2),
        ]
        .into();
        let out = grouped(
            &d,
            &["en-US".into(), "nl-NL".into(), "hu-HU".into()],
            std::path::Path::new("/nonexistent"),
        );
        let site = out.find("== site: 1 errors, 0 warnings ==").unwrap();
        let nl = out.find("== nl-NL: 0 errors, 2 warnings ==").unwrap();
        let hu = out.find("== hu-HU").unwrap();
        assert!(site < nl && nl < hu, "{out}");
        assert!(
            out.contains("content/nl-NL/a.md\n  3:1: warning: one"),
            "{out}"
        );
    }

    #[test]
    fn json_carries_rule_and_locale() {
        let d: Diagnostics = vec![
            Diagnostic::warning("content/nl-NL/a.md", "one")
                .rule(crate::diagnostics::rule::OUTDATED),
            Diagnostic::error("book.toml", "two").rule(crate::diagnostics::rule::CONFIG),
        ]
        .into();
        let json = with_locales(&d, &["en-US".into(), "nl-NL".into()]);
        assert_eq!(json[0]["rule"], "outdated");
        assert_eq!(json[0]["locale"], "nl-NL");
        assert_eq!(json[1]["rule"], "config");
        assert!(json[1]["locale"].is_null());
    }
}
