//! `tolk mark-translated`: record in a translation that it matches the current source.
//!
//! After updating a translation, a translator runs this on the file; it writes the source
//! page's current hash (see `check::source_hash`) into the translation's front matter as
//! `ms.openlocfilehash`, touching nothing else in the file (line endings and BOM included).

use super::{print_diagnostics, EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::check::source_hash;
use crate::cli::MarkArgs;
use crate::config::Config;
use crate::content::{self, TranslationKind};

/// The front-matter key that records the source version.
pub const HASH_KEY: &str = "ms.openlocfilehash";

/// Marks each named translation as made from the current source.
pub fn run(args: &MarkArgs) -> i32 {
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
    let mut code = EXIT_OK;
    for wanted in &args.pages {
        let canonical = std::fs::canonicalize(wanted).unwrap_or_else(|_| wanted.clone());
        let Some(page) = content
            .pages
            .iter()
            .find(|p| std::fs::canonicalize(p.path()).is_ok_and(|c| c == canonical))
        else {
            eprintln!(
                "{}: error: not a page of this site (looked under {})",
                wanted.display(),
                config.content_dir.display()
            );
            code = EXIT_DIAGNOSTICS;
            continue;
        };
        if page.meta.translation_kind == TranslationKind::Source {
            eprintln!(
                "{}: error: this is a source page; only translations record a source version",
                wanted.display()
            );
            code = EXIT_DIAGNOSTICS;
            continue;
        }
        let Some(source) = content
            .translations(&page.meta.translation_group)
            .find(|p| p.meta.locale == config.source_locale)
        else {
            eprintln!(
                "{}: error: no {} page shares its translation group `{}`",
                wanted.display(),
                config.source_locale,
                page.meta.translation_group
            );
            code = EXIT_DIAGNOSTICS;
            continue;
        };
        let hash = source_hash(source.source.body());
        let result = config
            .files()
            .read(page.path())
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
                let updated = set_front_matter_key(&text, HASH_KEY, &hash)?;
                write_atomically(page.path(), updated.as_bytes()).map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => println!(
                "{}: {HASH_KEY}: {hash} (source {})",
                wanted.display(),
                source.path().display()
            ),
            Err(e) => {
                eprintln!("{}: error: cannot update: {e}", wanted.display());
                code = EXIT_FAILURE;
            }
        }
    }
    code
}

/// Sets `key: value` in the front matter of `text`: replaces the key's line if present, or adds
/// it before the closing `---`. Keeps the file's line endings and BOM.
pub fn set_front_matter_key(text: &str, key: &str, value: &str) -> Result<String, String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = lines
        .first()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end());
    if first != Some("---") {
        return Err("the file has no front matter".into());
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|i| i + 1)
        .ok_or("the front matter is not closed")?;
    let new_line = format!("{key}: {value}{newline}");
    let positions = crate::yaml::Positions::index(&lines[1..close].concat())
        .map_err(|_| "the front matter is not valid YAML; run `tolk check` to see why")?;
    match positions.get(&[key.into()]) {
        // Lines of the front matter text count from the line after the opening fence.
        Some(span) if span.start.column == 1 => {
            let first = span.start.line;
            let end = span.value_end;
            let last = if end.column == 1 && end.line > first {
                end.line - 1
            } else {
                end.line
            };
            lines.splice(first..=last.min(close - 1), [new_line.as_str()]);
        }
        Some(_) => {
            return Err(format!(
                "`{key}` is not on a line of its own; set it by hand"
            ))
        }
        None => lines.insert(close, &new_line),
    }
    Ok(lines.concat())
}

fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("md.tolk-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::set_front_matter_key;

    #[test]
    fn replaces_the_existing_value_only() {
        let text = "---\ntitle: T\nms.openlocfilehash: abc\nms.date: 11/13/2017\n---\nbody\n";
        let out = set_front_matter_key(text, "ms.openlocfilehash", "0123").unwrap();
        assert_eq!(
            out,
            "---\ntitle: T\nms.openlocfilehash: 0123\nms.date: 11/13/2017\n---\nbody\n"
        );
    }

    #[test]
    fn adds_the_key_and_keeps_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: T\r\n---\r\nbody ms.openlocfilehash: x\r\n";
        let out = set_front_matter_key(text, "ms.openlocfilehash", "0123").unwrap();
        assert_eq!(out, "\u{feff}---\r\ntitle: T\r\nms.openlocfilehash: 0123\r\n---\r\nbody ms.openlocfilehash: x\r\n");
    }

    #[test]
    fn finds_the_key_however_it_is_written_and_replaces_its_whole_value() {
        let text = "---\n# ms.openlocfilehash: in a comment\ntitle: \"ms.openlocfilehash: no\"\n'ms.openlocfilehash': >\n  abc\n  def\nms.date: 1\n---\n";
        let out = set_front_matter_key(text, "ms.openlocfilehash", "0123").unwrap();
        assert_eq!(
            out,
            "---\n# ms.openlocfilehash: in a comment\ntitle: \"ms.openlocfilehash: no\"\nms.openlocfilehash: 0123\nms.date: 1\n---\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        let flow = "---\n{ title: T, ms.openlocfilehash: abc }\n---\n";
        assert!(set_front_matter_key(flow, "ms.openlocfilehash", "0").is_err());
        let broken = "---\ntitle: \"open\n---\n";
        assert!(set_front_matter_key(broken, "ms.openlocfilehash", "0").is_err());
    }

    #[test]
    fn refuses_files_without_front_matter() {
        assert!(set_front_matter_key("# title\n", "k", "v").is_err());
        assert!(set_front_matter_key("---\ntitle: T\n", "k", "v").is_err());
    }
}
