//! Which files beside a page the site publishes, and in what form.
//!
//! A page's links and images may publish a file on the site's origin; anything a browser
//! would run there (HTML, XML, JavaScript, an SVG's scripts) would run with the site's
//! authority, where the ticket form's draft lives. So a file is published only when its type
//! is in `[publish] allow` (default [`crate::media_types::DEFAULT_ALLOW`]), a raster image or
//! download only when its first bytes are that format, an SVG only as [`crate::svg`] rebuilds
//! it. Every read goes through [`SiteFs`].

use crate::input::{InputError, Refusal, SiteFs};
use crate::media_types::{self, Kind, MAGIC_LEN};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Decides and produces what the site publishes beside its pages.
#[derive(Debug, Clone)]
pub struct Publisher {
    files: SiteFs,
    allow: Vec<String>,
    /// Files already found publishable: many pages (and every locale falling back to the
    /// source's media) show the same image, and an SVG is parsed once, not once per page.
    /// Each with its stamp when checked, for the render memo ([`crate::input::record`]).
    /// Shared by clones (a preview of a message edit renders with a copy of the last build's
    /// site, and finds the same files publishable).
    passed: Arc<Mutex<HashMap<PathBuf, crate::input::record::Stamp>>>,
}

/// Why a file is not published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{}", .0.refusal)]
    Input(InputError),
    #[error("{why}")]
    Refused {
        extension: String,
        why: &'static str,
    },
    #[error("`.{0}` files are not in `[publish] allow`")]
    NotAllowed(String),
    #[error("its content is not {0}, as its name says")]
    Mismatch(&'static str),
    #[error("{0}")]
    Svg(#[from] crate::svg::SvgError),
}

impl PublishError {
    /// Whether there is no file to publish (absent, or a folder): a link to it is reported as
    /// a link to a missing file.
    pub fn is_not_found(&self) -> bool {
        matches!(self, PublishError::Input(e) if e.is_not_found() || matches!(e.refusal, Refusal::Folder))
    }

    /// The message for a link to the file `target`.
    pub fn message(&self, target: &str) -> String {
        match self {
            PublishError::Input(_) => format!("`{target}` {self}"),
            _ => format!("`{target}` is not published: {self}"),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            PublishError::Input(_) => "copy the file itself into content/",
            PublishError::Refused { .. } => "link to it elsewhere, or publish a PDF or an image",
            PublishError::NotAllowed(_) => "add the extension to `[publish] allow` in book.toml",
            PublishError::Mismatch(_) => "re-export the file in the format its extension names",
            PublishError::Svg(_) => "export it again as plain SVG",
        }
    }
}

impl Publisher {
    /// A publisher reading through `files`, allowing the extensions in `allow` (lower case).
    pub fn new(files: SiteFs, allow: Vec<String>) -> Publisher {
        Publisher {
            files,
            allow,
            passed: Arc::default(),
        }
    }

    /// Checks that `path` may be published, reading as little as it can (an SVG is sanitized
    /// once to prove it can be).
    pub fn check(&self, path: &Path) -> Result<(), PublishError> {
        let known = self
            .passed
            .lock()
            .ok()
            .and_then(|set| set.get(path).copied());
        if let Some(stamp) = known {
            // A read saved is still a read: a memo of the page must know the file.
            crate::input::record::note_stamp(path, stamp);
            return Ok(());
        }
        // Stamped before the read: a file changed meanwhile looks changed next time.
        let stamp = crate::input::record::stamp(path);
        self.publish(path, false)?;
        if let Ok(mut set) = self.passed.lock() {
            set.insert(path.to_path_buf(), stamp);
        }
        Ok(())
    }

    /// The bytes to publish for `path`: a copy, or the sanitized SVG.
    pub fn bytes(&self, path: &Path) -> Result<Vec<u8>, PublishError> {
        self.publish(path, true)
    }

    fn publish(&self, path: &Path, whole: bool) -> Result<Vec<u8>, PublishError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        // A missing file, a link or a FIFO is reported as such, whatever its name says.
        self.files.read_head(path, 0).map_err(PublishError::Input)?;
        let kind = media_types::lookup(path).map(|t| (t.kind, t.mime));
        let (check, mime) = match kind {
            Some((Kind::Refused(why), _)) => return Err(PublishError::Refused { extension, why }),
            _ if !self.allow.contains(&extension) => {
                return Err(PublishError::NotAllowed(extension))
            }
            Some((Kind::Svg, _)) => {
                let bytes = self.files.read(path).map_err(PublishError::Input)?;
                return Ok(crate::svg::sanitize(&bytes)?.into_bytes());
            }
            Some((Kind::Raster(check) | Kind::Download(check), mime)) => (check, mime),
            Some((Kind::Site, _)) | None => return Err(PublishError::NotAllowed(extension)),
        };
        let bytes = if whole {
            self.files.read(path)
        } else {
            self.files.read_head(path, MAGIC_LEN)
        }
        .map_err(PublishError::Input)?;
        if !check(&bytes) {
            return Err(PublishError::Mismatch(mime));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publisher(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Publisher) {
        let tmp = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            std::fs::write(tmp.path().join(name), bytes).unwrap();
        }
        std::fs::create_dir(tmp.path().join("folder.png")).unwrap();
        let allow = ["png", "svg", "pdf"].map(String::from).to_vec();
        let p = Publisher::new(SiteFs::new(tmp.path()), allow);
        (tmp, p)
    }

    #[test]
    fn files_are_published_by_type_and_content() {
        let (tmp, p) = publisher(&[
            ("ok.png", b"\x89PNG\r\n\x1a\nrest"),
            ("fake.png", b"<svg onload=alert(1)>"),
            ("page.html", b"<p>"),
            ("photo.gif", b"GIF89a"),
            ("doc.pdf", b"%PDF-1.7"),
            (
                "d.svg",
                br#"<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>"#,
            ),
        ]);
        let at = |name: &str| tmp.path().join(name);
        assert!(p.check(&at("ok.png")).is_ok() && p.check(&at("doc.pdf")).is_ok());
        assert_eq!(p.bytes(&at("ok.png")).unwrap(), b"\x89PNG\r\n\x1a\nrest");
        assert!(!String::from_utf8(p.bytes(&at("d.svg")).unwrap())
            .unwrap()
            .contains("onload"));
        assert!(matches!(
            p.check(&at("fake.png")),
            Err(PublishError::Mismatch(_))
        ));
        assert!(matches!(
            p.check(&at("page.html")),
            Err(PublishError::Refused { .. })
        ));
        assert!(matches!(
            p.check(&at("photo.gif")),
            Err(PublishError::NotAllowed(_))
        ));
        assert!(p.check(&at("gone.png")).unwrap_err().is_not_found());
        assert!(p.check(&at("gone.html")).unwrap_err().is_not_found());
        assert!(p.check(&at("folder.png")).unwrap_err().is_not_found());
    }
}
