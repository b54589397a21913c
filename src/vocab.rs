//! Every IRI the mapping writes, declared once.
//!
//! Terms of our ontology (`ckg:`) in [`class`] and [`prop`], then the standard
//! vocabularies we write directly. A test checks that each `ckg:` constant is
//! declared in `ontology/conflict.ttl`, so code and ontology cannot drift apart.
//! Kinds, event types, roles, stances and relation types are not constants:
//! they are read from the ontology (see [`crate::ontology`]), so adding one
//! is an ontology edit, not a code change.

/// The ontology's namespace.
pub const CKG: &str = "https://w3id.org/conflict-kg/ontology#";
/// The ontology's own IRI.
pub const ONTOLOGY: &str = "https://w3id.org/conflict-kg/ontology";
/// The namespace of event types (SKOS concepts).
pub const EVENT_TYPE: &str = "https://w3id.org/conflict-kg/ontology/event-type#";
/// The namespace of participation roles (SKOS concepts).
pub const ROLE: &str = "https://w3id.org/conflict-kg/ontology/role#";
/// The namespace of claim stances (SKOS concepts).
pub const STANCE: &str = "https://w3id.org/conflict-kg/ontology/stance#";
/// The namespace of quantity kinds (SKOS concepts).
pub const QUANTITY_KIND: &str = "https://w3id.org/conflict-kg/ontology/quantity-kind#";
/// The namespace of units (SKOS concepts).
pub const UNIT: &str = "https://w3id.org/conflict-kg/ontology/unit#";
/// The namespace of ACLED sub-event types (SKOS concepts).
pub const ACLED: &str = "https://w3id.org/conflict-kg/ontology/acled#";

/// Classes of the conflict ontology.
pub mod class {
    use oxigraph::model::NamedNodeRef;

    /// `ckg:Event`.
    pub const EVENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Event");
    /// `ckg:Actor`.
    pub const ACTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Actor");
    /// `ckg:Place`.
    pub const PLACE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Place");
    /// `ckg:Agreement`.
    pub const AGREEMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Agreement");
    /// `ckg:Participation`.
    pub const PARTICIPATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Participation");
    /// `ckg:Claim`.
    pub const CLAIM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Claim");
    /// `ckg:Source`.
    pub const SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Source");
    /// `ckg:Evidence`.
    pub const EVIDENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Evidence");
    /// `ckg:Relation`.
    pub const RELATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Relation");
    /// `ckg:EventType`.
    pub const EVENT_TYPE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#EventType");
    /// `ckg:Role`.
    pub const ROLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Role");
    /// `ckg:Stance`.
    pub const STANCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Stance");
    /// `ckg:Quantity`.
    pub const QUANTITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Quantity");

    /// Every class above, for the test that checks them against the ontology.
    pub const ALL: &[NamedNodeRef<'_>] = &[
        EVENT,
        ACTOR,
        PLACE,
        AGREEMENT,
        PARTICIPATION,
        CLAIM,
        SOURCE,
        EVIDENCE,
        RELATION,
        EVENT_TYPE,
        ROLE,
        STANCE,
        QUANTITY,
    ];
}

/// Properties of the conflict ontology.
pub mod prop {
    use oxigraph::model::NamedNodeRef;

    /// `ckg:eventType`.
    pub const EVENT_TYPE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#eventType");
    /// `ckg:place`.
    pub const PLACE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#place");
    /// `ckg:participant`.
    pub const PARTICIPANT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#participant");
    /// `ckg:participation`.
    pub const PARTICIPATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#participation");
    /// `ckg:actor`.
    pub const ACTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#actor");
    /// `ckg:role`.
    pub const ROLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#role");
    /// `ckg:partOf`.
    pub const PART_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#partOf");
    /// `ckg:claimant`.
    pub const CLAIMANT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#claimant");
    /// `ckg:stance`.
    pub const STANCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#stance");
    /// `ckg:about`.
    pub const ABOUT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#about");
    /// `ckg:contradicts`.
    pub const CONTRADICTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#contradicts");
    /// `ckg:evidence`.
    pub const EVIDENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#evidence");
    /// `ckg:source`.
    pub const SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#source");
    /// `ckg:country`.
    pub const COUNTRY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#country");
    /// `ckg:twinOf`.
    pub const TWIN_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#twinOf");
    /// `ckg:near`.
    pub const NEAR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#near");
    /// `ckg:locatedIn`.
    pub const LOCATED_IN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#locatedIn");
    /// `ckg:belongsTo`.
    pub const BELONGS_TO: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#belongsTo");
    /// `ckg:time`.
    pub const TIME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#time");
    /// `ckg:precision`.
    pub const PRECISION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#precision");
    /// `ckg:relatedTo`.
    pub const RELATED_TO: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#relatedTo");
    /// `ckg:id`.
    pub const ID: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#id");
    /// `ckg:date`.
    pub const DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#date");
    /// `ckg:startDate`.
    pub const START_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#startDate");
    /// `ckg:endDate`.
    pub const END_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#endDate");
    /// `ckg:edtf`.
    pub const EDTF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#edtf");
    /// `ckg:dateUncertain`.
    pub const DATE_UNCERTAIN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#dateUncertain");
    /// `ckg:dateApproximate`.
    pub const DATE_APPROXIMATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#dateApproximate");
    /// `ckg:statement`.
    pub const STATEMENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#statement");
    /// `ckg:fileName`.
    pub const FILE_NAME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#fileName");
    /// `ckg:sha256`.
    pub const SHA256: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#sha256");
    /// `ckg:characterCount`.
    pub const CHARACTER_COUNT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#characterCount");
    /// `ckg:gitCommit`.
    pub const GIT_COMMIT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#gitCommit");
    /// `ckg:isExcerpt`.
    pub const IS_EXCERPT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#isExcerpt");
    /// `ckg:quantity`.
    pub const QUANTITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#quantity");
    /// `ckg:quantityKind`.
    pub const QUANTITY_KIND: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#quantityKind");
    /// `ckg:unit`.
    pub const UNIT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#unit");

