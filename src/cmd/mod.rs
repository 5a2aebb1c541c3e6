//! One module per subcommand; each has a `run` that returns the process exit code.
//!
//! Exit codes, like ripgrep's: 0 all fine, 1 the input has errors (or warnings with
//! `--deny-warnings`), 2 tolk could not run at all.

pub mod build;
pub mod check;
pub mod mark;
pub mod serve;
pub mod show;

use crate::diagnostics::Diagnostics;
use std::io::Write;

/// Nothing wrong.
pub const EXIT_OK: i32 = 0;
/// Errors in the input.
pub const EXIT_DIAGNOSTICS: i32 = 1;
/// Could not run.
pub const EXIT_FAILURE: i32 = 2;

/// Prints diagnostics to stderr, one block each, grouped by file (they are sorted by path).
pub fn print_diagnostics(diagnostics: &Diagnostics, errors_only: bool) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for d in diagnostics.iter().filter(|d| !errors_only || d.is_error()) {
        let _ = writeln!(out, "{d}");
    }
}
