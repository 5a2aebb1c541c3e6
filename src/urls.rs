//! Where everything lives in the output, in one place.
//!
//! Output paths are relative to the build folder and always use `/`. Links inside the site are
//! written relative to the page that holds them and name the page's file
//! (`../../nl-NL/ticket/index.html`, see [`link`]), so the site works under any base path and
//! straight from the file system, where a folder opens as a listing, not as its `index.html`.
//! Only canonical, hreflang and the sitemap use the absolute base URL, in the clean folder form
//! ([`absolute`]).

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

/// A link from a page whose [`root_prefix`] is `root` to the page in output folder `dir`:
/// `../../nl-NL/ticket/index.html`. Every internal link names a file, never a folder.
pub fn link(root: &str, dir: &str) -> String {
    format!("{root}{}", index_file(dir))
}

/// The public URL of the page in output folder `dir`, in the clean folder form search engines
/// are given: `https://x.org/docs/nl-NL/ticket/`.
pub fn absolute(base_url: &str, dir: &str) -> String {
    format!("{base_url}/{dir}")
}

/// Decodes `%XX` escapes where it can and keeps the rest as written, for paths authors wrote:
/// `media/%C3%A9t%C3%A9.png` finds `media/été.png`, and `%2e%2e/` counts as `../`.
pub fn percent_decode_lenient(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = path
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
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
        assert_eq!(link("./", &home_dir("nl-NL")), "./nl-NL/index.html");
        assert_eq!(
            absolute("https://x.org/docs", &page_dir("nl-NL", "a")),
            "https://x.org/docs/nl-NL/a/"
        );
    }
}
