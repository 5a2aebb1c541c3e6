//! tolk's one HTTP stack (axum on tokio, with tower-http), shared by `tolk serve`, the browser
//! tests' server and, later, the ticket receiver and live reload: whatever a test exercises is
//! what users run.
//!
//! - [`site::site_router`] answers requests for a built output folder as a strict static host
//!   would (redirects, `index.html`, 404 page, validators, containment);
//! - [`server::serve`] runs any router on a listener with bounded connections, deadlines, a body
//!   limit and a `Host` check, until a shutdown future completes; [`Background`] runs it on a
//!   thread of its own for code that is not async (tests);
//! - the headers below go on every response.

pub mod background;
mod request_path;
pub mod server;
pub mod site;

#[cfg(test)]
mod tests;

use axum::http::header::{
    HeaderName, HeaderValue, CONTENT_SECURITY_POLICY as CSP_HEADER, REFERRER_POLICY as RP_HEADER,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::response::Response;

pub use background::Background;
pub use server::{serve, ServeOptions};
pub use site::site_router;

/// The policy the built site works under and every response carries: nothing inline, nothing
/// from another origin, no framing. A page that needs an inline script or style breaks under
/// `tolk serve` and in the browser tests, not first in production.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

/// Sent with every response: links to other sites carry no URL of ours (a ticket page's
/// address says what a reader is reporting).
pub const REFERRER_POLICY: &str = "no-referrer";

/// Every security header with its value, as sent on each response.
pub fn security_headers() -> [(HeaderName, HeaderValue); 3] {
    [
        (
            CSP_HEADER,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (RP_HEADER, HeaderValue::from_static(REFERRER_POLICY)),
    ]
}

/// Adds the [`security_headers`] a response does not set itself (a route may be stricter).
pub async fn add_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in security_headers() {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
    response
}
