//! Each extension's exact HTML, and each bad form's diagnostic with file and line, rendered
//! against a real content folder in a temporary directory.

use super::{DocfxEnv, Labels};
use crate::config::Config;
use crate::content::{normalize, Content, Page, SourceText};
use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::{render, MarkdownContext, RenderedBody};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// A site folder with `files` (path below the site → text).
    fn new(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::create_dir_all(root.join("content/en-US")).unwrap();
        Site { _dir: dir, root }
    }

    /// Renders `body` as `content/<locale>/<rel>`, published in `locale`.
    fn render(&self, locale: &str, rel: &str, body: &str) -> (RenderedBody, Diagnostics) {
        let content_dir = self.root.join("content");
        let path = content_dir.join(locale).join(rel);
        let text = format!("---\ntitle: T\ndescription: d\n---\n{body}");
        let mut d = Diagnostics::new();
        let source = SourceText::parse(text.into_bytes(), &path, &mut d).unwrap();
        let config = Config::parse("", Path::new("book.toml"), Path::new("/")).unwrap();
        let meta = normalize::normalize(&source, locale, rel, &config, &mut d).unwrap();
        let page = Page {
            source: std::sync::Arc::new(source),
            rel_path: rel.into(),
            meta: std::sync::Arc::new(meta),
            slug: "p".into(),
            facts: Default::default(),
        };
        let labels = Labels {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            caution: "Caution".into(),
            warning: "Warning".into(),
            video: "Watch the video".into(),
            zone: "Applies to".into(),
        };
        let files = crate::input::SiteFs::new(&self.root);
        let content = Content::default();
        let ctx = MarkdownContext {
            content: &content,
            content_dir: &content_dir,
            publisher: &crate::publish::Publisher::new(
                crate::input::SiteFs::new(&self.root),
                crate::media_types::DEFAULT_ALLOW
                    .iter()
                    .map(|e| e.to_string())
                    .collect(),
            ),
            source_locale: "en-US",
            site_locale: locale,
            root: "../../",
            charts: &[],
            step_extras: &BTreeMap::new(),
            links: &crate::config::LinksConfig::default(),
            docfx: DocfxEnv {
                labels: &labels,
                files: &files,
                site_root: &self.root,
                source_dir: "ltr",
            },
        };
        render(&page, &ctx)
    }
}

fn one(body: &str) -> (String, Diagnostics) {
    let site = Site::new(&[]);
    let (r, d) = site.render("en-US", "a/p.md", body);
    (r.html, d)
}

/// `(level, file name, line, message)` of each diagnostic.
fn found(d: &Diagnostics) -> Vec<(Severity, String, usize, String)> {
    d.iter()
        .map(|d| {
            let name = d.path.file_name().unwrap().to_string_lossy().into_owned();
            (d.severity, name, d.line, d.message.clone())
        })
        .collect()
}

#[test]
fn alerts_are_titled_boxes() {
    let (html, d) = one("> [!NOTE]\n> Be *careful*.\n\n> [!warning]\n> Hot.\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        html,
        "<div class=\"alert is-note\" role=\"note\">\n<p class=\"alert-title\">Note</p>\n<p>Be <em>careful</em>.</p>\n</div>\n\
         <div class=\"alert is-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n<p>Hot.</p>\n</div>\n"
    );
}

#[test]
fn div_classes_are_allow_listed() {
    let (html, d) = one(
        "> [!div class=\"nextstepaction\"]\n> [Next](https://x.example/)\n\n> [!div class=\"evil checklist\"]\n> * one\n",
    );
    assert_eq!(
        html,
        "<div class=\"nextstepaction\">\n<p><a href=\"https://x.example/\">Next</a></p>\n</div>\n\
         <div class=\"checklist\">\n<ul>\n<li>one</li>\n</ul>\n</div>\n"
    );
    let f = found(&d);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0, f[0].2), (Severity::Warning, 8));
    assert!(f[0].3.contains("`evil`"));
}

