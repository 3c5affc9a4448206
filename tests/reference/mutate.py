"""Mutation check of the generator's reach: `python3 tests/reference/mutate.py [N]`.

Each mutation rewrites one rule of gap_reference.py (a textual replacement), and the
fraction of N generated cases (default 1000) plus the edge cases whose report then differs
is printed. A mutation that no case notices would be a rule the comparison cannot check.
"""

import json
import os
import sys
import types

from generate import edge_cases, generate

HERE = os.path.dirname(os.path.abspath(__file__))

MUTATIONS = [
    ("v1 closure: stop at an end product with no running maker",
     "            result = {pid} if not running[pid] else set()\n",
     "            result = {pid} if not running[pid] else set()\n"
     "            if not running[pid]:\n"
     "                blocking_memo[pid] = result\n"
     "                return result\n"),
    ("blocking ties: the last alternative", "len(b) < len(best)", "len(b) <= len(best)"),
    ("v1 external_dependencies: vacuous with no supplier",
     "if not by_self and suppliers and all(", "if not by_self and all("),
    ("sums in list order, not ascending", "for v in sorted(values):", "for v in values:"),
    ("hhi rounded half up", "hhi = round(asc_sum(", "hhi = int(0.5 + asc_sum("),
    ("unit compared ignoring case", 'units = {x["capacity"]["unit"] for',
     'units = {x["capacity"]["unit"].lower() for'),
    ("share_of_all over scope firms only", "for fid in firm_ids for x in operating_facts",
     "for fid in scope_firms for x in operating_facts"),
    ("customer_gaps ignores local_customer_count",
     'if e["local_customer_count"] == 0\n', "if True\n"),
    ("priorities: no supplier_gaps tie-break",
     '(-e["impact"], -e["supplier_gaps"], order[e["product"]])',
     '(-e["impact"], order[e["product"]])'),
    ("critical firms: f stays in scope (no visible effect)", "_excluded=_excluded | {f}",
     "_excluded=_excluded"),
    ("critical firms: downgraded includes equal statuses",
     "if rank[w_status[p]] < rank[status[p]]]", "if rank[w_status[p]] <= rank[status[p]]]"),
    ("candidate count after truncation", '"count": len(entries)',
     '"count": len(entries[:top_candidates])'),
]


def load(source):
    mod = types.ModuleType("mutant")
    exec(compile(source, "mutant", "exec"), mod.__dict__)
    return mod


def report(mod, case):
    o = case["options"]
    return json.dumps(mod.gap_report(
        case["chain"], case["dataset"], case["region"],
        as_of=o["as_of"] if o["as_of"] is not None else mod.DATASET,
        min_makers=o["min_makers"], min_grade=o["min_grade"],
        top_candidates=o["top_candidates"]))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with open(os.path.join(HERE, "gap_reference.py"), encoding="utf-8") as fh:
        source = fh.read()
    cases = edge_cases() + [generate(s) for s in range(n)]
    base = load(source)
    want = [report(base, c) for c in cases]
    for label, old, new in MUTATIONS:
        if source.count(old) != 1:
            print("%-55s  (pattern not found once: fix mutate.py)" % label)
            continue
        mod = load(source.replace(old, new))
        differ = sum(1 for c, w in zip(cases, want) if report(mod, c) != w)
        print("%-55s %5d / %d  (%.1f %%)" % (label, differ, len(cases),
                                            100.0 * differ / len(cases)))


if __name__ == "__main__":
    main()
