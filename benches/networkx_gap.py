#!/usr/bin/env python3
"""The gap analysis of the gap-analysis spec, version 1, written by hand on NetworkX: the
comparison of issue 6 in docs/BENCHMARKS.md, kept for the record.

It loads a chain template and a dataset (JSON), builds one networkx MultiDiGraph of
segments, products, regions, firms and organizations (edges: in_segment, input_of, makes,
located_in, part_of, and the dataset's links), runs the analysis over that graph, and writes
the gap report as indented JSON. The report is `gap-report@1`: it was the same, byte for
byte, as the one of `gap_report --format json` while the crate wrote version 1. The crate
now writes `gap-report@2`, so the two no longer compare and `benches/targets.sh` no longer
runs this script; the independent implementation of version 2 that the crate is checked
against is `tests/reference/gap_reference.py`. The timings of its phases still show what
the same work costs on NetworkX.

    python3 benches/networkx_gap.py --chain data/vrfb.chain.json \\
        --dataset /tmp/synth-100k.json --region cn --out /tmp/nx-report.json

Options as gap_report: --region ID, --as-of DATE, --min-makers N, --min-grade A|B|C|none,
--top N, --out FILE (default standard output). The time of each phase goes to standard
error. Needs networkx (pip install networkx); tested with networkx 3.6.
"""

import argparse
import json
import sys
import time

import networkx as nx

GRADE_RANK = {None: 0, "C": 1, "B": 2, "A": 3}
STATUS_ORDER = ["covered", "single", "unconfirmed", "planned", "missing"]


def day(text):
    """A date as the first day it stands for: (year, month, day)."""
    if text is None:
        return None
    parts = [int(x) for x in text.split("-")]
    return tuple(parts + [1] * (3 - len(parts)))


def is_valid_at(fact, at):
    """The spec's validity rule; `at` is a day tuple or None."""
    if fact.get("status", "operating") == "closed":
        return False
    if at is None:
        return True
    since, until = fact.get("since"), fact.get("until")
    return (since is None or day(since) <= at) and (until is None or day(until) > at)


def build_graph(chain, dataset):
    """One MultiDiGraph of the template and the dataset. Node keys are `kind:id`."""
    g = nx.MultiDiGraph()
    for s in chain["segments"]:
        g.add_node("segment:" + s["id"], kind="segment", data=s)
    for i, p in enumerate(chain["products"]):
        g.add_node("product:" + p["id"], kind="product", data=p, order=i)
    for p in chain["products"]:
        g.add_edge("product:" + p["id"], "segment:" + p["segment"], kind="in_segment")
        for k, req in enumerate(p.get("inputs", [])):
            for alt in [req] if isinstance(req, str) else req:
                g.add_edge("product:" + alt, "product:" + p["id"], kind="input_of", requirement=k)
    for r in dataset.get("regions", []):
        g.add_node("region:" + r["id"], kind="region", data=r)
    for r in dataset.get("regions", []):
        if "parent" in r:
            g.add_edge("region:" + r["id"], "region:" + r["parent"], kind="part_of")
    party = {}
    for f in dataset.get("firms", []):
        node = "firm:" + f["id"]
        party[f["id"]] = node
        g.add_node(node, kind="firm", data=f)
        g.add_edge(node, "region:" + f["region"], kind="located_in")
        for j, m in enumerate(f.get("makes", [])):
            g.add_edge(node, "product:" + m["product"], key=j, kind="makes", fact=m)
    for o in dataset.get("organizations", []):
        node = "organization:" + o["id"]
        party[o["id"]] = node
        g.add_node(node, kind="organization", data=o)
        if "region" in o:
            g.add_edge(node, "region:" + o["region"], kind="located_in")
    for i, link in enumerate(dataset.get("links", [])):
        g.add_edge(party[link["from"]], party[link["to"]], key=("link", i), kind=link["kind"],
                   link=link)
    return g


LINK_KINDS = {"supplies", "owns", "partners_with", "member_of", "transfers_technology"}


