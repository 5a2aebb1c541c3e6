//! The history of many files from one `git log -M --raw -z`: each commit with the files it
//! added, changed, renamed or deleted, and each file's versions read from that list by
//! following its renames backwards, as `git log --follow` would for one file.

/// One commit and the file changes it records.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// `YYYY-MM-DD` (`%cs`).
    pub date: String,
    pub changes: Vec<Change>,
}

/// One entry of `--raw`: the file's path after the commit (`path`), before it when renamed
/// (`from`), and its blob after the commit (`None` when deleted).
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub from: Option<String>,
    pub blob: Option<String>,
}

/// The `--format` [`parse`] reads: one header per commit.
pub const FORMAT: &str = "--format=commit %H %cs";

/// Parses the output of `git log --raw -z --no-abbrev` with [`FORMAT`], newest commit first.
pub fn parse(out: &[u8]) -> Vec<Commit> {
    let mut commits: Vec<Commit> = Vec::new();
    let mut fields = out.split(|&b| b == 0).map(String::from_utf8_lossy);
    while let Some(field) = fields.next() {
        let field = field.trim_start_matches('\n');
        if let Some(rest) = field.strip_prefix("commit ") {
            let (hash, date) = rest.split_once(' ').unwrap_or((rest, ""));
            commits.push(Commit {
                hash: hash.to_string(),
                date: date.to_string(),
                changes: Vec::new(),
            });
        } else if let Some(raw) = field.strip_prefix(':') {
            // `:<mode> <mode> <blob> <blob> <status>`, then one path (two for a rename or copy).
            let parts: Vec<&str> = raw.split(' ').collect();
            let (Some(blob), Some(status)) = (parts.get(3), parts.get(4)) else {
                continue;
            };
            let Some(first) = fields.next() else { break };
            let (from, path) = if status.starts_with('R') || status.starts_with('C') {
                let Some(second) = fields.next() else { break };
                (
                    status.starts_with('R').then(|| first.into_owned()),
                    second.into_owned(),
                )
            } else {
                (None, first.into_owned())
            };
            let deleted = status.starts_with('D') || blob.bytes().all(|b| b == b'0');
            if let Some(commit) = commits.last_mut() {
                commit.changes.push(Change {
                    path,
                    from,
                    blob: (!deleted).then(|| blob.to_string()),
                });
            }
        }
    }
    commits
}

/// One version of a file: the commit, its date, the file's path and blob in it (`None`: the
/// commit deleted it).
#[derive(Debug, PartialEq, Eq)]
pub struct Version<'a> {
    pub commit: &'a str,
    pub date: &'a str,
    pub path: String,
    pub blob: Option<&'a str>,
}

/// The versions of the file at `path` (today's name), newest first, at most `limit`: each
/// commit that touched it, its earlier names followed through renames.
pub fn versions<'a>(commits: &'a [Commit], path: &str, limit: usize) -> Vec<Version<'a>> {
    let mut name = path.to_string();
    let mut out = Vec::new();
    for commit in commits {
        if out.len() >= limit {
            break;
        }
        let Some(change) = commit.changes.iter().find(|c| c.path == name) else {
            continue;
        };
        out.push(Version {
            commit: &commit.hash,
            date: &commit.date,
            path: name.clone(),
            blob: change.blob.as_deref(),
        });
        if let Some(from) = &change.from {
            name = from.clone();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const C: &str = "3333333333333333333333333333333333333333";
    const Z: &str = "0000000000000000000000000000000000000000";

    fn log() -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"commit c3 2026-12-03\0\n");
        out.extend_from_slice(format!(":100644 100644 {B} {C} M\0d/x.md\0").as_bytes());
        out.extend_from_slice(format!(":100644 100644 {A} {A} R100\0d/y.md\0d/z.md\0").as_bytes());
        out.extend_from_slice(b"commit merge 2026-12-02\0");
        out.extend_from_slice(b"commit c1 2026-12-01\0\n");
        out.extend_from_slice(format!(":000000 100644 {Z} {B} A\0d/x.md\0").as_bytes());
        out.extend_from_slice(format!(":000000 100644 {Z} {A} A\0d/y.md\0").as_bytes());
        out.extend_from_slice(format!(":100644 000000 {A} {Z} D\0gone.md\0").as_bytes());
        out
    }

    #[test]
    fn a_raw_log_reads_as_commits_with_their_changes() {
        let commits = parse(&log());
        assert_eq!(commits.len(), 3);
        assert_eq!(
            (commits[0].hash.as_str(), commits[0].date.as_str()),
            ("c3", "2026-12-03")
        );
        assert_eq!(commits[0].changes[1].from.as_deref(), Some("d/y.md"));
        assert_eq!(commits[0].changes[1].path, "d/z.md");
        assert!(commits[1].changes.is_empty());
        assert_eq!(commits[2].changes[2].blob, None);
    }

    #[test]
    fn a_files_versions_follow_its_renames() {
        let commits = parse(&log());
        let z = versions(&commits, "d/z.md", 10);
        let seen: Vec<(&str, &str, Option<&str>)> = z
            .iter()
            .map(|v| (v.commit, v.path.as_str(), v.blob))
            .collect();
        assert_eq!(seen, [("c3", "d/z.md", Some(A)), ("c1", "d/y.md", Some(A))]);
        assert_eq!(versions(&commits, "d/x.md", 10).len(), 2);
        assert_eq!(versions(&commits, "d/x.md", 1).len(), 1);
        assert!(versions(&commits, "other.md", 10).is_empty());
    }
}
