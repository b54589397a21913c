//! Archival exports: every format, byte-stable rebuilds, a manifest that
//! verifies, canonical N-Quads cross-checked, entailment, the dataset description.

use std::collections::BTreeMap;
use std::path::Path;

use conflict_kg::checksum::sha256_hex;
use conflict_kg::export::{Format, Selection, canonical, verify};
use conflict_kg::pipeline::{Build, Entailment};
use conflict_kg::rdf::bridge;
use conflict_kg::{Minter, query, store};

use crate::{root, run, stderr, stdout};

/// Every file `build` writes, in the order it stages them.
pub const FILES: &[&str] = &[
    "conflict-kg.ttl",
    "conflict-kg.nt",
    "conflict-kg.nq",
    "conflict-kg.trig",
    "conflict-kg.rdf",
    "conflict-kg.jsonld",
    "conflict-kg.canonical.nq",
    "ontology.ttl",
    "context.jsonld",
    "dataset.ttl",
    "SHA256SUMS",
];

fn build_into(dir: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec!["build", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    FILES
        .iter()
        .map(|f| {
            (
                (*f).to_owned(),
                std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")),
            )
        })
        .collect()
}

fn compiled(entailment: Entailment) -> conflict_kg::Compiled {
    Build {
        data_dir: root().join("data"),
        minter: Minter::default(),
        entailment,
    }
    .compile()
    .unwrap()
}

#[test]
fn a_second_build_reproduces_every_byte_and_the_manifest_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let first = build_into(&dir.path().join("a"), &[]);
    let second = build_into(&dir.path().join("b"), &[]);
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between two builds");
    }
    // Every line of SHA256SUMS matches its file, and every file is listed.
    let sums = String::from_utf8(first["SHA256SUMS"].clone()).unwrap();
    let mut listed = Vec::new();
    for line in sums.lines() {
        let (hex, name) = line.split_once("  ").unwrap();
        let actual = sha256_hex(&first[name]);
        assert_eq!(hex, actual, "{name}");
        listed.push(name);
    }
    let mut expected: Vec<&str> = FILES.iter().copied().filter(|f| *f != "SHA256SUMS").collect();
    expected.sort_unstable();
    assert_eq!(listed, expected);
}

