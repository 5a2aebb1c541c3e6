//! Numbers the way each locale writes them: digits and separators from CLDR, through ICU4X's
//! `icu_decimal` with its compiled data (the same data browsers' `Intl.NumberFormat` uses).
//!
//! A locale's default numbering system comes from CLDR (ar-SA writes Arabic-Indic digits,
//! fa-IR Persian ones, he-IL Latin ones); `[[locale]] numbering = "latn"` in `book.toml`
//! overrides it, which is the Unicode `-u-nu-` extension the browser takes too.
//! tests/vectors/numbers.tsv holds the cases Rust and `Intl` must agree on.

use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

/// Why a locale's number format cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum NumberError {
    #[error("`{0}` is not a locale with a numbering system")]
    BadLocale(String),
    #[error("`numbering` = {0:?} is not a numbering system name (4 to 8 letters or digits, e.g. \"latn\", \"arab\")")]
    BadNumbering(String),
    #[error("no number format for `{0}`")]
    NoData(String),
}

/// Formats numbers for one locale.
pub struct NumberFormat {
    formatter: DecimalFormatter,
    /// The same without grouping separators, for years and days (`2017`, not `2,017`).
    ungrouped: DecimalFormatter,
}

impl NumberFormat {
    /// The format of locale `tag`, with numbering system `numbering` instead of CLDR's
    /// default when given (`"latn"`, `"arab"`, `"arabext"`...).
    pub fn new(tag: &str, numbering: Option<&str>) -> Result<NumberFormat, NumberError> {
        let text = match numbering {
            Some(nu) if valid_numbering(nu) => format!("{tag}-u-nu-{nu}"),
            Some(nu) => return Err(NumberError::BadNumbering(nu.to_string())),
            None => tag.to_string(),
        };
        let locale =
            Locale::try_from_str(&text).map_err(|_| NumberError::BadLocale(text.clone()))?;
        let make = |options: DecimalFormatterOptions| {
            DecimalFormatter::try_new((&locale).into(), options)
                .map_err(|_| NumberError::NoData(text.clone()))
        };
        Ok(NumberFormat {
            formatter: make(Default::default())?,
            ungrouped: make(GroupingStrategy::Never.into())?,
        })
    }

    /// A whole number (counts).
    pub fn integer(&self, n: u64) -> String {
        self.formatter.format(&Decimal::from(n)).to_string()
    }

    /// A whole number without grouping separators (a year, a day of the month).
    pub fn digits(&self, n: u64) -> String {
        self.ungrouped.format(&Decimal::from(n)).to_string()
    }

    /// A decimal number written with a full stop and ASCII digits (`"7.5"`), as the locale
    /// writes it (`"٧٫٥"` in ar-SA). Text that is not such a number is returned unchanged.
    pub fn decimal(&self, plain: &str) -> String {
        match Decimal::try_from_str(plain) {
            Ok(d) => self.formatter.format(&d).to_string(),
            Err(_) => plain.to_string(),
        }
    }
}

/// A BCP 47 numbering system type: 4 to 8 ASCII letters or digits.
fn valid_numbering(nu: &str) -> bool {
    (4..=8).contains(&nu.len()) && nu.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_follow_cldr_and_the_override() {
        let f = |tag, nu| NumberFormat::new(tag, nu).expect("a format");
        assert_eq!(f("en-US", None).decimal("7.5"), "7.5");
        assert_eq!(f("nl-NL", None).decimal("7.5"), "7,5");
        assert_eq!(f("ar-SA", None).integer(142), "١٤٢");
        assert_eq!(f("en-US", None).digits(2017), "2017");
        assert_eq!(f("ar-SA", Some("latn")).integer(142), "142");
        assert_eq!(f("fa-IR", None).integer(42), "۴۲");
        assert_eq!(f("he-IL", None).decimal("9.8"), "9.8");
        assert!(matches!(
            NumberFormat::new("ar-SA", Some("x\"y")),
            Err(NumberError::BadNumbering(_))
        ));
    }
}
