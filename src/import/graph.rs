//! The shapes both importers write, on the same ontology terms as the curated
//! mapping ([`crate::rdf`]): dates with their precision, participations with
//! roles, actors and places minted once, quantities, evidence.
//!
//! IRIs are built by concatenating the validated base with slugs and ids
//! (see [`super::fields::push_slug`]); nothing is re-validated per triple.
//! Actors and places have IRIs derived from their names, so no table maps
//! names to IRIs: a bounded set of hashes only remembers which ones were
//! already described, so each is described once (see [`Seen`]).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, DefaultHasher, Hash as _, Hasher};
use std::io;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{LiteralRef, NamedNode, NamedNodeRef, TermRef, TripleRef};

use super::fields::push_slug;
use super::sink::Sink;
use super::{Columns, RowFault};
use crate::model::date::{Bound, Date, Edtf, Precision};
use crate::ontology::Ontology;
use crate::vocab::{class, geo, prop, std_terms as st};

/// Remembers which minted IRIs were already described, by a 64-bit hash.
///
/// Bounded: past `capacity` distinct entries it starts afresh, so memory
/// stays flat whatever the input; an entity seen again after that is
/// described again (the same triples, which an RDF store merges).
#[derive(Debug)]
pub struct Seen {
    set: HashSet<u64, BuildHasherDefault<Identity>>,
    capacity: usize,
}

impl Seen {
    /// A set remembering up to `capacity` entities (16 bytes or so each).
    pub fn new(capacity: usize) -> Self {
        Self {
            set: HashSet::default(),
            capacity: capacity.max(1),
        }
    }

    /// Whether `iri` is seen for the first time (and remembers it).
    pub fn first(&mut self, iri: &str) -> bool {
        let key = hash(iri);
        if self.set.len() >= self.capacity && !self.set.contains(&key) {
            self.set.clear();
        }
        self.set.insert(key)
    }

    /// How many entities it remembers now.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether it remembers none.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// Remembers the spelling each actor or place IRI was minted from, by 64-bit
/// hashes, with the line it was first seen on.
///
/// IRIs are slugs of names, so two spellings that differ only in case,
/// punctuation or spacing (`Forces (Mali)`, `forces mali`) mint the same IRI;
/// without this, two entities would silently merge. Bounded like [`Seen`].
#[derive(Debug)]
pub struct Spellings {
    map: HashMap<u64, (u64, u64), BuildHasherDefault<Identity>>,
    capacity: usize,
}

impl Spellings {
    /// A memory of up to `capacity` spellings (24 bytes or so each).
    pub fn new(capacity: usize) -> Self {
        Self {
            map: HashMap::default(),
            capacity: capacity.max(1),
        }
    }

    /// The line of another spelling that minted `iri`, if `name` is not it.
    pub fn conflict(&self, iri: &str, name: &str) -> Option<u64> {
        match self.map.get(&hash(iri)) {
            Some(&(spelling, line)) if spelling != hash(name) => Some(line),
            _ => None,
        }
    }

    /// Remembers `name` as the spelling of `iri`, if it is the first.
    pub fn remember(&mut self, iri: &str, name: &str, line: u64) {
        let key = hash(iri);
        if self.map.len() >= self.capacity && !self.map.contains_key(&key) {
            self.map.clear();
        }
        self.map.entry(key).or_insert((hash(name), line));
    }
}

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// A name a row mints an IRI from: the IRI, the name, the index of its
/// column among the mapper's required ones.
pub type Spelled<'r> = (String, &'r str, usize);

/// The keys are already hashes.
#[derive(Debug, Default)]
pub struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The ontology terms the importers need, resolved once from the ontology.
#[derive(Debug, Clone)]
pub struct Terms {
    /// `role:attacker`.
    pub attacker: NamedNode,
    /// `role:target`.
    pub target: NamedNode,
    /// `role:participant`.
    pub participant: NamedNode,
    /// `qk:fatalities`.
    pub fatalities: NamedNode,
    /// `qk:civilian-fatalities`.
    pub civilian_fatalities: NamedNode,
    /// `qk:unattributed-fatalities`.
    pub unattributed_fatalities: NamedNode,
    /// Every event type by its name.
    pub event_types: crate::ontology::Names,
}

