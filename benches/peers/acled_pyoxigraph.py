"""The ACLED mapping of `conflict-kg import acled` as a pyoxigraph script.

Streams: reads the CSV row by row, yields pyoxigraph triples, and lets
pyoxigraph's serializer write N-Triples as they come; only the set of the
actors and places already described is kept. Usage:

    python acled_pyoxigraph.py FILE.csv OUT.nt
"""

import csv
import sys

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

import acled_common as m

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMAL, INTEGER, DATE, GYM, BOOLEAN = (NamedNode(XSD + t) for t in ("decimal", "integer", "date", "gYearMonth", "boolean"))
EDTF = NamedNode("http://id.loc.gov/datatypes/edtf/EDTF")
WKT = NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")


def ckg(local):
    return NamedNode(m.CKG + local)


P = {name: ckg(name) for name in (
    "eventType", "edtf", "time", "date", "dateApproximate", "place", "participant", "participation",
    "actor", "role", "quantity", "quantityKind", "unit", "evidence", "locatedIn", "precision")}
C = {name: ckg(name) for name in ("Event", "Actor", "Place", "Country", "Region", "Participation", "Quantity", "Evidence")}
IDENTIFIER = NamedNode("http://purl.org/dc/terms/identifier")
DERIVED = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
DATASET = NamedNode(m.DATASET)
INSTANT = NamedNode("http://www.w3.org/2006/time#Instant")
IN_DATE = NamedNode("http://www.w3.org/2006/time#inXSDDate")
IN_GYM = NamedNode("http://www.w3.org/2006/time#inXSDgYearMonth")
FATALITIES = NamedNode(m.BASE + "ontology/quantity-kind#fatalities")
PERSON = NamedNode(m.BASE + "ontology/unit#person")
VALUE = NamedNode("https://schema.org/value")
HAS_BODY = NamedNode("http://www.w3.org/ns/oa#hasBody")
CITATION = NamedNode("http://purl.org/dc/terms/bibliographicCitation")
DESCRIPTION = NamedNode("http://purl.org/dc/terms/description")
LAT = NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
LONG = NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#long")
HAS_GEOMETRY = NamedNode("http://www.opengis.net/ont/geosparql#hasGeometry")
GEOMETRY = NamedNode("http://www.opengis.net/ont/geosparql#Geometry")
AS_WKT = NamedNode("http://www.opengis.net/ont/geosparql#asWKT")


def triples(path):
    seen = set()
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            yield from row(r, seen)


def names(field):
    return [n.strip() for n in field.split(";") if n.strip()]


def row(r, seen):
    T = Triple
    country, admins = r["country"], [r["admin1"], r["admin2"], r["admin3"]]
    lat, long = r["latitude"], r["longitude"]
    place = m.place_iri(country, admins, r["location"], lat, long)
    if place not in seen:
        seen.add(place)
        c = m.country_iri(country)
        if c not in seen:
            seen.add(c)
            n = NamedNode(c)
            yield T(n, RDF_TYPE, C["Place"])
            yield T(n, RDF_TYPE, C["Country"])
            yield T(n, LABEL, Literal(country))
        for k in range(3):
            a = m.area_iri(country, admins, k)
            if a and a not in seen:
                seen.add(a)
                n = NamedNode(a)
                yield T(n, RDF_TYPE, C["Place"])
                yield T(n, RDF_TYPE, C["Region"])
                yield T(n, LABEL, Literal(admins[k]))
                yield T(n, P["locatedIn"], NamedNode(m.area_parent(country, admins, k)))
        p = NamedNode(place)
        g = NamedNode(place + "/geometry")
        yield T(p, RDF_TYPE, C["Place"])
        yield T(p, LABEL, Literal(r["location"]))
        yield T(p, P["locatedIn"], NamedNode(m.area_parent(country, admins, 3)))
        yield T(p, LAT, Literal(m.decimal(lat), datatype=DECIMAL))
        yield T(p, LONG, Literal(m.decimal(long), datatype=DECIMAL))
        yield T(p, HAS_GEOMETRY, g)
        yield T(g, RDF_TYPE, GEOMETRY)
        yield T(g, AS_WKT, Literal(m.wkt(lat, long), datatype=WKT))
    event_id, event_type, prec, date = r["event_id_cnty"], r["event_type"], r["time_precision"], r["event_date"]
    e_iri = m.event_iri(event_id)
    e = NamedNode(e_iri)
    parts = []
    for column, position in (("actor1", 1), ("assoc_actor_1", 1), ("actor2", 2), ("assoc_actor_2", 2)):
        for name in names(r[column]):
            a = m.actor_iri(name)
            if a not in seen:
                seen.add(a)
                yield T(NamedNode(a), RDF_TYPE, C["Actor"])
                yield T(NamedNode(a), LABEL, Literal(name))
            parts.append((NamedNode(m.participation_iri(event_id, name, event_type, position)), NamedNode(a),
                          NamedNode(m.ROLE + m.role_name(event_type, position))))
    time = NamedNode(e_iri + "/time")
    yield T(e, RDF_TYPE, C["Event"])
    yield T(e, IDENTIFIER, Literal(event_id))
    yield T(e, DERIVED, DATASET)
    yield T(e, P["eventType"], NamedNode(m.EVT + m.CROSSWALK[r["sub_event_type"]]))
    yield T(e, P["edtf"], Literal(m.edtf(date, prec), datatype=EDTF))
    yield T(e, P["time"], time)
    d, mo = m.day(date, prec), m.month(date, prec)
    value = Literal(d, datatype=DATE) if d else Literal(mo, datatype=GYM)
    yield T(e, P["date"], value)
    if m.approximate(prec):
        yield T(e, P["dateApproximate"], Literal("true", datatype=BOOLEAN))
    yield T(e, P["place"], NamedNode(place))
    for part, actor, _ in parts:
        yield T(e, P["participant"], actor)
        yield T(e, P["participation"], part)
    q = NamedNode(e_iri + "/quantity/fatalities")
    yield T(e, P["quantity"], q)
    source, notes = r["source"], r["notes"]
    ev = NamedNode(e_iri + "/evidence/1")
    if source or notes:
        yield T(e, P["evidence"], ev)
    yield T(time, RDF_TYPE, INSTANT)
    yield T(time, IN_DATE if d else IN_GYM, value)
    yield T(time, P["precision"], NamedNode(m.precision_unit(prec)))
    for part, actor, role in parts:
        yield T(part, RDF_TYPE, C["Participation"])
        yield T(part, P["actor"], actor)
        yield T(part, P["role"], role)
    yield T(q, RDF_TYPE, C["Quantity"])
    yield T(q, P["quantityKind"], FATALITIES)
    yield T(q, P["unit"], PERSON)
    yield T(q, VALUE, Literal(r["fatalities"].lstrip("0") or "0", datatype=INTEGER))
    if source or notes:
        yield T(ev, RDF_TYPE, C["Evidence"])
        yield T(ev, HAS_BODY, e)
        if source:
            yield T(ev, CITATION, Literal(source))
        if notes:
            yield T(ev, DESCRIPTION, Literal(notes))


if __name__ == "__main__":
    with open(sys.argv[2], "wb") as out:
        serialize(triples(sys.argv[1]), out, RdfFormat.N_TRIPLES)
