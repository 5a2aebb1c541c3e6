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
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};
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
    Built {
        changed: Arc<Vec<String>>,
        /// Only the articles of `changed` pages changed (a previewed body edit): a page may
        /// put the new article in place of its own instead of reloading.
        articles: bool,
    },
    Failed(Arc<Failure>),
    Closing,
}

/// The messages of one page, as sent.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Sent<'a> {
    Built {
        changed: &'a [String],
        articles: bool,
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
    pages: Arc<OpenPages>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            sender: broadcast::channel(64).0,
            failing: RwLock::new(None),
            pages: Arc::default(),
        }
    }
}

/// The pages that listen now, by output file (`en-US/guide/index.html`), so that a rebuild can
/// wait for the pages it told to reload to have loaded again (their script connects once the
/// page's `load` event fired). Holds only pages with an open stream: its size is bounded by the
/// server's connections.
#[derive(Default)]
struct OpenPages {
    state: Mutex<PagesState>,
    changed: Condvar,
}

#[derive(Default)]
struct PagesState {
    /// Per page: its open streams and the sequence number of the latest one.
    open: HashMap<String, (usize, u64)>,
    /// Streams opened so far.
    opened: u64,
}

impl OpenPages {
    fn lock(&self) -> std::sync::MutexGuard<'_, PagesState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A stream for `page` opened; it counts until the returned guard drops.
    fn open(self: &Arc<Self>, page: Option<String>) -> Option<Listening> {
        let page = page?;
        let mut state = self.lock();
        state.opened += 1;
        let sequence = state.opened;
        let entry = state.open.entry(page.clone()).or_insert((0, 0));
        entry.0 += 1;
        entry.1 = sequence;
        drop(state);
        self.changed.notify_all();
        Some(Listening {
            pages: self.clone(),
            page,
        })
    }

    fn close(&self, page: &str) {
        let mut state = self.lock();
        if let Some(entry) = state.open.get_mut(page) {
            entry.0 -= 1;
            if entry.0 == 0 {
                state.open.remove(page);
            }
        }
    }
}

/// One open event stream of a page; dropping it (the page closed or reloads) closes it.
struct Listening {
    pages: Arc<OpenPages>,
    page: String,
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.pages.close(&self.page);
    }
}

impl Live {
    /// A rebuild succeeded and changed `changed` (written or deleted output files).
    pub fn built(&self, changed: Vec<String>) {
        self.send_built(changed, false);
    }

    fn send_built(&self, changed: Vec<String>, articles: bool) {
        *self.failing.write().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = self.sender.send(Message::Built {
            changed: Arc::new(changed),
            articles,
        });
    }

    /// The pages open now (output files, as their script names them), for a preview to render
    /// first: at most `limit` of them (any local client may name pages; a preview stays a few
    /// pages' work).
    pub fn open_pages(&self, limit: usize) -> Vec<String> {
        let mut open: Vec<String> = self.pages.lock().open.keys().cloned().collect();
        open.sort();
        open.truncate(limit);
        open
    }

    /// A preview wrote `changed` ahead of the rebuild. With `articles` (body edits: only the
    /// pages' articles changed) an open page among them puts the new article in place of its
    /// own (no reload; the scroll position stays), else it reloads. Then waits (at most
    /// `limit`) until every such open page shows it, which the page tells by listening anew.
    /// `tolk serve` rebuilds after: on a machine with few cores the rebuild would otherwise
    /// slow the browser showing the page the author looks at. Returns at once when no open
    /// page shows them.
    pub fn previewed(&self, changed: Vec<String>, articles: bool, limit: Duration) {
        let deadline = Instant::now() + limit;
        let (waiting, since) = {
            let state = self.pages.lock();
            let waiting: Vec<String> = changed
                .iter()
                .filter(|f| state.open.contains_key(*f))
                .cloned()
                .collect();
            (waiting, state.opened)
        };
        self.send_built(changed, articles);
        let mut state = self.pages.lock();
        loop {
            let reloaded = |page: &String| state.open.get(page).is_some_and(|&(_, s)| s > since);
            if waiting.iter().all(reloaded) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            state = match self.pages.changed.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(e) => e.into_inner().0,
            };
        }
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
    let query = uri.query().unwrap_or("");
    let lang = page_lang(query);
    // Subscribed first: a rebuild that waits for this page to listen sends only after `open`.
    let receiver = live.sender.subscribe();
    let listening = live.pages.open(page_file(query));
    let first = live.failing().map(Message::Failed);
    let stream = messages(receiver, first, lang, listening);
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

/// The output file the page is (`?page=`, as the script names it: percent-encoded, no leading
/// slash, `index.html` for a folder), when it is short and plain enough to be one.
fn page_file(query: &str) -> Option<String> {
    let raw = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))?;
    let page = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    (!page.is_empty() && page.len() <= 1024 && !page.chars().any(char::is_control)).then_some(page)
}

