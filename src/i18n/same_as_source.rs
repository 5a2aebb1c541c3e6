//! Same-as-source detection: a translation's message that still reads exactly like the source
//! locale's is not translated, whatever file it sits in.
//!
//! Copying the source `.ftl` files is the obvious way to start a language, and without this
//! check such a locale looks 100 % translated while it is English. A message counts as a copy
//! when its value and attributes equal the source's, it has words to translate (a pattern made
//! only of placeables and punctuation, `{ $count }`, is the same in every language) and the
//! translator has not marked it as intentionally identical.
//!
//! The marker is a Fluent comment on the message itself, [`MARKER`] on a line of its own:
//!
//! ```text
//! # tolk: same-as-source
//! footer-built-with = Built with tolk
//! ```
//!
//! A comment rather than a list in `book.toml`: it sits where the translator decides, travels
//! with the message when files are split, merged or reordered, is shown by translation tools
//! beside the message, and disappears with it (a list would keep naming deleted messages).
//! The comparison is on the parsed patterns, so spacing around `=` does not matter.

use fluent_syntax::ast;
use std::collections::{BTreeSet, HashMap};

/// The comment line that marks a message as intentionally identical to the source.
pub const MARKER: &str = "tolk: same-as-source";

/// Whether `translation` is an unmarked copy of `source` (same value and attributes, with
/// words in them).
pub fn is_copy<S: AsRef<str> + PartialEq>(
    source: &ast::Message<S>,
    translation: &ast::Message<S>,
) -> bool {
    !is_marked(translation)
        && source.value == translation.value
        && source.attributes == translation.attributes
        && has_words(source)
}

/// Whether the message carries the [`MARKER`] comment.
pub fn is_marked<S: AsRef<str>>(message: &ast::Message<S>) -> bool {
    message
        .comment
        .as_ref()
        .is_some_and(|c| c.content.iter().any(|line| line.as_ref().trim() == MARKER))
}

/// Ids of the messages of `translation` (a locale's file texts) that are copies of the
/// messages of `source` (the source locale's file texts). Files that do not parse are read
/// as far as fluent-syntax recovers, as the bundles are.
pub fn copies(source: &[&str], translation: &[&str]) -> BTreeSet<String> {
    let source: Vec<ast::Resource<&str>> = source.iter().map(|t| parse(t)).collect();
    let by_id: HashMap<&str, &ast::Message<&str>> = messages(&source).collect();
    let translation: Vec<ast::Resource<&str>> = translation.iter().map(|t| parse(t)).collect();
    messages(&translation)
        .filter(|(id, m)| by_id.get(id).is_some_and(|s| is_copy(s, m)))
        .map(|(id, _)| id.to_string())
        .collect()
}

/// A resource with its comments (the runtime parser drops them, and with them the marker).
pub fn parse(text: &str) -> ast::Resource<&str> {
    fluent_syntax::parser::parse(text).unwrap_or_else(|(partial, _)| partial)
}

/// Every message of the resources, by id (the first definition wins, as in a bundle).
fn messages<'r, 's>(
    resources: &'r [ast::Resource<&'s str>],
) -> impl Iterator<Item = (&'s str, &'r ast::Message<&'s str>)> {
    let mut seen = BTreeSet::new();
    resources
        .iter()
        .flat_map(|r| r.body.iter())
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => Some((m.id.name, m)),
            _ => None,
        })
        .filter(move |(id, _)| seen.insert(*id))
}

/// Whether any text of the message (value, attributes, select variants) holds a letter.
fn has_words<S: AsRef<str>>(message: &ast::Message<S>) -> bool {
    let value = message.value.iter();
    let attributes = message.attributes.iter().map(|a| &a.value);
    value.chain(attributes).any(pattern_has_words)
}

fn pattern_has_words<S: AsRef<str>>(pattern: &ast::Pattern<S>) -> bool {
    pattern.elements.iter().any(|element| match element {
        ast::PatternElement::TextElement { value } => {
            value.as_ref().chars().any(char::is_alphabetic)
        }
        ast::PatternElement::Placeable { expression } => expression_has_words(expression),
    })
}

fn expression_has_words<S: AsRef<str>>(expression: &ast::Expression<S>) -> bool {
    match expression {
        ast::Expression::Select { variants, .. } => {
            variants.iter().any(|v| pattern_has_words(&v.value))
        }
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            value.as_ref().chars().any(char::is_alphabetic)
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            expression_has_words(expression)
        }
        ast::Expression::Inline(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "ok = OK\nbrand = tolk\nhello = Hello { $name }\ncount = { $n }\n\
        field = Email\n    .hint = Where we answer\nrows = { $n ->\n    [one] one row\n   *[other] { $n } rows\n}\n";

    #[test]
    fn copies_are_found_and_translations_are_not() {
        let nl = "ok = OK\nbrand = tolk\nhello = Hallo { $name }\ncount = { $n }\n\
            field = Email\n    .hint = Waar we antwoorden\nrows = { $n ->\n    [one] one row\n   *[other] { $n } rows\n}\n";
        let found = copies(&[SOURCE], &[nl]);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        // `count` has no words; `field` has a translated attribute.
        assert_eq!(found, ["brand", "ok", "rows"]);
    }

    #[test]
    fn the_marker_comment_keeps_a_message_as_it_is() {
        let nl = "# tolk: same-as-source\nok = OK\n\n# The product's name.\n#   tolk: same-as-source  \nbrand = tolk\n";
        assert!(copies(&[SOURCE], &[nl]).is_empty());
        // Separated by a blank line the comment belongs to no message.
        let loose = "# tolk: same-as-source\n\nok = OK\n";
        assert_eq!(copies(&[SOURCE], &[loose]).len(), 1);
    }

    #[test]
    fn spacing_and_broken_entries_do_not_hide_a_copy() {
        let nl = "ok=OK\nbroken = { $\nbrand   =   tolk\n";
        let found = copies(&[SOURCE], &[nl]);
        assert!(found.contains("ok") && found.contains("brand"), "{found:?}");
    }
}
