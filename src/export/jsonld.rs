//! Compacted JSON-LD: short keys against a `@context` shipped with the data.
//!
//! Oxigraph's JSON-LD writer keeps full IRIs as keys, and sophia_jsonld 0.10
//! leaves compaction as a TODO in its serializer, so we compact ourselves. Our
//! graphs have a fixed shape (no blank nodes, sorted triples), which keeps the
//! writer small and deterministic; every document it writes is proven correct
//! by expanding it back with sophia's JSON-LD parser (an independent JSON-LD
//! processor) and comparing the graphs (see the tests and `build`).
//!
//! Shape: `{"@context": {…}, "@graph": [node, …]}`; for several named graphs,
//! `"@graph"` holds one `{"@id": graph, "@graph": [node, …]}` per graph. Each
//! node is `{"@id", "@type", then its properties sorted by key}`. A property
//! known to the context gets its short term, with a plain string when the
//! term's coercion fits the value (`@id`, a fixed datatype, a `@language`
//! map) and an explicit value object otherwise (e.g. a date's precision
//! datatype). Only a value a language map cannot hold keeps the compact IRI
//! key. Nothing is ever lost in compaction.

use std::collections::BTreeMap;
use std::io::{self, Write};

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use serde_json::{Map, Value, json};

use crate::ontology::Ontology;
use crate::vocab::{self, PREFIXES};

/// How a term coerces its values.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Coercion {
    /// Plain strings are `xsd:string` literals.
    None,
    /// Strings are IRIs.
    Id,
    /// A map from language tag to text(s).
    Language,
    /// Strings are literals of this datatype.
    Datatype(String),
}

#[derive(Debug, Clone)]
struct TermDef {
    iri: String,
    coercion: Coercion,
}

/// The JSON-LD context: prefixes and one short term per property we write.
#[derive(Debug, Clone)]
pub struct Context {
    /// Term name → definition, sorted by name.
    terms: BTreeMap<String, TermDef>,
    /// Property IRI → term name.
    by_iri: BTreeMap<String, String>,
}

/// Standard properties with short terms: (term, IRI, coercion).
const STANDARD_TERMS: &[(&str, &str, &str)] = &[
    ("label", "http://www.w3.org/2000/01/rdf-schema#label", "@language"),
    (
        "comment",
        "http://www.w3.org/2000/01/rdf-schema#comment",
        "@language",
    ),
    (
        "altLabel",
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "@language",
    ),
    (
        "note",
        "http://www.w3.org/2004/02/skos/core#editorialNote",
        "@language",
    ),
    ("sameAs", "http://www.w3.org/2002/07/owl#sameAs", "@id"),
    (
        "wasDerivedFrom",
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        "@id",
    ),
    ("title", "http://purl.org/dc/terms/title", "@language"),
    ("language", "http://purl.org/dc/terms/language", ""),
    ("creator", "http://purl.org/dc/terms/creator", "@id"),
    ("publisher", "http://purl.org/dc/terms/publisher", "@id"),
    ("hasBody", "http://www.w3.org/ns/oa#hasBody", "@id"),
    ("hasTarget", "http://www.w3.org/ns/oa#hasTarget", "@id"),
    ("hasSource", "http://www.w3.org/ns/oa#hasSource", "@id"),
    ("hasSelector", "http://www.w3.org/ns/oa#hasSelector", "@id"),
    ("exact", "http://www.w3.org/ns/oa#exact", "@language"),
    ("prefix", "http://www.w3.org/ns/oa#prefix", "@language"),
    ("suffix", "http://www.w3.org/ns/oa#suffix", "@language"),
    (
        "start",
        "http://www.w3.org/ns/oa#start",
        "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
    ),
    (
        "end",
        "http://www.w3.org/ns/oa#end",
        "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
    ),
    ("hasBeginning", "http://www.w3.org/2006/time#hasBeginning", "@id"),
    ("hasEnd", "http://www.w3.org/2006/time#hasEnd", "@id"),
    (
        "inXSDDate",
        "http://www.w3.org/2006/time#inXSDDate",
        "http://www.w3.org/2001/XMLSchema#date",
    ),
    (
        "inXSDgYearMonth",
        "http://www.w3.org/2006/time#inXSDgYearMonth",
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
    ),
    (
        "inXSDgYear",
        "http://www.w3.org/2006/time#inXSDgYear",
        "http://www.w3.org/2001/XMLSchema#gYear",
    ),
    (
        "subject",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
        "@id",
    ),
    (
        "predicate",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
        "@id",
    ),
    (
        "object",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
        "@id",
    ),
];

