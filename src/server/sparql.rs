//! The SPARQL 1.1 Protocol endpoint at `/sparql`, read-only.
//!
//! Query by GET (`?query=`) or POST (form-encoded or `application/sparql-query`),
//! `default-graph-uri` and `named-graph-uri` honoured, results by content
//! negotiation. Every query runs under a timeout and a budget of rows held in
//! memory (stopped, 503) and a result cap (cut, with an `X-Result-Truncated`
//! header and a `Warning`). Updates and
//! `SERVICE` are refused before evaluation. Without a query, the endpoint
//! answers with its SPARQL Service Description.

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Triple};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};

use super::{Site, conneg, form_pairs, header, html, html_response, not_acceptable, read_body, text};
use crate::query::{self, Deadline, Options, QueryError, Stop};

const SOLUTION_TYPES: [&str; 5] = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
];
const GRAPH_TYPES: [&str; 4] = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
];

/// The parameters of one protocol request.
struct Params {
    query: Option<String>,
    update: bool,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
}

fn params(site: &Site, request: &mut Request<Body>) -> Result<Params, Response<Body>> {
    let mut pairs = form_pairs(request.uri().query().unwrap_or(""));
    let mut query = None;
    if request.method() == Method::POST {
        let content_type = header(request, CONTENT_TYPE.as_str()).unwrap_or_default();
        let media = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let body = read_body(request, site.config.max_body)?;
        let body = String::from_utf8(body)
            .map_err(|_| text(StatusCode::BAD_REQUEST, "the request body is not UTF-8"))?;
        match media.as_str() {
            "application/sparql-query" => query = Some(body),
            "application/x-www-form-urlencoded" => pairs.extend(form_pairs(&body)),
            "application/sparql-update" => {
                return Err(text(
                    StatusCode::FORBIDDEN,
                    "updates are not allowed: this endpoint is read-only",
                ));
            }
            other => {
                return Err(text(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    &format!("unsupported content type `{other}`; send application/sparql-query or a form"),
                ));
            }
        }
    }
    let mut p = Params {
        query,
        update: false,
        default_graphs: Vec::new(),
        named_graphs: Vec::new(),
    };
    for (k, v) in pairs {
        match k.as_str() {
            "query" if p.query.is_none() => p.query = Some(v),
            "query" => return Err(text(StatusCode::BAD_REQUEST, "give the query once")),
            "update" => p.update = true,
            "default-graph-uri" => p.default_graphs.push(v),
            "named-graph-uri" => p.named_graphs.push(v),
            _ => {}
        }
    }
    Ok(p)
}

fn iris(values: &[String]) -> Result<Vec<NamedNode>, Response<Body>> {
    values
        .iter()
        .map(|v| {
            NamedNode::new(v.clone())
                .map_err(|e| text(StatusCode::BAD_REQUEST, &format!("invalid graph IRI `{v}`: {e}")))
        })
        .collect()
}

