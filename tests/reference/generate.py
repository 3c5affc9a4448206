"""Seeded random generator of valid (chain template, dataset, options) cases.

    case = generate(seed)  ->  {"chain": {...}, "dataset": {...}, "region": "...",
                                "options": {"as_of": str|None, "min_makers": int,
                                            "min_grade": str, "top_candidates": int}}

Everything follows data-format.md: ids from `a-z 0-9 - _ .`; inputs only from the same or an
upstream segment, acyclic, no self-input, no id repeated in a product's inputs; regions form
a forest (several roots possible); every firm has a region; links obey the endpoint rules
of their kind, no self-links, no duplicates (same from, to, kind, product), `partners_with`
stored once; where a fact has both `since` and `until`, `until` comes later.
"""

import random

STATUSES = ["announced", "building", "operating", "closed"]
REGION_KINDS = ["country", "province", "city", "district", "zone", "park", "other"]
ORG_KINDS = ["alliance", "research", "university", "government", "platform", "other"]


def _name(rng, text):
    r = rng.random()
    if r < 0.4:
        return {"zh": "名" + text, "en": "Name " + text}
    if r < 0.7:
        return {"zh": "名" + text}
    return {"en": "Name " + text}


def _date(rng, lo=2018, hi=2027):
    y = rng.randint(lo, hi)
    form = rng.random()
    if form < 0.3:
        return "%04d" % y
    m = rng.randint(1, 12)
    if form < 0.55:
        return "%04d-%02d" % (y, m)
    return "%04d-%02d-%02d" % (y, m, rng.randint(1, 28))


def _key(text):
    parts = [int(x) for x in text.split("-")] + [1, 1]
    return tuple(parts[:3])


def _dates(rng, fact):
    """Random since/until (until later than since where both)."""
    r = rng.random()
    since = until = None
    if r < 0.35:
        pass
    elif r < 0.6:
        since = _date(rng)
    elif r < 0.75:
        until = _date(rng)
    else:
        since = _date(rng)
        for _ in range(20):
            until = _date(rng, _key(since)[0], _key(since)[0] + rng.choice([0, 0, 1, 3]))
            if _key(until) > _key(since):
                break
        else:
            until = None
    if since is not None:
        fact["since"] = since
    if until is not None:
        fact["until"] = until


def _status(rng, fact):
    r = rng.random()
    if r < 0.3:
        return  # default: operating
    fact["status"] = rng.choice(STATUSES + ["operating", "operating"])


def _sources(rng, fact, source_ids):
    if not source_ids or rng.random() < 0.3:
        if rng.random() < 0.5:
            fact["sources"] = []
        return
    fact["sources"] = rng.sample(source_ids, rng.randint(1, min(3, len(source_ids))))


CAPACITY_VALUES = [0, 0.0, 1, 1.5, 2, 2.0, 10, 10, 300, 0.1, 0.2, 0.3, 2.25, 1e-3, 7.125,
                   1000000]


def _capacity(rng, units):
    return {"value": rng.choice(CAPACITY_VALUES), "unit": rng.choice(units)}


def generate_chain(rng):
    n_seg = rng.randint(1, 5)
    segments = [{"id": "seg%d" % i, "name": _name(rng, "seg%d" % i)} for i in range(n_seg)]
    n_prod = rng.randint(1, 15)
    # topological order: by segment, products of one segment in random order
    seg_of = sorted(rng.randrange(n_seg) for _ in range(n_prod))
    topo = ["p%d" % i for i in range(n_prod)]
    products = []
    for i, pid in enumerate(topo):
        earlier = [topo[j] for j in range(i) if seg_of[j] <= seg_of[i]]
        prod = {"id": pid, "segment": "seg%d" % seg_of[i], "name": _name(rng, pid)}
        if rng.random() < 0.2:
            prod["description"] = "about " + pid
        if earlier and rng.random() < 0.8:
            pool = list(earlier)
            rng.shuffle(pool)
            reqs = []
            n_req = rng.randint(1, 4)
            while pool and len(reqs) < n_req:
                k = 1 if rng.random() < 0.55 else rng.randint(1, 3)
                alts, pool = pool[:k], pool[k:]
                if len(alts) == 1 and rng.random() < 0.75:
                    reqs.append(alts[0])
                else:
                    reqs.append(alts)
            prod["inputs"] = reqs
        elif rng.random() < 0.1:
            prod["inputs"] = []
        products.append(prod)
    # display order: a random permutation (template order need not be topological)
    if rng.random() < 0.7:
        rng.shuffle(products)
    chain = {"format": "chain@1", "id": rng.choice(["vrfb", "chain-x", "c.1"]),
             "name": _name(rng, "chain"), "segments": segments, "products": products}
    return chain


