//! The validated domain: what the curated data says, free of files and RDF.
//!
//! Every type here is built by [`crate::data`] only after its checks passed,
//! so code downstream may rely on it: ids are slugs, references resolve, every
//! quote sits at known offsets in its source, dates parsed with their precision.

pub mod date;
pub mod quote;

use date::Edtf;

/// A record's stable identifier: a lowercase kebab-case ASCII slug, unique
/// across all record kinds.
pub type Id = String;

/// Whether `s` is a valid id: `^[a-z0-9]+(-[a-z0-9]+)*$`.
///
/// ```
/// use conflict_kg::model::is_slug;
/// assert!(is_slug("drone-downing-2025-04"));
/// assert!(!is_slug("Drone_Downing") && !is_slug("a--b") && !is_slug("-a"));
/// ```
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A text in one language: (BCP 47 tag, text).
pub type LangString = (String, String);

/// What every record carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Common {
    /// The record's id.
    pub id: Id,
    /// Preferred names, one per language, sorted by language.
    pub labels: Vec<LangString>,
    /// Other names and spellings, sorted.
    pub alt_labels: Vec<LangString>,
    /// IRIs of the same thing in other datasets (Wikidata, GeoNames…).
    pub same_as: Vec<String>,
    /// A curator's note, in English.
    pub note: Option<String>,
    /// The sentences that support the record.
    pub evidence: Vec<Evidence>,
    /// Numbers the sources give about the record.
    pub quantities: Vec<Quantity>,
}

/// A number as the sources give it: its lexical form, integer or decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Number {
    /// An integer.
    Integer(String),
    /// A decimal.
    Decimal(String),
}

/// A quantity the sources give about a record, with kind and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// What is measured (a quantity kind of the ontology).
    pub kind: String,
    /// The exact value, when given.
    pub value: Option<Number>,
    /// A lower bound, when only bounds are given.
    pub min: Option<Number>,
    /// An upper bound.
    pub max: Option<Number>,
    /// The unit (a unit of the ontology).
    pub unit: String,
}

/// A verbatim sentence from a source, located in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The id of the source quoted.
    pub source: Id,
    /// Where and what.
    pub quote: quote::Located,
}

/// A source document whose full text is kept beside the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Common fields.
    pub common: Common,
    /// Its text file's name, in the sources directory.
    pub file: String,
    /// The language of its text (BCP 47).
    pub language: String,
    /// Its title, when the text gives one.
    pub title: Option<String>,
    /// When it was published, as far as can be told.
    pub date: Option<Edtf>,
    /// Actors who wrote it.
    pub authors: Vec<Id>,
    /// The actor who published it.
    pub publisher: Option<Id>,
    /// Hex SHA-256 of the text file.
    pub sha256: String,
    /// Number of code points in the text.
    pub char_count: usize,
    /// Where the document is published.
    pub url: Option<String>,
    /// Whether the text file holds only excerpts of the document.
    pub excerpt: bool,
}

/// A state, armed group, organisation, person…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Common fields.
    pub common: Common,
    /// Its kind, an actor kind of the ontology (`state`, `armed-group`…).
    pub kind: String,
    /// The state or organisation it belongs to.
    pub belongs_to: Option<Id>,
}

/// A town, region, country or border area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Common fields.
    pub common: Common,
    /// Its kind, a place kind of the ontology (`settlement`, `region`…).
    pub kind: String,
    /// The state whose territory it lies in.
    pub country: Option<Id>,
    /// Its twin across a border.
    pub twin_of: Option<Id>,
    /// Places it is near.
    pub near: Vec<Id>,
    /// The place it lies within.
    pub located_in: Option<Id>,
}

/// An actor in a role.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Participant {
    /// The actor's id.
    pub actor: Id,
    /// A role of the ontology (`attacker`, `signatory`…).
    pub role: String,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Common fields.
    pub common: Common,
    /// An event type of the ontology.
    pub event_type: String,
    /// When, at the precision the sources give.
    pub date: Edtf,
    /// Where.
    pub places: Vec<Id>,
    /// Who, in which role.
    pub participants: Vec<Participant>,
    /// The larger event it is part of.
    pub part_of: Option<Id>,
}

/// An agreement, accord or treaty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// Common fields.
    pub common: Common,
    /// When it was signed or adopted.
    pub date: Option<Edtf>,
    /// Where.
    pub places: Vec<Id>,
    /// Signatories, mediators…
    pub participants: Vec<Participant>,
}

/// Who said what, when, about what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Common fields.
    pub common: Common,
    /// Who makes the claim.
    pub claimant: Id,
    /// A stance of the ontology (`asserts`, `denies`…).
    pub stance: String,
    /// When it was stated.
    pub stated: Option<Edtf>,
    /// What it is about.
    pub about: Vec<Id>,
    /// What was said, per language.
    pub statement: Vec<LangString>,
    /// Claims it cannot be reconciled with.
    pub contradicts: Vec<Id>,
}

/// A curated relation between two records (membership, support…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Common fields (labels may be empty).
    pub common: Common,
    /// A relation type of the ontology (`member-of`…).
    pub relation_type: String,
    /// The record the relation goes from.
    pub subject: Id,
    /// The record it goes to.
    pub object: Id,
    /// When it began or held.
    pub date: Option<Edtf>,
}

/// Everything curated, validated, each kind in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    /// Source documents.
    pub sources: Vec<Source>,
    /// Actors.
    pub actors: Vec<Actor>,
    /// Places.
    pub places: Vec<Place>,
    /// Events.
    pub events: Vec<Event>,
    /// Agreements.
    pub agreements: Vec<Agreement>,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Relations.
    pub relations: Vec<Relation>,
}

impl Dataset {
    /// Number of records of all kinds.
    pub fn record_count(&self) -> usize {
        self.sources.len()
            + self.actors.len()
            + self.places.len()
            + self.events.len()
            + self.agreements.len()
            + self.claims.len()
            + self.relations.len()
    }

    /// Number of evidence quotes across all records.
    pub fn quote_count(&self) -> usize {
        self.commons().map(|c| c.evidence.len()).sum()
    }

    /// The common part of every record.
    pub fn commons(&self) -> impl Iterator<Item = &Common> {
        self.sources
            .iter()
            .map(|r| &r.common)
            .chain(self.actors.iter().map(|r| &r.common))
            .chain(self.places.iter().map(|r| &r.common))
            .chain(self.events.iter().map(|r| &r.common))
            .chain(self.agreements.iter().map(|r| &r.common))
            .chain(self.claims.iter().map(|r| &r.common))
            .chain(self.relations.iter().map(|r| &r.common))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "fla", "000-720f92d2add9761d", "drone-downing-2025-04"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "A", "a_b", "a--b", "-a", "a-", "é", "a b", "a.b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
