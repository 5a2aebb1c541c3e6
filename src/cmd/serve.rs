//! `tolk serve`: build, then serve the output with the library's site handler (the same one the
//! browser tests run) under the strict Content-Security-Policy, so a preview shows what
//! production will. Loopback only unless `--bind` says otherwise; Ctrl-C stops it cleanly.

use super::{EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::cli::ServeArgs;
use crate::http::{self, ServeOptions};
use std::net::SocketAddr;

/// Builds, then serves until interrupted.
pub fn run(args: &ServeArgs) -> i32 {
    if let Err(code) = super::require_site(&args.build.site.root) {
        return code;
    }
    let report = super::build::build(&args.build);
    let Some(dir) = report.published else {
        return EXIT_DIAGNOSTICS;
    };
    let router = match http::site_router(&dir) {
        Ok(router) => router,
        Err(e) => return failure(&format!("cannot serve {}: {e}", dir.display())),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return failure(&format!("cannot start the server: {e}")),
    };
    let address = SocketAddr::new(args.bind, args.port);
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        if !bound.ip().is_loopback() {
            eprintln!("warning: listening on {bound}: other machines can read this preview");
        }
        eprintln!(
            "serving {} at {} (Ctrl-C to stop)",
            dir.display(),
            url(bound)
        );
        let stop = async {
            // Without a signal handler the server still runs; it just stops when killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        http::serve(listener, router, ServeOptions::default(), stop)
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    });
    match served {
        Ok(()) => EXIT_OK,
        Err(message) => failure(&message),
    }
}

/// The URL to print for a bound address (loopback's name when bound to every interface).
fn url(bound: SocketAddr) -> String {
    match bound {
        SocketAddr::V4(a) if a.ip().is_unspecified() => format!("http://127.0.0.1:{}/", a.port()),
        SocketAddr::V6(a) if a.ip().is_unspecified() => format!("http://[::1]:{}/", a.port()),
        a => format!("http://{a}/"),
    }
}

fn failure(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_FAILURE
}
