//! RDFS entailment, materialised on request (`--entailment rdfs`).
//!
//! So that a researcher can ask for `sem:Event` or `prov:Entity` on a store
//! without a reasoner, we add to the facts what the ontology's
//! `rdfs:subClassOf`, `rdfs:subPropertyOf`, `rdfs:domain` and `rdfs:range`
//! entail (RDFS rules rdfs2, rdfs3, rdfs5, rdfs7, rdfs9, rdfs11). The schema
//! closures are computed once, so one pass over the facts reaches the fixpoint:
//! a triple derived by rdfs7 uses a super-property whose own super-properties,
//! domains and ranges are already in the closure. The axiomatic triples and
//! rdfs4/rdfs8/rdfs12/rdfs13 (everything is an `rdfs:Resource`…) carry no
//! information a query needs, and are left out.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};

use crate::pipeline::sort_triples;

/// The schema relations of an ontology, closed transitively.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Class → all its super-classes (excluding itself).
    super_classes: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    /// Property → all its super-properties (excluding itself).
    super_properties: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    /// Property → its declared domains.
    domains: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    /// Property → its declared ranges.
    ranges: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
}

impl Schema {
    /// Reads the schema triples of `ontology`.
    pub fn new(ontology: &[Triple]) -> Self {
        let mut direct_classes: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
        let mut direct_properties: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
        let mut schema = Schema::default();
        for t in ontology {
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&t.subject, &t.object) else {
                continue;
            };
            let target = match t.predicate.as_ref() {
                p if p == rdfs::SUB_CLASS_OF => &mut direct_classes,
                p if p == rdfs::SUB_PROPERTY_OF => &mut direct_properties,
                p if p == rdfs::DOMAIN => &mut schema.domains,
                p if p == rdfs::RANGE => &mut schema.ranges,
                _ => continue,
            };
            target.entry(s.clone()).or_default().insert(o.clone());
        }
        schema.super_classes = close(&direct_classes);
        schema.super_properties = close(&direct_properties);
        schema
    }

    /// The class and all its super-classes.
    fn with_supers<'a>(&'a self, class: &'a NamedNode) -> impl Iterator<Item = &'a NamedNode> + 'a {
        let supers = self.super_classes.get(class).into_iter().flatten();
        std::iter::once(class).chain(supers)
    }

    /// The triples `facts` entail under this schema that `facts` does not
    /// already hold, sorted.
    #[allow(
        clippy::match_wildcard_for_single_variants,
        reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
    )]
    pub fn entail(&self, facts: &[Triple]) -> Vec<Triple> {
        let known: HashSet<&Triple> = facts.iter().collect();
        let mut out = Vec::new();
        let typed = |out: &mut Vec<Triple>, node: &NamedOrBlankNode, class: &NamedNode| {
            for c in self.with_supers(class) {
                out.push(Triple::new(node.clone(), rdf::TYPE, c.clone()));
            }
        };
        for t in facts {
            if t.predicate.as_ref() == rdf::TYPE {
                if let Term::NamedNode(class) = &t.object {
                    typed(&mut out, &t.subject, class); // rdfs9
                }
                continue;
            }
            let props = std::iter::once(&t.predicate)
                .chain(self.super_properties.get(&t.predicate).into_iter().flatten());
            for p in props {
                if p != &t.predicate {
                    out.push(Triple::new(t.subject.clone(), p.clone(), t.object.clone())); // rdfs7
                }
                for d in self.domains.get(p).into_iter().flatten() {
                    typed(&mut out, &t.subject, d); // rdfs2
                }
                let object = match &t.object {
                    Term::NamedNode(n) => Some(NamedOrBlankNode::NamedNode(n.clone())),
                    Term::BlankNode(b) => Some(NamedOrBlankNode::BlankNode(b.clone())),
                    // Literals cannot be subjects, nor can RDF 1.2 triple terms.
                    _ => None,
                };
                if let Some(object) = object {
                    for r in self.ranges.get(p).into_iter().flatten() {
                        typed(&mut out, &object, r); // rdfs3
                    }
                }
            }
        }
        out.retain(|t| !known.contains(t));
        sort_triples(&mut out);
        out
    }
}

/// The transitive closure of a relation (rdfs5, rdfs11), cycles included.
fn close(direct: &BTreeMap<NamedNode, BTreeSet<NamedNode>>) -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
    let mut closed = BTreeMap::new();
    for start in direct.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&NamedNode> = direct[start].iter().collect();
        while let Some(next) = todo.pop() {
            if seen.insert(next.clone()) {
                todo.extend(direct.get(next).into_iter().flatten());
            }
        }
        seen.remove(start);
        closed.insert(start.clone(), seen);
    }
    closed
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    fn parse(ttl: &str) -> Vec<Triple> {
        let text = format!(
            "@prefix : <http://ex.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n{ttl}"
        );
        RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn lines(triples: &[Triple]) -> Vec<String> {
        triples
            .iter()
            .map(|t| t.to_string().replace("http://ex.org/", ""))
            .collect()
    }

    const SCHEMA: &str = "
        :Event rdfs:subClassOf :Happening . :Happening rdfs:subClassOf :Thing .
        :attacker rdfs:subPropertyOf :participant . :participant rdfs:subPropertyOf :related .
        :participant rdfs:domain :Event ; rdfs:range :Actor .
        :Actor rdfs:subClassOf :Agent .
        :A rdfs:subClassOf :B . :B rdfs:subClassOf :A .";

    #[test]
    fn subclass_subproperty_domain_and_range_are_materialised() {
        let schema = Schema::new(&parse(SCHEMA));
        let facts = parse(":e a :Event ; :attacker :x ; :label \"e\" .");
        let got = lines(&schema.entail(&facts));
        let expected = [
            "<e> <related> <x>",
            "<e> <participant> <x>",
            "<e> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <Happening>",
            "<e> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <Thing>",
            "<x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <Actor>",
            "<x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <Agent>",
        ];
        for e in expected {
            assert!(got.iter().any(|g| g == e), "missing {e} in {got:#?}");
        }
        // Nothing already stated is repeated; `e a Event` is not re-derived.
        assert!(
            !got.iter()
                .any(|g| g == "<e> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <Event>")
        );
        assert_eq!(got.len(), expected.len(), "{got:#?}");
    }

    #[test]
    fn literals_get_no_range_type_and_cycles_terminate() {
        let schema = Schema::new(&parse(&format!("{SCHEMA} :name rdfs:range :Text .")));
        let facts = parse(":e :name \"x\" . :y a :A .");
        let got = lines(&schema.entail(&facts));
        assert_eq!(
            got,
            vec!["<y> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <B>"]
        );
    }

    #[test]
    fn entailment_is_deterministic_and_idempotent() {
        let schema = Schema::new(&parse(SCHEMA));
        let facts = parse(":e a :Event ; :attacker :x .");
        let once = schema.entail(&facts);
        assert_eq!(once, schema.entail(&facts));
        let mut all = facts.clone();
        all.extend(once);
        assert!(
            schema.entail(&all).is_empty(),
            "a second pass derives nothing new"
        );
    }
}
