//! The form stage: `form.yaml` in, the typed ticket-form model out.
//!
//! One declarative definition is the single source of truth for the security-event ticket
//! form: its sections (each tied to a step of the guide), fields, choices, conditions and
//! limits. From the model the build generates the form's HTML (`templates/form.html`, through
//! `site::form_page`), the rules the browser validates with ([`client::client_rules`], which
//! `static/js/ticket.js` reads), and the JSON Schema of a submitted ticket
//! ([`schema::ticket_schema`]); [`validate`] is the Rust validator a receiving server runs.
//!
//! Loading is raw, then resolved ([`definition`]): serde_yaml reads raw structs that deny
//! unknown keys (a typo must not silently drop a condition), then resolution checks ids,
//! references and limits and reports each problem at its line in `form.yaml`.
//!
//! Texts are not in the definition: every label, hint, choice, error and guidance is a
//! Fluent message whose id derives from the ids here (see [`Form::message_uses`]).

pub mod client;
mod definition;
pub mod schema;
pub mod validate;

use crate::check::MessageUse;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use validate::{validate_ticket, Ticket, TicketError, TicketValue};

/// The repository's `form.yaml`, built into the binary: the form of a site that has no
/// definition of its own, as the built-in templates are its look (see [`Form::load`]).
pub const DEFAULT_DEFINITION: &str = include_str!("../../form.yaml");

/// How diagnostics name the built-in definition.
pub const DEFAULT_DEFINITION_NAME: &str = "(built-in) form.yaml";

/// The ticket key that carries the locale the ticket was written in; no field may use it.
pub const LOCALE_KEY: &str = "locale";

/// The resolved form definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Where the definition was read from (diagnostics and message uses name it).
    pub path: PathBuf,
    /// Slug of the guide article the sections' steps refer to.
    pub article: String,
    /// The article's step that must lead the reader to the form (it gets a link to it).
    pub article_step: u64,
    pub sections: Vec<Section>,
    /// Rules spanning several fields.
    pub rules: Vec<Rule>,
    /// "What happens next", shown after the form.
    pub next: NextSteps,
}

/// A group of fields that follows one step of the guide; the page shows that step's guidance
/// beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Fluent ids `form-section-<id>` (heading) and its `.guidance`.
    pub id: String,
    /// The article step (`#step-N`) whose guidance applies.
    pub step: u64,
    pub fields: Vec<Field>,
    /// 1-based line of the section in the definition.
    pub line: usize,
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// snake_case; the ticket's JSON key, the HTML id's suffix and the Fluent id's middle
    /// (`form-field-<id>`).
    pub id: String,
    pub kind: FieldKind,
    /// Required whenever the field is shown.
    pub required: bool,
    /// The field applies only when this holds; otherwise it is hidden and a ticket must not
    /// carry it.
    pub shown_when: Option<Condition>,
    /// 1-based line of the field in the definition.
    pub line: usize,
}

/// What a field holds, with the limits of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One code of `choices` (radio buttons). `default` is preselected.
    Choice {
        choices: Vec<String>,
        default: Option<String>,
    },
    /// Free text, one line or several.
    Text {
        multiline: bool,
        max_length: usize,
        autocomplete: Option<String>,
    },
    /// An email address (the HTML standard's definition of a valid one).
    Email {
        max_length: usize,
        autocomplete: Option<String>,
    },
    /// CVE IDs separated by commas or spaces; a ticket carries them as a list.
    CveList { max_items: usize },
    /// A CVSS v3.0, v3.1 or v4.0 vector, scored as the reader types.
    Cvss { max_length: usize },
}

impl FieldKind {
    /// The type name used in `form.yaml`, the client rules and the HTML (`data-type`).
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Choice { .. } => "choice",
            FieldKind::Text {
                multiline: false, ..
            } => "text",
            FieldKind::Text {
                multiline: true, ..
            } => "textarea",
            FieldKind::Email { .. } => "email",
            FieldKind::CveList { .. } => "cve-list",
            FieldKind::Cvss { .. } => "cvss",
        }
    }

    /// The longest value in characters (Unicode scalar values), where the kind has one.
    pub fn max_length(&self) -> Option<usize> {
        match self {
            FieldKind::Text { max_length, .. }
            | FieldKind::Email { max_length, .. }
            | FieldKind::Cvss { max_length } => Some(*max_length),
            FieldKind::Choice { .. } | FieldKind::CveList { .. } => None,
        }
    }

    /// The native `maxlength` of the field's control, only where every valid value is ASCII:
    /// `maxlength` counts UTF-16 units and the validators count characters, which agree only
    /// there. Text and textarea fields (any script, emoji) get none; their limit is
    /// [`FieldKind::max_length`], checked by the JavaScript and Rust validators and the schema.
    /// A CVE list is bounded by `max-items` IDs of at most [`MAX_CVE_ID_LEN`] characters, two
    /// separator characters each.
    ///
    /// [`MAX_CVE_ID_LEN`]: crate::rules::cve::MAX_CVE_ID_LEN
    pub fn input_limit(&self) -> Option<usize> {
        match self {
            FieldKind::Email { max_length, .. } | FieldKind::Cvss { max_length } => {
                Some(*max_length)
            }
            FieldKind::CveList { max_items } => {
                Some(max_items * (crate::rules::cve::MAX_CVE_ID_LEN + 2))
            }
            FieldKind::Text { .. } | FieldKind::Choice { .. } => None,
        }
    }

    /// The choice codes of a choice field; empty for the others.
    pub fn choices(&self) -> &[String] {
        match self {
            FieldKind::Choice { choices, .. } => choices,
            _ => &[],
        }
    }
}

