//! Debris of interrupted builds: staging folders a killed build left, and the one a build
//! being interrupted (Ctrl-C, SIGTERM) is filling.
//!
//! A staging folder is `.<out>.staging-<pid>` (and `.<out>.staging-<pid>.old` while the previous
//! site is moved aside). A later build removes such a folder only when its process is gone and
//! it holds tolk's own marker file with tolk's own text; anything else is never touched.

use super::{MARKER, MARKER_TEXT};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Staging folders this process is filling, for the signal handler.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remembers a staging folder until [`forget`].
pub(super) fn remember(dir: &Path) {
    if let Ok(mut live) = LIVE.lock() {
        live.push(dir.to_path_buf());
    }
}

/// The staging folder was committed or removed.
pub(super) fn forget(dir: &Path) {
    if let Ok(mut live) = LIVE.lock() {
        live.retain(|d| d != dir);
    }
}

/// Set once a signal arrived: staging writes fail from then on.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether the build was interrupted (checked before each write to staging).
pub(super) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Removes the staging folders of this process (from a signal handler thread, before exit).
/// Writes stop first; a write already under way may recreate a folder, so removal is repeated
/// until the folder stays gone.
pub fn remove_live() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let Ok(live) = LIVE.lock() else { return };
    for dir in live.iter() {
        for _ in 0..20 {
            let _ = std::fs::remove_dir_all(dir);
            std::thread::sleep(std::time::Duration::from_millis(10));
            if !dir.exists() {
                break;
            }
        }
    }
}

/// The pid in a staging folder's name `.<name>.staging-<pid>[.old]`, if it is one.
fn staging_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(&format!(".{name}.staging-"))?;
    let digits = rest.strip_suffix(".old").unwrap_or(rest);
    digits.parse().ok()
}

/// Whether process `pid` may still be running (true when it cannot be known).
pub(crate) fn may_be_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Whether `dir` is a real folder (not a link) holding tolk's marker with tolk's text.
fn is_tolk_folder(dir: &Path) -> bool {
    let real_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let marker = dir.join(MARKER);
    real_dir
        && std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file() && m.len() < 4096)
        && std::fs::read_to_string(&marker).is_ok_and(|t| t == MARKER_TEXT)
}

/// Removes the staging folders for output `name` in `parent` that dead builds left behind.
/// Returns the folders removed.
pub(super) fn remove_stale(parent: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = staging_pid(&file_name, name) else {
            continue;
        };
        let dir = entry.path();
        if !may_be_running(pid) && is_tolk_folder(&dir) && std::fs::remove_dir_all(&dir).is_ok() {
            removed.push(dir);
        }
    }
    removed
}

/// Makes SIGINT and SIGTERM remove this process's staging folders before it exits (status 130
/// or 143, as a shell reports a signal). For `tolk build`; `serve` handles Ctrl-C itself.
pub fn on_signal_remove_staging() {
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(|| {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            let code = runtime.block_on(wait_for_signal());
            remove_live();
            std::process::exit(code);
        });
    if let Err(e) = spawned {
        eprintln!("warning: cannot watch for Ctrl-C ({e}); an interrupted build may leave a staging folder");
    }
}

#[cfg(unix)]
async fn wait_for_signal() -> i32 {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        let _ = tokio::signal::ctrl_c().await;
        return 130;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => 130,
        _ = term.recv() => 143,
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() -> i32 {
    let _ = tokio::signal::ctrl_c().await;
    130
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dead_builds_own_staging_folders_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = u32::MAX - 1; // no such process
        let mine = tmp.path().join(format!(".book.staging-{dead}"));
        std::fs::create_dir_all(mine.join("en-US")).unwrap();
        std::fs::write(mine.join(MARKER), MARKER_TEXT).unwrap();
        let old = tmp.path().join(format!(".book.staging-{dead}.old"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
        // Same name, no marker; a marker with other text; another output's; a live process's.
        let unmarked = tmp.path().join(format!(".book.staging-{}", dead - 1));
        std::fs::create_dir_all(&unmarked).unwrap();
        let forged = tmp.path().join(format!(".book.staging-{}", dead - 2));
        std::fs::create_dir_all(&forged).unwrap();
        std::fs::write(forged.join(MARKER), "mine").unwrap();
        let other = tmp.path().join(format!(".site.staging-{dead}"));
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join(MARKER), MARKER_TEXT).unwrap();
        let live = tmp
            .path()
            .join(format!(".book.staging-{}", std::process::id()));
        std::fs::create_dir_all(&live).unwrap();
        std::fs::write(live.join(MARKER), MARKER_TEXT).unwrap();
        let mut removed = remove_stale(tmp.path(), "book");
        removed.sort();
        assert_eq!(removed, [mine, old]);
        for kept in [unmarked, forged, other, live] {
            assert!(kept.is_dir(), "{}", kept.display());
        }
    }
}
