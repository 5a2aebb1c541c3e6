//! The one rule for a tool a test needs but the machine lacks (Chromium, chromedriver,
//! axe-core, node, the HTML checker, `../shared`): under CI the test fails, so CI can never
//! pass by skipping; elsewhere it passes, and the run ends with one line naming every skip
//! and why, so a developer without Chromium still sees what went untested.
//!
//! CI is on when the `CI` variable is set to anything but `""`, `"0"` or `"false"` (what CI
//! services set: `true`, `1`, a name). The summary line is printed when the test process
//! exits, from a C `atexit` hook: libtest captures a passing test's output, and a Rust static
//! is never dropped, so nothing else runs after the last test.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::sync::{Mutex, Once};

/// What to do when a tool is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// Fail the test: CI must never pass by skipping.
    Fail,
    /// Pass, and name the test in the summary line at exit.
    Skip,
}

/// The policy for a value of the `CI` variable: fail when it is set and not `""`, `"0"` or
/// `"false"` (any case, surrounding spaces ignored).
pub fn missing_policy(ci: Option<&str>) -> Missing {
    match ci.map(str::trim) {
        None => Missing::Skip,
        Some(value) if value.is_empty() || value == "0" || value.eq_ignore_ascii_case("false") => {
            Missing::Skip
        }
        Some(_) => Missing::Fail,
    }
}

/// Whether this run is CI, by [`missing_policy`].
pub fn on_ci() -> bool {
    missing_policy(std::env::var("CI").ok().as_deref()) == Missing::Fail
}

/// Skipped tests, by (tool, reason).
static SKIPPED: Mutex<BTreeMap<(String, String), Vec<String>>> = Mutex::new(BTreeMap::new());
static HOOK: Once = Once::new();

/// Applies the rule for `tool` ("browser", "axe-core", "node", ...) that is missing because
/// of `reason` (which should say how to install it): panics under CI, otherwise records the
/// current test for the summary line. The caller then returns without testing.
pub fn skip_or_fail(tool: &str, reason: &str) {
    if on_ci() {
        panic!("{tool} is required under CI (CI is set): {reason}");
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("?")
        .trim_start_matches("main::")
        .to_string();
    let mut skipped = SKIPPED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    skipped
        .entry((tool.to_string(), reason.to_string()))
        .or_default()
        .push(test);
    HOOK.call_once(register_summary);
}

/// The summary of `skipped`: one line, or `None` when nothing was skipped.
pub fn summary(skipped: &BTreeMap<(String, String), Vec<String>>) -> Option<String> {
    let count: usize = skipped.values().map(Vec::len).sum();
    if count == 0 {
        return None;
    }
    let groups: Vec<String> = skipped
        .iter()
        .map(|((tool, reason), tests)| {
            let mut tests = tests.clone();
            tests.sort();
            format!("{tool} ({reason}): {}", tests.join(", "))
        })
        .collect();
    Some(format!(
        "*** SKIPPED {count} test(s), NOT tested (CI would fail): {} ***",
        groups.join("; ")
    ))
}

extern "C" fn print_summary() {
    let skipped = SKIPPED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(line) = summary(&skipped) {
        let _ = std::io::stderr().write_all(format!("\n{line}\n").as_bytes());
    }
}

extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::os::raw::c_int;
}

/// Registers [`print_summary`] to run when the process exits (after libtest's own report).
#[allow(unsafe_code)]
fn register_summary() {
    // SAFETY: `atexit` is the C library's (linked into every Rust program on the platforms we
    // test on); the callback is a plain `extern "C" fn` that never unwinds into C (it only
    // locks a mutex and writes to stderr, ignoring errors).
    let status = unsafe { atexit(print_summary) };
    assert_eq!(status, 0, "atexit could not register the skip summary");
}

#[test]
fn missing_tools_fail_only_under_ci() {
    for ci in ["true", "TRUE", "1", "yes", " true "] {
        assert_eq!(missing_policy(Some(ci)), Missing::Fail, "{ci:?}");
    }
    for ci in ["false", "FALSE", "0", "", " "] {
        assert_eq!(missing_policy(Some(ci)), Missing::Skip, "{ci:?}");
    }
    assert_eq!(missing_policy(None), Missing::Skip);
}

#[test]
fn the_summary_is_one_line_naming_tools_reasons_and_tests() {
    let mut skipped = BTreeMap::new();
    assert_eq!(summary(&skipped), None);
    let key = |tool: &str, reason: &str| (tool.to_string(), reason.to_string());
    skipped.insert(
        key("browser", "chromium not found"),
        vec!["b::two".into(), "a::one".into()],
    );
    skipped.insert(key("node", "node not found"), vec!["rules::js".into()]);
    let line = summary(&skipped).expect("a line");
    assert!(!line.contains('\n'), "{line}");
    assert!(
        line.contains("SKIPPED 3 test(s)")
            && line.contains("browser (chromium not found): a::one, b::two; ")
            && line.contains("node (node not found): rules::js"),
        "{line}"
    );
}
