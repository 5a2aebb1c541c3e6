//! The HTML answers to a form posted without JavaScript, in the ticket's locale: the
//! confirmation, or the errors with every answer kept in a form that posts again (never a
//! dead end). Texts come from the site's Fluent messages (the ones the form page uses); every
//! value is escaped, so HTML typed into a field is shown as text. The page has no script and
//! no inline style, so it passes the site's strict CSP.

use crate::config::Config;
use crate::form::{choice_message, field_message, Field, FieldKind, Form, TicketError};
use crate::html_escape::escape;
use crate::i18n::{strip_isolation, Localizer};
use fluent_bundle::{FluentArgs, FluentValue};
use serde_json::Value;

/// What a page needs to speak the ticket's language.
pub struct Texts<'a> {
    pub config: &'a Config,
    pub localizer: &'a Localizer,
    pub form: &'a Form,
}

impl Texts<'_> {
    /// The locale to answer in: the ticket's, when the site has it, else the source locale.
    pub fn locale<'v>(&'v self, ticket: &'v Value) -> &'v str {
        let asked = ticket.get(crate::form::LOCALE_KEY).and_then(Value::as_str);
        match asked {
            Some(l) if self.config.locale(l).is_some() => l,
            _ => &self.config.source_locale,
        }
    }

    fn text(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: &[(&str, String)],
    ) -> Option<String> {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, FluentValue::from(value.clone()));
        }
        let args = (!args.is_empty()).then_some(&fluent);
        self.localizer
            .format(locale, id, attr, args)
            .map(|t| strip_isolation(&t))
    }

    fn plain(&self, locale: &str, id: &str) -> String {
        self.text(locale, id, None, &[])
            .unwrap_or_else(|| id.to_string())
    }

    /// The message the form page shows for `error` (`messageFor` in `static/js/form.js`).
    pub fn error_message(&self, locale: &str, error: &TicketError) -> String {
        let id = field_message(&error.field);
        let field = self.form.field(&error.field);
        let label = self.label(locale, &error.field);
        let detail = error.detail.clone().unwrap_or_default();
        let own = match (error.code, field.map(|f| &f.kind)) {
            ("required", Some(_)) => self.text(locale, &id, Some("required"), &[]),
            ("email", Some(_)) => self.text(locale, &id, Some("invalid"), &[]),
            ("too-long", Some(kind)) => kind.max_length().and_then(|max| {
                let args = [("label", label.clone()), ("max", max.to_string())];
                self.text(
                    locale,
                    crate::site::messages::FORM_ERROR_TOO_LONG,
                    None,
                    &args,
                )
            }),
            ("too-many", Some(FieldKind::CveList { max_items })) => {
                let args = [("label", label.clone()), ("max", max_items.to_string())];
                self.text(
                    locale,
                    crate::site::messages::FORM_ERROR_TOO_MANY,
                    None,
                    &args,
                )
            }
            _ => None,
        };
        own.or_else(|| {
            let rule = error.rule.as_ref()?;
            self.text(locale, &format!("form-rule-{rule}"), None, &[])
        })
        .or_else(|| {
            let args = [("token", detail.clone()), ("metric", detail.clone())];
            let id = format!("form-error-{}", error.code.replace('.', "-"));
            self.text(locale, &id, None, &args)
        })
        .unwrap_or_else(|| self.plain(locale, "form-error-invalid"))
    }

    /// A field's label (an unknown key is shown as it was sent).
    fn label(&self, locale: &str, field: &str) -> String {
        match self.form.field(field) {
            Some(_) => self.plain(locale, &field_message(field)),
            None => field.to_string(),
        }
    }
}

/// The page saying the ticket was received, with its confirmation number.
pub fn confirmation(texts: &Texts, locale: &str, number: &str) -> String {
    let title = texts.plain(locale, "form-submitted-title");
    let body = format!(
        "<h1>{}</h1>\n<p>{} <strong class=\"confirmation-number\" data-tolk-confirmation>{}</strong></p>\n<p>{}</p>\n",
        escape(&title),
        escape(&texts.plain(locale, "form-submitted-number")),
        escape(number),
        escape(&texts.plain(locale, "form-submitted-quote")),
    );
    document(texts, locale, &title, &body)
}

