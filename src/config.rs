//! `book.toml`: the site's configuration.
//!
//! mdBook's keys where they overlap (`[book] title, description, src`, `[build] build-dir`), plus what a
//! multilingual site needs (`[site]`, `[[locale]]`, `[form]`). Parsing is two-step, raw then resolved:
//! the raw structs mirror the file and deny unknown keys (a typo must not be silently ignored), and
//! `resolve` checks values (locale tags, URLs) and applies defaults. Every error names the key and line.

pub mod check;
mod links;

use crate::diagnostics::{rule, Diagnostic, Diagnostics};
pub use check::CheckConfig;
pub use links::{Level, LinksConfig};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;
use unic_langid::LanguageIdentifier;

/// The name of the configuration file at a site's root.
pub const CONFIG_FILE: &str = "book.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    book: RawBook,
    build: RawBuild,
    site: RawSite,
    locale: Vec<RawLocale>,
    form: RawForm,
    chart: Vec<ChartConfig>,
    links: links::RawLinks,
    publish: RawPublish,
    receive: RawReceive,
    check: check::RawCheck,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawReceive {
    database: Option<String>,
    listen: Option<Spanned<String>>,
    allowed_origin: Option<Spanned<String>>,
    rate: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawPublish {
    /// File extensions pages may publish beside them; replaces the default list.
    allow: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawBook {
    title: Option<String>,
    description: Option<String>,
    src: Option<Spanned<String>>,
    authors: Vec<String>,
    /// mdBook's single-language key; accepted for compatibility, must agree with `source-locale`.
    language: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawSite {
    base_url: Option<Spanned<String>>,
    source_locale: Option<Spanned<String>>,
    /// Extra title suffixes to strip from front-matter titles (beyond the built-in Microsoft ones).
    title_suffixes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLocale {
    tag: Spanned<String>,
    name: String,
    #[serde(default)]
    dir: Option<Spanned<String>>,
    /// Numbering system instead of CLDR's default for the locale (`"latn"`, `"arab"`).
    #[serde(default)]
    numbering: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawForm {
    definition: Option<String>,
    endpoint: Option<Spanned<String>>,
}

/// A chart the site draws itself as SVG, with its labels translated: a root box and the boxes
/// under it, each a Fluent message (its `.description` attribute is the box's text).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChartConfig {
    /// Name of the chart; its file is `media/generated/<locale>/<name>.svg`.
    pub name: String,
    /// Path below `content/<locale>/` that pages use in `![...](...)` to show the chart.
    pub path: String,
    /// Paths of missing images this chart stands in for (reported, then replaced).
    #[serde(default)]
    pub replaces: Vec<String>,
    /// Fluent message id of the root box.
    pub root: String,
    /// Fluent message ids of the boxes under the root.
    pub children: Vec<String>,
}

/// Writing direction of a locale, for `<html dir>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

impl TextDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            TextDirection::Ltr => "ltr",
            TextDirection::Rtl => "rtl",
        }
    }
}

/// One locale the site publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// Canonical BCP 47 tag, e.g. `nl-NL`; also the folder name under `content/`, `locales/` and the output.
    pub tag: String,
    pub langid: LanguageIdentifier,
    /// The language's name in that language (what a reader recognises in a switcher).
    pub name: String,
    pub dir: TextDirection,
    /// `numbering` from `book.toml`: a numbering system instead of CLDR's default.
    pub numbering: Option<String>,
}

/// The resolved configuration: every default applied, every value checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub authors: Vec<String>,
    /// Folder with `<locale>/**/*.md`, absolute.
    pub content_dir: PathBuf,
    /// Where the site is published, absolute.
    pub build_dir: PathBuf,
    /// Absolute base URL without trailing slash, for hreflang and the sitemap.
    pub base_url: String,
    pub source_locale: String,
    /// Locales in the order they are listed (the switcher's order). The source locale is among them.
    pub locales: Vec<Locale>,
    pub title_suffixes: Vec<String>,
    /// The ticket-form definition file, absolute.
    pub form_definition: PathBuf,
    /// Where tickets are POSTed as JSON; `None` means review-and-download mode.
    pub form_endpoint: Option<String>,
    pub charts: Vec<ChartConfig>,
    /// What to do with links the build cannot follow (`[links]`).
    pub links: LinksConfig,
    /// Extensions (lower case) of the files a page may publish beside it (`[publish] allow`).
    pub publish_allow: Vec<String>,
    /// `[receive]`: how `tolk receive` runs.
    pub receive: ReceiveConfig,
    /// `[check]`: rule levels and the baseline file.
    pub check: CheckConfig,
}

