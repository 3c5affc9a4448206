#!/usr/bin/env bash
# neo4j_docs.sh PYTHON OUT [--write-docs]: docs/cypher.md's queries on the built-in data in
# Kùzu, compared with the crate's gap reports (used by run.sh and regen_cypher_docs.sh).
set -euo pipefail
python=$1 out=$2
shift 2
as_of=$("$python" -c 'import json; print(json.load(open("data/vrfb-2025.dataset.json"))["as_of"])')
rm -rf "$out"
mkdir -p "$out"
cargo run --quiet --example export -- --format neo4j --as-of "$as_of" --out "$out/neo4j"
reports=()
for region in $(grep -o '"region": "[^"]*"' docs/cypher.md | sort -u | cut -d'"' -f4); do
    cargo run --quiet --example gap_report -- --format json --region "$region" --out "$out/$region.json"
    reports+=(--report "$out/$region.json")
done
"$python" tests/interop/neo4j_check.py --dir "$out/neo4j" "${reports[@]}" --docs docs/cypher.md "$@"
