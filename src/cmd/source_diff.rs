//! `tolk check --diff FILE...`: what changed in the source of an outdated translation since
//! it was made, block by block, from git history ([`crate::check::history`]). Without git, a
//! repository or the recorded version in it, it says why and prints the outdated warning a
//! check would.

use super::{print_diagnostics, EXIT_DIAGNOSTICS, EXIT_OK};
use crate::check::history::blocks::{Change, Words};
use crate::check::history::{self, SourceChanges};
use crate::check::source_hash;
use crate::config::Config;
use crate::content::{self, Content, Page, TranslationKind};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Shows the source changes of each named translation; exit 1 when a file is not a
/// translation of the site.
pub fn run(root: &Path, files: &[PathBuf]) -> i32 {
    let config = match Config::from_root(root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d, false, root);
            return EXIT_DIAGNOSTICS;
        }
    };
    let (content, diagnostics) = content::load(&config);
    if diagnostics.has_errors() {
        print_diagnostics(&diagnostics, true, root);
        return EXIT_DIAGNOSTICS;
    }
    let mut code = EXIT_OK;
    for file in files {
        match explain(&config, &content, file) {
            Ok(text) => print!("{text}"),
            Err(message) => {
                eprintln!("{}: error: {message}", file.display());
                code = EXIT_DIAGNOSTICS;
            }
        }
    }
    code
}

/// The report for one file, or why there is none.
fn explain(config: &Config, content: &Content, file: &Path) -> Result<String, String> {
    let page = page_of(content, file).ok_or_else(|| {
        format!(
            "not a page of this site (looked under {})",
            config.content_dir.display()
        )
    })?;
    if page.meta.translation_kind == TranslationKind::Source {
        return Err("this is a source page; --diff shows what changed for a translation".into());
    }
    let source = content
        .translations(&page.meta.translation_group)
        .find(|p| p.meta.locale == config.source_locale)
        .ok_or_else(|| {
            format!(
                "no {} page shares its translation group",
                config.source_locale
            )
        })?;
    let shown = |p: &Path| {
        let rel = p.strip_prefix(&config.root).unwrap_or(p);
        rel.display().to_string()
    };
    let (file, from) = (shown(page.path()), shown(source.path()));
    let mark = format!("then run `tolk mark-translated {file}`");
    let current = source_hash(source.source.body());
    let Some(recorded) = &page.meta.source_hash else {
        return Ok(format!("{file}: records no source version (`ms.openlocfilehash`), so what changed is unknown\n  compare it with {from} by hand, {mark}\n"));
    };
    if *recorded == current {
        return Ok(format!("{file}: up to date with {from}\n"));
    }
    Ok(match history::changes_since(source.path(), source.source.body(), source.source.body_line, recorded) {
        Ok(changes) => render(&file, &from, &changes, &mark),
        Err(why) => format!("{file}: outdated: made from source version {recorded}, the source is now {current}\n  cannot show what changed: {why}\n  update it from {from}, {mark}\n"),
    })
}

/// The changes as text: unchanged runs counted, each changed block with its line.
fn render(file: &str, from: &str, changes: &SourceChanges, mark: &str) -> String {
    let mut out = format!(
        "{file}: outdated: made from {from} as of commit {} ({}); what changed since, block by block:\n",
        changes.short_commit(),
        changes.date
    );
    for change in &changes.changes {
        let _ = match change {
            Change::Unchanged { count: 1 } => writeln!(out, "  = 1 block unchanged"),
            Change::Unchanged { count } => writeln!(out, "  = {count} blocks unchanged"),
            Change::Added { new } => writeln!(out, "  + added at {from}:{}", new.line)
                .and_then(|()| lines(&mut out, '+', &new.text)),
            Change::Removed { old } => writeln!(out, "  - removed (was line {})", old.line)
                .and_then(|()| lines(&mut out, '-', &old.text)),
            Change::Changed {
                old,
                new,
                old_words,
                new_words,
            } => writeln!(
                out,
                "  ~ changed at {from}:{} (was line {})",
                new.line, old.line
            )
            .and_then(|()| lines(&mut out, '-', &marked(old_words)))
            .and_then(|()| lines(&mut out, '+', &marked(new_words))),
        };
    }
    let _ = writeln!(out, "  update the translation, {mark}");
    out
}

/// Every line of `text`, indented, after `sign`.
fn lines(out: &mut String, sign: char, text: &str) -> std::fmt::Result {
    for line in text.lines() {
        writeln!(out, "    {sign} {line}")?;
    }
    Ok(())
}

/// Words with the changed runs in `[-...-]` (git's word-diff style, readable without colour).
fn marked(words: &[Words]) -> String {
    words
        .iter()
        .map(|w| {
            if w.changed && !w.text.trim().is_empty() {
                let core = w.text.trim_end();
                format!("[{core}]{}", &w.text[core.len()..])
            } else {
                w.text.clone()
            }
        })
        .collect()
}

/// The page `file` names (however the path is written).
fn page_of<'c>(content: &'c Content, file: &Path) -> Option<&'c Page> {
    let canonical = std::fs::canonicalize(file).ok()?;
    content
        .pages
        .iter()
        .find(|p| std::fs::canonicalize(p.path()).is_ok_and(|c| c == canonical))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::history::blocks::{blocks, diff};

    #[test]
    fn text_shows_only_changed_blocks_with_their_lines() {
        let old = blocks("# T\n\nKeep.\n\n1. Sign in.\n2. Open the form.\n", 5);
        let new = blocks(
            "# T\n\nKeep.\n\n1. Sign in.\n2. Open the new form.\n3. Send it.\n",
            5,
        );
        let changes = SourceChanges {
            commit: "0123456789abcdef".into(),
            date: "2026-01-02".into(),
            changes: diff(&old, &new),
        };
        let text = render(
            "content/nl-NL/a.md",
            "content/en-US/a.md",
            &changes,
            "then run x",
        );
        assert_eq!(
            text,
            "content/nl-NL/a.md: outdated: made from content/en-US/a.md as of commit 0123456789 (2026-01-02); what changed since, block by block:\n  = 3 blocks unchanged\n  ~ changed at content/en-US/a.md:10 (was line 10)\n    - 2. Open the form.\n    + 2. Open the [new] form.\n  + added at content/en-US/a.md:11\n    + 3. Send it.\n  update the translation, then run x\n"
        );
    }
}
