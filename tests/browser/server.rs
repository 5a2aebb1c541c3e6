//! Serves a built site folder on 127.0.0.1 for browser tests with exactly what `tolk serve`
//! runs: the library's site router ([`tolk::http::site_router`]) on its server
//! ([`tolk::http::serve`]), under the library's Content-Security-Policy ([`CSP`]). A page that
//! relies on an inline script or style, an eval, or a wrong content type breaks here (and shows up
//! in the browser log) instead of in production.
//!
//! The only thing added around the site: JSON endpoints standing in for the ticket API. They
//! record what the page POSTs and answer with a status the test chooses (success or server
//! error). The server runs on a tokio runtime in a background thread; this API stays blocking.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use tolk::http::{Background, ServeOptions};

/// The policy every response carries: the library's one constant.
pub use tolk::http::CONTENT_SECURITY_POLICY as CSP;

type Endpoints = Arc<Mutex<BTreeMap<String, JsonEndpoint>>>;

/// A running server; stops (and frees its port) when dropped.
pub struct SiteServer {
    base_url: String,
    endpoints: Endpoints,
    _server: Background,
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
        let endpoints = Endpoints::default();
        let app = tolk::http::site_router(root)?.layer(middleware::from_fn_with_state(
            endpoints.clone(),
            route_endpoints,
        ));
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let server = Background::start(listener, app, ServeOptions::default())?;
        Ok(SiteServer {
            base_url: format!("http://{}", server.address()),
            endpoints,
            _server: server,
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

    async fn answer(&self, request: Request) -> Response {
        let method = request.method().to_string();
        if request.method() != Method::POST {
            let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only POST is allowed here");
            let allow = HeaderValue::from_static("POST");
            response.headers_mut().insert(header::ALLOW, allow);
            return response;
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        // The server's body limit and deadline apply; this only collects what they let through.
        let Ok(bytes) = axum::body::to_bytes(request.into_body(), usize::MAX).await else {
            return text(StatusCode::BAD_REQUEST, "the body could not be read");
        };
        let Ok(body) = String::from_utf8(bytes.to_vec()) else {
            return text(StatusCode::BAD_REQUEST, "body is not UTF-8");
        };
        let mut state = lock(&self.state);
        state.received.push(Received {
            method,
            content_type,
            body,
        });
        let status =
            StatusCode::from_u16(state.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let reply = state.reply.to_string();
        let json = [(header::CONTENT_TYPE, "application/json")];
        (status, json, reply).into_response()
    }
}

/// Locks a mutex even if a panicking test poisoned it: the data is still what the test wants to see.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Sends requests for a registered endpoint path to it, everything else to the site.
async fn route_endpoints(
    State(endpoints): State<Endpoints>,
    request: Request,
    next: Next,
) -> Response {
    let endpoint = lock(&endpoints).get(request.uri().path()).cloned();
    match endpoint {
        Some(endpoint) => endpoint.answer(request).await,
        None => next.run(request).await,
    }
}

fn text(status: StatusCode, message: &str) -> Response {
    let plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    (status, plain, message.to_string()).into_response()
}
