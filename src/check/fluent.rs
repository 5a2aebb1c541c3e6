//! Fluent resources of every locale checked against the source locale and against what the
//! templates and the form actually use.
//!
//! A broken or stale `.ftl` file does not stop a site from building: fluent-syntax skips the
//! broken entry and the i18n stage falls back to the source language. That is exactly why
//! translators need `tolk check`: it names every syntax error (not just the first), every
//! message a locale lacks or keeps after the source dropped it, every attribute and
//! `{ $variable }` that differs from the source, and, when told which ids the templates use,
//! the ids nobody defines and the ones nobody uses. Each finding points at the line of the
//! message in the file it concerns.

mod cycles;
mod index;
pub mod plurals;

use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::i18n::escapes;
use index::{Def, LocaleIndex};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// One `.ftl` file of a locale, as read from `locales/<locale>/`.
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// The path diagnostics will name (relative to the site root where possible).
    pub path: PathBuf,
    pub text: String,
}

/// All resource files of one locale.
#[derive(Debug, Clone)]
pub struct LocaleResources {
    /// The locale id, e.g. `nl-NL`; used in messages.
    pub locale: String,
    /// `locales/<locale>`: named by findings about something the locale lacks when it has
    /// several files (with one file, that file is named instead).
    pub dir: PathBuf,
    pub files: Vec<FtlFile>,
}

/// One place where a template or the form asks for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageUse {
    /// The message id (templates never ask for terms).
    pub id: String,
    /// The attribute asked for (`label` in `field.label`), if any.
    pub attribute: Option<String>,
    /// The file that asks for it; `None` for tolk's built-in pages (its own code), which a
    /// site author cannot edit and which findings name as such.
    pub path: Option<PathBuf>,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
}

fn defused_text(file: &FtlFile) -> Option<String> {
    match escapes::defused(&file.text) {
        std::borrow::Cow::Owned(text) => Some(text),
        std::borrow::Cow::Borrowed(_) => None,
    }
}

impl FluentInput {
    /// A copy whose texts the parser can take whole ([`escapes::defused`]); `None` when every
    /// text already is (the usual case: the build's files were defused when read).
    fn defused(&self) -> Option<FluentInput> {
        let cut = |files: &[FtlFile]| files.iter().any(|f| defused_text(f).is_some());
        let any = cut(&self.source.files) || self.translations.iter().any(|t| cut(&t.files));
        any.then(|| {
            let mut copy = self.clone();
            let translations = copy.translations.iter_mut().flat_map(|t| &mut t.files);
            for file in copy.source.files.iter_mut().chain(translations) {
                if let Some(text) = defused_text(file) {
                    file.text = text;
                }
            }
            copy
        })
    }
}

/// Everything `check_fluent` looks at.
#[derive(Debug, Clone)]
pub struct FluentInput {
    /// The locale translators translate from (en-US).
    pub source: LocaleResources,
    pub translations: Vec<LocaleResources>,
    /// The message uses of templates and form; `None` skips the used/unused checks (they
    /// would call every message unused).
    pub used: Option<Vec<MessageUse>>,
}

/// The findings plus per-locale counts for the translation status page.
#[derive(Debug, Clone, Default)]
pub struct FluentReport {
    pub diagnostics: Diagnostics,
    /// The source locale first, then the translations in input order.
    pub locales: Vec<LocaleStatus>,
}

/// How far one locale is translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocaleStatus {
    pub locale: String,
    /// Messages (not terms) the source locale defines.
    pub source_messages: usize,
    /// Of those, how many this locale translates (defines with its own text).
    pub translated: usize,
    /// Source messages and terms this locale lacks.
    pub missing: Vec<String>,
    /// Messages this locale defines with the source's very text, unmarked: untranslated.
    pub same_as_source: Vec<String>,
    /// Messages and terms this locale defines but the source does not.
    pub obsolete: Vec<String>,
    /// Findings (errors and warnings) in this locale's files.
    pub errors: usize,
    pub warnings: usize,
}

