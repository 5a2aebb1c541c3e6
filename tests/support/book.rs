//! [`BookTest`]: one site in a sandbox, built and inspected.
//!
//! The sandbox is a temporary folder laid out as `<sandbox>/outer/{site,out}`: the site's root is
//! `site`, the build writes to `out` (and its staging folder beside it, in `outer`). A build may
//! change nothing but `out`, which [`BookTest::sandbox_tree`] before and after proves, and a path
//! that escapes by one or two `..` still lands inside the sandbox, where the test sees it.
//!
//! Three kinds of site: [`BookTest::fixture`] (a fixed set of locales, for tests that name
//! locales), [`BookTest::repo_site`] (the repository's own, read-only, for tests that derive
//! everything from its `book.toml`) and [`BookTest::repo_copy`] (an editable copy of it).

use super::repo;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tolk::config::Config;
use tolk::diagnostics::{Diagnostic, Severity};
use tolk::site::{BuildOptions, BuildReport};

/// The top-level entries of the repository that make its site (not its code or tests).
const SITE_FILES: [&str; 6] = [
    "book.toml",
    "form.yaml",
    "content",
    "locales",
    "static",
    "templates",
];

/// What a file tree holds: relative path → file bytes, `None` for a folder, and a symlink's
/// target as bytes prefixed with `->`.
pub type Tree = BTreeMap<String, Option<Vec<u8>>>;

/// One site under test. Methods that act return `&mut Self`, so a test reads as a chain:
/// `BookTest::fixture("small").build().assert_published()`.
pub struct BookTest {
    _sandbox: tempfile::TempDir,
    /// The temporary folder everything lives in.
    pub sandbox: PathBuf,
    /// The site's root (holds `book.toml`).
    pub root: PathBuf,
    /// Where builds write (`--out`).
    pub out: PathBuf,
    /// `false` for the repository's own site, which tests must never change.
    editable: bool,
    report: Option<BuildReport>,
}

/// What running the `tolk` binary printed and returned.
#[derive(Debug)]
pub struct Cli {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Cli {
    /// The run ended on its own with `code`, without a panic.
    pub fn assert_exit(&self, code: i32) -> &Self {
        assert!(
            !self.stderr.contains("panicked"),
            "tolk panicked:\n{}",
            self.stderr
        );
        assert_eq!(
            self.code,
            Some(code),
            "exit status; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// stderr holds a diagnostic starting `path:line:` with level `error`/`warning`.
    pub fn assert_reports(&self, severity: Severity, path: &str, line: usize) -> &Self {
        let level = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let found = self.stderr.lines().any(|l| {
            l.starts_with(&format!("{path}:{line}:")) && l.contains(&format!(": {level}: "))
        });
        assert!(
            found,
            "no `{path}:{line}:..: {level}:` line in stderr:\n{}",
            self.stderr
        );
        self
    }
}

fn new_sandbox() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("tolk-e2e-")
        .tempdir()
        .expect("a temporary folder");
    // Canonical, so paths compare equal to the ones tolk reports (it resolves symlinks).
    let base = dir
        .path()
        .canonicalize()
        .expect("a canonical temporary folder");
    let outer = base.join("outer");
    let root = outer.join("site");
    std::fs::create_dir_all(&root).expect("sandbox folders");
    (dir, base, root, outer.join("out"))
}

impl BookTest {
    /// A copy of `tests/fixtures/<name>/`, with the repository's `locales/<tag>/` (the UI strings
    /// the built-in templates need) for each locale the fixture's `book.toml` declares, so a
    /// locale added to the repository changes no fixture; the fixture's own files win.
    pub fn fixture(name: &str) -> BookTest {
        let (sandbox, base, root, out) = new_sandbox();
        let fixture = repo().join("tests/fixtures").join(name);
        assert!(fixture.is_dir(), "no fixture {}", fixture.display());
        copy_tree(&fixture, &root, &[]);
        let config = Config::from_root(&root).unwrap_or_else(|d| panic!("fixture {name}: {d:?}"));
        for locale in &config.locales {
            let ui = repo().join("locales").join(&locale.tag);
            if ui.is_dir() {
                let into = root.join("locales").join(&locale.tag);
                copy_tree(&ui, &into, &[]);
                copy_tree(&fixture.join("locales").join(&locale.tag), &into, &[]);
            }
        }
        BookTest::editable(sandbox, base, root, out)
    }

