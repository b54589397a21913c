"""Prints the comparison table of benches/peers.sh from its results file.

Each line of the results file: name triples wall_s user_s sys_s max_rss_kb bytes.
A tool measured several times is reported by its run of median CPU time.
Exits 1 when the three mappings (conflict-kg, pyoxigraph, Morph-KGC) do not
give the same number of triples.
"""

import sys

rows, path = sys.argv[1], sys.argv[2]
every = {}
for line in open(path, encoding="utf-8"):
    name, triples, wall, user, sys_, rss, size = line.split()
    every.setdefault(name, []).append({
        "triples": int(triples),
        "wall": float(wall),
        "user": float(user),
        "sys": float(sys_),
        "cpu": float(user) + float(sys_),
        "rss": int(rss) / 1024,
        "bytes": int(size),
    })
runs = {}
for name, measured in every.items():
    measured.sort(key=lambda r: r["cpu"])
    runs[name] = dict(measured[len(measured) // 2], n=len(measured),
                      cpus=[r["cpu"] for r in measured])

LABELS = {
    "raw-baseline": "raw baseline (CSV → N-Triples, no mapping)",
    "conflict-kg-nt": "conflict-kg import → N-Triples",
    "conflict-kg-ttl": "conflict-kg import → Turtle",
    "pyoxigraph": "pyoxigraph script → N-Triples",
    "morph-kgc": "Morph-KGC (RML + Python UDFs) → N-Triples",
}
ours = runs["conflict-kg-nt"]
print(f"\nACLED-format file, {int(rows):,} rows (generated, seed 1)\n")
if ours["cpu"] < 0.2:
    print("(under 0.2 CPU-second: too short to compare; use 100000 rows or more)\n")
print("| Tool | Runs | Triples | Wall s | CPU s (user + sys) | Triples / CPU-s | Peak RSS MiB | Bytes / triple | conflict-kg's throughput ÷ this |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in ["conflict-kg-nt", "conflict-kg-ttl", "pyoxigraph", "morph-kgc", "raw-baseline"]:
    if name not in runs:
        continue
    r = runs[name]
    rate = r["triples"] / r["cpu"] if r["cpu"] else float("inf")
    ours_rate = ours["triples"] / ours["cpu"] if ours["cpu"] else float("inf")
    ratio = ours_rate / rate if rate not in (0, float("inf")) else float("nan")
    cpu = f"{r['cpu']:.2f} ({r['user']:.2f} + {r['sys']:.2f})"
    per_triple = f"{r['bytes'] / r['triples']:.0f}" if r["triples"] else "–"
    print(f"| {LABELS[name]} | {r['n']} | {r['triples']:,} | {r['wall']:.2f} | {cpu} | {rate:,.0f} | {r['rss']:.0f} | {per_triple} | {ratio:.2f}× |")

raw = runs.get("raw-baseline")
if raw and min(raw["user"], raw["sys"], ours["bytes"]) > 0:
    print(f"\nconflict-kg CPU time ÷ raw baseline CPU time: {ours['cpu'] / raw['cpu']:.2f} "
          f"(user {ours['user'] / raw['user']:.2f}, system {ours['sys'] / raw['sys']:.2f}); "
          f"the baseline writes {raw['triples']:,} triples, one per non-empty field, "
          f"in {raw['bytes'] / ours['bytes']:.2f} of conflict-kg's bytes")
for name in ["conflict-kg-nt", "conflict-kg-ttl", "raw-baseline"]:
    if name in runs and runs[name]["n"] > 1:
        print(f"{LABELS[name]}: CPU s of each run {', '.join(f'{c:.2f}' for c in runs[name]['cpus'])}")
ttl = runs.get("conflict-kg-ttl")
if ttl and ours["cpu"] > 0:
    print(f"Turtle CPU time ÷ N-Triples CPU time: {ttl['cpu'] / ours['cpu']:.2f}")

counts = {n: runs[n]["triples"] for n in ("conflict-kg-nt", "pyoxigraph", "morph-kgc") if n in runs}
if len(set(counts.values())) != 1:
    print(f"\nTRIPLE COUNTS DIFFER: {counts}")
    sys.exit(1)
print(f"\nSame triple count from every mapping: {ours['triples']:,} ({', '.join(counts)})")
