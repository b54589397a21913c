//! The conflict ontology, embedded in the binary, and the vocabularies read from it.
//!
//! `ontology/conflict.ttl` is compiled in, so an installed binary needs no
//! repository. The closed lists the data may use (actor and place kinds, event
//! types, roles, stances, relation types) are read from it rather than written
//! in code: a curator adds an event type by adding a SKOS concept, nothing else.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple, vocab::rdfs};

use crate::vocab::{self, std_terms};

/// The ontology's Turtle source, as shipped.
pub const TURTLE: &str = include_str!("../ontology/conflict.ttl");

/// The ontology could not be read (only possible after editing its source).
#[derive(Debug, thiserror::Error)]
#[error("ontology/conflict.ttl is not valid Turtle: {0}")]
pub struct OntologyError(String);

/// A closed list of names the data may use, each with the IRI it maps to.
pub type Names = BTreeMap<String, NamedNode>;

/// The parsed ontology and the vocabularies the data is checked against.
#[derive(Debug, Clone)]
pub struct Ontology {
    /// Every triple of the ontology, in file order.
    pub triples: Vec<Triple>,
    /// `kind = "…"` of actors: kebab-case names of the subclasses of `ckg:Actor`.
    pub actor_kinds: Names,
    /// `kind = "…"` of places: subclasses of `ckg:Place`.
    pub place_kinds: Names,
    /// `type = "…"` of events: concepts of the event-type scheme.
    pub event_types: Names,
    /// `role = "…"` of participants: concepts of the role scheme.
    pub roles: Names,
    /// `stance = "…"` of claims: concepts of the stance scheme.
    pub stances: Names,
    /// `type = "…"` of relations: sub-properties of `ckg:relatedTo`.
    pub relation_types: Names,
    /// `kind = "…"` of quantities: concepts of the quantity-kind scheme.
    pub quantity_kinds: Names,
    /// `unit = "…"` of quantities: concepts of the unit scheme.
    pub units: Names,
}

impl Ontology {
    /// Parses the embedded ontology.
    pub fn embedded() -> Result<Self, OntologyError> {
        Self::parse(TURTLE)
    }

    /// Parses an ontology from Turtle text.
    pub fn parse(turtle: &str) -> Result<Self, OntologyError> {
        let mut triples = Vec::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            triples.push(Triple::from(quad.map_err(|e| OntologyError(e.to_string()))?));
        }
        let index = Index::new(&triples);
        Ok(Self {
            actor_kinds: index.kinds(vocab::class::ACTOR, rdfs::SUB_CLASS_OF, to_kebab),
            place_kinds: index.kinds(vocab::class::PLACE, rdfs::SUB_CLASS_OF, to_kebab),
            relation_types: index.kinds(vocab::prop::RELATED_TO, rdfs::SUB_PROPERTY_OF, to_kebab),
            event_types: index.concepts(vocab::EVENT_TYPE),
            roles: index.concepts(vocab::ROLE),
            stances: index.concepts(vocab::STANCE),
            quantity_kinds: index.concepts(vocab::QUANTITY_KIND),
            units: index.concepts(vocab::UNIT),
            triples,
        })
    }

    /// Whether `iri` is declared (has an `rdf:type`) in the ontology.
    pub fn declares(&self, iri: NamedNodeRef<'_>) -> bool {
        self.triples.iter().any(|t| {
            t.predicate.as_ref() == oxigraph::model::vocab::rdf::TYPE
                && matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s.as_ref() == iri)
        })
    }
}

/// NamedOrBlankNode/predicate/object look-ups over the ontology's triples.
struct Index<'a> {
    triples: &'a [Triple],
}

impl<'a> Index<'a> {
    fn new(triples: &'a [Triple]) -> Self {
        Self { triples }
    }

    /// Subjects `s` with `s predicate object`.
    fn subjects(&self, predicate: NamedNodeRef<'_>, object: NamedNodeRef<'_>) -> Vec<&'a NamedNode> {
        self.triples
            .iter()
            .filter(|t| {
                t.predicate.as_ref() == predicate
                    && matches!(&t.object, Term::NamedNode(o) if o.as_ref() == object)
            })
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(s) => Some(s),
                NamedOrBlankNode::BlankNode(_) => None,
            })
            .collect()
    }

    /// Everything below `root` through `link` (transitively), named by `name`
    /// from its local part in the ontology namespace.
    fn kinds(&self, root: NamedNodeRef<'_>, link: NamedNodeRef<'_>, name: fn(&str) -> String) -> Names {
        let mut seen = BTreeSet::new();
        let mut todo = vec![root.into_owned()];
        let mut names = Names::new();
        while let Some(parent) = todo.pop() {
            for child in self.subjects(link, parent.as_ref()) {
                if seen.insert(child.clone()) {
                    if let Some(local) = child.as_str().strip_prefix(vocab::CKG) {
                        names.insert(name(local), child.clone());
                    }
                    todo.push(child.clone());
                }
            }
        }
        names
    }

    /// The concepts in `namespace` that are `skos:inScheme` their scheme
    /// (the namespace without its `#`).
    fn concepts(&self, namespace: &str) -> Names {
        let scheme = NamedNode::new_unchecked(namespace.trim_end_matches('#'));
        self.subjects(std_terms::SKOS_IN_SCHEME, scheme.as_ref())
            .into_iter()
            .filter_map(|c| Some((c.as_str().strip_prefix(namespace)?.to_owned(), c.clone())))
            .collect()
    }
}

