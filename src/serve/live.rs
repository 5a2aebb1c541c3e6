//! Live reload: what `tolk serve` adds to the site it serves, and nothing a build writes.
//!
//! - `/__tolk/livereload.js` and `/__tolk/overlay.css` are files (the strict CSP allows no
//!   inline script or style), and every HTML response of the site gets one `<script src>` tag
//!   for the script ([`inject`]);
//! - `/__tolk/events` is a Server-Sent Events stream: after each rebuild a `built` message with
//!   the files that changed, or a `failed` message with the errors and the overlay's words in the
//!   page's language (`?lang=`); a page that connects while the site is broken gets the failure
//!   at once.

use super::texts::{overlay_texts, OverlayTexts};
use crate::diagnostics::printer::Printer;
use crate::diagnostics::Diagnostics;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use serde::Serialize;
use std::convert::Infallible;
use std::path::Path;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// Where the live-reload script is served.
pub const SCRIPT_PATH: &str = "/__tolk/livereload.js";
const STYLE_PATH: &str = "/__tolk/overlay.css";
const EVENTS_PATH: &str = "/__tolk/events";
/// The tag added to every HTML page served.
const SCRIPT_TAG: &str = "<script src=\"/__tolk/livereload.js\" defer></script>";
/// At most this many problems are shown in the overlay; the rest are counted.
const SHOWN: usize = 20;

/// One problem as the overlay shows it: `file:line:col`, and the whole block the terminal
/// prints (message, source line, caret, help).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub location: String,
    pub text: String,
}

/// A rebuild that failed, in no language yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub problems: Vec<Problem>,
    /// Errors not shown.
    pub hidden: usize,
}

impl Failure {
    /// The errors of a failed build, printed as the terminal prints them (its warnings when it
    /// has no error: `--deny-warnings` refused it for them).
    pub fn of(diagnostics: &Diagnostics, root: &Path) -> Failure {
        let mut printer = Printer::new(root);
        let errors_only = diagnostics.has_errors();
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.is_error() || !errors_only)
            .collect();
        let problems = errors
            .iter()
            .take(SHOWN)
            .map(|d| Problem {
                location: location(d),
                text: printer.render(d),
            })
            .collect();
        Failure {
            problems,
            hidden: errors.len().saturating_sub(SHOWN),
        }
    }
}

fn location(d: &crate::diagnostics::Diagnostic) -> String {
    let path = d.path.display();
    match (d.line, d.column) {
        (0, _) => path.to_string(),
        (line, 0) => format!("{path}:{line}"),
        (line, column) => format!("{path}:{line}:{column}"),
    }
}

/// What the server tells open pages.
#[derive(Debug, Clone)]
enum Message {
    Built { changed: Arc<Vec<String>> },
    Failed(Arc<Failure>),
    Closing,
}

/// The messages of one page, as sent.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Sent<'a> {
    Built {
        changed: &'a [String],
    },
    Failed {
        texts: OverlayTexts,
        problems: &'a [Problem],
    },
}

/// The hub between the rebuilds and the open pages.
pub struct Live {
    sender: broadcast::Sender<Message>,
    failing: RwLock<Option<Arc<Failure>>>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            sender: broadcast::channel(64).0,
            failing: RwLock::new(None),
        }
    }
}

impl Live {
    /// A rebuild succeeded and changed `changed` (written or deleted output files).
    pub fn built(&self, changed: Vec<String>) {
        *self.failing.write().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = self.sender.send(Message::Built {
            changed: Arc::new(changed),
        });
    }

    /// A rebuild failed: every open page shows `failure` until the next success.
    pub fn failed(&self, failure: Failure) {
        let failure = Arc::new(failure);
        *self.failing.write().unwrap_or_else(|e| e.into_inner()) = Some(failure.clone());
        let _ = self.sender.send(Message::Failed(failure));
    }

    /// Ends every event stream (the server is stopping).
    pub fn close(&self) {
        let _ = self.sender.send(Message::Closing);
    }

