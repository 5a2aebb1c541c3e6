//! What changed in a source page since a translation was made, from the site's git history.
//!
//! A translation records the [`super::source_hash`] of the source it was made from
//! (`ms.openlocfilehash`). When the project is a git repository, the source file's history
//! holds that version: this walks the file's commits (following renames), hashes the body of
//! each version the same way, and diffs the one that matches against today's source, block by
//! block ([`blocks`]). So a translator sees the paragraphs to update, not "the source changed".
//!
//! git is run as the `git` binary with fixed arguments (never through a shell; paths after
//! `--`), with the variables that would point it at another repository removed; only reading
//! commands (`rev-parse`, `log`, `show`), which run no hooks. When git is not
//! installed, the site is not in a repository or no version matches, [`Unavailable`] says which,
//! in plain words, and callers fall back to the outdated warning alone.

pub mod blocks;

use crate::content::SourceText;
use crate::diagnostics::Diagnostics;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// How many commits of a file's history are searched for the recorded version.
pub const MAX_COMMITS: usize = 1000;

/// The version of a source page a translation was made from, and what changed since.
#[derive(Debug, Clone)]
pub struct SourceChanges {
    /// The commit that holds the version (full hash) and its date (`YYYY-MM-DD`).
    pub commit: String,
    pub date: String,
    pub changes: Vec<blocks::Change>,
}

impl SourceChanges {
    /// The commit's short form, as `git log --oneline` shows it.
    pub fn short_commit(&self) -> &str {
        self.commit.get(..10).unwrap_or(&self.commit)
    }
}

/// Why what changed cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("git is not installed (or not on PATH), so tolk cannot look up the source's history")]
    NoGit,
    #[error("the site is not in a git repository, so the source's history is unknown")]
    NotARepository,
    #[error("no version of {} in its git history ({commits} commits searched) has the recorded hash {hash}", path.display())]
    NotFound {
        path: PathBuf,
        hash: String,
        commits: usize,
    },
    #[error("git failed: {0}")]
    Failed(String),
}

impl Unavailable {
    /// A stable code for the reason (`no-git`, `not-repository`, `not-found`, `failed`), for
    /// templates to choose their words by.
    pub fn code(&self) -> &'static str {
        match self {
            Unavailable::NoGit => "no-git",
            Unavailable::NotARepository => "not-repository",
            Unavailable::NotFound { .. } => "not-found",
            Unavailable::Failed(_) => "failed",
        }
    }
}

/// What changed in the source page `source` (its file, and its current body starting at file
/// line `body_line`) since the version whose hash is `recorded`.
pub fn changes_since(
    source: &Path,
    body: &str,
    body_line: usize,
    recorded: &str,
) -> Result<SourceChanges, Unavailable> {
    let dir = source
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let top = toplevel(dir)?;
    let absolute = std::fs::canonicalize(source).map_err(|e| Unavailable::Failed(e.to_string()))?;
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let relative = absolute
        .strip_prefix(&top)
        .map_err(|_| Unavailable::NotARepository)?
        .to_string_lossy()
        .into_owned();
    let versions = file_history(&top, &relative)?;
    for version in &versions {
        let spec = format!("{}:{}", version.commit, version.path);
        let Ok(bytes) = git(&top, &["show", &spec]) else {
            continue;
        };
        let Some(then) = parse(bytes, &version.path) else {
            continue;
        };
        if super::source_hash(then.body()) == recorded {
            let old = blocks::blocks(then.body(), then.body_line);
            let new = blocks::blocks(body, body_line);
            return Ok(SourceChanges {
                commit: version.commit.clone(),
                date: version.date.clone(),
                changes: blocks::diff(&old, &new),
            });
        }
    }
    Err(Unavailable::NotFound {
        path: source.to_path_buf(),
        hash: recorded.to_string(),
        commits: versions.len(),
    })
}

/// The work tree holding `dir`, asked of git once per folder for the life of the process: a
/// site has few source folders and many outdated pages (5 % of 10,000 pages in the benchmark
/// corpus), and without this a site outside any repository spawned git once per outdated page.
/// (A folder that becomes a repository while `tolk serve` runs is seen after a restart.)
fn toplevel(dir: &Path) -> Result<PathBuf, Unavailable> {
    static KNOWN: Mutex<Option<HashMap<PathBuf, Result<PathBuf, Unavailable>>>> = Mutex::new(None);
    if let Some(known) = KNOWN
        .lock()
        .ok()
        .and_then(|k| k.as_ref()?.get(dir).cloned())
    {
        return known;
    }
    let top = git(dir, &["rev-parse", "--show-toplevel"])
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out).trim_end_matches('\n')))
        .map_err(|e| match e {
            Unavailable::Failed(_) => Unavailable::NotARepository,
            other => other,
        });
    if let Ok(mut known) = KNOWN.lock() {
        known
            .get_or_insert_with(HashMap::new)
            .insert(dir.to_path_buf(), top.clone());
    }
    top
}

/// One commit of a file's history and the file's path in it.
struct Version {
    commit: String,
    date: String,
    path: String,
}

/// The file's commits, newest first, with its path in each (renames followed).
fn file_history(top: &Path, relative: &str) -> Result<Vec<Version>, Unavailable> {
    let limit = format!("--max-count={MAX_COMMITS}");
    let out = git(
        top,
        &[
            "log",
            "--follow",
            "--name-only",
            "--no-color",
            &limit,
            "--format=commit %H %cs",
            "--",
            relative,
        ],
    )?;
    let text = String::from_utf8_lossy(&out);
    let mut versions: Vec<Version> = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix("commit ") {
            let (commit, date) = rest.split_once(' ').unwrap_or((rest, ""));
            versions.push(Version {
                commit: commit.to_string(),
                date: date.to_string(),
                path: relative.to_string(),
            });
        } else if let Some(last) = versions.last_mut() {
            last.path = line.to_string();
        }
    }
    Ok(versions)
}

/// The file's text at a commit, split as the content stage splits it.
fn parse(bytes: Vec<u8>, path: &str) -> Option<SourceText> {
    let mut ignored = Diagnostics::new();
    SourceText::parse(bytes, Path::new(path), &mut ignored).ok()
}

/// Runs `git -C dir args...` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Unavailable> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        // Paths as they are; and no fsmonitor hook, which a site's own git config could name.
        .args(["-c", "core.quotepath=off", "-c", "core.fsmonitor=false"])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Unavailable::NoGit,
            _ => Unavailable::Failed(e.to_string()),
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let message = String::from_utf8_lossy(&output.stderr);
        Err(Unavailable::Failed(message.trim().to_string()))
    }
}
