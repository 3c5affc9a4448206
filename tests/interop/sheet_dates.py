"""Date cells as openpyxl writes them (as Excel does), imported by our reader: each makes
row's 投产时间 (since) must come back as the day written.

    python sheet_dates.py --write BOOK.xlsx [--1904]
    python sheet_dates.py --check DATASET.json [--1904]

--1904 writes the workbook in the 1904 date system (older Excel for Mac), whose serials
count from 1904-01-01; the days read must be the same.

Kept beside sheets.py: the cargo tests write their workbooks with rust_xlsxwriter, this
one is written by another library.
"""
import argparse
import datetime
import json
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

# (cell value, number format, the date the import must give)
CASES = [
    (datetime.date(2024, 3, 5), "yyyy-mm-dd", "2024-03-05"),
    (datetime.datetime(2024, 3, 5, 14, 30), "yyyy-mm-dd hh:mm", "2024-03-05"),
    # Before 1900-03-01 Excel counts a 29 February 1900 that never was.
    (datetime.date(1900, 2, 28), "yyyy-mm-dd", "1900-02-28"),
    (datetime.date(1900, 1, 1), "yyyy-mm-dd", "1900-01-01"),
    (datetime.date(1900, 3, 1), "yyyy-mm-dd", "1900-03-01"),
]


def cases(mac_1904):
    # The 1904 system has no day before 1904-01-01.
    return [c for c in CASES if c[0].year >= 1904] if mac_1904 else CASES


def write(path, mac_1904):
    book = openpyxl.Workbook()
    if mac_1904:
        book.epoch = CALENDAR_MAC_1904
    firms = book.active
    firms.title = "企业 (firms)"
    firms.append(["企业名称", "所在地区"])
    firms.append(["日期测试电堆公司", "乐山高新区"])
    makes = book.create_sheet("生产 (makes)")
    makes.append(["企业", "产品", "投产时间"])
    for row, (value, number_format, _) in enumerate(cases(mac_1904), start=2):
        makes.append(["日期测试电堆公司", "电堆", value])
        makes.cell(row=row, column=3).number_format = number_format
    book.save(path)


def check(path, mac_1904):
    with open(path, encoding="utf-8") as f:
        dataset = json.load(f)
    got = [m.get("since") for m in dataset["firms"][0]["makes"]]
    want = [c[2] for c in cases(mac_1904)]
    if got != want:
        print(f"sheet_dates: {path}: since {got}, expected {want}", file=sys.stderr)
        sys.exit(1)
    print(f"sheet_dates: {len(want)} openpyxl date cells imported as written")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--write")
    parser.add_argument("--1904", dest="mac_1904", action="store_true")
    parser.add_argument("--check")
    args = parser.parse_args()
    if args.write:
        write(args.write, args.mac_1904)
    if args.check:
        check(args.check, args.mac_1904)


if __name__ == "__main__":
    main()
