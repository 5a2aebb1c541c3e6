//! The incremental build's state file: what one build remembers for the next (the content
//! cache, the render memo), kept as `.<out>.tolk-cache` BESIDE the output folder, never in the
//! published site.
//!
//! API: [`save`]`(out, &state)` after a build, [`load`]`(out)` before the next; `state` is any
//! serde type (the caller's struct holding a [`crate::content::ContentCache`] and its memo).
//! [`save_split`] and [`load_split`] take a state in two parts, which are encoded, digested and
//! decoded on two threads (a 10,000-page state is ~90 MB: one thread took 0.5–0.7 s each way).
//! The file is a header and two sections:
//!
//! ```text
//! "TOLKSTAT" | format version (u32 LE) | build id length (u16 LE) | build id (UTF-8)
//!            | 2 × ( length (u64 LE) | blake3 of the section (32 bytes) | section )
//! ```
//!
//! Each section is MessagePack with named fields, because the diagnostics it holds leave empty
//! fields out (for their JSON form), which only a self-describing struct encoding reads back.
//! The file is not synced to the disk: a state cut short by a crash fails its checksum, and the
//! next build is a full one. The build id
//! ([`build_id`]) ties the file to the tolk binary that wrote it: another version or build,
//! another format version, a wrong checksum or a payload that does not decode make [`load`]
//! return [`Loaded::Ignored`] with a note saying why, never an error: the state is only ever a
//! shortcut, and a full build is always right. Writes go to a temporary file beside it, then
//! rename over it (atomic), so a reader sees the old file or the new one; temporary files that
//! a killed build left are removed by the next [`save`].
//!
//! Wiring it into a build (the caller owns the state's shape; `memo` stands for the render memo):
//!
//! ```ignore
//! #[derive(Default, Serialize, Deserialize)]
//! struct BuildState { content: ContentCache, memo: RenderMemo }
//! let mut state: BuildState = match store::load(&config.build_dir) {
//!     Loaded::Found(state) => state,
//!     Loaded::Missing => BuildState::default(),
//!     Loaded::Ignored(note) => { eprintln!("note: {note}"); BuildState::default() }
//! };
//! let (content, diagnostics) = Content::load_cached(&config, &mut state.content);
//! // ... render with state.memo, publish ...
//! if let Err(e) = store::save(&config.build_dir, &state) { eprintln!("note: {e}") }
//! ```

use serde::{de::DeserializeOwned, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first bytes of every state file.
pub const MAGIC: &[u8; 8] = b"TOLKSTAT";

/// The layout version of the header and payload; bump it when either changes shape.
pub const FORMAT_VERSION: u32 = 5;

/// Why the state could not be saved (a build still succeeds: the next one is a full build).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: the output folder has no parent folder to keep the build state in", .0.display())]
    NoPlace(PathBuf),
    #[error("cannot encode the build state: {0}")]
    Encode(#[from] rmp_serde::encode::Error),
    #[error("{}: cannot write the build state: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What [`load`] found.
#[derive(Debug)]
pub enum Loaded<T> {
    /// A state written by this build of tolk, intact.
    Found(T),
    /// No state file (a first build, or one after `rm`).
    Missing,
    /// A state file that cannot be used, with a note saying why (for `--timings` / verbose
    /// output); the build goes on as a full build and overwrites it.
    Ignored(String),
}

impl<T> Loaded<T> {
    /// The same outcome with the state, when found, turned by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Loaded<U> {
        match self {
            Loaded::Found(state) => Loaded::Found(f(state)),
            Loaded::Missing => Loaded::Missing,
            Loaded::Ignored(note) => Loaded::Ignored(note),
        }
    }
}

/// `.<out-folder-name>.tolk-cache` beside the output folder `out`.
pub fn path_for(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_str()?;
    let parent = out.parent()?;
    Some(parent.join(format!(".{name}.tolk-cache")))
}

/// What identifies the running tolk: its version and its executable's size and modification
/// time (a rebuilt binary gets another id; digesting the binary would cost more than loading
/// the state). Falls back to the version alone when the executable cannot be found.
pub fn build_id() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| crate::input::Stamp::of(&m));
    match exe {
        Some(s) => format!("tolk {version} exe {}-{}", s.len, s.mtime_ns),
        None => format!("tolk {version}"),
    }
}

