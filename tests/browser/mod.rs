//! Tests in a real browser: headless Chromium driven over WebDriver, against a site served with a
//! strict CSP, checked by axe-core. See tests/README.md for the skip rule and how to write one.
//!
//! A typical test:
//! ```ignore
//! let Some(browser) = browser::browser_or_skip() else { return Ok(()) };
//! let server = SiteServer::start(&site_dir)?;
//! browser.goto(&server.url("/en-US/"))?;
//! assert_eq!(browser.take_errors()?, []);
//! ```

// This is the harness API for every browser test module; each uses only part of it.
#![allow(dead_code)]

pub mod axe;
mod harness_tests;
pub mod server;
pub mod webdriver;

use crate::support::skip::skip_or_fail;
use std::path::{Path, PathBuf};

pub use webdriver::{Browser, LaunchOptions, Viewport};

/// Finds a program: the path in `env_var` when set, else `/usr/bin/<name>`, else `<name>` on
/// PATH. The error says everywhere it looked.
pub fn locate(env_var: &str, name: &str) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(env_var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return match path.is_file() {
            true => Ok(path),
            false => Err(format!(
                "{name} not found at {} (from {env_var})",
                path.display()
            )),
        };
    }
    let usr_bin = Path::new("/usr/bin").join(name);
    let on_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .collect()
        })
        .unwrap_or_default();
    std::iter::once(usr_bin)
        .chain(on_path)
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            format!("{name} not found in /usr/bin or on PATH (set {env_var} to override)")
        })
}

/// A desktop-sized browser, or `None` when Chromium or chromedriver is not installed (a skip, by
/// the rule of `crate::support::skip`; under CI a failure). Blocks while another test's browser is alive.
pub fn browser_or_skip() -> Option<Browser> {
    browser_or_skip_with(Viewport::DESKTOP)
}

/// Like [`browser_or_skip`], with the given viewport (e.g. [`Viewport::PHONE`]). A browser that
/// is installed but fails to start fails the test, CI or not.
pub fn browser_or_skip_with(viewport: Viewport) -> Option<Browser> {
    browser_or_skip_in(viewport, &[])
}

/// Like [`browser_or_skip_with`], for a reader whose browser prefers `languages` (e.g.
/// `&["tr-TR", "tr"]`): they become `navigator.languages` and the Accept-Language header.
pub fn browser_or_skip_in(viewport: Viewport, languages: &[&str]) -> Option<Browser> {
    launch_or_skip(viewport, languages, true)
}

/// A desktop-sized browser with JavaScript turned off, or `None` as [`browser_or_skip`].
pub fn browser_without_script_or_skip() -> Option<Browser> {
    launch_or_skip(Viewport::DESKTOP, &[], false)
}

fn launch_or_skip(viewport: Viewport, languages: &[&str], script: bool) -> Option<Browser> {
    let chromium = locate("TOLK_CHROMIUM", "chromium");
    let chromedriver = locate("TOLK_CHROMEDRIVER", "chromedriver");
    let (chromium, chromedriver) = match (chromium, chromedriver) {
        (Ok(chromium), Ok(chromedriver)) => (chromium, chromedriver),
        (Err(missing), _) | (_, Err(missing)) => {
            skip_or_fail(
                "browser",
                &format!("{missing}; install chromium chromium-driver"),
            );
            return None;
        }
    };
    let options = LaunchOptions {
        chromium,
        chromedriver,
        viewport,
        languages: languages.iter().map(|l| l.to_string()).collect(),
        script,
    };
    match Browser::launch(&options) {
        Ok(browser) => Some(browser),
        Err(e) => panic!("could not start the browser ({options:?}): {e}"),
    }
}

/// Where a test saves its screenshot `name`: `target/screenshots/<name>.png` in the crate
/// (not CARGO_TARGET_DIR, so people find them in the same place on every machine).
pub fn screenshot_path(name: &str) -> PathBuf {
    crate::support::repo()
        .join("target/screenshots")
        .join(format!("{name}.png"))
}
