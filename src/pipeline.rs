//! The whole flow in one call: data directory → validated model → triples.
//!
//! [`Build`] holds the resolved settings, [`Build::compile`] runs every stage
//! before the store, and [`Compiled`] carries what the store and the exports need.

use std::path::PathBuf;

use oxigraph::model::{GraphName, NamedNode, Quad, Triple};

use crate::data::diagnostic::Diagnostics;
use crate::data::{self, Locations, ReadError};
use crate::entailment::Schema;
use crate::iri::Minter;
use crate::model::Dataset;
use crate::ontology::{Ontology, OntologyError};
use crate::rdf;

/// Why a build could not produce triples.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The data has findings (exit code 1).
    #[error("{} finding(s) in the data", .0.len())]
    Findings(Diagnostics),
    /// The data directory could not be read (exit code 2).
    #[error(transparent)]
    Load(#[from] data::LoadError),
    /// The embedded ontology is broken (exit code 2).
    #[error(transparent)]
    Ontology(#[from] OntologyError),
}

/// Settings of a build, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Build {
    /// The data directory.
    pub data_dir: PathBuf,
    /// Mints every IRI.
    pub minter: Minter,
    /// Materialise the RDFS entailments of the ontology into their own graph.
    pub entailment: Entailment,
}

/// Which entailments to materialise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Entailment {
    /// None: the facts as curated.
    #[default]
    None,
    /// RDFS: subclass, subproperty, domain and range consequences.
    Rdfs,
}

/// The data, validated and mapped, ready to load or export.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The ontology the data was checked against.
    pub ontology: Ontology,
    /// The validated records.
    pub dataset: Dataset,
    /// The facts as triples, sorted.
    pub facts: Vec<Triple>,
    /// The ontology as triples, sorted.
    pub ontology_triples: Vec<Triple>,
    /// Triples entailed by the ontology from the facts (empty without entailment), sorted.
    pub inferred: Vec<Triple>,
    /// The minter used.
    pub minter: Minter,
    /// The data directory read.
    pub data_dir: PathBuf,
    /// Where each record id is defined: (file, position), for reporting.
    pub locations: Locations,
}

impl Build {
    /// Checks and maps the data.
    ///
    /// ```
    /// use conflict_kg::{Build, Minter};
    /// let build = Build { data_dir: "data".into(), minter: Minter::default(), entailment: Default::default() };
    /// let compiled = build.compile().unwrap();
    /// assert!(compiled.facts.len() > 100);
    /// ```
    pub fn compile(&self) -> Result<Compiled, PipelineError> {
        let ontology = Ontology::embedded()?;
        let data::Read { dataset, locations } = data::read(&self.data_dir, &ontology)?;
        let facts = rdf::map(&dataset, &self.minter, &ontology);
        let mut ontology_triples = ontology.triples.clone();
        sort_triples(&mut ontology_triples);
        let inferred = match self.entailment {
            Entailment::None => Vec::new(),
            Entailment::Rdfs => Schema::new(&ontology_triples).entail(&facts),
        };
        Ok(Compiled {
            ontology,
            dataset,
            facts,
            ontology_triples,
            inferred,
            minter: self.minter.clone(),
            data_dir: self.data_dir.clone(),
            locations,
        })
    }
}

impl From<ReadError> for PipelineError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Findings(d) => PipelineError::Findings(d),
            ReadError::Load(l) => PipelineError::Load(l),
        }
    }
}

/// The two named graphs every build fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graph {
    /// The ontology.
    Ontology,
    /// The curated facts.
    Facts,
    /// What the ontology entails from the facts (with `--entailment rdfs`).
    Inferred,
    /// The description of the dataset (VoID, DCAT, PROV), written by `build`.
    Metadata,
}

impl Graph {
    /// The graph's name segment: `{base}graph/{name}`.
    pub fn name(self) -> &'static str {
        match self {
            Graph::Ontology => "ontology",
            Graph::Facts => "facts",
            Graph::Inferred => "inferred",
            Graph::Metadata => "metadata",
        }
    }
}

impl Compiled {
    /// The IRI of a named graph.
    pub fn graph_iri(&self, graph: Graph) -> NamedNode {
        self.minter.graph(graph.name())
    }

    /// The triples of one graph (the metadata graph is made by `build`, not here).
    pub fn triples(&self, graph: Graph) -> &[Triple] {
        match graph {
            Graph::Ontology => &self.ontology_triples,
            Graph::Facts => &self.facts,
            Graph::Inferred => &self.inferred,
            Graph::Metadata => &[],
        }
    }

    /// The graphs this build fills, in order: ontology, facts, and inferred
    /// when entailment was asked for.
    pub fn graphs(&self) -> Vec<Graph> {
        let mut graphs = vec![Graph::Ontology, Graph::Facts];
        if !self.inferred.is_empty() {
            graphs.push(Graph::Inferred);
        }
        graphs
    }

    /// Every quad of [`Compiled::graphs`], graph by graph.
    pub fn quads(&self) -> impl Iterator<Item = Quad> + '_ {
        self.graphs().into_iter().flat_map(move |g| {
            let name = GraphName::NamedNode(self.graph_iri(g));
            self.triples(g)
                .iter()
                .map(move |t| t.clone().in_graph(name.clone()))
        })
    }
}

/// Sorts triples by subject, predicate, object (N-Triples forms) and removes duplicates.
pub fn sort_triples(triples: &mut Vec<Triple>) {
    triples.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    triples.dedup();
}
