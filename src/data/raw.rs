//! The TOML records as written, every value with its byte span.
//!
//! These types only describe shape (serde refuses unknown and missing fields);
//! meaning is checked by [`super::validate`], which reports against the spans.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

/// A value with the byte range it was read from.
pub type S<T> = Spanned<T>;

/// Texts per language: `{ en = "…", fr = "…" }`.
pub type LangMap = S<BTreeMap<S<String>, S<String>>>;

/// Lists of texts per language: `{ fr = ["…", "…"] }`.
pub type AltLabels = S<BTreeMap<S<String>, Vec<S<String>>>>;

/// One or several ids (or IRIs): `"a"` or `["a", "b"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs(pub Vec<String>);

impl<'de> Deserialize<'de> for Refs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefsVisitor;
        impl<'de> Visitor<'de> for RefsVisitor {
            type Value = Refs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Refs, E> {
                Ok(Refs(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Refs, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Refs(out))
            }
        }
        deserializer.deserialize_any(RefsVisitor)
    }
}

/// `{ source = "…", quote = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// The id of the source quoted.
    pub source: S<String>,
    /// The verbatim sentence.
    pub quote: S<String>,
}

/// `{ actor = "…", role = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParticipant {
    /// The actor's id.
    pub actor: S<String>,
    /// The role's name.
    pub role: S<String>,
}

/// A number as written: an integer or a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum RawNumber {
    /// An integer, e.g. `1400`.
    Integer(i64),
    /// A decimal, e.g. `2.5`.
    Decimal(f64),
}

/// `{ kind = "length", value = 1400, unit = "kilometre" }`, or bounds with `min`/`max`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuantity {
    /// What is measured (a quantity kind of the ontology).
    pub kind: S<String>,
    /// The exact value.
    #[serde(default)]
    pub value: Option<S<RawNumber>>,
    /// A lower bound ("more than a thousand").
    #[serde(default)]
    pub min: Option<S<RawNumber>>,
    /// An upper bound.
    #[serde(default)]
    pub max: Option<S<RawNumber>>,
    /// The unit (a unit of the ontology).
    pub unit: S<String>,
}

/// The fields every record has, borrowed from a record of any kind.
#[derive(Debug, Clone, Copy)]
pub struct RawCommon<'a> {
    /// `id`.
    pub id: &'a S<String>,
    /// `label`.
    pub label: Option<&'a LangMap>,
    /// `alt_labels`.
    pub alt_labels: Option<&'a AltLabels>,
    /// `same_as`.
    pub same_as: Option<&'a S<Refs>>,
    /// `note`.
    pub note: Option<&'a S<String>>,
    /// `evidence`.
    pub evidence: Option<&'a S<Vec<RawEvidence>>>,
    /// `quantities`.
    pub quantities: Option<&'a Vec<S<RawQuantity>>>,
}

/// Declares a record type with the common fields plus its own.
macro_rules! record {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The record's id.
            pub id: S<String>,
            /// Preferred names per language.
            #[serde(default)]
            pub label: Option<LangMap>,
            /// Other names per language.
            #[serde(default)]
            pub alt_labels: Option<AltLabels>,
            /// IRIs of the same thing elsewhere.
            #[serde(default)]
            pub same_as: Option<S<Refs>>,
            /// Curator's note.
            #[serde(default)]
            pub note: Option<S<String>>,
            /// Supporting quotes.
            #[serde(default)]
            pub evidence: Option<S<Vec<RawEvidence>>>,
            /// Numbers the sources give about the record.
            #[serde(default)]
            pub quantities: Option<Vec<S<RawQuantity>>>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            /// The common fields.
            pub fn common(&self) -> RawCommon<'_> {
                RawCommon {
                    id: &self.id,
                    label: self.label.as_ref(),
                    alt_labels: self.alt_labels.as_ref(),
                    same_as: self.same_as.as_ref(),
                    note: self.note.as_ref(),
                    evidence: self.evidence.as_ref(),
                    quantities: self.quantities.as_ref(),
                }
            }
        }
    };
}

record! {
    /// `[[source]]`.
    RawSource {
        /// Text file name in the sources directory.
        file: S<String>,
        /// BCP 47 language of the text.
        language: S<String>,
        /// Title given by the text itself.
        #[serde(default)]
        title: Option<S<String>>,
        /// Publication date (EDTF).
        #[serde(default)]
        date: Option<S<String>>,
        /// Authors (actor ids).
        #[serde(default)]
        author: Option<S<Refs>>,
        /// Publisher (actor id).
        #[serde(default)]
        publisher: Option<S<String>>,
        /// Where the document is published (an absolute IRI).
        #[serde(default)]
        url: Option<S<String>>,
        /// Whether the text file holds only excerpts of the document.
        #[serde(default)]
        excerpt: Option<S<bool>>,
    }
}

record! {
    /// `[[actor]]`.
    RawActor {
        /// Actor kind.
        kind: S<String>,
        /// The state or organisation it belongs to.
        #[serde(default)]
        belongs_to: Option<S<String>>,
    }
}

record! {
    /// `[[place]]`.
    RawPlace {
        /// Place kind.
        kind: S<String>,
        /// State whose territory it lies in.
        #[serde(default)]
        country: Option<S<String>>,
        /// Twin place across a border.
        #[serde(default)]
        twin_of: Option<S<String>>,
        /// Nearby places.
        #[serde(default)]
        near: Option<S<Refs>>,
        /// Enclosing place.
        #[serde(default)]
        located_in: Option<S<String>>,
    }
}

record! {
    /// `[[event]]`.
    RawEvent {
        /// Event type.
        #[serde(rename = "type")]
        event_type: S<String>,
        /// When (EDTF).
        date: S<String>,
        /// Where.
        #[serde(default)]
        place: Option<S<Refs>>,
        /// Who, in which role.
        #[serde(default)]
        participants: Option<S<Vec<RawParticipant>>>,
        /// Enclosing event.
        #[serde(default)]
        part_of: Option<S<String>>,
    }
}

record! {
    /// `[[agreement]]`.
    RawAgreement {
        /// When signed or adopted (EDTF).
        #[serde(default)]
        date: Option<S<String>>,
        /// Where.
        #[serde(default)]
        place: Option<S<Refs>>,
        /// Signatories, mediators…
        #[serde(default)]
        participants: Option<S<Vec<RawParticipant>>>,
    }
}

record! {
    /// `[[claim]]`.
    RawClaim {
        /// Who claims.
        claimant: S<String>,
        /// Stance.
        stance: S<String>,
        /// When stated (EDTF).
        #[serde(default)]
        stated: Option<S<String>>,
        /// What it is about.
        about: S<Refs>,
        /// What was said, per language.
        statement: LangMap,
        /// Claims it contradicts.
        #[serde(default)]
        contradicts: Option<S<Refs>>,
    }
}

record! {
    /// `[[relation]]`.
    RawRelation {
        /// Relation type.
        #[serde(rename = "type")]
        relation_type: S<String>,
        /// From.
        subject: S<String>,
        /// To.
        object: S<String>,
        /// When (EDTF).
        #[serde(default)]
        date: Option<S<String>>,
    }
}
