//! RDFC-1.0 canonical N-Quads, for archives that compare and sign graphs.
//!
//! Oxrdf's `CanonicalizationAlgorithm::Rdfc10` (never the default `Unstable`
//! one, which may change between versions) relabels blank nodes; each quad is
//! then written in canonical N-Quads and the lines sorted in code point order,
//! as the RDFC-1.0 specification requires. A test cross-checks the result
//! byte for byte against sophia's independent implementation (`sophia_c14n`).

use oxigraph::model::Quad;
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};

/// The canonical N-Quads document of `quads`.
///
/// ```
/// use conflict_kg::export::canonical::canonical_nquads;
/// use oxigraph::model::*;
/// let ex = NamedNode::new("http://example.org/a").unwrap();
/// let quads = [Quad::new(BlankNode::default(), ex.clone(), ex.clone(), GraphName::DefaultGraph)];
/// assert_eq!(canonical_nquads(quads), "_:c14n0 <http://example.org/a> <http://example.org/a> .\n");
/// ```
pub fn canonical_nquads(quads: impl IntoIterator<Item = Quad>) -> String {
    let mut dataset: Dataset = quads.into_iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    lines.dedup();
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::bridge;
    use oxigraph::io::{RdfFormat, RdfParser};

    fn parse(nquads: &str) -> Vec<Quad> {
        RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(nquads.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// Graphs with blank nodes in every position, cycles, and escapes.
    const CASES: &[&str] = &[
        "_:a <http://ex.org/p> _:b .\n_:b <http://ex.org/p> _:a .\n",
        "_:a <http://ex.org/p> \"x\"@fr .\n_:b <http://ex.org/p> \"x\"@fr .\n_:a <http://ex.org/q> _:b <http://ex.org/g> .\n",
        "<http://ex.org/s> <http://ex.org/p> \"line\\nbreak \\\"quoted\\\" tab\\t back\\\\slash é\" .\n",
        "_:x <http://ex.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .\n_:g <http://ex.org/p> _:x .\n",
        "_:a <http://ex.org/p> _:b .\n_:b <http://ex.org/p> _:c .\n_:c <http://ex.org/p> _:a .\n_:d <http://ex.org/p> _:e .\n_:e <http://ex.org/p> _:d .\n",
    ];

    #[test]
    fn oxrdf_and_sophia_agree_on_graphs_with_blank_nodes() {
        for case in CASES {
            let quads = parse(case);
            let ours = canonical_nquads(quads.clone());
            let theirs = bridge::canonical_nquads_with_sophia(&quads).unwrap();
            assert_eq!(ours, theirs, "for:\n{case}");
        }
    }

    #[test]
    fn canonical_form_does_not_depend_on_blank_node_labels_or_order() {
        let a = canonical_nquads(parse(
            "_:x <http://ex.org/p> _:y .\n_:y <http://ex.org/q> \"v\" .\n",
        ));
        let b = canonical_nquads(parse(
            "_:m <http://ex.org/q> \"v\" .\n_:n <http://ex.org/p> _:m .\n",
        ));
        assert_eq!(a, b);
    }
}