/// Reads the state saved beside `out` by this build of tolk.
pub fn load<T: DeserializeOwned + Send>(out: &Path) -> Loaded<T> {
    load_split::<T, ()>(out).map(|(state, ())| state)
}

/// Saves `state` beside `out` atomically, returning the file's size in bytes.
pub fn save<T: Serialize + Sync>(out: &Path, state: &T) -> Result<u64, StoreError> {
    save_split(out, state, || ())
}

/// Reads a state saved in two parts by [`save_split`], decoding them on two threads.
pub fn load_split<A, B>(out: &Path) -> Loaded<(A, B)>
where
    A: DeserializeOwned + Send,
    B: DeserializeOwned + Send,
{
    match path_for(out) {
        Some(path) => load_from(&path, &build_id()),
        None => Loaded::Missing,
    }
}

/// Saves a state in two parts beside `out` atomically, encoding them on two threads; returns
/// the file's size in bytes. The second part is made (by `second`) while the first encodes;
/// each part is dropped on its thread as soon as it is encoded (freeing a large state is a
/// large part of saving it).
pub fn save_split<A, B>(
    out: &Path,
    first: A,
    second: impl FnOnce() -> B + Send,
) -> Result<u64, StoreError>
where
    A: Serialize + Send,
    B: Serialize,
{
    let path = path_for(out).ok_or_else(|| StoreError::NoPlace(out.to_path_buf()))?;
    save_to(&path, &build_id(), first, second)
}

/// [`load_split`] from `path`, accepting only `build_id`.
pub fn load_from<A, B>(path: &Path, build_id: &str) -> Loaded<(A, B)>
where
    A: DeserializeOwned + Send,
    B: DeserializeOwned + Send,
{
    let bytes = match read_regular(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Loaded::Missing,
        Err(note) => return Loaded::Ignored(note),
    };
    match decode(&bytes, build_id) {
        Ok(state) => Loaded::Found(state),
        Err(why) => Loaded::Ignored(format!("{}: {why}; building in full", path.display())),
    }
}

/// [`save_split`] to `path` under `build_id`.
pub fn save_to<A, B>(
    path: &Path,
    build_id: &str,
    first: A,
    second: impl FnOnce() -> B + Send,
) -> Result<u64, StoreError>
where
    A: Serialize + Send,
    B: Serialize,
{
    let pieces = encode(build_id, first, second)?;
    remove_stale_temps(path);
    let tmp = temp_path(path, std::process::id());
    // Ours from an earlier failed save in this process; created anew, never followed if a link.
    let _ = std::fs::remove_file(&tmp);
    let write_err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let written = std::fs::File::create_new(&tmp)
        .and_then(|mut f| pieces.iter().try_for_each(|piece| f.write_all(piece)));
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_err(e));
    }
    Ok(pieces.iter().map(|piece| piece.len() as u64).sum())
}

/// A section: its length, its digest and its MessagePack bytes.
struct Section {
    bytes: Vec<u8>,
    digest: blake3::Hash,
}

impl Section {
    fn encode<T: Serialize>(part: &T) -> Result<Section, StoreError> {
        let bytes = rmp_serde::to_vec_named(part)?;
        let digest = blake3::hash(&bytes);
        Ok(Section { bytes, digest })
    }
}

/// The pieces of a state file, in order: the header and each section's head, and the two
/// sections' bytes (written one after the other, not copied into one buffer).
fn encode<A, B>(
    build_id: &str,
    first: A,
    second: impl FnOnce() -> B + Send,
) -> Result<[Vec<u8>; 4], StoreError>
where
    A: Serialize + Send,
    B: Serialize,
{
    let (first, second) = rayon::join(
        move || Section::encode(&first),
        || Section::encode(&second()),
    );
    let (first, second) = (first?, second?);
    let id = build_id.as_bytes();
    let id_len = u16::try_from(id.len()).unwrap_or(u16::MAX);
    let id = &id[..usize::from(id_len)];
    let head = |section: &Section| {
        let mut head = Vec::with_capacity(40);
        head.extend_from_slice(&(section.bytes.len() as u64).to_le_bytes());
        head.extend_from_slice(section.digest.as_bytes());
        head
    };
    let mut header = Vec::with_capacity(16 + id.len() + 40);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    header.extend_from_slice(&id_len.to_le_bytes());
    header.extend_from_slice(id);
    header.extend_from_slice(&head(&first));
    Ok([header, first.bytes, head(&second), second.bytes])
}

