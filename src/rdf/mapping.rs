//! Mapping each kind of record onto the conflict ontology.

use std::collections::HashMap;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term, Triple};

use crate::iri::{Kind, Minter};
use crate::model::date::{Bound, Date, Edtf, Precision};
use crate::model::{
    Actor, Agreement, Claim, Common, Dataset, Event, Number, Participant, Place, Quantity, Relation, Source,
};
use crate::ontology::Ontology;
use crate::vocab::{class, prop, std_terms as st};

/// Maps a validated dataset to triples, sorted and without duplicates.
///
/// Every name the dataset uses (kinds, event types, roles, stances, relation
/// types) was checked against `ontology` during validation.
pub fn map(dataset: &Dataset, minter: &Minter, ontology: &Ontology) -> Vec<Triple> {
    let mut kinds = HashMap::new();
    for (kind, commons) in [
        (
            Kind::Source,
            dataset.sources.iter().map(|r| &r.common).collect::<Vec<_>>(),
        ),
        (Kind::Actor, dataset.actors.iter().map(|r| &r.common).collect()),
        (Kind::Place, dataset.places.iter().map(|r| &r.common).collect()),
        (Kind::Event, dataset.events.iter().map(|r| &r.common).collect()),
        (
            Kind::Agreement,
            dataset.agreements.iter().map(|r| &r.common).collect(),
        ),
        (Kind::Claim, dataset.claims.iter().map(|r| &r.common).collect()),
        (
            Kind::Relation,
            dataset.relations.iter().map(|r| &r.common).collect(),
        ),
    ] {
        for c in commons {
            kinds.insert(c.id.as_str(), kind);
        }
    }
    let mut m = Mapper {
        minter,
        ontology,
        dataset,
        kinds,
        out: Vec::new(),
    };
    for r in &dataset.sources {
        m.source(r);
    }
    for r in &dataset.actors {
        m.actor(r);
    }
    for r in &dataset.places {
        m.place(r);
    }
    for r in &dataset.events {
        m.event(r);
    }
    for r in &dataset.agreements {
        m.agreement(r);
    }
    for r in &dataset.claims {
        m.claim(r);
    }
    for r in &dataset.relations {
        m.relation(r);
    }
    let mut triples = m.out;
    crate::pipeline::sort_triples(&mut triples);
    triples
}

struct Mapper<'a> {
    minter: &'a Minter,
    ontology: &'a Ontology,
    dataset: &'a Dataset,
    kinds: HashMap<&'a str, Kind>,
    out: Vec<Triple>,
}

