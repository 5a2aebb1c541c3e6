//! `tolk fix`: applies the machine-applicable repairs of structure findings to translations.
//!
//! What the source alone decides (a roman numeral, a restored URL) is repaired; what needs a
//! person stays a finding, and a repair next to garbled words says so with the source
//! sentence. Each file is checked on the bytes about to be changed: a file edited since the
//! site was loaded is checked again first, and one that changes while being fixed is left
//! alone. Writes go through [`crate::edit`]: atomic, BOM and line endings kept, front matter
//! untouched, only pages of the site (read through its [`crate::input::SiteFs`]).

use super::{print_diagnostics, EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::check;
use crate::cli::FixArgs;
use crate::config::Config;
use crate::content::{self, Page, SourceText, TranslationKind};
use crate::diagnostics::{Diagnostics, Suggestion};
use crate::edit::{self, Encoding};
use std::path::{Path, PathBuf};

/// What happened to one file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FileFix {
    /// The unified diff of the change (empty: nothing to repair).
    pub diff: String,
    /// The repairs made (or, with `--dry-run`, that would be made).
    pub applied: Vec<Suggestion>,
    /// Structure findings left for a person.
    pub remaining: usize,
}

/// Repairs the named translations (every translation when none is named).
pub fn run(args: &FixArgs) -> i32 {
    if let Err(code) = super::require_site(&args.site.root) {
        return code;
    }
    let config = match Config::from_root(&args.site.root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d, false, &args.site.root);
            return EXIT_DIAGNOSTICS;
        }
    };
    let (content, diagnostics) = content::load(&config);
    if diagnostics.has_errors() {
        print_diagnostics(&diagnostics, true, &args.site.root);
        return EXIT_DIAGNOSTICS;
    }
    let Some(pages) = chosen(&config, &content, &args.files) else {
        return EXIT_DIAGNOSTICS;
    };
    let mut code = EXIT_OK;
    let (mut files, mut repairs, mut remaining) = (0, 0, 0);
    for page in pages {
        let shown = page
            .path()
            .strip_prefix(&config.root)
            .unwrap_or(page.path());
        match fix_page(&config, &content, page, args.dry_run) {
            Ok(done) => {
                print!("{}", done.diff);
                for s in done
                    .applied
                    .iter()
                    .filter_map(|s| Some((s.line, s.review.as_ref()?)))
                {
                    eprintln!("{}:{}: note: {}", shown.display(), s.0, s.1);
                }
                files += usize::from(!done.applied.is_empty());
                repairs += done.applied.len();
                remaining += done.remaining;
            }
            Err(e) => {
                eprintln!("{}: error: {e}", shown.display());
                code = EXIT_FAILURE;
            }
        }
    }
    let verb = if args.dry_run {
        "would repair"
    } else {
        "repaired"
    };
    eprintln!(
        "{verb} {repairs} structure findings in {files} files; {remaining} left for a person (`tolk check` lists them)"
    );
    code
}

/// The translations to fix: the named files (each must be a translated page of the site), or
/// every translation. `None` after printing why a name is not one.
fn chosen<'a>(
    config: &Config,
    content: &'a content::Content,
    files: &[PathBuf],
) -> Option<Vec<&'a Page>> {
    let translations = content
        .pages
        .iter()
        .filter(|p| p.meta.translation_kind != TranslationKind::Source);
    if files.is_empty() {
        return Some(translations.collect());
    }
    let mut pages = Vec::new();
    for wanted in files {
        let canonical = std::fs::canonicalize(wanted).ok();
        let page = translations
            .clone()
            .find(|p| canonical.is_some() && std::fs::canonicalize(p.path()).ok() == canonical);
        match page {
            Some(p) => pages.push(p),
            None => {
                eprintln!(
                    "{}: error: not a translated page of this site (looked under {})",
                    wanted.display(),
                    config.content_dir.display()
                );
                return None;
            }
        }
    }
    Some(pages)
}

