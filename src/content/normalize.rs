//! Front-matter normalization: Microsoft-Docs-style YAML in, one typed [`PageMeta`] out.
//!
//! The machine-translated sources disagree with each other (site suffixes in titles, US dates,
//! `services:` against `ms.service:`, keys present in some files only). This stage is where all
//! of that is settled: after it nothing is untyped, and every repair or conflict it made is a
//! warning with file and line, so a maintainer can fix the source instead of trusting a guess.

use super::source::SourceText;
use crate::config::{parse_locale_tag, Config};
use crate::diagnostics::{rule, Diagnostic, Diagnostics, Rule};
use crate::yaml::{self, YamlValue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A calendar date, printed as ISO 8601 (`2017-11-13`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::str::FromStr for Date {
    type Err = &'static str;

    /// Reads back what [`Date`]'s `Display` writes (`2017-11-13`), nothing more lenient: front
    /// matter's many date spellings are the normalizer's business.
    fn from_str(text: &str) -> Result<Date, Self::Err> {
        let mut parts = text.splitn(3, '-').map(str::parse::<u16>);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(year)), Some(Ok(month)), Some(Ok(day)))
                if (1..=12).contains(&month) && (1..=31).contains(&day) =>
            {
                Ok(Date {
                    year,
                    month: month as u8,
                    day: day as u8,
                })
            }
            _ => Err("not an ISO 8601 date (YYYY-MM-DD)"),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How a page came to be in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationKind {
    /// Written in the source language; translations are made from it.
    Source,
    /// Machine translation (`ms.translationtype: MT`).
    Machine,
    /// Translated or reviewed by a person.
    Human,
}

/// The canonical, typed record of one page's front matter (deserializable for the content
/// cache's state file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    /// Title with the site suffix (` | Microsoft Docs`) removed.
    pub title: String,
    pub description: Option<String>,
    /// Canonical BCP 47 tag; always equal to the folder the file lives in.
    pub locale: String,
    /// When the content was last changed (`ms.date`).
    pub date: Option<Date>,
    /// When a translation was handed off (`ms.lasthandoff`).
    pub handoff_date: Option<Date>,
    /// Pages with the same group are translations of one article (`ms.assetid`).
    pub translation_group: String,
    pub translation_kind: TranslationKind,
    /// When a person reviewed and corrected a machine translation (`tolk.post-edited`, a
    /// date): readers are told the page is machine-translated *and reviewed*. Only on
    /// machine translations; the source hash says which source version the review matched.
    pub post_edited: Option<Date>,
    /// Hash of the source this translation was made from (`ms.openlocfilehash`); see `check::source_hash`.
    pub source_hash: Option<String>,
    pub authors: Vec<String>,
    pub service: Option<String>,
    pub subservice: Option<String>,
    pub topic: Option<String>,
    /// An explicit `slug:`; the content stage falls back to the heading anchor, then the title.
    pub slug: Option<String>,
    /// Every other key, kept as it was.
    pub extra: BTreeMap<String, YamlValue>,
}

/// The key recording that a person reviewed a machine translation ([`PageMeta::post_edited`]).
pub const POST_EDITED: &str = "tolk.post-edited";

/// Keys of Microsoft Docs front matter that carry nothing we use but are expected: kept in
/// `extra` without a warning. Any key not known at all is kept too, with a warning.
const KNOWN_PASSTHROUGH: &[&str] = &[
    "documentationcenter",
    "manager",
    "editor",
    "ms.devlang",
    "ms.tgt_pltfrm",
    "ms.workload",
    "ms.sourcegitcommit",
    "ms.locfileid",
    "ms.custom",
    "ms.reviewer",
    "ms.collection",
    "keywords",
    "ms.prod",
    "ms.technology",
    "ms.localizationpriority",
    "robots",
    "ROBOTS",
    "titleSuffix",
];

/// Finds the 1-based file line of `key:` in the front matter, indexing it on first use (a
/// page without findings never needs it).
struct KeyLines<'a> {
    source: &'a SourceText,
    positions: std::cell::OnceCell<yaml::Positions>,
}

