//! The one place where sophia meets oxigraph's types.
//!
//! Oxigraph writes our files; sophia, an independent implementation, reads
//! them back. Comparing the two as graphs (isomorphism, blank nodes included)
//! proves an export says exactly what the store holds — for archivists, a
//! check worth more than a byte comparison, which only proves stability.

use std::collections::HashSet;

use oxigraph::model::{Term, TermRef, Triple};
use sophia::api::MownStr;
use sophia::api::prelude::*;
use sophia::api::term::{BnodeId, IriRef, LanguageTag, SimpleTerm};

/// A triple as sophia sees it.
pub type SophiaTriple = [SimpleTerm<'static>; 3];

/// Why sophia could not read or compare a graph.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BridgeError(String);

fn owned(s: &str) -> MownStr<'static> {
    MownStr::from(s.to_owned())
}

#[allow(
    clippy::match_wildcard_for_single_variants,
    reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
)]
fn term(t: TermRef<'_>) -> SimpleTerm<'static> {
    match t {
        TermRef::NamedNode(n) => SimpleTerm::Iri(IriRef::new_unchecked(owned(n.as_str()))),
        TermRef::BlankNode(b) => SimpleTerm::BlankNode(BnodeId::new_unchecked(owned(b.as_str()))),
        TermRef::Literal(l) => match l.language() {
            Some(lang) => {
                SimpleTerm::LiteralLanguage(owned(l.value()), LanguageTag::new_unchecked(owned(lang)), None)
            }
            None => SimpleTerm::LiteralDatatype(
                owned(l.value()),
                IriRef::new_unchecked(owned(l.datatype().as_str())),
            ),
        },
        #[allow(
            unreachable_patterns,
            reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature"
        )]
        _ => SimpleTerm::Iri(IriRef::new_unchecked(owned("urn:unsupported:triple-term"))),
    }
}

/// Converts oxigraph triples to sophia triples.
pub fn to_sophia(triples: &[Triple]) -> Vec<SophiaTriple> {
    triples
        .iter()
        .map(|t| {
            [
                term(Term::from(t.subject.clone()).as_ref()),
                term(t.predicate.as_ref().into()),
                term(t.object.as_ref()),
            ]
        })
        .collect()
}

/// Parses Turtle with sophia's parser.
pub fn parse_turtle(text: &str) -> Result<Vec<SophiaTriple>, BridgeError> {
    sophia::turtle::parser::turtle::parse_str(text)
        .collect_triples::<Vec<SophiaTriple>>()
        .map_err(|e| BridgeError(format!("sophia cannot parse the Turtle: {e}")))
}

/// Parses N-Triples with sophia's parser.
pub fn parse_ntriples(text: &str) -> Result<Vec<SophiaTriple>, BridgeError> {
    sophia::turtle::parser::nt::parse_str(text)
        .collect_triples::<Vec<SophiaTriple>>()
        .map_err(|e| BridgeError(format!("sophia cannot parse the N-Triples: {e}")))
}

/// Parses N-Quads with sophia's parser, keeping the triples of every graph.
pub fn parse_nquads(text: &str) -> Result<Vec<SophiaTriple>, BridgeError> {
    quads_to_triples(
        sophia::turtle::parser::nq::parse_str(text).collect_quads(),
        "N-Quads",
    )
}

/// Parses TriG with sophia's parser, keeping the triples of every graph.
pub fn parse_trig(text: &str) -> Result<Vec<SophiaTriple>, BridgeError> {
    quads_to_triples(
        sophia::turtle::parser::trig::parse_str(text).collect_quads(),
        "TriG",
    )
}

fn quads_to_triples<E: std::error::Error, F: std::error::Error>(
    result: sophia::api::source::StreamResult<Vec<sophia::api::quad::Spog<SimpleTerm<'static>>>, E, F>,
    what: &str,
) -> Result<Vec<SophiaTriple>, BridgeError> {
    result
        .map(|quads| quads.into_iter().map(|(spo, _)| spo).collect())
        .map_err(|e| BridgeError(format!("sophia cannot parse the {what}: {e}")))
}

/// Parses JSON-LD with sophia's parser (the `json-ld` crate's expansion and
/// toRdf), keeping the triples of every graph (graph names are dropped).
pub fn parse_jsonld(text: &str) -> Result<Vec<SophiaTriple>, BridgeError> {
    use sophia::api::quad::Spog;
    let result: sophia::api::source::StreamResult<Vec<Spog<SimpleTerm<'static>>>, _, _> =
        sophia::jsonld::JsonLdParser::new()
            .parse_str(text)
            .collect_quads();
    quads_to_triples(result, "JSON-LD")
}

