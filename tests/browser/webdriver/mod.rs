//! A minimal W3C WebDriver client for chromedriver, over plain HTTP (ureq + serde_json).
//!
//! Why our own and not a crate: the tests need a dozen commands, blocking calls and no async runtime;
//! the WebDriver wire protocol is small JSON over HTTP, so a thin client is easier to read than a
//! dependency tree. Every call returns a [`Result`] whose error names the command and chromedriver's
//! message, so a failing test says what the browser refused, not just "unwrap on Err".
//!
//! One [`Browser`] runs at a time in the whole test binary (the machine has 2 cores and Chromium is
//! heavy): [`Browser::launch`] takes a process-wide lock that the browser holds until it is dropped.

mod element;
mod wire;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine as _;
use element::ELEMENT_KEY;
pub use element::{keys, Element};
use wire::{capabilities, http, reply_error, start_driver, string_reply, wait_until_ready};
use wire::{with_context, Driver, Method};
pub use wire::{Result, WebDriverError};

/// Serialises browsers: held by every live [`Browser`].
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// The size of the page area (CSS pixels) the site is laid out in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

impl Viewport {
    /// A current mid-size phone in portrait (no touch or device-pixel-ratio emulation).
    pub const PHONE: Viewport = Viewport {
        width: 390,
        height: 844,
    };
    /// A common laptop window.
    pub const DESKTOP: Viewport = Viewport {
        width: 1280,
        height: 900,
    };
}

/// Where the browser binaries are and how the first window is sized.
#[derive(Clone, Debug)]
pub struct LaunchOptions {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    pub viewport: Viewport,
    /// The reader's languages in order of preference (`navigator.languages`); empty keeps
    /// Chromium's default.
    pub languages: Vec<String>,
    /// `false` starts Chromium with JavaScript off (a reader who turned it off).
    pub script: bool,
}

/// One line of the browser's console log, as chromedriver reports it. CSP violations come with
/// `source == "security"`, failed loads with "network", `console.*` calls with "console-api".
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct LogEntry {
    pub level: String,
    #[serde(default)]
    pub source: String,
    pub message: String,
}

impl LogEntry {
    /// Errors (console.error, uncaught exceptions, CSP violations, failed loads) are SEVERE.
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
    }
}

/// A headless Chromium session. Dropping it ends the session, the driver and the profile folder,
/// then lets the next test launch its browser.
pub struct Browser {
    agent: ureq::Agent,
    session_url: String,
    driver: Driver,
    _profile: tempfile::TempDir,
    _exclusive: MutexGuard<'static, ()>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(&self.agent, Method::Delete, &self.session_url, None);
    }
}

impl Browser {
    /// Starts chromedriver on a free port and opens a fresh headless Chromium with its own profile.
    /// Blocks while another test's browser is alive.
    pub fn launch(options: &LaunchOptions) -> Result<Browser> {
        let exclusive = ONE_BROWSER
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let profile = tempfile::tempdir().map_err(|source| WebDriverError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        let driver = start_driver(&options.chromedriver)?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        wait_until_ready(&agent, &driver)?;
        let caps = capabilities(
            &options.chromium,
            profile.path(),
            &options.languages,
            options.script,
        );
        let reply = http(
            &agent,
            Method::Post,
            &format!("{}/session", driver.url),
            Some(&caps),
        )?;
        let Some(id) = reply["sessionId"].as_str() else {
            return Err(reply_error("new session", &reply));
        };
        let browser = Browser {
            session_url: format!("{}/session/{id}", driver.url),
            agent,
            driver,
            _profile: profile,
            _exclusive: exclusive,
        };
        browser.set_viewport(options.viewport)?;
        Ok(browser)
    }

    /// Sends one command to this session; `path` is relative to the session ("/url", "/title").
    fn command(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value> {
        http(
            &self.agent,
            method,
            &format!("{}{path}", self.session_url),
            body.as_ref(),
        )
    }

    /// Loads `url` and waits for the load event (WebDriver's "normal" page load strategy).
    pub fn goto(&self, url: &str) -> Result<()> {
        self.command(Method::Post, "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    /// Goes back one entry in the history.
    pub fn back(&self) -> Result<()> {
        self.command(Method::Post, "/back", Some(json!({})))
            .map(drop)
    }

    /// Reloads the current page.
    pub fn refresh(&self) -> Result<()> {
        self.command(Method::Post, "/refresh", Some(json!({})))
            .map(drop)
    }

    /// The document's title.
    pub fn title(&self) -> Result<String> {
        string_reply("title", self.command(Method::Get, "/title", None)?)
    }

    /// The address of the current page (after redirects and form submissions).
    pub fn current_url(&self) -> Result<String> {
        string_reply("url", self.command(Method::Get, "/url", None)?)
    }

    /// The first element matching a CSS selector; an error names the selector when none matches.
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let body = json!({ "using": "css selector", "value": css });
        let reply = self.command(Method::Post, "/element", Some(body));
        self.element(reply.map_err(|e| with_context(e, &format!("find {css:?}")))?)
    }

    /// Like [`Browser::find`], but no match is `Ok(None)` instead of an error.
    pub fn find_opt(&self, css: &str) -> Result<Option<Element<'_>>> {
        Ok(self.find_all(css)?.into_iter().next())
    }

    /// All elements matching a CSS selector, in document order (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let body = json!({ "using": "css selector", "value": css });
        let reply = self.command(Method::Post, "/elements", Some(body))?;
        self.elements(reply)
    }

    /// The focused element (document.activeElement), for keyboard-navigation tests.
    pub fn active_element(&self) -> Result<Element<'_>> {
        self.element(self.command(Method::Get, "/element/active", None)?)
    }

