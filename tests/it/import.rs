//! `conflict-kg import acled|ucdp`: the real binary on the synthetic samples
//! of `tests/fixtures/{acled,ucdp}/`, every output format read back by
//! oxigraph, and every invalid sample refused with the exact message stored
//! beside it in `<name>.expected` (standard error, paths relative to the root).

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};

use crate::{expect_file, root, run, stderr, stdout};

/// The quads of an RDF file, checked to have no blank node.
fn parse(bytes: &[u8], format: RdfFormat) -> Vec<Quad> {
    let quads: Vec<Quad> = RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the output does not parse as {format}: {e}"));
    for q in &quads {
        assert!(
            matches!(q.subject, NamedOrBlankNode::NamedNode(_)),
            "blank node: {q}"
        );
        assert!(!matches!(q.object, Term::BlankNode(_)), "blank node: {q}");
    }
    quads
}

/// The triples of `quads` as N-Triples lines, as a set.
fn triples(quads: &[Quad]) -> BTreeSet<String> {
    quads
        .iter()
        .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
        .collect()
}

fn import(dataset: &str, file: &str, output: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", dataset, file, "-o", output.to_str().unwrap()];
    args.extend(extra);
    run(&args)
}

/// What each sample maps to: the number of distinct triples, of events, of actors.
const SAMPLES: [(&str, usize, usize, usize); 2] = [("acled", 496, 12, 17), ("ucdp", 791, 12, 6)];

#[test]
fn the_samples_import_to_n_triples_with_the_expected_triples_and_no_blank_node() {
    let dir = tempfile::tempdir().unwrap();
    for (dataset, expected_triples, events, actors) in SAMPLES {
        let out = dir.path().join(format!("{dataset}.nt"));
        let file = format!("tests/fixtures/{dataset}/sample.csv");
        let o = import(dataset, &file, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stderr(&o).starts_with(&format!(
                "imported 12 of 12 rows of {file}: {expected_triples} triples"
            )),
            "{}",
            stderr(&o)
        );
        let bytes = std::fs::read(&out).unwrap();
        let quads = parse(&bytes, RdfFormat::NTriples);
        assert_eq!(quads.len(), expected_triples, "{dataset}: a line per triple");
        assert_eq!(
            triples(&quads).len(),
            expected_triples,
            "{dataset}: no triple twice"
        );
        let count = |class: &str| {
            quads
                .iter()
                .filter(|q| q.predicate.as_str().ends_with("#type") && q.object.to_string().ends_with(class))
                .count()
        };
        assert_eq!(count("#Event>"), events, "{dataset}");
        assert_eq!(count("#Actor>"), actors, "{dataset}");
        // Two runs give the same bytes.
        let again = dir.path().join(format!("{dataset}-again.nt"));
        assert_eq!(import(dataset, &file, &again, &[]).status.code(), Some(0));
        assert_eq!(std::fs::read(&again).unwrap(), bytes);
    }
}

