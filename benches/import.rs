//! Micro-benchmarks of the import hot paths, on generated rows in memory
//! (no disk): `cargo bench --bench import`. Prints medians; nothing is
//! asserted (speed is measured, never tested).
//!
//! - row checking and mapping alone (a sink that drops triples);
//! - mapping + our N-Triples writer, + N-Quads, + Oxigraph's Turtle and
//!   N-Triples serializers (the cost of each serialisation);
//! - the N-Triples writer alone against Oxigraph's on the same triples.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    clippy::cast_precision_loss,
    reason = "a benchmark reports on stdout and stops on a broken setup"
)]

use std::hint::black_box;
use std::io;
use std::time::{Duration, Instant};

use conflict_kg::import::sink::{Discard, NTriples, Serialized, Sink, Turtle, write_triple};
use conflict_kg::import::{self, Dataset, NoRejects, Options, generate};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedNode, Triple};

const RUNS: usize = 7;
const ROWS: u64 = 20_000;

fn median(mut f: impl FnMut() -> u64) -> (Duration, u64) {
    let mut out = 0;
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            out = black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort_unstable();
    (samples[RUNS / 2], out)
}

fn report(name: &str, (d, triples): (Duration, u64)) {
    println!(
        "{name:<44} median {:>8.1} ms  {:>6.2} M triples/s",
        d.as_secs_f64() * 1e3,
        triples as f64 / d.as_secs_f64() / 1e6
    );
}

fn import_into<S: Sink>(dataset: Dataset, csv: &[u8], sink: &mut S) -> u64 {
    import::run(
        dataset,
        csv,
        "bench.csv",
        &Options::default(),
        sink,
        &mut NoRejects,
    )
    .expect("the generated file imports")
    .triples
}

fn main() {
    let graph = NamedNode::new_unchecked("https://w3id.org/conflict-kg/graph/acled");
    for dataset in [Dataset::Acled, Dataset::Ucdp] {
        let mut csv = Vec::new();
        match dataset {
            Dataset::Acled => generate::acled(ROWS, 1, &mut csv),
            Dataset::Ucdp => generate::ucdp(ROWS, 1, &mut csv),
        }
        .expect("generated");
        println!(
            "\n{ROWS} rows of {}, generated ({} bytes), {RUNS} runs each; output bytes discarded",
            dataset.title(),
            csv.len()
        );
        report(
            "check + map (triples dropped)",
            median(|| import_into(dataset, &csv, &mut Discard)),
        );
        report(
            "check + map + our N-Triples writer",
            median(|| import_into(dataset, &csv, &mut NTriples::new(io::sink()))),
        );
        report(
            "check + map + our N-Quads writer",
            median(|| {
                import_into(
                    dataset,
                    &csv,
                    &mut NTriples::with_graph(Vec::with_capacity(64 << 20), &graph),
                )
            }),
        );
        report(
            "check + map + our Turtle writer",
            median(|| import_into(dataset, &csv, &mut Turtle::new(io::sink()))),
        );
        report(
            "check + map + Oxigraph Turtle serializer",
            median(|| {
                let mut s = Serialized::new(RdfFormat::Turtle, &graph, io::sink()).expect("turtle");
                import_into(dataset, &csv, &mut s)
            }),
        );
        report(
            "check + map + Oxigraph N-Triples serializer",
            median(|| {
                let mut s = Serialized::new(RdfFormat::NTriples, &graph, io::sink()).expect("nt");
                import_into(dataset, &csv, &mut s)
            }),
        );
    }

    // The writers alone, on the same parsed triples.
    let mut csv = Vec::new();
    generate::acled(ROWS, 1, &mut csv).expect("generated");
    let mut nt = NTriples::new(Vec::new());
    import_into(Dataset::Acled, &csv, &mut nt);
    let bytes = nt.into_inner();
    let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&bytes)
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .expect("parses");
    let n = triples.len() as u64;
    println!(
        "\nwriters alone, {n} triples ({} bytes of N-Triples)",
        bytes.len()
    );
    report(
        "our write_triple",
        median(|| {
            let mut buf = Vec::with_capacity(bytes.len());
            for t in &triples {
                write_triple(&mut buf, t.as_ref());
            }
            black_box(buf.len());
            n
        }),
    );
    report(
        "Oxigraph N-Triples serializer",
        median(|| {
            let mut w =
                RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::with_capacity(bytes.len()));
            for t in &triples {
                w.serialize_triple(t).expect("in memory");
            }
            black_box(w.finish().expect("in memory").len());
            n
        }),
    );
}