def generate_dataset(rng, chain):
    pids = [p["id"] for p in chain["products"]]
    ds = {"format": "dataset@1", "chain": chain["id"]}
    if rng.random() < 0.7:
        ds["as_of"] = _date(rng, 2019, 2027)

    # sources
    sources = []
    for i in range(rng.randint(0, 8)):
        s = {"id": "s%02d" % i, "title": "Source %d" % i}
        if rng.random() < 0.85:
            s["grade"] = rng.choice("ABC")
        if rng.random() < 0.3:
            s["url"] = "http://example.org/%d" % i
        if rng.random() < 0.3:
            s["publisher"] = "pub"
        if rng.random() < 0.3:
            s["published"] = _date(rng)
        sources.append(s)
    source_ids = [s["id"] for s in sources]

    # regions: a forest, 1-4 levels, one or more roots
    regions = []
    n_roots = 1 if rng.random() < 0.6 else rng.randint(2, 3)
    depth = rng.randint(1, 4)
    counter = [0]

    def add(parent, level):
        rid = "r%d" % counter[0]
        counter[0] += 1
        reg = {"id": rid, "kind": rng.choice(REGION_KINDS), "name": _name(rng, rid)}
        if parent is not None:
            reg["parent"] = parent
        regions.append(reg)
        if level + 1 < depth:
            for _ in range(rng.randint(0 if level > 0 else 1, 3)):
                add(rid, level + 1)

    for _ in range(n_roots):
        add(None, 0)
    if rng.random() < 0.5:
        rng.shuffle(regions)
    region_ids = [r["id"] for r in regions]

    # firms; capacities: present or absent, one unit or mixed units per dataset, zeros,
    # equal values (ties), integer-valued (JSON integers and x.0) and fractional values
    capacity_rate = rng.choice([0.0, 0.3, 0.6, 0.9])
    units = rng.choice([["t/yr"], ["t/yr"], ["MW/yr"], ["t/yr", "MW/yr"],
                        ["t/yr", "t/yr", "t/yr", "T/yr"]])
    firms = []
    n_firms = rng.randint(0, 25)
    firm_ids = ["f%02d" % i for i in range(n_firms)]
    for fid in firm_ids:
        f = {"id": fid, "name": _name(rng, fid), "region": rng.choice(region_ids)}
        if rng.random() < 0.3:
            f["tags"] = rng.sample(["chain-leader", "gazelle", "high-tech", "listed"],
                                   rng.randint(1, 2))
        makes = []
        for _ in range(rng.randint(0, 4)):
            fact = {"product": rng.choice(pids)}
            _status(rng, fact)
            _dates(rng, fact)
            if rng.random() < capacity_rate:
                fact["capacity"] = _capacity(rng, units)
            _sources(rng, fact, source_ids)
            if rng.random() < 0.1:
                fact["note"] = "n"
            makes.append(fact)
        if makes or rng.random() < 0.5:
            f["makes"] = makes
        if source_ids and rng.random() < 0.4:
            f["sources"] = rng.sample(source_ids, 1)
        if rng.random() < 0.1:
            f["extra"] = {"k": [1, "x"]}
        firms.append(f)
    if rng.random() < 0.5:
        rng.shuffle(firms)
    ds["sources"] = sources
    ds["regions"] = regions
    ds["firms"] = firms

    # organizations
    orgs = []
    for i in range(rng.randint(0, 4)):
        o = {"id": "o%d" % i, "kind": rng.choice(ORG_KINDS), "name": _name(rng, "o%d" % i)}
        if rng.random() < 0.7:
            o["region"] = rng.choice(region_ids)
        if source_ids and rng.random() < 0.3:
            o["sources"] = rng.sample(source_ids, 1)
        orgs.append(o)
    ds["organizations"] = orgs
    org_ids = [o["id"] for o in orgs]
    nodes = firm_ids + org_ids

    # links
    links = []
    seen = set()
    n_links = rng.randint(0, 40) if firm_ids else 0
    for _ in range(n_links * 3):
        if len(links) >= n_links:
            break
        kind = rng.choice(["supplies"] * 5 + ["owns", "partners_with", "member_of",
                                              "transfers_technology"])
        product = None
        if kind == "supplies":
            a, b = rng.choice(firm_ids), rng.choice(firm_ids)
            product = rng.choice(pids)
        elif kind == "owns":
            a, b = rng.choice(nodes), rng.choice(firm_ids)
        elif kind == "partners_with":
            a, b = rng.choice(nodes), rng.choice(nodes)
        elif kind == "member_of":
            if not org_ids:
                continue
            a, b = rng.choice(nodes), rng.choice(org_ids)
        else:
            a, b = rng.choice(nodes), rng.choice(firm_ids)
        if a == b:
            continue
        key = (a, b, kind, product)
        if key in seen:
            continue
        if kind == "partners_with" and (b, a, kind, None) in seen:
            continue
        seen.add(key)
        link = {"from": a, "to": b, "kind": kind}
        if product is not None:
            link["product"] = product
        if kind == "owns" and rng.random() < 0.5:
            link["share"] = rng.choice([0.1, 0.5, 1.0])
        _status(rng, link)
        _dates(rng, link)
        _sources(rng, link, source_ids)
        if rng.random() < 0.05:
            link["note"] = "n"
        links.append(link)
    ds["links"] = links

    # omit some empty lists (each is optional)
    for key in ("sources", "organizations", "links"):
        if not ds[key] and rng.random() < 0.5:
            del ds[key]
    return ds


