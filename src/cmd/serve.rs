//! `tolk serve`: build, serve the output with the library's site handler (the same one the
//! browser tests run) under the strict Content-Security-Policy, then watch the sources and
//! rebuild on each save ([`crate::incremental`]), telling open pages to reload or to show the
//! errors ([`crate::serve`]). A failed rebuild keeps the last good site served. Loopback only
//! unless `--bind` says otherwise; Ctrl-C stops it cleanly.

use super::{print_diagnostics_limited, EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK, WARNINGS_SHOWN};
use crate::cli::ServeArgs;
use crate::http::{self, ServeOptions};
use crate::incremental::{Rebuild, Session};
use crate::serve::live::{self, Failure, Live};
use crate::serve::watch;
use crate::site::BuildOptions;
use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Builds, then serves and rebuilds until interrupted.
pub fn run(args: &ServeArgs) -> i32 {
    let root = &args.build.site.root;
    if let Err(code) = super::require_site(root) {
        return code;
    }
    let session = Session::new(BuildOptions {
        root: root.clone(),
        out: args.build.out.clone(),
        write: true,
        deny_warnings: args.build.deny_warnings,
    });
    let started = Instant::now();
    let first = session.build();
    report(args, &first, started);
    let Some(dir) = first.report.published.clone() else {
        return EXIT_DIAGNOSTICS;
    };
    let live = Arc::new(Live::default());
    let router = match router(args, &dir, &live) {
        Ok(router) => router,
        Err(code) => return code,
    };
    match watch::start(&session.layout()) {
        Ok(watch) => {
            session.watching();
            let live = live.clone();
            let shown = Shown {
                quiet: args.build.quiet,
                timings: args.build.timings,
            };
            let root = root.clone();
            std::thread::spawn(move || rebuild_on_change(&session, watch, &live, &root, shown));
        }
        Err(e) => eprintln!("warning: {e}; pages will not update by themselves"),
    }
    serve(args, router, &dir, &live)
}

/// The site with live reload, and the ticket receiver with `--receive`.
fn router(args: &ServeArgs, dir: &Path, live: &Arc<Live>) -> Result<Router, i32> {
    let site = http::site_router(dir)
        .map_err(|e| failure(&format!("cannot serve {}: {e}", dir.display())))?
        .layer(axum::middleware::from_fn(live::inject));
    let mut router = live::router(live.clone()).merge(site);
    if args.receive {
        if let Some(receiver) = receiver(args)? {
            router = receiver.merge(router);
        }
    }
    Ok(router)
}

/// The routes of `--receive`: the ticket receiver at the path the built form posts to, when
/// that path is on this server (`[form] endpoint` set to a path).
fn receiver(args: &ServeArgs) -> Result<Option<Router>, i32> {
    let root = &args.build.site.root;
    let endpoint = crate::config::Config::from_root(root)
        .ok()
        .and_then(|c| c.form_endpoint);
    let Some(endpoint) = endpoint.filter(|e| e.starts_with('/')) else {
        eprintln!(
            "warning: --receive: the form does not post to this server; set `[form] endpoint` \
             to a path such as \"/api/tickets\" to receive its tickets here"
        );
        return Ok(None);
    };
    let (receiver, database, _) = super::receive::receiver(root, &args.database)?;
    eprintln!(
        "receiving tickets at {endpoint} into {}",
        database.display()
    );
    Ok(Some(crate::receive::router(receiver)))
}

/// Serves `router` until Ctrl-C.
fn serve(args: &ServeArgs, router: Router, dir: &Path, live: &Arc<Live>) -> i32 {
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
        if args.open {
            open_browser(&url(bound));
        }
        let stop = async {
            // Without a signal handler the server still runs; it just stops when killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            // Open pages' event streams end, so the shutdown need not wait for them.
            live.close();
        };
        let options = ServeOptions {
            max_body: ServeOptions::default()
                .max_body
                .max(crate::receive::MAX_BODY),
            ..ServeOptions::default()
        };
        http::serve(listener, router, options, stop)
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    });
    match served {
        Ok(()) => EXIT_OK,
        Err(message) => failure(&message),
    }
}

/// What a rebuild prints besides its errors.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// Errors only (`--quiet`).
    quiet: bool,
    /// Each stage's time and the pages the memo kept (`--timings`).
    timings: bool,
}

