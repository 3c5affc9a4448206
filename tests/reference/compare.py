"""Compare the crate's gap report (and scenario, report diff) with the reference.

    python3 tests/reference/compare.py [--cases N] [--seed S] [--keep DIR] [--no-build]
                                       [--edge] [--scenarios] [--diffs]

For each seed S, S+1, ..., S+N-1: generate a case (generate.py), write chain.json and
dataset.json to a temporary directory, run

    target/release/examples/gap_report --chain C --dataset D --region R --format json
        [--as-of X] --min-makers N --min-grade G --top T

and compare its JSON with gap_reference.gap_report: values, the key order of every object,
and the kind of every number (1 and 1.0 differ: the spec writes some numbers with a
fraction). Opt-in checks per case:

  --scenarios  also generate a scenario (generate.generate_scenario), write scenario.json,
               run the same command with `--scenario scenario.json` added, and compare with
               the reference report of apply_scenario(dataset, scenario);
  --diffs      run gap_report on the dataset and with the scenario, write both reports to
               before.json and after.json, run
               `target/release/examples/report_diff before.json after.json --format json`
               and compare with report_diff(reference before, reference after). Skipped,
               with a message, when the crate has no report_diff example.

Prints the first differing path of each failing check and a final line `N passed, M failed`
(one check per report, scenario report or diff); exits 1 on any failure.
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

from gap_reference import DATASET, apply_scenario, gap_report, report_diff  # noqa: E402
from generate import edge_cases, generate, generate_scenario  # noqa: E402

EXAMPLES = os.path.join(ROOT, "target", "release", "examples")
GAP_REPORT = os.path.join(EXAMPLES, "gap_report")
REPORT_DIFF = os.path.join(EXAMPLES, "report_diff")


def first_difference(a, b, path="$"):
    """The first path where a (crate) and b (reference) differ: values, key order, the
    type of every value (int and float are different types; so are bool and int)."""
    if type(a) is not type(b):
        return "%s: rust %s (%s), reference %s (%s)" % (
            path, json.dumps(a), type(a).__name__, json.dumps(b), type(b).__name__)
    if isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            return "%s: keys %s != %s" % (path, list(a.keys()), list(b.keys()))
        for k in a:
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return "%s: length %d != %d (rust %s, reference %s)" % (
                path, len(a), len(b), json.dumps(a), json.dumps(b))
        return None
    if a != b:
        return "%s: rust %s, reference %s" % (path, json.dumps(a), json.dumps(b))
    return None


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(value, fh, ensure_ascii=False, indent=1)


def gap_report_command(case, tmp, scenario_path=None):
    chain_path = os.path.join(tmp, "chain.json")
    dataset_path = os.path.join(tmp, "dataset.json")
    write_json(chain_path, case["chain"])
    write_json(dataset_path, case["dataset"])
    opts = case["options"]
    cmd = [GAP_REPORT, "--chain", chain_path, "--dataset", dataset_path,
           "--region", case["region"], "--format", "json"]
    if opts["as_of"] is not None:
        cmd += ["--as-of", opts["as_of"]]
    cmd += ["--min-makers", str(opts["min_makers"]), "--min-grade", opts["min_grade"],
            "--top", str(opts["top_candidates"])]
    if scenario_path is not None:
        cmd += ["--scenario", scenario_path]
    return cmd


def run_json(cmd):
    """(parsed stdout, None) or (None, problem)."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, "%s exited %d: %s" % (os.path.basename(cmd[0]), proc.returncode,
                                           proc.stderr.strip()[:500])
    try:
        return json.loads(proc.stdout), None
    except ValueError as e:
        return None, "%s output is not JSON: %s" % (os.path.basename(cmd[0]), e)


def reference(case, dataset=None):
    opts = case["options"]
    return gap_report(case["chain"], case["dataset"] if dataset is None else dataset,
                      case["region"],
                      as_of=opts["as_of"] if opts["as_of"] is not None else DATASET,
                      min_makers=opts["min_makers"], min_grade=opts["min_grade"],
                      top_candidates=opts["top_candidates"])


def build():
    """Builds the examples; returns whether report_diff is there."""
    env = dict(os.environ)
    env.pop("CARGO_TARGET_DIR", None)
    both = subprocess.run(["cargo", "build", "--release", "--example", "gap_report",
                           "--example", "report_diff"], cwd=ROOT, env=env)
    if both.returncode == 0:
        return True
    print("compare.py: building report_diff failed (the crate may not have it yet); "
          "building gap_report alone", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--example", "gap_report"],
                   cwd=ROOT, env=env, check=True)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="write the inputs of failing checks under this directory")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--edge", action="store_true",
                    help="also run the hand-made edge cases of generate.edge_cases()")
    ap.add_argument("--scenarios", action="store_true",
                    help="also compare the report of a generated scenario (--scenario)")
    ap.add_argument("--diffs", action="store_true",
                    help="also compare report_diff of the report and the scenario report")
    args = ap.parse_args()

    have_diff = os.path.exists(REPORT_DIFF)
    if not args.no_build:
        have_diff = build()
    if args.diffs and not have_diff:
        print("compare.py: no %s: skipping every diff check" % REPORT_DIFF)

    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        todo = [(seed, None) for seed in range(args.seed, args.seed + args.cases)]
        if args.edge:
            todo = [("edge-%d" % i, c) for i, c in enumerate(edge_cases())] + todo
        for seed, case in todo:
            case = case if case is not None else generate(seed)
            scenario = generate_scenario(seed, case) if (args.scenarios or args.diffs) else None
            scenario_path = os.path.join(tmp, "scenario.json")
            if scenario is not None:
                write_json(scenario_path, scenario)
            checks = []  # (label, problem, command)

            cmd = gap_report_command(case, tmp)
            got_before, problem = run_json(cmd)
            want_before = reference(case)
            if problem is None:
                problem = first_difference(got_before, want_before)
            checks.append(("report", problem, cmd))

            got_after = want_after = None
            if scenario is not None:
                cmd = gap_report_command(case, tmp, scenario_path)
                got_after, problem = run_json(cmd)
                want_after = reference(case, apply_scenario(case["dataset"], scenario))
                if args.scenarios:
                    if problem is None:
                        problem = first_difference(got_after, want_after)
                    checks.append(("scenario", problem, cmd))

            if args.diffs and have_diff:
                if got_before is None or got_after is None:
                    checks.append(("diff", "no crate report to diff (see above)", []))
                else:
                    before_path = os.path.join(tmp, "before.json")
                    after_path = os.path.join(tmp, "after.json")
                    write_json(before_path, got_before)
                    write_json(after_path, got_after)
                    cmd = [REPORT_DIFF, before_path, after_path, "--format", "json"]
                    got, problem = run_json(cmd)
                    if problem is None:
                        problem = first_difference(got, report_diff(want_before, want_after))
                    checks.append(("diff", problem, cmd))

            for label, problem, cmd in checks:
                if not problem:
                    passed += 1
                    continue
                failed += 1
                print("seed %s %s: %s" % (seed, label, problem))
                if args.keep:
                    d = os.path.join(args.keep, str(seed))
                    os.makedirs(d, exist_ok=True)
                    write_json(os.path.join(d, "chain.json"), case["chain"])
                    write_json(os.path.join(d, "dataset.json"), case["dataset"])
                    if scenario is not None:
                        write_json(os.path.join(d, "scenario.json"), scenario)
                    write_json(os.path.join(d, "case.json"),
                               {"region": case["region"], "options": case["options"]})
                    write_json(os.path.join(d, "%s.command.json" % label), cmd)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