    fn failing(&self) -> Option<Arc<Failure>> {
        self.failing
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// The live-reload routes (script, overlay style, events), to merge beside the site's.
pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route(SCRIPT_PATH, get(script))
        .route(STYLE_PATH, get(style))
        .route(EVENTS_PATH, get(events))
        .with_state(live)
        .layer(axum::middleware::map_response(
            crate::http::add_security_headers,
        ))
}

async fn script() -> Response {
    asset(
        include_str!("assets/livereload.js"),
        "text/javascript; charset=utf-8",
    )
}

async fn style() -> Response {
    asset(
        include_str!("assets/overlay.css"),
        "text/css; charset=utf-8",
    )
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

async fn events(State(live): State<Arc<Live>>, uri: Uri) -> impl IntoResponse {
    let lang = page_lang(uri.query().unwrap_or(""));
    let receiver = live.sender.subscribe();
    let first = live.failing().map(Message::Failed);
    let stream = messages(receiver, first, lang);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The `lang` of the query, when it looks like a language tag.
fn page_lang(query: &str) -> String {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .filter(|l| l.len() <= 35 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or("en-US")
        .to_string()
}

fn messages(
    receiver: broadcast::Receiver<Message>,
    first: Option<Message>,
    lang: String,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(
        (receiver, first, lang),
        |(mut receiver, first, lang)| async move {
            let message = match first {
                Some(m) => m,
                None => match receiver.recv().await {
                    Ok(m) => m,
                    // Missed messages: the page cannot know what changed, so it reloads.
                    Err(broadcast::error::RecvError::Lagged(_)) => Message::Built {
                        changed: Arc::new(vec![String::from("*")]),
                    },
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            let event = event(&message, &lang)?;
            Some((Ok(event), (receiver, None, lang)))
        },
    )
}

fn event(message: &Message, lang: &str) -> Option<Event> {
    let sent = match message {
        Message::Built { changed } => Sent::Built { changed },
        Message::Failed(failure) => Sent::Failed {
            texts: overlay_texts(lang, failure.hidden),
            problems: &failure.problems,
        },
        Message::Closing => return None,
    };
    let data = serde_json::to_string(&sent).ok()?;
    Some(Event::default().data(data))
}

/// Middleware for the site's routes: adds the live-reload script to every HTML response.
pub async fn inject(request: Request, next: Next) -> Response {
    let head = request.method() == Method::HEAD;
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || response.status() == StatusCode::NOT_MODIFIED {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return crate::http::site::plain(StatusCode::INTERNAL_SERVER_ERROR, "cannot read");
    };
    let length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let body = match head {
        true => Vec::new(),
        false => with_script(&bytes),
    };
    let new_length = match head {
        true => length.map(|l| l + SCRIPT_TAG.len()),
        false => Some(body.len()),
    };
    if let Some(l) = new_length {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(l));
    }
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// `html` with [`SCRIPT_TAG`] before its `</head>` (or at its end when it has none).
fn with_script(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_head_ends() {
        let html = b"<html><head><title>x</title></head><body></body></html>";
        let out = String::from_utf8(with_script(html)).unwrap();
        assert_eq!(
            out,
            format!("<html><head><title>x</title>{SCRIPT_TAG}</head><body></body></html>")
        );
        assert!(String::from_utf8(with_script(b"<p>no head"))
            .unwrap()
            .ends_with(SCRIPT_TAG));
    }

    #[test]
    fn only_a_language_tag_is_taken_from_the_query() {
        assert_eq!(page_lang("lang=nl-NL"), "nl-NL");
        assert_eq!(page_lang("x=1&lang=tr"), "tr");
        assert_eq!(page_lang("lang=%3Cscript"), "en-US");
        assert_eq!(page_lang(""), "en-US");
    }

    #[test]
    fn a_failure_shows_the_first_errors_with_their_place() {
        let mut diagnostics = Diagnostics::new();
        for line in 1..=25 {
            diagnostics
                .push(crate::diagnostics::Diagnostic::error("content/x.md", "broken").at(line, 2));
        }
        diagnostics.push(crate::diagnostics::Diagnostic::warning("y.md", "meh"));
        let failure = Failure::of(&diagnostics, Path::new("."));
        assert_eq!(failure.problems.len(), SHOWN);
        assert_eq!(failure.hidden, 5);
        assert_eq!(failure.problems[0].location, "content/x.md:1:2");
        assert!(failure.problems[0].text.contains("broken"));
        assert!(failure.problems.iter().all(|p| !p.text.contains("meh")));
    }

    #[test]
    fn a_build_refused_for_warnings_shows_them() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(crate::diagnostics::Diagnostic::warning("y.md", "meh").at(3, 0));
        let failure = Failure::of(&diagnostics, Path::new("."));
        assert_eq!(failure.problems.len(), 1);
        assert_eq!(failure.problems[0].location, "y.md:3");
    }
}
