//! The output plan: every file of the site is claimed, with what makes it, before any is
//! written, and the sink writes only claimed files, each once.
//!
//! This is what makes "one page, one file" and determinism hold by construction: two outputs on
//! one path (a translation and a stand-in, two folders that slug alike, a page and a generated
//! file) are an error naming both sources at planning time, so no two render jobs can ever race
//! for one file, whatever the content.

use crate::diagnostics::{rule, Diagnostic};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What produces one output file: a source file and a short description.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: PathBuf,
    pub what: String,
}

impl Origin {
    pub fn new(source: impl AsRef<Path>, what: impl Into<String>) -> Self {
        Origin {
            source: source.as_ref().to_path_buf(),
            what: what.into(),
        }
    }
}

/// Output path → its one origin, and whether it was written (or kept) yet: one map, so a
/// write costs one lookup (a rebuild that keeps 10,000 pages lets 10,000 through).
#[derive(Debug, Default)]
pub struct OutputPlan {
    planned: Mutex<FxHashMap<String, Planned>>,
}

#[derive(Debug)]
struct Planned {
    origin: Origin,
    written: bool,
}

impl OutputPlan {
    /// Claims `path` for `origin`. A path claimed twice is an error naming both origins;
    /// the same origin claiming it again (a media file two pages show) is fine.
    pub fn claim(&self, path: &str, origin: Origin) -> Result<(), Diagnostic> {
        let mut planned = self.planned.lock().unwrap_or_else(|e| e.into_inner());
        match planned.get(path).map(|p| &p.origin) {
            Some(first) if first.source == origin.source && first.what == origin.what => Ok(()),
            Some(first) => Err(Diagnostic::error(
                &origin.source,
                format!(
                    "output `{path}` would be written twice: by {} and by {} ({})",
                    origin.what,
                    first.what,
                    first.source.display()
                ),
            )
            .rule(rule::OUTPUT_PATH)
            .with_help("give one of them another path (`slug:`, file or folder name)")),
            None => {
                let written = false;
                planned.insert(path.to_string(), Planned { origin, written });
                Ok(())
            }
        }
    }

    /// Lets one write of `path` through: it must be planned and not yet written.
    pub fn start_write(&self, path: &str) -> Result<(), Diagnostic> {
        let mut planned = self.planned.lock().unwrap_or_else(|e| e.into_inner());
        match planned.get_mut(path) {
            None => Err(Diagnostic::error(
                path,
                "internal error: writing a file that was not planned",
            )
            .rule(rule::OUTPUT_PATH)),
            Some(p) if p.written => Err(Diagnostic::error(
                path,
                "internal error: writing a file a second time",
            )
            .rule(rule::OUTPUT_PATH)),
            Some(p) => {
                p.written = true;
                Ok(())
            }
        }
    }

    /// How many files are planned.
    pub fn len(&self) -> usize {
        self.planned.lock().map_or(0, |p| p.len())
    }

    /// Whether nothing is planned.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Claims every file the site makes besides articles, media and charts: homes, status and form
/// pages, the root chooser, 404, sitemap, schema, tables of contents and static files.
pub fn claim_fixed(site: &super::Site, plan: &OutputPlan) -> crate::diagnostics::Diagnostics {
    use crate::urls;
    let book = site.config.root.join(crate::config::CONFIG_FILE);
    let generated = |what: &str| Origin::new(&book, what.to_string());
    let mut claims: Vec<(String, Origin)> = vec![
        (crate::output::MARKER.into(), generated("the build marker")),
        ("index.html".into(), generated("the root language chooser")),
        ("404.html".into(), generated("the 404 page")),
        ("sitemap.xml".into(), generated("the sitemap")),
    ];
    for l in &site.config.locales {
        let tag = &l.tag;
        claims.push((
            urls::index_file(&urls::home_dir(tag)),
            generated(&format!("the {tag} home page")),
        ));
        claims.push((
            urls::index_file(&urls::status_dir(tag)),
            generated(&format!("the {tag} status page")),
        ));
        claims.push((
            urls::index_file(&urls::toc_dir(tag)),
            generated(&format!("the {tag} table of contents")),
        ));
    }
    if let Some(form) = &site.form {
        let from = |what: String| Origin::new(&form.path, what);
        claims.push((
            crate::form::schema::SCHEMA_FILE.into(),
            from("the ticket schema".into()),
        ));
        for l in &site.config.locales {
            let what = format!("the {} ticket form", l.tag);
            claims.push((urls::index_file(&urls::form_dir(&l.tag)), from(what)));
        }
    }
    claims.push((
        crate::csp::HEADERS_FILE.into(),
        generated("the _headers file"),
    ));
    for (rel, source, _) in super::assets::static_files(site).0 {
        claims.push((
            format!("static/{rel}"),
            Origin::new(source, "a static file"),
        ));
    }
    let mut diagnostics = crate::diagnostics::Diagnostics::new();
    for (path, origin) in claims {
        if let Err(e) = plan.claim(&path, origin) {
            diagnostics.push(e);
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_origins_for_one_path_name_both() {
        let plan = OutputPlan::default();
        plan.claim(
            "de-DE/a/index.html",
            Origin::new("content/de-DE/a.md", "the page"),
        )
        .unwrap();
        let e = plan
            .claim(
                "de-DE/a/index.html",
                Origin::new("content/en-US/b.md", "the de-DE stand-in"),
            )
            .unwrap_err();
        assert!(e.message.contains("content/de-DE/a.md"), "{e}");
        assert!(e.message.contains("stand-in"), "{e}");
        plan.claim("media/x.png", Origin::new("m.png", "media"))
            .unwrap();
        plan.claim("media/x.png", Origin::new("m.png", "media"))
            .unwrap();
        assert!(plan.start_write("media/x.png").is_ok());
        assert!(plan.start_write("media/x.png").is_err());
        assert!(plan.start_write("nowhere.html").is_err());
    }
}