fn messages(
    receiver: broadcast::Receiver<Message>,
    first: Option<Message>,
    lang: String,
    listening: Option<Listening>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(
        (receiver, first, lang, listening),
        |(mut receiver, first, lang, listening)| async move {
            let message = match first {
                Some(m) => m,
                None => match receiver.recv().await {
                    Ok(m) => m,
                    // Missed messages: the page cannot know what changed, so it reloads.
                    Err(broadcast::error::RecvError::Lagged(_)) => Message::Built {
                        changed: Arc::new(vec![String::from("*")]),
                        articles: false,
                    },
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            let event = event(&message, &lang)?;
            Some((Ok(event), (receiver, None, lang, listening)))
        },
    )
}

fn event(message: &Message, lang: &str) -> Option<Event> {
    let sent = match message {
        Message::Built { changed, articles } => Sent::Built {
            changed,
            articles: *articles,
        },
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

    #[test]
    fn the_page_is_taken_from_the_query_decoded() {
        assert_eq!(
            page_file("lang=tr-TR&page=tr-TR%2Fg%C3%BCvenlik%2Findex.html").as_deref(),
            Some("tr-TR/güvenlik/index.html")
        );
        assert_eq!(page_file("lang=tr-TR"), None);
        assert_eq!(page_file("page="), None);
        assert_eq!(page_file("page=a%0Ab"), None);
        assert_eq!(page_file(&format!("page={}", "a".repeat(2000))), None);
    }

    #[test]
    fn a_preview_waits_for_the_open_page_it_reloads_and_no_other() {
        let live = Arc::new(Live::default());
        let shown = "en-US/a/index.html".to_string();
        let first = live.pages.open(Some(shown.clone()));
        let _other = live.pages.open(Some("en-US/b/index.html".into()));
        // No open page shows the file: no wait.
        let started = Instant::now();
        live.previewed(
            vec!["en-US/c/index.html".into()],
            false,
            Duration::from_secs(5),
        );
        assert!(started.elapsed() < Duration::from_secs(1));
        // The page reloads: its stream closes, a new one opens.
        let reloading = {
            let live = live.clone();
            let shown = shown.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                drop(first);
                std::thread::sleep(Duration::from_millis(50));
                live.pages.open(Some(shown))
            })
        };
        let started = Instant::now();
        live.previewed(vec![shown.clone()], false, Duration::from_secs(5));
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(100),
            "returned after {waited:?}"
        );
        assert!(waited < Duration::from_secs(5), "waited for the limit");
        let again = reloading.join().unwrap();
        assert_eq!(live.pages.lock().open.get(&shown).map(|e| e.0), Some(1));
        drop(again);
        assert!(!live.pages.lock().open.contains_key(&shown));
        // A page that does not come back costs the limit once.
        let gone = live.pages.open(Some(shown.clone()));
        let started = Instant::now();
        live.previewed(vec![shown], false, Duration::from_millis(100));
        assert!(started.elapsed() >= Duration::from_millis(100));
        drop(gone);
    }
}
