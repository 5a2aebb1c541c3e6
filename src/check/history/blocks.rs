//! A Markdown body as blocks (paragraphs, headings, list items, fenced code) and the
//! difference between two versions of it, block by block.
//!
//! A translator updates a translation paragraph by paragraph, so a line diff (which cuts a
//! reflowed paragraph into noise) or a whole-file diff is the wrong unit. Blocks are found by
//! lines, as a reader sees them in the source: a blank line ends a block, a heading is a block
//! of its own, each list item starts one, and a fenced code block is one block whatever it
//! holds. The blocks are compared with `similar` (patience diff); a changed block also carries
//! its words, marked where they differ, for the status page.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

/// One block of a body: its first line (in the file) and its text, lines joined by `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub line: usize,
    pub text: String,
}

/// A run of words of a changed block: `changed` where the other version differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    pub text: String,
    pub changed: bool,
}

/// One step of the difference, in the order of the new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// Blocks that are the same in both versions (only counted).
    Unchanged {
        count: usize,
    },
    Added {
        new: Block,
    },
    Removed {
        old: Block,
    },
    Changed {
        old: Block,
        new: Block,
        /// `old`'s and `new`'s words, with what differs marked.
        old_words: Vec<Words>,
        new_words: Vec<Words>,
    },
}

/// The blocks of `body`, whose first line is file line `first_line`.
pub fn blocks(body: &str, first_line: usize) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut fence: Option<String> = None;
    for (i, raw) in body.lines().enumerate() {
        let line = raw.trim_end_matches([' ', '\t', '\r']);
        let number = first_line + i;
        if let Some(open) = &fence {
            push_line(&mut current, number, line);
            if line.trim_start().starts_with(open.as_str()) {
                fence = None;
                out.extend(current.take());
            }
            continue;
        }
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(marker) = fence_marker(trimmed) {
            out.extend(current.take());
            fence = Some(marker);
            push_line(&mut current, number, line);
            continue;
        }
        let heading = trimmed.starts_with('#') && line.len() - trimmed.len() < 4;
        if heading || is_list_item(trimmed) {
            out.extend(current.take());
        }
        push_line(&mut current, number, line);
        if heading {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

fn push_line(current: &mut Option<Block>, number: usize, line: &str) {
    match current {
        Some(block) => {
            block.text.push('\n');
            block.text.push_str(line);
        }
        None => {
            *current = Some(Block {
                line: number,
                text: line.to_string(),
            })
        }
    }
}

/// The fence a line opens (three or more backticks or tildes), which closes it too.
fn fence_marker(trimmed: &str) -> Option<String> {
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| c.to_string().repeat(n))
}

/// `- item`, `* item`, `+ item`, `1. item`, `1) item`.
fn is_list_item(trimmed: &str) -> bool {
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    let marker = if digits > 0 {
        rest.strip_prefix(['.', ')'])
    } else {
        trimmed.strip_prefix(['-', '*', '+'])
    };
    marker.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// The difference from `old` to `new`, block by block.
pub fn diff(old: &[Block], new: &[Block]) -> Vec<Change> {
    let old_texts: Vec<&str> = old.iter().map(|b| b.text.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|b| b.text.as_str()).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &old_texts, &new_texts) {
        match op {
            DiffOp::Equal { len, .. } => out.push(Change::Unchanged { count: len }),
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(old[old_index..old_index + old_len].iter().map(removed)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(new[new_index..new_index + new_len].iter().map(added)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds = &old[old_index..old_index + old_len];
                let news = &new[new_index..new_index + new_len];
                replaced(olds, news, &mut out);
            }
        }
    }
    out
}

/// Blocks replaced by others, paired in order: a pair that still shares most of its words is
/// one changed block, any other is a removal and an addition.
fn replaced(olds: &[Block], news: &[Block], out: &mut Vec<Change>) {
    let paired = olds.len().min(news.len());
    for (o, n) in olds.iter().zip(news) {
        if shares_most_words(&o.text, &n.text) {
            out.push(changed(o, n));
        } else {
            out.push(removed(o));
            out.push(added(n));
        }
    }
    out.extend(olds[paired..].iter().map(removed));
    out.extend(news[paired..].iter().map(added));
}

/// Whether two versions of a block keep at least half of the shorter one's words (so a
/// sentence that grew or shrank is one block changed, not another block).
fn shares_most_words(old: &str, new: &str) -> bool {
    let diff = TextDiff::from_words(old, new);
    let (mut kept, mut olds, mut news) = (0, 0, 0);
    for change in diff.iter_all_changes() {
        if change.value().trim().is_empty() {
            continue;
        }
        match change.tag() {
            ChangeTag::Equal => kept += 1,
            ChangeTag::Delete => olds += 1,
            ChangeTag::Insert => news += 1,
        }
    }
    let shorter = kept + olds.min(news);
    shorter > 0 && kept * 2 >= shorter
}

fn added(b: &Block) -> Change {
    Change::Added { new: b.clone() }
}

fn removed(b: &Block) -> Change {
    Change::Removed { old: b.clone() }
}

fn changed(old: &Block, new: &Block) -> Change {
    let words = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(&old.text, &new.text);
    let (mut old_words, mut new_words) = (Vec::new(), Vec::new());
    for change in words.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push_words(&mut old_words, text, false);
                push_words(&mut new_words, text, false);
            }
            ChangeTag::Delete => push_words(&mut old_words, text, true),
            ChangeTag::Insert => push_words(&mut new_words, text, true),
        }
    }
    Change::Changed {
        old: old.clone(),
        new: new.clone(),
        old_words,
        new_words,
    }
}

