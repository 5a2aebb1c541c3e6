//! Nothing outside the site's root reaches the output or the build log, and nothing a page
//! publishes can run script on the site's origin (issue 16). Each case is an attack a security
//! review made: links and special files planted by an author or translator, hostile media,
//! and a base URL that points elsewhere.

use crate::support::book::BookTest;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Bytes that exist only outside the site root (and in the build's environment).
pub const MARKER: &str = "TOLK-SECRET-5d41402abc4b2a76";

/// A secret file beside the site root (`outer/<name>`), holding [`MARKER`].
pub fn plant_secret(test: &BookTest, name: &str, text: &str) -> std::path::PathBuf {
    let path = test.root.parent().expect("outer").join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(&path, text.replace("{MARKER}", MARKER)).expect("write the secret");
    path
}

/// Runs `tolk build` with [`MARKER`] in its environment, killing it after `limit`.
/// Returns its exit code and everything it printed.
pub fn build_with_secret_env(test: &BookTest, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["build", "--root"])
        .arg(&test.root)
        .arg("--out")
        .arg(&test.out)
        .env("TOLK_TEST_SECRET", MARKER)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tolk");
    let start = Instant::now();
    while child.try_wait().expect("poll tolk").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("tolk build hung for {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("tolk's output");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code(), printed)
}

/// Makes a FIFO at `path` (with coreutils' `mkfifo`: the crate allows no `unsafe`).
pub fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The marker is nowhere in the output folder (names and bytes).
pub fn assert_no_marker_in(dir: &Path) {
    for (rel, bytes) in crate::support::book::tree(dir) {
        assert!(!rel.contains(MARKER), "{rel}");
        let bytes = bytes.unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "the secret reached {rel}"
        );
    }
}

/// Builds `test` as planted: refused, naming `needle`, with no byte of the secret anywhere.
fn refused_without_leak(test: &BookTest, needle: &str) {
    refused_naming(test, &[needle]);
}

fn refused_naming(test: &BookTest, needles: &[&str]) {
    let (code, printed) = build_with_secret_env(test, Duration::from_secs(60));
    assert_eq!(code, Some(1), "{printed}");
    for needle in needles {
        assert!(printed.contains(needle), "no `{needle}` in:\n{printed}");
    }
    assert!(
        !printed.contains(MARKER),
        "the secret reached the log:\n{printed}"
    );
    assert!(!printed.contains("panicked"), "{printed}");
    assert_no_marker_in(&test.out);
    assert_no_marker_in(&test.root.parent().expect("outer").join("out"));
}

#[test]
fn a_translation_linked_to_the_environment_is_refused() {
    let mut test = BookTest::fixture("small");
    test.write(
        "locales/nl-NL/zy.ftl",
        "footer-built-with = { TOLK_TEST_SECRET }\n",
    );
    symlink("/proc/self/environ", test.root.join("locales/nl-NL/zz.ftl")).expect("test setup");
    refused_without_leak(&test, "locales/nl-NL/zz.ftl: error: is a symbolic link");
}

#[test]
fn a_translation_linked_to_a_file_outside_is_refused() {
    let test = BookTest::fixture("small");
    let secret = plant_secret(&test, "passwd", "root = {MARKER}\nbroken {MARKER}\n");
    symlink(&secret, test.root.join("locales/nl-NL/zz.ftl")).expect("test setup");
    refused_without_leak(&test, "locales/nl-NL/zz.ftl: error: is a symbolic link");
}

#[test]
fn a_linked_locale_folder_is_refused() {
    let test = BookTest::fixture("small");
    let dir = test.root.join("locales/tr-TR");
    let outside = plant_secret(&test, "tr/site.ftl", "site-name = {MARKER}\n");
    std::fs::remove_dir_all(&dir).expect("test setup");
    symlink(outside.parent().expect("test setup"), &dir).expect("test setup");
    refused_without_leak(&test, "locales/tr-TR: error: is a symbolic link");
}

#[test]
fn a_linked_content_file_and_folder_are_refused() {
    let test = BookTest::fixture("small");
    let page = "---\ntitle: Leak\ndescription: {MARKER}\n---\n# {MARKER}\n";
    let file = plant_secret(&test, "leak.md", page);
    symlink(&file, test.root.join("content/en-US/leak.md")).expect("test setup");
    let folder = plant_secret(&test, "nl/leak.md", page);
    let nl = test.root.join("content/nl-NL");
    std::fs::remove_dir_all(&nl).expect("test setup");
    symlink(folder.parent().expect("test setup"), &nl).expect("test setup");
    refused_naming(
        &test,
        &[
            "content/en-US/leak.md: error: is a symbolic link",
            "content/nl-NL: error: is a symbolic link",
        ],
    );
}

#[test]
fn linked_templates_static_files_and_book_toml_are_refused() {
    let test = BookTest::fixture("small");
    let secret = plant_secret(&test, "secret.css", "/* {MARKER} */");
    std::fs::create_dir_all(test.root.join("static")).expect("test setup");
    std::fs::create_dir_all(test.root.join("templates")).expect("test setup");
    symlink(&secret, test.root.join("static/extra.css")).expect("test setup");
    symlink(&secret, test.root.join("templates/404.html")).expect("test setup");
    refused_without_leak(&test, "templates/404.html: error: is a symbolic link");
    std::fs::remove_file(test.root.join("templates/404.html")).expect("test setup");
    refused_without_leak(&test, "static/extra.css: error: is a symbolic link");
    let toml = plant_secret(&test, "book.toml", "[book]\ntitle = \"{MARKER}\"\n");
    std::fs::remove_file(test.root.join("book.toml")).expect("test setup");
    symlink(&toml, test.root.join("book.toml")).expect("test setup");
    refused_without_leak(&test, "book.toml: error: is a symbolic link");
}

