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

use axum::http::header::{HeaderName, HeaderValue};
use axum::response::Response;

pub use crate::csp::{CONTENT_SECURITY_POLICY, REFERRER_POLICY};
pub use background::Background;
pub use server::{serve, ServeOptions};
pub use site::site_router;

/// Every security header with its value, as sent on each response: the site's one list,
/// [`crate::csp::HEADERS`], which the `_headers` file carries too.
pub fn security_headers() -> impl Iterator<Item = (HeaderName, HeaderValue)> {
    // `from_bytes` lower-cases the usual spelling the table keeps; every name in it is valid
    // (a unit test in this module checks that none is dropped).
    crate::csp::HEADERS.iter().filter_map(|(name, value)| {
        Some((
            HeaderName::from_bytes(name.as_bytes()).ok()?,
            HeaderValue::from_static(value),
        ))
    })
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

#[cfg(test)]
mod header_tests {
    #[test]
    fn every_header_of_the_table_is_sent() {
        assert_eq!(super::security_headers().count(), crate::csp::HEADERS.len());
    }
}
