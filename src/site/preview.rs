//! A preview of body edits for `tolk serve`: the article pages that show an edited page, rendered
//! with the last published build's site before the rebuild runs, so the author sees the edit
//! after one page's render instead of a whole rebuild's (Hugo's "fast render" does the same for
//! the pages being viewed).
//!
//! Only a body edit is previewed: the page's front matter, slug, includes and content findings
//! read as before ([`crate::content::ContentCache::body_edit`]), so the navigation, the links of
//! other pages and every listing stay as they were, and the render's own findings must be the
//! ones the page had (an edit that adds or removes a finding waits for the rebuild, which reports
//! it). What the preview cannot know, the rebuild that always follows makes right: its
//! translations' notices, the search index, the status pages. The rebuild writes only files
//! whose bytes changed, so a page the preview got right is not written (nor reloaded) again.
//!
//! A message edit (an `.ftl` file that still parses) is previewed too, for the article pages
//! open in a browser only: each is wrapped again around its kept Markdown with the new messages,
//! the one page the author looks at instead of the locale's thousands the rebuild renders.

use super::articles;
use super::memo::Memo;
use super::plan::OutputPlan;
use super::{Output, Sink, Site};
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::i18n::Localizer;
use crate::templates::Templates;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

/// An [`Output`] that holds what is written (a preview writes through the serve session).
#[derive(Default)]
struct Collected(Mutex<Vec<(String, Vec<u8>)>>);

impl Output for Collected {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.push((rel.to_string(), bytes.to_vec()));
        Ok(())
    }

    fn publish(self: Box<Self>) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// A sink whose files go to `collected` (nothing is written yet).
fn collecting<'a>(collected: &'a Collected, plan: &'a OutputPlan) -> Sink<'a> {
    Sink {
        staging: Some(collected),
        plan,
        files: AtomicUsize::new(0),
        html_pages: AtomicUsize::new(0),
    }
}

/// The article pages among `open` (output files; the pages open in a browser), rendered around
/// their kept Markdown with the last build's `site` but `localizer` and `templates` made of the
/// edited `.ftl` files: what an open page shows after a message edit, ahead of the rebuild that
/// renders every page of the locale. A page that is no article, or whose Markdown looked up a
/// message that now reads otherwise (a note's label), is left to the rebuild; `None` when a
/// page's render finds other problems than last time (the rebuild reports them).
pub fn render_messages(
    site: &Site,
    memo: &Memo,
    localizer: Arc<Localizer>,
    templates: Arc<Templates>,
    open: &[String],
) -> Option<Vec<(String, Vec<u8>)>> {
    let site = Site {
        config: site.config.clone(),
        content: site.content.clone(),
        localizer,
        templates,
        form: site.form.clone(),
        translations: site.translations.clone(),
        nav: site.nav.clone(),
        publisher: site.publisher.clone(),
        memo_inputs: site.memo_inputs.clone(),
    };
    let collected = Collected::default();
    let plan = OutputPlan::default();
    let sink = collecting(&collected, &plan);
    // The open article pages whose Markdown reads as it did with the new messages.
    let pages: Vec<(&str, &articles::Body)> = open
        .iter()
        .filter_map(|rel| Some((rel.as_str(), memo.kept_body(rel)?)))
        .filter(|(_, (body, digest))| site.localizer.digest_of(&body.lookups) == **digest)
        .map(|(rel, (body, _))| (rel, body))
        .collect();
    for (rel, record) in articles::render_around(&site, &sink, &pages) {
        if memo.record(&rel)?.diagnostics != record.diagnostics {
            return None;
        }
    }
    let files = collected.0.into_inner().unwrap_or_else(|e| e.into_inner());
    Some(files)
}

/// The article files (output path, bytes) that show `pages` (body edits of `site`'s pages),
/// rendered with `site`; `None` when one of them cannot be previewed: a page the last build
/// did not render, or one whose render finds other problems than last time.
pub fn render(site: &Site, memo: &Memo, pages: &[Page]) -> Option<Vec<(String, Vec<u8>)>> {
    let collected = Collected::default();
    let plan = OutputPlan::default();
    let sink = collecting(&collected, &plan);
    for page in pages {
        let rendered = articles::render_edited(site, &sink, page);
        if rendered.is_empty() {
            return None;
        }
        for (rel, record) in rendered {
            let before = memo.record(&rel)?;
            if before.diagnostics != record.diagnostics {
                return None;
            }
        }
    }
    let files = collected.0.into_inner().unwrap_or_else(|e| e.into_inner());
    Some(files)
}
