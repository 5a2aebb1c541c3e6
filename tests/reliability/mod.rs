//! Reliability (issue 9): one diagnostics model with rule codes, `check` raising what `build`
//! raises, text hygiene, Fluent cycles, interrupted builds, bounded cost on hostile input.
//!
//! - `rules`: every diagnostic the repository site, the fixtures and the invalid cases produce
//!   carries a documented rule code.
//! - `hygiene`: control characters and bidi overrides, reported and removed; Fluent cycles.
//! - `interrupted`: SIGTERM, Ctrl-C and SIGKILL leave no staging folder for long.
//! - `fuzz`: property tests of every parser (`PROPTEST_CASES` for a longer run).
//! - `check_equals_build`: what `build` refuses, `check` refuses first, at the same line.

mod check_equals_build;
mod fuzz;
mod hygiene;
mod interrupted;
mod rules;