/// The state in `bytes`, or why it cannot be used.
fn decode<A, B>(bytes: &[u8], build_id: &str) -> Result<(A, B), String>
where
    A: DeserializeOwned + Send,
    B: DeserializeOwned + Send,
{
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a tolk build state")?;
    let (version, rest) = split_at(rest, 4).ok_or("truncated header")?;
    let version = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
    if version != FORMAT_VERSION {
        return Err(format!(
            "format version {version}, this tolk reads version {FORMAT_VERSION}"
        ));
    }
    let (id_len, rest) = split_at(rest, 2).ok_or("truncated header")?;
    let id_len = usize::from(u16::from_le_bytes([id_len[0], id_len[1]]));
    let (id, rest) = split_at(rest, id_len).ok_or("truncated header")?;
    if id != build_id.as_bytes() {
        return Err("written by another build of tolk".to_string());
    }
    let (first, rest) = section(rest)?;
    let (second, rest) = section(rest)?;
    if !rest.is_empty() {
        return Err("corrupt (bytes after the last section)".to_string());
    }
    let (first, second) = rayon::join(|| decode_section(first), || decode_section(second));
    Ok((first?, second?))
}

/// A section as read: its recorded digest and its bytes.
type SectionBytes<'a> = (&'a [u8], &'a [u8]);

/// The first section of `bytes` and what follows it.
fn section(bytes: &[u8]) -> Result<(SectionBytes<'_>, &[u8]), String> {
    let (len, rest) = split_at(bytes, 8).ok_or("truncated section")?;
    let len = u64::from_le_bytes(len.try_into().map_err(|_| "truncated section")?);
    let (sum, rest) = split_at(rest, 32).ok_or("truncated section")?;
    let len = usize::try_from(len).map_err(|_| "truncated section")?;
    let (body, rest) = split_at(rest, len).ok_or("truncated section")?;
    Ok(((sum, body), rest))
}

fn decode_section<T: DeserializeOwned>((sum, body): SectionBytes<'_>) -> Result<T, String> {
    if blake3::hash(body).as_bytes() != sum {
        return Err("corrupt (checksum mismatch)".to_string());
    }
    rmp_serde::from_slice(body).map_err(|e| format!("cannot be decoded ({e})"))
}

fn split_at(bytes: &[u8], at: usize) -> Option<(&[u8], &[u8])> {
    (bytes.len() >= at).then(|| bytes.split_at(at))
}

/// The file's bytes if it is a regular file (`None`: absent); a link or anything else is a
/// note, not followed.
fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: cannot be read ({e})", path.display())),
        Ok(m) if !m.is_file() => {
            return Err(format!("{}: not a regular file; ignored", path.display()))
        }
        Ok(_) => {}
    }
    std::fs::read(path)
        .map(Some)
        .map_err(|e| format!("{}: cannot be read ({e})", path.display()))
}

/// `<state file>.<pid>.tmp`: a temporary name editors' and the watcher's filters ignore.
fn temp_path(path: &Path, pid: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{pid}.tmp"));
    path.with_file_name(name)
}

