//! The localization stage: `locales/<locale>/*.ftl` in, one Fluent bundle per locale out.
//!
//! Every string a template shows comes from here. A message missing in one locale falls back
//! along a chain negotiated with fluent-langneg (`nl-BE` → `nl-NL` → the source locale), and
//! each such gap is a warning, so the site never shows a message id to a reader. A message a
//! translation defines with the source's very text ([`same_as_source`]) falls back the same way,
//! so it is shown, and marked, as the source language's text it is.
//! Bundles are the `concurrent` kind: pages render in parallel and share them.

use crate::config::{Config, TextDirection};
use crate::content::Date;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::input::Entry;
use crate::numbers::NumberFormat;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

pub mod escapes;
pub mod lookups;
pub mod same_as_source;

/// First Strong Isolate and Pop Directional Isolate: Fluent wraps placeables in them.
const BIDI_MARKS: [char; 2] = ['\u{2068}', '\u{2069}'];

/// One `.ftl` file of one locale.
#[derive(Debug, Clone)]
pub struct FtlFile {
    pub locale: String,
    pub path: PathBuf,
    pub text: String,
}

/// All locales' bundles and the fallback chain of each.
pub struct Localizer {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    chains: HashMap<String, Vec<String>>,
    /// Where each message of each locale is defined: (locale, id) → (file, line).
    defined: BTreeMap<(String, String), (PathBuf, usize)>,
    /// Messages a translation defines with the source's very text ([`same_as_source`]):
    /// (locale, id). They format as fallback text, marked with the source's `lang` and `dir`.
    copies: BTreeSet<(String, String)>,
    /// Writing direction of each locale, for marking text that fell back to another.
    dirs: HashMap<String, TextDirection>,
    /// Each locale's `numbering` from `book.toml` (`None`: CLDR's default). ICU4X formatters
    /// are not `Sync`; made on demand from compiled data, they cost next to nothing.
    numbering: HashMap<String, Option<String>>,
    /// (locale, id) → digest of what formatting that message reads: the message, the locale's
    /// terms and, when it references messages, every message of the locale ([`lookups`]).
    digests: HashMap<(String, String), [u8; 32]>,
}

impl Localizer {
    /// Reads every `locales/<locale>/*.ftl` of the configured locales, through
    /// [`crate::input::SiteFs`] (a linked file or folder is refused, never followed). The files are returned
    /// too, for the translation checks (which report syntax errors, gaps and duplicates).
    pub fn load(config: &Config) -> (Localizer, Vec<FtlFile>, Diagnostics) {
        let (files, diagnostics) = Localizer::read_files(config);
        let localizer = Localizer::parse(config, &files);
        (localizer, files, diagnostics)
    }

    /// The reading half of [`Localizer::load`]: every `.ftl` file of the configured locales,
    /// BOM removed and line endings LF (a rebuild whose files read the same keeps its parse).
    pub fn read_files(config: &Config) -> (Vec<FtlFile>, Diagnostics) {
        let mut files = Vec::new();
        let mut diagnostics = Diagnostics::new();
        let fs = config.files();
        for locale in &config.locales {
            let dir = config.root.join("locales").join(&locale.tag);
            let entries = match fs.list(&dir) {
                Ok(entries) => entries,
                Err(e) if e.is_not_found() => {
                    diagnostics.push(Diagnostic::warning(&dir, format!("no translations for {}: folder missing", locale.tag)).rule(rule::LOCALE_MISSING).with_help("create it with .ftl files; until then the source locale's text is shown"));
                    continue;
                }
                Err(e) => {
                    diagnostics.push(e.diagnostic());
                    continue;
                }
            };
            for entry in entries {
                let path = match entry {
                    Entry::File(p) if p.extension().is_some_and(|e| e == "ftl") => p,
                    Entry::Refused(e) => {
                        diagnostics.push(e.diagnostic());
                        continue;
                    }
                    _ => continue,
                };
                match fs.read_string(&path) {
                    Ok(text) => files.push(FtlFile {
                        locale: locale.tag.clone(),
                        path,
                        text: escapes::defused(
                            &text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
                        )
                        .into_owned(),
                    }),
                    Err(e) => diagnostics.push(e.diagnostic()),
                }
            }
        }
        (files, diagnostics)
    }

