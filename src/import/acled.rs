//! ACLED exports: one row per event, mapped onto the conflict ontology.
//!
//! Each event is `{base}id/event/acled-{event_id_cnty, slugged}`, typed
//! through the crosswalk [`CROSSWALK`] from ACLED's sub-event type to our
//! `evt:` concepts (each an exact or close match of the ACLED concept in the
//! ontology). `time_precision` keeps the date honest: 1 is the day, 2 the day
//! give or take a week (EDTF `~`, `ckg:dateApproximate`), 3 only the month.
//! Actors take their role from the event type: in explosions and violence
//! against civilians `actor1` is the attacker and `actor2` the target,
//! elsewhere both are participants; associated actors share their actor's
//! role. `fatalities` is a `ckg:Quantity`, `source` and `notes` the evidence.
//! Not mapped: `year` (in the date), `disorder_type`, `inter1`, `inter2`,
//! `interaction`, `civilian_targeting`, `iso`, `region`, `geo_precision`,
//! `source_scale`, `tags`, `timestamp`.

use std::collections::HashMap;

use csv::ByteRecord;
use oxigraph::model::NamedNode;
use oxigraph::model::vocab::rdf;

use super::fields;
use super::graph::{self, Amount, Location, Out, Terms};
use super::sink::Sink;
use super::{Columns, FieldError, Mapper, RowFault};
use crate::iri::Minter;
use crate::model::date::{Date, Edtf};
use crate::vocab::{class, geo, prop, std_terms as st};

/// The columns the mapping reads (every one must be in the header).
pub const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
];

/// The other columns of an ACLED export: allowed, not mapped.
pub const IGNORED: &[&str] = &[
    "year",
    "disorder_type",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "geo_precision",
    "source_scale",
    "tags",
    "timestamp",
];

/// Positions in [`REQUIRED`].
#[derive(Clone, Copy)]
enum Col {
    Id,
    Date,
    TimePrecision,
    EventType,
    SubEventType,
    Actor1,
    Assoc1,
    Actor2,
    Assoc2,
    Country,
    Admin1,
    Admin2,
    Admin3,
    Location,
    Latitude,
    Longitude,
    Source,
    Notes,
    Fatalities,
}

/// ACLED's six event types, with the roles of `actor1` and `actor2`.
pub const EVENT_TYPES: &[&str] = &[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// ACLED sub-event type (its English name, as in exports and in the
/// ontology's `acled:` scheme) → our event type.
pub const CROSSWALK: &[(&str, &str)] = &[
    ("Armed clash", "armed-clash"),
    ("Government regains territory", "territory-regained"),
    ("Non-state actor overtakes territory", "territory-seized"),
    ("Chemical weapon", "chemical-weapon"),
    ("Air/drone strike", "air-drone-strike"),
    ("Suicide bomb", "suicide-bombing"),
    (
        "Shelling/artillery/missile attack",
        "shelling-artillery-missile-attack",
    ),
    ("Remote explosive/landmine/IED", "remote-explosive-landmine-ied"),
    ("Grenade", "grenade-attack"),
    ("Sexual violence", "sexual-violence"),
    ("Attack", "attack-on-civilians"),
    ("Abduction/forced disappearance", "abduction-forced-disappearance"),
    ("Peaceful protest", "peaceful-protest"),
    ("Protest with intervention", "protest-with-intervention"),
    (
        "Excessive force against protesters",
        "excessive-force-against-protesters",
    ),
    ("Violent demonstration", "violent-demonstration"),
    ("Mob violence", "mob-violence"),
    ("Agreement", "agreement-signing"),
    ("Arrests", "arrests"),
    ("Change to group/activity", "change-to-group-activity"),
    ("Disrupted weapons use", "disrupted-weapons-use"),
    (
        "Headquarters or base established",
        "headquarters-or-base-established",
    ),
    ("Looting/property destruction", "looting-property-destruction"),
    (
        "Non-violent transfer of territory",
        "non-violent-transfer-of-territory",
    ),
    ("Other", "other-strategic-development"),
];

/// Maps ACLED rows.
pub(crate) struct Acled<'t> {
    columns: Columns,
    terms: &'t Terms,
    sub_event_types: HashMap<&'static str, NamedNode>,
    dataset: String,
}

