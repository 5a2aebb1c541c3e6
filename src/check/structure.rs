//! A translated Markdown page compared with its source page, structure only.
//!
//! Machine translation keeps the words plausible and breaks the skeleton: a roman-numbered
//! sub-item becomes a `4.` that restarts the numbering inside step 3, `i.` becomes a Turkish
//! dotless `ı.`, a URL slides out of its link and glues itself to the next word, an image
//! points elsewhere. None of that needs a dictionary to see. [`outline`] reduces a page body
//! to the tree of what a reader navigates by (headings, lists and their items, numbered
//! paragraphs, code, tables, and the links, images, bare URLs and code spans inside them);
//! [`compare`] aligns the two trees level by level and reports where they differ, on the
//! translation's lines. Text is never compared, so faithful translations report nothing.
//! [`repair`] walks the same alignment and attaches to each finding the repair the source
//! decides (a numeral, a URL restored byte for byte), which `check` shows and `tolk fix` applies.

mod align;
mod compare;
mod inline;
mod links;
mod outline;
mod repair;
mod similarity;

pub use compare::{compare, STALE_LIMIT};
pub use outline::outline;
pub use repair::{attach, repairs, Repair};

use crate::diagnostics::Diagnostics;
use std::path::Path;

/// A translation's structure findings, each with the repairs that follow from the source
/// (what `check` reports and `fix` applies). `source_text` and `translation_text` are the
/// whole files (BOM removed, LF), so the outlines' lines and the repairs' offsets are theirs.
pub fn check_translation(
    source: &Outline,
    source_text: &str,
    translation: &Outline,
    translation_path: &Path,
    translation_text: &str,
) -> Diagnostics {
    let findings = compare(source, translation, translation_path, translation_text);
    if !repair::wanted(&findings) {
        return findings;
    }
    let found = repairs(source, source_text, translation, translation_text);
    attach(findings, found)
}

/// The structure of one page body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// Top-level blocks in document order.
    pub blocks: Vec<Block>,
}

/// One block: what it is, where it starts in the file, what it contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based file line (the body's first line is given to [`outline`]).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Nested blocks: the items of a list, the blocks of an item or a quote.
    pub children: Vec<Block>,
    /// Links, images, bare URLs and code spans directly in this block's own text.
    pub inlines: Vec<Inline>,
}

/// The kinds of blocks a reader navigates by. Everything else is a [`BlockKind::Other`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    /// A paragraph, or the text of a tight list item.
    Paragraph {
        /// The leading `iv.`-style token, when the paragraph starts with one.
        marker: Option<Marker>,
    },
    /// `start` is `Some(n)` for a numbered list starting at `n`, `None` for bullets.
    List {
        start: Option<u64>,
    },
    Item,
    CodeBlock {
        /// The info string's first word (`powershell`), empty for none or indented code.
        lang: String,
        /// The code itself: rarely translated, so it anchors the alignment of long pages.
        code: String,
    },
    Table {
        columns: usize,
        /// Body rows, the header row not counted.
        rows: usize,
    },
    Quote,
    /// HTML blocks and rules: kept for alignment, never reported.
    Other,
}

/// A short leading token ending in `.` or `)` that numbers a paragraph by hand: `iv.`,
/// `b)`, or a broken one like `ı.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The token as written, e.g. `iv.`.
    pub text: String,
    /// Its value when it is a roman numeral (either case), e.g. 4.
    pub roman: Option<u32>,
}

/// Something inside a block's text that must survive translation unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub kind: InlineKind,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineKind {
    /// Inline, reference-style or autolink; `text` is the visible link text.
    Link {
        dest: String,
        text: String,
    },
    /// Inline or reference-style; the destination is the resolved one.
    Image {
        dest: String,
    },
    /// An `http(s)://` URL in plain text.
    BareUrl {
        url: String,
        /// Directly preceded by an ASCII letter or digit or a closing bracket: text and URL
        /// ran into each other, typically a link that fell apart. (Scripts written without
        /// spaces do not count.)
        glued: bool,
        /// Preceded by `](` or `] (`: the remains of a link whose syntax broke.
        after_link_text: bool,
    },
    Code {
        code: String,
    },
}

#[cfg(test)]
mod tests;
