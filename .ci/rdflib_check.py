"""Reads conflict-kg's exports with rdflib, an implementation independent of ours.

Checks that the Turtle, N-Triples and N-Quads exports parse, hold no blank
node, and agree with each other on the number of triples.
"""

import sys
from pathlib import Path

import rdflib
import rdflib.compare

out = Path(sys.argv[1])
turtle = rdflib.Graph().parse(out / "conflict-kg.ttl", format="turtle")
ntriples = rdflib.Graph().parse(out / "conflict-kg.nt", format="nt")
quads = rdflib.Dataset()
quads.parse(out / "conflict-kg.nq", format="nquads")
ontology = rdflib.Graph().parse(out / "ontology.ttl", format="turtle")

blank = [t for t in turtle if any(isinstance(x, rdflib.BNode) for x in t)]
blank += [t for t in ontology if any(isinstance(x, rdflib.BNode) for x in t)]
assert not blank, f"blank nodes found: {blank[:3]}"
assert len(turtle) == len(ntriples), (len(turtle), len(ntriples))
assert rdflib.compare.isomorphic(turtle, ntriples), "Turtle and N-Triples differ"
facts = quads.graph(rdflib.URIRef("https://w3id.org/conflict-kg/graph/facts"))
assert len(facts) == len(turtle), (len(facts), len(turtle))
print(f"rdflib {rdflib.__version__}: {len(turtle)} fact triples, {len(ontology)} ontology triples, no blank node")
