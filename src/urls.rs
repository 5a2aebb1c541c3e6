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

/// The full table of contents of a locale (each page's sidebar shows only its own branch).
pub fn toc_dir(locale: &str) -> String {
    format!("{locale}/toc/")
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
/// `media/%C3%A9t%C3%A9.png` finds `media/été.png`, `%2e%2e/` counts as `../` (decoded before
/// the caller splits the path into segments), and `%+f` or `%zz` stay as they are.
pub fn percent_decode_lenient(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_string(), |text| text.into_owned())
}

/// Checks a site's base URL: `http(s)://host[:port]` and an optional clean path. Userinfo,
/// query, fragment, `//`, `.`/`..` segments, backslashes, whitespace and control characters
/// are refused, because pages put the URL into `<link>`s (`https://x.org//evil.example/`
/// would load the 404 page's stylesheet from another host). Returns the URL without a
/// trailing `/`, or what is wrong.
pub fn check_base_url(url: &str) -> Result<&str, String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("holds the character {c:?}"));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("does not start with https:// or http://")?;
    let (host, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let (name, port) = host.rsplit_once(':').unwrap_or((host, "0"));
    let name_ok = !name.is_empty()
        && name
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !name_ok || port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "host `{host}` is not a host name (no userinfo, IPv6 or odd characters)"
        ));
    }
    let path = path.trim_end_matches('/');
    let bad_char = path
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~/%".contains(*c)));
    if let Some(c) = bad_char {
        return Err(format!(
            "path holds {c:?} (no query, fragment or backslash)"
        ));
    }
    if path
        .split('/')
        .skip(1)
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err("path is not clean (`//`, `.` or `..`)".into());
    }
    Ok(url.trim_end_matches('/'))
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

    #[test]
    fn escapes_decode_before_segments_are_split() {
        let dots = percent_decode_lenient("/%2e%2E/x");
        assert!(dots.split('/').any(|s| s == ".."), "{dots}");
        let hidden = percent_decode_lenient("/..%2f..%2fetc");
        assert_eq!(
            hidden.split('/').filter(|s| *s == "..").count(),
            2,
            "{hidden}"
        );
    }

    #[test]
    fn lenient_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode_lenient("a%+fb%2"), "a%+fb%2");
        assert_eq!(percent_decode_lenient("%2e%2e/%2E%2E"), "../..");
        assert_eq!(percent_decode_lenient("100%25 %zz"), "100% %zz");
        assert_eq!(percent_decode_lenient("%FF"), "%FF");
    }

    #[test]
    fn base_urls_must_be_clean() {
        for ok in [
            "https://docs.example.org",
            "https://docs.example.org/",
            "http://localhost:8080/docs/v1/",
            "https://x.org/a-b_c.d~e/%20",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            check_base_url("https://x.org/d/").unwrap(),
            "https://x.org/d"
        );
        for bad in [
            "https://x.org//evil.example",
            "https://x.org/a//b",
            "https://x.org\\evil.example",
            "https://x.org/a\\b",
            "https://x.org/\tevil",
            "https://x.org/a\u{7f}",
            "https://user:pw@x.org",
            "https://x.org@evil.example",
            "https://x.org/?q=1",
            "https://x.org/#top",
            "https://x.org/../up",
            "https://x.org/./here",
            "https://x.org:/",
            "https://",
            "https:///evil.example",
            "ftp://x.org",
            "//x.org",
            "javascript:alert(1)//",
            "https://x.org/\"<script>",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?} accepted");
        }
    }
}