/// Removes `<state file>.<pid>.tmp` files whose process is gone (a build killed mid-write).
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(name))
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !crate::output::cleanup::may_be_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct State {
        n: u32,
        words: Vec<String>,
    }

    fn state() -> State {
        State {
            n: 7,
            words: vec!["a".into(), "b".into()],
        }
    }

    fn found(l: Loaded<State>) -> State {
        match l {
            Loaded::Found(s) => s,
            other => panic!("{other:?}"),
        }
    }

    /// A single-part state, as [`load`] reads it.
    fn load_one(path: &Path, id: &str) -> Loaded<State> {
        load_from::<State, ()>(path, id).map(|(state, ())| state)
    }

    fn note(l: Loaded<State>) -> String {
        match l {
            Loaded::Ignored(n) => n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_state_file_sits_beside_the_output() {
        assert_eq!(
            path_for(Path::new("/site/book")),
            Some(PathBuf::from("/site/.book.tolk-cache"))
        );
        assert_eq!(path_for(Path::new("/")), None);
    }

    #[test]
    fn saved_state_reads_back_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("book");
        assert!(matches!(load::<State>(&out), Loaded::Missing));
        let size = save(&out, &state()).unwrap();
        assert!(size > 0);
        assert_eq!(found(load(&out)), state());
        let other = State {
            n: 8,
            words: vec![],
        };
        save(&out, &other).unwrap();
        assert_eq!(found(load(&out)), other);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [".book.tolk-cache"], "no temporary file left");
        assert!(!out.exists(), "nothing written into the output folder");
    }

    #[test]
    fn corrupt_foreign_and_old_files_are_ignored_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".book.tolk-cache");
        save_to(&path, "id-1", state(), || ()).unwrap();
        assert_eq!(found(load_one(&path, "id-1")), state());
        assert!(note(load_one(&path, "id-2")).contains("another build"));

        let good = std::fs::read(&path).unwrap();
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert!(note(load_one(&path, "id-1")).contains("checksum"));

        let mut old = good.clone();
        old[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        std::fs::write(&path, &old).unwrap();
        assert!(note(load_one(&path, "id-1")).contains("format version"));

        for bad in [
            &b""[..],
            b"TOLKSTAT",
            b"garbage, not a state file",
            &good[..20],
        ] {
            std::fs::write(&path, bad).unwrap();
            let n = note(load_one(&path, "id-1"));
            assert!(n.contains("not a tolk") || n.contains("truncated"), "{n}");
        }

        // The right header over a payload of another shape.
        save_to(&path, "id-1", vec![1u8, 2, 3], || ()).unwrap();
        assert!(note(load_one(&path, "id-1")).contains("decoded"));
    }

    #[test]
    fn a_state_in_two_parts_reads_back_and_each_part_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("book");
        let words = vec!["één".to_string(), "ığ".to_string()];
        save_split(&out, state(), {
            let words = words.clone();
            move || words
        })
        .unwrap();
        match load_split::<State, Vec<String>>(&out) {
            Loaded::Found((first, second)) => assert_eq!((first, second), (state(), words.clone())),
            other => panic!("{other:?}"),
        }
        // A byte of the first section changed: its own checksum says so.
        let path = path_for(&out).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let first_body = 8 + 4 + 2 + build_id().len() + 8 + 32;
        bytes[first_body] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        match load_split::<State, Vec<String>>(&out) {
            Loaded::Ignored(note) => assert!(note.contains("checksum"), "{note}"),
            other => panic!("{other:?}"),
        }
        // Bytes after the last section are not ignored.
        save_split(&out, state(), {
            let words = words.clone();
            move || words
        })
        .unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.push(0);
        std::fs::write(&path, &bytes).unwrap();
        match load_split::<State, Vec<String>>(&out) {
            Loaded::Ignored(note) => assert!(note.contains("after the last section"), "{note}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        save_to(&target, "id", state(), || ()).unwrap();
        let path = dir.path().join(".book.tolk-cache");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(note(load_one(&path, "id")).contains("not a regular file"));
    }

    #[test]
    fn stale_temporary_files_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".book.tolk-cache");
        // pid_max on Linux is at most 2^22: this pid never runs.
        let dead = temp_path(&path, 4_194_304 + 7);
        let live = temp_path(&path, 1); // init: always running
        let unrelated = dir.path().join(".other.tolk-cache.1.tmp");
        for p in [&dead, &live, &unrelated] {
            std::fs::write(p, "x").unwrap();
        }
        save_to(&path, "id", state(), || ()).unwrap();
        assert!(!dead.exists());
        assert!(live.exists() && unrelated.exists());
        assert_eq!(found(load_one(&path, "id")), state());
    }
}
