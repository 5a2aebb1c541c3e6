//! The form definition seen in one locale: what `templates/form.html` lays out.
//!
//! Every text is resolved from Fluent here, so the template only lays out. What the browser
//! needs beyond the HTML travels in attributes (the site's CSP allows no inline script): the
//! language-neutral rules as JSON in `data-tolk-rules`, per-field error messages in
//! `data-msg-<code>`, and the other texts the script shows in a hidden list of `data-code`
//! items. Texts the script completes (a CVE ID, a score) carry `{name}` placeholders: Fluent
//! formats them with the placeholder as the variable's value, and the script replaces it with
//! text, never HTML.

use super::pages::{common_context, LocaleLink};
use super::Site;
use crate::form::client::native_pattern;
use crate::form::{choice_message, field_message, Field, FieldKind, Form};
use crate::i18n::Localizer;
use crate::urls;
use fluent_bundle::{FluentArgs, FluentValue};
use serde::Serialize;

#[derive(Serialize)]
struct SectionView {
    id: String,
    heading: String,
    guidance: String,
    /// The section's step in the guide; `None` when the site does not have the guide.
    step: Option<StepLink>,
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct FieldView {
    id: String,
    html_id: String,
    /// The element the error summary's link focuses (the first radio of a group).
    focus_id: String,
    kind: &'static str,
    label: String,
    hint: Option<String>,
    /// Shown as "(optional)": neither required nor part of a rule.
    optional: bool,
    /// The native `required` attribute: only for fields required whatever else is chosen.
    required_native: bool,
    conditional: bool,
    /// The native `maxlength` ([`FieldKind::input_limit`]): none where it would disagree with
    /// the validators.
    max_length: Option<usize>,
    pattern: Option<&'static str>,
    autocomplete: Option<String>,
    choices: Vec<ChoiceView>,
    messages: Vec<Message>,
}

#[derive(Serialize)]
struct ChoiceView {
    code: String,
    label: String,
    hint: Option<String>,
    checked: bool,
}

/// A text the script shows, by code.
#[derive(Serialize)]
struct Message {
    code: String,
    text: String,
}

#[derive(Serialize)]
struct StepLink {
    href: String,
    text: String,
}

/// Formats messages of one locale, with `{name}` placeholders for what the script fills in.
struct Texts<'a> {
    localizer: &'a Localizer,
    locale: &'a str,
}