impl Terms {
    /// Resolves the terms; an error names the one missing from the ontology.
    pub fn new(o: &Ontology) -> Result<Self, String> {
        let get = |names: &crate::ontology::Names, scheme: &str, name: &str| {
            names
                .get(name)
                .cloned()
                .ok_or_else(|| format!("the ontology lacks the concept {scheme}:{name}"))
        };
        Ok(Self {
            attacker: get(&o.roles, "role", "attacker")?,
            target: get(&o.roles, "role", "target")?,
            participant: get(&o.roles, "role", "participant")?,
            fatalities: get(&o.quantity_kinds, "qk", "fatalities")?,
            civilian_fatalities: get(&o.quantity_kinds, "qk", "civilian-fatalities")?,
            unattributed_fatalities: get(&o.quantity_kinds, "qk", "unattributed-fatalities")?,
            event_types: o.event_types.clone(),
        })
    }

    /// The event type named `name`.
    pub fn event_type(&self, name: &str) -> Result<NamedNode, String> {
        self.event_types
            .get(name)
            .cloned()
            .ok_or_else(|| format!("the ontology lacks the concept evt:{name}"))
    }
}

/// Writes triples to a sink, counting them, with the shapes both importers share.
pub struct Out<'s, S: Sink> {
    sink: &'s mut S,
    /// Triples written so far.
    pub triples: u64,
    seen: Seen,
    spellings: Spellings,
    /// `{base}id/`.
    id_base: String,
}

/// A place as a dataset locates it: country, administrative areas, the
/// location's name and its WGS84 coordinates (already checked).
#[derive(Debug, Clone)]
pub struct Location<'r> {
    /// The country's name.
    pub country: &'r str,
    /// Administrative areas, largest first; empty ones are skipped.
    pub admin: [&'r str; 3],
    /// The location's own name.
    pub name: &'r str,
    /// Latitude, decimal degrees, canonical.
    pub lat: std::borrow::Cow<'r, str>,
    /// Longitude, decimal degrees, canonical.
    pub long: std::borrow::Cow<'r, str>,
}

impl<'s, S: Sink> Out<'s, S> {
    /// Writes to `sink`, minting under `base` (validated, ending in `/`),
    /// remembering up to `capacity` described entities.
    pub fn new(sink: &'s mut S, base: &str, capacity: usize) -> Self {
        Self {
            sink,
            triples: 0,
            seen: Seen::new(capacity),
            spellings: Spellings::new(capacity),
            id_base: format!("{base}id/"),
        }
    }

