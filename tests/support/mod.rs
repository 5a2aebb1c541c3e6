//! What every test module shares, in one place:
//!
//! - [`repo`] and [`shared`]: where the repository and `../shared` (test data beside it) are,
//!   never the working directory.
//! - [`skip`]: the one rule for a missing tool (a failure under CI, otherwise a skip named in
//!   one line at the end of the run).
//! - [`tsv`]: the reader of the vector files of `tests/vectors/`.
//! - [`node`]: running node for the JavaScript twins of Rust code.
//! - [`book`]: [`BookTest`], a site (a fixture, the repository's own, or a copy of it) in a
//!   sandbox, built and inspected.

// Shared API: each test module uses only part of it.
#![allow(dead_code)]

pub mod book;
pub mod node;
pub mod skip;
pub mod tsv;

pub use book::BookTest;

use std::path::PathBuf;

/// The crate's root folder (the repository).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (read-only test data), or `None` after the skip rule
/// when it is absent. `what` names what goes untested.
pub fn shared(what: &str) -> Option<PathBuf> {
    let path = repo().join("../shared");
    if path.is_dir() {
        return Some(path);
    }
    skip::skip_or_fail(
        "../shared",
        &format!(
            "{} is not a folder, so {what} was not tested",
            path.display()
        ),
    );
    None
}