/// Checks one translation on its current bytes and applies the machine-applicable repairs
/// (writing them unless `dry_run`).
pub fn fix_page(
    config: &Config,
    content: &content::Content,
    page: &Page,
    dry_run: bool,
) -> Result<FileFix, String> {
    let Some(source) = content
        .translations(&page.meta.translation_group)
        .find(|p| p.meta.locale == config.source_locale)
    else {
        return Ok(FileFix::default());
    };
    let path = page.path();
    let bytes = config.files().read(path).map_err(|e| e.to_string())?;
    let (encoding, text) = Encoding::decode(&bytes).map_err(|e| e.to_string())?;
    // Loaded moments ago, but a file edited since is checked on what it holds now.
    let current = if text == page.source.text {
        SourceText::clone(&page.source)
    } else {
        let mut ignored = Diagnostics::new();
        SourceText::parse(bytes.clone(), path, &mut ignored).map_err(|d| d.message)?
    };
    let (text, applied, remaining) = repair(source, current.clone())?;
    let shown = path.strip_prefix(&config.root).unwrap_or(path);
    let diff = edit::unified_diff(shown, &current.text, &text);
    if !dry_run && !applied.is_empty() {
        write(config, path, &bytes, &encoding.encode(&text))?;
    }
    Ok(FileFix {
        diff,
        applied,
        remaining,
    })
}

/// How many rounds of check-and-repair one file gets: a repair can reveal another (a sub-item
/// given back its numeral is compared with the source again, and a URL glued inside it shows).
pub const ROUNDS: usize = 4;

/// Applies the machine-applicable repairs of `translation` against `source`, checking again
/// after each round until nothing more is repairable: the repaired text, the repairs made
/// (each round's spans are in that round's text) and the structure findings left.
pub fn repair(
    source: &Page,
    mut translation: SourceText,
) -> Result<(String, Vec<Suggestion>, usize), String> {
    let mut applied = Vec::new();
    for _ in 0..ROUNDS {
        let found = findings(source, &translation);
        let machine: Vec<Suggestion> = found
            .iter()
            .flat_map(|d| d.suggestions.iter())
            .filter(|s| s.is_machine_applicable())
            .cloned()
            .collect();
        if machine.is_empty() {
            return Ok((translation.text, applied, found.len()));
        }
        let done = edit::apply(&translation.text, translation.body_offset, &machine)
            .map_err(|e| e.to_string())?;
        applied.extend(done.applied);
        let mut ignored = Diagnostics::new();
        let bytes = done.text.into_bytes();
        translation =
            SourceText::parse(bytes, &translation.path, &mut ignored).map_err(|d| d.message)?;
    }
    let left = findings(source, &translation).len();
    Ok((translation.text, applied, left))
}

/// The structure findings of a translation against its source page, with their repairs.
fn findings(source: &Page, translation: &SourceText) -> Diagnostics {
    let outline = |s: &SourceText| check::outline(s.body(), s.body_line);
    check::structure::check_translation(
        &outline(&source.source),
        &source.source.text,
        &outline(translation),
        &translation.path,
        &translation.text,
    )
}

/// Writes `new` over `path` if the file still holds `read` and lies inside the site root.
fn write(config: &Config, path: &Path, read: &[u8], new: &[u8]) -> Result<(), String> {
    // An empty root is the working folder (`--root .` after normalizing).
    let root = match config.root.as_os_str().is_empty() {
        true => Path::new("."),
        false => config.root.as_path(),
    };
    let root = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
    let real = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    if !real.starts_with(&root) {
        return Err(format!(
            "outside the site root {}; not written",
            root.display()
        ));
    }
    let now = config.files().read(path).map_err(|e| e.to_string())?;
    if now != read {
        return Err(
            "the file changed while it was being fixed; not written, run `tolk fix` again".into(),
        );
    }
    edit::write_atomically(&real, new).map_err(|e| format!("cannot write: {e}"))
}
