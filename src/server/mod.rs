//! `serve`: a SPARQL 1.1 endpoint and dereferenceable linked data over HTTP.
//!
//! HTTP stack: oxhttp, the small synchronous HTTP/1.1 server oxigraph's own
//! CLI uses, for its request and response types; connections are ours
//! ([`http`]): our store API is synchronous, so a thread per connection
//! (bounded) fits without an async runtime, and each request must arrive
//! whole within a deadline, so slow clients cannot hold threads. Routes:
//!
//! - `/sparql` — SPARQL 1.1 Protocol (GET, POST form, POST `application/sparql-query`),
//!   its service description without a query; read-only.
//! - `/data?default`, `/data?graph=IRI` — Graph Store Protocol, read side.
//! - `/id/…`, `/dataset/…`, `/graph/…`, `/ontology…` — every IRI the data
//!   mints, by content negotiation (`Vary: Accept`) or suffix (`.ttl`,
//!   `.jsonld`, `.nt`, `.rdf`, `.html`).
//! - `/`, `/timeline`, `/queries`, `/queries/NAME`, `/query` — pages for people;
//!   `/.well-known/void` and `/dump/FILE` for machines.

#![expect(
    clippy::result_large_err,
    reason = "handlers return a ready HTTP response as their error; boxing it buys nothing here"
)]

pub mod conneg;
mod html;
pub mod http;
mod pages;
mod resource;
mod sparql;
mod timeline;

use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use oxhttp::model::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::store::Store;

use crate::ontology::Ontology;
use crate::vocab;

/// Limits and addresses of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (loopback unless told otherwise).
    pub bind: SocketAddr,
    /// Per-query evaluation limit.
    pub timeout: Duration,
    /// Most solutions or triples a query returns; more are cut with a signal.
    pub max_results: usize,
    /// Largest request body accepted (413 beyond).
    pub max_body: usize,
    /// Most intermediate rows a query may hold in memory (503 beyond).
    pub max_held_rows: usize,
    /// Time a client has to send a whole request, and to take a response.
    pub client_timeout: Duration,
    /// Connections served at once; more are answered 503.
    pub max_connections: usize,
}

/// Serves `site` on `listener` from a thread of its own (see [`http`]).
///
/// Connection threads read requests and write responses; the requests
/// themselves are answered by a fixed pool of workers, one per core. So
/// however many clients send heavy queries at once, at most that many
/// queries run (and hold memory) at a time, on the same few threads — whose
/// allocator arenas are reused from one query to the next instead of one
/// arena per connection thread growing the resident memory query after query.
pub fn spawn(
    site: &Arc<Site>,
    listener: std::net::TcpListener,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let limits = http::Limits {
        client_timeout: site.config.client_timeout,
        max_connections: site.config.max_connections,
        max_body: site.config.max_body,
    };
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    for _ in 0..workers {
        let (site, queue) = (Arc::clone(site), Arc::clone(&queue));
        std::thread::Builder::new()
            .name("conflict-kg worker".into())
            .spawn(move || work(&site, &queue))?;
    }
    let jobs = Mutex::new(jobs);
    http::spawn(
        listener,
        limits,
        Arc::new(move |request: &mut Request<Body>| answer_on_pool(&jobs, request)),
    )
}

/// A request taken apart (oxhttp's body is not `Send`), and where to send its answer.
type Job = (
    oxhttp::model::request::Parts,
    Vec<u8>,
    mpsc::Sender<(oxhttp::model::response::Parts, Vec<u8>)>,
);

fn work(site: &Site, queue: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        let Ok((parts, body, reply)) = job else { return };
        let mut request = Request::from_parts(parts, Body::from(body));
        let (parts, mut body) = site.handle(&mut request).into_parts();
        let mut bytes = Vec::new();
        let _ = body.read_to_end(&mut bytes);
        let _ = reply.send((parts, bytes));
    }
}

fn answer_on_pool(jobs: &Mutex<mpsc::Sender<Job>>, request: &mut Request<Body>) -> Response<Body> {
    let mut body = Vec::new();
    if request.body_mut().read_to_end(&mut body).is_err() {
        return text(StatusCode::BAD_REQUEST, "cannot read the request body");
    }
    let mut parts = Request::new(()).into_parts().0;
    std::mem::swap(&mut parts.method, request.method_mut());
    std::mem::swap(&mut parts.uri, request.uri_mut());
    std::mem::swap(&mut parts.version, request.version_mut());
    std::mem::swap(&mut parts.headers, request.headers_mut());
    let (reply, answer) = mpsc::channel();
    let sent = jobs
        .lock()
        .is_ok_and(|jobs| jobs.send((parts, body, reply)).is_ok());
    match answer.recv() {
        Ok((parts, bytes)) if sent => Response::from_parts(parts, Body::from(bytes)),
        _ => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error while answering this request",
        ),
    }
}

/// What the server serves.
pub struct Site {
    /// The store (its default graph is the union of the named graphs for queries).
    pub store: Store,
    /// The ontology, for labels and the JSON-LD context.
    pub ontology: Ontology,
    /// The base IRI records were minted under (ends with `/`).
    pub data_base: String,
    /// The root the site is reached at, e.g. `http://127.0.0.1:7878/`.
    pub local: String,
    /// Limits.
    pub config: Config,
}

