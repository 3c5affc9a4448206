"""Reads the workbooks and CSV files that the `sheets` feature writes with openpyxl and
Python's csv module (readers other than ours), and checks sheets, headers, frozen header rows
and row counts against the report JSON and the dataset JSON.

    python sheets.py --dir DIR

DIR holds what `cargo run --example import --features sheets` wrote: report.json,
report.xlsx, report-csv/, dataset.json, dataset.xlsx, dataset-csv/, template.xlsx.
"""
import argparse
import csv
import json
import os
import sys

import openpyxl

REPORT = [
    "summary", "segments", "products", "priorities", "upstream_gaps", "downstream_gaps",
    "single_source", "external_dependencies", "critical_firms", "candidates", "concentration",
]
DATASET = ["dataset", "sources", "regions", "firms", "makes", "organizations", "links"]

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def sheet_rows(ws):
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0] if rows else [], [r for r in rows[1:] if any(c is not None for c in r)]


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_book(path, keys, counts, csv_dir=None, extra_first=0):
    book = openpyxl.load_workbook(path)
    names = book.sheetnames[extra_first:]
    check(len(names) == len(keys), f"{path}: {len(names)} sheets, expected {len(keys)}: {names}")
    for key, name in zip(keys, names):
        check(name.endswith(f"({key})"), f"{path}: sheet {name!r} is not {key}")
        ws = book[name]
        headers, rows = sheet_rows(ws)
        check(all(h for h in headers), f"{path}[{name}]: an empty header in {headers}")
        check(ws.freeze_panes == "A2", f"{path}[{name}]: header row not frozen ({ws.freeze_panes})")
        if key in counts:
            check(len(rows) == counts[key], f"{path}[{name}]: {len(rows)} rows, expected {counts[key]}")
        for i, _ in enumerate(headers):
            letter = openpyxl.utils.get_column_letter(i + 1)
            width = ws.column_dimensions[letter].width
            check(width and width >= 8, f"{path}[{name}]: column {letter} has no fitted width")
        if csv_dir:
            cheaders, crows = csv_rows(os.path.join(csv_dir, f"{key}.csv"))
            check(cheaders == headers, f"{csv_dir}/{key}.csv: headers differ from the workbook's")
            check(len(crows) == len(rows), f"{csv_dir}/{key}.csv: {len(crows)} rows, workbook {len(rows)}")
    return book


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    d = args.dir
    with open(os.path.join(d, "report.json"), encoding="utf-8") as f:
        report = json.load(f)
    counts = {k: len(report[k]) for k in REPORT if isinstance(report.get(k), list)}
    counts["summary"] = 15
    counts["candidates"] = sum(len(c["firms"]) for c in report["candidates"])
    book = check_book(os.path.join(d, "report.xlsx"), REPORT, counts, os.path.join(d, "report-csv"))
    # The summary's figures are the report's.
    _, rows = sheet_rows(book[book.sheetnames[0]])
    figures = {r[0]: r[1] for r in rows}
    check(figures.get("产品数 (products)") == report["summary"]["products"], "summary: products differ")
    check(figures.get("缺失 (missing)") == report["summary"]["missing"], "summary: missing differs")

    with open(os.path.join(d, "dataset.json"), encoding="utf-8") as f:
        dataset = json.load(f)
    dcounts = {k: len(dataset[k]) for k in DATASET[1:] if k != "makes"}
    dcounts["dataset"] = 1
    dcounts["makes"] = sum(len(f.get("makes", [])) for f in dataset["firms"])
    book = check_book(os.path.join(d, "dataset.xlsx"), DATASET, dcounts, os.path.join(d, "dataset-csv"))
    _, rows = sheet_rows(book[book.sheetnames[3]])
    check([r[0] for r in rows] == [f["id"] for f in dataset["firms"]], "dataset.xlsx: firm ids differ")

    template = openpyxl.load_workbook(os.path.join(d, "template.xlsx"))
    check(template.sheetnames[0] == "说明 (instructions)", f"template: first sheet {template.sheetnames[0]}")
    check_book(os.path.join(d, "template.xlsx"), DATASET, {k: 2 for k in DATASET[1:]} | {"dataset": 1, "sources": 5}, extra_first=1)

    if failures:
        for m in failures:
            print("sheets interop:", m, file=sys.stderr)
        sys.exit(1)
    print(f"sheets interop: report ({len(REPORT)} sheets), dataset and template read by openpyxl {openpyxl.__version__}")


main()
