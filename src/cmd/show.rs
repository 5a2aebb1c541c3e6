//! `tolk show`: the normalized record of pages, as JSON, for maintainers who want to see what
//! the normalizer made of a file's front matter (and the warnings it raised doing so).

use super::{print_diagnostics, EXIT_DIAGNOSTICS, EXIT_FAILURE, EXIT_OK};
use crate::cli::ShowArgs;
use crate::config::Config;
use crate::content;

/// Prints the records of the pages named (or all) as a JSON array.
pub fn run(args: &ShowArgs) -> i32 {
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
    let (content, all) = content::load(&config);
    let wanted: Vec<_> = args
        .pages
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let pages: Vec<_> = content
        .pages
        .iter()
        .filter(|p| {
            wanted.is_empty()
                || wanted
                    .iter()
                    .any(|w| std::fs::canonicalize(p.path()).is_ok_and(|c| &c == w))
        })
        .collect();
    if pages.is_empty() && !wanted.is_empty() {
        eprintln!("error: no page of the site matches {:?}", args.pages);
        return EXIT_DIAGNOSTICS;
    }
    // Only what concerns the pages asked for (a site-wide problem, such as a duplicate slug,
    // is named by one of its files too).
    let mut diagnostics: crate::diagnostics::Diagnostics = all
        .into_iter()
        .filter(|d| {
            wanted.is_empty() || std::fs::canonicalize(&d.path).is_ok_and(|c| wanted.contains(&c))
        })
        .collect::<Vec<_>>()
        .into();
    diagnostics.relativize(&config.root);
    diagnostics.sort();
    print_diagnostics(&diagnostics, false, &args.site.root);
    match serde_json::to_string_pretty(&pages) {
        Ok(json) => {
            println!("{json}");
            if diagnostics.has_errors() {
                EXIT_DIAGNOSTICS
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            eprintln!("error: cannot print JSON: {e}");
            EXIT_FAILURE
        }
    }
}
