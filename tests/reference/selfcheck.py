"""Self-checks of the reference (no crate needed): `python3 tests/reference/selfcheck.py [N]`.

1. The spec's own example fragments and a hand-computed concentration case, checked value
   by value (the expectations were worked out by hand from the spec, not by running the
   reference).
2. N generated cases (default 400) with their scenarios: every dataset and scenario result
   valid (validate.py); the reference does not crash; the report does not depend on the
   order of the dataset's lists (shuffled copies give the same JSON, byte for byte);
   invariants of the v2 sections; report_diff of a report with itself is empty.
"""

import copy
import json
import random
import sys

from gap_reference import DATASET, apply_scenario, gap_report, report_diff
from generate import concentration_cases, edge_cases, generate, generate_scenario, \
    spec_example_case
from validate import chain_problems, dataset_problems, scenario_problems


def run(case, dataset=None):
    o = case["options"]
    return gap_report(case["chain"], case["dataset"] if dataset is None else dataset,
                      case["region"], as_of=o["as_of"] if o["as_of"] is not None else DATASET,
                      min_makers=o["min_makers"], min_grade=o["min_grade"],
                      top_candidates=o["top_candidates"])


def expect(label, got, want):
    if json.dumps(got) != json.dumps(want):
        raise AssertionError("%s:\n  got  %s\n  want %s" % (label, json.dumps(got),
                                                            json.dumps(want)))


def check_spec_example():
    r = run(spec_example_case())
    expect("format", r["format"], "gap-report@2")
    expect("keys", list(r), ["format", "chain", "scope", "options", "summary", "segments",
                             "products", "upstream_gaps", "downstream_gaps", "single_source",
                             "external_dependencies", "closure", "candidates", "priorities",
                             "critical_firms", "concentration"])
    expect("scope", r["scope"], {"region": "cn-sc-leshan-hitech", "firms": 1})
    expect("stack row", r["products"][2], {"product": "stack", "segment": "stack",
                                           "status": "single", "local_makers": ["weilide"]})
    expect("upstream", r["upstream_gaps"], [
        {"firm": "weilide", "product": "stack", "requirement": ["membrane"],
         "local_suppliers": [], "local_supplier_count": 0}])
    expect("downstream", r["downstream_gaps"], [
        {"firm": "weilide", "product": "stack", "local_customers": [],
         "local_customer_count": 0}])
    expect("closure", r["closure"], {"producible": [], "blocked": [
        {"product": "grid-storage", "blocking": ["v2o5", "membrane", "grid-storage"]}]})
    expect("membrane candidates", r["candidates"][1], {
        "product": "membrane", "count": 1, "firms": [
            {"firm": "chemours", "score": 3, "links": 0, "proximity": 0, "evidence": 3}]})
    expect("membrane priority", r["priorities"][0], {
        "product": "membrane", "status": "missing", "action": "fill", "impact": 2,
        "supplier_gaps": 1, "customer_gaps": 0, "blocks": 1, "candidates": 1})
    expect("critical", r["critical_firms"], [
        {"firm": "weilide", "impact": 1, "downgraded": [
            {"product": "stack", "status": "single", "without": "missing"}],
         "lost_producible": [], "sole_supplier_of": []}])
    expect("concentration", r["concentration"], [
        {"product": "stack", "makers": 1, "unit": "MW/yr", "with_capacity": 1,
         "capacity": 300.0, "hhi": 10000, "top_share": 1.0, "share_of_all": 0.25}])
    # the spec's scenario: a second strong stack maker, supplying its stacks to weilide
    scenario = {"format": "scenario@1", "name": {"en": "Rongke opens a stack plant"},
                "add": {"firms": [{"id": "rongke-leshan", "region": "cn-sc-leshan-hitech",
                                   "name": {"en": "Rongke Leshan"},
                                   "makes": [{"product": "stack", "status": "operating",
                                              "sources": ["s01"]}]}],
                        "links": [{"from": "rongke-leshan", "to": "weilide",
                                   "kind": "supplies", "product": "stack"}]}}
    after = run(spec_example_case(), apply_scenario(spec_example_case()["dataset"], scenario))
    d = report_diff(r, after)
    expect("diff head", [d["format"], d["chain"], d["region"], d["before"], d["after"]],
           ["report-diff@1", "vrfb", "cn-sc-leshan-hitech", {"as_of": None, "firms": 1},
            {"as_of": None, "firms": 2}])
    expect("diff summary", d["summary"], {
        "covered": [0, 1], "single": [1, 0], "unconfirmed": [0, 0], "planned": [0, 0],
        "missing": [3, 3], "coverage": [0.25, 0.25], "confirmed_coverage": [0.25, 0.25]})
    expect("diff products", d["products"],
           [{"product": "stack", "before": "single", "after": "covered"}])
    # the newcomer lacks a membrane; it sells its stacks (no downstream gap of its own);
    # weilide still has its downstream gap (it sells no stack)
    expect("diff upstream", d["upstream_gaps"], {"opened": [
        {"firm": "rongke-leshan", "product": "stack", "requirement": ["membrane"]}],
        "closed": []})
    expect("diff downstream", d["downstream_gaps"], {"opened": [], "closed": []})
    expect("diff producible", d["producible"], {"gained": [], "lost": []})
    # without either stack maker, stack falls from covered to single: both critical
    expect("diff critical", d["critical_firms"], {"added": ["rongke-leshan"], "removed": []})
    try:
        apply_scenario(spec_example_case()["dataset"],
                       {"format": "scenario@1", "name": {"en": "x"},
                        "remove": {"firms": ["nobody"]}})
    except ValueError:
        pass
    else:
        raise AssertionError("removing an unknown id must raise")


