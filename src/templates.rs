//! The template engine the render stage (`site/`) uses: tera, with the UI text of one locale.
//!
//! Templates are parsed once. Each locale gets a clone of the parsed set with the functions
//! `t(id=..., arg=...)` (a Fluent message as HTML text; tera escapes it) and `ta(id=...)` (the
//! same without bidi isolation marks, for attributes and URLs) bound to that locale, so
//! templates never pass the locale around and can't show one locale's text in another.
//! Text `t()` takes from a fallback locale is wrapped with that locale's `lang` and `dir` once
//! the page is rendered (see [`crate::bidi`]); in attributes and `<title>` it cannot be.
//! The repository's `templates/` are built into the binary as defaults; a site overrides any of
//! them by putting a file with the same name in its own `templates/`.

use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::html_escape::escape;
use crate::i18n::Localizer;
use fluent_bundle::{FluentArgs, FluentValue};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use tera::{Tera, Value};

/// The default templates, from the repository's `templates/` folder.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("root.html", include_str!("../templates/root.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("status.html", include_str!("../templates/status.html")),
    ("form.html", include_str!("../templates/form.html")),
    (
        "form-field.html",
        include_str!("../templates/form-field.html"),
    ),
    (
        "step-link.html",
        include_str!("../templates/step-link.html"),
    ),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    ("nav.html", include_str!("../templates/nav.html")),
    ("toc.html", include_str!("../templates/toc.html")),
];

/// Parsed templates plus one engine per locale.
pub struct Templates {
    by_locale: HashMap<String, Tera>,
    neutral: Tera,
    /// (name, text) of every template in use, for the message checks.
    pub sources: Vec<(String, String)>,
    /// Names of the default templates a site's own file (or `extra`) replaced.
    overridden: Vec<String>,
}

/// What [`Templates::sources`] read: each template's name and text, the names the site
/// replaced or added, and what could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSources {
    pub sources: Vec<(String, String)>,
    pub overridden: Vec<String>,
    pub diagnostics: Diagnostics,
}

impl Templates {
    /// Parses the default templates, overridden by and extended with `<root>/templates/*`.
    pub fn load(
        root: &Path,
        extra: &[(String, String)],
        localizer: &Arc<Localizer>,
        locales: &[String],
    ) -> Result<Templates, Diagnostics> {
        Templates::compile(Templates::sources(root, extra), root, localizer, locales)
    }

    /// The reading half of [`Templates::load`]: the built-in templates, `extra`, then the
    /// site's `templates/` folder, each later one replacing an earlier one of its name (a
    /// rebuild whose sources read the same keeps the compiled templates).
    pub fn sources(root: &Path, extra: &[(String, String)]) -> TemplateSources {
        let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut overridden: Vec<String> = Vec::new();
        for (name, text) in extra {
            overridden.push(name.clone());
            sources.retain(|(n, _)| n != name);
            sources.push((name.clone(), text.clone()));
        }
        let dir = root.join("templates");
        let mut diagnostics = Diagnostics::new();
        let fs = crate::input::SiteFs::new(root);
        match fs.list(&dir) {
            Ok(entries) => {
                for entry in entries {
                    let path = match entry {
                        crate::input::Entry::File(p) => p,
                        crate::input::Entry::Refused(e) => {
                            diagnostics.push(e.diagnostic());
                            continue;
                        }
                        crate::input::Entry::Dir(_) => continue,
                    };
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    match fs.read_string(&path) {
                        Ok(text) => {
                            sources.retain(|(n, _)| n != &name);
                            overridden.push(name.clone());
                            sources.push((name, text));
                        }
                        Err(e) => diagnostics.push(e.diagnostic()),
                    }
                }
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => diagnostics.push(e.diagnostic()),
        }
        TemplateSources {
            sources,
            overridden,
            diagnostics,
        }
    }

    /// The compiling half of [`Templates::load`]: `t`/`ta` read `localizer`'s messages.
    pub fn compile(
        read: TemplateSources,
        root: &Path,
        localizer: &Arc<Localizer>,
        locales: &[String],
    ) -> Result<Templates, Diagnostics> {
        let TemplateSources {
            sources,
            overridden,
            mut diagnostics,
        } = read;
        let dir = root.join("templates");
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape);
        tera.register_function("csp_policy", constant(crate::csp::META_POLICY));
        tera.register_function("referrer_policy", constant(crate::csp::REFERRER_POLICY));
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            diagnostics.push(
                Diagnostic::error(
                    dir.join(template_of_error(&e)),
                    format!("template error: {}", error_chain(&e)),
                )
                .rule(rule::TEMPLATE),
            );
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut by_locale = HashMap::new();
        for locale in locales {
            let mut t = tera.clone();
            t.register_function(
                "t",
                message_function(localizer.clone(), locale.clone(), false),
            );
            t.register_function(
                "ta",
                message_function(localizer.clone(), locale.clone(), true),
            );
            by_locale.insert(locale.clone(), t);
        }
        Ok(Templates {
            by_locale,
            neutral: tera,
            sources,
            overridden,
        })
    }