/// `[receive]`: where the ticket receiver listens, stores, and whom it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiveConfig {
    /// The SQLite database, absolute (default `tickets.sqlite3` in the site's root).
    pub database: PathBuf,
    /// Address and port (default `127.0.0.1:8787`: loopback only).
    pub listen: std::net::SocketAddr,
    /// The one origin (`https://docs.example.org`) whose pages may send tickets cross-origin.
    pub allowed_origin: Option<String>,
    /// Tickets a client may send per period before `429`.
    pub rate: Rate,
}

/// A rate: `count` requests per `per` (`"10/minute"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub per: std::time::Duration,
}

impl Rate {
    /// Parses `N/second`, `N/minute` or `N/hour` (N ≥ 1).
    pub fn parse(text: &str) -> Result<Rate, String> {
        let (count, unit) = text
            .split_once('/')
            .ok_or_else(|| "expected N/second, N/minute or N/hour".to_string())?;
        let count: u32 = count
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{count:?} is not a whole number above 0"))?;
        let secs = match unit.trim() {
            "second" => 1,
            "minute" => 60,
            "hour" => 3600,
            other => return Err(format!("unknown period {other:?} (second, minute, hour)")),
        };
        Ok(Rate {
            count,
            per: std::time::Duration::from_secs(secs),
        })
    }
}

impl Config {
    /// Reads `book.toml` under `root`. Without one, `root` is not a site (see [`site_file`]).
    pub fn from_root(root: &Path) -> Result<Config, Diagnostics> {
        let path = site_file(root).map_err(Diagnostic::into_diagnostics)?;
        match crate::input::SiteFs::new(root).read_string(&path) {
            Ok(text) => Config::parse(&text, &path, root),
            Err(e) => Err(e.diagnostic().into_diagnostics()),
        }
    }

    /// The one reader of this site's input files (see [`crate::input`]).
    pub fn files(&self) -> crate::input::SiteFs {
        crate::input::SiteFs::new(&self.root)
    }

    /// Parses configuration text; `path` is only used in diagnostics, `root` to resolve folders.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, Diagnostics> {
        // `--root .` (the default) gives paths like `content/x.md` rather than `./content/x.md`.
        let root = if root == Path::new(".") {
            Path::new("")
        } else {
            root
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Diagnostic::error(path, format!("invalid configuration: {}", e.message()))
                .at_offset(text, offset)
                .rule(rule::CONFIG)
                .with_help("see the book.toml reference in README.md")
                .into_diagnostics()
        })?;
        Resolver {
            text,
            path,
            root,
            problems: Diagnostics::new(),
        }
        .resolve(raw)
    }

    /// The locale record for `tag`.
    pub fn locale(&self, tag: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.tag == tag)
    }

    /// Points the build at `out` (`--out`), taken relative to the working directory.
    pub fn set_build_dir(&mut self, out: &Path) {
        self.build_dir = resolved_path(out);
    }

    /// Refuses an output folder that overlaps the site's sources: publishing swaps the whole
    /// folder, so `--out .`, `--out ../<site>`, `--out locales` or a folder inside `content/`
    /// would delete or pollute what the site is built from. Paths are compared resolved
    /// (absolute, `..` applied, symlinks followed as far as they exist), not as typed.
    pub fn check_build_dir(&self) -> Result<(), Diagnostic> {
        let out = resolved_path(&self.build_dir);
        let root = resolved_path(&self.root);
        let content = resolved_path(&self.content_dir);
        let refuse = |what: String| {
            Err(Diagnostic::error(
                &self.build_dir,
                format!("the output folder {what}"),
            )
            .rule(rule::OUTPUT_PATH)
            .with_help(
                "publishing replaces the whole output folder; choose another --out or build-dir",
            ))
        };
        if out == root {
            return refuse("is the site's own folder (it holds book.toml)".into());
        }
        if root.starts_with(&out) {
            return refuse(format!(
                "would contain the site's sources (the site is in `{}`)",
                root.display()
            ));
        }
        if out.exists() && !out.is_dir() {
            return refuse("is an existing file, which publishing would replace".into());
        }
        if out.starts_with(&content) {
            return refuse(format!(
                "lies inside the content folder {}",
                self.content_dir.display()
            ));
        }
        for name in SOURCE_FOLDERS {
            let source = root.join(name);
            if out.starts_with(&source) || source.starts_with(&out) {
                return refuse(format!("overlaps the site's `{name}` folder"));
            }
        }
        Ok(())
    }
}

