//! `form.yaml`, raw then resolved.
//!
//! The raw structs mirror the file and deny unknown keys, so serde_yaml reports typos and
//! wrong shapes with their line and column. Resolution then checks what serde cannot: ids
//! and their spelling, duplicates, conditions that name an earlier choice field and one of
//! its codes, limits, and rules over existing fields. serde_yaml keeps no positions once a
//! value is read, so those findings are placed by the YAML module's [`Positions`] index, asked
//! for the path of the value (`sections[1].fields[2].choices[0]`): a duplicate lands on its own
//! line, a missing key on the item that lacks it.

use super::{Condition, Field, FieldKind, Form, NextSteps, Rule, Section, LOCALE_KEY};
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::yaml::{Positions, Step};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawForm {
    article: String,
    article_step: u64,
    sections: Vec<RawSection>,
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    next: Option<RawNext>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSection {
    id: String,
    step: u64,
    fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawField {
    id: String,
    #[serde(rename = "type")]
    kind: RawKind,
    #[serde(default)]
    required: bool,
    shown_when: Option<Condition>,
    max_length: Option<usize>,
    max_items: Option<usize>,
    #[serde(default)]
    choices: Vec<String>,
    default: Option<String>,
    autocomplete: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RawKind {
    Choice,
    Text,
    Textarea,
    Email,
    CveList,
    Cvss,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: String,
    when: Option<Condition>,
    at_least_one_of: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawNext {
    steps: Vec<u64>,
    items: Vec<String>,
}

/// Default limits, in characters, when the definition gives none.
const DEFAULT_TEXT_LENGTH: usize = 200;
const DEFAULT_TEXTAREA_LENGTH: usize = 5000;
/// RFC 5321's limit on a forward path.
const DEFAULT_EMAIL_LENGTH: usize = 254;
const DEFAULT_CVSS_LENGTH: usize = 200;
const DEFAULT_CVE_ITEMS: usize = 50;

/// The highest step number a form may name: a guide's numbered list, not an arbitrary integer
/// (`step: 4294967296` would otherwise only surface as a missing step on every content page).
pub const MAX_STEP: u64 = 999;

fn step_in_range(step: u64) -> bool {
    (1..=MAX_STEP).contains(&step)
}

fn step_range_message(step: u64) -> String {
    format!("step {step}: steps are numbered from 1 to {MAX_STEP}")
}

/// Parses and resolves definition text.
pub(super) fn parse(text: &str, path: &Path) -> Result<Form, Diagnostics> {
    let raw: RawForm = crate::yaml::from_str(text).map_err(|e| {
        Diagnostic::error(path, format!("invalid form definition: {}", e.message))
            .at_line_of(text, e.line, e.column)
            .rule(rule::FORM)
            .with_help("see the comment at the top of form.yaml for its keys")
            .into_diagnostics()
    })?;
    let mut r = Resolver {
        path,
        text,
        at: Positions::index(text).unwrap_or_default(),
        problems: Diagnostics::new(),
        broken: BTreeSet::new(),
    };
    let form = r.resolve(raw);
    if r.problems.is_empty() {
        Ok(form)
    } else {
        Err(r.problems)
    }
}

struct Resolver<'a> {
    path: &'a Path,
    text: &'a str,
    at: Positions,
    problems: Diagnostics,
    /// Fields that are declared but did not resolve: references to them are not reported
    /// again.
    broken: BTreeSet<String>,
}

/// A path into form.yaml; keys are the definition's own, so they live for the whole program.
type YamlPath = Vec<Step<'static>>;

/// `base` followed by `tail`.
fn join(base: &[Step<'static>], tail: &[Step<'static>]) -> YamlPath {
    [base, tail].concat()
}

impl Resolver<'_> {
    /// (line, column) of the value at `path`, or of its nearest written ancestor.
    fn pos(&self, path: &[Step]) -> (usize, usize) {
        let mark = self.at.nearest(path);
        (mark.line, mark.column)
    }

    fn error(&mut self, (line, column): (usize, usize), message: String, help: &str) {
        let d = Diagnostic::error(self.path, message)
            .at_line_of(self.text, line, column)
            .rule(rule::FORM);
        self.problems.push(match help {
            "" => d,
            help => d.with_help(help),
        });
    }

    fn resolve(&mut self, raw: RawForm) -> Form {
        if !is_kebab(&raw.article) {
            let at = self.pos(&["article".into()]);
            let message = format!("`article` = {:?} is not an article slug", raw.article);
            self.error(
                at,
                message,
                "for example how-to-log-a-security-event-support-ticket",
            );
        }
        if !step_in_range(raw.article_step) {
            let at = self.pos(&["article-step".into()]);
            self.error(at, step_range_message(raw.article_step), "");
        }
        let mut sections = Vec::new();
        let mut field_ids = BTreeSet::new();
        for (i, s) in raw.sections.into_iter().enumerate() {
            let section: YamlPath = vec!["sections".into(), i.into()];
            let line = self.pos(&join(&section, &["id".into()])).0;
            let mut fields = Vec::new();
            for (j, f) in s.fields.into_iter().enumerate() {
                let path = join(&section, &["fields".into(), j.into()]);
                let at = self.pos(&join(&path, &["id".into()]));
                let earlier: Vec<&Field> = sections
                    .iter()
                    .flat_map(|s: &Section| s.fields.iter())
                    .chain(fields.iter())
                    .collect();
                if let Some(field) = self.field(f, &path, at, &earlier, &mut field_ids) {
                    fields.push(field);
                }
            }
            self.section_checks(&s.id, s.step, &section, fields.is_empty(), &sections);
            sections.push(Section {
                id: s.id,
                step: s.step,
                fields,
                line,
            });
        }
        let all: Vec<&Field> = sections.iter().flat_map(|s| s.fields.iter()).collect();
        let rules = raw
            .rules
            .into_iter()
            .enumerate()
            .map(|(r, rule)| self.rule(rule, &["rules".into(), r.into()], &all))
            .collect();
        let next = raw.next.map_or_else(NextSteps::default, |n| self.next(n));
        Form {
            path: self.path.to_path_buf(),
            article: raw.article,
            article_step: raw.article_step,
            sections,
            rules,
            next,
        }
    }

    fn section_checks(
        &mut self,
        id: &str,
        step: u64,
        section: &[Step<'static>],
        empty: bool,
        before: &[Section],
    ) {
        let line = self.pos(&join(section, &["id".into()])).0;
        if !is_kebab(id) {
            let message = format!("section id `{id}` must be kebab-case (a-z, 0-9, -)");
            self.error((line, 1), message, "");
        } else if before.iter().any(|s| s.id == id) {
            self.error((line, 1), format!("section `{id}` is defined twice"), "");
        }
        if !step_in_range(step) {
            let at = self.pos(&join(section, &["step".into()]));
            self.error(at, step_range_message(step), "");
        }
        if empty {
            self.error((line, 1), format!("section `{id}` has no fields"), "");
        }
    }

    /// Resolves one field; `earlier` are the fields before it (conditions may only look back).
    fn field(
        &mut self,
        f: RawField,
        path: &[Step<'static>],
        at: (usize, usize),
        earlier: &[&Field],
        ids: &mut BTreeSet<String>,
    ) -> Option<Field> {
        let id_ok = is_snake(&f.id) && f.id != LOCALE_KEY;
        if !id_ok {
            let message = format!("field id `{}` must be snake_case (a-z, 0-9, _)", f.id);
            let help = "it is the ticket's JSON key; `locale` is reserved for the ticket's locale";
            self.error(at, message, help);
        } else if !ids.insert(f.id.clone()) {
            self.error(at, format!("field `{}` is defined twice", f.id), "");
        }
        let kind = self.kind(&f, path, at);
        if let Some(c) = &f.shown_when {
            self.condition(c, path, earlier, "shown-when");
        }
        let Some(kind) = kind.filter(|_| id_ok) else {
            self.broken.insert(f.id);
            return None;
        };
        Some(Field {
            id: f.id,
            kind,
            required: f.required,
            shown_when: f.shown_when,
            line: at.0,
        })
    }

    /// The typed kind, after checking that only keys of that kind are given.
    fn kind(
        &mut self,
        f: &RawField,
        path: &[Step<'static>],
        at: (usize, usize),
    ) -> Option<FieldKind> {
        let allowed: &[&str] = match f.kind {
            RawKind::Choice => &["choices", "default"],
            RawKind::Text => &["max-length", "autocomplete"],
            RawKind::Email => &["max-length", "autocomplete"],
            RawKind::Textarea | RawKind::Cvss => &["max-length"],
            RawKind::CveList => &["max-items"],
        };
        let given = [
            ("choices", !f.choices.is_empty()),
            ("default", f.default.is_some()),
            ("max-length", f.max_length.is_some()),
            ("max-items", f.max_items.is_some()),
            ("autocomplete", f.autocomplete.is_some()),
        ];
        let mut ok = true;
        for (key, _) in given.iter().filter(|(k, g)| *g && !allowed.contains(k)) {
            let where_ = self.pos(&join(path, &[Step::Key(key)]));
            let message = format!("`{key}` does not apply to a field of this type");
            self.error(
                where_,
                message,
                &format!("keys for it: {}", allowed.join(", ")),
            );
            ok = false;
        }
        for (key, value) in [("max-length", f.max_length), ("max-items", f.max_items)] {
            if value == Some(0) {
                self.error(
                    self.pos(&join(path, &[Step::Key(key)])),
                    format!("`{key}` must be at least 1"),
                    "",
                );
                ok = false;
            }
        }
        if let Some(a) = &f.autocomplete {
            if a.is_empty()
                || !a
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == ' ')
            {
                let message = format!("`autocomplete` = {a:?} is not an autofill token");
                self.error(
                    self.pos(&join(path, &["autocomplete".into()])),
                    message,
                    "for example name, email, organization",
                );
                ok = false;
            }
        }
        let kind = match f.kind {
            RawKind::Choice => self.choice(f, path, at)?,
            RawKind::Text | RawKind::Textarea => FieldKind::Text {
                multiline: f.kind == RawKind::Textarea,
                max_length: f.max_length.unwrap_or(match f.kind {
                    RawKind::Text => DEFAULT_TEXT_LENGTH,
                    _ => DEFAULT_TEXTAREA_LENGTH,
                }),
                autocomplete: f.autocomplete.clone(),
            },
            RawKind::Email => FieldKind::Email {
                max_length: f.max_length.unwrap_or(DEFAULT_EMAIL_LENGTH),
                autocomplete: f.autocomplete.clone(),
            },
            RawKind::CveList => FieldKind::CveList {
                max_items: f.max_items.unwrap_or(DEFAULT_CVE_ITEMS),
            },
            RawKind::Cvss => FieldKind::Cvss {
                max_length: f.max_length.unwrap_or(DEFAULT_CVSS_LENGTH),
            },
        };
        ok.then_some(kind)
    }

    fn choice(
        &mut self,
        f: &RawField,
        path: &[Step<'static>],
        at: (usize, usize),
    ) -> Option<FieldKind> {
        let mut ok = true;
        if f.choices.is_empty() {
            self.error(at, format!("choice field `{}` has no `choices`", f.id), "");
            ok = false;
        }
        let mut seen = BTreeSet::new();
        for (k, code) in f.choices.iter().enumerate() {
            let where_ = self.pos(&join(path, &["choices".into(), k.into()]));
            if !is_kebab(code) {
                let message = format!("choice code `{code}` must be kebab-case (a-z, 0-9, -)");
                self.error(
                    where_,
                    message,
                    "codes are the same in every language; labels are Fluent messages",
                );
                ok = false;
            } else if !seen.insert(code) {
                self.error(where_, format!("choice `{code}` is listed twice"), "");
                ok = false;
            }
        }
        if let Some(d) = f.default.as_ref().filter(|d| !f.choices.contains(d)) {
            let message = format!("default `{d}` is not one of the choices");
            self.error(self.pos(&join(path, &["default".into()])), message, "");
            ok = false;
        }
        ok.then(|| FieldKind::Choice {
            choices: f.choices.clone(),
            default: f.default.clone(),
        })
    }

    /// A condition must name an earlier choice field and one of its codes.
    fn condition(
        &mut self,
        c: &Condition,
        owner: &[Step<'static>],
        earlier: &[&Field],
        key: &'static str,
    ) {
        let at = self.pos(&join(owner, &[key.into(), "field".into()]));
        match earlier.iter().find(|f| f.id == c.field) {
            None if self.broken.contains(&c.field) => {}
            None => {
                let message = format!(
                    "`{key}` names `{}`, which is not a field before this one",
                    c.field
                );
                self.error(
                    at,
                    message,
                    "a condition can only depend on a field above it",
                );
            }
            Some(f) if !f.kind.choices().contains(&c.equals) => {
                let codes = f.kind.choices().join(", ");
                let message = match codes.is_empty() {
                    true => format!(
                        "`{}` is not a choice field; conditions compare choice codes",
                        c.field
                    ),
                    false => format!(
                        "`{}` is not a choice of `{}` (choices: {codes})",
                        c.equals, c.field
                    ),
                };
                let where_ = self.pos(&join(owner, &[key.into(), "equals".into()]));
                self.error(where_, message, "");
            }
            Some(_) => {}
        }
    }

    fn rule(&mut self, raw: RawRule, path: &[Step<'static>], fields: &[&Field]) -> Rule {
        let line = self.pos(&join(path, &["id".into()])).0;
        if !is_kebab(&raw.id) {
            let message = format!("rule id `{}` must be kebab-case (a-z, 0-9, -)", raw.id);
            self.error((line, 1), message, "");
        }
        if let Some(c) = &raw.when {
            self.condition(c, path, fields, "when");
        }
        if raw.at_least_one_of.len() < 2 {
            let at = self.pos(&join(path, &["at-least-one-of".into()]));
            self.error(at, "`at-least-one-of` needs two fields or more".into(), "");
        }
        for (m, id) in raw.at_least_one_of.iter().enumerate() {
            let at = self.pos(&join(path, &["at-least-one-of".into(), m.into()]));
            match fields.iter().find(|f| &f.id == id) {
                None if self.broken.contains(id) => {}
                None => self.error(at, format!("rule names `{id}`, which is not a field"), ""),
                Some(f) if f.required => {
                    let message = format!("`{id}` is required anyway, so this rule never fails");
                    self.error(at, message, "make the field optional or drop the rule");
                }
                Some(_) => {}
            }
        }
        Rule {
            id: raw.id,
            when: raw.when,
            at_least_one_of: raw.at_least_one_of,
            line,
        }
    }

    fn next(&mut self, raw: RawNext) -> NextSteps {
        let line = self.pos(&["next".into()]).0;
        for (m, item) in raw.items.iter().enumerate().filter(|(_, i)| !is_kebab(i)) {
            let at = self.pos(&["next".into(), "items".into(), m.into()]);
            self.error(
                at,
                format!("item `{item}` must be kebab-case (a-z, 0-9, -)"),
                "",
            );
        }
        if let Some(bad) = raw.steps.iter().position(|&s| !step_in_range(s)) {
            let at = self.pos(&["next".into(), "steps".into(), bad.into()]);
            self.error(at, step_range_message(raw.steps[bad]), "");
        }
        NextSteps {
            steps: raw.steps,
            items: raw.items,
            line,
        }
    }
}

fn is_kebab(s: &str) -> bool {
    is_id(s, '-')
}

fn is_snake(s: &str) -> bool {
    is_id(s, '_')
}

/// `[a-z][a-z0-9]*` words joined by single `separator`s.
fn is_id(s: &str, separator: char) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with(separator)
        && !s.contains(&format!("{separator}{separator}"))
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == separator)
}

#[cfg(test)]
mod tests;
