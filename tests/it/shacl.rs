//! SHACL: every shape of `ontology/shapes.ttl` has a conforming and a violating
//! fixture in `tests/fixtures/shacl/<shape>/`, each validated with the shared
//! `context.ttl` and the ontology; `validate` reads every format the build
//! writes; violations reach `check` at the line of their record.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};

use crate::cli::copy_dir;
use crate::{expect_file, root, run, run_in, stderr, stdout};

const SH: &str = "http://www.w3.org/ns/shacl#";
const SHAPE: &str = "https://w3id.org/conflict-kg/ontology/shapes#";

/// The shipped shapes with a target, each with the named property shapes it lists
/// and whether it has constraints of its own (it then says so in an `sh:message`).
fn node_shapes() -> BTreeMap<String, (BTreeSet<String>, bool)> {
    let text = std::fs::read(root().join("ontology/shapes.ttl")).unwrap();
    let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&text)
        .map(|q| Triple::from(q.unwrap()))
        .collect();
    let local = |s: &NamedOrBlankNode| match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().strip_prefix(SHAPE).map(str::to_owned),
        NamedOrBlankNode::BlankNode(_) => None,
    };
    let with = |predicate: &str| -> Vec<(String, Term)> {
        triples
            .iter()
            .filter(|t| t.predicate.as_str() == format!("{SH}{predicate}"))
            .filter_map(|t| Some((local(&t.subject)?, t.object.clone())))
            .collect()
    };
    let mut shapes: BTreeMap<String, (BTreeSet<String>, bool)> = BTreeMap::new();
    for target in ["targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"] {
        for (name, _) in with(target) {
            shapes.entry(name).or_default();
        }
    }
    for (name, object) in with("property") {
        if let (Some(entry), Term::NamedNode(p)) = (shapes.get_mut(&name), object) {
            entry.0.insert(p.as_str().strip_prefix(SHAPE).unwrap().to_owned());
        }
    }
    for (name, _) in with("message") {
        if let Some(entry) = shapes.get_mut(&name) {
            entry.1 = true;
        }
    }
    shapes
}

/// The shapes named in `validate`'s report: `… (shape shape:X, …)`.
fn reported_shapes(report: &str) -> BTreeSet<String> {
    report
        .lines()
        .filter_map(|l| l.split_once("(shape shape:"))
        .map(|(_, rest)| rest.split([',', ')']).next().unwrap().to_owned())
        .collect()
}

fn validate(dir: &Path, file: &str) -> std::process::Output {
    run_in(dir, &["validate", "../context.ttl", file])
}

#[test]
fn every_shape_has_a_passing_and_a_failing_fixture() {
    let shapes = node_shapes();
    assert!(shapes.len() >= 20, "only {} shapes", shapes.len());
    let fixtures = root().join("tests/fixtures/shacl");
    let dirs: BTreeSet<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let names: BTreeSet<String> = shapes.keys().cloned().collect();
    assert_eq!(dirs, names, "one fixture directory per shape with a target");
    for (name, (properties, own)) in &shapes {
        let dir = fixtures.join(name);
        let o = validate(&dir, "pass.ttl");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}/pass.ttl: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{name}/pass.ttl: {}", stdout(&o));

        let o = validate(&dir, "fail.ttl");
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name}/fail.ttl: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let report = stdout(&o);
        expect_file(&dir.join("fail.expected"), &report);
        // The failing example is about this shape only, and breaks each of its rules.
        let reported = reported_shapes(&report);
        let mut expected = properties.clone();
        if *own {
            expected.insert(name.clone());
        }
        assert_eq!(
            reported, expected,
            "{name}/fail.ttl violates other shapes, or not all of its own"
        );
    }
}

#[test]
fn the_shipped_data_conforms() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("SHACL shapes conform"), "{}", stderr(&o));
}

#[test]
fn validate_reads_every_format_the_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for format in conflict_kg::export::Format::ALL {
        let name = format!("conflict-kg{}", format.suffix());
        let o = run_in(&out, &["validate", &name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}{}", stdout(&o), stderr(&o));
        assert!(
            stderr(&o).starts_with(&format!("ok: {name} conforms")),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn validate_reports_a_syntax_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.ttl"),
        "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c ;\n  ex:d \"unterminated .\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["validate", "bad.ttl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("bad.ttl:3:"), "{}", stdout(&o));
    assert!(stderr(&o).contains("not valid RDF"), "{}", stderr(&o));
}

#[test]
fn validate_refuses_a_file_it_cannot_name_the_format_of() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.txt"), "").unwrap();
    let o = run_in(dir.path(), &["validate", "data.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown RDF format"), "{}", stderr(&o));
}

/// A violation reaches `check` and `build` at the line of its record, through
/// shapes of one's own (`--shapes`): here, every actor must link out.
#[test]
fn extra_shapes_apply_to_check_and_build_at_the_record_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/base"), &dir.path().join("data"));
    std::fs::write(
        dir.path().join("linked.ttl"),
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         @prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n\
         @prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
         <https://example.org/shapes#Linked> a sh:NodeShape ; sh:targetClass ckg:Actor ;\n\
         \x20 sh:property [ sh:path owl:sameAs ; sh:minCount 1 ; sh:message \"links to no other dataset\"@en ] .\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--shapes", "linked.ttl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("data/base.toml:9:6: actor \"alpha\": links to no other dataset (shape _:"),
        "{}",
        stdout(&o)
    );
    let o = run_in(dir.path(), &["build", "--shapes", "linked.ttl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        !dir.path().join("out").exists(),
        "build wrote outputs despite a violation"
    );
    assert_eq!(run_in(dir.path(), &["check"]).status.code(), Some(0));
}
