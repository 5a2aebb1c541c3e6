//! The static-site handler: serves a built output folder exactly as a careful static host would,
//! for `tolk serve` and the browser tests alike.
//!
//! - a folder URL serves its `index.html`; without its trailing slash it redirects (301) to the
//!   slash form, so the page's relative links resolve (no listings, ever);
//! - GET and HEAD only; `ETag`/`Last-Modified` with `304 Not Modified`, and `Cache-Control:
//!   no-cache` (a preview must show the last build, revalidating is cheap);
//! - the site's own `404.html`, with status 404;
//! - nothing outside the folder: dot segments and encoded separators are refused before the file
//!   system is touched ([`request_path`](super::request_path)), and symlinks are followed only
//!   while their target stays inside;
//! - `Content-Type` from [`media_types`](crate::media_types), downloads as attachments.

use super::request_path::{self, RequestPath};
use crate::media_types;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A router answering every path from the built site in `dir` (which must exist). Mount other
/// routes beside it with `Router::merge`, or put it as the fallback of another router.
pub fn site_router(dir: &Path) -> io::Result<Router> {
    let root = dir.canonicalize()?;
    if !root.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let root = Arc::new(root);
    let handler = move |request: Request| answer(root.clone(), request);
    Ok(Router::new()
        .fallback(handler)
        .layer(axum::middleware::map_response(super::add_security_headers)))
}

async fn answer(root: Arc<PathBuf>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    // Canonicalizing and reading block; keep them off the async workers.
    let blocking = tokio::task::spawn_blocking(move || {
        respond(&root, &parts.method, &parts.uri, &parts.headers)
    });
    match blocking.await {
        Ok(response) => response,
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the file could not be read",
        ),
    }
}

/// The answer to one request for the site in `root` (a canonical folder path).
fn respond(root: &Path, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are allowed",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = match request_path::decode(uri.path()) {
        Ok(path) => path,
        Err(e) => return plain(StatusCode::BAD_REQUEST, &format!("bad request path: {e}")),
    };
    let head = method == Method::HEAD;
    match locate(root, &path) {
        Found::File(file) => file_response(&file, headers, head),
        Found::Folder => redirect(&path, uri.query()),
        Found::Nothing => not_found(root, head),
    }
}

/// What a request path names inside the site.
enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Folder,
    Nothing,
}

fn locate(root: &Path, path: &RequestPath) -> Found {
    let mut target = root.to_path_buf();
    target.extend(&path.segments);
    let Some(real) = inside(root, &target) else {
        return Found::Nothing;
    };
    if real.is_dir() {
        if !path.trailing_slash && !path.segments.is_empty() {
            return Found::Folder;
        }
        return match inside(root, &real.join("index.html")) {
            Some(index) if index.is_file() => Found::File(index),
            _ => Found::Nothing,
        };
    }
    // Regular files only: a FIFO or device would block or leak.
    match real.is_file() {
        true => Found::File(real),
        false => Found::Nothing,
    }
}

/// The real path of `path` when it exists and stays inside `root` (a symlink may point
/// elsewhere inside the site, never out of it).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

fn redirect(path: &RequestPath, query: Option<&str>) -> Response {
    let mut location = format!("{}/", path.normalized);
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    let mut response = plain(StatusCode::MOVED_PERMANENTLY, "moved to the folder's URL");
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A file with its validators; `304` when the client's copy is current.
fn file_response(file: &Path, request: &HeaderMap, head: bool) -> Response {
    let Ok(meta) = std::fs::metadata(file) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    let modified = meta.modified().ok();
    let tag = etag(meta.len(), modified);
    let mut response = if is_current(request, &tag, modified) {
        empty(StatusCode::NOT_MODIFIED)
    } else {
        let body = match head {
            true => Ok(Vec::new()),
            false => std::fs::read(file),
        };
        let Ok(body) = body else {
            return plain(StatusCode::NOT_FOUND, "the file could not be read");
        };
        let mut response = Response::new(Body::from(body));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(meta.len()));
        set(
            headers,
            header::CONTENT_TYPE,
            media_types::content_type(file),
        );
        if media_types::is_download(file) {
            set(headers, header::CONTENT_DISPOSITION, "attachment");
        }
        response
    };
    let headers = response.headers_mut();
    set(headers, header::ETAG, &tag);
    if let Some(modified) = modified {
        set(
            headers,
            header::LAST_MODIFIED,
            &httpdate::fmt_http_date(modified),
        );
    }
    set(headers, header::CACHE_CONTROL, "no-cache");
    response
}

/// A strong validator from size and modification time (as nginx does): a rebuild that rewrites
/// a file changes it.
fn etag(len: u64, modified: Option<SystemTime>) -> String {
    let since_epoch = modified
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    format!(
        "\"{:x}.{:x}-{len:x}\"",
        since_epoch.as_secs(),
        since_epoch.subsec_nanos()
    )
}

/// Whether the client's cached copy is current: `If-None-Match` decides when sent, else
/// `If-Modified-Since` (whole seconds, as HTTP dates have).
fn is_current(request: &HeaderMap, tag: &str, modified: Option<SystemTime>) -> bool {
    if let Some(tags) = request.get(header::IF_NONE_MATCH) {
        let tags = tags.to_str().unwrap_or("");
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == tag);
    }
    let since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    match (since, modified) {
        (Some(since), Some(modified)) => {
            let seconds = |t: SystemTime| t.duration_since(UNIX_EPOCH).map(|d| d.as_secs());
            matches!((seconds(modified), seconds(since)), (Ok(m), Ok(s)) if m <= s)
        }
        _ => false,
    }
}

/// The site's own `404.html` when it has one (as static hosts do), else a plain message.
fn not_found(root: &Path, head: bool) -> Response {
    let page = inside(root, &root.join("404.html")).and_then(|p| std::fs::read(p).ok());
    let Some(page) = page else {
        return plain(StatusCode::NOT_FOUND, "404 not found");
    };
    let length = page.len();
    let mut response = Response::new(Body::from(if head { Vec::new() } else { page }));
    *response.status_mut() = StatusCode::NOT_FOUND;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    set(headers, header::CONTENT_TYPE, "text/html; charset=utf-8");
    set(headers, header::CACHE_CONTROL, "no-cache");
    response
}

/// A short plain-text answer (errors, redirects).
pub(crate) fn plain(status: StatusCode, message: &str) -> Response {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = status;
    set(
        response.headers_mut(),
        header::CONTENT_TYPE,
        "text/plain; charset=utf-8",
    );
    response
}

fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// Sets a header whose value tolk made; a value that is not a valid header is left out.
fn set(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}
