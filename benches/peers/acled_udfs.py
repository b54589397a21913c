# Morph-KGC user-defined functions for acled.rml.ttl: each builds one term of
# the `conflict-kg import acled` mapping (see acled_common.py). Morph-KGC
# prepends its `udf` decorator to this file; a function returning None drops
# the triple, as an empty field does in conflict-kg. CKG_PEERS_DIR is set by
# benches/peers.sh to this directory.
import os
import sys

sys.path.insert(0, os.environ["CKG_PEERS_DIR"])
import acled_common as m  # noqa: E402

FN = "https://w3id.org/conflict-kg/bench/fn#"


def _admins(a1, a2, a3):
    return [a1, a2, a3]


@udf(fun_id=FN + "eventIri", event_id=FN + "id")
def event_iri(event_id):
    return m.event_iri(event_id)


@udf(fun_id=FN + "below", event_id=FN + "id", path=FN + "path")
def below(event_id, path):
    return m.event_iri(event_id) + path


@udf(fun_id=FN + "evidenceIri", event_id=FN + "id", source=FN + "source", notes=FN + "notes")
def evidence_iri(event_id, source, notes):
    return m.event_iri(event_id) + "/evidence/1" if (source or notes) else None


@udf(fun_id=FN + "nonEmpty", value=FN + "value")
def non_empty(value):
    return value or None


@udf(fun_id=FN + "actorIri", name=FN + "name")
def actor_iri(name):
    return m.actor_iri(name.strip()) if name.strip() else None


@udf(fun_id=FN + "participationIri", event_id=FN + "id", name=FN + "name", event_type=FN + "eventType",
     position=FN + "position")
def participation_iri(event_id, name, event_type, position):
    return m.participation_iri(event_id, name.strip(), event_type, int(position)) if name.strip() else None


@udf(fun_id=FN + "roleIri", name=FN + "name", event_type=FN + "eventType", position=FN + "position")
def role_iri(name, event_type, position):
    return m.ROLE + m.role_name(event_type, int(position)) if name.strip() else None


@udf(fun_id=FN + "eventTypeIri", sub=FN + "subEventType")
def event_type_iri(sub):
    return m.EVT + m.CROSSWALK[sub]


@udf(fun_id=FN + "edtf", date=FN + "date", precision=FN + "precision")
def edtf(date, precision):
    return m.edtf(date, precision)


@udf(fun_id=FN + "day", date=FN + "date", precision=FN + "precision")
def day(date, precision):
    return m.day(date, precision)


@udf(fun_id=FN + "month", date=FN + "date", precision=FN + "precision")
def month(date, precision):
    return m.month(date, precision)


@udf(fun_id=FN + "approximate", precision=FN + "precision")
def approximate(precision):
    return m.approximate(precision)


@udf(fun_id=FN + "precisionUnit", precision=FN + "precision")
def precision_unit(precision):
    return m.precision_unit(precision)


@udf(fun_id=FN + "countryIri", country=FN + "country")
def country_iri(country):
    return m.country_iri(country)


@udf(fun_id=FN + "areaIri", country=FN + "country", a1=FN + "a1", a2=FN + "a2", a3=FN + "a3", level=FN + "level")
def area_iri(country, a1, a2, a3, level):
    return m.area_iri(country, _admins(a1, a2, a3), int(level))


@udf(fun_id=FN + "areaParent", country=FN + "country", a1=FN + "a1", a2=FN + "a2", a3=FN + "a3", level=FN + "level")
def area_parent(country, a1, a2, a3, level):
    return m.area_parent(country, _admins(a1, a2, a3), int(level))


@udf(fun_id=FN + "placeIri", country=FN + "country", a1=FN + "a1", a2=FN + "a2", a3=FN + "a3",
     location=FN + "location", lat=FN + "lat", long=FN + "long")
def place_iri(country, a1, a2, a3, location, lat, long):
    return m.place_iri(country, _admins(a1, a2, a3), location, lat, long)


@udf(fun_id=FN + "geometryIri", country=FN + "country", a1=FN + "a1", a2=FN + "a2", a3=FN + "a3",
     location=FN + "location", lat=FN + "lat", long=FN + "long")
def geometry_iri(country, a1, a2, a3, location, lat, long):
    return m.place_iri(country, _admins(a1, a2, a3), location, lat, long) + "/geometry"


@udf(fun_id=FN + "decimal", value=FN + "value")
def decimal(value):
    return m.decimal(value)


@udf(fun_id=FN + "wkt", lat=FN + "lat", long=FN + "long")
def wkt(lat, long):
    return m.wkt(lat, long)
