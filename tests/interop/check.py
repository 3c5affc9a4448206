#!/usr/bin/env python3
"""Loads the exports of one chain template and dataset in the real readers and checks them.

    check.py --chain CHAIN.json --dataset DATASET.json --dir EXPORTS [--as-of DATE]

EXPORTS holds what `cargo run --example export` wrote for that pair (see run.sh):
dataset.json, node-link.json, node-link-links.json, graph.graphml, graph.cyjs and, when
rendered, map.svg. The expected node and edge counts per kind are computed here, from the
two JSON documents alone, by the rules of the data-format spec; each export is loaded in
NetworkX (node_link_graph, read_graphml, cytoscape_graph) and the GraphML in igraph too,
and its counts and a few attributes are compared with them.
"""

import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import igraph as ig
import networkx as nx

SEP = ";"  # GraphML's list separator
GRADE_RANK = {"C": 1, "B": 2, "A": 3}


def day(text):
    """A date as the first day it stands for: (year, month, day)."""
    parts = [int(p) for p in text.split("-")]
    return tuple(parts + [1] * (3 - len(parts)))


def valid_at(fact, date):
    """The spec's validity rule at a date (None: every fact counts, closed ones included)."""
    if date is None:
        return True
    if fact.get("status", "operating") == "closed":
        return False
    d = day(date)
    if "since" in fact and day(fact["since"]) > d:
        return False
    if "until" in fact and day(fact["until"]) <= d:
        return False
    return True


def best_grade(sources, grades):
    ranked = [grades[s] for s in sources if s in grades]
    return max(ranked, key=GRADE_RANK.get) if ranked else "none"


def expected(chain, data, as_of):
    nodes = Counter()
    nodes["segment"] += len(chain["segments"])
    nodes["product"] += len(chain["products"])
    nodes["region"] += len(data.get("regions", []))
    nodes["firm"] += len(data.get("firms", []))
    nodes["organization"] += len(data.get("organizations", []))
    edges = Counter()
    for firm in data.get("firms", []):
        edges["makes"] += sum(1 for m in firm.get("makes", []) if valid_at(m, as_of))
    for link in data.get("links", []):
        if valid_at(link, as_of):
            edges[link["kind"]] += 1
    for product in chain["products"]:
        for requirement in product.get("inputs", []):
            edges["input_of"] += 1 if isinstance(requirement, str) else len(requirement)
    edges["in_segment"] += len(chain["products"])
    edges["located_in"] += len(data.get("firms", []))
    edges["located_in"] += sum(1 for o in data.get("organizations", []) if o.get("region"))
    edges["part_of"] += sum(1 for r in data.get("regions", []) if r.get("parent"))
    return +nodes, +edges


def counts(graph):
    nodes = Counter(d["kind"] for _, d in graph.nodes(data=True))
    edges = Counter(d["kind"] for _, _, d in graph.edges(data=True))
    return nodes, edges


def check_equal(what, got, want):
    if got != want:
        sys.exit(f"interop: {what}: got {dict(got)}, expected {dict(want)}")
    print(f"  {what}: {sum(got[0].values())} nodes, {sum(got[1].values())} edges: ok")


def check_attributes(what, graph, chain, data, as_of, lists_joined):
    """A few attributes, read back from a NetworkX graph."""
    def as_list(value):
        return value.split(SEP) if lists_joined else value

    firms = {f["id"]: f for f in data.get("firms", [])}
    grades = {s["id"]: s.get("grade", "C") for s in data.get("sources", [])}
    for fid, firm in firms.items():
        node = graph.nodes[f"firm:{fid}"]
        assert node["kind"] == "firm" and node["ref"] == fid, (what, node)
        assert node["region"] == firm["region"], (what, node)
        if firm.get("tags"):
            assert as_list(node["tags"]) == sorted(firm["tags"]), (what, node)
        else:
            assert "tags" not in node, (what, node)
        for lang in ("zh", "en"):
            assert node.get(f"name_{lang}") == firm["name"].get(lang), (what, node)
    for product in chain["products"]:
        node = graph.nodes[f"product:{product['id']}"]
        assert node["segment"] == product["segment"], (what, node)
    # Every makes fact: its edge, with its status, capacity and best grade.
    facts = Counter()
    for u, v, d in graph.edges(data=True):
        if d["kind"] == "makes":
            facts[(u, v, d["status"], d.get("capacity"), d["grade"])] += 1
        if d["kind"] == "owns" and "share" in d:
            assert isinstance(d["share"], float), (what, d)
    want = Counter()
    for fid, firm in firms.items():
        for m in firm.get("makes", []):
            if valid_at(m, as_of):
                capacity = m["capacity"]["value"] if "capacity" in m else None
                grade = best_grade(m.get("sources", []), grades)
                want[(f"firm:{fid}", f"product:{m['product']}", m.get("status", "operating"),
                      None if capacity is None else float(capacity), grade)] += 1
    assert facts == want, (what, facts - want, want - facts)
    assert graph.graph["chain"] == chain["id"], (what, graph.graph)


