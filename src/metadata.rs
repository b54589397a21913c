//! The dataset's description, generated from the build, never hand-written.
//!
//! VoID (sizes, class and property partitions, example resources, vocabularies),
//! DCAT (one distribution per export file with media type, byte size, SHA-256,
//! licence, publisher, temporal and spatial coverage computed from the data) and
//! PROV (the run: software and version, the source documents used, the git
//! commit). No timestamp unless asked for, so a rebuild reproduces every byte.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use crate::export::Format;
use crate::iri::Kind;
use crate::model::date::{Bound, Date, Edtf};
use crate::pipeline::{Compiled, Graph, sort_triples};
use crate::rdf::typed_date;
use crate::vocab::{PREFIXES, meta, prop, std_terms as st};

/// The dataset's name segment: `{base}dataset/conflict-kg`.
pub const DATASET: &str = "conflict-kg";
/// The licence of the data.
pub const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

/// One file written by `build`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// Its file name in the output directory.
    pub file: String,
    /// Its format.
    pub format: Format,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

/// What is known of the run that generated the dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// `git rev-parse HEAD` of the data directory, `-dirty` when modified.
    pub git_commit: Option<String>,
    /// An `xsd:dateTime` to record as the end of the run, when asked for.
    pub timestamp: Option<String>,
    /// The SPARQL endpoint serving the dataset, when served.
    pub sparql_endpoint: Option<String>,
}

struct Out<'a> {
    compiled: &'a Compiled,
    triples: Vec<Triple>,
}

impl Out<'_> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.triples.push(Triple::new(s.clone(), p, o));
    }

    fn below(&self, parent: &NamedNode, path: &str) -> NamedNode {
        self.compiled.minter.below(parent, path)
    }
}

/// The description of `compiled` and its `distributions`, as sorted triples.
pub fn describe(compiled: &Compiled, distributions: &[Distribution], run: &Run) -> Vec<Triple> {
    let dataset = compiled.minter.dataset(DATASET);
    let mut out = Out {
        compiled,
        triples: Vec::new(),
    };
    let text = |s: &str, lang: &str| Literal::new_language_tagged_literal_unchecked(s, lang);
    out.add(&dataset, rdf::TYPE, meta::VOID_DATASET);
    out.add(&dataset, rdf::TYPE, meta::DCAT_DATASET);
    out.add(
        &dataset,
        st::DCTERMS_TITLE,
        text(
            "conflict-kg: the Mali crisis and the 2025 Mali–Algeria crisis",
            "en",
        ),
    );
    out.add(
        &dataset,
        st::DCTERMS_TITLE,
        text(
            "conflict-kg : la crise malienne et la crise Mali–Algérie de 2025",
            "fr",
        ),
    );
    out.add(
        &dataset,
        meta::DCTERMS_DESCRIPTION,
        text(
            "Curated facts and attributed claims about the Mali crisis, each with the verbatim sentence of its source document and its character offsets.",
            "en",
        ),
    );
    out.add(
        &dataset,
        meta::DCTERMS_DESCRIPTION,
        text(
            "Faits établis et allégations attribuées sur la crise malienne, chacun avec la phrase exacte de son document source et sa position dans le texte.",
            "fr",
        ),
    );
    out.add(&dataset, meta::DCTERMS_LICENSE, NamedNode::new_unchecked(LICENSE));
    let publisher = out.below(&dataset, "publisher");
    out.add(&dataset, st::DCTERMS_PUBLISHER, publisher.clone());
    out.add(&publisher, rdf::TYPE, meta::FOAF_ORGANIZATION);
    out.add(
        &publisher,
        meta::FOAF_NAME,
        Literal::new_simple_literal("conflict-kg contributors"),
    );
    for keyword in [
        "Mali",
        "Algeria",
        "armed conflict",
        "Sahel",
        "claims",
        "provenance",
    ] {
        out.add(&dataset, meta::DCAT_KEYWORD, text(keyword, "en"));
    }
    void(&mut out, &dataset, run);
    coverage(&mut out, &dataset);
    for d in distributions {
        distribution(&mut out, &dataset, d);
    }
    provenance(&mut out, &dataset, run);
    let mut triples = out.triples;
    sort_triples(&mut triples);
    triples
}