    /// Runs `script` as a function body with `args` as `arguments`, returning what it returns.
    /// Elements can be passed with [`Element::to_arg`] and come back as reference objects.
    /// Runs through the DevTools protocol, so the page's CSP does not block it.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        let body = json!({ "script": script, "args": args });
        self.command(Method::Post, "/execute/sync", Some(body))
    }

    /// Like [`Browser::execute`], but the result is what the script passes to the callback that
    /// WebDriver appends as the last argument (`arguments[arguments.length - 1]`).
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Result<Value> {
        let body = json!({ "script": script, "args": args });
        self.command(Method::Post, "/execute/async", Some(body))
    }

    /// Sets how long [`Browser::execute_async`] may wait for its callback (default 30 s).
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<()> {
        let body = json!({ "script": timeout.as_millis() as u64 });
        self.command(Method::Post, "/timeouts", Some(body))
            .map(drop)
    }

    /// Resizes the window so that the page's viewport (innerWidth × innerHeight) is `viewport`:
    /// the window is set, measured, then corrected by the browser's own frame.
    pub fn set_viewport(&self, viewport: Viewport) -> Result<()> {
        let (mut width, mut height) = (viewport.width, viewport.height);
        // A loaded machine can report the size before the resize has reached the page: try a
        // few times, giving the window a moment, before calling it a failure.
        for attempt in 0..5u64 {
            let rect = json!({ "width": width, "height": height });
            self.command(Method::Post, "/window/rect", Some(rect))?;
            std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
            let inner = self.viewport()?;
            if inner == viewport {
                return Ok(());
            }
            width = (width + viewport.width).saturating_sub(inner.width);
            height = (height + viewport.height).saturating_sub(inner.height);
        }
        let inner = self.viewport()?;
        if inner != viewport {
            let detail = format!("asked for {viewport:?}, the page has {inner:?}");
            return Err(reply_error("set viewport", &Value::String(detail)));
        }
        Ok(())
    }

    /// The page's current viewport in CSS pixels.
    pub fn viewport(&self) -> Result<Viewport> {
        let size = self.execute("return [window.innerWidth, window.innerHeight];", &[])?;
        let dimension = |i: usize| size[i].as_u64().and_then(|n| u32::try_from(n).ok());
        match (dimension(0), dimension(1)) {
            (Some(width), Some(height)) => Ok(Viewport { width, height }),
            _ => Err(reply_error("viewport", &size)),
        }
    }

    /// Takes the browser's console entries gathered since the last call (chromedriver drains them):
    /// console.* output, uncaught errors, CSP violations and failed resource loads.
    pub fn take_log(&self) -> Result<Vec<LogEntry>> {
        let reply = self.command(Method::Post, "/se/log", Some(json!({ "type": "browser" })))?;
        serde_json::from_value(reply.clone()).map_err(|_| reply_error("browser log", &reply))
    }

    /// The SEVERE entries of [`Browser::take_log`]: what a clean page must not produce.
    pub fn take_errors(&self) -> Result<Vec<LogEntry>> {
        Ok(self
            .take_log()?
            .into_iter()
            .filter(LogEntry::is_error)
            .collect())
    }

    /// Saves a PNG of the viewport to `path`, creating its folder.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let reply = self.command(Method::Get, "/screenshot", None)?;
        let png = reply
            .as_str()
            .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text).ok())
            .ok_or_else(|| reply_error("screenshot", &Value::from("<not base64>")))?;
        let io = |source| WebDriverError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, png).map_err(io)
    }

    /// Polls `probe` every 50 ms until it returns `Some`, for at most `timeout`. Transient errors
    /// (element missing, stale) count as "not yet" and the last one is shown on timeout; a dead
    /// driver fails at once.
    pub fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&Browser) -> Result<Option<T>>,
    ) -> Result<T> {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            match probe(self) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) if e.is_transient() => last = format!(" (last error: {e})"),
                Err(e) => return Err(e),
            }
            if start.elapsed() >= timeout {
                let what = what.to_string();
                return Err(WebDriverError::Timeout {
                    what,
                    after: timeout,
                    last,
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until an element matching `css` has exactly `expected` as its text.
    pub fn wait_for_text(&self, css: &str, expected: &str, timeout: Duration) -> Result<()> {
        let what = format!("text {expected:?} in {css:?}");
        let mut seen = String::new();
        let found = self.wait_for(&what, timeout, |b| {
            seen = b.find(css)?.text()?;
            Ok((seen == expected).then_some(()))
        });
        found.map_err(|e| match e {
            WebDriverError::Timeout { what, after, last } if last.is_empty() => {
                let last = format!(" (text was {seen:?})");
                WebDriverError::Timeout { what, after, last }
            }
            other => other,
        })
    }

    fn element(&self, reply: Value) -> Result<Element<'_>> {
        match reply[ELEMENT_KEY].as_str() {
            Some(id) => Ok(Element {
                browser: self,
                id: id.to_string(),
            }),
            None => Err(reply_error("element reference", &reply)),
        }
    }

    fn elements(&self, reply: Value) -> Result<Vec<Element<'_>>> {
        let Value::Array(items) = reply else {
            return Err(reply_error("element list", &reply));
        };
        items.into_iter().map(|item| self.element(item)).collect()
    }

    /// The chromedriver address, for error messages and debugging.
    pub fn driver_url(&self) -> &str {
        &self.driver.url
    }
}
