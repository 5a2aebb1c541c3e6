//! Runs a router on a TCP listener the way a local server must: a bounded number of connections
//! (a flood waits in the kernel's backlog instead of exhausting threads or memory), deadlines for
//! request headers, bodies and handlers, a body size limit, and a `Host` check so a page on
//! another site cannot reach this server through DNS rebinding. Running out of resources never
//! panics: a failed accept is retried, anything else is an error the caller reports.

use super::site::plain;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::{Extension, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::{RequestBodyDeadlineLayer, TimeoutLayer};
use tower_layer::Layer;

/// The largest request head, and the read buffer of a connection (hyper's default is ~400 KiB;
/// 256 connections × 64 KiB stays small). A larger head gets `431`.
const MAX_HEAD: usize = 64 * 1024;

/// Limits and deadlines of a server. The defaults suit a local preview and a small receiver.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Connections served at once; more wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// Time a client has to send a request's headers (also how long an idle connection stays).
    pub header_timeout: Duration,
    /// Time a client has to send a whole request body.
    pub body_timeout: Duration,
    /// Time a handler has to answer (then 503).
    pub handler_timeout: Duration,
    /// Largest request body accepted (then 413); a ticket is a few kilobytes.
    pub max_body: usize,
    /// Host names besides the bound address and loopback names (e.g. behind a reverse proxy).
    pub extra_hosts: Vec<String>,
    /// How long a shutdown waits for open requests to finish.
    pub shutdown_grace: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            max_connections: 256,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            handler_timeout: Duration::from_secs(60),
            max_body: 1 << 20,
            extra_hosts: Vec::new(),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish (for
/// at most [`ServeOptions::shutdown_grace`]). A failed accept (out of file descriptors, say) is
/// reported on stderr and retried a second later; the only error is a listener without an
/// address.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let hosts = AllowedHosts::new(listener.local_addr()?, &options.extra_hosts);
    let app = guarded(app, &options, hosts);
    let connections = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of file descriptors or memory: say so, wait for connections to close.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(options.header_timeout)
            .max_header_size(MAX_HEAD)
            .max_buf_size(MAX_HEAD);
        // Handlers see the client's address (`ConnectInfo`), e.g. for a per-client rate.
        let service = TowerToHyperService::new(Extension(ConnectInfo(peer)).layer(app.clone()));
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is its own business.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(options.shutdown_grace, graceful.shutdown()).await;
    Ok(())
}

/// `app` behind the request limits and the `Host` check, with the security headers on every
/// answer (also the refusals).
fn guarded(app: Router, options: &ServeOptions, hosts: AllowedHosts) -> Router {
    app.layer(RequestBodyLimitLayer::new(options.max_body))
        .layer(RequestBodyDeadlineLayer::new(options.body_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            options.handler_timeout,
        ))
        .layer(middleware::from_fn_with_state(Arc::new(hosts), check_host))
        .layer(middleware::map_response(super::add_security_headers))
}

/// Accept errors about one client that gave up, not about the server.
fn is_connection_error(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    )
}

/// The `Host` values this server answers to.
#[derive(Debug)]
pub struct AllowedHosts {
    port: u16,
    names: Vec<String>,
    /// Bound to every interface: any IP literal is fine (rebinding needs a DNS name).
    any_ip: bool,
}

impl AllowedHosts {
    /// The bound address, loopback names and `extra` names, all on the bound port.
    pub fn new(bound: SocketAddr, extra: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        names.push(host_text(bound.ip()));
        names.extend(extra.iter().map(|h| h.to_ascii_lowercase()));
        AllowedHosts {
            port: bound.port(),
            names,
            any_ip: bound.ip().is_unspecified(),
        }
    }

    /// Whether a request's `Host` header names this server.
    pub fn permits(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
            _ => (host.as_str(), Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        let ip = name.trim_start_matches('[').trim_end_matches(']');
        self.names.iter().any(|n| n == name) || (self.any_ip && ip.parse::<IpAddr>().is_ok())
    }
}

/// An address as it appears in a `Host` header (IPv6 in brackets).
fn host_text(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }
}

async fn check_host(
    State(hosts): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST).map(|h| h.to_str());
    match host {
        Some(Ok(host)) if hosts.permits(host) => next.run(request).await,
        None => plain(StatusCode::BAD_REQUEST, "the request has no Host header"),
        Some(_) => plain(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only for its own address and localhost",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::AllowedHosts;

    #[test]
    fn hosts_are_the_bound_address_and_loopback_on_the_bound_port() {
        let hosts = AllowedHosts::new("192.168.1.5:3000".parse().expect("an address"), &[]);
        for host in [
            "192.168.1.5:3000",
            "localhost:3000",
            "[::1]:3000",
            "127.0.0.1:3000",
        ] {
            assert!(hosts.permits(host), "{host}");
        }
        for host in [
            "192.168.1.6:3000",
            "localhost",
            "localhost:80",
            "evil.example:3000",
            "",
        ] {
            assert!(!hosts.permits(host), "{host}");
        }
        let proxied = AllowedHosts::new(
            "127.0.0.1:80".parse().expect("an address"),
            &["Docs.Example".into()],
        );
        assert!(proxied.permits("docs.example") && proxied.permits("localhost"));
    }

    #[test]
    fn bound_to_every_interface_any_ip_literal_but_no_other_name_is_fine() {
        let hosts = AllowedHosts::new("0.0.0.0:8080".parse().expect("an address"), &[]);
        for host in ["10.0.0.7:8080", "[fe80::1]:8080", "localhost:8080"] {
            assert!(hosts.permits(host), "{host}");
        }
        for host in ["rebind.evil.example:8080", "10.0.0.7:8081"] {
            assert!(!hosts.permits(host), "{host}");
        }
    }
}
