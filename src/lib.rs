//! tolk: multilingual documentation in, a static site with a localized, validated ticket
//! form out. A build is a straight pipeline; each module below is one stage.

pub mod chart;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod rules;
pub mod slug;
pub mod urls;
pub mod yaml;
