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

    # firms
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
            if rng.random() < 0.3:
                fact["capacity"] = {"value": rng.choice([0, 1.5, 10]), "unit": "t/yr"}
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
    return cases


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0),
                     ensure_ascii=False, indent=2))