/// Our own properties whose values are not plain strings or IRIs.
const CKG_COERCIONS: &[(&str, &str)] = &[
    ("statement", "@language"),
    ("edtf", "http://id.loc.gov/datatypes/edtf/EDTF"),
    ("characterCount", "http://www.w3.org/2001/XMLSchema#integer"),
    ("dateUncertain", "http://www.w3.org/2001/XMLSchema#boolean"),
    ("dateApproximate", "http://www.w3.org/2001/XMLSchema#boolean"),
    ("isExcerpt", "http://www.w3.org/2001/XMLSchema#boolean"),
];

/// The prefixes of the JSON-LD context: ours, except `edtf`, whose only use
/// (the EDTF datatype) matters less than a short `edtf` key for `ckg:edtf`.
fn prefixes() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    PREFIXES.iter().filter(|(p, _)| *p != "edtf")
}

fn coercion(s: &str) -> Coercion {
    match s {
        "" => Coercion::None,
        "@id" => Coercion::Id,
        "@language" => Coercion::Language,
        dt => Coercion::Datatype(dt.to_owned()),
    }
}

impl Context {
    /// The context for our data: every `ckg:` property of `ontology` by its
    /// local name (object properties coerced to IRIs), plus short terms for the
    /// standard properties we write (`label`, `exact`, `hasTarget`…).
    pub fn new(ontology: &Ontology) -> Self {
        let mut terms = BTreeMap::new();
        for t in &ontology.triples {
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&t.subject, &t.object) else {
                continue;
            };
            if t.predicate.as_ref() != rdf::TYPE {
                continue;
            }
            let Some(local) = s.as_str().strip_prefix(vocab::CKG) else {
                continue;
            };
            let kind = match o.as_str() {
                "http://www.w3.org/2002/07/owl#ObjectProperty" => Coercion::Id,
                "http://www.w3.org/2002/07/owl#DatatypeProperty" => CKG_COERCIONS
                    .iter()
                    .find(|(name, _)| *name == local)
                    .map_or(Coercion::None, |(_, c)| coercion(c)),
                _ => continue,
            };
            terms.insert(
                local.to_owned(),
                TermDef {
                    iri: s.as_str().to_owned(),
                    coercion: kind,
                },
            );
        }
        // A term named like a prefix would shadow it (`role:attacker` would
        // expand through the `role` term), so prefixes win: those properties
        // keep their compact IRI (`ckg:role`).
        terms.retain(|name, _| prefixes().all(|(p, _)| p != name));
        for (name, iri, c) in STANDARD_TERMS {
            terms.entry((*name).to_owned()).or_insert(TermDef {
                iri: (*iri).to_owned(),
                coercion: coercion(c),
            });
        }
        let by_iri = terms
            .iter()
            .map(|(name, def)| (def.iri.clone(), name.clone()))
            .collect();
        Self { terms, by_iri }
    }

    /// The context as a JSON object: prefixes first, then terms, both sorted as declared.
    pub fn to_json(&self) -> Value {
        let mut ctx = Map::new();
        for (prefix, ns) in prefixes() {
            ctx.insert((*prefix).to_owned(), json!(ns));
        }
        for (name, def) in &self.terms {
            let id = Self::compact(&def.iri);
            let value = match &def.coercion {
                Coercion::None => json!(id),
                Coercion::Id => json!({"@id": id, "@type": "@id"}),
                Coercion::Language => json!({"@id": id, "@container": "@language"}),
                Coercion::Datatype(dt) => json!({"@id": id, "@type": Self::compact(dt)}),
            };
            ctx.insert(name.clone(), value);
        }
        Value::Object(ctx)
    }

    /// The context document shipped beside the data: `{"@context": {…}}`.
    pub fn document(&self) -> String {
        let mut text = pretty(&json!({ "@context": self.to_json() }));
        text.push('\n');
        text
    }

    /// `prefix:local` when a prefix covers `iri` and leaves a usable local part.
    fn compact(iri: &str) -> String {
        prefixes()
            .find_map(|(p, ns)| {
                let local = iri.strip_prefix(ns)?;
                (!local.is_empty() && !local.starts_with("//")).then(|| format!("{p}:{local}"))
            })
            .unwrap_or_else(|| iri.to_owned())
    }

    fn node_object(&self, subject: &NamedOrBlankNode, triples: &[&Triple]) -> Value {
        let mut node = Map::new();
        node.insert("@id".into(), json!(subject_id(subject)));
        let types: Vec<Value> = triples
            .iter()
            .filter(|t| t.predicate.as_ref() == rdf::TYPE)
            .filter_map(|t| match &t.object {
                Term::NamedNode(n) => Some(json!(Self::compact(n.as_str()))),
                _ => None,
            })
            .collect();
        let mut properties: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut languages: BTreeMap<String, BTreeMap<String, Vec<Value>>> = BTreeMap::new();
        for t in triples {
            if t.predicate.as_ref() == rdf::TYPE && matches!(t.object, Term::NamedNode(_)) {
                continue;
            }
            let term = self
                .by_iri
                .get(t.predicate.as_str())
                .map(|name| (name, &self.terms[name]));
            match (term, &t.object) {
                (Some((name, def)), Term::Literal(l)) if def.coercion == Coercion::Language => {
                    if let Some(lang) = l.language() {
                        languages
                            .entry(name.clone())
                            .or_default()
                            .entry(lang.to_owned())
                            .or_default()
                            .push(json!(l.value()));
                        continue;
                    }
                }
                _ => {}
            }
            // A term takes any value object, except a language map, which
            // holds only language-tagged strings: those values keep the IRI key.
            let (key, value) = match term {
                Some((name, def)) if def.coercion != Coercion::Language => (
                    name.clone(),
                    Self::coerced(def, &t.object).unwrap_or_else(|| Self::value_object(&t.object)),
                ),
                _ => (Self::compact(t.predicate.as_str()), Self::value_object(&t.object)),
            };
            properties.entry(key).or_default().push(value);
        }
        if !types.is_empty() {
            node.insert("@type".into(), one_or_many(types));
        }
        for (key, by_lang) in languages {
            let map: Map<String, Value> = by_lang.into_iter().map(|(l, v)| (l, one_or_many(v))).collect();
            properties.entry(key).or_default().push(Value::Object(map));
        }
        for (key, values) in properties {
            node.insert(key, one_or_many(values));
        }
        Value::Object(node)
    }

    /// The short form of `object` under `def`'s coercion, if it fits.
    fn coerced(def: &TermDef, object: &Term) -> Option<Value> {
        match (&def.coercion, object) {
            (Coercion::Id, Term::NamedNode(n)) => Some(json!(Self::compact(n.as_str()))),
            (Coercion::None, Term::Literal(l)) if l.datatype() == xsd::STRING => Some(json!(l.value())),
            (Coercion::Datatype(dt), Term::Literal(l))
                if l.datatype().as_str() == dt && l.language().is_none() =>
            {
                Some(json!(l.value()))
            }
            _ => None,
        }
    }

    /// An explicit value object (or node reference) for `object`.
    #[allow(
        clippy::match_wildcard_for_single_variants,
        reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
    )]
    fn value_object(object: &Term) -> Value {
        match object {
            Term::NamedNode(n) => json!({"@id": Self::compact(n.as_str())}),
            Term::BlankNode(b) => json!({"@id": format!("_:{}", b.as_str())}),
            Term::Literal(l) => match l.language() {
                Some(lang) => json!({"@value": l.value(), "@language": lang}),
                None if l.datatype() == xsd::STRING => json!({"@value": l.value()}),
                None => json!({"@value": l.value(), "@type": Self::compact(l.datatype().as_str())}),
            },
            #[allow(
                unreachable_patterns,
                reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature"
            )]
            _ => Value::Null,
        }
    }

    fn nodes(&self, triples: &[Triple]) -> Vec<Value> {
        // Triples arrive sorted by subject, so each subject's triples are contiguous.
        let mut nodes = Vec::new();
        let mut start = 0;
        while start < triples.len() {
            let subject = &triples[start].subject;
            let end = triples[start..]
                .iter()
                .position(|t| &t.subject != subject)
                .map_or(triples.len(), |n| start + n);
            let group: Vec<&Triple> = triples[start..end].iter().collect();
            nodes.push(self.node_object(subject, &group));
            start = end;
        }
        nodes
    }

    /// Writes `graphs` as one compacted JSON-LD document: a single graph as
    /// the default graph, several as named graphs.
    pub fn write(&self, graphs: &[(NamedNode, &[Triple])], mut out: impl Write) -> io::Result<()> {
        let graph = match graphs {
            [(_, triples)] => self.nodes(triples),
            many => many
                .iter()
                .map(|(name, triples)| json!({"@id": name.as_str(), "@graph": self.nodes(triples)}))
                .collect(),
        };
        let doc = json!({ "@context": self.to_json(), "@graph": graph });
        out.write_all(pretty(&doc).as_bytes())?;
        out.write_all(b"\n")
    }
}

