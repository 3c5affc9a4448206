"""Compare the crate's gap report with the reference implementation on generated cases.

    python3 tests/reference/compare.py [--cases N] [--seed S] [--keep DIR] [--no-build]
                                       [--edge] [--strict-external]

For each seed S, S+1, ..., S+N-1: generate a case (generate.py), write chain.json and
dataset.json to a temporary directory, run
`target/release/examples/gap_report --format json ...`, and compare its JSON with
gap_reference.gap_report (values, and key order of every object). Prints the first
differing path of each failing seed and a final line `N passed, M failed`; exits 1 on any
failure.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from gap_reference import DATASET, gap_report  # noqa: E402
from generate import edge_cases, generate  # noqa: E402

BINARY = os.path.join(ROOT, "target", "release", "examples", "gap_report")


def first_difference(a, b, path="$"):
    """The first path where a and b differ (values, types of containers, or key order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            return "%s: keys %s != %s" % (path, list(a.keys()), list(b.keys()))
        for k in a:
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return "%s: length %d != %d (rust %s, reference %s)" % (
                path, len(a), len(b), json.dumps(a), json.dumps(b))
        return None
    if isinstance(a, bool) != isinstance(b, bool) or a != b or (
            isinstance(a, (dict, list)) != isinstance(b, (dict, list))):
        return "%s: rust %s, reference %s" % (path, json.dumps(a), json.dumps(b))
    return None


def run_rust(case, tmp):
    chain_path = os.path.join(tmp, "chain.json")
    dataset_path = os.path.join(tmp, "dataset.json")
    with open(chain_path, "w", encoding="utf-8") as fh:
        json.dump(case["chain"], fh, ensure_ascii=False, indent=1)
    with open(dataset_path, "w", encoding="utf-8") as fh:
        json.dump(case["dataset"], fh, ensure_ascii=False, indent=1)
    opts = case["options"]
    cmd = [BINARY, "--chain", chain_path, "--dataset", dataset_path,
           "--region", case["region"], "--format", "json"]
    if opts["as_of"] is not None:
        cmd += ["--as-of", opts["as_of"]]
    cmd += ["--min-makers", str(opts["min_makers"]), "--min-grade", opts["min_grade"],
            "--top", str(opts["top_candidates"])]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc, cmd


def reference(case, strict_external=False):
    opts = case["options"]
    return gap_report(case["chain"], case["dataset"], case["region"],
                      as_of=opts["as_of"] if opts["as_of"] is not None else DATASET,
                      min_makers=opts["min_makers"], min_grade=opts["min_grade"],
                      top_candidates=opts["top_candidates"],
                      vacuous_external=not strict_external)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="write the inputs of failing seeds under this directory")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--edge", action="store_true",
                    help="also run the hand-made edge cases of generate.edge_cases()")
    ap.add_argument("--strict-external", action="store_true",
                    help="no external_dependencies entry when a requirement has no supplier")
    args = ap.parse_args()

    if not args.no_build:
        env = dict(os.environ)
        env.pop("CARGO_TARGET_DIR", None)
        subprocess.run(["cargo", "build", "--release", "--example", "gap_report"],
                       cwd=ROOT, env=env, check=True)

    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        todo = [(seed, None) for seed in range(args.seed, args.seed + args.cases)]
        if args.edge:
            todo = [("edge-%d" % i, c) for i, c in enumerate(edge_cases())] + todo
        for seed, case in todo:
            case = case if case is not None else generate(seed)
            proc, cmd = run_rust(case, tmp)
            problem = None
            if proc.returncode != 0:
                problem = "rust exited %d: %s" % (proc.returncode, proc.stderr.strip()[:500])
            else:
                try:
                    got = json.loads(proc.stdout)
                except ValueError as e:
                    problem = "rust output is not JSON: %s" % e
                else:
                    want = reference(case, args.strict_external)
                    problem = first_difference(got, want)
            if problem:
                failed += 1
                print("seed %s: %s" % (seed, problem))
                if args.keep:
                    d = os.path.join(args.keep, str(seed))
                    os.makedirs(d, exist_ok=True)
                    with open(os.path.join(d, "chain.json"), "w", encoding="utf-8") as fh:
                        json.dump(case["chain"], fh, ensure_ascii=False, indent=1)
                    with open(os.path.join(d, "dataset.json"), "w", encoding="utf-8") as fh:
                        json.dump(case["dataset"], fh, ensure_ascii=False, indent=1)
                    with open(os.path.join(d, "case.json"), "w", encoding="utf-8") as fh:
                        json.dump({"region": case["region"], "options": case["options"],
                                   "command": cmd[3:]}, fh, indent=1)
            else:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