#[test]
fn fifos_do_not_hang_the_build() {
    let mut test = BookTest::fixture("small");
    for rel in [
        "content/en-US/pipe.md",
        "locales/nl-NL/pipe.ftl",
        "content/en-US/media/p.png",
    ] {
        make_fifo(&test.root.join(rel));
    }
    test.write(
        "content/en-US/pipes.md",
        "---\ntitle: P\ndescription: d\n---\n# P\n\n![p](media/p.png)\n",
    );
    refused_naming(
        &test,
        &[
            "content/en-US/pipe.md: error: is a FIFO",
            "locales/nl-NL/pipe.ftl: error: is a FIFO",
            "content/en-US/media/p.png: error: is a FIFO",
            "error: `media/p.png` is a FIFO",
        ],
    );
}

#[test]
fn input_paths_in_book_toml_stay_inside_the_site() {
    let mut test = BookTest::fixture("small");
    let toml = std::fs::read_to_string(test.root.join("book.toml")).expect("test setup");
    test.write(
        "book.toml",
        toml.replace("src = \"content\"", "src = \"../elsewhere\""),
    );
    test.build().assert_refused().expect(
        tolk::diagnostics::Severity::Error,
        "book.toml",
        5,
        "`book.src` = \"../elsewhere\" leads outside the site's folder",
    );
}

#[test]
fn a_hostile_svg_is_published_sanitized() {
    let mut test = BookTest::fixture("small");
    test.write(
        "content/en-US/media/hostile.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="x.html"/></foreignObject><rect width="5" height="5" style="fill:red"/></svg>"#,
    );
    test.write(
        "content/en-US/svg.md",
        "---\ntitle: Svg\ndescription: d\n---\n# Svg\n\n![Box](media/hostile.svg)\n",
    );
    test.build().assert_published();
    let svg = test.read("media/en-US/media/hostile.svg");
    for gone in [
        "onload",
        "script",
        "alert",
        "foreignObject",
        "iframe",
        "style",
    ] {
        assert!(!svg.contains(gone), "{gone} in {svg}");
    }
    assert!(
        svg.contains("<rect width=\"5\" height=\"5\" fill=\"red\">"),
        "{svg}"
    );
}

#[test]
fn publish_allow_is_configurable_but_never_allows_documents() {
    let mut test = BookTest::fixture("small");
    let toml = std::fs::read_to_string(test.root.join("book.toml")).expect("test setup");
    test.write(
        "book.toml",
        format!("{toml}\n[publish]\nallow = [\"png\", \"html\"]\n"),
    );
    let line = toml.lines().count() + 3;
    test.build().assert_refused().expect(
        tolk::diagnostics::Severity::Error,
        "book.toml",
        line,
        "`publish.allow`: `html` cannot be published: HTML runs script",
    );
    test.write(
        "book.toml",
        format!("{toml}\n[publish]\nallowed = [\"png\"]\n"),
    );
    test.build().assert_refused().expect(
        tolk::diagnostics::Severity::Error,
        "book.toml",
        line,
        "unknown field `allowed`",
    );
    test.write(
        "book.toml",
        format!("{toml}\n[publish]\nallow = [\"pdf\"]\n"),
    );
    let line = first_line_with(&test, "content/en-US/guide.md", "diagram.png");
    test.build().assert_refused().expect(
        tolk::diagnostics::Severity::Error,
        "content/en-US/guide.md",
        line,
        "`.png` files are not in `[publish] allow`",
    );
}

fn first_line_with(test: &BookTest, rel: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(test.root.join(rel)).expect("test setup");
    1 + text
        .lines()
        .position(|l| l.contains(needle))
        .expect("the needle")
}

#[test]
fn the_output_carries_its_own_policy() {
    let mut test = BookTest::fixture("small");
    test.build().assert_published();
    assert_eq!(test.read("_headers"), tolk::csp::headers_file());
    let headers = test.read("_headers");
    for needle in [
        "frame-ancestors 'none'",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
    ] {
        assert!(headers.contains(needle), "{needle}");
    }
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        tolk::csp::META_POLICY
    );
    for (rel, bytes) in test.output() {
        if rel.ends_with(".html") {
            assert!(String::from_utf8_lossy(&bytes).contains(&meta), "{rel}");
        }
    }
}

#[test]
fn base_url_forms_that_lead_elsewhere_are_errors_naming_the_key_and_line() {
    for bad in [
        "https://x.org//evil.example",
        "https://x.org\\\\evil.example",
        "https://x.org/\\tdocs",
        "https://user@x.org",
        "https://x.org/?a=b",
        "https://x.org/#a",
        "javascript:alert(1)",
    ] {
        let toml = format!("[book]\ntitle = \"x\"\n\n[site]\nbase-url = \"{bad}\"\n");
        let err = tolk::config::Config::parse(&toml, Path::new("book.toml"), Path::new("/s"))
            .expect_err(bad);
        let d = err.iter().next().expect("a diagnostic");
        assert_eq!(d.line, 5, "{bad}");
        assert!(
            d.message.contains("`site.base-url`"),
            "{bad}: {}",
            d.message
        );
    }
}
