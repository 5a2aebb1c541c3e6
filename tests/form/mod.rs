//! The ticket form: validators and schema against shared vectors, the built form pages, and
//! the form in a real browser in every locale.

mod schema_check;
mod vectors;

use std::path::{Path, PathBuf};
use tolk::config::Config;
use tolk::form::Form;

/// The repository: its own site is the main fixture.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's form definition.
fn repo_form() -> Form {
    Form::from_file(&repo().join("form.yaml")).unwrap_or_else(|d| panic!("form.yaml: {d:?}"))
}

/// The locales the repository's site publishes.
fn repo_locales() -> Vec<String> {
    let config = Config::from_root(Path::new(&repo())).unwrap_or_else(|d| panic!("{d:?}"));
    config.locales.iter().map(|l| l.tag.clone()).collect()
}