/// The `book.toml` of the site at `root`, or the one error that says why there is none: a
/// mistyped `--root` must not end in a hundred complaints about tolk's own templates. The help
/// names the nearest `book.toml` in a parent folder, for someone who ran tolk one folder too deep.
pub fn site_file(root: &Path) -> Result<PathBuf, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if path.is_file() {
        return Ok(path);
    }
    let shown = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let why = if !root.exists() {
        "that folder does not exist"
    } else if !root.is_dir() {
        "that is a file, not a folder"
    } else {
        "that folder is not a tolk site"
    };
    let error = Diagnostic::error(
        &path,
        format!("no {CONFIG_FILE} in `{}` ({why})", shown.display()),
    )
    .rule(rule::CONFIG);
    let nearest = resolved_path(root)
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf);
    Err(match nearest {
        Some(dir) => error.with_help(format!(
            "the nearest {CONFIG_FILE} is in a parent folder: pass `--root {}`",
            dir.display()
        )),
        None => error.with_help(format!(
            "run tolk in the folder that holds the site's {CONFIG_FILE}, or pass that folder with `--root`"
        )),
    })
}

/// Folders of a site root that hold its sources (besides `[book] src`).
const SOURCE_FOLDERS: &[&str] = &["locales", "templates", "static"];

/// `path` made absolute against the working directory, with `.` and `..` applied, and its
/// longest existing ancestor canonicalized (so symlinks and `/tmp/x/../x` compare equal).
pub fn resolved_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut lexical = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

struct Resolver<'a> {
    text: &'a str,
    path: &'a Path,
    root: &'a Path,
    problems: Diagnostics,
}