/// Appends `text`, merged into the last run when it is marked alike.
fn push_words(runs: &mut Vec<Words>, text: &str, changed: bool) {
    match runs.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => runs.push(Words {
            text: text.to_string(),
            changed,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        blocks(body, 1).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn headings_items_paragraphs_and_fences_are_blocks() {
        let body = "# Title\nIntro line one\nline two.\n\n1. First\n   more of first\n2. Second\n- [x] Third\n\n```sh\necho a\n\necho b\n```\n## Next\n";
        assert_eq!(
            texts(body),
            [
                "# Title",
                "Intro line one\nline two.",
                "1. First\n   more of first",
                "2. Second",
                "- [x] Third",
                "```sh\necho a\n\necho b\n```",
                "## Next",
            ]
        );
        let lines: Vec<usize> = blocks(body, 10).iter().map(|b| b.line).collect();
        assert_eq!(lines, [10, 11, 14, 16, 17, 19, 24]);
        assert!(!is_list_item("-not a list") && !is_list_item("3.14 is pi"));
    }

    #[test]
    fn only_the_changed_blocks_are_reported() {
        let old = blocks(
            "# T\n\nKeep.\n\n1. Sign in.\n2. Open the form.\n\nGone.\n",
            1,
        );
        let new = blocks(
            "# T\n\nKeep.\n\n1. Sign in.\n2. Open the new form.\n3. Send it.\n",
            1,
        );
        let changes = diff(&old, &new);
        let Change::Changed {
            old_words,
            new_words,
            ..
        } = &changes[1]
        else {
            panic!("{changes:?}")
        };
        assert_eq!(changes[0], Change::Unchanged { count: 3 });
        let marked: Vec<&str> = new_words
            .iter()
            .filter(|w| w.changed)
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(marked, ["new "]);
        assert!(old_words.iter().all(|w| !w.changed));
        assert!(matches!(&changes[2], Change::Removed { old } if old.text == "Gone."));
        assert!(matches!(&changes[3], Change::Added { new } if new.text == "3. Send it."));
        assert_eq!(changes.len(), 4);
        // A sentence that grew is one changed block.
        let grew = diff(
            &blocks("2. Second step.\n", 1),
            &blocks(
                "2. Second step, taken with the settings chosen last week.\n",
                1,
            ),
        );
        assert!(matches!(grew[..], [Change::Changed { .. }]), "{grew:?}");
    }
}
