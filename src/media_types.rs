//! What a file's name says it is: one table of extension → MIME type → what tolk may do with it.
//!
//! The build publishes a file beside a page only when its kind allows it (a raster image whose
//! bytes are that format, a sanitized SVG, a download); anything that a browser would run on the
//! site's origin (HTML, XML, JavaScript, ...) is refused. Servers take `Content-Type` from the
//! same table (`tolk serve` sends `Content-Type` and, for downloads, `Content-Disposition` from
//! it). A leaf: it imports nothing of the pipeline.

use std::path::Path;

/// What may happen to a file of this type when a page links to it.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// An image a browser only decodes; published when its first bytes match `magic`.
    Raster(fn(&[u8]) -> bool),
    /// SVG: published only after [`crate::svg`] sanitizes it.
    Svg,
    /// Offered for download (`Content-Disposition: attachment`); first bytes checked too.
    Download(fn(&[u8]) -> bool),
    /// Never published beside a page: a browser would run it, or tolk does not know it.
    Refused(&'static str),
    /// Site files tolk writes itself (pages, scripts, styles): served, never taken from content.
    Site,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct MediaType {
    pub extension: &'static str,
    pub mime: &'static str,
    pub kind: Kind,
}

const HTML: &str = "HTML runs script on the site's origin";
const SCRIPT: &str = "a script runs on the site's origin";
const XML: &str = "XML can carry script and styles that run on the site's origin";

/// Every type tolk knows, lower-case extensions.
pub const TABLE: &[MediaType] = &[
    row("png", "image/png", Kind::Raster(is_png)),
    row("jpg", "image/jpeg", Kind::Raster(is_jpeg)),
    row("jpeg", "image/jpeg", Kind::Raster(is_jpeg)),
    row("gif", "image/gif", Kind::Raster(is_gif)),
    row("webp", "image/webp", Kind::Raster(is_webp)),
    row("avif", "image/avif", Kind::Raster(is_avif)),
    row("svg", "image/svg+xml", Kind::Svg),
    row("pdf", "application/pdf", Kind::Download(is_pdf)),
    row("zip", "application/zip", Kind::Download(is_zip)),
    row("gz", "application/gzip", Kind::Download(is_gzip)),
    row("tgz", "application/gzip", Kind::Download(is_gzip)),
    row("7z", "application/x-7z-compressed", Kind::Download(is_7z)),
    row("xz", "application/x-xz", Kind::Download(is_xz)),
    row("bz2", "application/x-bzip2", Kind::Download(is_bzip2)),
    row("html", "text/html; charset=utf-8", Kind::Refused(HTML)),
    row("htm", "text/html; charset=utf-8", Kind::Refused(HTML)),
    row("xhtml", "application/xhtml+xml", Kind::Refused(HTML)),
    row("xml", "application/xml", Kind::Refused(XML)),
    row("xsl", "application/xml", Kind::Refused(XML)),
    row(
        "svgz",
        "image/svg+xml",
        Kind::Refused("compressed SVG cannot be sanitized"),
    ),
    row(
        "js",
        "text/javascript; charset=utf-8",
        Kind::Refused(SCRIPT),
    ),
    row(
        "mjs",
        "text/javascript; charset=utf-8",
        Kind::Refused(SCRIPT),
    ),
    row("wasm", "application/wasm", Kind::Refused(SCRIPT)),
    row(
        "swf",
        "application/x-shockwave-flash",
        Kind::Refused(SCRIPT),
    ),
    row(
        "css",
        "text/css; charset=utf-8",
        Kind::Refused("styles belong in static/"),
    ),
    row("json", "application/json", Kind::Site),
    row("ico", "image/x-icon", Kind::Site),
    row("txt", "text/plain; charset=utf-8", Kind::Site),
    row("webmanifest", "application/manifest+json", Kind::Site),
    row("woff2", "font/woff2", Kind::Site),
    row("woff", "font/woff", Kind::Site),
];

const fn row(extension: &'static str, mime: &'static str, kind: Kind) -> MediaType {
    MediaType {
        extension,
        mime,
        kind,
    }
}

/// The default `[publish] allow` list: what a page may publish beside it.
pub const DEFAULT_ALLOW: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf", "zip", "gz", "tgz",
];

