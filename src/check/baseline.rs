//! The baseline: findings a project has accepted, so only new ones are reported.
//!
//! The seeds' machine-translation defects are known and will be repaired one day; until then
//! they should not repeat on every build and hide a new defect. `tolk check --write-baseline`
//! writes every current finding to `tolk-baseline.json`; `check` and `build` then report only
//! findings that are not in it, count the accepted ones in one line, and name baseline entries
//! that match nothing any more (the defect was fixed: the entry can go).
//!
//! A finding is recognized by a fingerprint that survives edits elsewhere in the file: its rule,
//! its file, the text of its line (whitespace collapsed) and how many findings of the same rule
//! on identical lines come before it. Line numbers are not part of it, so adding a paragraph
//! above a defect does not make it new. The file is sorted and holds no line numbers, so it
//! changes only where findings do.

use crate::config::check::can_lower;
use crate::diagnostics::{rule, Diagnostic, Diagnostics, LineIndex};
use crate::input::SiteFs;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The format version written as `"tolk-baseline"`.
const VERSION: u32 = 1;

/// How many characters of a line an entry shows (the fingerprint covers the whole line).
const SHOWN_CHARS: usize = 160;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    /// The finding's line, whitespace collapsed (at most [`SHOWN_CHARS`] characters), for people.
    pub text: String,
    /// How many findings of this rule on identical lines of this file come before it.
    pub occurrence: usize,
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    #[serde(rename = "tolk-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

/// Reads the lines findings point at, each file once, through the site's one reader.
pub struct Lines {
    fs: SiteFs,
    root: PathBuf,
    files: HashMap<PathBuf, Option<String>>,
}

