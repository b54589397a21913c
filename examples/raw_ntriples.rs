//! The raw baseline of `benches/peers.sh`: read a CSV file and write one
//! N-Triples line per non-empty field (`<row> <column> "value"`), no mapping
//! at all: the practical limit of CSV → N-Triples on this machine. It reads
//! and writes as the import does (64 KiB CSV buffer, 4 MiB writes, written
//! behind to a temporary file that is synced, then renamed into place), so the
//! two differ only by the mapping and by the bytes written.
//!
//! `cargo run --release --example raw_ntriples -- FILE.csv OUT.nt`

#![allow(
    clippy::print_stderr,
    clippy::expect_used,
    reason = "a benchmark tool reports on stderr and stops on a broken setup"
)]

use std::io::{BufWriter, Write as _};
use std::path::Path;

use conflict_kg::export::{self, behind::DropBehind};
use conflict_kg::import::sink::{WRITE_CHUNK, write_triple};
use oxigraph::model::{LiteralRef, NamedNodeRef, TripleRef};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = (&args[1], &args[2]);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(input)
        .expect("the CSV file opens");
    let columns: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(|c| format!("https://w3id.org/conflict-kg/raw/column/{c}"))
        .collect();
    let (mut rows, mut triples) = (0u64, 0u64);
    let staged = export::stage(Path::new(output), |f| {
        let mut out = BufWriter::with_capacity(WRITE_CHUNK, DropBehind::new(f));
        let mut buf = Vec::with_capacity(WRITE_CHUNK + (1 << 16));
        let mut record = csv::StringRecord::new();
        let mut subject = String::new();
        while reader.read_record(&mut record).expect("a readable row") {
            rows += 1;
            subject.clear();
            subject.push_str("https://w3id.org/conflict-kg/raw/row/");
            subject.push_str(&rows.to_string());
            for (value, column) in record.iter().zip(&columns) {
                if value.is_empty() {
                    continue;
                }
                write_triple(
                    &mut buf,
                    TripleRef::new(
                        NamedNodeRef::new_unchecked(&subject),
                        NamedNodeRef::new_unchecked(column),
                        LiteralRef::new_simple_literal(value),
                    ),
                );
                triples += 1;
            }
            if buf.len() >= WRITE_CHUNK {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        out.write_all(&buf)?;
        out.flush()
    })
    .expect("the output is written");
    staged.commit().expect("the output is renamed into place");
    eprintln!("raw: {rows} rows, {triples} triples");
}
