#!/usr/bin/env bash
# conflict-kg's ACLED import against its peers, side by side, on the same
# generated file: conflict-kg (release), Morph-KGC with the equivalent RML
# mapping (benches/peers/acled.rml.ttl + acled_udfs.py), a pyoxigraph script
# doing the same mapping (benches/peers/acled_pyoxigraph.py), and a raw
# baseline that reads the CSV and writes N-Triples with no mapping at all.
#
# Usage: benches/peers.sh [ROWS...]        (default: 100000 1000000)
# Env:   BENCH_DIR  where files go (default $HOME/.cache/conflict-kg/bench-work)
#        SKIP_MORPH=1 skips Morph-KGC (slow and memory-hungry at 1M rows)
#        REPEAT=N runs the raw baseline and conflict-kg N times each (default 7)
#          and reports the run of median CPU time: on a shared machine the
#          system time of writing a file varies by 2-3x from run to run
#
# Installs what a fresh machine lacks: GNU time (apt-get), a release build,
# and two virtual environments under $HOME/.cache/conflict-kg/bench-venv/
# (Morph-KGC pins pyoxigraph < 0.4, so the pyoxigraph script gets its own,
# with the current release). Checks that the three mappings give the same
# number of triples, then prints wall time, CPU time (user + system),
# triples per CPU-second, peak RSS, bytes written and the ratios.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
repo="$PWD"
peers="$repo/benches/peers"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/conflict-kg/target}"
work="${BENCH_DIR:-$HOME/.cache/conflict-kg/bench-work}"
venvs="$HOME/.cache/conflict-kg/bench-venv"
mkdir -p "$work"
rows_list=("$@")
[ ${#rows_list[@]} -eq 0 ] && rows_list=(100000 1000000)

step() { printf '\n=== %s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
  step "installing GNU time"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

step "release build"
cargo build --release --quiet
cargo build --release --quiet --example raw_ntriples
ckg="$CARGO_TARGET_DIR/release/conflict-kg"
raw="$CARGO_TARGET_DIR/release/examples/raw_ntriples"

venv() { # name, packages...
  local dir="$venvs/$1"; shift
  if [ ! -x "$dir/bin/python" ]; then
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --upgrade pip >&2
  fi
  "$dir/bin/python" -m pip install --quiet "$@" >&2
  echo "$dir/bin/python"
}
step "virtual environments (PyPI)"
morph_py="$(venv morph-kgc 'morph-kgc>=2.10,<3')"
pyox_py="$(venv pyoxigraph 'pyoxigraph>=0.5,<0.6')"
"$morph_py" -c 'import importlib.metadata as m, sys; print("Morph-KGC", m.version("morph-kgc"), "with pyoxigraph", m.version("pyoxigraph"), file=sys.stderr)'
"$pyox_py" -c 'import pyoxigraph, sys; print("pyoxigraph", pyoxigraph.__version__, file=sys.stderr)'

# Runs a command under GNU time; appends "name triples wall user sys rss_kb bytes" to $results.
# Each starts with no dirty page left by the one before (sync), so that none
# is charged for writing back, or being throttled by, another's output.
measure() { # name, output file (its lines are the triples), command...
  local name="$1" out="$2"; shift 2
  local log="$work/$name.time"
  sync
  /usr/bin/time -v -o "$log" "$@" > "$work/$name.stdout" 2> "$work/$name.stderr" || {
    echo "$name failed:" >&2; tail -20 "$work/$name.stderr" >&2; exit 1; }
  local triples wall user sys rss bytes
  triples=$(wc -l < "$out")
  bytes=$(stat -c %s "$out")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$name $triples $wall $user $sys $rss $bytes" >> "$results"
  printf '%-22s done: %s triples, %ss wall\n' "$name" "$triples" "$wall" >&2
}

for rows in "${rows_list[@]}"; do
  csv="$work/acled-$rows.csv"
  results="$work/results-$rows.txt"
  : > "$results"
  step "$rows rows: generating $csv"
  [ -s "$csv" ] || "$ckg" generate acled --rows "$rows" --seed 1 -o "$csv"
  ls -l "$csv" >&2

  # Interleaved, so that a disturbance of the machine falls on all three alike.
  for run in $(seq "${REPEAT:-7}"); do
    step "$rows rows: raw baseline and conflict-kg, run $run"
    rm -f "$work/raw.nt" "$work/ckg.nt" "$work/ckg.ttl"
    measure raw-baseline "$work/raw.nt" "$raw" "$csv" "$work/raw.nt"
    rm -f "$work/raw.nt"
    measure conflict-kg-nt "$work/ckg.nt" "$ckg" import acled "$csv" -o "$work/ckg.nt"
    measure conflict-kg-ttl /dev/null "$ckg" import acled "$csv" -o "$work/ckg.ttl"
    # The Turtle file has as many triples (the summary says so); count N-Triples lines instead.
    sed -i "s/^conflict-kg-ttl 0 \(.*\) 0$/conflict-kg-ttl $(wc -l < "$work/ckg.nt") \1 $(stat -c %s "$work/ckg.ttl")/" "$results"
    rm -f "$work/ckg.ttl"
  done

  step "$rows rows: pyoxigraph script"
  measure pyoxigraph "$work/pyox.nt" env PYTHONPATH="$peers" "$pyox_py" "$peers/acled_pyoxigraph.py" "$csv" "$work/pyox.nt"
  if cmp -s "$work/ckg.nt" "$work/pyox.nt"; then echo "pyoxigraph output: byte-identical to conflict-kg's" >&2; fi
  rm -f "$work/pyox.nt"

  if [ "${SKIP_MORPH:-0}" != 1 ]; then
    step "$rows rows: Morph-KGC"
    sed "s#\"ACLED_CSV\"#\"$csv\"#" "$peers/acled.rml.ttl" > "$work/acled.rml.ttl"
    cat > "$work/morph.ini" <<EOF
[CONFIGURATION]
output_file: $work/morph.nt
output_format: N-TRIPLES
na_values: __conflict_kg_no_null__
udfs: $peers/acled_udfs.py
number_of_processes: 1
logging_level: WARNING

[ACLED]
mappings: $work/acled.rml.ttl
EOF
    measure morph-kgc "$work/morph.nt" env CKG_PEERS_DIR="$peers" "$morph_py" -m morph_kgc "$work/morph.ini"
    rm -f "$work/morph.nt"
  fi
  rm -f "$work/ckg.nt"

  step "$rows rows: results"
  python3 "$peers/table.py" "$rows" "$results"
done
