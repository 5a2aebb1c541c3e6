//! `tolk locale add`: a translator's first step, done so that the new language starts at an
//! honest 0 %.
//!
//! Copying the source `.ftl` files by hand makes a locale look finished; starting from empty
//! files loses the list of what to translate. This writes, for each of the source locale's
//! `.ftl` files, a file with every message present but commented out (the source text, ready to
//! uncomment and translate): a commented-out message is missing, so pages show the source text
//! marked with its language and `check` lists it, and an uncommented one left in English is
//! caught as the same as the source ([`crate::i18n::same_as_source`]). Terms stay active, since
//! translated messages refer to them. It also creates the content folder and appends the
//! `[[locale]]` entry to `book.toml` with toml_edit, so the file's comments and layout survive.
//!
//! Everything is checked and prepared in memory first; then the `.ftl` files are written into a
//! hidden folder renamed into place, the content folder is created, and `book.toml` is replaced
//! atomically last. If a step fails, what this run created is removed again. Nothing is written
//! outside the site: the tag is a validated BCP 47 tag (no separators), and a `locales/`,
//! content folder or `book.toml` that is a symbolic link is refused.

use crate::config::{parse_locale_tag, Config, TextDirection, CONFIG_FILE};
use crate::i18n::same_as_source::MARKER;
use std::path::{Path, PathBuf};

/// What the translator asked for.
#[derive(Debug, Clone)]
pub struct NewLocale {
    /// The tag as typed (canonicalized before use: `de-de` becomes `de-DE`).
    pub tag: String,
    /// The language's name in itself (`Deutsch`); the tag when not given.
    pub name: Option<String>,
    /// Written only when given: otherwise tolk derives it from the language.
    pub dir: Option<TextDirection>,
}

/// What was created.
#[derive(Debug)]
pub struct Added {
    /// The canonical tag.
    pub tag: String,
    pub content_dir: PathBuf,
    /// The `.ftl` files written, with how many messages each holds (all commented out).
    pub files: Vec<(PathBuf, usize)>,
}

/// Why a locale could not be added; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("`{tag}` is not a locale tag: {reason}")]
    BadTag { tag: String, reason: String },
    #[error("{}: cannot be loaded, fix it first: {first}", path.display())]
    Config { path: PathBuf, first: String },
    #[error("{}:{line}: locale `{tag}` is already in the site", path.display())]
    Listed {
        path: PathBuf,
        line: usize,
        tag: String,
    },
    #[error("{}: already exists; `tolk locale add` only creates a new locale's folders", path.display())]
    Exists { path: PathBuf },
    #[error("{}: is a symbolic link; tolk writes only inside the site's own folders", path.display())]
    Link { path: PathBuf },
    #[error("{}: the source locale has no .ftl files to start from", path.display())]
    NoSource { path: PathBuf },
    #[error("{}: cannot read: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{}: cannot edit: {message}", path.display())]
    Edit { path: PathBuf, message: String },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Adds the locale to the site at `root`.
pub fn add(root: &Path, request: &NewLocale) -> Result<Added, AddError> {
    let tag = parse_locale_tag(&request.tag)
        .map_err(|reason| AddError::BadTag {
            tag: request.tag.clone(),
            reason,
        })?
        .to_string();
    let book = root.join(CONFIG_FILE);
    let config = Config::from_root(root).map_err(|d| AddError::Config {
        path: book.clone(),
        first: d
            .iter()
            .next()
            .map_or_else(String::new, |d| d.message.clone()),
    })?;
    let book_text = read(&config, &book)?;
    refuse_listed(&config, &book, &book_text, &tag)?;
    let locales = root.join("locales");
    let (ftl_dir, content_dir) = (locales.join(&tag), config.content_dir.join(&tag));
    for path in [&book, &locales, &config.content_dir] {
        refuse_link(path)?;
    }
    for path in [&ftl_dir, &content_dir] {
        if path.symlink_metadata().is_ok() {
            return Err(AddError::Exists { path: path.clone() });
        }
    }
    let files = commented_files(&config, &locales, &tag)?;
    let name = request.name.clone().unwrap_or_else(|| tag.clone());
    let new_book =
        with_locale(&book_text, &tag, &name, request.dir).map_err(|message| AddError::Edit {
            path: book.clone(),
            message,
        })?;
    write_all(&ftl_dir, &files, &content_dir, &book, &new_book)?;
    Ok(Added {
        tag,
        content_dir,
        files: files
            .into_iter()
            .map(|f| (ftl_dir.join(f.name), f.messages))
            .collect(),
    })
}

/// One `.ftl` file to write.
struct NewFile {
    name: String,
    text: String,
    messages: usize,
}