    /// Builds the bundles from file texts (the pure twin of [`Localizer::load`]). Broken
    /// entries are skipped (fluent-syntax recovers at the next entry); `check` reports them.
    pub fn parse(config: &Config, files: &[FtlFile]) -> Localizer {
        Localizer::parse_reporting(config, files).0
    }

    /// [`Localizer::parse`] when every file parses whole; `None` when one has a broken entry
    /// (a preview of a message edit then waits for the build, which reports it).
    pub fn parse_whole(config: &Config, files: &[FtlFile]) -> Option<Localizer> {
        let (localizer, whole) = Localizer::parse_reporting(config, files);
        whole.then_some(localizer)
    }

    /// The bundles, and whether every file of the configured locales parsed whole.
    fn parse_reporting(config: &Config, files: &[FtlFile]) -> (Localizer, bool) {
        let mut whole = true;
        let mut bundles = HashMap::new();
        let mut defined: BTreeMap<(String, String), (PathBuf, usize)> = BTreeMap::new();
        let mut digests = HashMap::new();
        for locale in &config.locales {
            let mut entries = MessageDigests::default();
            let mut bundle = FluentBundle::new_concurrent(vec![locale.langid.clone()]);
            bundle.set_use_isolating(locale.dir == TextDirection::Rtl);
            for file in files.iter().filter(|f| f.locale == locale.tag) {
                // Fluent adds its own isolation marks when formatting; the source's go.
                let clean = crate::text_hygiene::clean(&file.text);
                let text = escapes::defused(&clean).into_owned();
                let resource = FluentResource::try_new(text).unwrap_or_else(|(partial, _)| {
                    whole = false;
                    partial
                });
                entries.add(&resource);
                let lines = crate::diagnostics::LineIndex::new(&file.text);
                for (id, offset) in message_offsets(&file.text) {
                    let line = lines.line_col(offset).0;
                    defined
                        .entry((locale.tag.clone(), id))
                        .or_insert((file.path.clone(), line));
                }
                // A duplicate id keeps its first definition.
                let _ = bundle.add_resource(resource);
            }
            bundles.insert(locale.tag.clone(), bundle);
            for (id, digest) in entries.finish() {
                digests.insert((locale.tag.clone(), id), digest);
            }
        }
        let localizer = Localizer {
            bundles,
            chains: fallback_chains(config),
            defined,
            copies: copied_messages(config, files),
            dirs: config
                .locales
                .iter()
                .map(|l| (l.tag.clone(), l.dir))
                .collect(),
            numbering: config
                .locales
                .iter()
                .map(|l| (l.tag.clone(), l.numbering.clone()))
                .collect(),
            digests,
        };
        (localizer, whole)
    }

    /// What `lookups` resolve to now, as one digest: for each, the locale of the chain that
    /// answers it and that message's digest (or that none does). Equal digests mean every
    /// lookup formats as it did, given the same arguments ([`lookups`]).
    pub fn digest_of(&self, lookups: &[lookups::Lookup]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        for lookups::Lookup(locale, id, attr) in lookups {
            let answer = self.answering(locale, id, attr.as_deref());
            for part in [
                &**locale,
                &**id,
                attr.as_deref().unwrap_or("\u{0}"),
                answer.unwrap_or("\u{0}"),
            ] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
            let digest = answer
                .and_then(|tag| self.digests.get(&(tag.to_string(), id.to_string())))
                .copied()
                .unwrap_or([0; 32]);
            hasher.update(&digest);
        }
        *hasher.finalize().as_bytes()
    }