    /// Every property above, for the test that checks them against the ontology.
    pub const ALL: &[NamedNodeRef<'_>] = &[
        EVENT_TYPE,
        PLACE,
        PARTICIPANT,
        PARTICIPATION,
        ACTOR,
        ROLE,
        PART_OF,
        CLAIMANT,
        STANCE,
        ABOUT,
        CONTRADICTS,
        EVIDENCE,
        SOURCE,
        COUNTRY,
        TWIN_OF,
        NEAR,
        LOCATED_IN,
        BELONGS_TO,
        TIME,
        PRECISION,
        RELATED_TO,
        ID,
        DATE,
        START_DATE,
        END_DATE,
        EDTF,
        DATE_UNCERTAIN,
        DATE_APPROXIMATE,
        STATEMENT,
        FILE_NAME,
        SHA256,
        CHARACTER_COUNT,
        IS_EXCERPT,
        GIT_COMMIT,
        QUANTITY,
        QUANTITY_KIND,
        UNIT,
    ];
}

/// Standard vocabularies written directly (beyond `oxigraph::model::vocab`).
pub mod std_terms {
    use oxigraph::model::NamedNodeRef;

    /// `skos:altLabel`.
    pub const SKOS_ALT_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
    /// `skos:prefLabel`.
    pub const SKOS_PREF_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    /// `skos:editorialNote`.
    pub const SKOS_EDITORIAL_NOTE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#editorialNote");
    /// `skos:inScheme`.
    pub const SKOS_IN_SCHEME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#inScheme");
    /// `skos:Concept`.
    pub const SKOS_CONCEPT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#Concept");
    /// `owl:sameAs`.
    pub const OWL_SAME_AS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
    /// `owl:Class`.
    pub const OWL_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Class");
    /// `owl:ObjectProperty`.
    pub const OWL_OBJECT_PROPERTY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#ObjectProperty");
    /// `dcterms:title`.
    pub const DCTERMS_TITLE: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    /// `dcterms:language`.
    pub const DCTERMS_LANGUAGE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/language");
    /// `dcterms:creator`.
    pub const DCTERMS_CREATOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/creator");
    /// `dcterms:publisher`.
    pub const DCTERMS_PUBLISHER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/publisher");
    /// `prov:wasDerivedFrom`.
    pub const PROV_WAS_DERIVED_FROM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
    /// `oa:Annotation`.
    pub const OA_ANNOTATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#Annotation");
    /// `oa:SpecificResource`.
    pub const OA_SPECIFIC_RESOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#SpecificResource");
    /// `oa:TextQuoteSelector`.
    pub const OA_TEXT_QUOTE_SELECTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#TextQuoteSelector");
    /// `oa:TextPositionSelector`.
    pub const OA_TEXT_POSITION_SELECTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#TextPositionSelector");
    /// `oa:hasBody`.
    pub const OA_HAS_BODY: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#hasBody");
    /// `oa:hasTarget`.
    pub const OA_HAS_TARGET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#hasTarget");
    /// `oa:hasSource`.
    pub const OA_HAS_SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#hasSource");
    /// `oa:hasSelector`.
    pub const OA_HAS_SELECTOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#hasSelector");
    /// `oa:exact`.
    pub const OA_EXACT: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#exact");
    /// `oa:prefix`.
    pub const OA_PREFIX: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#prefix");
    /// `oa:suffix`.
    pub const OA_SUFFIX: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#suffix");
    /// `oa:start`.
    pub const OA_START: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#start");
    /// `oa:end`.
    pub const OA_END: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/oa#end");
    /// `time:Instant`.
    pub const TIME_INSTANT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#Instant");
    /// `time:ProperInterval`.
    pub const TIME_PROPER_INTERVAL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#ProperInterval");
    /// `time:hasBeginning`.
    pub const TIME_HAS_BEGINNING: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#hasBeginning");
    /// `time:hasEnd`.
    pub const TIME_HAS_END: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#hasEnd");
    /// `time:inXSDDate`.
    pub const TIME_IN_XSD_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#inXSDDate");
    /// `time:inXSDgYearMonth`.
    pub const TIME_IN_XSD_G_YEAR_MONTH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#inXSDgYearMonth");
    /// `time:inXSDgYear`.
    pub const TIME_IN_XSD_G_YEAR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#inXSDgYear");
    /// `time:unitDay`.
    pub const TIME_UNIT_DAY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#unitDay");
    /// `time:unitMonth`.
    pub const TIME_UNIT_MONTH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#unitMonth");
    /// `time:unitYear`.
    pub const TIME_UNIT_YEAR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2006/time#unitYear");
    /// `dcterms:source`.
    pub const DCTERMS_SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");
    /// `schema:value`.
    pub const SCHEMA_VALUE: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://schema.org/value");
    /// `schema:minValue`.
    pub const SCHEMA_MIN_VALUE: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://schema.org/minValue");
    /// `schema:maxValue`.
    pub const SCHEMA_MAX_VALUE: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://schema.org/maxValue");
    /// The Library of Congress EDTF datatype.
    pub const EDTF: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://id.loc.gov/datatypes/edtf/EDTF");
}