/// The page listing `errors` above the answers, kept in a form that posts to `action` again
/// with `token` as its submission id.
pub fn errors(
    texts: &Texts,
    locale: &str,
    ticket: &Value,
    errors: &[TicketError],
    action: &str,
    token: &str,
) -> String {
    let title = texts.plain(locale, "form-error-summary-title");
    let mut body = format!("<h1>{}</h1>\n<ul class=\"error-list\">\n", escape(&title));
    for e in errors {
        let target = if texts.form.field(&e.field).is_some() {
            format!("#field-{}", e.field)
        } else {
            "#ticket-form".into()
        };
        body.push_str(&format!(
            "<li><a href=\"{}\">{}: {}</a></li>\n",
            escape(&target),
            escape(&texts.label(locale, &e.field)),
            escape(&texts.error_message(locale, e))
        ));
    }
    body.push_str(&format!(
        "</ul>\n<form id=\"ticket-form\" method=\"post\" action=\"{}\">\n\
         <input type=\"hidden\" name=\"locale\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
        escape(action),
        escape(locale),
        super::intake::SUBMISSION_KEY,
        escape(token)
    ));
    for field in texts.form.fields() {
        let mine: Vec<&TicketError> = errors.iter().filter(|e| e.field == field.id).collect();
        body.push_str(&field_html(
            texts,
            locale,
            field,
            ticket.get(&field.id),
            &mine,
        ));
    }
    body.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>\n</form>\n",
        escape(&texts.plain(locale, "form-submit-send"))
    ));
    document(texts, locale, &title, &body)
}

/// One field with its kept value and its error.
fn field_html(
    texts: &Texts,
    locale: &str,
    field: &Field,
    value: Option<&Value>,
    errors: &[&TicketError],
) -> String {
    let id = format!("field-{}", field.id);
    let label = escape(&texts.label(locale, &field.id));
    let name = escape(&field.id);
    let error = errors.first().map_or(String::new(), |e| {
        format!(
            "<p class=\"field-error\" id=\"{id}-error\">{}</p>\n",
            escape(&texts.error_message(locale, e))
        )
    });
    let described = if errors.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{id}-error\" aria-invalid=\"true\"")
    };
    let text = match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    match &field.kind {
        FieldKind::Choice { choices, .. } => {
            let mut out = format!("<fieldset id=\"{id}\"{described}>\n<legend>{label}</legend>\n{error}");
            for code in choices {
                let checked = if text == *code { " checked" } else { "" };
                out.push_str(&format!(
                    "<p><input type=\"radio\" id=\"{id}-{c}\" name=\"{name}\" value=\"{c}\"{checked}> <label for=\"{id}-{c}\">{}</label></p>\n",
                    escape(&texts.plain(locale, &choice_message(&field.id, code))),
                    c = escape(code)
                ));
            }
            out + "</fieldset>\n"
        }
        FieldKind::Text { multiline: true, .. } => format!(
            "<p><label for=\"{id}\">{label}</label></p>\n{error}<p><textarea id=\"{id}\" name=\"{name}\" rows=\"5\"{described}>{}</textarea></p>\n",
            escape(&text)
        ),
        _ => format!(
            "<p><label for=\"{id}\">{label}</label></p>\n{error}<p><input id=\"{id}\" name=\"{name}\" type=\"text\" value=\"{}\"{described}></p>\n",
            escape(&text)
        ),
    }
}

/// A whole page around `body`, in `locale`'s language and direction.
fn document(texts: &Texts, locale: &str, title: &str, body: &str) -> String {
    let dir = texts
        .config
        .locale(locale)
        .map_or("ltr", |l| l.dir.as_str());
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · {}</title>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(locale),
        escape(title),
        escape(&texts.config.title)
    )
}
