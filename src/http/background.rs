//! [`serve`](super::serve) for callers that are not async: a server on its own thread and tokio
//! runtime that stops when dropped. The browser tests' server and the stack's own tests run
//! on it, so they exercise the same runner `tolk serve` uses.

use super::{serve, ServeOptions};
use axum::Router;
use std::io;
use std::net::SocketAddr;
use std::thread::JoinHandle;
use tokio::sync::oneshot;

/// A running server; dropping it stops it (open requests get the shutdown grace) and frees
/// the port.
pub struct Background {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    /// Serves `app` on `listener` (already bound, so the caller knows the port before any
    /// request) from a new thread.
    pub fn start(
        listener: std::net::TcpListener,
        app: Router,
        options: ServeOptions,
    ) -> io::Result<Background> {
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("http-{address}"))
            .spawn(move || {
                let served = runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    let shutdown = async {
                        let _ = stopped.await;
                    };
                    serve(listener, app, options, shutdown).await
                });
                if let Err(e) = served {
                    eprintln!("error: the server on {address} stopped: {e}");
                }
            })?;
        Ok(Background {
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
