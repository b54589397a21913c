//! Reading an export back, to prove it says exactly what the store holds.
//!
//! Every file `build` writes is parsed again before it replaces the previous
//! one: by oxigraph (every format; compared quad for quad, which is graph
//! isomorphism since we emit no blank nodes) and by sophia, an independent
//! implementation (Turtle, N-Triples, N-Quads, TriG and JSON-LD; compared
//! as graphs with its isomorphism check).

use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, Quad, Triple};

use super::{Format, Selection};
use crate::pipeline::Compiled;
use crate::rdf::bridge;

/// Why an export does not read back as expected.
#[derive(Debug, thiserror::Error)]
#[error("{format} export does not read back as the store's content: {reason}")]
pub struct VerifyError {
    format: &'static str,
    reason: String,
}

/// The quads an export of `selection` in `format` must read back as.
fn expected(compiled: &Compiled, format: Format, selection: Selection) -> Vec<Quad> {
    let graphs = selection.graphs(compiled);
    let named = format.has_graphs() || (format == Format::JsonLd && selection == Selection::All);
    graphs
        .iter()
        .flat_map(|g| {
            let name = if named {
                GraphName::NamedNode(compiled.graph_iri(*g))
            } else {
                GraphName::DefaultGraph
            };
            compiled
                .triples(*g)
                .iter()
                .map(move |t| t.clone().in_graph(name.clone()))
        })
        .collect()
}

fn sorted_lines(quads: impl IntoIterator<Item = Quad>) -> Vec<String> {
    let mut v: Vec<String> = quads.into_iter().map(|q| q.to_string()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Checks that `bytes`, an export of `selection` in `format`, reads back
/// with both parsers as exactly the selected graphs of `compiled`.
pub fn verify(
    compiled: &Compiled,
    format: Format,
    selection: Selection,
    bytes: &[u8],
) -> Result<(), VerifyError> {
    let fail = |reason: String| VerifyError {
        format: format.name(),
        reason,
    };
    let expected = expected(compiled, format, selection);
    let parsed: Vec<Quad> = RdfParser::from_format(format.rdf_format())
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| fail(format!("oxigraph cannot parse it: {e}")))?;
    let (want, got) = (sorted_lines(expected.iter().cloned()), sorted_lines(parsed));
    if want != got {
        let missing = want.iter().find(|l| !got.contains(l));
        let extra = got.iter().find(|l| !want.contains(l));
        return Err(fail(format!(
            "oxigraph reads {} quads instead of {}; first missing: {missing:?}; first unexpected: {extra:?}",
            got.len(),
            want.len()
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| fail(e.to_string()))?;
    let by_sophia = match format {
        Format::Turtle => bridge::parse_turtle(text),
        Format::NTriples => bridge::parse_ntriples(text),
        Format::NQuads | Format::CanonicalNQuads => bridge::parse_nquads(text),
        Format::TriG => bridge::parse_trig(text),
        Format::JsonLd => bridge::parse_jsonld(text),
        Format::RdfXml => return Ok(()), // sophia's XML parser is not built in; rdflib reads it in CI
    }
    .map_err(|e| fail(e.to_string()))?;
    let triples: Vec<Triple> = expected.into_iter().map(Triple::from).collect();
    match bridge::isomorphic(&by_sophia, &bridge::to_sophia(&triples)) {
        Ok(true) => Ok(()),
        Ok(false) => Err(fail("sophia reads a different graph".into())),
        Err(e) => Err(fail(e.to_string())),
    }
}