    /// The locale of `locale`'s chain whose message `id` (`attr`) [`Localizer::format_from`]
    /// formats, without formatting it.
    fn answering(&self, locale: &str, id: &str, attr: Option<&str>) -> Option<&str> {
        let chain = self.chains.get(locale)?;
        chain
            .iter()
            .find(|tag| {
                if self.copies.contains(&(tag.to_string(), id.to_string())) {
                    return false;
                }
                let Some(message) = self.bundles[tag.as_str()].get_message(id) else {
                    return false;
                };
                match attr {
                    Some(a) => message.get_attribute(a).is_some(),
                    None => message.value().is_some(),
                }
            })
            .map(String::as_str)
    }

    /// Ids of the messages a locale defines itself, sorted.
    pub fn message_ids(&self, locale: &str) -> BTreeSet<String> {
        self.defined
            .keys()
            .filter(|(l, _)| l == locale)
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// Whether `locale` defines `id` itself (not through fallback), with its own text: a copy
    /// of the source's text does not count.
    pub fn defines(&self, locale: &str, id: &str) -> bool {
        let key = (locale.to_string(), id.to_string());
        self.defined.contains_key(&key) && !self.copies.contains(&key)
    }

    /// Formats message `id` (or its attribute `attr`) for `locale`, walking the fallback chain.
    /// `None` only when no locale in the chain has it.
    pub fn format(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<String> {
        self.format_from(locale, id, attr, args)
            .map(|(text, _)| text)
    }

    /// Like [`Localizer::format`], and says which locale of the chain the text came from.
    pub fn format_from(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<(String, &str)> {
        lookups::note(locale, id, attr);
        let chain = self.chains.get(locale)?;
        for tag in chain {
            if self.copies.contains(&(tag.clone(), id.to_string())) {
                // Still the source's words: shown as the next locale's (the source's) text.
                continue;
            }
            let bundle = &self.bundles[tag];
            let Some(message) = bundle.get_message(id) else {
                continue;
            };
            let pattern = match attr {
                Some(a) => message.get_attribute(a).map(|a| a.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            return Some((text.into_owned(), tag.as_str()));
        }
        None
    }

    /// Like [`Localizer::format`], but text that fell back to another locale carries that
    /// locale's `lang` and `dir` as markers ([`crate::bidi::mark_fallback`]), which the
    /// render stage turns into a wrapper in text and drops in attributes.
    pub fn format_marked(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<String> {
        let (text, from) = self.format_from(locale, id, attr, args)?;
        if from == locale {
            return Some(text);
        }
        let dir = self.dirs.get(from).copied().unwrap_or(TextDirection::Ltr);
        Some(crate::bidi::mark_fallback(from, dir.as_str(), &text))
    }

    /// The direction locale `tag` is written in (left to right for a locale the site lacks).
    pub fn dir(&self, tag: &str) -> TextDirection {
        self.dirs.get(tag).copied().unwrap_or(TextDirection::Ltr)
    }

    /// The locale and direction message `id` falls back to in `locale`; `None` when `locale`
    /// has it (or nothing does). For text the site formats itself from the message, which
    /// [`crate::bidi::mark_fallback`] then marks.
    pub fn fallback_of(&self, locale: &str, id: &str) -> Option<(&str, &'static str)> {
        let (_, from) = self.format_from(locale, id, None, None)?;
        (from != locale).then(|| (from, self.dir(from).as_str()))
    }

    /// The locales `locale` falls back through, itself first, ending at the source locale
    /// (what a memo of a page in `locale` must key on).
    pub fn chain(&self, locale: &str) -> &[String] {
        self.chains.get(locale).map_or(&[], Vec::as_slice)
    }

    /// Like [`Localizer::format`] but never fails (shows the id) and strips bidi isolation marks,
    /// for attribute values, URLs and other places where invisible characters break things.
    pub fn plain(&self, locale: &str, id: &str, args: Option<&FluentArgs>) -> String {
        strip_isolation(
            &self
                .format(locale, id, None, args)
                .unwrap_or_else(|| id.to_string()),
        )
    }

    /// How `locale` writes numbers; `None` for a locale the site does not have. A bad
    /// `numbering` is a config error already; such a locale keeps CLDR's digits.
    pub fn numbers(&self, locale: &str) -> Option<NumberFormat> {
        let numbering = self.numbering.get(locale)?;
        NumberFormat::new(locale, numbering.as_deref())
            .or_else(|_| NumberFormat::new(locale, None))
            .ok()
    }

    /// Formats a date the way `locale` writes it: CLDR's long date in the Gregorian calendar,
    /// with the locale's digits ([`crate::dates`]). A locale CLDR does not know gets the
    /// date as `2021-03-04`.
    pub fn date(&self, locale: &str, date: Date) -> String {
        let numbering = self.numbering.get(locale).and_then(|n| n.as_deref());
        crate::dates::DateFormat::new(locale, numbering)
            .or_else(|_| crate::dates::DateFormat::new(locale, None))
            .ok()
            .and_then(|f| f.format(i32::from(date.year), date.month, date.day))
            .unwrap_or_else(|| date.to_string())
    }
}

/// The digests of one locale's messages, gathered file by file ([`Localizer::digest_of`]).
#[derive(Default)]
struct MessageDigests {
    /// id → the message's parsed form, as text (the first definition of an id wins, as in the
    /// bundle).
    messages: BTreeMap<String, String>,
    terms: BTreeMap<String, String>,
}

impl MessageDigests {
    fn add(&mut self, resource: &FluentResource) {
        use fluent_syntax::ast::Entry as Ast;
        for entry in resource.entries() {
            match entry {
                Ast::Message(m) => {
                    self.messages
                        .entry(m.id.name.to_string())
                        .or_insert_with(|| format!("{m:?}"));
                }
                Ast::Term(t) => {
                    self.terms
                        .entry(t.id.name.to_string())
                        .or_insert_with(|| format!("{t:?}"));
                }
                _ => {}
            }
        }
    }

    /// id → digest. A message that references another (rare) depends on all of the locale's.
    fn finish(self) -> impl Iterator<Item = (String, [u8; 32])> {
        let part = |h: &mut blake3::Hasher, s: &str| {
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        let mut terms = blake3::Hasher::new();
        for (id, text) in &self.terms {
            part(&mut terms, id);
            part(&mut terms, text);
        }
        let mut all = blake3::Hasher::new();
        for (id, text) in &self.messages {
            part(&mut all, id);
            part(&mut all, text);
        }
        let (terms, all) = (*terms.finalize().as_bytes(), *all.finalize().as_bytes());
        self.messages.into_iter().map(move |(id, text)| {
            let mut h = blake3::Hasher::new();
            part(&mut h, &text);
            h.update(&terms);
            if text.contains("MessageReference") {
                h.update(&all);
            }
            (id, *h.finalize().as_bytes())
        })
    }
}

/// Removes Fluent's bidi isolation marks.
pub fn strip_isolation(text: &str) -> String {
    text.chars().filter(|c| !BIDI_MARKS.contains(c)).collect()
}

/// (locale, id) of every message a translation copies unchanged from the source locale.
fn copied_messages(config: &Config, files: &[FtlFile]) -> BTreeSet<(String, String)> {
    let texts = |tag: &str| -> Vec<&str> {
        let of_locale = files.iter().filter(|f| f.locale == tag);
        of_locale.map(|f| f.text.as_str()).collect()
    };
    let source = texts(&config.source_locale);
    let translations = config
        .locales
        .iter()
        .filter(|l| l.tag != config.source_locale);
    translations
        .flat_map(|l| {
            let ids = same_as_source::copies(&source, &texts(&l.tag));
            ids.into_iter().map(|id| (l.tag.clone(), id))
        })
        .collect()
}

/// For every configured locale, the locales to try in order, ending at the source locale.
/// fluent-langneg 0.14 works on icu_locid tags (the same rules the root page's script follows,
/// see tests/vectors/negotiation.tsv), so tags cross over as strings.
fn fallback_chains(config: &Config) -> HashMap<String, Vec<String>> {
    use fluent_langneg::LanguageIdentifier as NegotiationId;
    let parse = |tag: &str| tag.parse::<NegotiationId>().ok();
    let available: Vec<NegotiationId> = config
        .locales
        .iter()
        .filter_map(|l| parse(&l.tag))
        .collect();
    let source = parse(&config.source_locale);
    config
        .locales
        .iter()
        .map(|l| {
            let mut tags: Vec<String> = vec![l.tag.clone()];
            if let Some(requested) = parse(&l.tag) {
                for id in negotiate_languages(
                    &[&requested],
                    &available,
                    source.as_ref(),
                    NegotiationStrategy::Filtering,
                ) {
                    let tag = id.to_string();
                    if !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
            }
            if !tags.contains(&config.source_locale) {
                tags.push(config.source_locale.clone());
            }
            (l.tag.clone(), tags)
        })
        .collect()
}

/// `(id, byte offset)` of every message and term defined in FTL text, found line by line so it
/// works on files with syntax errors too.
fn message_offsets(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let first = line.chars().next().unwrap_or(' ');
        if first.is_ascii_alphabetic() || first == '-' {
            let id: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if line[id.len()..].trim_start().starts_with('=') && !id.is_empty() {
                out.push((id, offset));
            }
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        let toml = "[site]\nsource-locale = \"en-US\"\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n[[locale]]\ntag = \"nl-NL\"\nname = \"Nederlands\"\n[[locale]]\ntag = \"ar\"\nname = \"العربية\"\n";
        Config::parse(toml, Path::new("book.toml"), Path::new("/s")).unwrap()
    }

    fn file(locale: &str, text: &str) -> FtlFile {
        FtlFile {
            locale: locale.into(),
            path: PathBuf::from(format!("locales/{locale}/ui.ftl")),
            text: text.into(),
        }
    }

    #[test]
    fn a_lookup_digest_changes_only_with_what_the_lookups_show() {
        let base = [
            ("en-US", "-brand = Tolk\nhello = Hello { -brand }\nbye = Bye\n    .title = Leave\nref = { bye }\n"),
            ("nl-NL", "hello = Hallo\nbye = Dag\n"),
            ("ar", ""),
        ];
        let parse = |edit: &dyn Fn(&str, &str) -> String| {
            let files: Vec<FtlFile> = base.iter().map(|(l, t)| file(l, &edit(l, t))).collect();
            Localizer::parse(&config(), &files)
        };
        let lookup = |l: &str, id: &str, attr: Option<&str>| {
            lookups::Lookup(l.into(), id.into(), attr.map(Into::into))
        };
        let nl = [lookup("nl-NL", "hello", None), lookup("nl-NL", "bye", None)];
        let ar = [lookup("ar", "hello", None)];
        let ar_title = [lookup("ar", "bye", Some("title"))];
        let ar_ref = [lookup("ar", "ref", None)];
        let same = parse(&|_, t| t.to_string());
        let digests =
            |l: &Localizer| [&nl[..], &ar, &ar_title, &ar_ref].map(|set| l.digest_of(set));
        let before = digests(&same);
        assert_eq!(before, digests(&parse(&|_, t| t.to_string())));
        // An English message nl-NL defines itself: only the fallback locale's pages change.
        let hello = digests(&parse(&|l, t| match l {
            "en-US" => t.replace("Hello {", "Hi {"),
            _ => t.to_string(),
        }));
        assert_eq!(hello[0], before[0]);
        assert_ne!(hello[1], before[1]);
        assert_eq!(hello[2], before[2]);
        // A term, an attribute, a referenced message, a message dropped or copied.
        let term = digests(&parse(&|_, t| t.replace("= Tolk", "= Tolken")));
        assert_ne!(term[1], before[1]);
        let title = digests(&parse(&|_, t| t.replace("= Leave", "= Go")));
        assert_ne!(title[2], before[2]);
        assert_eq!(title[0], before[0]);
        let referenced = digests(&parse(&|l, t| match l {
            "en-US" => t.replace("bye = Bye", "bye = Goodbye"),
            _ => t.to_string(),
        }));
        assert_ne!(referenced[3], before[3]);
        let dropped = digests(&parse(&|_, t| t.replace("bye = Dag\n", "")));
        assert_ne!(dropped[0], before[0]);
        let copied = digests(&parse(&|_, t| {
            t.replace("hello = Hallo", "hello = Hello { -brand }")
        }));
        assert_ne!(copied[0], before[0]);
    }

    #[test]
    fn missing_messages_fall_back() {
        let files = vec![
            file("en-US", "hello = Hello\nbye = Bye\n"),
            file("nl-NL", "hello = Hallo\n"),
            file("ar", "hello = مرحبا\nbye = وداعا\n"),
        ];
        let l = Localizer::parse(&config(), &files);
        assert_eq!(
            l.format("nl-NL", "hello", None, None).as_deref(),
            Some("Hallo")
        );
        assert_eq!(l.format("nl-NL", "bye", None, None).as_deref(), Some("Bye"));
        assert!(l.defines("nl-NL", "hello") && !l.defines("nl-NL", "bye"));
    }

    #[test]
    fn a_copy_of_the_source_text_is_fallback_text_unless_marked() {
        let files = vec![
            file("en-US", "hello = Hello\nok = OK\n"),
            file("nl-NL", "hello = Hello\n# tolk: same-as-source\nok = OK\n"),
            file("ar", "hello = Hello\n"),
        ];
        let l = Localizer::parse(&config(), &files);
        assert!(!l.defines("nl-NL", "hello") && l.defines("nl-NL", "ok"));
        let marked = l.format_marked("nl-NL", "hello", None, None).unwrap();
        assert_eq!(marked, crate::bidi::mark_fallback("en-US", "ltr", "Hello"));
        assert_eq!(
            l.format_marked("nl-NL", "ok", None, None).as_deref(),
            Some("OK")
        );
        let arabic = l.format_marked("ar", "hello", None, None).unwrap();
        assert_eq!(arabic, crate::bidi::mark_fallback("en-US", "ltr", "Hello"));
    }

    #[test]
    fn isolation_marks_only_in_rtl_text_and_never_in_plain() {
        let files = vec![
            file("en-US", "hi = Hi { $name }\n"),
            file("nl-NL", "hi = Hoi { $name }\n"),
            file("ar", "hi = مرحبا { $name }\n"),
        ];
        let l = Localizer::parse(&config(), &files);
        let mut args = FluentArgs::new();
        args.set("name", "Ayşe");
        assert_eq!(
            l.format("nl-NL", "hi", None, Some(&args)).unwrap(),
            "Hoi Ayşe"
        );
        assert!(l
            .format("ar", "hi", None, Some(&args))
            .unwrap()
            .contains('\u{2068}'));
        assert!(!l.plain("ar", "hi", Some(&args)).contains('\u{2068}'));
    }

    #[test]
    fn broken_entries_are_skipped_and_the_rest_kept() {
        let l = Localizer::parse(
            &config(),
            &[file(
                "en-US",
                "ok = fine\nbroken = { $\nok = again\nlater = still here\n",
            )],
        );
        assert_eq!(l.format("en-US", "ok", None, None).as_deref(), Some("fine"));
        assert_eq!(
            l.format("en-US", "later", None, None).as_deref(),
            Some("still here")
        );
        assert_eq!(l.format("en-US", "broken", None, None), None);
    }

    #[test]
    fn dates_come_from_cldr_whatever_the_fluent_files_say() {
        let files = vec![file("nl-NL", "date-long = { $year }\nmonth-11 = nov\n")];
        let l = Localizer::parse(&config(), &files);
        let d = Date {
            year: 2017,
            month: 11,
            day: 13,
        };
        assert_eq!(l.date("en-US", d), "November 13, 2017");
        assert_eq!(l.date("nl-NL", d), "13 november 2017");
    }
}
