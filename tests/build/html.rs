//! A small scanner for the HTML tolk writes: start tags with their decoded attributes.
//!
//! Not a general HTML parser: the output comes from our templates and pulldown-cmark, so tags are
//! well-formed and text has `<` escaped. It is enough to find every attribute value and URL,
//! which is what the CSP, bidi and link checks need.

/// One start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lowercased element name.
    pub name: String,
    /// Attributes in order, names lowercased, values with character references decoded.
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }
}

/// Every start tag of `html`, in document order. Comments, doctypes, end tags and the content
/// of `<script>`/`<style>` elements are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('/') || rest.starts_with('?') {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        let (tag, after) = parse_tag(rest);
        rest = after;
        if let Some(tag) = tag {
            if tag.name == "script" || tag.name == "style" {
                let close = format!("</{}", tag.name);
                rest = rest.find(&close).map_or("", |e| &rest[e..]);
            }
            out.push(tag);
        }
    }
    out
}

/// Parses `name attr="v" ...>` (the `<` already consumed).
fn parse_tag(text: &str) -> (Option<Tag>, &str) {
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(text.len());
    if name_len == 0 {
        return (None, text);
    }
    let name = text[..name_len].to_ascii_lowercase();
    let mut rest = &text[name_len..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>").or_else(|| rest.strip_prefix('>')) {
            return (Some(Tag { name, attrs }), after);
        }
        if rest.is_empty() {
            return (Some(Tag { name, attrs }), rest);
        }
        let attr_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let attr = rest[..attr_len].to_ascii_lowercase();
        rest = rest[attr_len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = remaining;
            decode(value)
        } else {
            String::new()
        };
        attrs.push((attr, value));
    }
}

/// Decodes the character references tera, pulldown-cmark and our code write.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text between the first `<open...>` whose start matches `open` and the next `</close>`,
/// with tags removed and references decoded: enough for notices and headings.
pub fn text_of(html: &str, open: &str, close: &str) -> Option<String> {
    let start = html.find(open)?;
    let body_start = start + html[start..].find('>')? + 1;
    let end = body_start + html[body_start..].find(&format!("</{close}>"))?;
    let mut text = String::new();
    let mut inside = false;
    for c in html[body_start..end].chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    Some(decode(text.trim()))
}

#[test]
fn scanner_reads_attributes_and_skips_scripts() {
    let html = r#"<!doctype html><html lang="tr-TR" dir=ltr><!-- <a href="x"> -->
<script src="a.js" defer></script><script>if (a < b) { "<img src=x>" }</script>
<a href="..&#x2F;nl-NL&#x2F;?a=1&amp;b=2" data-x='y'>t</a><img src="m.png" alt="a &lt;b&gt;" />"#;
    let found = tags(html);
    let names: Vec<&str> = found.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["html", "script", "script", "a", "img"]);
    assert_eq!(found[0].attr("dir"), Some("ltr"));
    assert!(found[1].has("defer"));
    assert_eq!(found[3].attr("href"), Some("../nl-NL/?a=1&b=2"));
    assert_eq!(found[3].attr("data-x"), Some("y"));
    assert_eq!(found[4].attr("alt"), Some("a <b>"));
    assert_eq!(
        text_of(
            "<p class=\"n\">A <a href=\"x\">b</a> &amp; c</p>",
            "<p class=\"n\"",
            "p"
        ),
        Some("A b & c".to_string())
    );
}
