//! The `tolk` binary: parse the command line, run the subcommand, exit with its code.

use clap::Parser;

/// mimalloc: measured faster than the system allocator on large builds and with a lower peak
/// (glibc keeps per-thread arenas that rayon's workers fragment); see BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tolk::cli::{Cli, Command};
use tolk::cmd;

/// mimalloc's `mi_option_purge_delay` (its v3 `mi_option_t`, which libmimalloc-sys 0.1.49 does
/// not name): how long freed memory stays committed before it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Gives freed memory back after 10 ms instead of mimalloc's default of a second: a build frees
/// each stage's data as it goes, and a second is most of a build, so the default kept that memory
/// resident until the end (BENCHMARKS.md, "Memory (branch mem13)").
#[allow(unsafe_code)]
fn configure_allocator() {
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table (atomically);
    // the option is a valid index of that table and 10 a valid delay in milliseconds.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
}

fn main() {
    configure_allocator();
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::MarkTranslated(args) => cmd::mark::run(args),
        Command::Locale(command) => cmd::locale::run(command),
        Command::Fix(args) => cmd::fix::run(args),
        Command::Receive(args) => cmd::receive::run(args),
        Command::Tickets(args) => cmd::receive::tickets(args),
    };
    std::process::exit(code);
}
