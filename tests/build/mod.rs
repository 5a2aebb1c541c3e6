//! End-to-end tests of `tolk build`: fixture sites in, the published folder and the diagnostics
//! out, through the library (`tolk::site::build`) and through the `tolk` binary (exit codes,
//! stderr). See tests/README.md, "How to add a case".
//!
//! - `BookTest` (in `crate::support::book`): a chainable builder in the manner of mdBook's
//!   `BookTest`: copy a fixture into a sandbox, build, assert.
//! - `containment`: a property test: random planted links and FIFOs leak nothing.
//! - `hostile_media`: an uploaded SVG in Chromium, with and without CSP: nothing runs.
//! - `html`: a small tag and attribute scanner for the generated HTML (ours, so well-formed).
//! - `invalid`: every bad input of `tests/invalid/`, one test each.
//! - `site_checks`: the rules every published site must follow, as problem lists.
//! - `docfx`: the real Microsoft Docs corpus built with its extensions; include files.
//! - `first_hour`: a newcomer's first mistakes (no `book.toml`, a wrong `--out`) and the summary.
//! - `output`: what a valid site must look like (fixture `small` and the repository's own site).
//! - `security`: nothing outside the site root reaches the output or the log; nothing
//!   published beside a page runs script (links, FIFOs, hostile media, base URLs).
//! - `new_locale`: a copy of the repository's site with a fifth locale, added with files only.
//! - `docsets`: real documentation sets (the msdocs corpus with `[links]` settings, a `toc.yml`,
//!   navigation) and a property test: every output written once, two builds byte-identical.
//! - `snapshots`: insta snapshots of a few key files of `small`.
//! - `switcher`: the language switcher with 2, 5 and 12 locales on a phone and a desktop.
//! - `serve`: the `tolk serve` binary: free port, answers, Ctrl-C.
//! - `in_browser`: the repository's site in Chromium, under a strict CSP, with axe.

#[cfg(unix)]
mod containment;
mod docfx;
mod docsets;
mod first_hour;
#[cfg(unix)]
mod hostile_media;
mod html;
mod in_browser;
mod invalid;
mod new_locale;
mod output;
mod rtl_pages;
mod rtl_states;
#[cfg(unix)]
mod security;
mod serve;
mod site_checks;
mod snapshots;
mod switcher;
