//! Property tests: round trips that must hold for any input, with proptest
//! shrinking a failure to its smallest case. Case counts stay moderate so
//! `cargo test` stays fast; the fuzz targets of `tests/fuzz/` go further.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::LazyLock;

use conflict_kg::data;
use conflict_kg::export::verify::verify;
use conflict_kg::export::{self, Format, Selection};
use conflict_kg::iri::{Kind, Minter};
use conflict_kg::model::date::{Bound, Date, Edtf};
use conflict_kg::ontology::Ontology;
use conflict_kg::pipeline::{Compiled, sort_triples};
use proptest::prelude::*;

use crate::root;

static ONTOLOGY: LazyLock<Ontology> = LazyLock::new(|| Ontology::embedded().unwrap());

fn slug() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z0-9]{1,6}", 1..5).prop_map(|parts| parts.join("-"))
}

fn base() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https"]),
        "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5}){0,2}",
        prop::option::of(1u16..=65535),
        prop::collection::vec("[A-Za-z0-9._~-]{1,8}", 0..3),
    )
        .prop_map(|(scheme, host, port, path)| {
            let port = port.map_or_else(String::new, |p| format!(":{p}"));
            let path: String = path.iter().flat_map(|p| [p.as_str(), "/"]).collect();
            format!("{scheme}://{host}{port}/{path}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any valid base, kind and slug: the minted IRI is valid and names them back.
    #[test]
    fn a_minted_iri_parses_back_to_its_kind_and_id(base in base(), kind in prop::sample::select(Kind::ALL.to_vec()), id in slug()) {
        let minter = Minter::new(&base).unwrap();
        let iri = minter.thing(kind, &id);
        prop_assert!(oxigraph::model::NamedNode::new(iri.as_str()).is_ok(), "{iri}");
        prop_assert_eq!(minter.parse_thing(iri.as_str()), Some((kind, id.as_str())));
        let below = minter.below(&iri, "evidence/1");
        prop_assert_eq!(minter.parse_thing(below.as_str()), None);
        let graph = minter.graph("facts");
        prop_assert_eq!(minter.parse_thing(graph.as_str()), None);
    }
}

fn date() -> impl Strategy<Value = Date> {
    (
        0u16..=9999,
        prop::option::of((1u8..=12, prop::option::of(1u8..=31))),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(year, month_day, uncertain, approximate)| {
            let (month, day) = match month_day {
                None => (None, None),
                Some((m, d)) => {
                    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                    let max = match m {
                        2 if leap => 29,
                        2 => 28,
                        4 | 6 | 9 | 11 => 30,
                        _ => 31,
                    };
                    (Some(m), d.map(|d| d.min(max)))
                }
            };
            Date {
                year,
                month,
                day,
                uncertain,
                approximate,
            }
        })
}

fn bound() -> impl Strategy<Value = Bound> {
    prop_oneof![3 => date().prop_map(Bound::Date), 1 => Just(Bound::Open), 1 => Just(Bound::Unknown)]
}

fn edtf() -> impl Strategy<Value = Edtf> {
    prop_oneof![
        date().prop_map(Edtf::Single),
        (bound(), bound()).prop_filter_map("an interval that ends before it starts", |(a, b)| {
            let interval = Edtf::Interval(a, b);
            Edtf::parse(&interval.to_string()).ok().map(|_| interval)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any date we can hold prints as EDTF that parses back to it.
    #[test]
    fn an_edtf_date_prints_and_parses_back(d in edtf()) {
        let printed = d.to_string();
        prop_assert_eq!(Edtf::parse(&printed), Ok(d), "{}", printed);
    }

    /// Any text the parser accepts prints back exactly as written.
    #[test]
    fn an_accepted_edtf_text_prints_back_as_written(s in "[0-9X?~%./ -]{0,24}") {
        if let Ok(d) = Edtf::parse(&s) {
            prop_assert_eq!(d.to_string(), s);
        }
    }
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => write!(out, "\\u{:04X}", u32::from(c)).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text with what serialisers must escape: quotes, backslashes, angle
/// brackets, ampersands, newlines, control characters, any script.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zé’«» \"'\\\\<>&\n\t\u{1}\u{7f}\u{85}\u{2028}\u{10FFFF}\u{1F600}ا中-]{1,24}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// A record that adds an actor with random labels, note and alternative names.
fn actor() -> impl Strategy<Value = String> {
    (slug(), text(), text(), prop::option::of(text()), prop::collection::vec(text(), 0..3))
        .prop_map(|(id, en, fr, note, alt)| {
            let note = note.map_or_else(String::new, |n| format!("note = {}\n", toml_string(&n)));
            let alt: Vec<String> = alt.iter().map(|a| toml_string(a)).collect();
            format!(
                "[[actor]]\nid = \"x-{id}\"\nkind = \"state\"\nlabel = {{ en = {}, fr = {} }}\nalt_labels = {{ fr = [{}] }}\n{note}\
                 evidence = [{{ source = \"tiny\", quote = \"le Mali a rappelé son ambassadeur\" }}]\n\n",
                toml_string(&en),
                toml_string(&fr),
                alt.join(", ")
            )
        })
}

/// A record that adds an event at a random valid date, with a quantity.
fn event() -> impl Strategy<Value = String> {
    (slug(), text(), edtf(), 0u32..100_000).prop_map(|(id, label, date, n)| {
        format!(
            "[[event]]\nid = \"e-{id}\"\ntype = \"ambassador-recall\"\nlabel = {{ en = {l}, fr = {l} }}\ndate = \"{date}\"\n\
             participants = [{{ actor = \"alpha\", role = \"initiator\" }}]\nquantities = [{{ kind = \"participants\", value = {n}, unit = \"person\" }}]\n\
             evidence = [{{ source = \"tiny\", quote = \"Selon Alger, l’engin\" }}]\n\n",
            l = toml_string(&label)
        )
    })
}

/// The tiny base dataset plus random records, validated and mapped.
fn compile(records: &[String]) -> Option<Compiled> {
    let base = root().join("tests/fixtures/base");
    let files = vec![
        (
            PathBuf::from("data/base.toml"),
            std::fs::read(base.join("base.toml")).unwrap(),
        ),
        (PathBuf::from("data/random.toml"), records.concat().into_bytes()),
    ];
    let sources = BTreeMap::from([(
        "tiny.txt".to_owned(),
        std::fs::read(base.join("sources/tiny.txt")).unwrap(),
    )]);
    // Random ids may collide: such a draw is not a dataset (and is rejected).
    let read = data::read_in_memory(files, sources, &ONTOLOGY).ok()?;
    let minter = Minter::default();
    let facts = conflict_kg::rdf::map(&read.dataset, &minter, &ONTOLOGY);
    let mut ontology_triples = ONTOLOGY.triples.clone();
    sort_triples(&mut ontology_triples);
    Some(Compiled {
        ontology: ONTOLOGY.clone(),
        dataset: read.dataset,
        facts,
        ontology_triples,
        inferred: Vec::new(),
        minter,
        data_dir: PathBuf::from("data"),
        locations: read.locations,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Random curated records (labels with every character serialisers must
    /// escape, random dates): each export format reads back, with oxigraph
    /// quad for quad and with sophia as an isomorphic graph.
    #[test]
    fn every_export_of_a_random_dataset_parses_back_isomorphic(
        records in prop::collection::vec(prop_oneof![actor(), event()], 1..5)
    ) {
        let compiled = compile(&records);
        prop_assume!(compiled.is_some());
        let compiled = compiled.unwrap();
        for format in Format::ALL {
            let mut bytes = Vec::new();
            export::write(&compiled, format, Selection::Facts, &mut bytes).unwrap();
            if let Err(e) = verify(&compiled, format, Selection::Facts, &bytes) {
                prop_assert!(false, "{e}\n{}", String::from_utf8_lossy(&bytes));
            }
        }
    }
}
