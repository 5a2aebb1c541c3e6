//! What changed in a source page since a translation was made, from the site's git history.
//!
//! A translation records the [`super::source_hash`] of the source it was made from
//! (`ms.openlocfilehash`). When the project is a git repository, the source file's history
//! holds that version: this walks the file's commits (following renames), hashes the body of
//! each version the same way, and diffs the one that matches against today's source, block by
//! block ([`blocks`]). So a translator sees the paragraphs to update, not "the source changed".
//!
//! A build asks about every outdated translation at once ([`changes_since_all`]), and git runs
//! a fixed number of times however many there are ([`git`]): one `rev-parse` (the work tree),
//! one `ls-files` (which sources git tracks: an untracked corpus needs nothing more), one
//! `log -M --raw` over the tracked sources' folder ([`log`]) and one `cat-file --batch` for the
//! versions' text. (It was a `log --follow` per page and a `show` per version: 405 outdated
//! pages of 10,000 cost 1.6 s.) When git is not installed, the site is not in a repository or
//! no version matches, [`Unavailable`] says which, in plain words, and callers fall back to the
//! outdated warning alone.

pub mod blocks;
mod git;
mod log;

use crate::content::SourceText;
use crate::diagnostics::Diagnostics;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

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
    let request = Request {
        source,
        body,
        body_line,
        recorded,
    };
    changes_since_all(&[request])
        .pop()
        .unwrap_or(Err(Unavailable::NotARepository))
}

/// One question for [`changes_since_all`]: the arguments of [`changes_since`].
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub source: &'a Path,
    pub body: &'a str,
    pub body_line: usize,
    pub recorded: &'a str,
}

/// [`changes_since`] for each request, in order, with git run a fixed number of times
/// (see the module's header) however many requests there are. Sources are expected in one
/// repository: the one holding the folder they share.
pub fn changes_since_all(requests: &[Request]) -> Vec<Result<SourceChanges, Unavailable>> {
    if requests.is_empty() {
        return Vec::new();
    }
    let absolute: Vec<std::io::Result<PathBuf>> = requests
        .iter()
        .map(|r| std::fs::canonicalize(r.source))
        .collect();
    let dir = shared_dir(absolute.iter().filter_map(|a| a.as_ref().ok()))
        .unwrap_or_else(|| parent(requests[0].source).to_path_buf());
    let repo = match Repository::open(&dir) {
        Ok(repo) => repo,
        Err(e) => return requests.iter().map(|_| Err(e.clone())).collect(),
    };
    // Each source's path in the repository, or why it has none.
    let relative: Vec<Result<String, Unavailable>> = absolute
        .into_iter()
        .map(|a| {
            let a = a.map_err(|e| Unavailable::Failed(e.to_string()))?;
            a.strip_prefix(&repo.top)
                .map(|r| r.to_string_lossy().into_owned())
                .map_err(|_| Unavailable::NotARepository)
        })
        .collect();
    let tracked = repo.tracked(&dir);
    let wanted: Vec<&str> = relative
        .iter()
        .filter_map(|r| r.as_deref().ok())
        .filter(|r| tracked.as_ref().is_none_or(|t| t.contains(*r)))
        .collect();
    let commits = if wanted.is_empty() && repo.has_commits {
        Ok(Vec::new())
    } else {
        repo.log(&wanted)
    };
    let mut blobs = Blobs::new(&repo.top);
    requests
        .iter()
        .zip(relative)
        .map(|(request, relative)| {
            let relative = relative?;
            let commits = commits.as_ref().map_err(Clone::clone)?;
            let versions = log::versions(commits, &relative, MAX_COMMITS);
            for version in &versions {
                if let Some(found) = blobs.matches(version, request) {
                    return Ok(found);
                }
            }
            Err(Unavailable::NotFound {
                path: request.source.to_path_buf(),
                hash: request.recorded.to_string(),
                commits: versions.len(),
            })
        })
        .collect()
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The deepest folder holding every one of `files`.
fn shared_dir<'a>(mut files: impl Iterator<Item = &'a PathBuf>) -> Option<PathBuf> {
    let mut shared = parent(files.next()?).to_path_buf();
    for file in files {
        while !file.starts_with(&shared) {
            if !shared.pop() {
                break;
            }
        }
    }
    Some(shared)
}

