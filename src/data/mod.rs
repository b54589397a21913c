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

use std::path::Path;

use crate::model::Dataset;
use crate::ontology::Ontology;
use diagnostic::Diagnostics;
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

/// Reads and validates the data directory `dir`.
pub fn read(dir: &Path, ontology: &Ontology) -> Result<Dataset, ReadError> {
    let mut diags = Diagnostics::default();
    let loaded = load::load_dir(dir, &mut diags)?;
    let dataset = validate::validate(&loaded, &dir.join(SOURCES_DIR), ontology, &mut diags);
    if diags.is_empty() {
        Ok(dataset)
    } else {
        Err(ReadError::Findings(diags))
    }
}