fn subject_id(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn one_or_many(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    }
}

fn pretty(v: &Value) -> String {
    // Serialising a Value to a String cannot fail.
    serde_json::to_string_pretty(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::bridge;

    fn ontology() -> Ontology {
        Ontology::embedded().unwrap()
    }

    fn parse_turtle(text: &str) -> Vec<Triple> {
        let mut v: Vec<Triple> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()
            .unwrap();
        crate::pipeline::sort_triples(&mut v);
        v
    }

    const SAMPLE: &str = r#"
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
<http://ex.org/e> a ckg:Event ;
  rdfs:label "Drone"@en , "Drone"@fr , "Drone abattu"@fr ;
  ckg:id "e" ;
  ckg:edtf "2025-04"^^<http://id.loc.gov/datatypes/edtf/EDTF> ;
  ckg:date "2025-04"^^xsd:gYearMonth ;
  ckg:place <http://ex.org/p> ;
  ckg:statement "plain, no language" ;
  ckg:dateUncertain true ;
  <http://example.org/other> "x"^^xsd:integer .
<http://ex.org/s> oa:start "12"^^xsd:nonNegativeInteger ; oa:end "13"^^xsd:integer .
"#;

    #[test]
    fn compacted_documents_expand_back_to_the_same_graph() {
        let ctx = Context::new(&ontology());
        let triples = parse_turtle(SAMPLE);
        let mut buf = Vec::new();
        ctx.write(
            &[(NamedNode::new_unchecked("http://ex.org/g"), &triples)],
            &mut buf,
        )
        .unwrap();
        let text = String::from_utf8(buf).unwrap();
        let back = bridge::parse_jsonld(&text).unwrap();
        assert!(
            bridge::isomorphic(&back, &bridge::to_sophia(&triples)).unwrap(),
            "{text}"
        );
    }

    #[test]
    fn keys_are_short_where_the_coercion_fits() {
        let ctx = Context::new(&ontology());
        let triples = parse_turtle(SAMPLE);
        let mut buf = Vec::new();
        ctx.write(
            &[(NamedNode::new_unchecked("http://ex.org/g"), &triples)],
            &mut buf,
        )
        .unwrap();
        let doc: Value = serde_json::from_slice(&buf).unwrap();
        let event = &doc["@graph"][0];
        assert_eq!(event["@type"], "ckg:Event");
        assert_eq!(event["place"], "http://ex.org/p");
        // Values keep the triples' order (N-Triples order of the objects).
        assert_eq!(event["label"]["fr"], json!(["Drone abattu", "Drone"]));
        assert_eq!(event["edtf"], "2025-04");
        assert_eq!(
            event["date"],
            json!({"@value": "2025-04", "@type": "xsd:gYearMonth"})
        );
        // A plain string under a @language term falls back to the full key.
        assert_eq!(event["ckg:statement"], json!({"@value": "plain, no language"}));
        // A datatype that does not match the term's coercion keeps its type.
        assert_eq!(
            doc["@graph"][1]["end"],
            json!({"@value": "13", "@type": "xsd:integer"})
        );
        assert_eq!(doc["@graph"][1]["start"], "12");
    }

    #[test]
    fn several_graphs_become_named_graphs() {
        let ctx = Context::new(&ontology());
        let triples = parse_turtle(SAMPLE);
        let (a, b) = triples.split_at(3);
        let mut buf = Vec::new();
        ctx.write(
            &[
                (NamedNode::new_unchecked("http://ex.org/g1"), a),
                (NamedNode::new_unchecked("http://ex.org/g2"), b),
            ],
            &mut buf,
        )
        .unwrap();
        let doc: Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(doc["@graph"][0]["@id"], "http://ex.org/g1");
        assert_eq!(doc["@graph"][1]["@id"], "http://ex.org/g2");
    }
}