/// The RDFC-1.0 canonical N-Quads of `quads`, computed by sophia_c14n:
/// the independent implementation our canonical export is checked against.
pub fn canonical_nquads_with_sophia(quads: &[oxigraph::model::Quad]) -> Result<String, BridgeError> {
    use oxigraph::model::GraphName;
    use sophia::api::dataset::MutableDataset;
    let mut dataset = sophia::inmem::dataset::LightDataset::new();
    for q in quads {
        let graph = match &q.graph_name {
            GraphName::NamedNode(n) => Some(term(n.as_ref().into())),
            GraphName::BlankNode(b) => Some(term(b.as_ref().into())),
            GraphName::DefaultGraph => None,
        };
        dataset
            .insert(
                term(Term::from(q.subject.clone()).as_ref()),
                term(q.predicate.as_ref().into()),
                term(q.object.as_ref()),
                graph,
            )
            .map_err(|e| BridgeError(format!("cannot build the dataset: {e}")))?;
    }
    let mut out = Vec::new();
    sophia::c14n::rdfc10::normalize(&dataset, &mut out)
        .map_err(|e| BridgeError(format!("sophia_c14n: {e}")))?;
    String::from_utf8(out).map_err(|e| BridgeError(e.to_string()))
}

/// Whether two graphs are isomorphic (equal up to blank node renaming).
///
/// Without blank nodes, isomorphism is set equality, checked directly; with
/// them, sophia's canonicalisation-based check decides.
pub fn isomorphic(a: &[SophiaTriple], b: &[SophiaTriple]) -> Result<bool, BridgeError> {
    let has_blank = |g: &[SophiaTriple]| g.iter().flatten().any(|t| matches!(t, SimpleTerm::BlankNode(_)));
    if !has_blank(a) && !has_blank(b) {
        let (x, y): (HashSet<&SophiaTriple>, HashSet<&SophiaTriple>) =
            (a.iter().collect(), b.iter().collect());
        return Ok(x == y);
    }
    let (a, b) = (dedup(a), dedup(b));
    sophia::isomorphism::isomorphic_graphs(&a, &b)
        .map_err(|e| BridgeError(format!("cannot compare graphs: {e}")))
}

fn dedup(g: &[SophiaTriple]) -> Vec<SophiaTriple> {
    let mut seen = HashSet::new();
    g.iter().filter(|t| seen.insert(*t)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"@prefix ex: <http://example.org/> .
ex:a ex:p "x"@fr , "1"^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:q [ ex:r ex:b ] ."#;
    const B: &str = r#"_:n <http://example.org/r> <http://example.org/b> .
<http://example.org/a> <http://example.org/q> _:n .
<http://example.org/a> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://example.org/a> <http://example.org/p> "x"@fr ."#;

    #[test]
    fn the_same_graph_in_two_syntaxes_is_isomorphic() {
        assert!(isomorphic(&parse_turtle(A).unwrap(), &parse_ntriples(B).unwrap()).unwrap());
    }

    #[test]
    fn oxigraph_triples_convert_to_the_same_graph() {
        let ox: Vec<Triple> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(A.as_bytes())
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(isomorphic(&to_sophia(&ox), &parse_turtle(A).unwrap()).unwrap());
    }

    #[test]
    fn a_changed_literal_is_not_isomorphic() {
        let changed = B.replace("\"x\"@fr", "\"y\"@fr");
        assert!(!isomorphic(&parse_turtle(A).unwrap(), &parse_ntriples(&changed).unwrap()).unwrap());
    }

    #[test]
    fn blank_nodes_are_compared_up_to_renaming() {
        let a = parse_ntriples("_:x <http://ex.org/p> _:y .\n_:y <http://ex.org/p> \"v\" .").unwrap();
        let b = parse_ntriples("_:m <http://ex.org/p> \"v\" .\n_:n <http://ex.org/p> _:m .").unwrap();
        let c = parse_ntriples("_:m <http://ex.org/p> \"v\" .\n_:m <http://ex.org/p> _:n .").unwrap();
        assert!(isomorphic(&a, &b).unwrap());
        assert!(!isomorphic(&a, &c).unwrap());
    }

    #[test]
    fn bad_turtle_is_an_error_not_a_panic() {
        assert!(parse_turtle("<a> <b> .").is_err());
    }
}
