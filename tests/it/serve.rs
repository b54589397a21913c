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