    /// How many entities are remembered as described.
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }

    /// `{base}id/{path}`, into a new string with room to grow.
    pub fn id(&self, path: &str) -> String {
        let mut s = String::with_capacity(self.id_base.len() + path.len() + 48);
        s.push_str(&self.id_base);
        s.push_str(path);
        s
    }

    /// One triple with an IRI subject.
    pub fn add<'a>(&mut self, s: &'a str, p: NamedNodeRef<'a>, o: impl Into<TermRef<'a>>) -> io::Result<()> {
        self.triples += 1;
        self.sink
            .triple(TripleRef::new(NamedNodeRef::new_unchecked(s), p, o))
    }

    /// One triple whose object is the IRI `o`.
    pub fn link(&mut self, s: &str, p: NamedNodeRef<'_>, o: &str) -> io::Result<()> {
        self.add(s, p, NamedNodeRef::new_unchecked(o))
    }

    /// A plain (`xsd:string`) literal.
    pub fn text(&mut self, s: &str, p: NamedNodeRef<'_>, text: &str) -> io::Result<()> {
        self.add(s, p, LiteralRef::new_simple_literal(text))
    }

    /// The date of `node` as the curated mapping writes it: `ckg:edtf`,
    /// `ckg:date` (or `ckg:startDate`/`ckg:endDate`) typed by precision, the
    /// qualifiers, and a link to the OWL-Time node at `{node}/time` (whose
    /// triples [`Out::date_nodes`] writes, after the rest of `node`'s).
    pub fn date_links(&mut self, node: &str, date: &Edtf) -> io::Result<()> {
        let edtf = edtf(date);
        self.add(node, prop::EDTF, LiteralRef::new_typed_literal(&edtf, st::EDTF))?;
        let time = join(node, &["/time"]);
        self.link(node, prop::TIME, &time)?;
        let (start, end) = match date {
            Edtf::Single(d) => (Bound::Date(*d), Bound::Unknown),
            Edtf::Interval(start, end) => (*start, *end),
        };
        let single = matches!(date, Edtf::Single(_));
        for (bound, p) in [
            (start, if single { prop::DATE } else { prop::START_DATE }),
            (end, prop::END_DATE),
        ] {
            if let Bound::Date(d) = bound {
                let lexical = lexical(d);
                self.add(node, p, typed(&lexical, d))?;
                self.qualifiers(node, d)?;
            }
        }
        Ok(())
    }

    /// The OWL-Time node(s) of `node`'s date: an instant, or an interval
    /// with its beginning and end.
    pub fn date_nodes(&mut self, node: &str, date: &Edtf) -> io::Result<()> {
        let time = join(node, &["/time"]);
        match date {
            Edtf::Single(d) => self.instant(&time, *d, &lexical(*d)),
            Edtf::Interval(start, end) => {
                self.add(&time, rdf::TYPE, st::TIME_PROPER_INTERVAL)?;
                let bounds = [
                    (start, st::TIME_HAS_BEGINNING, "begin"),
                    (end, st::TIME_HAS_END, "end"),
                ];
                for (bound, time_p, path) in bounds {
                    if let Bound::Date(_) = bound {
                        self.link(&time, time_p, &join(&time, &["/", path]))?;
                    }
                }
                for (bound, _, path) in bounds {
                    if let Bound::Date(d) = bound {
                        self.instant(&join(&time, &["/", path]), *d, &lexical(*d))?;
                    }
                }
                Ok(())
            }
        }
    }

    fn qualifiers(&mut self, node: &str, d: Date) -> io::Result<()> {
        if d.uncertain {
            self.add(
                node,
                prop::DATE_UNCERTAIN,
                LiteralRef::new_typed_literal("true", xsd::BOOLEAN),
            )?;
        }
        if d.approximate {
            self.add(
                node,
                prop::DATE_APPROXIMATE,
                LiteralRef::new_typed_literal("true", xsd::BOOLEAN),
            )?;
        }
        Ok(())
    }

    fn instant(&mut self, node: &str, d: Date, lexical: &str) -> io::Result<()> {
        self.add(node, rdf::TYPE, st::TIME_INSTANT)?;
        let (p, unit) = match d.precision() {
            Precision::Day => (st::TIME_IN_XSD_DATE, st::TIME_UNIT_DAY),
            Precision::Month => (st::TIME_IN_XSD_G_YEAR_MONTH, st::TIME_UNIT_MONTH),
            Precision::Year => (st::TIME_IN_XSD_G_YEAR, st::TIME_UNIT_YEAR),
        };
        self.add(node, p, typed(lexical, d))?;
        self.add(node, prop::PRECISION, unit)
    }

    /// Checks that every name of a row (`names`, from [`Out::actor_iri`] and
    /// [`Out::place_iris`]) is spelled as the names that minted the same IRIs
    /// before, then remembers them; `line` is the row's. On a conflict,
    /// returns the column index and the message, and remembers nothing.
    pub fn check_spellings(&mut self, names: &[Spelled<'_>], line: u64) -> Result<(), (usize, String)> {
        for (i, (iri, name, column)) in names.iter().enumerate() {
            let earlier = names[..i].iter().find(|(e, n, _)| e == iri && n != name);
            let other = earlier
                .map(|_| line)
                .or_else(|| self.spellings.conflict(iri, name));
            if let Some(other) = other {
                return Err((
                    *column,
                    format!(
                        "`{name}` mints the same IRI as another spelling on line {other} ({iri}); names that differ only in case, punctuation or spacing would merge two entities: write one entity one way"
                    ),
                ));
            }
        }
        for (iri, name, _) in names {
            self.spellings.remember(iri, name, line);
        }
        Ok(())
    }

    /// Checks the spellings of `record`'s names ([`Out::check_spellings`]),
    /// then describes its place (the first `places` of `spelled`, for
    /// `loc`) and its actors (the rest); returns the place's IRI.
    pub(crate) fn entities(
        &mut self,
        spelled: &[Spelled<'_>],
        places: usize,
        loc: &Location<'_>,
        record: &csv::ByteRecord,
        columns: &Columns,
    ) -> Result<String, RowFault> {
        let line = record.position().map_or(0, csv::Position::line);
        self.check_spellings(spelled, line)
            .map_err(|(column, message)| columns.error(column, message))?;
        let place = self.place(&spelled[..places], loc)?;
        for (actor, name, _) in &spelled[places..] {
            self.actor(actor, name)?;
        }
        Ok(place)
    }

    /// The IRI and slug of the actor named `name` in dataset `src`:
    /// `{base}id/actor/{src}/{slug}`.
    pub fn actor_iri(&self, src: &str, name: &str) -> (String, String) {
        let mut slug = String::with_capacity(name.len());
        push_slug(&mut slug, name);
        let mut iri = self.id("actor/");
        iri.push_str(src);
        iri.push('/');
        iri.push_str(&slug);
        (iri, slug)
    }

    /// The actor `iri` (from [`Out::actor_iri`]) named `name`, described on first sight.
    pub fn actor(&mut self, iri: &str, name: &str) -> io::Result<()> {
        if self.seen.first(iri) {
            self.add(iri, rdf::TYPE, class::ACTOR)?;
            self.text(iri, rdfs::LABEL, name)?;
        }
        Ok(())
    }

    /// `event` has `actor` (an IRI from [`Out::actor`]) through the
    /// participation `part` (from [`participation`]).
    pub fn participant_links(&mut self, event: &str, actor: &str, part: &str) -> io::Result<()> {
        self.link(event, prop::PARTICIPANT, actor)?;
        self.link(event, prop::PARTICIPATION, part)
    }

    /// The participation node itself: its actor and role.
    pub fn participation_node(&mut self, part: &str, actor: &str, role: &NamedNode) -> io::Result<()> {
        self.add(part, rdf::TYPE, class::PARTICIPATION)?;
        self.link(part, prop::ACTOR, actor)?;
        self.add(part, prop::ROLE, role.as_ref())
    }

    /// The IRIs a location of dataset `src` mints, each with its name and
    /// the column it comes from (`columns` gives those of the country, the
    /// three administrative areas and the location): the country
    /// `{base}id/place/{src}/{country}`, each non-empty area below it, and
    /// the place `…/{admin…}/{location}/{lat},{long}`.
    pub fn place_iris<'r>(&self, src: &str, loc: &Location<'r>, columns: [usize; 5]) -> Vec<Spelled<'r>> {
        let mut path = self.id("place/");
        path.push_str(src);
        path.push('/');
        push_slug(&mut path, loc.country);
        let mut out = vec![(path.clone(), loc.country, columns[0])];
        for (a, &column) in loc
            .admin
            .iter()
            .zip(&columns[1..4])
            .filter(|(a, _)| !a.is_empty())
        {
            path.push('/');
            push_slug(&mut path, a);
            out.push((path.clone(), *a, column));
        }
        path.push('/');
        push_slug(&mut path, loc.name);
        path.push('/');
        path.push_str(&loc.lat);
        path.push(',');
        path.push_str(&loc.long);
        out.push((path, loc.name, columns[4]));
        out
    }

    /// The place of a dataset's location, described (with its administrative
    /// areas and its country) on first sight; `iris` are those
    /// [`Out::place_iris`] gave for `loc`. Returns the place's IRI.
    pub fn place(&mut self, iris: &[Spelled<'_>], loc: &Location<'_>) -> io::Result<String> {
        let Some(((place, ..), areas)) = iris.split_last() else {
            return Ok(String::new());
        };
        let place = place.clone();
        if !self.seen.first(&place) {
            return Ok(place);
        }
        // The country, then the areas it lies in, largest first, each described once.
        let mut parent: Option<&str> = None;
        for (area, name, _) in areas {
            if self.seen.first(area) {
                self.add(area, rdf::TYPE, class::PLACE)?;
                self.add(area, rdf::TYPE, if parent.is_none() { COUNTRY } else { REGION })?;
                self.text(area, rdfs::LABEL, name)?;
                if let Some(parent) = parent {
                    self.link(area, prop::LOCATED_IN, parent)?;
                }
            }
            parent = Some(area);
        }
        let parent = parent.unwrap_or_default().to_owned();
        self.add(&place, rdf::TYPE, class::PLACE)?;
        self.text(&place, rdfs::LABEL, loc.name)?;
        self.link(&place, prop::LOCATED_IN, &parent)?;
        self.add(
            &place,
            geo::LAT,
            LiteralRef::new_typed_literal(&loc.lat, xsd::DECIMAL),
        )?;
        self.add(
            &place,
            geo::LONG,
            LiteralRef::new_typed_literal(&loc.long, xsd::DECIMAL),
        )?;
        let geometry = join(&place, &["/geometry"]);
        self.link(&place, geo::HAS_GEOMETRY, &geometry)?;
        self.add(&geometry, rdf::TYPE, geo::GEOMETRY)?;
        let wkt = join("POINT(", &[&loc.long, " ", &loc.lat, ")"]);
        self.add(
            &geometry,
            geo::AS_WKT,
            LiteralRef::new_typed_literal(&wkt, geo::WKT_LITERAL),
        )?;
        Ok(place)
    }

    /// The quantity node `q` (from [`quantity`]): an exact `value`, or
    /// bounds `min`/`max`, counted in persons. Its subject links to it with
    /// `ckg:quantity`.
    pub fn quantity_node(&mut self, q: &str, kind: &NamedNode, amount: Amount<'_>) -> io::Result<()> {
        self.add(q, rdf::TYPE, class::QUANTITY)?;
        self.add(q, prop::QUANTITY_KIND, kind.as_ref())?;
        self.add(q, prop::UNIT, PERSON)?;
        let int = |v| LiteralRef::new_typed_literal(v, xsd::INTEGER);
        match amount {
            Amount::Exact(v) => self.add(q, st::SCHEMA_VALUE, int(v)),
            Amount::Between(min, max) => {
                self.add(q, st::SCHEMA_MIN_VALUE, int(min))?;
                self.add(q, st::SCHEMA_MAX_VALUE, int(max))
            }
        }
    }

    /// The evidence node `ev` of `node` (from [`evidence`]): the sources as
    /// the dataset cites them and its own summary of the event, when given.
    /// `node` links to it with `ckg:evidence`.
    pub fn evidence_node(
        &mut self,
        ev: &str,
        node: &str,
        citation: &str,
        description: &str,
    ) -> io::Result<()> {
        self.add(ev, rdf::TYPE, class::EVIDENCE)?;
        self.link(ev, st::OA_HAS_BODY, node)?;
        if !citation.is_empty() {
            self.text(ev, geo::DCTERMS_BIBLIOGRAPHIC_CITATION, citation)?;
        }
        if !description.is_empty() {
            self.text(ev, geo::DCTERMS_DESCRIPTION, description)?;
        }
        Ok(())
    }

    /// Writes what the sink buffers.
    pub fn finish(&mut self) -> io::Result<()> {
        self.sink.finish()
    }
}

