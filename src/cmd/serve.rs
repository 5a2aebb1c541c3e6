//! `tolk serve`: build, then serve the output on 127.0.0.1 with the same strict
//! Content-Security-Policy the site is meant to be deployed with, so a preview shows what
//! production will (an inline script that sneaks in fails here too).

use super::{EXIT_DIAGNOSTICS, EXIT_FAILURE};
use crate::cli::ServeArgs;
use crate::http::{self, Request, Response};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The policy the site is built to work under.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

/// Builds, then serves until interrupted.
pub fn run(args: &ServeArgs) -> i32 {
    if let Err(code) = super::require_site(&args.build.site.root) {
        return code;
    }
    let report = super::build::build(&args.build);
    let Some(dir) = report.published else {
        return EXIT_DIAGNOSTICS;
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return EXIT_FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!(
        "serving {} at http://{address}/ (Ctrl-C to stop)",
        dir.display()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let server = http::serve(
        listener,
        stop,
        Arc::new(move |request: Request| respond(&dir, &request)),
    );
    let _ = server.join();
    0
}

/// Answers one request with a file of the site (or its 404 page), under the strict CSP.
fn respond(dir: &Path, request: &Request) -> Response {
    let (status, path) = match resolve(dir, &request.url) {
        Some(p) if request.method == "GET" || request.method == "HEAD" => (200, p),
        _ => (404, dir.join("404.html")),
    };
    let body = std::fs::read(&path).unwrap_or_default();
    Response::from_data(body)
        .with_status_code(status)
        .with_header("Content-Type", content_type(&path))
        .with_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .with_header("X-Content-Type-Options", "nosniff")
}

/// Maps a URL path to a file under `dir`, refusing anything that would leave it.
pub fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::urls::percent_decode(path)?;
    let mut rel = decoded.trim_start_matches('/').to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let safe = crate::output::safe_relative(&rel)?;
    let full = dir.join(safe);
    if full.is_dir() {
        let index = full.join("index.html");
        return index.is_file().then_some(index);
    }
    full.is_file().then_some(full)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert!(resolve(dir.path(), "/").is_some());
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/%ff",
        ] {
            assert!(resolve(dir.path(), bad).is_none(), "{bad}");
        }
    }
}