/// The row for a path's extension (case-insensitive), if tolk knows it.
pub fn lookup(path: &Path) -> Option<&'static MediaType> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    TABLE.iter().find(|t| t.extension == ext)
}

/// The row for an extension given in `book.toml`.
pub fn by_extension(extension: &str) -> Option<&'static MediaType> {
    let ext = extension.trim_start_matches('.').to_ascii_lowercase();
    TABLE.iter().find(|t| t.extension == ext)
}

/// What is sent for a file whose type is not in the table: opaque bytes, which with `nosniff`
/// a browser will neither run as script nor apply as style.
pub const UNKNOWN_MIME: &str = "application/octet-stream";

/// The `Content-Type` to serve `path` with; unknown types are opaque bytes.
pub fn content_type(path: &Path) -> &'static str {
    lookup(path).map_or(UNKNOWN_MIME, |t| t.mime)
}

/// Whether `path` should be served as a download rather than shown. Unknown types are
/// downloads too: nothing unexpected is opened on the site's origin.
pub fn is_download(path: &Path) -> bool {
    lookup(path).is_none_or(|t| matches!(t.kind, Kind::Download(_)))
}

fn is_png(b: &[u8]) -> bool {
    b.starts_with(b"\x89PNG\r\n\x1a\n")
}
fn is_jpeg(b: &[u8]) -> bool {
    b.starts_with(&[0xFF, 0xD8, 0xFF])
}
fn is_gif(b: &[u8]) -> bool {
    b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")
}
fn is_webp(b: &[u8]) -> bool {
    b.len() >= 12 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP"
}
fn is_avif(b: &[u8]) -> bool {
    b.len() >= 12 && &b[4..8] == b"ftyp" && matches!(&b[8..12], b"avif" | b"avis")
}
fn is_pdf(b: &[u8]) -> bool {
    b.starts_with(b"%PDF-")
}
fn is_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06")
}
fn is_gzip(b: &[u8]) -> bool {
    b.starts_with(&[0x1F, 0x8B])
}
fn is_7z(b: &[u8]) -> bool {
    b.starts_with(b"7z\xBC\xAF\x27\x1C")
}
fn is_xz(b: &[u8]) -> bool {
    b.starts_with(b"\xFD7zXZ\x00")
}
fn is_bzip2(b: &[u8]) -> bool {
    b.starts_with(b"BZh")
}

/// How many leading bytes the content checks look at.
pub const MAGIC_LEN: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raster_types_are_checked_by_content() {
        let png = lookup(Path::new("a/B.PNG")).unwrap();
        let Kind::Raster(check) = png.kind else {
            panic!("png is raster")
        };
        assert!(check(b"\x89PNG\r\n\x1a\n...."));
        assert!(!check(b"<svg onload=alert(1)>"));
        assert!(!check(b""));
    }

    #[test]
    fn script_carrying_types_are_refused_and_defaults_are_publishable() {
        for ext in ["html", "HTM", "xml", "js", "xhtml", "svgz"] {
            assert!(
                matches!(by_extension(ext).unwrap().kind, Kind::Refused(_)),
                "{ext}"
            );
        }
        for ext in DEFAULT_ALLOW {
            let kind = by_extension(ext).unwrap().kind;
            assert!(!matches!(kind, Kind::Refused(_) | Kind::Site), "{ext}");
        }
        assert_eq!(
            content_type(Path::new("x.unknown")),
            "application/octet-stream"
        );
        assert!(is_download(Path::new("report.pdf")) && !is_download(Path::new("a.png")));
    }

    #[test]
    fn documents_archives_and_unknown_types_are_downloads() {
        for file in ["a.pdf", "b.zip", "c.tar.gz", "d.7z", "e.unknown"] {
            assert!(is_download(Path::new(file)), "{file}");
        }
        for file in ["a.html", "b.css", "c.svg", "d.png", "e.js", "f.woff2"] {
            assert!(!is_download(Path::new(file)), "{file}");
        }
    }

    #[test]
    fn every_extension_is_listed_once_in_lowercase() {
        let mut seen = std::collections::BTreeSet::new();
        for m in TABLE {
            assert_eq!(m.extension, m.extension.to_ascii_lowercase());
            assert!(seen.insert(m.extension), "{} twice", m.extension);
        }
    }
}
