//! A minimal HTTP/1.1 server for `tolk serve` and the browser tests: one thread per connection,
//! one request per connection (`Connection: close`). It replaced tiny_http 0.12, whose worker
//! pool sometimes left a new connection queued with no thread to serve it when Chromium opened
//! several at once (seen with gdb: the page load hung); a thread per connection cannot starve.
//! Local previews and tests only: no TLS, no keep-alive, bodies up to [`MAX_BODY`].

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A request as the handlers see it.
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response: status, headers and body.
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn from_data(body: Vec<u8>) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            body,
        }
    }

    pub fn with_status_code(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// Accepts connections on `listener` until `stop` is set; `handle` answers each request.
pub fn serve(
    listener: TcpListener,
    stop: Arc<AtomicBool>,
    handle: Arc<dyn Fn(Request) -> Response + Send + Sync>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let _ = listener.set_nonblocking(true);
        while !stop.load(Ordering::Relaxed) {
            match listener.accept() {
                Ok((stream, _)) => {
                    let handle = handle.clone();
                    std::thread::spawn(move || answer(stream, &*handle));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    })
}

fn answer(mut stream: TcpStream, handle: &(dyn Fn(Request) -> Response + Send + Sync)) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let head_only = request.method == "HEAD";
    let response = handle(request);
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
}

/// Request bodies larger than this are cut (a ticket is a few kilobytes).
pub const MAX_BODY: usize = 1 << 20;

/// Reads one request: head up to the blank line, then `Content-Length` bytes of body (at most
/// [`MAX_BODY`]). `None` for anything malformed or a closed connection.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, url) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let length = length.min(MAX_BODY);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Request {
        method,
        url,
        headers,
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_one_request_per_connection_with_its_body() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let server = serve(
            listener,
            stop.clone(),
            Arc::new(|r: Request| {
                let text = format!(
                    "{} {} {}",
                    r.method,
                    r.url,
                    String::from_utf8_lossy(&r.body)
                );
                Response::from_data(text.into_bytes())
                    .with_status_code(201)
                    .with_header("X-Test", "yes")
            }),
        );
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .write_all(b"POST /api?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 201 Created\r\n"), "{reply}");
        assert!(reply.contains("Connection: close\r\n") && reply.contains("X-Test: yes\r\n"));
        assert!(reply.ends_with("\r\n\r\nPOST /api?x=1 hello"), "{reply}");
        stop.store(true, Ordering::Relaxed);
        server.join().unwrap();
    }
}
