"""Writes acled.rml.ttl beside this file: the RML mapping Morph-KGC runs in
benches/peers.sh. Generated because RML-FNML is verbose; edit this, run
`python3 benches/peers/generate_rml.py`, and commit both."""
import os
out = []
P = """@prefix rml: <http://w3id.org/rml/> .
@prefix fn: <https://w3id.org/conflict-kg/bench/fn#> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix qk: <https://w3id.org/conflict-kg/ontology/quantity-kind#> .
@prefix unit: <https://w3id.org/conflict-kg/ontology/unit#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .
@prefix edtf: <http://id.loc.gov/datatypes/edtf/> .

# The ACLED mapping of `conflict-kg import acled` in RML, for Morph-KGC
# (benches/peers.sh). IRIs and conditional terms come from the user-defined
# functions of acled_udfs.py; a function returning None drops the triple.
# Run with `na_values` set to a value that never occurs, so that an empty
# field reaches the functions (which skip it) instead of dropping the row;
# literals taken by plain reference (labels, source, notes) are therefore
# written even when empty: the generated benchmark files never leave them
# empty (conflict-kg writes no triple for an empty source or notes).
# The source path is set in the config written by benches/peers.sh.
"""
out.append(P)
def inp(param, v):
    if v.startswith("{"):
        return f'[ rml:parameter fn:{param} ; rml:inputValueMap [ rml:template "{v}" ] ]'
    if v.startswith("="):
        return f'[ rml:parameter fn:{param} ; rml:inputValueMap [ rml:constant "{v[1:]}" ] ]'
    return f'[ rml:parameter fn:{param} ; rml:inputValueMap [ rml:reference "{v}" ] ]'
def call(f, **params):
    ins = " ,\n            ".join(inp(k, v) for k, v in params.items())
    return f"rml:functionExecution [ rml:function fn:{f} ;\n        rml:input {ins} ]"
def iri(f, **params):
    return f"[ {call(f, **params)} ;\n      rml:termType rml:IRI ]"
def lit(f, dt=None, **params):
    d = f" ;\n      rml:datatype {dt}" if dt else ""
    return f"[ {call(f, **params)} ;\n      rml:termType rml:Literal{d} ]"
def ref(col, dt=None):
    d = f" ; rml:datatype {dt}" if dt else ""
    return f'[ rml:reference "{col}"{d} ]'
SRC = """rml:logicalSource [ rml:source "ACLED_CSV" ; rml:referenceFormulation rml:CSV ]"""
def tm(name, subject, classes, poms):
    cls = "".join(f" ;\n        rml:class {c}" for c in classes)
    pom = "".join(f" ;\n    rml:predicateObjectMap [ rml:predicate {p} ; rml:objectMap {o} ]" for p, o in poms)
    out.append(f"<#{name}> a rml:TriplesMap ;\n    {SRC} ;\n    rml:subjectMap [ {call(*subject[0], **subject[1])} ;\n        rml:termType rml:IRI{cls} ]{pom} .\n")
ID = dict(id="event_id_cnty")
ADM = dict(country="country", a1="admin1", a2="admin2", a3="admin3")
LOC = dict(ADM, location="location", lat="latitude", long="longitude")
# Literal-valued functions take one input as a template: Morph-KGC 2.10
# needs it to materialise a function's literal (its `reference_results`).
PREC = dict(date="event_date", precision="{time_precision}")
actors = [("actor1", "1"), ("assoc_actor_1", "1"), ("actor2", "2"), ("assoc_actor_2", "2")]
event_poms = [
    ("dcterms:identifier", ref("event_id_cnty")),
    ("prov:wasDerivedFrom", "[ rml:constant <https://w3id.org/conflict-kg/dataset/acled> ]"),
    ("ckg:eventType", iri("eventTypeIri", subEventType="sub_event_type")),
    ("ckg:edtf", lit("edtf", "edtf:EDTF", **PREC)),
    ("ckg:time", iri("below", path="=/time", **ID)),
    ("ckg:date", lit("day", "xsd:date", **PREC)),
    ("ckg:date", lit("month", "xsd:gYearMonth", **PREC)),
    ("ckg:dateApproximate", lit("approximate", "xsd:boolean", precision="{time_precision}")),
    ("ckg:place", iri("placeIri", **LOC)),
]
for col, pos in actors:
    event_poms.append(("ckg:participant", iri("actorIri", name=col)))
    event_poms.append(("ckg:participation", iri("participationIri", name=col, eventType="event_type", position="=" + pos, **ID)))
event_poms += [
    ("ckg:quantity", iri("below", path="=/quantity/fatalities", **ID)),
    ("ckg:evidence", iri("evidenceIri", source="source", notes="notes", **ID)),
]
tm("Event", (("eventIri",), ID), ["ckg:Event"], event_poms)
tm("Time", (("below",), dict(path="=/time", **ID)), ["time:Instant"], [
    ("time:inXSDDate", lit("day", "xsd:date", **PREC)),
    ("time:inXSDgYearMonth", lit("month", "xsd:gYearMonth", **PREC)),
    ("ckg:precision", iri("precisionUnit", precision="time_precision")),
])
for i, (col, pos) in enumerate(actors, 1):
    tm(f"Participation{i}", (("participationIri",), dict(name=col, eventType="event_type", position="=" + pos, **ID)), ["ckg:Participation"], [
        ("ckg:actor", iri("actorIri", name=col)),
        ("ckg:role", iri("roleIri", name=col, eventType="event_type", position="=" + pos)),
    ])
    tm(f"Actor{i}", (("actorIri",), dict(name=col)), ["ckg:Actor"], [
        ("rdfs:label", ref(col)),
    ])
tm("Quantity", (("below",), dict(path="=/quantity/fatalities", **ID)), ["ckg:Quantity"], [
    ("ckg:quantityKind", "[ rml:constant qk:fatalities ]"),
    ("ckg:unit", "[ rml:constant unit:person ]"),
    ("schema:value", ref("fatalities", "xsd:integer")),
])
tm("Evidence", (("evidenceIri",), dict(source="source", notes="notes", **ID)), ["ckg:Evidence"], [
    ("oa:hasBody", iri("eventIri", **ID)),
    ("dcterms:bibliographicCitation", ref("source")),
    ("dcterms:description", ref("notes")),
])
tm("Country", (("countryIri",), dict(country="country")), ["ckg:Place", "ckg:Country"], [
    ("rdfs:label", ref("country")),
])
for level in range(3):
    tm(f"Area{level + 1}", (("areaIri",), dict(level=f"={level}", **ADM)), ["ckg:Place", "ckg:Region"], [
        ("rdfs:label", ref(f"admin{level + 1}")),
        ("ckg:locatedIn", iri("areaParent", level=f"={level}", **ADM)),
    ])
tm("Place", (("placeIri",), LOC), ["ckg:Place"], [
    ("rdfs:label", ref("location")),
    ("ckg:locatedIn", iri("areaParent", level="=3", **ADM)),
    ("geo:lat", lit("decimal", "xsd:decimal", value="{latitude}")),
    ("geo:long", lit("decimal", "xsd:decimal", value="{longitude}")),
    ("geosparql:hasGeometry", iri("geometryIri", **LOC)),
])
tm("Geometry", (("geometryIri",), LOC), ["geosparql:Geometry"], [
    ("geosparql:asWKT", lit("wkt", "geosparql:wktLiteral", lat="latitude", long="{longitude}")),
])
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "acled.rml.ttl"), "w", encoding="utf-8").write("\n".join(out))