/// `parent` followed by each of `parts`, in one allocation.
pub fn join(parent: &str, parts: &[&str]) -> String {
    let mut s = String::with_capacity(parent.len() + parts.iter().map(|p| p.len()).sum::<usize>());
    s.push_str(parent);
    for p in parts {
        s.push_str(p);
    }
    s
}

/// The participation of the actor with `slug` in `role` in `event`:
/// `{event}/participation/{slug}/{role name}`.
pub fn participation(event: &str, slug: &str, role: &NamedNode) -> String {
    let role_name = role.as_str().rsplit('#').next().unwrap_or_default();
    join(event, &["/participation/", slug, "/", role_name])
}

/// The quantity of `node` named `path`: `{node}/quantity/{path}`.
pub fn quantity(node: &str, path: &str) -> String {
    join(node, &["/quantity/", path])
}

/// The (only) evidence node of `node`: `{node}/evidence/1`.
pub fn evidence(node: &str) -> String {
    join(node, &["/evidence/1"])
}

/// How much: an exact count or bounds (integers, as written).
#[derive(Debug, Clone, Copy)]
pub enum Amount<'a> {
    /// `schema:value`.
    Exact(&'a str),
    /// `schema:minValue` and `schema:maxValue`.
    Between(&'a str, &'a str),
}

