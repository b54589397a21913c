//! Sending graphs to a store over the SPARQL 1.1 Graph Store HTTP Protocol.
//!
//! The portable subset, which Fuseki, GraphDB, Virtuoso, Oxigraph's server
//! and Neptune all accept: N-Triples bodies, one named graph per request,
//! the graph named in the query string (`graph=`, or Virtuoso's
//! `graph-uri=`, or both). Each graph is sent in chunks: the first replaces
//! the graph (`PUT`), the next ones add to it (`POST`), so pushing twice
//! leaves the same graph. Transport failures, `429` and `5xx` answers are
//! retried with a growing pause; any other error status stops the push. An
//! HTML page where a status or RDF was expected is an error, never a
//! success (Virtuoso answers some requests with `200` and a page while
//! loading nothing). At the end each graph is counted on the server — by a
//! SPARQL `COUNT` when a query endpoint is given, else by reading the graph
//! back — and a count that differs from what was sent is an error.

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, TripleRef};

use crate::import::sink::write_triple;

/// How to authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    None,
    /// HTTP Basic.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

/// How the graph is named in the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphParam {
    /// `?graph=<iri>` (the W3C recommendation).
    Graph,
    /// `?graph-uri=<iri>` (Virtuoso's spelling).
    GraphUri,
    /// Both, for servers that read one and ignore the other.
    Both,
}

/// Where and how to push.
#[derive(Debug, Clone)]
pub struct Target {
    /// The Graph Store Protocol endpoint, e.g. `http://127.0.0.1:7878/store`.
    pub store: String,
    /// A SPARQL query endpoint for the verifying `COUNT`, e.g. `http://127.0.0.1:7878/query`.
    pub query: Option<String>,
    /// Credentials.
    pub auth: Auth,
    /// How to name the graph.
    pub param: GraphParam,
    /// Triples per request.
    pub chunk: usize,
    /// Attempts after the first for a failed request.
    pub retries: u32,
    /// Timeout of one request.
    pub timeout: Duration,
}

/// What happened to one graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphReport {
    /// The graph.
    pub graph: NamedNode,
    /// Triples sent.
    pub triples: u64,
    /// Requests that succeeded.
    pub requests: u32,
    /// Requests retried.
    pub retries: u32,
    /// Triples the server holds in the graph afterwards.
    pub counted: u64,
}

/// Why a push failed.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The server refused a request.
    #[error("{method} {url} answered {status}: {body}")]
    Status {
        /// The HTTP method.
        method: &'static str,
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the answer.
        body: String,
    },
    /// An HTML page came back where a status or RDF was expected.
    #[error(
        "{method} {url} answered {status} with an HTML page instead of a status or RDF: the server did not take the data as the Graph Store Protocol says (is this the store endpoint? Virtuoso wants …/sparql-graph-crud-auth, Fuseki …/DATASET/data); the page begins: {body}"
    )]
    Html {
        /// The HTTP method.
        method: &'static str,
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the page.
        body: String,
    },
    /// The server could not be reached, even after retries.
    #[error("{method} {url} failed after {attempts} attempts: {message}")]
    Transport {
        /// The HTTP method.
        method: &'static str,
        /// The URL.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last error.
        message: String,
    },
    /// The server's answer could not be understood.
    #[error("cannot read the answer of {url}: {message}")]
    Answer {
        /// The URL.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// The server holds another number of triples than were sent.
    #[error(
        "graph <{graph}> holds {counted} triples on the server after the push, but {sent} were sent (duplicates in the input count once on the server)"
    )]
    Count {
        /// The graph.
        graph: String,
        /// Triples sent.
        sent: u64,
        /// Triples counted on the server.
        counted: u64,
    },
}

/// One graph being pushed.
#[derive(Debug, Default)]
struct Pending {
    body: Vec<u8>,
    in_body: usize,
    sent: u64,
    requests: u32,
    retries: u32,
}

/// Pushes graphs triple by triple, in chunks.
pub struct Pusher {
    target: Target,
    agent: ureq::Agent,
    graphs: BTreeMap<NamedNode, Pending>,
}

impl Pusher {
    /// A pusher to `target`.
    pub fn new(target: Target) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout(target.timeout)
            .user_agent(concat!("conflict-kg/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            target,
            agent,
            graphs: BTreeMap::new(),
        }
    }

