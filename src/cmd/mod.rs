//! One module per subcommand; each has a `run` that returns the process exit code.
//!
//! Exit codes, like ripgrep's: 0 all fine, 1 the input has errors (or warnings with
//! `--deny-warnings`), 2 tolk could not run at all.

pub mod build;
pub mod check;
pub mod fix;
pub mod mark;
pub mod receive;
pub mod serve;
pub mod show;

use crate::diagnostics::printer::Printer;
use crate::diagnostics::Diagnostics;
use std::io::Write;
use std::path::Path;

/// Nothing wrong.
pub const EXIT_OK: i32 = 0;
/// Errors in the input.
pub const EXIT_DIAGNOSTICS: i32 = 1;
/// Could not run.
pub const EXIT_FAILURE: i32 = 2;

/// How many warnings `build` prints before summing up the rest: a corpus with a systematic
/// defect (every file has a US date) must not bury the errors and the summary.
pub const WARNINGS_SHOWN: usize = 200;

/// Prints diagnostics to stderr, one block each, grouped by file (they are sorted by path).
/// Every error is printed; at most `max_warnings` warnings, then a line saying how many more
/// (none when `max_warnings` is 0: the caller asked for errors only).
pub fn print_diagnostics_limited(diagnostics: &Diagnostics, max_warnings: usize, root: &Path) {
    let mut printer = Printer::new(root);
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stderr.lock());
    let mut warnings = 0;
    for d in diagnostics.iter() {
        if !d.is_error() {
            warnings += 1;
            if warnings > max_warnings {
                continue;
            }
        }
        let _ = writeln!(out, "{}", printer.render(d));
    }
    // With no warnings to show at all (`--quiet`) the summary line's count says enough.
    if warnings > max_warnings && max_warnings > 0 {
        let _ = writeln!(
            out,
            "... and {} more warnings (`tolk check` lists them all)",
            warnings - max_warnings
        );
    }
}

/// Prints every diagnostic (or only the errors) to stderr.
pub fn print_diagnostics(diagnostics: &Diagnostics, errors_only: bool, root: &Path) {
    print_diagnostics_limited(diagnostics, if errors_only { 0 } else { usize::MAX }, root);
}

/// Stops a command before it does anything when `root` holds no `book.toml`: one error naming
/// the cause (and the nearest site above), exit 2, and nothing created.
pub fn require_site(root: &Path) -> Result<(), i32> {
    match crate::config::site_file(root) {
        Ok(_) => Ok(()),
        Err(d) => {
            eprintln!("{d}");
            Err(EXIT_FAILURE)
        }
    }
}