/// VoID statistics over what the distributions of the facts hold.
fn void(out: &mut Out<'_>, dataset: &NamedNode, run: &Run) {
    let compiled = out.compiled;
    let facts: Vec<&Triple> = [Graph::Facts, Graph::Inferred]
        .into_iter()
        .flat_map(|g| compiled.triples(g))
        .collect();
    let count = |n: usize| Literal::new_typed_literal(n.to_string(), xsd::INTEGER);
    let mut classes: BTreeMap<&NamedNode, HashSet<&NamedOrBlankNode>> = BTreeMap::new();
    let mut properties: BTreeMap<&NamedNode, usize> = BTreeMap::new();
    let mut subjects = HashSet::new();
    let mut objects = HashSet::new();
    let mut entities = HashSet::new();
    for t in &facts {
        subjects.insert(&t.subject);
        objects.insert(&t.object);
        *properties.entry(&t.predicate).or_default() += 1;
        if t.predicate.as_ref() == rdf::TYPE
            && let Term::NamedNode(c) = &t.object
        {
            classes.entry(c).or_default().insert(&t.subject);
        }
        if t.predicate.as_ref() == prop::ID {
            entities.insert(&t.subject);
        }
    }
    out.add(dataset, meta::VOID_TRIPLES, count(facts.len()));
    out.add(dataset, meta::VOID_ENTITIES, count(entities.len()));
    out.add(dataset, meta::VOID_DISTINCT_SUBJECTS, count(subjects.len()));
    out.add(dataset, meta::VOID_DISTINCT_OBJECTS, count(objects.len()));
    out.add(dataset, meta::VOID_CLASSES, count(classes.len()));
    out.add(dataset, meta::VOID_PROPERTIES, count(properties.len()));
    let base = compiled.minter.base();
    out.add(
        dataset,
        meta::VOID_URI_SPACE,
        Literal::new_simple_literal(format!("{base}id/")),
    );
    for (class, members) in &classes {
        let part = out.below(dataset, &format!("class/{}", slug(class.as_str())));
        out.add(dataset, meta::VOID_CLASS_PARTITION, part.clone());
        out.add(&part, meta::VOID_CLASS, (*class).clone());
        out.add(&part, meta::VOID_ENTITIES, count(members.len()));
    }
    for (property, n) in &properties {
        let part = out.below(dataset, &format!("property/{}", slug(property.as_str())));
        out.add(dataset, meta::VOID_PROPERTY_PARTITION, part.clone());
        out.add(&part, meta::VOID_PROPERTY, (*property).clone());
        out.add(&part, meta::VOID_TRIPLES, count(*n));
    }
    let mut vocabularies = BTreeSet::new();
    for p in properties.keys() {
        if let Some((_, ns)) = PREFIXES.iter().find(|(_, ns)| p.as_str().starts_with(ns)) {
            vocabularies.insert(*ns);
        }
    }
    for ns in vocabularies {
        out.add(dataset, meta::VOID_VOCABULARY, NamedNode::new_unchecked(ns));
    }
    let d = &compiled.dataset;
    for (kind, first) in [
        (Kind::Event, d.events.first().map(|r| &r.common.id)),
        (Kind::Claim, d.claims.first().map(|r| &r.common.id)),
        (Kind::Actor, d.actors.first().map(|r| &r.common.id)),
        (Kind::Place, d.places.first().map(|r| &r.common.id)),
    ] {
        if let Some(id) = first {
            out.add(
                dataset,
                meta::VOID_EXAMPLE_RESOURCE,
                compiled.minter.thing(kind, id),
            );
        }
    }
    if let Some(endpoint) = &run.sparql_endpoint {
        out.add(
            dataset,
            meta::VOID_SPARQL_ENDPOINT,
            NamedNode::new_unchecked(endpoint),
        );
    }
}

