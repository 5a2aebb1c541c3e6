//! Dates the way each locale writes them: CLDR's long date ("March 4, 2021", "4 maart 2021",
//! "2021. március 4.", "٤ مارس ٢٠٢١", "4 במרץ 2021") through ICU4X's `icu_datetime` with its
//! compiled data, the data browsers' `Intl.DateTimeFormat(locale, {dateStyle: "long"})` uses.
//!
//! Month names, word order and digits come from CLDR, not from each locale's Fluent files: a
//! translator never has to translate twelve month names, and a locale without UI text (he-IL)
//! still writes its dates in its own words. The calendar is always the Gregorian one, whatever
//! CLDR prefers for a region (fa-IR: Persian), because `ms.date` is a Gregorian date and the
//! source pages show it so; digits follow the locale's numbering system, with `book.toml`'s
//! `numbering` override as in [`crate::numbers`]. tests/vectors/dates.tsv holds the cases Rust
//! and `Intl` must agree on, and the one known difference (fa-IR's ezafe on some months).

use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date;
use icu_datetime::DateTimeFormatter;
use icu_locale_core::Locale;

/// Why a locale's date format cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a locale tag")]
    BadLocale(String),
    #[error("no date format for `{0}`")]
    NoData(String),
}

/// Writes long dates for one locale.
pub struct DateFormat {
    formatter: DateTimeFormatter<YMD>,
}

impl DateFormat {
    /// The long date format of locale `tag` in the Gregorian calendar, with numbering system
    /// `numbering` instead of CLDR's default when given (`"latn"`, `"arab"`...).
    pub fn new(tag: &str, numbering: Option<&str>) -> Result<DateFormat, DateError> {
        let extension = match numbering {
            Some(nu) => format!("-u-ca-gregory-nu-{nu}"),
            None => "-u-ca-gregory".to_string(),
        };
        let text = format!("{tag}{extension}");
        let locale = Locale::try_from_str(&text).map_err(|_| DateError::BadLocale(text.clone()))?;
        let formatter = DateTimeFormatter::try_new((&locale).into(), YMD::long())
            .map_err(|_| DateError::NoData(text.clone()))?;
        Ok(DateFormat { formatter })
    }

    /// The date `year`-`month`-`day` (a valid Gregorian date), or `None` when it is not one.
    pub fn format(&self, year: i32, month: u8, day: u8) -> Option<String> {
        let date = Date::try_new_iso(year, month, day).ok()?;
        Some(self.formatter.format(&date).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_follow_cldr_in_the_gregorian_calendar() {
        let f = |tag, nu| {
            DateFormat::new(tag, nu)
                .expect("a format")
                .format(2021, 3, 4)
                .expect("a date")
        };
        assert_eq!(f("en-US", None), "March 4, 2021");
        assert_eq!(f("nl-NL", None), "4 maart 2021");
        assert_eq!(f("hu-HU", None), "2021. március 4.");
        assert_eq!(f("ar-SA", None), "٤ مارس ٢٠٢١");
        assert_eq!(f("ar-SA", Some("latn")), "4 مارس 2021");
        assert_eq!(f("fa-IR", None), "۴ مارس ۲۰۲۱");
        assert!(matches!(
            DateFormat::new("not a tag", None),
            Err(DateError::BadLocale(_))
        ));
        let en = DateFormat::new("en-US", None).expect("a format");
        assert_eq!(en.format(2021, 2, 30), None);
    }
}
