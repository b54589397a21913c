//! The curated data: TOML files and source texts in, a validated [`Dataset`] out.
//!
//! Layout of a data directory: `*.toml` files holding `[[source]]`,
//! `[[actor]]`, `[[place]]`, `[[event]]`, `[[agreement]]`, `[[claim]]` and
//! `[[relation]]` records (any file may hold any kind; by convention one file
//! per kind), and `sources/` with the full text of every source document.

pub mod diagnostic;
pub mod load;
pub mod raw;
pub mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::Dataset;
use crate::ontology::Ontology;
use diagnostic::{Diagnostics, Position};
pub use load::LoadError;

/// The name of the directory of source texts inside the data directory.
pub const SOURCES_DIR: &str = "sources";

/// Why the data could not become a dataset.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The data has findings; every one is listed.
    #[error("{} finding(s) in the data", .0.len())]
    Findings(Diagnostics),
    /// The directory could not be read at all.
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// Where each record id is defined: (file, position), for later findings.
pub type Locations = HashMap<String, (PathBuf, Position)>;

/// A validated data directory.
#[derive(Debug, Clone)]
pub struct Read {
    /// The records.
    pub dataset: Dataset,
    /// Where each record is defined.
    pub locations: Locations,
}

/// Reads and validates the data directory `dir`.
pub fn read(dir: &Path, ontology: &Ontology) -> Result<Read, ReadError> {
    let mut diags = Diagnostics::default();
    let loaded = load::load_dir(dir, &mut diags)?;
    let dataset = validate::validate(&loaded, &dir.join(SOURCES_DIR), ontology, &mut diags);
    if !diags.is_empty() {
        return Err(ReadError::Findings(diags));
    }
    let locations = loaded
        .ids
        .iter()
        .map(|seen| {
            let file = &loaded.files[seen.file];
            let position = Position::of_offset(&file.text, seen.span.start);
            (seen.id.clone(), (file.path.clone(), position))
        })
        .collect();
    Ok(Read { dataset, locations })
}