/// Temporal coverage from the events' dates, spatial coverage from their places.
fn coverage(out: &mut Out<'_>, dataset: &NamedNode) {
    let compiled = out.compiled;
    let dates = compiled.dataset.events.iter().flat_map(|e| match e.date {
        Edtf::Single(d) => vec![d],
        Edtf::Interval(a, b) => [a, b]
            .into_iter()
            .filter_map(|x| match x {
                Bound::Date(d) => Some(d),
                Bound::Open | Bound::Unknown => None,
            })
            .collect(),
    });
    let key = |d: &Date| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0));
    let all: Vec<Date> = dates.collect();
    let first = all.iter().min_by_key(|d| key(d));
    let last = all
        .iter()
        .max_by_key(|d| (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31)));
    if let (Some(first), Some(last)) = (first, last) {
        let period = out.below(dataset, "temporal");
        out.add(dataset, meta::DCTERMS_TEMPORAL, period.clone());
        out.add(&period, rdf::TYPE, meta::DCTERMS_PERIOD_OF_TIME);
        out.add(&period, meta::DCAT_START_DATE, typed_date(*first));
        out.add(&period, meta::DCAT_END_DATE, typed_date(*last));
    }
    let places: BTreeSet<&String> = compiled.dataset.events.iter().flat_map(|e| &e.places).collect();
    for place in places {
        out.add(
            dataset,
            meta::DCTERMS_SPATIAL,
            compiled.minter.thing(Kind::Place, place),
        );
    }
}

fn distribution(out: &mut Out<'_>, dataset: &NamedNode, d: &Distribution) {
    let compiled = out.compiled;
    let node = out.below(dataset, &format!("distribution/{}", d.file));
    let download = NamedNode::new_unchecked(format!("{}dump/{}", compiled.minter.base(), d.file));
    out.add(dataset, meta::DCAT_DISTRIBUTION, node.clone());
    if d.format == Format::NQuads {
        out.add(dataset, meta::VOID_DATA_DUMP, download.clone());
    }
    out.add(&node, rdf::TYPE, meta::DCAT_DISTRIBUTION_CLASS);
    out.add(
        &node,
        st::DCTERMS_TITLE,
        Literal::new_language_tagged_literal_unchecked(d.format.name(), "en"),
    );
    out.add(
        &node,
        meta::DCAT_MEDIA_TYPE,
        NamedNode::new_unchecked(format!(
            "https://www.iana.org/assignments/media-types/{}",
            d.format.media_type()
        )),
    );
    out.add(
        &node,
        meta::DCTERMS_FORMAT,
        Literal::new_simple_literal(d.format.media_type()),
    );
    out.add(
        &node,
        meta::DCAT_BYTE_SIZE,
        Literal::new_typed_literal(d.bytes.to_string(), xsd::NON_NEGATIVE_INTEGER),
    );
    out.add(&node, meta::DCAT_DOWNLOAD_URL, download);
    out.add(&node, meta::DCTERMS_LICENSE, NamedNode::new_unchecked(LICENSE));
    if d.format == Format::CanonicalNQuads {
        out.add(
            &node,
            meta::DCTERMS_CONFORMS_TO,
            NamedNode::new_unchecked("https://www.w3.org/TR/rdf-canon/"),
        );
    }
    let checksum = out.below(&node, "sha256");
    out.add(&node, meta::SPDX_CHECKSUM, checksum.clone());
    out.add(&checksum, rdf::TYPE, meta::SPDX_CHECKSUM_CLASS);
    out.add(&checksum, meta::SPDX_ALGORITHM, meta::SPDX_SHA256);
    out.add(
        &checksum,
        meta::SPDX_CHECKSUM_VALUE,
        Literal::new_typed_literal(&d.sha256, xsd::HEX_BINARY),
    );
}

fn provenance(out: &mut Out<'_>, dataset: &NamedNode, run: &Run) {
    let compiled = out.compiled;
    let activity = out.below(dataset, "build");
    let software = out.below(dataset, "software");
    out.add(dataset, meta::PROV_WAS_GENERATED_BY, activity.clone());
    out.add(&activity, rdf::TYPE, meta::PROV_ACTIVITY);
    out.add(&activity, meta::PROV_WAS_ASSOCIATED_WITH, software.clone());
    for source in &compiled.dataset.sources {
        out.add(
            &activity,
            meta::PROV_USED,
            compiled.minter.thing(Kind::Source, &source.common.id),
        );
    }
    if let Some(commit) = &run.git_commit {
        out.add(&activity, prop::GIT_COMMIT, Literal::new_simple_literal(commit));
    }
    if let Some(ts) = &run.timestamp {
        out.add(
            &activity,
            meta::PROV_ENDED_AT_TIME,
            Literal::new_typed_literal(ts, xsd::DATE_TIME),
        );
    }
    out.add(&software, rdf::TYPE, meta::PROV_SOFTWARE_AGENT);
    out.add(
        &software,
        rdfs::LABEL,
        Literal::new_simple_literal(concat!("conflict-kg ", env!("CARGO_PKG_VERSION"))),
    );
    out.add(
        &software,
        meta::SCHEMA_SOFTWARE_VERSION,
        Literal::new_simple_literal(env!("CARGO_PKG_VERSION")),
    );
}

