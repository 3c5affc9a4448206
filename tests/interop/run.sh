#!/usr/bin/env bash
# Interop checks: every export loaded by the real readers.
#
#   bash tests/interop/run.sh
#
# Installs what it needs when missing: Graphviz from the system's package manager (apt-get,
# run as root), and a Python venv in target/interop-venv with networkx 3.6 and igraph from
# PyPI. Then, for the minimal data, the built-in VRFB data and the lithium-ion data, it
# exports every format with `cargo run --example export`, loads each in NetworkX (and the
# GraphML in igraph) through check.py, which compares node and edge counts per kind and a
# few attributes with counts computed from the dataset JSON itself, and renders the chain
# map with `dot -Tsvg`. Kept out of `cargo test`, which needs nothing but Rust.
#
# Environment: INTEROP_VENV (the venv's directory), INTEROP_OUT (where the exports go).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
venv=${INTEROP_VENV:-$root/target/interop-venv}
out=${INTEROP_OUT:-$root/target/interop}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    if ! command -v apt-get >/dev/null; then
        echo "interop: need $* but apt-get is not available: install it by hand" >&2
        exit 1
    fi
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# Graphviz.
if ! command -v dot >/dev/null; then
    echo "interop: installing graphviz"
    apt_install graphviz
fi
dot -V

# Python: networkx 3.6, igraph and Kùzu 0.11.3 (the Cypher engine of the Neo4j export's
# check: Neo4j itself is not on the registries CI reaches) in a venv.
if ! "$venv/bin/python" -c 'import igraph, kuzu, networkx; assert networkx.__version__.startswith("3.6."); assert kuzu.__version__ == "0.11.3"' 2>/dev/null; then
    echo "interop: creating $venv"
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        # Debian's python3 ships venv and ensurepip apart.
        rm -rf "$venv"
        apt_install python3-venv
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q 'networkx==3.6.*' igraph 'kuzu==0.11.3'
fi
"$venv/bin/python" -c 'import igraph, kuzu, networkx; print("networkx", networkx.__version__, "igraph", igraph.__version__, "kuzu", kuzu.__version__)'

cargo build --quiet --example export
export_() {
    cargo run --quiet --example export -- "$@"
}

# export_set NAME CHAIN DATASET REGION [AS_OF]: every format into $out/NAME, then check.
export_set() {
    local name=$1 chain=$2 dataset=$3 region=$4 as_of=${5:-}
    local dir=$out/$name
    local args=(--chain "$chain" --dataset "$dataset")
    local check_args=()
    if [ -n "$as_of" ]; then
        args+=(--as-of "$as_of")
        check_args+=(--as-of "$as_of")
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    export_ --format json "${args[@]}" --out "$dir/dataset.json"
    export_ --format node-link "${args[@]}" --out "$dir/node-link.json"
    export_ --format node-link --links-key "${args[@]}" --out "$dir/node-link-links.json"
    export_ --format graphml "${args[@]}" --out "$dir/graph.graphml"
    export_ --format cytoscape "${args[@]}" --out "$dir/graph.cyjs"
    export_ --format dot "${args[@]}" --region "$region" --out "$dir/map.dot"
    dot -Tsvg "$dir/map.dot" -o "$dir/map.svg"
    "$venv/bin/python" tests/interop/check.py --chain "$chain" --dataset "$dataset" --dir "$dir" "${check_args[@]}"
    # Neo4j import files, with every fact (the counts are the dataset's own), in Kùzu.
    export_ --format neo4j --chain "$chain" --dataset "$dataset" --region "$region" --out "$dir/neo4j"
    "$venv/bin/python" tests/interop/neo4j_check.py --dir "$dir/neo4j" --chain "$chain" --dataset "$dataset"
}

export_set minimal data/minimal.chain.json data/minimal.dataset.json zone-a
export_set minimal-2024 data/minimal.chain.json data/minimal.dataset.json city-a 2024-06-01
export_set vrfb data/vrfb.chain.json data/vrfb-2025.dataset.json cn-sc-leshan-hitech
export_set vrfb-2024 data/vrfb.chain.json data/vrfb-2025.dataset.json cn-sc-leshan-hitech 2024-06
export_set li-ion data/li-ion-storage.chain.json data/li-ion-leshan-2025.dataset.json cn-sc-leshan-hitech

# The defaults are the built-in VRFB data, and the Leshan High-tech Zone map.
for format in json node-link graphml cytoscape; do
    export_ --format "$format" | cmp - "$out/vrfb/$(
        case $format in
            json) echo dataset.json ;;
            node-link) echo node-link.json ;;
            graphml) echo graph.graphml ;;
            cytoscape) echo graph.cyjs ;;
        esac
    )"
done
export_ --format dot | cmp - "$out/vrfb/map.dot"
export_ --format dot | dot -Tsvg >/dev/null

# docs/cypher.md: every query in Kùzu returns what the crate's gap report says, and the
# answer the page shows (regenerate with tests/interop/regen_cypher_docs.sh).
cargo build --quiet --example gap_report
bash tests/interop/neo4j_docs.sh "$venv/bin/python" "$out/cypher-docs"

# The Cytoscape.js style is JSON and styles the kinds and statuses the export writes.
export_ --format cytoscape-style --out "$out/vrfb/style.json"
export_ --format cytoscape --region cn-sc-leshan-hitech --out "$out/vrfb/graph-leshan.cyjs"
"$venv/bin/python" - "$out/vrfb/style.json" "$out/vrfb/graph-leshan.cyjs" <<'PY'
import json, sys
style = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
selectors = {r["selector"] for r in style}
nodes = [n["data"] for n in graph["elements"]["nodes"]]
for kind in {n["kind"] for n in nodes}:
    assert f'node[kind = "{kind}"]' in selectors, kind
statuses = {n["gap_status"] for n in nodes if n["kind"] == "product"}
assert statuses and all(f'node[gap_status = "{s}"]' in selectors for s in statuses), statuses
assert graph["data"]["scope"] == "cn-sc-leshan-hitech"
print("interop: the cytoscape style covers every kind and status of the export")
PY
echo "interop: every export loads in its reader"
bash tests/interop/sheets.sh