/// Terms the CSV importers write beyond the curated mapping: WGS84, GeoSPARQL, Dublin Core.
pub mod geo {
    use oxigraph::model::NamedNodeRef;

    /// The WGS84 Basic Geo namespace (prefix `geo:`).
    pub const WGS84: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#";
    /// The GeoSPARQL namespace (prefix `geosparql:`).
    pub const GEOSPARQL: &str = "http://www.opengis.net/ont/geosparql#";
    /// `geo:lat` (WGS84 latitude, decimal degrees).
    pub const LAT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2003/01/geo/wgs84_pos#lat");
    /// `geo:long` (WGS84 longitude, decimal degrees).
    pub const LONG: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2003/01/geo/wgs84_pos#long");
    /// `geosparql:hasGeometry`.
    pub const HAS_GEOMETRY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#hasGeometry");
    /// `geosparql:Geometry`.
    pub const GEOMETRY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#Geometry");
    /// `geosparql:asWKT`.
    pub const AS_WKT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#asWKT");
    /// `geosparql:wktLiteral`.
    pub const WKT_LITERAL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#wktLiteral");
    /// `dcterms:identifier`.
    pub const DCTERMS_IDENTIFIER: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/identifier");
    /// `dcterms:bibliographicCitation`.
    pub const DCTERMS_BIBLIOGRAPHIC_CITATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/bibliographicCitation");
    /// `dcterms:description`.
    pub const DCTERMS_DESCRIPTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
}

/// Terms of the dataset description: VoID, DCAT, SPDX checksums, PROV.
pub mod meta {
    use oxigraph::model::NamedNodeRef;

