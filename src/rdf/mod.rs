//! The model as RDF: one function from a [`crate::model::Dataset`] to sorted triples.
//!
//! No blank nodes: every intermediate node (evidence, selectors,
//! participations, times) gets an IRI below its parent's, so two runs on the
//! same data give the same triples and diffs stay small. The output is sorted,
//! so every serialisation downstream is stable too. [`bridge`] is the one
//! place where sophia meets oxigraph's types.

pub mod bridge;
mod mapping;

pub use mapping::{map, typed_date};