#[test]
fn images_of_each_type() {
    let site = Site::new(&[]);
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    for name in ["x.png", "big.png"] {
        let path = site.root.join("content/en-US/a/media").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, PNG).unwrap();
    }
    let body = "Intro\n\n:::image type=\"content\" source=\"media/x.png\" alt-text=\"A & B\" lightbox=\"media/big.png\":::\n\n\
                :::image type=\"icon\" source=\"media/x.png\" border=\"false\":::\n\n\
                :::image type=\"complex\" source=\"media/x.png\" alt-text=\"Chart\" border=\"false\":::\n   Sales *rose*.\n:::image-end:::\n";
    let (r, d) = site.render("en-US", "a/p.md", body);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        r.html,
        "<p>Intro</p>\n\
         <figure class=\"image border\"><a class=\"lightbox\" href=\"../../media/en-US/a/media/big.png\"><img src=\"../../media/en-US/a/media/x.png\" alt=\"A &amp; B\"></a></figure>\n\
         <p class=\"image icon\"><img src=\"../../media/en-US/a/media/x.png\" alt=\"\" role=\"presentation\"></p>\n\
         <figure class=\"image\"><img src=\"../../media/en-US/a/media/x.png\" alt=\"Chart\" aria-describedby=\"image-description\"><div id=\"image-description\" class=\"visually-hidden\">\n<p>Sales <em>rose</em>.</p>\n</div></figure>\n"
    );
    let copied: Vec<&str> = r.media.iter().map(|m| m.output.as_str()).collect();
    assert!(
        copied.contains(&"media/en-US/a/media/big.png"),
        "{copied:?}"
    );
}

#[test]
fn bad_images_name_file_and_line() {
    let (_, d) = one("# T\n\n:::image type=\"content\" alt-text=\"x\":::\n\n:::image source=\"gone.png\" alt-text=\"x\":::\n\n:::image type=\"complex\" source=\"a.png\" alt-text=\"x\":::\nnever ends\n");
    let f = found(&d);
    let lines: Vec<(Severity, usize)> = f.iter().map(|f| (f.0, f.2)).collect();
    assert_eq!(
        lines,
        [
            (Severity::Error, 7),
            (Severity::Error, 9),
            (Severity::Error, 11)
        ],
        "{f:?}"
    );
    assert!(f[0].3.contains("no `source=`"));
    assert_eq!(f[0].1, "p.md");
    assert!(f[1].3.contains("gone.png"));
    assert!(f[2].3.contains("no `:::image-end:::`"));
}

#[test]
fn includes_block_and_inline_with_locale_fallback() {
    let site = Site::new(&[
        (
            "content/en-US/includes/note.md",
            "---\ntitle: x\n---\n> [!TIP]\n> Included **tip**.\n",
        ),
        ("content/nl-NL/includes/name.md", "Azure *Docs*\n"),
        ("content/includes/shared.md", "Shared text.\n"),
        ("content/en-US/includes/h.md", "## Name\n"),
        ("content/en-US/includes/product.md", "Contoso *Cloud*\n"),
    ]);
    let (r, _) = site.render(
        "nl-NL",
        "a/p.md",
        "## Name\n\n[!INCLUDE [x](../includes/h.md)]\n",
    );
    assert_eq!(
        r.html,
        "<h2 id=\"name\">Name</h2>\n<div lang=\"en-US\" dir=\"ltr\">\n<h2 id=\"name-2\">Name</h2>\n</div>\n",
        "ids stay unique across includes; English taken into Dutch says so"
    );
    let body = "[!INCLUDE [n](../includes/note.md)]\n\nUse [!INCLUDE [x](../includes/name.md)] now.\n\n[!INCLUDE[s](../../includes/shared.md)]\n\nOr [!INCLUDE [x](../includes/product.md)].\n";
    let (r, d) = site.render("nl-NL", "a/p.md", body);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        r.html,
        "<div lang=\"en-US\" dir=\"ltr\">\n<div class=\"alert is-tip\" role=\"note\">\n<p class=\"alert-title\">Tip</p>\n<p>Included <strong>tip</strong>.</p>\n</div>\n</div>\n\
         <p>Use Azure <em>Docs</em> now.</p>\n<p>Shared text.</p>\n<p>Or <span lang=\"en-US\" dir=\"ltr\">Contoso <em>Cloud</em></span>.</p>\n"
    );
    let (r, _) = site.render(
        "en-US",
        "a/p.md",
        "Use [!INCLUDE [x](../includes/product.md)].\n",
    );
    assert!(!r.html.contains("lang="), "{}", r.html);
}

