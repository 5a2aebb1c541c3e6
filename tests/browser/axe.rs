//! Accessibility checks with axe-core, run inside the page the browser shows.
//!
//! axe-core comes from npm (pinned in `tests/browser/package-lock.json`, installed by `.ci/run` with
//! `npm ci`), not from the network at test time. It is injected through WebDriver's script command,
//! which the page's CSP does not govern, so the site under test needs no exception for it.

use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

use super::webdriver::{Browser, Result, WebDriverError};

/// A loaded copy of axe-core's script, ready to inject into any page.
pub struct Axe {
    source: String,
}

/// One rule the page breaks, with the elements that break it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// The rule, e.g. "label", "color-contrast", "image-alt".
    pub id: String,
    /// "minor", "moderate", "serious" or "critical".
    pub impact: Option<String>,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<ViolatingNode>,
}

/// An element that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViolatingNode {
    /// CSS selectors locating the element; one per frame or shadow root on the way (axe's target).
    pub target: Vec<String>,
    pub html: String,
    #[serde(default)]
    pub failure_summary: Option<String>,
}

/// Runs axe on `arguments[0]` (context) with `arguments[1]` (options) and hands back only what
/// the typed result needs, with nested targets (iframes, shadow DOM) joined by " >>> ".
const RUN_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const target = (t) => Array.isArray(t) ? t.join(" >>> ") : String(t);
window.axe.run(arguments[0] || document, arguments[1]).then(
  (results) => done({ violations: results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.map(target), html: n.html,
                                 failureSummary: n.failureSummary })),
  })) }),
  (error) => done({ error: String(error && error.stack || error) }));
"#;

impl Axe {
    /// Where `.ci/run` installs axe-core.
    pub fn path() -> PathBuf {
        crate::support::repo().join("tests/browser/node_modules/axe-core/axe.min.js")
    }

    /// Reads axe-core from [`Axe::path`]. When it is missing: under CI the test fails,
    /// elsewhere it is a skip and `None` (see `crate::support::skip`).
    pub fn load_or_skip() -> Option<Axe> {
        let path = Self::path();
        match std::fs::read_to_string(&path) {
            Ok(source) => Some(Axe { source }),
            Err(e) => {
                let reason = format!(
                    "axe-core not found at {} ({e}); run `npm ci --prefix tests/browser`",
                    path.display()
                );
                crate::support::skip::skip_or_fail("axe-core", &reason);
                None
            }
        }
    }

    /// Checks the whole current page against axe's default rules (WCAG 2.x A/AA and best
    /// practices, experimental rules off).
    pub fn run(&self, browser: &Browser) -> Result<Vec<Violation>> {
        self.run_with(
            browser,
            Value::Null,
            json!({ "resultTypes": ["violations"] }),
        )
    }

    /// Runs axe with an explicit context (a selector string, `{ "include": [...] }`, or null for
    /// the whole document) and axe options (`{ "runOnly": ["wcag2a", "wcag2aa"] }` etc.).
    pub fn run_with(
        &self,
        browser: &Browser,
        context: Value,
        options: Value,
    ) -> Result<Vec<Violation>> {
        self.inject(browser)?;
        let reply = browser.execute_async(RUN_SCRIPT, &[context, options])?;
        if let Some(error) = reply["error"].as_str() {
            return Err(axe_error(format!("axe.run failed: {error}")));
        }
        serde_json::from_value(reply["violations"].clone())
            .map_err(|e| axe_error(format!("unexpected axe result: {e}")))
    }

    /// Loads axe into the current page unless it is already there (navigation removes it).
    fn inject(&self, browser: &Browser) -> Result<()> {
        let loaded = browser.execute("return typeof window.axe === 'object';", &[])?;
        if loaded == Value::Bool(true) {
            return Ok(());
        }
        let script = format!("{}\n;return typeof window.axe === 'object';", self.source);
        match browser.execute(&script, &[])? {
            Value::Bool(true) => Ok(()),
            other => Err(axe_error(format!(
                "axe did not load into the page: {other}"
            ))),
        }
    }
}

/// A readable list for assertion messages: rule, impact, help and each offending element.
pub fn describe(violations: &[Violation]) -> String {
    let mut out = String::new();
    for v in violations {
        let impact = v.impact.as_deref().unwrap_or("unknown");
        let _ = writeln!(out, "- {} ({impact}): {} <{}>", v.id, v.help, v.help_url);
        for node in &v.nodes {
            let _ = writeln!(out, "    at {}: {}", node.target.join(" "), node.html);
        }
    }
    out
}

fn axe_error(reply: String) -> WebDriverError {
    WebDriverError::Reply {
        command: "axe".to_string(),
        reply,
    }
}
