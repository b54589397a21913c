//! `serve`: the real binary on an ephemeral port, checked with an HTTP client.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use oxhttp::Client;
use oxhttp::model::{Body, Method, Request, Response};

use crate::root;

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Server { child, url }
}

fn request(
    method: Method,
    url: &str,
    accept: Option<&str>,
    body: Option<(&str, String)>,
) -> (u16, String, Response<Body>) {
    let mut builder = Request::builder().method(method).uri(url);
    if let Some(a) = accept {
        builder = builder.header("accept", a);
    }
    let request = match body {
        Some((content_type, text)) => builder
            .header("content-type", content_type)
            .body(Body::from(text)),
        None => builder.body(Body::empty()),
    }
    .unwrap();
    let mut response = Client::new().request(request).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(response.body_mut(), &mut text).unwrap();
    (response.status().as_u16(), text, response)
}

fn get(url: &str, accept: Option<&str>) -> (u16, String, Response<Body>) {
    request(Method::GET, url, accept, None)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }";

#[test]
fn the_sparql_protocol() {
    let s = start(&[]);
    let endpoint = format!("{}sparql", s.url);
    // GET, with content negotiation honouring q-values.
    let (status, body, r) = get(
        &format!("{endpoint}?query={}", enc(COUNT)),
        Some("application/sparql-results+json"),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"n\""), "{body}");
    assert_eq!(r.headers().get("access-control-allow-origin").unwrap(), "*");
    let (_, body, r) = get(
        &format!("{endpoint}?query={}", enc(COUNT)),
        Some("text/csv;q=0.5, application/sparql-results+xml"),
    );
    assert!(
        r.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/sparql-results+xml")
    );
    assert!(body.contains("<sparql"), "{body}");
    // POST as a form and as application/sparql-query.
    let (status, body, _) = request(
        Method::POST,
        &endpoint,
        Some("text/csv"),
        Some((
            "application/x-www-form-urlencoded",
            format!("query={}", enc(COUNT)),
        )),
    );
    assert_eq!(status, 200);
    assert!(body.starts_with("n\r\n"), "{body}");
    let (status, body, _) = request(
        Method::POST,
        &endpoint,
        Some("text/tab-separated-values"),
        Some(("application/sparql-query", COUNT.into())),
    );
    assert_eq!(status, 200);
    assert!(body.starts_with("?n\n"), "{body}");
    // default-graph-uri restricts the default graph.
    let facts = format!("{}graph/facts", s.url);
    let ontology = format!("{}graph/ontology", s.url);
    let count_in = |g: &str| {
        let (_, body, _) = get(
            &format!("{endpoint}?query={}&default-graph-uri={}", enc(COUNT), enc(g)),
            Some("text/csv"),
        );
        body.lines().nth(1).unwrap().parse::<usize>().unwrap()
    };
    let (nf, no) = (count_in(&facts), count_in(&ontology));
    assert!(nf > 1000 && no > 1000 && nf != no, "{nf} {no}");
    // named-graph-uri limits GRAPH ?g.
    let (_, body, _) = get(
        &format!(
            "{endpoint}?query={}&named-graph-uri={}",
            enc("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"),
            enc(&facts)
        ),
        Some("text/csv"),
    );
    assert_eq!(body.lines().count(), 2, "{body}");
    // CONSTRUCT: Turtle by default, JSON-LD on request.
    let construct = enc("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3");
    let (status, body, _) = get(&format!("{endpoint}?query={construct}"), None);
    assert_eq!(status, 200);
    assert!(body.contains(" a "), "{body}");
    let (_, body, _) = get(
        &format!("{endpoint}?query={construct}"),
        Some("application/ld+json"),
    );
    assert!(body.trim_start().starts_with('['), "{body}");
    // The service description without a query.
    let (status, body, _) = get(&endpoint, Some("text/turtle"));
    assert_eq!(status, 200);
    assert!(
        body.contains("sd:Service") || body.contains("sparql-service-description#Service"),
        "{body}"
    );
}

