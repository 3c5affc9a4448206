"""A checker of chain templates, datasets and scenarios against data-format.md and the
scenario rules of gap-analysis.md, for the generated cases (not a copy of the crate's
validator: written from the spec, used to make sure generate.py only produces valid input).

    chain_problems(chain) -> [str]
    dataset_problems(chain, dataset) -> [str]
    scenario_problems(chain, dataset, scenario) -> [str]   (the scenario, then its result)

`python3 validate.py [N]` generates N cases (default 500) with their scenarios and prints
every problem found.
"""

import re

ID = re.compile(r"^[a-z0-9._-]{1,64}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
STATUSES = {"announced", "building", "operating", "closed"}
REGION_KINDS = {"country", "province", "city", "district", "zone", "park", "other"}
ORG_KINDS = {"alliance", "research", "university", "government", "platform", "other"}
LINK_KINDS = {"supplies", "owns", "partners_with", "member_of", "transfers_technology"}


def _date_key(text):
    parts = [int(x) for x in text.split("-")] + [1, 1]
    return tuple(parts[:3])


def _is_date(v):
    if not isinstance(v, str) or not DATE.match(v):
        return False
    y, m, d = _date_key(v)
    return 1 <= m <= 12 and 1 <= d <= 31


def _fields(obj, path, required, optional, out):
    if not isinstance(obj, dict):
        out.append("%s: not an object" % path)
        return False
    for k in required:
        if k not in obj:
            out.append("%s: missing %s" % (path, k))
    for k in obj:
        if k not in required and k not in optional:
            out.append("%s: unknown field %s" % (path, k))
    return True


def _name(v, path, out):
    if not isinstance(v, dict) or not v or any(k not in ("zh", "en") for k in v) or any(
            not isinstance(x, str) or not x for x in v.values()):
        out.append("%s: bad bilingual name %r" % (path, v))


def _id(v, path, out):
    if not isinstance(v, str) or not ID.match(v):
        out.append("%s: bad id %r" % (path, v))


def chain_problems(chain):
    out = []
    _fields(chain, "chain", ["format", "id", "name", "segments", "products"], [], out)
    if chain.get("format") != "chain@1":
        out.append("chain.format")
    _id(chain.get("id"), "chain.id", out)
    _name(chain.get("name"), "chain.name", out)
    segs = chain.get("segments", [])
    if not segs:
        out.append("chain.segments: none")
    seg_pos = {}
    for i, s in enumerate(segs):
        _fields(s, "segments[%d]" % i, ["id", "name"], [], out)
        _id(s.get("id"), "segments[%d].id" % i, out)
        _name(s.get("name"), "segments[%d].name" % i, out)
        if s.get("id") in seg_pos:
            out.append("segments[%d]: duplicate id" % i)
        seg_pos[s.get("id")] = i
    prods = {}
    for i, p in enumerate(chain.get("products", [])):
        _fields(p, "products[%d]" % i, ["id", "segment", "name"], ["description", "inputs"],
                out)
        _id(p.get("id"), "products[%d].id" % i, out)
        _name(p.get("name"), "products[%d].name" % i, out)
        if p.get("segment") not in seg_pos:
            out.append("products[%d].segment: unknown" % i)
        if p.get("id") in prods:
            out.append("products[%d]: duplicate id" % i)
        prods[p.get("id")] = p
    for i, p in enumerate(chain.get("products", [])):
        for j, req in enumerate(p.get("inputs", [])):
            path = "products[%d].inputs[%d]" % (i, j)
            alts = [req] if isinstance(req, str) else req
            if not isinstance(alts, list) or not alts:
                out.append("%s: empty or not a requirement" % path)
                continue
            if len(set(alts)) != len(alts):
                out.append("%s: repeats an id" % path)
            for a in alts:
                if a not in prods:
                    out.append("%s: unknown product %r" % (path, a))
                    continue
                if a == p["id"]:
                    out.append("%s: lists itself" % path)
                if seg_pos.get(prods[a]["segment"], 0) > seg_pos.get(p["segment"], 0):
                    out.append("%s: input %r downstream of the product" % (path, a))
    # acyclic
    state = {}

    def visit(pid):
        if state.get(pid) == 1:
            return True
        if state.get(pid) == 2:
            return False
        state[pid] = 1
        for req in prods[pid].get("inputs", []):
            for a in ([req] if isinstance(req, str) else req):
                if a in prods and visit(a):
                    return True
        state[pid] = 2
        return False

    for pid in prods:
        if visit(pid):
            out.append("chain: input cycle through %r" % pid)
            break
    return out


def _dates(obj, path, out):
    for k in ("since", "until"):
        if k in obj and not _is_date(obj[k]):
            out.append("%s.%s: bad date" % (path, k))
    if _is_date(obj.get("since")) and _is_date(obj.get("until")) and not (
            _date_key(obj["until"]) > _date_key(obj["since"])):
        out.append("%s: until not later than since" % path)
    if "status" in obj and obj["status"] not in STATUSES:
        out.append("%s.status: bad" % path)


def _source_refs(obj, path, source_ids, out):
    if "sources" in obj:
        if not isinstance(obj["sources"], list):
            out.append("%s.sources: not a list" % path)
            return
        for s in obj["sources"]:
            if s not in source_ids:
                out.append("%s.sources: unknown source %r" % (path, s))


def dataset_problems(chain, ds):
    out = []
    _fields(ds, "dataset", ["format", "chain"],
            ["as_of", "sources", "regions", "firms", "organizations", "links"], out)
    if ds.get("format") != "dataset@1":
        out.append("dataset.format")
    if ds.get("chain") != chain.get("id"):
        out.append("dataset.chain: not the template's id")
    if "as_of" in ds and not _is_date(ds["as_of"]):
        out.append("dataset.as_of: bad date")
    pids = {p["id"] for p in chain.get("products", [])}
    source_ids = set()
    for i, s in enumerate(ds.get("sources", [])):
        path = "sources[%d]" % i
        _fields(s, path, ["id", "title"], ["url", "publisher", "published", "grade"], out)
        _id(s.get("id"), path + ".id", out)
        if s.get("id") in source_ids:
            out.append(path + ": duplicate id")
        source_ids.add(s.get("id"))
        if "grade" in s and s["grade"] not in ("A", "B", "C"):
            out.append(path + ".grade: bad")
        if "published" in s and not _is_date(s["published"]):
            out.append(path + ".published: bad date")
    parent = {}
    for i, r in enumerate(ds.get("regions", [])):
        path = "regions[%d]" % i
        _fields(r, path, ["id", "kind", "name"], ["parent"], out)
        _id(r.get("id"), path + ".id", out)
        _name(r.get("name"), path + ".name", out)
        if r.get("kind") not in REGION_KINDS:
            out.append(path + ".kind: bad")
        if r.get("id") in parent:
            out.append(path + ": duplicate id")
        parent[r.get("id")] = r.get("parent")
    for rid, par in parent.items():
        if par is not None and par not in parent:
            out.append("region %r: unknown parent %r" % (rid, par))
        seen, cur = set(), rid
        while cur is not None and cur in parent:
            if cur in seen:
                out.append("region %r: cycle" % rid)
                break
            seen.add(cur)
            cur = parent[cur]
    nodes = {}
    for i, f in enumerate(ds.get("firms", [])):
        path = "firms[%d]" % i
        _fields(f, path, ["id", "name", "region"], ["tags", "makes", "sources", "extra"], out)
        _id(f.get("id"), path + ".id", out)
        _name(f.get("name"), path + ".name", out)
        if f.get("region") not in parent:
            out.append(path + ".region: unknown")
        for t in f.get("tags", []):
            _id(t, path + ".tags", out)
        _source_refs(f, path, source_ids, out)
        for j, m in enumerate(f.get("makes", [])):
            mp = "%s.makes[%d]" % (path, j)
            _fields(m, mp, ["product"],
                    ["status", "since", "until", "capacity", "sources", "note"], out)
            if m.get("product") not in pids:
                out.append(mp + ".product: not a template product")
            _dates(m, mp, out)
            _source_refs(m, mp, source_ids, out)
            if "capacity" in m:
                c = m["capacity"]
                _fields(c, mp + ".capacity", ["value", "unit"], [], out)
                v = c.get("value")
                if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                    out.append(mp + ".capacity.value: bad")
                if not isinstance(c.get("unit"), str):
                    out.append(mp + ".capacity.unit: bad")
        if f.get("id") in nodes:
            out.append(path + ": duplicate id")
        nodes[f.get("id")] = "firm"
    for i, o in enumerate(ds.get("organizations", [])):
        path = "organizations[%d]" % i
        _fields(o, path, ["id", "kind", "name"], ["region", "sources", "extra"], out)
        _id(o.get("id"), path + ".id", out)
        _name(o.get("name"), path + ".name", out)
        if o.get("kind") not in ORG_KINDS:
            out.append(path + ".kind: bad")
        if "region" in o and o["region"] not in parent:
            out.append(path + ".region: unknown")
        _source_refs(o, path, source_ids, out)
        if o.get("id") in nodes:
            out.append(path + ": duplicate id (firms and organizations share one namespace)")
        nodes[o.get("id")] = "org"
    seen = set()
    for i, l in enumerate(ds.get("links", [])):
        path = "links[%d]" % i
        _fields(l, path, ["from", "to", "kind"],
                ["product", "share", "status", "since", "until", "sources", "note", "extra"],
                out)
        a, b, kind = l.get("from"), l.get("to"), l.get("kind")
        if a not in nodes:
            out.append(path + ".from: unknown")
        if b not in nodes:
            out.append(path + ".to: unknown")
        if a == b:
            out.append(path + ": self link")
        if kind not in LINK_KINDS:
            out.append(path + ".kind: bad")
        if "product" in l and l["product"] not in pids:
            out.append(path + ".product: not a template product")
        if kind == "supplies":
            if nodes.get(a) != "firm" or nodes.get(b) != "firm":
                out.append(path + ": supplies is firm -> firm")
            if "product" not in l:
                out.append(path + ": supplies without product")
        if kind in ("owns", "transfers_technology") and nodes.get(b) != "firm":
            out.append(path + ": %s to a non-firm" % kind)
        if kind == "member_of" and nodes.get(b) != "org":
            out.append(path + ": member_of to a non-organization")
        if "share" in l:
            s = l["share"]
            if kind != "owns" or isinstance(s, bool) or not isinstance(s, (int, float)) or not (
                    0 < s <= 1):
                out.append(path + ".share: bad")
        _dates(l, path, out)
        _source_refs(l, path, source_ids, out)
        key = (a, b, kind, l.get("product"))
        if key in seen:
            out.append(path + ": duplicate link")
        if kind == "partners_with" and (b, a, kind, l.get("product")) in seen:
            out.append(path + ": partners_with stored twice")
        seen.add(key)
    return out


def scenario_problems(chain, dataset, scenario):
    from gap_reference import apply_scenario
    out = []
    _fields(scenario, "scenario", ["format", "name"], ["add", "remove"], out)
    if scenario.get("format") != "scenario@1":
        out.append("scenario.format")
    _name(scenario.get("name"), "scenario.name", out)
    if "add" in scenario:
        _fields(scenario["add"], "add", [],
                ["sources", "regions", "firms", "organizations", "links"], out)
    if "remove" in scenario:
        _fields(scenario["remove"], "remove", [], ["firms", "organizations", "links"], out)
    try:
        result = apply_scenario(dataset, scenario)
    except ValueError as e:
        return out + ["apply: %s" % e]
    return out + ["result: " + p for p in dataset_problems(chain, result)]


if __name__ == "__main__":
    import sys
    from generate import edge_cases, generate, generate_scenario

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    bad = 0
    cases = [("edge-%d" % i, c) for i, c in enumerate(edge_cases())] + [
        (s, generate(s)) for s in range(n)]
    for seed, case in cases:
        probs = chain_problems(case["chain"]) + dataset_problems(case["chain"], case["dataset"])
        if case["region"] not in {r["id"] for r in case["dataset"].get("regions", [])}:
            probs.append("scope region unknown")
        probs += scenario_problems(case["chain"], case["dataset"], generate_scenario(seed, case))
        if probs:
            bad += 1
            print("case %s: %s" % (seed, "; ".join(probs[:5])))
    print("%d cases, %d with problems" % (len(cases), bad))
    sys.exit(1 if bad else 0)
