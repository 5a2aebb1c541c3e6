//! Turns the path of a request URL into file-name segments, refusing anything that could name a
//! file outside the served folder. Decoding is done once, per segment, with the
//! `percent-encoding` crate, so an encoded `/` cannot split a segment and a double-encoded
//! `%252e` stays the literal name `%2e`.

use percent_encoding::percent_decode_str;
use std::path::{Component, Path};

/// A request path that is safe to join to the served folder.
#[derive(Debug, PartialEq, Eq)]
pub struct RequestPath {
    /// Decoded segments, empty ones (from `//`) dropped; each is one plain file name.
    pub segments: Vec<String>,
    /// The same segments as the client wrote them, joined with `/` and starting with one:
    /// what a redirect may send back (never `//host`, which a browser would read as another site).
    pub normalized: String,
    /// Whether the URL ended with `/` (a folder URL).
    pub trailing_slash: bool,
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadPath {
    #[error("the path does not start with `/`")]
    NotAbsolute,
    #[error("a path segment is not UTF-8 once decoded")]
    NotUtf8,
    #[error("a path segment holds `/`, `\\` or NUL once decoded")]
    Separator,
    #[error("the path has a `.` or `..` segment")]
    DotSegment,
}

/// Decodes `raw` (the URL path, without query) into segments, or says why it is refused.
pub fn decode(raw: &str) -> Result<RequestPath, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath::NotAbsolute)?;
    let mut segments = Vec::new();
    let mut normalized = String::new();
    for written in rest.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode_str(written)
            .decode_utf8()
            .map_err(|_| BadPath::NotUtf8)?;
        if segment.contains(['/', '\\', '\0']) {
            return Err(BadPath::Separator);
        }
        if segment == "." || segment == ".." {
            return Err(BadPath::DotSegment);
        }
        // What is left must be one plain name on this platform (no drive prefix, no root).
        let mut components = Path::new(segment.as_ref()).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) => {}
            _ => return Err(BadPath::Separator),
        }
        normalized.push('/');
        normalized.push_str(written);
        segments.push(segment.into_owned());
    }
    if normalized.is_empty() {
        normalized.push('/');
    }
    Ok(RequestPath {
        segments,
        normalized,
        trailing_slash: raw.ends_with('/'),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Vec<String> {
        decode(raw).map(|p| p.segments).unwrap_or_default()
    }

    #[test]
    fn decodes_each_segment_once() {
        assert_eq!(segments("/nl-NL/a%20b/"), ["nl-NL", "a b"]);
        assert_eq!(segments("/%C3%A9t%C3%A9.png"), ["été.png"]);
        assert_eq!(segments("/%252e%252e/x"), ["%2e%2e", "x"], "double-encoded");
        assert_eq!(segments("/100%25"), ["100%"]);
        assert_eq!(segments("/%zz/%+f/%"), ["%zz", "%+f", "%"], "not escapes");
    }

    #[test]
    fn keeps_what_the_client_wrote_without_empty_segments() {
        let path = decode("//evil.example//a%20b").expect("a plain path");
        assert_eq!(path.normalized, "/evil.example/a%20b");
        assert!(!path.trailing_slash);
        assert_eq!(decode("/").map(|p| p.normalized), Ok("/".to_string()));
        assert!(decode("/docs/").expect("plain").trailing_slash);
    }

    #[test]
    fn refuses_whatever_could_leave_the_folder() {
        let cases = [
            ("/../etc/passwd", BadPath::DotSegment),
            ("/a/./b", BadPath::DotSegment),
            ("/%2e%2e/etc/passwd", BadPath::DotSegment),
            ("/%2E%2E/x", BadPath::DotSegment),
            ("/..%2f..%2fetc", BadPath::Separator),
            ("/a%2Fb", BadPath::Separator),
            ("/..%5c..%5cCargo.toml", BadPath::Separator),
            ("/a\\b", BadPath::Separator),
            ("/%00/index.html", BadPath::Separator),
            ("/%ff", BadPath::NotUtf8),
            ("relative", BadPath::NotAbsolute),
        ];
        for (raw, expected) in cases {
            assert_eq!(decode(raw), Err(expected), "{raw}");
        }
    }
}