/// The work tree the sources are in.
struct Repository {
    /// Its top folder, canonical.
    top: PathBuf,
    /// Whether `HEAD` names a commit (a new repository has none, and `git log` refuses it).
    has_commits: bool,
}

impl Repository {
    /// The work tree holding `dir`: one `git rev-parse`.
    fn open(dir: &Path) -> Result<Repository, Unavailable> {
        let out = git::run(
            dir,
            &["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"],
        )?;
        let text = String::from_utf8_lossy(&out.stdout);
        let top = text.lines().next().unwrap_or("");
        if top.is_empty() {
            return Err(Unavailable::NotARepository);
        }
        let top = PathBuf::from(top);
        Ok(Repository {
            top: std::fs::canonicalize(&top).unwrap_or(top),
            has_commits: out.success,
        })
    }

    /// The files git tracks in `dir` (paths from the top); `None` when that is unknown (then
    /// every source is looked up).
    fn tracked(&self, dir: &Path) -> Option<HashSet<String>> {
        let out = git::read(dir, &["ls-files", "-z", "--full-name", "--", "."]).ok()?;
        Some(
            out.split(|&b| b == 0)
                .filter(|p| !p.is_empty())
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect(),
        )
    }

    /// The history of the folder shared by `files` (paths from the top), newest commit first:
    /// one `git log`.
    fn log(&self, files: &[&str]) -> Result<Vec<log::Commit>, Unavailable> {
        let files: Vec<PathBuf> = files.iter().map(|f| self.top.join(f)).collect();
        let dir = shared_dir(files.iter()).unwrap_or_else(|| self.top.clone());
        let spec = dir
            .strip_prefix(&self.top)
            .ok()
            .map(|d| d.to_string_lossy().into_owned())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| ".".to_string());
        let out = git::read(
            &self.top,
            &[
                "log",
                "-M",
                "--raw",
                "-z",
                "--no-abbrev",
                "--no-color",
                log::FORMAT,
                "--",
                &spec,
            ],
        )?;
        Ok(log::parse(&out))
    }
}

/// Versions' text from one `git cat-file --batch`, started when first needed, with each blob's
/// hash remembered (translations into several locales ask about the same source's versions).
struct Blobs<'a> {
    top: &'a Path,
    batch: Option<Result<git::Blobs, Unavailable>>,
    hashes: HashMap<String, Option<String>>,
}

impl<'a> Blobs<'a> {
    fn new(top: &'a Path) -> Self {
        Blobs {
            top,
            batch: None,
            hashes: HashMap::new(),
        }
    }

    /// The version's text, split as the content stage splits it; `None` when git cannot give
    /// it or it does not parse (the version is then skipped).
    fn text(&mut self, version: &log::Version) -> Option<SourceText> {
        let top = self.top;
        let batch = self
            .batch
            .get_or_insert_with(|| git::Blobs::start(top))
            .as_mut()
            .ok()?;
        let bytes = batch.get(version.blob?).ok().flatten()?;
        parse(bytes, &version.path)
    }

    /// The changes since `version` when it is the one `request` records.
    fn matches(&mut self, version: &log::Version, request: &Request) -> Option<SourceChanges> {
        let blob = version.blob?;
        if let Some(known) = self.hashes.get(blob) {
            if known.as_deref() != Some(request.recorded) {
                return None;
            }
        }
        let then = self.text(version);
        let hash = then.as_ref().map(|t| super::source_hash(t.body()));
        self.hashes.insert(blob.to_string(), hash.clone());
        let then = then.filter(|_| hash.as_deref() == Some(request.recorded))?;
        let old = blocks::blocks(then.body(), then.body_line);
        let new = blocks::blocks(request.body, request.body_line);
        Some(SourceChanges {
            commit: version.commit.to_string(),
            date: version.date.to_string(),
            changes: blocks::diff(&old, &new),
        })
    }
}

/// The file's text at a commit, split as the content stage splits it.
fn parse(bytes: Vec<u8>, path: &str) -> Option<SourceText> {
    let mut ignored = Diagnostics::new();
    SourceText::parse(bytes, Path::new(path), &mut ignored).ok()
}
