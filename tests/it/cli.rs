//! The commands on the shipped data: exit codes, outputs, help.

use crate::{root, run, run_in, stderr, stdout};

#[test]
fn check_passes_on_the_shipped_data() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).starts_with("ok: "), "{}", stderr(&o));
}

#[test]
fn build_writes_every_export_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in ["records: ", "triples: ", "ckg:Event", "ckg:Claim", "verified: "] {
        assert!(text.contains(needle), "summary lacks {needle}:\n{text}");
    }
    for name in [
        "conflict-kg.ttl",
        "conflict-kg.nt",
        "conflict-kg.nq",
        "ontology.ttl",
    ] {
        let len = std::fs::metadata(out.join(name)).unwrap().len();
        assert!(len > 1000, "{name} is {len} bytes");
    }
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn findings_exit_1_and_leave_previous_outputs_intact() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&root().join("data"), &data);
    let out = dir.path().join("out");
    assert_eq!(run_in(dir.path(), &["build"]).status.code(), Some(0));
    let before = std::fs::read(out.join("conflict-kg.ttl")).unwrap();
    // Break one quote: the build must refuse and write nothing.
    let events = data.join("events.toml");
    let text = std::fs::read_to_string(&events).unwrap();
    let broken = text.replacen("quote = \"", "quote = \"XYZ ", 1);
    std::fs::write(&events, broken).unwrap();
    let o = run_in(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("data/events.toml:"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the quote does not occur in the source text"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(out.join("conflict-kg.ttl")).unwrap(), before);
}

#[test]
fn a_missing_data_directory_is_a_failure_exit_2() {
    let o = run(&["check", "--data", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the data directory no/such/dir"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_base_iri_is_refused() {
    let o = run(&["export", "--base", "not an iri"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid --base"), "{}", stderr(&o));
    let o = run(&["export", "--base", "http://example.org/kg"]);
    assert!(stderr(&o).contains("must end with `/`"), "{}", stderr(&o));
}

#[test]
fn another_base_mints_every_record_iri_under_it() {
    let o = run(&[
        "export",
        "--format",
        "ntriples",
        "--base",
        "http://127.0.0.1:7878/",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let nt = stdout(&o);
    assert!(nt.contains("<http://127.0.0.1:7878/id/event/"));
    assert!(!nt.contains("<https://w3id.org/conflict-kg/id/"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
        .args(["export", "--format", "ntriples"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn the_store_flag_explains_the_rocksdb_feature_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = dir.path().join("out");
    let o = run(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    if cfg!(feature = "rocksdb") {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // A later process reads the same answers from disk.
        let from_disk = run(&[
            "query",
            "ambassador-recalls",
            "--format",
            "tsv",
            "--store",
            store.to_str().unwrap(),
        ]);
        let in_memory = run(&["query", "ambassador-recalls", "--format", "tsv"]);
        assert_eq!(from_disk.status.code(), Some(0), "{}", stderr(&from_disk));
        assert_eq!(stdout(&from_disk), stdout(&in_memory));
    } else {
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--features rocksdb"), "{}", stderr(&o));
    }
}

#[test]
fn help_has_examples_and_completions_and_man_page_are_generated() {
    let help = stdout(&run(&["--help"]));
    assert!(
        help.contains("Examples:") && help.contains("conflict-kg build"),
        "{help}"
    );
    let bash = run(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(stdout(&bash).contains("conflict-kg"));
    let man = run(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    assert!(stdout(&man).contains(".TH conflict-kg"), "{}", stdout(&man));
}

#[test]
fn queries_lists_the_catalogue_with_titles() {
    let o = run(&["queries"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.lines().count() >= 6, "{text}");
    assert!(text.contains("claims-about-the-drone-downing"), "{text}");
}

#[test]
fn query_runs_a_file_and_sparql_text_and_reports_bad_sparql() {
    let o = run(&[
        "query",
        "--sparql",
        "ASK { ?s a <https://w3id.org/conflict-kg/ontology#Claim> }",
    ]);
    assert_eq!(stdout(&o).trim(), "true");
    let o = run(&["query", "queries/place-names.rq", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("place,name,lang,nameKind,country,twin"),
        "{}",
        stdout(&o)
    );
    let o = run(&["query", "--sparql", "SELEC nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid SPARQL"), "{}", stderr(&o));
    let o = run(&["query", "no-such-query"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("conflict-kg queries"), "{}", stderr(&o));
}

pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn export_to_a_fifo_writes_in_place_instead_of_replacing_it() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here; the rule is the same for /dev/null
    }
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap().len());
    let o = run(&["export", "--format", "ntriples", "-o", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(reader.join().unwrap() > 1000);
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced by a file"
    );
}
