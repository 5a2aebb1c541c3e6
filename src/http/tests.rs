//! The stack end to end over loopback sockets: requests are written by hand, byte for byte, so
//! nothing normalizes a hostile path before the server sees it.

use super::{site_router, Background, ServeOptions, CONTENT_SECURITY_POLICY};
use axum::body::Bytes;
use axum::Router;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// A server on a free loopback port, on its own runtime; stops when dropped.
struct Running {
    address: SocketAddr,
    _server: Background,
}

impl Running {
    fn start(app: Router, options: ServeOptions) -> Running {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let server = Background::start(listener, app, options).expect("a server");
        Running {
            address: server.address(),
            _server: server,
        }
    }

    fn site(dir: &Path) -> Running {
        Running::start(site_router(dir).expect("a site"), ServeOptions::default())
    }

    /// Sends `head` (request line and headers, without the blank line) with a `Host` naming
    /// this server unless `head` has one, and returns the whole reply.
    fn send(&self, head: &str) -> String {
        self.send_body(head, "")
    }

    /// [`Running::send`] with a request body after the head.
    fn send_body(&self, head: &str, body: &str) -> String {
        let host = match head.to_ascii_lowercase().contains("\r\nhost:") {
            true => String::new(),
            false => format!("Host: {}\r\n", self.address),
        };
        let mut stream = TcpStream::connect(self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let request = format!("{head}\r\n{host}Connection: close\r\n\r\n{body}");
        stream.write_all(request.as_bytes()).expect("send");
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    fn get(&self, target: &str) -> String {
        self.send(&format!("GET {target} HTTP/1.1"))
    }
}

fn status(reply: &str) -> u16 {
    reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The value of header `name` in a raw reply.
fn header<'a>(reply: &'a str, name: &str) -> Option<&'a str> {
    let head = reply.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

fn body(reply: &str) -> &str {
    reply.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// A built site beside a secret that must never be served.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("index.html", "<p>home</p>");
    write("404.html", "<p>site 404 page</p>");
    write("nl-NL/index.html", "<p>nl home</p>");
    write("nl-NL/a b/index.html", "<p>spaced</p>");
    write("style.css", "p{}");
    write("guide.pdf", "%PDF-1.7");
    write("media/x.svg", "<svg/>");
    write("empty/.keep", "");
    std::fs::write(dir.path().join("secret.txt"), "TOP SECRET").expect("secret");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(dir.path().join("secret.txt"), root.join("out.txt")).expect("symlink");
        symlink(dir.path(), root.join("up")).expect("symlink");
        symlink(root.join("style.css"), root.join("in.css")).expect("symlink");
    }
    dir
}

#[test]
fn folders_serve_their_index_and_redirect_to_the_slash_form() {
    let dir = site();
    let server = Running::site(&dir.path().join("site"));
    let home = server.get("/");
    assert_eq!((status(&home), body(&home)), (200, "<p>home</p>"));
    let nl = server.get("/nl-NL/");
    assert_eq!((status(&nl), body(&nl)), (200, "<p>nl home</p>"));
    for (target, location) in [
        ("/nl-NL", "/nl-NL/"),
        ("/nl-NL?x=1", "/nl-NL/?x=1"),
        ("//nl-NL", "/nl-NL/"),
        ("/nl-NL/a%20b", "/nl-NL/a%20b/"),
    ] {
        let reply = server.get(target);
        assert_eq!(status(&reply), 301, "{target}");
        assert_eq!(header(&reply, "location"), Some(location), "{target}");
    }
    let no_index = server.get("/empty/");
    assert_eq!(status(&no_index), 404, "no listings");
    assert!(body(&no_index).contains("site 404 page"));
}

#[test]
fn head_validators_and_not_modified() {
    let dir = site();
    let server = Running::site(&dir.path().join("site"));
    let get = server.get("/style.css");
    let head = server.send("HEAD /style.css HTTP/1.1");
    assert_eq!((status(&head), body(&head)), (200, ""));
    for name in ["content-length", "content-type", "etag", "last-modified"] {
        assert!(header(&get, name).is_some(), "{name}");
        assert_eq!(header(&head, name), header(&get, name), "{name}");
    }
    assert_eq!(header(&get, "cache-control"), Some("no-cache"));
    let etag = header(&get, "etag").expect("an etag");
    let cached = server.send(&format!("GET /style.css HTTP/1.1\r\nIf-None-Match: {etag}"));
    assert_eq!((status(&cached), body(&cached)), (304, ""));
    let stale = server.send("GET /style.css HTTP/1.1\r\nIf-None-Match: \"other\"");
    assert_eq!(status(&stale), 200);
    let modified = header(&get, "last-modified").expect("a date");
    let since = server.send(&format!(
        "GET /style.css HTTP/1.1\r\nIf-Modified-Since: {modified}"
    ));
    assert_eq!(status(&since), 304);
    let long_ago = "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT";
    assert_eq!(
        status(&server.send(&format!("GET /style.css HTTP/1.1\r\n{long_ago}"))),
        200
    );
}

#[test]
fn missing_pages_get_the_site_404_page_and_other_methods_405() {
    let dir = site();
    let server = Running::site(&dir.path().join("site"));
    let reply = server.get("/no/such/page");
    assert_eq!(
        (status(&reply), body(&reply)),
        (404, "<p>site 404 page</p>")
    );
    assert_eq!(
        header(&reply, "content-type"),
        Some("text/html; charset=utf-8")
    );
    let head = server.send("HEAD /nothing HTTP/1.1");
    assert_eq!((status(&head), body(&head)), (404, ""));
    let post = server.send("POST /index.html HTTP/1.1\r\nContent-Length: 0");
    assert_eq!(status(&post), 405);
    assert_eq!(header(&post, "allow"), Some("GET, HEAD"));
}

#[test]
fn nothing_outside_the_folder_is_ever_served() {
    let dir = site();
    let server = Running::site(&dir.path().join("site"));
    let attacks = [
        "/../secret.txt",
        "/nl-NL/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/nl-NL/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%25252e%25252e/secret.txt",
        "/.%2e/secret.txt",
        "/%00/../secret.txt",
        "/out.txt",
        "/up/secret.txt",
        "/%ff",
    ];
    for attack in attacks {
        let reply = server.get(attack);
        assert!(matches!(status(&reply), 400 | 404), "{attack}: {reply}");
        assert!(!reply.contains("TOP SECRET"), "{attack} leaked the secret");
    }
    let inside = server.get("/in.css");
    assert_eq!(
        (status(&inside), body(&inside)),
        (200, "p{}"),
        "a symlink inside"
    );
}

#[test]
fn types_come_from_the_table_with_security_headers_and_downloads() {
    let dir = site();
    let server = Running::site(&dir.path().join("site"));
    for (target, mime, download) in [
        ("/", "text/html; charset=utf-8", None),
        ("/style.css", "text/css; charset=utf-8", None),
        ("/media/x.svg", "image/svg+xml", None),
        ("/guide.pdf", "application/pdf", Some("attachment")),
    ] {
        let reply = server.get(target);
        assert_eq!(status(&reply), 200, "{target}");
        assert_eq!(header(&reply, "content-type"), Some(mime), "{target}");
        assert_eq!(header(&reply, "content-disposition"), download, "{target}");
        assert_eq!(header(&reply, "x-content-type-options"), Some("nosniff"));
        assert_eq!(header(&reply, "referrer-policy"), Some("no-referrer"));
        assert_eq!(
            header(&reply, "content-security-policy"),
            Some(CONTENT_SECURITY_POLICY)
        );
    }
}

#[test]
fn only_its_own_host_names_are_answered() {
    let dir = site();
    let server = Running::site(&dir.path().join("site"));
    let port = server.address.port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let reply = server.send(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(status(&reply), 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let reply = server.send(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(status(&reply), 421, "{host}");
        assert!(!reply.contains("home"), "{host}");
        assert!(header(&reply, "content-security-policy").is_some());
    }
}

fn echo() -> Router {
    let echo = |body: Bytes| async move { format!("{} bytes", body.len()) };
    Router::new().route("/echo", axum::routing::post(echo))
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let options = ServeOptions {
        max_body: 100,
        ..ServeOptions::default()
    };
    let server = Running::start(echo(), options);
    let small = server.send_body("POST /echo HTTP/1.1\r\nContent-Length: 5", "hello");
    assert_eq!((status(&small), body(&small)), (200, "5 bytes"));
    let big = "x".repeat(1000);
    let reply = server.send_body("POST /echo HTTP/1.1\r\nContent-Length: 1000", &big);
    assert_eq!(status(&reply), 413);
    let huge = format!("GET /echo HTTP/1.1\r\nX-Big: {}", "y".repeat(100_000));
    assert_eq!(status(&server.send(&huge)), 431, "a head over the buffer");
}

#[test]
fn slow_and_idle_connections_time_out_and_never_exhaust_the_server() {
    let options = ServeOptions {
        max_connections: 4,
        header_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        ..ServeOptions::default()
    };
    let server = Running::start(echo(), options);
    // Six times more slow clients than connections: half send nothing, half a request line.
    let mut slow: Vec<TcpStream> = (0..24)
        .filter_map(|_| TcpStream::connect(server.address).ok())
        .collect();
    for stream in slow.iter_mut().skip(1).step_by(2) {
        let _ = stream.write_all(b"GET /ec");
    }
    let started = Instant::now();
    let reply = server.send_body("POST /echo HTTP/1.1\r\nContent-Length: 2", "ok");
    assert_eq!((status(&reply), body(&reply)), (200, "2 bytes"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(8), "served in time");
    // The first slow client (silent) was cut off by the header deadline.
    let mut first = slow.swap_remove(0);
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut rest = Vec::new();
    assert!(
        first.read_to_end(&mut rest).is_ok(),
        "closed, not left hanging"
    );
    // A body that never finishes is cut off too.
    let mut stalled = TcpStream::connect(server.address).expect("connect");
    let head = format!(
        "POST /echo HTTP/1.1\r\nHost: {}\r\nContent-Length: 10\r\n\r\nab",
        server.address
    );
    stalled.write_all(head.as_bytes()).expect("send");
    stalled
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut reply = Vec::new();
    let _ = stalled.read_to_end(&mut reply);
    assert_ne!(status(&String::from_utf8_lossy(&reply)), 200);
}

#[test]
fn idle_keep_alive_connections_are_closed_at_the_header_deadline() {
    let options = ServeOptions {
        header_timeout: Duration::from_millis(300),
        ..ServeOptions::default()
    };
    let server = Running::start(echo(), options);
    let mut stream = TcpStream::connect(server.address).expect("connect");
    let request = format!(
        "POST /echo HTTP/1.1\r\nHost: {}\r\nContent-Length: 2\r\n\r\nok",
        server.address
    );
    stream.write_all(request.as_bytes()).expect("send");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut reply = Vec::new();
    // Without the deadline this read would wait for the 5 s timeout and fail.
    let closed = stream.read_to_end(&mut reply);
    assert!(closed.is_ok(), "the server closed the idle connection");
    assert_eq!(status(&String::from_utf8_lossy(&reply)), 200);
}
