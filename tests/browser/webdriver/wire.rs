//! The wire level: chromedriver as a child process, one JSON-over-HTTP exchange per command, and
//! the error type every harness call returns.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What went wrong talking to chromedriver or the page. Its `Debug` is its message, so a test
/// returning `Err` prints a readable failure instead of a struct dump.
#[derive(thiserror::Error)]
pub enum WebDriverError {
    #[error("could not start {program}: {source}")]
    Spawn {
        program: PathBuf,
        source: std::io::Error,
    },
    #[error("chromedriver at {url} was not ready within {after:?}: {detail}")]
    NotReady {
        url: String,
        after: Duration,
        detail: String,
    },
    #[error("{command}: could not reach chromedriver: {detail}")]
    Transport { command: String, detail: String },
    /// chromedriver answered with a W3C error (`error` is its code, e.g. "no such element").
    #[error("{command}: {error}: {message}")]
    Command {
        command: String,
        error: String,
        message: String,
    },
    #[error("{command}: unexpected reply {reply}")]
    Reply { command: String, reply: String },
    #[error("timed out after {after:?} waiting for {what}{last}")]
    Timeout {
        what: String,
        after: Duration,
        last: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl WebDriverError {
    /// True for errors that may go away by waiting (element not there yet, stale, not interactable);
    /// false for a dead driver or a broken reply, which waiting cannot fix.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            WebDriverError::Command { .. } | WebDriverError::Reply { .. }
        )
    }
}

impl std::fmt::Debug for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Result of every harness call.
pub type Result<T> = std::result::Result<T, WebDriverError>;

/// The chromedriver child process; killed when dropped so no test leaves one behind.
pub(super) struct Driver {
    child: Child,
    pub(super) url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone, Copy)]
pub(super) enum Method {
    Get,
    Post,
    Delete,
}

/// `languages` (e.g. `["tr-TR", "tr"]`) become the browser's `navigator.languages` and
/// Accept-Language; empty keeps Chromium's default.
pub(super) fn capabilities(
    chromium: &Path,
    profile: &Path,
    languages: &[String],
    script: bool,
) -> Value {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
    ];
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    if !script {
        // A reader with JavaScript off: pages must work without their scripts.
        args.push("--blink-settings=scriptEnabled=false".into());
    }
    let mut chrome = json!({ "binary": chromium, "args": args });
    if let Some(first) = languages.first() {
        chrome["args"]
            .as_array_mut()
            .expect("args is a list")
            .push(json!(format!("--lang={first}")));
        chrome["prefs"] = json!({ "intl.accept_languages": languages.join(",") });
    }
    json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": chrome,
    }}})
}

pub(super) fn start_driver(program: &Path) -> Result<Driver> {
    let port = free_port().map_err(|source| WebDriverError::Spawn {
        program: program.to_path_buf(),
        source,
    })?;
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| WebDriverError::Spawn {
            program: program.to_path_buf(),
            source,
        })?;
    let url = format!("http://127.0.0.1:{port}");
    Ok(Driver { child, url })
}

/// A port the OS just said was free; chromedriver binds it a moment later (a tiny race we accept).
fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

pub(super) fn wait_until_ready(agent: &ureq::Agent, driver: &Driver) -> Result<()> {
    let after = Duration::from_secs(20);
    let start = Instant::now();
    let mut detail = String::from("no answer");
    while start.elapsed() < after {
        match http(agent, Method::Get, &format!("{}/status", driver.url), None) {
            Ok(status) if status["ready"] == Value::Bool(true) => return Ok(()),
            Ok(status) => detail = format!("status {status}"),
            Err(e) => detail = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = driver.url.clone();
    Err(WebDriverError::NotReady { url, after, detail })
}

/// One HTTP exchange with chromedriver; returns the reply's `value`, or its W3C error.
pub(super) fn http(
    agent: &ureq::Agent,
    method: Method,
    url: &str,
    body: Option<&Value>,
) -> Result<Value> {
    let (verb, request) = match method {
        Method::Get => ("GET", agent.get(url).call()),
        Method::Delete => ("DELETE", agent.delete(url).call()),
        Method::Post => (
            "POST",
            agent.post(url).send_json(body.unwrap_or(&json!({}))),
        ),
    };
    let command = format!("{verb} {}", url.split("/session/").last().unwrap_or(url));
    let transport = |e: ureq::Error| WebDriverError::Transport {
        command: command.clone(),
        detail: e.to_string(),
    };
    let mut response = request.map_err(transport)?;
    let ok = response.status().is_success();
    let body = response
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_json::<Value>();
    let mut reply = body.map_err(transport)?;
    let value = reply["value"].take();
    if ok {
        return Ok(value);
    }
    let text = |key: &str| value[key].as_str().unwrap_or("").to_string();
    let message = text("message");
    Err(WebDriverError::Command {
        error: text("error"),
        message: message.lines().next().unwrap_or("").to_string(),
        command,
    })
}

pub(super) fn string_reply(command: &str, reply: Value) -> Result<String> {
    match reply {
        Value::String(s) => Ok(s),
        other => Err(reply_error(command, &other)),
    }
}

pub(super) fn reply_error(command: &str, reply: &Value) -> WebDriverError {
    let reply: String = reply.to_string().chars().take(300).collect();
    WebDriverError::Reply {
        command: command.to_string(),
        reply,
    }
}

/// Prefixes a command error with what the test was doing (the selector, usually).
pub(super) fn with_context(error: WebDriverError, context: &str) -> WebDriverError {
    match error {
        WebDriverError::Command {
            command,
            error,
            message,
        } => WebDriverError::Command {
            command: format!("{context} ({command})"),
            error,
            message,
        },
        other => other,
    }
}
