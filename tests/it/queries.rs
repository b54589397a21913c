//! Every shipped query against its expected answer (`queries/expected/<name>.tsv`),
//! and every data check returns nothing on the shipped data.

use crate::{expect_file, root, run, stderr, stdout};

fn names(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn every_shipped_query_matches_its_expected_answer() {
    let queries = names("queries");
    assert!(queries.len() >= 6);
    for name in queries {
        let o = run(&["query", &name, "--format", "tsv"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(text.lines().count() > 1, "{name} returns no row");
        expect_file(&root().join(format!("queries/expected/{name}.tsv")), &text);
    }
}

#[test]
fn every_data_check_returns_nothing_on_the_shipped_data() {
    for name in names("queries/checks") {
        let o = run(&["query", &name, "--format", "tsv"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(
            stdout(&o).lines().count(),
            1,
            "{name} found rows:\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn every_query_runs_in_every_result_format() {
    for name in names("queries") {
        for format in ["table", "csv", "json", "xml"] {
            let o = run(&["query", &name, "--format", format]);
            assert_eq!(o.status.code(), Some(0), "{name} as {format}: {}", stderr(&o));
        }
    }
}