/// Checks all locales; never fails, every problem becomes a diagnostic.
pub fn check_fluent(input: &FluentInput) -> FluentReport {
    // No text reaches the parser before its short escapes are defused (see [`escapes`]).
    let defused = input.defused();
    let input = defused.as_ref().unwrap_or(input);
    let source = LocaleIndex::build(&input.source);
    let uses = UseMap::new(input.used.as_deref());
    let mut report = FluentReport::default();

    let mut own = source.diagnostics.clone();
    check_plurals(&input.source, &mut own);
    check_references(&source, &mut own);
    cycles::check_cycles(&source, &mut own);
    let total = source.messages().count();
    report.locales.push(status(&source, total, total, &own));
    report.diagnostics.extend(own);

    let translations: Vec<LocaleIndex> =
        input.translations.iter().map(LocaleIndex::build).collect();
    for translation in &translations {
        let mut own = translation.diagnostics.clone();
        check_plurals(translation.resources, &mut own);
        check_references(translation, &mut own);
        cycles::check_cycles(translation, &mut own);
        let counts = compare_locale(&source, translation, &uses, &mut own);
        let mut locale_status = status(translation, total, counts.translated, &own);
        locale_status.missing = counts.missing;
        locale_status.same_as_source = counts.same_as_source;
        locale_status.obsolete = counts.obsolete;
        report.locales.push(locale_status);
        report.diagnostics.extend(own);
    }
    if let Some(used) = &input.used {
        check_uses(&source, &translations, used, &mut report.diagnostics);
        check_unused(&source, used, &mut report.diagnostics);
    }
    report.diagnostics.sort();
    report
}

/// Plural variants of every file of a locale against its CLDR categories ([`plurals`]).
fn check_plurals(resources: &LocaleResources, out: &mut Diagnostics) {
    for file in &resources.files {
        plurals::check_file(&resources.locale, &file.path, &file.text, out);
    }
}

fn status(index: &LocaleIndex, total: usize, translated: usize, own: &Diagnostics) -> LocaleStatus {
    LocaleStatus {
        locale: index.resources.locale.clone(),
        source_messages: total,
        translated,
        missing: Vec::new(),
        same_as_source: Vec::new(),
        obsolete: Vec::new(),
        errors: own.error_count(),
        warnings: own.warning_count(),
    }
}

/// Message uses by id, to say where a missing message is needed.
struct UseMap<'a>(BTreeMap<&'a str, Vec<&'a MessageUse>>);

impl<'a> UseMap<'a> {
    fn new(used: Option<&'a [MessageUse]>) -> Self {
        let mut map: BTreeMap<&str, Vec<&MessageUse>> = BTreeMap::new();
        for u in used.unwrap_or_default() {
            map.entry(u.id.as_str()).or_default().push(u);
        }
        UseMap(map)
    }

    /// "; used at a.html:3, b.html:9", "; used by tolk's built-in pages", both, or nothing.
    fn note(&self, id: &str) -> String {
        let Some(list) = self.0.get(id) else {
            return String::new();
        };
        let places: Vec<String> = list.iter().filter_map(|u| use_location(u)).collect();
        let built_in = list.iter().any(|u| u.path.is_none());
        match (places.is_empty(), built_in) {
            (true, true) => "; used by tolk's built-in pages".to_string(),
            (false, true) => format!(
                "; used at {} and by tolk's built-in pages",
                places.join(", ")
            ),
            (_, false) => format!("; used at {}", places.join(", ")),
        }
    }
}

/// `path:line` of a use in a file; `None` for a built-in use.
fn use_location(u: &MessageUse) -> Option<String> {
    let path = u.path.as_ref()?;
    Some(match u.line {
        0 => path.display().to_string(),
        line => format!("{}:{line}", path.display()),
    })
}

fn kind(def: &Def) -> &'static str {
    if def.is_term {
        "term"
    } else {
        "message"
    }
}

/// `{ message }`, `{ message.attr }` and `{ -term }` must resolve inside the same locale:
/// a bundle never looks into another locale for a reference.
fn check_references(index: &LocaleIndex, out: &mut Diagnostics) {
    let locale = &index.resources.locale;
    for def in index.defs.values() {
        for uses in def.patterns.values() {
            for r in &uses.references {
                let problem = match index.defs.get(&r.id) {
                    None => format!("`{}` refers to `{}`, which {locale} does not define", def.id, r.id),
                    Some(target) => match r.attribute {
                        Some(attr) if !target.has_attribute(attr) => format!(
                            "`{}` refers to `{}.{attr}`, but `{}` has no attribute `{attr}` in {locale}",
                            def.id, r.id, r.id
                        ),
                        _ => continue,
                    },
                };
                let d = Diagnostic::error(index.path(def), problem).rule(rule::FLUENT_REFERENCE);
                out.push(index.at(def, r.offset, d));
            }
        }
    }
}