/// A path segment naming an IRI: `ckg-Event` for a prefixed name, else the
/// IRI with every character outside `[A-Za-z0-9-]` replaced by `-`.
fn slug(iri: &str) -> String {
    let readable = PREFIXES
        .iter()
        .find_map(|(p, ns)| iri.strip_prefix(ns).map(|l| format!("{p}-{l}")))
        .unwrap_or_else(|| iri.to_owned());
    readable
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Build;
    use crate::iri::Minter;

    fn compiled() -> Compiled {
        Build {
            data_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/data").into(),
            minter: Minter::default(),
            entailment: crate::pipeline::Entailment::None,
        }
        .compile()
        .unwrap()
    }

    fn value(triples: &[Triple], s: &str, p: NamedNodeRef<'_>) -> Vec<String> {
        triples
            .iter()
            .filter(|t| t.subject.to_string() == format!("<{s}>") && t.predicate.as_ref() == p)
            .map(|t| match &t.object {
                Term::Literal(l) => l.value().to_owned(),
                o => o.to_string(),
            })
            .collect()
    }

    #[test]
    fn counts_match_the_graph() {
        let c = compiled();
        let d = describe(&c, &[], &Run::default());
        let ds = "https://w3id.org/conflict-kg/dataset/conflict-kg";
        assert_eq!(value(&d, ds, meta::VOID_TRIPLES), vec![c.facts.len().to_string()]);
        assert_eq!(
            value(&d, ds, meta::VOID_ENTITIES),
            vec![c.dataset.record_count().to_string()]
        );
        let event_partition = format!("{ds}/class/ckg-Event");
        assert_eq!(
            value(&d, &event_partition, meta::VOID_ENTITIES),
            vec![c.dataset.events.len().to_string()]
        );
    }

    #[test]
    fn coverage_is_computed_from_the_events() {
        let c = compiled();
        let d = describe(&c, &[], &Run::default());
        let period = "https://w3id.org/conflict-kg/dataset/conflict-kg/temporal";
        let start = value(&d, period, meta::DCAT_START_DATE);
        let end = value(&d, period, meta::DCAT_END_DATE);
        let all: Vec<String> = c.dataset.events.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(start.len(), 1, "{all:?}");
        assert!(
            all.iter().any(|d| d.starts_with(&start[0])),
            "{start:?} not in {all:?}"
        );
        assert!(all.iter().any(|d| d.contains(&end[0])), "{end:?} not in {all:?}");
    }

    #[test]
    fn distributions_carry_size_media_type_and_checksum() {
        let c = compiled();
        let dist = Distribution {
            file: "conflict-kg.ttl".into(),
            format: Format::Turtle,
            bytes: 42,
            sha256: "ab".repeat(32),
        };
        let d = describe(&c, std::slice::from_ref(&dist), &Run::default());
        let node = "https://w3id.org/conflict-kg/dataset/conflict-kg/distribution/conflict-kg.ttl";
        assert_eq!(value(&d, node, meta::DCAT_BYTE_SIZE), vec!["42"]);
        assert_eq!(
            value(&d, node, meta::DCAT_MEDIA_TYPE),
            vec!["<https://www.iana.org/assignments/media-types/text/turtle>"]
        );
        assert_eq!(
            value(&d, &format!("{node}/sha256"), meta::SPDX_CHECKSUM_VALUE),
            vec!["ab".repeat(32)]
        );
    }

    #[test]
    fn no_timestamp_unless_asked_and_output_is_stable() {
        let c = compiled();
        let a = describe(&c, &[], &Run::default());
        assert_eq!(a, describe(&c, &[], &Run::default()));
        assert!(!a.iter().any(|t| t.predicate.as_ref() == meta::PROV_ENDED_AT_TIME));
        let run = Run {
            timestamp: Some("2026-01-01T00:00:00Z".into()),
            ..Run::default()
        };
        assert!(
            describe(&c, &[], &run)
                .iter()
                .any(|t| t.predicate.as_ref() == meta::PROV_ENDED_AT_TIME)
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("https://w3id.org/conflict-kg/ontology#Event"), "ckg-Event");
        assert_eq!(slug("http://x.org/a#b"), "http---x-org-a-b");
    }
}
