use super::*;
use crate::config::Config;
use crate::content::{normalize, SourceText};
use std::path::Path;

fn page(locale: &str, rel: &str, body: &str) -> Page {
    let text = format!("---\ntitle: T\ndescription: d\n---\n{body}");
    let mut d = Diagnostics::new();
    let source = SourceText::parse(text.into_bytes(), Path::new(rel), &mut d).unwrap();
    let config = Config::parse("", Path::new("book.toml"), Path::new("/")).unwrap();
    let meta = normalize::normalize(&source, locale, rel, &config, &mut d).unwrap();
    Page {
        source: std::sync::Arc::new(source),
        rel_path: rel.into(),
        meta: std::sync::Arc::new(meta),
        slug: "p".into(),
        facts: Default::default(),
    }
}

fn render_body(body: &str) -> (RenderedBody, Diagnostics) {
    let p = page("en-US", "dir/p.md", body);
    let other = page("en-US", "dir/other.md", "# Other\n");
    let content = Content::new(vec![Page {
        slug: "other-page".into(),
        ..other
    }]);
    let charts = vec![ChartConfig {
        name: "event-types".into(),
        path: "media/chart.svg".into(),
        replaces: vec!["media/chart.png".into()],
        root: "r".into(),
        children: vec![],
    }];
    let links = crate::config::LinksConfig::default();
    let extras = BTreeMap::from([(2u64, "<p class=\"cta\">go</p>".to_string())]);
    let labels = docfx::Labels::default();
    let files = crate::input::SiteFs::new(Path::new("/nonexistent"));
    let ctx = MarkdownContext {
        docfx: docfx::DocfxEnv {
            labels: &labels,
            files: &files,
            site_root: Path::new("/nonexistent"),
            source_dir: "ltr",
        },
        content: &content,
        content_dir: Path::new("/nonexistent"),
        publisher: &crate::publish::Publisher::new(
            crate::input::SiteFs::new(Path::new("/nonexistent")),
            Vec::new(),
        ),
        source_locale: "en-US",
        site_locale: "en-US",
        root: "../../",
        charts: &charts,
        step_extras: &extras,
        links: &links,
    };
    render(&p, &ctx)
}

#[test]
fn heading_anchor_becomes_the_id() {
    let (r, d) =
        render_body("# <a name=\"how-to\"></a>Hoe het werkt\n\n## Tweede stap\n\n## Tweede stap\n");
    assert!(d.is_empty(), "{d:?}");
    assert!(
        r.html.contains("<h1 id=\"how-to\">Hoe het werkt</h1>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"tweede-stap-2\">"));
    assert_eq!(
        r.headings[0],
        Heading {
            level: 1,
            id: "how-to".into(),
            text: "Hoe het werkt".into()
        }
    );
}

#[test]
fn top_level_numbered_items_are_steps_with_extras() {
    let (r, _) = render_body("1. one\n2. two\n\n   - sub\n3. three\n");
    assert_eq!(r.steps, [1, 2, 3]);
    assert!(r.html.contains("<li id=\"step-2\">"));
    assert!(
        r.html.contains("<p class=\"cta\">go</p></li>"),
        "{}",
        r.html
    );
}

#[test]
fn raw_script_is_an_error_and_escaped() {
    let (r, d) =
        render_body("text\n\n<script>alert(1)</script>\n\nand <img src=x onerror=alert(1)>\n");
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("<img"), "{}", r.html);
    let errors: Vec<_> = d.iter().filter(|d| d.is_error()).map(|d| d.line).collect();
    assert_eq!(errors, [7, 9]);
}

#[test]
fn javascript_links_are_dropped_with_an_error() {
    let (r, d) =
        render_body("[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1)) [z](data:text/html,hi)\n");
    assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
    assert!(!r.html.contains("data:"));
    assert_eq!(d.error_count(), 3);
}

#[test]
fn escaping_links_are_errors() {
    let (_, d) = render_body("[x](../../../etc/passwd)\n\n![y](../../../../secret.png)\n");
    assert_eq!(d.error_count(), 2, "{d:?}");
    assert_eq!(d.iter().next().unwrap().line, 5);
}

#[test]
fn page_links_are_rewritten() {
    let (r, d) = render_body("[o](other.md#part) [missing](nope.md)\n");
    assert!(
        r.html
            .contains("href=\"../../en-US/other-page/index.html#part\""),
        "{}",
        r.html
    );
    // A published 404 is a bug: an error unless `[links] broken = "warning"`.
    assert_eq!(d.error_count(), 1, "{d:?}");
    assert!(d.iter().any(|x| x.message.contains("no such page")));
}

#[test]
fn site_absolute_and_yaml_links_are_reported() {
    let (r, d) = render_body("[a](/azure/x) [i](../index.yml) [t](toc.yml)\n");
    assert_eq!(d.error_count(), 3, "{d:?}");
    assert!(r.html.contains("href=\"/azure/x\""));
}

