"""Fills the import template with openpyxl, as another program (or a planner's script)
would: a firm named by its Chinese name in a zone named by its Chinese name, and its
makes row with a real date cell. Writes two workbooks into DIR:

    filled.xlsx    which must import: checked by `--check DATASET.json` afterwards
    formula.xlsx   the same with the capacity as a formula, which openpyxl saves without
                   a value (only Excel or WPS compute it): the import must say so

    python fill_template.py --template TEMPLATE.xlsx --dir DIR
    python fill_template.py --check DIR/filled.json
"""
import argparse
import datetime
import json
import sys

import openpyxl

FIRM = "示例电堆有限公司"  # a fictional firm of the test, not of the data


def fill(template, path, capacity):
    book = openpyxl.load_workbook(template)
    firms = book["企业 (firms)"]
    firms.append([None, FIRM, None, None, "乐山高新区", None, "seed"])
    makes = book["生产 (makes)"]
    makes.append([FIRM, "电堆", "在建中", capacity, "MW/yr", datetime.date(2024, 3, 5)])
    book.save(path)


def check(path):
    with open(path, encoding="utf-8") as f:
        dataset = json.load(f)
    firm = [f for f in dataset["firms"] if f["name"].get("zh") == FIRM]
    problems = []
    if len(firm) != 1:
        problems.append(f"{len(firm)} firms named {FIRM}")
    else:
        firm = firm[0]
        want = [{"product": "stack", "status": "building", "since": "2024-03-05",
                 "capacity": {"value": 300, "unit": "MW/yr"}}]
        if firm["region"] != "cn-sc-leshan-hitech":
            problems.append(f"region {firm['region']}")
        if firm.get("makes") != want:
            problems.append(f"makes {firm.get('makes')}, expected {want}")
    for p in problems:
        print("fill_template:", p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"fill_template: a template filled by openpyxl {openpyxl.__version__} imports")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template")
    ap.add_argument("--dir")
    ap.add_argument("--check")
    args = ap.parse_args()
    if args.check:
        check(args.check)
        return
    fill(args.template, f"{args.dir}/filled.xlsx", 300)
    fill(args.template, f"{args.dir}/formula.xlsx", "=100*3")


main()
