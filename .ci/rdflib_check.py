"""Reads every export of conflict-kg with rdflib, an implementation independent of ours.

Every format must parse, hold no blank node, and agree with the N-Triples
export (facts) or the N-Quads export (all graphs); the canonical N-Quads must
hold the same quads as the N-Quads; SHA256SUMS must match every file.
"""

import hashlib
import sys
from pathlib import Path

import rdflib
import rdflib.compare

out = Path(sys.argv[1])


def graph(name, fmt):
    return rdflib.Graph().parse(out / name, format=fmt)


def dataset(name, fmt):
    ds = rdflib.Dataset()
    ds.parse(out / name, format=fmt)
    return ds


def no_blank(triples, what):
    blank = [t for t in triples if any(isinstance(x, rdflib.BNode) for x in t)]
    assert not blank, f"{what}: blank nodes found: {blank[:3]}"


facts = graph("conflict-kg.nt", "nt")
no_blank(facts, "N-Triples")
for name, fmt in [("conflict-kg.ttl", "turtle"), ("conflict-kg.rdf", "xml"), ("conflict-kg.jsonld", "json-ld")]:
    g = graph(name, fmt)
    no_blank(g, name)
    assert len(g) == len(facts), (name, len(g), len(facts))
    assert rdflib.compare.isomorphic(g, facts), f"{name} differs from the N-Triples export"

quads = dataset("conflict-kg.nq", "nquads")


def quad_set(ds):
    return {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))}


reference = quad_set(quads)
no_blank([q[:3] for q in reference], "N-Quads")
for name, fmt in [("conflict-kg.trig", "trig"), ("conflict-kg.canonical.nq", "nquads")]:
    other = quad_set(dataset(name, fmt))
    assert other == reference, f"{name}: {len(other)} quads, N-Quads has {len(reference)}"

ontology = graph("ontology.ttl", "turtle")
no_blank(ontology, "ontology.ttl")
description = graph("dataset.ttl", "turtle")
no_blank(description, "dataset.ttl")

for line in (out / "SHA256SUMS").read_text().splitlines():
    digest, name = line.split("  ", 1)
    assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, f"SHA256SUMS: {name}"

print(
    f"rdflib {rdflib.__version__}: 6 formats + canonical read; {len(facts)} fact triples, "
    f"{len(reference)} quads, {len(ontology)} ontology triples, {len(description)} description triples; "
    "no blank node; SHA256SUMS verified"
)
