//! From raw records to the validated model, reporting every finding on the way.
//!
//! Each check names the file, line and column of the offending value and says
//! what to write instead. Nothing stops at the first finding; the model is only
//! handed on when there are none.

use std::collections::HashMap;
use std::ops::Range;

use oxigraph::model::Literal;

use super::Sources;
use super::diagnostic::{Code, Diagnostics, Position};
use super::load::{At, Loaded, SeenId};
use super::raw::{LangMap, RawCommon, RawNumber, RawParticipant, RawQuantity, Refs, S};
use crate::iri::{Kind, Minter};
use crate::model::date::Edtf;
use crate::model::quote::{QuoteError, SourceText};
use crate::model::{
    Actor, Agreement, Claim, Common, Dataset, Event, Evidence, LangString, Participant, Place, Relation,
    Source, is_slug,
};
use crate::model::{Number, Quantity};
use crate::ontology::{Names, Ontology};

/// Checks everything `loaded` says against itself, the source texts of
/// `sources` and the vocabularies of `ontology`.
pub fn validate(loaded: &Loaded, sources: &Sources, ontology: &Ontology, diags: &mut Diagnostics) -> Dataset {
    let mut ctx = Ctx {
        loaded,
        ontology,
        diags,
        index: HashMap::new(),
        texts: HashMap::new(),
        actor_kinds: loaded
            .actors
            .iter()
            .map(|a| (a.raw.id.get_ref().as_str(), a.raw.kind.get_ref().as_str()))
            .collect(),
        suggestions: SUGGESTION_BUDGET,
    };
    ctx.index_ids();
    let sources = loaded
        .sources
        .iter()
        .filter_map(|s| ctx.source(s, sources))
        .collect();
    Dataset {
        sources,
        actors: loaded.actors.iter().map(|r| ctx.actor(r)).collect(),
        places: loaded.places.iter().map(|r| ctx.place(r)).collect(),
        events: loaded.events.iter().map(|r| ctx.event(r)).collect(),
        agreements: loaded.agreements.iter().map(|r| ctx.agreement(r)).collect(),
        claims: loaded.claims.iter().map(|r| ctx.claim(r)).collect(),
        relations: loaded.relations.iter().map(|r| ctx.relation(r)).collect(),
    }
}

struct Ctx<'a> {
    loaded: &'a Loaded,
    ontology: &'a Ontology,
    diags: &'a mut Diagnostics,
    index: HashMap<&'a str, &'a SeenId>,
    texts: HashMap<String, SourceText>,
    actor_kinds: HashMap<&'a str, &'a str>,
    /// What is left of [`SUGGESTION_BUDGET`].
    suggestions: usize,
}

