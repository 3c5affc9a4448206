"""A from-the-spec reference implementation of the gap analysis.

Written from /work/shared/spec/gap-analysis.md and data-format.md alone, without reading
the crate's analysis code, so that the two can be compared on generated cases (see
compare.py). Standard library only.

    gap_report(chain, dataset, region, as_of=DATASET, min_makers=2, min_grade="B",
               top_candidates=5) -> dict                      (gap-report@2)
    apply_scenario(dataset, scenario) -> dataset             (scenario@1)
    report_diff(before, after) -> dict                       (report-diff@1)

`chain` and `dataset` are the parsed JSON documents (assumed valid). The result is the
report as a dict whose key order is the spec's. Slow and obvious on purpose: the critical
firms are found by recomputing the whole report once per firm in scope.
"""

import copy

DATASET = object()  # sentinel: "use the dataset's as_of"

GRADE_RANK = {"none": 0, "C": 1, "B": 2, "A": 3}
STATUSES = ("covered", "single", "unconfirmed", "planned", "missing")


def parse_date(text):
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` -> (y, m, d); a partial date is its first day."""
    parts = text.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    return (year, month, day)


def is_valid(fact, at):
    """Validity at a date (data-format.md). `at` is None when no date applies: then every
    non-closed fact counts whatever its dates."""
    if fact.get("status", "operating") == "closed":
        return False
    if at is None:
        return True
    since = fact.get("since")
    if since is not None and parse_date(since) > at:
        return False
    until = fact.get("until")
    if until is not None and not parse_date(until) > at:
        return False
    return True


def requirement_alternatives(req):
    return [req] if isinstance(req, str) else list(req)


def gap_report(chain, dataset, region, as_of=DATASET, min_makers=2, min_grade="B",
               top_candidates=5, _excluded=frozenset(), _critical=True):
    """The gap report. `_excluded` (firm ids treated as out of scope) and `_critical`
    (compute the critical firms) are for the recomputation "without f" only."""
    # ---- options -------------------------------------------------------------------------
    if as_of is DATASET or as_of is None:
        as_of_text = dataset.get("as_of")
    else:
        as_of_text = as_of
    at = parse_date(as_of_text) if as_of_text is not None else None
    min_rank = GRADE_RANK[min_grade]

    # ---- template ------------------------------------------------------------------------
    segments = [s["id"] for s in chain.get("segments", [])]
    products = chain.get("products", [])
    product_ids = [p["id"] for p in products]
    order = {pid: i for i, pid in enumerate(product_ids)}
    segment_of = {p["id"]: p["segment"] for p in products}
    inputs = {p["id"]: [requirement_alternatives(r) for r in p.get("inputs", [])]
              for p in products}
    # downstream uses: p -> set of q having p as an alternative in some requirement
    users = {pid: set() for pid in product_ids}
    for q in product_ids:
        for req in inputs[q]:
            for a in req:
                users[a].add(q)

    # ---- dataset -------------------------------------------------------------------------
    source_grade = {s["id"]: s.get("grade", "C") for s in dataset.get("sources", [])}
    parent = {r["id"]: r.get("parent") for r in dataset.get("regions", [])}

    def region_path(rid):
        path = []
        while rid is not None:
            path.append(rid)
            rid = parent.get(rid)
        path.reverse()
        return path

    scope_path = region_path(region)

    def in_scope_region(rid):
        return rid is not None and region in region_path(rid)

    firms = {f["id"]: f for f in dataset.get("firms", [])}
    orgs = {o["id"]: o for o in dataset.get("organizations", [])}
    firm_ids = sorted(firms)
    scope_firms = [fid for fid in firm_ids
                   if in_scope_region(firms[fid]["region"]) and fid not in _excluded]
    scope_set = set(scope_firms)
    scope_nodes = set(scope_set) | {oid for oid, o in orgs.items()
                                    if in_scope_region(o.get("region"))}

    def fact_grade(fact):
        best = 0
        for sid in fact.get("sources", []) or []:
            best = max(best, GRADE_RANK[source_grade.get(sid, "C")])
        return best

    # valid makes facts per firm, per product
    makes = {}  # fid -> {pid: [facts]}
    for fid, f in firms.items():
        per = {}
        for fact in f.get("makes", []) or []:
            if is_valid(fact, at):
                per.setdefault(fact["product"], []).append(fact)
        makes[fid] = per

    def firm_makes(fid, pid):
        return pid in makes[fid]

    def firm_operates(fid, pid):
        return any(x.get("status", "operating") == "operating" for x in makes[fid].get(pid, []))

    def firm_strong(fid, pid):
        return any(x.get("status", "operating") == "operating" and fact_grade(x) >= min_rank
                   for x in makes[fid].get(pid, []))

    links = [l for l in dataset.get("links", []) or [] if is_valid(l, at)]
    supplies = [l for l in links if l["kind"] == "supplies"]

    # ---- product status ------------------------------------------------------------------
    status = {}
    local_makers = {}
    running = {}
    strong = {}
    for pid in product_ids:
        makers = [fid for fid in scope_firms if firm_makes(fid, pid)]
        n_running = sum(1 for fid in makers if firm_operates(fid, pid))
        n_strong = sum(1 for fid in makers if firm_strong(fid, pid))
        n_plan = sum(1 for fid in makers
                     if any(x.get("status", "operating") in ("announced", "building")
                            for x in makes[fid][pid]))
        if n_strong >= min_makers:
            st = "covered"
        elif n_strong >= 1:
            st = "single"
        elif n_running >= 1:
            st = "unconfirmed"
        elif n_plan >= 1:
            st = "planned"
        else:
            st = "missing"
        status[pid] = st
        local_makers[pid] = makers
        running[pid] = n_running > 0
        strong[pid] = n_strong > 0

    def counts(pids):
        row = {"products": len(pids)}
        for st in STATUSES:
            row[st] = sum(1 for p in pids if status[p] == st)
        n = len(pids)
        row["coverage"] = round(sum(1 for p in pids if running[p]) / n, 4) if n else 0.0
        row["confirmed_coverage"] = (round(sum(1 for p in pids if strong[p]) / n, 4)
                                     if n else 0.0)
        return row

    summary = counts(product_ids)
    segment_rows = []
    for sid in segments:
        row = {"segment": sid}
        row.update(counts([p for p in product_ids if segment_of[p] == sid]))
        segment_rows.append(row)

    product_rows = [{"product": p, "segment": segment_of[p], "status": status[p],
                     "local_makers": list(local_makers[p])} for p in product_ids]

    # ---- firm link gaps ------------------------------------------------------------------
    def short_list(fids, qualifying):
        """Operating makers of a qualifying product first, then the rest, each by id."""
        first = sorted(f for f in fids if any(firm_operates(f, q) for q in qualifying))
        rest = sorted(f for f in fids if f not in set(first))
        return (first + rest)[:top_candidates]

    upstream, downstream, single_source, external = [], [], [], []
    for fid in scope_firms:
        for pid in product_ids:
            if not firm_makes(fid, pid):
                continue
            for req in inputs[pid]:
                by_self = any(firm_makes(fid, a) for a in req)
                suppliers = sorted({l["from"] for l in supplies
                                    if l["to"] == fid and l.get("product") in req})
                if not by_self and not suppliers:
                    cands = [g for g in scope_firms
                             if g != fid and any(firm_makes(g, a) for a in req)]
                    upstream.append({"firm": fid, "product": pid, "requirement": list(req),
                                     "local_suppliers": short_list(cands, req),
                                     "local_supplier_count": len(cands)})
                # [v2] at least one supplier, every one of them outside scope
                if not by_self and suppliers and all(s not in scope_set for s in suppliers):
                    external.append({"firm": fid, "product": pid, "requirement": list(req),
                                     "suppliers": suppliers})
                if not by_self and len(suppliers) == 1:
                    single_source.append({"firm": fid, "product": pid,
                                          "requirement": list(req),
                                          "supplier": suppliers[0]})
            qs = users[pid]
            if qs:
                met = any(firm_makes(fid, q) for q in qs) or any(
                    l["from"] == fid and l.get("product") == pid for l in supplies)
                if not met:
                    cands = [g for g in scope_firms
                             if g != fid and any(firm_makes(g, q) for q in qs)]
                    downstream.append({"firm": fid, "product": pid,
                                       "local_customers": short_list(cands, qs),
                                       "local_customer_count": len(cands)})

    # ---- local closure -------------------------------------------------------------------
    producible_memo = {}

    def producible(pid):
        if pid not in producible_memo:
            producible_memo[pid] = running[pid] and all(
                any(producible(a) for a in req) for req in inputs[pid])
        return producible_memo[pid]

    blocking_memo = {}

    def blocking(pid):
        """[v2] ({p} if no running local maker) | union over the requirements of p with no
        locally producible alternative of blocking(a), a the alternative with the fewest
        blocking products (ties: first listed). Only called on non-producible products."""
        if pid not in blocking_memo:
            result = {pid} if not running[pid] else set()
            for req in inputs[pid]:
                if any(producible(a) for a in req):
                    continue
                best = None
                for a in req:
                    b = blocking(a)
                    if best is None or len(b) < len(best):
                        best = b
                result |= best
            blocking_memo[pid] = result
        return blocking_memo[pid]

    producible_list = [p for p in product_ids if producible(p)]
    blocked = []
    if segments:
        last = segments[-1]
        for p in product_ids:
            if segment_of[p] == last and not producible(p):
                blocked.append({"product": p,
                                "blocking": sorted(blocking(p), key=order.__getitem__)})

    # ---- candidates ----------------------------------------------------------------------
    def link_count(fid):
        n = 0
        for l in links:
            if (l["from"] == fid and l["to"] in scope_nodes) or (
                    l["to"] == fid and l["from"] in scope_nodes):
                n += 1
        return min(n, 3)

    def proximity(fid):
        path = region_path(firms[fid]["region"])
        n = 0
        for a, b in zip(path, scope_path):
            if a != b:
                break
            n += 1
        return n

    candidates = []
    for p in product_ids:
        if status[p] == "covered":
            continue
        entries = []
        for fid in firm_ids:
            if fid in scope_set or not firm_operates(fid, p):
                continue
            ev = max(fact_grade(x) for x in makes[fid][p]
                     if x.get("status", "operating") == "operating")
            lk = link_count(fid)
            px = proximity(fid)
            entries.append({"firm": fid, "score": 3 * lk + 2 * px + ev, "links": lk,
                            "proximity": px, "evidence": ev})
        entries.sort(key=lambda e: (-e["score"], e["firm"]))
        candidates.append({"product": p, "count": len(entries),
                           "firms": entries[:top_candidates]})

    # ---- priorities [v2] -----------------------------------------------------------------
    candidate_count = {c["product"]: c["count"] for c in candidates}
    priorities = []
    for p in product_ids:
        if status[p] == "covered":
            continue
        supplier_gaps = sum(1 for e in upstream
                            if p in e["requirement"] and e["local_supplier_count"] == 0)
        # a downstream entry's product d is an alternative in some requirement of p
        customer_gaps = sum(1 for e in downstream
                            if e["local_customer_count"] == 0
                            and any(e["product"] in req for req in inputs[p]))
        blocks = sum(1 for e in blocked if p in e["blocking"])
        priorities.append({
            "product": p, "status": status[p],
            "action": "fill" if status[p] in ("missing", "planned") else "strengthen",
            "impact": supplier_gaps + customer_gaps + blocks,
            "supplier_gaps": supplier_gaps, "customer_gaps": customer_gaps,
            "blocks": blocks, "candidates": candidate_count[p]})
    priorities.sort(key=lambda e: (-e["impact"], -e["supplier_gaps"], order[e["product"]]))

    # ---- critical firms [v2]: the naive way, one whole report per firm in scope -------------
    critical = []
    if _critical:
        rank = {"covered": 4, "single": 3, "unconfirmed": 2, "planned": 1, "missing": 0}
        for f in scope_firms:
            without_ds = copy.deepcopy(dataset)
            for firm in without_ds.get("firms", []):
                if firm["id"] == f and "makes" in firm:
                    firm["makes"] = []
            if "links" in without_ds:
                without_ds["links"] = [l for l in without_ds["links"]
                                       if l["from"] != f and l["to"] != f]
            w = gap_report(chain, without_ds, region, as_of=as_of, min_makers=min_makers,
                           min_grade=min_grade, top_candidates=top_candidates,
                           _excluded=_excluded | {f}, _critical=False)
            w_status = {row["product"]: row["status"] for row in w["products"]}
            downgraded = [{"product": p, "status": status[p], "without": w_status[p]}
                          for p in product_ids if rank[w_status[p]] < rank[status[p]]]
            w_producible = set(w["closure"]["producible"])
            lost = [p for p in producible_list if p not in w_producible]
            sole = [{"firm": e["firm"], "product": e["product"],
                     "requirement": list(e["requirement"])}
                    for e in single_source if e["supplier"] == f]
            impact = len(downgraded) + len(lost) + len(sole)
            if impact > 0:
                critical.append({"firm": f, "impact": impact, "downgraded": downgraded,
                                 "lost_producible": lost, "sole_supplier_of": sole})
        critical.sort(key=lambda e: (-e["impact"], e["firm"]))

    # ---- concentration [v2] --------------------------------------------------------------
    def asc_sum(values):
        total = 0.0
        for v in sorted(values):
            total += v
        return total

    def operating_facts(fid, pid):
        return [x for x in makes[fid].get(pid, [])
                if x.get("status", "operating") == "operating"]

    concentration = []
    for p in product_ids:
        if not running[p]:
            continue
        makers_p = [fid for fid in scope_firms if firm_operates(fid, p)]
        facts = [(fid, x) for fid in makers_p for x in operating_facts(fid, p)]
        units = {x["capacity"]["unit"] for _, x in facts if "capacity" in x}
        unit = next(iter(units)) if len(units) == 1 else None
        with_capacity, capacity, hhi, top_share, share_of_all = 0, None, None, None, None
        if unit is not None:
            capped = [(fid, float(x["capacity"]["value"])) for fid, x in facts
                      if "capacity" in x]
            with_capacity = len({fid for fid, _ in capped})
            capacity = asc_sum(v for _, v in capped)
            if capacity != 0:
                totals = {}
                for fid in {fid for fid, _ in capped}:
                    totals[fid] = asc_sum(v for g, v in capped if g == fid)
                shares = [totals[fid] / capacity for fid in totals]
                hhi = round(asc_sum((100.0 * s) * (100.0 * s) for s in shares))
                top_share = round(max(shares), 4)
            all_caps = [float(x["capacity"]["value"])
                        for fid in firm_ids for x in operating_facts(fid, p)
                        if "capacity" in x and x["capacity"]["unit"] == unit]
            denominator = asc_sum(all_caps)
            if denominator != 0:
                share_of_all = round(capacity / denominator, 4)
        concentration.append({"product": p, "makers": len(makers_p), "unit": unit,
                              "with_capacity": with_capacity, "capacity": capacity,
                              "hhi": hhi, "top_share": top_share,
                              "share_of_all": share_of_all})

    return {
        "format": "gap-report@2",
        "chain": chain["id"],
        "scope": {"region": region, "firms": len(scope_firms)},
        "options": {"as_of": as_of_text, "min_makers": min_makers, "min_grade": min_grade,
                    "top_candidates": top_candidates},
        "summary": summary,
        "segments": segment_rows,
        "products": product_rows,
        "upstream_gaps": upstream,
        "downstream_gaps": downstream,
        "single_source": single_source,
        "external_dependencies": external,
        "closure": {"producible": producible_list, "blocked": blocked},
        "candidates": candidates,
        "priorities": priorities,
        "critical_firms": critical,
        "concentration": concentration,
    }


# ---- scenario@1 ---------------------------------------------------------------------------

def apply_scenario(dataset, scenario):
    """The dataset edited by the scenario: first `remove` (a removed firm or organization
    takes every link from or to it along; a link is identified by from, to, kind and
    product, absent when it has none), then `add` (records appended). Raises ValueError on
    removing an id (or a link) that is not in the dataset. Does not validate the result."""
    if scenario.get("format") != "scenario@1":
        raise ValueError("not a scenario@1: %r" % scenario.get("format"))
    ds = copy.deepcopy(dataset)
    remove = scenario.get("remove", {}) or {}
    add = scenario.get("add", {}) or {}
    firm_ids = {f["id"] for f in ds.get("firms", [])}
    org_ids = {o["id"] for o in ds.get("organizations", [])}
    gone = set()
    for fid in remove.get("firms", []) or []:
        if fid not in firm_ids:
            raise ValueError("remove.firms: no firm %r in the dataset" % fid)
        gone.add(fid)
    for oid in remove.get("organizations", []) or []:
        if oid not in org_ids:
            raise ValueError("remove.organizations: no organization %r in the dataset" % oid)
        gone.add(oid)
    if "firms" in ds:
        ds["firms"] = [f for f in ds["firms"] if f["id"] not in gone]
    if "organizations" in ds:
        ds["organizations"] = [o for o in ds["organizations"] if o["id"] not in gone]

    def key(link):
        return (link["from"], link["to"], link["kind"], link.get("product"))

    links = ds.get("links", [])
    drop = set()
    for i, rl in enumerate(remove.get("links", []) or []):
        k = key(rl)
        if not any(key(l) == k for l in links):
            raise ValueError("remove.links[%d]: no such link in the dataset" % i)
        drop.add(k)
    if "links" in ds:
        ds["links"] = [l for l in links
                       if l["from"] not in gone and l["to"] not in gone and key(l) not in drop]
    for part in ("sources", "regions", "firms", "organizations", "links"):
        records = add.get(part, []) or []
        if records:
            ds.setdefault(part, [])
            ds[part].extend(copy.deepcopy(records))
    return ds


# ---- report-diff@1 ------------------------------------------------------------------------

def report_diff(before, after):
    """What changed between two gap reports of the same chain and scope region."""
    if before["chain"] != after["chain"]:
        raise ValueError("different chains: %r, %r" % (before["chain"], after["chain"]))
    if before["scope"]["region"] != after["scope"]["region"]:
        raise ValueError("different regions")
    summary = {}
    for k in ("covered", "single", "unconfirmed", "planned", "missing", "coverage",
              "confirmed_coverage"):
        summary[k] = [before["summary"][k], after["summary"][k]]
    after_status = {row["product"]: row["status"] for row in after["products"]}
    products = [{"product": row["product"], "before": row["status"],
                 "after": after_status[row["product"]]}
                for row in before["products"]
                if row["product"] in after_status and after_status[row["product"]] != row["status"]]

    def opened_closed(name, fields):
        def ident(e):
            return tuple(tuple(e[f]) if isinstance(e[f], list) else e[f] for f in fields)

        def short(e):
            return {f: (list(e[f]) if isinstance(e[f], list) else e[f]) for f in fields}

        b_keys = {ident(e) for e in before[name]}
        a_keys = {ident(e) for e in after[name]}
        return {"opened": [short(e) for e in after[name] if ident(e) not in b_keys],
                "closed": [short(e) for e in before[name] if ident(e) not in a_keys]}

    full = ("firm", "product", "requirement")
    b_prod = before["closure"]["producible"]
    a_prod = after["closure"]["producible"]
    b_crit = {e["firm"] for e in before["critical_firms"]}
    a_crit = {e["firm"] for e in after["critical_firms"]}
    return {
        "format": "report-diff@1",
        "chain": before["chain"],
        "region": before["scope"]["region"],
        "before": {"as_of": before["options"]["as_of"], "firms": before["scope"]["firms"]},
        "after": {"as_of": after["options"]["as_of"], "firms": after["scope"]["firms"]},
        "summary": summary,
        "products": products,
        "upstream_gaps": opened_closed("upstream_gaps", full),
        "downstream_gaps": opened_closed("downstream_gaps", ("firm", "product")),
        "single_source": opened_closed("single_source", full),
        "external_dependencies": opened_closed("external_dependencies", full),
        "producible": {"gained": [p for p in a_prod if p not in b_prod],
                       "lost": [p for p in b_prod if p not in a_prod]},
        "critical_firms": {"added": sorted(a_crit - b_crit),
                           "removed": sorted(b_crit - a_crit)},
    }


if __name__ == "__main__":
    import argparse
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chain", required=True)
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--region", required=True)
    ap.add_argument("--as-of")
    ap.add_argument("--min-makers", type=int, default=2)
    ap.add_argument("--min-grade", default="B")
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--scenario", help="a scenario@1 file: report on the edited dataset")
    args = ap.parse_args()
    with open(args.chain, encoding="utf-8") as fh:
        chain_doc = json.load(fh)
    with open(args.dataset, encoding="utf-8") as fh:
        dataset_doc = json.load(fh)
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as fh:
            dataset_doc = apply_scenario(dataset_doc, json.load(fh))
    report = gap_report(chain_doc, dataset_doc, args.region,
                        as_of=args.as_of if args.as_of else DATASET,
                        min_makers=args.min_makers, min_grade=args.min_grade,
                        top_candidates=args.top)
    print(json.dumps(report, ensure_ascii=False, indent=2))