impl KeyLines<'_> {
    fn positions(&self) -> &yaml::Positions {
        self.positions
            .get_or_init(|| self.source.front_matter_positions())
    }

    fn line(&self, key: &str) -> usize {
        self.source.key_line(self.positions(), key)
    }

    fn has(&self, key: &str) -> bool {
        self.positions().get(&[key.into()]).is_some()
    }
}

/// Normalizes the front matter of `source`, which lives in the folder of locale `folder_locale`
/// at `group_fallback` (its path relative to that folder), used as translation group when the
/// page has no asset id.
pub fn normalize(
    source: &SourceText,
    folder_locale: &str,
    group_fallback: &str,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Result<PageMeta, Diagnostic> {
    // Control characters were reported by the content stage; YAML refuses some of them.
    let front_matter = crate::text_hygiene::clean(source.front_matter());
    let entries = yaml::parse_mapping(&front_matter).map_err(|e| {
        let line = source.front_matter_line + e.line.saturating_sub(1);
        Diagnostic::error(&source.path, format!("malformed front matter: {}", e.message))
            .at_line_of(&source.text, line, e.column)
            .rule(rule::FRONT_MATTER)
            .with_help("front matter is YAML: `key: value` lines; quote values that contain `: ` or start with a quote")
    })?;
    for (key, line) in yaml::repeated_keys(&entries, source.front_matter()) {
        let line = source.front_matter_line + line.saturating_sub(1);
        diagnostics.push(
            Diagnostic::warning(
                &source.path,
                format!("`{key}` is given twice; using the last one"),
            )
            .rule(rule::FRONT_MATTER)
            .at_line_of(&source.text, line, 1)
            .with_help("docfx keeps the last value too; remove the other line"),
        );
    }
    let mut n = Normalizer {
        source,
        lines: KeyLines {
            source,
            positions: std::cell::OnceCell::new(),
        },
        fields: BTreeMap::new(),
        diagnostics,
        failed: Vec::new(),
    };
    for (key, value) in entries {
        n.fields.insert(key, value);
    }
    n.run(folder_locale, group_fallback, config)
}

/// The rule of a problem with front-matter key `key`.
fn key_rule(key: &str) -> Rule {
    if key == "ms.date" {
        rule::FRONT_MATTER_DATE
    } else {
        rule::FRONT_MATTER
    }
}

struct Normalizer<'a> {
    source: &'a SourceText,
    lines: KeyLines<'a>,
    fields: BTreeMap<String, YamlValue>,
    diagnostics: &'a mut Diagnostics,
    /// Errors so far: every key is checked before the page is refused, so one run reports all.
    failed: Vec<Diagnostic>,
}

