//! conflict-kg: curated facts about armed conflicts, as linked data.
//!
//! The flow runs one way: [`data`] reads the curated TOML files and checks them
//! into a [`model::Dataset`]; [`rdf`] maps that model onto the conflict ontology
//! ([`ontology`], [`vocab`]) as quads with IRIs minted by [`iri`]; [`store`] loads
//! them into an embedded Oxigraph store; [`query`] runs the shipped SPARQL
//! queries and [`export`] writes RDF files. Only the CLI prints.

pub mod checksum;
pub mod data;
pub mod entailment;
pub mod export;
pub mod import;
pub mod iri;
pub mod metadata;
pub mod model;
pub mod ontology;
pub mod pipeline;
pub mod push;
pub mod query;
pub mod rdf;
pub mod server;
#[cfg(feature = "shacl")]
pub mod shacl;
pub mod store;
pub mod vocab;

pub use data::diagnostic::{Diagnostic, Diagnostics};
pub use iri::Minter;
pub use model::Dataset;
pub use pipeline::{Build, Compiled};
