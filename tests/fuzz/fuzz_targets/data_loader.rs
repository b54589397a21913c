//! The TOML data loader and validator: any bytes as one more data file
//! beside the tiny valid base of the invalid fixtures. Never panics; a
//! refusal names a file of the set at a line and column inside it; an
//! accepted dataset maps to RDF.
#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use conflict_kg::data::{self, ReadError};
use conflict_kg::iri::Minter;
use conflict_kg::ontology::Ontology;
use libfuzzer_sys::fuzz_target;

static ONTOLOGY: LazyLock<Ontology> = LazyLock::new(|| Ontology::embedded().expect("the embedded ontology"));
const BASE: &[u8] = include_bytes!("../../fixtures/base/base.toml");
const TINY: &[u8] = include_bytes!("../../fixtures/base/sources/tiny.txt");

fuzz_target!(|input: &[u8]| {
    let files = vec![
        (PathBuf::from("data/base.toml"), BASE.to_vec()),
        (PathBuf::from("data/fuzz.toml"), input.to_vec()),
    ];
    let sources = BTreeMap::from([("tiny.txt".to_owned(), TINY.to_vec())]);
    match data::read_in_memory(files, sources, &ONTOLOGY) {
        Ok(read) => {
            let triples = conflict_kg::rdf::map(&read.dataset, &Minter::default(), &ONTOLOGY);
            assert!(!triples.is_empty());
        }
        Err(ReadError::Findings(findings)) => {
            assert!(!findings.is_empty());
            for f in findings.iter() {
                let text: &[u8] = if f.path == PathBuf::from("data/fuzz.toml") { input } else { BASE };
                assert!(
                    f.path == PathBuf::from("data/fuzz.toml") || f.path == PathBuf::from("data/base.toml"),
                    "{f}"
                );
                let lines = text.iter().filter(|&&b| b == b'\n').count() + 1;
                assert!(f.position.line >= 1 && f.position.line <= lines, "{f}");
                assert!(f.position.column >= 1 && f.position.column <= text.len() + 1, "{f}");
                assert!(!f.message.is_empty());
            }
        }
        Err(ReadError::Load(e)) => panic!("in memory, nothing is read from disk: {e}"),
    }
});