    /// Whether template `name` is tolk's own (built in and not replaced by the site): the
    /// render stage may then write what it shows in Rust (the sidebar, see
    /// `site::nav_view`), which is only right while the template is the one it mirrors.
    pub fn is_built_in(&self, name: &str) -> bool {
        DEFAULT_TEMPLATES.iter().any(|(n, _)| *n == name)
            && !self.overridden.iter().any(|n| n == name)
    }

    /// Renders template `name` in `locale` (or language-neutral when `locale` is `None`).
    /// `data` is the template's own `#[derive(Serialize)]` struct: its fields are the
    /// variables the template may use.
    pub fn render(
        &self,
        name: &str,
        locale: Option<&str>,
        data: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        let tera = locale
            .and_then(|l| self.by_locale.get(l))
            .unwrap_or(&self.neutral);
        tera::Context::from_serialize(data)
            .and_then(|context| tera.render(name, &context))
            .map(
                |out| match (crate::bidi::has_marks(&out), name.ends_with(".html")) {
                    (false, _) => out,
                    (true, true) => crate::bidi::resolve_fallback_marks(&out),
                    (true, false) => crate::bidi::strip_fallback_marks(&out),
                },
            )
            .map_err(|e| {
                Diagnostic::error(
                    Path::new("templates").join(name),
                    format!("cannot render: {}", error_chain(&e)),
                )
                .rule(rule::TEMPLATE)
            })
    }
}

/// A template function returning a fixed string: the policies pages carry come from
/// [`crate::csp`], not from text in the templates.
fn constant(value: &'static str) -> impl tera::Function {
    move |_: &HashMap<String, Value>| -> tera::Result<Value> { Ok(Value::String(value.into())) }
}

/// `t()` (or `ta()` when `plain`) bound to `locale`. A message without arguments reads the
/// same on every page, so its text is kept after the first call: each article page asks for
/// about twenty of them, and formatting them again was 3 % of a build.
fn message_function(localizer: Arc<Localizer>, locale: String, plain: bool) -> impl tera::Function {
    let known: RwLock<HashMap<String, String>> = RwLock::new(HashMap::new());
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let id = args
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs id=\"message-id\""))?;
        let constant = args.len() == 1;
        if constant {
            if let Some(text) = known.read().ok().and_then(|k| k.get(id).cloned()) {
                // What the page shows still depends on the message (see `i18n::lookups`).
                let (message, attr) = id.split_once('.').map_or((id, None), |(m, a)| (m, Some(a)));
                crate::i18n::lookups::note(&locale, message, attr);
                return Ok(Value::String(text));
            }
        }
        let text = format_message(&localizer, &locale, plain, id, args);
        if constant {
            if let Ok(mut known) = known.write() {
                known.insert(id.to_string(), text.clone());
            }
        }
        Ok(Value::String(text))
    }
}

/// What `t(id=..., args...)` shows: message `id` (`message.attribute`) of `locale` with `args`.
fn format_message(
    localizer: &Localizer,
    locale: &str,
    plain: bool,
    id: &str,
    args: &HashMap<String, Value>,
) -> String {
    let (id, attr) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let mut fluent_args = FluentArgs::new();
    for (k, v) in args.iter().filter(|(k, _)| k.as_str() != "id") {
        let value = match v {
            Value::Number(n) => n
                .as_f64()
                .map_or_else(|| FluentValue::from(n.to_string()), FluentValue::from),
            Value::String(s) => FluentValue::from(s.clone()),
            other => FluentValue::from(other.to_string()),
        };
        fluent_args.set(k.clone(), value);
    }
    let args = fluent_args.iter().next().is_some().then_some(&fluent_args);
    // Marked either way: the render stage drops the marks in attributes, but keeps them
    // for a `data-*` attribute the page's script shows as text (see crate::bidi).
    let text = localizer
        .format_marked(locale, id, attr, args)
        .unwrap_or_else(|| id.to_string());
    if plain {
        crate::i18n::strip_isolation(&text)
    } else {
        text
    }
}

fn error_chain(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn template_of_error(e: &tera::Error) -> String {
    let text = e.to_string();
    text.split('\'').nth(1).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::DEFAULT_TEMPLATES;

    /// A template in the repository but not built into the binary works for this site (which
    /// has the folder) and fails for every other site: keep the two lists equal.
    #[test]
    fn every_repository_template_is_built_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                DEFAULT_TEMPLATES.iter().any(|(n, _)| *n == name),
                "templates/{name} is missing from DEFAULT_TEMPLATES"
            );
        }
    }
}