/// `ArmedGroup` → `armed-group`, `memberOf` → `member-of`.
fn to_kebab(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ontology() -> Ontology {
        Ontology::embedded().unwrap()
    }

    #[test]
    fn every_vocab_constant_is_declared_in_the_ontology() {
        let o = ontology();
        for term in vocab::class::ALL.iter().chain(vocab::prop::ALL) {
            assert!(
                o.declares(*term),
                "{term} is used by the code but not declared in ontology/conflict.ttl"
            );
        }
    }

    #[test]
    fn the_ontology_has_no_blank_nodes() {
        for t in &ontology().triples {
            assert!(!matches!(t.subject, NamedOrBlankNode::BlankNode(_)), "{t}");
            assert!(!matches!(t.object, Term::BlankNode(_)), "{t}");
        }
    }

    #[test]
    fn every_ckg_term_has_english_and_french_labels_and_comments() {
        let o = ontology();
        let declared: BTreeSet<&NamedNode> = o
            .triples
            .iter()
            .filter(|t| t.predicate.as_ref() == oxigraph::model::vocab::rdf::TYPE)
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(vocab::ONTOLOGY) => Some(s),
                _ => None,
            })
            .collect();
        assert!(declared.len() > 50, "only {} terms declared", declared.len());
        for term in declared {
            for predicate in [rdfs::LABEL, rdfs::COMMENT] {
                for lang in ["en", "fr"] {
                    let found = o.triples.iter().any(|t| {
                        matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s == term)
                            && t.predicate.as_ref() == predicate
                            && matches!(&t.object, Term::Literal(l) if l.language() == Some(lang))
                    });
                    assert!(found, "{term} has no {predicate} in {lang}");
                }
            }
        }
    }

    #[test]
    fn vocabularies_are_read_from_the_ontology() {
        let o = ontology();
        for kind in [
            "state",
            "armed-group",
            "coalition",
            "international-organisation",
            "military-force",
            "person",
        ] {
            assert!(o.actor_kinds.contains_key(kind), "actor kind {kind}");
        }
        assert!(o.place_kinds.contains_key("settlement"));
        assert!(o.event_types.contains_key("aircraft-downing"));
        assert!(o.roles.contains_key("attacker") && o.roles.contains_key("signatory"));
        assert!(o.stances.contains_key("asserts") && o.stances.contains_key("denies"));
        assert!(o.relation_types.contains_key("member-of"));
        assert_eq!(
            o.actor_kinds["armed-group"].as_str(),
            "https://w3id.org/conflict-kg/ontology#ArmedGroup"
        );
    }

    #[test]
    fn every_event_type_is_crosswalked_to_acled() {
        let o = ontology();
        let matches = [
            "http://www.w3.org/2004/02/skos/core#closeMatch",
            "http://www.w3.org/2004/02/skos/core#exactMatch",
            "http://www.w3.org/2004/02/skos/core#broadMatch",
            "http://www.w3.org/2004/02/skos/core#narrowMatch",
        ];
        for (name, iri) in &o.event_types {
            let found = o.triples.iter().any(|t| {
                matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s == iri)
                    && matches.contains(&t.predicate.as_str())
                    && matches!(&t.object, Term::NamedNode(n) if n.as_str().starts_with(vocab::ACLED))
            });
            assert!(found, "event type {name} has no ACLED match");
        }
    }

    #[test]
    fn the_ontology_has_its_metadata() {
        let o = ontology();
        let about = |p: &str| {
            o.triples
                .iter()
                .filter(
                    |t| matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s.as_str() == vocab::ONTOLOGY),
                )
                .filter(|t| t.predicate.as_str() == p)
                .count()
        };
        assert!(about("http://purl.org/dc/terms/title") >= 2);
        assert_eq!(about("http://www.w3.org/2002/07/owl#versionInfo"), 1);
        assert_eq!(about("http://purl.org/dc/terms/license"), 1);
        assert!(about("http://purl.org/dc/terms/creator") >= 1);
    }

    #[test]
    fn kebab_names() {
        assert_eq!(
            to_kebab("InternationalOrganisation"),
            "international-organisation"
        );
        assert_eq!(to_kebab("holdsOfficeIn"), "holds-office-in");
    }
}
