//! HTTP/1.1 connections: accepting them, reading each request under one
//! deadline, writing the response under another.
//!
//! oxhttp's server (0.3) only sets a timeout per `read` call, so a client
//! that sends its headers one byte every few seconds holds a thread for as
//! long as it likes; and once its connection limit is reached its accept
//! loop waits for a free slot, so a few idle connections starve everyone.
//! Here a client has [`Limits::client_timeout`] to send each whole request —
//! head and body, counted from the connection or the previous response — and
//! as long again to take the response; past
//! [`Limits::max_connections`], a new connection is answered 503 at once
//! instead of waiting. The request and response types stay oxhttp's
//! (the `http` crate's), and `httparse` (which oxhttp uses too) reads heads.

use std::fmt::Write as _;
use std::io::{self, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use oxhttp::model::header::{CONNECTION, CONTENT_LENGTH, EXPECT, TRANSFER_ENCODING};
use oxhttp::model::{Body, Method, Request, Response, StatusCode, Version};

/// The bounds every connection lives within.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time a client has to send a whole request, and to take a response.
    pub client_timeout: Duration,
    /// Connections served at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Largest request body accepted (413 beyond).
    pub max_body: usize,
}

/// Largest request head (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// Most headers in a request.
const MAX_HEADERS: usize = 64;

/// A request handler.
pub type Handler = dyn Fn(&mut Request<Body>) -> Response<Body> + Send + Sync;

/// Serves `listener` on a thread of its own, one thread per connection.
pub fn spawn(listener: TcpListener, limits: Limits, handler: Arc<Handler>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("conflict-kg accept".into())
        .spawn(move || accept(&listener, limits, &handler))
}

/// Decrements the count of open connections when a connection ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept(listener: &TcpListener, limits: Limits, handler: &Arc<Handler>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: let connections end before accepting more.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.max_connections {
            drop(Slot(Arc::clone(&open)));
            busy(stream);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let handler = Arc::clone(handler);
        // A failed spawn drops the closure, its slot and its stream: the client sees a closed connection.
        let _ = std::thread::Builder::new()
            .name("conflict-kg connection".into())
            .spawn(move || {
                let _slot = slot;
                let _ = Connection::new(stream, limits).serve(&*handler);
            });
    }
}

/// Answers a connection over the limit without reading it.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let body = "the server is busy: too many connections; retry shortly\n";
    let _ = write!(
        stream,
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nretry-after: 1\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Why a request could not be read.
enum Failure {
    /// The client went away, or sent nothing before the deadline: close quietly.
    Gone,
    /// Answer with this status and message, then close.
    Answer(StatusCode, String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Failure::Answer(
                StatusCode::REQUEST_TIMEOUT,
                "the request took too long to arrive".into(),
            ),
            _ => Failure::Gone,
        }
    }
}

fn answer(status: StatusCode, message: impl Into<String>) -> Failure {
    Failure::Answer(status, message.into())
}

struct Connection {
    stream: TcpStream,
    limits: Limits,
    /// Bytes read and not yet used (the start of a pipelined request).
    buffer: Vec<u8>,
}

impl Connection {
    fn new(stream: TcpStream, limits: Limits) -> Self {
        let _ = stream.set_nodelay(true);
        Self {
            stream,
            limits,
            buffer: Vec::new(),
        }
    }

    fn serve(mut self, handler: &Handler) -> io::Result<()> {
        loop {
            let deadline = Instant::now() + self.limits.client_timeout;
            let (mut request, keep_alive) = match self.read_request(deadline) {
                Ok(r) => r,
                Err(Failure::Gone) => return Ok(()),
                Err(Failure::Answer(status, message)) => {
                    let mut response = plain(status, &message);
                    return self.write_response(&mut response, false, false);
                }
            };
            let head = request.method() == Method::HEAD;
            let mut response = handler(&mut request);
            self.write_response(&mut response, head, keep_alive)?;
            if !keep_alive {
                return Ok(());
            }
        }
    }