impl Site {
    /// The site-local path of `iri`, when this site serves it.
    pub fn local_path(&self, iri: &str) -> Option<String> {
        if let Some(rest) = iri.strip_prefix(&self.data_base) {
            return Some(format!("/{rest}"));
        }
        iri.strip_prefix(vocab::ONTOLOGY)
            .map(|rest| format!("/ontology{rest}"))
    }

    /// The IRI a site-local path stands for.
    fn iri_for_path(&self, path: &str) -> Option<String> {
        if let Some(rest) = path.strip_prefix("/ontology") {
            return (rest.is_empty() || rest.starts_with('/')).then(|| format!("{}{rest}", vocab::ONTOLOGY));
        }
        ["/id/", "/dataset/", "/graph/"]
            .iter()
            .any(|p| path.starts_with(p))
            .then(|| format!("{}{}", self.data_base, &path[1..]))
    }

    /// Handles one request; never panics on client input.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        // A bug anywhere below must cost one response, not the connection thread.
        let mut response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.route(request)))
            .unwrap_or_else(|_| {
                text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error while answering this request",
                )
            });
        let headers = response.headers_mut();
        // Read-only endpoint: any origin may read it, so browser SPARQL clients work.
        headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
        // Error messages quote the request as plain text: never let a browser sniff them as HTML.
        headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Response<Body> {
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        if method == Method::OPTIONS {
            return Response::builder()
                .status(StatusCode::NO_CONTENT)
                .header("access-control-allow-methods", "GET, HEAD, POST, OPTIONS")
                .header("access-control-allow-headers", "accept, content-type")
                .header("access-control-max-age", "86400")
                .body(Body::empty())
                .unwrap_or_default();
        }
        let read_only = method == Method::GET || method == Method::HEAD;
        if path == "/sparql" {
            return if read_only || method == Method::POST {
                sparql::endpoint(self, request)
            } else {
                method_not_allowed("GET, HEAD, POST, OPTIONS")
            };
        }
        if !read_only {
            return method_not_allowed("GET, HEAD, OPTIONS");
        }
        let accept = header(request, ACCEPT.as_str());
        let query = request.uri().query().unwrap_or("").to_owned();
        match path.as_str() {
            "/" => pages::landing(self),
            "/timeline" => timeline::page(self, &query),
            "/queries" => pages::catalogue(),
            "/query" => pages::query_form(self, &query),
            "/data" => resource::graph_store(self, &query, accept.as_deref()),
            "/.well-known/void" => resource::void(self, accept.as_deref()),
            p if p.starts_with("/queries/") => pages::run_shipped(self, &p["/queries/".len()..]),
            p if p.starts_with("/dump/") => resource::dump(self, &p["/dump/".len()..]),
            p => {
                let (base, format) = resource::split_suffix(p);
                match self.iri_for_path(base) {
                    Some(iri) => resource::dereference(self, &iri, format, accept.as_deref()),
                    None => not_found(p),
                }
            }
        }
    }
}

/// The value of header `name`, if it is valid text.
fn header(request: &Request<Body>, name: &str) -> Option<String> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads the request body, refusing more than `max` bytes (413).
fn read_body(request: &mut Request<Body>, max: usize) -> Result<Vec<u8>, Response<Body>> {
    let too_large = || {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("request body larger than {max} bytes"),
        )
    };
    if let Some(len) = header(request, CONTENT_LENGTH.as_str()).and_then(|l| l.parse::<u64>().ok())
        && len > max as u64
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    if let Err(e) = request.body_mut().take(limit).read_to_end(&mut body) {
        return Err(text(
            StatusCode::BAD_REQUEST,
            &format!("cannot read the request body: {e}"),
        ));
    }
    if body.len() > max {
        return Err(too_large());
    }
    Ok(body)
}

/// A plain-text response.
fn text(status: StatusCode, message: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(format!("{message}\n")))
        .unwrap_or_default()
}

/// A 200 response with a body of `content_type`.
fn ok(content_type: &str, body: impl Into<Body>) -> Response<Body> {
    Response::builder()
        .status(StatusCode::OK)
        .header(CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap_or_default()
}

fn html_response(status: StatusCode, page: String) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(page))
        .unwrap_or_default()
}

fn not_found(path: &str) -> Response<Body> {
    html_response(
        StatusCode::NOT_FOUND,
        html::page(
            "Not found",
            &format!(
                "<h1>Not found</h1><p><code>{}</code> names nothing here.</p>",
                html::esc(path)
            ),
        ),
    )
}

fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut r = text(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("method not allowed here; allowed: {allow}"),
    );
    r.headers_mut().insert("allow", HeaderValue::from_static(allow));
    r
}

fn not_acceptable(offered: &[&str]) -> Response<Body> {
    text(
        StatusCode::NOT_ACCEPTABLE,
        &format!(
            "none of the accepted media types is available; offered: {}",
            offered.join(", ")
        ),
    )
}

/// Decodes `application/x-www-form-urlencoded` text into pairs.
fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| char::from(b).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(hi), Some(lo)) => {
                        out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode() {
        assert_eq!(
            form_pairs("query=SELECT+*+%7B%3Fs+%3Fp+%3Fo%7D&default-graph-uri=http%3A%2F%2Fx&bad=%zz&%"),
            vec![
                ("query".to_owned(), "SELECT * {?s ?p ?o}".to_owned()),
                ("default-graph-uri".to_owned(), "http://x".to_owned()),
                ("bad".to_owned(), "%zz".to_owned()),
                ("%".to_owned(), String::new()),
            ]
        );
        assert_eq!(percent_decode("caf%C3%A9%2"), "café%2");
    }
}
