//! The `tolk` binary: parse the command line, run the subcommand, exit with its code.

use clap::Parser;

/// mimalloc: measured faster than the system allocator on large builds and with a lower peak
/// (glibc keeps per-thread arenas that rayon's workers fragment); see BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tolk::cli::{Cli, Command};
use tolk::cmd;

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::MarkTranslated(args) => cmd::mark::run(args),
        Command::Fix(args) => cmd::fix::run(args),
        Command::Receive(args) => cmd::receive::run(args),
        Command::Tickets(args) => cmd::receive::tickets(args),
    };
    std::process::exit(code);
}
