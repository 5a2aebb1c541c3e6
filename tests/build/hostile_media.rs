//! An SVG an author publishes beside a page runs nothing in Chromium and makes no request,
//! whether the host sends the strict CSP (`browser::server`) or no header at all (a plain
//! static host, below), and whether the page is opened or the SVG itself. A control proves
//! the harness sees script: the same SVG unsanitized does run and call home.

use crate::browser::browser_or_skip;
use crate::browser::server::SiteServer;
use crate::browser::webdriver::Result;
use crate::browser::Browser;
use crate::support::book::BookTest;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const HOSTILE: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="window.pwned='onload';fetch('/leak?onload')"><script>window.pwned='script';fetch('/leak?script')</script><rect width="20" height="20" fill="red"/><foreignObject width="20" height="20"><div xmlns="http://www.w3.org/1999/xhtml"><img src="/leak?img" onerror="window.pwned='img'"/></div></foreignObject><image href="/leak?image" width="5" height="5"/><use href="/leak?use#a"/></svg>"#;

/// A static host that sends no security header, recording every path asked for.
struct PlainHost {
    base: String,
    asked: Arc<Mutex<Vec<String>>>,
}

impl PlainHost {
    fn start(root: PathBuf) -> PlainHost {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                log.lock().expect("the log").push(path.clone());
                let file = path
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .trim_start_matches('/');
                let file = if file.is_empty() || file.ends_with('/') {
                    root.join(file).join("index.html")
                } else {
                    root.join(file)
                };
                let (status, body) = match std::fs::read(&file) {
                    Ok(b) if !path.contains("..") => ("200 OK", b),
                    _ => ("404 Not Found", Vec::new()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    tolk::media_types::content_type(&file),
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        PlainHost { base, asked }
    }

    fn leaks(&self) -> Vec<String> {
        let asked = self.asked.lock().expect("the log");
        asked
            .iter()
            .filter(|p| p.starts_with("/leak"))
            .cloned()
            .collect()
    }
}

/// Opens `url`, gives any script time to run, and returns what it left in `window.pwned`.
fn visit(browser: &Browser, url: &str) -> Result<serde_json::Value> {
    browser.goto(url)?;
    std::thread::sleep(Duration::from_millis(400));
    browser.execute(
        "return window.pwned === undefined ? null : window.pwned;",
        &[],
    )
}

#[test]
fn a_hostile_svg_runs_nothing_with_or_without_csp() -> Result<()> {
    let Some(browser) = browser_or_skip() else {
        return Ok(());
    };
    let mut test = BookTest::fixture("small");
    test.write("content/en-US/media/hostile.svg", HOSTILE);
    test.write(
        "content/en-US/svg.md",
        "---\ntitle: Svg\ndescription: d\n---\n# Svg\n\n![Box](media/hostile.svg)\n\n[Open it](media/hostile.svg)\n",
    );
    test.build().assert_published();
    // The same page without its CSP <meta>, as a site built without it would be.
    let page = test.read("en-US/svg/index.html");
    let bare = page.replace(
        &format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            tolk::csp::META_POLICY
        ),
        "",
    );
    assert_ne!(page, bare, "the page carries the policy");
    std::fs::write(test.out.join("en-US/svg/bare.html"), bare).expect("test setup");
    std::fs::write(test.out.join("raw.svg"), HOSTILE).expect("test setup");

    let plain = PlainHost::start(test.out.clone());
    let strict = SiteServer::start(&test.out).expect("serve the site");
    let svg = "/media/en-US/media/hostile.svg";
    for url in [
        format!("{}/en-US/svg/", plain.base),
        format!("{}/en-US/svg/bare.html", plain.base),
        format!("{}{svg}", plain.base),
        strict.url("/en-US/svg/"),
        strict.url(svg),
    ] {
        assert_eq!(
            visit(&browser, &url)?,
            serde_json::Value::Null,
            "script ran at {url}"
        );
        let loaded = browser.execute(
            "var i = document.querySelector('img[alt=Box]'); return i ? i.naturalWidth : 20;",
            &[],
        )?;
        assert_eq!(loaded, 20, "the sanitized SVG still shows at {url}");
    }
    assert_eq!(plain.leaks(), Vec::<String>::new(), "a request left");

    // Control: unsanitized, the same file runs and calls home; the checks above can fail.
    assert_ne!(
        visit(&browser, &format!("{}/raw.svg", plain.base))?,
        serde_json::Value::Null
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(!plain.leaks().is_empty(), "the control made no request");
    Ok(())
}
