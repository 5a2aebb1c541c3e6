//! The ticket form: validators and schema against shared vectors, the built form pages, and
//! the form in a real browser in every locale.

mod browser;
mod schema_check;
mod site;
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

/// A copy of the repository's site in a temporary folder, built into another one.
struct Site {
    root: PathBuf,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

impl Site {
    /// Copies the repository's site (book.toml, form.yaml, content, locales, static,
    /// templates); with `endpoint`, sets `[form] endpoint` in the copy's book.toml.
    fn prepare(name: &str, endpoint: Option<&str>) -> Site {
        let dir = tempfile::Builder::new()
            .prefix(&format!("tolk-form-{name}-"))
            .tempdir()
            .expect("a temp dir");
        let root = dir.path().join("site");
        for entry in walkdir::WalkDir::new(repo()).sort_by_file_name() {
            let entry = entry.expect("readable");
            let rel = entry.path().strip_prefix(repo()).expect("inside the repo");
            let top = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy());
            let wanted = [
                "book.toml",
                "form.yaml",
                "content",
                "locales",
                "static",
                "templates",
            ];
            if !top.is_some_and(|t| wanted.contains(&t.as_ref())) {
                continue;
            }
            let to = root.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
        if let Some(endpoint) = endpoint {
            let path = root.join("book.toml");
            let text = std::fs::read_to_string(&path).expect("book.toml");
            let text = text.replace("[form]\n", &format!("[form]\nendpoint = \"{endpoint}\"\n"));
            std::fs::write(&path, text).expect("write book.toml");
        }
        Site {
            out: dir.path().join("out"),
            root,
            _dir: dir,
        }
    }

    /// Builds the copy.
    fn run(&self) -> tolk::site::BuildReport {
        tolk::site::build(&tolk::site::BuildOptions {
            root: self.root.clone(),
            out: Some(self.out.clone()),
            write: true,
            deny_warnings: false,
        })
    }

    /// A copy built without errors.
    fn build(name: &str, endpoint: Option<&str>) -> Site {
        let site = Site::prepare(name, endpoint);
        let report = site.run();
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        assert!(report.published.is_some(), "published");
        site
    }

    /// A file of the built site.
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A message (or attribute) of the copy's locales, as the build formats it without
    /// variables.
    fn text(&self, locale: &str, id: &str, attribute: Option<&str>) -> String {
        self.text_with(locale, id, attribute, &[])
    }

    /// A message (or attribute) formatted with text variables.
    fn text_with(
        &self,
        locale: &str,
        id: &str,
        attribute: Option<&str>,
        args: &[(&str, &str)],
    ) -> String {
        let config = Config::from_root(&self.root).unwrap_or_else(|d| panic!("{d:?}"));
        let (localizer, _, _) = tolk::i18n::Localizer::load(&config);
        let mut fluent_args = fluent_bundle::FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.to_string());
        }
        let fluent_args = (!args.is_empty()).then_some(&fluent_args);
        localizer
            .format(locale, id, attribute, fluent_args)
            .map(|t| tolk::i18n::strip_isolation(&t))
            .unwrap_or_else(|| panic!("{locale}: no message {id}"))
    }
}