impl Resolver<'_> {
    fn error_at<T>(&mut self, value: &Spanned<T>, message: String, help: &str) {
        let d = Diagnostic::error(self.path, message)
            .at_offset(self.text, value.span().start)
            .rule(rule::CONFIG);
        self.problems.push(if help.is_empty() {
            d
        } else {
            d.with_help(help)
        });
    }

    fn folder(&mut self, value: &Option<Spanned<String>>, default: &str, key: &str) -> PathBuf {
        let Some(v) = value else {
            return self.root.join(default);
        };
        let p = Path::new(v.get_ref());
        if v.get_ref().trim().is_empty() {
            self.error_at(v, format!("`{key}` is empty"), "");
        }
        self.root.join(p)
    }

    /// A path to an input inside the site: relative, without `..` (every input is read through
    /// [`crate::input::SiteFs`], which refuses the rest anyway; this names the key and line).
    fn input_path(&mut self, value: &Option<Spanned<String>>, default: &str, key: &str) -> PathBuf {
        if let Some(v) = value {
            let inside = Path::new(v.get_ref()).components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
            if !inside {
                self.error_at(
                    v,
                    format!(
                        "`{key}` = {:?} leads outside the site's folder",
                        v.get_ref()
                    ),
                    "name a path relative to the folder of book.toml, without `..`",
                );
            }
        }
        self.folder(value, default, key)
    }

    fn resolve(mut self, raw: RawConfig) -> Result<Config, Diagnostics> {
        let content_dir = self.input_path(&raw.book.src, "content", "book.src");
        let build_dir = self.folder(&raw.build.build_dir, "book", "build.build-dir");
        if build_dir == self.root || content_dir.starts_with(&build_dir) {
            if let Some(v) = &raw.build.build_dir {
                self.error_at(
                    v,
                    "`build.build-dir` would replace the site's own sources".into(),
                    "name a folder of its own, such as \"book\"",
                );
            }
        }
        let locales = self.locales(&raw.locale);
        let source_locale = self.source_locale(&raw, &locales);
        let base_url = match &raw.site.base_url {
            None => "http://localhost".to_string(),
            Some(v) => match crate::urls::check_base_url(v.get_ref()) {
                Ok(url) => url.to_string(),
                Err(why) => {
                    self.error_at(
                            v,
                            format!("`site.base-url` = {:?}: {why}", v.get_ref()),
                            "an absolute http(s) URL with a plain path, such as \"https://docs.example.org/guide\"",
                        );
                    String::new()
                }
            },
        };
        let form_endpoint = match &raw.form.endpoint {
            Some(v) if !v.get_ref().is_empty() => {
                let e = v.get_ref();
                let ok = (e.starts_with('/') && !e.starts_with("//"))
                    || e.starts_with("https://")
                    || e.starts_with("http://");
                if !ok || e.contains(['"', '<', '>', ' ']) {
                    self.error_at(
                        v,
                        format!("`form.endpoint` = {e:?} is not a URL or an absolute path"),
                        "for example \"/api/tickets\" or \"https://tickets.example.org/submit\"",
                    );
                }
                Some(e.clone())
            }
            _ => None,
        };
        let publish_allow = self.publish_allow(&raw.publish);
        let receive = self.receive(&raw.receive);
        let mut title_suffixes: Vec<String> = DEFAULT_TITLE_SUFFIXES
            .iter()
            .map(|s| s.to_string())
            .collect();
        title_suffixes.extend(raw.site.title_suffixes);
        let links = self.links(&raw.links);
        let check = self.check(&raw.check);
        if self.problems.has_errors() {
            return Err(self.problems);
        }
        Ok(Config {
            root: self.root.to_path_buf(),
            title: raw.book.title.unwrap_or_else(|| "Documentation".into()),
            description: raw.book.description.unwrap_or_default(),
            authors: raw.book.authors,
            content_dir,
            build_dir,
            base_url,
            source_locale,
            locales,
            title_suffixes,
            form_definition: self
                .root
                .join(raw.form.definition.unwrap_or_else(|| "form.yaml".into())),
            form_endpoint,
            charts: raw.chart,
            links,
            publish_allow,
            receive,
            check,
        })
    }

    /// `[receive]`, each value checked where it is written.
    fn receive(&mut self, raw: &RawReceive) -> ReceiveConfig {
        let listen = match &raw.listen {
            None => std::net::SocketAddr::from(([127, 0, 0, 1], 8787)),
            Some(v) => v.get_ref().parse().unwrap_or_else(|_| {
                self.error_at(
                    v,
                    format!(
                        "`receive.listen` = {:?} is not an address:port",
                        v.get_ref()
                    ),
                    "for example \"127.0.0.1:8787\"",
                );
                std::net::SocketAddr::from(([127, 0, 0, 1], 8787))
            }),
        };
        let allowed_origin = raw.allowed_origin.as_ref().map(|v| {
            let o = v.get_ref().trim_end_matches('/').to_string();
            let scheme = o
                .strip_prefix("https://")
                .or_else(|| o.strip_prefix("http://"));
            if scheme.is_none_or(|rest| rest.is_empty() || rest.contains(['/', ' ', '"', '<'])) {
                self.error_at(
                    v,
                    format!(
                        "`receive.allowed-origin` = {:?} is not an origin",
                        v.get_ref()
                    ),
                    "scheme and host, no path: \"https://docs.example.org\"",
                );
            }
            o
        });
        let default_rate = Rate {
            count: 10,
            per: std::time::Duration::from_secs(60),
        };
        let rate = match &raw.rate {
            None => default_rate,
            Some(v) => Rate::parse(v.get_ref()).unwrap_or_else(|why| {
                self.error_at(
                    v,
                    format!("`receive.rate` = {:?}: {why}", v.get_ref()),
                    "for example \"10/minute\"",
                );
                default_rate
            }),
        };
        ReceiveConfig {
            database: self
                .root
                .join(raw.database.as_deref().unwrap_or("tickets.sqlite3")),
            listen,
            allowed_origin,
            rate,
        }
    }

    /// `[publish] allow`: known extensions whose files a browser cannot run as a page.
    fn publish_allow(&mut self, raw: &RawPublish) -> Vec<String> {
        use crate::media_types::{by_extension, Kind, DEFAULT_ALLOW};
        let Some(list) = &raw.allow else {
            return DEFAULT_ALLOW.iter().map(|e| e.to_string()).collect();
        };
        let mut out = Vec::new();
        for v in list {
            match by_extension(v.get_ref()).map(|t| t.kind) {
                Some(Kind::Raster(_) | Kind::Svg | Kind::Download(_)) => {
                    out.push(v.get_ref().trim_start_matches('.').to_ascii_lowercase())
                }
                Some(Kind::Refused(why)) => self.error_at(
                    v,
                    format!(
                        "`publish.allow`: `{}` cannot be published: {why}",
                        v.get_ref()
                    ),
                    "remove it from the list",
                ),
                _ => self.error_at(
                    v,
                    format!(
                        "`publish.allow`: tolk does not publish `{}` files",
                        v.get_ref()
                    ),
                    "allowed: png, jpg, jpeg, gif, webp, avif, svg, pdf, zip, gz, tgz",
                ),
            }
        }
        out
    }

    fn locales(&mut self, raw: &[RawLocale]) -> Vec<Locale> {
        if raw.is_empty() {
            return vec![Locale {
                tag: "en-US".into(),
                langid: unic_langid::langid!("en-US"),
                name: "English".into(),
                dir: TextDirection::Ltr,
                numbering: None,
            }];
        }
        let mut out: Vec<Locale> = Vec::new();
        for l in raw {
            let Some(langid) = self.langid(&l.tag, "locale.tag") else {
                continue;
            };
            let tag = langid.to_string();
            if out.iter().any(|o| o.tag == tag) {
                self.error_at(&l.tag, format!("locale `{tag}` is listed twice"), "");
            }
            let dir = match l.dir.as_ref().map(|d| d.get_ref().as_str()) {
                None => {
                    if is_rtl_language(langid.language.as_str()) {
                        TextDirection::Rtl
                    } else {
                        TextDirection::Ltr
                    }
                }
                Some("ltr") => TextDirection::Ltr,
                Some("rtl") => TextDirection::Rtl,
                Some(other) => {
                    let v = l.dir.as_ref().expect("matched Some");
                    self.error_at(
                        v,
                        format!("`dir` = {other:?} must be \"ltr\" or \"rtl\""),
                        "",
                    );
                    TextDirection::Ltr
                }
            };
            if l.name.trim().is_empty() {
                self.error_at(
                    &l.tag,
                    format!("locale `{tag}` has an empty `name`"),
                    "give the language's name in that language, e.g. \"Nederlands\"",
                );
            }
            let numbering = l.numbering.as_ref().map(|n| n.get_ref().clone());
            if let Err(e) = crate::numbers::NumberFormat::new(&tag, numbering.as_deref()) {
                let at = l.numbering.as_ref().unwrap_or(&l.tag);
                self.error_at(at, e.to_string(), "e.g. numbering = \"latn\" for 0-9");
            }
            out.push(Locale {
                tag,
                langid,
                name: l.name.clone(),
                dir,
                numbering,
            });
        }
        out
    }

    fn langid(&mut self, value: &Spanned<String>, key: &str) -> Option<LanguageIdentifier> {
        match parse_locale_tag(value.get_ref()) {
            Ok(id) => Some(id),
            Err(msg) => {
                self.error_at(
                    value,
                    format!("`{key}` = {:?}: {msg}", value.get_ref()),
                    "use a BCP 47 tag such as \"nl-NL\"",
                );
                None
            }
        }
    }

    fn source_locale(&mut self, raw: &RawConfig, locales: &[Locale]) -> String {
        let chosen = raw
            .site
            .source_locale
            .as_ref()
            .or(raw.book.language.as_ref());
        let Some(v) = chosen else {
            return locales
                .first()
                .map_or_else(|| "en-US".into(), |l| l.tag.clone());
        };
        let Some(id) = self.langid(v, "site.source-locale") else {
            return String::new();
        };
        let tag = id.to_string();
        if !locales.iter().any(|l| l.tag == tag) {
            self.error_at(
                v,
                format!("source locale `{tag}` is not among the [[locale]] entries"),
                "add a [[locale]] for it",
            );
        }
        tag
    }
}

