//! The ticket form's page in every locale, the ticket schema file, and the guide's link to the
//! form. What the page shows of the definition in one locale is built by `form_view`.

use super::{Sink, Site};
use crate::content::Page;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::form::client::client_rules;
use crate::form::schema::{ticket_schema, SCHEMA_FILE};
use crate::urls;
use serde::Serialize;
use std::collections::BTreeMap;

/// Renders the form page of every locale and writes the ticket schema. Returns the number of
/// HTML files.
pub fn render_all(site: &Site, sink: &Sink) -> (usize, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let Some(form) = &site.form else {
        return (0, diagnostics);
    };
    if !site.content.pages.iter().any(|p| p.slug == form.article) {
        let message = format!(
            "`article: {}` is not a page of this site, so the form links to no guide",
            form.article
        );
        let help = "name the slug of the guide the form follows";
        diagnostics.push(
            Diagnostic::warning(&form.path, message)
                .rule(rule::FORM)
                .with_help(help),
        );
    }
    let locales: Vec<String> = site.config.locales.iter().map(|l| l.tag.clone()).collect();
    let schema_id = format!("{}/{SCHEMA_FILE}", site.config.base_url);
    let schema = ticket_schema(form, &locales, Some(&schema_id));
    let rules = client_rules(form, &locales);
    let write = |rel: &str, text: Result<String, serde_json::Error>| match text {
        Ok(text) => sink.write(rel, text.as_bytes()),
        Err(e) => {
            Err(Diagnostic::error(rel, format!("cannot serialize: {e}")).rule(rule::FORM_PAGE))
        }
    };
    if let Err(e) = write(SCHEMA_FILE, serde_json::to_string_pretty(&schema)) {
        diagnostics.push(e);
    }
    let rules_json = match serde_json::to_string(&rules) {
        Ok(json) => json,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(SCHEMA_FILE, format!("cannot serialize: {e}"))
                    .rule(rule::FORM_PAGE),
            );
            return (0, diagnostics);
        }
    };
    let mut count = 0;
    for locale in &locales {
        let dir = urls::form_dir(locale);
        let data = super::form_view::FormPage::new(site, form, locale, &dir, &rules_json);
        match site
            .templates
            .render("form.html", Some(locale), &data)
            .and_then(|html| sink.write(&urls::index_file(&dir), html.as_bytes()))
        {
            Ok(()) => count += 1,
            Err(e) => diagnostics.push(e),
        }
    }
    (count, diagnostics)
}

/// What `templates/step-link.html` shows: the link from the guide's step to the form.
#[derive(Serialize)]
struct StepLinkData {
    href: String,
}

/// The HTML the guide's article shows inside the step that leads to the form: a link to the
/// form in the same locale. Empty for other pages or without a form.
pub fn step_extras(
    site: &Site,
    locale: &str,
    page: &Page,
    root: &str,
) -> (BTreeMap<u64, String>, Diagnostics) {
    let mut extras = BTreeMap::new();
    let mut diagnostics = Diagnostics::new();
    let Some(form) = site.form.as_ref().filter(|f| f.article == page.slug) else {
        return (extras, diagnostics);
    };
    let data = StepLinkData {
        href: urls::link(root, &urls::form_dir(locale)),
    };
    match site.templates.render("step-link.html", Some(locale), &data) {
        Ok(html) => {
            extras.insert(form.article_step, html);
        }
        Err(e) => diagnostics.push(e),
    }
    (extras, diagnostics)
}

/// Warns when the guide's article lacks a step the form links to.
pub fn check_article_steps(site: &Site, page: &Page, steps: &[u64]) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let Some(form) = site.form.as_ref().filter(|f| f.article == page.slug) else {
        return diagnostics;
    };
    let wanted = std::iter::once(form.article_step)
        .chain(form.sections.iter().map(|s| s.step))
        .chain(form.next.steps.iter().copied());
    let mut missing: Vec<u64> = wanted.filter(|n| !steps.contains(n)).collect();
    missing.sort_unstable();
    missing.dedup();
    for n in missing {
        let message =
            format!("the ticket form links to step {n} of this page, which has no step {n}");
        let help = format!(
            "number the steps as the source does, or change {}",
            form.path.display()
        );
        diagnostics.push(
            Diagnostic::warning(page.path(), message)
                .rule(rule::FORM)
                .with_help(help),
        );
    }
    diagnostics
}
