//! Times every stage of a full build on the shipped data, several runs each,
//! and prints the median and the range: `cargo bench --bench pipeline`.
//!
//! No harness: the figures are for the closing notes and the README, never
//! asserted in tests (a busy CI machine would make such tests flaky).

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    reason = "a benchmark reports on stdout and stops on a broken setup"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use conflict_kg::export::{self, Format, verify};
use conflict_kg::pipeline::{Build, Entailment};
use conflict_kg::{Minter, store};

const RUNS: usize = 9;

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, Duration, Duration) {
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort_unstable();
    (samples[RUNS / 2], samples[0], samples[RUNS - 1])
}

fn report(name: &str, (median, min, max): (Duration, Duration, Duration)) {
    println!(
        "{name:<40} median {:>8.2} ms   (min {:.2}, max {:.2}, {RUNS} runs)",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

fn main() {
    let build = Build {
        data_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
        minter: Minter::default(),
        entailment: Entailment::None,
    };
    let compiled = build.compile().expect("the shipped data compiles");
    println!(
        "shipped data: {} records, {} fact triples, {} ontology triples\n",
        compiled.dataset.record_count(),
        compiled.facts.len(),
        compiled.ontology_triples.len()
    );
    report(
        "check + map (compile)",
        time(|| build.compile().map(|c| c.facts.len())),
    );
    report(
        "compile with RDFS entailment",
        time(|| {
            Build {
                entailment: Entailment::Rdfs,
                ..build.clone()
            }
            .compile()
            .map(|c| c.inferred.len())
        }),
    );
    report(
        "load the in-memory store",
        time(|| {
            let st = store::open(None).expect("store");
            store::load(&st, &compiled).expect("load");
        }),
    );
    #[cfg(feature = "shacl")]
    shacl(&compiled);
    let mut total_write = Duration::ZERO;
    let mut total_verify = Duration::ZERO;
    for format in Format::ALL {
        let selection = format.distribution_selection();
        let mut bytes = Vec::new();
        export::write(&compiled, format, selection, &mut bytes).expect("write");
        let w = time(|| {
            let mut out = Vec::with_capacity(bytes.len());
            export::write(&compiled, format, selection, &mut out).expect("write");
            out.len()
        });
        let v = time(|| verify::verify(&compiled, format, selection, &bytes).is_ok());
        total_write += w.0;
        total_verify += v.0;
        report(&format!("write {} ({} bytes)", format.name(), bytes.len()), w);
        report(&format!("read back {}", format.name()), v);
    }
    println!(
        "\nsum of medians: write {:.1} ms, read back {:.1} ms",
        total_write.as_secs_f64() * 1e3,
        total_verify.as_secs_f64() * 1e3
    );
}

/// What `check` and `build` add with the `shacl` feature: compiling the
/// shipped shapes, then validating the facts with the ontology.
#[cfg(feature = "shacl")]
fn shacl(compiled: &conflict_kg::Compiled) {
    use conflict_kg::shacl::Shapes;
    report(
        "compile the SHACL shapes",
        time(|| Shapes::embedded().map(|s| s.len())),
    );
    let shapes = Shapes::embedded().expect("the shipped shapes compile");
    let graph = || {
        compiled
            .facts
            .iter()
            .chain(&compiled.ontology_triples)
            .map(|t| t.as_ref())
    };
    let violations = shapes.validate(graph()).expect("validation runs");
    assert!(violations.is_empty(), "the shipped data violates the shapes");
    report(
        "SHACL: validate facts + ontology",
        time(|| shapes.validate(graph()).map(|v| v.len())),
    );
}