/// Site-name suffixes Microsoft Docs appends to titles, in the languages we have met.
const DEFAULT_TITLE_SUFFIXES: &[&str] = &[
    "Microsoft Docs",
    "Microsoft dokumentumok",
    "Microsoft Learn",
];

/// Parses and canonicalises a BCP 47 locale tag, insisting on a language subtag that is real
/// (two or three letters), so `xx_YY`, `english` or `nl-` are rejected with a reason.
pub fn parse_locale_tag(tag: &str) -> Result<LanguageIdentifier, String> {
    if tag.contains('_') {
        return Err("use `-` between subtags, not `_`".into());
    }
    let id: LanguageIdentifier = tag
        .parse()
        .map_err(|_| "not a valid BCP 47 language tag".to_string())?;
    let lang = id.language.as_str();
    if id.language.is_empty() || !(2..=3).contains(&lang.len()) {
        return Err("the language subtag must have two or three letters".into());
    }
    Ok(id)
}

fn is_rtl_language(lang: &str) -> bool {
    matches!(
        lang,
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "dv" | "ug" | "ckb"
    )
}

impl Diagnostic {
    /// Wraps one diagnostic as a list, for `Err` returns.
    pub fn into_diagnostics(self) -> Diagnostics {
        vec![self].into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse(text, Path::new("book.toml"), Path::new("/site"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.source_locale, "en-US");
        assert_eq!(c.build_dir, Path::new("/site/book"));
        assert_eq!(c.content_dir, Path::new("/site/content"));
        assert_eq!(c.form_endpoint, None);
    }

    #[test]
    fn locales_are_parsed_in_order() {
        let c = parse(
            "[site]\nsource-locale = \"en-US\"\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n[[locale]]\ntag = \"tr-tr\"\nname = \"Türkçe\"\n[[locale]]\ntag = \"ar\"\nname = \"العربية\"\n",
        )
        .unwrap();
        let tags: Vec<_> = c.locales.iter().map(|l| l.tag.as_str()).collect();
        assert_eq!(tags, ["en-US", "tr-TR", "ar"]);
        assert_eq!(c.locale("ar").unwrap().dir, TextDirection::Rtl);
    }

    #[test]
    fn numbering_overrides_cldr_and_a_bad_one_is_reported_on_its_line() {
        let c = parse("[[locale]]\ntag = \"ar-SA\"\nname = \"العربية\"\nnumbering = \"latn\"\n")
            .unwrap();
        assert_eq!(
            c.locale("ar-SA").unwrap().numbering.as_deref(),
            Some("latn")
        );
        let e = parse("[[locale]]\ntag = \"ar-SA\"\nname = \"العربية\"\nnumbering = \"l\"\n")
            .unwrap_err();
        let d = e.iter().next().unwrap();
        assert_eq!(d.line, 4);
        assert!(d.message.contains("numbering"), "{}", d.message);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = parse("[book]\ntitle = \"x\"\ntitel = \"y\"\n").unwrap_err();
        let d = e.iter().next().unwrap();
        assert_eq!(d.line, 3);
        assert!(d.message.contains("titel"), "{}", d.message);
    }

    #[test]
    fn bad_locale_and_dir_are_reported_on_their_lines() {
        let e = parse("[[locale]]\ntag = \"nl_NL\"\nname = \"Nederlands\"\n[[locale]]\ntag = \"hu-HU\"\nname = \"Magyar\"\ndir = \"up\"\n").unwrap_err();
        let lines: Vec<_> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 7]);
    }

    #[test]
    fn source_locale_must_be_listed() {
        let e = parse(
            "[site]\nsource-locale = \"de-DE\"\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n",
        )
        .unwrap_err();
        assert!(e.iter().next().unwrap().message.contains("de-DE"));
    }

    #[test]
    fn output_folder_must_not_overlap_the_sources() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for dir in ["content/en-US", "locales/en-US", "templates"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("book.toml"), "").unwrap();
        let config = |out: &str| {
            let mut c = Config::parse("", &root.join("book.toml"), &root).unwrap();
            c.set_build_dir(&root.join(out));
            c.check_build_dir()
        };
        for bad in [
            ".",
            "..",
            "../site",
            "content",
            "content/en-US/out",
            "content/../content/x",
            "locales",
            "locales/x",
            "templates",
            "static",
            "book.toml",
        ] {
            assert!(config(bad).is_err(), "--out {bad} was accepted");
        }
        for good in ["book", "../site-out", "out/deep", "localesque"] {
            assert!(config(good).is_ok(), "--out {good} was refused");
        }
    }

    #[test]
    fn a_folder_without_book_toml_is_named_with_the_nearest_site_above() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("content/en-US")).unwrap();
        std::fs::write(site.join("book.toml"), "").unwrap();
        assert_eq!(site_file(&site).unwrap(), site.join("book.toml"));
        let deep = site_file(&site.join("content/en-US")).unwrap_err();
        assert!(deep.message.contains("is not a tolk site"), "{deep}");
        let help = deep.help.unwrap_or_default();
        assert!(
            help.contains(&format!("--root {}", resolved_path(&site).display())),
            "{help}"
        );
        let missing = site_file(&tmp.path().join("nowhere")).unwrap_err();
        assert!(missing.message.contains("does not exist"), "{missing}");
        assert!(!tmp.path().join("nowhere").exists());
    }

    #[test]
    fn resolved_paths_apply_dots_and_symlinks() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("a")).unwrap();
        assert_eq!(
            resolved_path(&real.join("a/../a/./b/c")),
            real.join("a/b/c")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("a"), real.join("link")).unwrap();
            assert_eq!(resolved_path(&real.join("link/new")), real.join("a/new"));
        }
    }

    #[test]
    fn receive_has_defaults_and_checks_each_value() {
        let c = parse("").unwrap();
        assert_eq!(c.receive.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(c.receive.rate.count, 10);
        assert!(c.receive.database.ends_with("tickets.sqlite3"));
        let c = parse("[receive]\nrate = \"5/hour\"\nallowed-origin = \"https://docs.example/\"\n")
            .unwrap();
        assert_eq!(c.receive.rate.per.as_secs(), 3600);
        assert_eq!(
            c.receive.allowed_origin.as_deref(),
            Some("https://docs.example")
        );
        for bad in [
            "[receive]\nrate = \"0/minute\"\n",
            "[receive]\nrate = \"10/day\"\n",
            "[receive]\nlisten = \"localhost\"\n",
            "[receive]\nallowed-origin = \"https://docs.example/path\"\n",
            "[receive]\nallowed-origin = \"*\"\n",
            "[receive]\nport = 1\n",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(format!("{e:?}").contains("line"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn endpoint_must_be_a_url() {
        assert!(parse("[form]\nendpoint = \"javascript:alert(1)\"\n").is_err());
        assert_eq!(
            parse("[form]\nendpoint = \"/api/tickets\"\n")
                .unwrap()
                .form_endpoint
                .as_deref(),
            Some("/api/tickets")
        );
    }
}