/// Rebuilds after each batch of changes that concerns the site, and tells the open pages.
fn rebuild_on_change(
    session: &Session,
    watch: watch::Watch,
    live: &Live,
    root: &Path,
    print: Shown,
) {
    let quiet = print.quiet;
    give_way();
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("tolk-rebuild-{i}"))
        .start_handler(|_| give_way())
        .build();
    let build = || match &pool {
        Ok(pool) => pool.install(|| session.build()),
        Err(_) => session.build(),
    };
    for batch in watch.batches.iter() {
        let paths = match batch {
            Ok(paths) => paths,
            Err(e) => {
                // Events may be lost: look at every source, now and at the next change.
                eprintln!("warning: watching the sources: {e}; looking at every source");
                session.rescan();
                let started = Instant::now();
                let rebuild = build();
                report_rebuild(&rebuild, started, root, print);
                publish(&rebuild, live, root);
                continue;
            }
        };
        session.saw(&paths);
        let relevant = session.relevant(&paths);
        let Some((first, _)) = relevant.first() else {
            continue;
        };
        if !quiet {
            let what = match relevant.len() {
                1 => shown(first, root),
                n => format!("{} and {} more", shown(first, root), n - 1),
            };
            eprintln!("{what} changed: rebuilding");
        }
        let started = Instant::now();
        // A body edit is shown first, rendered with the last build's site, and so are the open
        // pages after a message edit; the rebuild follows and makes everything else right (or
        // puts the previewed pages back).
        let previewed = match session.preview(&relevant) {
            Some(files) => Some((files, true)),
            None => session
                .preview_messages(&relevant, &live.open_pages(PREVIEWED_OPEN_PAGES))
                .map(|files| (files, false)),
        };
        if let Some((previewed, articles)) = previewed {
            if print.timings {
                eprintln!(
                    "  previewed {} in {:.1} ms",
                    previewed.join(", "),
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
            live.previewed(previewed, articles, SHOWN_WAIT);
        }
        let rebuild = build();
        report_rebuild(&rebuild, started, root, print);
        publish(&rebuild, live, root);
    }
}

/// At most this many open pages are previewed after a message edit (the rest of the locale
/// follows with the rebuild).
const PREVIEWED_OPEN_PAGES: usize = 16;

/// How long the rebuild after a preview waits at most for the open pages showing the previewed
/// files to show them: it then has the cores to itself (putting the new article in place takes
/// 10–30 ms here, a reload 50–90 ms, BENCHMARKS.md), and a page that never answers costs this
/// once.
const SHOWN_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Lowers the CPU priority of the calling thread (on Linux, where it is a thread's own): the
/// rebuilds, and the threads they render on, give way to the server and to the browser
/// reloading the page a preview just wrote, so the author sees the edit before the rebuild
/// that follows it is done. On a machine with cores to spare it changes nothing.
#[allow(unsafe_code)]
fn give_way() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; a failure changes nothing.
    unsafe {
        let thread = libc::gettid() as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 10);
    }
}

/// Tells the open pages what a rebuild changed, or why it failed.
fn publish(rebuild: &Rebuild, live: &Live, root: &Path) {
    match rebuild.report.published {
        Some(_) => {
            let changes = &rebuild.changes;
            let files = changes.written.iter().chain(&changes.removed).cloned();
            live.built(files.collect());
        }
        None => {
            // Pages a preview showed are back as the last good site has them: reload them.
            if !rebuild.restored.is_empty() {
                live.built(rebuild.restored.clone());
            }
            live.failed(Failure::of(&rebuild.report.diagnostics, root))
        }
    }
}

fn shown(path: &Path, root: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Prints a rebuild: its errors (warnings only in the count) and one line.
fn report_rebuild(rebuild: &Rebuild, started: Instant, root: &Path, shown: Shown) {
    let quiet = shown.quiet;
    let d = &rebuild.report.diagnostics;
    // Warnings are counted, not repeated on every save, unless they are why it failed.
    let refused_for_warnings = rebuild.report.published.is_none() && !d.has_errors();
    print_diagnostics_limited(
        d,
        if refused_for_warnings {
            WARNINGS_SHOWN
        } else {
            0
        },
        root,
    );
    let seconds = started.elapsed().as_secs_f64();
    let line = match &rebuild.report.published {
        Some(_) => format!(
            "rebuilt in {seconds:.3}s: {} files written, {} removed, {} warnings",
            rebuild.changes.written.len(),
            rebuild.changes.removed.len(),
            d.warning_count()
        ),
        None => format!(
            "rebuild failed in {seconds:.2}s: {} errors, {} warnings; still serving the last good site",
            d.error_count(),
            d.warning_count()
        ),
    };
    if shown.timings {
        for (stage, time) in &rebuild.report.timings {
            eprintln!("  {stage:<24} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "  {} of {} article pages kept from the last build, {} rendered around their kept Markdown",
            rebuild.report.reused, rebuild.report.articles, rebuild.report.rewrapped
        );
        eprintln!(
            "  {} site-wide products kept from the last build",
            rebuild.report.kept.len()
        );
    }
    if !quiet || rebuild.report.published.is_none() {
        eprintln!("{line}");
    }
}

/// Prints the first build as `tolk build` does.
fn report(args: &ServeArgs, rebuild: &Rebuild, started: Instant) {
    let shown = if args.build.quiet { 0 } else { WARNINGS_SHOWN };
    print_diagnostics_limited(&rebuild.report.diagnostics, shown, &args.build.site.root);
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("{}", super::build::summary(&rebuild.report, seconds));
}

/// Asks the desktop to open `url`; a failure is a note, never the end of `serve`.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reaped on a thread of its own: the opener may wait for the browser to close.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => eprintln!("note: could not open a browser ({program}: {e}); visit {url}"),
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