const COUNTRY: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Country");
const REGION: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Region");
const PERSON: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology/unit#person");

/// `d`'s XSD lexical form, as [`Date::xsd_lexical`] without the formatting machinery.
fn lexical(d: Date) -> String {
    let mut s = String::with_capacity(10);
    push_lexical(&mut s, d);
    s
}

fn push_lexical(s: &mut String, d: Date) {
    let digit = |n: u16| char::from(b'0' + u8::try_from(n % 10).unwrap_or(0));
    for div in [1000, 100, 10, 1] {
        s.push(digit(d.year / div));
    }
    for part in [d.month, d.day].into_iter().flatten() {
        s.push('-');
        s.push(digit(u16::from(part) / 10));
        s.push(digit(u16::from(part)));
    }
}

/// The EDTF form of `date`, as its `Display` writes it.
fn edtf(date: &Edtf) -> String {
    let mut s = String::with_capacity(24);
    let push = |s: &mut String, b: &Bound| match b {
        Bound::Date(d) => {
            push_lexical(s, *d);
            s.push_str(match (d.uncertain, d.approximate) {
                (true, true) => "%",
                (true, false) => "?",
                (false, true) => "~",
                (false, false) => "",
            });
        }
        Bound::Open => s.push_str(".."),
        Bound::Unknown => {}
    };
    match date {
        Edtf::Single(d) => push(&mut s, &Bound::Date(*d)),
        Edtf::Interval(a, b) => {
            push(&mut s, a);
            s.push('/');
            push(&mut s, b);
        }
    }
    s
}

