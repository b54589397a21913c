//! The shapes both importers write, on the same ontology terms as the curated
//! mapping ([`crate::rdf`]): dates with their precision, participations with
//! roles, actors and places minted once, quantities, evidence.
//!
//! IRIs are built by concatenating the validated base with slugs and ids
//! (see [`super::fields::push_slug`]); nothing is re-validated per triple.
//! Actors and places have IRIs derived from their names, so no table maps
//! names to IRIs: a bounded set of hashes only remembers which ones were
//! already described, so each is described once (see [`Seen`]).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash as _, Hasher};
use std::io;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{LiteralRef, NamedNode, NamedNodeRef, TermRef, TripleRef};

use super::fields::push_slug;
use super::sink::Sink;
use crate::model::date::{Bound, Date, Edtf, Precision};
use crate::ontology::Ontology;
use crate::vocab::{class, geo, prop, std_terms as st};

/// Remembers which minted IRIs were already described, by a 64-bit hash,
/// with a hash of the name each was first described under.
///
/// Bounded: past `capacity` distinct entries it starts afresh, so memory
/// stays flat whatever the input; an entity seen again after that is
/// described again (the same triples, which an RDF store merges). Each fresh
/// start begins a new generation, so that [`Memo`] entries can tell whether
/// what they remember is still here.
#[derive(Debug)]
pub struct Seen {
    set: HashMap<u64, u64, BuildHasherDefault<Identity>>,
    capacity: usize,
    generation: u64,
}

/// What [`Seen::sight`] finds of a minted IRI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// Not described yet (in this generation): describe it.
    New,
    /// Already described, under the same name.
    Same,
    /// Already described under another name that slugs alike (`Gao` and
    /// `GAO`, `Militia (Gao)` and `Militia: Gao`): one entity, and this name
    /// is kept beside the first as a `skos:altLabel`, never dropped.
    Respelled,
}