def check_concentration_case():
    r = run(concentration_cases()[0])
    rows = {row["product"]: row for row in r["concentration"]}
    expect("tie", rows["tie"], {"product": "tie", "makers": 2, "unit": "t/yr",
                                "with_capacity": 2, "capacity": 20.0, "hhi": 5000,
                                "top_share": 0.5, "share_of_all": 0.5})
    expect("mixed", rows["mixed"], {"product": "mixed", "makers": 2, "unit": None,
                                    "with_capacity": 0, "capacity": None, "hhi": None,
                                    "top_share": None, "share_of_all": None})
    expect("zero", rows["zero"], {"product": "zero", "makers": 1, "unit": "t/yr",
                                  "with_capacity": 1, "capacity": 0.0, "hhi": None,
                                  "top_share": None, "share_of_all": None})
    expect("zero2", rows["zero2"], {"product": "zero2", "makers": 2, "unit": "t/yr",
                                    "with_capacity": 1, "capacity": 0.0, "hhi": None,
                                    "top_share": None, "share_of_all": 0.0})
    # ascending: 0.1 + 0.2 + 0.3 = 0.6000000000000001 (descending would give 0.6)
    expect("order capacity", rows["order"]["capacity"], 0.1 + 0.2 + 0.3)
    assert rows["order"]["capacity"] != 0.3 + 0.2 + 0.1
    expect("order hhi/top/share", [rows["order"][k] for k in ("hhi", "top_share",
                                                               "share_of_all")],
           [3889, 0.5, 0.6667])
    expect("half: 5937.5 -> 5938", [rows["half"][k] for k in ("hhi", "top_share",
                                                               "share_of_all")],
           [5938, 0.75, 1.0])
    expect("half2: 4062.5 -> 4062", rows["half2"]["hhi"], 4062)
    expect("user", rows["user"]["unit"], None)
    expect("single_source", r["single_source"], [
        {"firm": "c", "product": "user", "requirement": ["tie"], "supplier": "a"}])
    expect("downstream", r["downstream_gaps"], [
        {"firm": "b", "product": "tie", "local_customers": ["c"], "local_customer_count": 1}])
    expect("closure", r["closure"], {"producible": ["tie", "mixed", "zero", "zero2", "order",
                                                    "half", "half2", "user"], "blocked": []})
    a = r["critical_firms"][0]
    expect("critical a", [a["firm"], a["impact"], [x["product"] for x in a["downgraded"]],
                          a["lost_producible"], a["sole_supplier_of"]],
           # order, half, half2 keep two strong makers (b, c) without a: still covered
           ["a", 6, ["tie", "mixed", "zero", "zero2"], ["zero"],
            [{"firm": "c", "product": "user", "requirement": ["tie"]}]])
    expect("priorities", r["priorities"], [
        {"product": "zero", "status": "single", "action": "strengthen", "impact": 0,
         "supplier_gaps": 0, "customer_gaps": 0, "blocks": 0, "candidates": 0},
        {"product": "user", "status": "single", "action": "strengthen", "impact": 0,
         "supplier_gaps": 0, "customer_gaps": 0, "blocks": 0, "candidates": 0}])
    expect("top 0 keeps counts", [c["count"] for c in run(spec_example_case())["candidates"]
                                  if c["product"] == "membrane"], [1])