impl Normalizer<'_> {
    fn warn(&mut self, key: &str, message: String, help: &str) {
        let line = self.lines.line(key);
        let d =
            Diagnostic::warning(&self.source.path, message).at_line_of(&self.source.text, line, 1);
        let d = d.rule(key_rule(key));
        self.diagnostics.push(if help.is_empty() {
            d
        } else {
            d.with_help(help)
        });
    }

    fn error(&self, key: &str, message: String, help: &str) -> Diagnostic {
        let line = self.lines.line(key);
        let d =
            Diagnostic::error(&self.source.path, message).at_line_of(&self.source.text, line, 1);
        let d = d.rule(key_rule(key));
        if help.is_empty() {
            d
        } else {
            d.with_help(help)
        }
    }

    /// Removes a key and returns it as text; lists and maps are a warning and are kept as extras.
    fn take_text(&mut self, key: &str) -> Option<String> {
        let value = self.fields.remove(key)?;
        match value.as_text() {
            Some(t) if !t.trim().is_empty() => {
                Some(crate::text_hygiene::clean(&t).trim().to_string())
            }
            Some(_) | None if value == YamlValue::Null => None,
            Some(_) => None,
            None => {
                self.warn(key, format!("`{key}` should be text; kept as it is"), "");
                self.fields.insert(key.to_string(), value);
                None
            }
        }
    }

    /// The value of a step, or `fallback` with its error kept for the end of [`Self::run`].
    fn ok<T>(&mut self, result: Result<T, Diagnostic>, fallback: T) -> T {
        result.unwrap_or_else(|e| {
            self.failed.push(e);
            fallback
        })
    }

    fn run(
        mut self,
        folder_locale: &str,
        group_fallback: &str,
        config: &Config,
    ) -> Result<PageMeta, Diagnostic> {
        let title = self.title(config);
        let title = self.ok(title, String::new());
        let description = self.take_text("description");
        if description.is_none() {
            self.warn(
                "title",
                "no `description`; search engines and link previews will show none".into(),
                "add `description: ...`",
            );
        }
        let locale = self.locale(folder_locale, config);
        let locale = self.ok(locale, folder_locale.to_string());
        let (ms_date, date) = (self.date("ms.date"), self.date("date"));
        let date = self.ok(ms_date, None).or(self.ok(date, None));
        let handoff_date = self.date("ms.lasthandoff");
        let handoff_date = self.ok(handoff_date, None);
        let translation_group = self
            .take_text("ms.assetid")
            .or_else(|| self.take_text("translation-group"))
            .unwrap_or_else(|| group_fallback.to_string());
        let translation_kind = self.translation_kind(&locale, &config.source_locale);
        let post_edited = self.post_edited(translation_kind);
        let post_edited = self.ok(post_edited, None);
        let source_hash = self.source_hash();
        let authors = self.authors();
        let service = self.service();
        let subservice = self.take_text("ms.subservice");
        let topic = self.take_text("ms.topic");
        let mut slug = self.take_text("slug");
        if let Some(s) = slug.take_if(|s| {
            s.contains(['/', '\\']) || s.starts_with('.') || s != &crate::slug::slugify(s, "en")
        }) {
            let e = self.error(
                "slug",
                format!("`slug: {s}` is not a plain URL segment"),
                "use lowercase letters, digits and `-` only",
            );
            self.failed.push(e);
        }
        let keys: Vec<String> = self.fields.keys().cloned().collect();
        for key in keys {
            if !KNOWN_PASSTHROUGH.contains(&key.as_str()) {
                self.warn(
                    &key,
                    format!("unknown front-matter key `{key}`; kept, but tolk does not use it"),
                    "",
                );
            }
        }
        if !self.failed.is_empty() {
            let first = self.failed.remove(0);
            self.diagnostics
                .extend(std::mem::take(&mut self.failed).into());
            return Err(first);
        }
        Ok(PageMeta {
            title,
            description,
            locale,
            date,
            handoff_date,
            translation_group,
            translation_kind,
            post_edited,
            source_hash,
            authors,
            service,
            subservice,
            topic,
            slug,
            extra: self.fields,
        })
    }

    fn title(&mut self, config: &Config) -> Result<String, Diagnostic> {
        let Some(raw) = self.take_text("title") else {
            return Err(self.error(
                "title",
                "no `title` in the front matter".into(),
                "add `title: ...`",
            ));
        };
        let (title, removed) = strip_title_suffixes(&raw, &config.title_suffixes);
        if !removed.is_empty() {
            self.warn(
                "title",
                format!(
                    "removed {} from the title",
                    removed
                        .iter()
                        .map(|r| format!("{:?}", r.trim()))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                "titles should hold only the page's own title",
            );
        }
        if title.is_empty() {
            return Err(self.error(
                "title",
                "the title is empty once the site suffix is removed".into(),
                "",
            ));
        }
        Ok(title)
    }

    fn locale(&mut self, folder_locale: &str, config: &Config) -> Result<String, Diagnostic> {
        let key = ["ms.contentlocale", "locale", "lang"]
            .into_iter()
            .find(|k| self.fields.contains_key(*k));
        let Some(key) = key else {
            return Ok(folder_locale.to_string());
        };
        let raw = self.take_text(key).unwrap_or_default();
        let id = parse_locale_tag(&raw).map_err(|m| {
            self.error(
                key,
                format!("`{key}: {raw}` is not a valid locale: {m}"),
                "use a BCP 47 tag such as nl-NL",
            )
        })?;
        let tag = id.to_string();
        if config.locale(&tag).is_none() {
            let known: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
            return Err(self.error(
                key,
                format!(
                    "`{key}: {raw}` is not one of the site's locales ({})",
                    known.join(", ")
                ),
                &format!("use the folder's locale ({folder_locale}), or add a [[locale]] for {tag} to book.toml"),
            ));
        }
        if tag != folder_locale {
            return Err(self.error(
                key,
                format!("`{key}: {raw}` does not match the folder it lives in ({folder_locale})"),
                &format!("move the file to content/{tag}/ or correct `{key}`"),
            ));
        }
        Ok(tag)
    }

    fn date(&mut self, key: &str) -> Result<Option<Date>, Diagnostic> {
        let Some(raw) = self.take_text(key) else {
            return Ok(None);
        };
        match parse_date(&raw) {
            Some((date, DateStyle::Iso)) => Ok(Some(date)),
            Some((date, DateStyle::Us)) => {
                self.warn(
                    key,
                    format!("`{key}: {raw}` read as the US date {date}"),
                    &format!("write `{key}: {date}` (ISO 8601) to avoid month/day confusion"),
                );
                Ok(Some(date))
            }
            None => Err(self.error(
                key,
                format!("`{key}: {raw}` is not a valid date"),
                "write YYYY-MM-DD (or MM/DD/YYYY)",
            )),
        }
    }

    /// `tolk.post-edited: <date>`: a person reviewed the machine translation on that date.
    fn post_edited(&mut self, kind: TranslationKind) -> Result<Option<Date>, Diagnostic> {
        let date = self.date(POST_EDITED)?;
        if date.is_some() && kind != TranslationKind::Machine {
            self.warn(
                POST_EDITED,
                format!("`{POST_EDITED}` on a page that is not a machine translation; ignored"),
                "post-editing is the review of a machine translation (`ms.translationtype: MT`)",
            );
            return Ok(None);
        }
        Ok(date)
    }

    fn translation_kind(&mut self, locale: &str, source_locale: &str) -> TranslationKind {
        let raw = self
            .take_text("ms.translationtype")
            .or_else(|| self.take_text("translation"));
        let is_source = locale == source_locale;
        match raw.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None if is_source => TranslationKind::Source,
            Some("source") if is_source => TranslationKind::Source,
            Some("mt" | "machine") if !is_source => TranslationKind::Machine,
            Some("ht" | "human") if !is_source => TranslationKind::Human,
            None => TranslationKind::Human,
            Some(other) => {
                let key = if self.lines.has("ms.translationtype") {
                    "ms.translationtype"
                } else {
                    "translation"
                };
                self.warn(
                    key,
                    format!(
                        "translation type `{other}` does not fit a page in {locale}; treated as {}",
                        if is_source {
                            "the source"
                        } else {
                            "a human translation"
                        }
                    ),
                    "use MT (machine) or HT (human) on translations, nothing on sources",
                );
                if is_source {
                    TranslationKind::Source
                } else {
                    TranslationKind::Human
                }
            }
        }
    }

    fn source_hash(&mut self) -> Option<String> {
        let hash = self.take_text("ms.openlocfilehash")?.to_ascii_lowercase();
        if hash.len() != 40 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            self.warn(
                "ms.openlocfilehash",
                format!("`ms.openlocfilehash: {hash}` is not a 40-digit hex hash; ignored"),
                "run `tolk mark-translated` to record the current source",
            );
            return None;
        }
        Some(hash)
    }

    fn authors(&mut self) -> Vec<String> {
        let mut authors = Vec::new();
        if let Some(YamlValue::List(items)) = self.fields.get("authors").cloned() {
            self.fields.remove("authors");
            authors.extend(items.iter().filter_map(YamlValue::as_text));
        }
        for key in ["author", "ms.author"] {
            if let Some(a) = self.take_text(key) {
                authors.push(a);
            }
        }
        let mut seen = std::collections::HashSet::new();
        authors.retain(|a| seen.insert(a.clone()));
        authors
    }

    fn service(&mut self) -> Option<String> {
        let ms = self.take_text("ms.service");
        let legacy = self.take_text("services");
        match (ms, legacy) {
            (Some(a), Some(b)) if a != b => {
                self.warn(
                    "services",
                    format!("`services: {b}` conflicts with `ms.service: {a}`; using `ms.service`"),
                    "remove the older `services:` key",
                );
                Some(a)
            }
            (a, b) => a.or(b),
        }
    }
}

