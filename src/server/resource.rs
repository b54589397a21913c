//! Dereferencing IRIs and reading graphs: the linked-data side of the server.
//!
//! A resource is described by its own triples plus those of the nodes minted
//! below it (`…/evidence/1/quote`, `…/time`) or in its document (`…#Term`),
//! found by following links, so a description never needs a full scan.

use std::collections::{BTreeSet, HashSet};

use oxhttp::model::{Body, HeaderValue, Response, StatusCode};
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Term, Triple};

use super::{Site, conneg, html_response, not_acceptable, not_found, ok, pages, text};
use crate::export::{self, Format};
use crate::pipeline::sort_triples;
use crate::vocab;

/// The RDF media types a resource or graph is offered in, preferred first.
pub const RDF_TYPES: [&str; 4] = [
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
];

fn format_of(media: &str) -> Format {
    match media {
        "application/ld+json" => Format::JsonLd,
        "application/n-triples" => Format::NTriples,
        "application/rdf+xml" => Format::RdfXml,
        _ => Format::Turtle,
    }
}

/// A forced representation from a URL suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// `.html`.
    Html,
    /// An RDF format.
    Rdf(&'static str),
}

/// Splits `/id/event/x.ttl` into `/id/event/x` and the format it asks for.
pub fn split_suffix(path: &str) -> (&str, Option<Suffix>) {
    for (ext, suffix) in [
        (".html", Suffix::Html),
        (".ttl", Suffix::Rdf("text/turtle")),
        (".jsonld", Suffix::Rdf("application/ld+json")),
        (".nt", Suffix::Rdf("application/n-triples")),
        (".rdf", Suffix::Rdf("application/rdf+xml")),
    ] {
        if let Some(base) = path.strip_suffix(ext) {
            return (base, Some(suffix));
        }
    }
    (path, None)
}

/// The description of `iri`: its triples and those of the nodes below it, sorted.
pub fn describe(site: &Site, iri: &str) -> Vec<Triple> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut todo = vec![iri.to_owned()];
    let below = |s: &str| s.starts_with(&format!("{iri}/")) || s.starts_with(&format!("{iri}#"));
    if iri == vocab::ONTOLOGY {
        // The ontology document: every term it defines with a hash IRI.
        for quad in site.store.iter().flatten() {
            if let NamedOrBlankNode::NamedNode(s) = &quad.subject
                && (s.as_str() == iri || s.as_str().starts_with(vocab::CKG))
            {
                out.push(Triple::from(quad));
            }
        }
        sort_triples(&mut out);
        return out;
    }
    while let Some(subject) = todo.pop() {
        if !seen.insert(subject.clone()) {
            continue;
        }
        let node = NamedNode::new_unchecked(subject);
        for quad in site
            .store
            .quads_for_pattern(Some(node.as_ref().into()), None, None, None)
            .flatten()
        {
            if let Term::NamedNode(o) = &quad.object
                && below(o.as_str())
            {
                todo.push(o.as_str().to_owned());
            }
            out.push(Triple::from(quad));
        }
    }
    sort_triples(&mut out);
    out
}

/// Triples pointing at `iri` from elsewhere (at most `limit`).
pub fn incoming(site: &Site, iri: &str, limit: usize) -> Vec<Triple> {
    let node = NamedNode::new_unchecked(iri);
    let mut out: Vec<Triple> = site
        .store
        .quads_for_pattern(None, None, Some(node.as_ref().into()), None)
        .flatten()
        .filter(|q| !matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(iri)))
        .take(limit)
        .map(Triple::from)
        .collect();
    sort_triples(&mut out);
    out
}

fn serialize(site: &Site, name: &NamedNode, triples: &[Triple], media: &str) -> Response<Body> {
    let mut body = Vec::new();
    match export::write_graphs(
        &site.ontology,
        &[(name.clone(), triples)],
        format_of(media),
        false,
        &mut body,
    ) {
        Ok(()) => ok(&format!("{media}; charset=utf-8"), body),
        Err(e) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("cannot serialise: {e}"),
        ),
    }
}

/// `GET /id/…` and friends: HTML for people, RDF for machines, `Vary: Accept`.
pub fn dereference(site: &Site, iri: &str, suffix: Option<Suffix>, accept: Option<&str>) -> Response<Body> {
    let triples = describe(site, iri);
    if triples.is_empty() {
        return not_found(&site.local_path(iri).unwrap_or_default());
    }
    let mut offered = vec!["text/html"];
    offered.extend(RDF_TYPES);
    let media = match suffix {
        Some(Suffix::Html) => Some("text/html"),
        Some(Suffix::Rdf(m)) => Some(m),
        None => conneg::negotiate(accept, &offered),
    };
    let mut response = match media {
        None => not_acceptable(&offered),
        Some("text/html") => html_response(StatusCode::OK, pages::resource(site, iri, &triples)),
        Some(m) => serialize(site, &NamedNode::new_unchecked(iri), &triples, m),
    };
    if suffix.is_none() {
        response
            .headers_mut()
            .insert("vary", HeaderValue::from_static("Accept"));
    }
    if let Some(path) = site.local_path(iri) {
        let links = [
            ("text/turtle", ".ttl"),
            ("application/ld+json", ".jsonld"),
            ("text/html", ".html"),
        ]
        .iter()
        .map(|(m, ext)| format!("<{path}{ext}>; rel=\"alternate\"; type=\"{m}\""))
        .collect::<Vec<_>>()
        .join(", ");
        if let Ok(v) = HeaderValue::from_str(&links) {
            response.headers_mut().insert("link", v);
        }
    }
    response
}

