//! Every file of `tests/fixtures/invalid/` adds one defect to a tiny valid
//! dataset; `check` must refuse it with exit 1 and the exact message stored
//! beside it in `<name>.expected` (paths shown relative to the data dir).

use std::path::Path;

use crate::cli::copy_dir;
use crate::{expect_file, root, run_in, stderr, stdout};

#[test]
fn the_base_fixture_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/base"), &dir.path().join("data"));
    let o = run_in(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn every_invalid_fixture_is_refused_precisely() {
    let fixtures = root().join("tests/fixtures/invalid");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // `shacl-*` defects are found by the SHACL shapes only.
        .filter(|p| cfg!(feature = "shacl") || !p.to_string_lossy().contains("/shacl-"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "only {} fixtures", names.len());
    for fixture in names {
        check_fixture(&fixture);
    }
}

fn check_fixture(fixture: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&root().join("tests/fixtures/base"), &data);
    let name = fixture.file_name().unwrap();
    std::fs::copy(fixture, data.join(name)).unwrap();
    let o = run_in(dir.path(), &["check"]);
    let shown = fixture.display();
    assert_eq!(o.status.code(), Some(1), "{shown}: {}{}", stdout(&o), stderr(&o));
    assert!(
        !stderr(&o).contains("panicked"),
        "{shown} panicked: {}",
        stderr(&o)
    );
    expect_file(&fixture.with_extension("expected"), &stdout(&o));
    assert!(
        stdout(&o).starts_with("data/"),
        "{shown}: findings must name the file: {}",
        stdout(&o)
    );
}
