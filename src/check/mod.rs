//! `tolk check`'s analysis core: what a translator needs to know before publishing.
//!
//! Three independent, pure analyses; the CLI feeds them files and prints their diagnostics:
//!
//! - [`fluent`]: every locale's `.ftl` resources against the source locale and against the
//!   message ids templates and the form use (syntax errors, missing/obsolete messages,
//!   attributes, variables, duplicates, unused and undefined ids), with per-locale counts.
//! - [`structure`]: a translated Markdown page against its source page: headings, numbered
//!   steps, sub-item numbering, images, links and code, the things machine translation breaks
//!   while the words look fine.
//! - [`source_hash`]: the hash a translation records (`ms.openlocfilehash`) to say which
//!   version of the source it was made from, so stale translations can be found.

pub mod baseline;
pub mod chart_images;
pub mod fluent;
pub mod source_hash;
pub mod structure;

pub use fluent::{
    check_fluent, FluentInput, FluentReport, FtlFile, LocaleResources, LocaleStatus, MessageUse,
};
pub use source_hash::source_hash;
pub use structure::{compare, outline, Outline};
