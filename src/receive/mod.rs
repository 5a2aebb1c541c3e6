//! `tolk receive`: the ticket receiver the form's endpoint contract describes (README, "The
//! ticket receiver"). It runs on the one HTTP stack ([`crate::http::serve`]) and, per ticket:
//! checks the origin (CORS for `[receive] allowed-origin` only) and the client's rate, reads
//! JSON or an urlencoded form ([`intake`]), validates with [`crate::form::validate_ticket`]
//! (the page's own rules), and stores it durably ([`store`]) before it answers 2xx with a
//! confirmation number. JSON gets JSON back; a form posted without JavaScript gets an HTML
//! page in the ticket's language ([`page`]).

pub mod export;
pub mod intake;
pub mod limits;
pub mod page;
pub mod store;

use crate::config::Config;
use crate::form::{validate_ticket, Form, TicketError};
use crate::i18n::Localizer;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use intake::{Encoding, Intake};
use serde_json::{json, Value};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use store::{Store, Stored};

/// The largest ticket body accepted (then `413`): a ticket's longest answers (two 5,000
/// character texts, 200-character lines), percent-encoded, stay well below it.
pub const MAX_BODY: usize = 256 * 1024;

/// Everything a request needs: the form, the texts, the store and the limits.
pub struct Receiver {
    config: Config,
    form: Form,
    localizer: Localizer,
    locales: Vec<String>,
    store: Mutex<Store>,
    limiter: limits::RateLimiter,
}

impl Receiver {
    /// A receiver for the site `config` describes, storing into `store`.
    pub fn new(config: Config, form: Form, localizer: Localizer, store: Store) -> Receiver {
        Receiver {
            locales: config.locales.iter().map(|l| l.tag.clone()).collect(),
            limiter: limits::RateLimiter::new(config.receive.rate),
            store: Mutex::new(store),
            config,
            form,
            localizer,
        }
    }

    /// The path tickets are posted to: the path of `[form] endpoint`, else `/`.
    pub fn path(&self) -> String {
        endpoint_path(self.config.form_endpoint.as_deref())
    }
}

/// The path part of an endpoint (`/api/tickets`, or the path of an absolute URL).
pub fn endpoint_path(endpoint: Option<&str>) -> String {
    let Some(endpoint) = endpoint else {
        return "/".into();
    };
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"));
    let path = match rest {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => endpoint,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.is_empty() {
        "/".into()
    } else {
        path.to_string()
    }
}

/// The receiver's routes: `POST` (and the CORS preflight) on [`Receiver::path`].
pub fn router(receiver: Arc<Receiver>) -> Router {
    let path = receiver.path();
    Router::new()
        .route(&path, post(receive).options(preflight))
        .with_state(receiver)
}

/// A refusal: status, stable code, and a sentence for people.
fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    (status, JsonBody(json!({"error": code, "message": message}))).into_response()
}

/// The `Origin` header, when it is text.
fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

/// Adds the CORS answer for the configured origin (and only for it).
fn with_cors(receiver: &Receiver, origin: Option<&str>, mut response: Response) -> Response {
    let allowed = receiver.config.receive.allowed_origin.as_deref();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let (Some(o), Some(a)) = (origin, allowed) {
        if o == a {
            if let Ok(value) = HeaderValue::from_str(a) {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
        }
    }
    response
}

async fn preflight(State(receiver): State<Arc<Receiver>>, headers: HeaderMap) -> Response {
    let origin = origin(&headers);
    let allowed = receiver.config.receive.allowed_origin.as_deref();
    if origin.is_none() || origin != allowed {
        return refuse(
            StatusCode::FORBIDDEN,
            "origin",
            "this origin may not send tickets here",
        );
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Accept, Idempotency-Key"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    with_cors(&receiver, origin, response)
}

async fn receive(State(receiver): State<Arc<Receiver>>, request: Request) -> Response {
    let origin = origin(request.headers()).map(str::to_string);
    let response = answer(&receiver, request).await;
    with_cors(&receiver, origin.as_deref(), response)
}

/// Every check in order; the first that fails answers.
async fn answer(receiver: &Arc<Receiver>, request: Request) -> Response {
    let headers = request.headers().clone();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let allowed = receiver.config.receive.allowed_origin.as_deref();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if !limits::origin_allowed(origin(&headers), fetch_site, allowed, host) {
        return refuse(
            StatusCode::FORBIDDEN,
            "origin",
            "this origin may not send tickets here",
        );
    }
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
    if let Err(wait) = receiver.limiter.take(client) {
        let mut response = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "rate",
            "too many tickets from this address: wait, then send again",
        );
        let seconds = wait.as_secs() + 1;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let encoding = match intake::encoding(content_type) {
        Ok(e) => e,
        Err(e) => return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, e.code(), &e.to_string()),
    };
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY).await {
        Ok(body) => body,
        Err(_) => {
            let message = format!("a ticket is at most {MAX_BODY} bytes");
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "too-large", &message);
        }
    };
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let intake = match intake::read(&receiver.form, encoding, &body, key) {
        Ok(i) => i,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e.code(), &e.to_string()),
    };
    if intake.honeypot {
        return refuse(
            StatusCode::BAD_REQUEST,
            "honeypot",
            "this ticket was not accepted",
        );
    }
    match validate_ticket(&receiver.form, &receiver.locales, &intake.ticket) {
        Err(errors) => invalid(receiver, &intake, &errors),
        Ok(ticket) => store(receiver, &intake, ticket.locale.clone(), ticket.to_json()).await,
    }
}

