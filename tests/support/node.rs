//! Running node, for the JavaScript twins of Rust code (rules, negotiation, the ticket
//! validator, the root page): a missing node is a skip locally and a failure under CI.

use super::{repo, skip::skip_or_fail};
use std::process::Command;

/// `node`, or `None` when it is not installed (a skip; under CI a failure). `what` names what
/// goes untested.
pub fn node(what: &str) -> Option<Command> {
    let found = Command::new("node").arg("--version").output();
    if found.is_ok_and(|out| out.status.success()) {
        return Some(Command::new("node"));
    }
    skip_or_fail(
        "node",
        &format!("node not found on PATH, so {what} was not run; install nodejs"),
    );
    None
}

/// Runs `tests/js/<name>` with node; returns its stdout, failing on a non-zero exit.
pub fn run_node_script(name: &str, what: &str) -> Option<String> {
    let mut node = node(what)?;
    let script = repo().join("tests/js").join(name);
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