#[test]
fn every_format_holds_the_same_triples_and_stdout_streams_them() {
    let dir = tempfile::tempdir().unwrap();
    for (dataset, expected, ..) in SAMPLES {
        let file = format!("tests/fixtures/{dataset}/sample.csv");
        let nt = dir.path().join("a.nt");
        assert_eq!(import(dataset, &file, &nt, &[]).status.code(), Some(0));
        let reference = triples(&parse(&std::fs::read(&nt).unwrap(), RdfFormat::NTriples));
        for (ext, format) in [
            ("ttl", RdfFormat::Turtle),
            ("nq", RdfFormat::NQuads),
            ("trig", RdfFormat::TriG),
            ("rdf", RdfFormat::RdfXml),
            (
                "jsonld",
                RdfFormat::JsonLd {
                    profile: oxigraph::io::JsonLdProfileSet::empty(),
                },
            ),
        ] {
            let path = dir.path().join(format!("{dataset}.{ext}"));
            let o = import(dataset, &file, &path, &[]);
            assert_eq!(o.status.code(), Some(0), "{ext}: {}", stderr(&o));
            let quads = parse(&std::fs::read(&path).unwrap(), format);
            assert_eq!(triples(&quads), reference, "{dataset} as {ext}");
            if format.supports_datasets() {
                let graph = format!("<https://w3id.org/conflict-kg/graph/{dataset}>");
                assert!(quads.iter().all(|q| q.graph_name.to_string() == graph), "{ext}");
            }
        }
        let o = run(&["import", dataset, &file, "-o", "-"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(triples(&parse(&o.stdout, RdfFormat::NTriples)).len(), expected);
        assert_eq!(o.stdout, std::fs::read(&nt).unwrap());
    }
}

#[test]
fn gzip_input_is_read_like_plain_input() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("sample.csv.gz");
    let mut enc =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    enc.write_all(&std::fs::read(root().join("tests/fixtures/acled/sample.csv")).unwrap())
        .unwrap();
    enc.finish().unwrap();
    let plain = run(&["import", "acled", "tests/fixtures/acled/sample.csv"]);
    let zipped = run(&["import", "acled", gz.to_str().unwrap()]);
    assert_eq!(zipped.status.code(), Some(0), "{}", stderr(&zipped));
    assert_eq!(zipped.stdout, plain.stdout);
}

#[test]
fn another_base_mints_everything_under_it_and_a_bad_base_is_refused() {
    let o = run(&[
        "import",
        "ucdp",
        "tests/fixtures/ucdp/sample.csv",
        "--base",
        "http://127.0.0.1:7878/kg/",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("<http://127.0.0.1:7878/kg/id/event/ucdp-900001>"));
    assert!(!stdout(&o).contains("w3id.org/conflict-kg/id/"));
    let o = run(&[
        "import",
        "ucdp",
        "tests/fixtures/ucdp/sample.csv",
        "--base",
        "no base",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid --base"), "{}", stderr(&o));
}

#[test]
fn every_invalid_sample_is_refused_precisely_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for dataset in ["acled", "ucdp"] {
        let fixtures = root().join("tests/fixtures").join(dataset).join("invalid");
        let mut names: Vec<_> = std::fs::read_dir(&fixtures)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        names.sort();
        for path in names {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let file = format!("tests/fixtures/{dataset}/invalid/{name}");
            let out = dir.path().join(format!("{dataset}-{name}.nt"));
            let o = import(dataset, &file, &out, &[]);
            assert_eq!(o.status.code(), Some(1), "{file}: {}", stderr(&o));
            assert!(!stderr(&o).contains("panicked"), "{file}: {}", stderr(&o));
            assert!(!out.exists(), "{file}: an output was written");
            expect_file(&path.with_extension("expected"), &stderr(&o));
            seen += 1;
        }
    }
    assert!(seen >= 8, "only {seen} invalid samples");
}

#[test]
fn with_skip_bad_rows_go_to_the_rejects_file_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ttl");
    let file = "tests/fixtures/acled/invalid/two-bad-rows.csv";
    let o = import("acled", file, &out, &["--on-error", "skip"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{file}:5:24: longitude: `east` is not a longitude")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{file}:10:7: sub_event_type: `Skirmish`")),
        "{err}"
    );
    assert!(err.contains("imported 10 of 12 rows"), "{err}");
    assert!(err.contains("2 rows rejected, written to "), "{err}");
    parse(&std::fs::read(&out).unwrap(), RdfFormat::Turtle);
    let rejects = std::fs::read_to_string(dir.path().join("out.ttl.rejects.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 3, "{rejects}");
    assert!(lines[0].starts_with("conflict_kg_error,event_id_cnty,event_date,"));
    assert!(
        lines[1].contains(",TST4,") && lines[2].contains(",TST9,"),
        "{rejects}"
    );
    // The rejects file, once corrected, imports as it is.
    let fixed = dir.path().join("fixed.csv");
    std::fs::write(
        &fixed,
        rejects
            .replace(",east,", ",-0.0447,")
            .replace("Skirmish", "Armed clash"),
    )
    .unwrap();
    let o = run(&["import", "acled", fixed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("imported 2 of 2 rows"), "{}", stderr(&o));
}

#[test]
fn the_store_flag_explains_the_rocksdb_feature_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = run(&[
        "import",
        "acled",
        "tests/fixtures/acled/sample.csv",
        "--store",
        store.to_str().unwrap(),
    ]);
    if cfg!(feature = "rocksdb") {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let q = run(&[
            "query",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv",
            "--sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/conflict-kg/graph/acled> { ?s ?p ?o } }",
        ]);
        assert_eq!(stdout(&q).lines().nth(1), Some("496"), "{}", stderr(&q));
    } else {
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--features rocksdb"), "{}", stderr(&o));
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let o = run(&["generate", "acled", "--rows", "5000", "-o", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut child = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
        .args(["import", "acled", big.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn a_missing_file_or_a_canonical_output_is_a_failure() {
    let o = run(&["import", "acled", "no/such.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read no/such.csv"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.canonical.nq");
    let o = import("acled", "tests/fixtures/acled/sample.csv", &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot stream it"), "{}", stderr(&o));
}

#[test]
fn generated_files_are_deterministic() {
    let a = run(&["generate", "ucdp", "--rows", "50", "--seed", "3"]);
    let b = run(&["generate", "ucdp", "--rows", "50", "--seed", "3"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(stdout(&a).lines().count(), 51);
}

#[test]
fn shards_hold_the_whole_output_in_order_for_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let whole = run(&["export", "--format", "nquads"]);
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    let path = dir.path().join("kg.nq");
    let o = run(&["export", "-o", path.to_str().unwrap(), "--shard-lines", "700"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut joined = Vec::new();
    let mut n = 1;
    while let Ok(bytes) = std::fs::read(dir.path().join(format!("kg.{n:05}.nq"))) {
        assert!(String::from_utf8_lossy(&bytes).lines().count() <= 700);
        joined.extend(bytes);
        n += 1;
    }
    assert!(n > 2, "only {} shards", n - 1);
    assert_eq!(joined, whole.stdout);
    assert!(!path.exists(), "no unsharded file beside the shards");

    let nt = dir.path().join("acled.nt");
    let o = import(
        "acled",
        "tests/fixtures/acled/sample.csv",
        &nt,
        &["--shard-lines", "100"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote 5 shards"), "{}", stderr(&o));
    let plain = run(&["import", "acled", "tests/fixtures/acled/sample.csv"]);
    let joined: Vec<u8> = (1..=5)
        .flat_map(|i| std::fs::read(dir.path().join(format!("acled.{i:05}.nt"))).unwrap())
        .collect();
    assert_eq!(joined, plain.stdout);
    let o = import(
        "acled",
        "tests/fixtures/acled/sample.csv",
        &dir.path().join("a.ttl"),
        &["--shard-lines", "100"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line formats only"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_output_is_written_in_place_never_replaced() {
    use std::os::unix::fs::FileTypeExt as _;
    // Regression: `-o /dev/null` once renamed a temporary file over the device.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.nt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = import("acled", "tests/fixtures/acled/sample.csv", &fifo, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = reader.join().unwrap();
    assert_eq!(triples(&parse(&bytes, RdfFormat::NTriples)).len(), 496);
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced"
    );
}

#[test]
fn standard_output_redirected_to_a_file_holds_the_bytes_a_pipe_gets() {
    // `> out.nt` and `>> out.nt` make standard output a regular file, which is
    // written behind through a duplicate of its descriptor, from its offset.
    let dir = tempfile::tempdir().unwrap();
    let sample = "tests/fixtures/acled/sample.csv";
    let redirected = |args: &[&str], path: &Path, append: bool| {
        let out = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
            .args(args)
            .current_dir(root())
            .stdout(out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read(path).unwrap()
    };
    for args in [
        &["import", "acled", sample][..],
        &[
            "import",
            "ucdp",
            "tests/fixtures/ucdp/sample.csv",
            "--format",
            "turtle",
        ],
        &["generate", "acled", "--rows", "300"],
    ] {
        let piped = run(args);
        assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
        assert!(!piped.stdout.is_empty());
        let path = dir.path().join("out");
        std::fs::write(&path, "stale bytes, longer than nothing\n".repeat(100)).unwrap();
        assert!(redirected(args, &path, false) == piped.stdout, "{args:?} > out");
        std::fs::write(&path, "kept\n").unwrap();
        let appended = redirected(args, &path, true);
        assert!(appended[..5] == *b"kept\n", "{args:?} >> out");
        assert!(appended[5..] == piped.stdout, "{args:?} >> out");
    }
}

#[test]
fn names_that_slug_alike_are_one_entity_and_the_other_spelling_is_kept_as_an_alt_label() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(root().join("tests/fixtures/acled/sample.csv")).unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    assert!(first.starts_with("TST1,") && first.contains(",Synthetic Liberation Front,"));
    // The same event again under two other ids, its actor, first-level
    // area and location spelled otherwise (same coordinates).
    let again = first
        .replacen("TST1,", "TST1B,", 1)
        .replace(",Synthetic Liberation Front,", ",SYNTHETIC LIBERATION FRONT,")
        .replace(",North Test,", ",North-Test,")
        .replace(",Exampleville,", ",EXAMPLEVILLE,");
    let csv = dir.path().join("respelled.csv");
    let third = again.replacen("TST1B,", "TST1C,", 1);
    std::fs::write(&csv, format!("{header}\n{first}\n{again}\n{third}\n")).unwrap();
    let out = dir.path().join("respelled.nt");
    let o = import("acled", csv.to_str().unwrap(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "\n3 names spelled unlike an earlier name with the same IRI (they slug alike): kept as skos:altLabel of that actor or place\n"
        ),
        "{}",
        stderr(&o)
    );
    let quads = parse(&std::fs::read(&out).unwrap(), RdfFormat::NTriples);
    let object_of = |subject_end: &str, predicate_end: &str| -> Vec<String> {
        quads
            .iter()
            .filter(|q| {
                q.subject.to_string().ends_with(subject_end) && q.predicate.as_str().ends_with(predicate_end)
            })
            .map(|q| q.object.to_string())
            .collect()
    };
    let actor = "/id/actor/acled/synthetic-liberation-front>";
    assert_eq!(object_of(actor, "#label"), ["\"Synthetic Liberation Front\""]);
    assert_eq!(
        object_of(actor, "#altLabel"),
        ["\"SYNTHETIC LIBERATION FRONT\""],
        "written once"
    );
    assert_eq!(object_of("/north-test>", "#label"), ["\"North Test\""]);
    assert_eq!(object_of("/north-test>", "#altLabel"), ["\"North-Test\""]);
    let place = "/exampleville/16.2717,-0.0447>";
    assert_eq!(object_of(place, "#label"), ["\"Exampleville\""]);
    assert_eq!(object_of(place, "#altLabel"), ["\"EXAMPLEVILLE\""]);
    assert_eq!(triples(&quads).len(), quads.len(), "no triple twice");
}