impl Texts<'_> {
    fn get(
        &self,
        id: &str,
        attr: Option<&str>,
        args: &[(&str, FluentValue<'static>)],
    ) -> Option<String> {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let args = (!args.is_empty()).then_some(&fluent_args);
        let text = self.localizer.format(self.locale, id, attr, args)?;
        Some(crate::i18n::strip_isolation(&text))
    }

    fn text(&self, id: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        self.get(id, None, args).unwrap_or_else(|| id.to_string())
    }

    fn placeholders(&self, id: &str, names: &[&'static str]) -> String {
        let args: Vec<(&str, FluentValue<'static>)> = names
            .iter()
            .map(|n| (*n, FluentValue::from(format!("{{{n}}}"))))
            .collect();
        self.text(id, &args)
    }
}

pub(super) fn page_context(
    site: &Site,
    form: &Form,
    locale: &str,
    dir: &str,
    rules_json: &str,
) -> tera::Context {
    let config = &site.config;
    let texts = Texts {
        localizer: &site.localizer,
        locale,
    };
    let mut context = common_context(site, locale, dir, |tag| {
        LocaleLink::target(urls::form_dir(tag), true)
    });
    let root = urls::root_prefix(dir);
    let has_article = site.content.pages.iter().any(|p| p.slug == form.article);
    let article_href =
        has_article.then(|| format!("{root}{}", urls::page_dir(locale, &form.article)));
    let step = |n: u64| {
        article_href.as_ref().map(|href| StepLink {
            href: format!("{href}#step-{n}"),
            text: texts.text("form-step-link", &[("step", FluentValue::from(n as f64))]),
        })
    };
    let sections: Vec<SectionView> = form
        .sections
        .iter()
        .map(|s| {
            let id = format!("form-section-{}", s.id);
            SectionView {
                id: s.id.clone(),
                heading: texts.text(&id, &[]),
                guidance: texts.get(&id, Some("guidance"), &[]).unwrap_or_default(),
                step: step(s.step),
                fields: s
                    .fields
                    .iter()
                    .map(|f| field_view(form, f, &texts))
                    .collect(),
            }
        })
        .collect();
    let next_items: Vec<String> = form
        .next
        .items
        .iter()
        .map(|i| texts.text(&format!("form-next-{i}"), &[]))
        .collect();
    let next_steps: Vec<StepLink> = form.next.steps.iter().filter_map(|n| step(*n)).collect();
    let alternates: Vec<(String, String)> = config
        .locales
        .iter()
        .map(|l| {
            (
                l.tag.clone(),
                format!("{}/{}", config.base_url, urls::form_dir(&l.tag)),
            )
        })
        .collect();
    context.insert("description", &texts.text("form-intro", &[]));
    context.insert("canonical", &format!("{}/{dir}", config.base_url));
    context.insert("form_alternates", &alternates);
    context.insert(
        "x_default",
        &format!(
            "{}/{}",
            config.base_url,
            urls::form_dir(&config.source_locale)
        ),
    );
    context.insert("article_href", &article_href);
    context.insert("sections", &sections);
    context.insert("next_items", &next_items);
    context.insert("next_steps", &next_steps);
    context.insert("rules_json", rules_json);
    context.insert("endpoint", &config.form_endpoint);
    context.insert(
        "messages",
        &script_messages(form, &texts, config.locale(locale).map(|l| l.name.as_str())),
    );
    context
}

fn field_view(form: &Form, field: &Field, texts: &Texts) -> FieldView {
    let id = field_message(&field.id);
    let html_id = format!("field-{}", field.id);
    let label = texts.text(&id, &[]);
    let in_rule = form
        .rules
        .iter()
        .any(|r| r.at_least_one_of.contains(&field.id));
    let mut messages = Vec::new();
    let mut message = |code: &str, text: Option<String>| {
        if let Some(text) = text {
            messages.push(Message {
                code: code.into(),
                text,
            });
        }
    };
    if field.required {
        message("required", texts.get(&id, Some("required"), &[]));
    }
    if let FieldKind::Email { .. } = field.kind {
        message("email", texts.get(&id, Some("invalid"), &[]));
    }
    let limit = |max: usize| -> [(&str, FluentValue<'static>); 2] {
        [
            ("label", FluentValue::from(label.clone())),
            ("max", FluentValue::from(max as f64)),
        ]
    };
    if let Some(max) = field.kind.max_length() {
        message(
            "too-long",
            Some(texts.text("form-error-too-long", &limit(max))),
        );
    }
    if let FieldKind::CveList { max_items } = field.kind {
        message(
            "too-many",
            Some(texts.text("form-error-too-many", &limit(max_items))),
        );
    }
    let (default, autocomplete) = match &field.kind {
        FieldKind::Choice { default, .. } => (default.clone(), None),
        FieldKind::Text { autocomplete, .. } | FieldKind::Email { autocomplete, .. } => {
            (None, autocomplete.clone())
        }
        _ => (None, None),
    };
    let choices: Vec<ChoiceView> = field
        .kind
        .choices()
        .iter()
        .map(|code| {
            let id = choice_message(&field.id, code);
            ChoiceView {
                code: code.clone(),
                label: texts.text(&id, &[]),
                hint: texts.get(&id, Some("hint"), &[]),
                checked: default.as_ref() == Some(code),
            }
        })
        .collect();
    let focus_id = match choices.first() {
        Some(c) => format!("{html_id}-{}", c.code),
        None => html_id.clone(),
    };
    FieldView {
        id: field.id.clone(),
        focus_id,
        html_id,
        kind: field.kind.name(),
        hint: texts.get(&id, Some("hint"), &[]),
        label,
        optional: !field.required && !in_rule,
        required_native: field.required && field.shown_when.is_none(),
        conditional: field.shown_when.is_some(),
        max_length: field.kind.input_limit(),
        pattern: native_pattern(&field.kind),
        autocomplete,
        choices,
        messages,
    }
}

/// Texts the script shows that are not tied to one field: (code in the page, Fluent id,
/// the variables the script fills in).
fn script_texts(form: &Form) -> Vec<(String, String, &'static [&'static str])> {
    let mut out: Vec<(String, String, &'static [&'static str])> =
        vec![("invalid".into(), "form-error-invalid".into(), &[])];
    for code in crate::rules::ERROR_CODES {
        let id = format!("form-error-{}", code.replace('.', "-"));
        out.push((code.into(), id, &["token", "metric"]));
    }
    for rule in &form.rules {
        out.push((
            format!("rule.{}", rule.id),
            format!("form-rule-{}", rule.id),
            &[],
        ));
    }
    for severity in ["none", "low", "medium", "high", "critical"] {
        out.push((
            format!("severity.{severity}"),
            format!("form-severity-{severity}"),
            &[],
        ));
    }
    out.push((
        "cvss-score".into(),
        "form-cvss-score".into(),
        &["version", "score", "severity"],
    ));
    for code in [
        "error-prefix",
        "cvss-incomplete",
        "sending",
        "network-error",
        "server-error",
        "copied",
        "copy-failed",
        "review-locale",
        "submitted-title",
    ] {
        out.push((code.into(), format!("form-{code}"), &[]));
    }
    out
}

fn script_messages(form: &Form, texts: &Texts, locale_name: Option<&str>) -> Vec<Message> {
    let mut out: Vec<Message> = script_texts(form)
        .into_iter()
        .map(|(code, id, names)| Message {
            code,
            text: texts.placeholders(&id, names),
        })
        .collect();
    out.push(Message {
        code: "locale-name".into(),
        text: locale_name.unwrap_or_default().to_string(),
    });
    out
}

/// The messages this module asks for by id, beside those of the template and the definition,
/// so `check` neither calls them unused nor misses them.
pub(super) fn code_message_ids(form: &Form) -> Vec<String> {
    let fixed = [
        "form-step-link",
        "form-error-too-long",
        "form-error-too-many",
    ];
    let mut ids: Vec<String> = fixed.iter().map(|id| id.to_string()).collect();
    ids.extend(script_texts(form).into_iter().map(|(_, id, _)| id));
    ids
}