    /// Adds a triple of `graph`; sends a chunk when one is full.
    pub fn add(&mut self, graph: &NamedNode, t: TripleRef<'_>) -> Result<(), PushError> {
        if !self.graphs.contains_key(graph) {
            self.graphs.insert(graph.clone(), Pending::default());
        }
        let chunk = self.target.chunk.max(1);
        let full = self.graphs.get_mut(graph).is_some_and(|p| {
            write_triple(&mut p.body, t);
            p.in_body += 1;
            p.in_body >= chunk
        });
        if full {
            self.flush(graph)?;
        }
        Ok(())
    }

    /// Declares `graph` even if it gets no triple (it is then emptied on the server).
    pub fn graph(&mut self, graph: &NamedNode) {
        self.graphs.entry(graph.clone()).or_default();
    }

    fn flush(&mut self, graph: &NamedNode) -> Result<(), PushError> {
        let Some(p) = self.graphs.get_mut(graph) else {
            return Ok(());
        };
        let body = std::mem::take(&mut p.body);
        // The first request replaces the graph, the next ones add to it.
        let method = if p.requests == 0 { "PUT" } else { "POST" };
        let n = p.in_body;
        p.in_body = 0;
        let url = self.graph_url(graph);
        let retries = send(&self.agent, &self.target, method, &url, &body)?;
        if let Some(p) = self.graphs.get_mut(graph) {
            p.sent += n as u64;
            p.requests += 1;
            p.retries += retries;
        }
        Ok(())
    }

    /// Sends what is left, then counts every graph on the server.
    pub fn finish(mut self) -> Result<Vec<GraphReport>, PushError> {
        let graphs: Vec<NamedNode> = self.graphs.keys().cloned().collect();
        for g in &graphs {
            let needs_request = self
                .graphs
                .get(g)
                .is_some_and(|p| p.in_body > 0 || p.requests == 0);
            if needs_request {
                self.flush(g)?;
            }
        }
        let mut reports = Vec::new();
        for (graph, p) in &self.graphs {
            let counted = match &self.target.query {
                Some(q) => count_by_query(&self.agent, &self.target, q, graph)?,
                None => count_by_reading(&self.agent, &self.target, &self.graph_url(graph))?,
            };
            if counted != p.sent {
                return Err(PushError::Count {
                    graph: graph.as_str().to_owned(),
                    sent: p.sent,
                    counted,
                });
            }
            reports.push(GraphReport {
                graph: graph.clone(),
                triples: p.sent,
                requests: p.requests,
                retries: p.retries,
                counted,
            });
        }
        Ok(reports)
    }

    /// The store URL naming `graph`.
    fn graph_url(&self, graph: &NamedNode) -> String {
        let iri = encode(graph.as_str());
        let sep = if self.target.store.contains('?') { '&' } else { '?' };
        match self.target.param {
            GraphParam::Graph => format!("{}{sep}graph={iri}", self.target.store),
            GraphParam::GraphUri => format!("{}{sep}graph-uri={iri}", self.target.store),
            GraphParam::Both => format!("{}{sep}graph={iri}&graph-uri={iri}", self.target.store),
        }
    }
}

/// Sends one request, retrying transport failures, `429` and `5xx`;
/// returns how many retries it took.
fn send(
    agent: &ureq::Agent,
    target: &Target,
    method: &'static str,
    url: &str,
    body: &[u8],
) -> Result<u32, PushError> {
    let mut attempt = 0;
    loop {
        let request = authorize(agent.request(method, url), &target.auth)
            .set("Content-Type", "application/n-triples; charset=utf-8");
        let last = attempt >= target.retries;
        match request.send_bytes(body) {
            Ok(response) => {
                // Virtuoso labels even its empty `201 Created` as text/html:
                // only an HTML page with content is a refusal in disguise.
                let status = response.status();
                if is_html(&response) {
                    let body = excerpt(response);
                    if !body.is_empty() {
                        return Err(PushError::Html {
                            method,
                            url: url.to_owned(),
                            status,
                            body,
                        });
                    }
                }
                return Ok(attempt);
            }
            Err(ureq::Error::Status(status, response)) if !last && (status == 429 || status >= 500) => {
                drop(response);
            }
            Err(ureq::Error::Status(status, response)) => {
                let html = is_html(&response);
                let body = excerpt(response);
                return Err(if html {
                    PushError::Html {
                        method,
                        url: url.to_owned(),
                        status,
                        body,
                    }
                } else {
                    PushError::Status {
                        method,
                        url: url.to_owned(),
                        status,
                        body,
                    }
                });
            }
            Err(ureq::Error::Transport(t)) => {
                if last {
                    return Err(PushError::Transport {
                        method,
                        url: url.to_owned(),
                        attempts: attempt + 1,
                        message: t.to_string(),
                    });
                }
            }
        }
        std::thread::sleep(Duration::from_millis(250 << attempt.min(6)));
        attempt += 1;
    }
}