/// `422` with the field errors: JSON for the script, a page with the answers for a form.
fn invalid(receiver: &Receiver, intake: &Intake, errors: &[TicketError]) -> Response {
    match intake.encoding {
        Encoding::Json => (
            StatusCode::UNPROCESSABLE_ENTITY,
            JsonBody(json!({"error": "invalid", "errors": errors})),
        )
            .into_response(),
        Encoding::Form => {
            let texts = receiver.texts();
            let locale = texts.locale(&intake.ticket);
            let token = match &intake.submission {
                Some(t) => t.clone(),
                None => match store::random_token() {
                    Ok(t) => t,
                    Err(e) => return unavailable(&e),
                },
            };
            let html = page::errors(
                &texts,
                locale,
                &intake.ticket,
                errors,
                &receiver.path(),
                &token,
            );
            html_response(StatusCode::UNPROCESSABLE_ENTITY, html)
        }
    }
}

/// Stores a valid ticket, then answers with its confirmation number.
async fn store(
    receiver: &Arc<Receiver>,
    intake: &Intake,
    locale: String,
    ticket: Value,
) -> Response {
    let key = match &intake.submission {
        Some(id) => format!("id:{id}"),
        // Without an id, the same ticket sent again (a reload, a double click) is one ticket.
        None => format!(
            "sha1:{}",
            sha1_smol::Sha1::from(ticket.to_string()).digest()
        ),
    };
    let worker = Arc::clone(receiver);
    let stored_locale = locale.clone();
    let stored = tokio::task::spawn_blocking(move || {
        let mut store = worker.store.lock().unwrap_or_else(|e| e.into_inner());
        store.insert(&key, &stored_locale, &ticket)
    })
    .await;
    let stored = match stored {
        Ok(Ok(stored)) => stored,
        Ok(Err(e)) => return unavailable(&e),
        Err(e) => return unavailable(&e),
    };
    let status = match stored {
        Stored::New(_) => StatusCode::CREATED,
        Stored::Again(_) => StatusCode::OK,
    };
    match intake.encoding {
        Encoding::Json => (
            status,
            JsonBody(json!({"confirmation": stored.confirmation()})),
        )
            .into_response(),
        Encoding::Form => {
            let html = page::confirmation(&receiver.texts(), &locale, stored.confirmation());
            html_response(StatusCode::OK, html)
        }
    }
}

fn unavailable(e: &dyn std::fmt::Display) -> Response {
    eprintln!("error: a ticket could not be stored: {e}");
    refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "the ticket could not be stored; nothing was kept: send it again later",
    )
}

/// A JSON body (axum's `Json` needs a feature this crate does not enable for one use).
struct JsonBody(Value);

impl IntoResponse for JsonBody {
    fn into_response(self) -> Response {
        let mut response = Body::from(self.0.to_string()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, Body::from(html)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

impl Receiver {
    fn texts(&self) -> page::Texts<'_> {
        page::Texts {
            config: &self.config,
            localizer: &self.localizer,
            form: &self.form,
        }
    }
}
