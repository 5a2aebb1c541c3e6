//! `tolk check`: every stage of a build, nothing written.

use super::{print_diagnostics, EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::cli::{CheckArgs, Format};
use crate::site::{self, BuildOptions};

/// Checks the site and reports; exit 1 on errors (or warnings with `--deny-warnings`).
pub fn run(args: &CheckArgs) -> i32 {
    let options = BuildOptions {
        root: args.site.root.clone(),
        out: None,
        write: false,
        deny_warnings: args.deny_warnings,
    };
    let report = site::build(&options);
    let d = &report.diagnostics;
    match args.format {
        Format::Json => match serde_json::to_string_pretty(d) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot print JSON: {e}");
                return EXIT_FAILURE;
            }
        },
        Format::Text => {
            print_diagnostics(d, false);
            eprintln!("{} errors, {} warnings", d.error_count(), d.warning_count());
        }
    }
    if d.has_errors() || (args.deny_warnings && !d.is_empty()) {
        EXIT_DIAGNOSTICS
    } else {
        EXIT_OK
    }
}
