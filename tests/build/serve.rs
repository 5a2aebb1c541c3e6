//! `tolk serve` as a user runs it: the binary builds the fixture, picks a free port with
//! `--port 0` and prints the URL, answers with the library's site handler, and stops cleanly
//! (exit 0) on Ctrl-C; it adds the live-reload script to the pages it serves, never to the
//! output. The handler's own rules are tested in `src/http/tests.rs`; live reload in a browser
//! in `live_reload.rs`.

use crate::support::BookTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Waits (at most a minute) for the line `serving DIR at URL` and returns the URL.
pub(super) fn served_url(child: &mut Child) -> String {
    let stderr = child.stderr.take().expect("piped stderr");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some((_, url)) = line.split_once(" at http://") {
                let url = url.split(' ').next().unwrap_or("").to_string();
                let _ = send.send(format!("http://{url}"));
            }
        }
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("tolk serve prints its URL")
}

/// A GET written by hand; returns the status line.
fn status_line(url: &str, path: &str) -> String {
    reply(url, path).lines().next().unwrap_or("").to_string()
}

/// A GET written by hand; returns the whole reply (head and body).
fn reply(url: &str, path: &str) -> String {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
}

#[cfg(unix)]
#[test]
fn serve_picks_a_free_port_answers_and_stops_on_ctrl_c() {
    let test = BookTest::fixture("small");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["serve", "--port", "0", "--quiet", "--root"])
        .arg(&test.root)
        .arg("--out")
        .arg(&test.out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tolk serve");
    let url = served_url(&mut child);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!url.ends_with(":0/"), "the real port is printed: {url}");
    assert_eq!(status_line(&url, "/"), "HTTP/1.1 200 OK");
    assert_eq!(
        status_line(&url, "/en-US"),
        "HTTP/1.1 301 Moved Permanently"
    );
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("tolk serve did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0), "a clean stop");
}

#[test]
fn serve_refuses_a_port_it_cannot_bind() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("bound").port().to_string();
    let test = BookTest::fixture("small");
    let output = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["serve", "--quiet", "--port", &port, "--root"])
        .arg(&test.root)
        .arg("--out")
        .arg(&test.out)
        .stdin(Stdio::null())
        .output()
        .expect("run tolk serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot listen on 127.0.0.1:"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn serve_adds_live_reload_to_pages_it_serves_and_never_to_the_output() {
    let test = BookTest::fixture("small");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["serve", "--port", "0", "--quiet", "--root"])
        .arg(&test.root)
        .arg("--out")
        .arg(&test.out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tolk serve");
    let url = served_url(&mut child);
    let page = reply(&url, "/en-US/");
    let tag = "<script src=\"/__tolk/livereload.js\" defer></script></head>";
    assert!(page.contains(tag), "{page}");
    let script = reply(&url, "/__tolk/livereload.js").to_ascii_lowercase();
    assert!(script.starts_with("http/1.1 200"), "{script}");
    assert!(script.contains("content-type: text/javascript"), "{script}");
    assert!(script.contains("content-security-policy: default-src 'self'"));
    let _ = child.kill();
    let _ = child.wait();
    let output = test.output();
    assert!(output.len() > 10, "the site was built");
    for (rel, bytes) in output {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__tolk"), "{rel} holds serve's live reload");
    }
}

/// A POST written by hand; returns the whole reply.
fn post_json(url: &str, path: &str, body: &str) -> String {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
}

#[cfg(unix)]
#[test]
fn serve_receive_takes_the_forms_tickets_on_the_same_server() {
    let mut test = BookTest::repo_copy();
    let toml = std::fs::read_to_string(test.root.join("book.toml")).expect("book.toml");
    let toml = toml.replace(
        "# endpoint = \"/api/tickets\"",
        "endpoint = \"/api/tickets\"",
    );
    test.write("book.toml", toml);
    let database = test.sandbox.join("tickets.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["serve", "--port", "0", "--quiet", "--receive", "--root"])
        .arg(&test.root)
        .arg("--out")
        .arg(&test.out)
        .arg("--database")
        .arg(&database)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tolk serve --receive");
    let url = served_url(&mut child);
    assert_eq!(status_line(&url, "/"), "HTTP/1.1 200 OK");
    // The receiver answers (an empty ticket is refused with its JSON error), not the site's 405.
    let answer = post_json(&url, "/api/tickets", "{}");
    let _ = child.kill();
    let _ = child.wait();
    let status = answer.lines().next().unwrap_or("");
    assert!(status.starts_with("HTTP/1.1 4"), "{answer}");
    assert!(!status.contains("405"), "{answer}");
    assert!(answer.contains("\"error\""), "{answer}");
    assert!(database.is_file(), "the receiver opened its database");
}