def gaps(g, chain, dataset, region, as_of=None, min_makers=2, min_grade="B", top=5):
    """The gap report of `region`, as a dict in the spec's order."""
    as_of = as_of or dataset.get("as_of")
    at = day(as_of)
    min_makers = max(min_makers, 1)
    grade_of_source = {s["id"]: s.get("grade", "C") for s in dataset.get("sources", [])}

    def grade(fact):
        best = 0
        for s in fact.get("sources", []):
            best = max(best, GRADE_RANK[grade_of_source.get(s)])
        return best

    min_rank = GRADE_RANK[min_grade]
    products = chain["products"]
    product_ix = {p["id"]: i for i, p in enumerate(products)}
    segment_ix = {s["id"]: i for i, s in enumerate(chain["segments"])}
    n_products = len(products)

    # Regions in scope: the region and everything below it, through part_of edges.
    scope_node = "region:" + region
    regions_in = {scope_node}
    stack = [scope_node]
    while stack:
        node = stack.pop()
        for child, _, kind in g.in_edges(node, data="kind"):
            if kind == "part_of" and child not in regions_in:
                regions_in.add(child)
                stack.append(child)
    firm_ids = sorted(n[5:] for n, k in g.nodes(data="kind") if k == "firm")
    rank = {f: i for i, f in enumerate(firm_ids)}

    def region_of(node):
        for _, r, kind in g.out_edges(node, data="kind"):
            if kind == "located_in":
                return r
        return None

    firm_in = {f: region_of("firm:" + f) in regions_in for f in firm_ids}
    org_in = {n: region_of(n) in regions_in
              for n, k in g.nodes(data="kind") if k == "organization"}

    def party_in(node):
        return firm_in[node[5:]] if node.startswith("firm:") else org_in[node]

    # What each firm makes validly: product index -> [operating, strong].
    made = {}
    for f in firm_ids:
        flags = {}
        for _, prod, fact in g.out_edges("firm:" + f, data="fact"):
            if fact is None or not is_valid_at(fact, at):
                continue
            operating = fact.get("status", "operating") == "operating"
            strong = operating and grade(fact) >= min_rank
            p = g.nodes[prod]["order"]
            entry = flags.setdefault(p, [False, False])
            entry[0] |= operating
            entry[1] |= strong
        made[f] = flags

    local = [[] for _ in range(n_products)]
    for f in firm_ids:
        if firm_in[f]:
            for p in sorted(made[f]):
                local[p].append((f, made[f][p]))

    status = []
    for makers in local:
        strong = sum(1 for _, m in makers if m[1])
        running = any(m[0] for _, m in makers)
        if strong >= min_makers:
            status.append("covered")
        elif strong >= 1:
            status.append("single")
        elif running:
            status.append("unconfirmed")
        elif makers:
            status.append("planned")
        else:
            status.append("missing")

    def counts(indices):
        c = {"products": 0, "covered": 0, "single": 0, "unconfirmed": 0, "planned": 0,
             "missing": 0, "coverage": 0.0, "confirmed_coverage": 0.0}
        running = strong = 0
        for p in indices:
            c["products"] += 1
            c[status[p]] += 1
            running += any(m[0] for _, m in local[p])
            strong += any(m[1] for _, m in local[p])
        if c["products"]:
            c["coverage"] = round(running / c["products"], 4)
            c["confirmed_coverage"] = round(strong / c["products"], 4)
        return c

    summary = counts(range(n_products))
    segments = []
    for s in chain["segments"]:
        seg = {"segment": s["id"]}
        seg.update(counts([i for i, p in enumerate(products) if p["segment"] == s["id"]]))
        segments.append(seg)
    product_entries = [{"product": p["id"], "segment": p["segment"], "status": status[i],
                        "local_makers": [f for f, _ in local[i]]}
                       for i, p in enumerate(products)]

    # Requirements (alternatives as product indices) from the input_of edges, and users.
    requirements = [[] for _ in range(n_products)]
    for i, p in enumerate(products):
        reqs = {}
        for alt, _, k in g.in_edges("product:" + p["id"], data="requirement"):
            if k is not None:
                reqs.setdefault(k, []).append(g.nodes[alt]["order"])
        # Alternatives in the order the template lists them.
        for k, req in enumerate(p.get("inputs", [])):
            alts = [req] if isinstance(req, str) else req
            requirements[i].append([product_ix[a] for a in alts])
            assert sorted(reqs[k]) == sorted(requirements[i][k])
    users = [set() for _ in range(n_products)]
    for q, reqs in enumerate(requirements):
        for alts in reqs:
            for a in alts:
                users[a].add(q)
    users = [sorted(u) for u in users]

    def makes(f, p):
        return p in made[f]

    def local_firms_making(prods):
        """The firms, operating makers first, each group by id; and the same as a set."""
        operating = {}
        for p in prods:
            for f, m in local[p]:
                operating[f] = operating.get(f, False) or m[0]
        return sorted(operating, key=lambda f: (not operating[f], rank[f])), set(operating)

    def short_list(firms_and_set, except_firm):
        firms, members = firms_and_set
        total = len(firms) - (1 if except_firm in members else 0)
        listed = []
        for f in firms:
            if len(listed) >= top:
                break
            if f != except_firm:
                listed.append(f)
        return listed, total

    # Valid supplies links: into firms in scope, and products sold by firms in scope.
    incoming = {}
    sells = {}
    for u, v, link in g.edges(data="link"):
        if link is None or link["kind"] != "supplies" or not is_valid_at(link, at):
            continue
        if not (u.startswith("firm:") and v.startswith("firm:")):
            continue
        p = product_ix[link["product"]]
        frm, to = u[5:], v[5:]
        if firm_in[to]:
            incoming.setdefault(to, set()).add((p, frm))
        if firm_in[frm]:
            sells.setdefault(frm, set()).add(p)

    upstream, downstream, single_source, external = [], [], [], []
    supplier_lists, customer_lists = {}, {}
    for f in firm_ids:
        if not firm_in[f]:
            continue
        inc = incoming.get(f, set())
        for p in sorted(made[f]):
            pid = products[p]["id"]
            for k, alts in enumerate(requirements[p]):
                if any(makes(f, a) for a in alts):
                    continue
                suppliers = sorted({s for (q, s) in inc if q in alts}, key=rank.get)
                requirement = [products[a]["id"] for a in alts]
                if not suppliers:
                    if (p, k) not in supplier_lists:
                        supplier_lists[(p, k)] = local_firms_making(alts)
                    listed, total = short_list(supplier_lists[(p, k)], f)
                    upstream.append({"firm": f, "product": pid, "requirement": requirement,
                                     "local_suppliers": listed, "local_supplier_count": total})
                if all(not firm_in[s] for s in suppliers):
                    external.append({"firm": f, "product": pid, "requirement": requirement,
                                     "suppliers": suppliers})
                if len(suppliers) == 1:
                    single_source.append({"firm": f, "product": pid, "requirement": requirement,
                                          "supplier": suppliers[0]})
            if not users[p]:
                continue
            uses_itself = any(makes(f, q) for q in users[p])
            sells_it = p in sells.get(f, ())
            if not uses_itself and not sells_it:
                if p not in customer_lists:
                    customer_lists[p] = local_firms_making(users[p])
                listed, total = short_list(customer_lists[p], f)
                downstream.append({"firm": f, "product": pid, "local_customers": listed,
                                   "local_customer_count": total})

    # Local closure, over the input relation in topological order.
    input_graph = nx.DiGraph()
    input_graph.add_nodes_from(range(n_products))
    for p, reqs in enumerate(requirements):
        for alts in reqs:
            for a in alts:
                input_graph.add_edge(a, p)
    running = [any(m[0] for _, m in local[p]) for p in range(n_products)]
    producible = [False] * n_products
    blocking = [set() for _ in range(n_products)]
    for p in nx.topological_sort(input_graph):
        if not running[p]:
            blocking[p] = {p}
            continue
        blocked_by = set()
        for alts in requirements[p]:
            if any(producible[a] for a in alts):
                continue
            best = min(alts, key=lambda a: len(blocking[a]))
            blocked_by |= blocking[best]
        producible[p] = not blocked_by
        blocking[p] = blocked_by
    last = len(chain["segments"]) - 1
    closure = {
        "producible": [products[p]["id"] for p in range(n_products) if producible[p]],
        "blocked": [{"product": products[p]["id"],
                     "blocking": [products[b]["id"] for b in sorted(blocking[p])]}
                    for p in range(n_products)
                    if segment_ix[products[p]["segment"]] == last and not producible[p]],
    }

    # Candidates: outside operating makers, scored.
    links = {}
    for u, v, link in g.edges(data="link"):
        if link is None or not is_valid_at(link, at):
            continue
        for this, other in ((u, v), (v, u)):
            if this.startswith("firm:") and not firm_in[this[5:]] and party_in(other):
                links[this[5:]] = min(links.get(this[5:], 0) + 1, 3)

    def path_from_root(node):
        path = [node]
        while True:
            parents = [r for _, r, k in g.out_edges(path[-1], data="kind") if k == "part_of"]
            if not parents:
                return path[::-1]
            path.append(parents[0])

    scope_path = path_from_root(scope_node)
    proximity_memo = {}

    def proximity(region_node):
        if region_node not in proximity_memo:
            n = 0
            for a, b in zip(path_from_root(region_node), scope_path):
                if a != b:
                    break
                n += 1
            proximity_memo[region_node] = n
        return proximity_memo[region_node]

    outside = [[] for _ in range(n_products)]
    for f in firm_ids:
        if firm_in[f] or not any(m[0] for m in made[f].values()):
            continue
        best = {}
        for _, prod, fact in g.out_edges("firm:" + f, data="fact"):
            if fact is None or fact.get("status", "operating") != "operating" \
                    or not is_valid_at(fact, at):
                continue
            p = g.nodes[prod]["order"]
            best[p] = max(best.get(p, 0), grade(fact))
        for p, gr in best.items():
            outside[p].append((f, gr))
    candidates = []
    for p, prod in enumerate(products):
        if status[p] == "covered":
            continue
        firms = []
        for f, evidence in sorted(outside[p], key=lambda x: rank[x[0]]):
            lk = links.get(f, 0)
            prox = proximity(region_of("firm:" + f))
            firms.append({"firm": f, "score": 3 * lk + 2 * prox + evidence, "links": lk,
                          "proximity": prox, "evidence": evidence})
        firms.sort(key=lambda c: -c["score"])  # stable: ties stay by id
        candidates.append({"product": prod["id"], "firms": firms[:top]})

    return {
        "format": "gap-report@1",
        "chain": chain["id"],
        "scope": {"region": region, "firms": sum(firm_in.values())},
        "options": {"as_of": as_of, "min_makers": min_makers, "min_grade": min_grade or "none",
                    "top_candidates": top},
        "summary": summary,
        "segments": segments,
        "products": product_entries,
        "upstream_gaps": upstream,
        "downstream_gaps": downstream,
        "single_source": single_source,
        "external_dependencies": external,
        "closure": closure,
        "candidates": candidates,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chain", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--as-of")
    parser.add_argument("--min-makers", type=int, default=2)
    parser.add_argument("--min-grade", default="B", choices=["A", "B", "C", "none"])
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--out")
    args = parser.parse_args()
    min_grade = None if args.min_grade == "none" else args.min_grade

    t0 = time.perf_counter()
    with open(args.chain, encoding="utf-8") as f:
        chain = json.load(f)
    with open(args.dataset, encoding="utf-8") as f:
        dataset = json.load(f)
    t1 = time.perf_counter()
    g = build_graph(chain, dataset)
    t2 = time.perf_counter()
    if "region:" + args.region not in g:
        sys.exit(f"networkx_gap: unknown region `{args.region}`")
    report = gaps(g, chain, dataset, args.region, args.as_of, args.min_makers, min_grade,
                  args.top)
    t3 = time.perf_counter()
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    t4 = time.perf_counter()
    print(f"networkx_gap: load {t1 - t0:.2f} s, build graph {t2 - t1:.2f} s "
          f"({g.number_of_nodes()} nodes, {g.number_of_edges()} edges), "
          f"analysis {t3 - t2:.2f} s, write {t4 - t3:.2f} s, total {t4 - t0:.2f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