/// All triples of one named graph, or of every graph (`None`), sorted.
pub fn graph_triples(site: &Site, graph: Option<&NamedNode>) -> Vec<Triple> {
    let pattern = graph.map(|g| GraphNameRef::NamedNode(g.as_ref()));
    let mut out: Vec<Triple> = site
        .store
        .quads_for_pattern(None, None, None, pattern)
        .flatten()
        .map(Triple::from)
        .collect();
    sort_triples(&mut out);
    out
}

/// `GET /data?default` (the union of all graphs, as our queries see it) or
/// `GET /data?graph=IRI`: the Graph Store Protocol, read side.
pub fn graph_store(site: &Site, query: &str, accept: Option<&str>) -> Response<Body> {
    let pairs = super::form_pairs(query);
    let graph = pairs.iter().find(|(k, _)| k == "graph").map(|(_, v)| v.clone());
    let default = pairs.iter().any(|(k, _)| k == "default");
    let Some(media) = conneg::negotiate(accept, &RDF_TYPES) else {
        return not_acceptable(&RDF_TYPES);
    };
    match (default, graph) {
        (true, None) => {
            let name = NamedNode::new_unchecked(format!("{}graph/default", site.data_base));
            serialize(site, &name, &graph_triples(site, None), media)
        }
        (false, Some(g)) => {
            let Ok(name) = NamedNode::new(g.clone()) else {
                return text(StatusCode::BAD_REQUEST, &format!("`{g}` is not a valid IRI"));
            };
            if !site.store.contains_named_graph(name.as_ref()).unwrap_or(false) {
                return text(StatusCode::NOT_FOUND, &format!("no graph <{g}> in this store"));
            }
            serialize(site, &name, &graph_triples(site, Some(&name)), media)
        }
        _ => text(
            StatusCode::BAD_REQUEST,
            "give exactly one of `?default` or `?graph=IRI`",
        ),
    }
}

/// `GET /.well-known/void`: the dataset description graph.
pub fn void(site: &Site, accept: Option<&str>) -> Response<Body> {
    let Some(media) = conneg::negotiate(accept, &RDF_TYPES) else {
        return not_acceptable(&RDF_TYPES);
    };
    let name = NamedNode::new_unchecked(format!("{}graph/metadata", site.data_base));
    let triples = graph_triples(site, Some(&name));
    if triples.is_empty() {
        return text(
            StatusCode::NOT_FOUND,
            "this store has no dataset description (build it with `conflict-kg build`)",
        );
    }
    serialize(site, &name, &triples, media)
}

/// `GET /dump/conflict-kg.ttl` etc.: the distributions the DCAT description
/// announces, written from the store (facts, or every graph for quad formats).
pub fn dump(site: &Site, file: &str) -> Response<Body> {
    let Some(format) = Format::ALL
        .into_iter()
        .find(|f| file == format!("conflict-kg{}", f.suffix()))
    else {
        return not_found(&format!("/dump/{file}"));
    };
    let graphs: Vec<NamedNode> = if format.has_graphs() {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for g in site.store.named_graphs().flatten() {
            if let NamedOrBlankNode::NamedNode(n) = g
                && !n.as_str().ends_with("/graph/metadata")
            {
                names.insert(n.into_string());
            }
        }
        names.into_iter().map(NamedNode::new_unchecked).collect()
    } else {
        ["facts", "inferred"]
            .iter()
            .map(|g| NamedNode::new_unchecked(format!("{}graph/{g}", site.data_base)))
            .filter(|g| site.store.contains_named_graph(g.as_ref()).unwrap_or(false))
            .collect()
    };
    let contents: Vec<(NamedNode, Vec<Triple>)> = graphs
        .into_iter()
        .map(|g| (g.clone(), graph_triples(site, Some(&g))))
        .collect();
    let refs: Vec<(NamedNode, &[Triple])> = contents.iter().map(|(g, t)| (g.clone(), t.as_slice())).collect();
    let mut body = Vec::new();
    match export::write_graphs(&site.ontology, &refs, format, false, &mut body) {
        Ok(()) => ok(&format!("{}; charset=utf-8", format.media_type()), body),
        Err(e) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("cannot serialise: {e}"),
        ),
    }
}

/// The preferred label of `iri` (English, then French, then any), if any.
pub fn label(site: &Site, iri: &str) -> Option<String> {
    let node = NamedNode::new_unchecked(iri);
    let mut best: Option<(u8, String)> = None;
    for predicate in [
        oxigraph::model::vocab::rdfs::LABEL,
        vocab::std_terms::SKOS_PREF_LABEL,
    ] {
        for q in site
            .store
            .quads_for_pattern(Some(node.as_ref().into()), Some(predicate), None, None)
            .flatten()
        {
            if let Term::Literal(l) = &q.object {
                let rank = match l.language() {
                    Some("en") => 0,
                    Some("fr") => 1,
                    _ => 2,
                };
                if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((rank, l.value().to_owned()));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, l)| l)
}