def shuffled(dataset, rng):
    ds = copy.deepcopy(dataset)
    for key in ("sources", "regions", "firms", "organizations", "links"):
        if key in ds:
            rng.shuffle(ds[key])
    for f in ds.get("firms", []):
        if "makes" in f:
            rng.shuffle(f["makes"])
    return ds


def invariants(case, r):
    text = json.dumps(r)
    assert json.loads(text) == r
    for row in [r["summary"]] + r["segments"]:
        assert isinstance(row["coverage"], float) and isinstance(row["confirmed_coverage"],
                                                                 float)
    for row in r["concentration"]:
        for k in ("capacity", "top_share", "share_of_all"):
            assert row[k] is None or isinstance(row[k], float), (k, row)
        assert row["hhi"] is None or type(row["hhi"]) is int
        assert row["makers"] >= 1 and 0 <= row["with_capacity"] <= row["makers"]
    status = {p["product"]: p["status"] for p in r["products"]}
    producible = set(r["closure"]["producible"])
    for b in r["closure"]["blocked"]:
        assert b["blocking"], b
        for p in b["blocking"]:  # [v2]: only products with no running local maker
            assert status[p] in ("planned", "missing") and p not in producible, (b, status)
    assert [p["product"] for p in r["priorities"]] and True or True
    assert sorted(p["product"] for p in r["priorities"]) == sorted(
        p for p, s in status.items() if s != "covered")
    for e in r["external_dependencies"]:
        assert e["suppliers"]
    for c in r["candidates"]:
        assert len(c["firms"]) == min(c["count"], case["options"]["top_candidates"])
    for f in r["critical_firms"]:
        assert f["impact"] == len(f["downgraded"]) + len(f["lost_producible"]) + len(
            f["sole_supplier_of"]) > 0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    check_spec_example()
    check_concentration_case()
    print("hand-checked cases: ok")
    cases = [("edge-%d" % i, c) for i, c in enumerate(edge_cases())] + [
        (s, generate(s)) for s in range(n)]
    stats = {"blocked": 0, "blocked_deep": 0, "critical": 0, "sole": 0, "lost": 0,
             "conc_unit": 0, "conc_null": 0, "hhi_null_zero": 0, "external": 0,
             "top0_count": 0, "priorities": 0, "diff_products": 0}
    for seed, case in cases:
        ch, ds = case["chain"], case["dataset"]
        probs = chain_problems(ch) + dataset_problems(ch, ds)
        scenario = generate_scenario(seed, case)
        probs += scenario_problems(ch, ds, scenario)
        assert not probs, (seed, probs)
        r = run(case)
        invariants(case, r)
        rng = random.Random(seed)
        assert json.dumps(run(case, shuffled(ds, rng))) == json.dumps(r), seed
        after = run(case, apply_scenario(ds, scenario))
        invariants(case, after)
        d = report_diff(r, after)
        same = report_diff(r, r)
        assert not same["products"] and not any(
            same[k]["opened"] or same[k]["closed"] for k in
            ("upstream_gaps", "downstream_gaps", "single_source", "external_dependencies"))
        stats["blocked"] += bool(r["closure"]["blocked"])
        status = {p["product"]: p["status"] for p in r["products"]}
        stats["blocked_deep"] += any(status[b["product"]] in ("missing", "planned") and
                                     len(b["blocking"]) > 1 for b in r["closure"]["blocked"])
        stats["critical"] += bool(r["critical_firms"])
        stats["sole"] += any(f["sole_supplier_of"] for f in r["critical_firms"])
        stats["lost"] += any(f["lost_producible"] for f in r["critical_firms"])
        stats["conc_unit"] += any(c["unit"] is not None for c in r["concentration"])
        stats["conc_null"] += any(c["unit"] is None for c in r["concentration"])
        stats["hhi_null_zero"] += any(c["unit"] is not None and c["hhi"] is None
                                      for c in r["concentration"])
        stats["external"] += bool(r["external_dependencies"])
        stats["top0_count"] += case["options"]["top_candidates"] == 0 and any(
            c["count"] for c in r["candidates"])
        stats["priorities"] += any(p["impact"] for p in r["priorities"])
        stats["diff_products"] += bool(d["products"])
    print("%d cases: ok; cases reaching each rule: %s" % (len(cases), json.dumps(stats)))


if __name__ == "__main__":
    main()
