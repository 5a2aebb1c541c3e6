//! Site search: one index per locale, written with the site, read by `static/js/search.js`.
//!
//! Why not Pagefind: its crate pulls ~140 crates tolk does not have (actix-web beside axum,
//! jemalloc beside mimalloc, zstd and brotli C builds), needs a WASM client and
//! `'wasm-unsafe-eval'`, files stand-in pages by their `<html lang>` (so the Dutch site could not
//! find its English stand-ins) and lowercases Turkish `I` as `i`. This index is small, uses the
//! Snowball stemmers of rust-stemmers, and the client is plain JavaScript (README: "Search").
//!
//! `text` is how words are folded, split and stemmed; `index` lays the files out.

pub mod incremental;
pub mod index;
pub mod text;

pub use index::SearchDoc;

use crate::diagnostics::Diagnostic;

/// The folder of `locale`'s index, from the site root.
pub fn index_dir(locale: &str) -> String {
    format!("search/{locale}/")
}

/// Builds `locale`'s index from its documents and hands its files to `write` (path from the site
/// root). One locale at a time, so a build can write each index as soon as the locale's pages
/// are rendered and drop its documents.
pub fn write_locale(
    locale: &str,
    docs: &[&SearchDoc],
    mut write: impl FnMut(&str, &[u8]) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let dir = index_dir(locale);
    let files = index::build(locale, docs)
        .map_err(|e| Diagnostic::error(&dir, format!("cannot serialize the search index: {e}")))?;
    files
        .iter()
        .try_for_each(|(name, bytes)| write(&format!("{dir}{name}"), bytes))
}