fn typed(lexical: &str, d: Date) -> LiteralRef<'_> {
    let datatype = match d.precision() {
        Precision::Day => xsd::DATE,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Year => xsd::G_YEAR,
    };
    LiteralRef::new_typed_literal(lexical, datatype)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_their_display_writes_them() {
        for text in [
            "2024-03-05",
            "2024-03-05~",
            "2024-03",
            "0987",
            "2021-01-01/2021-12-31",
            "2019?",
            "2020%",
            "../2012",
            "2024-08/..",
        ] {
            let d = Edtf::parse(text).unwrap();
            assert_eq!(edtf(&d), d.to_string());
            if let Edtf::Single(one) = d {
                assert_eq!(lexical(one), one.xsd_lexical());
            }
        }
    }

    #[test]
    fn seen_remembers_and_stays_bounded() {
        let mut seen = Seen::new(3);
        assert!(seen.first("a"));
        assert!(!seen.first("a"));
        assert!(seen.first("b") && seen.first("c"));
        assert_eq!(seen.len(), 3);
        assert!(seen.first("d"), "a fourth entity starts afresh");
        assert_eq!(seen.len(), 1);
        assert!(!seen.first("d"));
    }

    #[test]
    fn the_terms_are_in_the_ontology() {
        let o = Ontology::embedded().unwrap();
        let t = Terms::new(&o).unwrap();
        assert!(t.event_type("armed-clash").is_ok());
        assert!(o.units.values().any(|u| u.as_ref() == PERSON));
        assert!(o.declares(COUNTRY) && o.declares(REGION));
    }
}