def generate(seed):
    rng = random.Random(seed)
    chain = generate_chain(rng)
    dataset = generate_dataset(rng, chain)
    region_ids = [r["id"] for r in dataset["regions"]]
    options = {
        "as_of": _date(rng, 2019, 2027) if rng.random() < 0.3 else None,
        "min_makers": rng.randint(1, 3),
        "min_grade": rng.choice(["A", "B", "C", "none"]),
        "top_candidates": rng.randint(0, 6),
    }
    return {"chain": chain, "dataset": dataset, "region": rng.choice(region_ids),
            "options": options}


def _descendants(regions, root):
    """The region ids at or below `root`."""
    children = {}
    for r in regions:
        children.setdefault(r.get("parent"), []).append(r["id"])
    out, todo = [], [root]
    while todo:
        rid = todo.pop()
        out.append(rid)
        todo.extend(children.get(rid, []))
    return sorted(out)


def generate_scenario(seed, case):
    """A seeded random valid scenario@1 for the case: removes some firms, organizations and
    links (links not already taken along by a removed firm or organization), and adds firms
    in the scope region or below it (sometimes in a new region under it), with makes facts
    (capacities included) and links to and from existing firms, sometimes a new source and
    a new organization. Added ids are new; added links duplicate nothing left; the edited
    dataset is valid (validate.py checks it)."""
    rng = random.Random("scenario-%s" % (seed,))
    chain, ds, scope = case["chain"], case["dataset"], case["region"]
    pids = [p["id"] for p in chain["products"]]
    firm_ids = [f["id"] for f in ds.get("firms", [])]
    org_ids = [o["id"] for o in ds.get("organizations", [])]
    links = ds.get("links", [])
    scenario = {"format": "scenario@1", "name": _name(rng, "scenario %s" % (seed,))}

    # remove
    rm_firms = rng.sample(firm_ids, min(len(firm_ids), rng.choice([0, 0, 1, 1, 2])))
    rm_orgs = rng.sample(org_ids, min(len(org_ids), rng.choice([0, 0, 1])))
    gone = set(rm_firms) | set(rm_orgs)
    left_links = [l for l in links if l["from"] not in gone and l["to"] not in gone]
    rm_links = rng.sample(left_links, min(len(left_links), rng.choice([0, 1, 2, 3])))
    remove = {}
    if rm_firms or rng.random() < 0.3:
        remove["firms"] = rm_firms
    if rm_orgs or rng.random() < 0.3:
        remove["organizations"] = rm_orgs
    if rm_links or rng.random() < 0.3:
        remove["links"] = [{k: l[k] for k in ("from", "to", "kind", "product") if k in l}
                           for l in rm_links]
    if remove or rng.random() < 0.5:
        scenario["remove"] = remove
    dropped = {id(l) for l in rm_links}
    kept_links = [l for l in left_links if id(l) not in dropped]
    kept_firms = [f for f in firm_ids if f not in gone]
    kept_orgs = [o for o in org_ids if o not in gone]

    # add
    add = {}
    source_ids = [s["id"] for s in ds.get("sources", [])]
    if rng.random() < 0.4:
        add["sources"] = [{"id": "sx0", "title": "Scenario source",
                           "grade": rng.choice("ABC")}]
        source_ids = source_ids + ["sx0"]
    scope_regions = _descendants(ds.get("regions", []), scope)
    if rng.random() < 0.3:
        add["regions"] = [{"id": "rx0", "kind": "park", "parent": rng.choice(scope_regions),
                           "name": {"en": "New park"}}]
        scope_regions = scope_regions + ["rx0"]
    units = ["t/yr", "MW/yr"] if rng.random() < 0.3 else ["t/yr"]
    new_firms = []
    for i in range(rng.choice([0, 1, 1, 2, 3])):
        f = {"id": "fx%d" % i, "name": _name(rng, "fx%d" % i),
             "region": rng.choice(scope_regions)}
        makes = []
        for _ in range(rng.randint(0, 3) if pids else 0):
            fact = {"product": rng.choice(pids)}
            _status(rng, fact)
            if rng.random() < 0.2:
                _dates(rng, fact)
            if rng.random() < 0.5:
                fact["capacity"] = _capacity(rng, units)
            _sources(rng, fact, source_ids)
            makes.append(fact)
        f["makes"] = makes
        new_firms.append(f)
    if new_firms or rng.random() < 0.3:
        add["firms"] = new_firms
    new_orgs = []
    if rng.random() < 0.25:
        o = {"id": "ox0", "kind": rng.choice(ORG_KINDS), "name": {"zh": "新组织"}}
        if rng.random() < 0.7:
            o["region"] = rng.choice(scope_regions)
        new_orgs.append(o)
        add["organizations"] = new_orgs
    new_ids = [f["id"] for f in new_firms]
    all_firms = kept_firms + new_ids
    all_orgs = kept_orgs + [o["id"] for o in new_orgs]
    seen = {(l["from"], l["to"], l["kind"], l.get("product")) for l in kept_links}
    new_links = []
    for _ in range(rng.randint(0, 6) if new_ids else rng.randint(0, 2)):
        kind = rng.choice(["supplies"] * 4 + ["owns", "partners_with", "member_of"])
        new = rng.choice(new_ids) if new_ids else None
        other_firm = rng.choice(all_firms) if all_firms else None
        product = None
        if kind == "supplies":
            if new is None or other_firm is None or not pids:
                continue
            a, b = (new, other_firm) if rng.random() < 0.5 else (other_firm, new)
            product = rng.choice(pids)
        elif kind == "member_of":
            if not all_orgs or not all_firms:
                continue
            a, b = new or rng.choice(all_firms), rng.choice(all_orgs)
        elif kind == "owns":
            if not all_firms:
                continue
            a, b = rng.choice(all_firms + all_orgs), new or rng.choice(all_firms)
        else:
            nodes = all_firms + all_orgs
            if not nodes:
                continue
            a, b = new or rng.choice(nodes), rng.choice(nodes)
        if a == b:
            continue
        key = (a, b, kind, product)
        if key in seen or (kind == "partners_with" and (b, a, kind, None) in seen):
            continue
        seen.add(key)
        link = {"from": a, "to": b, "kind": kind}
        if product is not None:
            link["product"] = product
        if kind == "owns" and rng.random() < 0.5:
            link["share"] = rng.choice([0.25, 1.0])
        _status(rng, link)
        new_links.append(link)
    if new_links or rng.random() < 0.3:
        add["links"] = new_links
    if add or rng.random() < 0.5:
        scenario["add"] = add
    return scenario