fn authorize(request: ureq::Request, auth: &Auth) -> ureq::Request {
    match auth {
        Auth::None => request,
        Auth::Basic { user, password } => request.set(
            "Authorization",
            &format!("Basic {}", base64(format!("{user}:{password}").as_bytes())),
        ),
        Auth::Bearer(token) => request.set("Authorization", &format!("Bearer {token}")),
    }
}

fn is_html(response: &ureq::Response) -> bool {
    let ct = response.content_type().to_ascii_lowercase();
    ct == "text/html" || ct == "application/xhtml+xml"
}

/// The first 200 characters of an answer, on one line.
fn excerpt(response: ureq::Response) -> String {
    let mut text = String::new();
    let _ = response.into_reader().take(4096).read_to_string(&mut text);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(200).collect()
}

/// Counts `graph` with `SELECT (COUNT(*) AS ?n)` on the query endpoint.
fn count_by_query(
    agent: &ureq::Agent,
    target: &Target,
    query: &str,
    graph: &NamedNode,
) -> Result<u64, PushError> {
    let sparql = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}> {{ ?s ?p ?o }} }}",
        graph.as_str()
    );
    let url = format!(
        "{query}{}query={}",
        if query.contains('?') { '&' } else { '?' },
        encode(&sparql)
    );
    let response = get(agent, target, &url, "application/sparql-results+json")?;
    let answer_error = |message: String| PushError::Answer {
        url: url.clone(),
        message,
    };
    let json: serde_json::Value =
        serde_json::from_reader(response.into_reader()).map_err(|e| answer_error(e.to_string()))?;
    json.pointer("/results/bindings/0/n/value")
        .and_then(serde_json::Value::as_str)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| answer_error(format!("no count in {json}")))
}

/// Counts `graph` by reading it back as N-Triples.
fn count_by_reading(agent: &ureq::Agent, target: &Target, url: &str) -> Result<u64, PushError> {
    let response = get(agent, target, url, "application/n-triples")?;
    let mut n = 0;
    for triple in RdfParser::from_format(RdfFormat::NTriples).for_reader(response.into_reader()) {
        triple.map_err(|e| PushError::Answer {
            url: url.to_owned(),
            message: e.to_string(),
        })?;
        n += 1;
    }
    Ok(n)
}

/// A GET with retries; an HTML answer is an error.
fn get(agent: &ureq::Agent, target: &Target, url: &str, accept: &str) -> Result<ureq::Response, PushError> {
    let mut attempt = 0;
    loop {
        let last = attempt >= target.retries;
        match authorize(agent.get(url), &target.auth)
            .set("Accept", accept)
            .call()
        {
            Ok(response) if is_html(&response) => {
                return Err(PushError::Html {
                    method: "GET",
                    url: url.to_owned(),
                    status: response.status(),
                    body: excerpt(response),
                });
            }
            Ok(response) => return Ok(response),
            Err(ureq::Error::Status(status, _)) if !last && (status == 429 || status >= 500) => {}
            Err(ureq::Error::Status(status, response)) => {
                return Err(PushError::Status {
                    method: "GET",
                    url: url.to_owned(),
                    status,
                    body: excerpt(response),
                });
            }
            Err(ureq::Error::Transport(t)) if last => {
                return Err(PushError::Transport {
                    method: "GET",
                    url: url.to_owned(),
                    attempts: attempt + 1,
                    message: t.to_string(),
                });
            }
            Err(ureq::Error::Transport(_)) => {}
        }
        std::thread::sleep(Duration::from_millis(250 << attempt.min(6)));
        attempt += 1;
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Standard base64 with padding (for HTTP Basic credentials).
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
            ("user:pässword", "dXNlcjpww6Rzc3dvcmQ="),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn graph_iris_are_percent_encoded_in_the_query_string() {
        assert_eq!(
            encode("https://w3id.org/conflict-kg/graph/acled"),
            "https%3A%2F%2Fw3id.org%2Fconflict-kg%2Fgraph%2Facled"
        );
        assert_eq!(encode("é"), "%C3%A9");
    }
}