/// `/sparql`.
pub fn endpoint(site: &Site, request: &mut Request<Body>) -> Response<Body> {
    let accept = header(request, ACCEPT.as_str());
    let p = match params(site, request) {
        Ok(p) => p,
        Err(response) => return response,
    };
    if p.update {
        return text(
            StatusCode::FORBIDDEN,
            "updates are not allowed: this endpoint is read-only",
        );
    }
    let Some(sparql) = p.query else {
        return service_description(site, accept.as_deref());
    };
    let (default_graphs, named_graphs) = match (iris(&p.default_graphs), iris(&p.named_graphs)) {
        (Ok(d), Ok(n)) => (d, n),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let deadline = Deadline::start(site.config.timeout);
    let options = Options {
        default_graphs,
        named_graphs,
        max_held_rows: site.config.max_held_rows,
        ..deadline.options()
    };
    let response = match query::run_with(&site.store, &sparql, &options) {
        Ok(results) => respond(site, results, accept.as_deref()),
        Err(e) => query_error(&e),
    };
    drop(deadline);
    response
}

/// The status of a failed query: 403 refused, 400 invalid, 503 stopped (time
/// limit, row budget: the server is fine, the query was too big), 500 otherwise.
fn query_error(e: &QueryError) -> Response<Body> {
    let status = match e {
        QueryError::Refused(_) => StatusCode::FORBIDDEN,
        QueryError::Syntax(_) => StatusCode::BAD_REQUEST,
        QueryError::Stopped(Stop::Timeout(_) | Stop::TooManyRows(_)) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    text(status, &e.to_string())
}

fn truncated(mut response: Response<Body>, cap: usize) -> Response<Body> {
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&cap.to_string()) {
        headers.insert("x-result-truncated", v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("199 conflict-kg \"results cut at {cap}\"")) {
        headers.insert("warning", v);
    }
    response
}

fn respond(site: &Site, results: QueryResults<'_>, accept: Option<&str>) -> Response<Body> {
    let cap = site.config.max_results;
    match results {
        QueryResults::Boolean(b) => {
            let Some(media) = conneg::negotiate(accept, &SOLUTION_TYPES) else {
                return not_acceptable(&SOLUTION_TYPES);
            };
            let mut body = Vec::new();
            match QueryResultsSerializer::from_format(results_format(media))
                .serialize_boolean_to_writer(&mut body, b)
            {
                Ok(_) => super::ok(media, body),
                Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
            }
        }
        QueryResults::Solutions(solutions) => {
            let Some(media) = conneg::negotiate(accept, &SOLUTION_TYPES) else {
                return not_acceptable(&SOLUTION_TYPES);
            };
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            let mut cut = false;
            for s in solutions {
                match s {
                    Ok(s) if rows.len() < cap => rows.push(s),
                    Ok(_) => {
                        cut = true;
                        break;
                    }
                    Err(e) => return query_error(&e.into()),
                }
            }
            let mut body = Vec::new();
            let written = QueryResultsSerializer::from_format(results_format(media))
                .serialize_solutions_to_writer(&mut body, variables)
                .and_then(|mut w| {
                    for r in &rows {
                        w.serialize(r)?;
                    }
                    w.finish()
                });
            match written {
                Ok(_) if cut => truncated(super::ok(media, body), cap),
                Ok(_) => super::ok(media, body),
                Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
            }
        }
        QueryResults::Graph(triples) => {
            let Some(media) = conneg::negotiate(accept, &GRAPH_TYPES) else {
                return not_acceptable(&GRAPH_TYPES);
            };
            let mut collected: Vec<Triple> = Vec::new();
            let mut cut = false;
            for t in triples {
                match t {
                    Ok(t) if collected.len() < cap => collected.push(t),
                    Ok(_) => {
                        cut = true;
                        break;
                    }
                    Err(e) => return query_error(&e.into()),
                }
            }
            let mut body = Vec::new();
            let format = match media {
                "application/n-triples" => RdfFormat::NTriples,
                "application/ld+json" => RdfFormat::JsonLd {
                    profile: oxigraph::io::JsonLdProfileSet::empty(),
                },
                "application/rdf+xml" => RdfFormat::RdfXml,
                _ => RdfFormat::Turtle,
            };
            let mut w = RdfSerializer::from_format(format).for_writer(&mut body);
            for t in &collected {
                if let Err(e) = w.serialize_triple(t) {
                    return text(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
                }
            }
            if let Err(e) = w.finish() {
                return text(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
            }
            let response = super::ok(media, body);
            if cut { truncated(response, cap) } else { response }
        }
    }
}

fn results_format(media: &str) -> QueryResultsFormat {
    match media {
        "application/sparql-results+xml" => QueryResultsFormat::Xml,
        "text/csv" => QueryResultsFormat::Csv,
        "text/tab-separated-values" => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

/// The SPARQL 1.1 Service Description of this endpoint (Turtle and friends),
/// or the query form for a browser.
fn service_description(site: &Site, accept: Option<&str>) -> Response<Body> {
    let mut offered = vec![
        "text/turtle",
        "application/n-triples",
        "application/rdf+xml",
        "text/html",
    ];
    offered.dedup();
    let Some(media) = conneg::negotiate(accept, &offered) else {
        return not_acceptable(&offered);
    };
    if media == "text/html" {
        return html_response(
            StatusCode::OK,
            html::page("SPARQL endpoint", &super::pages::query_form_body("", None)),
        );
    }
    let endpoint = format!("{}sparql", site.local);
    let turtle = format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         @prefix void: <http://rdfs.org/ns/void#> .\n\
         <{endpoint}> a sd:Service ;\n\
         \tsd:endpoint <{endpoint}> ;\n\
         \tsd:supportedLanguage sd:SPARQL11Query ;\n\
         \tsd:feature sd:UnionDefaultGraph ;\n\
         \tsd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>, \
         <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, \
         <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/JSON-LD>, \
         <http://www.w3.org/ns/formats/RDF_XML> ;\n\
         \tsd:defaultDataset <{endpoint}#dataset> .\n\
         <{endpoint}#dataset> a sd:Dataset ;\n\
         \tsd:defaultGraph <{endpoint}#default-graph> ;\n\
         \tvoid:sparqlEndpoint <{endpoint}> .\n\
         <{endpoint}#default-graph> a sd:Graph .\n"
    );
    let triples: Vec<Triple> = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .filter_map(Result::ok)
        .map(Triple::from)
        .collect();
    let mut body = Vec::new();
    let format = match media {
        "application/n-triples" => RdfFormat::NTriples,
        "application/rdf+xml" => RdfFormat::RdfXml,
        _ => RdfFormat::Turtle,
    };
    let mut w = RdfSerializer::from_format(format).for_writer(&mut body);
    for t in &triples {
        let _ = w.serialize_triple(t);
    }
    let _ = w.finish();
    super::ok(media, body)
}