def edge_cases():
    """Hand-made cases outside the random generator's range: coverage ties when rounding
    to 4 decimals (1/32, 3/32, 3/160: ties to even, like Python's round), a template with no
    products, an id named in two requirements of one product, a scope without firms."""
    name = {"en": "x"}
    seg = [{"id": "s", "name": name}]
    region = [{"id": "r", "kind": "country", "name": name},
              {"id": "r1", "kind": "city", "parent": "r", "name": name}]
    opts = {"as_of": None, "min_makers": 2, "min_grade": "B", "top_candidates": 5}
    cases = []
    for n, k in [(32, 1), (32, 3), (160, 3), (160, 7), (0, 0)]:
        chain = {"format": "chain@1", "id": "c", "name": name, "segments": seg,
                 "products": [{"id": "p%d" % i, "segment": "s", "name": name}
                              for i in range(n)]}
        firms = [{"id": "f", "name": name, "region": "r",
                  "makes": [{"product": "p%d" % i} for i in range(k)]}] if n else []
        cases.append({"chain": chain, "dataset": {"format": "dataset@1", "chain": "c",
                                                  "regions": region, "firms": firms},
                      "region": "r", "options": dict(opts)})
    chain = {"format": "chain@1", "id": "c", "name": name, "segments": seg, "products": [
        {"id": "a", "segment": "s", "name": name}, {"id": "b", "segment": "s", "name": name},
        {"id": "c", "segment": "s", "name": name, "inputs": ["a", ["a", "b"]]}]}
    dataset = {"format": "dataset@1", "chain": "c", "regions": region, "firms": [
        {"id": "f", "name": name, "region": "r", "makes": [{"product": "c"}]},
        {"id": "g", "name": name, "region": "r",
         "makes": [{"product": "a", "status": "building"}]}]}
    cases.append({"chain": chain, "dataset": dataset, "region": "r", "options": dict(opts)})
    cases.append({"chain": chain, "dataset": dataset, "region": "r1", "options": dict(opts)})
    cases.append(spec_example_case())
    case = spec_example_case()
    case["options"]["top_candidates"] = 0  # top 0: counts without firms
    cases.append(case)
    cases.extend(concentration_cases())
    return cases


