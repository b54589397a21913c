//! UCDP GED files: one row per event, mapped onto the conflict ontology.
//!
//! Each event is `{base}id/event/ucdp-{id}`, typed by its type of violence
//! (1 `evt:state-based-violence`, 2 `evt:non-state-violence`, 3
//! `evt:one-sided-violence`). Its date is `date_start` when it equals
//! `date_end` (approximate, EDTF `~`, unless `date_prec` is 1), else the
//! interval between them. In one-sided violence `side_a` is the attacker and
//! `side_b` the target, elsewhere both are participants, each with its
//! deaths (`deaths_a`, `deaths_b`) as a quantity of its participation. The
//! estimates are quantities of the event: `best` exactly, `low`–`high` as
//! bounds, civilian and unattributed deaths with their own kinds.
//! `source_article` is the evidence. Not mapped: the other published
//! columns (see [`IGNORED`]), among them `year` (in the date), `dyad_name`
//! (the two sides) and `where_prec`.

use csv::ByteRecord;
use oxigraph::model::NamedNode;
use oxigraph::model::vocab::rdf;

use super::fields;
use super::graph::{self, Amount, Location, Out, Terms};
use super::sink::Sink;
use super::{Columns, FieldError, Mapper, RowFault};
use crate::iri::Minter;
use crate::model::date::{Bound, Date, Edtf};
use crate::vocab::{class, geo, prop, std_terms as st};

/// The columns the mapping reads (every one must be in the header).
pub const REQUIRED: &[&str] = &[
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "date_start",
    "date_end",
    "date_prec",
    "where_coordinates",
    "latitude",
    "longitude",
    "country",
    "adm_1",
    "adm_2",
    "best",
    "low",
    "high",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "source_article",
];

/// The other columns of a UCDP GED file: allowed, not mapped.
pub const IGNORED: &[&str] = &[
    "relid",
    "year",
    "active_year",
    "code_status",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_b_dset_id",
    "side_b_new_id",
    "number_of_sources",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_description",
    "geom_wkt",
    "priogrid_gid",
    "country_id",
    "region",
    "event_clarity",
    "gwnoa",
    "gwnob",
];

/// Positions in [`REQUIRED`].
#[derive(Clone, Copy)]
enum Col {
    Id,
    TypeOfViolence,
    SideA,
    SideB,
    DateStart,
    DateEnd,
    DatePrec,
    Where,
    Latitude,
    Longitude,
    Country,
    Adm1,
    Adm2,
    Best,
    Low,
    High,
    DeathsA,
    DeathsB,
    DeathsCivilians,
    DeathsUnknown,
    SourceArticle,
}

/// Maps UCDP GED rows.
pub(crate) struct Ucdp<'t> {
    columns: Columns,
    terms: &'t Terms,
    types: [NamedNode; 3],
    dataset: String,
}

