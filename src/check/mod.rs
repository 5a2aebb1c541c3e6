//! `tolk check`'s analysis core: what a translator needs to know before publishing.
//!
//! - [`source_hash`]: the hash a translation records (`ms.openlocfilehash`) to say which
//!   version of the source it was made from, so stale translations can be found.

pub mod source_hash;

pub use source_hash::source_hash;
