//! Serves a built site folder on 127.0.0.1 for browser tests, the way a strict static host would.
//!
//! Every response carries a tight Content-Security-Policy ([`CSP`]) and `nosniff`, so a page that
//! relies on an inline script or style, an eval, or a wrong content type breaks here (and shows up in
//! the browser log) instead of in production. JSON endpoints stand in for the ticket API: they
//! record what the page POSTs and answer with a status the test chooses (success or server error).

use serde_json::Value;
use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use tolk::http::{self, Request, Response};

/// The policy every response carries: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

type Endpoints = Arc<Mutex<BTreeMap<String, JsonEndpoint>>>;

/// A running server; stops (and frees its port) when dropped.
pub struct SiteServer {
    base_url: String,
    endpoints: Endpoints,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// One request a [`JsonEndpoint`] received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    pub method: String,
    pub content_type: Option<String>,
    pub body: String,
}

impl Received {
    /// The body parsed as JSON, `None` when it is not JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }
}

struct EndpointState {
    status: u16,
    reply: Value,
    received: Vec<Received>,
}

/// A fake API route: records POSTed bodies, answers with the configured status and JSON.
/// Cloning gives another handle to the same route.
#[derive(Clone)]
pub struct JsonEndpoint {
    state: Arc<Mutex<EndpointState>>,
}

impl SiteServer {
    /// Serves `root` on a free port of 127.0.0.1 from a background thread.
    pub fn start(root: &Path) -> std::io::Result<SiteServer> {
        let root = root.canonicalize()?;
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let endpoints = Endpoints::default();
        let stop = Arc::new(AtomicBool::new(false));
        let routes = endpoints.clone();
        let thread = http::serve(
            listener,
            stop.clone(),
            Arc::new(move |request| handle(&root, &routes, request)),
        );
        Ok(SiteServer {
            base_url: format!("http://127.0.0.1:{port}"),
            endpoints,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Routes POSTs to `path` (e.g. `/api/tickets`) to a recording endpoint that answers
    /// `status` with `reply` as JSON. Registering a path again replaces the route.
    pub fn json_endpoint(&self, path: &str, status: u16, reply: Value) -> JsonEndpoint {
        let endpoint = JsonEndpoint {
            state: Arc::new(Mutex::new(EndpointState {
                status,
                reply,
                received: Vec::new(),
            })),
        };
        lock(&self.endpoints).insert(path.to_string(), endpoint.clone());
        endpoint
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl JsonEndpoint {
    /// Changes the answer for the following requests (e.g. to simulate an outage).
    pub fn respond_with(&self, status: u16, reply: Value) {
        let mut state = lock(&self.state);
        state.status = status;
        state.reply = reply;
    }

    /// Everything received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state).received.clone()
    }

    fn answer(&self, request: Request) -> Response {
        let method = request.method.clone();
        if method != "POST" {
            return text(405, "only POST is allowed here").with_header("Allow", "POST");
        }
        let content_type = request.header("Content-Type").map(str::to_string);
        let Ok(body) = String::from_utf8(request.body) else {
            return text(400, "body is not UTF-8");
        };
        let mut state = lock(&self.state);
        state.received.push(Received {
            method,
            content_type,
            body,
        });
        let reply = state.reply.to_string().into_bytes();
        Response::from_data(reply)
            .with_status_code(state.status)
            .with_header("Content-Type", "application/json")
    }
}

/// Locks a mutex even if a panicking test poisoned it: the data is still what the test wants to see.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn handle(root: &Path, endpoints: &Endpoints, request: Request) -> Response {
    let url = request.url.clone();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let endpoint = lock(endpoints).get(path).cloned();
    let response = match endpoint {
        Some(endpoint) => endpoint.answer(request),
        None => match request.method.as_str() {
            "GET" | "HEAD" => serve_file(root, path),
            _ => text(405, "method not allowed").with_header("Allow", "GET, HEAD"),
        },
    };
    response
        .with_header("Content-Security-Policy", CSP)
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Cache-Control", "no-store")
}

fn serve_file(root: &Path, url_path: &str) -> Response {
    let Some(path) = resolve(root, url_path) else {
        return not_found(root);
    };
    if path.is_dir() {
        return match url_path.ends_with('/') {
            true => serve_path(root, &path.join("index.html")),
            // Like static hosts: `/docs` -> `/docs/`, so relative links inside resolve.
            false => text(301, "moved").with_header("Location", &format!("{url_path}/")),
        };
    }
    serve_path(root, &path)
}

fn serve_path(root: &Path, path: &Path) -> Response {
    match std::fs::read(path) {
        Ok(bytes) => Response::from_data(bytes).with_header("Content-Type", content_type(path)),
        Err(_) => not_found(root),
    }
}

/// Maps a URL path to a file or folder inside `root`, or `None` when it is malformed or would
/// leave `root`: `..` segments (also percent-encoded), backslashes, NUL, and symlinks that
/// point outside are all refused.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    if !decoded.starts_with('/') {
        return None;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0', ':']) => return None,
            s => path.push(s),
        }
    }
    let canonical = path.canonicalize().ok()?;
    canonical.starts_with(root).then_some(canonical)
}

/// The site's own decoder: strict, `None` for a broken escape or a result that is not UTF-8.
pub use tolk::urls::percent_decode;

/// The Content-Type for a file, by extension; unknown kinds are opaque bytes (and with nosniff
/// the browser will refuse to run them as script or style, which is what we want to notice).
pub fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The site's own `404.html` when it has one (as static hosts do), else a plain message.
fn not_found(root: &Path) -> Response {
    match std::fs::read(root.join("404.html")) {
        Ok(page) => Response::from_data(page)
            .with_status_code(404)
            .with_header("Content-Type", "text/html; charset=utf-8"),
        Err(_) => text(404, "404 not found"),
    }
}

fn text(status: u16, message: &str) -> Response {
    Response::from_data(message.as_bytes().to_vec())
        .with_status_code(status)
        .with_header("Content-Type", "text/plain; charset=utf-8")
}
