//! HTML escaping, in one place: the template engine's autoescape, the charts' SVG text and the
//! few tags the Markdown stage writes itself all go through `escape`. A leaf: it imports nothing.

/// Escapes text for HTML/XML content and quoted attribute values: `& < > " '`. Unlike tera's
/// default it leaves `/` alone, so URLs stay readable (`../nl-NL/`, not `..&#x2F;nl-NL&#x2F;`);
/// tolk's templates always quote attributes, where `/` is harmless.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping_covers_markup_and_quotes_but_not_slashes() {
        assert_eq!(
            escape("<a href=\"x\" title='y'>&</a>/"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;/"
        );
    }
}
