//! tolk: multilingual documentation in, a static site with a localized, validated ticket
//! form out.
//!
//! A build is a straight pipeline; `site::build` runs its stages in this order:
//! `config` → `content` → `form` → `i18n` → `site` (the translation checks, then the render
//! stage: `markdown` for each article, tera through `templates`, in parallel) → `output` (the
//! staging folder and its atomic swap into the build folder).
//!
//! The other modules are not stages:
//! - helpers the stages share: `check` (translation and Fluent checks, also run by `tolk check`),
//!   `rules` (CVE and CVSS rules of the form), `chart`, `search` (the per-locale search
//!   indexes), `templates` (the template engine);
//! - leaves that import nothing of the pipeline: `diagnostics`, `edit` (how `tolk fix` changes
//!   a file), `html_escape`, `urls`, `slug`,
//!   `yaml`;
//! - the command line: `cli`, `cmd`, and `http` (the small server behind `tolk serve`).

pub mod bidi;
pub mod chart;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod csp;
pub mod dates;
pub mod diagnostics;
pub mod edit;
pub mod form;
pub mod html_escape;
pub mod http;
pub mod i18n;
pub mod incremental;
pub mod input;
pub mod locale_add;
pub mod markdown;
pub mod media_types;
pub mod numbers;
pub mod output;
pub mod path_map;
pub mod publish;
pub mod receive;
pub mod rules;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod svg;
pub mod templates;
pub mod text_hygiene;
pub mod urls;
pub mod yaml;