/// What `compare_locale` counted, for the status page.
struct Counts {
    translated: usize,
    missing: Vec<String>,
    same_as_source: Vec<String>,
    obsolete: Vec<String>,
}

/// Missing and obsolete entries, then attribute and variable differences of shared ones.
fn compare_locale(
    source: &LocaleIndex,
    translation: &LocaleIndex,
    uses: &UseMap,
    out: &mut Diagnostics,
) -> Counts {
    let locale = &translation.resources.locale;
    let mut counts = Counts {
        translated: 0,
        missing: Vec::new(),
        same_as_source: Vec::new(),
        obsolete: Vec::new(),
    };
    for (id, def) in &source.defs {
        match translation.defs.get(id) {
            Some(other) if is_copy(def, other) => {
                counts.same_as_source.push(id.clone());
                out.push(same_as_source(source, def, translation, other));
                compare_def(source, def, translation, other, out);
            }
            Some(other) => {
                counts.translated += usize::from(!def.is_term);
                compare_def(source, def, translation, other, out);
            }
            None => {
                counts.missing.push(id.clone());
                let message = format!(
                    "{} `{id}` is not translated in {locale} (source: {}){}",
                    kind(def),
                    source.location(def),
                    uses.note(id)
                );
                out.push(
                    Diagnostic::warning(translation.missing_path(), message)
                        .rule(rule::FLUENT_MISSING),
                );
            }
        }
    }
    for (id, def) in &translation.defs {
        if !source.defs.contains_key(id) {
            counts.obsolete.push(id.clone());
            let message = format!(
                "{} `{id}` is not in the source locale {}: obsolete, or misspelled",
                kind(def),
                source.resources.locale
            );
            let d = Diagnostic::warning(translation.path(def), message)
                .rule(rule::FLUENT_UNKNOWN)
                .with_help("delete it, or add it to the source locale first");
            out.push(translation.at(def, def.offset, d));
        }
    }
    counts
}

/// Whether a translation's message is an unmarked copy of the source's (never a term).
fn is_copy(src: &Def, tr: &Def) -> bool {
    match (&src.message, &tr.message) {
        (Some(s), Some(t)) => crate::i18n::same_as_source::is_copy(s, t),
        _ => false,
    }
}

/// The finding for a message that is still the source's text.
fn same_as_source(
    source: &LocaleIndex,
    src: &Def,
    translation: &LocaleIndex,
    tr: &Def,
) -> Diagnostic {
    let message = format!(
        "message `{}` in {} is the same as the source ({}): not translated yet",
        tr.id,
        translation.resources.locale,
        source.location(src)
    );
    let help = format!(
        "translate it; if it is right as it is (a name, \"OK\"), put `# {}` on the line above it",
        crate::i18n::same_as_source::MARKER
    );
    let d = Diagnostic::warning(translation.path(tr), message)
        .rule(rule::FLUENT_SAME_AS_SOURCE)
        .with_help(help);
    translation.at(tr, tr.offset, d)
}

/// One shared message or term: value, attributes and variables must match the source.
fn compare_def(
    source: &LocaleIndex,
    src: &Def,
    translation: &LocaleIndex,
    tr: &Def,
    out: &mut Diagnostics,
) {
    let locale = &translation.resources.locale;
    let from = source.location(src);
    let warn = |offset: usize, message: String| {
        translation.at(
            tr,
            offset,
            Diagnostic::warning(translation.path(tr), message).rule(rule::FLUENT_SHAPE),
        )
    };
    if src.has_value != tr.has_value {
        let (has, lacks) = if src.has_value {
            ("the source", locale.as_str())
        } else {
            (locale.as_str(), "the source")
        };
        out.push(warn(
            tr.offset,
            format!(
                "`{}` has a value in {has} but none in {lacks} ({from})",
                tr.id
            ),
        ));
    }
    for (name, _) in &src.attributes {
        if !tr.has_attribute(name) {
            out.push(warn(
                tr.offset,
                format!(
                    "`{}` lacks the attribute `.{name}` of the source ({from})",
                    tr.id
                ),
            ));
        }
    }
    for (name, offset) in &tr.attributes {
        if !src.has_attribute(name) {
            out.push(warn(
                *offset,
                format!(
                    "attribute `.{name}` of `{}` is not in the source ({from})",
                    tr.id
                ),
            ));
        }
    }
    compare_variables(src, tr, locale, &from, translation, out);
}

