//! The curated data: TOML files and source texts in, a validated [`Dataset`] out.
//!
//! Layout of a data directory: `*.toml` files holding `[[source]]`,
//! `[[actor]]`, `[[place]]`, `[[event]]`, `[[agreement]]`, `[[claim]]` and
//! `[[relation]]` records (any file may hold any kind; by convention one file
//! per kind), and `sources/` with the full text of every source document.

pub mod diagnostic;
pub mod limits;
pub mod load;
pub mod raw;
pub mod validate;

use std::collections::{BTreeMap, HashMap};
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
    finish(&loaded, &Sources::dir(dir.join(SOURCES_DIR)), ontology, diags)
}

/// Validates data files held in memory, each `(path, content)`, against the
/// source texts `sources` (file name → content): the same checks as [`read`]
/// without touching the file system (for tools, tests and fuzzing).
///
/// ```
/// use std::collections::BTreeMap;
/// use conflict_kg::data::{self, ReadError};
/// use conflict_kg::ontology::Ontology;
/// let ontology = Ontology::embedded().unwrap();
/// let toml = "[[source]]\nid = \"s\"\nlabel = { en = \"S\", fr = \"S\" }\nfile = \"s.txt\"\nlanguage = \"fr\"\n\n\
///             [[place]]\nid = \"bamako\"\nkind = \"settlement\"\nlabel = { en = \"Bamako\", fr = \"Bamako\" }\n\
///             evidence = [{ source = \"s\", quote = \"à Bamako\" }]\n";
/// let sources = BTreeMap::from([("s.txt".to_owned(), "Il est né à Bamako.".as_bytes().to_vec())]);
/// let read = data::read_in_memory(vec![("data/a.toml".into(), toml.into())], sources.clone(), &ontology);
/// assert_eq!(read.unwrap().dataset.places[0].common.evidence[0].quote.start, 10);
/// let bad = toml.replace("Bamako\" }]", "Gao\" }]");
/// let Err(ReadError::Findings(findings)) = data::read_in_memory(vec![("data/a.toml".into(), bad.into())], sources, &ontology) else { panic!() };
/// assert!(findings.iter().next().unwrap().to_string().contains(": the quote does not occur"));
/// ```
pub fn read_in_memory(
    files: Vec<(PathBuf, Vec<u8>)>,
    sources: BTreeMap<String, Vec<u8>>,
    ontology: &Ontology,
) -> Result<Read, ReadError> {
    let mut diags = Diagnostics::default();
    let mut loaded = load::Loaded::default();
    for (path, bytes) in files {
        loaded.add_bytes(path, bytes, &mut diags);
    }
    let sources = Sources {
        dir: PathBuf::from(SOURCES_DIR),
        memory: Some(sources),
    };
    finish(&loaded, &sources, ontology, diags)
}

fn finish(
    loaded: &load::Loaded,
    sources: &Sources,
    ontology: &Ontology,
    mut diags: Diagnostics,
) -> Result<Read, ReadError> {
    let dataset = validate::validate(loaded, sources, ontology, &mut diags);
    if !diags.is_empty() {
        return Err(ReadError::Findings(diags));
    }
    let locations = loaded
        .ids
        .iter()
        .map(|seen| {
            let file = &loaded.files[seen.file];
            let position = file.position(seen.span.start);
            (seen.id.clone(), (file.path.clone(), position))
        })
        .collect();
    Ok(Read { dataset, locations })
}

/// Where the source texts are read from: a directory, or memory.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The directory, named in messages.
    dir: PathBuf,
    /// The texts by file name, when they are held in memory.
    memory: Option<BTreeMap<String, Vec<u8>>>,
}

impl Sources {
    /// The texts of the directory `dir`.
    pub fn dir(dir: PathBuf) -> Self {
        Self { dir, memory: None }
    }

    /// The directory, as named in messages.
    pub fn dir_path(&self) -> &Path {
        &self.dir
    }

    /// The content of the text file `name`.
    pub fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        match &self.memory {
            None => std::fs::read(self.dir.join(name)),
            Some(texts) => texts
                .get(name)
                .cloned()
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }
}
