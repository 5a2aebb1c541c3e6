//! The language of a piece of text that is not in the page's language (an untranslated
//! article's title on a translated home page, a locale's name on the status page), so the
//! template can give it `lang` and `dir`: the direction decides how the text is laid out.

use crate::config::Config;
use serde::Serialize;

/// `lang` and `dir` for a run of text, as the template writes them.
#[derive(Debug, Clone, Serialize)]
pub struct TextLang {
    pub tag: String,
    pub dir: &'static str,
}

impl TextLang {
    /// The language of text written in `tag`, or `None` when that is the page's own
    /// (`page_locale`): nothing to mark.
    pub fn foreign(config: &Config, tag: &str, page_locale: &str) -> Option<TextLang> {
        (tag != page_locale).then(|| TextLang::of(config, tag))
    }

    /// The language of text written in `tag` (left to right for an unknown tag).
    pub fn of(config: &Config, tag: &str) -> TextLang {
        let dir = config.locale(tag).map_or("ltr", |l| l.dir.as_str());
        TextLang {
            tag: tag.to_string(),
            dir,
        }
    }
}