    /// An editable copy of the repository's own site (its book.toml, form.yaml, content,
    /// locales, static files and templates), for tests that change it.
    pub fn repo_copy() -> BookTest {
        let (sandbox, base, root, out) = new_sandbox();
        for name in SITE_FILES {
            let from = repo().join(name);
            if from.is_dir() {
                copy_tree(&from, &root.join(name), &[]);
            } else if from.is_file() {
                std::fs::copy(&from, root.join(name)).expect("copy a site file");
            }
        }
        BookTest::editable(sandbox, base, root, out)
    }

    fn editable(sandbox: tempfile::TempDir, base: PathBuf, root: PathBuf, out: PathBuf) -> Self {
        BookTest {
            sandbox: base,
            _sandbox: sandbox,
            root,
            out,
            editable: true,
            report: None,
        }
    }

    /// A site with only the repository's `locales/`; tests write the rest.
    pub fn blank() -> BookTest {
        let (sandbox, base, root, out) = new_sandbox();
        copy_tree(&repo().join("locales"), &root.join("locales"), &[]);
        BookTest::editable(sandbox, base, root, out)
    }

    /// Copies a folder from outside the repository into the site at `rel`.
    pub fn copy_in(&mut self, from: &Path, rel: &str) -> &mut Self {
        self.assert_editable();
        copy_tree(from, &self.root.join(rel), &[]);
        self
    }

    /// The repository's own site, built in place (read-only) into a sandboxed `out`.
    pub fn repo_site() -> BookTest {
        let (sandbox, base, _, out) = new_sandbox();
        BookTest {
            sandbox: base,
            _sandbox: sandbox,
            root: repo(),
            out,
            editable: false,
            report: None,
        }
    }

    /// Copies `tests/invalid/<case>/` over the site (its README.md is the case's description,
    /// not part of the site).
    pub fn apply_invalid(&mut self, case: &str) -> &mut Self {
        self.assert_editable();
        let dir = repo().join("tests/invalid").join(case);
        assert!(dir.is_dir(), "no invalid case {}", dir.display());
        let readme = dir.join("README.md");
        assert!(
            std::fs::read_to_string(&readme).is_ok_and(|t| !t.trim().is_empty()),
            "{} must say what is wrong",
            readme.display()
        );
        copy_tree(&dir, &self.root, &["README.md"]);
        self
    }

    /// Writes a file of the site (creating folders).
    pub fn write(&mut self, rel: &str, bytes: impl AsRef<[u8]>) -> &mut Self {
        self.assert_editable();
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(&path, bytes).expect("write a site file");
        self
    }

    fn assert_editable(&self) {
        assert!(self.editable, "the repository's own site is read-only");
    }

    /// Builds through the library into `out`.
    pub fn build(&mut self) -> &mut Self {
        self.run(true)
    }

    /// Runs every stage without writing (`tolk check`).
    pub fn check(&mut self) -> &mut Self {
        self.run(false)
    }

    fn run(&mut self, write: bool) -> &mut Self {
        let options = BuildOptions {
            root: self.root.clone(),
            out: Some(self.out.clone()),
            write,
            deny_warnings: false,
        };
        self.report = Some(tolk::site::build(&options));
        self
    }

    /// The site's configuration, read from its `book.toml` as the build reads it.
    pub fn config(&self) -> Config {
        Config::from_root(&self.root).unwrap_or_else(|d| panic!("book.toml: {d:?}"))
    }

    /// The tags of the site's locales, in `book.toml`'s order.
    pub fn locales(&self) -> Vec<String> {
        self.config()
            .locales
            .iter()
            .map(|l| l.tag.clone())
            .collect()
    }

    /// Message `id` (or its `attribute`) of `locale` as the build formats it, with text
    /// variables `args` (Unicode isolation marks removed).
    pub fn message(
        &self,
        locale: &str,
        id: &str,
        attribute: Option<&str>,
        args: &[(&str, &str)],
    ) -> String {
        let (localizer, _, _) = tolk::i18n::Localizer::load(&self.config());
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

    /// The report of the last build.
    pub fn report(&self) -> &BuildReport {
        self.report.as_ref().expect("build() first")
    }

    /// Every diagnostic of the last build as the CLI prints its first line.
    pub fn diagnostics_text(&self) -> String {
        self.report()
            .diagnostics
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string() + "\n")
            .collect()
    }