fn read(config: &Config, path: &Path) -> Result<String, AddError> {
    config
        .files()
        .read_string(path)
        .map_err(|e| AddError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

/// The tag (or one equal but for case) is already configured.
fn refuse_listed(config: &Config, book: &Path, text: &str, tag: &str) -> Result<(), AddError> {
    let Some(existing) = config
        .locales
        .iter()
        .find(|l| l.tag.eq_ignore_ascii_case(tag))
    else {
        return Ok(());
    };
    let quoted = format!("\"{}\"", existing.tag);
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("tag") && l.contains(&quoted))
        .map_or(0, |i| i + 1);
    Err(AddError::Listed {
        path: book.to_path_buf(),
        line,
        tag: existing.tag.clone(),
    })
}

fn refuse_link(path: &Path) -> Result<(), AddError> {
    match path.symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() => Err(AddError::Link {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// The source locale's `.ftl` files, each turned into its commented-out twin.
fn commented_files(config: &Config, locales: &Path, tag: &str) -> Result<Vec<NewFile>, AddError> {
    let source_dir = locales.join(&config.source_locale);
    let entries = config
        .files()
        .list(&source_dir)
        .map_err(|e| AddError::Read {
            path: source_dir.clone(),
            message: e.to_string(),
        })?;
    let mut files = Vec::new();
    for entry in entries {
        let crate::input::Entry::File(path) = entry else {
            continue;
        };
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".ftl") {
            continue;
        }
        let source = read(config, &path)?;
        let (text, messages) = commented_out(&source, tag, &config.source_locale, name);
        files.push(NewFile {
            name: name.to_string(),
            text,
            messages,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    if files.is_empty() {
        return Err(AddError::NoSource { path: source_dir });
    }
    Ok(files)
}

/// The source file's text with every message commented out (terms kept), under a header
/// that tells the translator what to do; and how many messages it holds.
pub fn commented_out(source: &str, tag: &str, source_tag: &str, name: &str) -> (String, usize) {
    let mut out = format!(
        "# {tag}: the translation of locales/{source_tag}/{name}, started by `tolk locale add`.\n\
         #\n\
         # Every message below is commented out and shown in {source_tag} until it is translated:\n\
         # remove the \"# \" in front of its lines and replace the {source_tag} text. `tolk check`\n\
         # lists what is left (fluent-missing), and a message left as the {source_tag} text\n\
         # (fluent-same-as-source). Text that is right as it is (a name, \"OK\") keeps it, with the\n\
         # line \"# {MARKER}\" directly above the message.\n\n"
    );
    let mut messages = 0;
    let mut in_message = false;
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    for line in source.replace("\r\n", "\n").lines() {
        let first = line.chars().next();
        match first {
            Some(c) if c.is_ascii_alphabetic() => {
                in_message = true;
                messages += 1;
            }
            Some('-') => in_message = false,
            Some('#') => in_message = false,
            _ => {}
        }
        if in_message && !line.trim().is_empty() {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
    (out, messages)
}

/// `book.toml`'s text with a `[[locale]]` entry after the last one, comments and layout kept.
pub fn with_locale(
    text: &str,
    tag: &str,
    name: &str,
    dir: Option<TextDirection>,
) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let mut table = toml_edit::Table::new();
    table["tag"] = toml_edit::value(tag);
    table["name"] = toml_edit::value(name);
    if let Some(dir) = dir {
        table["dir"] = toml_edit::value(dir.as_str());
    }
    table.decor_mut().set_prefix("\n");
    let entry = doc
        .entry("locale")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let Some(array) = entry.as_array_of_tables_mut() else {
        return Err("`locale` is not a list of `[[locale]]` tables".into());
    };
    // Right after the last locale: tables are laid out by position, ties in document order.
    let last = array.iter().filter_map(toml_edit::Table::position).max();
    table.set_position(last);
    array.push(table);
    Ok(doc.to_string())
}

/// Writes everything or, on failure, removes what this run created.
fn write_all(
    ftl_dir: &Path,
    files: &[NewFile],
    content_dir: &Path,
    book: &Path,
    new_book: &str,
) -> Result<(), AddError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| AddError::Write { path, source }
    };
    let hidden = ftl_dir.with_file_name(format!(
        ".{}.tolk-new-{}",
        ftl_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("locale"),
        std::process::id()
    ));
    let staged = (|| {
        std::fs::create_dir_all(&hidden).map_err(write_err(&hidden))?;
        for f in files {
            let path = hidden.join(&f.name);
            std::fs::write(&path, &f.text).map_err(write_err(&path))?;
        }
        std::fs::rename(&hidden, ftl_dir).map_err(write_err(ftl_dir))
    })();
    if let Err(e) = staged {
        let _ = std::fs::remove_dir_all(&hidden);
        return Err(e);
    }
    if let Err(source) = std::fs::create_dir(content_dir) {
        let _ = std::fs::remove_dir_all(ftl_dir);
        return Err(AddError::Write {
            path: content_dir.to_path_buf(),
            source,
        });
    }
    if let Err(source) = replace(book, new_book) {
        let _ = std::fs::remove_dir_all(ftl_dir);
        let _ = std::fs::remove_dir(content_dir);
        return Err(AddError::Write {
            path: book.to_path_buf(),
            source,
        });
    }
    Ok(())
}

/// Replaces `path` by `text` atomically: a hidden file beside it, renamed over it.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.tolk-new-{}", std::process::id()));
    let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests;