impl Ctx<'_> {
    fn err(&mut self, file: usize, at: usize, code: Code, message: impl Into<String>) {
        let f = &self.loaded.files[file];
        self.diags.push_at(&f.path, f.position(at), code, message);
    }

    fn where_is(&self, seen: &SeenId) -> String {
        let f = &self.loaded.files[seen.file];
        let p = f.position(seen.span.start);
        format!("{}:{}:{}", f.path.display(), p.line, p.column)
    }

    fn index_ids(&mut self) {
        for seen in &self.loaded.ids {
            if !is_slug(&seen.id) {
                let suggestion = slugify(&seen.id);
                self.err(
                    seen.file,
                    seen.span.start,
                    Code::BadSlug,
                    format!(
                        "id `{}` is not a lowercase kebab-case slug (a-z, 0-9, single dashes){}",
                        seen.id,
                        if is_slug(&suggestion) {
                            format!("; e.g. `{suggestion}`")
                        } else {
                            String::new()
                        }
                    ),
                );
            }
            if let Some(first) = self.index.get(seen.id.as_str()) {
                let message = format!(
                    "duplicate id `{}`: already used by the [[{}]] at {}; ids are unique across all files",
                    seen.id,
                    first.kind.as_str(),
                    self.where_is(first)
                );
                self.err(seen.file, seen.span.start, Code::DuplicateId, message);
            } else {
                self.index.insert(&seen.id, seen);
            }
        }
    }

    /// Resolves a reference that must name a record of one of `kinds`.
    fn reference(&mut self, file: usize, value: &S<String>, kinds: &[Kind], field: &str) -> Option<String> {
        self.resolve(file, value.get_ref(), value.span(), kinds, field)
    }

    fn references(
        &mut self,
        file: usize,
        value: Option<&S<Refs>>,
        kinds: &[Kind],
        field: &str,
    ) -> Vec<String> {
        let Some(value) = value else { return Vec::new() };
        let mut out: Vec<String> = Vec::new();
        for id in &value.get_ref().0 {
            if out.contains(id) {
                self.err(
                    file,
                    value.span().start,
                    Code::ListedTwice,
                    format!("`{id}` is listed twice in `{field}`"),
                );
            } else if let Some(id) = self.resolve(file, id, value.span(), kinds, field) {
                out.push(id);
            }
        }
        out
    }

    fn resolve(
        &mut self,
        file: usize,
        id: &str,
        span: Range<usize>,
        kinds: &[Kind],
        field: &str,
    ) -> Option<String> {
        let expected = kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ");
        match self.index.get(id).copied() {
            Some(seen) if kinds.is_empty() || kinds.contains(&seen.kind) => Some(id.to_owned()),
            Some(seen) => {
                let message = format!(
                    "`{field}` must name {}, but `{id}` is a {} (defined at {})",
                    with_article(&expected),
                    seen.kind.as_str(),
                    self.where_is(seen)
                );
                self.err(file, span.start, Code::WrongKindReference, message);
                None
            }
            None => {
                let hint = closest(id, self.index.keys().copied(), &mut self.suggestions)
                    .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
                let what = if kinds.is_empty() {
                    "record".to_owned()
                } else {
                    expected
                };
                self.err(
                    file,
                    span.start,
                    Code::UnknownReference,
                    format!("unknown {what} `{id}` in `{field}`{hint}"),
                );
                None
            }
        }
    }

    /// Checks that `value` is one of the names the ontology defines
    /// (`names` picks the list: roles, stances…).
    fn name_in(
        &mut self,
        file: usize,
        value: &S<String>,
        names: fn(&Ontology) -> &Names,
        what: &str,
    ) -> String {
        let names = names(self.ontology);
        let v = value.get_ref();
        if !names.contains_key(v) {
            let all = names.keys().map(String::as_str).collect::<Vec<_>>().join(", ");
            self.err(
                file,
                value.span().start,
                Code::UnknownName,
                format!("unknown {what} `{v}`; the ontology defines: {all}"),
            );
        }
        v.clone()
    }

    fn date(&mut self, file: usize, value: &S<String>) -> Option<Edtf> {
        match Edtf::parse(value.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(file, value.span().start, Code::InvalidDate, e.to_string());
                None
            }
        }
    }

    fn opt_date(&mut self, file: usize, value: Option<&S<String>>) -> Option<Edtf> {
        value.and_then(|v| self.date(file, v))
    }

    fn lang_tag(&mut self, file: usize, tag: &S<String>) -> bool {
        match Literal::new_language_tagged_literal("", tag.get_ref()) {
            Ok(_) => true,
            Err(e) => {
                self.err(
                    file,
                    tag.span().start,
                    Code::InvalidLanguageTag,
                    format!(
                        "invalid language tag `{}` ({e}); use a BCP 47 tag such as `en` or `fr`",
                        tag.get_ref()
                    ),
                );
                false
            }
        }
    }

    /// Language tags are case-insensitive (and lowercased in RDF), so `en`
    /// and `EN` in one table would silently give two English texts.
    fn distinct_languages<'k>(
        &mut self,
        file: usize,
        tags: impl Iterator<Item = &'k S<String>>,
        field: &str,
    ) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut tags: Vec<_> = tags.collect();
        tags.sort_by_key(|t| t.span().start);
        for tag in tags {
            let lower = tag.get_ref().to_ascii_lowercase();
            if let Some(first) = seen.get(&lower) {
                let message = format!(
                    "`{field}` has both `{first}` and `{}`: language tags ignore case, so they name the same language; keep one",
                    tag.get_ref()
                );
                self.err(file, tag.span().start, Code::DuplicateLanguage, message);
            } else {
                seen.insert(lower, tag.get_ref());
            }
        }
    }

    /// Texts per language; `required` lists languages that must be present.
    fn lang_map(
        &mut self,
        file: usize,
        map: Option<&LangMap>,
        field: &str,
        at: usize,
        required: &[&str],
    ) -> Vec<LangString> {
        let Some(map) = map else {
            if !required.is_empty() {
                self.err(
                    file,
                    at,
                    Code::MissingTexts,
                    format!("missing `{field}`: write {field} = {{ en = \"…\", fr = \"…\" }}"),
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        self.distinct_languages(file, map.get_ref().keys(), field);
        for (lang, text) in map.get_ref() {
            if self.lang_tag(file, lang) {
                if text.get_ref().trim().is_empty() {
                    self.err(
                        file,
                        text.span().start,
                        Code::EmptyText,
                        format!("`{field}.{}` is empty", lang.get_ref()),
                    );
                }
                out.push((lang.get_ref().clone(), text.get_ref().clone()));
            }
        }
        for lang in required {
            if !map.get_ref().keys().any(|k| k.get_ref() == lang) {
                self.err(
                    file,
                    map.span().start,
                    Code::MissingLanguage,
                    format!("`{field}` has no `{lang}` text; every record is labelled in English and French"),
                );
            }
        }
        out
    }

    fn common(&mut self, file: usize, span: &Range<usize>, raw: RawCommon<'_>, record_kind: Kind) -> Common {
        let labels_required: &[&str] = if record_kind == Kind::Relation {
            &[]
        } else {
            &["en", "fr"]
        };
        let labels = self.lang_map(file, raw.label, "label", span.start, labels_required);
        let mut alt_labels = Vec::new();
        if let Some(alt) = raw.alt_labels {
            self.distinct_languages(file, alt.get_ref().keys(), "alt_labels");
            for (lang, names) in alt.get_ref() {
                if self.lang_tag(file, lang) {
                    for name in names {
                        if name.get_ref().trim().is_empty() {
                            self.err(
                                file,
                                name.span().start,
                                Code::EmptyText,
                                "an alternative label is empty",
                            );
                        }
                        alt_labels.push((lang.get_ref().clone(), name.get_ref().clone()));
                    }
                }
            }
        }
        alt_labels.sort();
        let mut same_as = Vec::new();
        if let Some(iris) = raw.same_as {
            for iri in &iris.get_ref().0 {
                match Minter::check(iri) {
                    Ok(()) => same_as.push(iri.clone()),
                    Err(e) => self.err(
                        file,
                        iris.span().start,
                        Code::InvalidIri,
                        format!("invalid IRI `{iri}` in `same_as`: {e}"),
                    ),
                }
            }
        }
        let note = raw.note.map(|n| n.get_ref().clone());
        let evidence = self.evidence(file, span, raw, record_kind);
        let quantities = raw
            .quantities
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|q| self.quantity(file, q))
            .collect();
        Common {
            id: raw.id.get_ref().clone(),
            labels,
            alt_labels,
            same_as,
            note,
            evidence,
            quantities,
        }
    }

    fn quantity(&mut self, file: usize, raw: &S<RawQuantity>) -> Option<Quantity> {
        let q = raw.get_ref();
        let kind = self.name_in(file, &q.kind, |o| &o.quantity_kinds, "quantity kind");
        let unit = self.name_in(file, &q.unit, |o| &o.units, "unit");
        let number = |n: &S<RawNumber>| match *n.get_ref() {
            RawNumber::Integer(i) => Number::Integer(i.to_string()),
            RawNumber::Decimal(d) => Number::Decimal(d.to_string()),
        };
        let as_f64 = |n: &S<RawNumber>| match *n.get_ref() {
            #[expect(clippy::cast_precision_loss, reason = "only to compare bounds")]
            RawNumber::Integer(i) => i as f64,
            RawNumber::Decimal(d) => d,
        };
        match (&q.value, &q.min, &q.max) {
            (Some(_), None, None) | (None, Some(_), _) | (None, None, Some(_)) => {}
            _ => {
                self.err(
                    file,
                    raw.span().start, Code::QuantityValueAndBounds,
                    "a quantity has either `value` (exact) or `min` and/or `max` (bounds), not both or neither",
                );
                return None;
            }
        }
        for n in [&q.value, &q.min, &q.max].into_iter().flatten() {
            if !as_f64(n).is_finite() {
                self.err(
                    file,
                    n.span().start,
                    Code::QuantityNotFinite,
                    "a quantity must be a finite number",
                );
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (&q.min, &q.max)
            && as_f64(lo) > as_f64(hi)
        {
            self.err(
                file,
                lo.span().start,
                Code::QuantityMinAboveMax,
                "`min` is greater than `max`",
            );
            return None;
        }
        Some(Quantity {
            kind,
            value: q.value.as_ref().map(number),
            min: q.min.as_ref().map(number),
            max: q.max.as_ref().map(number),
            unit,
        })
    }

    fn evidence(
        &mut self,
        file: usize,
        span: &Range<usize>,
        raw: RawCommon<'_>,
        record_kind: Kind,
    ) -> Vec<Evidence> {
        let items = raw.evidence.map(S::get_ref).map_or(&[][..], Vec::as_slice);
        if items.is_empty() && record_kind != Kind::Source {
            self.err(
                file,
                span.start, Code::NoEvidence,
                format!(
                    "[[{}]] `{}` has no evidence: add evidence = [{{ source = \"…\", quote = \"…\" }}] with the verbatim sentence",
                    record_kind.as_str(),
                    raw.id.get_ref()
                ),
            );
        }
        let mut out = Vec::new();
        for item in items {
            let Some(source) = self.reference(file, &item.source, &[Kind::Source], "source") else {
                continue;
            };
            let Some(text) = self.texts.get(&source) else {
                continue; // its text could not be read; that was reported at the source
            };
            match text.locate(item.quote.get_ref()) {
                Ok(quote) => out.push(Evidence { source, quote }),
                Err(e) => {
                    let file_name = self
                        .loaded
                        .sources
                        .iter()
                        .find(|s| s.raw.id.get_ref() == &source)
                        .map_or_else(String::new, |s| format!(" `{}`", s.raw.file.get_ref()));
                    self.err(
                        file,
                        item.quote.span().start,
                        quote_code(&e),
                        format!("{e} (source `{source}`{file_name})"),
                    );
                }
            }
        }
        out
    }

    fn participants(&mut self, file: usize, raw: Option<&S<Vec<RawParticipant>>>) -> Vec<Participant> {
        let mut out: Vec<Participant> = Vec::new();
        for p in raw.map(S::get_ref).map_or(&[][..], Vec::as_slice) {
            let actor = self.reference(file, &p.actor, &[Kind::Actor], "actor");
            let role = self.name_in(file, &p.role, |o| &o.roles, "role");
            if let Some(actor) = actor {
                let p2 = Participant { actor, role };
                if out.contains(&p2) {
                    self.err(
                        file,
                        p.actor.span().start,
                        Code::DuplicateParticipant,
                        format!("`{}` is listed twice as {}", p2.actor, p2.role),
                    );
                } else {
                    out.push(p2);
                }
            }
        }
        out
    }

    fn source(&mut self, at: &At<super::raw::RawSource>, sources: &Sources) -> Option<Source> {
        let dir = sources.dir_path();
        let (file, r) = (at.file, &at.raw);
        let name = r.file.get_ref();
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            self.err(
                file,
                r.file.span().start,
                Code::BadSourceFileName,
                format!(
                    "`file` must be a plain file name in {}, not `{name}`",
                    dir.display()
                ),
            );
            return None;
        }
        let path = dir.join(name);
        let bytes = match sources.read(name) {
            Ok(bytes) => bytes,
            Err(e) => {
                let message = format!("cannot read the source text {}: {e}", path.display());
                self.err(file, r.file.span().start, Code::UnreadableSourceText, message);
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
                let at = Position::of_offset(&before, before.len());
                let message = format!(
                    "the source text {} is not valid UTF-8 at its line {}, column {}; save it as UTF-8",
                    path.display(),
                    at.line,
                    at.column
                );
                self.err(file, r.file.span().start, Code::SourceNotUtf8, message);
                return None;
            }
        };
        let sha256 = crate::checksum::sha256_hex(text.as_bytes());
        let source_text = SourceText::new(&text);
        let char_count = source_text.char_count();
        self.texts.insert(r.id.get_ref().clone(), source_text);
        self.lang_tag(file, &r.language);
        let common = self.common(file, &at.span, r.common(), Kind::Source);
        Some(Source {
            common,
            file: name.clone(),
            language: r.language.get_ref().clone(),
            title: r.title.as_ref().map(|t| t.get_ref().clone()),
            date: self.opt_date(file, r.date.as_ref()),
            authors: self.references(file, r.author.as_ref(), &[Kind::Actor], "author"),
            publisher: r
                .publisher
                .as_ref()
                .and_then(|p| self.reference(file, p, &[Kind::Actor], "publisher")),
            sha256,
            char_count,
            url: r.url.as_ref().and_then(|u| match Minter::check(u.get_ref()) {
                Ok(()) => Some(u.get_ref().clone()),
                Err(e) => {
                    let message = format!("invalid IRI `{}` in `url`: {e}", u.get_ref());
                    self.err(file, u.span().start, Code::InvalidIri, message);
                    None
                }
            }),
            excerpt: r.excerpt.as_ref().is_some_and(|e| *e.get_ref()),
        })
    }

    fn actor(&mut self, at: &At<super::raw::RawActor>) -> Actor {
        let (file, r) = (at.file, &at.raw);
        Actor {
            common: self.common(file, &at.span, r.common(), Kind::Actor),
            kind: self.name_in(file, &r.kind, |o| &o.actor_kinds, "actor kind"),
            belongs_to: r
                .belongs_to
                .as_ref()
                .and_then(|b| self.reference(file, b, &[Kind::Actor], "belongs_to")),
        }
    }

    fn place(&mut self, at: &At<super::raw::RawPlace>) -> Place {
        let (file, r) = (at.file, &at.raw);
        let country = r.country.as_ref().and_then(|c| {
            let id = self.reference(file, c, &[Kind::Actor], "country")?;
            if self.actor_kinds.get(id.as_str()) == Some(&"state") {
                Some(id)
            } else {
                self.err(
                    file,
                    c.span().start,
                    Code::CountryNotState,
                    format!("`country` must name an actor of kind `state`; `{id}` is not one"),
                );
                None
            }
        });
        let twin_of = r
            .twin_of
            .as_ref()
            .and_then(|t| self.reference(file, t, &[Kind::Place], "twin_of"));
        if twin_of.as_deref() == Some(r.id.get_ref().as_str()) {
            self.err(
                file,
                r.id.span().start,
                Code::SelfReference,
                "a place cannot be its own twin",
            );
        }
        Place {
            common: self.common(file, &at.span, r.common(), Kind::Place),
            kind: self.name_in(file, &r.kind, |o| &o.place_kinds, "place kind"),
            country,
            twin_of,
            near: self.references(file, r.near.as_ref(), &[Kind::Place], "near"),
            located_in: r
                .located_in
                .as_ref()
                .and_then(|l| self.reference(file, l, &[Kind::Place], "located_in")),
        }
    }

    fn event(&mut self, at: &At<super::raw::RawEvent>) -> Event {
        let (file, r) = (at.file, &at.raw);
        let part_of = r
            .part_of
            .as_ref()
            .and_then(|p| self.reference(file, p, &[Kind::Event], "part_of"));
        if part_of.as_deref() == Some(r.id.get_ref().as_str()) {
            self.err(
                file,
                r.id.span().start,
                Code::SelfReference,
                "an event cannot be part of itself",
            );
        }
        Event {
            common: self.common(file, &at.span, r.common(), Kind::Event),
            event_type: self.name_in(file, &r.event_type, |o| &o.event_types, "event type"),
            date: self.date(file, &r.date).unwrap_or(Edtf::Interval(
                crate::model::date::Bound::Unknown,
                crate::model::date::Bound::Unknown,
            )),
            places: self.references(file, r.place.as_ref(), &[Kind::Place], "place"),
            participants: self.participants(file, r.participants.as_ref()),
            part_of,
        }
    }

    fn agreement(&mut self, at: &At<super::raw::RawAgreement>) -> Agreement {
        let (file, r) = (at.file, &at.raw);
        Agreement {
            common: self.common(file, &at.span, r.common(), Kind::Agreement),
            date: self.opt_date(file, r.date.as_ref()),
            places: self.references(file, r.place.as_ref(), &[Kind::Place], "place"),
            participants: self.participants(file, r.participants.as_ref()),
        }
    }

    fn claim(&mut self, at: &At<super::raw::RawClaim>) -> Claim {
        let (file, r) = (at.file, &at.raw);
        let contradicts = self.references(file, r.contradicts.as_ref(), &[Kind::Claim], "contradicts");
        if contradicts.iter().any(|c| c == r.id.get_ref()) {
            self.err(
                file,
                r.id.span().start,
                Code::SelfReference,
                "a claim cannot contradict itself",
            );
        }
        let about = self.references(file, Some(&r.about), &[], "about");
        if r.about.get_ref().0.is_empty() {
            self.err(
                file,
                r.about.span().start,
                Code::AboutNothing,
                "`about` must name at least one record",
            );
        }
        Claim {
            common: self.common(file, &at.span, r.common(), Kind::Claim),
            claimant: self
                .reference(file, &r.claimant, &[Kind::Actor], "claimant")
                .unwrap_or_default(),
            stance: self.name_in(file, &r.stance, |o| &o.stances, "stance"),
            stated: self.opt_date(file, r.stated.as_ref()),
            about,
            statement: self.lang_map(
                file,
                Some(&r.statement),
                "statement",
                at.span.start,
                &["en", "fr"],
            ),
            contradicts,
        }
    }

    fn relation(&mut self, at: &At<super::raw::RawRelation>) -> Relation {
        let (file, r) = (at.file, &at.raw);
        let subject = self
            .reference(file, &r.subject, &[], "subject")
            .unwrap_or_default();
        let object = self.reference(file, &r.object, &[], "object").unwrap_or_default();
        if !subject.is_empty() && subject == object {
            self.err(
                file,
                r.object.span().start,
                Code::SelfReference,
                "a relation cannot link a record to itself",
            );
        }
        Relation {
            common: self.common(file, &at.span, r.common(), Kind::Relation),
            relation_type: self.name_in(file, &r.relation_type, |o| &o.relation_types, "relation type"),
            subject,
            object,
            date: self.opt_date(file, r.date.as_ref()),
        }
    }
}

fn quote_code(e: &QuoteError) -> Code {
    match e {
        QuoteError::Empty => Code::QuoteEmpty,
        QuoteError::NotFound { .. } => Code::QuoteNotFound,
        QuoteError::Ambiguous { .. } => Code::QuoteAmbiguous,
    }
}

fn with_article(s: &str) -> String {
    if s.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {s}")
    } else {
        format!("a {s}")
    }
}

/// A slug close to `s`, for the "not a slug" hint.
fn slugify(s: &str) -> String {
    let lowered: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    lowered
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// How many ids "did you mean" suggestions may compare in one run, so that
/// thousands of unknown references among thousands of ids stay linear: past
/// it, findings come without a suggestion.
const SUGGESTION_BUDGET: usize = 2_000_000;

/// The known id nearest to `id` by edit distance, if near enough to be a
/// typo; each known id costs one unit of `budget`, and when too little is
/// left there is no suggestion (never a partial search, whose answer would
/// depend on the order of `known`).
fn closest<'a>(
    id: &str,
    known: impl ExactSizeIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<&'a str> {
    *budget = budget.checked_sub(known.len())?;
    let limit = (id.chars().count() / 3).clamp(2, 4);
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        if k.len().abs_diff(id.len()) > 4 * limit {
            continue; // more bytes apart than `limit` edits can make
        }
        let d = levenshtein(id, k);
        if d <= limit && best.is_none_or(|b| (d, k) < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_suggestions() {
        let known = ["fla", "mali", "algeria", "malian-armed-forces"];
        let budget = &mut 100;
        assert_eq!(closest("algera", known.into_iter(), budget), Some("algeria"));
        assert_eq!(
            closest("malian-armed-force", known.into_iter(), budget),
            Some("malian-armed-forces")
        );
        assert_eq!(closest("burkina-faso", known.into_iter(), budget), None);
        assert_eq!(*budget, 88);
        assert_eq!(
            closest("algera", known.into_iter(), &mut 3),
            None,
            "out of budget"
        );
    }

    #[test]
    fn slug_suggestions() {
        assert_eq!(slugify("Drone_Downing 2025"), "drone-downing-2025");
    }
}