/// A variable the source uses but the translation drops loses information (warning); one
/// the translation uses but the source never does is not passed by the caller (error).
fn compare_variables(
    src: &Def,
    tr: &Def,
    locale: &str,
    from: &str,
    translation: &LocaleIndex,
    out: &mut Diagnostics,
) {
    let offset_of = |attr: Option<&str>| {
        let found = tr.attributes.iter().find(|(a, _)| Some(*a) == attr);
        found.map_or(tr.offset, |(_, offset)| *offset)
    };
    let name = |attr: Option<&str>| match attr {
        Some(a) => format!("`{}.{a}`", tr.id),
        None => format!("`{}`", tr.id),
    };
    let provided = src.all_variables();
    for (attr, tr_uses) in &tr.patterns {
        let Some(src_uses) = src.patterns.get(attr) else {
            continue;
        };
        for var in src_uses.variables.difference(&tr_uses.variables) {
            let message = format!(
                "{} in {locale} does not use `{{ ${var} }}`, the source does ({from})",
                name(*attr)
            );
            let d = Diagnostic::warning(translation.path(tr), message).rule(rule::FLUENT_VARIABLE);
            out.push(translation.at(tr, offset_of(*attr), d));
        }
        for var in tr_uses.variables.difference(&provided) {
            let message = format!(
                "{} in {locale} uses `{{ ${var} }}`, which the source never uses ({from}), so no value is passed for it",
                name(*attr)
            );
            let d = Diagnostic::error(translation.path(tr), message)
                .rule(rule::FLUENT_VARIABLE)
                .with_help("use only the variables of the source message");
            out.push(translation.at(tr, offset_of(*attr), d));
        }
    }
}

/// Every id a template or the form asks for must exist in the source locale (with the
/// attribute asked for); the other locales fall back to it.
fn check_uses(
    source: &LocaleIndex,
    translations: &[LocaleIndex],
    used: &[MessageUse],
    out: &mut Diagnostics,
) {
    let src_locale = &source.resources.locale;
    for u in used {
        let here = match u.path {
            Some(_) => "here",
            None => "by tolk's built-in pages",
        };
        let message = match source.defs.get(&u.id) {
            Some(def) => match &u.attribute {
                Some(attr) if !def.has_attribute(attr) => format!(
                    "`{}.{attr}` is used {here}, but `{}` has no attribute `{attr}` in {src_locale} ({})",
                    u.id,
                    u.id,
                    source.location(def)
                ),
                _ => continue,
            },
            None => {
                let holders: Vec<&str> = translations
                    .iter()
                    .filter(|t| t.defs.contains_key(&u.id))
                    .map(|t| t.resources.locale.as_str())
                    .collect();
                if holders.is_empty() {
                    format!("message `{}` is used {here} but defined in no locale", u.id)
                } else {
                    format!(
                        "message `{}` is used {here} but not defined in the source locale {src_locale} (only in {})",
                        u.id,
                        holders.join(", ")
                    )
                }
            }
        };
        // A built-in use is fixed in the source locale's resources, not in tolk's code.
        let d = match &u.path {
            Some(path) => Diagnostic::error(path, message)
                .rule(rule::FLUENT_MISSING)
                .at(u.line, u.column),
            None => Diagnostic::error(source.missing_path(), message)
                .rule(rule::FLUENT_MISSING)
                .with_help(format!("define it in the {src_locale} resources")),
        };
        out.push(d);
    }
}

/// Source messages and terms that no use reaches, directly or through references.
fn check_unused(source: &LocaleIndex, used: &[MessageUse], out: &mut Diagnostics) {
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut queue: Vec<&str> = used.iter().map(|u| u.id.as_str()).collect();
    while let Some(id) = queue.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Some(def) = source.defs.get(id) {
            let refs = def.patterns.values().flat_map(|u| u.references.iter());
            queue.extend(refs.map(|r| r.id.as_str()));
        }
    }
    for (id, def) in &source.defs {
        if !reached.contains(id.as_str()) {
            let message = format!(
                "{} `{id}` is not used by any template or the form",
                kind(def)
            );
            let d = Diagnostic::warning(source.path(def), message)
                .rule(rule::FLUENT_UNUSED)
                .with_help("delete it from every locale, or use it");
            out.push(source.at(def, def.offset, d));
        }
    }
}

#[cfg(test)]
mod tests;
