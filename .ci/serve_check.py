"""Uses `conflict-kg serve` as people and their tools do.

A real SPARQL client (SPARQLWrapper) queries /sparql; headless Chromium loads
a resource page and the timeline, saves screenshots and checks the rendered
text. Usage: serve_check.py BINARY OUTDIR
"""

import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from SPARQLWrapper import CSV, JSON, SPARQLWrapper

binary, outdir = sys.argv[1], Path(sys.argv[2])
outdir.mkdir(parents=True, exist_ok=True)

server = subprocess.Popen([binary, "serve", "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
try:
    line = server.stdout.readline()
    base = re.search(r"serving (\S+)", line).group(1)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1].strip("/"))), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)

    client = SPARQLWrapper(base + "sparql")
    client.setReturnFormat(JSON)
    client.setQuery(
        """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?claim ?who WHERE { ?c a ckg:Claim ; ckg:id ?claim ; ckg:claimant/rdfs:label ?who .
        FILTER(LANG(?who) = "en") } ORDER BY ?claim"""
    )
    rows = client.queryAndConvert()["results"]["bindings"]
    assert len(rows) > 10, rows
    client.setMethod("POST")
    client.setReturnFormat(CSV)
    client.setQuery("ASK { ?s a <https://w3id.org/conflict-kg/ontology#Event> }")
    answer = client.queryAndConvert()
    assert b"true" in answer, answer
    print(f"SPARQLWrapper: {len(rows)} claims by GET/JSON, ASK by POST/CSV")

    chrome = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,1600",
    ]
    pages = {
        "event": ("id/event/malian-drone-downing-2025", ["Evidence", "dans la nuit du 31 mars au 1er avril", "Participants"]),
        "timeline": ("timeline", ["Timeline", "Destruction of a Malian drone"]),
        "queries": ("queries/ambassador-recalls", ["Who recalled ambassadors", "Algeria"]),
    }
    for name, (path, needles) in pages.items():
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(chrome + [f"--user-data-dir={profile}", f"--screenshot={outdir / name}.png", base + path],
                           check=True, capture_output=True, timeout=120)
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(chrome + [f"--user-data-dir={profile}", "--dump-dom", base + path],
                                 check=True, capture_output=True, text=True, timeout=120).stdout
        for needle in needles:
            assert needle in dom, f"{path}: '{needle}' not rendered"
        assert (outdir / f"{name}.png").stat().st_size > 10_000, f"{name}.png is empty"
    print(f"Chromium: {', '.join(pages)} rendered and checked; screenshots in {outdir}")
finally:
    server.terminate()
    server.wait(timeout=10)
