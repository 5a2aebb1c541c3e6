//! `tolk locale add`: start a new language (see [`crate::locale_add`]), then say what to do next.

use super::{EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::cli::{Direction, LocaleAddArgs, LocaleCommand};
use crate::config::TextDirection;
use crate::locale_add::{self, AddError, NewLocale};

/// Runs a `tolk locale` subcommand.
pub fn run(command: &LocaleCommand) -> i32 {
    match command {
        LocaleCommand::Add(args) => add(args),
    }
}

fn add(args: &LocaleAddArgs) -> i32 {
    if let Err(code) = super::require_site(&args.site.root) {
        return code;
    }
    let request = NewLocale {
        tag: args.tag.clone(),
        name: args.name.clone(),
        dir: args.dir.map(|d| match d {
            Direction::Ltr => TextDirection::Ltr,
            Direction::Rtl => TextDirection::Rtl,
        }),
    };
    match locale_add::add(&args.site.root, &request) {
        Ok(added) => {
            let shown = |p: &std::path::Path| {
                let rel = p.strip_prefix(&args.site.root).unwrap_or(p);
                rel.display().to_string()
            };
            for (path, messages) in &added.files {
                println!(
                    "created {} ({messages} messages, all untranslated)",
                    shown(path)
                );
            }
            println!("created {}/", shown(&added.content_dir));
            println!("added [[locale]] tag = \"{}\" to book.toml", added.tag);
            if args.name.is_none() {
                println!("set its `name` in book.toml: the language's name in itself");
            }
            println!(
                "next: translate locales/{}/*.ftl (uncomment a message, replace its text), put pages in {}/; `tolk check` lists what is left",
                added.tag,
                shown(&added.content_dir)
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                AddError::Write { .. } => EXIT_FAILURE,
                _ => EXIT_DIAGNOSTICS,
            }
        }
    }
}
