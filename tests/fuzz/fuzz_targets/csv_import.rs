//! The ACLED and UCDP importers: the first byte picks the dataset (bit 0),
//! whether the rest is CSV rows under that dataset's header or the whole
//! file, header included (bit 1), and `--on-error skip` or `fail` (bit 2).
//! Never panics; every row is imported or rejected with a line and column;
//! what is written is valid N-Triples.
#![no_main]

use conflict_kg::import::{self, Dataset, ImportError, OnError, Options, RowError, sink::NTriples};
use csv_rejects::Collect;
use conflict_kg::ontology::Ontology;
use libfuzzer_sys::fuzz_target;
use oxigraph::io::{RdfFormat, RdfParser};

mod csv_rejects {
    use conflict_kg::import::{Rejects, RowError};
    use csv::ByteRecord;

    /// Keeps every rejected row's error.
    #[derive(Default)]
    pub struct Collect(pub Vec<RowError>);

    impl Rejects for Collect {
        fn header(&mut self, _: &ByteRecord) -> std::io::Result<()> {
            Ok(())
        }
        fn reject(&mut self, error: &RowError, _: &ByteRecord) -> std::io::Result<()> {
            self.0.push(error.clone());
            Ok(())
        }
    }
}

static ONTOLOGY: std::sync::LazyLock<Ontology> =
    std::sync::LazyLock::new(|| Ontology::embedded().expect("the embedded ontology"));

fn header(dataset: Dataset) -> String {
    let mut cols: Vec<&str> = dataset.required().to_vec();
    cols.extend(dataset.ignored());
    cols.sort_unstable();
    cols.join(",") + "\n"
}

fn check_row_error(e: &RowError) {
    assert!(e.line >= 1 && e.column >= 1, "{e}");
    assert!(!e.message.is_empty());
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, body)) = input.split_first() else { return };
    let dataset = if mode & 1 == 0 { Dataset::Acled } else { Dataset::Ucdp };
    let mut csv = Vec::new();
    if mode & 2 == 0 {
        csv.extend_from_slice(header(dataset).as_bytes());
    }
    csv.extend_from_slice(body);
    let on_error = if mode & 4 == 0 { OnError::Skip } else { OnError::Fail };
    {
        let options = Options {
            on_error,
            remember: 64,
            ..Options::default()
        };
        let mut sink = NTriples::new(Vec::new());
        let mut rejects = Collect::default();
        match import::run_with(dataset, csv.as_slice(), "fuzz.csv", &options, &ONTOLOGY, &mut sink, &mut rejects) {
            Ok(summary) => {
                assert_eq!(summary.rows, summary.imported + summary.rejected);
                assert_eq!(summary.rejected as usize, rejects.0.len());
                rejects.0.iter().for_each(check_row_error);
                let nt = sink.into_inner();
                let parsed = RdfParser::from_format(RdfFormat::NTriples)
                    .for_slice(&nt)
                    .collect::<Result<Vec<_>, _>>();
                let parsed = parsed.unwrap_or_else(|e| panic!("invalid N-Triples written: {e}"));
                assert_eq!(parsed.len() as u64, summary.triples);
                if on_error == OnError::Fail {
                    assert_eq!(summary.rejected, 0);
                }
            }
            Err(ImportError::Row(e)) => {
                assert_eq!(on_error, OnError::Fail);
                check_row_error(&e);
            }
            Err(ImportError::Header { message, .. }) => assert!(!message.is_empty()),
            Err(ImportError::Read { .. }) => {} // malformed CSV or gzip: reported as such
            Err(e) => panic!("an in-memory import failed on its own side: {e}"),
        }
    }
});