impl Lines {
    pub fn new(root: &Path) -> Lines {
        Lines {
            fs: SiteFs::new(root),
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The 1-based line of `path` (root-relative), whitespace collapsed; empty when unknown.
    fn normalized(&mut self, path: &Path, line: usize) -> String {
        let (fs, root) = (&self.fs, &self.root);
        let text = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            let bytes = fs.read(&root.join(path)).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        let line = text
            .as_deref()
            .and_then(|t| LineIndex::new(t).line(line))
            .unwrap_or_default();
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// One entry per diagnostic, in the diagnostics' order.
pub fn entries(diagnostics: &[&Diagnostic], lines: &mut Lines) -> Vec<Entry> {
    let texts: Vec<String> = diagnostics
        .iter()
        .map(|d| lines.normalized(&d.path, d.line))
        .collect();
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| {
        let d = diagnostics[i];
        (&d.path, d.rule, &texts[i], d.line, d.column, &d.message)
    });
    let mut seen: HashMap<(&Path, &str, &str), usize> = HashMap::new();
    let mut out: Vec<Option<Entry>> = vec![None; diagnostics.len()];
    for i in order {
        let d = diagnostics[i];
        let n = seen
            .entry((d.path.as_path(), d.rule, texts[i].as_str()))
            .or_default();
        let path = d.path.to_string_lossy().replace('\\', "/");
        let key = format!("{}\0{path}\0{}\0{n}", d.rule, texts[i]);
        out[i] = Some(Entry {
            fingerprint: sha1_smol::Sha1::from(key).digest().to_string(),
            text: texts[i].chars().take(SHOWN_CHARS).collect(),
            path,
            rule: d.rule.to_string(),
            occurrence: *n,
        });
        *n += 1;
    }
    out.into_iter().flatten().collect()
}

/// Whether a finding may be accepted: anything but the errors no level can lower.
pub fn acceptable(d: &Diagnostic) -> bool {
    (can_lower(d.rule) || !d.is_error()) && d.rule != rule::BASELINE_STALE.code
}

/// The baseline file's text for `entries`: sorted, one field per line.
pub fn render(mut entries: Vec<Entry>) -> String {
    entries.sort();
    entries.dedup();
    let file = BaselineFile {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// A loaded baseline: its entries and where each stands in its file.
#[derive(Debug)]
pub struct Baseline {
    path: PathBuf,
    text: String,
    findings: Vec<Entry>,
}

impl Baseline {
    /// Parses a baseline file's text (`path` is for diagnostics).
    pub fn parse(text: &str, path: &Path) -> Result<Baseline, Diagnostic> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(path, format!("the baseline is not valid: {e}"))
                .at(e.line(), e.column())
                .rule(rule::CONFIG)
                .with_help("write it again with `tolk check --write-baseline`")
        })?;
        if file.version != VERSION {
            return Err(Diagnostic::error(
                path,
                format!("baseline version {} is not {VERSION}", file.version),
            )
            .at(2, 1)
            .rule(rule::CONFIG)
            .with_help("write it again with `tolk check --write-baseline`"));
        }
        Ok(Baseline {
            path: path.to_path_buf(),
            text: text.to_string(),
            findings: file.findings,
        })
    }

    /// Reads the baseline at `path`; `Ok(None)` when there is none.
    pub fn load(fs: &SiteFs, path: &Path) -> Result<Option<Baseline>, Diagnostic> {
        if !path.exists() {
            return Ok(None);
        }
        let text = fs.read_string(path).map_err(|e| e.diagnostic())?;
        Baseline::parse(&text, path).map(Some)
    }

    /// Splits findings into new ones and accepted ones, and adds one `baseline-stale` warning
    /// per entry that matched none, on its line of the baseline file.
    pub fn split(&self, found: Diagnostics, lines: &mut Lines) -> (Diagnostics, Diagnostics) {
        let refs: Vec<&Diagnostic> = found.iter().collect();
        let prints = entries(&refs, lines);
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut matched = HashSet::new();
        let accept: Vec<bool> = (refs.iter().zip(&prints))
            .map(|(d, entry)| {
                let accept = acceptable(d) && known.contains(entry.fingerprint.as_str());
                if accept {
                    matched.insert(entry.fingerprint.clone());
                }
                accept
            })
            .collect();
        drop(refs);
        let (accepted, mut new) = found.partition_by(&accept);
        for e in self
            .findings
            .iter()
            .filter(|e| !matched.contains(&e.fingerprint))
        {
            new.push(self.stale(e));
        }
        (new, accepted)
    }

    fn stale(&self, e: &Entry) -> Diagnostic {
        let needle = format!("\"fingerprint\": \"{}\"", e.fingerprint);
        let offset = self.text.find(&needle).unwrap_or(0);
        Diagnostic::warning(
            &self.path,
            format!(
                "accepted `{}` finding in {} no longer occurs (line `{}`)",
                e.rule, e.path, e.text
            ),
        )
        .at_offset(&self.text, offset)
        .rule(rule::BASELINE_STALE)
        .with_help("the defect was fixed: `tolk check --write-baseline` drops the entry")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "one\n  bad   line\nbad line\n",
        )
        .unwrap();
        dir
    }

    fn finding(line: usize, rule: crate::diagnostics::Rule) -> Diagnostic {
        Diagnostic::warning("content/a.md", format!("at {line}"))
            .at(line, 1)
            .rule(rule)
    }

    #[test]
    fn fingerprints_ignore_line_numbers_and_count_identical_lines() {
        let dir = site();
        let mut lines = Lines::new(dir.path());
        let (a, b) = (finding(2, rule::OUTDATED), finding(3, rule::OUTDATED));
        let e = entries(&[&a, &b], &mut lines);
        assert_eq!((e[0].text.as_str(), e[0].occurrence), ("bad line", 0));
        assert_eq!(e[1].occurrence, 1);
        assert_ne!(e[0].fingerprint, e[1].fingerprint);
        // Two lines inserted above: the same fingerprints.
        std::fs::write(
            dir.path().join("content/a.md"),
            "x\ny\none\nbad line\nbad line\n",
        )
        .unwrap();
        let (a2, b2) = (finding(4, rule::OUTDATED), finding(5, rule::OUTDATED));
        let e2 = entries(&[&b2, &a2], &mut Lines::new(dir.path()));
        assert_eq!(e2[1].fingerprint, e[0].fingerprint);
        assert_eq!(e2[0].fingerprint, e[1].fingerprint);
    }

    #[test]
    fn split_keeps_new_findings_and_names_stale_entries() {
        let dir = site();
        let accepted = [finding(2, rule::OUTDATED), finding(1, rule::MARKDOWN)];
        let refs: Vec<&Diagnostic> = accepted.iter().collect();
        let text = render(entries(&refs, &mut Lines::new(dir.path())));
        let baseline = Baseline::parse(&text, Path::new("tolk-baseline.json")).unwrap();
        let now: Diagnostics =
            vec![finding(2, rule::OUTDATED), finding(3, rule::LINK_BROKEN)].into();
        let (new, kept) = baseline.split(now, &mut Lines::new(dir.path()));
        assert_eq!(kept.len(), 1);
        let shown: Vec<(&str, usize)> = new.iter().map(|d| (d.rule, d.line)).collect();
        let markdown_entry = text
            .lines()
            .position(|l| l.contains("\"markdown\""))
            .unwrap();
        assert_eq!(shown[0], ("link-broken", 3));
        assert_eq!(shown[1].0, "baseline-stale");
        assert!(
            (markdown_entry..markdown_entry + 6).contains(&shown[1].1),
            "{text}"
        );
    }

    #[test]
    fn a_broken_baseline_is_an_error_with_its_line() {
        let e = Baseline::parse(
            "{\n  \"tolk-baseline\": 1,\n  \"findings\": [,]\n}",
            Path::new("b.json"),
        )
        .unwrap_err();
        assert_eq!((e.line, e.is_error()), (3, true));
        let e = Baseline::parse(
            "{\"tolk-baseline\": 9, \"findings\": []}",
            Path::new("b.json"),
        )
        .unwrap_err();
        assert!(e.message.contains("version 9"));
    }
}