#[test]
fn errors_have_the_right_status_and_a_message() {
    let s = start(&["--max-body", "200"]);
    let endpoint = format!("{}sparql", s.url);
    let (status, body, _) = get(&format!("{endpoint}?query={}", enc("SELECT ?x WHERE {")), None);
    assert_eq!(status, 400);
    assert!(body.contains("invalid SPARQL"), "{body}");
    assert_eq!(
        get(&format!("{endpoint}?query={}", enc(COUNT)), Some("image/png")).0,
        406
    );
    assert_eq!(request(Method::DELETE, &endpoint, None, None).0, 405);
    assert_eq!(
        request(Method::POST, &format!("{}id/actor/fla", s.url), None, None).0,
        405
    );
    for refused in [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "LOAD <http://example.org/x>",
    ] {
        let (status, body, _) = get(&format!("{endpoint}?query={}", enc(refused)), None);
        assert_eq!(status, 403, "{refused}: {body}");
    }
    // LOAD would make the server fetch a URL (oxigraph's http-client is on
    // with the shacl feature): refused whichever way it comes.
    for body in [
        (
            "application/x-www-form-urlencoded",
            format!("update={}", enc("CLEAR ALL")),
        ),
        (
            "application/x-www-form-urlencoded",
            format!("update={}", enc("LOAD <http://127.0.0.1:9/x.ttl>")),
        ),
        (
            "application/sparql-update",
            "LOAD <http://127.0.0.1:9/x.ttl>".to_owned(),
        ),
        (
            "application/sparql-query",
            "LOAD <http://127.0.0.1:9/x.ttl>".to_owned(),
        ),
    ] {
        let shown = format!("{body:?}");
        let (status, _, _) = request(Method::POST, &endpoint, None, Some((body.0, body.1)));
        assert_eq!(status, 403, "{shown}");
    }
    let (status, body, _) = get(
        &format!(
            "{endpoint}?query={}",
            enc("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        ),
        None,
    );
    assert_eq!(status, 403, "{body}");
    let big = format!("query={}", "x".repeat(500));
    assert_eq!(
        request(
            Method::POST,
            &endpoint,
            None,
            Some(("application/x-www-form-urlencoded", big))
        )
        .0,
        413
    );
    assert_eq!(get(&format!("{endpoint}?query={}", enc(COUNT)), None).0, 200);
}

#[test]
fn timeouts_and_result_caps_are_reported() {
    let s = start(&["--timeout", "0.5", "--max-results", "5"]);
    let endpoint = format!("{}sparql", s.url);
    let cartesian = enc("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }");
    let (status, body, _) = get(&format!("{endpoint}?query={cartesian}"), None);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("timeout"), "{body}");
    let (status, body, r) = get(
        &format!("{endpoint}?query={}", enc("SELECT * { ?s ?p ?o }")),
        Some("text/csv"),
    );
    assert_eq!(status, 200);
    assert_eq!(body.lines().count(), 6, "{body}");
    assert_eq!(r.headers().get("x-result-truncated").unwrap(), "5");
    // Still serving after both.
    assert_eq!(get(&format!("{endpoint}?query={}", enc(COUNT)), None).0, 200);
}

#[test]
fn iris_dereference_with_content_negotiation() {
    let s = start(&[]);
    let event = format!("{}id/event/malian-drone-downing-2025", s.url);
    let (status, body, r) = get(&event, Some("text/turtle"));
    assert_eq!(status, 200);
    assert!(body.contains("ckg:Event"), "{body}");
    assert_eq!(r.headers().get("vary").unwrap(), "Accept");
    // Its evidence nodes come with it: the quote is in the description.
    assert!(body.contains("oa:exact"), "{body}");
    let (_, html, r) = get(&event, Some("text/html,application/xhtml+xml,*/*;q=0.8"));
    assert!(
        r.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(html.contains("<h2>Evidence"), "no evidence section");
    assert!(
        html.contains("dans la nuit du 31 mars au 1er avril"),
        "the quoted sentence is not on the page"
    );
    let (status, json, _) = get(&format!("{event}.jsonld"), None);
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(doc["@graph"].is_array());
    assert_eq!(get(&format!("{event}.nt"), None).0, 200);
    assert_eq!(get(&format!("{}id/event/no-such-event", s.url), None).0, 404);
    // Ontology terms and the dataset description answer too.
    let (status, body, _) = get(&format!("{}ontology", s.url), Some("text/html"));
    assert_eq!(status, 200);
    assert!(
        body.contains("id=\"Event\""),
        "the ontology page has no anchor for ckg:Event"
    );
    let (status, body, _) = get(&format!("{}.well-known/void", s.url), Some("text/turtle"));
    assert_eq!(status, 200);
    assert!(body.contains("void:sparqlEndpoint"), "{body}");
}

#[test]
fn the_graph_store_protocol_read_side() {
    let s = start(&[]);
    let facts = enc(&format!("{}graph/facts", s.url));
    let (status, nt, _) = get(
        &format!("{}data?graph={facts}", s.url),
        Some("application/n-triples"),
    );
    assert_eq!(status, 200);
    assert!(nt.lines().count() > 1000);
    let (status, _, _) = get(&format!("{}data?default", s.url), Some("text/turtle"));
    assert_eq!(status, 200);
    assert_eq!(
        get(
            &format!("{}data?graph={}", s.url, enc("http://example.org/none")),
            None
        )
        .0,
        404
    );
    assert_eq!(get(&format!("{}data", s.url), None).0, 400);
}

#[test]
fn pages_for_people() {
    let s = start(&[]);
    let (status, body, _) = get(&s.url, None);
    assert_eq!(status, 200);
    assert!(body.contains("Timeline") && body.contains("/queries"), "{body}");
    let (_, body, _) = get(&format!("{}timeline", s.url), None);
    assert!(body.contains("<svg") && body.contains("<rect"), "no SVG timeline");
    let (_, body, _) = get(&format!("{}queries", s.url), None);
    assert!(body.contains("/queries/ambassador-recalls"));
    let (status, body, _) = get(&format!("{}queries/ambassador-recalls", s.url), None);
    assert_eq!(status, 200);
    assert!(
        body.contains("<table>") && body.contains("Algeria"),
        "no results table"
    );
    // Text from queries is escaped on every page.
    let (_, body, _) = get(
        &format!(
            "{}query?query={}",
            s.url,
            enc("SELECT (\"<script>alert(1)</script>\" AS ?x) {}")
        ),
        None,
    );
    assert!(!body.contains("<script>alert"), "unescaped markup");
    assert!(body.contains("&lt;script&gt;"));
    // Downloads announced by the DCAT description exist.
    let (status, body, _) = get(&format!("{}dump/conflict-kg.ttl", s.url), None);
    assert_eq!(status, 200);
    assert!(body.contains("ckg:Event"));
}

/// The server's `host:port`.
fn addr(s: &Server) -> String {
    s.url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

/// Sends raw bytes and reads what comes back until the server closes the connection.
fn raw(s: &Server, bytes: &[u8]) -> String {
    let mut tcp = std::net::TcpStream::connect(addr(s)).unwrap();
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    std::io::Write::write_all(&mut tcp, bytes).unwrap();
    let mut out = Vec::new();
    let _ = std::io::Read::read_to_end(&mut tcp, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"))
}

#[test]
fn a_large_sort_is_stopped_by_its_row_budget_or_its_timeout_and_the_server_keeps_serving() {
    let cross = enc("SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d");
    let s = start(&["--max-held-rows", "50000"]);
    let (status, body, _) = get(&format!("{}sparql?query={cross}", s.url), None);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("more than 50000 intermediate rows"), "{body}");
    // GROUP BY and DISTINCT over a cross join too, and the query form says so.
    for q in [
        "SELECT ?a (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d",
        "SELECT DISTINCT ?a ?d { ?a ?b ?c . ?d ?e ?f }",
    ] {
        let (status, body, _) = get(&format!("{}sparql?query={}", s.url, enc(q)), None);
        assert_eq!(status, 503, "{q}: {body}");
    }
    let (status, body, _) = get(&format!("{}query?query={cross}", s.url), None);
    assert_eq!(status, 200);
    assert!(body.contains("intermediate rows"), "{body}");
    assert_eq!(get(&format!("{}sparql?query={}", s.url, enc(COUNT)), None).0, 200);
    // Without a row budget to speak of, the timeout stops the sort's input.
    let s = start(&["--max-held-rows", "1000000000", "--timeout", "0.5"]);
    let (status, body, _) = get(&format!("{}sparql?query={cross}", s.url), None);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("timeout"), "{body}");
    assert_eq!(get(&format!("{}sparql?query={}", s.url, enc(COUNT)), None).0, 200);
}

#[test]
fn the_query_command_has_the_same_limits() {
    let out = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
        .args(["query", "--max-held-rows", "1000", "--sparql"])
        .arg("SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a")
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more than 1000 intermediate rows"), "{err}");
}

#[test]
fn updates_load_and_service_are_refused_in_every_form() {
    let s = start(&[]);
    let endpoint = format!("{}sparql", s.url);
    let service = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
    let nested = "ASK { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }";
    let load = "LOAD <http://127.0.0.1:9/data.ttl>";
    let update_with_service = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }";
    for q in [service, nested, load, update_with_service] {
        let forms = [
            request(Method::GET, &format!("{endpoint}?query={}", enc(q)), None, None),
            request(
                Method::POST,
                &endpoint,
                None,
                Some(("application/x-www-form-urlencoded", format!("query={}", enc(q)))),
            ),
            request(
                Method::POST,
                &endpoint,
                None,
                Some(("application/sparql-query", q.into())),
            ),
            request(Method::GET, &format!("{endpoint}?update={}", enc(q)), None, None),
            request(
                Method::POST,
                &endpoint,
                None,
                Some(("application/x-www-form-urlencoded", format!("update={}", enc(q)))),
            ),
            request(
                Method::POST,
                &endpoint,
                None,
                Some(("application/sparql-update", q.into())),
            ),
        ];
        for (i, (status, body, _)) in forms.into_iter().enumerate() {
            assert_eq!(status, 403, "{q} (form {i}): {body}");
        }
    }
}

#[test]
fn request_bodies_over_the_limit_get_413_whatever_their_framing() {
    let s = start(&["--max-body", "1000"]);
    let endpoint = format!("{}sparql", s.url);
    let big = format!("SELECT * {{ ?s ?p \"{}\" }}", "x".repeat(2000));
    let (status, _, _) = request(
        Method::POST,
        &endpoint,
        None,
        Some(("application/sparql-query", big)),
    );
    assert_eq!(status, 413);
    // Announced too large: refused before the body is sent.
    let head = "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000000000\r\n\r\n";
    assert_eq!(status_of(&raw(&s, head.as_bytes())), 413);
    // Chunked, growing past the limit.
    let mut chunked = String::from(
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    for _ in 0..3 {
        chunked.push_str("1f4\r\n");
        chunked.push_str(&"y".repeat(500));
        chunked.push_str("\r\n");
    }
    chunked.push_str("0\r\n\r\n");
    assert_eq!(status_of(&raw(&s, chunked.as_bytes())), 413);
    // A small chunked query is answered.
    let q = COUNT;
    let ok = format!(
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{q}\r\n0\r\n\r\n",
        q.len()
    );
    assert_eq!(status_of(&raw(&s, ok.as_bytes())), 200);
}

#[test]
fn markup_in_the_data_is_escaped_on_every_page() {
    let s = start(&["--data", "tests/fixtures/hostile"]);
    let evil = enc(
        "SELECT ?l (IRI(\"http://x.example/\\\"><script>alert(5)</script>\") AS ?i) { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    );
    let pages = [
        String::new(),
        "timeline".into(),
        "queries".into(),
        "queries/timeline".into(),
        "queries/place-names".into(),
        format!("query?query={evil}"),
        "id/actor/alpha".into(),
        "id/event/hostile-event".into(),
        "id/source/hostile".into(),
        "id/actor/alpha.html".into(),
        "id/%3Cscript%3Ealert(6)%3C%2Fscript%3E".into(),
        "sparql".into(),
    ];
    for page in pages {
        let (status, body, _) = get(&format!("{}{page}", s.url), Some("text/html"));
        assert!(status == 200 || status == 404, "/{page}: {status}");
        for bad in ["<script>", "<img", "<b>Alger", "<i>&", "\"><script"] {
            assert!(!body.contains(bad), "/{page} has unescaped {bad}");
        }
    }
    let (_, body, r) = get(&format!("{}id/actor/alpha", s.url), Some("text/html"));
    assert_eq!(r.headers().get("x-content-type-options").unwrap(), "nosniff");
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{body}");
    assert!(
        body.contains("A &quot;B&quot; &amp; &#39;C&#39; &lt;img"),
        "{body}"
    );
    assert!(
        body.contains("&lt;script&gt;alert(3)&lt;/script&gt; a dit &quot;oui&quot;"),
        "{body}"
    );
}

#[test]
fn no_path_reaches_outside_what_is_served() {
    let s = start(&[]);
    let targets = [
        "/../../etc/passwd",
        "/dump/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/dump/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/dump/%252e%252e%252fetc%252fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/dump/..\\..\\etc\\passwd",
        "\\..\\..\\etc\\passwd",
        "http://127.0.0.1/../../etc/passwd",
        "file:///etc/passwd",
        "//etc/passwd",
        "/id/../../../etc/passwd",
        "/ontology/../../etc/passwd",
    ];
    for target in targets {
        let response = raw(
            &s,
            format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let status = status_of(&response);
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(!response.contains("root:"), "{target} leaked a file");
    }
    assert_eq!(get(&format!("{}sparql?query={}", s.url, enc(COUNT)), None).0, 200);
}

#[test]
fn slow_and_idle_clients_are_dropped_without_blocking_others() {
    use std::io::{Read as _, Write as _};
    use std::net::TcpStream;
    use std::time::Duration;
    let s = start(&["--client-timeout", "1", "--max-connections", "4"]);
    // A client sending its headers a byte at a time, for longer than it may.
    let mut slow = TcpStream::connect(addr(&s)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut trickle = slow.try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        for b in b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
            if trickle.write_all(&[*b]).is_err() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    });
    // Meanwhile others are answered.
    assert_eq!(get(&format!("{}sparql?query={}", s.url, enc(COUNT)), None).0, 200);
    // The slow one is cut: 408, then the connection closes (well before its headers end).
    slow.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut answer = Vec::new();
    let _ = slow.read_to_end(&mut answer);
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"),
        "{answer:?}"
    );
    drop(slow);
    let _ = writer.join();
    // A body that never ends is cut the same way.
    let response = raw(
        &s,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nSELECT",
    );
    assert_eq!(status_of(&response), 408);
    // More idle connections than the server serves at once: the extra ones are told 503 at
    // once, and the idle ones are closed, so a client gets through.
    let idle: Vec<TcpStream> = (0..8).map(|_| TcpStream::connect(addr(&s)).unwrap()).collect();
    let mut statuses = Vec::new();
    for _ in 0..40 {
        let response = raw(
            &s,
            b"GET /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/turtle\r\nConnection: close\r\n\r\n",
        );
        statuses.push(status_of(&response));
        if statuses.last() == Some(&200) {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(statuses.last(), Some(&200), "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 503), "{statuses:?}");
    for mut c in idle {
        c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut rest = Vec::new();
        // Closed by the server (nothing, or a 503 for those over the limit), not left hanging.
        assert!(
            c.read_to_end(&mut rest).is_ok(),
            "an idle connection was left open"
        );
    }
}
