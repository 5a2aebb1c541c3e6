//! `tolk build`: run the pipeline and publish.

use super::{print_diagnostics_limited, EXIT_DIAGNOSTICS, EXIT_OK, WARNINGS_SHOWN};
use crate::cli::{BuildArgs, BuildCommand};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::site::{BuildOptions, BuildReport};
use std::path::Path;
use std::time::Instant;

/// Builds the site; prints diagnostics and one summary line.
pub fn run(command: &BuildCommand) -> i32 {
    let args = &command.build;
    if let Err(code) = super::require_site(&args.site.root) {
        return code;
    }
    crate::output::cleanup::on_signal_remove_staging();
    let report = build(args, command.incremental);
    if report.diagnostics.has_errors() || (args.deny_warnings && !report.diagnostics.is_empty()) {
        EXIT_DIAGNOSTICS
    } else {
        EXIT_OK
    }
}

/// Builds and reports, with the saved state when `incremental` (`tolk build --incremental`).
pub fn build(args: &BuildArgs, incremental: bool) -> BuildReport {
    let started = Instant::now();
    let options = BuildOptions {
        root: args.site.root.clone(),
        out: args.out.clone(),
        write: true,
        deny_warnings: args.deny_warnings,
    };
    let (mut report, persisted) = if incremental {
        crate::incremental::persist::build(&options)
    } else {
        (crate::site::build(&options), Default::default())
    };
    for note in &persisted.notes {
        eprintln!("note: {note}");
    }
    report.diagnostics = fold_untranslated(report.diagnostics, &args.site.root);
    print_diagnostics_limited(
        &report.diagnostics,
        if args.quiet { 0 } else { WARNINGS_SHOWN },
        &args.site.root,
    );
    if let Some(line) = super::check::accepted_line(&report) {
        eprintln!("{line}");
    }
    if args.timings {
        for (stage, time) in &report.timings {
            eprintln!("  {stage:<24} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
        let kept = incremental.then(|| {
            format!(
                "  {} of {} article pages kept from the last build{}",
                report.reused,
                report.articles,
                match (persisted.saved_bytes, persisted.unchanged) {
                    (Some(b), _) => format!("; state saved ({:.1} MB)", b as f64 / 1e6),
                    (None, true) => "; nothing changed, state kept as it was".to_string(),
                    (None, false) => String::new(),
                }
            )
        });
        if let Some(kept) = kept {
            eprintln!("{kept}");
            eprintln!(
                "  {} site-wide products kept from the last build",
                report.kept.len()
            );
        }
    }
    eprintln!("{}", summary(&report, started.elapsed().as_secs_f64()));
    report
}

/// One line per locale for its untranslated messages (`tolk check` lists each).
fn fold_untranslated(diagnostics: Diagnostics, root: &Path) -> Diagnostics {
    let Ok(config) = Config::from_root(root) else {
        return diagnostics;
    };
    let locales: Vec<String> = config.locales.into_iter().map(|l| l.tag).collect();
    diagnostics.fold_untranslated(&locales, &config.source_locale)
}

/// The one line a build ends with. It names what it counts, and says so when nothing was built
/// rather than printing a row of zeros.
pub fn summary(report: &BuildReport, seconds: f64) -> String {
    let d = &report.diagnostics;
    let problems = format!(
        "{} errors, {} warnings in {seconds:.2}s",
        d.error_count(),
        d.warning_count()
    );
    if !report.rendered {
        return format!(
            "nothing was built: {problems}; fix the errors above (the previous site is untouched)"
        );
    }
    let pages = format!(
        "{} locales, {} article pages, {} HTML pages",
        report.locales, report.articles, report.html_pages
    );
    match &report.published {
        Some(dir) => format!(
            "{pages}, {} files written, {problems}; published to {}",
            report.files,
            dir.display()
        ),
        None if d.has_errors() => format!(
            "{pages} rendered, {problems}; nothing published: fix the errors above (the previous site is untouched)"
        ),
        None => format!(
            "{pages} rendered, {problems}; nothing published (--deny-warnings treats warnings as errors)"
        ),
    }
}
