//! The form definition seen in one locale: what `templates/form.html` lays out.
//!
//! Every text is resolved from Fluent here, so the template only lays out. What the browser
//! needs beyond the HTML travels in attributes (the site's CSP allows no inline script): the
//! language-neutral rules as JSON in `data-tolk-rules`, per-field error messages in
//! `data-msg-<code>`, and the other texts the script shows in a hidden list of `data-code`
//! items. Texts the script completes (a CVE ID, a score) carry `{name}` placeholders: Fluent
//! formats them with the placeholder as the variable's value, and the script replaces it with
//! text, never HTML.

use super::chrome::{Chrome, Hreflang, SwitchTarget};
use super::messages;
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
    /// A choice with one possible answer, preselected: shown as the fact it is, not as a
    /// group of one radio button (its value still travels in a hidden input).
    fixed: Option<ChoiceView>,
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
    /// The fields this choice shows (`shown-when` it), laid out right under it (GOV.UK's
    /// conditional reveal), wherever the definition lists them.
    reveals: Vec<FieldView>,
}

/// The `[form] email` address and its `mailto:` link (the script adds subject and body).
#[derive(Serialize)]
struct EmailLink {
    address: String,
    href: String,
}

impl EmailLink {
    /// Percent-encodes everything in the address but letters, digits and `@.-_+`, so a `?`,
    /// `&`, `%` or `#` the HTML standard allows in a local part cannot add headers to the link.
    fn new(address: &str) -> Self {
        let mut href = String::from("mailto:");
        for byte in address.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'@' | b'.' | b'-' | b'_' | b'+' => {
                    href.push(char::from(byte))
                }
                _ => href.push_str(&format!("%{byte:02X}")),
            }
        }
        EmailLink {
            address: address.to_string(),
            href,
        }
    }
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
        // Marked when it falls back: a wrapper in text, nothing in attributes (see crate::bidi).
        let text = self.localizer.format_marked(self.locale, id, attr, args)?;
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

/// What `templates/form.html` shows.
#[derive(Serialize)]
pub(super) struct FormPage<'a> {
    #[serde(flatten)]
    chrome: Chrome,
    #[serde(flatten)]
    hreflang: Hreflang,
    description: String,
    canonical: String,
    /// The locale the form's script formats numbers for (`Intl.NumberFormat`): the page's,
    /// with `-u-nu-` when `book.toml` overrides its numbering system.
    number_locale: String,
    /// The guide's article in this locale; `None` when the site does not have it.
    article_href: Option<String>,
    sections: Vec<SectionView>,
    next_items: Vec<String>,
    next_steps: Vec<StepLink>,
    /// The language-neutral rules for `static/js/ticket.js`.
    rules_json: &'a str,
    endpoint: Option<&'a str>,
    /// Offered only without an endpoint: the page then sends nothing itself.
    email: Option<EmailLink>,
    messages: Vec<Message>,
}

impl<'a> FormPage<'a> {
    pub(super) fn new(
        site: &'a Site,
        form: &Form,
        locale: &str,
        dir: &str,
        rules_json: &'a str,
    ) -> Self {
        let config = &site.config;
        let texts = Texts {
            localizer: &site.localizer,
            locale,
        };
        let root = urls::root_prefix(dir);
        let has_article = site.content.pages.iter().any(|p| p.slug == form.article);
        let article_href =
            has_article.then(|| urls::link(&root, &urls::page_dir(locale, &form.article)));
        let step = |n: u64| {
            article_href.as_ref().map(|href| StepLink {
                href: format!("{href}#step-{n}"),
                text: texts.text(
                    messages::FORM_STEP_LINK,
                    &[("step", FluentValue::from(n as f64))],
                ),
            })
        };
        let sections = form
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
                        .filter(|f| f.shown_when.is_none())
                        .map(|f| field_view(form, f, &texts))
                        .collect(),
                }
            })
            .collect();
        FormPage {
            chrome: Chrome::new(site, locale, dir, |tag| {
                SwitchTarget::new(urls::form_dir(tag), true)
            }),
            hreflang: Hreflang::new(config, |tag| Some(urls::form_dir(tag))),
            description: texts.text(messages::FORM_INTRO, &[]),
            canonical: urls::absolute(&config.base_url, dir),
            number_locale: match config.locale(locale).and_then(|l| l.numbering.as_deref()) {
                Some(nu) => format!("{locale}-u-nu-{nu}"),
                None => locale.to_string(),
            },
            sections,
            next_items: form
                .next
                .items
                .iter()
                .map(|i| texts.text(&format!("form-next-{i}"), &[]))
                .collect(),
            next_steps: form.next.steps.iter().filter_map(|n| step(*n)).collect(),
            article_href,
            rules_json,
            endpoint: config.form_endpoint.as_deref(),
            email: match config.form_endpoint {
                None => config.form_email.as_deref().map(EmailLink::new),
                Some(_) => None,
            },
            messages: script_messages(form, &texts, config.locale(locale).map(|l| l.name.as_str())),
        }
    }
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
            Some(texts.text(messages::FORM_ERROR_TOO_LONG, &limit(max))),
        );
    }
    if let FieldKind::CveList { max_items } = field.kind {
        message(
            "too-many",
            Some(texts.text(messages::FORM_ERROR_TOO_MANY, &limit(max_items))),
        );
    }
    let (default, autocomplete) = match &field.kind {
        FieldKind::Choice { default, .. } => (default.clone(), None),
        FieldKind::Text { autocomplete, .. } | FieldKind::Email { autocomplete, .. } => {
            (None, autocomplete.clone())
        }
        _ => (None, None),
    };
    let mut choices: Vec<ChoiceView> = field
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
                reveals: revealed_by(form, &field.id, code)
                    .map(|f| field_view(form, f, texts))
                    .collect(),
            }
        })
        .collect();
    let fixed = match &choices[..] {
        [only] if only.checked && field.required && only.reveals.is_empty() => choices.pop(),
        _ => None,
    };
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
        fixed,
        max_length: field.kind.input_limit(),
        pattern: native_pattern(&field.kind),
        autocomplete,
        choices,
        messages,
    }
}

/// The fields shown when choice field `choice` has the value `code`, in definition order.
fn revealed_by<'f>(form: &'f Form, choice: &str, code: &str) -> impl Iterator<Item = &'f Field> {
    let (choice, code) = (choice.to_string(), code.to_string());
    form.fields().filter(move |f| {
        f.shown_when
            .as_ref()
            .is_some_and(|c| c.field == choice && c.equals == code)
    })
}

fn script_messages(form: &Form, texts: &Texts, locale_name: Option<&str>) -> Vec<Message> {
    let mut out: Vec<Message> = messages::script_texts(form)
        .into_iter()
        .map(|t| Message {
            code: t.code,
            text: texts.placeholders(&t.id, t.placeholders),
        })
        .collect();
    out.push(Message {
        code: "locale-name".into(),
        text: locale_name.unwrap_or_default().to_string(),
    });
    out
}