fn hash64(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl Seen {
    /// A map remembering up to `capacity` entities (34 bytes or so each at most).
    pub fn new(capacity: usize) -> Self {
        Self {
            set: HashMap::default(),
            capacity: capacity.max(1),
            generation: 0,
        }
    }

    /// Whether `iri`, named `name`, is new, seen under that name, or seen
    /// under another (and remembers it, with its name, when new).
    pub fn sight(&mut self, iri: &str, name: &str) -> Sight {
        let key = hash64(iri);
        if self.set.len() >= self.capacity && !self.set.contains_key(&key) {
            self.set.clear();
            self.generation += 1;
        }
        let name = hash64(name);
        match self.set.entry(key) {
            Entry::Vacant(v) => {
                v.insert(name);
                Sight::New
            }
            Entry::Occupied(o) if *o.get() == name => Sight::Same,
            Entry::Occupied(_) => Sight::Respelled,
        }
    }

    /// How many entities it remembers now.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether it remembers none.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// How many times it started afresh: whatever it held in an earlier
    /// generation may be forgotten, whatever it took in this one is held.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// The IRIs minted from the fields of a row (an actor's name, a place's
/// names and coordinates), remembered by those fields, so that a name seen
/// again is neither slugged nor hashed again: one lookup by the raw text
/// gives the IRI (past the part common to all, `{base}id/actor/acled/`…)
/// and the [`Seen`] generation in which it was described.
///
/// Bounded in bytes like [`Seen`] in entries: when full it starts afresh.
/// It only saves work: with or without it the output is the same.
#[derive(Debug)]
pub struct Memo {
    /// Each entry with the [`Seen`] generation that holds its IRI.
    map: HashMap<Minted, u64, foldhash::fast::RandomState>,
    bytes: usize,
    limit: usize,
}

/// A key (see [`push_key`]) and the IRI it mints, in one allocation, so
/// that a lookup reads one place in memory.
#[derive(Debug)]
struct Minted {
    text: Box<str>,
    key: usize,
}

impl Minted {
    fn key(&self) -> &str {
        self.text.get(..self.key).unwrap_or_default()
    }

    fn iri(&self) -> &str {
        self.text.get(self.key..).unwrap_or_default()
    }
}

impl std::borrow::Borrow<str> for Minted {
    fn borrow(&self) -> &str {
        self.key()
    }
}

impl std::hash::Hash for Minted {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialEq for Minted {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Minted {}

/// What a [`Memo`] may hold: keys, IRIs and a rough cost of each entry.
const MEMO_BYTES: usize = 8 << 20;

impl Memo {
    /// A memo holding up to about `limit` bytes (none with 0).
    fn new(limit: usize) -> Self {
        Self {
            map: HashMap::default(),
            bytes: 0,
            limit,
        }
    }

    /// The IRI minted from `key`, when described in `generation`.
    fn get(&self, key: &str, generation: u64) -> Option<&str> {
        self.map
            .get_key_value(key)
            .filter(|(_, g)| **g == generation)
            .map(|(m, _)| m.iri())
    }

    /// Remembers that `key` mints `iri`, described in `generation`.
    fn insert(&mut self, key: &str, iri: &str, generation: u64) {
        if let Some(g) = self.map.get_mut(key) {
            *g = generation;
            return;
        }
        let cost = key.len() + iri.len() + 64;
        if cost > self.limit {
            return;
        }
        if self.bytes + cost > self.limit {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += cost;
        let mut text = String::with_capacity(key.len() + iri.len());
        text.push_str(key);
        text.push_str(iri);
        let minted = Minted {
            text: text.into_boxed_str(),
            key: key.len(),
        };
        self.map.insert(minted, generation);
    }
}

/// Appends `field` to a memo key, its length first (`3:Gao`), so that
/// keys are unambiguous.
fn push_key(key: &mut String, field: &str) {
    key.push_str(itoa::Buffer::new().format(field.len()));
    key.push(':');
    key.push_str(field);
}

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
    /// Names kept as `skos:altLabel` of an entity first described under
    /// another name that slugs alike (see [`Sight::Respelled`]).
    pub respelled: u64,
    seen: Seen,
    /// `{base}id/`.
    id_base: String,
    /// Actor IRIs by dataset and name.
    actors: Memo,
    /// Place IRIs by dataset, names and coordinates.
    places: Memo,
    /// The memo key being looked up.
    key: String,
    /// Text built for the triples of one call (literals, node IRIs), kept
    /// between rows so that a row allocates nothing.
    scratch: [String; 3],
}

/// The IRIs of a row's event and of its own nodes, in buffers reused from
/// row to row (so that a row allocates nothing).
#[derive(Debug, Default)]
pub struct Nodes {
    /// The event.
    pub event: String,
    /// Its place.
    pub place: String,
    /// One of its quantities at a time.
    pub quantity: String,
    /// Its evidence.
    pub evidence: String,
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
            respelled: 0,
            seen: Seen::new(capacity),
            id_base: format!("{base}id/"),
            actors: Memo::new(MEMO_BYTES),
            places: Memo::new(MEMO_BYTES),
            key: String::new(),
            scratch: Default::default(),
        }
    }

    /// The same, remembering no IRI by the fields it comes from (to check
    /// that the memos change nothing).
    #[cfg(test)]
    pub(crate) fn without_memos(mut self) -> Self {
        self.actors = Memo::new(0);
        self.places = Memo::new(0);
        self
    }

    /// How many entities are remembered as described.
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }

    /// Sets `iri` to `{base}id/{path}`.
    pub fn id(&self, iri: &mut String, path: &str) {
        iri.clear();
        iri.push_str(&self.id_base);
        iri.push_str(path);
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

    /// Runs `f` with the scratch buffers, taken out of `self` meanwhile.
    fn with_scratch<T>(&mut self, f: impl FnOnce(&mut Self, &mut [String; 3]) -> T) -> T {
        let mut scratch = std::mem::take(&mut self.scratch);
        let result = f(self, &mut scratch);
        self.scratch = scratch;
        result
    }

    /// What every event says of itself: its class, its `id` in the dataset
    /// `dataset` (an IRI), its event type, its date (see [`Out::date_links`])
    /// and its place (an IRI from [`Out::place`]).
    pub fn event(
        &mut self,
        event: &str,
        id: &str,
        dataset: &str,
        event_type: &NamedNode,
        date: &Edtf,
        place: &str,
    ) -> io::Result<()> {
        self.add(event, rdf::TYPE, class::EVENT)?;
        self.text(event, geo::DCTERMS_IDENTIFIER, id)?;
        self.link(event, st::PROV_WAS_DERIVED_FROM, dataset)?;
        self.add(event, prop::EVENT_TYPE, event_type.as_ref())?;
        self.date_links(event, date)?;
        self.link(event, prop::PLACE, place)
    }

    /// The date of `node` as the curated mapping writes it: `ckg:edtf`,
    /// `ckg:date` (or `ckg:startDate`/`ckg:endDate`) typed by precision, the
    /// qualifiers, and a link to the OWL-Time node at `{node}/time` (whose
    /// triples [`Out::date_nodes`] writes, after the rest of `node`'s).
    pub fn date_links(&mut self, node: &str, date: &Edtf) -> io::Result<()> {
        self.with_scratch(|out, [text, time, _]| {
            text.clear();
            push_edtf(text, date);
            out.add(node, prop::EDTF, LiteralRef::new_typed_literal(text, st::EDTF))?;
            set(time, node, &["/time"]);
            out.link(node, prop::TIME, time)?;
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
                    text.clear();
                    push_lexical(text, d);
                    out.add(node, p, typed(text, d))?;
                    out.qualifiers(node, d)?;
                }
            }
            Ok(())
        })
    }

    /// The OWL-Time node(s) of `node`'s date: an instant, or an interval
    /// with its beginning and end.
    pub fn date_nodes(&mut self, node: &str, date: &Edtf) -> io::Result<()> {
        self.with_scratch(|out, [text, time, end]| {
            set(time, node, &["/time"]);
            match date {
                Edtf::Single(d) => out.instant(time, *d, text),
                Edtf::Interval(start, finish) => {
                    out.add(time, rdf::TYPE, st::TIME_PROPER_INTERVAL)?;
                    let bounds = [
                        (start, st::TIME_HAS_BEGINNING, "/begin"),
                        (finish, st::TIME_HAS_END, "/end"),
                    ];
                    for (bound, time_p, path) in bounds {
                        if let Bound::Date(_) = bound {
                            set(end, time, &[path]);
                            out.link(time, time_p, end)?;
                        }
                    }
                    for (bound, _, path) in bounds {
                        if let Bound::Date(d) = bound {
                            set(end, time, &[path]);
                            out.instant(end, *d, text)?;
                        }
                    }
                    Ok(())
                }
            }
        })
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

    /// The instant `node` on `d`; `lexical` is a buffer for its XSD form.
    fn instant(&mut self, node: &str, d: Date, lexical: &mut String) -> io::Result<()> {
        self.add(node, rdf::TYPE, st::TIME_INSTANT)?;
        let (p, unit) = match d.precision() {
            Precision::Day => (st::TIME_IN_XSD_DATE, st::TIME_UNIT_DAY),
            Precision::Month => (st::TIME_IN_XSD_G_YEAR_MONTH, st::TIME_UNIT_MONTH),
            Precision::Year => (st::TIME_IN_XSD_G_YEAR, st::TIME_UNIT_YEAR),
        };
        lexical.clear();
        push_lexical(lexical, d);
        self.add(node, p, typed(lexical, d))?;
        self.add(node, prop::PRECISION, unit)
    }

    /// Sets `iri` to the actor named `name` in dataset `src`
    /// (`{base}id/actor/{src}/{slug}`), described on first sight; returns
    /// where its slug starts in `iri`.
    pub fn actor(&mut self, src: &str, name: &str, iri: &mut String) -> io::Result<usize> {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        push_key(&mut key, src);
        push_key(&mut key, name);
        self.id(iri, "actor/");
        iri.push_str(src);
        iri.push('/');
        let slug = iri.len();
        if let Some(known) = self.actors.get(&key, self.seen.generation()) {
            iri.push_str(known);
        } else {
            push_slug(iri, name);
            let sight = self.seen.sight(iri, name);
            self.actors.insert(&key, &iri[slug..], self.seen.generation());
            match sight {
                Sight::New => {
                    self.add(iri, rdf::TYPE, class::ACTOR)?;
                    self.text(iri, rdfs::LABEL, name)?;
                }
                other => self.respelling(other, iri, name)?,
            }
        }
        self.key = key;
        Ok(slug)
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

    /// Sets `place` to the place of a dataset's location, described (with
    /// its administrative areas and its country) on first sight:
    /// `{base}id/place/{src}/{country}/{admin…}/{location}/{lat},{long}`.
    pub fn place(&mut self, src: &str, loc: &Location<'_>, place: &mut String) -> io::Result<()> {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        for field in [
            src,
            loc.country,
            loc.admin[0],
            loc.admin[1],
            loc.admin[2],
            loc.name,
        ] {
            push_key(&mut key, field);
        }
        push_key(&mut key, &loc.lat);
        push_key(&mut key, &loc.long);
        self.id(place, "place/");
        place.push_str(src);
        place.push('/');
        let common = place.len();
        let result = if let Some(known) = self.places.get(&key, self.seen.generation()) {
            place.push_str(known);
            Ok(())
        } else {
            self.describe_place(src, loc, place).map(|generation| {
                self.places.insert(&key, &place[common..], generation);
            })
        };
        self.key = key;
        result
    }

    /// [`Out::place`] without the memo; returns the [`Seen`] generation
    /// that holds the place (describing its areas may start a new one).
    fn describe_place(&mut self, src: &str, loc: &Location<'_>, place: &mut String) -> io::Result<u64> {
        let mut path = String::new();
        self.id(&mut path, "place/");
        path.push_str(src);
        path.push('/');
        push_slug(&mut path, loc.country);
        place.clear();
        place.push_str(&path);
        for a in loc.admin.iter().filter(|a| !a.is_empty()) {
            place.push('/');
            push_slug(place, a);
        }
        place.push('/');
        push_slug(place, loc.name);
        place.push('/');
        place.push_str(&loc.lat);
        place.push(',');
        place.push_str(&loc.long);
        let sight = self.seen.sight(place, loc.name);
        let generation = self.seen.generation();
        // The areas it lies in, largest first, each described once (and
        // each looked at even when the place is known: an area may be
        // spelled anew).
        let mut parent = path;
        match self.seen.sight(&parent, loc.country) {
            Sight::New => {
                self.add(&parent, rdf::TYPE, class::PLACE)?;
                self.add(&parent, rdf::TYPE, COUNTRY)?;
                self.text(&parent, rdfs::LABEL, loc.country)?;
            }
            other => self.respelling(other, &parent, loc.country)?,
        }
        for a in loc.admin.iter().filter(|a| !a.is_empty()) {
            let mut area = parent.clone();
            area.push('/');
            push_slug(&mut area, a);
            match self.seen.sight(&area, a) {
                Sight::New => {
                    self.add(&area, rdf::TYPE, class::PLACE)?;
                    self.add(&area, rdf::TYPE, REGION)?;
                    self.text(&area, rdfs::LABEL, a)?;
                    self.link(&area, prop::LOCATED_IN, &parent)?;
                }
                other => self.respelling(other, &area, a)?,
            }
            parent = area;
        }
        if sight != Sight::New {
            self.respelling(sight, place, loc.name)?;
            return Ok(generation);
        }
        self.add(place, rdf::TYPE, class::PLACE)?;
        self.text(place, rdfs::LABEL, loc.name)?;
        self.link(place, prop::LOCATED_IN, &parent)?;
        self.add(
            place,
            geo::LAT,
            LiteralRef::new_typed_literal(&loc.lat, xsd::DECIMAL),
        )?;
        self.add(
            place,
            geo::LONG,
            LiteralRef::new_typed_literal(&loc.long, xsd::DECIMAL),
        )?;
        let geometry = join(place, &["/geometry"]);
        self.link(place, geo::HAS_GEOMETRY, &geometry)?;
        self.add(&geometry, rdf::TYPE, geo::GEOMETRY)?;
        let wkt = join("POINT(", &[&loc.long, " ", &loc.lat, ")"]);
        self.add(
            &geometry,
            geo::AS_WKT,
            LiteralRef::new_typed_literal(&wkt, geo::WKT_LITERAL),
        )?;
        Ok(generation)
    }

    /// For an entity already described: `name` as its `skos:altLabel` when
    /// it was first described under another name (counted in
    /// [`Out::respelled`]); nothing when under this one.
    fn respelling(&mut self, sight: Sight, iri: &str, name: &str) -> io::Result<()> {
        if sight == Sight::Respelled {
            self.respelled += 1;
            self.text(iri, st::SKOS_ALT_LABEL, name)?;
        }
        Ok(())
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

/// Sets `iri` to `parent` followed by each of `parts` (reusing its buffer).
pub fn set(iri: &mut String, parent: &str, parts: &[&str]) {
    iri.clear();
    iri.push_str(parent);
    for p in parts {
        iri.push_str(p);
    }
}

/// Sets `part` to the participation of the actor with `slug` in `role` in
/// `event`: `{event}/participation/{slug}/{role name}`.
pub fn participation(part: &mut String, event: &str, slug: &str, role: &NamedNode) {
    let role_name = role.as_str().rsplit('#').next().unwrap_or_default();
    set(part, event, &["/participation/", slug, "/", role_name]);
}

/// Sets `q` to the quantity of `node` named `path`: `{node}/quantity/{path}`.
pub fn quantity(q: &mut String, node: &str, path: &str) {
    set(q, node, &["/quantity/", path]);
}

/// Sets `ev` to the (only) evidence node of `node`: `{node}/evidence/1`.
pub fn evidence(ev: &mut String, node: &str) {
    set(ev, node, &["/evidence/1"]);
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
#[cfg(test)]
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

/// Appends the EDTF form of `date`, as its `Display` writes it.
fn push_edtf(s: &mut String, date: &Edtf) {
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
        Edtf::Single(d) => push(s, &Bound::Date(*d)),
        Edtf::Interval(a, b) => {
            push(s, a);
            s.push('/');
            push(s, b);
        }
    }
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
            let mut edtf = String::new();
            push_edtf(&mut edtf, &d);
            assert_eq!(edtf, d.to_string());
            if let Edtf::Single(one) = d {
                assert_eq!(lexical(one), one.xsd_lexical());
            }
        }
    }

    #[test]
    fn seen_remembers_and_stays_bounded() {
        let mut seen = Seen::new(3);
        assert_eq!(seen.sight("a", "A"), Sight::New);
        assert_eq!(seen.sight("a", "A"), Sight::Same);
        assert_eq!(
            seen.sight("a", "a"),
            Sight::Respelled,
            "another name, the same IRI"
        );
        assert_eq!(
            seen.sight("a", "A"),
            Sight::Same,
            "the first name stays the one remembered"
        );
        assert_eq!(seen.sight("b", "B"), Sight::New);
        assert_eq!(seen.sight("c", "C"), Sight::New);
        assert_eq!(seen.len(), 3);
        assert_eq!(seen.generation(), 0);
        assert_eq!(seen.sight("d", "D"), Sight::New, "a fourth entity starts afresh");
        assert_eq!((seen.len(), seen.generation()), (1, 1));
        assert_eq!(seen.sight("d", "D"), Sight::Same);
        assert_eq!(
            seen.sight("d", "D"),
            Sight::Same,
            "an entity seen again keeps the generation"
        );
        assert_eq!(seen.generation(), 1);
    }

    #[test]
    fn the_memo_holds_what_the_current_generation_holds_and_stays_bounded() {
        let mut memo = Memo::new(MEMO_BYTES);
        let mut key = String::new();
        push_key(&mut key, "ab");
        push_key(&mut key, "c");
        assert_eq!(key, "2:ab1:c");
        let mut other = String::new();
        push_key(&mut other, "a");
        push_key(&mut other, "bc");
        assert_ne!(key, other, "keys are unambiguous");
        memo.insert(&key, "http://e/abc", 0);
        assert_eq!(memo.get(&key, 0), Some("http://e/abc"));
        assert_eq!(memo.get(&key, 1), None, "an older generation may be forgotten");
        assert_eq!(memo.get(&other, 0), None);
        memo.insert(&key, "http://e/abc", 1);
        assert_eq!(memo.get(&key, 1), Some("http://e/abc"));
        let long = "x".repeat(MEMO_BYTES / 2);
        memo.insert(&long, "http://e/x", 1);
        memo.insert("y", &long, 1);
        assert!(memo.bytes <= MEMO_BYTES);
        assert_eq!(memo.get(&key, 1), None, "a full memo starts afresh");
        assert_eq!(memo.get("y", 1), Some(long.as_str()));
        let mut many = String::new();
        push_key(&mut many, &"z".repeat(1234));
        assert!(many.starts_with("1234:z"));
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
