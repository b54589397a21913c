"""The ACLED mapping of `conflict-kg import acled`, term by term, in Python.

Shared by the two peers of `benches/peers.sh`: the Morph-KGC user-defined
functions (`acled_udfs.py`, called from `acled.rml.ttl`) and the pyoxigraph
script (`acled_pyoxigraph.py`). Same IRIs, same literals, same triples as the
Rust importer on the generated benchmark files (checked by the triple counts
the script compares, and by `--check` on a small file: the sorted outputs).
"""

BASE = "https://w3id.org/conflict-kg/"
ID = BASE + "id/"
CKG = BASE + "ontology#"
EVT = BASE + "ontology/event-type#"
ROLE = BASE + "ontology/role#"
DATASET = BASE + "dataset/acled"

CROSSWALK = {
    "Armed clash": "armed-clash",
    "Government regains territory": "territory-regained",
    "Non-state actor overtakes territory": "territory-seized",
    "Chemical weapon": "chemical-weapon",
    "Air/drone strike": "air-drone-strike",
    "Suicide bomb": "suicide-bombing",
    "Shelling/artillery/missile attack": "shelling-artillery-missile-attack",
    "Remote explosive/landmine/IED": "remote-explosive-landmine-ied",
    "Grenade": "grenade-attack",
    "Sexual violence": "sexual-violence",
    "Attack": "attack-on-civilians",
    "Abduction/forced disappearance": "abduction-forced-disappearance",
    "Peaceful protest": "peaceful-protest",
    "Protest with intervention": "protest-with-intervention",
    "Excessive force against protesters": "excessive-force-against-protesters",
    "Violent demonstration": "violent-demonstration",
    "Mob violence": "mob-violence",
    "Agreement": "agreement-signing",
    "Arrests": "arrests",
    "Change to group/activity": "change-to-group-activity",
    "Disrupted weapons use": "disrupted-weapons-use",
    "Headquarters or base established": "headquarters-or-base-established",
    "Looting/property destruction": "looting-property-destruction",
    "Non-violent transfer of territory": "non-violent-transfer-of-territory",
    "Other": "other-strategic-development",
}


def slug(name):
    """Lowercased; every run of non-alphanumeric characters one `-`."""
    out = []
    pending = False
    for c in name:
        if c.isalnum():
            if pending and out:
                out.append("-")
            pending = False
            out.append(c.lower())
        else:
            pending = True
    return "".join(out) or "-"


def event_iri(event_id):
    return ID + "event/acled-" + slug(event_id)


def actor_iri(name):
    return ID + "actor/acled/" + slug(name) if name else None


def role_name(event_type, position):
    """`actor1`/`assoc_actor_1` are position 1, `actor2`/`assoc_actor_2` position 2."""
    if event_type in ("Explosions/Remote violence", "Violence against civilians"):
        return "attacker" if position == 1 else "target"
    return "participant"


def participation_iri(event_id, name, event_type, position):
    if not name:
        return None
    return f"{event_iri(event_id)}/participation/{slug(name)}/{role_name(event_type, position)}"


def edtf(date, precision):
    return {"1": date, "2": date + "~", "3": date[:7]}[precision]


def day(date, precision):
    return date if precision in ("1", "2") else None


def month(date, precision):
    return date[:7] if precision == "3" else None


def approximate(precision):
    return "true" if precision == "2" else None


def precision_unit(precision):
    return "http://www.w3.org/2006/time#" + ("unitMonth" if precision == "3" else "unitDay")


def country_iri(country):
    return ID + "place/acled/" + slug(country)


def area_iri(country, admins, level):
    """The IRI of administrative area `level` (0-based), None when it is empty."""
    if not admins[level]:
        return None
    path = country_iri(country)
    for a in admins[: level + 1]:
        if a:
            path += "/" + slug(a)
    return path


def area_parent(country, admins, level):
    for k in range(level - 1, -1, -1):
        if admins[k]:
            return area_iri(country, admins, k)
    return country_iri(country)


def decimal(s):
    """The canonical xsd:decimal form, as a store gives it back: 20.1000 → 20.1, 16.0 → 16."""
    negative = s.startswith("-")
    body = s.lstrip("+-")
    whole, _, frac = body.partition(".")
    whole, frac = whole.lstrip("0"), frac.rstrip("0")
    zero = not whole and not frac
    out = ("-" if negative and not zero else "") + (whole or "0")
    return out + ("." + frac if frac else "")


def place_iri(country, admins, location, lat, long):
    return f"{area_parent(country, admins, 3)}/{slug(location)}/{decimal(lat)},{decimal(long)}"


def wkt(lat, long):
    return f"POINT({decimal(long)} {decimal(lat)})"