/// Removes trailing site suffixes such as ` | Microsoft Docs` or `-Azure`: any configured suffix
/// standing after a separator (`|`, `-`, `–`, `—`) at the end of the title. Returns the title and
/// what was removed.
pub fn strip_title_suffixes(title: &str, suffixes: &[String]) -> (String, Vec<String>) {
    let mut current = title.trim().to_string();
    let mut removed = Vec::new();
    'outer: loop {
        for suffix in suffixes {
            let lower = current.to_lowercase();
            let Some(prefix_len) = lower.strip_suffix(&suffix.to_lowercase()).map(str::len) else {
                continue;
            };
            if !current.is_char_boundary(prefix_len) {
                continue;
            }
            let before = current[..prefix_len].trim_end();
            if let Some(stem) = before.strip_suffix(['|', '-', '–', '—']) {
                removed.insert(0, current[stem.len()..].to_string());
                current = stem.trim_end().to_string();
                continue 'outer;
            }
        }
        break;
    }
    (current, removed)
}

enum DateStyle {
    Iso,
    Us,
}

/// Parses `YYYY-MM-DD` or the Microsoft `MM/DD/YYYY`, checking that the day exists.
fn parse_date(raw: &str) -> Option<(Date, DateStyle)> {
    let (y, m, d, style) = if let Some((y, rest)) = raw.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (y, m, d, DateStyle::Iso)
    } else {
        let mut parts = raw.split('/');
        let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m, d, DateStyle::Us)
    };
    let all_digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(y.len() == 4 && all_digits(y, 4) && all_digits(m, 2) && all_digits(d, 2)) {
        return None;
    }
    let (year, month, day): (u16, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then_some((Date { year, month, day }, style))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn date_reads_back_what_it_prints() {
        let d = Date {
            year: 2017,
            month: 11,
            day: 3,
        };
        assert_eq!(d.to_string().parse::<Date>(), Ok(d));
        assert!("2017-13-01".parse::<Date>().is_err());
        assert!("2017-11".parse::<Date>().is_err());
    }

    #[test]
    fn page_meta_reads_back_from_the_state_files_encoding() {
        let text = "---\ntitle: T\nms.date: 11/13/2017\nfoo: [1, x]\n---\n# T\n";
        let (meta, _) = run(text, "nl-NL");
        let meta = meta.unwrap();
        let back: PageMeta =
            rmp_serde::from_slice(&rmp_serde::to_vec_named(&meta).unwrap()).unwrap();
        assert_eq!(back, meta);
    }

    fn config() -> Config {
        let toml = "[site]\nsource-locale = \"en-US\"\ntitle-suffixes = [\"Azure\"]\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n[[locale]]\ntag = \"nl-NL\"\nname = \"Nederlands\"\n[[locale]]\ntag = \"hu-HU\"\nname = \"Magyar\"\n[[locale]]\ntag = \"tr-TR\"\nname = \"Türkçe\"\n";
        Config::parse(toml, Path::new("book.toml"), Path::new("/")).unwrap()
    }

    /// A verbatim seed (`tests/fixtures/check/seed-nl-NL.md`) or, for `en-US/...`, a page of
    /// the repository's content.
    fn seed(name: &str) -> String {
        let root = env!("CARGO_MANIFEST_DIR");
        let path = match name.split_once('/') {
            Some(("en-US", rest)) => format!("{root}/content/en-US/{rest}"),
            Some((locale, _)) => format!("{root}/tests/fixtures/check/seed-{locale}.md"),
            None => format!("{root}/content/{name}"),
        };
        std::fs::read_to_string(path).unwrap()
    }

    fn run(text: &str, locale: &str) -> (Result<PageMeta, Diagnostic>, Diagnostics) {
        let mut d = Diagnostics::new();
        let s = SourceText::parse(text.as_bytes().to_vec(), Path::new("p.md"), &mut d).unwrap();
        (normalize(&s, locale, "p", &config(), &mut d), d)
    }

    #[test]
    fn every_front_matter_error_of_a_page_is_reported_in_one_run() {
        let text = "---\ndescription: d\nms.date: 31/31/2020\nms.contentlocale: xx-YY\nslug: ../up\nms.lasthandoff: never\n---\n# T\n";
        let (m, d) = run(text, "nl-NL");
        let first = m.unwrap_err();
        let mut lines: Vec<(usize, &str)> = std::iter::once(&first)
            .chain(d.iter().filter(|d| d.is_error()))
            .map(|d| (d.line, d.rule))
            .collect();
        lines.sort_unstable();
        assert_eq!(
            lines,
            [
                (2, "front-matter"),      // no title (placed at the nearest key)
                (3, "front-matter-date"), // ms.date
                (4, "front-matter"),      // locale
                (5, "front-matter"),      // slug
                (6, "front-matter"),      // ms.lasthandoff
            ],
            "{first:?} {d:?}"
        );
    }

    #[test]
    fn dutch_seed() {
        let (m, d) = run(&seed("nl-NL/event-support-ticket.md"), "nl-NL");
        let m = m.unwrap();
        assert_eq!(
            m.title,
            "Een ondersteunings ticket voor beveiligings gebeurtenissen in een logboek vastleggen"
        );
        assert_eq!(m.locale, "nl-NL");
        assert_eq!(m.date.unwrap().to_string(), "2017-11-13");
        assert_eq!(m.handoff_date.unwrap().to_string(), "2021-03-29");
        assert_eq!(m.translation_group, "f1ffde66-98f0-4c3e-ad94-fee1f97cae03");
        assert_eq!(m.translation_kind, TranslationKind::Machine);
        assert_eq!(
            m.source_hash.as_deref(),
            Some("fc5899fe5aca4bbaa9250cf41b240816e2cbedb0")
        );
        assert_eq!(m.authors, ["DavidBosland", "terrylan"]);
        assert_eq!(
            (m.service.as_deref(), m.subservice.as_deref()),
            (Some("security"), Some("security-fundamentals"))
        );
        assert_eq!(
            m.extra["ms.locfileid"],
            YamlValue::String("80548594".into())
        );
        // Title suffix and two US dates: three repairs, each a warning on its own line.
        let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 15, 21], "{d:#?}");
    }

    #[test]
    fn hungarian_seed() {
        let (m, _) = run(&seed("hu-HU/event-support-ticket.md"), "hu-HU");
        let m = m.unwrap();
        assert_eq!(m.title, "Biztonsági eseménytámogatási jegy naplózása");
        assert_eq!(m.handoff_date.unwrap().to_string(), "2020-03-27");
        assert_eq!(m.authors, ["DavidBosland", "barclayn"]);
    }

    #[test]
    fn turkish_seed_conflict_is_reported() {
        let (m, d) = run(&seed("tr-TR/event-support-ticket.md"), "tr-TR");
        let m = m.unwrap();
        assert_eq!(m.title, "Azure güvenlik olay destek bileti - oturum");
        assert_eq!(m.service.as_deref(), Some("marketplace"));
        assert_eq!(m.subservice, None);
        assert!(!m.extra.contains_key("ms.locfileid"));
        let conflict = d
            .iter()
            .find(|d| d.message.contains("conflicts"))
            .expect("conflict warning");
        assert_eq!(conflict.line, 4);
    }

    #[test]
    fn post_edited_machine_translations_say_so() {
        let (m, d) = run(&seed("nl-NL/event-support-ticket.md"), "nl-NL");
        assert_eq!(m.unwrap().post_edited, None);
        assert!(d.iter().all(|d| !d.message.contains(POST_EDITED)));
        let reviewed = "---\ntitle: T\nms.translationtype: MT\ntolk.post-edited: 2026-12-02\n---\n";
        let (m, d) = run(reviewed, "nl-NL");
        assert_eq!(
            m.unwrap().post_edited.map(|d| d.to_string()).as_deref(),
            Some("2026-12-02")
        );
        assert!(d.iter().all(|d| !d.message.contains("unknown")), "{d:?}");
        let human = "---\ntitle: T\nms.translationtype: HT\ntolk.post-edited: 2026-12-02\n---\n";
        let (m, d) = run(human, "nl-NL");
        assert_eq!(m.unwrap().post_edited, None);
        assert!(
            d.iter()
                .any(|d| d.message.contains("not a machine translation") && d.line == 4),
            "{d:?}"
        );
        let garbled = "---\ntitle: T\nms.translationtype: MT\ntolk.post-edited: soon\n---\n";
        assert!(run(garbled, "nl-NL").0.is_err());
    }

    #[test]
    fn english_source() {
        let (m, _) = run(&seed("en-US/event-support-ticket.md"), "en-US");
        assert_eq!(m.unwrap().translation_kind, TranslationKind::Source);
    }

    #[test]
    fn locale_must_match_folder() {
        let (m, _) = run("---\ntitle: T\nms.contentlocale: hu-HU\n---\n", "nl-NL");
        let e = m.unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("does not match"));
        let (m, _) = run("---\ntitle: T\nms.contentlocale: xx_YY\n---\n", "nl-NL");
        assert!(m.unwrap_err().message.contains("not a valid locale"));
        let (m, _) = run("---\ntitle: T\nms.contentlocale: de-DE\n---\n", "nl-NL");
        let e = m.unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .contains("not one of the site's locales (en-US, nl-NL, hu-HU, tr-TR)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_dates_are_errors_on_their_line() {
        for bad in ["13/45/2017", "02/30/2020", "2017-1-1x", "yesterday"] {
            let (m, _) = run(
                &format!("---\ntitle: T\ndescription: d\nms.date: {bad}\n---\n"),
                "en-US",
            );
            let e = m.unwrap_err();
            assert_eq!(e.line, 4, "{bad}");
        }
        let (m, _) = run("---\ntitle: T\nms.date: 02/29/2020\n---\n", "en-US");
        assert_eq!(m.unwrap().date.unwrap().to_string(), "2020-02-29");
    }

    #[test]
    fn malformed_yaml_names_the_file_line() {
        let (m, _) = run(
            "---\ntitle: T\ndescription: \"open\nauthor: x\n---\n",
            "en-US",
        );
        let e = m.unwrap_err();
        assert!(e.message.starts_with("malformed front matter"));
        assert!(e.line >= 3, "{e:?}");
    }

    #[test]
    fn unknown_keys_are_kept_with_a_warning() {
        let (m, d) = run(
            "---\ntitle: T\ndescription: d\nfavourite-colour: blue\n---\n",
            "en-US",
        );
        assert!(m.unwrap().extra.contains_key("favourite-colour"));
        assert_eq!(d.iter().next().unwrap().line, 4);
    }

    #[test]
    fn title_suffixes() {
        let s = |t: &str| strip_title_suffixes(t, &["Microsoft Docs".into(), "Azure".into()]).0;
        assert_eq!(s("A ticket-Azure | Microsoft Docs"), "A ticket");
        assert_eq!(s("Azure tickets"), "Azure tickets");
        assert_eq!(s("Über – Azure"), "Über");
    }
}
