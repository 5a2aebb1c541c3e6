//! Watching a site's sources for `tolk serve`, with notify's debouncer: a save that an editor
//! makes in several steps (write a temporary file, rename it over the original, touch the
//! folder) arrives as one batch of paths. The site's root is watched without its subfolders
//! (`book.toml`, `form.yaml`: a watch on the folder sees a rename over a file, which a watch on
//! the file would lose) and its input folders with theirs; the output folder is never watched.
//! Which paths matter is [`crate::incremental::classify`]'s decision, not the watcher's.

use crate::incremental::Layout;
use notify_debouncer_full::notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// How long the watcher waits for a burst of events to end before it reports it: long enough
/// for an editor's save steps (Vim moves the file aside, then writes the new one, within a
/// millisecond or two) to arrive as one batch, so no build sees the file missing; short
/// against the 100 ms from a save to the reloaded page (BENCHMARKS.md, "Previews").
/// The debouncer looks every quarter of it, so a batch comes 10–13 ms after the last event.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// A running watch; dropping it stops watching.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// Each batch of changed paths (absolute), or why watching failed or lost events (then
    /// every source must be looked at: [`crate::incremental::Session::rescan`]).
    pub batches: mpsc::Receiver<Result<Vec<PathBuf>, String>>,
}

/// Whether an event can change a file's bytes or a folder's entries: the build's own reads
/// (open, close, access time) must not start another build.
fn is_change(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Starts watching the inputs of the site laid out as `layout`.
pub fn start(layout: &Layout) -> Result<Watch, String> {
    let (send, batches) = mpsc::channel();
    let handler = move |result: DebounceEventResult| {
        let batch = match result {
            // The kernel's queue overflowed: which paths changed is unknown.
            Ok(events) if events.iter().any(|e| e.event.need_rescan()) => {
                Err("events were lost".to_string())
            }
            Ok(events) => Ok(events
                .into_iter()
                .filter(|e| is_change(&e.event.kind))
                .flat_map(|e| e.event.paths)
                .collect::<Vec<_>>()),
            Err(errors) => Err(errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")),
        };
        if !matches!(&batch, Ok(paths) if paths.is_empty()) {
            let _ = send.send(batch);
        }
    };
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, handler).map_err(|e| format!("cannot watch: {e}"))?;
    let watch = |d: &mut Debouncer<_, _>, path: &PathBuf, mode| {
        d.watch(path, mode)
            .map_err(|e| format!("cannot watch {}: {e}", path.display()))
    };
    watch(&mut debouncer, &layout.root, RecursiveMode::NonRecursive)?;
    for dir in layout.watched_folders() {
        watch(&mut debouncer, &dir, RecursiveMode::Recursive)?;
    }
    Ok(Watch {
        _debouncer: debouncer,
        batches,
    })
}