/// One row, checked.
struct Row<'r> {
    id: &'r str,
    event_type: &'r NamedNode,
    roles: (&'r NamedNode, &'r NamedNode),
    sides: [&'r str; 2],
    date: Edtf,
    location: Location<'r>,
    best: &'r str,
    low: &'r str,
    high: &'r str,
    deaths: [&'r str; 4],
    source: &'r str,
}

impl<'t> Ucdp<'t> {
    pub(crate) fn new(columns: Columns, terms: &'t Terms, minter: &Minter) -> Result<Self, String> {
        Ok(Self {
            columns,
            terms,
            types: [
                terms.event_type("state-based-violence")?,
                terms.event_type("non-state-violence")?,
                terms.event_type("one-sided-violence")?,
            ],
            dataset: minter.dataset("ucdp").as_str().to_owned(),
        })
    }

    fn get<'r>(&self, r: &'r ByteRecord, c: Col) -> Result<&'r str, FieldError> {
        self.columns.get(r, c as usize)
    }

    fn required<'r>(&self, r: &'r ByteRecord, c: Col) -> Result<&'r str, FieldError> {
        self.columns.required(r, c as usize)
    }

    fn count<'r>(&self, r: &'r ByteRecord, c: Col) -> Result<(&'r str, u64), FieldError> {
        let v = self.get(r, c)?;
        let n = fields::count(v).map_err(|m| self.columns.error(c as usize, m))?;
        let canonical = fields::canonical_count(v).map_err(|m| self.columns.error(c as usize, m))?;
        Ok((canonical, n))
    }

    fn check<'r>(&'r self, r: &'r ByteRecord) -> Result<Row<'r>, FieldError> {
        let err = |c: Col, m: String| self.columns.error(c as usize, m);
        let id = self.get(r, Col::Id)?;
        fields::count(id).map_err(|m| err(Col::Id, m))?;
        let (event_type, roles) = match self.get(r, Col::TypeOfViolence)? {
            "1" => (&self.types[0], (&self.terms.participant, &self.terms.participant)),
            "2" => (&self.types[1], (&self.terms.participant, &self.terms.participant)),
            "3" => (&self.types[2], (&self.terms.attacker, &self.terms.target)),
            other => {
                return Err(err(
                    Col::TypeOfViolence,
                    format!(
                        "`{other}` is not a UCDP type of violence: 1 (state-based), 2 (non-state) or 3 (one-sided)"
                    ),
                ));
            }
        };
        let start = fields::day(self.get(r, Col::DateStart)?).map_err(|m| err(Col::DateStart, m))?;
        let end = fields::day(self.get(r, Col::DateEnd)?).map_err(|m| err(Col::DateEnd, m))?;
        let precise = match self.get(r, Col::DatePrec)? {
            "1" => true,
            "2" | "3" | "4" | "5" => false,
            other => {
                return Err(err(
                    Col::DatePrec,
                    format!("`{other}` is not a UCDP date precision (1 to 5)"),
                ));
            }
        };
        let date = if start == end {
            Edtf::Single(Date {
                approximate: !precise,
                ..start
            })
        } else if key(end) < key(start) {
            return Err(err(
                Col::DateEnd,
                format!(
                    "`{}` is before date_start `{}`",
                    end.xsd_lexical(),
                    start.xsd_lexical()
                ),
            ));
        } else {
            Edtf::Interval(Bound::Date(start), Bound::Date(end))
        };
        let lat = fields::latitude(self.get(r, Col::Latitude)?).map_err(|m| err(Col::Latitude, m))?;
        let long = fields::longitude(self.get(r, Col::Longitude)?).map_err(|m| err(Col::Longitude, m))?;
        let (best, b) = self.count(r, Col::Best)?;
        let (low, l) = self.count(r, Col::Low)?;
        let (high, h) = self.count(r, Col::High)?;
        if !(l <= b && b <= h) {
            return Err(err(
                Col::Best,
                format!("`{best}` is not between low `{low}` and high `{high}`"),
            ));
        }
        Ok(Row {
            id,
            event_type,
            roles,
            sides: [self.required(r, Col::SideA)?, self.required(r, Col::SideB)?],
            date,
            location: Location {
                country: self.required(r, Col::Country)?,
                admin: [self.get(r, Col::Adm1)?, self.get(r, Col::Adm2)?, ""],
                name: self.required(r, Col::Where)?,
                lat,
                long,
            },
            best,
            low,
            high,
            deaths: [
                self.count(r, Col::DeathsA)?.0,
                self.count(r, Col::DeathsB)?.0,
                self.count(r, Col::DeathsCivilians)?.0,
                self.count(r, Col::DeathsUnknown)?.0,
            ],
            source: self.get(r, Col::SourceArticle)?,
        })
    }
}

/// A day as a sortable key.
fn key(d: Date) -> (u16, u8, u8) {
    (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0))
}