/// One row, checked.
struct Row<'r> {
    id: &'r str,
    date: Edtf,
    event_type: &'r NamedNode,
    roles: (&'r NamedNode, &'r NamedNode),
    actors: [&'r str; 4],
    location: Location<'r>,
    source: &'r str,
    notes: &'r str,
    fatalities: &'r str,
}

impl<'t> Acled<'t> {
    pub(crate) fn new(columns: Columns, terms: &'t Terms, minter: &Minter) -> Result<Self, String> {
        let mut sub_event_types = HashMap::new();
        for (acled, ours) in CROSSWALK {
            sub_event_types.insert(*acled, terms.event_type(ours)?);
        }
        Ok(Self {
            columns,
            terms,
            sub_event_types,
            dataset: minter.dataset("acled").as_str().to_owned(),
        })
    }

    fn get<'r>(&self, r: &'r ByteRecord, c: Col) -> Result<&'r str, FieldError> {
        self.columns.get(r, c as usize)
    }

    fn required<'r>(&self, r: &'r ByteRecord, c: Col) -> Result<&'r str, FieldError> {
        self.columns.required(r, c as usize)
    }

    fn check<'r>(&'r self, r: &'r ByteRecord) -> Result<Row<'r>, FieldError> {
        let err = |c: Col, m: String| self.columns.error(c as usize, m);
        let id = self.required(r, Col::Id)?;
        let day = fields::day(self.required(r, Col::Date)?).map_err(|m| err(Col::Date, m))?;
        let date = match self.get(r, Col::TimePrecision)? {
            "1" => day,
            "2" => Date {
                approximate: true,
                ..day
            },
            "3" => Date { day: None, ..day },
            other => {
                return Err(err(
                    Col::TimePrecision,
                    format!("`{other}` is not an ACLED time precision: 1 (day), 2 (week) or 3 (month)"),
                ));
            }
        };
        let event_type = self.get(r, Col::EventType)?;
        let roles = match event_type {
            "Explosions/Remote violence" | "Violence against civilians" => {
                (&self.terms.attacker, &self.terms.target)
            }
            t if EVENT_TYPES.contains(&t) => (&self.terms.participant, &self.terms.participant),
            other => {
                return Err(err(
                    Col::EventType,
                    format!(
                        "`{other}` is not an ACLED event type ({})",
                        EVENT_TYPES.join(", ")
                    ),
                ));
            }
        };
        let sub = self.get(r, Col::SubEventType)?;
        let Some(event_type) = self.sub_event_types.get(sub) else {
            return Err(err(
                Col::SubEventType,
                format!("`{sub}` is not an ACLED sub-event type"),
            ));
        };
        let lat = fields::latitude(self.get(r, Col::Latitude)?).map_err(|m| err(Col::Latitude, m))?;
        let long = fields::longitude(self.get(r, Col::Longitude)?).map_err(|m| err(Col::Longitude, m))?;
        let fatalities =
            fields::canonical_count(self.get(r, Col::Fatalities)?).map_err(|m| err(Col::Fatalities, m))?;
        Ok(Row {
            id,
            date: Edtf::Single(date),
            event_type,
            roles,
            actors: [
                self.required(r, Col::Actor1)?,
                self.get(r, Col::Assoc1)?,
                self.get(r, Col::Actor2)?,
                self.get(r, Col::Assoc2)?,
            ],
            location: Location {
                country: self.required(r, Col::Country)?,
                admin: [
                    self.get(r, Col::Admin1)?,
                    self.get(r, Col::Admin2)?,
                    self.get(r, Col::Admin3)?,
                ],
                name: self.required(r, Col::Location)?,
                lat,
                long,
            },
            source: self.get(r, Col::Source)?,
            notes: self.get(r, Col::Notes)?,
            fatalities,
        })
    }
}

