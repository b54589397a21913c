//! Minting the IRIs of everything the data describes.
//!
//! One base (default [`DEFAULT_BASE`], or `--base`) and one scheme:
//! things at `{base}id/{kind}/{id}`, their intermediate nodes (evidence,
//! participations, times) at paths below them, graphs at `{base}graph/{name}`.
//! Ids are slugs, so minting needs no escaping; the base is checked once with
//! iri-string, and [`Minter::check`] re-checks any IRI a user typed.

use iri_string::types::{IriAbsoluteStr, IriStr};
use oxigraph::model::NamedNode;

use crate::model::is_slug;

/// The base IRI used when none is given.
pub const DEFAULT_BASE: &str = "https://w3id.org/conflict-kg/";

/// Why a base IRI cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseError {
    /// Not an IRI at all.
    #[error("`{0}` is not a valid absolute IRI: {1}")]
    Invalid(String, String),
    /// A base must end where a path segment can be appended.
    #[error("the base IRI `{0}` must end with `/`, e.g. `{0}/`")]
    NoTrailingSlash(String),
}

/// The kinds of record, each with its own IRI path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A source document.
    Source,
    /// An actor.
    Actor,
    /// A place.
    Place,
    /// An event.
    Event,
    /// An agreement.
    Agreement,
    /// A claim.
    Claim,
    /// A relation.
    Relation,
}

impl Kind {
    /// Every kind, in the order records are mapped.
    pub const ALL: [Kind; 7] = [
        Kind::Source,
        Kind::Actor,
        Kind::Place,
        Kind::Event,
        Kind::Agreement,
        Kind::Claim,
        Kind::Relation,
    ];

    /// The segment in IRIs and the table name in TOML (`[[event]]`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Actor => "actor",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Agreement => "agreement",
            Kind::Claim => "claim",
            Kind::Relation => "relation",
        }
    }

    /// The kind named `s` in a TOML table header.
    pub fn from_table(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Mints IRIs under one validated base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minter {
    base: String,
}

impl Default for Minter {
    fn default() -> Self {
        Self {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

impl Minter {
    /// A minter for `base`, which must be an absolute IRI ending with `/`.
    ///
    /// ```
    /// use conflict_kg::iri::{Kind, Minter};
    /// let m = Minter::new("http://localhost:7878/").unwrap();
    /// assert_eq!(m.thing(Kind::Actor, "fla").as_str(), "http://localhost:7878/id/actor/fla");
    /// assert!(Minter::new("not an iri").is_err());
    /// ```
    pub fn new(base: &str) -> Result<Self, BaseError> {
        IriAbsoluteStr::new(base).map_err(|e| BaseError::Invalid(base.to_owned(), e.to_string()))?;
        if !base.ends_with('/') {
            return Err(BaseError::NoTrailingSlash(base.to_owned()));
        }
        Ok(Self {
            base: base.to_owned(),
        })
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The IRI of a record: `{base}id/{kind}/{id}`.
    pub fn thing(&self, kind: Kind, id: &str) -> NamedNode {
        Self::node(format!("{}id/{}/{id}", self.base, kind.as_str()))
    }

    /// The kind and id of a record IRI minted under this base, the inverse
    /// of [`Minter::thing`]; `None` for any other IRI (intermediate nodes,
    /// graphs, another base).
    ///
    /// ```
    /// use conflict_kg::iri::{Kind, Minter};
    /// let m = Minter::default();
    /// let iri = m.thing(Kind::Place, "tin-zaouatine");
    /// assert_eq!(m.parse_thing(iri.as_str()), Some((Kind::Place, "tin-zaouatine")));
    /// assert_eq!(m.parse_thing(&format!("{}/evidence/1", iri.as_str())), None);
    /// ```
    pub fn parse_thing<'i>(&self, iri: &'i str) -> Option<(Kind, &'i str)> {
        let (kind, id) = iri
            .strip_prefix(&self.base)?
            .strip_prefix("id/")?
            .split_once('/')?;
        let kind = Kind::from_table(kind)?;
        is_slug(id).then_some((kind, id))
    }

    /// The IRI of a node that exists only inside `parent`: `{parent}/{path}`.
    pub fn below(&self, parent: &NamedNode, path: &str) -> NamedNode {
        Self::node(format!("{}/{path}", parent.as_str()))
    }

    /// The IRI of a named graph: `{base}graph/{name}`.
    pub fn graph(&self, name: &str) -> NamedNode {
        Self::node(format!("{}graph/{name}", self.base))
    }

    /// The IRI of the dataset: `{base}dataset/{name}`.
    pub fn dataset(&self, name: &str) -> NamedNode {
        Self::node(format!("{}dataset/{name}", self.base))
    }

    fn node(iri: String) -> NamedNode {
        // The base is a valid absolute IRI ending in `/` and every segment we
        // append is a slug or a fixed ASCII word, so the result is valid too;
        // the debug assertion guards that reasoning in tests.
        debug_assert!(IriStr::new(&iri).is_ok(), "minted an invalid IRI: {iri}");
        NamedNode::new_unchecked(iri)
    }

    /// Checks an IRI a curator typed (e.g. in `same_as`): absolute, valid RFC 3987.
    pub fn check(iri: &str) -> Result<(), String> {
        IriAbsoluteStr::new(iri).map(|_| ()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_base_mints_the_documented_scheme() {
        let m = Minter::default();
        let e = m.thing(Kind::Event, "drone-downing-2025-04");
        assert_eq!(
            e.as_str(),
            "https://w3id.org/conflict-kg/id/event/drone-downing-2025-04"
        );
        assert_eq!(
            m.below(&e, "evidence/1").as_str(),
            "https://w3id.org/conflict-kg/id/event/drone-downing-2025-04/evidence/1"
        );
        assert_eq!(
            m.graph("facts").as_str(),
            "https://w3id.org/conflict-kg/graph/facts"
        );
    }

    #[test]
    fn minted_iris_parse_back_with_iri_string() {
        let m = Minter::new("http://127.0.0.1:7878/kg/").unwrap();
        for kind in Kind::ALL {
            let iri = m.thing(kind, "a-1");
            assert!(IriStr::new(iri.as_str()).is_ok());
            assert!(iri.as_str().starts_with("http://127.0.0.1:7878/kg/id/"));
        }
    }

    #[test]
    fn bad_bases_are_refused() {
        assert!(matches!(Minter::new("relative/"), Err(BaseError::Invalid(..))));
        assert!(matches!(Minter::new("http://x y/"), Err(BaseError::Invalid(..))));
        assert!(matches!(
            Minter::new("http://example.org/kg"),
            Err(BaseError::NoTrailingSlash(_))
        ));
    }

    #[test]
    fn typed_iris_are_checked() {
        assert!(Minter::check("https://www.wikidata.org/entity/Q912").is_ok());
        assert!(Minter::check("Q912").is_err());
        assert!(Minter::check("https://example.org/a b").is_err());
    }
}