impl Mapper for Ucdp<'_> {
    fn map<S: Sink>(&mut self, record: &ByteRecord, out: &mut Out<'_, S>) -> Result<(), RowFault> {
        let row = self.check(record)?;
        let mut e = out.id("event/ucdp-");
        e.push_str(row.id);
        let [deaths_a, deaths_b, civilians, unknown] = row.deaths;
        // As for ACLED: the names checked first, then entities, the event, its nodes.
        let location_columns = [Col::Country, Col::Adm1, Col::Adm2, Col::Adm2, Col::Where];
        let mut spelled = out.place_iris("ucdp", &row.location, location_columns.map(|c| c as usize));
        let places = spelled.len();
        let mut parts = Vec::with_capacity(2);
        for (col, side, role, deaths) in [
            (Col::SideA, row.sides[0], row.roles.0, deaths_a),
            (Col::SideB, row.sides[1], row.roles.1, deaths_b),
        ] {
            let (actor, slug) = out.actor_iri("ucdp", side);
            parts.push((graph::participation(&e, &slug, role), actor.clone(), role, deaths));
            spelled.push((actor, side, col as usize));
        }
        let place = out.entities(&spelled, places, &row.location, record, &self.columns)?;
        out.add(&e, rdf::TYPE, class::EVENT)?;
        out.text(&e, geo::DCTERMS_IDENTIFIER, row.id)?;
        out.link(&e, st::PROV_WAS_DERIVED_FROM, &self.dataset)?;
        out.add(&e, prop::EVENT_TYPE, row.event_type.as_ref())?;
        out.date_links(&e, &row.date)?;
        out.link(&e, prop::PLACE, &place)?;
        for (part, actor, ..) in &parts {
            out.participant_links(&e, actor, part)?;
        }
        let t = self.terms;
        let quantities = [
            ("fatalities", &t.fatalities, Amount::Exact(row.best)),
            (
                "fatalities-range",
                &t.fatalities,
                Amount::Between(row.low, row.high),
            ),
            (
                "civilian-fatalities",
                &t.civilian_fatalities,
                Amount::Exact(civilians),
            ),
            (
                "unattributed-fatalities",
                &t.unattributed_fatalities,
                Amount::Exact(unknown),
            ),
        ];
        for (path, ..) in &quantities {
            out.link(&e, prop::QUANTITY, &graph::quantity(&e, path))?;
        }
        let ev = graph::evidence(&e);
        if !row.source.is_empty() {
            out.link(&e, prop::EVIDENCE, &ev)?;
        }
        out.date_nodes(&e, &row.date)?;
        for (part, actor, role, deaths) in &parts {
            out.participation_node(part, actor, role)?;
            let q = graph::quantity(part, "fatalities");
            out.link(part, prop::QUANTITY, &q)?;
            out.quantity_node(&q, &t.fatalities, Amount::Exact(deaths))?;
        }
        for (path, kind, amount) in quantities {
            out.quantity_node(&graph::quantity(&e, path), kind, amount)?;
        }
        if !row.source.is_empty() {
            out.evidence_node(&ev, &e, row.source, "")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::import::sink::NTriples;
    use crate::import::{Dataset, NoRejects, Options, run};
    use oxigraph::model::{Term, Triple};

    const HEADER: &str = "id,type_of_violence,side_a,side_b,date_start,date_end,date_prec,where_coordinates,latitude,longitude,country,adm_1,adm_2,best,low,high,deaths_a,deaths_b,deaths_civilians,deaths_unknown,source_article";
    const ROW: &str = "4021,3,JNIM,Civilians,2021-03-05,2021-03-05,1,Tessit village,15.0123,0.2931,Mali,Gao region,Ansongo cercle,5,4,9,0,5,0,0,\"Agence X, 6 March 2021, \"\"Attack near Tessit\"\"\"";

    fn import(rows: &str) -> Result<Vec<Triple>, String> {
        let csv = format!("{HEADER}\n{rows}\n");
        let mut nt = NTriples::new(Vec::new());
        run(
            Dataset::Ucdp,
            csv.as_bytes(),
            "u.csv",
            &Options::default(),
            &mut nt,
            &mut NoRejects,
        )
        .map_err(|e| e.to_string())?;
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
            .for_slice(&nt.into_inner())
            .map(|q| q.map(Triple::from).map_err(|e| e.to_string()))
            .collect()
    }

    fn objects(t: &[Triple], p: &str) -> Vec<String> {
        let mut v: Vec<String> = t
            .iter()
            .filter(|t| t.predicate.as_str().ends_with(p))
            .map(|t| match &t.object {
                Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn estimates_sides_and_evidence() {
        let t = import(ROW).unwrap();
        assert_eq!(
            objects(&t, "#eventType"),
            ["<https://w3id.org/conflict-kg/ontology/event-type#one-sided-violence>"]
        );
        assert_eq!(objects(&t, "schema.org/value"), ["0", "0", "0", "5", "5"]);
        assert_eq!(objects(&t, "minValue"), ["4"]);
        assert_eq!(objects(&t, "maxValue"), ["9"]);
        assert!(objects(&t, "#role").iter().any(|r| r.ends_with("#target>")));
        assert_eq!(
            objects(&t, "bibliographicCitation"),
            ["Agence X, 6 March 2021, \"Attack near Tessit\""]
        );
        assert_eq!(objects(&t, "#date"), ["2021-03-05"]);
    }

    #[test]
    fn imprecise_dates_become_intervals_or_approximate_days() {
        let t = import(&ROW.replacen("2021-03-05,1", "2021-03-11,3", 1)).unwrap();
        assert_eq!(objects(&t, "#edtf"), ["2021-03-05/2021-03-11"]);
        assert_eq!(objects(&t, "#startDate"), ["2021-03-05"]);
        assert_eq!(objects(&t, "#endDate"), ["2021-03-11"]);
        let t = import(&ROW.replacen("2021-03-05,1", "2021-03-05,2", 1)).unwrap();
        assert_eq!(objects(&t, "#edtf"), ["2021-03-05~"]);
    }

    #[test]
    fn bad_fields_are_refused_with_the_column() {
        for (from, to, expected) in [
            (
                ",3,JNIM",
                ",4,JNIM",
                "u.csv:2:2: type_of_violence: `4` is not a UCDP type of violence: 1 (state-based), 2 (non-state) or 3 (one-sided)",
            ),
            (
                "2021-03-05,1",
                "2021-03-01,1",
                "u.csv:2:6: date_end: `2021-03-01` is before date_start `2021-03-05`",
            ),
            (
                "2021-03-05,1",
                "2021-03-05,9",
                "u.csv:2:7: date_prec: `9` is not a UCDP date precision (1 to 5)",
            ),
            (
                ",5,4,9,",
                ",3,4,9,",
                "u.csv:2:14: best: `3` is not between low `4` and high `9`",
            ),
            (
                "0.2931",
                "0.29.31",
                "u.csv:2:10: longitude: `0.29.31` is not a longitude in decimal degrees (e.g. `16.2717`)",
            ),
            ("4021,", "40x1,", "u.csv:2:1: id: `40x1` is not a whole number"),
        ] {
            let row = ROW.replacen(from, to, 1);
            assert_eq!(import(&row).unwrap_err(), expected, "{row}");
        }
    }
}