impl Mapper<'_> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.out.push(Triple::new(s.clone(), p, o));
    }

    fn thing(&self, kind: Kind, id: &str) -> NamedNode {
        self.minter.thing(kind, id)
    }

    /// The IRI of any record by id (kinds share one id space; validation
    /// resolved every reference, so the id is known).
    fn any(&self, id: &str) -> NamedNode {
        self.thing(self.kinds.get(id).copied().unwrap_or(Kind::Relation), id)
    }

    fn common(&mut self, node: &NamedNode, c: &Common) {
        self.add(node, prop::ID, Literal::new_simple_literal(&c.id));
        for (lang, text) in &c.labels {
            self.add(
                node,
                rdfs::LABEL,
                Literal::new_language_tagged_literal_unchecked(text, lang),
            );
        }
        for (lang, text) in &c.alt_labels {
            self.add(
                node,
                st::SKOS_ALT_LABEL,
                Literal::new_language_tagged_literal_unchecked(text, lang),
            );
        }
        for iri in &c.same_as {
            self.add(node, st::OWL_SAME_AS, NamedNode::new_unchecked(iri));
        }
        if let Some(note) = &c.note {
            self.add(
                node,
                st::SKOS_EDITORIAL_NOTE,
                Literal::new_language_tagged_literal_unchecked(note, "en"),
            );
        }
        for (i, e) in c.evidence.iter().enumerate() {
            let source = self.thing(Kind::Source, &e.source);
            let language = self
                .dataset
                .sources
                .iter()
                .find(|s| s.common.id == e.source)
                .map_or("und", |s| s.language.as_str())
                .to_owned();
            let text = |s: &str| Literal::new_language_tagged_literal_unchecked(s, &language);
            let ev = self.minter.below(node, &format!("evidence/{}", i + 1));
            let target = self.minter.below(&ev, "target");
            let quote = self.minter.below(&ev, "quote");
            let position = self.minter.below(&ev, "position");
            self.add(node, prop::EVIDENCE, ev.clone());
            self.add(node, st::PROV_WAS_DERIVED_FROM, source.clone());
            self.add(&ev, rdf::TYPE, class::EVIDENCE);
            self.add(&ev, rdf::TYPE, st::OA_ANNOTATION);
            self.add(&ev, st::OA_HAS_BODY, node.clone());
            self.add(&ev, st::OA_HAS_TARGET, target.clone());
            self.add(&ev, prop::SOURCE, source.clone());
            self.add(&target, rdf::TYPE, st::OA_SPECIFIC_RESOURCE);
            self.add(&target, st::OA_HAS_SOURCE, source);
            self.add(&target, st::OA_HAS_SELECTOR, quote.clone());
            self.add(&target, st::OA_HAS_SELECTOR, position.clone());
            self.add(&quote, rdf::TYPE, st::OA_TEXT_QUOTE_SELECTOR);
            self.add(&quote, st::OA_EXACT, text(&e.quote.exact));
            if !e.quote.prefix.is_empty() {
                self.add(&quote, st::OA_PREFIX, text(&e.quote.prefix));
            }
            if !e.quote.suffix.is_empty() {
                self.add(&quote, st::OA_SUFFIX, text(&e.quote.suffix));
            }
            self.add(&position, rdf::TYPE, st::OA_TEXT_POSITION_SELECTOR);
            self.add(&position, st::OA_START, count(e.quote.start));
            self.add(&position, st::OA_END, count(e.quote.end));
        }
        self.quantities(node, &c.quantities);
    }

    fn quantities(&mut self, node: &NamedNode, quantities: &[Quantity]) {
        for (i, q) in quantities.iter().enumerate() {
            let qn = self.minter.below(node, &format!("quantity/{}", i + 1));
            self.add(node, prop::QUANTITY, qn.clone());
            self.add(&qn, rdf::TYPE, class::QUANTITY);
            if let Some(kind) = self.ontology.quantity_kinds.get(&q.kind) {
                self.add(&qn, prop::QUANTITY_KIND, kind.clone());
            }
            if let Some(unit) = self.ontology.units.get(&q.unit) {
                self.add(&qn, prop::UNIT, unit.clone());
            }
            for (n, p) in [
                (&q.value, st::SCHEMA_VALUE),
                (&q.min, st::SCHEMA_MIN_VALUE),
                (&q.max, st::SCHEMA_MAX_VALUE),
            ] {
                if let Some(n) = n {
                    let literal = match n {
                        Number::Integer(v) => Literal::new_typed_literal(v, xsd::INTEGER),
                        Number::Decimal(v) => Literal::new_typed_literal(v, xsd::DECIMAL),
                    };
                    self.add(&qn, p, literal);
                }
            }
        }
    }

    fn date(&mut self, node: &NamedNode, date: &Edtf) {
        self.add(
            node,
            prop::EDTF,
            Literal::new_typed_literal(date.to_string(), st::EDTF),
        );
        let time = self.minter.below(node, "time");
        self.add(node, prop::TIME, time.clone());
        match date {
            Edtf::Single(d) => {
                self.add(node, prop::DATE, typed_date(*d));
                self.qualifiers(node, *d);
                self.instant(&time, *d);
            }
            Edtf::Interval(start, end) => {
                self.add(&time, rdf::TYPE, st::TIME_PROPER_INTERVAL);
                for (bound, p, time_p, path) in [
                    (start, prop::START_DATE, st::TIME_HAS_BEGINNING, "begin"),
                    (end, prop::END_DATE, st::TIME_HAS_END, "end"),
                ] {
                    if let Bound::Date(d) = bound {
                        self.add(node, p, typed_date(*d));
                        self.qualifiers(node, *d);
                        let instant = self.minter.below(&time, path);
                        self.add(&time, time_p, instant.clone());
                        self.instant(&instant, *d);
                    }
                }
            }
        }
    }

    fn qualifiers(&mut self, node: &NamedNode, d: Date) {
        if d.uncertain {
            self.add(node, prop::DATE_UNCERTAIN, Literal::from(true));
        }
        if d.approximate {
            self.add(node, prop::DATE_APPROXIMATE, Literal::from(true));
        }
    }

    fn instant(&mut self, node: &NamedNode, d: Date) {
        self.add(node, rdf::TYPE, st::TIME_INSTANT);
        let (p, unit) = match d.precision() {
            Precision::Day => (st::TIME_IN_XSD_DATE, st::TIME_UNIT_DAY),
            Precision::Month => (st::TIME_IN_XSD_G_YEAR_MONTH, st::TIME_UNIT_MONTH),
            Precision::Year => (st::TIME_IN_XSD_G_YEAR, st::TIME_UNIT_YEAR),
        };
        self.add(node, p, typed_date(d));
        self.add(node, prop::PRECISION, unit);
    }

    fn participants(&mut self, node: &NamedNode, participants: &[Participant]) {
        for p in participants {
            let actor = self.thing(Kind::Actor, &p.actor);
            let part = self
                .minter
                .below(node, &format!("participation/{}/{}", p.actor, p.role));
            self.add(node, prop::PARTICIPANT, actor.clone());
            self.add(node, prop::PARTICIPATION, part.clone());
            self.add(&part, rdf::TYPE, class::PARTICIPATION);
            self.add(&part, prop::ACTOR, actor);
            if let Some(role) = self.ontology.roles.get(&p.role) {
                self.add(&part, prop::ROLE, role.clone());
            }
        }
    }

    fn places(&mut self, node: &NamedNode, places: &[String]) {
        for id in places {
            self.add(node, prop::PLACE, self.thing(Kind::Place, id));
        }
    }

    fn source(&mut self, r: &Source) {
        let node = self.thing(Kind::Source, &r.common.id);
        self.add(&node, rdf::TYPE, class::SOURCE);
        self.common(&node, &r.common);
        self.add(&node, prop::FILE_NAME, Literal::new_simple_literal(&r.file));
        self.add(
            &node,
            st::DCTERMS_LANGUAGE,
            Literal::new_simple_literal(&r.language),
        );
        self.add(&node, prop::SHA256, Literal::new_simple_literal(&r.sha256));
        self.add(
            &node,
            prop::CHARACTER_COUNT,
            Literal::new_typed_literal(r.char_count.to_string(), xsd::INTEGER),
        );
        if let Some(url) = &r.url {
            self.add(&node, st::DCTERMS_SOURCE, NamedNode::new_unchecked(url));
        }
        if r.excerpt {
            self.add(&node, prop::IS_EXCERPT, Literal::from(true));
        }
        if let Some(title) = &r.title {
            self.add(
                &node,
                st::DCTERMS_TITLE,
                Literal::new_language_tagged_literal_unchecked(title, &r.language),
            );
        }
        if let Some(date) = &r.date {
            self.date(&node, date);
        }
        for a in &r.authors {
            self.add(&node, st::DCTERMS_CREATOR, self.thing(Kind::Actor, a));
        }
        if let Some(p) = &r.publisher {
            self.add(&node, st::DCTERMS_PUBLISHER, self.thing(Kind::Actor, p));
        }
    }

    fn actor(&mut self, r: &Actor) {
        let node = self.thing(Kind::Actor, &r.common.id);
        if let Some(class) = self.ontology.actor_kinds.get(&r.kind) {
            self.add(&node, rdf::TYPE, class.clone());
        }
        self.add(&node, rdf::TYPE, class::ACTOR);
        self.common(&node, &r.common);
        if let Some(b) = &r.belongs_to {
            self.add(&node, prop::BELONGS_TO, self.thing(Kind::Actor, b));
        }
    }

    fn place(&mut self, r: &Place) {
        let node = self.thing(Kind::Place, &r.common.id);
        if let Some(class) = self.ontology.place_kinds.get(&r.kind) {
            self.add(&node, rdf::TYPE, class.clone());
        }
        self.add(&node, rdf::TYPE, class::PLACE);
        self.common(&node, &r.common);
        if let Some(c) = &r.country {
            self.add(&node, prop::COUNTRY, self.thing(Kind::Actor, c));
        }
        if let Some(t) = &r.twin_of {
            self.add(&node, prop::TWIN_OF, self.thing(Kind::Place, t));
        }
        for n in &r.near {
            self.add(&node, prop::NEAR, self.thing(Kind::Place, n));
        }
        if let Some(l) = &r.located_in {
            self.add(&node, prop::LOCATED_IN, self.thing(Kind::Place, l));
        }
    }

    fn event(&mut self, r: &Event) {
        let node = self.thing(Kind::Event, &r.common.id);
        self.add(&node, rdf::TYPE, class::EVENT);
        self.common(&node, &r.common);
        if let Some(t) = self.ontology.event_types.get(&r.event_type) {
            self.add(&node, prop::EVENT_TYPE, t.clone());
        }
        self.date(&node, &r.date);
        self.places(&node, &r.places);
        self.participants(&node, &r.participants);
        if let Some(p) = &r.part_of {
            self.add(&node, prop::PART_OF, self.thing(Kind::Event, p));
        }
    }

    fn agreement(&mut self, r: &Agreement) {
        let node = self.thing(Kind::Agreement, &r.common.id);
        self.add(&node, rdf::TYPE, class::AGREEMENT);
        self.common(&node, &r.common);
        if let Some(d) = &r.date {
            self.date(&node, d);
        }
        self.places(&node, &r.places);
        self.participants(&node, &r.participants);
    }

    fn claim(&mut self, r: &Claim) {
        let node = self.thing(Kind::Claim, &r.common.id);
        self.add(&node, rdf::TYPE, class::CLAIM);
        self.common(&node, &r.common);
        self.add(&node, prop::CLAIMANT, self.thing(Kind::Actor, &r.claimant));
        if let Some(s) = self.ontology.stances.get(&r.stance) {
            self.add(&node, prop::STANCE, s.clone());
        }
        if let Some(d) = &r.stated {
            self.date(&node, d);
        }
        for a in &r.about {
            self.add(&node, prop::ABOUT, self.any(a));
        }
        for (lang, text) in &r.statement {
            self.add(
                &node,
                prop::STATEMENT,
                Literal::new_language_tagged_literal_unchecked(text, lang),
            );
        }
        for c in &r.contradicts {
            self.add(&node, prop::CONTRADICTS, self.thing(Kind::Claim, c));
        }
    }

    fn relation(&mut self, r: &Relation) {
        let node = self.thing(Kind::Relation, &r.common.id);
        let Some(predicate) = self.ontology.relation_types.get(&r.relation_type).cloned() else {
            return;
        };
        let (subject, object) = (self.any(&r.subject), self.any(&r.object));
        self.add(&subject, predicate.as_ref(), object.clone());
        self.add(&node, rdf::TYPE, class::RELATION);
        self.add(&node, rdf::TYPE, rdf::STATEMENT);
        self.add(&node, rdf::SUBJECT, subject);
        self.add(&node, rdf::PREDICATE, predicate);
        self.add(&node, rdf::OBJECT, object);
        self.common(&node, &r.common);
        if let Some(d) = &r.date {
            self.date(&node, d);
        }
    }
}

/// A date as a literal typed by its precision: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear`.
pub fn typed_date(d: Date) -> Literal {
    let datatype = match d.precision() {
        Precision::Day => xsd::DATE,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Year => xsd::G_YEAR,
    };
    Literal::new_typed_literal(d.xsd_lexical(), datatype)
}

fn count(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}
