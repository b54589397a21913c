//! Hostile and unusual inputs that are too big to commit or must be
//! accepted: every refusal is `file:line:col`, exit 1, no panic and no
//! abort; legal encodings (a byte-order mark, CRLF line ends, a decomposed
//! accent) give the same result as the plain ones.

use std::path::Path;
use std::process::Output;

use crate::cli::copy_dir;
use crate::{root, run_in, stderr, stdout};

/// The tiny valid base of the invalid fixtures plus `extra` as `data/extra.toml`.
fn with_extra(extra: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/base"), &dir.path().join("data"));
    std::fs::write(dir.path().join("data/extra.toml"), extra).unwrap();
    dir
}

/// Runs `check` on the base plus `extra`: exit 1, no panic, exactly `expected` on stdout.
fn refused(extra: &[u8], expected: &str) {
    let dir = with_extra(extra);
    let o = run_in(dir.path(), &["check"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{expected}\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("{expected}\n"),
        "{}",
        stdout(&o).chars().take(500).collect::<String>()
    );
}

const RECALL: &str = "le Mali a rappelé son ambassadeur";

#[test]
fn ten_megabyte_strings_are_refused_at_their_position_without_being_echoed() {
    let big = "a".repeat(10 << 20);
    let actor = |id: &str, label: &str, belongs: &str, quote: &str| {
        format!(
            "[[actor]]\nid = \"{id}\"\nkind = \"state\"\nlabel = {{ en = \"{label}\", fr = \"Bêta\" }}\n\
             belongs_to = \"{belongs}\"\nevidence = [{{ source = \"tiny\", quote = \"{quote}\" }}]\n"
        )
    };
    let n = big.len();
    let cases = [
        (
            actor(&big, "Beta", "alpha", RECALL),
            format!(
                "data/extra.toml:2:6: `id` is {n} characters long; an id or a name has at most 100 (see data/README.md)"
            ),
        ),
        (
            actor("beta", &big, "alpha", RECALL),
            format!(
                "data/extra.toml:4:16: `label.en` is {n} characters long; a label has at most 1000 (see data/README.md)"
            ),
        ),
        (
            actor("beta", "Beta", &big, RECALL),
            format!(
                "data/extra.toml:5:14: `belongs_to` is {n} characters long; an id or a name has at most 100 (see data/README.md)"
            ),
        ),
        (
            actor("beta", "Beta", "alpha", &big),
            format!(
                "data/extra.toml:6:40: `evidence.quote` is {n} characters long; a quote has at most 10000 (see data/README.md)"
            ),
        ),
        (
            format!("[[{big}]]\nid = \"x\"\n"),
            "data/extra.toml:1:3: this key is 10485760 characters long; keys have at most 64".to_owned(),
        ),
    ];
    for (toml, expected) in cases {
        refused(toml.as_bytes(), &expected);
    }
}

#[test]
fn a_long_near_miss_in_a_long_periodic_source_is_reported() {
    // The worst case of a naive search: a periodic text and a quote that
    // matches everywhere but at its end (KMP makes each search one pass;
    // the time is measured by hand, see the closing notes of the change).
    let dir = with_extra(b"");
    let text = "ab ".repeat(1 << 20);
    let quote = format!("{}ab!", "ab ".repeat(3000));
    std::fs::write(dir.path().join("data/sources/long.txt"), format!("{text}!")).unwrap();
    let toml = format!(
        "[[source]]\nid = \"long\"\nlabel = {{ en = \"Long\", fr = \"Long\" }}\nfile = \"long.txt\"\nlanguage = \"fr\"\n\n\
         [[actor]]\nid = \"beta\"\nkind = \"state\"\nlabel = {{ en = \"Beta\", fr = \"Bêta\" }}\n\
         evidence = [{{ source = \"long\", quote = \"{quote}\" }}]\n"
    );
    std::fs::write(dir.path().join("data/extra.toml"), toml).unwrap();
    let o = run_in(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).starts_with("data/extra.toml:11:40: the quote does not occur in the source text; its first 9002 characters match"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_hundred_thousand_levels_of_nesting_are_refused_not_recursed_into() {
    let deep = 100_000;
    let open = |s: &str| s.repeat(deep);
    let cases = [
        (format!("x = {}{}", open("["), open("]")), "1:21"),
        (format!("x = {}1{}", open("{ a = "), open(" }")), "1:101"),
        (format!("x = {}1{}", open("[{ a = "), open(" }]")), "1:61"),
        (format!("{} = 1", vec!["a"; deep].join(".")), "1:34"),
        (format!("[{}]\n", vec!["a"; deep].join(".")), "1:33"),
        (format!("[[{}]]\n", vec!["a"; deep].join(".")), "1:32"),
        (open("["), "1:17"),
    ];
    for (toml, at) in cases {
        refused(
            toml.as_bytes(),
            &format!(
                "data/extra.toml:{at}: arrays, inline tables or dotted keys nest more than 16 levels deep here; records need at most 4"
            ),
        );
    }
}

/// `export --format ntriples` of the data directory in `dir`.
fn ntriples(dir: &Path) -> Output {
    let o = run_in(dir, &["export", "--format", "ntriples"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_give_the_same_graph() {
    let plain = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), &plain.path().join("data"));
    let dos = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), &dos.path().join("data"));
    for entry in std::fs::read_dir(dos.path().join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
        }
    }
    assert_eq!(ntriples(plain.path()).stdout, ntriples(dos.path()).stdout);
}

#[test]
fn a_decomposed_accent_in_a_quote_matches_the_composed_source_at_exact_offsets() {
    // tiny.txt has "rappelé" and "à" composed (NFC); the quote types them
    // decomposed (NFD: e + U+0301, a + U+0300).
    let nfd = "le Mali a rappele\u{301} son ambassadeur a\u{300} Alger";
    let toml = format!(
        "[[actor]]\nid = \"beta\"\nkind = \"state\"\nlabel = {{ en = \"Beta\", fr = \"Bêta\" }}\n\
         evidence = [{{ source = \"tiny\", quote = \"{nfd}\" }}]\n"
    );
    let dir = with_extra(toml.as_bytes());
    let nt = stdout(&ntriples(dir.path()));
    let node = "<https://w3id.org/conflict-kg/id/actor/beta/evidence/1/";
    let value = |p: &str| {
        nt.lines()
            .find(|l| l.starts_with(node) && l.contains(p))
            .unwrap_or_else(|| panic!("no {p}"))
            .split('"')
            .nth(1)
            .unwrap()
            .to_owned()
    };
    // "Le 6 avril, " is 12 characters; the quote covers 41 composed ones.
    assert_eq!(value("ns/oa#start>"), "12");
    assert_eq!(value("ns/oa#end>"), "53");
    assert_eq!(value("ns/oa#exact>"), "le Mali a rappelé son ambassadeur à Alger");
}

#[test]
fn the_29th_of_february_exists_in_leap_years_only() {
    let event = |date: &str| {
        format!(
            "[[event]]\nid = \"recall\"\ntype = \"ambassador-recall\"\nlabel = {{ en = \"Recall\", fr = \"Rappel\" }}\n\
             date = \"{date}\"\nevidence = [{{ source = \"tiny\", quote = \"{RECALL}\" }}]\n"
        )
    };
    for date in ["2024-02-29", "2000-02-29", "2024-02-29/2025-02-28"] {
        let dir = with_extra(event(date).as_bytes());
        let o = run_in(dir.path(), &["check"]);
        assert_eq!(o.status.code(), Some(0), "{date}: {}", stdout(&o));
    }
    for (date, days) in [("2023-02-29", 28), ("1900-02-29", 28), ("2100-02-29", 28)] {
        refused(
            event(date).as_bytes(),
            &format!(
                "data/extra.toml:5:8: invalid EDTF date `{date}`: day 29 does not exist in {}, which has {days} days",
                &date[..7]
            ),
        );
    }
}