def check_json(path, data, as_of):
    with open(path, encoding="utf-8") as f:
        out = json.load(f)
    assert out["format"] == "dataset@1" and out["chain"] == data["chain"]
    for key in ("sources", "regions", "firms", "organizations"):
        assert sorted(x["id"] for x in out.get(key, [])) == sorted(x["id"] for x in data.get(key, [])), key
    links = [l for l in data.get("links", []) if valid_at(l, as_of)]
    assert len(out.get("links", [])) == len(links)
    makes = sum(1 for f in data.get("firms", []) for m in f.get("makes", []) if valid_at(m, as_of))
    assert sum(len(f.get("makes", [])) for f in out.get("firms", [])) == makes
    extra_in = {f["id"]: f["extra"] for f in data.get("firms", []) if "extra" in f}
    extra_out = {f["id"]: f["extra"] for f in out.get("firms", []) if "extra" in f}
    assert extra_in == extra_out, "extra is kept"
    print(f"  json: {len(out.get('firms', []))} firms, {len(out.get('links', []))} links: ok")


def check_igraph(path, want):
    g = ig.Graph.Read_GraphML(path)
    assert g.is_directed()
    got = (Counter(g.vs["kind"]), Counter(g.es["kind"]))
    check_equal("graphml in igraph", got, want)
    ids = set(g.vs["id"])
    assert len(ids) == g.vcount()


def check_svg(path, chain):
    root = ET.parse(path).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    titles = [g.find("svg:title", ns).text for g in root.iter("{http://www.w3.org/2000/svg}g")
              if g.get("class") == "node"]
    products = sorted(t for t in titles if t.startswith("product:"))
    assert products == sorted(f"product:{p['id']}" for p in chain["products"]), products
    clusters = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "cluster"]
    assert len(clusters) == len(chain["segments"]), len(clusters)
    firms = [t for t in titles if t.startswith("firm:")]
    print(f"  dot -Tsvg: {len(clusters)} segments, {len(products)} products, {len(firms)} firms: ok")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chain", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--as-of")
    args = parser.parse_args()
    with open(args.chain, encoding="utf-8") as f:
        chain = json.load(f)
    with open(args.dataset, encoding="utf-8") as f:
        data = json.load(f)
    want = expected(chain, data, args.as_of)
    print(f"{args.dir}: expecting {dict(want[0])}; {dict(want[1])}")

    def path(name):
        return os.path.join(args.dir, name)

    check_json(path("dataset.json"), data, args.as_of)

    with open(path("node-link.json"), encoding="utf-8") as f:
        g = nx.node_link_graph(json.load(f), edges="edges")
    assert g.is_directed() and g.is_multigraph()
    check_equal("node-link", counts(g), want)
    check_attributes("node-link", g, chain, data, args.as_of, lists_joined=False)

    with open(path("node-link-links.json"), encoding="utf-8") as f:
        g = nx.node_link_graph(json.load(f), edges="links")
    check_equal("node-link (links key)", counts(g), want)

    g = nx.read_graphml(path("graph.graphml"), force_multigraph=True)
    assert g.is_directed() and g.is_multigraph()
    check_equal("graphml in networkx", counts(g), want)
    check_attributes("graphml", g, chain, data, args.as_of, lists_joined=True)
    for _, _, key, d in g.edges(keys=True, data=True):
        assert key.startswith(d["kind"] + ":"), (key, d)
    # Without forcing, read_graphml keeps parallel edges only when it finds some.
    g = nx.read_graphml(path("graph.graphml"))
    assert g.number_of_edges() == sum(want[1].values())
    check_igraph(path("graph.graphml"), want)

    with open(path("graph.cyjs"), encoding="utf-8") as f:
        g = nx.cytoscape_graph(json.load(f))
    assert g.is_directed() and g.is_multigraph()
    check_equal("cytoscape", counts(g), want)
    check_attributes("cytoscape", g, chain, data, args.as_of, lists_joined=False)

    if os.path.exists(path("map.svg")):
        check_svg(path("map.svg"), chain)


if __name__ == "__main__":
    main()