    /// Reads more bytes into the buffer, waiting no later than `deadline`; 0 at the end of the stream.
    fn fill(&mut self, deadline: Instant) -> io::Result<usize> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut chunk = [0; 8192];
        let n = self.stream.read(&mut chunk)?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    /// Takes the first `n` buffered bytes, reading more as needed.
    fn take(&mut self, n: usize, deadline: Instant) -> Result<Vec<u8>, Failure> {
        while self.buffer.len() < n {
            if self.fill(deadline)? == 0 {
                return Err(Failure::Gone);
            }
        }
        let rest = self.buffer.split_off(n);
        Ok(std::mem::replace(&mut self.buffer, rest))
    }

    /// Takes one CRLF-terminated line (without its CRLF), of at most `max` bytes.
    fn line(&mut self, max: usize, deadline: Instant) -> Result<Vec<u8>, Failure> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|w| w == b"\r\n") {
                let mut line = self.take(end + 2, deadline)?;
                line.truncate(end);
                return Ok(line);
            }
            if self.buffer.len() > max {
                return Err(answer(StatusCode::BAD_REQUEST, "a chunk header line is too long"));
            }
            if self.fill(deadline)? == 0 {
                return Err(Failure::Gone);
            }
        }
    }

    /// Reads one request whole; also says whether the connection may stay open after it.
    fn read_request(&mut self, deadline: Instant) -> Result<(Request<Body>, bool), Failure> {
        let head_len = loop {
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            if self.buffer.len() > MAX_HEAD {
                return Err(answer(
                    StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                    format!("the request head is larger than {MAX_HEAD} bytes"),
                ));
            }
            match self.fill(deadline) {
                Ok(0) => return Err(Failure::Gone),
                Ok(_) => {}
                // An idle connection that sent nothing is closed without a word.
                Err(_) if self.buffer.is_empty() => return Err(Failure::Gone),
                Err(e) => return Err(e.into()),
            }
        };
        let head = self.take(head_len, deadline)?;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {}
            Ok(httparse::Status::Partial) => {
                return Err(answer(StatusCode::BAD_REQUEST, "incomplete request head"));
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Err(answer(
                    StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                    format!("more than {MAX_HEADERS} headers"),
                ));
            }
            Err(e) => {
                return Err(answer(
                    StatusCode::BAD_REQUEST,
                    format!("malformed request head: {e}"),
                ));
            }
        }
        let version = if parsed.version == Some(0) {
            Version::HTTP_10
        } else {
            Version::HTTP_11
        };
        let mut builder = Request::builder()
            .method(parsed.method.unwrap_or("GET"))
            .uri(parsed.path.unwrap_or("/"))
            .version(version);
        for h in parsed.headers.iter() {
            builder = builder.header(h.name, h.value);
        }
        // The body is read below; building first checks the method, target and headers.
        let mut request = builder
            .body(Body::empty())
            .map_err(|e| answer(StatusCode::BAD_REQUEST, format!("malformed request: {e}")))?;
        let body = self.read_body(&request, deadline)?;
        *request.body_mut() = Body::from(body);
        let connection = request
            .headers()
            .get(CONNECTION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let keep_alive = if version == Version::HTTP_10 {
            connection.contains("keep-alive")
        } else {
            !connection.contains("close")
        };
        Ok((request, keep_alive))
    }

    fn read_body(&mut self, request: &Request<Body>, deadline: Instant) -> Result<Vec<u8>, Failure> {
        let max = self.limits.max_body;
        let too_large = || {
            answer(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body larger than {max} bytes"),
            )
        };
        let headers = request.headers();
        let lengths: Vec<_> = headers.get_all(CONTENT_LENGTH).iter().collect();
        let chunked = match headers.get(TRANSFER_ENCODING).map(|v| v.to_str().map(str::trim)) {
            None => false,
            Some(Ok(te)) if te.eq_ignore_ascii_case("chunked") => true,
            Some(_) => {
                return Err(answer(
                    StatusCode::NOT_IMPLEMENTED,
                    "only the chunked transfer coding is supported",
                ));
            }
        };
        if chunked && !lengths.is_empty() {
            return Err(answer(
                StatusCode::BAD_REQUEST,
                "a request cannot have both Content-Length and Transfer-Encoding",
            ));
        }
        let length = match lengths.as_slice() {
            [] => None,
            [one] => Some(
                one.to_str()
                    .ok()
                    .and_then(|l| l.trim().parse::<u64>().ok())
                    .ok_or_else(|| answer(StatusCode::BAD_REQUEST, "invalid Content-Length"))?,
            ),
            _ => return Err(answer(StatusCode::BAD_REQUEST, "more than one Content-Length")),
        };
        if length.is_some_and(|l| l > max as u64) {
            return Err(too_large());
        }
        if (chunked || length.is_some_and(|l| l > 0))
            && headers
                .get(EXPECT)
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"))
        {
            self.write_all(b"HTTP/1.1 100 Continue\r\n\r\n", deadline)?;
        }
        if let Some(length) = length {
            return self.take(usize::try_from(length).map_err(|_| too_large())?, deadline);
        }
        if !chunked {
            return Ok(Vec::new());
        }
        let mut body = Vec::new();
        loop {
            let line = self.line(1024, deadline)?;
            let size = std::str::from_utf8(&line)
                .ok()
                .and_then(|l| usize::from_str_radix(l.split(';').next().unwrap_or("").trim(), 16).ok())
                .ok_or_else(|| answer(StatusCode::BAD_REQUEST, "invalid chunk size"))?;
            if size == 0 {
                // Trailers, up to the empty line; ignored.
                while !self.line(MAX_HEAD, deadline)?.is_empty() {}
                return Ok(body);
            }
            if body.len().saturating_add(size) > max {
                return Err(too_large());
            }
            let chunk = self.take(size, deadline)?;
            body.extend_from_slice(&chunk);
            if !self.line(2, deadline)?.is_empty() {
                return Err(answer(StatusCode::BAD_REQUEST, "a chunk does not end with CRLF"));
            }
        }
    }

    /// Writes `bytes` whole by `deadline`: a client that does not read its response is dropped.
    fn write_all(&mut self, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
        while !bytes.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            self.stream.set_write_timeout(Some(left))?;
            match self.stream.write(bytes) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn write_response(
        &mut self,
        response: &mut Response<Body>,
        head: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let mut body = Vec::new();
        response.body_mut().read_to_end(&mut body)?;
        let status = response.status();
        let mut out = format!(
            "HTTP/1.1 {} {}\r\n",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )
        .into_bytes();
        for (name, value) in response.headers() {
            if name != CONTENT_LENGTH && name != TRANSFER_ENCODING && name != CONNECTION {
                out.extend_from_slice(name.as_str().as_bytes());
                out.extend_from_slice(b": ");
                out.extend_from_slice(value.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        let no_body = status.is_informational()
            || status == StatusCode::NO_CONTENT
            || status == StatusCode::NOT_MODIFIED;
        let mut extra = format!(
            "date: {}\r\nserver: conflict-kg\r\n",
            http_date(SystemTime::now())
        );
        if !no_body {
            let _ = write!(extra, "content-length: {}\r\n", body.len());
        }
        if !keep_alive {
            extra.push_str("connection: close\r\n");
        }
        extra.push_str("\r\n");
        out.extend_from_slice(extra.as_bytes());
        if !head && !no_body {
            out.extend_from_slice(&body);
        }
        let deadline = Instant::now() + self.limits.client_timeout;
        self.write_all(&out, deadline)?;
        self.stream.flush()
    }
}

fn plain(status: StatusCode, message: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        oxhttp::model::header::CONTENT_TYPE,
        oxhttp::model::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), as the `Date` header wants.
fn http_date(t: SystemTime) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)],
        MONTHS[usize::try_from(month - 1).unwrap_or(0)],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_imf_fixdates() {
        assert_eq!(http_date(SystemTime::UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(http_date(t), "Tue, 29 Feb 2000 00:00:00 GMT");
    }
}
