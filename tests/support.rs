//! Helpers several test modules share: the vector files' escapes and running node.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Decodes `\t`, `\n`, `\r`, `\\` and `\u{HEX}` (the escapes of tests/vectors/README.md);
/// `place` (file:line) names the cell in the panic for a bad escape.
pub fn unescape(cell: &str, place: &str) -> String {
    let bad = || panic!("{place}: bad escape in {cell:?}");
    let mut out = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest = chars.as_str();
                let Some((hex, after)) = rest.strip_prefix('{').and_then(|r| r.split_once('}'))
                else {
                    bad()
                };
                let code = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                out.push(code.unwrap_or_else(|| bad()));
                chars = after.chars();
            }
            _ => bad(),
        }
    }
    out
}

/// `node`, or `None` after a loud note when it is not installed and we are not on CI (where its
/// absence fails the test). `what` names what goes untested.
pub fn node(what: &str) -> Option<Command> {
    let found = Command::new("node").arg("--version").output();
    if found.is_ok_and(|out| out.status.success()) {
        return Some(Command::new("node"));
    }
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("node not found, and CI=true: {what} must be tested on CI");
    }
    // Written to stderr directly: libtest would swallow `eprintln!` of a passing test.
    let note = format!("\n*** SKIPPED: node not found; {what} was NOT tested ***\n");
    let _ = std::io::stderr().write_all(note.as_bytes());
    None
}

/// Runs `tests/js/<name>` with node; returns its stdout, failing on a non-zero exit.
pub fn run_node_script(name: &str, what: &str) -> Option<String> {
    let mut node = node(what)?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/js")
        .join(name);
    let out = node.arg(&script).output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{name} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    Some(stdout)
}
