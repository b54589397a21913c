//! Every fixture of `tests/fixtures/invalid/` is a data directory with one
//! defect; `check` must refuse it with exit 1, no panic, and the exact message
//! stored beside it in `<name>.expected` (paths shown relative to the data
//! dir). A fixture is either `<name>.toml`, added to the tiny valid base of
//! `tests/fixtures/base` (with the source texts of `<name>.sources/`, if any),
//! or a directory `<name>/` that is the whole data directory.
//!
//! Each kind of finding ([`Code`]) must be produced by at least one fixture,
//! so a new kind of finding cannot land without its example.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use conflict_kg::data::diagnostic::Code;
use conflict_kg::data::{self, ReadError};
use conflict_kg::ontology::Ontology;

use crate::cli::copy_dir;
use crate::{expect_file, root, run_in, stderr, stdout};

#[test]
fn the_base_fixture_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/base"), &dir.path().join("data"));
    let o = run_in(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// The fixtures: `<name>.toml` files and whole-directory fixtures, sorted.
fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/invalid");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                || (p.is_dir() && p.extension().is_none() && p.with_extension("expected").exists())
        })
        // `shacl-*` defects are found by the SHACL shapes only.
        .filter(|p| cfg!(feature = "shacl") || !p.to_string_lossy().contains("/shacl-"))
        .collect();
    names.sort();
    names
}

/// Lays out the data directory of `fixture` as `data/` inside `dir`.
fn lay_out(fixture: &Path, dir: &Path) -> PathBuf {
    let data = dir.join("data");
    if fixture.is_dir() {
        copy_dir(fixture, &data);
        return data;
    }
    copy_dir(&root().join("tests/fixtures/base"), &data);
    std::fs::copy(fixture, data.join(fixture.file_name().unwrap())).unwrap();
    let sources = fixture.with_extension("sources");
    if sources.is_dir() {
        copy_dir(&sources, &data.join("sources"));
    }
    data
}

#[test]
fn every_invalid_fixture_is_refused_precisely() {
    let names = fixtures();
    assert!(names.len() >= 60, "only {} fixtures", names.len());
    for fixture in names {
        check_fixture(&fixture);
    }
}

fn check_fixture(fixture: &Path) {
    let dir = tempfile::tempdir().unwrap();
    lay_out(fixture, dir.path());
    let o = run_in(dir.path(), &["check"]);
    let shown = fixture.display();
    assert_eq!(o.status.code(), Some(1), "{shown}: {}{}", stdout(&o), stderr(&o));
    assert!(
        !stderr(&o).contains("panicked"),
        "{shown} panicked: {}",
        stderr(&o)
    );
    if cfg!(feature = "shacl") {
        expect_file(&fixture.with_extension("expected"), &stdout(&o));
    } else {
        // Built without SHACL: the same findings but those of the shapes.
        let expected = std::fs::read_to_string(fixture.with_extension("expected")).unwrap();
        let mut kept = String::new();
        for line in expected.lines().filter(|l| !l.contains(" (shape ")) {
            kept.push_str(line);
            kept.push('\n');
        }
        let expected = kept;
        assert_eq!(stdout(&o), expected, "{shown}");
    }
    assert!(
        stdout(&o).starts_with("data/") || stdout(&o).starts_with("data:"),
        "{shown}: findings must name the file: {}",
        stdout(&o)
    );
}

#[test]
fn every_kind_of_finding_has_a_fixture() {
    let ontology = Ontology::embedded().unwrap();
    let mut seen = BTreeSet::new();
    for fixture in fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let data = lay_out(&fixture, dir.path());
        match data::read(&data, &ontology) {
            Err(ReadError::Findings(findings)) => seen.extend(findings.iter().map(|f| f.code)),
            // Valid records that a data check of queries/checks/ or the SHACL shapes refuse.
            Ok(_) => {
                let expected = std::fs::read_to_string(fixture.with_extension("expected")).unwrap();
                if expected.contains("[check ") {
                    seen.insert(Code::Check);
                } else {
                    assert!(expected.contains("(shape "), "{}: accepted", fixture.display());
                    seen.insert(Code::Shacl);
                }
            }
            Err(ReadError::Load(e)) => panic!("{}: {e}", fixture.display()),
        }
    }
    let missing: Vec<_> = Code::ALL
        .iter()
        // Without the `shacl` feature its fixtures are left out.
        .filter(|c| !seen.contains(c) && (cfg!(feature = "shacl") || **c != Code::Shacl))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds of finding without an invalid fixture in tests/fixtures/invalid/: {missing:?}"
    );
}
