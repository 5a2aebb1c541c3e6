//! tolk: multilingual documentation in, a static site with a localized, validated ticket
//! form out. A build is a straight pipeline; each module below is one stage.

pub mod chart;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod csp;
pub mod diagnostics;
pub mod form;
pub mod http;
pub mod i18n;
pub mod input;
pub mod markdown;
pub mod media_types;
pub mod output;
pub mod publish;
pub mod render;
pub mod rules;
pub mod site;
pub mod slug;
pub mod svg;
pub mod urls;
pub mod yaml;
