//! The command line: clap derive structs and nothing else. Each subcommand lives in `cmd/`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// tolk builds multilingual documentation into a static site with a localized ticket form.
#[derive(Debug, Parser)]
#[command(name = "tolk", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the build folder (atomically: a failed build changes nothing).
    Build(BuildCommand),
    /// Run every check of a build without writing anything.
    Check(CheckArgs),
    /// Print the normalized front-matter record of pages.
    Show(ShowArgs),
    /// Build, then serve the site (on 127.0.0.1 unless `--bind`) for a look in the browser.
    Serve(ServeArgs),
    /// Record in translations that they match the current source page (after updating them).
    MarkTranslated(MarkArgs),
    /// Start or manage a language of the site.
    #[command(subcommand)]
    Locale(LocaleCommand),
    /// Repair what machine translation broke in a translation's structure (numerals, URLs),
    /// printing the change as a unified diff.
    Fix(FixArgs),
    /// Receive tickets from the form (`[receive]` in book.toml) and store them in SQLite.
    Receive(ReceiveArgs),
    /// List or export the tickets `receive` stored.
    Tickets(TicketsArgs),
}

/// Options every command that reads a site shares.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site's root folder (the one holding book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Write the site here instead of `[build] build-dir`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Print only errors and the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Fail (exit 1, publish nothing) when there are warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `tolk build`: the options it shares with `serve`, and its own. `serve` rebuilds incrementally
/// in memory anyway, so the state file is `build`'s alone.
#[derive(Debug, clap::Args)]
pub struct BuildCommand {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Keep the build's state beside the output folder (`.<out>.tolk-cache`) and use it next
    /// time: only changed sources are read and only affected pages rendered. Off by default
    /// for now: at 10,000 pages the state costs a full build time and memory (BENCHMARKS.md).
    #[arg(long)]
    pub incremental: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning UIs (GitHub, GitLab, Azure DevOps).
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// `json` prints the diagnostics as a JSON array for tools; `sarif` as a SARIF 2.1.0 log.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Instead of checking, show what changed in the source of these outdated translations
    /// since they were made, block by block (from the site's git history).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub diff: Vec<PathBuf>,
    /// Accept every current finding: write them to FILE (default `[check] baseline`, else
    /// `tolk-baseline.json` at the site root); later runs report only new ones.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub write_baseline: Option<Option<PathBuf>>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Markdown files to show (paths); none shows every page.
    pub pages: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// The port (0 picks a free one and prints it).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on. Loopback unless given: anything else makes the preview
    /// reachable from other machines.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Also receive the form's tickets (as `tolk receive` does) on the same server, at the path
    /// of `[form] endpoint`, for testing the form locally.
    #[arg(long)]
    pub receive: bool,
    /// With --receive: store tickets here instead of `[receive] database`.
    #[arg(long, requires = "receive", value_name = "FILE")]
    pub database: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct MarkArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The translated Markdown files to mark.
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum LocaleCommand {
    /// Start a new language: its content folder, its `.ftl` files with every message commented
    /// out (untranslated), and its `[[locale]]` entry in book.toml.
    Add(LocaleAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct LocaleAddArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The BCP 47 tag of the language (`de-DE`, `ar`).
    pub tag: String,
    /// The language's name in itself, for the language switcher (default: the tag).
    #[arg(long)]
    pub name: Option<String>,
    /// The writing direction (default: right to left for Arabic, Hebrew, Persian, Urdu...).
    #[arg(long, value_enum)]
    pub dir: Option<Direction>,
}

/// A writing direction on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    Ltr,
    Rtl,
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Print the diff only; change no file.
    #[arg(long)]
    pub dry_run: bool,
    /// The translated Markdown files to repair; none repairs every translation.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ReceiveArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Listen here instead of `[receive] listen` (default 127.0.0.1:8787).
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<std::net::SocketAddr>,
    /// Store into this database instead of `[receive] database`.
    #[arg(long)]
    pub database: Option<PathBuf>,
    /// A host name the receiver also answers to (the public name behind a reverse proxy).
    #[arg(long, value_name = "NAME[:PORT]")]
    pub host: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct TicketsArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Read this database instead of `[receive] database`.
    #[arg(long, global = true)]
    pub database: Option<PathBuf>,
    #[command(subcommand)]
    pub command: TicketsCommand,
}

#[derive(Debug, Subcommand)]
pub enum TicketsCommand {
    /// One line per ticket: confirmation number, time received, locale, name.
    List,
    /// Every ticket with every answer, for other tools.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one row per ticket (formula-safe).
    Csv,
}
