//! Exports: golden Turtle compared as a graph, byte stability, no blank nodes,
//! every format parsed back.

use conflict_kg::rdf::bridge;

use crate::{expect_file, root, run, stderr, stdout};

fn export(format: &str) -> String {
    let o = run(&["export", "--format", format]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn turtle_matches_the_golden_file_as_a_graph() {
    let turtle = export("turtle");
    let golden_path = root().join("tests/golden/conflict-kg.ttl");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        expect_file(&golden_path, &turtle);
    }
    let golden = std::fs::read_to_string(&golden_path).unwrap();
    let (a, b) = (
        bridge::parse_turtle(&turtle).unwrap(),
        bridge::parse_turtle(&golden).unwrap(),
    );
    assert_eq!(
        a.len(),
        b.len(),
        "triple counts differ; rerun with UPDATE_EXPECT=1 after a deliberate change"
    );
    assert!(
        bridge::isomorphic(&a, &b).unwrap(),
        "the Turtle export differs from tests/golden/conflict-kg.ttl"
    );
}

#[test]
fn two_runs_give_byte_identical_files() {
    for format in ["turtle", "ntriples", "nquads"] {
        assert_eq!(export(format), export(format), "{format} is not stable");
    }
}

#[test]
fn no_blank_nodes_and_turtle_and_ntriples_hold_the_same_graph() {
    // Checked on the parsed graphs: a quote may well contain "_:" or " [".
    let (turtle, nt) = (export("turtle"), export("ntriples"));
    let (a, b) = (
        bridge::parse_turtle(&turtle).unwrap(),
        bridge::parse_ntriples(&nt).unwrap(),
    );
    let blank = |g: &[bridge::SophiaTriple]| {
        g.iter()
            .flatten()
            .any(|t| matches!(t, sophia::api::term::SimpleTerm::BlankNode(_)))
    };
    assert!(!blank(&a), "a blank node in the Turtle export");
    assert!(!blank(&b), "a blank node in the N-Triples export");
    assert!(bridge::isomorphic(&a, &b).unwrap());
}

#[test]
fn turtle_is_grouped_by_subject_with_prefixes() {
    let turtle = export("turtle");
    assert!(
        turtle.contains("@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"),
        "{}",
        &turtle[..200]
    );
    assert!(
        turtle
            .contains("\n<https://w3id.org/conflict-kg/id/event/malian-drone-downing-2025> a ckg:Event ;\n")
    );
    // Each subject appears once at the start of a statement.
    let heads: Vec<&str> = turtle
        .lines()
        .filter(|l| !l.starts_with(['@', ' ', '\t']) && !l.is_empty())
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let mut unique = heads.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        heads.len(),
        unique.len(),
        "a subject is split over several blocks"
    );
}

#[test]
fn nquads_keeps_ontology_and_facts_in_named_graphs() {
    let nq = export("nquads");
    let facts = nq
        .lines()
        .filter(|l| l.ends_with("<https://w3id.org/conflict-kg/graph/facts> ."))
        .count();
    let ontology = nq
        .lines()
        .filter(|l| l.ends_with("<https://w3id.org/conflict-kg/graph/ontology> ."))
        .count();
    assert_eq!(facts + ontology, nq.lines().count());
    assert!(
        facts > 500 && ontology > 500,
        "{facts} facts, {ontology} ontology"
    );
}

#[test]
fn export_to_a_file_infers_the_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.nt");
    let o = run(&["export", "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with('<'), "not N-Triples: {}", &text[..80]);
}