/// "Field `field` has the value `equals`" (a choice code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    pub equals: String,
}

/// A rule over several fields: when `when` holds (or always), at least one of `fields` must
/// have a value. Its error is the Fluent message `form-rule-<id>`, shown at the first field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// kebab-case.
    pub id: String,
    pub when: Option<Condition>,
    pub at_least_one_of: Vec<String>,
    pub line: usize,
}

/// The guide's steps after submission (acknowledgement, confirmation number, progress,
/// assessment): each item is the message `form-next-<item>`, linked to the steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextSteps {
    pub steps: Vec<u64>,
    pub items: Vec<String>,
    pub line: usize,
}

impl Form {
    /// Reads and resolves the definition at `path`, through the one input reader (no links,
    /// regular files only). A site's build reads it with its own root instead.
    pub fn from_file(path: &Path) -> Result<Form, Diagnostics> {
        let folder = path.parent().unwrap_or(Path::new(""));
        match crate::input::SiteFs::new(folder).read_string(path) {
            Ok(text) => Form::parse(&text, path),
            Err(e) => Err(e.diagnostic().into_diagnostics()),
        }
    }

    /// Reads the form definition the configuration names. A site without its own `form.yaml`
    /// (and no other `[form] definition`) gets the built-in one, so the form every page links
    /// to exists; a broken definition, or a configured one that is missing, is an error.
    pub fn load(config: &Config) -> (Option<Form>, Diagnostics) {
        let path = &config.form_definition;
        let result = match config.files().read_string(path) {
            Err(e) if e.is_not_found() && *path == config.root.join("form.yaml") => {
                Form::parse(DEFAULT_DEFINITION, Path::new(DEFAULT_DEFINITION_NAME))
            }
            Err(e) => Err(e.diagnostic().into_diagnostics()),
            Ok(text) => Form::parse(&text, path),
        };
        match result {
            Ok(form) => (Some(form), Diagnostics::new()),
            Err(d) => (None, d),
        }
    }

    /// Parses definition text; `path` only names the file in diagnostics (the pure twin of
    /// [`Form::from_file`]).
    pub fn parse(text: &str, path: &Path) -> Result<Form, Diagnostics> {
        definition::parse(text, path)
    }

    /// Every field, in page order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The field with id `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// Every Fluent message (and attribute) the form page needs for this definition, located
    /// at the line that causes the need: what `tolk check` and the build verify exist.
    pub fn message_uses(&self) -> Vec<MessageUse> {
        let mut uses = Vec::new();
        let mut add = |id: String, attribute: Option<&str>, line: usize| {
            uses.push(MessageUse {
                id,
                attribute: attribute.map(str::to_string),
                path: Some(self.path.clone()),
                line,
                column: 0,
            });
        };
        for section in &self.sections {
            let id = format!("form-section-{}", section.id);
            add(id.clone(), None, section.line);
            add(id, Some("guidance"), section.line);
            for field in &section.fields {
                let id = field_message(&field.id);
                add(id.clone(), None, field.line);
                if field.required {
                    add(id.clone(), Some("required"), field.line);
                }
                if matches!(field.kind, FieldKind::Email { .. }) {
                    add(id.clone(), Some("invalid"), field.line);
                }
                for choice in field.kind.choices() {
                    add(choice_message(&field.id, choice), None, field.line);
                }
            }
        }
        for rule in &self.rules {
            add(format!("form-rule-{}", rule.id), None, rule.line);
        }
        for item in &self.next.items {
            add(format!("form-next-{item}"), None, self.next.line);
        }
        uses
    }
}

/// The Fluent id of a field's label (its attributes: `.hint`, `.required`, `.invalid`).
pub fn field_message(field: &str) -> String {
    format!("form-field-{field}")
}

/// The Fluent id of one choice of a field (its attribute: `.hint`).
pub fn choice_message(field: &str, code: &str) -> String {
    format!("form-field-{field}-{code}")
}

/// Whether `condition` holds for a value lookup (`None`: no condition, always true).
pub fn holds<'v>(
    condition: Option<&Condition>,
    value_of: impl Fn(&str) -> Option<&'v str>,
) -> bool {
    condition.is_none_or(|c| value_of(&c.field) == Some(c.equals.as_str()))
}