#[test]
fn include_problems_name_file_and_line() {
    let site = Site::new(&[
        (
            "content/en-US/includes/a.md",
            "Text\n\n[!INCLUDE [b](b.md)]\n",
        ),
        ("content/en-US/includes/b.md", "\n[!INCLUDE [a](a.md)]\n"),
        (
            "content/en-US/includes/bad.md",
            "line 1\n\n:::image source=\"nope.png\" alt-text=\"x\":::\n",
        ),
        ("secret.md", "TOPSECRET"),
    ]);
    let body = "[!INCLUDE [a](includes/a.md)]\n\n[!INCLUDE [x](../../secret.md)]\n\n[!INCLUDE [x](includes/bad.md)]\n\n[!INCLUDE [x](includes/none.md)]\n";
    let (r, d) = site.render("en-US", "p.md", body);
    assert!(!r.html.contains("TOPSECRET"));
    let f = found(&d);
    assert_eq!(f.len(), 4, "{f:?}");
    assert_eq!((f[0].1.as_str(), f[0].2), ("b.md", 2));
    assert!(f[0].3.starts_with("include cycle: "), "{}", f[0].3);
    assert_eq!(f[0].3, "include cycle: content/en-US/p.md → content/en-US/includes/a.md → content/en-US/includes/b.md → content/en-US/includes/a.md");
    assert_eq!((f[1].1.as_str(), f[1].2), ("p.md", 7));
    assert!(f[1].3.contains("outside the content folder"), "{}", f[1].3);
    assert_eq!((f[2].1.as_str(), f[2].2), ("bad.md", 3));
    assert_eq!((f[3].1.as_str(), f[3].2), ("p.md", 11));
    assert!(f.iter().all(|f| f.0 == Severity::Error));
}

#[cfg(unix)]
#[test]
fn includes_through_symlinks_are_refused() {
    let site = Site::new(&[("outside.md", "TOPSECRET")]);
    std::os::unix::fs::symlink(
        site.root.join("outside.md"),
        site.root.join("content/en-US/l.md"),
    )
    .unwrap();
    let (r, d) = site.render("en-US", "p.md", "[!INCLUDE [x](l.md)]\n");
    assert!(!r.html.contains("TOPSECRET"));
    assert!(found(&d)[0].3.contains("symbolic link"), "{d:?}");
}

#[test]
fn code_from_files() {
    let site = Site::new(&[
        (
            "content/en-US/code/a.cs",
            "using X;\n// <main>\nvar a = 1 < 2;\nvar b = 3;\n// </main>\n",
        ),
        ("scripts/b.ps1", "Line1\nLine2\nLine3\n"),
    ]);
    let body = ":::code language=\"csharp\" source=\"code/a.cs\" id=\"main\" highlight=\"2\":::\n\n\
                [!code-azurepowershell-interactive[main](~/scripts/b.ps1?range=2-3&highlight=1 \"T\")]\n";
    let (r, d) = site.render("en-US", "p.md", body);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        r.html,
        "<pre class=\"snippet\" tabindex=\"0\"><code class=\"language-csharp\">var a = 1 &lt; 2;\n<mark class=\"highlight\">var b = 3;</mark>\n</code></pre>\n\
         <pre class=\"snippet\" tabindex=\"0\"><code class=\"language-powershell\"><mark class=\"highlight\">Line2</mark>\nLine3\n</code></pre>\n"
    );
    let (_, d) = site.render(
        "en-US",
        "p.md",
        "x\n\n:::code language=\"cs\":::\n\n[!code-cs[](none.cs)]\n\n[!code-cs[](~/../x.cs)]\n",
    );
    let lines: Vec<usize> = found(&d).iter().map(|f| f.2).collect();
    assert_eq!(lines, [7, 9, 11], "{d:?}");
}