#[test]
fn sha256sum_checks_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    build_into(dir.path(), &[]);
    let Ok(o) = std::process::Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(dir.path())
        .output()
    else {
        return; // no coreutils here: the test above checks every sum itself
    };
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn every_export_reads_back_as_the_store_content() {
    let compiled = compiled(Entailment::None);
    for format in Format::ALL {
        for selection in [Selection::Facts, Selection::All] {
            let mut bytes = Vec::new();
            conflict_kg::export::write(&compiled, format, selection, &mut bytes).unwrap();
            verify::verify(&compiled, format, selection, &bytes).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn a_corrupted_export_is_caught() {
    let compiled = compiled(Entailment::None);
    let mut bytes = Vec::new();
    conflict_kg::export::write(&compiled, Format::NTriples, Selection::Facts, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let dropped = text.split_once('\n').unwrap().1;
    assert!(verify::verify(&compiled, Format::NTriples, Selection::Facts, dropped.as_bytes()).is_err());
    let changed = text.replacen("Tin Zaouatine", "Tin Zaouatin", 1);
    assert!(verify::verify(&compiled, Format::NTriples, Selection::Facts, changed.as_bytes()).is_err());
}

#[test]
fn canonical_nquads_agree_with_sophia_on_the_shipped_data() {
    let compiled = compiled(Entailment::None);
    let quads: Vec<_> = compiled.quads().collect();
    let ours = canonical::canonical_nquads(quads.clone());
    let theirs = bridge::canonical_nquads_with_sophia(&quads).unwrap();
    assert!(
        ours == theirs,
        "oxrdf and sophia_c14n disagree on the shipped data"
    );
}

#[test]
fn the_shipped_json_ld_context_is_the_generated_one() {
    let compiled = compiled(Entailment::None);
    let generated = conflict_kg::export::jsonld::Context::new(&compiled.ontology).document();
    let path = root().join("ontology/context.jsonld");
    crate::expect_file(&path, &generated);
}

#[test]
fn json_ld_is_compacted_and_readable_as_plain_json() {
    let o = run(&["export", "--format", "jsonld"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let event = doc["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"] == "https://w3id.org/conflict-kg/id/event/malian-drone-downing-2025")
        .unwrap();
    assert_eq!(event["@type"], "ckg:Event");
    assert_eq!(event["eventType"], "evt:aircraft-downing");
    assert_eq!(event["id"], "malian-drone-downing-2025");
    assert!(event["label"]["fr"].as_str().unwrap().starts_with("Destruction"));
}

#[test]
fn rdfs_entailment_answers_sem_event_with_every_event() {
    let compiled = compiled(Entailment::Rdfs);
    let st = store::open(None).unwrap();
    store::load(&st, &compiled).unwrap();
    let count = |q: &str| {
        let (_, rows) = query::select(&st, q).unwrap();
        rows[0].get("n").map(query::display_term).unwrap()
    };
    let sem =
        count("SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }");
    assert_eq!(sem, compiled.dataset.events.len().to_string());
    let entities = count("SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e a <http://www.w3.org/ns/prov#Entity> }");
    let claims_sources_agreements =
        compiled.dataset.claims.len() + compiled.dataset.sources.len() + compiled.dataset.agreements.len();
    assert_eq!(entities, claims_sources_agreements.to_string());
    // Without entailment, nothing is typed sem:Event.
    let plain = compiled_store(Entailment::None);
    let (_, rows) = query::select(
        &plain,
        "SELECT ?e { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }",
    )
    .unwrap();
    assert!(rows.is_empty());
}

fn compiled_store(entailment: Entailment) -> oxigraph::store::Store {
    let st = store::open(None).unwrap();
    store::load(&st, &compiled(entailment)).unwrap();
    st
}

#[test]
fn entailed_exports_carry_the_inferred_graph() {
    let o = run(&["export", "--format", "nquads", "--entailment", "rdfs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let nq = stdout(&o);
    assert!(
        nq.lines()
            .any(|l| l.ends_with("<https://w3id.org/conflict-kg/graph/inferred> ."))
    );
    let plain = stdout(&run(&["export", "--format", "nquads"]));
    assert!(!plain.contains("/graph/inferred>"));
}

#[test]
fn formats_follow_the_output_file_name() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("kg.trig", "@prefix"),
        ("kg.rdf", "<?xml"),
        ("kg.jsonld", "{"),
        ("kg.canonical.nq", "<https://w3id.org/conflict-kg/id/"),
    ] {
        let path = dir.path().join(name);
        let o = run(&["export", "-o", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(starts), "{name}: {}", &text[..60]);
    }
}

#[test]
fn the_dataset_description_is_in_the_store_and_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_into(dir.path(), &[]);
    let ttl = String::from_utf8(files["dataset.ttl"].clone()).unwrap();
    for needle in [
        "void:triples",
        "dcat:byteSize",
        "spdx:checksumValue",
        "prov:wasGeneratedBy",
        "dcterms:temporal",
    ] {
        assert!(ttl.contains(needle), "dataset.ttl lacks {needle}");
    }
    // The distribution's recorded size and checksum are those of the file.
    let nt = &files["conflict-kg.nt"];
    let sha = sha256_hex(nt);
    assert!(ttl.contains(&sha), "the N-Triples checksum is not in dataset.ttl");
    assert!(
        ttl.contains(&format!("dcat:byteSize \"{}\"", nt.len())),
        "the N-Triples size is not in dataset.ttl"
    );
}

#[test]
fn a_rebuild_replaces_the_store_content_atomically() {
    let st = store::open(None).unwrap();
    rebuild_is_atomic(&st);
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_rebuild_replaces_the_on_disk_store_content_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let st = store::open(Some(dir.path())).unwrap();
    rebuild_is_atomic(&st);
}

/// A reader counting the store while rebuilds run sees the old or the new
/// content, never a mixture.
fn rebuild_is_atomic(st: &oxigraph::store::Store) {
    let a = compiled(Entailment::None);
    let b = compiled(Entailment::Rdfs);
    let total = |st: &oxigraph::store::Store| st.len().unwrap();
    store::load(st, &b).unwrap();
    let after = total(st);
    store::load(st, &a).unwrap();
    let before = total(st);
    assert_ne!(before, after);
    std::thread::scope(|s| {
        let reader = s.spawn(|| (0..200).map(|_| total(st)).collect::<Vec<_>>());
        for _ in 0..5 {
            store::load(st, &b).unwrap();
            store::load(st, &a).unwrap();
        }
        for n in reader.join().unwrap() {
            assert!(
                n == before || n == after,
                "a reader saw {n} quads, neither {before} nor {after}"
            );
        }
    });
}