def spec_example_case():
    """The fragments of the spec's example report, rebuilt: Weilide in Leshan makes a stack
    (300 MW/yr, grade A) without a membrane; an outside stack maker has 900.0 MW/yr; Chemours
    (abroad, grade A) makes membranes; grid-storage needs a stack and v2o5. Expected (hand
    checked, see selfcheck.py): stack single; grid-storage blocked by
    [v2o5, membrane, grid-storage]; membrane candidate chemours score 3; priorities
    membrane impact 2 (1 supplier gap, 1 block); weilide critical (stack single -> missing);
    stack concentration 300.0 MW/yr, hhi 10000, top_share 1.0, share_of_all 0.25. No
    dataset as_of, no organizations, no links key."""
    chain = {"format": "chain@1", "id": "vrfb", "name": {"en": "VRFB"}, "segments": [
        {"id": "resource", "name": {"en": "r"}}, {"id": "materials", "name": {"en": "m"}},
        {"id": "stack", "name": {"en": "s"}}, {"id": "application", "name": {"en": "a"}}],
        "products": [
            {"id": "v2o5", "segment": "resource", "name": {"en": "V2O5"}},
            {"id": "membrane", "segment": "materials", "name": {"en": "Membrane"}},
            {"id": "stack", "segment": "stack", "name": {"en": "Stack"},
             "inputs": ["membrane"]},
            {"id": "grid-storage", "segment": "application", "name": {"en": "Grid"},
             "inputs": ["stack", "v2o5"]}]}
    dataset = {"format": "dataset@1", "chain": "vrfb",
               "sources": [{"id": "s01", "title": "filing", "grade": "A"}],
               "regions": [
                   {"id": "cn", "kind": "country", "name": {"zh": "中国"}},
                   {"id": "cn-sc", "kind": "province", "parent": "cn", "name": {"zh": "四川"}},
                   {"id": "cn-sc-leshan", "kind": "city", "parent": "cn-sc",
                    "name": {"zh": "乐山"}},
                   {"id": "cn-sc-leshan-hitech", "kind": "zone", "parent": "cn-sc-leshan",
                    "name": {"zh": "乐山高新区"}},
                   {"id": "cn-ln", "kind": "province", "parent": "cn", "name": {"zh": "辽宁"}},
                   {"id": "us", "kind": "country", "name": {"en": "USA"}}],
               "firms": [
                   {"id": "weilide", "region": "cn-sc-leshan-hitech", "name": {"zh": "伟力得"},
                    "makes": [{"product": "stack", "status": "operating", "sources": ["s01"],
                               "capacity": {"value": 300, "unit": "MW/yr"}}]},
                   {"id": "rongke", "region": "cn-ln", "name": {"zh": "融科"},
                    "makes": [{"product": "stack",
                               "capacity": {"value": 900.0, "unit": "MW/yr"}}]},
                   {"id": "chemours", "region": "us", "name": {"en": "Chemours"},
                    "makes": [{"product": "membrane", "sources": ["s01"]}]}]}
    return {"chain": chain, "dataset": dataset, "region": "cn-sc-leshan-hitech",
            "options": {"as_of": None, "min_makers": 2, "min_grade": "B",
                        "top_candidates": 5}}