#[test]
fn missing_images_are_replaced_or_reported() {
    let (r, d) = render_body(
        "![chart](../media/chart.png)\n\n![gen](../media/chart.svg)\n\n![gone](gone.png)\n",
    );
    assert_eq!(r.charts, ["event-types"]);
    assert!(
        r.html
            .contains("src=\"../../media/generated/en-US/event-types.svg\""),
        "{}",
        r.html
    );
    // The chart stands in for `chart.png` because book.toml says so: only `gone.png` is reported.
    let lines: Vec<_> = d.iter().map(|d| (d.line, d.is_error())).collect();
    assert_eq!(lines, [(9, true)]);
}

#[test]
fn reference_images_resolve() {
    let (r, _) = render_body("![alt][1]\n\n[1]: ../media/chart.svg\n");
    assert!(
        r.html.contains("generated/en-US/event-types.svg"),
        "{}",
        r.html
    );
}

#[test]
fn tables_scroll_on_phones() {
    let (r, _) = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(
        r.html
            .starts_with("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
        "{}",
        r.html
    );
}

#[test]
fn code_blocks_take_keyboard_focus_and_keep_their_language() {
    let (r, _) = render_body("```c\"++\n<b>\n```\n\n    indented\n");
    assert_eq!(
        r.html,
        "<pre tabindex=\"0\" dir=\"ltr\"><code class=\"language-c&quot;++\">&lt;b&gt;\n</code></pre>\n\
         <pre tabindex=\"0\" dir=\"ltr\"><code>indented\n</code></pre>\n"
    );
}

/// Code, URLs, CVE IDs and CVSS vectors read left to right inside any sentence; text in
/// code blocks and alt text is left alone.
#[test]
fn ltr_runs_are_isolated_outside_code_blocks() {
    let (r, _) = render_body(
        "راجع `a<b` (https://x.test/a). CVE-2024-1 ![CVE-2024-2](m.png)\n\n```\nCVE-2024-3\n```\n",
    );
    assert!(
        r.html.contains("<code dir=\"ltr\">a&lt;b</code>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("(<span dir=\"ltr\">https://x.test/a</span>)."),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<span dir=\"ltr\">CVE-2024-1</span>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("alt=\"CVE-2024-2\""), "{}", r.html);
    assert!(r.html.contains("<code>CVE-2024-3\n</code>"), "{}", r.html);
}

#[test]
fn unsafe_schemes() {
    assert_eq!(
        unsafe_scheme(" java\tscript:x").as_deref(),
        Some("javascript")
    );
    assert_eq!(unsafe_scheme("https://x"), None);
}

#[test]
fn headings_get_the_same_link_image_and_attribute_checks() {
    let (r, d) = render_body(
        "# Hi {#x .c onclick=alert(1) style=color:red}\n\n## [a](javascript:alert(1)) ![i](../../../etc/passwd)\n",
    );
    for bad in ["onclick", "style=", "javascript:", "etc/passwd"] {
        assert!(!r.html.contains(bad), "{bad} in {}", r.html);
    }
    assert!(
        r.html.contains("<h1 id=\"x\" class=\"c\">Hi</h1>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<h2 id=\"a-i\">a <img src=\"\" alt=\"i\" /></h2>"),
        "{}",
        r.html
    );
    let found: Vec<(bool, usize, &str)> = d
        .iter()
        .map(|d| (d.is_error(), d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                true,
                5,
                "heading attribute `onclick` is an event handler; not allowed"
            ),
            (false, 5, "heading attribute `style` is ignored"),
            (true, 7, "`javascript:` link is not allowed"),
            (
                true,
                7,
                "`../../../etc/passwd` leads outside the content folder"
            ),
        ]
    );
}

#[test]
fn percent_escapes_are_decoded_before_the_folder_check() {
    assert_eq!(
        crate::urls::percent_decode_lenient("media/%C3%A9t%C3%A9%20x.png"),
        "media/été x.png"
    );
    assert_eq!(
        crate::urls::percent_decode_lenient("100%25 %zz %"),
        "100% %zz %"
    );
    assert_eq!(
        crate::urls::percent_decode_lenient("%FF"),
        "%FF",
        "invalid UTF-8 stays as written"
    );
    for link in [
        "[x](%2e%2e/%2E%2E/%2e%2e/etc/passwd)\n",
        "[x](..%2f..%2f..%2fetc/passwd)\n",
        "[x](%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd)\n",
    ] {
        let (_, d) = render_body(link);
        let e = d.iter().next().expect("an error");
        assert!(
            e.is_error() && e.message.contains("leads outside"),
            "{link}: {e:?}"
        );
    }
}
