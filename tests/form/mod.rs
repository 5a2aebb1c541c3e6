//! The ticket form: validators and schema against shared vectors, the built form pages, and
//! the form in a real browser in every locale.

mod browser;
mod cvss_browser;
mod schema_check;
mod site;
mod vectors;

use crate::support::{repo, BookTest};
use tolk::form::Form;

/// The repository's form definition.
fn repo_form() -> Form {
    Form::from_file(&repo().join("form.yaml")).unwrap_or_else(|d| panic!("form.yaml: {d:?}"))
}

/// The locales the repository's site publishes, from its `book.toml`.
fn repo_locales() -> Vec<String> {
    BookTest::repo_site().locales()
}

/// A copy of the repository's site; with `endpoint`, `[form] endpoint` set in its book.toml.
fn repo_copy(endpoint: Option<&str>) -> BookTest {
    let mut site = BookTest::repo_copy();
    if let Some(endpoint) = endpoint {
        let path = site.root.join("book.toml");
        let text = std::fs::read_to_string(&path).expect("book.toml");
        let text = text.replace("[form]\n", &format!("[form]\nendpoint = \"{endpoint}\"\n"));
        site.write("book.toml", text);
    }
    site
}

/// A copy of the repository's site, built without errors.
fn built(endpoint: Option<&str>) -> BookTest {
    let mut site = repo_copy(endpoint);
    site.build().assert_published();
    site
}
