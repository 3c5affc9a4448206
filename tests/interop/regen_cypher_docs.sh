#!/usr/bin/env bash
# Regenerates the answers written in docs/cypher.md from the built-in data (after a change of
# data/vrfb-2025.dataset.json or data/vrfb.chain.json): exports the Neo4j files, writes the
# crate's gap reports for the regions the queries name, runs every query in Kùzu, checks it
# returns what the report says, and rewrites the answers.
#
#   bash tests/interop/regen_cypher_docs.sh      (the venv of run.sh: INTEROP_VENV)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
venv=${INTEROP_VENV:-$root/target/interop-venv}
out=${INTEROP_OUT:-$root/target/interop}/cypher-docs
if ! "$venv/bin/python" -c 'import kuzu' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q 'kuzu==0.11.3'
fi
bash tests/interop/neo4j_docs.sh "$venv/bin/python" "$out" --write-docs
