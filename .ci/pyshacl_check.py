#!/usr/bin/env python3
"""A second, independent SHACL engine (pySHACL) checks what conflict-kg's (rudof) says.

Usage:
  pyshacl_check.py data OUT_DIR        the build's conflict-kg.nq (ontology and facts) conforms
  pyshacl_check.py fixtures FIXTURES   every tests/fixtures/shacl/<shape>/pass.ttl conforms,
                                       every fail.ttl does not, with the same (focus node, shape)
                                       pairs as rudof's report in fail.expected

Both modes validate against ontology/shapes.ttl with no inference, the data graph
holding the ontology (sh:targetClass and sh:class follow rdfs:subClassOf there).
Exits 1 on any disagreement, naming it.
"""

import logging
import pathlib
import re
import sys

import pyshacl
import rdflib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/conflict-kg/ontology/shapes#"

# rdflib logs a traceback for every ill-typed literal; the fixtures hold some on purpose.
logging.getLogger("rdflib").setLevel(logging.CRITICAL)


def graph(*paths):
    """One graph holding the triples of every file (every named graph of an N-Quads file)."""
    g = rdflib.Graph()
    for path in paths:
        if path.suffix == ".nq":
            ds = rdflib.Dataset()
            ds.parse(path, format="nquads")
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g.parse(path)
    return g


SHAPES = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
ONTOLOGY = ROOT / "ontology" / "conflict.ttl"


def validate(data):
    """(conforms, {(focus, shape)}), shapes named as conflict-kg shows them."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=SHAPES, inference="none", advanced=False, allow_warnings=False
    )
    pairs = set()
    # Top-level results only: those of nested shapes (sh:detail) are not in rudof's list either.
    for result in report.objects(None, SH.result):
        pairs.add((show(report.value(result, SH.focusNode)), show(report.value(result, SH.sourceShape))))
    return conforms, pairs


def show(term):
    """The way `conflict-kg validate` prints a node: shape:Local, <iri>, or _: for any blank node."""
    if isinstance(term, rdflib.BNode):
        return "_:"
    text = str(term)
    if text.startswith(SHAPES_NS):
        return "shape:" + text[len(SHAPES_NS):]
    return f"<{text}>"


# `fail.ttl: <focus>: message (shape shape:X, path …, value …)`
EXPECTED = re.compile(r"^[^:]+: (?P<focus>_:\S*|<[^>]*>|\S+): .* \(shape (?P<shape>[^,)]+)")


def expected_pairs(path):
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = EXPECTED.match(line)
        if not m:
            raise SystemExit(f"{path}: cannot read the line {line!r}")
        focus = "_:" if m["focus"].startswith("_:") else m["focus"]
        shape = "_:" if m["shape"].startswith("_:") else m["shape"]
        pairs.add((focus, shape))
    return pairs


def check_data(out_dir):
    data = graph(pathlib.Path(out_dir) / "conflict-kg.nq")
    conforms, pairs = validate(data)
    if not conforms:
        for focus, shape in sorted(pairs):
            print(f"pySHACL: {focus} violates {shape}")
        print(f"pySHACL: the shipped data does not conform ({len(pairs)} focus/shape pairs)")
        return 1
    print(f"pySHACL: the shipped data conforms ({len(data)} triples, ontology included)")
    return 0


def check_fixtures(fixtures):
    fixtures = pathlib.Path(fixtures)
    context = fixtures / "context.ttl"
    failures = 0
    dirs = sorted(d for d in fixtures.iterdir() if d.is_dir())
    for d in dirs:
        conforms, pairs = validate(graph(ONTOLOGY, context, d / "pass.ttl"))
        if not conforms:
            failures += 1
            print(f"{d.name}/pass.ttl: pySHACL finds violations where rudof finds none: {sorted(pairs)}")
        conforms, pairs = validate(graph(ONTOLOGY, context, d / "fail.ttl"))
        expected = expected_pairs(d / "fail.expected")
        if conforms:
            failures += 1
            print(f"{d.name}/fail.ttl: pySHACL finds it conforms; rudof does not")
        elif pairs != expected:
            failures += 1
            print(f"{d.name}/fail.ttl: the engines disagree")
            for focus, shape in sorted(pairs - expected):
                print(f"  only pySHACL: {focus} violates {shape}")
            for focus, shape in sorted(expected - pairs):
                print(f"  only rudof:   {focus} violates {shape}")
    print(f"pySHACL: {len(dirs) - failures} of {len(dirs)} shape fixtures agree with rudof")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("data", "fixtures"):
        raise SystemExit(__doc__)
    sys.exit(check_data(sys.argv[2]) if sys.argv[1] == "data" else check_fixtures(sys.argv[2]))
