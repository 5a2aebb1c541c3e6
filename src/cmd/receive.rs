//! `tolk receive` and `tolk tickets`: thin wrappers that load the site's configuration, form
//! and texts, then run [`crate::receive`] (the receiver) or read its database.

use super::{EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::cli::{ExportFormat, ReceiveArgs, TicketsArgs, TicketsCommand};
use crate::config::Config;
use crate::form::Form;
use crate::http::{self, ServeOptions};
use crate::i18n::Localizer;
use crate::receive::{self, export, store::Store, Receiver};
use std::sync::Arc;

/// Runs the receiver until interrupted.
pub fn run(args: &ReceiveArgs) -> i32 {
    let (receiver, database, config_listen) = match receiver(&args.site.root, &args.database) {
        Ok(made) => made,
        Err(code) => return code,
    };
    let address = args.listen.unwrap_or(config_listen);
    let path = receiver.path();
    let router = receive::router(receiver);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return failure(&format!("cannot start the receiver: {e}")),
    };
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        eprintln!(
            "receiving tickets at http://{bound}{path} into {} (Ctrl-C to stop)",
            database.display()
        );
        let stop = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let options = ServeOptions {
            max_body: receive::MAX_BODY,
            extra_hosts: args.host.clone(),
            ..ServeOptions::default()
        };
        http::serve(listener, router, options, stop)
            .await
            .map_err(|e| format!("the receiver stopped: {e}"))
    });
    match served {
        Ok(()) => EXIT_OK,
        Err(message) => failure(&message),
    }
}

/// The receiver of the site at `root`, storing into `database` (else `[receive] database`),
/// with the database's path and `[receive] listen`; shared with `serve --receive`.
pub fn receiver(
    root: &std::path::Path,
    database: &Option<std::path::PathBuf>,
) -> Result<(Arc<Receiver>, std::path::PathBuf, std::net::SocketAddr), i32> {
    let (config, form) = load(root)?;
    let (localizer, _, diagnostics) = Localizer::load(&config);
    if diagnostics.has_errors() {
        super::print_diagnostics(&diagnostics, true, root);
        return Err(EXIT_DIAGNOSTICS);
    }
    let database = database
        .clone()
        .unwrap_or_else(|| config.receive.database.clone());
    let store = Store::open(&database).map_err(|e| failure(&e.to_string()))?;
    let listen = config.receive.listen;
    let receiver = Arc::new(Receiver::new(config, form, localizer, store));
    Ok((receiver, database, listen))
}

/// `tolk tickets list|export`.
pub fn tickets(args: &TicketsArgs) -> i32 {
    let (config, form) = match load(&args.site.root) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let database = args
        .database
        .clone()
        .unwrap_or_else(|| config.receive.database.clone());
    if !database.is_file() {
        return failure(&format!("no ticket database at {}", database.display()));
    }
    let tickets = match Store::open(&database).and_then(|s| s.all()) {
        Ok(tickets) => tickets,
        Err(e) => return failure(&e.to_string()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.command {
        TicketsCommand::List => export::list(&mut out, &tickets),
        TicketsCommand::Export {
            format: ExportFormat::Jsonl,
        } => export::jsonl(&mut out, &tickets),
        TicketsCommand::Export {
            format: ExportFormat::Csv,
        } => export::csv(&mut out, &form, &tickets),
    };
    match written.and_then(|()| std::io::Write::flush(&mut out)) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => failure(&format!("cannot write the tickets: {e}")),
    }
}

/// The site's configuration and form, or the exit code after printing why not.
fn load(root: &std::path::Path) -> Result<(Config, Form), i32> {
    super::require_site(root)?;
    let config = Config::from_root(root).map_err(|d| {
        super::print_diagnostics(&d, false, root);
        EXIT_DIAGNOSTICS
    })?;
    match Form::load(&config) {
        (Some(form), _) => Ok((config, form)),
        (None, d) => {
            super::print_diagnostics(&d, false, root);
            Err(EXIT_DIAGNOSTICS)
        }
    }
}

fn failure(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_FAILURE
}
