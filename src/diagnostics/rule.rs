//! The stable rule codes every diagnostic carries, in one place.
//!
//! A code names a *kind* of problem (`fluent-missing`, `front-matter`), so text output can print
//! `warning: ... [code]`, `check --format json` can carry a `rule` field a CI filters on, and the
//! per-file cap of [`super::Diagnostics::cap_per_rule`] can count "more like this". Codes are
//! part of tolk's interface: rename one only with a note in the changelog.

/// One rule: its code, as printed, and a one-line description for the README and `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule {
    pub code: &'static str,
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $code:literal : $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Rule = Rule { code: $code, summary: $summary };
        )*
        /// Every rule, in the order documented.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    CONFIG = "config": "book.toml is missing, unreadable or holds an invalid value";
    INPUT_REFUSED = "input-refused": "a file or folder tolk will not read (a link, a FIFO, outside the site)";
    ENCODING = "encoding": "a file is not UTF-8, starts with a byte-order mark or uses CR line endings";
    CONTROL_CHAR = "control-char": "a control character or bidi override in text that reaches the page";
    FRONT_MATTER = "front-matter": "front matter is missing, unterminated, not YAML or holds an invalid value";
    FRONT_MATTER_DATE = "front-matter-date": "`ms.date` is not a date tolk can read";
    CONTENT_LAYOUT = "content-layout": "a content folder that is not a configured locale, or misspelled";
    SLUG = "slug": "a slug that differs from its source, is reserved, duplicated or too long";
    OUTPUT_PATH = "output-path": "an output path that is too long, holds bad characters or leaves the output";
    OUTPUT_WRITE = "output-write": "the output folder could not be created, written or replaced";
    MARKDOWN = "markdown": "Markdown the page cannot show as written (raw HTML, unknown syntax)";
    LINK_BROKEN = "link-broken": "a link to a page or anchor that does not exist";
    MEDIA_MISSING = "media-missing": "an image or file the page shows that does not exist or is refused";
    TOC = "toc": "a table of contents (`toc.yml`) that does not parse or cannot be read";
    TEMPLATE = "template": "a template that does not parse or render";
    FORM = "form": "form.yaml holds an invalid definition";
    FORM_PAGE = "form-page": "the ticket form page or its schema could not be made";
    CHART = "chart": "a chart in book.toml uses a message no locale defines";
    OUTDATED = "outdated": "a translation made from an older version of its source page";
    SOURCE_VERSION = "source-version": "a translation does not record the source version it was made from";
    STRUCTURE = "structure": "a translation has another kind of block where its source has one";
    STRUCTURE_MISSING = "structure-missing": "a block of the source (heading, list, code, table, image) is missing in the translation";
    STRUCTURE_EXTRA = "structure-extra": "a block in the translation that its source does not have";
    STRUCTURE_HEADING = "structure-heading": "a heading of another level than the source's";
    STRUCTURE_LIST_RESTART = "structure-list-restart": "a numbered list that starts again where the source goes on (a sub-item turned step)";
    STRUCTURE_LIST_KIND = "structure-list-kind": "a bulleted list where the source numbers it, or the other way round, or another first number";
    STRUCTURE_LIST_ITEMS = "structure-list-items": "a list with more or fewer items than the source's";
    STRUCTURE_CODE = "structure-code": "a code block marked with another language than the source's";
    STRUCTURE_TABLE = "structure-table": "a table with other columns or rows than the source's";
    STRUCTURE_ROMAN_CASE = "structure-roman-case": "roman numerals in another case than the source's (`IV.` for `iv.`)";
    STRUCTURE_LINK_MISSING = "structure-link-missing": "a link, image or URL of the source that the translation lacks";
    STRUCTURE_LINK_EXTRA = "structure-link-extra": "a link, image or URL the source does not have";
    STRUCTURE_LINK_CHANGED = "structure-link-changed": "a link or image that points somewhere else than the source's";
    STRUCTURE_LINK_APART = "structure-link-apart": "a link whose Markdown broke, leaving its URL as plain text";
    STRUCTURE_URL_GARBLED = "structure-url-garbled": "a URL that runs into the text around it, is cut short, or shows in link text";
    STRUCTURE_STALE = "structure-stale": "so many structure differences that the translation is probably stale";
    STRUCTURE_NUMERAL = "structure-numeral": "a numbered or roman-numeral marker that differs from the source";
    FLUENT_SYNTAX = "fluent-syntax": "a Fluent file that does not parse";
    FLUENT_DUPLICATE = "fluent-duplicate": "a Fluent message or term defined twice";
    FLUENT_MISSING = "fluent-missing": "a message the site uses that a locale does not define";
    FLUENT_SAME_AS_SOURCE = "fluent-same-as-source": "a translation's message that is still the source's text, not marked `# tolk: same-as-source`";
    FLUENT_UNKNOWN = "fluent-unknown": "a message a translation defines that the source locale does not";
    FLUENT_SHAPE = "fluent-shape": "a translation whose value or attributes differ from the source message";
    FLUENT_VARIABLE = "fluent-variable": "a translation that uses a variable the source does not provide";
    FLUENT_REFERENCE = "fluent-reference": "a reference to a message or term that does not exist";
    FLUENT_CYCLE = "fluent-cycle": "messages or terms that reference themselves, directly or in a chain";
    FLUENT_UNUSED = "fluent-unused": "a source message nothing uses";
    FLUENT_PLURAL_OTHER = "fluent-plural-other": "a plural select expression without the `other` (default) variant";
    FLUENT_PLURAL_MISSING = "fluent-plural-missing": "a plural select expression lacking a CLDR category its locale needs";
    FLUENT_PLURAL_IMPOSSIBLE = "fluent-plural-impossible": "a plural variant for a CLDR category its locale never uses";
    BASELINE_STALE = "baseline-stale": "a baseline entry that matches no finding any more (the defect was fixed)";
    LOCALE_MISSING = "locale-missing": "a configured locale without a translations folder";
    TRUNCATED = "truncated": "more diagnostics of one rule in one file than tolk keeps (counted, not listed)";
}

/// A rule's code as a diagnostic stores it. An alias so serde's derive does not take the field
/// for a string borrowed from its input (which would tie every `Diagnostic` to `'static` input).
pub type Code = &'static str;

/// The `&'static str` code of [`ALL`] that equals `code`; `""` (unclassified) for a code this
/// build does not know. Lets a diagnostic stored by the incremental build's state file be read
/// back without leaking strings (a state file from another build is refused before this).
pub fn static_code(code: &str) -> &'static str {
    ALL.iter().find(|r| r.code == code).map_or("", |r| r.code)
}

/// Deserializes a diagnostic's rule code through [`static_code`].
pub(crate) fn deserialize_code<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<&'static str, D::Error> {
    let code: std::borrow::Cow<'de, str> = serde::Deserialize::deserialize(d)?;
    Ok(static_code(&code))
}
