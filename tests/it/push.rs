//! `conflict-kg push`: against a real Oxigraph server started on loopback
//! (the `oxigraph` package from PyPI ships it; `.ci/run` installs it into
//! `$HOME/.cache/conflict-kg/oxigraph-server`, or set `OXIGRAPH_SERVER`), and
//! against a tiny fake server in this file for what a real one will not do:
//! answer with HTML, fail once with 503, check credentials.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

use crate::{root, run, stderr, stdout};

/// The Oxigraph server binary, when installed.
fn server_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OXIGRAPH_SERVER") {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME")?;
    let p = PathBuf::from(home).join(".cache/conflict-kg/oxigraph-server/bin/oxigraph");
    p.exists().then_some(p)
}

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Option<Server> {
        let Some(binary) = server_binary() else {
            // CI installs the server (.ci/run); a developer without it still runs the fake-server tests.
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have the Oxigraph server (pip install oxigraph, or set OXIGRAPH_SERVER)"
            );
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(binary)
            .args(["serve", "--location"])
            .arg(dir.path())
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the Oxigraph server starts");
        let server = Server {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the Oxigraph server did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(server)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    /// The triples of `graph` on the server, read back over the protocol.
    fn graph(&self, graph: &str) -> Vec<Quad> {
        let url = format!("{}?graph={}", self.url("store"), conflict_kg::push::encode(graph));
        let mut body = Vec::new();
        ureq::get(&url)
            .set("Accept", "application/n-triples")
            .call()
            .unwrap()
            .into_reader()
            .read_to_end(&mut body)
            .unwrap();
        parse_in(&body, graph)
    }
}

fn parse_in(nt: &[u8], graph: &str) -> Vec<Quad> {
    let g = NamedNode::new(graph).unwrap();
    RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(nt)
        .map(|q| q.unwrap().subject_predicate_object_in(&g))
        .collect()
}

trait InGraph {
    fn subject_predicate_object_in(self, g: &NamedNode) -> Quad;
}

impl InGraph for Quad {
    fn subject_predicate_object_in(self, g: &NamedNode) -> Quad {
        Quad::new(
            self.subject,
            self.predicate,
            self.object,
            GraphName::NamedNode(g.clone()),
        )
    }
}

fn canonical(quads: Vec<Quad>) -> String {
    conflict_kg::export::canonical::canonical_nquads(quads)
}

#[test]
fn the_curated_graphs_round_trip_through_an_oxigraph_server_and_a_second_push_changes_nothing() {
    let Some(server) = Server::start() else { return };
    let store = server.url("store");
    let query = server.url("query");
    let args = ["push", "--endpoint", &store, "--sparql", &query, "--chunk", "500"];
    let first = run(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(
        text.contains("pushed <https://w3id.org/conflict-kg/graph/facts>"),
        "{text}"
    );
    assert!(
        text.contains("pushed <https://w3id.org/conflict-kg/graph/ontology>"),
        "{text}"
    );
    assert!(text.contains("requests; the server holds"), "{text}");
    let facts = server.graph("https://w3id.org/conflict-kg/graph/facts");
    let second = run(&args);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(stdout(&second), text, "a second push reports the same counts");
    assert!(canonical(server.graph("https://w3id.org/conflict-kg/graph/facts")) == canonical(facts));
}

#[test]
fn an_imported_file_arrives_whole_with_its_non_ascii_literals_and_the_same_rdfc_hash() {
    let Some(server) = Server::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let nt = dir.path().join("acled.nt");
    let o = run(&[
        "import",
        "acled",
        "tests/fixtures/acled/sample.csv",
        "-o",
        nt.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let graph = "https://w3id.org/conflict-kg/graph/acled";
    let store = server.url("store");
    // Read back instead of COUNT: no --sparql.
    let o = run(&[
        "push",
        "--endpoint",
        &store,
        "--graph",
        graph,
        "--chunk",
        "100",
        nt.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!(
            "pushed <{graph}>: 496 triples in 5 requests; the server holds 496 ✓"
        )),
        "{}",
        stdout(&o)
    );
    let back = server.graph(graph);
    assert!(back.iter().any(|q| q.object.to_string() == "\"Ñandú Crossing\""));
    let local = parse_in(&std::fs::read(&nt).unwrap(), graph);
    let (back, local) = (canonical(back), canonical(local));
    let differ: Vec<_> = back
        .lines()
        .zip(local.lines())
        .filter(|(a, b)| a != b)
        .take(3)
        .collect();
    assert!(back == local, "RDFC-1.0 canonical forms differ, e.g. {differ:?}");
}

/// What the fake server saw.
#[derive(Default)]
struct Seen {
    requests: Vec<String>,
    authorization: Vec<String>,
    body: Vec<u8>,
}

/// The fake server's answer to the n-th request: (status, content type, body).
type Answer = fn(usize, &str, &Seen) -> (u16, &'static str, Vec<u8>);

/// A one-thread HTTP server on loopback answering by `answer`; it stops
/// after `limit` requests.
fn fake(limit: usize, answer: Answer) -> (u16, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let shared = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().take(limit).enumerate() {
            let mut stream = stream.unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let request = line.trim().to_owned();
            let mut length = 0;
            let mut auth = String::new();
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h.trim().is_empty() {
                    break;
                }
                let lower = h.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if lower.starts_with("authorization:") {
                    h["authorization:".len()..].trim().clone_into(&mut auth);
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let (status, content_type, answer_body) = {
                let mut s = shared.lock().unwrap();
                s.requests.push(request.clone());
                s.authorization.push(auth);
                if request.starts_with("PUT") {
                    s.body = body;
                } else if request.starts_with("POST") {
                    s.body.extend_from_slice(&body);
                }
                answer(n, &request, &s)
            };
            write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                answer_body.len()
            )
            .unwrap();
            stream.write_all(&answer_body).unwrap();
        }
    });
    (port, seen)
}

#[test]
fn an_html_answer_is_an_error_never_a_success() {
    let (port, _) = fake(1, |_, _, _| {
        (
            200,
            "text/html; charset=utf-8",
            b"<html><body>Loaded? No.</body></html>".to_vec(),
        )
    });
    let o = run(&[
        "push",
        "--endpoint",
        &format!("http://127.0.0.1:{port}/sparql-graph-crud"),
        "--graph",
        "https://example.org/g",
        "tests/golden/conflict-kg.ttl",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("with an HTML page instead of a status or RDF"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("Loaded? No."), "{}", stderr(&o));
}

#[test]
fn a_503_is_retried_credentials_are_sent_and_the_count_is_read_back() {
    // 1: PUT → 503, 2: PUT → 204, 3: GET → the body received.
    let (port, seen) = fake(3, |n, request, seen| match n {
        0 => (503, "text/plain", b"busy".to_vec()),
        _ if request.starts_with("GET") => (200, "application/n-triples", seen.body.clone()),
        _ => (204, "text/plain", Vec::new()),
    });
    let dir = tempfile::tempdir().unwrap();
    let nt = dir.path().join("small.nt");
    std::fs::write(
        &nt,
        "<https://e.org/s> <https://e.org/p> \"é\" .\n<https://e.org/s> <https://e.org/p> \"b\" .\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
        .args([
            "push",
            "--auth",
            "bearer",
            "--graph",
            "https://e.org/g",
            "--graph-param",
            "both",
            "--endpoint",
        ])
        .arg(format!("http://127.0.0.1:{port}/store"))
        .arg(&nt)
        .env("CONFLICT_KG_TOKEN", "s3cret")
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 triples in 1 request (1 retried); the server holds 2 ✓"),
        "{}",
        stdout(&o)
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.requests.len(), 3, "{:?}", seen.requests);
    assert!(
        seen.requests[1]
            .starts_with("PUT /store?graph=https%3A%2F%2Fe.org%2Fg&graph-uri=https%3A%2F%2Fe.org%2Fg "),
        "{:?}",
        seen.requests
    );
    assert!(
        seen.authorization.iter().all(|a| a == "Bearer s3cret"),
        "{:?}",
        seen.authorization
    );
}

#[test]
fn missing_credentials_and_bad_urls_are_refused_before_any_request() {
    let o = run(&[
        "push",
        "--endpoint",
        "http://127.0.0.1:9/store",
        "--auth",
        "basic",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--auth basic needs --user NAME"),
        "{}",
        stderr(&o)
    );
    let o = run(&["push", "--endpoint", "ftp://127.0.0.1/store"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not an http:// or https:// URL"),
        "{}",
        stderr(&o)
    );
}

/// Virtuoso (Debian's `virtuoso-opensource-7-bin`, installed by `.ci/run`)
/// started on loopback ports in a temporary directory, its SPARQL user
/// allowed to update through `/sparql-graph-crud`.
struct Virtuoso {
    child: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Virtuoso {
    fn start() -> Option<Virtuoso> {
        let binary =
            std::env::var_os("VIRTUOSO").map_or_else(|| PathBuf::from("/usr/bin/virtuoso-t"), PathBuf::from);
        let isql = binary.with_file_name("isql-vt");
        if !binary.exists() || !isql.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have Virtuoso (apt-get install virtuoso-opensource-7-bin)"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let (sql, http) = (free_port(), free_port());
        let d = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/v.db\nErrorLogFile = {d}/v.log\nTransactionFile = {d}/v.trx\n\
             xa_persistent_file = {d}/v.pxa\n[TempDatabase]\nDatabaseFile = {d}/t.db\nTransactionFile = {d}/t.trx\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql}\nNumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\n\
             DirsAllowed = ., {d}\n[HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerRoot = {d}\nServerThreads = 4\n"
        );
        std::fs::write(dir.path().join("virtuoso.ini"), ini).unwrap();
        let child = Command::new(binary)
            .args(["+foreground", "+configfile"])
            .arg(dir.path().join("virtuoso.ini"))
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Virtuoso starts");
        let server = Virtuoso {
            child,
            http,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let granted = Command::new(&isql)
                .arg(format!("127.0.0.1:{sql}"))
                .args(["dba", "dba"])
                .arg("exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if granted && TcpStream::connect(("127.0.0.1", http)).is_ok() {
                break;
            }
            assert!(Instant::now() < deadline, "Virtuoso did not come up");
            std::thread::sleep(Duration::from_millis(250));
        }
        Some(server)
    }
}

#[test]
fn an_imported_file_round_trips_through_virtuoso_with_graph_uri() {
    let Some(v) = Virtuoso::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let nt = dir.path().join("ucdp.nt");
    let o = run(&[
        "import",
        "ucdp",
        "tests/fixtures/ucdp/sample.csv",
        "-o",
        nt.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let graph = "https://w3id.org/conflict-kg/graph/ucdp";
    let store = format!("http://127.0.0.1:{}/sparql-graph-crud", v.http);
    let sparql = format!("http://127.0.0.1:{}/sparql", v.http);
    let args = [
        "push",
        "--endpoint",
        &store,
        "--sparql",
        &sparql,
        "--graph-param",
        "graph-uri",
        "--graph",
        graph,
        "--chunk",
        "200",
        nt.to_str().unwrap(),
    ];
    let first = run(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stdout(&first).contains(&format!(
            "pushed <{graph}>: 791 triples in 4 requests; the server holds 791 ✓"
        )),
        "{}",
        stdout(&first)
    );
    let second = run(&args);
    assert_eq!(stdout(&second), stdout(&first), "a second push changes nothing");
    // Read back over the protocol: the same graph, non-ASCII literals included.
    let url = format!("{store}?graph-uri={}", conflict_kg::push::encode(graph));
    let mut body = Vec::new();
    ureq::get(&url)
        .set("Accept", "application/n-triples")
        .call()
        .unwrap()
        .into_reader()
        .read_to_end(&mut body)
        .unwrap();
    let back = parse_in(&body, graph);
    assert!(back.iter().any(|q| q.object.to_string() == "\"Ñandú Crossing\""));
    let local = parse_in(&std::fs::read(&nt).unwrap(), graph);
    // Virtuoso turns every geosparql:wktLiteral into its own virtrdf:Geometry
    // with single-precision coordinates (POINT(-0.0447 16.2717) comes back as
    // POINT(-0.044700000435114 16.271699905396)): the geometries are compared
    // by count, everything else byte for byte in canonical form.
    let wkt = |q: &Quad| q.predicate.as_str() == "http://www.opengis.net/ont/geosparql#asWKT";
    assert_eq!(
        back.iter().filter(|q| wkt(q)).count(),
        local.iter().filter(|q| wkt(q)).count()
    );
    assert!(
        back.iter()
            .filter(|q| wkt(q))
            .all(|q| q.object.to_string().contains("virtrdf#Geometry"))
    );
    let (back, local) = (
        canonical(back.into_iter().filter(|q| !wkt(q)).collect()),
        canonical(local.into_iter().filter(|q| !wkt(q)).collect()),
    );
    let differ: Vec<_> = back
        .lines()
        .zip(local.lines())
        .filter(|(a, b)| a != b)
        .take(3)
        .collect();
    assert!(back == local, "RDFC-1.0 canonical forms differ, e.g. {differ:?}");
}
