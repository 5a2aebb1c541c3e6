//! Every Fluent message id tolk's own code asks for, declared once.
//!
//! The pages use these constants, and the translation checks enumerate the same ones through
//! [`built_in_uses`], so `check` can neither miss one nor call one unused. Templates and the
//! form definition name their own ids; this is only what Rust code formats. A finding about
//! one of these names no source file (a site author cannot edit tolk's code): it says the
//! message is used by tolk's built-in pages.

use crate::check::MessageUse;
use crate::form::Form;

/// The root page's line under each language name ("Choose this language").
pub const CHOOSE_LANGUAGE: &str = "choose-language";
/// The 404 page's heading, in each language.
pub const NOT_FOUND: &str = "not-found";
/// The 404 page's link text to each home.
pub const NOT_FOUND_HOME: &str = "not-found-home";
/// The form page's description (`<meta name="description">`).
pub const FORM_INTRO: &str = "form-intro";
/// A form section's link to its step of the guide (`$step`).
pub const FORM_STEP_LINK: &str = "form-step-link";
/// A field's text is too long (`$label`, `$max`).
pub const FORM_ERROR_TOO_LONG: &str = "form-error-too-long";
/// A list field has too many items (`$label`, `$max`).
pub const FORM_ERROR_TOO_MANY: &str = "form-error-too-many";

/// The guide's name in the header, also the breadcrumb of search results.
pub const NAV_GUIDE: &str = "nav-guide";
/// The form page's heading: its search result's title.
pub const FORM_TITLE: &str = "form-title";
/// The search box's result count (`$count`, with plurals).
pub const SEARCH_RESULTS: &str = "search-results";

/// The severities a CVSS score is named by, as the script reports them.
const SEVERITIES: [&str; 5] = ["none", "low", "medium", "high", "critical"];

/// Texts of the form's script that belong to no one field: (code in the page, message id).
const SCRIPT_TEXTS: [&str; 9] = [
    "error-prefix",
    "cvss-incomplete",
    "sending",
    "network-error",
    "server-error",
    "copied",
    "copy-failed",
    "review-locale",
    "submitted-title",
];

/// A text the form's script shows: its code in the page, its message id, and the variables
/// the script fills in (Fluent formats them as `{name}` placeholders).
pub struct ScriptText {
    pub code: String,
    pub id: String,
    pub placeholders: &'static [&'static str],
}

/// Every text the form's script shows that is not tied to one field.
pub fn script_texts(form: &Form) -> Vec<ScriptText> {
    let text = |code: String, id: String, placeholders| ScriptText {
        code,
        id,
        placeholders,
    };
    let mut out = vec![text("invalid".into(), "form-error-invalid".into(), &[])];
    for code in crate::rules::ERROR_CODES {
        let id = format!("form-error-{}", code.replace('.', "-"));
        out.push(text(code.to_string(), id, &["token", "metric"]));
    }
    for rule in &form.rules {
        out.push(text(
            format!("rule.{}", rule.id),
            format!("form-rule-{}", rule.id),
            &[],
        ));
    }
    for severity in SEVERITIES {
        out.push(text(
            format!("severity.{severity}"),
            format!("form-severity-{severity}"),
            &[],
        ));
    }
    out.push(text(
        "cvss-score".into(),
        "form-cvss-score".into(),
        &["version", "score", "severity"],
    ));
    for code in SCRIPT_TEXTS {
        out.push(text(code.into(), format!("form-{code}"), &[]));
    }
    out
}

/// Every id tolk's code asks for: the root and 404 pages and Microsoft Docs Markdown's
/// labels always, the form page's
/// when the site has a form.
pub fn built_in_ids(form: Option<&Form>) -> Vec<String> {
    let mut ids: Vec<String> = [
        CHOOSE_LANGUAGE,
        NOT_FOUND,
        NOT_FOUND_HOME,
        NAV_GUIDE,
        SEARCH_RESULTS,
    ]
    .into_iter()
    .chain(crate::markdown::docfx::MESSAGES.iter().copied())
    .map(str::to_string)
    .collect();
    if let Some(form) = form {
        ids.extend(
            [
                FORM_TITLE,
                FORM_INTRO,
                FORM_STEP_LINK,
                FORM_ERROR_TOO_LONG,
                FORM_ERROR_TOO_MANY,
            ]
            .map(str::to_string),
        );
        ids.extend(script_texts(form).into_iter().map(|t| t.id));
    }
    ids
}

/// [`built_in_ids`] as message uses for the translation checks: they have no source file.
pub fn built_in_uses(form: Option<&Form>) -> Vec<MessageUse> {
    built_in_ids(form)
        .into_iter()
        .map(|id| MessageUse {
            id,
            attribute: None,
            path: None,
            line: 0,
            column: 0,
        })
        .collect()
}

/// The search index's breadcrumb text (the guide's name) in `locale`, marked as another
/// locale's words when it falls back (`static/js/search.js` shows it through `TolkLang`).
pub fn crumb(site: &super::Site, locale: &str) -> String {
    let text = site.localizer.format_marked(locale, NAV_GUIDE, None, None);
    crate::i18n::strip_isolation(&text.unwrap_or_else(|| NAV_GUIDE.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id this module declares is defined in the repository's source locale.
    #[test]
    fn the_repository_defines_every_built_in_message() {
        let form = Form::parse(
            crate::form::DEFAULT_DEFINITION,
            std::path::Path::new(crate::form::DEFAULT_DEFINITION_NAME),
        )
        .expect("the built-in form");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en-US");
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).expect("locales/en-US") {
            let path = entry.expect("entry").path();
            text.push_str(&std::fs::read_to_string(path).expect("an .ftl file"));
            text.push('\n');
        }
        for id in built_in_ids(Some(&form)) {
            let defined = text.lines().any(|l| {
                l.strip_prefix(id.as_str())
                    .is_some_and(|r| r.trim_start().starts_with('='))
            });
            assert!(defined, "{id} is not defined in locales/en-US");
        }
    }
}