    /// The last build had no error and published to `out`.
    pub fn assert_published(&mut self) -> &mut Self {
        let report = self.report();
        assert!(
            !report.diagnostics.has_errors(),
            "errors:\n{}",
            self.diagnostics_text()
        );
        assert_eq!(report.published.as_deref(), Some(self.out.as_path()));
        self
    }

    /// The last build failed and published nothing.
    pub fn assert_refused(&mut self) -> &mut Self {
        let report = self.report();
        assert!(
            report.diagnostics.has_errors(),
            "expected errors, got:\n{}",
            self.diagnostics_text()
        );
        assert_eq!(report.published, None);
        self
    }

    /// The last build reported `severity` at `path:line` with a message containing `needle`.
    pub fn find(&self, severity: Severity, path: &str, line: usize, needle: &str) -> Diagnostic {
        let found = self.report().diagnostics.iter().find(|d| {
            d.severity == severity
                && d.path == Path::new(path)
                && d.line == line
                && d.message.contains(needle)
        });
        match found {
            Some(d) => d.clone(),
            None => panic!(
                "no {severity:?} at {path}:{line} containing {needle:?}; got:\n{}",
                self.diagnostics_text()
            ),
        }
    }

    /// Like [`BookTest::find`], for chaining.
    pub fn expect(
        &mut self,
        severity: Severity,
        path: &str,
        line: usize,
        needle: &str,
    ) -> &mut Self {
        self.find(severity, path, line, needle);
        self
    }

    /// Runs the `tolk` binary with `args`, then `--root <site>` (and `--out <out>` for `build`),
    /// from the sandbox folder.
    pub fn cli(&self, args: &[&str]) -> Cli {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tolk"));
        command.args(args).arg("--root").arg(&self.root);
        if args.first() == Some(&"build") && !args.contains(&"--out") {
            command.arg("--out").arg(&self.out);
        }
        run(command.current_dir(&self.root))
    }

    /// Every file of the output: relative path (with `/`) → bytes.
    pub fn output(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.out)
            .into_iter()
            .filter_map(|(k, v)| v.map(|bytes| (k, bytes)))
            .collect()
    }

    /// One output file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel))
            .unwrap_or_else(|e| panic!("output file {rel}: {e}"))
    }

    /// Everything in the sandbox, for before/after comparisons.
    pub fn sandbox_tree(&self) -> Tree {
        tree(&self.sandbox)
    }
}

/// Lists a folder recursively (folders as `None`), symlinks not followed.
pub fn tree(dir: &Path) -> Tree {
    let mut out = Tree::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().min_depth(1) {
        let entry = entry.expect("walk the tree");
        let rel = entry.path().strip_prefix(dir).expect("below the root");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let value = if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("read a symlink");
            Some(format!("->{}", target.display()).into_bytes())
        } else if entry.file_type().is_dir() {
            None
        } else {
            Some(std::fs::read(entry.path()).expect("read a file"))
        };
        out.insert(rel, value);
    }
    out
}

/// Copies the files of `from` (if it exists) into `to`, skipping top-level names in `skip`.
fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    if !from.exists() {
        return;
    }
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("walk a fixture");
        let rel = entry.path().strip_prefix(from).expect("below the fixture");
        if skip.iter().any(|s| rel == Path::new(s)) {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("create folders");
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// The paths that differ between two trees, each with what happened.
pub fn changes(before: &Tree, after: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (path, value) in before {
        match after.get(path) {
            None => out.push(format!("removed {path}")),
            Some(v) if v != value => out.push(format!("changed {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("added {path}"));
    }
    out
}

/// Runs the `tolk` binary with exactly `args`, from `cwd` (no `--root` added).
pub fn tolk_in(cwd: &Path, args: &[&str]) -> Cli {
    run(Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(args)
        .current_dir(cwd))
}

/// Runs a prepared `tolk` command and keeps what it printed.
fn run(command: &mut Command) -> Cli {
    let output = command
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tolk");
    Cli {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