    /// `http://rdfs.org/ns/void#Dataset`.
    pub const VOID_DATASET: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#Dataset");
    /// `http://rdfs.org/ns/void#triples`.
    pub const VOID_TRIPLES: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#triples");
    /// `http://rdfs.org/ns/void#entities`.
    pub const VOID_ENTITIES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#entities");
    /// `http://rdfs.org/ns/void#classes`.
    pub const VOID_CLASSES: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#classes");
    /// `http://rdfs.org/ns/void#properties`.
    pub const VOID_PROPERTIES: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#properties");
    /// `http://rdfs.org/ns/void#distinctSubjects`.
    pub const VOID_DISTINCT_SUBJECTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#distinctSubjects");
    /// `http://rdfs.org/ns/void#distinctObjects`.
    pub const VOID_DISTINCT_OBJECTS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#distinctObjects");
    /// `http://rdfs.org/ns/void#classPartition`.
    pub const VOID_CLASS_PARTITION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#classPartition");
    /// `http://rdfs.org/ns/void#propertyPartition`.
    pub const VOID_PROPERTY_PARTITION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#propertyPartition");
    /// `http://rdfs.org/ns/void#class`.
    pub const VOID_CLASS: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#class");
    /// `http://rdfs.org/ns/void#property`.
    pub const VOID_PROPERTY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#property");
    /// `http://rdfs.org/ns/void#exampleResource`.
    pub const VOID_EXAMPLE_RESOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#exampleResource");
    /// `http://rdfs.org/ns/void#vocabulary`.
    pub const VOID_VOCABULARY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#vocabulary");
    /// `http://rdfs.org/ns/void#uriSpace`.
    pub const VOID_URI_SPACE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#uriSpace");
    /// `http://rdfs.org/ns/void#dataDump`.
    pub const VOID_DATA_DUMP: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#dataDump");
    /// `http://rdfs.org/ns/void#sparqlEndpoint`.
    pub const VOID_SPARQL_ENDPOINT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#sparqlEndpoint");
    /// `http://www.w3.org/ns/dcat#Dataset`.
    pub const DCAT_DATASET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Dataset");
    /// `http://www.w3.org/ns/dcat#Distribution`.
    pub const DCAT_DISTRIBUTION_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Distribution");
    /// `http://www.w3.org/ns/dcat#distribution`.
    pub const DCAT_DISTRIBUTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#distribution");
    /// `http://www.w3.org/ns/dcat#mediaType`.
    pub const DCAT_MEDIA_TYPE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#mediaType");
    /// `http://www.w3.org/ns/dcat#byteSize`.
    pub const DCAT_BYTE_SIZE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize");
    /// `http://www.w3.org/ns/dcat#downloadURL`.
    pub const DCAT_DOWNLOAD_URL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#downloadURL");
    /// `http://www.w3.org/ns/dcat#startDate`.
    pub const DCAT_START_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#startDate");
    /// `http://www.w3.org/ns/dcat#endDate`.
    pub const DCAT_END_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#endDate");
    /// `http://www.w3.org/ns/dcat#keyword`.
    pub const DCAT_KEYWORD: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#keyword");
    /// `http://purl.org/dc/terms/description`.
    pub const DCTERMS_DESCRIPTION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
    /// `http://purl.org/dc/terms/license`.
    pub const DCTERMS_LICENSE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/license");
    /// `http://purl.org/dc/terms/temporal`.
    pub const DCTERMS_TEMPORAL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/temporal");
    /// `http://purl.org/dc/terms/spatial`.
    pub const DCTERMS_SPATIAL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/spatial");
    /// `http://purl.org/dc/terms/PeriodOfTime`.
    pub const DCTERMS_PERIOD_OF_TIME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/PeriodOfTime");
    /// `http://purl.org/dc/terms/format`.
    pub const DCTERMS_FORMAT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/format");
    /// `http://purl.org/dc/terms/conformsTo`.
    pub const DCTERMS_CONFORMS_TO: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/conformsTo");
    /// `http://spdx.org/rdf/terms#checksum`.
    pub const SPDX_CHECKSUM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksum");
    /// `http://spdx.org/rdf/terms#Checksum`.
    pub const SPDX_CHECKSUM_CLASS: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#Checksum");
    /// `http://spdx.org/rdf/terms#algorithm`.
    pub const SPDX_ALGORITHM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#algorithm");
    /// `http://spdx.org/rdf/terms#checksumAlgorithm_sha256`.
    pub const SPDX_SHA256: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksumAlgorithm_sha256");
    /// `http://spdx.org/rdf/terms#checksumValue`.
    pub const SPDX_CHECKSUM_VALUE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksumValue");
    /// `http://xmlns.com/foaf/0.1/Organization`.
    pub const FOAF_ORGANIZATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/Organization");
    /// `http://xmlns.com/foaf/0.1/name`.
    pub const FOAF_NAME: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/name");
    /// `http://www.w3.org/ns/prov#Activity`.
    pub const PROV_ACTIVITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Activity");
    /// `http://www.w3.org/ns/prov#SoftwareAgent`.
    pub const PROV_SOFTWARE_AGENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#SoftwareAgent");
    /// `http://www.w3.org/ns/prov#used`.
    pub const PROV_USED: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#used");
    /// `http://www.w3.org/ns/prov#wasGeneratedBy`.
    pub const PROV_WAS_GENERATED_BY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasGeneratedBy");
    /// `http://www.w3.org/ns/prov#wasAssociatedWith`.
    pub const PROV_WAS_ASSOCIATED_WITH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasAssociatedWith");
    /// `http://www.w3.org/ns/prov#endedAtTime`.
    pub const PROV_ENDED_AT_TIME: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#endedAtTime");
    /// `https://schema.org/softwareVersion`.
    pub const SCHEMA_SOFTWARE_VERSION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://schema.org/softwareVersion");
}

/// The prefixes written in Turtle and shown in query help, in a fixed order.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ckg", CKG),
    ("evt", EVENT_TYPE),
    ("role", ROLE),
    ("stance", STANCE),
    ("qk", QUANTITY_KIND),
    ("unit", UNIT),
    ("acled", ACLED),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("time", "http://www.w3.org/2006/time#"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("schema", "https://schema.org/"),
    ("edtf", "http://id.loc.gov/datatypes/edtf/"),
    ("void", "http://rdfs.org/ns/void#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
];