#[test]
fn video_is_a_plain_link() {
    let (html, d) =
        one("[!VIDEO https://learn.example/v?a=1&b=2]\n\nSee [!VIDEO https://v.example/x] here.\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        html,
        "<p class=\"video\"><a class=\"video-link\" href=\"https://learn.example/v?a=1&amp;b=2\">Watch the video</a></p>\n\
         <p>See <a class=\"video-link\" href=\"https://v.example/x\">Watch the video</a> here.</p>\n"
    );
}

#[test]
fn zones_render_all_with_labels() {
    let (html, d) = one("::: zone pivot=\"windows,linux\"\n\n## Win\n\n::: zone-end\n\n::: zone pivot=\"mac\"\nMac text\n::: zone-end\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        html,
        "<details class=\"zone\" data-pivot=\"windows linux\" open>\n<summary>Applies to: windows, linux</summary>\n\
         <h2 id=\"win\">Win</h2>\n</details>\n\
         <details class=\"zone\" data-pivot=\"mac\" open>\n<summary>Applies to: mac</summary>\n<p>Mac text</p>\n</details>\n"
    );
    let (_, d) = one("text\n\n::: zone pivot=\"a\"\n\nopen\n");
    let f = found(&d);
    assert_eq!((f[0].0, f[0].2, f.len()), (Severity::Error, 7, 1), "{f:?}");
}

#[test]
fn no_loc_is_its_text() {
    let (html, d) =
        one("Open :::no-loc text=\"Azure <Portal>\"::: now.\n\n:::no-loc text=\"Kusto\":::\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        html,
        "<p>Open Azure &lt;Portal&gt; now.</p>\n<p>Kusto</p>\n"
    );
}

#[test]
fn unknown_syntax_is_reported_not_silent() {
    let (html, d) = one(
        "A [!FOO bar] b.\n\n:::row:::\n\n`[!NOTE]` in code\n\n\\[!BAR]\n\nA :::moniker range=\"x\"::: b\n",
    );
    let f = found(&d);
    let got: Vec<(Severity, usize)> = f.iter().map(|f| (f.0, f.2)).collect();
    let want = [
        (Severity::Warning, 5),
        (Severity::Warning, 7),
        (Severity::Warning, 13),
    ];
    assert_eq!(got, want, "{f:?}");
    assert!(f[0].3.contains("`[!FOO`") && f[1].3.contains("`:::row`"));
    assert!(f[2].3.contains("`:::moniker`"));
    assert!(
        html.contains("<p>A [!FOO bar] b.</p>") && html.contains("<p>:::row:::</p>"),
        "{html}"
    );
    // Where tolk does not render it (a tight list item, a table cell), it says so; code is code.
    let (_, d) = one("- [!INCLUDE [x](a.md)]\n- b\n\n| [!VIDEO https://v.example/] |\n|---|\n\n```\n[!NOTE]\n```\n");
    let f = found(&d);
    let got: Vec<(Severity, usize)> = f
        .iter()
        .filter(|f| f.3.contains("is not rendered here"))
        .map(|f| (f.0, f.2))
        .collect();
    assert_eq!(
        got,
        [(Severity::Warning, 5), (Severity::Warning, 8)],
        "{f:?}"
    );
}

#[test]
fn referenced_includes_are_listed() {
    let body = "x [!INCLUDE [a](../includes/a.md)] and [!include[b](b.md)]";
    assert_eq!(
        super::referenced_includes(body, "dir/p.md"),
        ["includes/a.md", "dir/b.md"]
    );
}
