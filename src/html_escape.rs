//! HTML escaping, in one place: the template engine's autoescape, the charts' SVG text and the
//! few tags the Markdown stage writes itself all go through `escape`. A leaf: it imports nothing.

/// Escapes text for HTML/XML content and quoted attribute values: `& < > " '`. Unlike tera's
/// default it leaves `/` alone, so URLs stay readable (`../nl-NL/`, not `..&#x2F;nl-NL&#x2F;`);
/// tolk's templates always quote attributes, where `/` is harmless.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Every character escaped is ASCII, so a byte index of one is a character boundary: the
    // runs between them are copied whole (tera calls this for every value on every page).
    let mut done = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[done..i]);
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(&text[done..]);
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
