//! The pages people read: landing, resources, the query catalogue, the query form.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use oxhttp::model::{Body, Response, StatusCode};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::QueryResults;

use super::html::{esc, page, url_encode};
use super::resource::{incoming, label};
use super::{Site, html_response, not_found};
use crate::query;
use crate::vocab::{self, PREFIXES, prop, std_terms as st};

/// A link to `iri`: local when this site serves it, with its label when it has one.
fn link(site: &Site, iri: &str, labels: &mut HashMap<String, Option<String>>) -> String {
    let text = labels
        .entry(iri.to_owned())
        .or_insert_with(|| label(site, iri))
        .clone();
    let shown = text.unwrap_or_else(|| compact(iri));
    match site.local_path(iri) {
        Some(path) => format!(
            "<a href=\"{}\" title=\"{}\">{}</a>",
            esc(&path),
            esc(iri),
            esc(&shown)
        ),
        None => format!("<a href=\"{}\" rel=\"external\">{}</a>", esc(iri), esc(&shown)),
    }
}

/// `prefix:local` for known namespaces.
fn compact(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(p, ns)| {
            iri.strip_prefix(ns)
                .filter(|l| !l.is_empty())
                .map(|l| format!("{p}:{l}"))
        })
        .unwrap_or_else(|| iri.to_owned())
}

#[allow(
    clippy::match_wildcard_for_single_variants,
    reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
)]
fn term_html(site: &Site, term: &Term, labels: &mut HashMap<String, Option<String>>) -> String {
    match term {
        Term::NamedNode(n) => link(site, n.as_str(), labels),
        Term::Literal(l) => {
            let tag = match l.language() {
                Some(lang) => format!(" <span class=\"lang\">@{}</span>", esc(lang)),
                None if l.datatype() == oxigraph::model::vocab::xsd::STRING => String::new(),
                None => format!(
                    " <span class=\"lang\">{}</span>",
                    esc(&compact(l.datatype().as_str()))
                ),
            };
            format!("<span class=\"lit\">{}</span>{tag}", esc(l.value()))
        }
        // Blank nodes, and RDF 1.2 triple terms (`<<( s p o )>>`), as in N-Triples.
        other => esc(&other.to_string()),
    }
}

fn objects<'a>(
    triples: &'a [Triple],
    subject: &str,
    predicate: oxigraph::model::NamedNodeRef<'_>,
) -> Vec<&'a Term> {
    triples
        .iter()
        .filter(|t| t.subject.to_string() == format!("<{subject}>") && t.predicate.as_ref() == predicate)
        .map(|t| &t.object)
        .collect()
}