/// The names in an `assoc_actor_*` field: `;`-separated.
fn names(field: &str) -> impl Iterator<Item = &str> {
    field.split(';').map(str::trim).filter(|n| !n.is_empty())
}

impl Mapper for Acled<'_> {
    fn map<S: Sink>(&mut self, record: &ByteRecord, out: &mut Out<'_, S>) -> Result<(), RowFault> {
        let row = self.check(record)?;
        let [actor1, assoc1, actor2, assoc2] = row.actors;
        let (role1, role2) = row.roles;
        let mut e = out.id("event/acled-");
        fields::push_slug(&mut e, row.id);
        // Every name this row mints an IRI from, checked against the
        // spellings seen before anything is written.
        let location_columns = [Col::Country, Col::Admin1, Col::Admin2, Col::Admin3, Col::Location];
        let mut spelled = out.place_iris("acled", &row.location, location_columns.map(|c| c as usize));
        let places = spelled.len();
        let mut parts = Vec::with_capacity(4);
        for (col, field, role) in [
            (Col::Actor1, actor1, role1),
            (Col::Assoc1, assoc1, role1),
            (Col::Actor2, actor2, role2),
            (Col::Assoc2, assoc2, role2),
        ] {
            for name in names(field) {
                let (actor, slug) = out.actor_iri("acled", name);
                parts.push((graph::participation(&e, &slug, role), actor.clone(), role));
                spelled.push((actor, name, col as usize));
            }
        }
        // Actors and places first (described on first sight), then the
        // event's own triples, then its nodes: each subject's triples are
        // contiguous, so Turtle writes each subject once.
        let place = out.entities(&spelled, places, &row.location, record, &self.columns)?;
        out.add(&e, rdf::TYPE, class::EVENT)?;
        out.text(&e, geo::DCTERMS_IDENTIFIER, row.id)?;
        out.link(&e, st::PROV_WAS_DERIVED_FROM, &self.dataset)?;
        out.add(&e, prop::EVENT_TYPE, row.event_type.as_ref())?;
        out.date_links(&e, &row.date)?;
        out.link(&e, prop::PLACE, &place)?;
        for (part, actor, _) in &parts {
            out.participant_links(&e, actor, part)?;
        }
        let q = graph::quantity(&e, "fatalities");
        out.link(&e, prop::QUANTITY, &q)?;
        let has_evidence = !(row.source.is_empty() && row.notes.is_empty());
        let ev = graph::evidence(&e);
        if has_evidence {
            out.link(&e, prop::EVIDENCE, &ev)?;
        }
        out.date_nodes(&e, &row.date)?;
        for (part, actor, role) in &parts {
            out.participation_node(part, actor, role)?;
        }
        out.quantity_node(&q, &self.terms.fatalities, Amount::Exact(row.fatalities))?;
        if has_evidence {
            out.evidence_node(&ev, &e, row.source, row.notes)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sink::NTriples;
    use crate::import::{Dataset, NoRejects, Options, run};
    use crate::ontology::Ontology;
    use oxigraph::model::{NamedOrBlankNode, Term};

    pub(crate) const HEADER: &str = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,country,admin1,admin2,admin3,location,latitude,longitude,source,notes,fatalities";

    fn import(rows: &str) -> Result<Vec<oxigraph::model::Triple>, String> {
        let csv = format!("{HEADER}\n{rows}\n");
        let mut nt = NTriples::new(Vec::new());
        run(
            Dataset::Acled,
            csv.as_bytes(),
            "t.csv",
            &Options::default(),
            &mut nt,
            &mut NoRejects,
        )
        .map_err(|e| e.to_string())?;
        let bytes = nt.into_inner();
        let parsed: Result<Vec<_>, _> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
                .for_slice(&bytes)
                .map(|q| q.map(oxigraph::model::Triple::from))
                .collect();
        parsed.map_err(|e| e.to_string())
    }

    fn objects(triples: &[oxigraph::model::Triple], p: &str) -> Vec<String> {
        triples
            .iter()
            .filter(|t| t.predicate.as_str().ends_with(p))
            .map(|t| match &t.object {
                Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            })
            .collect()
    }

    const ROW: &str = "MLI1234,2024-03-05,1,Violence against civilians,Attack,JNIM: Group for Support of Islam and Muslims,,Civilians (Mali),,Mali,Gao,Ansongo,,Ménaka,16.2717,-0.0447,\"Le Monde; AFP\",\"On 5 March, \"\"armed men\"\" attacked, killing 3.\",3";

    #[test]
    fn two_spellings_of_one_slug_are_refused_in_one_row_or_across_rows() {
        // Same row: `JNIM: Group…` as actor1 and `jnim group…` as its associate.
        let one_row = ROW.replace(
            ",,Civilians",
            ",jnim group for support of islam and muslims,Civilians",
        );
        let e = import(&one_row).unwrap_err();
        assert!(
            e.starts_with("t.csv:2:7: assoc_actor_1: `jnim group for support of islam and muslims` mints the same IRI as another spelling on line 2 (https://w3id.org/conflict-kg/id/actor/acled/jnim-group-for-support-of-islam-and-muslims)"),
            "{e}"
        );
        // Across rows: the place `Ménaka` at the same coordinates spelled `MÉNAKA`.
        let second = ROW.replace("MLI1234", "MLI1235").replace("Ménaka", "MÉNAKA");
        let e = import(&format!("{ROW}\n{second}")).unwrap_err();
        assert!(
            e.starts_with("t.csv:3:14: location: `MÉNAKA` mints the same IRI"),
            "{e}"
        );
        // The same spelling again is the same entity.
        let again = ROW.replace("MLI1234", "MLI1235");
        assert!(import(&format!("{ROW}\n{again}")).is_ok());
    }

    #[test]
    fn a_row_becomes_an_event_with_its_type_date_place_actors_fatalities_and_evidence() {
        let t = import(ROW).unwrap();
        let e = "<https://w3id.org/conflict-kg/id/event/acled-mli1234>";
        assert!(
            t.iter()
                .any(|t| t.subject.to_string() == e && t.object.to_string().ends_with("#Event>"))
        );
        assert_eq!(
            objects(&t, "#eventType"),
            ["<https://w3id.org/conflict-kg/ontology/event-type#attack-on-civilians>"]
        );
        assert_eq!(objects(&t, "#date"), ["2024-03-05"]);
        assert_eq!(objects(&t, "#edtf"), ["2024-03-05"]);
        assert_eq!(objects(&t, "#role").len(), 2);
        assert!(objects(&t, "#role").iter().any(|r| r.ends_with("role#attacker>")));
        assert_eq!(objects(&t, "schema.org/value"), ["3"]);
        assert_eq!(objects(&t, "#asWKT"), ["POINT(-0.0447 16.2717)"]);
        assert_eq!(objects(&t, "bibliographicCitation"), ["Le Monde; AFP"]);
        assert_eq!(
            objects(&t, "description"),
            ["On 5 March, \"armed men\" attacked, killing 3."]
        );
        assert!(objects(&t, "#label").contains(&"Ménaka".to_owned()));
        assert!(t.iter().any(|t| {
            t.subject
                .to_string()
                .contains("/id/place/acled/mali/gao/ansongo/ménaka/16.2717,-0.0447")
        }));
        for triple in &t {
            assert!(
                matches!(triple.subject, NamedOrBlankNode::NamedNode(_)),
                "{triple}"
            );
            assert!(!matches!(triple.object, Term::BlankNode(_)), "{triple}");
        }
    }

    #[test]
    fn time_precision_keeps_the_date_honest() {
        let week = import(&ROW.replacen(",1,Violence", ",2,Violence", 1)).unwrap();
        assert_eq!(objects(&week, "#edtf"), ["2024-03-05~"]);
        assert_eq!(objects(&week, "#dateApproximate"), ["true"]);
        let month = import(&ROW.replacen(",1,Violence", ",3,Violence", 1)).unwrap();
        assert_eq!(objects(&month, "#date"), ["2024-03"]);
        assert_eq!(
            objects(&month, "#precision"),
            ["<http://www.w3.org/2006/time#unitMonth>"]
        );
    }

    #[test]
    fn actors_and_places_are_described_once() {
        let two = format!("{ROW}\n{}", ROW.replacen("MLI1234", "MLI1235", 1));
        let t = import(&two).unwrap();
        let labels = objects(&t, "#label");
        assert_eq!(labels.iter().filter(|l| *l == "Ménaka").count(), 1);
        assert_eq!(labels.iter().filter(|l| *l == "Civilians (Mali)").count(), 1);
        assert_eq!(objects(&t, "#eventType").len(), 2);
    }

    #[test]
    fn bad_fields_are_refused_with_the_column() {
        for (from, to, expected) in [
            (
                "2024-03-05",
                "2024-02-30",
                "t.csv:2:2: event_date: `2024-02-30` is not a valid date: day 30 does not exist in 2024-02, which has 29 days",
            ),
            (
                ",1,Violence",
                ",4,Violence",
                "t.csv:2:3: time_precision: `4` is not an ACLED time precision: 1 (day), 2 (week) or 3 (month)",
            ),
            (
                ",Attack,",
                ",Ambush,",
                "t.csv:2:5: sub_event_type: `Ambush` is not an ACLED sub-event type",
            ),
            (
                "16.2717",
                "96.2717",
                "t.csv:2:15: latitude: `96.2717` is out of range for a latitude (−90 to 90)",
            ),
            (
                "killing 3.\",3",
                "killing 3.\",three",
                "t.csv:2:19: fatalities: `three` is not a whole number",
            ),
            ("MLI1234,", ",", "t.csv:2:1: event_id_cnty: is empty"),
        ] {
            let row = ROW.replacen(from, to, 1);
            assert_eq!(import(&row).unwrap_err(), expected, "{row}");
        }
    }

    #[test]
    fn the_crosswalk_follows_the_ontology() {
        let o = Ontology::embedded().unwrap();
        let label_of = |iri: &NamedNode| {
            o.triples.iter().find_map(|t| match (&t.subject, &t.object) {
                (NamedOrBlankNode::NamedNode(s), Term::Literal(l))
                    if s == iri
                        && t.predicate.as_str() == "http://www.w3.org/2004/02/skos/core#prefLabel"
                        && l.language() == Some("en") =>
                {
                    Some(l.value().to_owned())
                }
                _ => None,
            })
        };
        let acled_concepts: Vec<(String, NamedNode)> = o
            .triples
            .iter()
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(s)
                    if s.as_str().starts_with(crate::vocab::ACLED)
                        && t.predicate.as_str().ends_with("#broader") =>
                {
                    Some((label_of(s)?, s.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            acled_concepts.len(),
            CROSSWALK.len(),
            "one crosswalk entry per ACLED sub-event type"
        );
        for (label, concept) in &acled_concepts {
            let (_, ours) = CROSSWALK
                .iter()
                .find(|(l, _)| l == label)
                .unwrap_or_else(|| panic!("no crosswalk entry for `{label}`"));
            let evt = &o.event_types[*ours];
            let matched = o.triples.iter().any(|t| {
                matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s == evt)
                    && t.predicate
                        .as_str()
                        .starts_with("http://www.w3.org/2004/02/skos/core#")
                    && t.predicate.as_str().ends_with("Match")
                    && matches!(&t.object, Term::NamedNode(n) if n == concept)
            });
            assert!(matched, "evt:{ours} does not match {concept}");
        }
    }
}
