//! The one table of file types tolk knows: extension → MIME type, and whether a browser should
//! download the file instead of showing it. `tolk serve` (and the browser tests' server) take
//! `Content-Type` and `Content-Disposition` from here, so a type is added in one place.
//! A leaf module: it imports nothing of the pipeline.

use std::path::Path;

/// One known kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaType {
    /// The file name extension, lowercase, without the dot.
    pub extension: &'static str,
    /// The `Content-Type` value sent for it.
    pub mime: &'static str,
    /// Served with `Content-Disposition: attachment`: the browser saves it instead of opening it
    /// on the site's origin (documents and archives).
    pub download: bool,
}

const fn shown(extension: &'static str, mime: &'static str) -> MediaType {
    MediaType {
        extension,
        mime,
        download: false,
    }
}

const fn download(extension: &'static str, mime: &'static str) -> MediaType {
    MediaType {
        extension,
        mime,
        download: true,
    }
}

/// Every type tolk serves by name. Text types carry their charset (the build writes UTF-8).
pub const MEDIA_TYPES: &[MediaType] = &[
    shown("html", "text/html; charset=utf-8"),
    shown("htm", "text/html; charset=utf-8"),
    shown("css", "text/css; charset=utf-8"),
    shown("js", "text/javascript; charset=utf-8"),
    shown("mjs", "text/javascript; charset=utf-8"),
    shown("json", "application/json"),
    shown("webmanifest", "application/manifest+json"),
    shown("xml", "application/xml"),
    shown("txt", "text/plain; charset=utf-8"),
    shown("svg", "image/svg+xml"),
    shown("png", "image/png"),
    shown("jpg", "image/jpeg"),
    shown("jpeg", "image/jpeg"),
    shown("gif", "image/gif"),
    shown("webp", "image/webp"),
    shown("avif", "image/avif"),
    shown("ico", "image/x-icon"),
    shown("woff2", "font/woff2"),
    shown("woff", "font/woff"),
    download("pdf", "application/pdf"),
    download("zip", "application/zip"),
    download("gz", "application/gzip"),
    download("tgz", "application/gzip"),
    download("tar", "application/x-tar"),
    download("7z", "application/x-7z-compressed"),
    download("xz", "application/x-xz"),
    download("bz2", "application/x-bzip2"),
];

/// What is sent for a file whose type is not in the table: opaque bytes, which with `nosniff`
/// a browser will neither run as script nor apply as style.
pub const UNKNOWN_MIME: &str = "application/octet-stream";

/// The table's entry for `path`'s extension (case-insensitive), if it has one.
pub fn media_type(path: &Path) -> Option<&'static MediaType> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    MEDIA_TYPES.iter().find(|m| m.extension == extension)
}

/// The `Content-Type` to send for `path`; [`UNKNOWN_MIME`] when the type is not in the table.
pub fn content_type(path: &Path) -> &'static str {
    media_type(path).map_or(UNKNOWN_MIME, |m| m.mime)
}

/// Whether `path` is a download (documents, archives) rather than something to show. Unknown
/// types are downloads too: nothing unexpected is opened on the site's origin.
pub fn is_download(path: &Path) -> bool {
    media_type(path).is_none_or(|m| m.download)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_table_by_extension_in_any_case() {
        let ct = |p: &str| content_type(Path::new(p));
        assert_eq!(ct("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(ct("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(ct("d.PNG"), "image/png");
        assert_eq!(ct("guide.pdf"), "application/pdf");
        assert_eq!(ct("noextension"), UNKNOWN_MIME);
        assert_eq!(ct("x.exe"), UNKNOWN_MIME);
    }

    #[test]
    fn documents_archives_and_unknown_types_are_downloads() {
        for file in ["a.pdf", "b.zip", "c.tar.gz", "d.7z", "e.unknown"] {
            assert!(is_download(Path::new(file)), "{file}");
        }
        for file in ["a.html", "b.css", "c.svg", "d.png", "e.js"] {
            assert!(!is_download(Path::new(file)), "{file}");
        }
    }

    #[test]
    fn every_extension_is_listed_once_in_lowercase() {
        let mut seen = std::collections::BTreeSet::new();
        for m in MEDIA_TYPES {
            assert_eq!(m.extension, m.extension.to_ascii_lowercase());
            assert!(seen.insert(m.extension), "{} twice", m.extension);
        }
    }
}