fn literal_of(
    triples: &[Triple],
    subject: &str,
    predicate: oxigraph::model::NamedNodeRef<'_>,
) -> Option<String> {
    objects(triples, subject, predicate)
        .into_iter()
        .find_map(|o| match o {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
}

fn iri_of(triples: &[Triple], subject: &str, predicate: oxigraph::model::NamedNodeRef<'_>) -> Option<String> {
    objects(triples, subject, predicate)
        .into_iter()
        .find_map(|o| match o {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
}

/// The page of one resource: labels, types, properties, evidence, incoming links.
pub fn resource(site: &Site, iri: &str, triples: &[Triple]) -> String {
    let mut labels = HashMap::new();
    let mut body = String::new();
    let title = label(site, iri).unwrap_or_else(|| compact(iri));
    let _ = write!(body, "<h1>{}</h1>", esc(&title));
    let mut sub: Vec<String> = objects(triples, iri, rdfs::LABEL)
        .into_iter()
        .filter_map(|o| match o {
            Term::Literal(l) if l.value() != title => Some(format!(
                "{} <span class=\"lang\">@{}</span>",
                esc(l.value()),
                esc(l.language().unwrap_or(""))
            )),
            _ => None,
        })
        .collect();
    sub.push(format!("<code>{}</code>", esc(iri)));
    let _ = write!(body, "<p class=\"sub\">{}</p>", sub.join(" · "));
    let types: Vec<String> = objects(triples, iri, rdf::TYPE)
        .into_iter()
        .map(|t| term_html(site, t, &mut labels))
        .collect();
    if !types.is_empty() {
        let _ = write!(body, "<p class=\"types\">{}</p>", types.join(""));
    }
    let skip = [
        rdf::TYPE,
        rdfs::LABEL,
        prop::EVIDENCE,
        prop::PARTICIPATION,
        prop::TIME,
        prop::QUANTITY,
    ];
    let mut by_predicate: BTreeMap<String, Vec<&Term>> = BTreeMap::new();
    for t in triples
        .iter()
        .filter(|t| t.subject.to_string() == format!("<{iri}>"))
    {
        if !skip.contains(&t.predicate.as_ref()) {
            by_predicate
                .entry(t.predicate.as_str().to_owned())
                .or_default()
                .push(&t.object);
        }
    }
    body.push_str("<h2>Properties</h2><table>");
    for (p, values) in &by_predicate {
        let shown: Vec<String> = values.iter().map(|v| term_html(site, v, &mut labels)).collect();
        let _ = write!(
            body,
            "<tr><td class=\"p\">{}</td><td>{}</td></tr>",
            link(site, p, &mut labels),
            shown.join("<br>")
        );
    }
    body.push_str("</table>");
    participations(site, iri, triples, &mut labels, &mut body);
    quantities(site, iri, triples, &mut labels, &mut body);
    evidence(site, iri, triples, &mut labels, &mut body);
    hash_terms(site, iri, triples, &mut labels, &mut body);
    let links = incoming(site, iri, 300);
    if !links.is_empty() {
        body.push_str("<h2>Referred to by</h2><table>");
        for t in &links {
            let subject = t.subject.to_string();
            let subject = subject.trim_start_matches('<').trim_end_matches('>');
            let _ = write!(
                body,
                "<tr><td>{}</td><td class=\"p\">{}</td></tr>",
                link(site, subject, &mut labels),
                link(site, t.predicate.as_str(), &mut labels)
            );
        }
        body.push_str("</table>");
    }
    if let Some(path) = site.local_path(iri) {
        let _ = write!(
            body,
            "<p class=\"cite\">Also as <a href=\"{p}.ttl\">Turtle</a> · <a href=\"{p}.jsonld\">JSON-LD</a> · \
             <a href=\"{p}.nt\">N-Triples</a> · <a href=\"{p}.rdf\">RDF/XML</a></p>",
            p = esc(&path)
        );
    }
    page(&title, &body)
}

fn participations(
    site: &Site,
    iri: &str,
    triples: &[Triple],
    labels: &mut HashMap<String, Option<String>>,
    body: &mut String,
) {
    let parts = objects(triples, iri, prop::PARTICIPATION);
    if parts.is_empty() {
        return;
    }
    body.push_str("<h2>Participants</h2><table><tr><th>Actor</th><th>Role</th></tr>");
    for p in parts {
        let Term::NamedNode(p) = p else { continue };
        let actor = iri_of(triples, p.as_str(), prop::ACTOR)
            .map(|a| link(site, &a, labels))
            .unwrap_or_default();
        let role = iri_of(triples, p.as_str(), prop::ROLE)
            .map(|r| link(site, &r, labels))
            .unwrap_or_default();
        let _ = write!(body, "<tr><td>{actor}</td><td>{role}</td></tr>");
    }
    body.push_str("</table>");
}

fn quantities(
    site: &Site,
    iri: &str,
    triples: &[Triple],
    labels: &mut HashMap<String, Option<String>>,
    body: &mut String,
) {
    let qs = objects(triples, iri, prop::QUANTITY);
    if qs.is_empty() {
        return;
    }
    body.push_str("<h2>Quantities</h2><table><tr><th>What</th><th>Value</th><th>Unit</th></tr>");
    for q in qs {
        let Term::NamedNode(q) = q else { continue };
        let q = q.as_str();
        let kind = iri_of(triples, q, prop::QUANTITY_KIND)
            .map(|k| link(site, &k, labels))
            .unwrap_or_default();
        let unit = iri_of(triples, q, prop::UNIT)
            .map(|u| link(site, &u, labels))
            .unwrap_or_default();
        let value = match (
            literal_of(triples, q, st::SCHEMA_VALUE),
            literal_of(triples, q, st::SCHEMA_MIN_VALUE),
            literal_of(triples, q, st::SCHEMA_MAX_VALUE),
        ) {
            (Some(v), _, _) => v,
            (None, Some(lo), Some(hi)) => format!("{lo}–{hi}"),
            (None, Some(lo), None) => format!("at least {lo}"),
            (None, None, Some(hi)) => format!("at most {hi}"),
            (None, None, None) => String::new(),
        };
        let _ = write!(
            body,
            "<tr><td>{kind}</td><td>{}</td><td>{unit}</td></tr>",
            esc(&value)
        );
    }
    body.push_str("</table>");
}

/// Each quote with its context, its source and its offsets.
fn evidence(
    site: &Site,
    iri: &str,
    triples: &[Triple],
    labels: &mut HashMap<String, Option<String>>,
    body: &mut String,
) {
    let evidence = objects(triples, iri, prop::EVIDENCE);
    if evidence.is_empty() {
        return;
    }
    let _ = write!(body, "<h2>Evidence ({})</h2>", evidence.len());
    for ev in evidence {
        let Term::NamedNode(ev) = ev else { continue };
        let target = format!("{}/target", ev.as_str());
        let quote = format!("{}/quote", ev.as_str());
        let position = format!("{}/position", ev.as_str());
        let source = iri_of(triples, &target, st::OA_HAS_SOURCE);
        let exact = literal_of(triples, &quote, st::OA_EXACT).unwrap_or_default();
        let prefix = literal_of(triples, &quote, st::OA_PREFIX).unwrap_or_default();
        let suffix = literal_of(triples, &quote, st::OA_SUFFIX).unwrap_or_default();
        let start = literal_of(triples, &position, st::OA_START).unwrap_or_default();
        let end = literal_of(triples, &position, st::OA_END).unwrap_or_default();
        let file = source
            .as_deref()
            .and_then(|s| {
                let node = oxigraph::model::NamedNode::new_unchecked(s);
                site.store
                    .quads_for_pattern(Some(node.as_ref().into()), Some(prop::FILE_NAME), None, None)
                    .flatten()
                    .find_map(|q| match q.object {
                        Term::Literal(l) => Some(l.value().to_owned()),
                        _ => None,
                    })
            })
            .unwrap_or_default();
        let _ = write!(
            body,
            "<blockquote id=\"{}\"><span class=\"ctx\">…{}</span><span class=\"q\">{}</span><span class=\"ctx\">{}…</span>\
             <div class=\"cite\">{} · <code>{}</code>, characters {}–{}</div></blockquote>",
            esc(ev.as_str().rsplit('/').next().unwrap_or("")),
            esc(&prefix),
            esc(&exact),
            esc(&suffix),
            source
                .as_deref()
                .map(|s| link(site, s, labels))
                .unwrap_or_default(),
            esc(&file),
            esc(&start),
            esc(&end)
        );
    }
}

/// For a document with hash terms (the ontology, a concept scheme): one section per term.
fn hash_terms(
    site: &Site,
    iri: &str,
    triples: &[Triple],
    labels: &mut HashMap<String, Option<String>>,
    body: &mut String,
) {
    let mut terms: BTreeMap<String, Vec<&Triple>> = BTreeMap::new();
    for t in triples {
        let s = t.subject.to_string();
        let s = s.trim_start_matches('<').trim_end_matches('>');
        let prefix = if iri == vocab::ONTOLOGY {
            vocab::CKG.to_owned()
        } else {
            format!("{iri}#")
        };
        if let Some(local) = s.strip_prefix(&prefix) {
            terms.entry(local.to_owned()).or_default().push(t);
        }
    }
    if terms.is_empty() {
        return;
    }
    let _ = write!(body, "<h2>Terms ({})</h2>", terms.len());
    for (local, ts) in terms {
        let _ = write!(body, "<h3 id=\"{}\">{}</h3><table>", esc(&local), esc(&local));
        for t in ts {
            let _ = write!(
                body,
                "<tr><td class=\"p\">{}</td><td>{}</td></tr>",
                link(site, t.predicate.as_str(), labels),
                term_html(site, &t.object, labels)
            );
        }
        body.push_str("</table>");
    }
}

fn count(site: &Site, sparql: &str) -> String {
    query::select(&site.store, sparql)
        .ok()
        .and_then(|(_, rows)| rows.first().and_then(|r| r.get("n").map(query::display_term)))
        .unwrap_or_else(|| "0".into())
}

/// `/`: what the dataset is, its size, and where to go next.
pub fn landing(site: &Site) -> Response<Body> {
    let mut body = String::from(
        "<h1>conflict-kg</h1><p class=\"sub\">Curated facts and attributed claims about the Mali crisis (2012–2025) \
         and the 2025 Mali–Algeria crisis, each with the verbatim sentence of its source document.</p><div class=\"grid\">",
    );
    for (name, class) in [
        ("events", "Event"),
        ("claims", "Claim"),
        ("actors", "Actor"),
        ("places", "Place"),
        ("sources", "Source"),
        ("quotes", "Evidence"),
    ] {
        let n = count(
            site,
            &format!(
                "SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s a <{}{class}> }}",
                vocab::CKG
            ),
        );
        let _ = write!(body, "<div class=\"card\"><b>{}</b>{name}</div>", esc(&n));
    }
    let triples = count(site, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }");
    let _ = write!(
        body,
        "<div class=\"card\"><b>{}</b>triples</div></div>",
        esc(&triples)
    );
    let _ = write!(
        body,
        "<h2>Explore</h2><ul><li><a href=\"/timeline\">Timeline</a> of the events, drawn at the precision the sources give</li>\
         <li><a href=\"/queries\">Research questions</a>: the shipped SPARQL queries, runnable</li>\
         <li><a href=\"/query\">SPARQL query form</a>; endpoint for clients: <code>{local}sparql</code></li>\
         <li><a href=\"/ontology\">The conflict ontology</a></li></ul>\
         <h2>For machines</h2><ul><li>Dataset description (VoID, DCAT, PROV): <a href=\"/.well-known/void\">/.well-known/void</a></li>\
         <li>Graph Store Protocol: <a href=\"/data?default\">/data?default</a>, <code>/data?graph=IRI</code></li>\
         <li>Downloads: {downloads}</li></ul>",
        local = esc(&site.local),
        downloads = crate::export::Format::ALL
            .iter()
            .map(|f| format!(
                "<a href=\"/dump/conflict-kg{s}\">{}</a>",
                esc(f.name()),
                s = f.suffix()
            ))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    let sources = query::select(
        &site.store,
        &format!(
            "SELECT ?s ?l ?f {{ ?s a <{ckg}Source> ; <{ckg}fileName> ?f . OPTIONAL {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = \"en\") }} }} ORDER BY ?f",
            ckg = vocab::CKG
        ),
    );
    if let Ok((_, rows)) = sources {
        body.push_str("<h2>Source documents</h2><ul>");
        let mut labels = HashMap::new();
        for row in rows {
            if let Some(Term::NamedNode(s)) = row.get("s") {
                let f = row.get("f").map(query::display_term).unwrap_or_default();
                let _ = write!(
                    body,
                    "<li>{} (<code>{}</code>)</li>",
                    link(site, s.as_str(), &mut labels),
                    esc(&f)
                );
            }
        }
        body.push_str("</ul>");
    }
    html_response(StatusCode::OK, page("conflict-kg", &body))
}

/// `/queries`: the catalogue.
pub fn catalogue() -> Response<Body> {
    let mut body = String::from(
        "<h1>Research questions</h1><p class=\"sub\">Each runs against the live store.</p><table><tr><th>Question</th><th>What it returns</th></tr>",
    );
    for q in query::catalogue() {
        let _ = write!(
            body,
            "<tr><td><a href=\"/queries/{}\">{}</a></td><td>{}</td></tr>",
            esc(q.name),
            esc(q.title()),
            esc(q.description())
        );
    }
    body.push_str("</table>");
    html_response(StatusCode::OK, page("Research questions", &body))
}

/// The results of `sparql` as an HTML table (or an error message).
fn results_html(site: &Site, sparql: &str) -> String {
    let deadline = query::Deadline::start(site.config.timeout);
    let options = query::Options {
        max_held_rows: site.config.max_held_rows,
        ..deadline.options()
    };
    let out = match query::run_with(&site.store, sparql, &options) {
        Err(e) => format!("<p class=\"warn\">{}</p>", esc(&e.to_string())),
        Ok(QueryResults::Boolean(b)) => format!("<p><b>{b}</b></p>"),
        Ok(QueryResults::Solutions(solutions)) => {
            let variables = solutions.variables().to_vec();
            let mut labels = HashMap::new();
            let mut s = String::from("<table><tr>");
            for v in &variables {
                let _ = write!(s, "<th>{}</th>", esc(v.as_str()));
            }
            s.push_str("</tr>");
            let mut n = 0;
            let mut note = String::new();
            for row in solutions {
                match row {
                    Ok(_) if n >= site.config.max_results => {
                        note = format!(
                            "<p class=\"warn\">Results cut at {} rows.</p>",
                            site.config.max_results
                        );
                        break;
                    }
                    Ok(row) => {
                        s.push_str("<tr>");
                        for v in &variables {
                            let cell = row
                                .get(v)
                                .map(|t| term_html(site, t, &mut labels))
                                .unwrap_or_default();
                            let _ = write!(s, "<td>{cell}</td>");
                        }
                        s.push_str("</tr>");
                        n += 1;
                    }
                    Err(e) => {
                        note = format!("<p class=\"warn\">{}</p>", esc(&e.to_string()));
                        break;
                    }
                }
            }
            let _ = write!(
                s,
                "</table><p class=\"cite\">{n} row{}</p>{note}",
                if n == 1 { "" } else { "s" }
            );
            s
        }
        Ok(QueryResults::Graph(_)) => {
            format!(
                "<p>A CONSTRUCT or DESCRIBE query: get its graph from <a href=\"/sparql?query={}\">the endpoint</a>.</p>",
                url_encode(sparql)
            )
        }
    };
    drop(deadline);
    out
}

/// `/queries/NAME`: runs a shipped query and shows its answer and its text.
pub fn run_shipped(site: &Site, name: &str) -> Response<Body> {
    let Some(q) = query::catalogue().find(|q| q.name == name) else {
        return not_found(&format!("/queries/{name}"));
    };
    let body = format!(
        "<h1>{}</h1><p class=\"sub\">{}</p>{}<h2>SPARQL</h2><pre>{}</pre><p><a href=\"/query?query={}\">Edit this query</a></p>",
        esc(q.title()),
        esc(q.description()),
        results_html(site, q.text),
        esc(q.text),
        url_encode(q.text)
    );
    html_response(StatusCode::OK, page(q.title(), &body))
}

/// The query form, with results below when there is a query.
pub fn query_form_body(sparql: &str, results: Option<String>) -> String {
    let example = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?event ?date ?label WHERE {\n  ?e a ckg:Event ; ckg:id ?event ; ckg:edtf ?date ; rdfs:label ?label .\n  FILTER(LANG(?label) = \"en\")\n} ORDER BY ?date";
    let text = if sparql.is_empty() { example } else { sparql };
    format!(
        "<h1>SPARQL query</h1><p class=\"sub\">The default graph is the union of the ontology and the facts. \
         Clients use <code>/sparql</code> (SPARQL 1.1 Protocol).</p>\
         <form method=\"get\" action=\"/query\"><textarea name=\"query\">{}</textarea><p><button>Run</button></p></form>{}",
        esc(text),
        results.unwrap_or_default()
    )
}

/// `/query?query=…`: the form, and the results as a table.
pub fn query_form(site: &Site, query_string: &str) -> Response<Body> {
    let sparql = super::form_pairs(query_string)
        .into_iter()
        .find(|(k, _)| k == "query")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let results = (!sparql.trim().is_empty()).then(|| results_html(site, &sparql));
    html_response(
        StatusCode::OK,
        page("SPARQL query", &query_form_body(&sparql, results)),
    )
}

/// Used by the timeline: events with their dates, labels and types.
pub fn events(site: &Site) -> Vec<(String, String, String, String)> {
    let sparql = format!(
        "SELECT ?e ?edtf ?label ?type {{ ?e a <{ckg}Event> ; <{ckg}edtf> ?edtf ; <http://www.w3.org/2000/01/rdf-schema#label> ?label . \
         FILTER(LANG(?label) = \"en\") OPTIONAL {{ ?e <{ckg}eventType>/<http://www.w3.org/2000/01/rdf-schema#label> ?type FILTER(LANG(?type) = \"en\") }} }}",
        ckg = vocab::CKG
    );
    let Ok((_, rows)) = query::select(&site.store, &sparql) else {
        return Vec::new();
    };
    rows.into_iter()
        .filter_map(|r| {
            let Some(Term::NamedNode(e)) = r.get("e") else {
                return None;
            };
            Some((
                e.as_str().to_owned(),
                r.get("edtf").map(query::display_term)?,
                r.get("label").map(query::display_term)?,
                r.get("type").map(query::display_term).unwrap_or_default(),
            ))
        })
        .collect()
}