def concentration_cases():
    """Capacities by hand: equal capacities (a tie for top share), a maker without capacity,
    mixed units (null), zero capacities (hhi null; share_of_all null or 0.0), sums that
    depend on the order of addition (0.1 + 0.2 + 0.3), hhi halves (5937.5 -> 5938,
    4062.5 -> 4062), an outside maker in another unit, a sole supplier in scope; no sources
    at all."""
    name = {"en": "x"}
    chain = {"format": "chain@1", "id": "c", "name": name,
             "segments": [{"id": "s", "name": name}, {"id": "t", "name": name}],
             "products": [{"id": p, "segment": "s", "name": name}
                          for p in ("tie", "mixed", "zero", "zero2", "order", "half", "half2")]
             + [{"id": "user", "segment": "t", "name": name, "inputs": ["tie"]}]}
    regions = [{"id": "w", "kind": "country", "name": name},
               {"id": "in", "kind": "city", "parent": "w", "name": name},
               {"id": "out", "kind": "city", "parent": "w", "name": name}]

    def cap(p, v, unit="t/yr", **kw):
        fact = {"product": p, "capacity": {"value": v, "unit": unit}}
        fact.update(kw)
        return fact

    firms = [
        {"id": "a", "region": "in", "name": name, "makes": [
            cap("tie", 10), cap("mixed", 1), cap("zero", 0), cap("zero2", 0.0),
            cap("order", 0.3), cap("half", 1), cap("half2", 1),
            cap("order", 5, status="building")]},
        {"id": "b", "region": "in", "name": name, "makes": [
            cap("tie", 10.0), cap("mixed", 1, "MW/yr"), cap("order", 0.1), cap("half", 1),
            cap("half2", 3), {"product": "zero2"}]},
        {"id": "c", "region": "in", "name": name, "makes": [
            cap("order", 0.2), cap("half", 6), cap("half2", 4),
            {"product": "user", "status": "operating"}]},
        {"id": "d", "region": "out", "name": name, "makes": [
            cap("tie", 20), cap("tie", 5, "MW/yr"), cap("zero2", 2.5), cap("order", 0.3),
            cap("half", 8, status="closed")]},
    ]
    links = [{"from": "a", "to": "c", "kind": "supplies", "product": "tie"}]
    dataset = {"format": "dataset@1", "chain": "c", "as_of": "2025-06",
               "regions": regions, "firms": firms, "links": links}
    cases = []
    for min_grade, top in (("none", 5), ("B", 0)):
        cases.append({"chain": chain, "dataset": dataset, "region": "in",
                      "options": {"as_of": None, "min_makers": 2, "min_grade": min_grade,
                                  "top_candidates": top}})
    cases.append({"chain": chain, "dataset": dataset, "region": "w",
                  "options": {"as_of": None, "min_makers": 3, "min_grade": "none",
                              "top_candidates": 1}})
    return cases


if __name__ == "__main__":
    import json
    import sys

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    case = generate(seed)
    if "--scenario" in sys.argv[2:]:
        print(json.dumps(generate_scenario(seed, case), ensure_ascii=False, indent=2))
    else:
        print(json.dumps(case, ensure_ascii=False, indent=2))
