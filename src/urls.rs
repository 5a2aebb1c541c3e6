//! Where everything lives in the output, in one place.
//!
//! Output paths are relative to the build folder and always use `/`. Links inside the site are
//! written relative to the page that holds them (`../../nl-NL/ticket/`), so the site works
//! under any base path and straight from the file system; only hreflang and the sitemap use the
//! absolute base URL.

/// The folder of an article page in a locale: `nl-NL/how-to-log/`.
pub fn page_dir(locale: &str, slug: &str) -> String {
    format!("{locale}/{slug}/")
}

/// A locale's home page folder: `nl-NL/`.
pub fn home_dir(locale: &str) -> String {
    format!("{locale}/")
}

/// The ticket form's folder in a locale.
pub fn form_dir(locale: &str) -> String {
    format!("{locale}/ticket/")
}

/// The translation status page's folder in a locale.
pub fn status_dir(locale: &str) -> String {
    format!("{locale}/status/")
}

/// Output path of a generated chart in a locale.
pub fn chart_file(locale: &str, name: &str) -> String {
    format!("media/generated/{locale}/{name}.svg")
}

/// Output path of a chart's narrow (phone) drawing.
pub fn chart_file_narrow(locale: &str, name: &str) -> String {
    format!("media/generated/{locale}/{name}-narrow.svg")
}

/// The prefix that leads from a page in `dir` (an output folder such as `nl-NL/x/`) back to the
/// site root: `../../`. The root folder itself gives `./`.
pub fn root_prefix(dir: &str) -> String {
    let depth = dir.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// The file an output folder's page is written to.
pub fn index_file(dir: &str) -> String {
    format!("{dir}index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("nl-NL/"), "../");
        assert_eq!(root_prefix(&page_dir("nl-NL", "a")), "../../");
        assert_eq!(index_file(&form_dir("tr-TR")), "tr-TR/ticket/index.html");
    }
}
